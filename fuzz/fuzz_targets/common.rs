//! What every target checks besides "no panic": an error names the file in every language, and every
//! issue of a ledger that was read points at a real sheet and row.

use credit_core::lang::Lang;
use credit_import::{read_ledger, ImportOptions, Limits};

/// Limits small enough that the fuzzer reaches them, so that their paths are fuzzed too.
pub fn options() -> ImportOptions {
    ImportOptions {
        limits: Limits {
            max_rows_per_sheet: 5_000,
            max_cells_per_sheet: 100_000,
            max_text_chars: 4_000,
            ..Limits::default()
        },
        ..ImportOptions::default()
    }
}

pub fn check(bytes: &[u8], file_name: &str) -> Option<credit_core::ledger::Ledger> {
    match read_ledger(bytes, file_name, &options()) {
        Err(error) => {
            for lang in Lang::ALL {
                let message = error.message(lang);
                assert!(message.contains(file_name), "{lang:?}: {message}");
            }
            None
        }
        Ok(ledger) => {
            for issue in &ledger.issues {
                if let Some(row) = issue.row {
                    assert!(row >= 1, "{issue:?}");
                }
                for lang in Lang::ALL {
                    assert!(!issue.message(lang).is_empty(), "{issue:?}");
                }
            }
            for entry in &ledger.entries {
                assert!(usize::from(entry.at.sheet) < ledger.sheets.len(), "{entry:?}");
                assert!(!entry.customer_id.is_empty(), "{entry:?}");
            }
            Some(ledger)
        }
    }
}
