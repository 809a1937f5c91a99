//! Golden tests: each committed sample, read by the real importer and aged by the real core, must give
//! to the cent the figures the generator computed from its own model (`NAME.expected.json`); and
//! regenerating the samples must give the committed files byte for byte.
//!
//! A failure lists every difference at once (totals, buckets, customers, open items) together with
//! the importer's issues, so the misread quirk can be named from the message alone.

use credit_core::analysis::Analysis;
use credit_core::analyze::{analyze, AnalysisOptions};
use credit_core::ledger::Ledger;
use credit_core::policy::Policy;
use credit_import::{read_ledger, ImportOptions};
use credit_samples::big::{self, BigFormat, BigOptions};
use credit_samples::expected::{Buckets, Expected, BUCKET_LABELS};
use credit_samples::{expected_file_name, ledgers_dir, samples};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn committed(file_name: &str) -> (Vec<u8>, Expected) {
    let path = ledgers_dir().join(file_name);
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let json_path = ledgers_dir().join(expected_file_name(file_name));
    let json = std::fs::read_to_string(&json_path).unwrap_or_else(|error| panic!("{}: {error}", json_path.display()));
    let expected = serde_json::from_str(&json).unwrap_or_else(|error| panic!("{}: {error}", json_path.display()));
    (bytes, expected)
}

fn import(bytes: &[u8], file_name: &str) -> Ledger {
    read_ledger(bytes, file_name, &ImportOptions::default())
        .unwrap_or_else(|error| panic!("the importer refused {file_name}: {error}"))
}

fn analyse(ledger: &Ledger, expected: &Expected) -> Analysis {
    let options = AnalysisOptions {
        as_of: expected.as_of,
        lang: None,
        policy: Policy::default(),
    };
    analyze(ledger, &options)
}

/// Every difference between the analysis and the expected figures, one line each.
struct Differences(Vec<String>);

impl Differences {
    fn check<T: PartialEq + std::fmt::Debug>(&mut self, what: &str, found: T, expected: T) {
        if found != expected {
            self.0.push(format!("{what}: found {found:?}, expected {expected:?}"));
        }
    }

    fn check_days(&mut self, what: &str, found: f64, expected: f64, tolerance: f64) {
        if (found - expected).abs() > tolerance {
            self.0.push(format!("{what}: found {found}, expected {expected}"));
        }
    }

    fn check_buckets(&mut self, what: &str, found: &credit_core::aging::Buckets, expected: &Buckets) {
        let labels: Vec<&str> = found.iter().map(|(label, _)| label).collect();
        self.check(&format!("{what} bucket labels"), labels, BUCKET_LABELS.to_vec());
        for label in BUCKET_LABELS {
            self.check(&format!("{what} bucket {label}"), found.get(label), expected.get(label));
        }
    }
}

fn differences(analysis: &Analysis, expected: &Expected, with_items: bool) -> Differences {
    let mut differences = Differences(Vec::new());
    differences.check("as_of", analysis.as_of, expected.as_of);
    differences.check("currency", analysis.currency.as_str(), expected.currency.as_str());
    differences.check("rows used", analysis.source.rows_used, expected.rows);
    differences.check("total open", analysis.totals.open, expected.totals.open);
    differences.check("total overdue", analysis.totals.overdue, expected.totals.overdue);
    differences.check("total items", analysis.totals.items, expected.totals.items);
    differences.check_buckets("total", &analysis.totals.buckets, &expected.totals.buckets);

    let found: BTreeMap<&str, &credit_core::analysis::CustomerAnalysis> = analysis
        .customers
        .iter()
        .map(|customer| (customer.id.as_str(), customer))
        .collect();
    let wanted: BTreeMap<&str, &credit_samples::expected::CustomerFigures> = expected
        .customers
        .iter()
        .map(|customer| (customer.id.as_str(), customer))
        .collect();
    for id in found.keys().filter(|id| !wanted.contains_key(*id)) {
        differences.0.push(format!("customer {id:?} found but not expected"));
    }
    for (id, want) in &wanted {
        let Some(got) = found.get(id) else {
            differences.0.push(format!("customer {id:?} ({}) missing", want.name));
            continue;
        };
        let what = format!("customer {id}");
        differences.check(&format!("{what} name"), got.name.as_deref(), Some(want.name.as_str()));
        differences.check(&format!("{what} open"), got.open, want.open);
        differences.check(&format!("{what} overdue"), got.overdue, want.overdue);
        differences.check(&format!("{what} items"), got.items, want.items);
        differences.check(
            &format!("{what} max_days_overdue"),
            got.max_days_overdue,
            want.max_days_overdue,
        );
        differences.check_buckets(&what, &got.buckets, &want.buckets);
        match (&got.behaviour, &want.behaviour) {
            (None, None) => {}
            (Some(got), Some(want)) => {
                differences.check(&format!("{what} paid_invoices"), got.paid_invoices, want.paid_invoices);
                // Both sides round the same way; the tolerance only absorbs a last-bit difference.
                differences.check_days(
                    &format!("{what} avg_days_late"),
                    got.avg_days_late,
                    want.avg_days_late,
                    1e-9,
                );
                let weighted = format!("{what} weighted_days_late");
                differences.check_days(&weighted, got.weighted_days_late, want.weighted_days_late, 1e-9);
                differences.check_days(
                    &format!("{what} on_time_share"),
                    got.on_time_share,
                    want.on_time_share,
                    1e-9,
                );
            }
            (got, want) => differences.check(&format!("{what} behaviour present"), got.is_some(), want.is_some()),
        }
    }

    if with_items {
        let found: BTreeMap<(&str, &str), &credit_core::analysis::OpenItem> = analysis
            .open_items
            .iter()
            .map(|item| ((item.customer_id.as_str(), item.invoice.as_str()), item))
            .collect();
        differences.check("open item count", analysis.open_items.len(), expected.open_items.len());
        for want in &expected.open_items {
            let key = (want.customer_id.as_str(), want.invoice.as_str());
            let Some(got) = found.get(&key) else {
                differences.0.push(format!("open item {key:?} missing"));
                continue;
            };
            let what = format!("open item {} {}", want.customer_id, want.invoice);
            differences.check(&format!("{what} open"), got.open, want.open);
            differences.check(
                &format!("{what} invoice_date"),
                got.invoice_date,
                Some(want.invoice_date),
            );
            differences.check(&format!("{what} due_date"), got.due_date, want.due_date);
            differences.check(&format!("{what} days_overdue"), got.days_overdue, want.days_overdue);
            differences.check(&format!("{what} bucket"), got.bucket.as_str(), want.bucket.as_str());
            differences.check(&format!("{what} disputed"), got.disputed, want.disputed);
        }
    }
    differences
}

fn assert_matches(file_name: &str, ledger: &Ledger, analysis: &Analysis, expected: &Expected, with_items: bool) {
    let differences = differences(analysis, expected, with_items).0;
    if differences.is_empty() {
        return;
    }
    let issues: Vec<String> = analysis
        .issues
        .iter()
        .take(30)
        .map(|issue| {
            format!(
                "  {:?} {:?} row {:?} column {:?}: {}",
                issue.severity, issue.sheet, issue.row, issue.column, issue.message
            )
        })
        .collect();
    panic!(
        "{file_name}: {} differences with the generator's figures (first 60 below); {} entries read, {} issues \
         (first 30 below)\n{}\nissues:\n{}",
        differences.len(),
        ledger.entries.len(),
        analysis.issues.len(),
        differences.iter().take(60).cloned().collect::<Vec<_>>().join("\n"),
        issues.join("\n")
    );
}

fn golden(file_name: &str) {
    let (bytes, expected) = committed(file_name);
    let ledger = import(&bytes, file_name);
    let analysis = analyse(&ledger, &expected);
    assert_matches(file_name, &ledger, &analysis, &expected, true);
}

#[test]
fn dutch_open_items_export_with_title_subtotal_and_total_rows_ages_to_the_cent() {
    golden("nl-openstaande-posten.xlsx");
}

#[test]
fn french_windows_1252_csv_with_text_dates_and_amounts_ages_to_the_cent() {
    golden("fr-balance-agee.csv");
}

#[test]
fn english_invoice_history_with_customers_sheet_gives_every_figure_and_behaviour() {
    golden("en-invoice-history.xlsx");
}

#[test]
fn english_history_customers_sheet_is_read() {
    let (bytes, _) = committed("en-invoice-history.xlsx");
    let ledger = import(&bytes, "en-invoice-history.xlsx");
    let customers = credit_samples::english::customers();
    assert_eq!(ledger.customers.len(), customers.len());
    for want in &customers {
        let got = ledger.customers.iter().find(|record| record.id == want.id);
        let got = got.unwrap_or_else(|| panic!("customer {} missing from the customers sheet", want.id));
        assert_eq!(got.name.as_deref(), Some(want.name.as_str()), "{}", want.id);
        assert_eq!(got.credit_limit, Some(want.credit_limit), "{}", want.id);
        assert_eq!(got.payment_terms_days, Some(want.terms_days), "{}", want.id);
        assert_eq!(got.email.as_deref(), Some(want.email.as_str()), "{}", want.id);
        assert_eq!(got.phone.as_deref(), Some(want.phone.as_str()), "{}", want.id);
    }
}

/// The model rows as the importer should produce them, bypassing the files.
fn ledger_of(rows: &[credit_samples::model::Row], with_open_column: bool) -> Ledger {
    use credit_core::ledger::{DocumentKind, Entry};
    let entries = rows
        .iter()
        .map(|row| Entry {
            customer_id: row.customer_id.clone(),
            customer_name: Some(row.customer_name.clone()),
            document: Some(row.document.clone()),
            kind: if row.is_credit_note() {
                DocumentKind::CreditNote
            } else {
                DocumentKind::Invoice
            },
            invoice_date: Some(row.invoice_date),
            due_date: row.due_date,
            amount: Some(row.amount),
            open: with_open_column.then(|| row.open()),
            paid: Some(row.paid),
            paid_date: row.paid_date,
            disputed: row.disputed,
            ..Entry::default()
        })
        .collect();
    Ledger {
        entries,
        ..Ledger::default()
    }
}

/// When a golden test fails, this one tells whether the generator and the core disagree on the rules
/// themselves (this fails too) or the importer misreads the file (only the golden test fails).
#[test]
fn the_core_agrees_with_the_generator_on_the_model_itself() {
    let as_of = credit_samples::AS_OF;
    let dutch: Vec<_> = credit_samples::dutch::items(as_of)
        .into_iter()
        .map(|item| item.row)
        .collect();
    let cases = [
        ("dutch model", dutch, true),
        ("french model", credit_samples::french::rows(as_of), true),
        ("english model", credit_samples::english::rows(as_of), false),
    ];
    for (name, rows, with_open_column) in cases {
        let expected = Expected::of_rows(&rows, as_of, "EUR");
        let ledger = ledger_of(&rows, with_open_column);
        let analysis = analyse(&ledger, &expected);
        assert_matches(name, &ledger, &analysis, &expected, true);
    }
}

#[test]
fn big_ledgers_age_to_the_cent_in_both_formats() {
    for (format, file_name) in [(BigFormat::Xlsx, "big.xlsx"), (BigFormat::Csv, "big.csv")] {
        let options = BigOptions {
            rows: 4000,
            format,
            seed: big::DEFAULT_SEED,
            as_of: credit_samples::AS_OF,
        };
        let mut bytes = Vec::new();
        let expected = big::generate(&options, std::io::Cursor::new(&mut bytes)).expect("generates");
        let ledger = import(&bytes, file_name);
        let analysis = analyse(&ledger, &expected);
        assert_matches(file_name, &ledger, &analysis, &expected, false);
    }
}

#[test]
fn regenerating_gives_the_committed_files_byte_for_byte() {
    for sample in samples().expect("the samples generate") {
        let (bytes, _) = committed(sample.file_name);
        let json_path = ledgers_dir().join(sample.expected_file_name());
        let committed_json = std::fs::read_to_string(&json_path).expect("committed expected figures");
        pretty_assertions::assert_eq!(
            sample.expected.to_json().expect("serialises"),
            committed_json,
            "{} is stale: run `cargo run -p credit-samples -- all` and commit",
            json_path.display()
        );
        assert!(
            same_file(sample.file_name, &sample.bytes, &bytes),
            "{} is stale: run `cargo run -p credit-samples -- all` and commit",
            sample.file_name
        );
    }
}

#[test]
fn a_changed_workbook_is_not_taken_for_the_committed_one() {
    let (committed_bytes, _) = committed(credit_samples::dutch::FILE_NAME);
    let day_later = credit_samples::AS_OF.succ_opt().expect("a date");
    let other = credit_samples::dutch::generate(day_later).expect("generates");
    assert!(!same_file(other.file_name, &other.bytes, &committed_bytes));
}

/// The same bytes, or for a workbook the same sheets holding the same cells: the deflate stream inside
/// an xlsx may change with the zip crate's compression backend (a feature another crate can switch on)
/// while the workbook stays the same.
fn same_file(file_name: &str, generated: &[u8], committed: &[u8]) -> bool {
    use calamine::{open_workbook_from_rs, Reader, Xlsx};
    if generated == committed {
        return true;
    }
    if !file_name.ends_with(".xlsx") {
        return false;
    }
    let open = |bytes: &[u8]| -> Xlsx<std::io::Cursor<Vec<u8>>> {
        open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("a workbook")
    };
    let (mut generated, mut committed) = (open(generated), open(committed));
    let names = generated.sheet_names();
    names == committed.sheet_names()
        && names.iter().all(|name| {
            let cells = generated.worksheet_range(name).expect("sheet");
            let formulas = generated.worksheet_formula(name).expect("sheet");
            cells == committed.worksheet_range(name).expect("sheet")
                && formulas == committed.worksheet_formula(name).expect("sheet")
        })
}

#[test]
fn expected_figures_add_up() {
    for sample in samples().expect("the samples generate") {
        let expected = &sample.expected;
        let sum = |pick: fn(&credit_samples::expected::CustomerFigures) -> Decimal| {
            expected.customers.iter().map(pick).sum::<Decimal>()
        };
        assert_eq!(
            sum(|customer| customer.open),
            expected.totals.open,
            "{}",
            sample.file_name
        );
        assert_eq!(
            sum(|customer| customer.overdue),
            expected.totals.overdue,
            "{}",
            sample.file_name
        );
        let bucket_sum: Decimal = expected.totals.buckets.0.iter().sum();
        assert_eq!(bucket_sum, expected.totals.open, "{}", sample.file_name);
        let items: Decimal = expected.open_items.iter().map(|item| item.open).sum();
        assert_eq!(items, expected.totals.open, "{}", sample.file_name);
        assert_eq!(expected.open_items.len(), expected.totals.items, "{}", sample.file_name);
    }
}
