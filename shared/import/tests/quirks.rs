//! Every format quirk of issue 2, in a workbook or csv built here, read through the public entry point.

use chrono::NaiveDate;
use credit_core::issue::{IssueKind, Severity};
use credit_core::ledger::{Cell, DocumentKind, Ledger};
use credit_import::{read_ledger, ImportError, ImportOptions};
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use std::str::FromStr;

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("decimal")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn read(bytes: &[u8], name: &str) -> Ledger {
    read_ledger(bytes, name, &ImportOptions::default()).unwrap_or_else(|error| panic!("{error}"))
}

/// A Dutch open-items export: title rows, header on row 5, a subtotal per customer and a grand total.
fn dutch_export() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let sheet = workbook.add_worksheet().set_name("Openstaande posten").expect("name");
    sheet.write(0, 0, "Openstaande posten debiteuren").expect("write");
    sheet.write(1, 0, "Bakkerij Jansen BV").expect("write");
    sheet.write(2, 0, "Rapportdatum: 31-10-2026").expect("write");
    let headers = [
        "Debiteurnr.",
        "Naam",
        "Factuurnr.",
        "Factuurdatum",
        "Vervaldatum",
        "Bedrag",
        "Openstaand",
        "Soort",
    ];
    for (column, header) in headers.iter().enumerate() {
        sheet.write(4, column as u16, *header).expect("write");
    }
    // Row 6: date cells and numbers.
    sheet.write(5, 0, 10001).expect("write");
    sheet.write(5, 1, "Jansen").expect("write");
    sheet.write(5, 2, "F-1").expect("write");
    sheet
        .write_datetime_with_format(5, 3, ExcelDateTime::from_ymd(2026, 9, 1).expect("d"), &date)
        .expect("write");
    sheet
        .write_datetime_with_format(5, 4, ExcelDateTime::from_ymd(2026, 10, 1).expect("d"), &date)
        .expect("write");
    sheet.write(5, 5, 1210.0).expect("write");
    sheet.write(5, 6, 605.5).expect("write");
    // Row 7: a serial in a General cell, text dates and text amounts; a credit note given as positive.
    sheet.write(6, 0, 10001).expect("write");
    sheet.write(6, 1, "Jansen").expect("write");
    sheet.write(6, 2, "C-1").expect("write");
    sheet.write(6, 3, 46296).expect("write");
    sheet.write(6, 4, "15-10-2026").expect("write");
    sheet.write(6, 5, "1.234,56").expect("write");
    sheet.write(6, 6, "1.234,56").expect("write");
    sheet.write(6, 7, "Creditnota").expect("write");
    // Row 8: the subtotal.
    sheet.write(7, 0, "Totaal 10001 Jansen").expect("write");
    sheet.write(7, 6, -629.06).expect("write");
    // Row 10 (after a blank row): a row without customer, one with an unreadable date, one with #N/A.
    sheet.write(9, 2, "F-9").expect("write");
    sheet.write(9, 5, 10.0).expect("write");
    sheet.write(9, 6, 10.0).expect("write");
    sheet.write(10, 0, 10002).expect("write");
    sheet.write(10, 1, "Pieters").expect("write");
    sheet.write(10, 4, "binnenkort").expect("write");
    sheet.write(10, 5, 99.0).expect("write");
    sheet.write(11, 0, 10002).expect("write");
    sheet.write(11, 1, "Pieters").expect("write");
    sheet.write(11, 4, "31-10-2026").expect("write");
    sheet
        .write_formula(11, 5, Formula::new("=NA()").set_result("#N/A"))
        .expect("write");
    sheet.write(12, 0, "Totaal").expect("write");
    workbook.save_to_buffer().expect("xlsx")
}

#[test]
fn title_rows_subtotals_and_totals_are_skipped_and_said() {
    let ledger = read(&dutch_export(), "debiteuren.xlsx");
    assert_eq!(ledger.source.format, "xlsx");
    assert_eq!(ledger.source.language, Some(credit_core::lang::Lang::Nl));
    assert_eq!(ledger.sheets[0].header_row, 5);
    let totals: Vec<u32> = ledger
        .issues
        .iter()
        .filter(|issue| matches!(issue.kind, IssueKind::TotalRowSkipped { .. }))
        .filter_map(|issue| issue.row)
        .collect();
    assert_eq!(totals, vec![8, 13]);
    assert_eq!(ledger.entries.len(), 2);
}

#[test]
fn date_cells_serials_text_dates_and_text_amounts_are_read() {
    let ledger = read(&dutch_export(), "debiteuren.xlsx");
    let invoice = &ledger.entries[0];
    assert_eq!(
        (invoice.customer_id.as_str(), invoice.document.as_deref()),
        ("10001", Some("F-1"))
    );
    assert_eq!(invoice.invoice_date, Some(day(2026, 9, 1)));
    assert_eq!(invoice.due_date, day(2026, 10, 1));
    assert_eq!(invoice.amount, Some(dec("1210")));
    assert_eq!(invoice.open, Some(dec("605.5")));
    let credit = &ledger.entries[1];
    assert_eq!(
        credit.invoice_date,
        Some(day(2026, 10, 1)),
        "serial 46296 is 1 October 2026"
    );
    assert_eq!(credit.due_date, day(2026, 10, 15));
    assert_eq!(credit.kind, DocumentKind::CreditNote);
    assert_eq!(
        credit.amount,
        Some(dec("-1234.56")),
        "credit notes are negative whatever the export wrote"
    );
    assert_eq!(credit.open, Some(dec("-1234.56")));
    // The table keeps the values as understood, for the annotated workbook.
    let row = ledger.sheets[0].rows.iter().find(|row| row.row == 7).expect("row 7");
    assert_eq!(row.cells[4], Cell::Date(day(2026, 10, 15)));
    assert_eq!(row.cells[5], Cell::Number(dec("1234.56")));
}

#[test]
fn unusable_rows_are_reported_with_row_and_column() {
    let ledger = read(&dutch_export(), "debiteuren.xlsx");
    let find = |code: &str| {
        ledger
            .issues
            .iter()
            .find(|issue| issue.kind.code() == code)
            .unwrap_or_else(|| panic!("no {code}: {:?}", ledger.issues))
    };
    let missing = find("missing_customer");
    assert_eq!(
        (missing.row, missing.column.as_deref(), missing.severity),
        (Some(10), Some("Debiteurnr."), Severity::Warning)
    );
    let unreadable = find("unreadable_date");
    assert_eq!(
        (unreadable.row, unreadable.column.as_deref()),
        (Some(11), Some("Vervaldatum"))
    );
    assert_eq!(
        unreadable.kind,
        IssueKind::UnreadableDate {
            value: "binnenkort".into()
        }
    );
    let error = find("cell_error");
    assert_eq!((error.row, error.column.as_deref()), (Some(12), Some("Bedrag")));
    let message = missing.message(credit_core::lang::Lang::Nl);
    assert!(!message.is_empty());
}

#[test]
fn open_is_the_open_column_else_amount_minus_paid_else_amount_unless_paid() {
    let csv = "Customer;Invoice;Due date;Amount;Amount paid;Paid date\n\
               A;1;2026-10-01;100,00;40,00;\n\
               A;2;2026-10-01;100,00;;2026-10-05\n\
               A;3;2026-10-01;100,00;;\n";
    let ledger = read(csv.as_bytes(), "x.csv");
    let as_of = day(2026, 10, 31);
    let open: Vec<Decimal> = ledger.entries.iter().map(|entry| entry.open_at(as_of)).collect();
    assert_eq!(open, vec![dec("60"), dec("0"), dec("100")]);
}

#[test]
fn month_first_dates_are_read_when_the_column_says_so() {
    let csv = "Customer,Invoice Date,Due Date,Amount\nA,10/2/2026,11/1/2026,10\nB,9/25/2026,10/25/2026,20\n";
    let ledger = read(csv.as_bytes(), "us.csv");
    assert_eq!(ledger.entries[0].invoice_date, Some(day(2026, 10, 2)));
    assert_eq!(ledger.entries[0].due_date, day(2026, 11, 1));
    assert!(ledger.issues.iter().all(|issue| issue.kind.code() != "ambiguous_dates"));
}

#[test]
fn undecidable_english_dates_are_read_day_first_and_said() {
    let csv = "Customer,Due Date,Amount\nA,01/02/2026,10\n";
    let ledger = read(csv.as_bytes(), "uk.csv");
    assert_eq!(ledger.entries[0].due_date, day(2026, 2, 1));
    assert!(ledger.issues.iter().any(|issue| issue.kind
        == IssueKind::AmbiguousDates {
            assumed: "dd/mm/yyyy".into()
        }));
}

#[test]
fn french_amounts_with_spaces_signs_and_accounting_negatives() {
    let csv = "Client;Échéance;Montant TTC\n\
               Dupont;31/10/2026;1\u{a0}234,56 €\n\
               Dupont;31/10/2026;(1 809,60 €)\n\
               Dupont;31/10/2026;12,00-\n\
               Dupont;31/10/2026;2\u{202f}000,00\n\
               Total général;;-\n";
    let ledger = read(csv.as_bytes(), "fr.csv");
    let amounts: Vec<Option<Decimal>> = ledger.entries.iter().map(|entry| entry.amount).collect();
    assert_eq!(
        amounts,
        vec![
            Some(dec("1234.56")),
            Some(dec("-1809.60")),
            Some(dec("-12.00")),
            Some(dec("2000.00"))
        ]
    );
    assert_eq!(ledger.source.currency.as_deref(), Some("EUR"));
    assert_eq!(ledger.source.language, Some(credit_core::lang::Lang::Fr));
    assert_eq!(ledger.entries[1].kind, DocumentKind::CreditNote);
}

#[test]
fn due_dates_are_derived_from_the_customer_terms_and_said() {
    let mut workbook = Workbook::new();
    let ledger_sheet = workbook.add_worksheet().set_name("Invoices").expect("name");
    for (column, header) in ["Customer ID", "Customer", "Invoice Date", "Amount"].iter().enumerate() {
        ledger_sheet.write(0, column as u16, *header).expect("write");
    }
    ledger_sheet
        .write_row(1, 0, ["C1", "Acme", "2026-10-01", "100"])
        .expect("write");
    ledger_sheet
        .write_row(2, 0, ["C2", "Beta", "2026-10-01", "100"])
        .expect("write");
    let customers = workbook.add_worksheet().set_name("Customers").expect("name");
    customers
        .write_row(0, 0, ["Customer ID", "Name", "Credit limit", "Payment terms", "E-mail"])
        .expect("write");
    customers
        .write_row(1, 0, ["C1", "Acme", "5,000.00", "14", "ap@acme.test"])
        .expect("write");
    let ledger = read(&workbook.save_to_buffer().expect("xlsx"), "history.xlsx");
    assert_eq!(
        ledger.entries[0].due_date,
        day(2026, 10, 15),
        "the customer's own 14 days"
    );
    assert_eq!(ledger.entries[1].due_date, day(2026, 10, 31), "the default 30 days");
    assert!(ledger
        .issues
        .iter()
        .any(|issue| issue.kind.code() == "due_date_derived"));
    let acme = &ledger.customers[0];
    assert_eq!(
        (acme.credit_limit, acme.payment_terms_days),
        (Some(dec("5000.00")), Some(14))
    );
    assert_eq!(acme.email.as_deref(), Some("ap@acme.test"));
}

#[test]
fn duplicates_and_other_currencies_are_reported() {
    let csv = "Customer,Invoice,Due Date,Amount,Currency\nA,1,2026-10-01,10,EUR\nA,1,2026-10-01,10,EUR\nB,2,2026-10-01,99,USD\n";
    let ledger = read(csv.as_bytes(), "x.csv");
    assert!(ledger.issues.iter().any(|issue| issue.kind
        == IssueKind::DuplicateInvoice {
            invoice: "1".into(),
            first_row: 2
        }));
    assert!(ledger
        .issues
        .iter()
        .any(|issue| issue.kind.code() == "other_currency" && issue.row == Some(4)));
    assert_eq!(ledger.entries.len(), 2, "the USD row stays out of an EUR ledger");
    assert_eq!(ledger.source.currency.as_deref(), Some("EUR"));
}

#[test]
fn a_file_without_a_ledger_header_says_what_it_found() {
    let error = read_ledger(b"Name;Colour\nTom;blue\n", "pets.csv", &ImportOptions::default()).expect_err("no ledger");
    assert!(matches!(error, ImportError::NoLedgerSheet { .. }));
    let message = error.message(credit_core::lang::Lang::Fr);
    assert!(message.contains("pets.csv") && message.contains("en-tête"), "{message}");
}

#[test]
fn windows_1252_csv_with_bom_less_accents() {
    let bytes = b"Client;\xC9ch\xE9ance;Montant\nCaf\xE9 du Nord;31/10/2026;12,50\n";
    let ledger = read(bytes, "fr.csv");
    assert_eq!(ledger.entries[0].customer_id, "Café du Nord");
    assert_eq!(ledger.entries[0].amount, Some(dec("12.50")));
}
