//! Open-items exports as the accounting packages write them (Exact Online, Twinfield, Odoo, QuickBooks,
//! Yuki): title rows, blank rows, a subtotal per customer, a grand total, credit notes, decimal commas,
//! text dates, Windows-1252 csv with ";". Each file's open total, document count and totals per
//! customer are worked out by hand from the file (the subtotal rows printed in it say the same) and
//! compared with what the importer reads.

use chrono::NaiveDate;
use credit_core::issue::Severity;
use credit_core::ledger::{DocumentKind, Ledger};
use credit_import::{read_ledger, ImportOptions};
use pretty_assertions::assert_eq;
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::collections::BTreeMap;
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

/// A csv as a Windows-1252 export: CRLF line ends and one byte per accented letter.
fn windows_1252(text: &str) -> Vec<u8> {
    text.replace('\n', "\r\n")
        .chars()
        .map(|c| match c {
            'é' => 0xE9,
            'ë' => 0xEB,
            'è' => 0xE8,
            'ü' => 0xFC,
            'â' => 0xE2,
            'û' => 0xFB,
            'É' => 0xC9,
            '°' => 0xB0,
            '€' => 0x80,
            c if c.is_ascii() => c as u8,
            c => panic!("no Windows-1252 byte for {c} in this test"),
        })
        .collect()
}

/// What the figures of a ledger are, at the end of October 2026.
#[derive(Debug, PartialEq)]
struct Figures {
    documents: usize,
    open: Decimal,
    per_customer: BTreeMap<String, (Option<String>, Decimal)>,
}

fn figures(ledger: &Ledger) -> Figures {
    let as_of = day(2026, 10, 31);
    let mut per_customer: BTreeMap<String, (Option<String>, Decimal)> = BTreeMap::new();
    for entry in &ledger.entries {
        let slot = per_customer
            .entry(entry.customer_id.clone())
            .or_insert((entry.customer_name.clone(), Decimal::ZERO));
        slot.1 += entry.open_at(as_of);
    }
    Figures {
        documents: ledger.entries.len(),
        open: ledger.entries.iter().map(|entry| entry.open_at(as_of)).sum(),
        per_customer,
    }
}

fn expected(documents: usize, open: &str, customers: &[(&str, Option<&str>, &str)]) -> Figures {
    Figures {
        documents,
        open: dec(open),
        per_customer: customers
            .iter()
            .map(|(id, name, open)| (id.to_string(), (name.map(str::to_owned), dec(open))))
            .collect(),
    }
}

/// Nothing was refused: every row is a document, or a title, heading or total said as information.
fn assert_no_row_refused(ledger: &Ledger) {
    let refused: Vec<_> = ledger
        .issues
        .iter()
        .filter(|issue| issue.severity != Severity::Info)
        .collect();
    assert!(refused.is_empty(), "{refused:#?}");
}

const EXACT_CSV: &str = "Openstaande posten debiteuren;;;;;;;;
Bakkerij Jansen B.V. (123);;;;;;;;
Per: 31-10-2026;;;;;;;;
;;;;;;;;
Debiteur;Naam;Factuurnummer;Omschrijving;Factuurdatum;Vervaldatum;Bedrag;Openstaand;Valuta
1001;Café de Hoek;26100012;Levering september;15-09-2026;15-10-2026;1.210,00;1.210,00;EUR
;;26100045;Levering oktober;01-10-2026;31-10-2026;2.420,50;2.420,50;EUR
;;26700003;Creditnota retour;05-10-2026;04-11-2026;-121,00;-121,00;EUR
Totaal 1001 Café de Hoek;;;;;;3.509,50;3.509,50;
;;;;;;;;
1002;Brasserie Zoë;26100050;Catering;03-08-2026;02-09-2026;12.345,67;10.000,00;EUR
Totaal 1002 Brasserie Zoë;;;;;;12.345,67;10.000,00;
;;;;;;;;
Totaal;;;;;;15.855,17;13.509,50;
";

#[test]
fn exact_online_open_items_csv_keeps_the_name_next_to_the_debtor_code() {
    let ledger = read(&windows_1252(EXACT_CSV), "Openstaande posten debiteuren.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            4,
            "13509.50",
            &[
                ("1001", Some("Café de Hoek"), "3509.50"),
                ("1002", Some("Brasserie Zoë"), "10000.00")
            ]
        )
    );
    assert_eq!(ledger.entries[2].kind, DocumentKind::CreditNote);
    assert_eq!(ledger.entries[3].due_date, day(2026, 9, 2));
}

#[test]
fn exact_online_open_items_xlsx_with_date_cells_and_one_customer_row_per_group() {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let money = Format::new().set_num_format("#,##0.00");
    let sheet = workbook.add_worksheet().set_name("Openstaande posten").expect("name");
    sheet.write(0, 0, "Openstaande posten debiteuren").expect("write");
    sheet.write(1, 0, "Per: 31-10-2026").expect("write");
    let headers = [
        "Debiteur",
        "Naam",
        "Factuurnummer",
        "Omschrijving",
        "Factuurdatum",
        "Vervaldatum",
        "Bedrag",
        "Openstaand",
    ];
    for (column, header) in headers.iter().enumerate() {
        sheet.write(3, column as u16, *header).expect("write");
    }
    type Ymd = (u16, u8, u8);
    type Debtor = Option<(u32, &'static str)>;
    // Debtor (on the first row of its group only), invoice, invoice date, due date, amount, open.
    let rows: [(Debtor, &str, Ymd, Ymd, f64, f64); 4] = [
        (
            Some((1001, "Café de Hoek")),
            "26100012",
            (2026, 9, 15),
            (2026, 10, 15),
            1210.0,
            1210.0,
        ),
        (None, "26100045", (2026, 10, 1), (2026, 10, 31), 2420.5, 2420.5),
        (None, "26700003", (2026, 10, 5), (2026, 11, 4), -121.0, -121.0),
        (
            Some((1002, "Brasserie Zoë")),
            "26100050",
            (2026, 8, 3),
            (2026, 9, 2),
            12345.67,
            10000.0,
        ),
    ];
    let mut row = 4;
    for (customer, invoice, issued, due, amount, open) in rows {
        if customer.is_some_and(|(id, _)| id == 1002) {
            sheet.write(row, 0, "Totaal 1001").expect("write");
            sheet.write_with_format(row, 7, 3509.5, &money).expect("write");
            row += 2;
        }
        if let Some((id, name)) = customer {
            sheet.write(row, 0, id).expect("write");
            sheet.write(row, 1, name).expect("write");
        }
        sheet.write(row, 2, invoice).expect("write");
        for (column, (y, m, d)) in [(4, issued), (5, due)] {
            let when = ExcelDateTime::from_ymd(y, m, d).expect("date");
            sheet
                .write_datetime_with_format(row, column, when, &date)
                .expect("write");
        }
        sheet.write_with_format(row, 6, amount, &money).expect("write");
        sheet.write_with_format(row, 7, open, &money).expect("write");
        row += 1;
    }
    sheet.write(row, 0, "Totaal 1002").expect("write");
    sheet.write_with_format(row, 7, 10000.0, &money).expect("write");
    sheet.write(row + 2, 0, "Totaal").expect("write");
    sheet.write_with_format(row + 2, 7, 13509.5, &money).expect("write");
    let ledger = read(&workbook.save_to_buffer().expect("xlsx"), "Openstaande posten.xlsx");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            4,
            "13509.5",
            &[
                ("1001", Some("Café de Hoek"), "3509.5"),
                ("1002", Some("Brasserie Zoë"), "10000")
            ]
        )
    );
}

#[test]
fn twinfield_debit_and_credit_columns_with_short_dates_and_subtotals() {
    let csv = "Openstaande posten;;;;;;;
Administratie: 1000 Voorbeeld BV;;;;;;;
;;;;;;;
Relatie;Naam;Boekstuknr.;Datum;Vervaldatum;Debet;Credit;Openstaand
10005;Jansen & Zn.;2026-0101;1-9-2026;1-10-2026;1.000,00;;1.000,00
10005;Jansen & Zn.;2026-0102;12-9-2026;12-10-2026;500,00;;250,00
10005;Jansen & Zn.;2026-0150;20-9-2026;20-10-2026;;100,00;-100,00
Subtotaal 10005;;;;;1.500,00;100,00;1.150,00
10007;Müller GmbH;2026-0120;13-10-2026;12-11-2026;3.000,00;;3.000,00
Subtotaal 10007;;;;;3.000,00;;3.000,00
Eindtotaal;;;;;4.500,00;100,00;4.150,00
";
    let ledger = read(&windows_1252(csv), "twinfield.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            4,
            "4150.00",
            &[
                ("10005", Some("Jansen & Zn."), "1150.00"),
                ("10007", Some("Müller GmbH"), "3000.00")
            ]
        )
    );
    assert_eq!(ledger.entries[0].invoice_date, Some(day(2026, 9, 1)));
    assert_eq!(ledger.entries[2].kind, DocumentKind::CreditNote);
}

#[test]
fn odoo_french_aged_balance_names_the_customer_partenaire() {
    let csv = "Balance âgée;;;;;;;
Au 31/10/2026;;;;;;;
;;;;;;;
Partenaire;Pièce;Date;Échéance;Montant dû;Non échu;1 - 30;Total
Dupont SARL;FAC/2026/00012;15/09/2026;15/10/2026;1 210,00;;1 210,00;1 210,00
Dupont SARL;AVO/2026/00003;05/10/2026;04/11/2026;-121,00;-121,00;;-121,00
Total Dupont SARL;;;;1 089,00;-121,00;1 210,00;1 089,00
Lefèvre & Fils;FAC/2026/00020;01/10/2026;12/11/2026;3 000,00;3 000,00;;3 000,00
Total Lefèvre & Fils;;;;3 000,00;3 000,00;;3 000,00
Total;;;;4 089,00;2 879,00;1 210,00;4 089,00
";
    let ledger = read(&windows_1252(csv), "Balance agee.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            3,
            "4089.00",
            &[
                ("Dupont SARL", Some("Dupont SARL"), "1089.00"),
                ("Lefèvre & Fils", Some("Lefèvre & Fils"), "3000.00")
            ]
        )
    );
    assert_eq!(ledger.entries[2].due_date, day(2026, 11, 12));
}

#[test]
fn quickbooks_aging_detail_by_customer_gives_each_heading_its_documents() {
    let csv = "A/R Aging Detail
As of October 31, 2026

Customer,Date,Transaction Type,Num,Due Date,Open Balance
Bright Co,,,,,
,10/15/2026,Invoice,1045,11/14/2026,\"1,250.00\"
,10/20/2026,Credit Memo,CM-12,10/20/2026,(200.00)
,9/3/2026,Invoice,1029,10/3/2026,975.50
Total for Bright Co,,,,,\"$2,025.50\"
Delta LLC,,,,,
,9/12/2026,Invoice,1032,10/12/2026,\"2,400.00\"
Total for Delta LLC,,,,,\"$2,400.00\"
TOTAL,,,,,\"$4,425.50\"
";
    let ledger = read(csv.as_bytes(), "AR Aging Detail.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            4,
            "4425.50",
            &[
                ("Bright Co", Some("Bright Co"), "2025.50"),
                ("Delta LLC", Some("Delta LLC"), "2400.00")
            ]
        )
    );
    assert_eq!(ledger.entries[1].kind, DocumentKind::CreditNote);
    assert_eq!(ledger.entries[2].due_date, day(2026, 10, 3));
}

#[test]
fn a_customer_heading_is_not_carried_past_its_total() {
    let csv = "Customer,Num,Due Date,Open Balance\nBright Co,,,\n,1045,11/14/2026,10.00\nTotal for Bright Co,,,10.00\n,1046,11/14/2026,20.00\n";
    let ledger = read(csv.as_bytes(), "x.csv");
    assert_eq!(ledger.entries.len(), 1);
    let missing: Vec<_> = ledger
        .issues
        .iter()
        .filter(|issue| issue.kind.code() == "missing_customer")
        .filter_map(|issue| issue.row)
        .collect();
    assert_eq!(missing, vec![5]);
}

#[test]
fn an_aging_bucket_heading_is_not_a_customer() {
    // QuickBooks groups by aging bucket by default: "Current" stands in the first, unnamed column.
    let csv = ",Date,Num,Customer,Due Date,Open Balance\nCurrent,,,,,\n,10/15/2026,1045,,11/14/2026,10.00\n";
    let ledger = read(csv.as_bytes(), "x.csv");
    assert!(ledger.entries.is_empty());
    assert!(ledger
        .issues
        .iter()
        .any(|issue| issue.kind.code() == "missing_customer"));
}

/// QuickBooks writes m/d/yyyy. When every day of the month is 12 or less, the dates alone cannot tell;
/// day first would put 4 November before 5 October, so the pairs of dates decide.
const QUICKBOOKS_SMALL_DAYS: &str = "A/R Aging Detail
As of October 31, 2026

,Date,Transaction Type,Num,Customer,Due Date,Amount,Open Balance
Current,,,,,,,
,10/1/2026,Invoice,1051,Bright Co,11/1/2026,\"1,000.00\",\"1,000.00\"
,10/5/2026,Invoice,1052,Delta LLC,11/4/2026,300.00,300.00
Total for Current,,,,,,\"$1,300.00\",\"$1,300.00\"
1 - 30 days past due,,,,,,,
,9/3/2026,Invoice,1040,Bright Co,10/3/2026,200.00,200.00
,9/10/2026,Credit Memo,CM-13,Delta LLC,10/10/2026,(50.00),(50.00)
Total for 1 - 30 days past due,,,,,,$150.00,$150.00
TOTAL,,,,,,\"$1,450.00\",\"$1,450.00\"
";

#[test]
fn quickbooks_dates_with_small_days_are_read_month_first_from_the_date_pairs() {
    let ledger = read(QUICKBOOKS_SMALL_DAYS.as_bytes(), "AR Aging Detail.csv");
    assert_no_row_refused(&ledger);
    let dates: Vec<(Option<NaiveDate>, NaiveDate)> = ledger
        .entries
        .iter()
        .map(|entry| (entry.invoice_date, entry.due_date))
        .collect();
    assert_eq!(
        dates,
        vec![
            (Some(day(2026, 10, 1)), day(2026, 11, 1)),
            (Some(day(2026, 10, 5)), day(2026, 11, 4)),
            (Some(day(2026, 9, 3)), day(2026, 10, 3)),
            (Some(day(2026, 9, 10)), day(2026, 10, 10)),
        ]
    );
    assert_eq!(
        figures(&ledger),
        expected(
            4,
            "1450.00",
            &[
                ("Bright Co", Some("Bright Co"), "1200.00"),
                ("Delta LLC", Some("Delta LLC"), "250.00")
            ]
        )
    );
}

#[test]
fn quickbooks_xlsx_with_text_dates_and_negative_numbers() {
    let mut workbook = Workbook::new();
    let money = Format::new().set_num_format("#,##0.00;(#,##0.00)");
    let sheet = workbook.add_worksheet().set_name("AR Aging Detail").expect("name");
    sheet.write(0, 0, "A/R Aging Detail").expect("write");
    sheet.write(1, 0, "As of October 31, 2026").expect("write");
    for (column, header) in [
        "Customer",
        "Date",
        "Transaction Type",
        "Num",
        "Due Date",
        "Open Balance",
    ]
    .iter()
    .enumerate()
    {
        sheet.write(3, column as u16, *header).expect("write");
    }
    let lines: [(&str, &str, &str, &str, &str, f64); 5] = [
        ("Bright Co", "", "", "", "", f64::NAN),
        ("", "10/1/2026", "Invoice", "1051", "11/1/2026", 1000.0),
        ("", "10/5/2026", "Credit Memo", "CM-14", "11/4/2026", -250.0),
        ("Total for Bright Co", "", "", "", "", 750.0),
        ("TOTAL", "", "", "", "", 750.0),
    ];
    for (index, (customer, date, kind, num, due, open)) in lines.iter().enumerate() {
        let row = 4 + index as u32;
        for (column, text) in [customer, date, kind, num, due].iter().enumerate() {
            if !text.is_empty() {
                sheet.write(row, column as u16, **text).expect("write");
            }
        }
        if !open.is_nan() {
            sheet.write_with_format(row, 5, *open, &money).expect("write");
        }
    }
    let ledger = read(&workbook.save_to_buffer().expect("xlsx"), "AR Aging Detail.xlsx");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(2, "750", &[("Bright Co", Some("Bright Co"), "750")])
    );
    assert_eq!(ledger.entries[1].due_date, day(2026, 11, 4));
    assert_eq!(ledger.entries[1].kind, DocumentKind::CreditNote);
}

#[test]
fn yuki_open_items_with_euro_signs_and_a_total_without_label_column() {
    let csv = "Relatie;Contactpersoon;Factuurnummer;Factuurdatum;Vervaldatum;Dagen;Omschrijving;Bedrag;Openstaand
Jansen BV;;V2026-0042;02-10-2026;01-11-2026;-1;Factuur oktober;€ 1.815,00;€ 1.815,00
Jansen BV;;V2026-0031;14-09-2026;14-10-2026;17;Factuur sept;€ 605,00;€ 302,50
Jansen BV;;C2026-0003;20-10-2026;20-10-2026;11;Creditnota;-€ 60,50;-€ 60,50
Pietersen;;V2026-0040;30-09-2026;30-10-2026;1;Advies;€ 12.100,00;€ 12.100,00
;;;;;;Totaal;€ 14.459,50;€ 14.157,00
";
    let ledger = read(&windows_1252(csv), "yuki.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            4,
            "14157.00",
            &[
                ("Jansen BV", Some("Jansen BV"), "2057.00"),
                ("Pietersen", Some("Pietersen"), "12100.00")
            ]
        )
    );
    assert_eq!(ledger.source.currency.as_deref(), Some("EUR"));
}

#[test]
fn dutch_dates_stay_day_first_whatever_the_date_pairs_say() {
    // A due date before its invoice date is a typing error in a Dutch file, not a sign of m/d dates.
    let csv = "Klant;Factuur;Factuurdatum;Vervaldatum;Bedrag\nA;1;10-05-2026;11-04-2026;10,00\n";
    let ledger = read(csv.as_bytes(), "x.csv");
    assert_eq!(ledger.entries[0].invoice_date, Some(day(2026, 5, 10)));
    assert_eq!(ledger.entries[0].due_date, day(2026, 4, 11));
}

#[test]
fn an_unsigned_amount_with_a_debit_credit_indicator_is_signed_by_it() {
    // Twinfield and Exact can print the amount unsigned with "D" or "C" beside it; French ledgers a
    // "Sens" column with "D" or "C".
    let csv = "Relatie;Naam;Factuur;Vervaldatum;Bedrag;D/C
10005;Jansen & Zn.;2026-0101;15-10-2026;1.000,00;D
10005;Jansen & Zn.;2026-0150;20-10-2026;100,00;C
Totaal 10005;;;;900,00;D
";
    let ledger = read(&windows_1252(csv), "twinfield.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(2, "900.00", &[("10005", Some("Jansen & Zn."), "900.00")])
    );
    assert_eq!(ledger.entries[1].kind, DocumentKind::CreditNote);
    let french = "Compte client;Client;N° pièce;Échéance;Montant;Sens
411DUP;Dupont;FA12;15/10/2026;1 210,00;D
411DUP;Dupont;AV3;20/10/2026;121,00;C
";
    let ledger = read(&windows_1252(french), "grand-livre.csv");
    assert_eq!(
        figures(&ledger),
        expected(2, "1089.00", &[("411DUP", Some("Dupont"), "1089.00")])
    );
}

#[test]
fn odoo_invoice_list_exported_with_its_field_labels() {
    let csv = "\"Invoice Partner Display Name\",\"Number\",\"Invoice/Bill Date\",\"Due Date\",\"Total Signed\",\"Amount Due Signed\",\"Status\",\"Payment Status\"
\"Café de Hoek\",\"INV/2026/00012\",\"2026-09-15\",\"2026-10-15\",\"1210.0\",\"1210.0\",\"posted\",\"not_paid\"
\"Café de Hoek\",\"RINV/2026/00003\",\"2026-10-05\",\"2026-11-04\",\"-121.0\",\"-121.0\",\"posted\",\"not_paid\"
\"Brasserie Zoë\",\"INV/2026/00020\",\"2026-08-03\",\"2026-09-02\",\"12345.67\",\"10000.0\",\"posted\",\"partial\"
";
    let ledger = read(csv.as_bytes(), "account.move.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            3,
            "11089.0",
            &[
                ("Brasserie Zoë", Some("Brasserie Zoë"), "10000.0"),
                ("Café de Hoek", Some("Café de Hoek"), "1089.0")
            ]
        )
    );
    assert_eq!(ledger.entries[2].amount, Some(dec("12345.67")));
}

/// QuickBooks Desktop's "Open Invoices": no customer column, the customer alone on a row in the unnamed
/// first column, then its documents, then "Total <customer>".
const QUICKBOOKS_OPEN_INVOICES: &str = "Acme Supplies Inc
Open Invoices
As of October 31, 2026
,Type,Date,Num,P. O. #,Terms,Due Date,Aging,Open Balance
Bright Co,,,,,,,,
,Invoice,10/15/2026,1045,,Net 30,11/14/2026,,1250.00
,Credit Memo,10/20/2026,CM-12,,,10/20/2026,11,-200.00
,Invoice,09/03/2026,1029,PO-77,Net 30,10/03/2026,28,975.50
Total Bright Co,,,,,,,,2025.50
Delta LLC,,,,,,,,
,Invoice,09/12/2026,1032,,Net 30,10/12/2026,19,2400.00
Total Delta LLC,,,,,,,,2400.00
TOTAL,,,,,,,,4425.50
";

/// The same lines as a workbook: numbers as number cells, the rest as text.
fn workbook_of(lines: &str) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, line) in lines.lines().enumerate() {
        for (column, value) in line.split(',').enumerate() {
            let (row, column) = (row as u32, column as u16);
            match value.parse::<f64>() {
                _ if value.is_empty() => {}
                Ok(number) if !value.contains('/') => {
                    sheet.write(row, column, number).expect("write");
                }
                _ => {
                    sheet.write(row, column, value).expect("write");
                }
            }
        }
    }
    workbook.save_to_buffer().expect("xlsx")
}

#[test]
fn quickbooks_open_invoices_name_the_customer_in_the_unnamed_first_column() {
    let as_csv = read(QUICKBOOKS_OPEN_INVOICES.as_bytes(), "Open Invoices.csv");
    let as_xlsx = read(&workbook_of(QUICKBOOKS_OPEN_INVOICES), "Open Invoices.xlsx");
    for ledger in [as_csv, as_xlsx] {
        assert_no_row_refused(&ledger);
        assert_eq!(
            figures(&ledger),
            expected(
                4,
                "4425.50",
                &[
                    ("Bright Co", Some("Bright Co"), "2025.50"),
                    ("Delta LLC", Some("Delta LLC"), "2400.00")
                ]
            )
        );
        assert_eq!(ledger.entries[1].kind, DocumentKind::CreditNote);
        assert_eq!(ledger.entries[2].due_date, day(2026, 10, 3));
    }
}

#[test]
fn an_unnamed_first_column_without_customer_headings_is_still_no_customer() {
    let csv = ",Num,Due Date,Open Balance\n,1045,11/14/2026,10.00\n";
    let error = read_ledger(csv.as_bytes(), "x.csv", &ImportOptions::default()).expect_err("no customer");
    assert!(
        matches!(error, credit_import::ImportError::NoLedgerSheet { .. }),
        "{error}"
    );
}

#[test]
fn dutch_whole_euros_written_with_a_dash_for_the_cents_are_invoices() {
    // "€ 1.000,-" is a thousand euros; the dash was read as a trailing minus, making it a credit note.
    let csv = "Relatie;Factuurnummer;Vervaldatum;Bedrag;Openstaand
Jansen BV;V2026-0050;15-10-2026;€ 1.000,-;€ 1.000,-
Jansen BV;V2026-0051;15-10-2026;€ 250,-;€ 125,50
Jansen BV;C2026-0004;15-10-2026;-€ 50,-;-€ 50,-
;;Totaal;€ 1.200,-;€ 1.075,50
";
    let ledger = read(&windows_1252(csv), "yuki.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(3, "1075.50", &[("Jansen BV", Some("Jansen BV"), "1075.50")])
    );
    let kinds: Vec<DocumentKind> = ledger.entries.iter().map(|entry| entry.kind).collect();
    assert_eq!(
        kinds,
        vec![DocumentKind::Invoice, DocumentKind::Invoice, DocumentKind::CreditNote]
    );
}

#[test]
fn a_credit_note_with_an_unsigned_amount_and_a_signed_open_balance_stays_negative() {
    // The amount printed unsigned beside its type, the open balance signed: the open balance was
    // negated along with the amount, so the credit note added 121 instead of taking it off.
    let csv = "Debiteurnr.;Naam;Soort;Factuurnummer;Vervaldatum;Bedrag;Openstaand
1001;Café de Hoek;Factuur;26100012;15-10-2026;1.210,00;1.210,00
1001;Café de Hoek;Creditnota;26700003;04-11-2026;121,00;-121,00
Totaal 1001;;;;;1.331,00;1.089,00
";
    let ledger = read(&windows_1252(csv), "openstaande posten.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(2, "1089.00", &[("1001", Some("Café de Hoek"), "1089.00")])
    );
    assert_eq!(ledger.entries[1].amount, Some(dec("-121.00")));
}
