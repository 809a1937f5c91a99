//! Nothing a user uploads makes the importer panic: random bytes, and real workbooks and csv files with
//! bytes flipped, cut short or spliced, all end in a ledger or an ImportError.

use credit_import::{read_ledger, ImportOptions};
use proptest::prelude::*;
use std::path::Path;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)).expect("fixture")
}

const CSV: &str = "Klantnummer;Naam;Factuur;Factuurdatum;Vervaldatum;Bedrag;Openstaand;Soort\n\
                   10001;Jansen;F-1;01-09-2026;01-10-2026;1.210,00;605,50;Factuur\n\
                   10001;Jansen;C-1;05-10-2026;05-11-2026;(250,00);250,00-;Creditnota\n\
                   Totaal;;;;;960,00;355,50;\n";

/// Reads and, when it reads, checks that every entry points at a row the sheet table holds.
fn survives(bytes: &[u8], name: &str) -> Result<(), TestCaseError> {
    if let Ok(ledger) = read_ledger(bytes, name, &ImportOptions::default()) {
        for entry in &ledger.entries {
            let sheet = ledger.sheets.get(usize::from(entry.at.sheet));
            prop_assert!(sheet.is_some_and(|sheet| sheet.rows.iter().any(|row| row.row == entry.at.row)));
        }
    }
    Ok(())
}

fn mutate(mut bytes: Vec<u8>, flips: &[(usize, u8)], cut: Option<usize>) -> Vec<u8> {
    for &(at, value) in flips {
        if !bytes.is_empty() {
            let at = at % bytes.len();
            bytes[at] = value;
        }
    }
    if let Some(cut) = cut {
        bytes.truncate(cut % (bytes.len() + 1));
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048), name in "[a-z]{1,8}\\.(xlsx|xls|ods|csv|txt)") {
        survives(&bytes, &name)?;
    }

    #[test]
    fn csv_with_random_edits(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..12), cut in proptest::option::of(any::<usize>())) {
        survives(&mutate(CSV.as_bytes().to_vec(), &flips, cut), "ledger.csv")?;
    }

    #[test]
    fn xlsx_with_random_edits(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..8), cut in proptest::option::of(any::<usize>())) {
        survives(&mutate(fixture("reference.xlsx"), &flips, cut), "ledger.xlsx")?;
    }

    #[test]
    fn xls_with_random_edits(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..8), cut in proptest::option::of(any::<usize>())) {
        survives(&mutate(fixture("reference.xls"), &flips, cut), "ledger.xls")?;
    }

    #[test]
    fn ods_with_random_edits(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..8), cut in proptest::option::of(any::<usize>())) {
        survives(&mutate(fixture("reference.ods"), &flips, cut), "ledger.ods")?;
    }

    #[test]
    fn any_text_in_any_cell(cells in proptest::collection::vec("[ -~€éû\\u{a0}\\u{202f}]{0,16}", 8)) {
        let line = cells.join(";");
        let csv = format!("Klant;Factuur;Factuurdatum;Vervaldatum;Bedrag;Openstaand;Betaald;Betaaldatum\n{line}\n{line}\n");
        survives(csv.as_bytes(), "cells.csv")?;
    }
}
