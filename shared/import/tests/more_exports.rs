//! More open-items exports as the packages write them, beyond accounting_exports.rs: Exact Globe and
//! Exact Online with "Saldo", AFAS Profit, SnelStart, Moneybird, e-Boekhouden, Xero, the Belgian
//! packages (Sage BOB, WinBooks, Octopus) in French and Dutch, Business Central, Zoho Books, FreshBooks,
//! Sage 50 (UK) and Odoo's aged balance with its partners unfolded; a Belgian account statement with a
//! running balance; and customer-level aged summaries, which hold no documents at all and are refused.
//! Each file's figures are worked out by hand from the file (its own subtotal rows say the same).

use chrono::NaiveDate;
use credit_core::issue::Severity;
use credit_core::ledger::{DocumentKind, Ledger};
use credit_import::{read_ledger, ImportError, ImportOptions};
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
            'À' => 0xC0,
            'É' => 0xC9,
            '°' => 0xB0,
            '€' => 0x80,
            c if c.is_ascii() => c as u8,
            c => panic!("no Windows-1252 byte for {c} in this test"),
        })
        .collect()
}

/// The lines of an export as a workbook, as the packages write one: plain numbers as number cells,
/// ISO dates ("2026-10-15") as date cells shown `dd-mm-yyyy`, anything else as text. Cells are split
/// on `;`.
fn xlsx_of(sheet_name: &str, lines: &str) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let money = Format::new().set_num_format("#,##0.00");
    let sheet = workbook.add_worksheet().set_name(sheet_name).expect("name");
    for (row, line) in lines.lines().enumerate() {
        for (column, value) in line.split(';').enumerate() {
            let (row, column) = (row as u32, column as u16);
            let iso = value.len() == 10 && value.as_bytes()[4] == b'-' && value.as_bytes()[7] == b'-';
            if value.is_empty() {
                continue;
            }
            if iso {
                let parts: Vec<u32> = value.split('-').map(|part| part.parse().expect("date")).collect();
                let when = ExcelDateTime::from_ymd(parts[0] as u16, parts[1] as u8, parts[2] as u8).expect("date");
                sheet
                    .write_datetime_with_format(row, column, when, &date)
                    .expect("write");
            } else if let Ok(number) = value.parse::<f64>() {
                sheet.write_with_format(row, column, number, &money).expect("write");
            } else {
                sheet.write(row, column, value).expect("write");
            }
        }
    }
    workbook.save_to_buffer().expect("xlsx")
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

fn due_dates(ledger: &Ledger) -> Vec<NaiveDate> {
    ledger.entries.iter().map(|entry| entry.due_date).collect()
}

fn kinds(ledger: &Ledger) -> Vec<DocumentKind> {
    ledger.entries.iter().map(|entry| entry.kind).collect()
}

// ---------------------------------------------------------------------------------------------------
// Dutch packages

/// Exact Globe's "Openstaande posten debiteuren": the debtor on a heading row of its own (code and
/// name), its documents below with "Dagen" overdue and "Saldo", "Totaal debiteur" after each group.
const EXACT_GLOBE: &str = "Openstaande posten debiteuren;;;;;;;;
Bakkerij Jansen B.V.;;;;;;;;
Selectie: vervaldatum t/m 31-10-2026;;;;;;;;
;;;;;;;;
Debiteur;Naam;Factuurnummer;Omschrijving;Factuurdatum;Vervaldatum;Dagen;Bedrag;Saldo
1001;Café de Hoek;;;;;;;
;;26100012;Levering september;15-09-2026;15-10-2026;16;1.210,00;1.210,00
;;26100045;Levering oktober;01-10-2026;31-10-2026;0;2.420,50;1.420,50
;;26700003;Creditnota retour;05-10-2026;04-11-2026;-4;-121,00;-121,00
Totaal debiteur 1001;;;;;;;3.509,50;2.509,50
;;;;;;;;
1002;Brasserie Zoë;;;;;;;
;;26100050;Catering;03-08-2026;02-09-2026;59;12.345,67;10.000,00
Totaal debiteur 1002;;;;;;;12.345,67;10.000,00
;;;;;;;;
Totaal generaal;;;;;;;15.855,17;12.509,50
";

#[test]
fn exact_globe_open_items_with_debtor_headings_and_saldo() {
    let ledger = read(&windows_1252(EXACT_GLOBE), "Openstaande posten debiteuren.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            4,
            "12509.50",
            &[
                ("1001", Some("Café de Hoek"), "2509.50"),
                ("1002", Some("Brasserie Zoë"), "10000.00")
            ]
        )
    );
    assert_eq!(ledger.entries[2].kind, DocumentKind::CreditNote);
    assert_eq!(ledger.entries[3].due_date, day(2026, 9, 2));
}

/// Exact Online's "Openstaande posten" downloaded to Excel: "Code" and "Naam" of the relation, date
/// cells, "Saldo" beside "Bedrag", "Valuta", totals at the bottom only.
const EXACT_ONLINE_SALDO: &str = "Openstaande posten;;;;;;;;
Debiteuren per 31-10-2026;;;;;;;;
;;;;;;;;
Code;Naam;Factuur;Uw ref.;Factuurdatum;Vervaldatum;Valuta;Bedrag;Saldo
1001;Café de Hoek;26100012;PO 77;2026-09-15;2026-10-15;EUR;1210;1210
1001;Café de Hoek;26100045;;2026-10-01;2026-10-31;EUR;2420.5;1420.5
1001;Café de Hoek;26700003;;2026-10-05;2026-11-04;EUR;-121;-121
1002;Brasserie Zoë;26100050;;2026-08-03;2026-09-02;EUR;12345.67;10000
;;;;;;Totaal;15855.17;12509.5
";

#[test]
fn exact_online_open_items_xlsx_with_saldo() {
    let ledger = read(
        &xlsx_of("Openstaande posten", EXACT_ONLINE_SALDO),
        "Openstaande posten.xlsx",
    );
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            4,
            "12509.5",
            &[
                ("Brasserie Zoë", Some("Brasserie Zoë"), "10000"),
                ("Café de Hoek", Some("Café de Hoek"), "2509.5")
            ]
        )
    );
}

/// AFAS Profit "Openstaande posten" (a view exported to Excel): the administration first, then the
/// debtor and its name, the invoice, "Boekdatum", "Vervaldatum", "Valuta", "Factuurbedrag", "Openstaand"
/// and "Dagen vervallen"; a "Totaal" row under the view.
const AFAS_PROFIT: &str = "Openstaande posten debiteuren;;;;;;;;;;
Administratie: 1 Voorbeeld B.V.;;;;;;;;;;
;;;;;;;;;;
Administratie;Debiteur;Naam;Factuurnummer;Boekdatum;Vervaldatum;Omschrijving;Valuta;Factuurbedrag;Openstaand;Dagen vervallen
1;10001;Jansen Techniek B.V.;2026100231;2026-09-30;2026-10-30;Onderhoud Q3;EUR;4235;4235;1
1;10001;Jansen Techniek B.V.;2026100260;2026-10-15;2026-11-14;Reparatie;EUR;605;302.5;0
1;10001;Jansen Techniek B.V.;2026700011;2026-10-20;2026-10-20;Creditfactuur;EUR;-242;-242;11
1;10014;De Vries Installaties;2026100198;2026-08-31;2026-09-30;Project 12;EUR;18150;9075;31
;;;;;;;Totaal;22748;13370.5;
";

#[test]
fn afas_profit_open_items_with_the_administration_first() {
    let ledger = read(
        &xlsx_of("Openstaande posten", AFAS_PROFIT),
        "AFAS openstaande posten.xlsx",
    );
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            4,
            "13370.5",
            &[
                ("10001", Some("Jansen Techniek B.V."), "4295.5"),
                ("10014", Some("De Vries Installaties"), "9075")
            ]
        )
    );
    assert_eq!(ledger.entries[2].kind, DocumentKind::CreditNote);
    assert_eq!(ledger.entries[0].invoice_date, Some(day(2026, 9, 30)));
}

/// SnelStart "Openstaande posten debiteuren" (csv, ";", Windows-1252): "Relatiecode", "Naam",
/// "Factuurbedrag" and "Openstaand" with euro signs, and "Totaal relatie" after each debtor.
const SNELSTART: &str = "Openstaande posten debiteuren
Bouwbedrijf Smit;;;;;;;
Peildatum: 31-10-2026;;;;;;;

Relatiecode;Naam;Factuurnummer;Factuurdatum;Vervaldatum;Factuurbedrag;Openstaand;Dagen
201;Hoveniersbedrijf Groen;20260311;16-09-2026;30-09-2026;€ 2.662,00;€ 2.662,00;31
201;Hoveniersbedrijf Groen;20260344;12-10-2026;26-10-2026;€ 907,50;€ 407,50;5
Totaal relatie 201;;;;;€ 3.569,50;€ 3.069,50;
205;Kapsalon Knip;20260350;20-10-2026;03-11-2026;€ 145,20;€ 145,20;-3
205;Kapsalon Knip;20260290;01-09-2026;15-09-2026;€ -60,50;€ -60,50;46
Totaal relatie 205;;;;;€ 84,70;€ 84,70;
;;;;;;;
Totaal;;;;;€ 3.654,20;€ 3.154,20;
";

#[test]
fn snelstart_open_items_with_euro_signs_and_relation_totals() {
    let ledger = read(&windows_1252(SNELSTART), "openstaande posten.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            4,
            "3154.20",
            &[
                ("201", Some("Hoveniersbedrijf Groen"), "3069.50"),
                ("205", Some("Kapsalon Knip"), "84.70")
            ]
        )
    );
    assert_eq!(ledger.entries[3].kind, DocumentKind::CreditNote);
}

/// Moneybird's invoice export (csv, ","): one row per invoice with its "Contact", amounts excluding
/// and including VAT, "Openstaand" (0 once paid) and the state in Dutch.
const MONEYBIRD: &str = "Factuurnummer,Contact,Klantnummer,Factuurdatum,Vervaldatum,Status,Totaal excl. btw,Totaal incl. btw,Openstaand,Valuta
2026-0101,Café de Hoek,1,15-09-2026,29-09-2026,Betaald,\"1000,00\",\"1210,00\",\"0,00\",EUR
2026-0102,Café de Hoek,1,01-10-2026,15-10-2026,Te laat,\"2000,00\",\"2420,00\",\"2420,00\",EUR
2026-0103,Brasserie Zoë,2,20-10-2026,03-11-2026,Open,\"500,00\",\"605,00\",\"605,00\",EUR
2026-0104,Brasserie Zoë,2,22-10-2026,05-11-2026,Open,\"-100,00\",\"-121,00\",\"-121,00\",EUR
";

#[test]
fn moneybird_invoice_export_names_the_contact() {
    let ledger = read(MONEYBIRD.as_bytes(), "facturen.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            4,
            "2904.00",
            &[
                ("1", Some("Café de Hoek"), "2420.00"),
                ("2", Some("Brasserie Zoë"), "484.00")
            ]
        )
    );
    // The document amount is the one including VAT, which is what the customer owes.
    assert_eq!(ledger.entries[0].amount, Some(dec("1210.00")));
    assert_eq!(ledger.entries[3].kind, DocumentKind::CreditNote);
}

/// e-Boekhouden's "Openstaande posten debiteuren": "Relatiecode", "Bedrijf", short dates, "Bedrag",
/// "Betaald" and "Openstaand", a total line at the end.
const E_BOEKHOUDEN: &str = "Openstaande posten debiteuren;;;;;;;;
Datum: 31-10-2026;;;;;;;;
;;;;;;;;
Relatiecode;Bedrijf;Factuurnummer;Datum;Vervaldatum;Omschrijving;Bedrag;Betaald;Openstaand
K0003;Fietsenmaker Tromp;F2026-118;2-10-2026;16-10-2026;Onderhoud;363,00;0,00;363,00
K0003;Fietsenmaker Tromp;F2026-131;9-10-2026;23-10-2026;Onderdelen;1.089,00;500,00;589,00
K0007;Drukkerij Vos;F2026-140;20-10-2026;3-11-2026;Drukwerk;2.178,00;0,00;2.178,00
Totaal;;;;;;3.630,00;500,00;3.130,00
";

#[test]
fn e_boekhouden_open_items_name_the_company() {
    let ledger = read(&windows_1252(E_BOEKHOUDEN), "openstaande_posten.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            3,
            "3130.00",
            &[
                ("K0003", Some("Fietsenmaker Tromp"), "952.00"),
                ("K0007", Some("Drukkerij Vos"), "2178.00")
            ]
        )
    );
    assert_eq!(ledger.entries[2].due_date, day(2026, 11, 3));
}

// ---------------------------------------------------------------------------------------------------
// English packages

/// Xero's "Aged Receivables Detail" exported to Excel: title block, the contact on a heading row of
/// its own in the first column (which heads the invoice dates), "15 Oct 2026" dates, aging buckets and
/// "Total", then "Total <contact>" and a grand "Total".
const XERO_DETAIL: &str = "Aged Receivables Detail;;;;;;;;;;
Demo Company (UK);;;;;;;;;;
As at 31 October 2026;;;;;;;;;;
Ageing by due date;;;;;;;;;;
;;;;;;;;;;
Invoice Date;Invoice Number;Invoice Reference;Due Date;Current;< 1 Month;1 Month;2 Months;3 Months;Older;Total
Bright Co;;;;;;;;;;
15 Oct 2026;INV-0045;PO 12;14 Nov 2026;1250;;;;;;1250
20 Oct 2026;CN-0012;Returned goods;20 Oct 2026;;-200;;;;;-200
3 Sep 2026;INV-0029;;3 Oct 2026;;975.5;;;;;975.5
Total Bright Co;;;;1250;775.5;;;;;2025.5
;;;;;;;;;;
Delta LLC;;;;;;;;;;
12 Aug 2026;INV-0032;;11 Sep 2026;;;2400;;;;2400
Total Delta LLC;;;;;;2400;;;;2400
;;;;;;;;;;
Total;;;;1250;775.5;2400;;;;4425.5
";

#[test]
fn xero_aged_receivables_detail_with_contact_headings_above_the_dates() {
    // Xero's Excel export writes date cells; the csv and the screen "15 Oct 2026".
    let with_date_cells = XERO_DETAIL
        .replace("15 Oct 2026", "2026-10-15")
        .replace("14 Nov 2026", "2026-11-14")
        .replace("20 Oct 2026", "2026-10-20")
        .replace("3 Sep 2026", "2026-09-03")
        .replace("3 Oct 2026", "2026-10-03")
        .replace("12 Aug 2026", "2026-08-12")
        .replace("11 Sep 2026", "2026-09-11");
    for lines in [XERO_DETAIL.to_owned(), with_date_cells] {
        let ledger = read(
            &xlsx_of("Aged Receivables Detail", &lines),
            "Aged_Receivables_Detail.xlsx",
        );
        xero_detail_figures(&ledger);
    }
}

fn xero_detail_figures(ledger: &Ledger) {
    assert_no_row_refused(ledger);
    assert_eq!(
        figures(ledger),
        expected(
            4,
            "4425.5",
            &[
                ("Bright Co", Some("Bright Co"), "2025.5"),
                ("Delta LLC", Some("Delta LLC"), "2400")
            ]
        )
    );
    assert_eq!(
        due_dates(ledger),
        vec![day(2026, 11, 14), day(2026, 10, 20), day(2026, 10, 3), day(2026, 9, 11)]
    );
    assert_eq!(ledger.entries[1].kind, DocumentKind::CreditNote);
}

#[test]
fn aging_bucket_headings_in_an_unnamed_first_column_are_no_customers() {
    // QuickBooks' A/R Aging Detail grouped by bucket with the Customer column hidden: "Current" was
    // taken for the customer of every document below it.
    let csv =
        ",Date,Num,Due Date,Open Balance\nCurrent,,,,\n,10/15/2026,1045,11/14/2026,10.00\nTotal for Current,,,,10.00\n";
    let error = read_ledger(csv.as_bytes(), "x.csv", &ImportOptions::default()).expect_err("no customer");
    assert!(matches!(error, ImportError::NoLedgerSheet { .. }), "{error}");
}

/// Xero's detail report with the "Contact" column shown: the contact also on a heading row, "Overdue"
/// as words, the document's "Total", "Paid", "Credited" and "Due", the amount still owed; csv with ","
/// and "1,250.00" amounts.
const XERO_CONTACT_COLUMN: &str = "Aged Receivables Detail
Demo Company (UK)
As at 31 October 2026

Contact,Invoice Date,Invoice Number,Reference,Due Date,Overdue,Total,Paid,Credited,Due
Bright Co,,,,,,,,,
Bright Co,15 Oct 2026,INV-0045,PO 12,14 Nov 2026,,\"1,250.00\",0.00,0.00,\"1,250.00\"
Bright Co,3 Sep 2026,INV-0029,,3 Oct 2026,28 days overdue,975.50,475.50,0.00,500.00
Total Bright Co,,,,,,\"2,225.50\",475.50,0.00,\"1,750.00\"

Delta LLC,,,,,,,,,
Delta LLC,12 Aug 2026,INV-0032,,11 Sep 2026,50 days overdue,\"2,400.00\",0.00,0.00,\"2,400.00\"
Delta LLC,25 Oct 2026,CN-0013,Discount,25 Oct 2026,,-100.00,0.00,0.00,-100.00
Total Delta LLC,,,,,,\"2,300.00\",0.00,0.00,\"2,300.00\"

Total,,,,,,\"4,525.50\",475.50,0.00,\"4,050.00\"
";

#[test]
fn xero_aged_receivables_detail_with_the_contact_column_reads_due_as_the_amount_owed() {
    let ledger = read(XERO_CONTACT_COLUMN.as_bytes(), "Aged_Receivables_Detail.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            4,
            "4050.00",
            &[
                ("Bright Co", Some("Bright Co"), "1750.00"),
                ("Delta LLC", Some("Delta LLC"), "2300.00")
            ]
        )
    );
    assert_eq!(
        due_dates(&ledger),
        vec![day(2026, 11, 14), day(2026, 10, 3), day(2026, 9, 11), day(2026, 10, 25)]
    );
}

/// Business Central's "Customer - Detailed Aging" with its Excel layout (a flat dataset): the entry's
/// "Original Amount" and its "Remaining Amount", in the entry's currency and in LCY.
const BUSINESS_CENTRAL_DETAILED_AGING: &str = "Customer - Detailed Aging;;;;;;;;;;
CRONUS International Ltd.;;;;;;;;;;
As of 31-10-2026;;;;;;;;;;
Customer No.;Customer Name;Posting Date;Document Type;Document No.;Description;Due Date;Currency Code;Original Amount;Remaining Amount;Remaining Amt. (LCY)
10000;The Cannon Group PLC;2026-09-15;Invoice;103001;Order 1001;2026-10-15;;5000;5000;5000
10000;The Cannon Group PLC;2026-10-01;Invoice;103012;Order 1014;2026-10-31;;3000;1000;1000
10000;The Cannon Group PLC;2026-10-10;Credit Memo;104001;Return;2026-10-10;;-500;-500;-500
20000;Selangorian Ltd.;2026-08-20;Invoice;103005;Order 1007;2026-09-19;;12000;12000;12000
20000;Selangorian Ltd.;2026-10-05;Payment;2594;Payment on account;2026-10-05;;-2000;-800;-800
";

#[test]
fn business_central_detailed_aging_reads_the_remaining_amount() {
    let ledger = read(
        &xlsx_of("Customer - Detailed Aging", BUSINESS_CENTRAL_DETAILED_AGING),
        "Customer - Detailed Aging.xlsx",
    );
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            5,
            "16700",
            &[
                ("10000", Some("The Cannon Group PLC"), "5500"),
                ("20000", Some("Selangorian Ltd."), "11200")
            ]
        )
    );
    assert_eq!(
        kinds(&ledger),
        vec![
            DocumentKind::Invoice,
            DocumentKind::Invoice,
            DocumentKind::CreditNote,
            DocumentKind::Invoice,
            DocumentKind::Payment
        ]
    );
}

/// The same report from a Dutch Business Central (csv, ";"): "Klantnr.", "Boekingsdatum",
/// "Documentsoort", "Documentnr.", "Oorspronkelijk bedrag", "Openstaand bedrag".
const BUSINESS_CENTRAL_DUTCH: &str = "Klant - Gedetailleerde ouderdom;;;;;;;;;
CRONUS Nederland BV;;;;;;;;;
Per 31-10-2026;;;;;;;;;
Klantnr.;Naam;Boekingsdatum;Documentsoort;Documentnr.;Omschrijving;Vervaldatum;Valutacode;Oorspronkelijk bedrag;Openstaand bedrag
10000;Autohandel Ruysdael;15-09-2026;Factuur;103001;Order 1001;15-10-2026;;5.000,00;5.000,00
10000;Autohandel Ruysdael;01-10-2026;Factuur;103012;Order 1014;31-10-2026;;3.000,00;1.000,00
10000;Autohandel Ruysdael;10-10-2026;Creditnota;104001;Retour;10-10-2026;;-500,00;-500,00
20000;Meubelhuis Zonneveld;20-08-2026;Factuur;103005;Order 1007;19-09-2026;;12.000,00;12.000,00
20000;Meubelhuis Zonneveld;05-10-2026;Betaling;2594;Vooruitbetaling;05-10-2026;;-2.000,00;-800,00
";

#[test]
fn business_central_dutch_detailed_aging() {
    let ledger = read(
        &windows_1252(BUSINESS_CENTRAL_DUTCH),
        "Klant - Gedetailleerde ouderdom.csv",
    );
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            5,
            "16700.00",
            &[
                ("10000", Some("Autohandel Ruysdael"), "5500.00"),
                ("20000", Some("Meubelhuis Zonneveld"), "11200.00")
            ]
        )
    );
    let documents: Vec<_> = ledger.entries.iter().map(|entry| entry.document.clone()).collect();
    assert_eq!(documents[0].as_deref(), Some("103001"));
    assert_eq!(ledger.entries[0].invoice_date, Some(day(2026, 9, 15)));
}

/// Zoho Books' "AR Aging Details" (csv): grouped by age bucket, "Transaction#", "Type", "Status",
/// "Customer Name", "Age" and "Balance Due"; a total per bucket and at the end.
const ZOHO_AGING_DETAILS: &str = "Acme Traders
AR Aging Details
As of 31/10/2026

Date,Transaction#,Type,Status,Customer Name,Age,Amount,Balance Due
Current,,,,,,,
20/10/2026,INV-000045,Invoice,Open,Bright Co,11 Days,\"1,250.00\",\"1,250.00\"
Total,,,,,,\"1,250.00\",\"1,250.00\"
1-15 Days,,,,,,,
01/10/2026,INV-000041,Invoice,Overdue,Delta LLC,30 Days,\"2,400.00\",\"1,400.00\"
10/10/2026,CN-00003,Credit Note,Open,Bright Co,21 Days,-200.00,-200.00
Total,,,,,,\"2,200.00\",\"1,200.00\"
Total,,,,,,\"3,450.00\",\"2,450.00\"
";

#[test]
fn zoho_books_ar_aging_details_grouped_by_age() {
    let ledger = read(ZOHO_AGING_DETAILS.as_bytes(), "AR Aging Details.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            3,
            "2450.00",
            &[
                ("Bright Co", Some("Bright Co"), "1050.00"),
                ("Delta LLC", Some("Delta LLC"), "1400.00")
            ]
        )
    );
    assert_eq!(ledger.entries[1].document.as_deref(), Some("INV-000041"));
    assert_eq!(ledger.entries[2].kind, DocumentKind::CreditNote);
}

/// Zoho Books' invoice export (Invoice.csv): one row per line item, the invoice's total and balance
/// repeated on each of them, "Invoice ID" (Zoho's internal key) before "Invoice Number".
const ZOHO_INVOICE_EXPORT: &str = "Invoice Date,Invoice ID,Invoice Number,Invoice Status,Customer ID,Customer Name,Due Date,Currency Code,Item Name,Quantity,Item Total,Total,Balance
2026-10-01,460000000061001,INV-000041,Overdue,460000000026049,Delta LLC,2026-10-16,EUR,Consulting,10,2000.00,2400.00,1400.00
2026-10-01,460000000061001,INV-000041,Overdue,460000000026049,Delta LLC,2026-10-16,EUR,Travel,1,400.00,2400.00,1400.00
2026-10-20,460000000061009,INV-000045,Sent,460000000026051,Bright Co,2026-11-19,EUR,Widgets,50,1250.00,1250.00,1250.00
";

#[test]
fn zoho_books_invoice_export_counts_each_invoice_once() {
    let ledger = read(ZOHO_INVOICE_EXPORT.as_bytes(), "Invoice.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            2,
            "2650.00",
            &[
                ("460000000026049", Some("Delta LLC"), "1400.00"),
                ("460000000026051", Some("Bright Co"), "1250.00")
            ]
        )
    );
    assert_eq!(ledger.entries[0].document.as_deref(), Some("INV-000041"));
    let lines: Vec<_> = ledger
        .issues
        .iter()
        .filter(|issue| issue.kind.code() == "invoice_line_skipped")
        .map(|issue| issue.row)
        .collect();
    assert_eq!(lines, vec![Some(3)]);
}

/// FreshBooks' "Invoice Details" report (csv).
const FRESHBOOKS_INVOICE_DETAILS: &str = "Invoice Details
Acme Studio
All Time

Client,Invoice #,Issue Date,Due Date,Status,Currency,Amount,Paid,Outstanding
Bright Co,0000045,10/15/2026,11/14/2026,Sent,USD,\"1,250.00\",0.00,\"1,250.00\"
Bright Co,0000029,09/03/2026,10/03/2026,Partial,USD,975.50,475.50,500.00
Delta LLC,0000032,08/12/2026,09/11/2026,Overdue,USD,\"2,400.00\",0.00,\"2,400.00\"
Total,,,,,,\"4,625.50\",475.50,\"4,150.00\"
";

#[test]
fn freshbooks_invoice_details_month_first() {
    let ledger = read(FRESHBOOKS_INVOICE_DETAILS.as_bytes(), "invoice_details.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            3,
            "4150.00",
            &[
                ("Bright Co", Some("Bright Co"), "1750.00"),
                ("Delta LLC", Some("Delta LLC"), "2400.00")
            ]
        )
    );
    assert_eq!(
        due_dates(&ledger),
        vec![day(2026, 11, 14), day(2026, 10, 3), day(2026, 9, 11)]
    );
}

/// Odoo's "Aged Receivable" (Aged Partner Balance) in English, exported to xlsx with every partner
/// unfolded: the partner's line carries its totals, its move lines follow in the unnamed first column,
/// then "Total <partner>"; US dates as text.
const ODOO_AGED_RECEIVABLE: &str = "Aged Receivable;;;;;;;;;;;
As of 10/31/2026;;;;;;;;;;;
;Invoice Date;Due Date;Amount Currency;Currency;Account;At Date;1-30;31-60;61-90;91-120;Older;Total
Azure Interior;;;;;;1000;200;;;;;1200
INV/2026/00012;09/15/2026;11/14/2026;1000;EUR;121000 Account Receivable;1000;;;;;;1000
INV/2026/00007;08/20/2026;10/19/2026;200;EUR;121000 Account Receivable;;200;;;;;200
Total Azure Interior;;;;;;1000;200;;;;;1200
Deco Addict;;;;;;;;-50;3000;;;2950
RINV/2026/00002;08/28/2026;08/28/2026;-50;EUR;121000 Account Receivable;;;-50;;;;-50
INV/2026/00003;07/15/2026;08/14/2026;3000;EUR;121000 Account Receivable;;;;3000;;;3000
Total Deco Addict;;;;;;;;-50;3000;;;2950
Total;;;;;;1000;200;-50;3000;;;4150
";

#[test]
fn odoo_english_aged_receivable_with_unfolded_partners() {
    let ledger = read(
        &xlsx_of("Aged Receivable", ODOO_AGED_RECEIVABLE),
        "Aged Receivable.xlsx",
    );
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            4,
            "4150",
            &[
                ("Azure Interior", Some("Azure Interior"), "1200"),
                ("Deco Addict", Some("Deco Addict"), "2950")
            ]
        )
    );
    assert_eq!(
        due_dates(&ledger),
        vec![day(2026, 11, 14), day(2026, 10, 19), day(2026, 8, 28), day(2026, 8, 14)]
    );
}

// ---------------------------------------------------------------------------------------------------
// Belgian packages

/// Sage BOB 50 "Échéancier clients" in French: "Client" (the code) and "Nom", "N° facture",
/// "Date pièce", "Échéance", "Montant", "Solde"; "Total client" per customer and "Total général".
const SAGE_BOB_FRENCH: &str = "Échéancier clients;;;;;;
Situation au 31/10/2026;;;;;;
;;;;;;
Client;Nom;N° facture;Date pièce;Échéance;Montant;Solde
DUPONT;Dupont SPRL;26/0145;15/09/2026;15/10/2026;1.210,00;1.210,00
DUPONT;Dupont SPRL;26/0190;01/10/2026;31/10/2026;2.420,00;1.420,00
DUPONT;Dupont SPRL;NC26/012;10/10/2026;10/10/2026;-121,00;-121,00
Total client DUPONT;;;;;3.509,00;2.509,00
LEFEVRE;Lefèvre & Fils SA;26/0201;20/10/2026;19/11/2026;3.000,00;3.000,00
Total client LEFEVRE;;;;;3.000,00;3.000,00
Total général;;;;;6.509,00;5.509,00
";

#[test]
fn sage_bob_french_due_list() {
    let ledger = read(&windows_1252(SAGE_BOB_FRENCH), "echeancier clients.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            4,
            "5509.00",
            &[
                ("DUPONT", Some("Dupont SPRL"), "2509.00"),
                ("LEFEVRE", Some("Lefèvre & Fils SA"), "3000.00")
            ]
        )
    );
    assert_eq!(ledger.entries[0].invoice_date, Some(day(2026, 9, 15)));
    assert_eq!(ledger.entries[2].kind, DocumentKind::CreditNote);
}

/// WinBooks' open items in Dutch: "Klant" and "Naam", "Factuurnr.", "Datum stuk", "Vervaldag",
/// "Bedrag", "Saldo"; amounts with a space for thousands; "Totaal klant" and "Algemeen totaal".
const WINBOOKS_DUTCH: &str = "Openstaande posten klanten;;;;;;
Op 31.10.2026;;;;;;
;;;;;;
Klant;Naam;Factuurnr.;Datum stuk;Vervaldag;Bedrag;Saldo
PEETERS;Peeters BV;260312;15.09.2026;15.10.2026;1 815,00;1 815,00
PEETERS;Peeters BV;260355;03.10.2026;02.11.2026;605,00;605,00
Totaal klant PEETERS;;;;;2 420,00;2 420,00
WOUTERS;Wouters & Co;260290;28.08.2026;27.09.2026;10 285,00;5 000,00
Totaal klant WOUTERS;;;;;10 285,00;5 000,00
Algemeen totaal;;;;;12 705,00;7 420,00
";

#[test]
fn winbooks_dutch_open_items_with_dotted_dates() {
    let ledger = read(&windows_1252(WINBOOKS_DUTCH), "openstaande posten.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            3,
            "7420.00",
            &[
                ("PEETERS", Some("Peeters BV"), "2420.00"),
                ("WOUTERS", Some("Wouters & Co"), "5000.00")
            ]
        )
    );
    assert_eq!(ledger.entries[0].invoice_date, Some(day(2026, 9, 15)));
}

/// Octopus (Belgian, French): "Relation", "Référence", "Date document", "Échéance", "Montant",
/// "Solde ouvert", "D/C" beside unsigned amounts.
const OCTOPUS_FRENCH: &str = "Relation;Nom;Référence;Date document;Échéance;Montant;Solde ouvert;D/C
400012;Boulangerie Martin;V1-26-0088;12/10/2026;11/11/2026;968,00;968,00;D
400012;Boulangerie Martin;V1-26-0061;15/09/2026;15/10/2026;1.452,00;726,00;D
400012;Boulangerie Martin;V3-26-0004;20/10/2026;20/10/2026;96,80;96,80;C
400020;Garage Lambert;V1-26-0070;25/09/2026;25/10/2026;4.840,00;4.840,00;D
Total;;;;;;6.437,20;
";

#[test]
fn octopus_french_open_items_with_a_debit_credit_column() {
    let ledger = read(&windows_1252(OCTOPUS_FRENCH), "octopus.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            4,
            "6437.20",
            &[
                ("400012", Some("Boulangerie Martin"), "1597.20"),
                ("400020", Some("Garage Lambert"), "4840.00")
            ]
        )
    );
    assert_eq!(ledger.entries[1].invoice_date, Some(day(2026, 9, 15)));
}

// ---------------------------------------------------------------------------------------------------
// Customer-level aged summaries: one row per customer with bucket columns, no documents.

fn summary_error(bytes: &[u8], name: &str) -> ImportError {
    match read_ledger(bytes, name, &ImportOptions::default()) {
        Ok(ledger) => panic!(
            "an aged summary was read as {} documents: {:#?}",
            ledger.entries.len(),
            figures(&ledger)
        ),
        Err(error) => error,
    }
}

const QUICKBOOKS_AGING_SUMMARY: &str = "A/R Aging Summary
As of October 31, 2026

,Current,1 - 30,31 - 60,61 - 90,91 and over,Total
Bright Co,\"1,250.00\",775.50,,,,\"2,025.50\"
Delta LLC,,,\"2,400.00\",,,\"2,400.00\"
TOTAL,\"$1,250.00\",$775.50,\"$2,400.00\",$0.00,$0.00,\"$4,425.50\"
";

const XERO_AGING_SUMMARY: &str = "Aged Receivables Summary
Demo Company (UK)
As at 31 October 2026

Contact,Current,< 1 Month,1 Month,2 Months,3 Months,Older,Total
Bright Co,\"1,250.00\",775.50,0.00,0.00,0.00,0.00,\"2,025.50\"
Delta LLC,0.00,0.00,\"2,400.00\",0.00,0.00,0.00,\"2,400.00\"
Total,\"1,250.00\",775.50,\"2,400.00\",0.00,0.00,0.00,\"4,425.50\"
Percentage of total,28.25%,17.52%,54.23%,0.00%,0.00%,0.00%,
";

const EXACT_AGING_SUMMARY: &str = "Ouderdomsanalyse debiteuren;;;;;;;
Per 31-10-2026;;;;;;;
Code;Naam;Saldo;Niet vervallen;0 - 30;31 - 60;61 - 90;> 90
1001;Café de Hoek;2.509,50;1.299,00;1.210,50;;;
1002;Brasserie Zoë;10.000,00;;;10.000,00;;
Totaal;;12.509,50;1.299,00;1.210,50;10.000,00;;
";

const BUSINESS_CENTRAL_AGED_SUMMARY: &str = "Aged Accounts Receivable;;;;;;
Aged by Due Date;;;;;;
No.;Name;Balance;Not Due;0-30 days;31-60 days;Over 60 days
10000;The Cannon Group PLC;5500;-500;6000;;
20000;Selangorian Ltd.;11200;;-800;;12000
Total;;16700;-500;5200;;12000
";

/// An aged summary of this kind with "Due" for the amounts not yet due: that header is also a due-date
/// word, and the amounts under it must not become dates.
const AGING_SUMMARY_WITH_DUE: &str = "Customer,Due,Overdue 1-30,Overdue 31-60,Overdue 61-90,Overdue 90+,Total
Bright Co,1250.00,775.50,0.00,0.00,0.00,2025.50
Delta LLC,0.00,0.00,2400.00,0.00,0.00,2400.00
Total,1250.00,775.50,2400.00,0.00,0.00,4425.50
";

#[test]
fn aged_summaries_are_refused_with_their_own_error() {
    let due_as_workbook = xlsx_of("Aging", &AGING_SUMMARY_WITH_DUE.replace(',', ";"));
    // The rows as a spreadsheet shows them, blank lines of the csv files included.
    for (bytes, name, header_row) in [
        (QUICKBOOKS_AGING_SUMMARY.as_bytes().to_vec(), "AR Aging Summary.csv", 4),
        (
            XERO_AGING_SUMMARY.as_bytes().to_vec(),
            "Aged_Receivables_Summary.csv",
            5,
        ),
        (windows_1252(EXACT_AGING_SUMMARY), "Ouderdomsanalyse.csv", 3),
        (
            xlsx_of("Aged Accounts Receivable", BUSINESS_CENTRAL_AGED_SUMMARY),
            "Aged Accounts Receivable.xlsx",
            3,
        ),
        (AGING_SUMMARY_WITH_DUE.as_bytes().to_vec(), "aging summary.csv", 1),
        // As number cells, the amounts under "Due" would read as serial dates of 1903.
        (due_as_workbook, "aging summary.xlsx", 1),
    ] {
        match summary_error(&bytes, name) {
            ImportError::AgedSummary { row, .. } => assert_eq!(row, header_row, "{name}"),
            error => panic!("{name}: {error}"),
        }
    }
}

#[test]
fn an_aged_summary_beside_the_open_items_leaves_the_open_items_read() {
    let mut workbook = Workbook::new();
    let detail = workbook.add_worksheet().set_name("Open items").expect("name");
    detail
        .write_row(0, 0, ["Customer", "Invoice", "Due Date", "Open Balance"])
        .expect("write");
    detail
        .write_row(1, 0, ["Bright Co", "1045", "2026-11-14"])
        .expect("write");
    detail.write(1, 3, 1250.0).expect("write");
    let summary = workbook.add_worksheet().set_name("Summary").expect("name");
    summary
        .write_row(0, 0, ["Customer", "Current", "1 - 30", "Total"])
        .expect("write");
    summary.write(1, 0, "Bright Co").expect("write");
    summary.write_row(1, 1, [1250.0, 0.0, 1250.0]).expect("write");
    let ledger = read(&workbook.save_to_buffer().expect("xlsx"), "aging.xlsx");
    assert_eq!(
        figures(&ledger),
        expected(1, "1250", &[("Bright Co", Some("Bright Co"), "1250")])
    );
    assert!(ledger
        .issues
        .iter()
        .any(|issue| issue.kind.code() == "sheet_skipped" && issue.sheet.as_deref() == Some("Summary")));
}

// ---------------------------------------------------------------------------------------------------
// Probes: more shapes of the same packages.

/// Exact Globe prints the debtor's phone and credit limit on a line of their own under its heading.
const EXACT_GLOBE_CONTACT_LINES: &str = "Openstaande posten debiteuren;;;;;;;;
;;;;;;;;
Debiteur;Naam;Factuurnummer;Omschrijving;Factuurdatum;Vervaldatum;Dagen;Bedrag;Saldo
1001;Café de Hoek;;;;;;;
;Telefoon: 020-1234567;;;;;;;
;Kredietlimiet: 5.000,00;;;;;;;
;;26100012;Levering september;15-09-2026;15-10-2026;16;1.210,00;1.210,00
;;26700003;Creditnota retour;05-10-2026;04-11-2026;-4;-121,00;-121,00
Totaal debiteur 1001;;;;;;;1.089,00;1.089,00
1002;Brasserie Zoë;;;;;;;
;Telefoon: 010-7654321;;;;;;;
;;26100050;Catering;03-08-2026;02-09-2026;59;12.345,67;10.000,00
Totaal debiteur 1002;;;;;;;12.345,67;10.000,00
Totaal generaal;;;;;;;13.434,67;11.089,00
";

#[test]
fn exact_globe_contact_lines_under_the_debtor_heading_are_not_customers() {
    let ledger = read(
        &windows_1252(EXACT_GLOBE_CONTACT_LINES),
        "Openstaande posten debiteuren.csv",
    );
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            3,
            "11089.00",
            &[
                ("1001", Some("Café de Hoek"), "1089.00"),
                ("1002", Some("Brasserie Zoë"), "10000.00")
            ]
        )
    );
}

/// SnelStart and Exact close the list with an aging block under the grand total: each bucket's name in
/// the first column and its amount under "Openstaand".
const TRAILING_AGING_BLOCK: &str = "Relatiecode;Naam;Factuurnummer;Factuurdatum;Vervaldatum;Factuurbedrag;Openstaand
201;Hoveniersbedrijf Groen;20260311;16-09-2026;30-09-2026;2.662,00;2.662,00
205;Kapsalon Knip;20260350;20-10-2026;03-11-2026;145,20;145,20
Totaal;;;;;2.807,20;2.807,20
;;;;;;
Ouderdom;;;;;;
Niet vervallen;;;;;;145,20
1 - 30 dagen;;;;;;0,00
31 - 60 dagen;;;;;;2.662,00
";

#[test]
fn a_trailing_aging_block_is_not_read_as_customers() {
    let ledger = read(&windows_1252(TRAILING_AGING_BLOCK), "openstaande posten.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            2,
            "2807.20",
            &[
                ("201", Some("Hoveniersbedrijf Groen"), "2662.00"),
                ("205", Some("Kapsalon Knip"), "145.20")
            ]
        )
    );
}

/// Sage BOB's Dutch "Vervaldagenlijst klanten" printed over two pages: the header again on the second
/// page, and a page footer.
const SAGE_BOB_DUTCH_PAGES: &str = "Vervaldagenlijst klanten;;;;;;
Toestand op 31/10/2026;;;;;;
Klant;Naam;Ref.;Datum;Vervaldag;Bedrag;Saldo
PEETERS;Peeters BV;VF 26/0312;15/09/2026;15/10/2026;1.815,00;1.815,00
PEETERS;Peeters BV;VF 26/0355;03/10/2026;02/11/2026;605,00;605,00
Pagina 1 van 2;;;;;;
Klant;Naam;Ref.;Datum;Vervaldag;Bedrag;Saldo
WOUTERS;Wouters & Co;VF 26/0290;28/08/2026;27/09/2026;10.285,00;5.000,00
WOUTERS;Wouters & Co;CN 26/0011;30/09/2026;30/09/2026;-302,50;-302,50
Totaal klant WOUTERS;;;;;9.982,50;4.697,50
Algemeen totaal;;;;;12.402,50;7.117,50
Pagina 2 van 2;;;;;;
";

#[test]
fn sage_bob_dutch_due_list_over_two_pages() {
    let ledger = read(&windows_1252(SAGE_BOB_DUTCH_PAGES), "vervaldagenlijst.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            4,
            "7117.50",
            &[
                ("PEETERS", Some("Peeters BV"), "2420.00"),
                ("WOUTERS", Some("Wouters & Co"), "4697.50")
            ]
        )
    );
    assert_eq!(ledger.entries[3].kind, DocumentKind::CreditNote);
}

/// Business Central's "Customer Ledger Entries" page opened in Excel: the "Open" check box as Yes/No
/// after "Remaining Amount".
const BUSINESS_CENTRAL_LEDGER_ENTRIES: &str = "Posting Date;Document Type;Document No.;Customer No.;Customer Name;Description;Currency Code;Original Amount;Amount;Remaining Amount;Due Date;Open
2026-09-15;Invoice;103001;10000;The Cannon Group PLC;Order 1001;;5000;5000;5000;2026-10-15;Yes
2026-09-20;Invoice;103004;10000;The Cannon Group PLC;Order 1003;;800;800;0;2026-10-20;No
2026-10-01;Invoice;103012;10000;The Cannon Group PLC;Order 1014;;3000;3000;1000;2026-10-31;Yes
2026-10-12;Payment;2590;10000;The Cannon Group PLC;Payment;;-2800;-2800;0;2026-10-12;No
";

#[test]
fn business_central_customer_ledger_entries_with_the_open_check_box() {
    let ledger = read(
        &xlsx_of("Customer Ledger Entries", BUSINESS_CENTRAL_LEDGER_ENTRIES),
        "Customer Ledger Entries.xlsx",
    );
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(4, "6000", &[("10000", Some("The Cannon Group PLC"), "6000")])
    );
}

/// Exact Online in English: "Account", "Name", "Invoice", "Your ref.", "Outstanding".
const EXACT_ONLINE_ENGLISH: &str = "Outstanding items;;;;;;;
Account;Name;Invoice;Your ref.;Invoice date;Due date;Amount;Outstanding
1001;Café de Hoek;26100012;PO 77;15/09/2026;15/10/2026;1,210.00;1,210.00
1001;Café de Hoek;26100045;;01/10/2026;31/10/2026;2,420.50;1,420.50
1002;Brasserie Zoë;26100050;;03/08/2026;02/09/2026;12,345.67;10,000.00
;;;;;Total;15,976.17;12,630.50
";

#[test]
fn exact_online_english_outstanding_items() {
    let ledger = read(&windows_1252(EXACT_ONLINE_ENGLISH), "Outstanding items.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            3,
            "12630.50",
            &[
                ("1001", Some("Café de Hoek"), "2630.50"),
                ("1002", Some("Brasserie Zoë"), "10000.00")
            ]
        )
    );
    assert_eq!(ledger.entries[0].due_date, day(2026, 10, 15));
}

/// A Belgian customer account statement (WinBooks, BOB "Extrait de compte"): "Débit", "Crédit" and a
/// running "Solde", the customer's balance after each line, not what each document still owes.
const RUNNING_BALANCE_STATEMENT: &str = "Compte;Nom;Date;Pièce;Échéance;Débit;Crédit;Solde
400100;Dupont SPRL;15/09/2026;VEN 26/145;15/10/2026;1.210,00;;1.210,00
400100;Dupont SPRL;10/10/2026;VEN 26/190;09/11/2026;2.420,00;;3.630,00
400100;Dupont SPRL;20/10/2026;NC 26/012;20/10/2026;;121,00;3.509,00
400200;Lefèvre & Fils;01/10/2026;VEN 26/201;31/10/2026;3.000,00;;3.000,00
400200;Lefèvre & Fils;25/10/2026;BQE 26/88;25/10/2026;;1.000,00;2.000,00
";

#[test]
fn a_running_balance_is_not_each_documents_open_amount() {
    let ledger = read(&windows_1252(RUNNING_BALANCE_STATEMENT), "extrait de compte.csv");
    let per_customer: Vec<Decimal> = figures(&ledger).per_customer.values().map(|(_, open)| *open).collect();
    assert_eq!(per_customer, vec![dec("3509.00"), dec("2000.00")]);
    let running: Vec<_> = ledger
        .issues
        .iter()
        .filter(|issue| issue.kind.code() == "running_balance")
        .map(|issue| issue.column.as_deref())
        .collect();
    assert_eq!(running, vec![Some("Solde")]);
}

/// Odoo's aged balance in French, partners unfolded: "Date de facturation", "Date d'échéance" and
/// "Compte" (the receivable account, not the customer).
const ODOO_FRENCH_UNFOLDED: &str = "Balance âgée;;;;;;;;
Au 31/10/2026;;;;;;;;
;Date de facturation;Date d'échéance;Compte;À date;1-30;31-60;Plus ancien;Total
Dupont SARL;;;;;1210;-121;;1089
FAC/2026/00012;15/09/2026;15/10/2026;411000 Clients;;1210;;;1210
AVO/2026/00003;05/09/2026;05/09/2026;411000 Clients;;;-121;;-121
Total Dupont SARL;;;;;1210;-121;;1089
Lefèvre & Fils;;;;3000;;;;3000
FAC/2026/00020;01/10/2026;12/11/2026;411000 Clients;3000;;;;3000
Total Lefèvre & Fils;;;;3000;;;;3000
Total;;;;3000;1210;-121;;4089
";

#[test]
fn odoo_french_aged_balance_with_unfolded_partners() {
    let ledger = read(&windows_1252(ODOO_FRENCH_UNFOLDED), "Balance agee.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            3,
            "4089",
            &[
                ("Dupont SARL", Some("Dupont SARL"), "1089"),
                ("Lefèvre & Fils", Some("Lefèvre & Fils"), "3000")
            ]
        )
    );
    assert_eq!(ledger.entries[0].invoice_date, Some(day(2026, 9, 15)));
}

/// Sage 50 (UK) "Aged Debtors Analysis (Detailed)": "A/C", "Name", "Type" (SI, SC, SR), "Date", "Ref",
/// "Balance", and the periods.
const SAGE_50_AGED_DEBTORS: &str = "Aged Debtors Analysis (Detailed)
Report Date: 31/10/2026

A/C,Name,Type,Date,Ref,Details,Balance,Future,Current,Period 1,Period 2,Period 3,Older
BRI001,Bright Co,SI,15/10/2026,1045,Widgets,1250.00,0.00,1250.00,0.00,0.00,0.00,0.00
BRI001,Bright Co,SC,20/10/2026,CN12,Returned,-200.00,0.00,-200.00,0.00,0.00,0.00,0.00
BRI001,Bright Co,SR,25/10/2026,BACS,Payment on account,-100.00,0.00,-100.00,0.00,0.00,0.00,0.00
DEL001,Delta LLC,SI,12/08/2026,1032,Consulting,2400.00,0.00,0.00,0.00,2400.00,0.00,0.00
Totals:,,,,,,3350.00,0.00,950.00,0.00,2400.00,0.00,0.00
";

#[test]
fn sage_50_aged_debtors_detailed() {
    let ledger = read(SAGE_50_AGED_DEBTORS.as_bytes(), "aged debtors.csv");
    assert_no_row_refused(&ledger);
    assert_eq!(
        figures(&ledger),
        expected(
            4,
            "3350.00",
            &[
                ("BRI001", Some("Bright Co"), "950.00"),
                ("DEL001", Some("Delta LLC"), "2400.00")
            ]
        )
    );
    assert_eq!(
        kinds(&ledger),
        vec![
            DocumentKind::Invoice,
            DocumentKind::CreditNote,
            DocumentKind::Payment,
            DocumentKind::Invoice
        ]
    );
}

#[test]
fn more_aged_summaries_are_refused() {
    let business_central_dutch = "Ouderdom debiteuren;;;;;;\nNr.;Naam;Saldo;Niet vervallen;0-30 dagen;31-60 dagen;Meer dan 60 dagen\n10000;Autohandel Ruysdael;5500;-500;6000;;\n";
    let freshbooks = "Accounts Aging\nClient,0-30 days,31-60 days,61-90 days,91+ days,Total\nBright Co,950.00,0.00,0.00,0.00,950.00\n";
    let zoho = "Customer Name,Current,1-15 Days,16-30 Days,31-45 Days,>45 Days,Total\nBright Co,950.00,0.00,0.00,0.00,0.00,950.00\n";
    for (csv, name) in [
        (business_central_dutch, "ouderdom.csv"),
        (freshbooks, "accounts_aging.csv"),
        (zoho, "ar_aging_summary.csv"),
    ] {
        let error = summary_error(csv.as_bytes(), name);
        assert!(matches!(error, ImportError::AgedSummary { .. }), "{name}: {error}");
    }
}
