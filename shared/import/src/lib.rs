//! Reads receivables ledgers (xlsx, xlsm, xls, xlsb, ods, csv) into the core's Ledger: bytes in, values out.
//!
//! Exports come as accounting packages write them: title rows above the header, subtotal and total rows,
//! Dutch, French, English or German headers, dates as cells, serials or text, amounts with decimal commas
//! and currency signs. Every row that cannot be used becomes an issue naming its sheet, row and column;
//! a file that cannot be read at all is one [`ImportError`].
#![warn(missing_docs)]

mod csv_grid;
mod customer_sheet;
mod error;
mod grid;
mod header;
mod ledger_sheet;
mod limits;
mod sniff;
mod values;

pub use error::ImportError;
pub use limits::Limits;
pub use sniff::Format;

use crate::grid::Grid;
use crate::header::{find_header, Header, HEADER_SEARCH_ROWS};
use crate::ledger_sheet::{read_ledger_sheet, SheetContext};
use credit_core::issue::{Issue, IssueKind, Severity};
use credit_core::lang::Lang;
use credit_core::ledger::{Ledger, Source};
use std::collections::HashMap;

/// What the caller knows before reading.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The user's language, when known; it only breaks ties (e.g. d/m against m/d dates).
    pub lang: Option<Lang>,
    /// Payment terms assumed for rows with an invoice date but no due date, when the customers sheet
    /// gives none (the policy's `default_terms_days`).
    pub default_terms_days: u32,
    /// What the importer accepts.
    pub limits: Limits,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            lang: None,
            default_terms_days: 30,
            limits: Limits::default(),
        }
    }
}

/// Reads a ledger file; the format is taken from the content.
pub fn read_ledger(bytes: &[u8], file_name: &str, options: &ImportOptions) -> Result<Ledger, ImportError> {
    let file_name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let limits = &options.limits;
    if bytes.len() > limits.max_file_bytes {
        return Err(ImportError::TooLarge {
            file_name: file_name.to_owned(),
            bytes: bytes.len(),
            limit: limits.max_file_bytes,
        });
    }
    let format = sniff::sniff(bytes, file_name)?;
    if matches!(format, Format::Xlsx | Format::Xlsb | Format::Ods) {
        limits::check_zip(bytes, file_name, limits)?;
    }
    let grids = match format {
        Format::Csv => vec![csv_grid::read_csv(bytes, file_name, limits)?],
        _ => grid::read_workbook(bytes, format, file_name, limits)?,
    };
    if grids.iter().all(|grid| grid.rows.is_empty()) {
        return Err(ImportError::Empty {
            file_name: file_name.to_owned(),
        });
    }
    assemble(grids, file_name, format, options)
}

fn assemble(grids: Vec<Grid>, file_name: &str, format: Format, options: &ImportOptions) -> Result<Ledger, ImportError> {
    let headed: Vec<(Grid, Option<Header>)> = grids
        .into_iter()
        .map(|grid| {
            let header = find_header(&grid.rows);
            (grid, header)
        })
        .collect();
    let header_lang = vote(
        headed
            .iter()
            .filter_map(|(_, header)| header.as_ref())
            .filter(|h| h.is_ledger())
            .filter_map(|h| h.language.map(Lang::code)),
    )
    .and_then(|code| code.parse::<Lang>().ok());
    let lang = header_lang.or(options.lang);

    let mut ledger = Ledger::default();
    for (grid, header) in &headed {
        if let Some(header) = header.as_ref().filter(|header| header.is_customer_list()) {
            let (records, issues) = customer_sheet::read_customer_sheet(grid, header, lang);
            ledger.customers.extend(records);
            ledger.issues.extend(issues);
        }
    }
    let terms: HashMap<String, u32> = ledger
        .customers
        .iter()
        .filter_map(|customer| customer.payment_terms_days.map(|days| (customer.id.clone(), days)))
        .collect();

    let mut currency_signs: HashMap<&'static str, usize> = HashMap::new();
    let mut found = Vec::new();
    for (grid, header) in headed {
        match header {
            Some(header) if header.is_ledger() => {
                let Ok(sheet_index) = u16::try_from(ledger.sheets.len()) else {
                    break;
                };
                let context = SheetContext {
                    sheet_index,
                    lang: header.language.or(lang),
                    terms: &terms,
                    default_terms_days: options.default_terms_days,
                };
                let read = read_ledger_sheet(grid, &header, &context);
                ledger.entries.extend(read.entries);
                ledger.issues.extend(read.issues);
                ledger.sheets.push(read.table);
                for (sign, count) in read.currency_signs {
                    *currency_signs.entry(sign).or_default() += count;
                }
            }
            Some(header) if header.is_customer_list() => {}
            header => {
                found.push(match &header {
                    Some(header) if !header.columns.is_empty() => {
                        format!("{} #{}: {}", grid.name, header.number, header.describe())
                    }
                    _ => format!("{}: -", grid.name),
                });
                if !grid.rows.is_empty() {
                    ledger.issues.push(Issue {
                        severity: Severity::Info,
                        sheet: Some(grid.name.clone()),
                        row: None,
                        column: None,
                        kind: IssueKind::SheetSkipped,
                    });
                }
            }
        }
    }
    if ledger.sheets.is_empty() {
        return Err(ImportError::NoLedgerSheet {
            file_name: file_name.to_owned(),
            searched_rows: HEADER_SEARCH_ROWS as usize,
            found,
        });
    }

    let currency = vote(ledger.entries.iter().filter_map(|entry| entry.currency.clone())).or_else(|| {
        currency_signs
            .into_iter()
            .max_by_key(|(sign, count)| (*count, *sign))
            .map(|(sign, _)| sign.to_owned())
    });
    if let Some(currency) = &currency {
        leave_out_other_currencies(&mut ledger, currency);
    }
    ledger.source = Source {
        file_name: file_name.to_owned(),
        format: format.name().to_owned(),
        language: header_lang,
        currency,
        rows_read: ledger.sheets.iter().map(|sheet| sheet.rows.len()).sum(),
    };
    Ok(ledger)
}

/// Rows in another currency than the ledger's cannot be added to it; they are reported, not converted.
fn leave_out_other_currencies(ledger: &mut Ledger, currency: &str) {
    let sheets = &ledger.sheets;
    let issues = &mut ledger.issues;
    ledger.entries.retain(|entry| match &entry.currency {
        Some(other) if other != currency => {
            let sheet = sheets
                .get(usize::from(entry.at.sheet))
                .map(|s| s.name.as_str())
                .unwrap_or_default();
            issues.push(Issue::at_row(
                Severity::Warning,
                sheet,
                entry.at.row,
                None,
                IssueKind::OtherCurrency {
                    currency: other.clone(),
                    ledger_currency: currency.to_owned(),
                },
            ));
            false
        }
        _ => true,
    });
}

/// The most frequent value (ties to the smallest, so the result does not depend on hashing).
fn vote<T: Ord + Clone + std::hash::Hash>(values: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: HashMap<T, usize> = HashMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|(a, count_a), (b, count_b)| count_a.cmp(count_b).then_with(|| b.cmp(a)))
        .map(|(value, _)| value)
}
