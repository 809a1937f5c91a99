//! Every input the fuzzer (fuzz/, see its README) made the importer crash on, minimised and kept in
//! tests/fuzz_regressions/, each read again here with the verdict it should have had.

use credit_core::issue::IssueKind;
use credit_core::lang::Lang;
use credit_import::{read_ledger, ImportOptions};
use std::path::Path;

fn input(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// amounts.rs wrote the decimal mark into its 41-byte buffer without counting it, so 40 digits, a
/// mark and one more digit indexed past the end (found by the csv target in its first second).
#[test]
fn an_amount_of_forty_digits_with_decimals_is_unreadable_not_a_panic() {
    let name = "amount-of-40-digits-and-decimals.csv";
    let ledger = read_ledger(&input(name), name, &ImportOptions::default()).expect("a ledger");
    let issue = ledger
        .issues
        .iter()
        .find(|issue| matches!(issue.kind, IssueKind::UnreadableAmount { .. }))
        .expect("the amount is reported");
    assert_eq!((issue.sheet.as_deref(), issue.row), (Some("csv"), Some(2)));
    assert_eq!(issue.column.as_deref(), Some("InvoiceAmount"));
    assert!(issue
        .message(Lang::En)
        .contains("5111111111111111111111111111111111111110.02"));
}
