//! Every format read into one shape: named sheets of numbered rows of cells, so that header detection
//! and value parsing are written once. Rows are built as cells stream in, and the limits on rows, cells
//! and text length are enforced on the way, before anything beyond them is held in memory.

use crate::error::ImportError;
use crate::limits::Limits;
use credit_core::ledger::Cell;

/// A sheet as read: rows with their 1-based numbers, blank rows left out.
#[derive(Debug, Default)]
pub struct Grid {
    /// The sheet name.
    pub name: String,
    /// The non-blank rows, in row order.
    pub rows: Vec<GridRow>,
    /// Whether bare numbers in date columns count from 1904.
    pub date1904: bool,
    /// Whether the producer hid the sheet (hidden or very hidden).
    pub hidden: bool,
}

/// One non-blank row.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    /// The 1-based row number the user sees.
    pub number: u32,
    /// The cells from column A; no trailing empty cells.
    pub cells: Vec<Cell>,
}

/// Builds a [`Grid`] from cells in any order (row-major is the fast path), refusing the sheet as soon
/// as it passes a limit.
pub struct GridBuilder<'a> {
    grid: Grid,
    file_name: &'a str,
    limits: &'a Limits,
    /// Cells held so far, counting the empty ones that pad rows up to their last value.
    cells: usize,
    /// Whether every row so far came after the one before. A row that comes back to an earlier number
    /// is held apart and merged by [`GridBuilder::finish`]: inserting it in place would move every row
    /// after it, and a sheet written bottom-up (a million rows, last first) would take hours.
    in_order: bool,
}

impl<'a> GridBuilder<'a> {
    /// An empty sheet.
    pub fn new(name: String, date1904: bool, file_name: &'a str, limits: &'a Limits) -> Self {
        GridBuilder {
            grid: Grid {
                name,
                rows: Vec::new(),
                date1904,
                hidden: false,
            },
            file_name,
            limits,
            cells: 0,
            in_order: true,
        }
    }

    /// Places a cell at a 0-based (row, column); empty cells are skipped.
    pub fn put(&mut self, row: u32, column: u32, cell: Cell) -> Result<(), ImportError> {
        if matches!(cell, Cell::Empty) {
            return Ok(());
        }
        let number = row.saturating_add(1);
        if let Cell::Text(text) = &cell {
            check_text(
                text,
                self.file_name,
                &self.grid.name,
                number,
                column as usize,
                self.limits,
            )?;
        }
        if number as usize > self.limits.max_rows_per_sheet {
            return Err(ImportError::TooManyRows {
                file_name: self.file_name.to_owned(),
                sheet: self.grid.name.clone(),
                limit: self.limits.max_rows_per_sheet,
            });
        }
        let rows = &mut self.grid.rows;
        let index = match rows.last() {
            Some(last) if last.number == number => rows.len() - 1,
            previous => {
                if previous.is_some_and(|last| last.number > number) {
                    self.in_order = false;
                }
                // Rows of a sheet are about as wide as the one before: one allocation instead of doubling.
                let width = previous.map_or(0, |row| row.cells.len());
                rows.push(GridRow {
                    number,
                    cells: Vec::with_capacity(width),
                });
                rows.len() - 1
            }
        };
        let cells = &mut rows[index].cells;
        let column = column as usize;
        if column >= cells.len() {
            let grown = column + 1 - cells.len();
            self.cells = self.cells.saturating_add(grown);
            if self.cells > self.limits.max_cells_per_sheet {
                return Err(ImportError::TooManyCells {
                    file_name: self.file_name.to_owned(),
                    sheet: self.grid.name.clone(),
                    limit: self.limits.max_cells_per_sheet,
                });
            }
            cells.resize(column + 1, Cell::Empty);
        }
        cells[column] = cell;
        Ok(())
    }

    /// The sheet's name.
    pub fn sheet_name(&self) -> &str {
        &self.grid.name
    }

    /// The file's name.
    pub fn file_name(&self) -> &'a str {
        self.file_name
    }

    /// The sheet.
    pub fn finish(mut self) -> Grid {
        if !self.in_order {
            self.grid.rows = merge_rows(std::mem::take(&mut self.grid.rows));
        }
        self.grid
    }
}

/// Rows in row order, the pieces of a row that came back more than once merged (a later cell wins, as
/// it would have written over the earlier one). The sort is stable, so pieces keep their file order.
fn merge_rows(mut rows: Vec<GridRow>) -> Vec<GridRow> {
    rows.sort_by_key(|row| row.number);
    let mut merged: Vec<GridRow> = Vec::with_capacity(rows.len());
    for row in rows {
        match merged.last_mut() {
            Some(last) if last.number == row.number => {
                for (column, cell) in row.cells.into_iter().enumerate() {
                    if matches!(cell, Cell::Empty) {
                        continue;
                    }
                    if column >= last.cells.len() {
                        last.cells.resize(column + 1, Cell::Empty);
                    }
                    last.cells[column] = cell;
                }
            }
            _ => merged.push(row),
        }
    }
    merged
}

/// A text cell as the ledger reads it: trimmed (exports pad cells), and empty when only spaces remain.
/// Takes the string so that a clean one is moved, not copied.
pub fn text_cell(text: String) -> Cell {
    let trimmed = text.trim_matches(is_padding);
    if trimmed.is_empty() {
        Cell::Empty
    } else if trimmed.len() == text.len() {
        Cell::Text(text)
    } else {
        Cell::Text(trimmed.to_owned())
    }
}

/// [`text_cell`] for borrowed text (shared strings, csv fields).
pub fn text_cell_from(text: &str) -> Cell {
    let trimmed = text.trim_matches(is_padding);
    if trimmed.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(trimmed.to_owned())
    }
}

/// Whether a text is blank as the ledger reads it: nothing but padding.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(is_padding)
}

fn is_padding(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Refuses a text longer than the limit (the byte length is checked first: it bounds the characters).
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

/// The spreadsheet's column letter for a 0-based index: 0 -> A, 27 -> AB.
pub fn column_letter(index: usize) -> String {
    let mut index = index + 1;
    let mut letters = Vec::new();
    while index > 0 {
        let remainder = (index - 1) % 26;
        letters.push(char::from(b'A' + remainder as u8));
        index = (index - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> Cell {
        Cell::Text(value.to_owned())
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(16383), "XFD");
    }

    #[test]
    fn cells_in_any_order_make_ordered_rows_without_blank_ones() {
        let limits = Limits::default();
        let mut builder = GridBuilder::new("s".into(), false, "f.xlsx", &limits);
        builder.put(4, 1, text("b5")).unwrap();
        builder.put(4, 0, text("a5")).unwrap();
        builder.put(1, 2, text("c2")).unwrap();
        builder.put(2, 0, Cell::Empty).unwrap();
        builder.put(9, 0, text("a10")).unwrap();
        let grid = builder.finish();
        let numbers: Vec<u32> = grid.rows.iter().map(|row| row.number).collect();
        assert_eq!(numbers, vec![2, 5, 10]);
        assert_eq!(grid.rows[0].cells, vec![Cell::Empty, Cell::Empty, text("c2")]);
        assert_eq!(grid.rows[1].cells, vec![text("a5"), text("b5")]);
    }

    #[test]
    fn a_sheet_written_bottom_up_and_rows_that_come_back_are_merged_in_order() {
        let limits = Limits::default();
        let mut builder = GridBuilder::new("s".into(), false, "f.xlsx", &limits);
        for row in (0..1000).rev() {
            builder.put(row, 0, text(&format!("a{}", row + 1))).unwrap();
        }
        builder.put(4, 2, text("c5")).unwrap();
        builder.put(4, 0, text("A5")).unwrap();
        let grid = builder.finish();
        let numbers: Vec<u32> = grid.rows.iter().map(|row| row.number).collect();
        assert_eq!(numbers, (1..=1000).collect::<Vec<u32>>());
        assert_eq!(grid.rows[4].cells, vec![text("A5"), Cell::Empty, text("c5")]);
        assert_eq!(grid.rows[999].cells, vec![text("a1000")]);
    }

    #[test]
    fn a_far_away_cell_counts_against_the_cell_limit_before_it_is_held() {
        let limits = Limits {
            max_cells_per_sheet: 1000,
            ..Limits::default()
        };
        let mut builder = GridBuilder::new("Sheet1".into(), false, "bomb.xlsx", &limits);
        builder.put(0, 0, text("a")).unwrap();
        let error = builder.put(1, 16_383, text("far")).unwrap_err();
        assert!(
            matches!(error, ImportError::TooManyCells { limit: 1000, .. }),
            "{error:?}"
        );
    }

    #[test]
    fn rows_past_the_limit_and_long_texts_are_refused() {
        let limits = Limits {
            max_rows_per_sheet: 10,
            max_text_chars: 5,
            ..Limits::default()
        };
        let mut builder = GridBuilder::new("Sheet1".into(), false, "f.xlsx", &limits);
        assert!(builder.put(9, 0, text("ok")).is_ok());
        assert!(matches!(
            builder.put(10, 0, text("x")),
            Err(ImportError::TooManyRows { limit: 10, .. })
        ));
        assert!(matches!(
            builder.put(0, 2, text("é long")),
            Err(ImportError::TextTooLong { row: 1, limit: 5, .. })
        ));
    }

    #[test]
    fn text_cells_are_trimmed() {
        assert_eq!(text_cell_from("  Jansen \u{a0}"), text("Jansen"));
        assert_eq!(text_cell_from("\u{feff}Klant"), text("Klant"));
        assert_eq!(text_cell_from(" \t "), Cell::Empty);
        assert_eq!(text_cell_from(" x "), text("x"));
        assert_eq!(text_cell(" y ".to_owned()), text("y"));
        assert_eq!(text_cell("z".to_owned()), text("z"));
    }
}
