//! Tells the format from the bytes, the file name's extension only breaking ties, so that a workbook
//! saved under the wrong name is still read and a Word file under a workbook's name gets a clear error.

use crate::error::ImportError;
use std::io::{Cursor, Read};

/// A format the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML workbook (xlsx, xlsm).
    Xlsx,
    /// Excel binary workbook.
    Xlsb,
    /// Excel 97-2003 workbook.
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
    /// Delimited text.
    Csv,
}

impl Format {
    /// The short name used in `Source::format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The format of `bytes`, or why they are not a spreadsheet.
pub fn sniff(bytes: &[u8], file_name: &str) -> Result<Format, ImportError> {
    let not_a_spreadsheet = |looks_like: &str| ImportError::NotASpreadsheet {
        file_name: file_name.to_owned(),
        looks_like: looks_like.to_owned(),
    };
    if bytes.is_empty() {
        return Err(ImportError::Empty {
            file_name: file_name.to_owned(),
        });
    }
    if bytes.starts_with(ZIP_MAGIC) {
        return zip_format(bytes, file_name);
    }
    if bytes.starts_with(CFB_MAGIC) {
        return if contains_utf16(bytes, "EncryptedPackage") {
            Err(ImportError::Encrypted {
                file_name: file_name.to_owned(),
            })
        } else if contains_utf16(bytes, "WordDocument") {
            Err(not_a_spreadsheet("a Word document"))
        } else if contains_utf16(bytes, "PowerPoint Document") {
            Err(not_a_spreadsheet("a PowerPoint presentation"))
        } else {
            Ok(Format::Xls)
        };
    }
    if bytes.starts_with(b"%PDF") {
        return Err(not_a_spreadsheet("a PDF document"));
    }
    if bytes.starts_with(&[0x89, b'P', b'N', b'G'])
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"GIF8")
    {
        return Err(not_a_spreadsheet("an image"));
    }
    if looks_like_text(bytes) {
        return Ok(Format::Csv);
    }
    Err(not_a_spreadsheet("a binary file"))
}

fn zip_format(bytes: &[u8], file_name: &str) -> Result<Format, ImportError> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|error| ImportError::Damaged {
        file_name: file_name.to_owned(),
        detail: error.to_string(),
    })?;
    let has = |name: &str| {
        archive
            .file_names()
            .any(|entry| entry.is_ok_and(|entry| entry.eq_ignore_ascii_case(name)))
    };
    if has("xl/workbook.xml") {
        Ok(Format::Xlsx)
    } else if has("xl/workbook.bin") {
        Ok(Format::Xlsb)
    } else if has("content.xml") && has("mimetype") {
        Ok(Format::Ods)
    } else if has("word/document.xml") {
        Err(ImportError::NotASpreadsheet {
            file_name: file_name.to_owned(),
            looks_like: "a Word document".into(),
        })
    } else if has("ppt/presentation.xml") {
        Err(ImportError::NotASpreadsheet {
            file_name: file_name.to_owned(),
            looks_like: "a PowerPoint presentation".into(),
        })
    } else {
        Err(ImportError::NotASpreadsheet {
            file_name: file_name.to_owned(),
            looks_like: "a zip archive".into(),
        })
    }
}

/// Whether an xlsx workbook counts dates from 1904 (old Mac Excel), which shifts every serial by 1462 days.
pub fn xlsx_uses_1904(bytes: &[u8]) -> bool {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let Ok(entry) = archive.by_name("xl/workbook.xml") else {
        return false;
    };
    let mut head = String::new();
    // The flag sits in <workbookPr>, near the top.
    if entry.take(64 * 1024).read_to_string(&mut head).is_err() {
        return false;
    }
    head.contains("date1904=\"1\"") || head.contains("date1904=\"true\"")
}

fn contains_utf16(bytes: &[u8], text: &str) -> bool {
    let needle: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|window| window == needle.as_slice())
}

/// Text has no NUL bytes outside UTF-16, and few control characters.
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&byte| byte < 0x09 || (byte > 0x0D && byte < 0x20))
        .count();
    !head.contains(&0) && control * 100 <= head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_csv_and_binaries_are_named() {
        assert_eq!(sniff(b"a;b\n1;2\n", "x.csv"), Ok(Format::Csv));
        assert!(matches!(
            sniff(b"%PDF-1.4 ...", "x.xlsx"),
            Err(ImportError::NotASpreadsheet { .. })
        ));
        assert!(matches!(
            sniff(&[0, 1, 2, 3, 0, 0, 7], "x.xlsx"),
            Err(ImportError::NotASpreadsheet { .. })
        ));
        assert!(matches!(sniff(b"", "x.xlsx"), Err(ImportError::Empty { .. })));
    }

    #[test]
    fn a_truncated_zip_is_damaged_not_a_panic() {
        assert!(matches!(
            sniff(b"PK\x03\x04\x14\x00\x00\x00", "x.xlsx"),
            Err(ImportError::Damaged { .. })
        ));
    }
}
