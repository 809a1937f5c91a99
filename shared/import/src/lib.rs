//! Reads receivables ledgers (xlsx, xlsm, xls, xlsb, ods, csv) into the core's Ledger: bytes in, values out.
//!
//! Exports come as accounting packages write them: title rows above the header, subtotal and total rows,
//! Dutch, French, English or German headers, dates as cells, serials or text, amounts with decimal commas
//! and currency signs. Every row that cannot be used becomes an issue naming its sheet, row and column;
//! a file that cannot be read at all is one [`ImportError`], and so is a file that passes one of the
//! [`Limits`], checked before the work they guard.
//!
//! The path of a file through the modules: [`sniff`](Format) tells the format from the bytes;
//! `limits`, `ods_guard`, `xls_guard` and `xlsx_guard` measure it; `workbook` (calamine) or `csv_grid`
//! turn it into grids of cells; `header` (with `synonyms`) finds each sheet's header row; `ledger_sheet`
//! reads the rows, with `rows` (totals, sections), `dates`, `amounts` and `words` for the cells;
//! `customer_sheet` reads the optional customer master data.
#![warn(missing_docs)]

mod amounts;
mod csv_grid;
mod csv_width;
mod customer_sheet;
mod dates;
mod error;
mod file_name;
mod grid;
mod header;
mod ledger_sheet;
mod limits;
mod ods_guard;
mod rows;
mod sniff;
mod synonyms;
mod words;
mod workbook;
mod xls_guard;
mod xlsx_guard;

pub use error::{ImportError, LooksLike};
pub use file_name::{shown_file_name, MAX_FILE_NAME_CHARS};
pub use limits::Limits;
pub use sniff::Format;

use crate::grid::Grid;
use crate::header::{find_header, Header, HeaderKind, HEADER_SEARCH_ROWS};
use crate::ledger_sheet::{read_ledger_sheet, SheetContext};
use crate::synonyms::Field;
use credit_core::issue::{Issue, IssueKind, Severity};
use credit_core::lang::Lang;
use credit_core::ledger::{DocumentKind, Entry, Ledger, SheetTable, Source};
use std::collections::HashMap;

/// What the caller knows before reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// The user's language, when known; it only breaks ties (e.g. d/m against m/d dates, a decimal
    /// comma against a point) when the headers do not tell.
    pub lang: Option<Lang>,
    /// Payment terms assumed for rows with an invoice date but no due date, when neither the row nor the
    /// customers sheet gives any (the engine passes the policy's `default_terms_days`).
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

/// Reads a ledger file; the format is taken from the content, the name's extension only breaking ties.
///
/// # Errors
///
/// An [`ImportError`] when the file cannot be read at all: not a spreadsheet, encrypted, damaged, past
/// a limit, or without a sheet whose header names a customer and an amount column. Rows that cannot be
/// used are not errors: they are [`Ledger::issues`].
pub fn read_ledger(bytes: &[u8], file_name: &str, options: &ImportOptions) -> Result<Ledger, ImportError> {
    let shown = shown_file_name(file_name);
    let file_name = &*shown;
    let limits = &options.limits;
    limits::check_file_size(bytes, file_name, limits)?;
    let format = sniff::sniff(bytes, file_name)?;
    if matches!(format, Format::Xlsx | Format::Xlsb | Format::Ods) {
        limits::check_zip(bytes, file_name, limits)?;
    }
    let compacted = match format {
        Format::Ods => ods_guard::check_ods(bytes, file_name, limits)?
            .pretty_printed
            .then(|| ods_guard::compact_ods(bytes, file_name))
            .transpose()?,
        Format::Xls => {
            xls_guard::check_xls(bytes, file_name, limits)?;
            None
        }
        Format::Xlsx => {
            xlsx_guard::check_shared_strings(bytes, file_name)?;
            None
        }
        _ => None,
    };
    let bytes = compacted.as_deref().unwrap_or(bytes);
    let grids = match format {
        Format::Csv => vec![csv_grid::read_csv(bytes, file_name, limits)?],
        _ => workbook::read_workbook(bytes, format, file_name, limits)?,
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
    let sheet_order: Vec<String> = headed.iter().map(|(grid, _)| grid.name.clone()).collect();
    let header_lang = vote(
        headed
            .iter()
            .filter_map(|(_, header)| header.as_ref())
            .filter(|header| header.is_ledger())
            .filter_map(|header| header.language.map(Lang::code)),
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

    // A hidden sheet is read only when no visible one holds the ledger: producers hide copies of it.
    let visible_ledger = headed
        .iter()
        .any(|(grid, header)| !grid.hidden && header.as_ref().is_some_and(Header::is_ledger));
    let mut currency_signs: HashMap<&'static str, usize> = HashMap::new();
    let mut invoice_headers: Vec<Option<String>> = Vec::new();
    let mut currency_headers: Vec<Option<String>> = Vec::new();
    let mut found = Vec::new();
    let mut aged_summary = None;
    for (grid, header) in headed {
        match header {
            Some(header) if header.is_ledger() && grid.hidden && visible_ledger => {
                ledger.issues.push(Issue {
                    severity: Severity::Info,
                    sheet: Some(grid.name.clone()),
                    row: None,
                    column: None,
                    kind: IssueKind::HiddenSheetSkipped,
                });
            }
            Some(header) if header.kind() == HeaderKind::Ledger => {
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
                append(&mut ledger.entries, read.entries);
                append(&mut ledger.issues, read.issues);
                ledger.sheets.push(read.table);
                invoice_headers.push(header.text_of(Field::Invoice).map(str::to_owned));
                // A row's currency comes from the currency column, else from a sign in its amounts.
                let currency_column = [Field::Currency, Field::Open, Field::Amount, Field::Debit]
                    .into_iter()
                    .find_map(|field| header.text_of(field));
                currency_headers.push(currency_column.map(str::to_owned));
                for (sign, count) in read.currency_signs {
                    *currency_signs.entry(sign).or_default() += count;
                }
            }
            Some(header) if header.kind() == HeaderKind::CustomerList => {}
            header => {
                if let Some(header) = header
                    .as_ref()
                    .filter(|header| header.kind() == HeaderKind::AgedSummary)
                {
                    aged_summary.get_or_insert((grid.name.clone(), header.number));
                }
                found.push(match &header {
                    Some(header) => format!("{} (row {}): {}", grid.name, header.number, header.describe()),
                    None => format!("{}: -", grid.name),
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
        if let Some((sheet, row)) = aged_summary {
            return Err(ImportError::AgedSummary {
                file_name: file_name.to_owned(),
                sheet,
                row,
            });
        }
        return Err(ImportError::NoLedgerSheet {
            file_name: file_name.to_owned(),
            searched_rows: HEADER_SEARCH_ROWS as usize,
            found,
        });
    }

    let currency = vote(ledger.entries.iter().filter_map(|entry| entry.currency.as_deref()))
        .map(str::to_owned)
        .or_else(|| {
            currency_signs
                .into_iter()
                .max_by_key(|(sign, count)| (*count, std::cmp::Reverse(*sign)))
                .map(|(sign, _)| sign.to_owned())
        });
    if let Some(currency) = &currency {
        leave_out_other_currencies(&mut ledger, currency, &currency_headers);
    }
    report_duplicates(&mut ledger, &invoice_headers);
    sort_issues(&mut ledger.issues, &sheet_order);
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
fn leave_out_other_currencies(ledger: &mut Ledger, currency: &str, currency_headers: &[Option<String>]) {
    let sheets = &ledger.sheets;
    let issues = &mut ledger.issues;
    ledger.entries.retain(|entry| match &entry.currency {
        Some(other) if other != currency => {
            let sheet = sheets
                .get(usize::from(entry.at.sheet))
                .map(|sheet| sheet.name.as_str())
                .unwrap_or_default();
            let column = currency_headers
                .get(usize::from(entry.at.sheet))
                .and_then(|header| header.as_deref());
            issues.push(Issue::at_row(
                Severity::Warning,
                sheet,
                entry.at.row,
                column,
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

/// The same document number twice for a customer (in any sheet) is reported at each repeat; both rows
/// stay in the ledger, because only the user knows which one is right. A repeat that is another line of
/// the same document (see [`is_another_line`]) is left out instead: counting it would count the
/// document's balance once per line.
fn report_duplicates(ledger: &mut Ledger, invoice_headers: &[Option<String>]) {
    let mut first_seen: HashMap<(&str, &str, DocumentKind), &Entry> = HashMap::with_capacity(ledger.entries.len());
    let mut lines_left_out = Vec::new();
    for (index, entry) in ledger.entries.iter().enumerate() {
        let Some(document) = entry.document.as_deref() else {
            continue;
        };
        let key = (entry.customer_id.as_str(), document, entry.kind);
        match first_seen.get(&key) {
            Some(&first) => {
                let sheet = usize::from(entry.at.sheet);
                let another_line = is_another_line(first, entry, &ledger.sheets);
                let (severity, kind) = if another_line {
                    lines_left_out.push(index);
                    let kind = IssueKind::InvoiceLineSkipped {
                        invoice: document.to_owned(),
                        first_row: first.at.row,
                    };
                    (Severity::Info, kind)
                } else {
                    let kind = IssueKind::DuplicateInvoice {
                        invoice: document.to_owned(),
                        first_row: first.at.row,
                    };
                    (Severity::Warning, kind)
                };
                ledger.issues.push(Issue::at_row(
                    severity,
                    ledger
                        .sheets
                        .get(sheet)
                        .map(|table| table.name.as_str())
                        .unwrap_or_default(),
                    entry.at.row,
                    invoice_headers.get(sheet).and_then(|header| header.as_deref()),
                    kind,
                ));
            }
            None => {
                first_seen.insert(key, entry);
            }
        }
    }
    if !lines_left_out.is_empty() {
        let mut index = 0;
        let mut left_out = lines_left_out.into_iter().peekable();
        ledger.entries.retain(|_| {
            let keep = left_out.next_if_eq(&index).is_none();
            index += 1;
            keep
        });
    }
}

/// Whether `repeat` is another line of the document `first` began: on the same sheet, with every value
/// read the same (customer, dates, amounts, currency), while the row itself differs in a cell not read
/// (the item, its quantity, its line total). Zoho Books' and FreshBooks' invoice exports print one row per
/// line item that way. A row identical in every cell is a document entered twice, which stays a
/// duplicate for the user to judge.
fn is_another_line(first: &Entry, repeat: &Entry, sheets: &[SheetTable]) -> bool {
    let same_values = first.at.sheet == repeat.at.sheet
        && first.customer_name == repeat.customer_name
        && first.invoice_date == repeat.invoice_date
        && first.due_date == repeat.due_date
        && first.amount == repeat.amount
        && first.open == repeat.open
        && first.paid == repeat.paid
        && first.paid_date == repeat.paid_date
        && first.currency == repeat.currency
        && first.disputed == repeat.disputed;
    if !same_values {
        return false;
    }
    let Some(table) = sheets.get(usize::from(first.at.sheet)) else {
        return false;
    };
    let cells = |row: u32| {
        table
            .rows
            .binary_search_by_key(&row, |sheet_row| sheet_row.row)
            .ok()
            .map(|position| &table.rows[position].cells)
    };
    matches!((cells(first.at.row), cells(repeat.at.row)), (Some(a), Some(b)) if a != b)
}

/// Issues in the order of the file: sheet by sheet, sheet-wide ones first, then by row.
fn sort_issues(issues: &mut [Issue], sheet_order: &[String]) {
    let position = |issue: &Issue| {
        let sheet = issue
            .sheet
            .as_ref()
            .and_then(|sheet| sheet_order.iter().position(|name| name == sheet))
            .unwrap_or(usize::MAX);
        (sheet, issue.row.unwrap_or(0))
    };
    issues.sort_by_key(position);
}

/// Appends without copying when `to` is still empty (a million entries are 200 MB).
fn append<T>(to: &mut Vec<T>, mut from: Vec<T>) {
    if to.is_empty() {
        std::mem::swap(to, &mut from);
    } else {
        to.append(&mut from);
    }
}

/// The most frequent value (ties to the smallest, so the result does not depend on hashing).
fn vote<T: Ord + Copy + std::hash::Hash>(values: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: HashMap<T, usize> = HashMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|(a, count_a), (b, count_b)| count_a.cmp(count_b).then_with(|| b.cmp(a)))
        .map(|(value, _)| value)
}
