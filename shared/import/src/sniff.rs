//! Tells the format from the bytes, the file name's extension only breaking ties, so that a workbook
//! saved under the wrong name is still read and a Word file under a workbook's name gets a clear error.

use crate::error::{ImportError, LooksLike};
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

/// The format of `bytes`, or why they are not a spreadsheet. The extension only breaks ties: an
/// OpenDocument zip without its `mimetype` entry, and nothing else, because a workbook saved under the
/// wrong name must still be read.
pub fn sniff(bytes: &[u8], file_name: &str) -> Result<Format, ImportError> {
    let not_a_spreadsheet = |looks_like| ImportError::NotASpreadsheet {
        file_name: file_name.to_owned(),
        looks_like,
    };
    if bytes.is_empty() {
        return Err(ImportError::Empty {
            file_name: file_name.to_owned(),
        });
    }
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(b"PK\x05\x06") {
        return zip_format(bytes, file_name);
    }
    if bytes.starts_with(CFB_MAGIC) {
        // An encrypted (password-protected) xlsx is a CFB container holding the encrypted package; so is
        // a .doc, and a legacy .xls holds a "Workbook" (or, before Excel 97, "Book") stream.
        return if cfb_has_entry(bytes, "EncryptedPackage") {
            Err(ImportError::Encrypted {
                file_name: file_name.to_owned(),
            })
        } else if cfb_has_entry(bytes, "Workbook") || cfb_has_entry(bytes, "Book") {
            Ok(Format::Xls)
        } else if cfb_has_entry(bytes, "WordDocument") {
            Err(not_a_spreadsheet(LooksLike::WordDocument))
        } else if cfb_has_entry(bytes, "PowerPoint Document") {
            Err(not_a_spreadsheet(LooksLike::Presentation))
        } else {
            Err(not_a_spreadsheet(LooksLike::Binary))
        };
    }
    if bytes.starts_with(b"%PDF") {
        return Err(not_a_spreadsheet(LooksLike::Pdf));
    }
    if bytes.starts_with(&[0x89, b'P', b'N', b'G'])
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"GIF8")
    {
        return Err(not_a_spreadsheet(LooksLike::Image));
    }
    if looks_like_text(bytes) {
        if looks_like_html(bytes) {
            return Err(not_a_spreadsheet(LooksLike::WebPage));
        }
        if bytes.starts_with(b"<?xml") && contains(bytes, b"urn:schemas-microsoft-com:office:spreadsheet") {
            return Err(not_a_spreadsheet(LooksLike::XmlSpreadsheet));
        }
        return Ok(Format::Csv);
    }
    Err(not_a_spreadsheet(LooksLike::Binary))
}

fn zip_format(bytes: &[u8], file_name: &str) -> Result<Format, ImportError> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|error| ImportError::Damaged {
        file_name: file_name.to_owned(),
        sheet: None,
        detail: error.to_string(),
    })?;
    let has = |name: &str| {
        archive
            .file_names()
            .any(|entry| entry.is_ok_and(|entry| entry.eq_ignore_ascii_case(name)))
    };
    let not_a_spreadsheet = |looks_like| ImportError::NotASpreadsheet {
        file_name: file_name.to_owned(),
        looks_like,
    };
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase());
    if has("xl/workbook.xml") {
        Ok(Format::Xlsx)
    } else if has("xl/workbook.bin") {
        Ok(Format::Xlsb)
    } else if let Some(format) = declared_workbook(bytes) {
        Ok(format)
    } else if has("content.xml") && (has("mimetype") || extension.as_deref() == Some("ods")) {
        if ods_is_encrypted(bytes) {
            Err(ImportError::Encrypted {
                file_name: file_name.to_owned(),
            })
        } else {
            Ok(Format::Ods)
        }
    } else if has("word/document.xml") || has("content.xml") && extension.as_deref() == Some("odt") {
        Err(not_a_spreadsheet(LooksLike::WordDocument))
    } else if has("ppt/presentation.xml") {
        Err(not_a_spreadsheet(LooksLike::Presentation))
    } else {
        Err(not_a_spreadsheet(LooksLike::ZipArchive))
    }
}

/// The format `[Content_Types].xml` declares for the workbook part, wherever the package puts it: the
/// part name `xl/workbook.xml` is a convention, and the officeDocument relationship may point elsewhere
/// (`xl/workbook2.xml`), which Excel and calamine open.
fn declared_workbook(bytes: &[u8]) -> Option<Format> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let types = archive.by_name("[Content_Types].xml").ok()?;
    let mut text = Vec::new();
    // A content types part lists one line per part; a megabyte bounds what a hostile one costs.
    types.take(1024 * 1024).read_to_end(&mut text).ok()?;
    let declares = |content_type: &[u8]| text.windows(content_type.len()).any(|window| window == content_type);
    if declares(b"ms-excel.sheet.binary.macroEnabled.main") {
        Some(Format::Xlsb)
    } else if declares(b"spreadsheetml.sheet.main+xml")
        || declares(b"spreadsheetml.template.main+xml")
        || declares(b"ms-excel.sheet.macroEnabled.main+xml")
        || declares(b"ms-excel.template.macroEnabled.main+xml")
    {
        Some(Format::Xlsx)
    } else {
        None
    }
}

/// Whether an ods was saved with a password: its manifest then gives each encrypted part's cipher, and
/// content.xml is noise to an XML reader (which would call the file damaged).
fn ods_is_encrypted(bytes: &[u8]) -> bool {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let Ok(manifest) = archive.by_name("META-INF/manifest.xml") else {
        return false;
    };
    let mut text = Vec::new();
    // A manifest lists a few dozen parts; a megabyte is plenty and bounds what a hostile one costs.
    if manifest.take(1024 * 1024).read_to_end(&mut text).is_err() {
        return false;
    }
    contains(&text, b"manifest:encryption-data")
}

/// Whether a CFB (OLE2) container has a directory entry of that name. Entries are 128-byte records
/// starting on 128-byte boundaries after the 512-byte header: the UTF-16 name, then its length in bytes
/// (terminator included) at offset 64. Looking only there keeps a cell that happens to hold the text
/// "WordDocument" from being taken for a directory entry.
fn cfb_has_entry(bytes: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let declared_length = u16::try_from(needle.len() + 2).unwrap_or(u16::MAX).to_le_bytes();
    bytes
        .get(512..)
        .unwrap_or_default()
        .chunks_exact(128)
        .any(|entry| entry.starts_with(&needle) && entry[64..66] == declared_length && (1..=5).contains(&entry[66]))
}

fn contains(bytes: &[u8], needle: &[u8]) -> bool {
    bytes[..bytes.len().min(4096)]
        .windows(needle.len())
        .any(|window| window == needle)
}

/// An HTML table saved as ".xls" by some accounting packages.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let start = head
        .iter()
        .position(|byte| !byte.is_ascii_whitespace() && *byte != 0xEF && *byte != 0xBB && *byte != 0xBF)
        .unwrap_or(head.len());
    let head = &head[start..];
    [b"<!doctype html".as_slice(), b"<html", b"<table"]
        .iter()
        .any(|tag| head.len() >= tag.len() && head[..tag.len()].eq_ignore_ascii_case(tag))
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
    fn a_workbook_part_elsewhere_is_found_by_its_content_type() {
        use std::io::Write;
        let zip_of = |parts: &[(&str, &str)]| {
            let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
            for (name, content) in parts {
                writer
                    .start_file(*name, zip::write::SimpleFileOptions::default())
                    .unwrap();
                writer.write_all(content.as_bytes()).unwrap();
            }
            writer.finish().unwrap().into_inner()
        };
        let types = |content_type: &str| {
            format!(
                r#"<Types><Override PartName="/xl/workbook2.xml" ContentType="application/{content_type}"/></Types>"#
            )
        };
        let xlsx = types("vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
        let xlsm = types("vnd.ms-excel.sheet.macroEnabled.main+xml");
        let xlsb = types("vnd.ms-excel.sheet.binary.macroEnabled.main");
        let docx = types("vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml");
        let sniffed = |types: &str| {
            sniff(
                &zip_of(&[("[Content_Types].xml", types), ("xl/workbook2.xml", "<workbook/>")]),
                "w.xlsx",
            )
        };
        assert_eq!(sniffed(&xlsx), Ok(Format::Xlsx));
        assert_eq!(sniffed(&xlsm), Ok(Format::Xlsx));
        assert_eq!(sniffed(&xlsb), Ok(Format::Xlsb));
        assert!(matches!(sniffed(&docx), Err(ImportError::NotASpreadsheet { .. })));
    }

    #[test]
    fn a_truncated_zip_is_damaged_not_a_panic() {
        assert!(matches!(
            sniff(b"PK\x03\x04\x14\x00\x00\x00", "x.xlsx"),
            Err(ImportError::Damaged { .. })
        ));
    }
}
