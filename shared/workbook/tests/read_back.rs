//! The workbook read back as a viewer that does not recalculate reads it (calamine), compared with the
//! analysis it was written from; and opened by LibreOffice when it is installed.

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use chrono::NaiveDate;
use credit_core::analysis::Analysis;
use credit_core::analyze::{analyze, AnalysisOptions};
use credit_core::lang::Lang;
use credit_core::ledger::Ledger;
use credit_import::{read_ledger, ImportOptions};
use credit_workbook::write_workbook;
use rust_decimal::prelude::ToPrimitive;
use std::io::Cursor;
use std::path::Path;

fn sample(name: &str, lang: Lang) -> (Ledger, Analysis) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/ledgers")
        .join(name);
    let bytes = std::fs::read(&path).expect("sample");
    let ledger = read_ledger(&bytes, name, &ImportOptions::default()).expect("imports");
    let as_of = NaiveDate::from_ymd_opt(2026, 10, 31).expect("date");
    let analysis = analyze(
        &ledger,
        &AnalysisOptions {
            as_of,
            lang: Some(lang),
            policy: Default::default(),
        },
    );
    (ledger, analysis)
}

type Book = calamine::Sheets<Cursor<Vec<u8>>>;

fn open(bytes: Vec<u8>) -> Book {
    open_workbook_auto_from_rs(Cursor::new(bytes)).expect("the workbook opens")
}

fn number(cell: Option<&Data>) -> f64 {
    match cell {
        Some(Data::Float(value)) => *value,
        Some(Data::Int(value)) => *value as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn find_row(range: &calamine::Range<Data>, column: usize, text: &str) -> usize {
    range
        .rows()
        .position(|row| matches!(row.get(column), Some(Data::String(value)) if value == text))
        .unwrap_or_else(|| panic!("no row with {text:?}"))
}

#[test]
fn sheets_are_named_in_each_language() {
    for (lang, names) in [
        (
            Lang::Nl,
            ["Overzicht", "Klanten", "Acties", "Grootboek", "Datakwaliteit", "Beleid"],
        ),
        (
            Lang::Fr,
            [
                "Synthèse",
                "Clients",
                "Actions",
                "Grand livre",
                "Qualité des données",
                "Politique",
            ],
        ),
        (
            Lang::En,
            ["Summary", "Customers", "Actions", "Ledger", "Data quality", "Policy"],
        ),
    ] {
        let (ledger, analysis) = sample("nl-openstaande-posten.xlsx", lang);
        let book = open(write_workbook(&analysis, &ledger).expect("written"));
        assert_eq!(book.sheet_names(), names.map(String::from).to_vec());
    }
}

#[test]
fn summary_totals_are_formulas_with_cached_results() {
    let (ledger, analysis) = sample("en-invoice-history.xlsx", Lang::En);
    let mut book = open(write_workbook(&analysis, &ledger).expect("written"));
    let summary = book.worksheet_range("Summary").expect("summary");
    let open_row = find_row(&summary, 0, "Open");
    let cached = number(summary.get((open_row, 1)));
    assert!((cached - analysis.totals.open.to_f64().expect("f64")).abs() < 0.005);
    let formulas = book.worksheet_formula("Summary").expect("formulas");
    let formula = formulas.get_value((open_row as u32, 1)).expect("a formula");
    assert!(formula.starts_with("SUM('Customers'!C2:C"), "{formula}");
    let overdue_row = find_row(&summary, 0, "Overdue");
    assert!((number(summary.get((overdue_row, 1))) - analysis.totals.overdue.to_f64().expect("f64")).abs() < 0.005);
}

#[test]
fn customers_sheet_has_every_customer_and_subtotals() {
    let (ledger, analysis) = sample("en-invoice-history.xlsx", Lang::En);
    let mut book = open(write_workbook(&analysis, &ledger).expect("written"));
    let customers = book.worksheet_range("Customers").expect("customers");
    for customer in &analysis.customers {
        let row = find_row(&customers, 0, &customer.id);
        assert!(
            (number(customers.get((row, 2))) - customer.open.to_f64().expect("f64")).abs() < 0.005,
            "{}",
            customer.id
        );
        assert!((number(customers.get((row, 3))) - customer.overdue.to_f64().expect("f64")).abs() < 0.005);
    }
    let total_row = analysis.customers.len() + 1;
    assert!((number(customers.get((total_row, 2))) - analysis.totals.open.to_f64().expect("f64")).abs() < 0.005);
    let formulas = book.worksheet_formula("Customers").expect("formulas");
    assert!(formulas
        .get_value((total_row as u32, 2))
        .expect("formula")
        .starts_with("SUBTOTAL(109,"));
}

#[test]
fn ledger_rows_come_back_with_their_annotations() {
    let (ledger, analysis) = sample("nl-openstaande-posten.xlsx", Lang::Nl);
    let mut book = open(write_workbook(&analysis, &ledger).expect("written"));
    let sheet = book.worksheet_range("Grootboek").expect("ledger sheet");
    let table = &ledger.sheets[0];
    assert_eq!(
        sheet.height(),
        table.rows.len() + 1,
        "every original row, blank rows excluded"
    );
    let width = table.headers.len();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|cell| cell.to_string())
        .collect();
    assert_eq!(&header[..width], table.headers.as_slice());
    assert_eq!(header[width], "Dagen vervallen");
    for item in &analysis.open_items {
        let index = table.rows.iter().position(|row| row.row == item.row).expect("row") + 1;
        assert_eq!(
            number(sheet.get((index, width))) as i64,
            item.days_overdue,
            "row {}",
            item.row
        );
    }
}

#[test]
fn formula_like_text_stays_text() {
    let (mut ledger, analysis) = sample("nl-openstaande-posten.xlsx", Lang::En);
    let hostile = "=HYPERLINK(\"http://evil.test\",\"click\")";
    let target = ledger.sheets[0]
        .rows
        .iter_mut()
        .find(|row| !row.cells.is_empty())
        .expect("a row");
    target.cells[1] = credit_core::ledger::Cell::Text(hostile.into());
    let bytes = write_workbook(&analysis, &ledger).expect("written");
    let mut book = open(bytes);
    let formulas = book.worksheet_formula("Ledger").expect("formulas");
    assert!(
        formulas.used_cells().all(|(_, _, formula)| formula.is_empty()),
        "no formula in the ledger sheet"
    );
    let values = book.worksheet_range("Ledger").expect("ledger");
    assert!(values
        .used_cells()
        .any(|(_, _, cell)| matches!(cell, Data::String(text) if text == hostile)));
}

#[test]
fn libreoffice_opens_it_when_installed() {
    if std::process::Command::new("soffice").arg("--version").output().is_err() {
        let in_ci = std::env::var("CI").is_ok_and(|value| !value.is_empty() && value != "false" && value != "0");
        assert!(
            !in_ci,
            "CI is set but soffice is missing: apt-get install libreoffice-calc"
        );
        eprintln!("soffice is not installed: skipped here; CI installs it");
        return;
    }
    let (ledger, analysis) = sample("fr-balance-agee.csv", Lang::Fr);
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("analyse.xlsx");
    std::fs::write(&input, write_workbook(&analysis, &ledger).expect("written")).expect("write");
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let status = std::process::Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&input)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let pdf_path = dir.path().join("analyse.pdf");
    let pdf = std::fs::read(&pdf_path).expect("a pdf");
    assert!(pdf.starts_with(b"%PDF") && pdf.len() > 10_000, "{} bytes", pdf.len());

    // What LibreOffice printed, read back as text (poppler's pdftotext, installed with it in CI): the
    // sheets' own words and the customer with the most money at risk, not only a PDF of some size.
    let Ok(text) = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf_path)
        .arg("-")
        .output()
    else {
        eprintln!("pdftotext is not installed: the printed text is not checked");
        return;
    };
    let printed = String::from_utf8_lossy(&text.stdout);
    let most_at_risk = analysis
        .customers
        .iter()
        .max_by_key(|customer| customer.open)
        .and_then(|customer| customer.name.clone())
        .expect("a named customer");
    for expected in [
        "Créances clients au 31/10/2026",
        "Indicateur",
        most_at_risk.as_str(),
        "Classes de risque",
    ] {
        assert!(
            printed.contains(expected),
            "the printed workbook lacks {expected:?}:\n{printed}"
        );
    }
}
