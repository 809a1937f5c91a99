//! The user's own ledger rows as read, with the annotations beside them.
//!
//! Written in constant-memory mode: a million-row ledger streams to disk row by row.

use crate::formats::{overdue_grades, Formats};
use crate::labels::{self, t};
use credit_core::analysis::{Analysis, CustomerAnalysis, OpenItem};
use credit_core::ledger::{Cell, Entry, SheetTable};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{ConditionalFormatCell, ConditionalFormatCellRule, Format, Worksheet, XlsxError};
use std::collections::HashMap;

pub fn write(
    sheet: &mut Worksheet,
    name: &str,
    sheet_index: usize,
    table: &SheetTable,
    entries: &[Entry],
    analysis: &Analysis,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let lang = analysis.language;
    sheet.set_name(name)?;
    let open_items: HashMap<u32, &OpenItem> = analysis
        .open_items
        .iter()
        .filter(|item| item.sheet == table.name)
        .map(|item| (item.row, item))
        .collect();
    let customer_of_row: HashMap<u32, &str> = entries
        .iter()
        .filter(|entry| usize::from(entry.at.sheet) == sheet_index)
        .map(|entry| (entry.at.row, entry.customer_id.as_str()))
        .collect();
    let customers: HashMap<&str, &CustomerAnalysis> = analysis
        .customers
        .iter()
        .map(|customer| (customer.id.as_str(), customer))
        .collect();
    let money = money_columns(table);

    let width = table.headers.len() as u16;
    let annotations = [
        t(lang, "Dagen vervallen", "Jours de retard", "Days overdue"),
        t(lang, "Ouderdom", "Ancienneté", "Age bucket"),
        t(lang, "Klasse klant", "Classe client", "Customer class"),
        t(
            lang,
            "Verwachte betaaldatum",
            "Date de paiement attendue",
            "Expected payment date",
        ),
        t(lang, "Volgende actie", "Prochaine action", "Next action"),
    ];
    // Money and date columns carry their format as the column's, and their cells are written without
    // one: rust_xlsxwriter hashes a cell's whole Format to find its style, which was 7% of a big ledger's
    // run, while an unformatted cell takes its column's style when the row is flushed. A cell unlike its
    // column (a date in a money column, a plain number in a date column) still gets its own format.
    let dates = date_columns(table, &money);
    let plain = Format::new().set_num_format("General");
    for (column, (is_money, is_date)) in money.iter().zip(&dates).enumerate() {
        if *is_money {
            sheet.set_column_format(column as u16, &formats.money)?;
        } else if *is_date {
            sheet.set_column_format(column as u16, &formats.date)?;
        }
    }
    let expected_date_column = width + 3;
    sheet.set_column_format(expected_date_column, &formats.date)?;
    for (column, header) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, header, &formats.header)?;
    }
    for (offset, header) in annotations.iter().enumerate() {
        sheet.write_string_with_format(0, width + offset as u16, *header, &formats.header)?;
    }
    for (index, source_row) in table.rows.iter().enumerate() {
        let row = index as u32 + 1;
        for (column, cell) in source_row.cells.iter().enumerate() {
            let column = column as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(text) | Cell::Error(text) => {
                    // Text is always written as text: "=HYPERLINK(...)" in a name must never become a formula.
                    sheet.write_string(row, column, text)?;
                }
                Cell::Number(number) => {
                    let value = number.to_f64().unwrap_or_default();
                    if dates[usize::from(column)] {
                        sheet.write_number_with_format(row, column, value, &plain)?;
                    } else {
                        sheet.write_number(row, column, value)?;
                    }
                }
                Cell::Date(date) => {
                    if dates[usize::from(column)] {
                        sheet.write_datetime(row, column, *date)?;
                    } else {
                        sheet.write_date_with_format(row, column, *date, &formats.date)?;
                    }
                }
                Cell::Bool(value) => {
                    sheet.write_boolean(row, column, *value)?;
                }
            }
        }
        if let Some(item) = open_items.get(&source_row.row) {
            sheet.write_number(row, width, item.days_overdue as f64)?;
            sheet.write_string(row, width + 1, labels::bucket(lang, &item.bucket))?;
            if let Some(date) = item.expected_payment_date {
                sheet.write_datetime(row, expected_date_column, date)?;
            }
        }
        if let Some(customer) = customer_of_row.get(&source_row.row).and_then(|id| customers.get(id)) {
            if let Some(class) = customer.risk_class {
                sheet.write_string(row, width + 2, labels::class(class))?;
            }
            if let (Some(action), true) = (&customer.next_action, open_items.contains_key(&source_row.row)) {
                sheet.write_string(row, width + 4, labels::action(lang, action.kind))?;
            }
        }
    }

    let last = (table.rows.len() as u32).max(1);
    let days_column = width;
    // The days overdue are coloured by the policy's own buckets, the ones the bucket column and every
    // total use, darker as the bucket is older.
    let rules = overdue_bucket_rules(analysis.policy.buckets.bounds());
    let grades = overdue_grades(rules.len());
    for (rule, format) in rules.into_iter().zip(grades) {
        let conditional = ConditionalFormatCell::new().set_rule(rule).set_format(format);
        sheet.add_conditional_format(1, days_column, last, days_column, &conditional)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last, width + annotations.len() as u16 - 1)?;
    for (column, chars) in column_widths(table, &money).into_iter().enumerate() {
        sheet.set_column_width(column as u16, chars)?;
    }
    // The bucket and the next action are our own labels: their columns fit the longest of them.
    let longest_bucket = analysis
        .totals
        .buckets
        .iter()
        .map(|(label, _)| labels::bucket(lang, label).chars().count())
        .max()
        .unwrap_or(0);
    let longest_action = labels::ALL_ACTIONS
        .iter()
        .map(|kind| labels::action(lang, *kind).chars().count())
        .max()
        .unwrap_or(0);
    for (offset, header) in annotations.iter().enumerate() {
        let content = match offset {
            1 => longest_bucket,
            4 => longest_action,
            _ => 0,
        };
        let chars = header.chars().count().max(content) as f64 + 2.0;
        sheet.set_column_width(width + offset as u16, chars.max(12.0))?;
    }
    sheet
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;
    Ok(())
}

/// One rule per overdue bucket of the policy, youngest first: bounds `[30, 60]` give 1-30, 31-60 and
/// more than 60 days.
fn overdue_bucket_rules(bounds: &[u32]) -> Vec<ConditionalFormatCellRule<u32>> {
    let mut rules = Vec::with_capacity(bounds.len() + 1);
    let mut lower = 1;
    for &upper in bounds {
        rules.push(ConditionalFormatCellRule::Between(lower, upper));
        lower = upper + 1;
    }
    if let Some(&oldest) = bounds.last() {
        rules.push(ConditionalFormatCellRule::GreaterThan(oldest));
    }
    rules
}

/// Rows looked at to size the columns: enough to see the names and descriptions, a fixed cost however
/// long the ledger.
const WIDTH_SAMPLE_ROWS: usize = 500;

/// Each source column as wide as its header or its widest value among the first rows, within 10-50
/// characters: a name or description cut after twelve letters is what the user would widen by hand.
fn column_widths(table: &SheetTable, money: &[bool]) -> Vec<f64> {
    let mut widths: Vec<usize> = table.headers.iter().map(|header| header.chars().count()).collect();
    for row in table.rows.iter().take(WIDTH_SAMPLE_ROWS) {
        for (cell, width) in row.cells.iter().zip(widths.iter_mut()) {
            let chars = match cell {
                Cell::Text(text) | Cell::Error(text) => text.chars().count(),
                Cell::Date(_) => 10,
                // "€ 12.345,67": the digits of a typical amount with its symbol and separators.
                Cell::Number(_) => 10,
                Cell::Empty | Cell::Bool(_) => 0,
            };
            *width = (*width).max(chars);
        }
    }
    widths
        .into_iter()
        .zip(money)
        .map(|(chars, money)| {
            let chars = if *money { chars.max(12) } else { chars };
            chars.clamp(10, 50) as f64 + 2.0
        })
        .collect()
}

/// Per source column, whether it is a column of dates: not money, with dates and no numbers among the
/// first rows. Only a matter of speed: a date elsewhere is written with its own format.
fn date_columns(table: &SheetTable, money: &[bool]) -> Vec<bool> {
    let mut dates = vec![None; money.len()];
    for row in table.rows.iter().take(WIDTH_SAMPLE_ROWS) {
        for (cell, seen) in row.cells.iter().zip(dates.iter_mut()) {
            match cell {
                Cell::Date(_) if seen.is_none() => *seen = Some(true),
                Cell::Number(_) => *seen = Some(false),
                _ => {}
            }
        }
    }
    dates
        .into_iter()
        .zip(money)
        .map(|(seen, money)| seen == Some(true) && !money)
        .collect()
}

/// Per source column, whether the importer read it as money: those are shown with the currency format,
/// every other number as it is. Guessing from the values would take a VAT rate of 0.21 for an amount
/// and leave a column of whole euros without its currency.
fn money_columns(table: &SheetTable) -> Vec<bool> {
    let width = table
        .rows
        .iter()
        .map(|row| row.cells.len())
        .chain([table.headers.len()])
        .max()
        .unwrap_or(0);
    let mut money = vec![false; width];
    for &column in &table.money_columns {
        if let Some(flag) = money.get_mut(column) {
            *flag = true;
        }
    }
    money
}
