//! Delimited text: the encoding (UTF-8 with or without BOM, UTF-16, Windows-1252) and the delimiter
//! (`;`, `,`, tab, `|`) are detected, then the records become a [`Grid`] of text cells.

use crate::error::ImportError;
use crate::grid::{check_text, text_cell_from, Grid, GridRow};
use crate::limits::Limits;
use credit_core::ledger::Cell;
use std::borrow::Cow;

/// The sheet name given to a csv file's only table.
pub const CSV_SHEET: &str = "csv";

/// Reads a csv file into one grid.
pub fn read_csv(bytes: &[u8], file_name: &str, limits: &Limits) -> Result<Grid, ImportError> {
    let text = decode(bytes);
    let delimiter = detect_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut number = 0u32;
    let mut cells_held = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                return Err(ImportError::Damaged {
                    file_name: file_name.to_owned(),
                    sheet: None,
                    detail: error.to_string(),
                });
            }
        }
        number = number.saturating_add(1);
        if number as usize > limits.max_rows_per_sheet {
            return Err(ImportError::TooManyRows {
                file_name: file_name.to_owned(),
                sheet: CSV_SHEET.into(),
                limit: limits.max_rows_per_sheet,
            });
        }
        let mut cells = Vec::with_capacity(record.len());
        for (column, field) in record.iter().enumerate() {
            check_text(field, file_name, CSV_SHEET, number, column, limits)?;
            cells.push(text_cell_from(field));
        }
        trim_trailing_empty(&mut cells);
        cells_held = cells_held.saturating_add(cells.len());
        if cells_held > limits.max_cells_per_sheet {
            return Err(ImportError::TooManyCells {
                file_name: file_name.to_owned(),
                sheet: CSV_SHEET.into(),
                limit: limits.max_cells_per_sheet,
            });
        }
        if !cells.is_empty() {
            cells.shrink_to_fit();
            rows.push(GridRow { number, cells });
        }
    }
    Ok(Grid {
        name: CSV_SHEET.into(),
        rows,
        date1904: false,
    })
}

fn trim_trailing_empty(cells: &mut Vec<Cell>) {
    while matches!(cells.last(), Some(Cell::Empty)) {
        cells.pop();
    }
}

/// UTF-8 (BOM or not) when valid, UTF-16 with a BOM, else Windows-1252 (what Excel writes on Windows).
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        return text;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// The delimiter that splits the first lines most consistently into more than one field.
fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|line| !line.trim().is_empty()).take(40).collect();
    let mut best = (b',', 0usize);
    for delimiter in [b';', b',', b'\t', b'|'] {
        let counts: Vec<usize> = lines.iter().map(|line| count_outside_quotes(line, delimiter)).collect();
        let mode = most_common_nonzero(&counts);
        let agreeing = counts.iter().filter(|&&count| count == mode && mode > 0).count();
        let score = agreeing * 1000 + mode;
        if score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for byte in line.bytes() {
        if byte == b'"' {
            quoted = !quoted;
        } else if byte == delimiter && !quoted {
            count += 1;
        }
    }
    count
}

fn most_common_nonzero(counts: &[usize]) -> usize {
    let mut best = (0, 0);
    for &candidate in counts.iter().filter(|&&count| count > 0) {
        let frequency = counts.iter().filter(|&&count| count == candidate).count();
        if frequency > best.1 || (frequency == best.1 && candidate > best.0) {
            best = (candidate, frequency);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(grid: &Grid) -> Vec<Vec<String>> {
        grid.rows
            .iter()
            .map(|row| {
                row.cells
                    .iter()
                    .map(|cell| match cell {
                        Cell::Text(text) => text.clone(),
                        _ => String::new(),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn semicolons_with_decimal_commas_are_not_split_on_the_commas() {
        let grid = read_csv(
            b"Klant;Bedrag\nJansen;1.234,56\nPieters;12,00\n",
            "x.csv",
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(texts(&grid)[1], vec!["Jansen", "1.234,56"]);
    }

    #[test]
    fn commas_with_quoted_fields() {
        let grid = read_csv(
            b"Customer,Amount\n\"Smith, J\",\"1,234.56\"\n",
            "x.csv",
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(texts(&grid)[1], vec!["Smith, J", "1,234.56"]);
    }

    #[test]
    fn bom_and_windows_1252_are_decoded() {
        let mut utf8 = b"\xEF\xBB\xBFClient;\xC3\x89ch\xC3\xA9ance\n".to_vec();
        utf8.extend_from_slice(b"A;1\n");
        assert_eq!(
            texts(&read_csv(&utf8, "x.csv", &Limits::default()).unwrap())[0],
            vec!["Client", "Échéance"]
        );
        let cp1252 = b"Client;\xC9ch\xE9ance\nA;1\n";
        assert_eq!(
            texts(&read_csv(cp1252, "x.csv", &Limits::default()).unwrap())[0],
            vec!["Client", "Échéance"]
        );
    }

    #[test]
    fn tabs_and_crlf() {
        let grid = read_csv(b"a\tb\r\n1\t2\r\n", "x.csv", &Limits::default()).unwrap();
        assert_eq!(texts(&grid)[1], vec!["1", "2"]);
        assert_eq!(grid.rows[1].number, 2);
    }
}
