//! `credit review` from a real embedded store (redb file): snapshots put through the store, the
//! review read back from it and its workbook written to a file.

mod common;
mod portfolio;

use calamine::{open_workbook_auto, Data, Reader};
use credit_core::lang::Lang;
use credit_review::local::review_to_file;
use credit_review::model::KpiKind;
use credit_review::workbook::{kpi_columns, KPI_HEADER_ROW};
use credit_review::ReviewError;
use credit_store::{block_on, EmbeddedStore, NewSnapshot, SnapshotStore, SourceRef, TenantId};
use portfolio::{october_2026, september_2026};

fn store_with_two_months(dir: &std::path::Path) -> (EmbeddedStore, TenantId) {
    let store = EmbeddedStore::open(dir.join("snapshots.redb")).expect("store opens");
    let tenant = TenantId::new("local").expect("tenant");
    for snapshot in [september_2026(), october_2026()] {
        let analysis = snapshot.analysis;
        let source = SourceRef::new("ledger.xlsx", format!("ledger.xlsx@{}", analysis.as_of), "hash");
        let put = NewSnapshot::new(tenant.clone(), source, analysis);
        block_on(store.put_snapshot(&put)).expect("stored");
    }
    (store, tenant)
}

#[test]
fn the_local_review_reads_the_embedded_store_and_writes_the_workbook() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, tenant) = store_with_two_months(dir.path());
    let out = dir.path().join("review.xlsx");
    let done = review_to_file(&store, &tenant, None, None, Some(&out)).expect("reviewed");
    assert_eq!(done.path, out);
    assert_eq!(
        done.review.month.to_string(),
        "2026-10",
        "the newest snapshot's month by default"
    );
    assert_eq!(done.review.lang, Lang::En, "the analysis's language by default");
    assert_eq!(
        done.review.previous.as_ref().map(|s| s.month.to_string()).as_deref(),
        Some("2026-09")
    );

    let mut book = open_workbook_auto(&out).expect("the file opens");
    let range = book.worksheet_range("Monthly review").expect("review sheet");
    let row = KPI_HEADER_ROW + 1 + KpiKind::ALL.iter().position(|k| *k == KpiKind::Open).expect("open") as u32;
    let cell = |column: u16| range.get_value((row, u32::from(column))).cloned();
    assert_eq!(cell(kpi_columns::THIS_MONTH), Some(Data::Float(30100.0)));
    assert_eq!(cell(kpi_columns::LAST_MONTH), Some(Data::Float(20000.0)));

    let september = review_to_file(
        &store,
        &tenant,
        Some("2026-09".parse().expect("month")),
        Some(Lang::Nl),
        Some(&out),
    )
    .expect("reviewed");
    assert_eq!(
        september
            .review
            .current
            .as_ref()
            .map(|s| s.month.to_string())
            .as_deref(),
        Some("2026-09")
    );
    assert!(september.review.previous.is_none(), "nothing before September");
    let book = open_workbook_auto(&out).expect("the file opens");
    assert_eq!(book.sheet_names()[0], "Maandoverzicht");
}

#[test]
fn an_empty_store_or_a_month_long_before_the_snapshots_is_nothing_to_review() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = EmbeddedStore::open(dir.path().join("empty.redb")).expect("store opens");
    let tenant = TenantId::new("local").expect("tenant");
    let out = dir.path().join("review.xlsx");
    let error = review_to_file(&store, &tenant, None, None, Some(&out)).expect_err("nothing stored");
    assert!(matches!(error, ReviewError::NothingToReview { month: None }), "{error}");
    assert_eq!(
        error.to_string(),
        "no snapshot is kept yet: analyse a ledger first (credit analyze)"
    );
    assert!(!out.exists());

    let (store, tenant) = store_with_two_months(dir.path());
    let error = review_to_file(
        &store,
        &tenant,
        Some("2026-08".parse().expect("month")),
        None,
        Some(&out),
    )
    .expect_err("nothing up to August");
    assert_eq!(
        error.to_string(),
        "no snapshot is kept in the twelve months up to 2026-08: analyse a ledger first (credit analyze)"
    );
}
