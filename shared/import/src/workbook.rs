//! Workbooks (xlsx, xlsm, xlsb, xls, ods) read with calamine into [`Grid`]s.
//!
//! xlsx and xlsb sheets are streamed cell by cell: calamine's `worksheet_range` would first build a
//! dense rectangle, so a workbook with one cell in A1 and one in XFD1048576 would ask for 17 billion
//! cells before we could say no. Streaming also keeps a million-row sheet at one copy of its cells.
//! xls and ods are only offered as dense ranges by calamine; their size is bounded beforehand (BIFF
//! sheets cannot exceed 65,536 x 256; ods content is measured by [`crate::ods_guard`]).

use crate::error::ImportError;
use crate::grid::{text_cell_from, Grid, GridBuilder};
use crate::limits::Limits;
use crate::sniff::{xlsx_uses_1904, Format};
use calamine::{Data, DataRef, ExcelDateTime, Ods, Reader, SheetType, Xls, Xlsb, Xlsx};
use chrono::NaiveDate;
use credit_core::ledger::Cell;
use credit_core::money::decimal_from_f64;
use rust_decimal::Decimal;
use std::fmt::Display;
use std::io::Cursor;
use std::panic::AssertUnwindSafe;

/// Reads every worksheet of a workbook (not csv), in workbook order.
///
/// calamine indexes and slices hostile bytes in places without checking them first (a two-byte field
/// read from an empty record, a sheet offset past the stream); such a panic is caught here and told as
/// a damaged file, because a user's file must never bring the service down.
pub fn read_workbook(bytes: &[u8], format: Format, file_name: &str, limits: &Limits) -> Result<Vec<Grid>, ImportError> {
    std::panic::catch_unwind(AssertUnwindSafe(|| read_sheets(bytes, format, file_name, limits))).unwrap_or_else(|_| {
        Err(ImportError::Damaged {
            file_name: file_name.to_owned(),
            sheet: None,
            detail: "the spreadsheet reader failed on malformed content".to_owned(),
        })
    })
}

fn read_sheets(bytes: &[u8], format: Format, file_name: &str, limits: &Limits) -> Result<Vec<Grid>, ImportError> {
    let cursor = Cursor::new(bytes);
    match format {
        Format::Xlsx => {
            let mut workbook: Xlsx<_> = Xlsx::new(cursor).map_err(|error| open_error(file_name, error))?;
            let date1904 = xlsx_uses_1904(bytes);
            let mut grids = Vec::new();
            for name in worksheet_names(workbook.sheets_metadata(), file_name, limits)? {
                let mut builder = GridBuilder::new(name.clone(), date1904, file_name, limits);
                let mut reader = workbook
                    .worksheet_cells_reader(&name)
                    .map_err(|error| damaged(file_name, &name, error))?;
                while let Some(cell) = reader.next_cell().map_err(|error| damaged(file_name, &name, error))? {
                    let (row, column) = cell.get_position();
                    builder.put(row, column, from_data_ref(cell.get_value()))?;
                }
                grids.push(builder.finish());
            }
            Ok(grids)
        }
        Format::Xlsb => {
            let mut workbook: Xlsb<_> = Xlsb::new(cursor).map_err(|error| open_error(file_name, error))?;
            // calamine keeps the xlsb date system to itself; date cells carry it, bare serials cannot.
            let date1904 = false;
            let mut grids = Vec::new();
            for name in worksheet_names(workbook.sheets_metadata(), file_name, limits)? {
                let mut builder = GridBuilder::new(name.clone(), date1904, file_name, limits);
                let mut reader = workbook
                    .worksheet_cells_reader(&name)
                    .map_err(|error| damaged(file_name, &name, error))?;
                while let Some(cell) = reader.next_cell().map_err(|error| damaged(file_name, &name, error))? {
                    let (row, column) = cell.get_position();
                    builder.put(row, column, from_data_ref(cell.get_value()))?;
                }
                grids.push(builder.finish());
            }
            Ok(grids)
        }
        Format::Xls => {
            let workbook: Xls<_> = Xls::new(cursor).map_err(|error| open_error(file_name, error))?;
            read_ranges(workbook, file_name, limits)
        }
        Format::Ods => {
            let workbook: Ods<_> = Ods::new(cursor).map_err(|error| open_error(file_name, error))?;
            read_ranges(workbook, file_name, limits)
        }
        Format::Csv => Ok(Vec::new()),
    }
}

/// The worksheets (not chart or macro sheets), refused when there are more sheets than the limit.
fn worksheet_names(sheets: &[calamine::Sheet], file_name: &str, limits: &Limits) -> Result<Vec<String>, ImportError> {
    if sheets.len() > limits.max_sheets {
        return Err(ImportError::TooManySheets {
            file_name: file_name.to_owned(),
            sheets: sheets.len(),
            limit: limits.max_sheets,
        });
    }
    Ok(sheets
        .iter()
        .filter(|sheet| sheet.typ == SheetType::WorkSheet)
        .map(|sheet| sheet.name.clone())
        .collect())
}

fn read_ranges<RS, R>(mut workbook: R, file_name: &str, limits: &Limits) -> Result<Vec<Grid>, ImportError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: Display,
{
    let names = worksheet_names(workbook.sheets_metadata(), file_name, limits)?;
    let mut grids = Vec::with_capacity(names.len());
    for name in names {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|error| damaged(file_name, &name, error))?;
        let mut builder = GridBuilder::new(name, false, file_name, limits);
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        for (row, column, data) in range.used_cells() {
            let row = first_row.saturating_add(u32::try_from(row).unwrap_or(u32::MAX));
            let column = first_column.saturating_add(u32::try_from(column).unwrap_or(u32::MAX));
            builder.put(row, column, from_data(data))?;
        }
        grids.push(builder.finish());
    }
    Ok(grids)
}

fn open_error(file_name: &str, error: impl Display) -> ImportError {
    let detail = error.to_string();
    if detail.to_ascii_lowercase().contains("password") {
        ImportError::Encrypted {
            file_name: file_name.to_owned(),
        }
    } else {
        ImportError::Damaged {
            file_name: file_name.to_owned(),
            sheet: None,
            detail,
        }
    }
}

fn damaged(file_name: &str, sheet: &str, error: impl Display) -> ImportError {
    ImportError::Damaged {
        file_name: file_name.to_owned(),
        sheet: Some(sheet.to_owned()),
        detail: error.to_string(),
    }
}

/// A streamed cell as the ledger reads it.
fn from_data_ref(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::Empty => Cell::Empty,
        DataRef::Int(value) => Cell::Number(Decimal::from(*value)),
        DataRef::Float(value) => number(*value),
        DataRef::String(text) | DataRef::DurationIso(text) => text_cell_from(text),
        DataRef::DateTimeIso(text) => iso_cell(text),
        DataRef::SharedString(text) => text_cell_from(text),
        DataRef::Bool(value) => Cell::Bool(*value),
        DataRef::DateTime(value) => date_time(value),
        DataRef::Error(error) => Cell::Error(error.to_string()),
    }
}

/// A cell of a dense range (xls, ods) as the ledger reads it.
fn from_data(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(value) => Cell::Number(Decimal::from(*value)),
        Data::Float(value) => number(*value),
        Data::String(text) | Data::DurationIso(text) => text_cell_from(text),
        Data::Bool(value) => Cell::Bool(*value),
        Data::DateTime(value) => date_time(value),
        Data::DateTimeIso(text) => iso_cell(text),
        Data::Error(error) => Cell::Error(error.to_string()),
    }
}

/// A number cell; one no Decimal can hold (1e300, NaN, infinity) stays visible as text, so that the row
/// is refused as an unreadable amount or date rather than read as having no amount at all.
fn number(value: f64) -> Cell {
    decimal_from_f64(value).map_or_else(|| Cell::Text(format!("{value:e}")), Cell::Number)
}

/// A date-formatted number is a date; a duration-formatted one stays a number.
fn date_time(value: &ExcelDateTime) -> Cell {
    match value.as_datetime() {
        Some(moment) if value.is_datetime() => Cell::Date(moment.date()),
        _ => number(value.as_f64()),
    }
}

/// ods stores dates as ISO text ("2026-10-31" or "2026-10-31T00:00:00").
fn iso_cell(text: &str) -> Cell {
    text.get(..10)
        .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
        .map_or_else(|| text_cell_from(text), Cell::Date)
}
