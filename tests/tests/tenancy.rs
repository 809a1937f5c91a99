//! Tenant isolation across every entry point of the functions: the API (results of another tenant),
//! S3 keys and presigned URLs, the store's queries and the e-mails.

use credit_core::lang::Lang;
use credit_e2e::lambda::{
    address, call_api, issue_upload, mails_to, result, s3_event, sample, tenant, upload, ApiCall, Stack,
};
use credit_fn_ingest::{handle, Outcome};
use credit_store::{SnapshotStore, TenantId};
use pretty_assertions::assert_eq;

const NL_SAMPLE: &str = "nl-openstaande-posten.xlsx";

/// Tenant `tenant` uploads the Dutch sample through the API and the ingest; answers the upload id and
/// the snapshot id.
async fn analysed_upload(stack: &Stack, tenant: &TenantId) -> (String, String) {
    let issued = issue_upload(&stack.api(), tenant, "file_name=ledger.xlsx&as_of=2026-10-31").await;
    let event = upload(stack, &issued, &sample(NL_SAMPLE)).await;
    let outcomes = handle(&stack.ingest(), event).await.expect("analysed");
    let [Outcome::Done { snapshot_id, .. }] = outcomes.as_slice() else {
        panic!("{outcomes:?}")
    };
    (issued.id, snapshot_id.to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn tenant_a_cannot_read_tenant_bs_results() {
    let stack = Stack::new().await;
    let api = stack.api();
    let (a, b) = (tenant("tenant-a"), tenant("tenant-b"));
    let (b_upload, _) = analysed_upload(&stack, &b).await;

    let own = result(&api, &b, &b_upload).await;
    assert_eq!(own.status, 200);
    assert_eq!(own.json()["status"], "done");

    // A with B's id: the same 404 as an id that never existed, and no URL, no figure, no file name.
    let other = result(&api, &a, &b_upload).await;
    assert_eq!(other.status, 404);
    let unknown = result(&api, &a, "0123456789abcdef0123456789abcdef").await;
    assert_eq!(unknown.status, 404);
    assert_eq!(other.body, unknown.body);
    let text = String::from_utf8_lossy(&other.body);
    assert!(!text.contains("ledger") && !text.contains("http"), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn presigned_urls_and_keys_stay_in_the_callers_prefix() {
    let stack = Stack::new().await;
    let api = stack.api();
    let (a, b) = (tenant("tenant-a"), tenant("tenant-b"));

    // Whatever file name A asks for, its key and URL are A's.
    let issued = issue_upload(&api, &a, &format!("file_name=..%2F..%2F{b}%2Fuploads%2Fevil.xlsx")).await;
    assert_eq!(issued.key, format!("uploads/{a}/{}/evil.xlsx", issued.id));
    assert!(
        issued.url.contains(&format!("/uploads/{a}/{}/evil.xlsx?", issued.id)),
        "{}",
        issued.url
    );

    // A's upload id written under B's prefix (a forged key) is refused: the API never issued it to B.
    let forged = format!("uploads/{b}/{}/evil.xlsx", issued.id);
    let bytes = sample(NL_SAMPLE);
    let etag = stack.put_object(&forged, bytes.clone()).await;
    let outcomes = handle(&stack.ingest(), s3_event(&stack.bucket, &forged, &etag, bytes.len()))
        .await
        .unwrap();
    assert!(matches!(outcomes.as_slice(), [Outcome::Refused(_)]), "{outcomes:?}");
    assert!(stack.store.list_snapshots(&b, 10).await.unwrap().is_empty());
    assert!(stack.keys(&format!("results/{b}/")).await.is_empty());

    // A's own upload lands in A's snapshots only; A's download URL points into A's results.
    let event = upload(&stack, &issued, &bytes).await;
    handle(&stack.ingest(), event).await.unwrap();
    assert_eq!(stack.store.list_snapshots(&a, 10).await.unwrap().len(), 1);
    assert!(stack.store.list_snapshots(&b, 10).await.unwrap().is_empty());
    let done = result(&api, &a, &issued.id).await.json();
    let url = done["download"]["url"].as_str().expect("a download URL");
    assert!(url.contains(&format!("/results/{a}/{}/", issued.id)), "{url}");
}

#[tokio::test(flavor = "multi_thread")]
async fn store_queries_answer_only_the_tenants_own_snapshots() {
    let stack = Stack::new().await;
    let (a, b) = (tenant("tenant-a"), tenant("tenant-b"));
    let (_, a_snapshot) = analysed_upload(&stack, &a).await;
    let (_, b_snapshot) = analysed_upload(&stack, &b).await;
    let b_id = b_snapshot.parse().unwrap();

    let listed: Vec<String> = stack
        .store
        .list_snapshots(&a, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|summary| summary.id.to_string())
        .collect();
    assert_eq!(listed, [a_snapshot.as_str()]);
    assert_eq!(stack.store.snapshot(&a, &b_id).await.unwrap(), None);
    assert_eq!(stack.store.analysis(&a, &b_id).await.unwrap(), None);
    assert!(stack.store.customers(&a, &b_id).await.unwrap().is_empty());

    // The raw items of A's partition mention none of B's.
    let items = format!("{:?}", stack.items_of(&a).await);
    assert!(!items.contains(&b_snapshot) && !items.contains(b.as_str()));
    assert!(items.contains(&a_snapshot));

    // The API's JSON analysis is stored under the caller's tenant only.
    let answer = call_api(
        &stack.api(),
        ApiCall::new("POST", "/analyze", &a)
            .query("as_of=2026-09-30&format=json")
            .body(sample(NL_SAMPLE))
            .event(),
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(stack.store.list_snapshots(&a, 10).await.unwrap().len(), 2);
    assert_eq!(stack.store.list_snapshots(&b, 10).await.unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn each_tenants_report_goes_to_its_own_recipients_only() {
    let stack = Stack::new().await;
    let (a, b) = (tenant("tenant-a"), tenant("tenant-b"));
    let (a_mail, b_mail) = (address("a"), address("b"));
    stack.settings(&a, std::slice::from_ref(&a_mail), Lang::Nl).await;
    stack.settings(&b, std::slice::from_ref(&b_mail), Lang::Fr).await;
    analysed_upload(&stack, &b).await;

    assert!(mails_to(&a_mail).is_empty(), "A received B's report");
    let mails = mails_to(&b_mail);
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].destinations, [b_mail.as_str()]);
    let message = mails[0].parsed();
    assert_eq!(
        message.header("X-Credit-Tenant").and_then(|v| v.as_text()),
        Some(b.as_str())
    );
    assert!(!mails[0].raw.contains(a.as_str()));
}
