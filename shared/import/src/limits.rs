//! Limits checked before the work, so that a hostile or accidental giant file is refused in
//! milliseconds instead of exhausting a Lambda's memory.
//!
//! A zip-based workbook is judged by its central directory before calamine inflates a byte: the total
//! unpacked size, the compression ratio of the whole and of each part, and the size of the parts a
//! reader must hold whole in memory (shared strings, styles). Sheet data itself is streamed, and its
//! rows, cells and texts are counted as they arrive ([`crate::grid::GridBuilder`]).

use crate::error::ImportError;
use std::io::Cursor;

/// What the importer accepts. The defaults allow a whole Excel sheet 16 columns wide (1,048,576 rows).
///
/// Why 16 and not wider: memory. A cell costs 70 to 100 bytes by the time the ledger is analysed (the
/// cell, its text, the row it sits in, the entry made of it), and the functions have 1 GB (analyze) and
/// 2 GB (ingest). With 32 columns allowed, a csv of 1,048,000 rows by 32 one-character columns measured
/// 2.9 GB for the whole analysis, and at the 64 MiB upload limit the same shape 2.4 GB: more than the
/// ingest function has. With 16, that file is refused at 1.1 GB, and the widest one accepted (1,048,000
/// rows by 16) measured 1.76 GB (release builds, peak resident memory). Real exports within 64 MiB hold
/// fewer than 10 million cells (dates, amounts and names take 8 bytes a cell or more).
///
/// The defaults are for the `credit` command, which has the machine's memory. The functions size theirs
/// to the memory they are given ([`Limits::for_memory_mb`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The largest file, in bytes.
    pub max_file_bytes: usize,
    /// The largest total unpacked size of a zip-based workbook (xlsx, xlsm, xlsb, ods), in bytes.
    pub max_unpacked_bytes: u64,
    /// The largest compression ratio (unpacked / packed) of a zip-based workbook or of one of its sheets,
    /// for parts above [`RATIO_FLOOR_BYTES`]; parts held whole in memory (shared strings, styles) get
    /// half of it. Workbooks compress 5 to 30 times; zip bombs a thousand.
    pub max_compression_ratio: u64,
    /// The largest unpacked part other than sheet data (shared strings, styles...), in bytes: the
    /// spreadsheet reader holds these whole in memory.
    pub max_part_bytes: u64,
    /// The most sheets in a workbook.
    pub max_sheets: usize,
    /// The most rows in a sheet (Excel's own limit is 1,048,576).
    pub max_rows_per_sheet: usize,
    /// The most cells in a sheet, counting each row up to its last used column.
    pub max_cells_per_sheet: usize,
    /// The most rows in all sheets together: every sheet is held until the ledger is assembled, so
    /// many sheets each under the sheet limit would otherwise add up past the memory.
    pub max_rows_per_workbook: usize,
    /// The most cells in all sheets together, for the same reason.
    pub max_cells_per_workbook: usize,
    /// The longest text in a cell, in characters (Excel's own limit is 32,767).
    pub max_text_chars: usize,
    /// The most fields in one csv record, blank ones included. The csv reader holds a whole record
    /// before any of it can be looked at, 8 bytes or more a field: 60 MB of commas on one line took
    /// 1.7 GB. A million trailing delimiters (padding some exports write) are still read.
    pub max_fields_per_record: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 300 * 1024 * 1024,
            max_unpacked_bytes: 2 * 1024 * 1024 * 1024,
            max_compression_ratio: 200,
            max_part_bytes: 256 * 1024 * 1024,
            max_sheets: 255,
            max_rows_per_sheet: 1_048_576,
            max_cells_per_sheet: 16 * 1_048_576,
            // Two sheets at their limits: the command runs on the machine's memory (3.5 GB at most).
            max_rows_per_workbook: 2 * 1_048_576,
            max_cells_per_workbook: 32 * 1_048_576,
            max_text_chars: 32_767,
            max_fields_per_record: 1_048_576,
        }
    }
}

/// What one cell costs, in bytes, by the time the ledger is analysed and its workbook written: the
/// cell, its text, its copy in the ledger's original rows. Measured (peak resident memory of `credit
/// analyze`, csv ledgers of 100,000 and 200,000 rows with 6 and 16 columns): 59 bytes for each column
/// added; at a million rows, 68 bytes a cell from 16 to 32 columns. 100 leaves about half again for
/// longer texts and another allocator (the functions use the system one, the command mimalloc).
pub const BYTES_PER_CELL: u64 = 100;

/// What one row costs on top of its cells: the row, the entry made of it, its open item in the analysis,
/// its row of the written workbook. Measured alike: 800 bytes a row of 6 cells, so about 450 bytes
/// without them; 512 leaves some room. A row is dearer than a cell, so a narrow ledger reaches the
/// memory sooner than a wide one of the same cell count: rows get a limit of their own.
pub const BYTES_PER_ROW: u64 = 512;

/// Memory the limits leave to everything but the sheets' rows and cells: the runtime and its SDK
/// clients (22 MB measured at the analyze function's start), the uploaded file and its decoded copy (a
/// csv is turned into UTF-8 text), the written workbook and its copy going to S3 or into an e-mail.
pub const MEMORY_RESERVE_BYTES: u64 = 256 * 1024 * 1024;

/// The share of the memory left after [`MEMORY_RESERVE_BYTES`] the rows and cells may take, in percent:
/// the rest is headroom for what the figures above do not see (fragmentation, growth of vectors).
pub const MEMORY_USABLE_PERCENT: u64 = 85;

impl Limits {
    /// The limits for a process with `memory_mb` megabytes (a Lambda function's
    /// `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`), never above the defaults.
    ///
    /// Peak memory grows as `rows x BYTES_PER_ROW + cells x BYTES_PER_CELL`; a sheet at both limits
    /// must fit in the budget (the memory less [`MEMORY_RESERVE_BYTES`], [`MEMORY_USABLE_PERCENT`] of
    /// it, and at least a fifth of the memory for functions smaller than the reserve). Rows get at most
    /// half the budget, cells whatever rows leave. A part held whole (shared strings) takes about twice
    /// its unpacked size once read, on top of the cells it fills: it gets an eighth.
    ///
    /// What this gives (cells, rows, part MiB): 1024 MB (the analyze function) 3,422,552 cells, 668,467
    /// rows, 81 MiB; 2048 MB (ingest) 10,603,199 cells, the whole 1,048,576 rows, 190 MiB; 3008 MB and
    /// more the defaults. The million-row benchmark workbook (10 columns, 10.5 million cells, 1.28 GB
    /// measured) still fits the ingest function.
    pub fn for_memory_mb(memory_mb: u64) -> Limits {
        let defaults = Limits::default();
        let memory = memory_mb.saturating_mul(1024 * 1024);
        let budget = memory.saturating_sub(MEMORY_RESERVE_BYTES).max(memory / 5) / 100 * MEMORY_USABLE_PERCENT;
        let rows = (budget / 2 / BYTES_PER_ROW).min(defaults.max_rows_per_sheet as u64);
        let cells =
            (budget.saturating_sub(rows * BYTES_PER_ROW) / BYTES_PER_CELL).min(defaults.max_cells_per_sheet as u64);
        let part = (budget / 8).min(defaults.max_part_bytes);
        // Every value is at most its default, which is a usize: the casts cannot truncate.
        let rows = usize::try_from(rows).unwrap_or(defaults.max_rows_per_sheet);
        let cells = usize::try_from(cells).unwrap_or(defaults.max_cells_per_sheet);
        // The budget is the function's whole memory: all sheets together share it, so they may hold
        // what one sheet may, unless the budget covers the workbook defaults whole.
        let whole_workbook = defaults.max_rows_per_workbook as u64 * BYTES_PER_ROW
            + defaults.max_cells_per_workbook as u64 * BYTES_PER_CELL;
        let (workbook_rows, workbook_cells) = if budget >= whole_workbook {
            (defaults.max_rows_per_workbook, defaults.max_cells_per_workbook)
        } else {
            (rows, cells)
        };
        Limits {
            max_rows_per_sheet: rows,
            max_cells_per_sheet: cells,
            max_rows_per_workbook: workbook_rows,
            max_cells_per_workbook: workbook_cells,
            max_part_bytes: part,
            ..defaults
        }
    }
}

/// Below this unpacked size a part is never called a bomb: tiny parts compress very well.
pub const RATIO_FLOOR_BYTES: u64 = 16 * 1024 * 1024;

/// Refuses an upload larger than the file size limit.
pub fn check_file_size(bytes: &[u8], file_name: &str, limits: &Limits) -> Result<(), ImportError> {
    if bytes.len() > limits.max_file_bytes {
        return Err(ImportError::TooLarge {
            file_name: file_name.to_owned(),
            bytes: bytes.len(),
            limit: limits.max_file_bytes,
        });
    }
    Ok(())
}

/// Refuses a zip whose central directory declares more than the limits allow, before anything is
/// inflated. The directory's sizes hold even when the entries themselves use data descriptors.
pub fn check_zip(bytes: &[u8], file_name: &str, limits: &Limits) -> Result<(), ImportError> {
    let damaged = |error: zip::result::ZipError| ImportError::Damaged {
        file_name: file_name.to_owned(),
        sheet: None,
        detail: error.to_string(),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut unpacked = 0u64;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(damaged)?;
        let size = entry.size();
        unpacked = unpacked.saturating_add(size);
        let held_whole = !entry.name().is_ok_and(|name| is_sheet_data(&name));
        if size > RATIO_FLOOR_BYTES {
            let ratio = size / entry.compressed_size().max(1);
            let limit = part_ratio_limit(held_whole, limits);
            if ratio > limit {
                return Err(ImportError::CompressionTooHigh {
                    file_name: file_name.to_owned(),
                    ratio,
                    limit,
                });
            }
        }
        if size > limits.max_part_bytes && held_whole {
            return Err(ImportError::UnpacksTooLarge {
                file_name: file_name.to_owned(),
                part: Some(entry.name().map(|name| name.into_owned()).unwrap_or_default()),
                bytes: size,
                limit: limits.max_part_bytes,
            });
        }
    }
    if unpacked > limits.max_unpacked_bytes {
        return Err(ImportError::UnpacksTooLarge {
            file_name: file_name.to_owned(),
            part: None,
            bytes: unpacked,
            limit: limits.max_unpacked_bytes,
        });
    }
    let ratio = unpacked / (bytes.len() as u64).max(1);
    if unpacked > RATIO_FLOOR_BYTES && ratio > limits.max_compression_ratio {
        return Err(ImportError::CompressionTooHigh {
            file_name: file_name.to_owned(),
            ratio,
            limit: limits.max_compression_ratio,
        });
    }
    Ok(())
}

/// A part held whole in memory (shared strings, styles) gets half the ratio a streamed sheet gets: it
/// costs memory, not only time. Real workbooks' parts compress 4 to 31 times (measured on the samples,
/// the benchmark ledgers and our own annotated workbooks); plain deflate reaches 160 times with nothing
/// but back-references, which the whole-file ratio alone let through as 1.3 MB of shared strings
/// unpacking to 200 MB (tests/bad_files: zip-bomb-shared-strings.xlsx).
fn part_ratio_limit(held_whole: bool, limits: &Limits) -> u64 {
    if held_whole {
        limits.max_compression_ratio / 2
    } else {
        limits.max_compression_ratio
    }
}

/// Parts that are streamed rather than held whole: xlsx/xlsb worksheets, and the ods content (whose
/// expanded size [`crate::ods_guard`] measures separately).
fn is_sheet_data(name: &str) -> bool {
    name.starts_with("xl/worksheets/") || name == "content.xml"
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zip_of(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in parts {
            writer.start_file(*name, SimpleFileOptions::default()).unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zip_bomb_is_refused_from_its_directory() {
        let bomb = zip_of(&[("xl/worksheets/sheet1.xml", vec![b'<'; 40 * 1024 * 1024])]);
        assert!(bomb.len() < 200 * 1024, "the bomb is small: {}", bomb.len());
        let error = check_zip(&bomb, "bomb.xlsx", &Limits::default()).unwrap_err();
        assert!(
            matches!(error, ImportError::CompressionTooHigh { limit: 200, .. }),
            "{error:?}"
        );
    }

    #[test]
    fn unpacked_and_part_sizes_are_limited() {
        let workbook = zip_of(&[
            ("xl/sharedStrings.xml", b"<sst/>".repeat(1000)),
            ("xl/worksheets/sheet1.xml", b"<row/>".repeat(1000)),
        ]);
        assert_eq!(check_zip(&workbook, "ok.xlsx", &Limits::default()), Ok(()));
        let small_parts = Limits {
            max_part_bytes: 100,
            ..Limits::default()
        };
        assert!(matches!(
            check_zip(&workbook, "strings.xlsx", &small_parts),
            Err(ImportError::UnpacksTooLarge { limit: 100, .. })
        ));
        let small_total = Limits {
            max_unpacked_bytes: 10_000,
            ..Limits::default()
        };
        assert!(matches!(
            check_zip(&workbook, "big.xlsx", &small_total),
            Err(ImportError::UnpacksTooLarge { limit: 10_000, .. })
        ));
    }

    #[test]
    fn a_part_too_large_is_named() {
        let workbook = zip_of(&[("xl/sharedStrings.xml", b"<sst/>".repeat(1000))]);
        let limits = Limits {
            max_part_bytes: 100,
            ..Limits::default()
        };
        let error = check_zip(&workbook, "w.xlsx", &limits).unwrap_err();
        assert_eq!(
            error.message(credit_core::lang::Lang::En),
            "w.xlsx: the part xl/sharedStrings.xml would unpack to 0.0 MB; the limit for a part read whole is 0.0 MB."
        );
    }

    #[test]
    fn limits_follow_the_memory_and_never_pass_the_defaults() {
        let defaults = Limits::default();
        let analyze = Limits::for_memory_mb(1024);
        assert_eq!(analyze.max_cells_per_sheet, 3_422_552);
        assert_eq!(analyze.max_rows_per_sheet, 668_467);
        assert_eq!(analyze.max_part_bytes, 85_563_794);
        // What the limits allow fits what the function has, by the measured costs.
        let peak = |limits: &Limits| {
            MEMORY_RESERVE_BYTES
                + limits.max_rows_per_sheet as u64 * BYTES_PER_ROW
                + limits.max_cells_per_sheet as u64 * BYTES_PER_CELL
        };
        assert!(peak(&analyze) < 1024 * 1024 * 1024, "{}", peak(&analyze));
        let ingest = Limits::for_memory_mb(2048);
        assert_eq!(ingest.max_rows_per_sheet, defaults.max_rows_per_sheet);
        assert_eq!(ingest.max_cells_per_sheet, 10_603_199);
        assert!(peak(&ingest) < 2048 * 1024 * 1024, "{}", peak(&ingest));
        // All sheets together share that memory.
        for limits in [&analyze, &ingest] {
            assert_eq!(limits.max_rows_per_workbook, limits.max_rows_per_sheet);
            assert_eq!(limits.max_cells_per_workbook, limits.max_cells_per_sheet);
        }
        // The million-row benchmark ledger (10 columns) is still accepted where it was measured to fit.
        assert!(ingest.max_cells_per_sheet > 10 * 1_048_575);
        // What does not scale with memory is left as it is.
        assert_eq!(ingest.max_file_bytes, defaults.max_file_bytes);
        assert_eq!(ingest.max_text_chars, defaults.max_text_chars);
        assert_eq!(ingest.max_compression_ratio, defaults.max_compression_ratio);
        // Plenty of memory gives the defaults, never more.
        assert_eq!(Limits::for_memory_mb(10_240), defaults);
        assert_eq!(Limits::for_memory_mb(u64::MAX), defaults);
        // Below the reserve a fifth of the memory is still given to the ledger, and more memory never
        // gives lower limits.
        let smallest = Limits::for_memory_mb(128);
        assert_eq!(smallest.max_cells_per_sheet, 114_085);
        assert_eq!(smallest.max_rows_per_sheet, 22_282);
        let mut previous = Limits::for_memory_mb(0);
        assert_eq!(previous.max_cells_per_sheet, 0);
        for memory_mb in (64..=4096).step_by(64) {
            let limits = Limits::for_memory_mb(memory_mb);
            assert!(
                limits.max_cells_per_sheet >= previous.max_cells_per_sheet,
                "{memory_mb} MB"
            );
            assert!(
                limits.max_rows_per_sheet >= previous.max_rows_per_sheet,
                "{memory_mb} MB"
            );
            previous = limits;
        }
    }

    #[test]
    fn the_file_size_is_checked_first() {
        let limits = Limits {
            max_file_bytes: 3,
            ..Limits::default()
        };
        assert!(matches!(
            check_file_size(b"abcd", "f.csv", &limits),
            Err(ImportError::TooLarge { bytes: 4, limit: 3, .. })
        ));
    }
}
