//! What every target checks besides "no panic": an error names the file in every language, and every
//! issue of a ledger that was read points at a real sheet and row.

use credit_core::lang::Lang;
use credit_import::{read_ledger, ImportOptions, Limits};
use std::sync::Once;

/// libfuzzer-sys aborts on every panic, even one the importer catches: the importer runs calamine
/// under `catch_unwind` and turns its panics into a "damaged file" error (calamine's arithmetic
/// overflows only panic with overflow checks on, which this fuzz build has and release builds do not).
/// A panic that escapes `read_ledger` still aborts: libfuzzer-sys catches it at the target's edge.
/// The caught ones are printed on one line, so that they stay visible in the log.
fn abort_only_on_escaping_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let place = info.location().map(|at| format!("{}:{}", at.file(), at.line())).unwrap_or_default();
            eprintln!("panic at {place} (caught inside read_ledger, or about to abort)");
        }));
    });
}

/// Limits small enough that the fuzzer reaches them, so that their paths are fuzzed too.
pub fn options() -> ImportOptions {
    ImportOptions {
        limits: Limits {
            max_rows_per_sheet: 5_000,
            max_cells_per_sheet: 100_000,
            max_text_chars: 4_000,
            max_fields_per_record: 64,
            ..Limits::default()
        },
        ..ImportOptions::default()
    }
}

pub fn check(bytes: &[u8], file_name: &str) -> Option<credit_core::ledger::Ledger> {
    abort_only_on_escaping_panics();
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
