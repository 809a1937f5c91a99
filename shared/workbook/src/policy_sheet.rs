//! The settings the analysis used, so that every figure can be traced to its rule.

use crate::formats::Formats;
use crate::labels::{t, SheetNames};
use credit_core::analysis::Analysis;
use rust_xlsxwriter::{Worksheet, XlsxError};

pub fn write(
    sheet: &mut Worksheet,
    analysis: &Analysis,
    formats: &Formats,
    names: &SheetNames,
) -> Result<(), XlsxError> {
    let lang = analysis.language;
    sheet.set_name(names.policy)?;
    sheet.write_string_with_format(0, 0, t(lang, "Instelling", "Paramètre", "Setting"), &formats.header)?;
    sheet.write_string_with_format(0, 1, t(lang, "Waarde", "Valeur", "Value"), &formats.header)?;
    let mut section = String::new();
    for (row, line) in (1u32..).zip(
        analysis
            .policy
            .to_toml()
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty()),
    ) {
        if line.starts_with('[') {
            section = line.trim_matches(['[', ']']).to_owned();
            sheet.write_string_with_format(row, 0, &section, &formats.subtitle)?;
        } else if let Some((key, value)) = line.split_once('=') {
            let key = if section.is_empty() {
                key.trim().to_owned()
            } else {
                format!("{section}.{}", key.trim())
            };
            sheet.write_string(row, 0, key)?;
            sheet.write_string(row, 1, value.trim())?;
        } else {
            sheet.write_string(row, 0, line)?;
        }
    }
    sheet.set_column_width(0, 44)?.set_column_width(1, 60)?;
    Ok(())
}
