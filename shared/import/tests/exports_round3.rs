//! Round 3 of exports as the packages write them: QuickBooks Desktop (A/R Aging Detail by bucket, Open
//! Invoices with jobs), QuickBooks Online in Canadian French, UK and US English, DATEV's OPOS list,
//! lexoffice, sevDesk, Visma eAccounting and Visma.net, Exact Online in French, Yuki in English and
//! French, Unit4 Multivers, King, Teamleader Focus, Billit, Silverfin, SAP Business One, NetSuite, Wave,
//! Sage Intacct and MYOB.
//!
//! Every export is written from one set of documents ([`Doc`]) by a function that lays it out as the
//! package does (title rows, headers, number and date formats, groups and subtotals, credit notes,
//! partial payments, unallocated payments), and the figures it should give (open, overdue, items,
//! buckets, per customer, per document) are worked out from those documents, not from the file. Each test
//! also checks that no row is lost: every row below the header is an open item or an issue.

use chrono::NaiveDate;
use credit_core::analyze::{analyze, AnalysisOptions};
use credit_core::issue::Severity;
use credit_core::ledger::{DocumentKind, Ledger};
use credit_core::policy::Policy;
use credit_import::{read_ledger, ImportOptions};
use pretty_assertions::assert_eq;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::collections::BTreeMap;
use std::str::FromStr;

// ---------------------------------------------------------------------------------------------------
// The documents

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("decimal")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

const AS_OF: (i32, u32, u32) = (2026, 10, 31);

fn as_of() -> NaiveDate {
    day(AS_OF.0, AS_OF.1, AS_OF.2)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Invoice,
    Credit,
    Payment,
}

/// One document as the package holds it; amounts signed (credit notes and payments negative).
#[derive(Debug, Clone)]
struct Doc {
    customer: usize,
    number: &'static str,
    kind: Kind,
    date: NaiveDate,
    due: NaiveDate,
    amount: Decimal,
    open: Decimal,
}

impl Doc {
    fn days_overdue(&self) -> i64 {
        (as_of() - self.due).num_days()
    }
    fn paid(&self) -> Decimal {
        self.amount - self.open
    }
}

/// Customers (code, name) and their documents.
#[derive(Debug, Clone)]
struct Book {
    customers: Vec<(&'static str, &'static str)>,
    docs: Vec<Doc>,
}

fn doc(
    customer: usize,
    number: &'static str,
    kind: Kind,
    date: (u32, u32),
    due: (u32, u32),
    amount: &str,
    open: &str,
) -> Doc {
    Doc {
        customer,
        number,
        kind,
        date: day(2026, date.0, date.1),
        due: day(2026, due.0, due.1),
        amount: dec(amount),
        open: dec(open),
    }
}

/// Three customers, ten open documents in every bucket: invoices not yet due, a credit note, a partial
/// payment, an unallocated payment, one 153 days overdue; and a paid invoice, which aging reports leave
/// out and invoice lists keep.
fn book(customers: [(&'static str, &'static str); 3]) -> Book {
    use Kind::*;
    Book {
        customers: customers.to_vec(),
        docs: vec![
            doc(0, "1045", Invoice, (10, 15), (11, 14), "1250.00", "1250.00"),
            doc(0, "CM-12", Credit, (10, 20), (10, 20), "-200.00", "-200.00"),
            doc(0, "1029", Invoice, (9, 3), (10, 3), "975.50", "975.50"),
            doc(0, "1021", Invoice, (7, 30), (8, 29), "480.25", "480.25"),
            doc(1, "1032", Invoice, (8, 12), (9, 11), "2400.00", "1400.00"),
            doc(1, "1011", Invoice, (6, 20), (7, 20), "3333.33", "3333.33"),
            doc(1, "PMT-7", Payment, (10, 28), (10, 28), "-500.00", "-500.00"),
            doc(1, "1018", Invoice, (7, 1), (7, 31), "1500.00", "0.00"),
            doc(2, "1003", Invoice, (5, 1), (5, 31), "12345.67", "12345.67"),
            doc(2, "1050", Invoice, (10, 30), (11, 29), "99.99", "99.99"),
            doc(2, "1040", Invoice, (8, 29), (9, 28), "640.00", "640.00"),
        ],
    }
}

const US: [(&str, &str); 3] = [
    ("10001", "Bright Co"),
    ("10002", "Delta LLC"),
    ("10003", "Kraemer & Sons"),
];
const NL: [(&str, &str); 3] = [
    ("10001", "Café de Hoek"),
    ("10002", "Bouwbedrijf Smit B.V."),
    ("10003", "Jansen & Zn."),
];
const FR: [(&str, &str); 3] = [
    ("10001", "Boulangerie Dupont"),
    ("10002", "Lefèvre SPRL"),
    ("10003", "Garage Mercier"),
];
const DE: [(&str, &str); 3] = [
    ("10001", "Müller & Söhne GmbH"),
    ("10002", "Bäckerei Weiß"),
    ("10003", "Schneider KG"),
];

impl Book {
    /// The documents an aging report lists: those still open.
    fn open_docs(&self) -> Vec<&Doc> {
        self.docs.iter().filter(|doc| !doc.open.is_zero()).collect()
    }
    /// Without unallocated payments: invoice lists hold invoices and credit notes only.
    fn without_payments(&self) -> Book {
        let mut book = self.clone();
        book.docs.retain(|doc| doc.kind != Kind::Payment);
        book
    }
    /// Only what is still open (aging reports).
    fn still_open(&self) -> Book {
        let mut book = self.clone();
        book.docs.retain(|doc| !doc.open.is_zero());
        book
    }
    fn by_customer(&self) -> Vec<(usize, Vec<&Doc>)> {
        (0..self.customers.len())
            .map(|customer| {
                (
                    customer,
                    self.docs.iter().filter(|doc| doc.customer == customer).collect(),
                )
            })
            .filter(|(_, docs): &(usize, Vec<&Doc>)| !docs.is_empty())
            .collect()
    }
    fn code(&self, doc: &Doc) -> &'static str {
        self.customers[doc.customer].0
    }
    fn name(&self, doc: &Doc) -> &'static str {
        self.customers[doc.customer].1
    }
}

/// The open documents in the package's aging groups: `bounds` are the upper bounds in days overdue of
/// every group but the last ("Current" is 0).
fn by_age<'b>(docs: &[&'b Doc], labels: &[&'static str], bounds: &[i64]) -> Vec<(&'static str, Vec<&'b Doc>)> {
    let group = |doc: &Doc| bounds.iter().take_while(|&&upper| doc.days_overdue() > upper).count();
    labels
        .iter()
        .enumerate()
        .map(|(index, label)| (*label, docs.iter().copied().filter(|doc| group(doc) == index).collect()))
        .filter(|(_, docs): &(&str, Vec<&Doc>)| !docs.is_empty())
        .collect()
}

fn sum_open(docs: &[&Doc]) -> Decimal {
    docs.iter().map(|doc| doc.open).sum()
}

fn sum_amount(docs: &[&Doc]) -> Decimal {
    docs.iter().map(|doc| doc.amount).sum()
}

// ---------------------------------------------------------------------------------------------------
// What the figures must be

/// How the package names a customer in the file, hence what the importer keys it by.
#[derive(Debug, Clone, Copy)]
enum Key {
    /// A code column and a name column: keyed by code, named by name.
    Code,
    /// A code column only.
    CodeOnly,
    /// A name only: keyed by name.
    Name,
}

type CustomerFigures = (Option<String>, Decimal, Decimal, usize);
type DocumentFigures = (String, Option<String>, DocumentKind, NaiveDate, Decimal);

#[derive(Debug, PartialEq)]
struct Figures {
    open: Decimal,
    overdue: Decimal,
    items: usize,
    buckets: Vec<(String, Decimal)>,
    customers: BTreeMap<String, CustomerFigures>,
    documents: Vec<DocumentFigures>,
}

/// Sorted; an unallocated payment and a credit note count alike (both lower the balance), because most
/// exports print no document type that would tell them apart.
fn sort_documents(documents: &mut [DocumentFigures]) {
    for document in documents.iter_mut() {
        if document.2 == DocumentKind::Payment {
            document.2 = DocumentKind::CreditNote;
        }
    }
    documents.sort_by(|a, b| (&a.0, &a.1, a.3, a.4).cmp(&(&b.0, &b.1, b.3, b.4)));
}

fn bucket_label(days_overdue: i64) -> &'static str {
    match days_overdue {
        ..=0 => "not_due",
        1..=30 => "1-30",
        31..=60 => "31-60",
        61..=90 => "61-90",
        91..=120 => "91-120",
        _ => "120+",
    }
}

/// The figures of the documents, worked out from them alone.
fn expected(book: &Book, key: Key) -> Figures {
    let id = |doc: &Doc| match key {
        Key::Code | Key::CodeOnly => book.code(doc).to_owned(),
        Key::Name => book.name(doc).to_owned(),
    };
    let name = |doc: &Doc| match key {
        Key::CodeOnly => None,
        _ => Some(book.name(doc).to_owned()),
    };
    let mut buckets: Vec<(String, Decimal)> = ["not_due", "1-30", "31-60", "61-90", "91-120", "120+"]
        .iter()
        .map(|label| (label.to_string(), Decimal::ZERO))
        .collect();
    let mut customers: BTreeMap<String, CustomerFigures> = BTreeMap::new();
    let (mut open, mut overdue, mut items) = (Decimal::ZERO, Decimal::ZERO, 0);
    for doc in &book.docs {
        let entry = customers
            .entry(id(doc))
            .or_insert((name(doc), Decimal::ZERO, Decimal::ZERO, 0));
        if doc.open.is_zero() {
            continue;
        }
        let late = doc.days_overdue() > 0;
        open += doc.open;
        items += 1;
        entry.1 += doc.open;
        entry.3 += 1;
        if late {
            overdue += doc.open;
            entry.2 += doc.open;
        }
        let label = bucket_label(doc.days_overdue());
        if let Some((_, amount)) = buckets.iter_mut().find(|(name, _)| name == label) {
            *amount += doc.open;
        }
    }
    let mut documents: Vec<DocumentFigures> = book
        .docs
        .iter()
        .map(|doc| {
            let kind = match doc.kind {
                Kind::Invoice => DocumentKind::Invoice,
                Kind::Credit => DocumentKind::CreditNote,
                Kind::Payment => DocumentKind::Payment,
            };
            (id(doc), Some(doc.number.to_owned()), kind, doc.due, doc.open)
        })
        .collect();
    sort_documents(&mut documents);
    Figures {
        open,
        overdue,
        items,
        buckets,
        customers,
        documents,
    }
}

/// The figures the analysis gives for the ledger read.
fn figures(ledger: &Ledger) -> Figures {
    let options = AnalysisOptions {
        as_of: as_of(),
        lang: None,
        policy: Policy::default(),
    };
    let analysis = analyze(ledger, &options);
    let mut documents: Vec<DocumentFigures> = ledger
        .entries
        .iter()
        .map(|entry| {
            (
                entry.customer_id.clone(),
                entry.document.clone(),
                entry.kind,
                entry.due_date,
                entry.open_at(as_of()),
            )
        })
        .collect();
    sort_documents(&mut documents);
    Figures {
        open: analysis.totals.open,
        overdue: analysis.totals.overdue,
        items: analysis.totals.items,
        buckets: analysis
            .totals
            .buckets
            .iter()
            .map(|(label, amount)| (label.to_owned(), amount))
            .collect(),
        customers: analysis
            .customers
            .iter()
            .map(|customer| {
                let figures = (customer.name.clone(), customer.open, customer.overdue, customer.items);
                (customer.id.clone(), figures)
            })
            .collect(),
        documents,
    }
}

/// Every row below a ledger header is an entry, or an issue that names its row.
fn assert_no_row_lost(ledger: &Ledger) {
    for (index, sheet) in ledger.sheets.iter().enumerate() {
        for row in &sheet.rows {
            if row
                .cells
                .iter()
                .all(|cell| matches!(cell, credit_core::ledger::Cell::Empty))
            {
                continue;
            }
            let used = ledger
                .entries
                .iter()
                .any(|entry| usize::from(entry.at.sheet) == index && entry.at.row == row.row);
            let told = ledger
                .issues
                .iter()
                .any(|issue| issue.sheet.as_deref() == Some(sheet.name.as_str()) && issue.row == Some(row.row));
            assert!(
                used || told,
                "{} row {} is neither read nor reported: {:?}",
                sheet.name,
                row.row,
                row.cells
            );
        }
    }
}

/// Nothing was refused or doubted: every row is a document, or a title, heading or total said as
/// information.
fn assert_no_warning(ledger: &Ledger) {
    let warnings: Vec<_> = ledger
        .issues
        .iter()
        .filter(|issue| issue.severity != Severity::Info)
        .collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
}

fn read(bytes: &[u8], name: &str) -> Ledger {
    read_ledger(bytes, name, &ImportOptions::default()).unwrap_or_else(|error| panic!("{error}"))
}

/// Reads the export and checks it against the documents it was written from.
fn check(bytes: &[u8], name: &str, book: &Book, key: Key) -> Ledger {
    let ledger = read(bytes, name);
    assert_no_warning(&ledger);
    assert_no_row_lost(&ledger);
    assert_eq!(figures(&ledger), expected(book, key), "{name}");
    ledger
}

// ---------------------------------------------------------------------------------------------------
// Writing the files

/// A cell of an export before it is written: csv writes numbers and dates in the package's format,
/// xlsx as number and date cells.
#[derive(Debug, Clone)]
enum C {
    E,
    T(String),
    N(Decimal),
    D(NaiveDate),
}

impl From<&str> for C {
    fn from(text: &str) -> Self {
        if text.is_empty() {
            C::E
        } else {
            C::T(text.to_owned())
        }
    }
}
impl From<String> for C {
    fn from(text: String) -> Self {
        C::from(text.as_str())
    }
}
impl From<Decimal> for C {
    fn from(value: Decimal) -> Self {
        C::N(value)
    }
}
impl From<NaiveDate> for C {
    fn from(date: NaiveDate) -> Self {
        C::D(date)
    }
}
impl From<i64> for C {
    fn from(value: i64) -> Self {
        C::T(value.to_string())
    }
}

macro_rules! row {
    ($($cell:expr),* $(,)?) => { vec![$(C::from($cell)),*] };
}

type Rows = Vec<Vec<C>>;

/// How a csv writes numbers and dates.
struct Style {
    money: fn(Decimal) -> String,
    date: fn(NaiveDate) -> String,
}

/// Every line as wide as the widest, as spreadsheets and packages write them (`;;;;` after a title).
fn csv(rows: &Rows, separator: char, style: &Style) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = String::new();
    for row in rows {
        let mut row = row.clone();
        row.resize(width, C::E);
        let cells: Vec<String> = row
            .iter()
            .map(|cell| {
                let text = match cell {
                    C::E => String::new(),
                    C::T(text) => text.clone(),
                    C::N(value) => (style.money)(*value),
                    C::D(date) => (style.date)(*date),
                };
                if text.contains(separator) || text.contains('"') {
                    format!("\"{}\"", text.replace('"', "\"\""))
                } else {
                    text
                }
            })
            .collect();
        out.push_str(&cells.join(&separator.to_string()));
        out.push('\n');
    }
    out
}

fn xlsx(sheet_name: &str, rows: &Rows, money_format: &str, date_format: &str) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format(date_format);
    let money = Format::new().set_num_format(money_format);
    let sheet = workbook.add_worksheet().set_name(sheet_name).expect("name");
    for (r, cells) in rows.iter().enumerate() {
        for (c, cell) in cells.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                C::E => {}
                C::T(text) => {
                    sheet.write(r, c, text.as_str()).expect("write");
                }
                C::N(value) => {
                    let number = value.to_f64().expect("f64");
                    sheet.write_with_format(r, c, number, &money).expect("write");
                }
                C::D(when) => {
                    let when = ExcelDateTime::from_ymd(
                        u16::try_from(chrono::Datelike::year(when)).expect("year"),
                        chrono::Datelike::month(when) as u8,
                        chrono::Datelike::day(when) as u8,
                    )
                    .expect("date");
                    sheet.write_datetime_with_format(r, c, when, &date).expect("write");
                }
            }
        }
    }
    workbook.save_to_buffer().expect("xlsx")
}

/// A csv as a Windows-1252 export: CRLF line ends and one byte per accented letter.
fn windows_1252(text: &str) -> Vec<u8> {
    text.replace('\n', "\r\n")
        .chars()
        .map(|c| match c {
            'é' => 0xE9,
            'è' => 0xE8,
            'ê' => 0xEA,
            'ë' => 0xEB,
            'à' => 0xE0,
            'â' => 0xE2,
            'ç' => 0xE7,
            'ä' => 0xE4,
            'ö' => 0xF6,
            'ü' => 0xFC,
            'Ä' => 0xC4,
            'Ö' => 0xD6,
            'Ü' => 0xDC,
            'ß' => 0xDF,
            'É' => 0xC9,
            '°' => 0xB0,
            '€' => 0x80,
            c if c.is_ascii() => c as u8,
            c => panic!("no Windows-1252 byte for {c} in this test"),
        })
        .collect()
}

fn utf8_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// An amount with the given thousands separator and decimal mark, "-" before when negative.
fn amount_text(value: Decimal, thousands: &str, decimal: &str) -> String {
    let fixed = value.abs().round_dp(2);
    let text = format!("{fixed:.2}");
    let (whole, cents) = text.split_once('.').expect("two decimals");
    let mut grouped = String::new();
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            grouped.push_str(thousands);
        }
        grouped.push(digit);
    }
    let sign = if value < Decimal::ZERO { "-" } else { "" };
    format!("{sign}{grouped}{decimal}{cents}")
}

fn us_money(value: Decimal) -> String {
    amount_text(value, ",", ".")
}
fn plain_point(value: Decimal) -> String {
    amount_text(value, "", ".")
}
fn de_money(value: Decimal) -> String {
    amount_text(value, ".", ",")
}
fn plain_comma(value: Decimal) -> String {
    amount_text(value, "", ",")
}
fn unsigned_de(value: Decimal) -> String {
    de_money(value.abs())
}
fn fr_ca_money(value: Decimal) -> String {
    format!("{}\u{a0}$", amount_text(value, "\u{a0}", ","))
}
fn gbp(value: Decimal) -> String {
    let text = us_money(value.abs());
    if value < Decimal::ZERO {
        format!("-£{text}")
    } else {
        format!("£{text}")
    }
}
fn euro_nl(value: Decimal) -> String {
    let text = de_money(value.abs());
    if value < Decimal::ZERO {
        format!("-€ {text}")
    } else {
        format!("€ {text}")
    }
}
fn euro_en(value: Decimal) -> String {
    let text = us_money(value.abs());
    if value < Decimal::ZERO {
        format!("-€{text}")
    } else {
        format!("€{text}")
    }
}

fn mdy(date: NaiveDate) -> String {
    date.format("%m/%d/%Y").to_string()
}
fn dmy_slash(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}
fn dmy_dash(date: NaiveDate) -> String {
    date.format("%d-%m-%Y").to_string()
}
fn dmy_dot(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

const MDY_US: Style = Style {
    money: us_money,
    date: mdy,
};

/// Days overdue as the "Aging"/"Tage" columns print them: blank when not yet due.
fn aging(doc: &Doc) -> C {
    match doc.days_overdue() {
        days if days > 0 => C::T(days.to_string()),
        _ => C::E,
    }
}

// ---------------------------------------------------------------------------------------------------
// QuickBooks Desktop

fn qb_type(doc: &Doc) -> &'static str {
    match doc.kind {
        Kind::Invoice => "Invoice",
        Kind::Credit => "Credit Memo",
        Kind::Payment => "Payment",
    }
}

fn qb_terms(doc: &Doc) -> &'static str {
    match doc.kind {
        Kind::Invoice => "Net 30",
        _ => "",
    }
}

/// QuickBooks Desktop's "A/R Aging Detail", grouped by age as it is by default: "Current", "1 - 30",
/// "31 - 60", "61 - 90", "> 90" alone on a row in the first column, "Total Current" ... under each, and
/// "TOTAL". The Excel export keeps `indent` unnamed columns on the left and the report's header lines
/// (time, date, basis) above.
fn quickbooks_desktop_aging_detail(book: &Book, indent: usize, title: bool) -> Rows {
    let pad = || vec![C::E; indent];
    let mut rows: Rows = Vec::new();
    if title {
        rows.push(row!["10:15 AM", "", "", "", "", "Acme Supplies Inc"]);
        rows.push(row!["11/01/26", "", "", "", "", "A/R Aging Detail"]);
        rows.push(row!["Accrual Basis", "", "", "", "", "As of October 31, 2026"]);
        rows.push(vec![]);
    }
    let mut header = pad();
    header.extend(row![
        "Type",
        "Date",
        "Num",
        "P. O. #",
        "Name",
        "Terms",
        "Due Date",
        "Class",
        "Aging",
        "Open Balance"
    ]);
    rows.push(header);
    let open = book.open_docs();
    let width = indent + 10;
    let labeled = |label: String, value: Option<Decimal>| {
        let mut cells = vec![C::E; width];
        cells[0] = C::T(label);
        if let Some(value) = value {
            cells[width - 1] = C::N(value);
        }
        cells
    };
    for (label, docs) in by_age(
        &open,
        &["Current", "1 - 30", "31 - 60", "61 - 90", "> 90"],
        &[0, 30, 60, 90],
    ) {
        rows.push(labeled(label.to_owned(), None));
        for doc in &docs {
            let mut cells = pad();
            let po = if doc.number == "1029" { "PO-77" } else { "" };
            cells.extend(row![
                qb_type(doc),
                doc.date,
                doc.number,
                po,
                book.name(doc),
                qb_terms(doc),
                doc.due,
                "",
                aging(doc),
                doc.open
            ]);
            rows.push(cells);
        }
        rows.push(labeled(format!("Total {label}"), Some(sum_open(&docs))));
        rows.push(vec![]);
    }
    rows.push(labeled("TOTAL".to_owned(), Some(sum_open(&open))));
    rows
}

#[test]
fn quickbooks_desktop_ar_aging_detail_by_age() {
    let book = book(US).still_open();
    let lines = quickbooks_desktop_aging_detail(&book, 1, false);
    check(
        csv(&lines, ',', &MDY_US).as_bytes(),
        "A_R Aging Detail.csv",
        &book,
        Key::Name,
    );
    let sheet = quickbooks_desktop_aging_detail(&book, 2, true);
    let bytes = xlsx("Sheet1", &sheet, "#,##0.00", "mm/dd/yyyy");
    check(&bytes, "A_R Aging Detail.xlsx", &book, Key::Name);
}

/// QuickBooks Desktop's "Open Invoices" by customer and job: the customer alone in the first unnamed
/// column, each job alone in the second, its documents below, "Total <job>" and "Total <customer>".
fn quickbooks_desktop_open_invoices(book: &Book, jobs: &[(usize, &'static str, &[&str])]) -> Rows {
    let width = 10;
    let mut rows: Rows = vec![
        row!["Acme Supplies Inc"],
        row!["Open Invoices"],
        row!["As of October 31, 2026"],
        row![
            "",
            "",
            "Type",
            "Date",
            "Num",
            "P. O. #",
            "Terms",
            "Due Date",
            "Aging",
            "Open Balance"
        ],
    ];
    let at = |column: usize, label: String, value: Option<Decimal>| {
        let mut cells = vec![C::E; width];
        cells[column] = C::T(label);
        if let Some(value) = value {
            cells[width - 1] = C::N(value);
        }
        cells
    };
    let line = |doc: &Doc| {
        row![
            "",
            "",
            qb_type(doc),
            doc.date,
            doc.number,
            "",
            qb_terms(doc),
            doc.due,
            aging(doc),
            doc.open
        ]
    };
    for (customer, docs) in book.by_customer() {
        let name = book.customers[customer].1.to_owned();
        rows.push(at(0, name.clone(), None));
        let customer_jobs: Vec<_> = jobs.iter().filter(|(owner, _, _)| *owner == customer).collect();
        if customer_jobs.is_empty() {
            rows.extend(docs.iter().map(|doc| line(doc)));
        }
        for (_, job, numbers) in customer_jobs {
            let job_docs: Vec<&Doc> = docs
                .iter()
                .copied()
                .filter(|doc| numbers.contains(&doc.number))
                .collect();
            rows.push(at(1, (*job).to_owned(), None));
            rows.extend(job_docs.iter().map(|doc| line(doc)));
            rows.push(at(1, format!("Total {job}"), Some(sum_open(&job_docs))));
        }
        rows.push(at(0, format!("Total {name}"), Some(sum_open(&docs))));
    }
    rows.push(at(0, "TOTAL".to_owned(), Some(sum_open(&book.open_docs()))));
    rows
}

#[test]
fn quickbooks_desktop_open_invoices_without_jobs() {
    let book = book(US).still_open();
    let lines = quickbooks_desktop_open_invoices(&book, &[]);
    check(
        csv(&lines, ',', &MDY_US).as_bytes(),
        "Open Invoices.csv",
        &book,
        Key::Name,
    );
    check(
        &xlsx("Sheet1", &lines, "#,##0.00", "mm/dd/yyyy"),
        "Open Invoices.xlsx",
        &book,
        Key::Name,
    );
}

#[test]
fn quickbooks_desktop_open_invoices_by_customer_and_job() {
    let book = book(US).still_open();
    let jobs: [(usize, &str, &[&str]); 2] = [
        (0, "Kitchen Remodel", &["1045", "CM-12"]),
        (0, "Office Fit-out", &["1029", "1021"]),
    ];
    let lines = quickbooks_desktop_open_invoices(&book, &jobs);
    check(
        &xlsx("Sheet1", &lines, "#,##0.00", "mm/dd/yyyy"),
        "Open Invoices.xlsx",
        &book,
        Key::Name,
    );
}

// ---------------------------------------------------------------------------------------------------
// QuickBooks Online

struct QboLocale {
    title: [&'static str; 3],
    header: [&'static str; 8],
    groups: [&'static str; 5],
    total_for: &'static str,
    types: [&'static str; 3],
    footer: &'static str,
}

/// QuickBooks Online's A/R aging detail: title, company and date lines, a blank line, the header with an
/// unnamed first column, the aging groups alone in it ("Current" ... "91 or more days past due"), a
/// "Total for <group>" under each, "TOTAL", a blank line and the time it was run.
fn quickbooks_online_aging_detail(book: &Book, locale: &QboLocale) -> Rows {
    let mut rows: Rows = locale.title.iter().map(|line| row![*line]).collect();
    rows.push(vec![]);
    rows.push(locale.header.iter().map(|text| C::from(*text)).collect());
    let open = book.open_docs();
    let labeled = |label: String, value: Option<Decimal>| {
        let mut cells = vec![C::E; 8];
        cells[0] = C::T(label);
        if let Some(value) = value {
            cells[6] = C::N(value);
            cells[7] = C::N(value);
        }
        cells
    };
    let groups = by_age(&open, &locale.groups, &[0, 30, 60, 90]);
    for (label, docs) in groups {
        rows.push(labeled(label.to_owned(), None));
        for doc in &docs {
            let kind = locale.types[doc.kind as usize];
            rows.push(row![
                "",
                doc.date,
                kind,
                doc.number,
                book.name(doc),
                doc.due,
                doc.amount,
                doc.open
            ]);
        }
        let mut total = labeled(format!("{} {label}", locale.total_for), Some(sum_open(&docs)));
        total[6] = C::N(sum_amount(&docs));
        rows.push(total);
    }
    let mut total = labeled("TOTAL".to_owned(), Some(sum_open(&open)));
    total[6] = C::N(sum_amount(&open));
    rows.push(total);
    rows.push(vec![]);
    rows.push(vec![]);
    rows.push(row![locale.footer]);
    rows
}

#[test]

fn quickbooks_online_french_canada_aging_detail() {
    let locale = QboLocale {
        title: [
            "Boulangerie Dupont inc.",
            "Détails du classement chronologique des comptes clients",
            "En date du 31 octobre 2026",
        ],
        header: [
            "",
            "Date",
            "Type de transaction",
            "N°",
            "Client",
            "Date d'échéance",
            "Montant",
            "Solde ouvert",
        ],
        groups: [
            "Courant",
            "1 - 30 jours en souffrance",
            "31 - 60 jours en souffrance",
            "61 - 90 jours en souffrance",
            "91 jours ou plus en souffrance",
        ],
        total_for: "Total pour",
        types: ["Facture", "Note de crédit", "Paiement"],
        footer: "lundi 2 novembre 2026 09 h 15 GMT-05:00",
    };
    let book = book(FR).still_open();
    let style = Style {
        money: fr_ca_money,
        date: dmy_slash,
    };
    let text = csv(&quickbooks_online_aging_detail(&book, &locale), ',', &style);
    check(
        text.as_bytes(),
        "Détails du classement chronologique.csv",
        &book,
        Key::Name,
    );
}

#[test]

fn quickbooks_online_uk_ageing_detail() {
    let locale = QboLocale {
        title: ["Bright Co Ltd", "A/R Ageing Detail Report", "As of 31 October 2026"],
        header: [
            "",
            "Date",
            "Transaction Type",
            "No.",
            "Customer",
            "Due Date",
            "Amount",
            "Open Balance",
        ],
        groups: [
            "Current",
            "1 - 30 days past due",
            "31 - 60 days past due",
            "61 - 90 days past due",
            "91 or more days past due",
        ],
        total_for: "Total for",
        types: ["Invoice", "Credit Note", "Payment"],
        footer: "Monday, 2 November 2026 09:15 AM GMT+00:00",
    };
    let book = book(US).still_open();
    let style = Style {
        money: gbp,
        date: dmy_slash,
    };
    let text = csv(&quickbooks_online_aging_detail(&book, &locale), ',', &style);
    check(text.as_bytes(), "AR Ageing Detail.csv", &book, Key::Name);
}

#[test]
fn quickbooks_online_us_aging_detail_with_its_footer() {
    let locale = QboLocale {
        title: ["Bright Co", "A/R Aging Detail", "As of October 31, 2026"],
        header: [
            "",
            "Date",
            "Transaction Type",
            "Num",
            "Customer",
            "Due Date",
            "Amount",
            "Open Balance",
        ],
        groups: [
            "Current",
            "1 - 30 days past due",
            "31 - 60 days past due",
            "61 - 90 days past due",
            "91 or more days past due",
        ],
        total_for: "Total for",
        types: ["Invoice", "Credit Memo", "Payment"],
        footer: "Monday, November 02, 2026 09:15 AM GMT-05:00",
    };
    let book = book(US).still_open();
    let text = csv(&quickbooks_online_aging_detail(&book, &locale), ',', &MDY_US);
    check(text.as_bytes(), "AR Aging Detail.csv", &book, Key::Name);
    let sheet = xlsx(
        "A_R Aging Detail",
        &quickbooks_online_aging_detail(&book, &locale),
        "#,##0.00",
        "mm/dd/yyyy",
    );
    check(&sheet, "AR Aging Detail.xlsx", &book, Key::Name);
}

// ---------------------------------------------------------------------------------------------------
// German packages

fn soll_haben(doc: &Doc) -> &'static str {
    if doc.amount < Decimal::ZERO {
        "H"
    } else {
        "S"
    }
}

/// DATEV's "OPOS-Liste Debitoren" (Rechnungswesen, "Standard (Posten)") saved as csv from Excel: ";",
/// Windows-1252, unsigned amounts with "S" or "H" beside them, "Summe Konto <n>" under each account and
/// "Gesamtsumme" at the end.
fn datev_opos(book: &Book) -> Rows {
    let mut rows: Rows = vec![
        row!["OPOS-Liste Debitoren"],
        row!["Mandant 10234 Musterfirma GmbH"],
        row!["Stichtag: 31.10.2026"],
        vec![],
        row![
            "Konto",
            "Name",
            "Rechnungsnr.",
            "Belegdatum",
            "Fälligkeit",
            "Betrag",
            "Offen",
            "Soll/Haben",
            "Tage"
        ],
    ];
    for (customer, docs) in book.by_customer() {
        let (code, name) = book.customers[customer];
        for doc in &docs {
            rows.push(row![
                code,
                name,
                doc.number,
                doc.date,
                doc.due,
                doc.amount,
                doc.open,
                soll_haben(doc),
                aging(doc)
            ]);
        }
        let open = sum_open(&docs);
        let side = if open < Decimal::ZERO { "H" } else { "S" };
        rows.push(row![
            format!("Summe Konto {code}"),
            "",
            "",
            "",
            "",
            sum_amount(&docs),
            open,
            side
        ]);
    }
    let open = book.open_docs();
    rows.push(row![
        "Gesamtsumme",
        "",
        "",
        "",
        "",
        sum_amount(&open),
        sum_open(&open),
        "S"
    ]);
    rows
}

#[test]
fn datev_opos_list_with_debit_and_credit_sides() {
    let book = book(DE).still_open();
    let style = Style {
        money: unsigned_de,
        date: dmy_dot,
    };
    let text = csv(&datev_opos(&book), ';', &style);
    check(&windows_1252(&text), "OPOS-Liste Debitoren.csv", &book, Key::Code);
}

/// DATEV's OPOS list in the column order an ERP's import asks for (Konto, Rechnungsnummer, Datum,
/// Fälligkeit, Sollbetrag, Habenbetrag, Saldo, Gegenkonto, Buchungstext), opened in Excel: the account
/// number only, no name.
fn datev_opos_for_import(book: &Book) -> Rows {
    let mut rows: Rows = vec![row![
        "Konto",
        "Rechnungsnummer",
        "Datum",
        "Fälligkeit",
        "Sollbetrag",
        "Habenbetrag",
        "Saldo",
        "Gegenkonto",
        "Buchungstext"
    ]];
    for (customer, docs) in book.by_customer() {
        let code = book.customers[customer].0;
        for doc in &docs {
            let (soll, haben) = if doc.amount < Decimal::ZERO {
                (C::E, C::N(-doc.amount))
            } else {
                (C::N(doc.amount), C::E)
            };
            let text = match doc.kind {
                Kind::Invoice => "Rechnung",
                Kind::Credit => "Gutschrift",
                Kind::Payment => "Zahlung",
            };
            rows.push(vec![
                C::from(code),
                C::from(doc.number),
                C::D(doc.date),
                C::D(doc.due),
                soll,
                haben,
                C::N(doc.open),
                C::from("8400"),
                C::from(text),
            ]);
        }
    }
    rows
}

#[test]
fn datev_opos_list_for_import_with_the_account_only() {
    let book = book(DE).still_open();
    let bytes = xlsx("OPOS", &datev_opos_for_import(&book), "#,##0.00", "dd.mm.yyyy");
    check(&bytes, "OPOS.xlsx", &book, Key::CodeOnly);
}

/// lexoffice's "Offene Posten" export: ";", UTF-8 with a BOM, dates "15.10.2026", amounts "1250,00",
/// the document type ("Rechnung", "Rechnungskorrektur") beside signed amounts.
fn lexoffice(book: &Book) -> Rows {
    let mut rows: Rows = vec![row![
        "Belegnummer",
        "Belegdatum",
        "Fälligkeitsdatum",
        "Kundennummer",
        "Kunde",
        "Belegart",
        "Betrag (brutto)",
        "Offener Betrag",
        "Währung"
    ]];
    for doc in &book.docs {
        let kind = if doc.kind == Kind::Credit {
            "Rechnungskorrektur"
        } else {
            "Rechnung"
        };
        rows.push(row![
            doc.number,
            doc.date,
            doc.due,
            book.code(doc),
            book.name(doc),
            kind,
            doc.amount,
            doc.open,
            "EUR"
        ]);
    }
    rows
}

#[test]
fn lexoffice_open_items() {
    let book = book(DE).still_open().without_payments();
    let style = Style {
        money: plain_comma,
        date: dmy_dot,
    };
    check(
        &utf8_bom(&csv(&lexoffice(&book), ';', &style)),
        "offene-posten.csv",
        &book,
        Key::Code,
    );
}

/// sevDesk's invoice export: every invoice, paid or not, with net and gross amounts, what was paid and
/// what is open, and its status.
fn sevdesk(book: &Book) -> Rows {
    let mut rows: Rows = vec![row![
        "Rechnungs-Nr.",
        "Kunde",
        "Kunden-Nr.",
        "Rechnungsdatum",
        "Fällig am",
        "Betrag Netto",
        "Betrag Brutto",
        "Bezahlt",
        "Offen",
        "Status"
    ]];
    for doc in &book.docs {
        let status = if doc.open.is_zero() {
            "Bezahlt"
        } else if doc.paid().is_zero() {
            "Offen"
        } else {
            "Teilbezahlt"
        };
        let net = (doc.amount / dec("1.19")).round_dp(2);
        rows.push(row![
            doc.number,
            book.name(doc),
            book.code(doc),
            doc.date,
            doc.due,
            net,
            doc.amount,
            doc.paid(),
            doc.open,
            status
        ]);
    }
    rows
}

#[test]
fn sevdesk_invoice_export_with_paid_invoices() {
    let book = book(DE).without_payments();
    let style = Style {
        money: de_money,
        date: dmy_dot,
    };
    check(
        csv(&sevdesk(&book), ';', &style).as_bytes(),
        "Rechnungen.csv",
        &book,
        Key::Code,
    );
}

// ---------------------------------------------------------------------------------------------------
// Visma, Exact Online (French), Yuki (English, French)

/// Visma eAccounting's "Openstaande posten debiteuren" in Excel: a title, the date, the header, one row
/// per document and a total.
fn visma_eaccounting(book: &Book) -> Rows {
    let mut rows: Rows = vec![
        row!["Openstaande posten debiteuren"],
        row!["Per 31-10-2026"],
        vec![],
        row![
            "Klantnummer",
            "Klantnaam",
            "Factuurnummer",
            "Factuurdatum",
            "Vervaldatum",
            "Dagen over vervaldatum",
            "Factuurbedrag",
            "Openstaand bedrag",
            "Valuta"
        ],
    ];
    for doc in &book.docs {
        rows.push(row![
            book.code(doc),
            book.name(doc),
            doc.number,
            doc.date,
            doc.due,
            aging(doc),
            doc.amount,
            doc.open,
            "EUR"
        ]);
    }
    let open = book.open_docs();
    rows.push(row!["Totaal", "", "", "", "", "", sum_amount(&open), sum_open(&open)]);
    rows
}

#[test]
fn visma_eaccounting_open_items() {
    let book = book(NL).still_open().without_payments();
    let bytes = xlsx(
        "Openstaande posten",
        &visma_eaccounting(&book),
        "#,##0.00",
        "dd-mm-yyyy",
    );
    check(&bytes, "Openstaande posten debiteuren.xlsx", &book, Key::Code);
}

/// Visma.net Financials' customer aged details: customer number and name, the document type, "Reference
/// no.", "Doc. date", "Orig. amount" unsigned and the signed "Balance".
fn visma_net(book: &Book) -> Rows {
    let mut rows: Rows = vec![
        row!["Customer aged details"],
        row!["Period 10-2026"],
        row![
            "Customer",
            "Customer name",
            "Type",
            "Reference no.",
            "Doc. date",
            "Due date",
            "Orig. amount",
            "Balance",
            "Currency"
        ],
    ];
    for doc in &book.docs {
        let kind = match doc.kind {
            Kind::Invoice => "Invoice",
            Kind::Credit => "Credit note",
            Kind::Payment => "Payment",
        };
        rows.push(row![
            book.code(doc),
            book.name(doc),
            kind,
            doc.number,
            doc.date,
            doc.due,
            doc.amount.abs(),
            doc.open,
            "EUR"
        ]);
    }
    rows
}

#[test]
fn visma_net_customer_aged_details() {
    let book = book(NL).still_open();
    let bytes = xlsx("Customer aged details", &visma_net(&book), "#,##0.00", "dd/mm/yyyy");
    check(&bytes, "Customer aged details.xlsx", &book, Key::Code);
}

/// Exact Online (Belgium) in French, "Postes ouverts clients": the relation's code on the first line of
/// its group and "Total" under it, amounts "1.250,00", dates "15/10/2026".
fn exact_online_french(book: &Book) -> Rows {
    let mut rows: Rows = vec![
        row!["Postes ouverts clients"],
        row!["Date: 31/10/2026"],
        vec![],
        row![
            "Code",
            "Nom",
            "Facture",
            "Votre réf.",
            "Date facture",
            "Échéance",
            "Jours",
            "Devise",
            "Montant",
            "Solde"
        ],
    ];
    for (customer, docs) in book.by_customer() {
        let (code, name) = book.customers[customer];
        for doc in &docs {
            rows.push(row![
                code,
                name,
                doc.number,
                "",
                doc.date,
                doc.due,
                aging(doc),
                "EUR",
                doc.amount,
                doc.open
            ]);
        }
        rows.push(row![
            format!("Total {code}"),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            sum_amount(&docs),
            sum_open(&docs)
        ]);
    }
    let open = book.open_docs();
    rows.push(row![
        "Total",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        sum_amount(&open),
        sum_open(&open)
    ]);
    rows
}

#[test]
fn exact_online_french_open_items() {
    let book = book(FR).still_open();
    let style = Style {
        money: de_money,
        date: dmy_slash,
    };
    let text = csv(&exact_online_french(&book), ';', &style);
    check(&windows_1252(&text), "Postes ouverts clients.csv", &book, Key::Name);
}

#[test]
fn exact_online_french_aged_balance_is_refused_as_a_summary() {
    let csv = "Balance âgée clients;;;;;;;\nCode;Nom;Non échu;1 - 30 jours;31 - 60 jours;61 - 90 jours;> 90 jours;Total\n10001;Boulangerie Dupont;1.050,00;775,50;;480,25;;2.305,75\n";
    let error = read_ledger(&windows_1252(csv), "Balance âgée.csv", &ImportOptions::default()).expect_err("summary");
    assert!(
        matches!(error, credit_import::ImportError::AgedSummary { .. }),
        "{error}"
    );
}

/// Yuki's outstanding items: the contact on every line, days, description, amount and what is open, and
/// a total whose label stands in the description column.
fn yuki(book: &Book, header: [&'static str; 8]) -> Rows {
    let mut rows: Rows = vec![header.iter().map(|text| C::from(*text)).collect()];
    for doc in &book.docs {
        rows.push(row![
            book.name(doc),
            doc.number,
            doc.date,
            doc.due,
            aging(doc),
            "",
            doc.amount,
            doc.open
        ]);
    }
    let open = book.open_docs();
    rows.push(row!["", "", "", "", "", "Total", sum_amount(&open), sum_open(&open)]);
    rows
}

#[test]
fn yuki_outstanding_items_in_english() {
    let book = book(NL).still_open();
    let header = [
        "Contact",
        "Invoice number",
        "Invoice date",
        "Due date",
        "Days",
        "Description",
        "Amount",
        "Outstanding",
    ];
    let style = Style {
        money: euro_en,
        date: dmy_dash,
    };
    check(
        csv(&yuki(&book, header), ';', &style).as_bytes(),
        "Outstanding items.csv",
        &book,
        Key::Name,
    );
}

#[test]
fn yuki_open_items_in_french() {
    let book = book(FR).still_open();
    let header = [
        "Relation",
        "Numéro de facture",
        "Date de facture",
        "Date d'échéance",
        "Jours",
        "Description",
        "Montant",
        "Ouvert",
    ];
    let style = Style {
        money: euro_nl,
        date: dmy_slash,
    };
    check(
        csv(&yuki(&book, header), ';', &style).as_bytes(),
        "Postes ouverts.csv",
        &book,
        Key::Name,
    );
}

// ---------------------------------------------------------------------------------------------------
// Dutch and Belgian packages

/// Unit4 Multivers' "Openstaande posten debiteuren": abbreviated headers ("Deb.nr.", "Fact.nr.",
/// "Fact.datum", "Verv.datum"), "Totaal debiteur" under each debtor, "Totaal generaal".
fn multivers(book: &Book) -> Rows {
    let mut rows: Rows = vec![
        row!["Openstaande posten debiteuren"],
        row!["Administratie: Voorbeeld B.V."],
        row!["Peildatum: 31-10-2026"],
        vec![],
        row![
            "Deb.nr.",
            "Naam",
            "Fact.nr.",
            "Fact.datum",
            "Verv.datum",
            "Omschrijving",
            "Bedrag",
            "Openstaand",
            "Dagen"
        ],
    ];
    for (customer, docs) in book.by_customer() {
        let (code, name) = book.customers[customer];
        for doc in &docs {
            rows.push(row![
                code,
                name,
                doc.number,
                doc.date,
                doc.due,
                "",
                doc.amount,
                doc.open,
                aging(doc)
            ]);
        }
        rows.push(row![
            format!("Totaal debiteur {code}"),
            "",
            "",
            "",
            "",
            "",
            sum_amount(&docs),
            sum_open(&docs)
        ]);
    }
    let open = book.open_docs();
    rows.push(row![
        "Totaal generaal",
        "",
        "",
        "",
        "",
        "",
        sum_amount(&open),
        sum_open(&open)
    ]);
    rows
}

#[test]
fn unit4_multivers_open_items_with_abbreviated_headers() {
    let book = book(NL).still_open();
    let style = Style {
        money: de_money,
        date: dmy_dash,
    };
    let text = csv(&multivers(&book), ';', &style);
    check(
        &windows_1252(&text),
        "Openstaande posten debiteuren.csv",
        &book,
        Key::Code,
    );
}

/// King's "Openstaande posten debiteuren": "Debet" and "Credit" beside "Openstaand", the debtor on the
/// first line of its group only, "Totaal debiteur" under it.
fn king(book: &Book) -> Rows {
    let mut rows: Rows = vec![
        row!["Openstaande posten debiteuren per 31-10-2026"],
        vec![],
        row![
            "Debiteurnr",
            "Naam",
            "Factuurnr",
            "Factuurdatum",
            "Vervaldatum",
            "Omschrijving",
            "Debet",
            "Credit",
            "Openstaand"
        ],
    ];
    for (customer, docs) in book.by_customer() {
        let (code, name) = book.customers[customer];
        for (index, doc) in docs.iter().enumerate() {
            let (debit, credit) = if doc.amount < Decimal::ZERO {
                (C::E, C::N(-doc.amount))
            } else {
                (C::N(doc.amount), C::E)
            };
            let (code, name) = if index == 0 { (code, name) } else { ("", "") };
            let mut cells = row![code, name, doc.number, doc.date, doc.due, ""];
            cells.extend([debit, credit, C::N(doc.open)]);
            rows.push(cells);
        }
        rows.push(row![
            format!("Totaal debiteur {code}"),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            sum_open(&docs)
        ]);
    }
    rows
}

#[test]
fn king_open_items_with_debit_and_credit() {
    let book = book(NL).still_open();
    let style = Style {
        money: de_money,
        date: dmy_dash,
    };
    let text = csv(&king(&book), ';', &style);
    check(&windows_1252(&text), "openstaande posten.csv", &book, Key::Code);
}

/// Teamleader Focus's invoice export: every invoice with "Nummer", "Datum", "Vervaldatum", "Klant",
/// amounts excluding and including VAT, "Openstaand bedrag", the status and the day it was paid.
fn teamleader(book: &Book) -> Rows {
    let mut rows: Rows = vec![row![
        "Nummer",
        "Datum",
        "Vervaldatum",
        "Klant",
        "Onderwerp",
        "Totaal excl. btw",
        "Totaal incl. btw",
        "Openstaand bedrag",
        "Status",
        "Betaald op"
    ]];
    for doc in &book.docs {
        let (status, paid_on) = if doc.open.is_zero() {
            ("Betaald", C::D(doc.due))
        } else if doc.paid().is_zero() {
            ("Onbetaald", C::E)
        } else {
            ("Gedeeltelijk betaald", C::E)
        };
        let net = (doc.amount / dec("1.21")).round_dp(2);
        let mut cells = row![
            format!("2026 / {}", doc.number),
            doc.date,
            doc.due,
            book.name(doc),
            "Levering",
            net,
            doc.amount,
            doc.open,
            status
        ];
        cells.push(paid_on);
        rows.push(cells);
    }
    rows
}

/// Teamleader numbers its invoices "2026 / 45".
fn teamleader_numbers(book: &Book) -> Book {
    let mut book = book.clone();
    for doc in &mut book.docs {
        doc.number = Box::leak(format!("2026 / {}", doc.number).into_boxed_str());
    }
    book
}

#[test]

fn teamleader_focus_invoice_export() {
    let book = book(NL).without_payments();
    let mut invoices = book.clone();
    invoices.docs.retain(|doc| doc.kind == Kind::Invoice);
    let bytes = xlsx("Facturen", &teamleader(&invoices), "#,##0.00", "dd/mm/yyyy");
    check(&bytes, "facturen.xlsx", &teamleader_numbers(&invoices), Key::Name);
}

/// Billit's invoice list in French: "Numéro de facture", "Client", "Montant HTVA", "TVA", "Montant TVAC"
/// and "Solde".
fn billit_french(book: &Book) -> Rows {
    let mut rows: Rows = vec![row![
        "Numéro de facture",
        "Client",
        "Date de facture",
        "Date d'échéance",
        "Montant HTVA",
        "TVA",
        "Montant TVAC",
        "Solde",
        "Statut"
    ]];
    for doc in &book.docs {
        let net = (doc.amount / dec("1.21")).round_dp(2);
        let status = if doc.open.is_zero() { "Payée" } else { "Envoyée" };
        rows.push(row![
            doc.number,
            book.name(doc),
            doc.date,
            doc.due,
            net,
            doc.amount - net,
            doc.amount,
            doc.open,
            status
        ]);
    }
    rows
}

#[test]
fn billit_french_invoice_list() {
    let book = book(FR).without_payments();
    let style = Style {
        money: de_money,
        date: dmy_slash,
    };
    check(
        csv(&billit_french(&book), ';', &style).as_bytes(),
        "factures.csv",
        &book,
        Key::Name,
    );
}

/// Silverfin's open customer items: "Relatie" (the code) and "Naam", "Documentnummer",
/// "Documentdatum", "Vervaldatum", "Bedrag", "Openstaand".
fn silverfin(book: &Book) -> Rows {
    let mut rows: Rows = vec![
        row!["Openstaande klanten per 31/10/2026"],
        row![
            "Relatie",
            "Naam",
            "Documentnummer",
            "Documentdatum",
            "Vervaldatum",
            "Bedrag",
            "Openstaand"
        ],
    ];
    for doc in &book.docs {
        rows.push(row![
            book.code(doc),
            book.name(doc),
            doc.number,
            doc.date,
            doc.due,
            doc.amount,
            doc.open
        ]);
    }
    rows
}

#[test]
fn silverfin_open_customer_items() {
    let book = book(NL).still_open();
    check(
        &xlsx("Openstaande klanten", &silverfin(&book), "#,##0.00", "dd/mm/yyyy"),
        "openstaande klanten.xlsx",
        &book,
        Key::Code,
    );
}

// ---------------------------------------------------------------------------------------------------
// SAP Business One, NetSuite, Wave, Sage Intacct, MYOB

/// SAP Business One's "Customer Receivables Aging" by document: BP code and name, the document type
/// code ("IN", "CN", "RC"), "Balance Due" and its amount again in the aging column it falls in.
fn sap_business_one(book: &Book) -> Rows {
    let mut rows: Rows = vec![
        row!["Customer Receivables Aging"],
        row!["Aging Date: 10/31/2026"],
        row![
            "BP Code",
            "BP Name",
            "Doc. No.",
            "Type",
            "Posting Date",
            "Due Date",
            "Balance Due",
            "Future Remit",
            "0 - 30",
            "31 - 60",
            "61 - 90",
            "91 - 120",
            "121+"
        ],
    ];
    for (customer, docs) in book.by_customer() {
        for doc in &docs {
            let kind = match doc.kind {
                Kind::Invoice => "IN",
                Kind::Credit => "CN",
                Kind::Payment => "RC",
            };
            let mut cells = row![
                book.code(doc),
                book.name(doc),
                doc.number,
                kind,
                doc.date,
                doc.due,
                doc.open
            ];
            let mut buckets = vec![C::E; 6];
            let index = [0, 30, 60, 90, 120]
                .iter()
                .take_while(|&&upper| doc.days_overdue() > upper)
                .count();
            buckets[index] = C::N(doc.open);
            cells.extend(buckets);
            rows.push(cells);
        }
        let code = book.customers[customer].0;
        rows.push(row![format!("Total {code}"), "", "", "", "", "", sum_open(&docs)]);
    }
    rows
}

#[test]
fn sap_business_one_customer_receivables_aging_by_document() {
    let book = book(US).still_open();
    check(
        &xlsx("Aging", &sap_business_one(&book), "#,##0.00", "mm/dd/yyyy"),
        "Customer Receivables Aging.xlsx",
        &book,
        Key::Code,
    );
}

/// NetSuite's A/R aging detail as a saved search exported to csv: "Name", "Type", "Document Number",
/// "Due Date/Receive By", "Days Overdue", "Amount" and "Amount Remaining"; a "Total" line.
fn netsuite(book: &Book) -> Rows {
    let mut rows: Rows = vec![row![
        "Name",
        "Type",
        "Date",
        "Document Number",
        "Due Date/Receive By",
        "Days Overdue",
        "Amount",
        "Amount Remaining"
    ]];
    for doc in &book.docs {
        let kind = match doc.kind {
            Kind::Invoice => "Invoice",
            Kind::Credit => "Credit Memo",
            Kind::Payment => "Payment",
        };
        rows.push(row![
            book.name(doc),
            kind,
            doc.date,
            doc.number,
            doc.due,
            aging(doc),
            doc.amount,
            doc.open
        ]);
    }
    let open = book.open_docs();
    rows.push(row!["Total", "", "", "", "", "", sum_amount(&open), sum_open(&open)]);
    rows
}

#[test]
fn netsuite_ar_aging_detail_with_amount_remaining() {
    let book = book(US).still_open();
    let style = Style {
        money: plain_point,
        date: mdy,
    };
    check(
        csv(&netsuite(&book), ',', &style).as_bytes(),
        "ARAgingDetail.csv",
        &book,
        Key::Name,
    );
}

/// Wave's "Aged Receivables" with its invoices listed: the customer, invoice number, dates, the amount in
/// its aging column and "Total Unpaid".
fn wave(book: &Book) -> Rows {
    let mut rows: Rows = vec![
        row!["Aged Receivables"],
        row!["Bright Co"],
        row!["As of Oct 31, 2026"],
        vec![],
        row![
            "Customer",
            "Invoice Number",
            "Invoice Date",
            "Due Date",
            "Not yet overdue",
            "1 - 30 days",
            "31 - 60 days",
            "61 - 90 days",
            "91 or more days",
            "Total Unpaid"
        ],
    ];
    for doc in book.open_docs() {
        let mut cells = row![book.name(doc), doc.number, doc.date, doc.due];
        let mut buckets = vec![C::E; 5];
        let index = [0, 30, 60, 90]
            .iter()
            .take_while(|&&upper| doc.days_overdue() > upper)
            .count();
        buckets[index] = C::N(doc.open);
        cells.extend(buckets);
        cells.push(C::N(doc.open));
        rows.push(cells);
    }
    let open = book.open_docs();
    rows.push(row!["Total", "", "", "", "", "", "", "", "", sum_open(&open)]);
    rows
}

#[test]
fn wave_aged_receivables_with_invoices() {
    let mut book = book(US).still_open().without_payments();
    // Wave lists invoices only: a credit note is applied to one, not listed.
    book.docs.retain(|doc| doc.kind == Kind::Invoice);
    let style = Style {
        money: us_money,
        date: |date| date.format("%Y-%m-%d").to_string(),
    };
    check(
        csv(&wave(&book), ',', &style).as_bytes(),
        "Aged Receivables.csv",
        &book,
        Key::Name,
    );
}

/// Sage Intacct's AR aging detail: customer ID and name, "Record type", "Document number", "Days past
/// due", "Total amount", "Total due", and "Total for <customer>".
fn sage_intacct(book: &Book) -> Rows {
    let mut rows: Rows = vec![
        row!["AR Aging Report"],
        row!["As of 10/31/2026"],
        row![
            "Customer ID",
            "Customer name",
            "Record type",
            "Document number",
            "Date",
            "Due date",
            "Days past due",
            "Total amount",
            "Total due"
        ],
    ];
    for (customer, docs) in book.by_customer() {
        for doc in &docs {
            let kind = match doc.kind {
                Kind::Invoice => "Invoice",
                Kind::Credit => "Credit memo",
                Kind::Payment => "Advance",
            };
            rows.push(row![
                book.code(doc),
                book.name(doc),
                kind,
                doc.number,
                doc.date,
                doc.due,
                aging(doc),
                doc.amount,
                doc.open
            ]);
        }
        let (code, name) = book.customers[customer];
        rows.push(row![
            format!("Total for {code} - {name}"),
            "",
            "",
            "",
            "",
            "",
            "",
            sum_amount(&docs),
            sum_open(&docs)
        ]);
    }
    rows
}

#[test]
fn sage_intacct_ar_aging_detail() {
    let book = book(US).still_open();
    let style = Style {
        money: us_money,
        date: mdy,
    };
    check(
        csv(&sage_intacct(&book), ',', &style).as_bytes(),
        "AR Aging.csv",
        &book,
        Key::Code,
    );
}

/// MYOB AccountRight's "Aged Receivables [Detail]": the customer's name on a line of its own, its sales
/// below ("ID No.", "Date", "Total Due" and the amount again in its aging column), "Total:" under them.
fn myob(book: &Book) -> Rows {
    let mut rows: Rows = vec![
        row!["Bright Builders Pty Ltd"],
        row!["Aged Receivables [Detail]"],
        row!["As of 31/10/2026"],
        vec![],
        row![
            "ID No.",
            "Date",
            "Memo",
            "Due Date",
            "Total Due",
            "Current",
            "1-30",
            "31-60",
            "61-90",
            "90+"
        ],
    ];
    for (customer, docs) in book.by_customer() {
        rows.push(row![book.customers[customer].1]);
        for doc in &docs {
            let mut cells = row![
                doc.number,
                doc.date,
                format!("Sale; {}", book.customers[customer].1),
                doc.due,
                doc.open
            ];
            let mut buckets = vec![C::E; 5];
            let index = [0, 30, 60, 90]
                .iter()
                .take_while(|&&upper| doc.days_overdue() > upper)
                .count();
            buckets[index] = C::N(doc.open);
            cells.extend(buckets);
            rows.push(cells);
        }
        rows.push(row!["", "", "Total:", "", sum_open(&docs)]);
        rows.push(vec![]);
    }
    rows.push(row!["", "", "Grand Total:", "", sum_open(&book.open_docs())]);
    rows
}

#[test]
fn myob_aged_receivables_detail() {
    let book = book(US).still_open();
    let style = Style {
        money: us_money,
        date: dmy_slash,
    };
    check(
        csv(&myob(&book), ',', &style).as_bytes(),
        "Aged Receivables Detail.csv",
        &book,
        Key::Name,
    );
}
