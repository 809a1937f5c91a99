//! The one test suite every [`SnapshotStore`] passes: the embedded store runs it on a temporary file,
//! the DynamoDB store on the moto emulator. Enabled by the `conformance` feature (tests only).
//!
//! Each check takes the store as `Arc<dyn SnapshotStore>` (which also proves the trait object works)
//! and makes its own tenants with [`unique_tenant`], so checks can share one store and run in
//! parallel. Call them from `#[tokio::test(flavor = "multi_thread")]` tests, or all at once with
//! [`run_all`].
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use crate::claim::ClaimKey;
use crate::model::{Month, NewSnapshot, SnapshotId, SourceRef, TenantId};
use crate::settings::{ReviewDay, TenantSettings};
use crate::store::SnapshotStore;
use crate::{ClaimOutcome, PutOutcome};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use credit_core::aging::BucketBounds;
use credit_core::analysis::{
    ActionKind, Analysis, Behaviour, Confidence, CustomerAnalysis, Kpis, NextAction, OpenItem, Recommended, RiskClass,
    SourceSummary, Totals,
};
use credit_core::lang::Lang;
use credit_core::policy::Policy;
use rust_decimal::Decimal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A store as the checks take it.
pub type Store = Arc<dyn SnapshotStore>;

/// A tenant id no other check (or test run) uses: `<name>-<process>-<time>-<counter>`.
pub fn unique_tenant(name: &str) -> TenantId {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
    TenantId::new(format!("{name}-{}-{nanos}-{count}", std::process::id())).unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A deterministic pseudo-random text of `len` characters: compresses poorly, as real big
/// ledgers' invoice numbers and names do, so size limits are really reached.
pub fn noise(seed: u64, len: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -";
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            char::from(ALPHABET[(state % ALPHABET.len() as u64) as usize])
        })
        .collect()
}

/// An analysis as of `as_of` with `customers` customers (C0001 first, the largest balance) and one
/// open item each; amounts are exact cents (12.50-style) so that number normalisation shows.
/// `scale` multiplies every amount, so two months differ.
pub fn sample_analysis(as_of: NaiveDate, customers: usize, scale: u32) -> Analysis {
    let bounds = BucketBounds::default();
    let mut totals = Totals {
        open: Decimal::ZERO,
        overdue: Decimal::ZERO,
        items: 0,
        buckets: bounds.empty(),
    };
    let mut analysed = Vec::new();
    let mut open_items = Vec::new();
    for index in 0..customers {
        let id = format!("C{:04}", index + 1);
        // Largest first: the analysis order the store must keep.
        let open = Decimal::new(((customers - index) as i64) * 1050 * i64::from(scale.max(1)), 2);
        let days_overdue = (index % 5) as i64 * 20;
        let overdue = if days_overdue > 0 { open } else { Decimal::ZERO };
        let mut buckets = bounds.empty();
        buckets.add(bounds.index_of(days_overdue), open);
        totals.open += open;
        totals.overdue += overdue;
        totals.items += 1;
        totals.buckets.add(bounds.index_of(days_overdue), open);
        analysed.push(CustomerAnalysis {
            id: id.clone(),
            name: Some(format!("Klant {index} BV")),
            open,
            overdue,
            items: 1,
            max_days_overdue: days_overdue,
            buckets,
            behaviour: Some(Behaviour {
                paid_invoices: 12,
                avg_days_late: 3.5,
                weighted_days_late: 4.25,
                on_time_share: 0.75,
            }),
            contact: Default::default(),
            score: Some(70),
            risk_class: Some(if index % 2 == 0 { RiskClass::B } else { RiskClass::D }),
            confidence: Some(Confidence::High),
            segment: Some("steady".into()),
            reasons: vec!["Pays a few days late".into()],
            recommended: Some(Recommended {
                payment_terms_days: 30,
                credit_limit: Decimal::new(500_000, 2),
                blocks_new_orders: false,
                early_payment_discount: None,
                deposit_percent: Decimal::ZERO,
            }),
            next_action: Some(NextAction {
                kind: ActionKind::Reminder,
                on: as_of,
                priority: 2,
                note: "Send the first reminder".into(),
                amount_at_risk: overdue,
            }),
            value: None,
            expected_days_late: None,
        });
        open_items.push(OpenItem {
            customer_id: id,
            invoice: format!("F{:06}", index + 1),
            invoice_date: as_of.checked_sub_signed(TimeDelta::days(30 + days_overdue)),
            due_date: as_of - TimeDelta::days(days_overdue),
            open,
            days_overdue,
            bucket: bounds.labels()[bounds.index_of(days_overdue)].clone(),
            disputed: false,
            sheet: "Ledger".into(),
            row: index as u32 + 2,
            expected_payment_date: None,
            in_next_action: false,
        });
    }
    Analysis {
        as_of,
        currency: "EUR".into(),
        language: Lang::Nl,
        source: SourceSummary {
            file_name: "grootboek.xlsx".into(),
            format: "xlsx".into(),
            rows_read: customers,
            rows_used: customers,
        },
        kpis: Some(Kpis {
            open: totals.open,
            overdue: totals.overdue,
            overdue_share: Some(0.4),
            dso: Some(47.5),
            ..Kpis::default()
        }),
        totals,
        customers: analysed,
        open_items,
        issues: Vec::new(),
        forecast: Vec::new(),
        segments: Vec::new(),
        policy: Policy::default(),
    }
}

/// A snapshot of `tenant` for an upload named `key` with `customers` customers as of `as_of`.
pub fn sample_snapshot(tenant: &TenantId, key: &str, as_of: &str, customers: usize, scale: u32) -> NewSnapshot {
    let analysis = sample_analysis(date(as_of), customers, scale);
    let source = SourceRef::new(
        format!("{key}.xlsx"),
        format!("{tenant}/uploads/{key}.xlsx"),
        format!("etag-{key}"),
    );
    NewSnapshot::new(tenant.clone(), source, analysis)
}

/// The same upload stored twice yields one snapshot; the second put says "already stored".
pub async fn idempotent_put(store: Store) {
    let tenant = unique_tenant("idem");
    let snapshot = sample_snapshot(&tenant, "october", "2026-10-31", 5, 1);
    let first = store.put_snapshot(&snapshot).await.unwrap();
    assert!(first.is_new(), "the first put stores");
    // A redelivery a moment later, with a later creation time: still the same upload.
    let again = snapshot
        .clone()
        .with_created_at(snapshot.created_at + TimeDelta::seconds(5));
    let second = store.put_snapshot(&again).await.unwrap();
    assert_eq!(second, PutOutcome::AlreadyStored(first.summary().clone()));
    let listed = store.list_snapshots(&tenant, 10).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0], *first.summary());
    assert_eq!(store.customers(&tenant, &listed[0].id).await.unwrap().len(), 5);
    // The same key with other content (the object was overwritten) is another upload.
    let mut overwritten = snapshot.clone();
    overwritten.source.content_hash = "etag-other".into();
    assert!(store.put_snapshot(&overwritten).await.unwrap().is_new());
    assert_eq!(store.list_snapshots(&tenant, 10).await.unwrap().len(), 2);
}

/// The same upload stored by eight tasks at the same time: one snapshot, one "stored".
pub async fn concurrent_put(store: Store) {
    let tenant = unique_tenant("concurrent");
    let snapshot = sample_snapshot(&tenant, "october", "2026-10-31", 60, 1);
    let mut tasks = Vec::new();
    for attempt in 0..8 {
        let store = Arc::clone(&store);
        // Each delivery stamps its own creation time, as each Lambda invocation would.
        let snapshot = snapshot
            .clone()
            .with_created_at(snapshot.created_at + TimeDelta::milliseconds(attempt));
        tasks.push(tokio::spawn(async move { store.put_snapshot(&snapshot).await }));
    }
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.unwrap().unwrap());
    }
    let stored: Vec<_> = outcomes.iter().filter(|outcome| outcome.is_new()).collect();
    assert_eq!(stored.len(), 1, "exactly one put stores: {outcomes:?}");
    let winner = stored[0].summary().clone();
    for outcome in &outcomes {
        assert_eq!(outcome.summary(), &winner, "every put reports the one snapshot");
    }
    let listed = store.list_snapshots(&tenant, 10).await.unwrap();
    assert_eq!(listed, vec![winner.clone()]);
    let customers = store.customers(&tenant, &winner.id).await.unwrap();
    assert_eq!(customers, snapshot.analysis.customers);
    let history = store.customer_history(&tenant, "C0001", 10).await.unwrap();
    assert_eq!(history.len(), 1, "no half-stored attempt shows in a history");
}

/// Latest, the snapshot of a month, newest-first listings with a limit, the whole analysis.
pub async fn latest_month_and_listing(store: Store) {
    let tenant = unique_tenant("months");
    assert_eq!(store.latest_snapshot(&tenant).await.unwrap(), None);
    assert!(store.list_snapshots(&tenant, 10).await.unwrap().is_empty());
    let base: DateTime<Utc> = Utc::now();
    // Stored out of order on purpose; two snapshots in October, the later as-of wins.
    let uploads = [
        ("oct-early", "2026-10-15", 3, 4),
        ("aug", "2026-08-31", 1, 1),
        ("oct-late", "2026-10-31", 4, 2),
        ("sep", "2026-09-30", 2, 3),
        ("last-year", "2025-10-31", 5, 0),
    ];
    for (key, as_of, scale, minutes) in uploads {
        let snapshot =
            sample_snapshot(&tenant, key, as_of, 4, scale).with_created_at(base + TimeDelta::minutes(minutes));
        assert!(store.put_snapshot(&snapshot).await.unwrap().is_new());
    }
    let latest = store.latest_snapshot(&tenant).await.unwrap().unwrap();
    assert_eq!(latest.source.key, format!("{tenant}/uploads/oct-late.xlsx"));
    assert_eq!(latest.month, "2026-10".parse().unwrap());
    // Money comes back exact, whatever the backend does to number formatting.
    let expected = sample_analysis(date("2026-10-31"), 4, 4);
    assert_eq!(latest.totals, expected.totals);
    assert_eq!(latest.kpis, expected.kpis);
    assert_eq!(latest.customer_count, 4);
    assert_eq!(latest.currency, "EUR");

    let october: Month = "2026-10".parse().unwrap();
    let of_month = store.snapshot_of_month(&tenant, october).await.unwrap().unwrap();
    assert_eq!(of_month, latest);
    let september = store
        .snapshot_of_month(&tenant, october.minus(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(september.as_of, date("2026-09-30"));
    let a_year_before = store
        .snapshot_of_month(&tenant, october.minus(12))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a_year_before.as_of, date("2025-10-31"));
    assert_eq!(
        store
            .snapshot_of_month(&tenant, october.minus(2).minus(1))
            .await
            .unwrap(),
        None
    );

    let listed = store.list_snapshots(&tenant, 10).await.unwrap();
    let as_ofs: Vec<String> = listed.iter().map(|s| s.as_of.to_string()).collect();
    assert_eq!(
        as_ofs,
        ["2026-10-31", "2026-10-15", "2026-09-30", "2026-08-31", "2025-10-31"]
    );
    let first_two = store.list_snapshots(&tenant, 2).await.unwrap();
    assert_eq!(first_two, listed[..2].to_vec());
    let months: Vec<String> = crate::SnapshotSummary::latest_per_month(&listed)
        .iter()
        .map(|s| s.month.to_string())
        .collect();
    assert_eq!(months, ["2026-10", "2026-09", "2026-08", "2025-10"]);

    assert_eq!(store.snapshot(&tenant, &latest.id).await.unwrap(), Some(latest.clone()));
    let analysis = store.analysis(&tenant, &latest.id).await.unwrap().unwrap();
    assert_eq!(analysis, expected);
    let unknown = SnapshotId::new("20000101-20000101000000000000-00000000").unwrap();
    assert_eq!(store.snapshot(&tenant, &unknown).await.unwrap(), None);
    assert_eq!(store.analysis(&tenant, &unknown).await.unwrap(), None);
    assert!(store.customers(&tenant, &unknown).await.unwrap().is_empty());
}

/// All customers of a snapshot in analysis order; one customer's history across snapshots.
pub async fn customers_and_history(store: Store) {
    let tenant = unique_tenant("history");
    let base = Utc::now();
    let mut stored = Vec::new();
    for (month, (as_of, customers)) in [("2026-08-31", 3), ("2026-09-30", 2), ("2026-10-31", 3)]
        .into_iter()
        .enumerate()
    {
        let snapshot = sample_snapshot(&tenant, as_of, as_of, customers, month as u32 + 1)
            .with_created_at(base + TimeDelta::seconds(month as i64));
        stored.push((store.put_snapshot(&snapshot).await.unwrap().summary().clone(), snapshot));
    }
    for (summary, snapshot) in &stored {
        assert_eq!(
            store.customers(&tenant, &summary.id).await.unwrap(),
            snapshot.analysis.customers
        );
    }
    // C0003 is missing in September: the history skips that month.
    let history = store.customer_history(&tenant, "C0003", 12).await.unwrap();
    let months: Vec<String> = history.iter().map(|point| point.month.to_string()).collect();
    assert_eq!(months, ["2026-10", "2026-08"]);
    assert_eq!(history[0].customer, stored[2].1.analysis.customers[2]);
    assert_eq!(history[0].snapshot_id, stored[2].0.id);
    assert_eq!(history[1].customer, stored[0].1.analysis.customers[2]);
    let limited = store.customer_history(&tenant, "C0001", 2).await.unwrap();
    assert_eq!(limited.len(), 2);
    assert_eq!(limited[0].as_of, date("2026-10-31"));
    assert!(store.customer_history(&tenant, "nobody", 12).await.unwrap().is_empty());
}

/// A ledger with 300 customers: every one stored and read back (DynamoDB writes them 25 at a time).
pub async fn many_customers(store: Store) {
    let tenant = unique_tenant("many");
    let snapshot = sample_snapshot(&tenant, "big", "2026-10-31", 300, 1);
    let summary = store.put_snapshot(&snapshot).await.unwrap().summary().clone();
    assert_eq!(summary.customer_count, 300);
    let customers = store.customers(&tenant, &summary.id).await.unwrap();
    assert_eq!(customers.len(), 300);
    assert_eq!(customers, snapshot.analysis.customers);
    let last = store.customer_history(&tenant, "C0300", 5).await.unwrap();
    assert_eq!(last[0].customer, snapshot.analysis.customers[299]);
}

/// Customer ids as ledgers have them: separators, accents, formula-like text, 10,000 characters.
pub async fn odd_customer_ids(store: Store) {
    let tenant = unique_tenant("oddids");
    let mut snapshot = sample_snapshot(&tenant, "odd", "2026-10-31", 5, 1);
    let ids = [
        "A#1",
        "Café Élysée / 2",
        "=SUM(A1:A9)",
        "tab\there",
        &"X".repeat(10_000),
    ];
    for (customer, id) in snapshot.analysis.customers.iter_mut().zip(ids) {
        customer.id = id.to_string();
    }
    let summary = store.put_snapshot(&snapshot).await.unwrap().summary().clone();
    assert_eq!(
        store.customers(&tenant, &summary.id).await.unwrap(),
        snapshot.analysis.customers
    );
    for id in ids {
        let history = store.customer_history(&tenant, id, 5).await.unwrap();
        assert_eq!(history.len(), 1, "{:?}", &id[..id.len().min(20)]);
        assert_eq!(history[0].customer.id, id);
    }
    // A prefix of a long id is another customer.
    assert!(store
        .customer_history(&tenant, &"X".repeat(9_999), 5)
        .await
        .unwrap()
        .is_empty());
}

/// An analysis far over DynamoDB's 400 KB item limit, with one customer alone near it: stored and
/// read back whole.
pub async fn big_analysis(store: Store) {
    let tenant = unique_tenant("bigitem");
    let mut snapshot = sample_snapshot(&tenant, "huge", "2026-10-31", 1500, 1);
    for (index, item) in snapshot.analysis.open_items.iter_mut().enumerate() {
        item.invoice = noise(index as u64, 700);
    }
    snapshot.analysis.customers[0].reasons = (0..5).map(|seed| noise(1000 + seed, 90_000)).collect();
    let json_size = serde_json::to_vec(&snapshot.analysis).unwrap().len();
    assert!(
        json_size > 1_400_000,
        "the analysis is {json_size} bytes: not big enough to test the split"
    );
    let summary = store.put_snapshot(&snapshot).await.unwrap().summary().clone();
    assert_eq!(
        store.analysis(&tenant, &summary.id).await.unwrap(),
        Some(snapshot.analysis.clone())
    );
    let customers = store.customers(&tenant, &summary.id).await.unwrap();
    assert_eq!(customers, snapshot.analysis.customers);
}

/// Settings are stored, replaced, read back, and refused when unusable.
pub async fn settings_round_trip(store: Store) {
    let tenant = unique_tenant("settings");
    assert_eq!(store.settings(&tenant).await.unwrap(), None);
    let mut settings = TenantSettings::new(tenant.clone());
    settings.recipients = vec!["boekhouding@acme.be".into(), "cfo@acme.be".into()];
    settings.language = Lang::Fr;
    settings.policy_toml = "default_terms_days = 45\n".into();
    settings.time_zone = chrono_tz::Europe::Paris;
    settings.review_day = ReviewDay::DayOfMonth(3);
    settings.retention_months = 13;
    store.put_settings(&settings).await.unwrap();
    assert_eq!(store.settings(&tenant).await.unwrap(), Some(settings.clone()));
    assert_eq!(settings.policy().unwrap().default_terms_days, 45);
    settings.recipients.pop();
    store.put_settings(&settings).await.unwrap();
    assert_eq!(store.settings(&tenant).await.unwrap(), Some(settings.clone()));
    let mut bad = settings.clone();
    bad.recipients = vec!["no address".into()];
    assert!(store.put_settings(&bad).await.is_err());
    assert_eq!(store.settings(&tenant).await.unwrap(), Some(settings));
}

/// Tenants due for the review of a month: the due moment in their time zone has passed, they have a
/// review, and the review was not claimed.
pub async fn tenants_due(store: Store) {
    let october: Month = "2026-10".parse().unwrap();
    let brussels = unique_tenant("due-brussels");
    let fixed_day = unique_tenant("due-fifth");
    let never = unique_tenant("due-never");
    let done = unique_tenant("due-done");
    let mut ours = Vec::new();
    for (tenant, review_day) in [
        (&brussels, ReviewDay::FirstWorkingDay),
        (&fixed_day, ReviewDay::DayOfMonth(5)),
        (&never, ReviewDay::Never),
        (&done, ReviewDay::FirstWorkingDay),
    ] {
        let mut settings = TenantSettings::new(tenant.clone());
        settings.review_day = review_day;
        settings.recipients = vec!["a@b.be".into()];
        store.put_settings(&settings).await.unwrap();
        ours.push(tenant.clone());
    }
    let due_at = |now: &str| {
        let store = Arc::clone(&store);
        let ours = ours.clone();
        let now: DateTime<Utc> = now.parse().unwrap();
        async move {
            let due = store.tenants_due_for_review(october, now).await.unwrap();
            due.into_iter()
                .map(|settings| settings.tenant)
                .filter(|tenant| ours.contains(tenant))
                .collect::<Vec<_>>()
        }
    };
    // Monday 2 November 2026 starts at 23:00 UTC on the 1st in Brussels.
    assert!(due_at("2026-11-01T22:59:59Z").await.is_empty());
    let mut expected = vec![brussels.clone(), done.clone()];
    expected.sort();
    assert_eq!(due_at("2026-11-01T23:00:00Z").await, expected);
    // The review of `done` runs and completes; `brussels` is claimed by a run still going.
    let review = ClaimKey::review(october);
    assert!(store
        .claim(&done, &review, Duration::from_secs(600))
        .await
        .unwrap()
        .acquired());
    store
        .complete_claim(&done, &review, Duration::from_secs(3600))
        .await
        .unwrap();
    assert!(store
        .claim(&brussels, &review, Duration::from_secs(600))
        .await
        .unwrap()
        .acquired());
    assert!(due_at("2026-11-02T08:00:00Z").await.is_empty());
    // The running one fails and gives its claim back: due again. The fifth comes.
    store.release_claim(&brussels, &review).await.unwrap();
    let mut expected = vec![brussels.clone(), fixed_day.clone()];
    expected.sort();
    assert_eq!(due_at("2026-11-05T00:00:00Z").await, expected);
}

/// Claims: the first caller gets it, others see it held or done; a lease runs out; a release frees it.
pub async fn claims(store: Store) {
    let tenant = unique_tenant("claims");
    let other_tenant = unique_tenant("claims-other");
    let key = ClaimKey::email(&SnapshotId::new("20261031-20261102000000000000-abcdef01").unwrap());
    let lease = Duration::from_secs(600);
    assert_eq!(store.claim(&tenant, &key, lease).await.unwrap(), ClaimOutcome::Acquired);
    assert!(matches!(
        store.claim(&tenant, &key, lease).await.unwrap(),
        ClaimOutcome::Held { .. }
    ));
    assert!(
        store.claim(&other_tenant, &key, lease).await.unwrap().acquired(),
        "claims are per tenant"
    );
    store
        .complete_claim(&tenant, &key, Duration::from_secs(3600))
        .await
        .unwrap();
    assert_eq!(store.claim(&tenant, &key, lease).await.unwrap(), ClaimOutcome::Done);
    store.release_claim(&tenant, &key).await.unwrap();
    assert_eq!(
        store.claim(&tenant, &key, lease).await.unwrap(),
        ClaimOutcome::Done,
        "done stays done"
    );

    // Per recipient: each address of a message is a claim of its own, apart from the message's and
    // from the other addresses, so a retry sends only to those not reached; the case of an address
    // does not make another recipient.
    let to_a = key.recipient("a@acme.be");
    assert_eq!(to_a, key.recipient(" A@Acme.BE"));
    assert_ne!(to_a, key.recipient("b@acme.be"));
    assert!(
        store.claim(&tenant, &to_a, lease).await.unwrap().acquired(),
        "the message's claim being done does not make its recipients done"
    );
    store
        .complete_claim(&tenant, &to_a, Duration::from_secs(3600))
        .await
        .unwrap();
    assert_eq!(
        store.claim(&tenant, &key.recipient("A@acme.be"), lease).await.unwrap(),
        ClaimOutcome::Done
    );
    assert!(store
        .claim(&tenant, &key.recipient("b@acme.be"), lease)
        .await
        .unwrap()
        .acquired());

    // A holder that died: its zero-length lease has run out, the next caller takes over.
    let review = ClaimKey::review("2026-10".parse().unwrap());
    assert!(store.claim(&tenant, &review, Duration::ZERO).await.unwrap().acquired());
    assert!(store.claim(&tenant, &review, lease).await.unwrap().acquired());
    // A holder that failed and released: free at once.
    store.release_claim(&tenant, &review).await.unwrap();
    assert!(store.claim(&tenant, &review, lease).await.unwrap().acquired());

    // Eight concurrent claims: exactly one wins.
    let racing = ClaimKey::new("race").unwrap();
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let store = Arc::clone(&store);
        let tenant = tenant.clone();
        let racing = racing.clone();
        tasks.push(tokio::spawn(async move { store.claim(&tenant, &racing, lease).await }));
    }
    let mut winners = 0;
    for task in tasks {
        if task.await.unwrap().unwrap().acquired() {
            winners += 1;
        }
    }
    assert_eq!(winners, 1);
}

/// Retention: the expiry is the creation time plus the retention months; expired snapshots are gone.
pub async fn retention(store: Store) {
    let tenant = unique_tenant("retention");
    let now = Utc::now();
    let kept = sample_snapshot(&tenant, "kept", "2026-10-31", 2, 1).with_created_at(now);
    let summary = store.put_snapshot(&kept).await.unwrap().summary().clone();
    assert_eq!(summary.expires_at, crate::expiry(now, 25));
    let short = sample_snapshot(&tenant, "short", "2026-09-30", 2, 1)
        .with_created_at(now)
        .with_retention_months(13);
    let short = store.put_snapshot(&short).await.unwrap().summary().clone();
    assert_eq!(short.expires_at, crate::expiry(now, 13));
    // Stored 26 months ago with the default retention: past it, never returned.
    let old = sample_snapshot(&tenant, "old", "2024-08-31", 2, 1).with_created_at(now - TimeDelta::days(26 * 31));
    let old = store.put_snapshot(&old).await.unwrap().summary().clone();
    assert!(old.expires_at < now);
    let listed: Vec<SnapshotId> = store
        .list_snapshots(&tenant, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(listed, vec![summary.id.clone(), short.id]);
    assert_eq!(store.snapshot(&tenant, &old.id).await.unwrap(), None);
    assert_eq!(
        store
            .snapshot_of_month(&tenant, "2024-08".parse().unwrap())
            .await
            .unwrap(),
        None
    );
    assert!(store
        .customer_history(&tenant, "C0001", 10)
        .await
        .unwrap()
        .iter()
        .all(|p| p.snapshot_id != old.id));
}

/// Nothing of one tenant is visible to another.
pub async fn tenant_isolation(store: Store) {
    let alice = unique_tenant("alice");
    let bob = unique_tenant("bob");
    let snapshot = sample_snapshot(&alice, "ledger", "2026-10-31", 3, 1);
    let summary = store.put_snapshot(&snapshot).await.unwrap().summary().clone();
    let mut settings = TenantSettings::new(alice.clone());
    settings.recipients = vec!["alice@example.com".into()];
    store.put_settings(&settings).await.unwrap();
    assert_eq!(store.latest_snapshot(&bob).await.unwrap(), None);
    assert_eq!(store.snapshot(&bob, &summary.id).await.unwrap(), None);
    assert_eq!(store.analysis(&bob, &summary.id).await.unwrap(), None);
    assert!(store.customers(&bob, &summary.id).await.unwrap().is_empty());
    assert!(store.customer_history(&bob, "C0001", 10).await.unwrap().is_empty());
    assert_eq!(store.settings(&bob).await.unwrap(), None);
    // The same upload key under another tenant is another snapshot.
    let mut bobs = snapshot.clone();
    bobs.tenant = bob.clone();
    assert!(store.put_snapshot(&bobs).await.unwrap().is_new());
    assert_eq!(store.list_snapshots(&alice, 10).await.unwrap().len(), 1);
}

/// Every check, one after the other.
pub async fn run_all(store: Store) {
    idempotent_put(Arc::clone(&store)).await;
    concurrent_put(Arc::clone(&store)).await;
    latest_month_and_listing(Arc::clone(&store)).await;
    customers_and_history(Arc::clone(&store)).await;
    many_customers(Arc::clone(&store)).await;
    odd_customer_ids(Arc::clone(&store)).await;
    big_analysis(Arc::clone(&store)).await;
    settings_round_trip(Arc::clone(&store)).await;
    tenants_due(Arc::clone(&store)).await;
    claims(Arc::clone(&store)).await;
    retention(Arc::clone(&store)).await;
    tenant_isolation(store).await;
}
