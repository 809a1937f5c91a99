//! Measures an ods workbook before calamine reads it.
//!
//! ods compresses repetition in the XML itself: one cell element with `number-columns-repeated="16384"`
//! inside a row with `number-rows-repeated="1048576"` is a few hundred bytes that calamine expands into
//! a dense range of 17 billion cells, for every sheet, as soon as the workbook is opened. So the content
//! is walked once with the same XML reader calamine uses, and each sheet's expanded size (as calamine
//! would allocate it: the rows up to the last used one, times the widest used row) is held against the
//! limits first.

use crate::error::ImportError;
use crate::limits::Limits;
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor};

/// calamine caps ods repeats at Excel's size; so do we, to measure what it would build.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

#[derive(Default)]
struct TableSize {
    name: String,
    rows: u64,
    used_rows: u64,
    widest_row: u64,
}

#[derive(Default)]
struct RowSize {
    repeats: u64,
    used_width: u64,
    pending_empty: u64,
}

/// What the walk found besides the sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OdsLayout {
    /// Whether content.xml has white space between its cells or rows (a producer that indents its XML):
    /// calamine refuses it ("Expecting table-cell, found Text"), so it is compacted first.
    pub pretty_printed: bool,
}

/// Refuses an ods whose sheets would expand beyond the limits on sheets, rows or cells.
pub fn check_ods(bytes: &[u8], file_name: &str, limits: &Limits) -> Result<OdsLayout, ImportError> {
    let damaged = |detail: String| ImportError::Damaged {
        file_name: file_name.to_owned(),
        sheet: None,
        detail,
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|error| damaged(error.to_string()))?;
    let content = archive
        .by_name("content.xml")
        .map_err(|error| damaged(format!("content.xml: {error}")))?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::with_capacity(64 * 1024, content));
    let mut buffer = Vec::new();
    let mut sheets = 0usize;
    let mut table: Option<TableSize> = None;
    let mut row: Option<RowSize> = None;
    let mut layout = OdsLayout::default();
    let mut inside_cell = false;
    loop {
        let event = reader
            .read_event_into(&mut buffer)
            .map_err(|error| damaged(format!("content.xml: {error}")))?;
        match event {
            Event::Start(element) | Event::Empty(element) if element.name().as_ref() == "table:table" => {
                sheets += 1;
                if sheets > limits.max_sheets {
                    return Err(ImportError::TooManySheets {
                        file_name: file_name.to_owned(),
                        sheets,
                        limit: limits.max_sheets,
                    });
                }
                table = Some(TableSize {
                    name: attribute(&element, "table:name").unwrap_or_default(),
                    ..TableSize::default()
                });
            }
            Event::End(element) if element.name().as_ref() == "table:table" => {
                if let Some(table) = table.take() {
                    check_table(&table, file_name, limits)?;
                }
            }
            Event::Start(element) if element.name().as_ref() == "table:table-row" => {
                row = Some(RowSize {
                    repeats: repeats(&element, "table:number-rows-repeated"),
                    ..RowSize::default()
                });
            }
            Event::Empty(element) if element.name().as_ref() == "table:table-row" => {
                if let Some(table) = table.as_mut() {
                    table.rows = (table.rows + repeats(&element, "table:number-rows-repeated")).min(MAX_ROWS);
                }
            }
            Event::End(element) if element.name().as_ref() == "table:table-row" => {
                if let (Some(table), Some(row)) = (table.as_mut(), row.take()) {
                    table.rows = (table.rows + row.repeats).min(MAX_ROWS);
                    if row.used_width > 0 {
                        table.used_rows = table.rows;
                        table.widest_row = table.widest_row.max(row.used_width);
                    }
                }
            }
            Event::Text(ref text) if table.is_some() && !inside_cell => {
                layout.pretty_printed |= text.trim().is_empty();
            }
            Event::End(ref element) if is_cell_name(element.name().as_ref()) => inside_cell = false,
            Event::Start(ref element) | Event::Empty(ref element) if is_cell(element) => {
                inside_cell = matches!(event, Event::Start(_));
                // A cell with content (a value type, a formula, or child elements) is used; empty
                // cells count only when a used cell follows them in the row.
                let used = matches!(event, Event::Start(_))
                    || attribute(element, "office:value-type").is_some()
                    || attribute(element, "table:formula").is_some();
                let count = repeats(element, "table:number-columns-repeated");
                if let Some(row) = row.as_mut() {
                    if used {
                        row.used_width = (row.used_width + row.pending_empty + count).min(MAX_COLUMNS);
                        row.pending_empty = 0;
                    } else {
                        row.pending_empty = (row.pending_empty + count).min(MAX_COLUMNS);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    Ok(layout)
}

/// The same ods with the white space between elements of content.xml left out, except inside text
/// (`text:p`, `text:span`), where it is the cell's own. Every other part is copied as it is.
pub fn compact_ods(bytes: &[u8], file_name: &str) -> Result<Vec<u8>, ImportError> {
    let damaged = |detail: String| ImportError::Damaged {
        file_name: file_name.to_owned(),
        sheet: None,
        detail,
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|error| damaged(error.to_string()))?;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    for index in 0..archive.len() {
        let entry = archive.by_index(index).map_err(|error| damaged(error.to_string()))?;
        if entry.name().as_deref().ok() != Some("content.xml") {
            writer
                .raw_copy_file(entry)
                .map_err(|error| damaged(error.to_string()))?;
            continue;
        }
        // Deflated, fast: stored, a content.xml of up to the unpacked limit would be held whole in memory.
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1));
        writer
            .start_file("content.xml", deflated)
            .map_err(|error| damaged(error.to_string()))?;
        let mut reader = quick_xml::Reader::from_reader(BufReader::with_capacity(64 * 1024, entry));
        let mut xml = quick_xml::Writer::new(&mut writer);
        let mut buffer = Vec::new();
        let mut text_depth = 0usize;
        loop {
            let event = reader
                .read_event_into(&mut buffer)
                .map_err(|error| damaged(format!("content.xml: {error}")))?;
            match &event {
                Event::Eof => break,
                Event::Start(element) if element.name().as_ref().starts_with("text:") => text_depth += 1,
                Event::End(element) if element.name().as_ref().starts_with("text:") => {
                    text_depth = text_depth.saturating_sub(1);
                }
                Event::Text(text) if text_depth == 0 && text.trim().is_empty() => {
                    buffer.clear();
                    continue;
                }
                _ => {}
            }
            xml.write_event(event)
                .map_err(|error| damaged(format!("content.xml: {error}")))?;
            buffer.clear();
        }
    }
    writer
        .finish()
        .map(Cursor::into_inner)
        .map_err(|error| damaged(error.to_string()))
}

fn check_table(table: &TableSize, file_name: &str, limits: &Limits) -> Result<(), ImportError> {
    if table.used_rows > limits.max_rows_per_sheet as u64 {
        return Err(ImportError::TooManyRows {
            file_name: file_name.to_owned(),
            sheet: table.name.clone(),
            limit: limits.max_rows_per_sheet,
        });
    }
    if table.used_rows.saturating_mul(table.widest_row) > limits.max_cells_per_sheet as u64 {
        return Err(ImportError::TooManyCells {
            file_name: file_name.to_owned(),
            sheet: table.name.clone(),
            limit: limits.max_cells_per_sheet,
        });
    }
    Ok(())
}

fn is_cell(element: &BytesStart<'_>) -> bool {
    is_cell_name(element.name().as_ref())
}

fn is_cell_name(name: &str) -> bool {
    matches!(name, "table:table-cell" | "table:covered-table-cell")
}

fn attribute(element: &BytesStart<'_>, name: &str) -> Option<String> {
    element
        .try_get_attribute(name)
        .ok()
        .flatten()
        .map(|attribute| attribute.value.into_owned())
}

/// A repeat count; a missing or unreadable one counts once (calamine refuses the unreadable ones itself).
fn repeats(element: &BytesStart<'_>, name: &str) -> u64 {
    attribute(element, name)
        .and_then(|value| value.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn ods(content: &str) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        writer.start_file("mimetype", stored).unwrap();
        writer
            .write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        writer.start_file("content.xml", SimpleFileOptions::default()).unwrap();
        writer.write_all(content.as_bytes()).unwrap();
        writer.finish().unwrap().into_inner()
    }

    fn sheet(rows: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Blad1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
    }

    #[test]
    fn repeated_cells_and_rows_are_measured_expanded() {
        let bomb = ods(&sheet(
            r#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row>"#,
        ));
        assert!(bomb.len() < 2000);
        let error = check_ods(&bomb, "bomb.ods", &Limits::default()).unwrap_err();
        assert!(
            matches!(&error, ImportError::TooManyCells { sheet, .. } if sheet == "Blad1"),
            "{error:?}"
        );
    }

    #[test]
    fn trailing_empty_repeats_are_free_as_in_calamine() {
        // LibreOffice pads every sheet like this: empty cells to the last column, empty rows to the end.
        let padded = ods(&sheet(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Klant</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#,
        ));
        assert_eq!(
            check_ods(&padded, "padded.ods", &Limits::default()),
            Ok(OdsLayout::default())
        );
    }

    #[test]
    fn too_many_rows_and_sheets() {
        let rows = ods(&sheet(
            r#"<table:table-row table:number-rows-repeated="5000"><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#,
        ));
        let limits = Limits {
            max_rows_per_sheet: 4000,
            ..Limits::default()
        };
        assert!(matches!(
            check_ods(&rows, "rows.ods", &limits),
            Err(ImportError::TooManyRows { limit: 4000, .. })
        ));
        let limits = Limits {
            max_sheets: 0,
            ..Limits::default()
        };
        assert!(matches!(
            check_ods(&rows, "sheets.ods", &limits),
            Err(ImportError::TooManySheets { .. })
        ));
    }
}
