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

fn issues_of<'a>(ledger: &'a Ledger, code: &str) -> Vec<&'a credit_core::issue::Issue> {
    ledger.issues.iter().filter(|issue| issue.kind.code() == code).collect()
}

#[test]
fn the_header_may_sit_anywhere_in_the_first_30_rows() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Export").expect("name");
    sheet.write(0, 0, "Debtors report").expect("write");
    sheet.write(3, 2, "Printed 31/10/2026").expect("write");
    sheet
        .write_row(29, 0, ["Customer", "Due date", "Amount"])
        .expect("write");
    sheet.write_row(30, 0, ["Acme", "2026-10-01", "10"]).expect("write");
    let ledger = read(&workbook.save_to_buffer().expect("xlsx"), "deep.xlsx");
    assert_eq!(ledger.sheets[0].header_row, 30);
    assert_eq!(ledger.entries[0].at.row, 31);
}

#[test]
fn a_header_below_row_30_is_an_error_naming_the_sheet_and_what_was_found() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Export").expect("name");
    sheet.write_row(0, 0, ["Customer", "Colour"]).expect("write");
    sheet
        .write_row(30, 0, ["Customer", "Due date", "Amount"])
        .expect("write");
    sheet.write_row(31, 0, ["Acme", "2026-10-01", "10"]).expect("write");
    let error = read_ledger(
        &workbook.save_to_buffer().expect("xlsx"),
        "deep.xlsx",
        &ImportOptions::default(),
    )
    .expect_err("too deep");
    let message = error.message(credit_core::lang::Lang::En);
    assert!(
        message.contains("deep.xlsx")
            && message.contains("first 30 rows")
            && message.contains("Export (row 1): Customer"),
        "{message}"
    );
    let dutch = error.message(credit_core::lang::Lang::Nl);
    assert!(dutch.contains("eerste 30 rijen"), "{dutch}");
}

#[test]
fn german_headers_are_understood_too() {
    let csv = "Kundennummer;Kunde;Rechnungsnummer;Rechnungsdatum;Fälligkeitsdatum;Betrag;Bezahlt;Zahlungsdatum;Währung;Strittig;Belegart\n\
               K1;Müller GmbH;R-1;01.09.2026;01.10.2026;1.000,00;400,00;15.10.2026;EUR;nein;Rechnung\n\
               K1;Müller GmbH;G-1;05.09.2026;05.10.2026;100,00;;;EUR;ja;Gutschrift\n";
    let ledger = read(csv.as_bytes(), "de.csv");
    assert_eq!(
        ledger.source.language, None,
        "German is read, but not a language we write in"
    );
    let first = &ledger.entries[0];
    assert_eq!(
        (
            first.customer_id.as_str(),
            first.customer_name.as_deref(),
            first.document.as_deref()
        ),
        ("K1", Some("Müller GmbH"), Some("R-1"))
    );
    assert_eq!(
        (first.invoice_date, first.due_date),
        (Some(day(2026, 9, 1)), day(2026, 10, 1))
    );
    assert_eq!((first.amount, first.paid), (Some(dec("1000")), Some(dec("400"))));
    assert_eq!(first.paid_date, Some(day(2026, 10, 15)));
    assert!(!first.disputed);
    let credit = &ledger.entries[1];
    assert_eq!(
        (credit.kind, credit.amount, credit.disputed),
        (DocumentKind::CreditNote, Some(dec("-100")), true)
    );
}

#[test]
fn dotted_day_month_year_dates() {
    let csv = "Klant;Vervaldatum;Bedrag\nA;1.2.2026;10\nB;31.12.2026;20\n";
    let ledger = read(csv.as_bytes(), "punt.csv");
    let due: Vec<NaiveDate> = ledger.entries.iter().map(|entry| entry.due_date).collect();
    assert_eq!(due, vec![day(2026, 2, 1), day(2026, 12, 31)]);
}

#[test]
fn each_date_column_is_decided_by_its_values_then_by_the_other_date_columns() {
    // The invoice dates alone could be either order; the due dates settle it for the sheet.
    let csv = "Customer,Invoice Date,Due Date,Amount\nA,01/02/2026,03/25/2026,10\nB,04/05/2026,06/04/2026,20\n";
    let ledger = read(csv.as_bytes(), "us.csv");
    assert_eq!(ledger.entries[0].invoice_date, Some(day(2026, 1, 2)));
    assert_eq!(ledger.entries[1].invoice_date, Some(day(2026, 4, 5)));
    assert_eq!(ledger.entries[1].due_date, day(2026, 6, 4));
    assert!(issues_of(&ledger, "ambiguous_dates").is_empty());
}

#[test]
fn a_date_against_its_column_order_is_reported_not_guessed() {
    let csv = "Customer,Due Date,Amount\nA,25/10/2026,10\nB,26/10/2026,20\nC,10/27/2026,30\n";
    let ledger = read(csv.as_bytes(), "mixed.csv");
    assert_eq!(ledger.entries.len(), 2);
    let unreadable = issues_of(&ledger, "unreadable_date");
    assert_eq!(unreadable.len(), 1);
    assert_eq!(
        (unreadable[0].row, unreadable[0].column.as_deref()),
        (Some(4), Some("Due Date"))
    );
}

#[test]
fn undecidable_french_dates_are_read_day_first_and_said_as_information() {
    let csv = "Client;Échéance;Montant\nA;01/02/2026;10\n";
    let ledger = read(csv.as_bytes(), "fr.csv");
    assert_eq!(ledger.entries[0].due_date, day(2026, 2, 1));
    let assumed = issues_of(&ledger, "ambiguous_dates");
    assert_eq!(assumed.len(), 1);
    assert_eq!(
        (assumed[0].severity, assumed[0].column.as_deref()),
        (Severity::Info, Some("Échéance"))
    );
}

#[test]
fn english_amounts_with_comma_thousands_and_currency_codes_either_side() {
    let csv = "Customer,Due Date,Amount\nA,2026-10-01,\"1,234.56\"\nA,2026-10-01,USD 12.50\nA,2026-10-01,99.90 USD\nA,2026-10-01,$5\n";
    let ledger = read(csv.as_bytes(), "usd.csv");
    let amounts: Vec<Option<Decimal>> = ledger.entries.iter().map(|entry| entry.amount).collect();
    assert_eq!(
        amounts,
        vec![
            Some(dec("1234.56")),
            Some(dec("12.50")),
            Some(dec("99.90")),
            Some(dec("5"))
        ]
    );
    assert_eq!(
        ledger.source.currency.as_deref(),
        Some("USD"),
        "from the signs and codes"
    );
}

#[test]
fn dutch_amounts_with_euro_signs_and_codes_either_side() {
    let csv = "Klant;Vervaldatum;Bedrag\nA;01-10-2026;€ 1.234,56\nA;01-10-2026;1.234,56 EUR\nA;01-10-2026;EUR -7,5\nA;01-10-2026;€1.000\n";
    let ledger = read(csv.as_bytes(), "eur.csv");
    let amounts: Vec<Option<Decimal>> = ledger.entries.iter().map(|entry| entry.amount).collect();
    assert_eq!(
        amounts,
        vec![
            Some(dec("1234.56")),
            Some(dec("1234.56")),
            Some(dec("-7.5")),
            Some(dec("1000"))
        ]
    );
    assert_eq!(ledger.source.currency.as_deref(), Some("EUR"));
}

#[test]
fn unallocated_payments_stay_negative_open_items() {
    let csv = "Customer;Document type;Invoice;Due date;Amount;Open\n\
               A;Invoice;1;2026-10-01;100,00;100,00\n\
               A;Payment on account;P-7;2026-10-10;40,00;40,00\n";
    let ledger = read(csv.as_bytes(), "x.csv");
    let payment = &ledger.entries[1];
    assert_eq!(
        (payment.kind, payment.amount, payment.open),
        (DocumentKind::Payment, Some(dec("-40")), Some(dec("-40")))
    );
    let as_of = day(2026, 10, 31);
    let open: Decimal = ledger.entries.iter().map(|entry| entry.open_at(as_of)).sum();
    assert_eq!(open, dec("60"));
}

#[test]
fn debit_and_credit_columns_make_one_signed_amount() {
    let csv = "Klant;Factuur;Vervaldatum;Debet;Credit\nA;1;01-10-2026;100,00;\nA;2;01-10-2026;;30,00\n";
    let ledger = read(csv.as_bytes(), "dc.csv");
    let amounts: Vec<_> = ledger.entries.iter().map(|entry| (entry.amount, entry.kind)).collect();
    assert_eq!(
        amounts,
        vec![
            (Some(dec("100")), DocumentKind::Invoice),
            (Some(dec("-30")), DocumentKind::CreditNote)
        ]
    );
}

#[test]
fn section_headings_and_repeated_headers_inside_the_data_are_skipped_and_said() {
    let csv = "Klant;Factuur;Vervaldatum;Bedrag\n\
               Klant 10001 Jansen;;;\n\
               Jansen;F-1;01-10-2026;100,00\n\
               Klant;Factuur;Vervaldatum;Bedrag\n\
               Pieters;F-2;01-10-2026;50,00\n";
    let ledger = read(csv.as_bytes(), "secties.csv");
    assert_eq!(ledger.entries.len(), 2);
    let skipped: Vec<(Option<u32>, Severity)> = issues_of(&ledger, "section_row_skipped")
        .iter()
        .map(|issue| (issue.row, issue.severity))
        .collect();
    assert_eq!(skipped, vec![(Some(2), Severity::Info), (Some(4), Severity::Info)]);
}

#[test]
fn a_customer_named_total_is_a_customer() {
    let csv = "Customer,Invoice,Due Date,Amount\nTotal Energies SA,F-1,2026-10-01,100\nTotal,,,100\n";
    let ledger = read(csv.as_bytes(), "total.csv");
    assert_eq!(ledger.entries.len(), 1);
    assert_eq!(ledger.entries[0].customer_id, "Total Energies SA");
    assert_eq!(issues_of(&ledger, "total_row_skipped").len(), 1);
}

#[test]
fn the_customer_printed_once_per_group_is_carried_down_to_its_documents() {
    let csv = "Klantnummer;Naam;Factuur;Vervaldatum;Bedrag\n\
               10001;Jansen;F-1;01-10-2026;100,00\n\
               ;;F-2;15-10-2026;50,00\n\
               Totaal 10001;;;;150,00\n\
               ;;F-3;15-10-2026;70,00\n";
    let ledger = read(csv.as_bytes(), "groepen.csv");
    let customers: Vec<(&str, Option<&str>)> = ledger
        .entries
        .iter()
        .map(|entry| (entry.customer_id.as_str(), entry.document.as_deref()))
        .collect();
    assert_eq!(customers, vec![("10001", Some("F-1")), ("10001", Some("F-2"))]);
    let missing = issues_of(&ledger, "missing_customer");
    assert_eq!(missing[0].row, Some(5), "nothing is carried past a subtotal");
}

#[test]
fn the_customer_id_is_the_id_column_else_the_name() {
    let with_id = read(
        b"Customer ID;Customer;Due date;Amount\n0042;Acme;2026-10-01;1\n",
        "id.csv",
    );
    assert_eq!(
        (
            with_id.entries[0].customer_id.as_str(),
            with_id.entries[0].customer_name.as_deref()
        ),
        ("0042", Some("Acme"))
    );
    let by_name = read(b"Customer;Due date;Amount\nAcme;2026-10-01;1\n", "name.csv");
    assert_eq!(
        (
            by_name.entries[0].customer_id.as_str(),
            by_name.entries[0].customer_name.as_deref()
        ),
        ("Acme", Some("Acme"))
    );
}

#[test]
fn a_missing_due_date_comes_from_the_row_terms_then_the_customer_then_the_default() {
    let csv = "Customer;Invoice date;Due date;Terms;Amount\n\
               A;2026-10-01;;10 days;1\n\
               B;2026-10-01;;;1\n\
               C;2026-10-01;2026-10-05;;1\n";
    let options = ImportOptions {
        default_terms_days: 45,
        ..ImportOptions::default()
    };
    let ledger = read_ledger(csv.as_bytes(), "terms.csv", &options).expect("reads");
    let due: Vec<NaiveDate> = ledger.entries.iter().map(|entry| entry.due_date).collect();
    assert_eq!(due, vec![day(2026, 10, 11), day(2026, 11, 15), day(2026, 10, 5)]);
    let derived: Vec<(Option<u32>, IssueKind)> = issues_of(&ledger, "due_date_derived")
        .iter()
        .map(|issue| (issue.row, issue.kind.clone()))
        .collect();
    assert_eq!(
        derived,
        vec![
            (Some(2), IssueKind::DueDateDerived { terms_days: 10 }),
            (Some(3), IssueKind::DueDateDerived { terms_days: 45 })
        ]
    );
}

#[test]
fn disputed_and_paper_flags_in_words_booleans_or_digits() {
    let csv = "Customer,Due Date,Amount,Disputed,Delivery method\nA,2026-10-01,1,Yes,Paper\nB,2026-10-01,1,no,e-mail\nC,2026-10-01,1,1,\n";
    let ledger = read(csv.as_bytes(), "flags.csv");
    let flags: Vec<(bool, Option<bool>)> = ledger
        .entries
        .iter()
        .map(|entry| (entry.disputed, entry.electronic))
        .collect();
    assert_eq!(flags, vec![(true, Some(false)), (false, Some(true)), (true, None)]);
}

#[test]
fn csv_delimiters_and_encodings() {
    let expected = |ledger: &Ledger| {
        ledger
            .entries
            .iter()
            .map(|entry| (entry.customer_id.clone(), entry.amount))
            .collect::<Vec<_>>()
    };
    let want = vec![("Café".to_owned(), Some(dec("12.5")))];
    let semicolon = read("Klant;Vervaldatum;Bedrag\nCafé;01-10-2026;12,50\n".as_bytes(), "a.csv");
    assert_eq!(expected(&semicolon), want);
    let comma = read("Customer,Due date,Amount\nCafé,2026-10-01,12.50\n".as_bytes(), "b.csv");
    assert_eq!(expected(&comma), want);
    let tab = read(
        "Customer\tDue date\tAmount\r\nCafé\t2026-10-01\t12.50\r\n".as_bytes(),
        "c.tsv",
    );
    assert_eq!(expected(&tab), want);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice("Customer,Due date,Amount\nCafé,2026-10-01,12.50\n".as_bytes());
    let with_bom = read(&bom, "d.csv");
    assert_eq!(expected(&with_bom), want);
    assert_eq!(
        with_bom.sheets[0].headers[0], "Customer",
        "the BOM is not part of the first header"
    );
    let windows = read(b"Customer;Due date;Amount\nCaf\xE9;2026-10-01;12,50\n", "e.csv");
    assert_eq!(expected(&windows), want);
}

#[test]
fn the_same_invoice_in_two_sheets_is_reported() {
    let mut workbook = Workbook::new();
    for name in ["Open", "Paid"] {
        let sheet = workbook.add_worksheet().set_name(name).expect("name");
        sheet
            .write_row(0, 0, ["Customer", "Invoice", "Due date", "Amount"])
            .expect("write");
        sheet
            .write_row(1, 0, ["Acme", "INV-1", "2026-10-01", "10"])
            .expect("write");
    }
    let ledger = read(&workbook.save_to_buffer().expect("xlsx"), "two.xlsx");
    let duplicates = issues_of(&ledger, "duplicate_invoice");
    assert_eq!(duplicates.len(), 1);
    assert_eq!(
        (
            duplicates[0].sheet.as_deref(),
            duplicates[0].row,
            duplicates[0].column.as_deref()
        ),
        (Some("Paid"), Some(2), Some("Invoice"))
    );
    assert_eq!(
        ledger.entries.len(),
        2,
        "both rows stay: only the user knows which is right"
    );
}

#[test]
fn issues_come_in_the_order_of_the_file() {
    let csv = "Customer,Due Date,Amount\nA,soon,1\nB,2026-10-01,x\n,2026-10-01,1\n";
    let ledger = read(csv.as_bytes(), "bad.csv");
    let rows: Vec<Option<u32>> = ledger.issues.iter().map(|issue| issue.row).collect();
    assert_eq!(rows, vec![Some(2), Some(3), Some(4)]);
    let unreadable = issues_of(&ledger, "unreadable_amount");
    assert_eq!(unreadable[0].column.as_deref(), Some("Amount"));
    for lang in credit_core::lang::Lang::ALL {
        assert!(ledger.issues.iter().all(|issue| !issue.message(lang).is_empty()));
    }
}

/// QuickBooks Desktop heads its customer column "Customer:Job" and names a job "Acme Corp:Kitchen": a
/// job is a sub-customer whose balance is its customer's, so it counts with Acme Corp; "Inv #" is the
/// invoice number.
#[test]
fn quickbooks_customer_job_counts_jobs_with_their_customer() {
    let text = "Customer:Job,Inv #,Date,Due Date,Open Balance\n\
                Acme Corp,1001,09/15/2026,10/15/2026,\"1,200.00\"\n\
                Acme Corp:Kitchen Remodel,1002,09/20/2026,10/20/2026,300.00\n\
                Beta LLC,1003,10/01/2026,10/16/2026,(50.00)\n";
    let ledger = read(text.as_bytes(), "Open Invoices.csv");
    let entries: Vec<(&str, Option<&str>, Option<Decimal>)> = ledger
        .entries
        .iter()
        .map(|entry| (entry.customer_id.as_str(), entry.document.as_deref(), entry.open))
        .collect();
    assert_eq!(
        entries,
        [
            ("Acme Corp", Some("1001"), Some(dec("1200.00"))),
            ("Acme Corp", Some("1002"), Some(dec("300.00"))),
            ("Beta LLC", Some("1003"), Some(dec("-50.00"))),
        ]
    );
    // Outside a "Customer:Job" column a colon is part of the name.
    let plain = read(
        "Customer,Invoice,Due Date,Amount\nAtelier: Bois & Co,7,2026-10-01,10\n".as_bytes(),
        "plain.csv",
    );
    assert_eq!(plain.entries[0].customer_id, "Atelier: Bois & Co");
}
