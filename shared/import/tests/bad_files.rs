//! The bad-file corpus: every file in tests/bad_files/ (and the big ones generated.rs builds) read
//! through the public entry point, each held to the verdict verdicts.toml gives it: a clear error naming
//! the file in nl, fr and en, or a ledger whose refused rows are issues naming sheet, row and column.

#[path = "bad_files/generated.rs"]
mod generated;

use credit_core::issue::Issue;
use credit_core::lang::Lang;
use credit_core::ledger::Ledger;
use credit_import::{read_ledger, ImportError, ImportOptions};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_files")
}

fn manifest() -> Vec<Table> {
    let text = std::fs::read_to_string(corpus_dir().join("verdicts.toml")).expect("verdicts.toml");
    let manifest: Table = text.parse().expect("verdicts.toml is TOML");
    manifest["file"]
        .as_array()
        .expect("[[file]] entries")
        .iter()
        .map(|file| file.as_table().expect("a [[file]] table").clone())
        .collect()
}

fn text<'a>(table: &'a Table, key: &str) -> Option<&'a str> {
    table.get(key).and_then(Value::as_str)
}

fn bytes_of(file: &Table) -> Vec<u8> {
    let name = text(file, "name").expect("name");
    if file.get("generated").and_then(Value::as_bool) == Some(true) {
        generated::generated(name).unwrap_or_else(|| panic!("{name}: generated.rs does not build it"))
    } else {
        std::fs::read(corpus_dir().join(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
    }
}

/// The message fragments expected per language (`says = { nl = ..., fr = ..., en = ... }`).
fn says(table: &Table) -> Vec<(Lang, String)> {
    let Some(says) = table.get("says").and_then(Value::as_table) else {
        return Vec::new();
    };
    says.iter()
        .map(|(code, fragment)| {
            let lang: Lang = code.parse().unwrap_or_else(|_| panic!("{code}: not nl, fr or en"));
            (lang, fragment.as_str().expect("a fragment").to_owned())
        })
        .collect()
}

/// Everything wrong with the verdict on one file; empty when it is the expected one.
fn judge(file: &Table) -> Vec<String> {
    let name = text(file, "name").expect("name");
    let outcome = read_ledger(&bytes_of(file), name, &ImportOptions::default());
    match (text(file, "error"), outcome) {
        (Some(variant), Err(error)) => judge_error(name, variant, &says(file), &error),
        (Some(variant), Ok(ledger)) => vec![format!(
            "expected {variant}, got a ledger with {} entries",
            ledger.entries.len()
        )],
        (None, Err(error)) => vec![format!("expected a ledger, got {error:?}")],
        (None, Ok(ledger)) => judge_ledger(file, &ledger),
    }
}

fn judge_error(name: &str, variant: &str, says: &[(Lang, String)], error: &ImportError) -> Vec<String> {
    let mut wrong = Vec::new();
    let debug = format!("{error:?}");
    if !debug.starts_with(variant) {
        wrong.push(format!("expected {variant}, got {debug}"));
    }
    for lang in Lang::ALL {
        let message = error.message(lang);
        if !message.starts_with(name) {
            wrong.push(format!(
                "{lang}: the message does not start with the file name: {message}"
            ));
        }
    }
    for (lang, fragment) in says {
        let message = error.message(*lang);
        if !message.contains(fragment.as_str()) {
            wrong.push(format!("{lang}: {message:?} does not say {fragment:?}"));
        }
    }
    wrong
}

fn judge_ledger(file: &Table, ledger: &Ledger) -> Vec<String> {
    let mut wrong = Vec::new();
    let expected_entries = file
        .get("entries")
        .and_then(Value::as_integer)
        .expect("entries or error");
    if ledger.entries.len() as i64 != expected_entries {
        wrong.push(format!(
            "expected {expected_entries} entries, got {}; issues: {}",
            ledger.entries.len(),
            brief(&ledger.issues)
        ));
    }
    let expected_issues = file
        .get("issues")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for expected in &expected_issues {
        let expected = expected.as_table().expect("an issue table");
        match ledger.issues.iter().find(|issue| issue_matches(issue, expected)) {
            None => wrong.push(format!(
                "no issue like {} among: {}",
                Value::Table(expected.clone()).to_string().replace('\n', " "),
                brief(&ledger.issues)
            )),
            Some(issue) => {
                for lang in Lang::ALL {
                    if issue.message(lang).trim().is_empty() {
                        wrong.push(format!("{lang}: empty message for {issue:?}"));
                    }
                }
                for (lang, fragment) in says(expected) {
                    let message = issue.message(lang);
                    if !message.contains(fragment.as_str()) {
                        wrong.push(format!("{lang}: {message:?} does not say {fragment:?}"));
                    }
                }
            }
        }
    }
    // Every row left out is told with its place: sheet, row and the column that made it unusable.
    for issue in &ledger.issues {
        let row_refused = issue.kind.code().starts_with("unreadable") || issue.kind.code() == "cell_error";
        if row_refused && (issue.sheet.is_none() || issue.row.is_none() || issue.column.is_none()) {
            wrong.push(format!("an issue without its place: {issue:?}"));
        }
    }
    if let Some(names) = file.get("names").and_then(Value::as_array) {
        let expected: Vec<&str> = names.iter().filter_map(Value::as_str).collect();
        let read: Vec<&str> = ledger
            .entries
            .iter()
            .map(|entry| entry.customer_name.as_deref().unwrap_or(entry.customer_id.as_str()))
            .collect();
        if read != expected {
            wrong.push(format!("names read {read:?}, expected {expected:?}"));
        }
    }
    if let Some(chars) = file.get("long_name_chars").and_then(Value::as_integer) {
        let longest = ledger
            .entries
            .iter()
            .filter_map(|entry| entry.customer_name.as_deref())
            .map(|name| name.chars().count())
            .max()
            .unwrap_or(0);
        if longest as i64 != chars {
            wrong.push(format!("the longest name has {longest} characters, expected {chars}"));
        }
        let document = ledger.entries.iter().filter_map(|entry| entry.document.as_deref());
        if !document
            .map(|document| document.chars().count() as i64)
            .any(|length| length == chars)
        {
            wrong.push(format!("no invoice number of {chars} characters came through whole"));
        }
    }
    wrong
}

/// The issues one per line: code, sheet#row[column] and the English message.
fn brief(issues: &[Issue]) -> String {
    issues
        .iter()
        .map(|issue| {
            format!(
                "\n    {} {}#{}[{}] {}",
                issue.kind.code(),
                issue.sheet.as_deref().unwrap_or("-"),
                issue.row.map_or("-".to_owned(), |row| row.to_string()),
                issue.column.as_deref().unwrap_or("-"),
                issue.message(Lang::En)
            )
        })
        .collect()
}

fn issue_matches(issue: &Issue, expected: &Table) -> bool {
    let same_text = |key: &str, actual: Option<&str>| text(expected, key).is_none_or(|wanted| actual == Some(wanted));
    let row = expected.get("row").and_then(Value::as_integer);
    text(expected, "code") == Some(issue.kind.code().as_str())
        && same_text("sheet", issue.sheet.as_deref())
        && same_text("column", issue.column.as_deref())
        && row.is_none_or(|row| issue.row.map(i64::from) == Some(row))
}

#[test]
fn every_bad_file_gets_its_verdict() {
    let mut failures = Vec::new();
    for file in manifest() {
        let name = text(&file, "name").expect("name").to_owned();
        let wrong = judge(&file);
        if !wrong.is_empty() {
            failures.push(format!(
                "{name} ({}):\n  {}",
                text(&file, "what").unwrap_or(""),
                wrong.join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_file_in_the_corpus_has_a_verdict_and_every_verdict_a_file() {
    let listed: BTreeSet<String> = manifest()
        .iter()
        .filter(|file| file.get("generated").and_then(Value::as_bool) != Some(true))
        .map(|file| text(file, "name").expect("name").to_owned())
        .collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(corpus_dir())
        .expect("the corpus")
        .map(|entry| entry.expect("an entry").file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".py") && !name.ends_with(".toml") && !name.ends_with(".rs"))
        .collect();
    assert_eq!(listed, on_disk, "files without a verdict, or verdicts without a file");
    let generated_listed: BTreeSet<String> = manifest()
        .iter()
        .filter(|file| file.get("generated").and_then(Value::as_bool) == Some(true))
        .map(|file| text(file, "name").expect("name").to_owned())
        .collect();
    let generated: BTreeSet<String> = generated::GENERATED.iter().map(|name| (*name).to_owned()).collect();
    assert_eq!(generated_listed, generated);
}

/// A bomb of the classic kind (deflate at its best, a thousand to one), refused from the zip directory
/// before a byte is inflated.
#[test]
fn a_thousand_to_one_zip_bomb_is_refused_from_its_directory() {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, content) in generated::workbook_skeleton() {
        writer.start_file(name, options).expect("start");
        writer.write_all(content.as_bytes()).expect("write");
    }
    writer.start_file("xl/worksheets/sheet1.xml", options).expect("start");
    let blanks = vec![b' '; 1024 * 1024];
    for _ in 0..24 {
        writer.write_all(&blanks).expect("write");
    }
    let bomb = writer.finish().expect("zip").into_inner();
    assert!(bomb.len() < 64 * 1024, "{} bytes", bomb.len());
    let error = read_ledger(&bomb, "bomb.xlsx", &ImportOptions::default()).expect_err("refused");
    assert!(matches!(error, ImportError::CompressionTooHigh { .. }), "{error:?}");
    assert!(
        error.message(Lang::Fr).contains("bombe zip"),
        "{}",
        error.message(Lang::Fr)
    );
}
