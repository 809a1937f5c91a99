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

/// calamine multiplies a cell reference's row digits without checking, so "A99999999999" overflows
/// (found by the xlsx target in a mutated sample; kept as tests/bad_files/cell-reference-overflow.xlsx).
/// The reader's panic is caught and told as a damaged sheet.
#[test]
fn a_cell_reference_past_u32_is_a_damaged_sheet_not_a_panic() {
    let name = "cell-reference-overflow.xlsx";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_files").join(name);
    let bytes = std::fs::read(path).expect("the corpus file");
    let error = read_ledger(&bytes, name, &ImportOptions::default()).expect_err("refused");
    assert!(
        matches!(&error, credit_import::ImportError::Damaged { sheet: Some(sheet), .. } if sheet == "Sheet1"),
        "{error:?}"
    );
    assert!(error
        .message(Lang::Nl)
        .starts_with("cell-reference-overflow.xlsx, blad Sheet1"));
}
