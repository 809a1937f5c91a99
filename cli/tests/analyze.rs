//! `credit analyze` run as a user runs it: the real binary on the committed samples, its JSON compared
//! to the figures the sample generator computed from its own model, its workbook read back.

use calamine::{open_workbook_auto_from_rs, Reader};
use pretty_assertions::assert_eq;
use serde_json::Value;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SAMPLES: [&str; 3] = [
    "nl-openstaande-posten.xlsx",
    "fr-balance-agee.csv",
    "en-invoice-history.xlsx",
];

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples/ledgers")
}

fn credit(args: &[&str]) -> Output {
    let store = tempfile::tempdir().expect("temp dir");
    credit_with_store(args, &store.path().join("snapshots.redb"))
}

fn credit_with_store(args: &[&str], store: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_credit"))
        .args(args)
        .env_remove("CREDIT_LANG")
        .env("CREDIT_STORE", store)
        .output()
        .expect("the credit binary runs")
}

fn expected(sample: &str) -> Value {
    let stem = sample.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(sample);
    let text = std::fs::read_to_string(samples_dir().join(format!("{stem}.expected.json"))).expect("expected figures");
    serde_json::from_str(&text).expect("expected figures are JSON")
}

fn analyze_to(sample: &str, dir: &Path) -> Value {
    let json = dir.join("analysis.json");
    let out = dir.join("out.xlsx");
    let input = samples_dir().join(sample);
    let as_of = expected(sample)["as_of"].as_str().expect("as_of").to_owned();
    let run = credit(&[
        "analyze",
        input.to_str().expect("utf-8 path"),
        "--as-of",
        &as_of,
        "--out",
        out.to_str().expect("utf-8 path"),
        "--json",
        json.to_str().expect("utf-8 path"),
    ]);
    assert!(
        run.status.success(),
        "{sample}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&std::fs::read(json).expect("json written")).expect("json parses")
}

#[test]
fn every_sample_matches_its_independently_computed_figures_to_the_cent() {
    for sample in SAMPLES {
        let dir = tempfile::tempdir().expect("temp dir");
        let analysis = analyze_to(sample, dir.path());
        let expected = expected(sample);
        assert_eq!(analysis["as_of"], expected["as_of"], "{sample}");
        assert_eq!(analysis["currency"], expected["currency"], "{sample}");
        assert_eq!(analysis["totals"], expected["totals"], "{sample}: totals");
        let customers = analysis["customers"].as_array().expect("customers");
        for want in expected["customers"].as_array().expect("expected customers") {
            let id = &want["id"];
            let got = customers
                .iter()
                .find(|c| &c["id"] == id)
                .unwrap_or_else(|| panic!("{sample}: customer {id}"));
            for field in ["open", "overdue", "items", "max_days_overdue", "buckets"] {
                assert_eq!(got[field], want[field], "{sample}: customer {id} {field}");
            }
        }
        let workbook = std::fs::read(dir.path().join("out.xlsx")).expect("workbook written");
        let sheets = open_workbook_auto_from_rs(Cursor::new(workbook))
            .expect("workbook opens")
            .sheet_names();
        assert!(sheets.len() >= 2, "{sample}: sheets {sheets:?}");
    }
}

#[test]
fn the_json_contract_has_the_documented_fields() {
    let dir = tempfile::tempdir().expect("temp dir");
    let analysis = analyze_to("en-invoice-history.xlsx", dir.path());
    for field in [
        "as_of",
        "currency",
        "totals",
        "customers",
        "open_items",
        "issues",
        "kpis",
        "forecast",
    ] {
        assert!(analysis.get(field).is_some(), "missing {field}");
    }
    let item = &analysis["open_items"][0];
    for field in [
        "customer_id",
        "invoice",
        "invoice_date",
        "due_date",
        "open",
        "days_overdue",
        "bucket",
    ] {
        assert!(item.get(field).is_some(), "open item lacks {field}");
    }
    assert!(
        item.get("expected_payment_date").is_some(),
        "open item lacks expected_payment_date"
    );
    assert!(
        analysis.get("policy").is_some_and(Value::is_object),
        "the policy used is written"
    );
    assert_eq!(
        analysis["forecast"].as_array().map(Vec::len),
        Some(13),
        "13 weekly amounts"
    );

    // The advice every customer carries (issue 3's contract), with the types other tools read.
    let customers = analysis["customers"].as_array().expect("customers");
    assert!(!customers.is_empty());
    for customer in customers {
        let id = &customer["id"];
        let score = customer["score"].as_u64().unwrap_or_else(|| panic!("{id}: score"));
        assert!(score <= 100, "{id}: score {score}");
        let class = customer["risk_class"].as_str().unwrap_or_else(|| panic!("{id}: class"));
        assert!(["A", "B", "C", "D", "E"].contains(&class), "{id}: class {class}");
        for field in ["confidence", "segment"] {
            assert!(customer[field].is_string(), "{id}: {field}");
        }
        let reasons = customer["reasons"]
            .as_array()
            .unwrap_or_else(|| panic!("{id}: reasons"));
        assert!(reasons
            .iter()
            .all(|reason| reason.as_str().is_some_and(|text| !text.is_empty())));
        let recommended = &customer["recommended"];
        assert!(recommended["payment_terms_days"].is_u64(), "{id}: terms");
        assert!(recommended["credit_limit"].is_string(), "{id}: limit is an amount");
        assert!(recommended["deposit_percent"].is_string(), "{id}: deposit");
        let discount = &recommended["early_payment_discount"];
        assert!(
            discount.is_null() || (discount["percent"].is_string() && discount["within_days"].is_u64()),
            "{id}: discount {discount}"
        );
        let action = &customer["next_action"];
        assert!(
            action.is_null()
                || ["kind", "on", "priority", "note"]
                    .iter()
                    .all(|field| action.get(*field).is_some()),
            "{id}: next action {action}"
        );
    }
    assert!(
        customers
            .iter()
            .any(|customer| !customer["reasons"].as_array().is_some_and(Vec::is_empty)),
        "reasons are given"
    );
    assert!(
        customers.iter().any(|customer| !customer["next_action"].is_null()),
        "a two-year history with overdue items has actions"
    );

    let open = analysis["totals"]["open"].as_str().expect("amounts are strings");
    assert_eq!(
        open.rsplit_once('.').map(|(_, cents)| cents.len()),
        Some(2),
        "two decimals: {open}"
    );
}

#[test]
fn without_out_the_workbook_lands_next_to_the_ledger() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ledger = dir.path().join("debiteuren.csv");
    std::fs::copy(samples_dir().join("fr-balance-agee.csv"), &ledger).expect("copy");
    let run = credit(&["analyze", ledger.to_str().expect("utf-8"), "--as-of", "2026-10-31"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(dir.path().join("debiteuren.annotated.xlsx").is_file());
    assert!(!dir.path().join("debiteuren.annotated.partial").exists());
}

#[test]
fn a_file_that_is_no_ledger_is_refused_with_its_name_and_exit_code_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bogus = dir.path().join("facturen.xlsx");
    std::fs::write(&bogus, b"this is not a spreadsheet").expect("write");
    let run = credit(&["analyze", bogus.to_str().expect("utf-8"), "--lang", "nl"]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("facturen.xlsx"), "{stderr}");
    assert!(!dir.path().join("facturen.annotated.xlsx").exists());
}

#[test]
fn a_missing_file_and_a_bad_policy_are_input_errors() {
    let run = credit(&["analyze", "/no/such/ledger.xlsx", "--lang", "fr"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("impossible de lire le fichier"));

    let dir = tempfile::tempdir().expect("temp dir");
    let policy = dir.path().join("policy.toml");
    std::fs::write(&policy, "no_such_setting = 3\n").expect("write");
    let input = samples_dir().join("fr-balance-agee.csv");
    let run = credit(&[
        "analyze",
        input.to_str().expect("utf-8"),
        "--policy",
        policy.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("policy.toml"));
}

#[test]
fn a_policy_file_changes_the_buckets_terms_and_targets_and_is_written_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let policy = dir.path().join("policy.toml");
    std::fs::write(
        &policy,
        "buckets = [15, 45]\n[terms.days]\na = 60\nb = 60\nc = 60\nd = 60\ne = 0\n",
    )
    .expect("write");
    let input = samples_dir().join("en-invoice-history.xlsx");
    let json = dir.path().join("analysis.json");
    let out = dir.path().join("out.xlsx");
    let run = credit(&[
        "analyze",
        input.to_str().expect("utf-8"),
        "--as-of",
        "2026-10-31",
        "--policy",
        policy.to_str().expect("utf-8"),
        "--json",
        json.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let analysis: Value = serde_json::from_slice(&std::fs::read(json).expect("json")).expect("parses");
    let mut buckets: Vec<&String> = analysis["totals"]["buckets"]
        .as_object()
        .expect("buckets")
        .keys()
        .collect();
    buckets.sort();
    assert_eq!(buckets, ["1-15", "16-45", "45+", "not_due"]);
    assert_eq!(analysis["policy"]["buckets"], serde_json::json!([15, 45]));
    assert_eq!(analysis["policy"]["terms"]["days"]["a"], 60);
    // Agreed terms from the customers sheet stand; a customer without them gets its class's 60 days.
    let customers = analysis["customers"].as_array().expect("customers");
    assert!(customers
        .iter()
        .filter(|customer| customer["contact"]["payment_terms_days"].is_null())
        .filter(|customer| customer["risk_class"] != "E")
        .all(|customer| customer["recommended"]["payment_terms_days"] == 60));
    // The policy used is in the workbook too.
    let mut book = open_workbook_auto_from_rs(Cursor::new(std::fs::read(out).expect("workbook"))).expect("opens");
    let policy_sheet = book
        .sheet_names()
        .into_iter()
        .find(|name| name == "Policy")
        .expect("a Policy sheet");
    let range = book.worksheet_range(&policy_sheet).expect("policy sheet reads");
    let shown: Vec<String> = range.rows().flatten().map(ToString::to_string).collect();
    assert!(
        shown.iter().any(|cell| cell.contains("15") && cell.contains("45")),
        "{shown:?}"
    );
}

#[test]
fn each_analysis_is_kept_once_as_a_snapshot_and_listed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("snapshots.redb");
    let input = samples_dir().join("nl-openstaande-posten.xlsx");
    let out = dir.path().join("out.xlsx");
    let args = [
        "analyze",
        input.to_str().expect("utf-8"),
        "--as-of",
        "2026-10-31",
        "--out",
        out.to_str().expect("utf-8"),
    ];
    let first = credit_with_store(&args, &store);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(String::from_utf8_lossy(&first.stdout).contains("Momentopname bewaard"));
    let again = credit_with_store(&args, &store);
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("al bewaard"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
    let mut earlier = args.to_vec();
    earlier[3] = "2026-09-30";
    assert!(credit_with_store(&earlier, &store).status.success());
    let skipped = [&args[..], &["--no-store"]].concat();
    assert!(credit_with_store(&skipped, &store).status.success());

    let listing = credit_with_store(&["snapshots"], &store);
    let text = String::from_utf8_lossy(&listing.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "a header and two snapshots: {text}");
    assert!(
        lines[1].starts_with("2026-10") && lines[2].starts_with("2026-09"),
        "{text}"
    );
    let expected = expected("nl-openstaande-posten.xlsx");
    assert!(
        lines[1].contains(expected["totals"]["open"].as_str().expect("open")),
        "{text}"
    );
}

#[test]
fn the_backtest_on_the_ibm_history_beats_the_customer_median() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples/data/ibm-late-payment-histories.csv");
    let run = credit(&["backtest", data.to_str().expect("utf-8"), "--from", "2013-07-01"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(text.contains("536 invoices"), "{text}");
    assert!(text.contains("The model beats the customer's median"), "{text}");
}

#[test]
fn the_monthly_review_compares_the_months_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("snapshots.redb");
    let empty = credit_with_store(&["review"], &store);
    assert_eq!(
        empty.status.code(),
        Some(2),
        "nothing kept yet is the user's situation, not a crash"
    );

    let input = samples_dir().join("en-invoice-history.xlsx");
    for as_of in ["2026-08-31", "2026-09-30", "2026-10-31"] {
        let out = dir.path().join(format!("{as_of}.xlsx"));
        let run = credit_with_store(
            &[
                "analyze",
                input.to_str().expect("utf-8"),
                "--as-of",
                as_of,
                "--out",
                out.to_str().expect("utf-8"),
            ],
            &store,
        );
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    }
    let review_path = dir.path().join("review.xlsx");
    let review = credit_with_store(
        &[
            "review",
            "--month",
            "2026-10",
            "--out",
            review_path.to_str().expect("utf-8"),
        ],
        &store,
    );
    assert!(review.status.success(), "{}", String::from_utf8_lossy(&review.stderr));
    let text = String::from_utf8_lossy(&review.stdout);
    assert!(text.lines().count() >= 2, "{text}");
    let book = open_workbook_auto_from_rs(Cursor::new(std::fs::read(&review_path).expect("review written")))
        .expect("the review opens");
    assert!(!book.sheet_names().is_empty());
}
