//! Limits checked before the work, so that a hostile or accidental giant file is refused in
//! milliseconds instead of exhausting a Lambda's memory.

use crate::error::ImportError;
use std::io::Cursor;

/// What the importer accepts. The defaults allow a whole Excel sheet (1,048,576 rows).
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// The largest file, in bytes.
    pub max_file_bytes: usize,
    /// The largest total uncompressed size of a zip-based workbook, in bytes.
    pub max_uncompressed_bytes: u64,
    /// The largest compression ratio of a zip-based workbook (zip bombs reach thousands).
    pub max_compression_ratio: u64,
    /// The most sheets in a workbook.
    pub max_sheets: usize,
    /// The most rows in a sheet.
    pub max_rows_per_sheet: usize,
    /// The most cells (rows x columns) in a sheet.
    pub max_cells_per_sheet: usize,
    /// The longest text in a cell, in characters (Excel's own limit is 32,767).
    pub max_text_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 300 * 1024 * 1024,
            max_uncompressed_bytes: 2 * 1024 * 1024 * 1024,
            max_compression_ratio: 200,
            max_sheets: 255,
            max_rows_per_sheet: 1_048_576,
            max_cells_per_sheet: 40_000_000,
            max_text_chars: 32_767,
        }
    }
}

/// A zip smaller than this is never called a bomb: tiny workbooks compress very well.
const RATIO_FLOOR_BYTES: u64 = 20 * 1024 * 1024;

/// Refuses a zip whose directory declares more than the limits allow, before anything is inflated.
pub fn check_zip(bytes: &[u8], file_name: &str, limits: &Limits) -> Result<(), ImportError> {
    let damaged = |error: zip::result::ZipError| ImportError::Damaged {
        file_name: file_name.to_owned(),
        detail: error.to_string(),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    // The central directory's sizes, which hold even when entries use data descriptors.
    let mut uncompressed = 0u64;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(damaged)?;
        uncompressed = uncompressed.saturating_add(entry.size());
    }
    let compressed = (bytes.len() as u64).max(1);
    let ratio = uncompressed / compressed;
    let too_big = uncompressed > limits.max_uncompressed_bytes;
    let bomb = uncompressed > RATIO_FLOOR_BYTES && ratio > limits.max_compression_ratio;
    if too_big || bomb {
        return Err(ImportError::Inflates {
            file_name: file_name.to_owned(),
            bytes: uncompressed,
            ratio,
            limit: limits.max_uncompressed_bytes,
            ratio_limit: limits.max_compression_ratio,
        });
    }
    Ok(())
}
