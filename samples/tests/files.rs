//! The committed workbooks really have the quirks they are meant to exercise, read back with calamine
//! (independently of our importer): title rows, typed date cells, numeric ids, subtotal and total rows
//! that add up, a customers sheet.

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use credit_samples::{expected_file_name, ledgers_dir, Expected};
use std::io::Cursor;

fn workbook(file_name: &str) -> Xlsx<Cursor<Vec<u8>>> {
    let bytes = std::fs::read(ledgers_dir().join(file_name)).expect("committed sample");
    open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook calamine reads")
}

fn expected(file_name: &str) -> Expected {
    let json = std::fs::read_to_string(ledgers_dir().join(expected_file_name(file_name))).expect("expected figures");
    serde_json::from_str(&json).expect("valid expected figures")
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(text)) => text.clone(),
        _ => String::new(),
    }
}

fn cents(value: f64) -> i64 {
    (value * 100.0).round() as i64
}

fn cents_of(amount: rust_decimal::Decimal) -> i64 {
    (amount * rust_decimal::Decimal::ONE_HUNDRED)
        .trunc()
        .try_into()
        .expect("fits")
}

#[test]
fn dutch_export_has_title_rows_date_cells_subtotals_and_a_grand_total() {
    let mut workbook = workbook("nl-openstaande-posten.xlsx");
    let range = workbook
        .worksheet_range("Openstaande posten")
        .expect("the report sheet");
    assert_eq!(text(range.get_value((0, 0))), "Openstaande posten debiteuren");
    assert!(
        matches!(range.get_value((2, 1)), Some(Data::DateTime(_))),
        "report date is a date cell"
    );
    assert_eq!(text(range.get_value((4, 0))), "Debiteurnr");
    assert_eq!(text(range.get_value((4, 8))), "Openstaand");

    let expected = expected("nl-openstaande-posten.xlsx");
    let (mut items, mut subtotals, mut grand_total) = (0, 0, None);
    let mut running = 0i64;
    for row in 5..=range.end().expect("not empty").0 {
        let first = range.get_value((row, 0));
        let open = match range.get_value((row, 8)) {
            Some(Data::Float(value)) => cents(*value),
            _ => 0,
        };
        match first {
            Some(Data::Float(_)) => {
                items += 1;
                running += open;
                assert!(
                    matches!(range.get_value((row, 2)), Some(Data::Float(_))),
                    "numeric invoice number"
                );
                assert!(
                    matches!(range.get_value((row, 3)), Some(Data::DateTime(_))),
                    "invoice date cell"
                );
                assert!(
                    matches!(range.get_value((row, 4)), Some(Data::DateTime(_))),
                    "due date cell"
                );
            }
            Some(Data::String(label)) if label == "Totaal" => grand_total = Some(open),
            Some(Data::String(label)) if label.starts_with("Totaal ") => subtotals += 1,
            _ => {}
        }
    }
    assert_eq!(items, expected.totals.items);
    assert_eq!(subtotals, expected.customers.len());
    assert_eq!(grand_total, Some(running));
    assert_eq!(running, cents_of(expected.totals.open));
}

#[test]
fn english_history_has_typed_cells_and_a_customers_sheet() {
    let mut workbook = workbook("en-invoice-history.xlsx");
    assert_eq!(workbook.sheet_names(), ["Invoices", "Customers"]);
    let invoices = workbook.worksheet_range("Invoices").expect("invoices");
    let expected = expected("en-invoice-history.xlsx");
    assert_eq!(invoices.height(), expected.rows + 1);
    assert_eq!(text(invoices.get_value((0, 9))), "Disputed");
    assert!(matches!(invoices.get_value((1, 3)), Some(Data::DateTime(_))));
    let customers = workbook.worksheet_range("Customers").expect("customers");
    assert_eq!(customers.height(), 41);
    assert_eq!(text(customers.get_value((0, 3))), "Payment Terms (days)");
}

fn excel_date(cell: Option<&Data>) -> Option<chrono::NaiveDate> {
    match cell {
        Some(Data::DateTime(value)) => {
            let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
            epoch.checked_add_days(chrono::Days::new(value.as_f64() as u64))
        }
        _ => None,
    }
}

#[test]
fn english_history_cells_add_up_to_the_expected_totals() {
    let mut workbook = workbook("en-invoice-history.xlsx");
    let invoices = workbook.worksheet_range("Invoices").expect("invoices");
    let expected = expected("en-invoice-history.xlsx");
    let (mut open, mut overdue, mut items) = (0i64, 0i64, 0usize);
    for row in 1..invoices.height() as u32 {
        let amount = match invoices.get_value((row, 5)) {
            Some(Data::Float(value)) => cents(*value),
            other => panic!("row {row}: amount {other:?}"),
        };
        let paid = match invoices.get_value((row, 6)) {
            Some(Data::Float(value)) => cents(*value),
            other => panic!("row {row}: paid {other:?}"),
        };
        let due = excel_date(invoices.get_value((row, 4))).expect("due date cell");
        if amount != paid {
            items += 1;
            open += amount - paid;
            if due < expected.as_of {
                overdue += amount - paid;
            }
        }
    }
    assert_eq!(items, expected.totals.items);
    assert_eq!(open, cents_of(expected.totals.open));
    assert_eq!(overdue, cents_of(expected.totals.overdue));
}

/// A deliberately plain reading of the French amounts, to check the file against its figures.
fn french_amount(text: &str) -> i64 {
    let negative = text.starts_with('(') || text.ends_with('-') || text.starts_with('-');
    let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    let value: i64 = digits.parse().expect("digits");
    if negative {
        -value
    } else {
        value
    }
}

#[test]
fn french_csv_lines_add_up_to_the_expected_totals() {
    let bytes = std::fs::read(ledgers_dir().join("fr-balance-agee.csv")).expect("committed sample");
    let (text, _, malformed) = encoding_rs::WINDOWS_1252.decode(&bytes);
    assert!(!malformed);
    let expected = expected("fr-balance-agee.csv");
    let lines: Vec<&str> = text.split("\r\n").filter(|line| !line.is_empty()).collect();
    let (mut open, mut overdue, mut items) = (0i64, 0i64, 0usize);
    for line in &lines[4..lines.len() - 1] {
        let fields: Vec<&str> = line.split(';').collect();
        assert_eq!(fields.len(), 8, "{line}");
        let due = chrono::NaiveDate::parse_from_str(fields[4], "%d/%m/%Y").expect("dd/mm/yyyy");
        let remaining = french_amount(fields[7]);
        items += 1;
        open += remaining;
        if due < expected.as_of {
            overdue += remaining;
        }
    }
    let total_line: Vec<&str> = lines[lines.len() - 1].split(';').collect();
    assert_eq!(total_line[0], "Total général");
    assert_eq!(french_amount(total_line[7]), open);
    assert_eq!(items, expected.totals.items);
    assert_eq!(open, cents_of(expected.totals.open));
    assert_eq!(overdue, cents_of(expected.totals.overdue));
}
