//! Hostile and absurd input to the real `credit` binary: each case once made it panic (exit code 101)
//! and now ends with exit code 0, or 2 and a message naming the file and what was wrong with it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn credit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_credit"))
        .args(args)
        .args(["--no-store", "--lang", "en"])
        .env_remove("CREDIT_LANG")
        .output()
        .expect("the credit binary runs")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write the input");
    path
}

fn analyze(input: &Path, dir: &Path, extra: &[&str]) -> Output {
    let out = dir.join("out.xlsx");
    let mut args = vec![
        "analyze",
        input.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    credit(&args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const HEADER: &str = "Customer,Invoice,Invoice date,Due date,Amount,Paid date\n";

#[test]
fn amounts_that_fit_a_decimal_but_overflow_its_sum_are_refused_rows() {
    // Each amount is Decimal::MAX: read as it was, the second one overflowed the customer's total.
    let dir = tempfile::tempdir().expect("a temp dir");
    let max = "79228162514264337593543950335";
    let input = write(
        dir.path(),
        "decimal-max.csv",
        &format!("{HEADER}Acme,A-1,2026-09-01,2026-10-01,{max},\nAcme,A-2,2026-09-01,2026-10-01,{max},\n"),
    );
    let run = analyze(&input, dir.path(), &["--as-of", "2026-10-31"]);
    let message = stderr(&run);
    assert_eq!(run.status.code(), Some(2), "{message}");
    assert!(message.starts_with("decimal-max.csv: "), "{message}");
    assert!(
        message.contains(&format!("csv #3 [Amount]: unreadable amount \"{max}\"")),
        "{message}"
    );

    // One such row among good ones is skipped and reported; the rest is analysed.
    let input = write(
        dir.path(),
        "one-too-large.csv",
        &format!(
            "{HEADER}Acme,A-1,2026-09-01,2026-10-01,1000000000000000,\n\
             Acme,A-2,2026-09-01,2026-10-01,999999999999999.99,\n\
             Acme,A-3,2026-09-01,2026-10-01,-999999999999999.99,\n\
             Beta,B-1,2026-09-01,2026-10-01,12.50,\n"
        ),
    );
    let json = dir.path().join("analysis.json");
    let run = analyze(
        &input,
        dir.path(),
        &["--as-of", "2026-10-31", "--json", json.to_str().expect("utf-8")],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let analysis: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).expect("the JSON")).expect("JSON");
    assert_eq!(analysis["totals"]["open"], "12.50");
    assert_eq!(analysis["totals"]["items"], 3);
    let refused = analysis["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .find(|issue| issue["code"] == "unreadable_amount")
        .expect("the amount is reported");
    assert_eq!(refused["row"], 2);
    assert_eq!(refused["column"], "Amount");
}

#[test]
fn a_revenue_of_a_ten_thousandth_of_a_cent_last_year_does_not_overflow_the_growth() {
    // Growth is (this year - last year) / last year: with last year at 10^-25 the division overflowed.
    let dir = tempfile::tempdir().expect("a temp dir");
    let input = write(
        dir.path(),
        "tiny-prior-revenue.csv",
        &format!(
            "{HEADER}Acme,A-0,2024-01-15,2024-02-15,0.0000000000000000000000001,2024-02-10\n\
             Acme,A-1,2024-11-15,2024-12-15,0.0000000000000000000000001,2024-12-10\n\
             Acme,A-2,2025-12-01,2026-01-01,99999999999999,2026-01-05\n\
             Acme,A-3,2026-09-01,2026-10-01,99999999999999,\n\
             Beta,B-1,2026-09-01,2026-10-01,5,\n"
        ),
    );
    let run = analyze(&input, dir.path(), &["--as-of", "2026-10-31"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
}

#[test]
fn an_as_of_date_outside_1950_to_2200_is_refused_and_the_snapshot_store_stays_readable() {
    // A year past 9999 was analysed and kept under the snapshot id "+100000101-...", which the store
    // then refused to read back: every later `credit snapshots`, `credit analyze` and `credit serve`
    // analysis failed on that file.
    let dir = tempfile::tempdir().expect("a temp dir");
    let input = write(
        dir.path(),
        "one-row.csv",
        &format!("{HEADER}Acme,A-1,2026-09-01,2026-10-01,100,\n"),
    );
    let store = dir.path().join("snapshots.redb");
    let store = store.to_str().expect("utf-8");
    let out = dir.path().join("out.xlsx");
    let with_store = |as_of: &str| {
        Command::new(env!("CARGO_BIN_EXE_credit"))
            .args(["analyze", input.to_str().expect("utf-8"), &format!("--as-of={as_of}")])
            .args(["--out", out.to_str().expect("utf-8"), "--store", store, "--lang", "en"])
            .env_remove("CREDIT_LANG")
            .output()
            .expect("the credit binary runs")
    };
    for as_of in ["+10000-01-01", "9999-12-31", "0001-01-01", "-0001-01-01"] {
        let run = with_store(as_of);
        let message = stderr(&run);
        assert_eq!(run.status.code(), Some(2), "{as_of}: {message}");
        assert!(
            message.contains("is not between 1950-01-01 and 2200-12-31"),
            "{as_of}: {message}"
        );
    }
    let run = with_store("2026-10-31");
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let listed = Command::new(env!("CARGO_BIN_EXE_credit"))
        .args(["snapshots", "--store", store])
        .output()
        .expect("the credit binary runs");
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    assert!(String::from_utf8_lossy(&listed.stdout).contains("2026-10-31"));
}

#[test]
fn absurd_policies_are_refused_by_name_or_analysed_without_a_panic() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let ledger = samples().join("en-invoice-history.xlsx");
    // Each of these made the date arithmetic leave the calendar: exit code 101.
    let refused = [
        (
            "buckets.toml",
            "buckets = [30, 4294967295]",
            "buckets must end at 3650 days at most",
        ),
        (
            "dso.toml",
            "kpi.dso_days = 4294967295",
            "kpi.dso_days must be at most 3650 days",
        ),
        (
            "cei.toml",
            "kpi.cei_months = 4294967295",
            "kpi.cei_months and kpi.countback_months must be at most 120 months",
        ),
        (
            "ladder.toml",
            "[[dunning.ladder]]\nkind = \"reminder\"\ndays_after_due = 2147483647\npriority = 1\n",
            "dunning.ladder days_after_due must be between -3650 and 3650",
        ),
    ];
    for (name, text, says) in refused {
        let policy = write(dir.path(), name, text);
        let run = analyze(
            &ledger,
            dir.path(),
            &["--as-of", "2026-10-31", "--policy", policy.to_str().expect("utf-8")],
        );
        let message = stderr(&run);
        assert_eq!(run.status.code(), Some(2), "{name}: {message}");
        assert!(
            message.starts_with(policy.to_str().expect("utf-8")),
            "{name}: {message}"
        );
        assert!(message.contains(says), "{name}: {message}");
    }
    // Limits rounded to 10^-28 overflowed the division (a panic); they are left unrounded.
    let policy = write(
        dir.path(),
        "round.toml",
        "limits.round_to = \"0.0000000000000000000000000001\"",
    );
    let run = analyze(
        &ledger,
        dir.path(),
        &["--as-of", "2026-10-31", "--policy", policy.to_str().expect("utf-8")],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples/ledgers")
}

#[cfg(target_os = "linux")]
#[test]
fn an_endless_file_is_refused_at_the_size_limit_not_read_into_memory_whole() {
    // Seen: `credit analyze /dev/zero` read until memory ran out before the 300 MB check could refuse it.
    let dir = tempfile::tempdir().expect("tempdir");
    let output = analyze(Path::new("/dev/zero"), dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("/dev/zero: the file is larger than 300 MB"),
        "{}",
        stderr(&output)
    );
}
