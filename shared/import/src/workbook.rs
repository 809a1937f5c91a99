//! Workbooks (xlsx, xlsm, xlsb, xls, ods) read with calamine into [`Grid`]s.
//!
//! xlsx and xlsb sheets are streamed cell by cell: calamine's `worksheet_range` would first build a
//! dense rectangle, so a workbook with one cell in A1 and one in XFD1048576 would ask for 17 billion
//! cells before we could say no. Streaming also keeps a million-row sheet at one copy of its cells.
//! xls and ods are only offered as dense ranges by calamine; their size is bounded beforehand (BIFF
//! sheets cannot exceed 65,536 x 256; ods content is measured by [`crate::ods_guard`]).

use crate::error::ImportError;
use crate::grid::{text_cell, text_cell_from, Grid, GridBuilder};
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
use std::sync::mpsc;

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
                let sheet = name.clone();
                let workbook = &mut workbook;
                let produce = producer(move |emit| {
                    let mut reader = workbook
                        .worksheet_cells_reader(&sheet)
                        .map_err(|error| damaged(file_name, &sheet, error))?;
                    while let Some(cell) = reader.next_cell().map_err(|error| damaged(file_name, &sheet, error))? {
                        let (row, column) = cell.get_position();
                        if !emit(row, column, cell.get_value().clone()) {
                            break;
                        }
                    }
                    Ok(())
                });
                grids.push(stream_sheet(
                    GridBuilder::new(name, date1904, file_name, limits),
                    produce,
                )?);
            }
            Ok(grids)
        }
        Format::Xlsb => {
            let mut workbook: Xlsb<_> = Xlsb::new(cursor).map_err(|error| open_error(file_name, error))?;
            // calamine keeps the xlsb date system to itself; date cells carry it, bare serials cannot.
            let date1904 = false;
            let mut grids = Vec::new();
            for name in worksheet_names(workbook.sheets_metadata(), file_name, limits)? {
                let sheet = name.clone();
                let workbook = &mut workbook;
                let produce = producer(move |emit| {
                    let mut reader = workbook
                        .worksheet_cells_reader(&sheet)
                        .map_err(|error| damaged(file_name, &sheet, error))?;
                    while let Some(cell) = reader.next_cell().map_err(|error| damaged(file_name, &sheet, error))? {
                        let (row, column) = cell.get_position();
                        if !emit(row, column, cell.get_value().clone()) {
                            break;
                        }
                    }
                    Ok(())
                });
                grids.push(stream_sheet(
                    GridBuilder::new(name, date1904, file_name, limits),
                    produce,
                )?);
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

/// Cells cross from the reading thread to the building one in batches: one channel operation per few
/// thousand cells.
const BATCH: usize = 4096;

/// Streams one sheet into `builder` on two threads: calamine inflates and parses the XML on one; the
/// cells are typed, the grid is built and its limits enforced on the other. Parsing is most of
/// the work of a big import, and a Lambda of 1.8 GB or more has two cores.
///
/// When the builder refuses a cell (a limit), the channel is closed and the reader stops at its next
/// batch.
/// Pins the lifetime of the cells a reader yields to the workbook they borrow from (a closure alone
/// would be asked to accept cells of any lifetime).
fn producer<'d, F>(produce: F) -> F
where
    F: FnOnce(&mut dyn FnMut(u32, u32, DataRef<'d>) -> bool) -> Result<(), ImportError> + Send,
{
    produce
}

fn stream_sheet<'d, F>(mut builder: GridBuilder<'_>, produce: F) -> Result<Grid, ImportError>
where
    F: FnOnce(&mut dyn FnMut(u32, u32, DataRef<'d>) -> bool) -> Result<(), ImportError> + Send,
{
    let sheet = builder.sheet_name().to_owned();
    let file_name = builder.file_name().to_owned();
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<Vec<(u32, u32, DataRef<'d>)>>(4);
        let reader = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            let mut open = true;
            let mut emit = |row: u32, column: u32, data: DataRef<'d>| {
                batch.push((row, column, data));
                if batch.len() == BATCH {
                    open = sender
                        .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                        .is_ok();
                }
                open
            };
            let outcome = produce(&mut emit);
            if !batch.is_empty() {
                // The builder may have stopped already; then there is nobody to tell.
                let _ = sender.send(batch);
            }
            outcome
        });
        let mut built = Ok(());
        for batch in receiver.iter() {
            built = batch
                .into_iter()
                .try_for_each(|(row, column, data)| builder.put(row, column, from_owned_data_ref(data)));
            if built.is_err() {
                break;
            }
        }
        // Closing the channel before waiting, so that a reader blocked on a full channel wakes up.
        drop(receiver);
        let read = reader.join().unwrap_or_else(|_| {
            Err(ImportError::Damaged {
                file_name,
                sheet: Some(sheet),
                detail: "the spreadsheet reader failed on malformed content".to_owned(),
            })
        });
        built?;
        read?;
        Ok(builder.finish())
    })
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

/// A streamed cell as the ledger reads it; an inline string already trimmed is moved, not copied.
fn from_owned_data_ref(data: DataRef<'_>) -> Cell {
    match data {
        DataRef::Empty => Cell::Empty,
        DataRef::Int(value) => Cell::Number(Decimal::from(value)),
        DataRef::Float(value) => number(value),
        DataRef::String(text) | DataRef::DurationIso(text) => text_cell(text),
        DataRef::DateTimeIso(text) => iso_cell(&text),
        DataRef::SharedString(text) => text_cell_from(text),
        DataRef::Bool(value) => Cell::Bool(value),
        DataRef::DateTime(value) => date_time(&value),
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
