//! Structure-aware: the fuzzer's bytes choose a ledger (title rows, a header made of real synonyms or
//! free text, typed cells: texts, numbers, date cells, booleans, formulas with cached results), which
//! is written as a real xlsx (rust_xlsxwriter) and as a csv, read back, and analysed. Random bytes
//! rarely get past a zip directory; this target spends its time in the header, date and amount logic
//! and in the analysis of whatever the importer let through.
#![no_main]

mod common;

use arbitrary::Arbitrary;
use chrono::NaiveDate;
use credit_core::analyze::{analyze, AnalysisOptions};
use credit_core::policy::Policy;
use rust_xlsxwriter::{Format, Formula, Workbook};

const HEADERS: [&str; 40] = [
    "Klant", "Klantnr", "Naam", "Debiteur", "Customer", "Customer ID", "Client", "Nom", "Factuurnr",
    "Invoice", "N° facture", "Document", "Factuurdatum", "Invoice date", "Date", "Datum", "Vervaldatum",
    "Due date", "Échéance", "Fällig", "Bedrag", "Amount", "Montant", "Betrag", "Openstaand", "Open",
    "Solde", "Paid", "Betaald", "Paid date", "Betaaldatum", "Valuta", "Currency", "Disputed", "Betwist",
    "Soort", "Type", "Terms", "Betalingstermijn", "Totaal",
];

#[derive(Arbitrary, Debug)]
enum Head {
    Known(u8),
    Free(String),
}

#[derive(Arbitrary, Debug)]
enum FuzzCell {
    Empty,
    Text(String),
    Number(f64),
    Whole(i32),
    /// Days from 2026-01-01, written as a date cell.
    Date(i16),
    /// A date as text in one of the formats exports use.
    TextDate(i16, u8),
    Bool(bool),
    Formula(String, String),
}

#[derive(Arbitrary, Debug)]
struct Input {
    sheet_name: String,
    title_rows: u8,
    header: Vec<Head>,
    rows: Vec<Vec<FuzzCell>>,
    semicolons: bool,
}

fn header_text(head: &Head) -> String {
    match head {
        Head::Known(index) => HEADERS[usize::from(*index) % HEADERS.len()].to_owned(),
        Head::Free(text) => text.clone(),
    }
}

fn day(offset: i16) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2026, 1, 1)?.checked_add_signed(chrono::Duration::days(i64::from(offset)))
}

fn text_date(offset: i16, style: u8) -> String {
    let Some(date) = day(offset) else { return String::new() };
    let pattern = match style % 6 {
        0 => "%d-%m-%Y",
        1 => "%d/%m/%Y",
        2 => "%Y-%m-%d",
        3 => "%m/%d/%Y",
        4 => "%d.%m.%y",
        _ => "%e %B %Y",
    };
    date.format(pattern).to_string()
}

fn cell_text(cell: &FuzzCell) -> String {
    match cell {
        FuzzCell::Empty => String::new(),
        FuzzCell::Text(text) | FuzzCell::Formula(_, text) => text.clone(),
        FuzzCell::Number(value) => value.to_string(),
        FuzzCell::Whole(value) => value.to_string(),
        FuzzCell::Date(offset) => text_date(*offset, 0),
        FuzzCell::TextDate(offset, style) => text_date(*offset, *style),
        FuzzCell::Bool(value) => value.to_string(),
    }
}

fn xlsx(input: &Input) -> Option<Vec<u8>> {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let sheet = workbook.add_worksheet();
    let _ = sheet.set_name(&input.sheet_name);
    let top = u32::from(input.title_rows % 4);
    for (column, head) in input.header.iter().take(12).enumerate() {
        sheet.write_string(top, column as u16, header_text(head)).ok()?;
    }
    for (index, row) in input.rows.iter().take(40).enumerate() {
        let number = top + 1 + index as u32;
        for (column, cell) in row.iter().take(12).enumerate() {
            let column = column as u16;
            let _ = match cell {
                FuzzCell::Empty => continue,
                FuzzCell::Text(text) => sheet.write_string(number, column, text).map(|_| ()),
                FuzzCell::Number(value) => sheet.write_number(number, column, *value).map(|_| ()),
                FuzzCell::Whole(value) => sheet.write_number(number, column, f64::from(*value)).map(|_| ()),
                FuzzCell::Date(offset) => {
                    let serial = 46023.0 + f64::from(*offset);
                    sheet.write_number_with_format(number, column, serial, &date).map(|_| ())
                }
                FuzzCell::TextDate(offset, style) => {
                    sheet.write_string(number, column, text_date(*offset, *style)).map(|_| ())
                }
                FuzzCell::Bool(value) => sheet.write_boolean(number, column, *value).map(|_| ()),
                FuzzCell::Formula(formula, result) => sheet
                    .write_formula(number, column, Formula::new(formula).set_result(result))
                    .map(|_| ()),
            };
        }
    }
    workbook.save_to_buffer().ok()
}

fn csv(input: &Input) -> Vec<u8> {
    let delimiter = if input.semicolons { ';' } else { ',' };
    let quote = |field: String| {
        if field.contains([delimiter, '"', '\n', '\r']) {
            format!("\"{}\"", field.replace('"', "\"\""))
        } else {
            field
        }
    };
    let mut out = String::new();
    for _ in 0..input.title_rows % 4 {
        out.push_str("Report\r\n");
    }
    let header: Vec<String> = input.header.iter().take(12).map(|head| quote(header_text(head))).collect();
    out.push_str(&header.join(&delimiter.to_string()));
    out.push_str("\r\n");
    for row in input.rows.iter().take(40) {
        let cells: Vec<String> = row.iter().take(12).map(|cell| quote(cell_text(cell))).collect();
        out.push_str(&cells.join(&delimiter.to_string()));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn analyse(ledger: &credit_core::ledger::Ledger) {
    let Some(as_of) = NaiveDate::from_ymd_opt(2026, 10, 31) else { return };
    let options = AnalysisOptions {
        as_of,
        lang: None,
        policy: Policy::default(),
    };
    let _ = analyze(ledger, &options);
}

libfuzzer_sys::fuzz_target!(|input: Input| {
    if let Some(bytes) = xlsx(&input) {
        if let Some(ledger) = common::check(&bytes, "cells.xlsx") {
            analyse(&ledger);
        }
    }
    if let Some(ledger) = common::check(&csv(&input), "cells.csv") {
        analyse(&ledger);
    }
});
