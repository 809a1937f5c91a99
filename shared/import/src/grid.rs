//! Every format read into one shape: named sheets of numbered rows of cells, so that header detection
//! and value parsing are written once.

use crate::error::ImportError;
use crate::limits::Limits;
use crate::sniff::Format;
use calamine::{Data, Range, Reader};
use chrono::NaiveDate;
use credit_core::ledger::Cell;
use credit_core::money::decimal_from_f64;
use std::io::Cursor;

/// A sheet as read: rows with their 1-based numbers, blank rows left out.
#[derive(Debug, Default)]
pub struct Grid {
    /// The sheet name.
    pub name: String,
    /// The non-blank rows.
    pub rows: Vec<GridRow>,
    /// Whether bare numbers in date columns count from 1904.
    pub date1904: bool,
}

/// One non-blank row.
#[derive(Debug)]
pub struct GridRow {
    /// The 1-based row number the user sees.
    pub number: u32,
    /// The cells from column A.
    pub cells: Vec<Cell>,
}

/// Reads every sheet of a workbook (not csv).
pub fn read_workbook(bytes: &[u8], format: Format, file_name: &str, limits: &Limits) -> Result<Vec<Grid>, ImportError> {
    let damaged = |detail: String| ImportError::Damaged {
        file_name: file_name.to_owned(),
        detail,
    };
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|error| {
        let text = error.to_string();
        if text.to_ascii_lowercase().contains("password") || text.to_ascii_lowercase().contains("encrypt") {
            ImportError::Encrypted {
                file_name: file_name.to_owned(),
            }
        } else {
            damaged(text)
        }
    })?;
    let names = workbook.sheet_names();
    if names.len() > limits.max_sheets {
        return Err(ImportError::TooManySheets {
            file_name: file_name.to_owned(),
            sheets: names.len(),
            limit: limits.max_sheets,
        });
    }
    let date1904 = format == Format::Xlsx && crate::sniff::xlsx_uses_1904(bytes);
    let mut grids = Vec::with_capacity(names.len());
    for name in names {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|error| damaged(format!("{name}: {error}")))?;
        let (height, width) = range.get_size();
        if height > limits.max_rows_per_sheet || height.saturating_mul(width) > limits.max_cells_per_sheet {
            return Err(ImportError::SheetTooLarge {
                file_name: file_name.to_owned(),
                sheet: name,
                rows: height,
                cells: height.saturating_mul(width),
                row_limit: limits.max_rows_per_sheet,
                cell_limit: limits.max_cells_per_sheet,
            });
        }
        grids.push(grid_from_range(name, &range, date1904, file_name, limits)?);
    }
    Ok(grids)
}

fn grid_from_range(
    name: String,
    range: &Range<Data>,
    date1904: bool,
    file_name: &str,
    limits: &Limits,
) -> Result<Grid, ImportError> {
    let first_row = range.start().map(|(row, _)| row).unwrap_or(0);
    let first_column = range.start().map(|(_, column)| column as usize).unwrap_or(0);
    let mut rows = Vec::new();
    for (offset, data_row) in range.rows().enumerate() {
        if data_row.iter().all(|data| matches!(data, Data::Empty)) {
            continue;
        }
        let number = first_row + offset as u32 + 1;
        let mut cells = vec![Cell::Empty; first_column];
        cells.reserve(data_row.len());
        for (column, data) in data_row.iter().enumerate() {
            let cell = convert(data);
            if let Cell::Text(text) = &cell {
                check_text(text, file_name, &name, number, first_column + column, limits)?;
            }
            cells.push(cell);
        }
        trim_trailing_empty(&mut cells);
        rows.push(GridRow { number, cells });
    }
    Ok(Grid { name, rows, date1904 })
}

fn convert(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(value) => Cell::Number((*value).into()),
        Data::Float(value) => decimal_from_f64(*value).map_or(Cell::Empty, Cell::Number),
        Data::String(text) => text_cell(text),
        Data::Bool(value) => Cell::Bool(*value),
        Data::DateTime(value) => match value.as_datetime() {
            Some(moment) if value.is_datetime() => Cell::Date(moment.date()),
            _ => decimal_from_f64(value.as_f64()).map_or(Cell::Empty, Cell::Number),
        },
        Data::DateTimeIso(text) => iso_date(text).map_or_else(|| text_cell(text), Cell::Date),
        Data::DurationIso(text) => text_cell(text),
        Data::Error(error) => Cell::Error(error.to_string()),
    }
}

fn iso_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// Text cells are trimmed (exports pad them); a cell of only spaces is empty.
pub fn text_cell(text: &str) -> Cell {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if trimmed.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(trimmed.to_owned())
    }
}

pub fn check_text(
    text: &str,
    file_name: &str,
    sheet: &str,
    row: u32,
    column: usize,
    limits: &Limits,
) -> Result<(), ImportError> {
    if text.len() > limits.max_text_chars {
        let length = text.chars().count();
        if length > limits.max_text_chars {
            return Err(ImportError::TextTooLong {
                file_name: file_name.to_owned(),
                sheet: sheet.to_owned(),
                row,
                column: column_letter(column),
                length,
                limit: limits.max_text_chars,
            });
        }
    }
    Ok(())
}

pub fn trim_trailing_empty(cells: &mut Vec<Cell>) {
    while matches!(cells.last(), Some(Cell::Empty)) {
        cells.pop();
    }
}

/// The spreadsheet's column letter for a 0-based index: 0 -> A, 27 -> AB.
pub fn column_letter(index: usize) -> String {
    let mut index = index + 1;
    let mut letters = Vec::new();
    while index > 0 {
        let remainder = (index - 1) % 26;
        letters.push(b'A' + remainder as u8);
        index = (index - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(16383), "XFD");
    }
}
