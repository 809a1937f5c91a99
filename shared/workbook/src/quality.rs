//! Every row that was left out or doubted, with its place in the file and the reason.

use crate::formats::Formats;
use crate::labels::{t, SheetNames};
use credit_core::analysis::Analysis;
use credit_core::issue::Severity;
use rust_xlsxwriter::{Worksheet, XlsxError};

pub fn write(
    sheet: &mut Worksheet,
    analysis: &Analysis,
    formats: &Formats,
    names: &SheetNames,
) -> Result<(), XlsxError> {
    let lang = analysis.language;
    sheet.set_name(names.quality)?;
    let headers = [
        t(lang, "Ernst", "Gravité", "Severity"),
        t(lang, "Blad", "Feuille", "Sheet"),
        t(lang, "Rij", "Ligne", "Row"),
        t(lang, "Kolom", "Colonne", "Column"),
        t(lang, "Melding", "Message", "Message"),
        t(lang, "Code", "Code", "Code"),
    ];
    for (column, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *header, &formats.header)?;
    }
    for (index, issue) in analysis.issues.iter().enumerate() {
        let row = index as u32 + 1;
        let severity = match issue.severity {
            Severity::Info => t(lang, "info", "info", "info"),
            Severity::Warning => t(lang, "waarschuwing", "avertissement", "warning"),
            Severity::Error => t(lang, "fout", "erreur", "error"),
        };
        let format = if issue.severity >= Severity::Warning {
            &formats.bad
        } else {
            &formats.wrap
        };
        sheet.write_string_with_format(row, 0, severity, format)?;
        sheet.write_string(row, 1, issue.sheet.as_deref().unwrap_or_default())?;
        if let Some(number) = issue.row {
            sheet.write_number(row, 2, f64::from(number))?;
        }
        sheet.write_string(row, 3, issue.column.as_deref().unwrap_or_default())?;
        sheet.write_string_with_format(row, 4, &issue.message, &formats.wrap)?;
        sheet.write_string(row, 5, &issue.code)?;
    }
    if analysis.issues.is_empty() {
        sheet.write_string(
            1,
            4,
            t(
                lang,
                "Elke rij werd gelezen.",
                "Toutes les lignes ont été lues.",
                "Every row was read.",
            ),
        )?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, analysis.issues.len().max(1) as u32, 5)?;
    for (column, width) in [14, 20, 8, 20, 90, 20].iter().enumerate() {
        sheet.set_column_width(column as u16, *width)?;
    }
    sheet
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;
    Ok(())
}
