//! The IBM late-payment history (a real export: m/d/yyyy dates, camelCase headers, CRLF) imports with no
//! row lost, and the behaviour figures it implies match a plain reading of the csv done here.

use chrono::NaiveDate;
use credit_core::analyze::{analyze, AnalysisOptions};
use credit_core::issue::Severity;
use credit_core::ledger::DocumentKind;
use credit_import::{read_ledger, ImportOptions};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

fn data() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/data/ibm-late-payment-histories.csv");
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn us_date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%m/%d/%Y").expect("m/d/yyyy")
}

#[derive(Default)]
struct Plain {
    count: usize,
    days: i64,
    weighted: Decimal,
    amount: Decimal,
    on_time: usize,
}

#[test]
fn every_row_is_read_with_month_first_dates() {
    let ledger = read_ledger(&data(), "ibm-late-payment-histories.csv", &ImportOptions::default()).expect("imports");
    assert_eq!(ledger.entries.len(), 2466);
    assert_eq!(ledger.source.rows_read, 2466);
    let warnings: Vec<_> = ledger
        .issues
        .iter()
        .filter(|issue| issue.severity >= Severity::Warning)
        .collect();
    assert!(warnings.is_empty(), "{warnings:?}");
    let customers: std::collections::BTreeSet<_> = ledger.entries.iter().map(|e| e.customer_id.as_str()).collect();
    assert_eq!(customers.len(), 100);
    let first = &ledger.entries[0];
    assert_eq!(first.customer_id, "0379-NEVHP");
    assert_eq!(first.document.as_deref(), Some("0000611365"));
    assert_eq!(first.invoice_date, NaiveDate::from_ymd_opt(2013, 1, 2));
    assert_eq!(first.due_date, NaiveDate::from_ymd_opt(2013, 2, 1).expect("date"));
    assert_eq!(first.paid_date, NaiveDate::from_ymd_opt(2013, 1, 15));
    assert_eq!(first.amount, Some(Decimal::from_str("55.94").expect("decimal")));
    assert_eq!(first.electronic, Some(false));
    assert!(ledger.entries.iter().all(|entry| entry.kind == DocumentKind::Invoice));
    assert!(
        ledger.issues.iter().all(|issue| issue.kind.code() != "ambiguous_dates"),
        "m/d/yyyy is decided from the values"
    );
    // Every row, field by field, against a plain reading of the line.
    let text = String::from_utf8(data()).expect("utf-8");
    for (entry, line) in ledger.entries.iter().zip(text.lines().skip(1)) {
        let fields: Vec<&str> = line.trim_end().split(',').collect();
        assert_eq!(entry.customer_id, fields[1]);
        assert_eq!(entry.document.as_deref(), Some(fields[3]));
        assert_eq!(entry.invoice_date, Some(us_date(fields[4])));
        assert_eq!(entry.due_date, us_date(fields[5]));
        assert_eq!(entry.amount, Some(Decimal::from_str(fields[6]).expect("amount")));
        assert_eq!(entry.paid_date, Some(us_date(fields[8])));
        assert_eq!(entry.electronic, Some(fields[9] == "Electronic"));
        assert_eq!(entry.open_at(us_date(fields[8])), Decimal::ZERO, "paid: {line}");
    }
    let disputed = ledger.entries.iter().filter(|entry| entry.disputed).count();
    assert_eq!(
        disputed,
        text.lines()
            .skip(1)
            .filter(|line| line.split(',').nth(7) == Some("Yes"))
            .count()
    );
}

#[test]
fn behaviour_matches_a_plain_reading_of_the_csv() {
    let bytes = data();
    let ledger = read_ledger(&bytes, "ibm.csv", &ImportOptions::default()).expect("imports");
    let as_of = NaiveDate::from_ymd_opt(2014, 12, 31).expect("date");
    let analysis = analyze(
        &ledger,
        &AnalysisOptions {
            as_of,
            lang: None,
            policy: Default::default(),
        },
    );
    assert_eq!(analysis.totals.open, Decimal::ZERO, "everything is settled");

    let mut plain: BTreeMap<String, Plain> = BTreeMap::new();
    for line in String::from_utf8(bytes).expect("utf-8").lines().skip(1) {
        let fields: Vec<&str> = line.trim_end().split(',').collect();
        let days = (us_date(fields[8]) - us_date(fields[5])).num_days();
        let amount = Decimal::from_str(fields[6]).expect("amount");
        let tally = plain.entry(fields[1].to_owned()).or_default();
        tally.count += 1;
        tally.days += days;
        tally.weighted += amount * Decimal::from(days);
        tally.amount += amount;
        tally.on_time += usize::from(days <= 0);
    }
    assert_eq!(analysis.customers.len(), plain.len());
    for customer in &analysis.customers {
        let want = &plain[&customer.id];
        let got = customer.behaviour.as_ref().expect("behaviour");
        assert_eq!(got.paid_invoices, want.count, "{}", customer.id);
        let average = want.days as f64 / want.count as f64;
        assert!(
            (got.avg_days_late - average).abs() < 0.006,
            "{}: {} vs {average}",
            customer.id,
            got.avg_days_late
        );
        let weighted: f64 = (want.weighted / want.amount).to_string().parse().expect("f64");
        assert!((got.weighted_days_late - weighted).abs() < 0.006, "{}", customer.id);
        let share = want.on_time as f64 / want.count as f64;
        assert!((got.on_time_share - share).abs() < 0.00006, "{}", customer.id);
    }
}
