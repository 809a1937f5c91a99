//! Writes the annotated workbook (rust_xlsxwriter) from an analysis: values in, bytes out.
//!
//! What a small business owner opens: a summary with the headline figures and charts, their own ledger
//! rows with days overdue, bucket, class, expected payment date and next action beside each, the
//! customers with scores and reasons, today's worklist, what was left out of the file, and the policy.
#![warn(missing_docs)]

mod actions;
mod customers;
// Public so that the monthly review can share the look; their items are named for what they are.
#[allow(missing_docs)]
pub mod formats;
#[allow(missing_docs)]
pub mod labels;
mod ledger_sheet;
mod policy_sheet;
mod quality;
mod summary;

use credit_core::analysis::Analysis;
use credit_core::ledger::Ledger;
use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};

/// Ledgers above this many rows are zipped for speed rather than size.
const FAST_ZIP_ROWS: usize = 20_000;

/// A workbook that could not be written (a bug or a resource limit, never the user's input).
#[derive(Debug, thiserror::Error)]
#[error("could not write the workbook: {0}")]
pub struct WorkbookError(String);

impl From<XlsxError> for WorkbookError {
    fn from(error: XlsxError) -> Self {
        WorkbookError(error.to_string())
    }
}

/// Writes the annotated workbook in `analysis.language`: the ledger's own rows with annotations,
/// the summary, customers, actions, data quality and policy sheets.
pub fn write_workbook(analysis: &Analysis, ledger: &Ledger) -> Result<Vec<u8>, WorkbookError> {
    let lang = analysis.language;
    let formats = formats::Formats::new(lang, &analysis.currency);
    let names = labels::sheet_names(lang);
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(labels::t(
                lang,
                "Kredietbeheer",
                "Gestion du crédit",
                "Credit management",
            ))
            .set_comment(&analysis.source.file_name),
    );
    // Sheet order is what the user meets: the summary first. Its formulas point at the customers sheet,
    // which is written second so that every reference exists.
    summary::write(workbook.add_worksheet(), analysis, &formats, &names)?;
    customers::write(workbook.add_worksheet(), analysis, &formats, &names)?;
    actions::write(workbook.add_worksheet(), analysis, &formats, &names)?;
    for (index, table) in ledger.sheets.iter().enumerate() {
        let name = if index == 0 {
            names.ledger.to_owned()
        } else {
            format!("{} {}", names.ledger, index + 1)
        };
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        ledger_sheet::write(sheet, &name, index, table, &ledger.entries, analysis, &formats)?;
    }
    quality::write(workbook.add_worksheet(), analysis, &formats, &names)?;
    policy_sheet::write(workbook.add_worksheet(), analysis, &formats, &names)?;
    // Compressing the ledger's XML is the largest single cost of a big workbook (15% of a 100k-row run at
    // the default level 6); level 1 is several times faster for a file about a quarter larger.
    let rows: usize = ledger.sheets.iter().map(|sheet| sheet.rows.len()).sum();
    if rows > FAST_ZIP_ROWS {
        workbook.set_zip_compression_level(1);
    }
    Ok(workbook.save_to_buffer()?)
}
