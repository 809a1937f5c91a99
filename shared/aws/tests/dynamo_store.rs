//! The DynamoDB store against the moto server: the conformance suite every store passes, the table
//! layout the SAM template must match, the raw items (TTL, amounts, sizes), and faults injected into
//! the real client (throttling, unprocessed batch items).

use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use credit_aws::dynamo::schema::{self, REVIEW_INDEX, TTL_ATTRIBUTE};
use credit_aws::dynamo::{create_table, item_size, DynamoStore, RetryPolicy, MAX_ITEM_BYTES};
use credit_store::conformance::{self, noise, sample_snapshot, unique_tenant};
use credit_store::{SnapshotStore, StoreError};
use credit_testkit::faults::{Fault, FaultInjector};
use credit_testkit::{moto, unique_name};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

type Item = HashMap<String, AttributeValue>;

/// Fast retries: the tests check that retries happen, not how long they wait.
fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 8,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(50),
    }
}

async fn client_with(faults: Option<&FaultInjector>) -> Client {
    let config = moto().sdk_config().await;
    let mut builder = aws_sdk_dynamodb::config::Builder::from(&config).retry_config(
        RetryConfig::standard()
            .with_max_attempts(2)
            .with_initial_backoff(Duration::from_millis(5)),
    );
    if let Some(faults) = faults {
        builder = builder.interceptor(faults.clone());
    }
    Client::from_conf(builder.build())
}

/// A fresh table and a store on it.
async fn fresh_store(faults: Option<&FaultInjector>) -> DynamoStore {
    let table = unique_name("snapshots");
    let client = client_with(faults).await;
    create_table(&client, &table).await.expect("the table is created");
    DynamoStore::new(client, table).with_retry_policy(quick_retries())
}

macro_rules! conformance_tests {
    ($($check:ident),* $(,)?) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $check() {
            conformance::$check(Arc::new(fresh_store(None).await)).await;
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

/// Every item of a tenant, as DynamoDB holds them.
async fn raw_items(store: &DynamoStore, tenant: &credit_store::TenantId) -> Vec<Item> {
    let mut items = Vec::new();
    let mut start = None;
    loop {
        let page = store
            .client()
            .query()
            .table_name(store.table())
            .key_condition_expression("PK = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(schema::tenant_pk(tenant)))
            .set_exclusive_start_key(start)
            .send()
            .await
            .unwrap();
        items.extend(page.items.unwrap_or_default());
        match page.last_evaluated_key {
            Some(key) if !key.is_empty() => start = Some(key),
            _ => return items,
        }
    }
}

fn text<'a>(item: &'a Item, name: &str) -> &'a str {
    item.get(name)
        .and_then(|value| value.as_s().ok())
        .map(String::as_str)
        .unwrap_or("")
}

#[tokio::test]
async fn the_table_has_the_keys_index_and_ttl_the_template_declares() {
    let store = fresh_store(None).await;
    let described = store
        .client()
        .describe_table()
        .table_name(store.table())
        .send()
        .await
        .unwrap();
    let table = described.table().unwrap();
    let keys: Vec<(String, String)> = table
        .key_schema()
        .iter()
        .map(|key| (key.attribute_name().to_string(), key.key_type().as_str().to_string()))
        .collect();
    assert_eq!(
        keys,
        [
            ("PK".to_string(), "HASH".to_string()),
            ("SK".to_string(), "RANGE".to_string())
        ]
    );
    let index = &table.global_secondary_indexes()[0];
    assert_eq!(index.index_name(), Some(REVIEW_INDEX));
    let index_keys: Vec<&str> = index.key_schema().iter().map(|key| key.attribute_name()).collect();
    assert_eq!(index_keys, ["review_pk", "review_sk"]);
    let ttl = store
        .client()
        .describe_time_to_live()
        .table_name(store.table())
        .send()
        .await
        .unwrap();
    let ttl = ttl.time_to_live_description().unwrap();
    assert_eq!(ttl.attribute_name(), Some(TTL_ATTRIBUTE));
    assert_eq!(ttl.time_to_live_status().map(|status| status.as_str()), Some("ENABLED"));
}

#[tokio::test]
async fn items_carry_the_ttl_exact_amounts_and_stay_under_400_kb() {
    let store = fresh_store(None).await;
    let tenant = unique_tenant("raw");
    let mut snapshot = sample_snapshot(&tenant, "big", "2026-10-31", 400, 1);
    for (index, item) in snapshot.analysis.open_items.iter_mut().enumerate() {
        item.invoice = noise(index as u64, 2500);
    }
    let summary = store.put_snapshot(&snapshot).await.unwrap().summary().clone();
    let items = raw_items(&store, &tenant).await;

    let of_type = |kind: &str| {
        items
            .iter()
            .filter(|item| text(item, "type") == kind)
            .collect::<Vec<_>>()
    };
    assert_eq!(of_type("snapshot").len(), 1);
    assert_eq!(of_type("customer").len(), 400);
    assert_eq!(of_type("source").len(), 1);
    let parts = of_type("analysis_part");
    assert!(
        parts.len() >= 2,
        "a 1 MB analysis is split, got {} part(s)",
        parts.len()
    );

    let expires = summary.expires_at.timestamp().to_string();
    for item in &items {
        assert_eq!(
            item.get("ttl").and_then(|v| v.as_n().ok()),
            Some(&expires),
            "{}",
            text(item, "SK")
        );
        let size = item_size(item);
        assert!(size < MAX_ITEM_BYTES, "{} is {size} bytes", text(item, "SK"));
    }

    // Amounts: the record keeps the contract's text ("4200.00"); the console attributes are numbers,
    // which DynamoDB may normalise ("4200"), so they are compared as decimals.
    let number = |item: &Item, name: &str| Decimal::from_str(item[name].as_n().unwrap()).unwrap();
    let header = of_type("snapshot")[0];
    assert_eq!(number(header, "open"), snapshot.analysis.totals.open);
    assert_eq!(number(header, "overdue"), snapshot.analysis.totals.overdue);
    let first = of_type("customer")
        .into_iter()
        .find(|item| text(item, "SK").ends_with("#C0001"))
        .unwrap();
    assert_eq!(number(first, "open"), Decimal::new(420_000, 2));
    let record: serde_json::Value = serde_json::from_str(text(first, "record")).unwrap();
    assert_eq!(record["open"], "4200.00");
    assert_eq!(text(header, "tenant"), tenant.as_str());
    assert_eq!(text(header, "month"), "2026-10");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unprocessed_batch_items_are_sent_again_until_all_are_stored() {
    let faults = FaultInjector::new();
    let store = fresh_store(Some(&faults)).await;
    // Six batches in a row come back with all but 10 of their 25 items unprocessed.
    faults.inject("BatchWriteItem", 6, Fault::LeaveUnprocessed { keep: 10 });
    let tenant = unique_tenant("unprocessed");
    let snapshot = sample_snapshot(&tenant, "ledger", "2026-10-31", 300, 1);
    let summary = store.put_snapshot(&snapshot).await.unwrap().summary().clone();
    assert_eq!(faults.injected().len(), 6, "every fault was met");
    let customers = store.customers(&tenant, &summary.id).await.unwrap();
    assert_eq!(customers, snapshot.analysis.customers, "nothing lost");
    let items = raw_items(&store, &tenant).await;
    assert_eq!(
        items.iter().filter(|item| text(item, "type") == "customer").count(),
        300,
        "nothing duplicated"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_that_outlasts_the_sdk_retries_is_waited_out() {
    let faults = FaultInjector::new();
    let store = fresh_store(Some(&faults)).await;
    // The SDK makes 2 attempts per call: 5 throttled attempts exhaust it twice over, then our backoff
    // takes over. The commit transaction and the reads are throttled too.
    faults.inject("BatchWriteItem", 5, Fault::dynamodb_throttling());
    faults.inject("TransactWriteItems", 3, Fault::dynamodb_throttling());
    faults.inject("GetItem", 3, Fault::dynamodb_throttling());
    faults.inject("Query", 3, Fault::dynamodb_throttling());
    let tenant = unique_tenant("throttled");
    let snapshot = sample_snapshot(&tenant, "ledger", "2026-10-31", 60, 1);
    let outcome = store.put_snapshot(&snapshot).await.unwrap();
    assert!(outcome.is_new());
    let listed = store.list_snapshots(&tenant, 10).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(store.customers(&tenant, &listed[0].id).await.unwrap().len(), 60);
    let injected = faults.injected();
    for operation in ["BatchWriteItem", "TransactWriteItems", "GetItem", "Query"] {
        assert!(
            injected.iter().any(|name| name == operation),
            "{operation} was not throttled: {injected:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_put_that_gives_up_leaves_nothing_visible_and_its_retry_stores_one_snapshot() {
    let faults = FaultInjector::new();
    let store = fresh_store(Some(&faults)).await;
    let tenant = unique_tenant("giveup");
    let snapshot = sample_snapshot(&tenant, "ledger", "2026-10-31", 30, 1);
    // The body is written, then the commit is throttled longer than every retry allows.
    faults.inject("TransactWriteItems", 100, Fault::dynamodb_throttling());
    let error = store.put_snapshot(&snapshot).await.unwrap_err();
    assert!(matches!(error, StoreError::Backend { .. }), "{error}");
    assert!(error.to_string().contains("ProvisionedThroughputExceeded"), "{error}");
    assert!(
        store.list_snapshots(&tenant, 10).await.unwrap().is_empty(),
        "no half snapshot is visible"
    );
    assert!(store.customer_history(&tenant, "C0001", 10).await.unwrap().is_empty());
    assert!(
        raw_items(&store, &tenant).await.is_empty(),
        "the written body was removed again"
    );

    // The event is delivered again once DynamoDB has recovered: one snapshot, whole.
    let healthy = DynamoStore::new(client_with(None).await, store.table()).with_retry_policy(quick_retries());
    let outcome = healthy.put_snapshot(&snapshot).await.unwrap();
    assert!(outcome.is_new());
    assert!(!healthy.put_snapshot(&snapshot).await.unwrap().is_new());
    let listed = healthy.list_snapshots(&tenant, 10).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        healthy.customers(&tenant, &listed[0].id).await.unwrap(),
        snapshot.analysis.customers
    );
}

#[tokio::test]
async fn a_missing_table_is_a_clear_error_not_a_panic() {
    let store = DynamoStore::new(client_with(None).await, unique_name("no-such-table"));
    let tenant = unique_tenant("missing");
    let error = store.list_snapshots(&tenant, 1).await.unwrap_err();
    assert!(error.to_string().contains("ResourceNotFound"), "{error}");
}

/// Two Lambda instances deliver the same upload; the second read the upload marker before the first
/// committed (forced here by answering its first read "not found"). Its commit's condition fails: it
/// reports the first one's snapshot and removes the items it wrote.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_delivery_that_loses_the_commit_race_reports_the_winner_and_leaves_no_items() {
    let first = fresh_store(None).await;
    let tenant = unique_tenant("race");
    let snapshot = sample_snapshot(&tenant, "ledger", "2026-10-31", 40, 1);
    let stored = first.put_snapshot(&snapshot).await.unwrap();
    assert!(stored.is_new());

    let stale = FaultInjector::new();
    stale.inject(
        "GetItem",
        1,
        Fault::Respond {
            status: 200,
            content_type: "application/x-amz-json-1.0".into(),
            body: "{}".into(),
        },
    );
    let second = DynamoStore::new(client_with(Some(&stale)).await, first.table()).with_retry_policy(quick_retries());
    let late = snapshot
        .clone()
        .with_created_at(snapshot.created_at + chrono::TimeDelta::milliseconds(3));
    let outcome = second.put_snapshot(&late).await.unwrap();
    assert_eq!(stale.injected(), ["GetItem"], "the marker read was stale");
    assert_eq!(
        outcome,
        credit_store::PutOutcome::AlreadyStored(stored.summary().clone())
    );

    let items = raw_items(&first, &tenant).await;
    let count = |kind: &str| items.iter().filter(|item| text(item, "type") == kind).count();
    assert_eq!(count("snapshot"), 1);
    assert_eq!(count("source"), 1);
    assert_eq!(count("customer"), 40, "the loser's customer items were removed");
    assert_eq!(count("analysis_part"), 1, "the loser's analysis parts were removed");
}

/// Eight deliveries of one upload at once through eight clients of one process (a test harness calling
/// the handler eight times): they take turns within the process and store one snapshot. Across
/// processes the conditional commit decides (the lost-race test above).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_clients_delivering_one_upload_at_once_store_one_snapshot() {
    let table = fresh_store(None).await.table().to_string();
    let tenant = unique_tenant("eightclients");
    let snapshot = sample_snapshot(&tenant, "ledger", "2026-10-31", 30, 1);
    let mut tasks = Vec::new();
    for attempt in 0..8 {
        let store = DynamoStore::new(client_with(None).await, table.clone()).with_retry_policy(quick_retries());
        let snapshot = snapshot
            .clone()
            .with_created_at(snapshot.created_at + chrono::TimeDelta::milliseconds(attempt));
        tasks.push(tokio::spawn(async move { store.put_snapshot(&snapshot).await }));
    }
    let mut stored = 0;
    for task in tasks {
        if task.await.unwrap().unwrap().is_new() {
            stored += 1;
        }
    }
    assert_eq!(stored, 1);
    let store = DynamoStore::new(client_with(None).await, table);
    let listed = store.list_snapshots(&tenant, 10).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        store.customers(&tenant, &listed[0].id).await.unwrap(),
        snapshot.analysis.customers
    );
}
