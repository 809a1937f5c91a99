//! The importer's bad-file corpus (shared/import/tests/bad_files, verdicts in verdicts.toml) run through
//! the real `credit` binary: a file refused as a whole, or with no usable row, exits with code 2 and a
//! message naming the file (and each refused row's place); any other file is analysed (exit 0) and its
//! JSON lists the expected issues. Never exit code 101, a panic. Formula-like names stay text in the
//! annotated workbook and in the JSON.

#[path = "../../shared/import/tests/bad_files/generated.rs"]
mod generated;

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use serde_json::Value as Json;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use toml::{Table, Value};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/import/tests/bad_files")
}

fn manifest() -> Vec<Table> {
    let text = std::fs::read_to_string(corpus_dir().join("verdicts.toml")).expect("verdicts.toml");
    let manifest: Table = text.parse().expect("TOML");
    manifest["file"]
        .as_array()
        .expect("[[file]]")
        .iter()
        .map(|file| file.as_table().expect("a table").clone())
        .collect()
}

fn text<'a>(table: &'a Table, key: &str) -> Option<&'a str> {
    table.get(key).and_then(Value::as_str)
}

/// The file, written into `dir` under its corpus name (generated ones are built first).
fn place(file: &Table, dir: &Path) -> PathBuf {
    let name = text(file, "name").expect("name");
    let bytes = if file.get("generated").and_then(Value::as_bool) == Some(true) {
        generated::generated(name).expect("generated")
    } else {
        std::fs::read(corpus_dir().join(name)).expect("a corpus file")
    };
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write the input");
    path
}

struct Run {
    output: Output,
    out: PathBuf,
    json: PathBuf,
}

fn analyze(input: &Path, lang: &str, dir: &Path) -> Run {
    let out = dir.join("annotated.xlsx");
    let json = dir.join("analysis.json");
    let output = Command::new(env!("CARGO_BIN_EXE_credit"))
        .args(["analyze", input.to_str().expect("utf-8"), "--as-of", "2026-10-31"])
        .args([
            "--out",
            out.to_str().expect("utf-8"),
            "--json",
            json.to_str().expect("utf-8"),
        ])
        .args(["--no-store", "--lang", lang])
        .env_remove("CREDIT_LANG")
        .output()
        .expect("the credit binary runs");
    Run { output, out, json }
}

/// Everything wrong with one run; empty when it is what the verdict says.
fn judge(file: &Table, lang: &str, run: &Run) -> Vec<String> {
    let name = text(file, "name").expect("name");
    let stderr = String::from_utf8_lossy(&run.output.stderr);
    let code = run.output.status.code();
    let refused = file.contains_key("error") || file.get("entries").and_then(Value::as_integer) == Some(0);
    let mut wrong = Vec::new();
    // 101 is Rust's exit code for a panic; no code at all is a signal (an abort). A panic inside the
    // spreadsheet reader that the importer caught leaves the panic hook's lines on stderr (calamine's
    // arithmetic only overflows in debug builds), followed by the clear message: that is tolerated.
    if code == Some(101) || code.is_none() {
        return vec![format!("crashed ({code:?}): {stderr}")];
    }
    let message = stderr
        .lines()
        .position(|line| line.starts_with(name))
        .map(|first| stderr.lines().skip(first).collect::<Vec<_>>().join("\n"))
        .unwrap_or_else(|| stderr.to_string());
    let stderr = message;
    if refused {
        if code != Some(2) {
            wrong.push(format!(
                "exit code {code:?}, expected 2 (input error); stderr: {stderr}"
            ));
        }
        if !stderr.starts_with(name) {
            wrong.push(format!("the message does not start with the file name: {stderr}"));
        }
        let says = file.get("says").and_then(Value::as_table);
        if let Some(fragment) = says.and_then(|says| says.get(lang)).and_then(Value::as_str) {
            if !stderr.contains(fragment) {
                wrong.push(format!("{lang}: {stderr:?} does not say {fragment:?}"));
            }
        }
        // A ledger without a usable row lists why each row was refused, with its place.
        for issue in issues(file) {
            let place = format!(
                "{} #{} [{}]",
                text(issue, "sheet").unwrap_or_default(),
                issue.get("row").and_then(Value::as_integer).unwrap_or_default(),
                text(issue, "column").unwrap_or_default()
            );
            if !stderr.contains(&place) {
                wrong.push(format!("{stderr:?} does not name {place:?}"));
            }
        }
        if run.out.exists() {
            wrong.push("a workbook was written for a refused file".into());
        }
        return wrong;
    }
    if code != Some(0) {
        return vec![format!("exit code {code:?}, expected 0; stderr: {stderr}")];
    }
    let analysis: Json = match std::fs::read(&run.json).map(|bytes| serde_json::from_slice(&bytes)) {
        Ok(Ok(json)) => json,
        other => return vec![format!("no JSON analysis: {other:?}")],
    };
    let reported = analysis["issues"].as_array().cloned().unwrap_or_default();
    for issue in issues(file) {
        let found = reported.iter().any(|reported| {
            Some(reported["code"].as_str()) == Some(text(issue, "code"))
                && reported["sheet"].as_str() == text(issue, "sheet")
                && issue
                    .get("row")
                    .and_then(Value::as_integer)
                    .is_none_or(|row| reported["row"].as_i64() == Some(row))
                && text(issue, "column").is_none_or(|column| reported["column"].as_str() == Some(column))
        });
        if !found {
            wrong.push(format!("the JSON has no issue like {issue}"));
        }
    }
    if let Some(names) = file.get("names").and_then(Value::as_array) {
        wrong.extend(names_stay_text(names, &analysis, &run.out));
    }
    wrong
}

fn issues(file: &Table) -> Vec<&Table> {
    file.get("issues")
        .and_then(Value::as_array)
        .map(|issues| issues.iter().filter_map(Value::as_table).collect())
        .unwrap_or_default()
}

/// Formula-like names are strings in the JSON, and string cells (never formulas) in the workbook.
fn names_stay_text(names: &[Value], analysis: &Json, workbook: &Path) -> Vec<String> {
    let mut wrong = Vec::new();
    let names: Vec<&str> = names.iter().filter_map(Value::as_str).collect();
    let customers: Vec<&str> = analysis["customers"]
        .as_array()
        .map(|customers| {
            customers
                .iter()
                .filter_map(|customer| customer["name"].as_str())
                .collect()
        })
        .unwrap_or_default();
    for name in &names {
        if !customers.contains(name) {
            wrong.push(format!("the JSON has no customer named {name:?}: {customers:?}"));
        }
    }
    let bytes = match std::fs::read(workbook) {
        Ok(bytes) => bytes,
        Err(error) => return vec![format!("no annotated workbook: {error}")],
    };
    let mut book = match open_workbook_auto_from_rs(Cursor::new(bytes)) {
        Ok(book) => book,
        Err(error) => return vec![format!("the annotated workbook does not open: {error}")],
    };
    let mut strings = Vec::new();
    for sheet in book.sheet_names() {
        if let Ok(range) = book.worksheet_range(&sheet) {
            strings.extend(range.used_cells().filter_map(|(_, _, cell)| match cell {
                Data::String(text) => Some(text.clone()),
                _ => None,
            }));
        }
        if let Ok(formulas) = book.worksheet_formula(&sheet) {
            for (row, column, formula) in formulas.used_cells() {
                let injected = names.iter().any(|name| {
                    let body = name.trim_start_matches(['=', '+', '-', '@']);
                    body.len() > 2 && formula.contains(body)
                });
                if injected {
                    wrong.push(format!(
                        "{sheet}!R{}C{} holds the formula {formula:?}",
                        row + 1,
                        column + 1
                    ));
                }
            }
        }
    }
    for name in names {
        if !strings.iter().any(|cell| cell == name) {
            wrong.push(format!("no string cell holds {name:?}"));
        }
    }
    wrong
}

#[test]
fn every_bad_file_gets_a_clear_answer_from_credit_analyze() {
    let mut failures = Vec::new();
    for (index, file) in manifest().iter().enumerate() {
        let lang = ["nl", "fr", "en"][index % 3];
        let dir = tempfile::tempdir().expect("a temp dir");
        let input = place(file, dir.path());
        let run = analyze(&input, lang, dir.path());
        let wrong = judge(file, lang, &run);
        if !wrong.is_empty() {
            let name = text(file, "name").unwrap_or_default();
            failures.push(format!("{name} ({lang}):\n  {}", wrong.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
