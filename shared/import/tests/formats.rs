//! The same ledger in every workbook format reads the same: xlsx built here, ods and xls converted
//! from it by LibreOffice and committed under tests/fixtures (see tests/fixtures/README.md), and an
//! xlsx switched to the 1904 date system.

use chrono::NaiveDate;
use credit_core::issue::IssueKind;
use credit_core::lang::Lang;
use credit_core::ledger::{DocumentKind, Ledger};
use credit_import::{read_ledger, ImportOptions};
use pretty_assertions::assert_eq;
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::str::FromStr;

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("decimal")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// A Dutch open-items workbook: a title row, the header on row 3, date cells and text dates, numbers
/// and text amounts, a credit note, subtotal rows, and a customers sheet.
fn reference_workbook() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let money = Format::new().set_num_format("#,##0.00");
    let when = |y, m, d| ExcelDateTime::from_ymd(y, m, d).expect("date");
    let sheet = workbook.add_worksheet().set_name("Openstaande posten").expect("name");
    sheet.write(0, 0, "Openstaande posten per 31-10-2026").expect("write");
    let headers = [
        "Klantnummer",
        "Naam",
        "Factuurnummer",
        "Factuurdatum",
        "Vervaldatum",
        "Bedrag",
        "Openstaand",
        "Soort",
    ];
    sheet.write_row(2, 0, headers).expect("write");
    sheet.write(3, 0, 10001).expect("write");
    sheet.write(3, 1, "Jansen BV").expect("write");
    sheet.write(3, 2, "F-2026-001").expect("write");
    sheet
        .write_datetime_with_format(3, 3, when(2026, 9, 1), &date)
        .expect("write");
    sheet
        .write_datetime_with_format(3, 4, when(2026, 10, 1), &date)
        .expect("write");
    sheet.write_number_with_format(3, 5, 1210.0, &money).expect("write");
    sheet.write_number_with_format(3, 6, 605.5, &money).expect("write");
    sheet.write(3, 7, "Factuur").expect("write");
    sheet.write(4, 0, 10001).expect("write");
    sheet.write(4, 1, "Jansen BV").expect("write");
    sheet.write(4, 2, "C-2026-002").expect("write");
    sheet
        .write_datetime_with_format(4, 3, when(2026, 10, 5), &date)
        .expect("write");
    sheet.write(4, 4, "05-11-2026").expect("write");
    sheet.write(4, 5, "250,00").expect("write");
    sheet.write(4, 6, "250,00").expect("write");
    sheet.write(4, 7, "Creditnota").expect("write");
    sheet.write(5, 0, "Totaal 10001").expect("write");
    sheet.write_number_with_format(5, 6, 355.5, &money).expect("write");
    sheet.write(6, 0, 10002).expect("write");
    sheet.write(6, 1, "Pieters & Zn").expect("write");
    sheet.write(6, 2, "F-2026-003").expect("write");
    sheet
        .write_datetime_with_format(6, 3, when(2026, 8, 15), &date)
        .expect("write");
    sheet
        .write_datetime_with_format(6, 4, when(2026, 9, 14), &date)
        .expect("write");
    sheet.write_number_with_format(6, 5, 5000.0, &money).expect("write");
    sheet.write_number_with_format(6, 6, 5000.0, &money).expect("write");
    sheet.write(6, 7, "Factuur").expect("write");
    sheet.write(7, 0, "Totaal").expect("write");
    sheet.write_number_with_format(7, 6, 5355.5, &money).expect("write");
    let customers = workbook.add_worksheet().set_name("Klanten").expect("name");
    customers
        .write_row(
            0,
            0,
            [
                "Klantnummer",
                "Naam",
                "Kredietlimiet",
                "Betalingstermijn",
                "E-mail",
                "Telefoon",
            ],
        )
        .expect("write");
    customers.write(1, 0, 10001).expect("write");
    customers.write_row(1, 1, ["Jansen BV"]).expect("write");
    customers.write(1, 2, 10000).expect("write");
    customers.write(1, 3, 30).expect("write");
    customers
        .write_row(1, 4, ["boekhouding@jansen.test", "012 34 56 78"])
        .expect("write");
    customers.write(2, 0, 10002).expect("write");
    customers.write_row(2, 1, ["Pieters & Zn"]).expect("write");
    customers.write(2, 2, 2500).expect("write");
    customers.write(2, 3, 14).expect("write");
    customers.write_row(2, 4, ["", "+32 9 123 45 67"]).expect("write");
    workbook.save_to_buffer().expect("xlsx")
}

/// What every format must give for the reference workbook.
fn assert_reference(ledger: &Ledger, format: &str) {
    assert_eq!(ledger.source.format, format);
    assert_eq!(ledger.source.language, Some(Lang::Nl));
    assert_eq!(
        ledger.source.rows_read, 5,
        "the rows below the header, blank ones excluded"
    );
    let seen: Vec<_> = ledger
        .entries
        .iter()
        .map(|entry| {
            (
                entry.at.row,
                entry.customer_id.as_str(),
                entry.customer_name.as_deref(),
                entry.document.as_deref(),
                entry.kind,
                entry.invoice_date,
                entry.due_date,
                entry.amount,
                entry.open,
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                4,
                "10001",
                Some("Jansen BV"),
                Some("F-2026-001"),
                DocumentKind::Invoice,
                Some(day(2026, 9, 1)),
                day(2026, 10, 1),
                Some(dec("1210")),
                Some(dec("605.5")),
            ),
            (
                5,
                "10001",
                Some("Jansen BV"),
                Some("C-2026-002"),
                DocumentKind::CreditNote,
                Some(day(2026, 10, 5)),
                day(2026, 11, 5),
                Some(dec("-250")),
                Some(dec("-250")),
            ),
            (
                7,
                "10002",
                Some("Pieters & Zn"),
                Some("F-2026-003"),
                DocumentKind::Invoice,
                Some(day(2026, 8, 15)),
                day(2026, 9, 14),
                Some(dec("5000")),
                Some(dec("5000")),
            ),
        ],
        "{format}"
    );
    let totals: Vec<Option<u32>> = ledger
        .issues
        .iter()
        .filter(|issue| matches!(issue.kind, IssueKind::TotalRowSkipped { .. }))
        .map(|issue| issue.row)
        .collect();
    assert_eq!(totals, vec![Some(6), Some(8)], "{format}");
    let customers: Vec<_> = ledger
        .customers
        .iter()
        .map(|customer| {
            (
                customer.id.as_str(),
                customer.credit_limit,
                customer.payment_terms_days,
                customer.email.as_deref(),
                customer.phone.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        customers,
        vec![
            (
                "10001",
                Some(dec("10000")),
                Some(30),
                Some("boekhouding@jansen.test"),
                Some("012 34 56 78")
            ),
            ("10002", Some(dec("2500")), Some(14), None, Some("+32 9 123 45 67")),
        ],
        "{format}"
    );
    // The sheet table gives back the user's rows, each entry pointing at its own.
    let table = &ledger.sheets[0];
    assert_eq!((table.name.as_str(), table.header_row), ("Openstaande posten", 3));
    for entry in &ledger.entries {
        let row = table
            .rows
            .iter()
            .find(|row| row.row == entry.at.row)
            .expect("the entry's row");
        assert_eq!(row.cells.len(), 8);
    }
}

#[test]
fn xlsx_reference() {
    let ledger = read_ledger(&reference_workbook(), "openstaand.xlsx", &ImportOptions::default()).expect("reads");
    assert_reference(&ledger, "xlsx");
}

#[test]
fn ods_made_by_libreoffice_reads_the_same() {
    let ledger = read_ledger(&fixture("reference.ods"), "openstaand.ods", &ImportOptions::default()).expect("reads");
    assert_reference(&ledger, "ods");
}

#[test]
fn xls_made_by_libreoffice_reads_the_same() {
    let ledger = read_ledger(&fixture("reference.xls"), "openstaand.xls", &ImportOptions::default()).expect("reads");
    assert_reference(&ledger, "xls");
}

#[test]
fn the_committed_xlsx_is_the_reference_workbook_read_back() {
    let committed =
        read_ledger(&fixture("reference.xlsx"), "reference.xlsx", &ImportOptions::default()).expect("reads");
    assert_reference(&committed, "xlsx");
}

#[test]
fn a_workbook_under_the_wrong_extension_is_read_by_its_content() {
    let ledger = read_ledger(&fixture("reference.xls"), "openstaand.xlsx", &ImportOptions::default()).expect("reads");
    assert_eq!(ledger.source.format, "xls");
    let ledger = read_ledger(&reference_workbook(), "openstaand.csv", &ImportOptions::default()).expect("reads");
    assert_eq!(ledger.source.format, "xlsx");
}

/// Writes the reference workbook where the fixtures live; run by hand to regenerate them.
#[test]
#[ignore = "regenerates tests/fixtures/reference.xlsx; see tests/fixtures/README.md"]
fn write_reference_workbook() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference.xlsx");
    std::fs::write(&path, reference_workbook()).expect("write");
}

/// Old Mac workbooks count days from 1904: 44864 is then 31 October 2026, as a date cell and as a bare
/// number in a date column.
#[test]
fn the_1904_date_system() {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = workbook.add_worksheet();
    sheet
        .write_row(0, 0, ["Customer", "Invoice", "Due date", "Amount"])
        .expect("write");
    sheet.write_row(1, 0, ["A", "1"]).expect("write");
    sheet.write_number_with_format(1, 2, 44864.0, &date).expect("write");
    sheet.write(1, 3, 10).expect("write");
    sheet.write_row(2, 0, ["A", "2"]).expect("write");
    sheet.write(2, 2, 44864).expect("write");
    sheet.write(2, 3, 20).expect("write");
    let bytes = with_1904_dates(&workbook.save_to_buffer().expect("xlsx"));
    let ledger = read_ledger(&bytes, "mac.xlsx", &ImportOptions::default()).expect("reads");
    let due: Vec<NaiveDate> = ledger.entries.iter().map(|entry| entry.due_date).collect();
    assert_eq!(due, vec![day(2026, 10, 31), day(2026, 10, 31)]);

    let plain = read_ledger(
        &workbook.save_to_buffer().expect("xlsx"),
        "pc.xlsx",
        &ImportOptions::default(),
    )
    .expect("reads");
    assert_eq!(
        plain.entries[1].due_date,
        day(2022, 10, 30),
        "the 1900 system, for comparison"
    );
}

/// The same workbook with `date1904="1"` in its workbook properties, as Excel for Mac wrote them.
fn with_1904_dates(xlsx: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(xlsx)).expect("zip");
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("entry");
        let name = entry.name().expect("name").into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).expect("read");
        if name == "xl/workbook.xml" {
            let text = String::from_utf8(content).expect("utf-8");
            assert!(text.contains("<workbookPr"), "{text}");
            content = text
                .replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
                .into_bytes();
        }
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        writer.write_all(&content).expect("write");
    }
    writer.finish().expect("finish").into_inner()
}
