//! The embedded store passes the conformance suite, keeps what it stored across reopenings, and can be
//! used without an async runtime, as the `credit` command does.

use credit_store::conformance::{self, sample_snapshot, unique_tenant, Store};
use credit_store::{block_on, EmbeddedStore, SnapshotStore, SnapshotTable, TenantSettings};
use std::sync::Arc;

fn store_in(dir: &tempfile::TempDir) -> Store {
    Arc::new(EmbeddedStore::open(dir.path().join("nested").join("snapshots.redb")).unwrap())
}

macro_rules! conformance_tests {
    ($($check:ident),* $(,)?) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $check() {
            let dir = tempfile::tempdir().unwrap();
            conformance::$check(store_in(&dir)).await;
        }
    )*};
}

conformance_tests!(
    idempotent_put,
    concurrent_put,
    latest_month_and_listing,
    customers_and_history,
    many_customers,
    odd_customer_ids,
    big_analysis,
    settings_round_trip,
    tenants_due,
    claims,
    retention,
    tenant_isolation,
);

#[test]
fn snapshots_survive_closing_and_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snapshots.redb");
    let tenant = unique_tenant("reopen");
    let snapshot = sample_snapshot(&tenant, "october", "2026-10-31", 3, 1);
    let stored = {
        let store = EmbeddedStore::open(&path).unwrap();
        let mut settings = TenantSettings::new(tenant.clone());
        settings.recipients = vec!["x@y.be".into()];
        block_on(store.put_settings(&settings)).unwrap();
        block_on(store.put_snapshot(&snapshot)).unwrap().summary().clone()
    };
    let store = EmbeddedStore::open(&path).unwrap();
    assert_eq!(store.path(), path);
    assert_eq!(block_on(store.latest_snapshot(&tenant)).unwrap(), Some(stored));
    assert!(block_on(store.settings(&tenant)).unwrap().is_some());
    assert!(
        !block_on(store.put_snapshot(&snapshot)).unwrap().is_new(),
        "still idempotent after reopening"
    );
}

#[test]
fn two_handles_on_one_file_store_one_snapshot_from_two_threads() {
    // Two `credit` commands at once open the file twice; redb's multi-writer mode lets them take turns.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snapshots.redb");
    let first = EmbeddedStore::open(&path).unwrap();
    let second = EmbeddedStore::open(&path).unwrap();
    let tenant = unique_tenant("twohandles");
    let snapshot = sample_snapshot(&tenant, "october", "2026-10-31", 50, 1);
    let outcomes = std::thread::scope(|scope| {
        let a = scope.spawn(|| block_on(first.put_snapshot(&snapshot)).unwrap());
        let b = scope.spawn(|| block_on(second.put_snapshot(&snapshot)).unwrap());
        [a.join().unwrap(), b.join().unwrap()]
    });
    assert_eq!(outcomes.iter().filter(|outcome| outcome.is_new()).count(), 1);
    assert_eq!(block_on(first.list_snapshots(&tenant, 10)).unwrap().len(), 1);
    assert_eq!(block_on(second.list_snapshots(&tenant, 10)).unwrap().len(), 1);
}

#[test]
fn a_file_that_is_not_a_store_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.xlsx");
    std::fs::write(&path, b"PK\x03\x04 this is a workbook, not a store").unwrap();
    let error = EmbeddedStore::open(&path).err().expect("a workbook is not a store");
    assert!(error.to_string().contains("open the store file"), "{error}");
}

#[test]
fn expired_snapshots_are_purged_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(dir.path().join("s.redb")).unwrap();
    let tenant = unique_tenant("purge");
    let now = chrono::Utc::now();
    let old = sample_snapshot(&tenant, "old", "2024-01-31", 3, 1).with_created_at(now - chrono::TimeDelta::days(800));
    let old = block_on(store.put_snapshot(&old)).unwrap().summary().clone();
    let fresh = sample_snapshot(&tenant, "fresh", "2026-10-31", 3, 1);
    block_on(store.put_snapshot(&fresh)).unwrap();
    // The second put purged the first one: its upload marker went with it, so the same file can be stored anew.
    assert_eq!(store.purge_expired(&tenant, now).unwrap(), 0);
    let again = sample_snapshot(&tenant, "old", "2024-01-31", 3, 1);
    let again = block_on(store.put_snapshot(&again)).unwrap();
    assert!(again.is_new());
    assert_ne!(again.summary().id, old.id);
}

#[test]
fn the_listing_prints_one_line_per_snapshot_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(dir.path().join("s.redb")).unwrap();
    let tenant = unique_tenant("listing");
    for (key, as_of, scale) in [("sept", "2026-09-30", 1), ("oct", "2026-10-31", 2)] {
        block_on(store.put_snapshot(&sample_snapshot(&tenant, key, as_of, 2, scale))).unwrap();
    }
    let snapshots = block_on(store.list_snapshots(&tenant, 10)).unwrap();
    let table = SnapshotTable(&snapshots).to_string();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert!(lines[0].starts_with("MONTH    AS OF"), "{table}");
    assert!(lines[1].starts_with("2026-10  2026-10-31"), "{table}");
    assert!(lines[1].contains("63.00 EUR"), "{table}");
    assert!(lines[2].contains("31.50 EUR"), "{table}");
    assert!(lines[1].contains("oct.xlsx"), "{table}");
    assert!(lines[1].ends_with(snapshots[0].id.as_str()), "{table}");
    assert!(lines[2].starts_with("2026-09  2026-09-30"), "{table}");
    assert_eq!(SnapshotTable(&[]).to_string(), "No snapshots stored yet.\n");
}

#[test]
fn the_default_path_is_under_the_data_directory() {
    if let (Some(path), Some(data)) = (credit_store::default_store_path(), dirs_data_dir()) {
        assert!(path.starts_with(data));
        assert!(path.ends_with("credit/snapshots.redb"));
    }
}

fn dirs_data_dir() -> Option<std::path::PathBuf> {
    std::env::var_os("XDG_DATA_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".local/share")))
}
