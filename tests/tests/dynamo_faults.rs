//! DynamoDB failing under the Lambda handlers, against the emulator: throttling of every write and
//! batches left partly unprocessed, injected with the testkit's SDK interceptor on the DynamoDB client
//! the handlers use (moto itself never throttles). Each test checks what the user is told (the API's
//! answer, the upload's status, the e-mails) and reads the table back: nothing lost, nothing
//! duplicated, nothing half written.

use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::types::AttributeValue;
use credit_aws::dynamo::DynamoStore;
use credit_core::lang::Lang;
use credit_e2e::lambda::{
    address, call_api, issue_upload, mails_to, result, sample, tenant, upload, ApiAnswer, ApiCall, Stack,
};
use credit_fn_analyze::Api;
use credit_fn_ingest::report::EmailOutcome;
use credit_fn_ingest::{handle, Ingest, IngestError, Outcome};
use credit_store::{SnapshotId, SnapshotStore, TenantId};
use credit_testkit::faults::{Fault, FaultInjector};
use pretty_assertions::assert_eq;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

/// 40 customers and one analysis part: two `BatchWriteItem` batches (25 + 16).
const EN_SAMPLE: &str = "en-invoice-history.xlsx";
const NL_SAMPLE: &str = "nl-openstaande-posten.xlsx";

/// Every DynamoDB operation that writes.
const WRITES: [&str; 5] = [
    "BatchWriteItem",
    "TransactWriteItems",
    "PutItem",
    "DeleteItem",
    "UpdateItem",
];

/// The store the handlers use, on a DynamoDB client whose calls pass through `faults`. The store keeps
/// its production retry policy; only the SDK's own backoff is shortened (the tests check what is
/// retried and what the user is told, not how long the SDK sleeps).
fn faulted_store(stack: &Stack, faults: &FaultInjector) -> Arc<DynamoStore> {
    let config = aws_sdk_dynamodb::config::Builder::from(&stack.sdk)
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(5)))
        .interceptor(faults.clone())
        .build();
    Arc::new(DynamoStore::new(
        aws_sdk_dynamodb::Client::from_conf(config),
        &stack.table,
    ))
}

fn faulted_api(stack: &Stack, faults: &FaultInjector) -> Api {
    Api {
        store: faulted_store(stack, faults),
        ..stack.api()
    }
}

fn faulted_ingest(stack: &Stack, faults: &FaultInjector) -> Ingest {
    Ingest {
        store: faulted_store(stack, faults),
        ..stack.ingest()
    }
}

/// DynamoDB over its throughput for every write, for as long as the test says.
fn throttle_every_write(faults: &FaultInjector) {
    for operation in WRITES {
        faults.inject(operation, u32::MAX, Fault::dynamodb_throttling());
    }
}

/// The items of a tenant's partition, counted by kind (the sort key up to its first `#`).
fn kinds(items: &[HashMap<String, AttributeValue>]) -> BTreeMap<String, usize> {
    let mut kinds = BTreeMap::new();
    for item in items {
        let kind = sort_key(item).split('#').next().unwrap_or_default().to_owned();
        *kinds.entry(kind).or_insert(0) += 1;
    }
    kinds
}

fn sort_key(item: &HashMap<String, AttributeValue>) -> &str {
    item.get("SK")
        .and_then(|value| value.as_s().ok())
        .map(String::as_str)
        .unwrap_or_default()
}

/// Checks that the tenant's partition holds one whole snapshot and nothing of another: one header,
/// one upload marker, one customer item per customer of the analysis and the analysis parts the header
/// counts, every one of them under that snapshot's id.
async fn assert_one_whole_snapshot(stack: &Stack, tenant: &TenantId, id: &SnapshotId) {
    let listed = stack.store.list_snapshots(tenant, 10).await.expect("the store lists");
    assert_eq!(
        listed.iter().map(|summary| &summary.id).collect::<Vec<_>>(),
        [id],
        "one snapshot"
    );
    let analysis = stack
        .store
        .analysis(tenant, id)
        .await
        .expect("the analysis reads back whole")
        .expect("stored");
    let customers = stack
        .store
        .customers(tenant, id)
        .await
        .expect("the customers read back");
    assert_eq!(customers, analysis.customers, "every customer, once, in order");

    let items = stack.items_of(tenant).await;
    let keys: Vec<&str> = items.iter().map(sort_key).collect();
    let unique: HashSet<&str> = keys.iter().copied().collect();
    assert_eq!(unique.len(), keys.len(), "no key twice: {keys:?}");
    let header = items
        .iter()
        .find(|item| sort_key(item) == format!("SNAP#{id}"))
        .expect("the header");
    let parts: usize = header
        .get("analysis_parts")
        .and_then(|value| value.as_n().ok())
        .and_then(|text| text.parse().ok())
        .expect("the header counts its parts");
    let counted = kinds(&items);
    assert_eq!(counted.get("SNAP"), Some(&1), "{counted:?}");
    assert_eq!(counted.get("SOURCE"), Some(&1), "{counted:?}");
    assert_eq!(counted.get("CUST"), Some(&analysis.customers.len()), "{counted:?}");
    assert_eq!(counted.get("PART"), Some(&parts), "{counted:?}");
    for key in keys
        .iter()
        .filter(|key| key.starts_with("CUST#") || key.starts_with("PART#"))
    {
        assert!(
            key.starts_with(&format!("CUST#{id}#")) || key.starts_with(&format!("PART#{id}#")),
            "an item of another snapshot: {key}"
        );
    }
}

fn snapshot_header(answer: &ApiAnswer) -> SnapshotId {
    let id = answer.header("x-snapshot-id").expect("the snapshot stored is named");
    SnapshotId::new(id).expect("a snapshot id")
}

fn analyze_call(tenant: &TenantId) -> ApiCall {
    ApiCall::new("POST", "/analyze", tenant)
        .query("as_of=2026-10-31&format=json")
        .header("accept-language", "nl-BE,nl;q=0.9,en;q=0.5")
        .body(sample(EN_SAMPLE))
}

/// The 503 a user gets while DynamoDB fails: the JSON error in their language, a `Retry-After`, and
/// nothing of the backend's detail.
fn assert_retry_later_in_dutch(answer: &ApiAnswer) {
    let text = String::from_utf8_lossy(&answer.body).into_owned();
    assert_eq!(answer.status, 503, "{text}");
    assert_eq!(answer.header("retry-after"), Some("5"));
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(answer.header("x-snapshot-id"), None, "no snapshot is named");
    let json = answer.json();
    assert_eq!(
        json["error"], "De dienst is tijdelijk niet beschikbaar. Probeer het zo opnieuw.",
        "{json}"
    );
    assert_eq!(json["problems"], serde_json::json!([]));
    assert!(!text.contains("Throughput") && !text.contains("attempts"), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn analyze_while_dynamodb_throttles_every_write_answers_503_in_the_users_language_and_stores_nothing() {
    let stack = Stack::new().await;
    let tenant = tenant("thrapi");
    let faults = FaultInjector::new();
    throttle_every_write(&faults);
    let api = faulted_api(&stack, &faults);

    let answer = call_api(&api, analyze_call(&tenant).event()).await;
    assert_retry_later_in_dutch(&answer);
    let injected = faults.injected();
    assert!(injected.iter().any(|name| name == "BatchWriteItem"), "{injected:?}");
    assert!(
        injected.iter().all(|name| WRITES.contains(&name.as_str())),
        "only writes were faulted: {injected:?}"
    );
    assert!(stack.store.list_snapshots(&tenant, 10).await.unwrap().is_empty());
    assert_eq!(
        kinds(&stack.items_of(&tenant).await),
        BTreeMap::new(),
        "nothing half written"
    );

    // DynamoDB recovers: the same POST on the same client stores the snapshot, whole and once.
    faults.lift();
    let answer = call_api(&api, analyze_call(&tenant).event()).await;
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    let id = snapshot_header(&answer);
    assert_eq!(answer.json()["customers"].as_array().map(Vec::len), Some(40));
    assert_one_whole_snapshot(&stack, &tenant, &id).await;
    let again = call_api(&api, analyze_call(&tenant).event()).await;
    assert_eq!(again.status, 200);
    assert_eq!(
        snapshot_header(&again),
        id,
        "the same file at the same date is the same snapshot"
    );
    assert_one_whole_snapshot(&stack, &tenant, &id).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn analyze_whose_commit_is_throttled_answers_503_and_removes_the_body_it_wrote() {
    let stack = Stack::new().await;
    let tenant = tenant("thrcommit");
    let faults = FaultInjector::new();
    // The customers and the analysis are written; the transaction that would make them visible is not.
    faults.inject("TransactWriteItems", u32::MAX, Fault::dynamodb_throttling());
    let api = faulted_api(&stack, &faults);

    let answer = call_api(&api, analyze_call(&tenant).event()).await;
    assert_retry_later_in_dutch(&answer);
    let injected = faults.injected();
    assert!(
        injected.len() >= 8 && injected.iter().all(|name| name == "TransactWriteItems"),
        "the commit was retried, then given up: {injected:?}"
    );
    assert!(stack.store.list_snapshots(&tenant, 10).await.unwrap().is_empty());
    assert_eq!(
        kinds(&stack.items_of(&tenant).await),
        BTreeMap::new(),
        "the body written before the commit was removed"
    );

    faults.lift();
    let answer = call_api(&api, analyze_call(&tenant).event()).await;
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    assert_one_whole_snapshot(&stack, &tenant, &snapshot_header(&answer)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn ingest_while_dynamodb_throttles_keeps_the_workbook_says_retrying_and_the_redelivery_stores_and_mails_once() {
    let stack = Stack::new().await;
    let api = stack.api();
    let tenant = tenant("thring");
    let recipients = [address("thring-a"), address("thring-b")];
    stack.settings(&tenant, &recipients, Lang::Fr).await;
    let issued = issue_upload(&api, &tenant, "file_name=ledger.xlsx&as_of=2026-10-31&lang=nl").await;
    let event = upload(&stack, &issued, &sample(NL_SAMPLE)).await;
    let workbook_key = format!("results/{tenant}/{}/ledger.annotated.xlsx", issued.id);

    let faults = FaultInjector::new();
    throttle_every_write(&faults);
    let ingest = faulted_ingest(&stack, &faults);
    let error = handle(&ingest, event.clone())
        .await
        .expect_err("the event must be retried");
    let IngestError::Retry(errors) = &error else {
        panic!("{error:?}")
    };
    assert!(matches!(errors.as_slice(), [IngestError::Store(_)]), "{error}");
    assert!(error.to_string().contains("put snapshot"), "{error}");

    // What was done is kept; nothing is visible in the table; nobody was mailed.
    let workbook = stack.object(&workbook_key).await.expect("the workbook written is kept");
    assert!(!workbook.is_empty());
    assert!(stack.store.list_snapshots(&tenant, 10).await.unwrap().is_empty());
    assert_eq!(
        kinds(&stack.items_of(&tenant).await),
        BTreeMap::from([("SETTINGS".to_owned(), 1)]),
        "no snapshot item, no marker, no e-mail claim"
    );
    for recipient in &recipients {
        assert!(mails_to(recipient).is_empty(), "{recipient} was mailed");
    }

    // The user is told the analysis is being retried, in the language asked for at POST /uploads.
    let answer = result(&api, &tenant, &issued.id).await;
    assert_eq!(answer.status, 200);
    let json = answer.json();
    assert_eq!(json["status"], "waiting", "{json}");
    assert_eq!(
        json["retrying"], "De analyse kon even niet worden opgeslagen; ze wordt automatisch opnieuw geprobeerd.",
        "{json}"
    );
    assert!(json["error"].is_null() && json["download"].is_null(), "{json}");

    // DynamoDB recovers and Lambda delivers the event again: one snapshot, one e-mail per recipient.
    faults.lift();
    let outcomes = handle(&ingest, event.clone()).await.expect("DynamoDB is back");
    let [Outcome::Done {
        snapshot_id,
        analysed_now: true,
        email: EmailOutcome::Sent { attached: true },
    }] = outcomes.as_slice()
    else {
        panic!("{outcomes:?}")
    };
    assert_one_whole_snapshot(&stack, &tenant, snapshot_id).await;
    for recipient in &recipients {
        assert_eq!(mails_to(recipient).len(), 1, "{recipient}");
    }
    let json = result(&api, &tenant, &issued.id).await.json();
    assert_eq!(json["status"], "done", "{json}");
    assert_eq!(json["snapshot_id"], snapshot_id.as_str());
    assert!(json["retrying"].is_null(), "the note is gone once done: {json}");
    assert_eq!(json["email"]["state"], "sent", "{json}");
    assert_eq!(json["email"]["recipients"], 2, "{json}");

    // A further delivery of the same event changes nothing.
    let outcomes = handle(&ingest, event).await.expect("a redelivery");
    assert!(
        matches!(
            outcomes.as_slice(),
            [Outcome::Done {
                analysed_now: false,
                email: EmailOutcome::AlreadySent,
                ..
            }]
        ),
        "{outcomes:?}"
    );
    assert_one_whole_snapshot(&stack, &tenant, snapshot_id).await;
    for recipient in &recipients {
        assert_eq!(mails_to(recipient).len(), 1, "{recipient}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn unprocessed_batch_items_during_an_ingest_are_all_stored_once() {
    let stack = Stack::new().await;
    let api = stack.api();
    let tenant = tenant("unproc");
    let recipient = address("unproc");
    stack
        .settings(&tenant, std::slice::from_ref(&recipient), Lang::En)
        .await;
    let issued = issue_upload(&api, &tenant, "file_name=history.xlsx&as_of=2026-10-31").await;
    let event = upload(&stack, &issued, &sample(EN_SAMPLE)).await;

    // DynamoDB takes 5 requests of each batch and hands the rest back: the first batch of 25 needs five
    // attempts (25, 20, 15, 10, 5 sent), the second of 16 three (16, 11, 6).
    let faults = FaultInjector::new();
    faults.inject("BatchWriteItem", 7, Fault::LeaveUnprocessed { keep: 5 });
    let ingest = faulted_ingest(&stack, &faults);
    let outcomes = handle(&ingest, event.clone())
        .await
        .expect("unprocessed items are sent again, not given up");
    let [Outcome::Done {
        snapshot_id,
        analysed_now: true,
        email: EmailOutcome::Sent { attached: true },
    }] = outcomes.as_slice()
    else {
        panic!("{outcomes:?}")
    };
    assert_eq!(
        faults.injected(),
        vec!["BatchWriteItem"; 7],
        "every partial batch was met"
    );

    let analysis = stack
        .store
        .analysis(&tenant, snapshot_id)
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(analysis.customers.len(), 40, "the sample's customers");
    assert_one_whole_snapshot(&stack, &tenant, snapshot_id).await;
    assert_eq!(mails_to(&recipient).len(), 1);
    let json = result(&api, &tenant, &issued.id).await.json();
    assert_eq!(json["status"], "done", "{json}");
    assert_eq!(json["summary"]["customer_count"], 40, "{json}");

    // The same event again: nothing more written, nothing more sent.
    let outcomes = handle(&ingest, event).await.expect("a redelivery");
    assert!(
        matches!(
            outcomes.as_slice(),
            [Outcome::Done {
                analysed_now: false,
                ..
            }]
        ),
        "{outcomes:?}"
    );
    assert_one_whole_snapshot(&stack, &tenant, snapshot_id).await;
    assert_eq!(mails_to(&recipient).len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_email_claim_dynamodb_throttles_says_retrying_and_the_redelivery_mails_each_recipient_once() {
    let stack = Stack::new().await;
    let api = stack.api();
    let tenant = tenant("thrclaim");
    let recipients = [address("thrclaim-a"), address("thrclaim-b")];
    stack.settings(&tenant, &recipients, Lang::En).await;
    let issued = issue_upload(&api, &tenant, "file_name=ledger.xlsx&as_of=2026-10-31").await;
    let event = upload(&stack, &issued, &sample(NL_SAMPLE)).await;

    // The snapshot goes through (batch writes and the transaction); the e-mail claim (PutItem) does not.
    let faults = FaultInjector::new();
    faults.inject("PutItem", u32::MAX, Fault::dynamodb_throttling());
    let ingest = faulted_ingest(&stack, &faults);
    let error = handle(&ingest, event.clone())
        .await
        .expect_err("the e-mail must be retried");
    let IngestError::Retry(errors) = &error else {
        panic!("{error:?}")
    };
    assert!(matches!(errors.as_slice(), [IngestError::Store(_)]), "{error}");
    for recipient in &recipients {
        assert!(mails_to(recipient).is_empty(), "{recipient} was mailed");
    }
    let json = result(&api, &tenant, &issued.id).await.json();
    assert_eq!(
        json["status"], "done",
        "the analysis is stored and downloadable: {json}"
    );
    assert!(json["download"]["url"].is_string(), "{json}");
    let snapshot_id = SnapshotId::new(json["snapshot_id"].as_str().expect("a snapshot")).unwrap();
    assert_one_whole_snapshot(&stack, &tenant, &snapshot_id).await;
    assert_eq!(json["email"]["state"], "retrying", "{json}");
    assert_eq!(json["email"]["reached"], 0, "{json}");

    faults.lift();
    let outcomes = handle(&ingest, event.clone()).await.expect("DynamoDB is back");
    assert!(
        matches!(
            outcomes.as_slice(),
            [Outcome::Done {
                analysed_now: false,
                email: EmailOutcome::Sent { attached: true },
                ..
            }]
        ),
        "{outcomes:?}"
    );
    for recipient in &recipients {
        assert_eq!(mails_to(recipient).len(), 1, "{recipient}");
    }
    let json = result(&api, &tenant, &issued.id).await.json();
    assert_eq!(json["email"]["state"], "sent", "{json}");
    assert_eq!(json["email"]["recipients"], 2, "{json}");
    assert_one_whole_snapshot(&stack, &tenant, &snapshot_id).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_report_claim_dynamodb_will_not_complete_still_settles_the_status_and_mails_nobody_twice() {
    let stack = Stack::new().await;
    let api = stack.api();
    let tenant = tenant("thrdone");
    let recipients = [address("thrdone-a"), address("thrdone-b")];
    stack.settings(&tenant, &recipients, Lang::En).await;
    let issued = issue_upload(&api, &tenant, "file_name=ledger.xlsx&as_of=2026-10-31").await;
    let event = upload(&stack, &issued, &sample(NL_SAMPLE)).await;

    // Claims are taken, the copies sent; marking the claims done is throttled for good.
    let faults = FaultInjector::new();
    faults.inject_when(
        "PutItem",
        r#""state":{"S":"done"}"#,
        u32::MAX,
        Fault::dynamodb_throttling(),
    );
    let ingest = faulted_ingest(&stack, &faults);
    let outcomes = handle(&ingest, event.clone())
        .await
        .expect("every copy was sent: only the bookkeeping failed");
    assert!(
        matches!(
            outcomes.as_slice(),
            [Outcome::Done {
                analysed_now: true,
                email: EmailOutcome::Sent { attached: true },
                ..
            }]
        ),
        "{outcomes:?}"
    );
    assert!(!faults.injected().is_empty(), "the completions were throttled");
    for recipient in &recipients {
        assert_eq!(mails_to(recipient).len(), 1, "{recipient}");
    }
    let json = result(&api, &tenant, &issued.id).await.json();
    assert_eq!(json["email"]["state"], "sent", "not left pending: {json}");
    assert_eq!(json["email"]["recipients"], 2, "{json}");

    // S3 delivers the event again: the claims are still held, nothing is sent twice, the status stays.
    let outcomes = handle(&ingest, event).await.expect("a redelivery");
    assert!(
        matches!(
            outcomes.as_slice(),
            [Outcome::Done {
                analysed_now: false,
                email: EmailOutcome::SendingElsewhere,
                ..
            }]
        ),
        "{outcomes:?}"
    );
    for recipient in &recipients {
        assert_eq!(mails_to(recipient).len(), 1, "{recipient}");
    }
    let json = result(&api, &tenant, &issued.id).await.json();
    assert_eq!(json["email"]["state"], "sent", "{json}");
}
