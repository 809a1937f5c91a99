//! Amounts the analysis could not add up or divide without overflowing a `Decimal` (a panic) are
//! refused rows, whether they arrive as number cells or text; a credit limit of that size is dropped
//! with a warning.

use credit_core::ledger::Ledger;
use credit_import::{read_ledger, ImportOptions};
use rust_decimal::Decimal;
use rust_xlsxwriter::Workbook;
use std::str::FromStr;

fn read(bytes: &[u8], name: &str) -> Ledger {
    read_ledger(bytes, name, &ImportOptions::default()).expect("a ledger")
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a decimal")
}

#[test]
fn number_cells_of_a_thousand_trillion_or_more_are_refused_rows_and_limits() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Invoices").expect("name");
    sheet
        .write_row(
            0,
            0,
            [
                "Customer ID",
                "Customer",
                "Invoice",
                "Invoice Date",
                "Due Date",
                "Amount",
            ],
        )
        .expect("write");
    let amounts = [1e15, 1e28, -1e20, 999_999_999_999.5, 12.5];
    for (index, amount) in amounts.iter().enumerate() {
        let row = index as u32 + 1;
        sheet
            .write_row(row, 0, ["C1", "Acme", &format!("F-{row}"), "2026-09-01", "2026-10-01"])
            .expect("write");
        sheet.write_number(row, 5, *amount).expect("write");
    }
    let customers = workbook.add_worksheet().set_name("Customers").expect("name");
    customers
        .write_row(0, 0, ["Customer ID", "Name", "Credit limit"])
        .expect("write");
    customers.write_row(1, 0, ["C1", "Acme"]).expect("write");
    customers.write_number(1, 2, 5e27).expect("write");
    let ledger = read(&workbook.save_to_buffer().expect("xlsx"), "huge-numbers.xlsx");

    let amounts: Vec<_> = ledger.entries.iter().map(|entry| entry.amount).collect();
    assert_eq!(amounts, [Some(dec("999999999999.5")), Some(dec("12.5"))]);
    let refused: Vec<u32> = ledger
        .issues
        .iter()
        .filter(|issue| issue.kind.code() == "unreadable_amount")
        .filter_map(|issue| issue.row)
        .collect();
    assert_eq!(
        refused,
        [2, 3, 4, 2],
        "three ledger rows, then the customers sheet's row 2"
    );
    assert_eq!(ledger.customers[0].credit_limit, None);
}
