//! Files that cannot be read at all get one clear error, in the user's language, naming the file and
//! the limit or what was expected; the limits are checked before the work they guard.

use credit_core::lang::Lang;
use credit_import::{read_ledger, ImportError, ImportOptions, Limits, LooksLike};
use rust_xlsxwriter::Workbook;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

fn read_with(bytes: &[u8], name: &str, limits: Limits) -> Result<credit_core::ledger::Ledger, ImportError> {
    read_ledger(
        bytes,
        name,
        &ImportOptions {
            limits,
            ..ImportOptions::default()
        },
    )
}

fn error(bytes: &[u8], name: &str) -> ImportError {
    read_ledger(bytes, name, &ImportOptions::default()).expect_err("refused")
}

/// Every message names the file, in each language.
fn assert_told(error: &ImportError, file_name: &str, english_words: &str) {
    for lang in Lang::ALL {
        let message = error.message(lang);
        assert!(message.starts_with(file_name), "{lang}: {message}");
    }
    let english = error.message(Lang::En);
    assert!(english.contains(english_words), "{english}");
}

fn small_workbook(sheets: usize, rows: u32) -> Vec<u8> {
    let mut workbook = Workbook::new();
    for index in 0..sheets {
        let sheet = workbook.add_worksheet().set_name(format!("S{index}")).expect("name");
        sheet
            .write_row(0, 0, ["Customer", "Due date", "Amount"])
            .expect("write");
        for row in 1..=rows {
            sheet.write_row(row, 0, ["Acme", "2026-10-01", "10"]).expect("write");
        }
    }
    workbook.save_to_buffer().expect("xlsx")
}

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        writer.start_file(*name, SimpleFileOptions::default()).expect("start");
        writer.write_all(content).expect("write");
    }
    writer.finish().expect("finish").into_inner()
}

#[test]
fn the_upload_size_limit() {
    let limits = Limits {
        max_file_bytes: 100,
        ..Limits::default()
    };
    let error = read_with(&[b'a'; 101], "big.csv", limits).expect_err("too big");
    assert!(matches!(
        error,
        ImportError::TooLarge {
            bytes: 101,
            limit: 100,
            ..
        }
    ));
    assert_told(&error, "big.csv", "file size limit");
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_inflated() {
    let bomb = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", b"<workbook/>"),
        ("xl/worksheets/sheet1.xml", &vec![b' '; 64 * 1024 * 1024]),
    ]);
    assert!(bomb.len() < 200_000);
    let error = error(&bomb, "bomb.xlsx");
    assert!(
        matches!(error, ImportError::CompressionTooHigh { limit: 200, .. }),
        "{error:?}"
    );
    assert_told(&error, "bomb.xlsx", "compression ratio limit is 200:1");
}

#[test]
fn the_unpacked_size_and_part_size_limits() {
    let workbook = small_workbook(1, 50);
    let unpacked = Limits {
        max_unpacked_bytes: 1000,
        ..Limits::default()
    };
    let error = read_with(&workbook, "w.xlsx", unpacked).expect_err("too big unpacked");
    assert!(matches!(error, ImportError::UnpacksTooLarge { limit: 1000, .. }));
    assert_told(&error, "w.xlsx", "unpacked size limit");
    let parts = Limits {
        max_part_bytes: 500,
        ..Limits::default()
    };
    assert!(matches!(
        read_with(&workbook, "w.xlsx", parts),
        Err(ImportError::UnpacksTooLarge { limit: 500, .. })
    ));
}

#[test]
fn the_sheet_count_limit() {
    let limits = Limits {
        max_sheets: 2,
        ..Limits::default()
    };
    let error = read_with(&small_workbook(3, 1), "many.xlsx", limits).expect_err("too many sheets");
    assert!(matches!(
        error,
        ImportError::TooManySheets {
            sheets: 3,
            limit: 2,
            ..
        }
    ));
    assert_told(&error, "many.xlsx", "sheet count limit is 2");
}

#[test]
fn the_row_limit_in_a_workbook_and_in_a_csv() {
    let limits = Limits {
        max_rows_per_sheet: 10,
        ..Limits::default()
    };
    let error = read_with(&small_workbook(1, 10), "rows.xlsx", limits.clone()).expect_err("11 rows");
    assert!(matches!(&error, ImportError::TooManyRows { sheet, limit: 10, .. } if sheet == "S0"));
    assert_told(&error, "rows.xlsx", "limit of 10 rows per sheet");
    assert!(read_with(&small_workbook(1, 9), "rows.xlsx", limits.clone()).is_ok());
    let csv = "Customer,Due date,Amount\n".to_owned() + &"Acme,2026-10-01,10\n".repeat(10);
    assert!(matches!(
        read_with(csv.as_bytes(), "rows.csv", limits),
        Err(ImportError::TooManyRows { limit: 10, .. })
    ));
}

#[test]
fn a_cell_far_away_counts_against_the_cell_limit_before_memory_is_taken() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .write_row(0, 0, ["Customer", "Due date", "Amount"])
        .expect("write");
    sheet.write_row(1, 0, ["Acme", "2026-10-01", "10"]).expect("write");
    sheet.write(1_048_575, 16_383, "the far corner").expect("write");
    let bytes = workbook.save_to_buffer().expect("xlsx");
    // By default it is just one more cell: the rows between are not held.
    let ledger = read_ledger(&bytes, "corner.xlsx", &ImportOptions::default()).expect("reads");
    assert_eq!(ledger.entries.len(), 1);
    let limits = Limits {
        max_cells_per_sheet: 10_000,
        ..Limits::default()
    };
    let error = read_with(&bytes, "corner.xlsx", limits).expect_err("too wide");
    assert!(matches!(error, ImportError::TooManyCells { limit: 10_000, .. }));
    assert_told(&error, "corner.xlsx", "limit of 10,000 cells per sheet");
}

#[test]
fn a_csv_line_of_endless_delimiters_is_refused_before_the_reader_holds_it() {
    // 60 MB of commas on one line took 1.7 GB in the csv reader before a cell could be counted.
    let mut text = b"Customer,Due date,Amount\nAcme,2026-10-01,10.00\n".to_vec();
    text.extend(std::iter::repeat_n(b',', 1_048_577));
    text.extend_from_slice(b"\nBeta,2026-10-01,20.00\n");
    let refused = error(&text, "endless.csv");
    assert!(
        matches!(
            refused,
            ImportError::TooManyFields {
                row: 3,
                limit: 1_048_576,
                ..
            }
        ),
        "{refused:?}"
    );
    assert_told(&refused, "endless.csv, ", "more than 1,048,576 fields on one line");
    assert!(
        refused.message(Lang::Nl).contains("rij 3"),
        "{}",
        refused.message(Lang::Nl)
    );

    // As wide as allowed, the padding is read and costs nothing.
    text.truncate(text.len() - b"\nBeta,2026-10-01,20.00\n".len() - 2);
    text.extend_from_slice(b"\nBeta,2026-10-01,20.00\n");
    let ledger = read_ledger(&text, "padded.csv", &ImportOptions::default()).expect("read");
    assert_eq!(ledger.entries.len(), 2);
}

#[test]
fn the_text_length_limit_names_the_cell() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Data").expect("name");
    sheet
        .write_row(0, 0, ["Customer", "Due date", "Amount"])
        .expect("write");
    sheet.write_row(1, 0, ["Acme", "2026-10-01", "10"]).expect("write");
    sheet.write(2, 1, "x".repeat(10_000)).expect("write");
    let bytes = workbook.save_to_buffer().expect("xlsx");
    assert!(
        read_ledger(&bytes, "long.xlsx", &ImportOptions::default()).is_ok(),
        "10,000 characters are fine"
    );
    let limits = Limits {
        max_text_chars: 5_000,
        ..Limits::default()
    };
    let error = read_with(&bytes, "long.xlsx", limits).expect_err("too long");
    assert!(matches!(
        &error,
        ImportError::TextTooLong { sheet, row: 3, column, length: 10_000, limit: 5_000, .. } if sheet == "Data" && column == "B"
    ));
    assert_told(
        &error,
        "long.xlsx",
        "sheet Data, row 3, column B: 10,000 characters; the limit for text in a cell is 5,000",
    );
}

#[test]
fn the_defaults_allow_a_whole_excel_sheet() {
    let limits = Limits::default();
    assert!(limits.max_rows_per_sheet >= 1_048_576);
    assert!(
        limits.max_cells_per_sheet >= 1_048_576 * 16,
        "a full sheet sixteen columns wide"
    );
    assert!(limits.max_text_chars >= 32_767, "Excel's own cell limit");
}

/// A compound file holding only an "EncryptedPackage" stream entry: what Excel writes for a
/// password-protected xlsx (the package inside is encrypted).
fn encrypted_container() -> Vec<u8> {
    let mut bytes = vec![0u8; 512 * 3];
    bytes[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    bytes[30] = 9;
    bytes[32] = 6;
    for (index, name) in ["Root Entry", "EncryptionInfo", "EncryptedPackage"].iter().enumerate() {
        let entry = 1024 + index * 128;
        let units: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes[entry..entry + units.len()].copy_from_slice(&units);
        bytes[entry + 64..entry + 66].copy_from_slice(&((units.len() + 2) as u16).to_le_bytes());
        bytes[entry + 66] = if index == 0 { 5 } else { 2 };
    }
    bytes
}

#[test]
fn a_password_protected_workbook_is_told_as_such() {
    let error = error(&encrypted_container(), "locked.xlsx");
    assert_eq!(
        error,
        ImportError::Encrypted {
            file_name: "locked.xlsx".into()
        }
    );
    assert_told(&error, "locked.xlsx", "password-protected");
    assert!(error.message(Lang::Fr).contains("mot de passe"));
}

#[test]
fn a_word_document_renamed_to_xlsx_is_told_as_such() {
    let docx = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", b"<w:document/>"),
    ]);
    let error = error(&docx, "ledger.xlsx");
    assert_eq!(
        error,
        ImportError::NotASpreadsheet {
            file_name: "ledger.xlsx".into(),
            looks_like: LooksLike::WordDocument
        }
    );
    assert_told(&error, "ledger.xlsx", "not a spreadsheet but a Word document");
    assert!(error.message(Lang::Nl).contains("Word-document"));
}

#[test]
fn other_files_that_are_not_spreadsheets() {
    let cases: [(&[u8], LooksLike); 5] = [
        (b"%PDF-1.7\n...", LooksLike::Pdf),
        (
            &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0],
            LooksLike::Image,
        ),
        (
            b"<html><body><table><tr><td>Klant</td></tr></table></body></html>",
            LooksLike::WebPage,
        ),
        (&[0x7F, b'E', b'L', b'F', 0, 0, 0, 0, 1, 2, 3], LooksLike::Binary),
        (b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", LooksLike::ZipArchive),
    ];
    for (bytes, looks_like) in cases {
        let error = error(bytes, "ledger.xls");
        assert_eq!(
            error,
            ImportError::NotASpreadsheet {
                file_name: "ledger.xls".into(),
                looks_like
            }
        );
        assert_told(&error, "ledger.xls", "Expected: xlsx");
    }
}

#[test]
fn empty_truncated_and_damaged_workbooks() {
    assert_eq!(
        error(b"", "empty.csv"),
        ImportError::Empty {
            file_name: "empty.csv".into()
        }
    );
    assert!(matches!(error(b"\n\n ;; \n", "blank.csv"), ImportError::Empty { .. }));
    let workbook = small_workbook(1, 5);
    let truncated = error(&workbook[..workbook.len() / 2], "half.xlsx");
    assert!(matches!(truncated, ImportError::Damaged { .. }), "{truncated:?}");
    assert_told(&truncated, "half.xlsx", "damaged");
    // Scramble the compressed sheet right after its name in the local file header.
    let mut corrupted = workbook.clone();
    let name = b"xl/worksheets/sheet1.xml";
    let at = corrupted
        .windows(name.len())
        .position(|window| window == name)
        .expect("sheet entry")
        + name.len();
    corrupted[at..at + 60].fill(0x55);
    let damaged = error(&corrupted, "bad.xlsx");
    assert!(matches!(damaged, ImportError::Damaged { .. }), "{damaged:?}");
}

#[test]
fn the_file_name_is_given_without_its_directories() {
    let error = error(b"", "C:\\Users\\an\\Documents\\grootboek.csv");
    assert_eq!(
        error,
        ImportError::Empty {
            file_name: "grootboek.csv".into()
        }
    );
}

#[test]
fn sheets_under_their_own_limits_are_still_held_to_the_workbooks() {
    // Three sheets of 301 rows by 3 columns: 903 cells each, 2,709 together.
    let bytes = small_workbook(3, 300);
    let per_sheet = Limits {
        max_rows_per_sheet: 400,
        max_cells_per_sheet: 1_000,
        ..Limits::default()
    };
    let ledger = read_with(&bytes, "three.xlsx", per_sheet.clone()).expect("each sheet fits");
    assert_eq!(ledger.entries.len(), 900);

    let cells = Limits {
        max_cells_per_workbook: 2_000,
        ..per_sheet.clone()
    };
    let error = read_with(&bytes, "three.xlsx", cells).expect_err("the sheets together are too large");
    assert!(
        matches!(&error, ImportError::TooManyCellsInWorkbook { sheet, limit: 2_000, .. } if sheet == "S2"),
        "{error:?}"
    );
    assert_told(
        &error,
        "three.xlsx",
        "limit of 2,000 cells per workbook (passed in sheet S2)",
    );

    let rows = Limits {
        max_rows_per_workbook: 700,
        ..per_sheet
    };
    let error = read_with(&bytes, "three.xlsx", rows).expect_err("too many rows together");
    assert!(
        matches!(&error, ImportError::TooManyRowsInWorkbook { sheet, limit: 700, .. } if sheet == "S2"),
        "{error:?}"
    );
}

#[test]
fn a_functions_memory_bounds_the_whole_workbook() {
    let limits = Limits::for_memory_mb(1024);
    assert_eq!(limits.max_cells_per_workbook, limits.max_cells_per_sheet);
    assert_eq!(limits.max_rows_per_workbook, limits.max_rows_per_sheet);
    let defaults = Limits::default();
    assert!(defaults.max_cells_per_workbook >= defaults.max_cells_per_sheet);
    assert_eq!(Limits::for_memory_mb(10_240), defaults);
}
