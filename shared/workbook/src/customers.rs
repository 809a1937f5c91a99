//! One row per customer: balances, buckets, score and class with their reasons, recommended terms.

use crate::formats::{wrapped_row_height, Formats};
use crate::labels::{self, t, SheetNames};
use credit_core::analysis::{Analysis, Confidence};
use credit_core::lang::Lang;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Formula, Note, Worksheet, XlsxError};

fn money(value: Decimal) -> f64 {
    value.to_f64().unwrap_or_default()
}

fn confidence(lang: Lang, confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::Low => t(lang, "laag", "faible", "low"),
        Confidence::Medium => t(lang, "middel", "moyenne", "medium"),
        Confidence::High => t(lang, "hoog", "élevée", "high"),
    }
}

/// A1-style column letters for a 0-based index.
pub fn column_name(index: u16) -> String {
    let mut index = u32::from(index) + 1;
    let mut letters = Vec::new();
    while index > 0 {
        letters.push(b'A' + ((index - 1) % 26) as u8);
        index = (index - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The next action with its date ("Incassobureau (31-10-2026)"), and the reasons, which wrap.
const NEXT_ACTION_WIDTH: f64 = 52.0;
const REASONS_WIDTH: f64 = 70.0;

pub fn write(
    sheet: &mut Worksheet,
    analysis: &Analysis,
    formats: &Formats,
    names: &SheetNames,
) -> Result<(), XlsxError> {
    let lang = analysis.language;
    sheet.set_name(names.customers)?;
    let bucket_labels: Vec<String> = analysis
        .totals
        .buckets
        .iter()
        .map(|(label, _)| labels::bucket(lang, label))
        .collect();
    let mut headers: Vec<String> = vec![
        t(lang, "Klantnr.", "Code client", "Customer ID").into(),
        t(lang, "Naam", "Nom", "Name").into(),
        t(lang, "Openstaand", "Encours", "Open").into(),
        t(lang, "Vervallen", "Échu", "Overdue").into(),
        t(lang, "Posten", "Pièces", "Items").into(),
        t(lang, "Max. dagen vervallen", "Retard max. (jours)", "Max days overdue").into(),
    ];
    let first_bucket = headers.len() as u16;
    headers.extend(bucket_labels);
    headers.extend(
        [
            t(lang, "Score", "Score", "Score"),
            t(lang, "Klasse", "Classe", "Class"),
            t(lang, "Betrouwbaarheid", "Fiabilité", "Confidence"),
            t(lang, "Segment", "Segment", "Segment"),
            t(
                lang,
                "Aanbevolen termijn (dagen)",
                "Délai recommandé (jours)",
                "Recommended terms (days)",
            ),
            t(
                lang,
                "Aanbevolen kredietlimiet",
                "Limite de crédit recommandée",
                "Recommended credit limit",
            ),
            t(
                lang,
                "Blokkeert nieuwe orders",
                "Bloque les nouvelles commandes",
                "Blocks new orders",
            ),
            t(lang, "Korting contante betaling", "Escompte", "Early-payment discount"),
            t(lang, "Voorschot %", "Acompte %", "Deposit %"),
            t(lang, "Volgende actie", "Prochaine action", "Next action"),
            t(lang, "Redenen", "Raisons", "Reasons"),
        ]
        .map(String::from),
    );
    for (column, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, header, &formats.header)?;
    }
    let score_column = first_bucket + analysis.totals.buckets.iter().count() as u16;
    let segment_names: std::collections::HashMap<&str, &str> = analysis
        .segments
        .iter()
        .map(|segment| (segment.key.as_str(), segment.name.as_str()))
        .collect();

    for (index, customer) in analysis.customers.iter().enumerate() {
        let row = index as u32 + 1;
        sheet.write_string_with_format(row, 0, &customer.id, &formats.top)?;
        sheet.write_string_with_format(row, 1, customer.name.as_deref().unwrap_or_default(), &formats.top)?;
        sheet.write_number_with_format(row, 2, money(customer.open), &formats.money)?;
        sheet.write_number_with_format(row, 3, money(customer.overdue), &formats.money)?;
        sheet.write_number_with_format(row, 4, customer.items as f64, &formats.top)?;
        sheet.write_number_with_format(row, 5, customer.max_days_overdue as f64, &formats.top)?;
        for (offset, (_, amount)) in customer.buckets.iter().enumerate() {
            sheet.write_number_with_format(row, first_bucket + offset as u16, money(amount), &formats.money)?;
        }
        let mut column = score_column;
        if let Some(score) = customer.score {
            sheet.write_number_with_format(row, column, f64::from(score), &formats.top)?;
            if !customer.reasons.is_empty() {
                // Without the author's name as its first line ("Author:"), which would say nothing.
                let note = Note::new(customer.reasons.join("\n"))
                    .add_author_prefix(false)
                    .set_width(360)
                    .set_height(140);
                sheet.insert_note(row, column, &note)?;
            }
        }
        column += 1;
        if let Some(class) = customer.risk_class {
            sheet.write_string_with_format(row, column, labels::class(class), &formats.top)?;
        }
        column += 1;
        if let Some(level) = customer.confidence {
            sheet.write_string_with_format(row, column, confidence(lang, level), &formats.top)?;
        }
        column += 1;
        if let Some(segment) = &customer.segment {
            sheet.write_string_with_format(
                row,
                column,
                segment_names.get(segment.as_str()).copied().unwrap_or(segment),
                &formats.top,
            )?;
        }
        column += 1;
        if let Some(recommended) = &customer.recommended {
            sheet.write_number_with_format(row, column, f64::from(recommended.payment_terms_days), &formats.top)?;
            sheet.write_number_with_format(row, column + 1, money(recommended.credit_limit), &formats.money)?;
            if recommended.blocks_new_orders {
                sheet.write_string_with_format(row, column + 2, t(lang, "ja", "oui", "yes"), &formats.bad)?;
            }
            if let Some(discount) = &recommended.early_payment_discount {
                sheet.write_string(
                    row,
                    column + 3,
                    format!(
                        "{}% / {} {}",
                        discount.percent.normalize(),
                        discount.within_days,
                        t(lang, "d", "j", "d")
                    ),
                )?;
            }
            if !recommended.deposit_percent.is_zero() {
                sheet.write_number_with_format(row, column + 4, money(recommended.deposit_percent), &formats.top)?;
            }
        }
        column += 5;
        if let Some(action) = &customer.next_action {
            let on = action.on.format(lang.pick("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"));
            sheet.write_string_with_format(
                row,
                column,
                format!("{} ({on})", labels::action(lang, action.kind)),
                &formats.top,
            )?;
        }
        let reasons = customer.reasons.join(" ");
        sheet.set_row_height(row, wrapped_row_height(reasons.chars().count(), REASONS_WIDTH))?;
        sheet.write_string_with_format(row, column + 1, reasons, &formats.wrap)?;
    }

    // Totals that stay right under a filter, with cached results for viewers that do not recalculate.
    let last = analysis.customers.len() as u32;
    let total_row = last + 1;
    sheet.write_string_with_format(
        total_row,
        1,
        t(
            lang,
            "Totaal (zichtbare rijen)",
            "Total (lignes visibles)",
            "Total (visible rows)",
        ),
        &formats.bold,
    )?;
    let mut totals: Vec<(u16, Decimal)> = vec![(2, analysis.totals.open), (3, analysis.totals.overdue)];
    for (offset, (_, amount)) in analysis.totals.buckets.iter().enumerate() {
        totals.push((first_bucket + offset as u16, amount));
    }
    for (column, amount) in totals {
        let letter = column_name(column);
        let formula = Formula::new(format!("=SUBTOTAL(109,{letter}2:{letter}{})", last.max(1) + 1))
            .set_result(money(amount).to_string());
        sheet.write_formula_with_format(total_row, column, formula, &formats.money_total)?;
    }

    sheet.set_freeze_panes(1, 2)?;
    sheet.autofilter(0, 0, last.max(1), headers.len() as u16 - 1)?;
    sheet.set_column_width(0, 14)?.set_column_width(1, 30)?;
    // Each figure's column is wide enough for the longest word of its header ("Betrouwbaarheid"),
    // which wraps over at most three lines.
    for (column, header) in headers.iter().enumerate().take(headers.len() - 2).skip(2) {
        let longest_word = header
            .split_whitespace()
            .map(|word| word.chars().count())
            .max()
            .unwrap_or(0);
        sheet.set_column_width(column as u16, (longest_word as f64 + 3.0).max(14.0))?;
    }
    sheet.set_column_width(headers.len() as u16 - 2, NEXT_ACTION_WIDTH)?;
    sheet.set_column_width(headers.len() as u16 - 1, REASONS_WIDTH)?;
    sheet.set_row_height(0, 45)?;
    // Some twenty columns do not fit one page at a size anyone can read: two pages wide, with the
    // customer's number and name repeated on the second.
    sheet
        .set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(2, 0)
        .set_repeat_rows(0, 0)?
        .set_repeat_columns(0, 1)?;
    Ok(())
}
