//! Delimited text: the encoding (UTF-8 with or without BOM, UTF-16, Windows-1252) and the delimiter
//! (`;`, `,`, tab, `|`) are detected, then the records become a [`Grid`] of text cells.

use crate::csv_width::check_record_widths;
use crate::error::ImportError;
use crate::grid::{check_text, is_blank, text_cell_from, Grid, GridRow};
use crate::limits::Limits;
use credit_core::ledger::Cell;
use std::borrow::Cow;

/// The sheet name given to a csv file's only table.
pub const CSV_SHEET: &str = "csv";

/// Reads a csv file into one grid.
pub fn read_csv(bytes: &[u8], file_name: &str, limits: &Limits) -> Result<Grid, ImportError> {
    let text = decode(bytes);
    let delimiter = detect_delimiter(&text);
    check_record_widths(text.as_bytes(), delimiter, limits.max_fields_per_record, file_name)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut number = 0u32;
    let mut records = 0usize;
    let mut cells_held = 0usize;
    let mut last_record_start = None;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {
                // The csv reader skips blank lines (a record's position is where they begin), but
                // Excel and LibreOffice show each as a row, and our row numbers must be theirs.
                let blank_lines = record
                    .position()
                    .and_then(|position| usize::try_from(position.byte()).ok())
                    .map_or(0, |start| blank_lines_at(text.as_bytes(), start));
                number = number.saturating_add(u32::try_from(blank_lines).unwrap_or(u32::MAX));
                last_record_start = record
                    .position()
                    .map(|position| (position.byte(), number.saturating_add(1)))
            }
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
        records += 1;
        if records > limits.max_rows_per_sheet {
            return Err(ImportError::TooManyRows {
                file_name: file_name.to_owned(),
                sheet: CSV_SHEET.into(),
                limit: limits.max_rows_per_sheet,
            });
        }
        // Only the cells up to the last non-blank one are held, and they are counted before they are
        // allocated: a line of a million delimiters costs nothing, a million values are refused first.
        let width = (0..record.len())
            .rev()
            .find(|&column| record.get(column).is_some_and(|field| !is_blank(field)))
            .map_or(0, |last| last + 1);
        cells_held = cells_held.saturating_add(width);
        if cells_held > limits.max_cells_per_sheet {
            return Err(ImportError::TooManyCells {
                file_name: file_name.to_owned(),
                sheet: CSV_SHEET.into(),
                limit: limits.max_cells_per_sheet,
            });
        }
        if width == 0 {
            continue;
        }
        let mut cells = Vec::with_capacity(width);
        for (column, field) in record.iter().take(width).enumerate() {
            check_text(field, file_name, CSV_SHEET, number, column, limits)?;
            cells.push(csv_cell(field));
        }
        rows.push(GridRow { number, cells });
    }
    if let Some((start, row)) = last_record_start {
        let rest = usize::try_from(start)
            .ok()
            .and_then(|start| text.as_bytes().get(start..));
        if rest.is_some_and(|rest| ends_inside_quotes(rest, delimiter)) {
            return Err(ImportError::UnclosedQuote {
                file_name: file_name.to_owned(),
                row,
            });
        }
    }
    Ok(Grid {
        name: CSV_SHEET.into(),
        rows,
        date1904: false,
        hidden: false,
    })
}

/// How many blank lines come before the record the reader positions at `start`. The reader stops a
/// CRLF line end at its CR, so the LF right after it still ends the previous record.
fn blank_lines_at(bytes: &[u8], start: usize) -> usize {
    let mut rest = bytes.get(start..).unwrap_or_default();
    if start > 0 && bytes.get(start - 1) == Some(&b'\r') {
        rest = rest.strip_prefix(b"\n").unwrap_or(rest);
    }
    rest.iter()
        .take_while(|&&byte| byte == b'\n' || byte == b'\r')
        .filter(|&&byte| byte == b'\n')
        .count()
}

/// A csv field as a cell. Excel writes a formula's error into a csv as its text ("#N/A"), and
/// LibreOffice as "Err:502": both are errors, told as such, not unreadable amounts or dates.
fn csv_cell(field: &str) -> Cell {
    match text_cell_from(field) {
        Cell::Text(text) if is_error_value(&text) => Cell::Error(text),
        cell => cell,
    }
}

fn is_error_value(text: &str) -> bool {
    const EXCEL: [&str; 15] = [
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#UNKNOWN!",
        "#CONNECT!",
        "#BUSY!",
    ];
    EXCEL.iter().any(|error| text.eq_ignore_ascii_case(error))
        || text
            .strip_prefix("Err:")
            .is_some_and(|code| code.len() == 3 && code.bytes().all(|byte| byte.is_ascii_digit()))
}

/// Whether a csv text, read from the start of a record to the end of the file, ends inside a quoted
/// field. The csv reader takes everything after an unclosed quote as one field and says nothing; this
/// walks the record with the reader's own rules (a quote opens a field only at its start, `""` inside
/// is a quote) to tell.
fn ends_inside_quotes(text: &[u8], delimiter: u8) -> bool {
    let mut quoted = false;
    let mut at_field_start = true;
    let mut bytes = text.iter().copied().peekable();
    while let Some(byte) = bytes.next() {
        if quoted {
            if byte == b'"' {
                if bytes.peek() == Some(&b'"') {
                    bytes.next();
                } else {
                    quoted = false;
                }
            }
        } else if byte == b'"' && at_field_start {
            quoted = true;
            at_field_start = false;
        } else {
            at_field_start = byte == delimiter || byte == b'\n' || byte == b'\r';
        }
    }
    quoted
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
    fn blank_fields_cost_no_cells_and_values_are_counted_before_they_are_held() {
        let limits = Limits {
            max_cells_per_sheet: 10,
            ..Limits::default()
        };
        let mut padded = b"Klant;Bedrag".to_vec();
        padded.extend(std::iter::repeat_n(b';', 1_000_000));
        padded.extend_from_slice(b"\nJansen;12,00\n");
        let grid = read_csv(&padded, "padded.csv", &limits).unwrap();
        assert_eq!(texts(&grid), vec![vec!["Klant", "Bedrag"], vec!["Jansen", "12,00"]]);
        let wide = "1;".repeat(11);
        assert!(matches!(
            read_csv(wide.as_bytes(), "wide.csv", &limits),
            Err(ImportError::TooManyCells { limit: 10, .. })
        ));
    }

    #[test]
    fn an_unclosed_quote_is_refused_and_closed_multiline_cells_are_not() {
        let unclosed = b"Klant;Bedrag\nJansen;1,00\n\"Pieters;2,00\nSmit;3,00\n";
        assert_eq!(
            read_csv(unclosed, "q.csv", &Limits::default()).unwrap_err(),
            ImportError::UnclosedQuote {
                file_name: "q.csv".into(),
                row: 3
            }
        );
        let closed = b"Klant;Notitie;Bedrag\nJansen;\"regel 1\nregel \"\"2\"\"\";1,00\nSmit;\"\";3,00";
        let grid = read_csv(closed, "q.csv", &Limits::default()).unwrap();
        assert_eq!(texts(&grid)[1], vec!["Jansen", "regel 1\nregel \"2\"", "1,00"]);
        assert_eq!(texts(&grid)[2], vec!["Smit", "", "3,00"]);
    }

    #[test]
    fn spreadsheet_errors_written_as_text_are_errors() {
        let grid = read_csv(b"a;b;c;d\n#N/A;#ref!;Err:502;#NA\n", "e.csv", &Limits::default()).unwrap();
        assert_eq!(
            grid.rows[1].cells,
            vec![
                Cell::Error("#N/A".into()),
                Cell::Error("#ref!".into()),
                Cell::Error("Err:502".into()),
                Cell::Text("#NA".into())
            ]
        );
    }

    #[test]
    fn blank_lines_count_as_rows_as_in_a_spreadsheet() {
        let crlf = "Report\r\n\r\nCustomer;Note\r\n\r\n\r\nA;\"two\r\nlines\"\r\nB;x\r\n";
        for csv in [crlf.to_owned(), crlf.replace("\r\n", "\n"), format!("\n{crlf}")] {
            let grid = read_csv(csv.as_bytes(), "x.csv", &Limits::default()).unwrap();
            let numbers: Vec<u32> = grid.rows.iter().map(|row| row.number).collect();
            let shift = u32::from(csv.starts_with('\n'));
            assert_eq!(numbers, [1, 3, 6, 7].map(|number| number + shift), "{csv:?}");
        }
    }

    #[test]
    fn tabs_and_crlf() {
        let grid = read_csv(b"a\tb\r\n1\t2\r\n", "x.csv", &Limits::default()).unwrap();
        assert_eq!(texts(&grid)[1], vec!["1", "2"]);
        assert_eq!(grid.rows[1].number, 2);
    }
}
