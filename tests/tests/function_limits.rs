//! Limits that follow the function's resources, run on real events against the emulator: the import
//! limits Lambda's memory size gives (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`), and answers too large for
//! Lambda's 6 MB response payload (`MAX_RESPONSE_BYTES`, lowered here instead of sending megabytes).

use credit_aws::config::{self, FunctionConfig};
use credit_aws::s3::Objects;
use credit_core::analysis::Analysis;
use credit_core::lang::Lang;
use credit_e2e::lambda::{
    assert_workbook_matches, call_api, expected, expected_open, http_get, issue_upload, result, sample, tenant, upload,
    ApiCall, Stack,
};
use credit_fn_analyze::Api;
use credit_fn_ingest::{handle, Outcome};
use credit_store::{SnapshotId, SnapshotStore};
use pretty_assertions::assert_eq;
use std::collections::HashMap;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const NL_SAMPLE: &str = "nl-openstaande-posten.xlsx";
/// Lambda's smallest memory size.
const SMALL_MEMORY_MB: &str = "128";

/// The functions' environment as the stack's, with `extra` set as Lambda or the template would.
fn config_with(stack: &Stack, extra: &[(&'static str, &str)]) -> FunctionConfig {
    let mut variables: HashMap<&str, String> = HashMap::from([
        (config::TABLE_NAME, stack.table.clone()),
        (config::BUCKET_NAME, stack.bucket.clone()),
        (config::SENDER_EMAIL, stack.sender.clone()),
    ]);
    variables.extend(extra.iter().map(|(name, value)| (*name, (*value).to_owned())));
    FunctionConfig::from_lookup(|name| variables.get(name).cloned()).expect("a complete environment")
}

fn api_with(stack: &Stack, extra: &[(&'static str, &str)]) -> Api {
    Api {
        store: stack.store.clone(),
        objects: Objects::new(stack.s3.clone(), &stack.bucket),
        config: config_with(stack, extra),
    }
}

/// A csv ledger of `rows` invoices, each row `columns` wide (the five ledger columns, then notes).
fn wide_ledger(rows: usize, columns: usize) -> Vec<u8> {
    let mut csv = String::from("Klant;Factuurnummer;Factuurdatum;Vervaldatum;Openstaand");
    for note in 5..columns {
        csv.push_str(&format!(";Notitie {note}"));
    }
    csv.push('\n');
    for row in 0..rows {
        csv.push_str(&format!(
            "Klant {};F{row};01-09-2026;01-10-2026;{},50",
            row % 40,
            100 + row % 900
        ));
        for _ in 5..columns {
            csv.push_str(";x");
        }
        csv.push('\n');
    }
    csv.into_bytes()
}

/// 2,000 rows of 80 cells: 160,000 cells, over what 128 MB allows and far under the defaults.
fn over_the_small_limit() -> (Vec<u8>, usize) {
    let limit = credit_import_limit(128);
    let (rows, columns) = (2_000, 80);
    assert!(rows * columns > limit, "{} cells, limit {limit}", rows * columns);
    (wide_ledger(rows, columns), limit)
}

/// The cell limit the configuration derives for a function of `memory_mb`.
fn credit_import_limit(memory_mb: u64) -> usize {
    let memory = memory_mb.to_string();
    let config = FunctionConfig::from_lookup(|name| match name {
        config::TABLE_NAME | config::BUCKET_NAME => Some("x".to_owned()),
        config::MEMORY_SIZE => Some(memory.clone()),
        _ => None,
    })
    .expect("a complete environment");
    config.import_limits.max_cells_per_sheet
}

/// 114,085 written as the English messages group digits.
fn grouped(value: usize) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ledger_over_the_cell_limit_of_the_functions_memory_is_422_naming_the_limit() {
    let stack = Stack::new().await;
    let small = api_with(&stack, &[(config::MEMORY_SIZE, SMALL_MEMORY_MB)]);
    assert_eq!(small.config.memory_mb, Some(128));
    let tenant = tenant("memory");
    let (ledger, limit) = over_the_small_limit();
    let call = ApiCall::new("POST", "/analyze", &tenant)
        .query("as_of=2026-10-31&lang=en&file_name=wide.csv")
        .header("content-type", "text/csv")
        .body(ledger);

    let answer = call_api(&small, call.event()).await;
    assert_eq!(answer.status, 422, "{}", String::from_utf8_lossy(&answer.body));
    let message = answer.json()["error"].as_str().expect("a message").to_owned();
    assert_eq!(
        message,
        format!(
            "wide.csv, sheet csv: more cells (rows x used columns) than the limit of {} cells per sheet.",
            grouped(limit)
        )
    );
    assert!(stack.store.list_snapshots(&tenant, 10).await.unwrap().is_empty());

    // The same ledger within the importer's defaults (no memory size: the command, a local run) is
    // read: the refusal was the derived limit's.
    let roomy = api_with(&stack, &[]);
    let answer = call_api(
        &roomy,
        call.query("as_of=2026-10-31&lang=en&file_name=wide.csv&format=json")
            .event(),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    assert_eq!(answer.json()["totals"]["items"], 2_000);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_over_the_cell_limit_of_the_ingest_functions_memory_fails_naming_the_limit() {
    let stack = Stack::new().await;
    let api = stack.api();
    let mut ingest = stack.ingest();
    ingest.config = config_with(&stack, &[(config::MEMORY_SIZE, SMALL_MEMORY_MB)]);
    let tenant = tenant("memupl");
    let (ledger, limit) = over_the_small_limit();
    let issued = issue_upload(&api, &tenant, "file_name=wide.csv&lang=en").await;
    let event = upload(&stack, &issued, &ledger).await;

    let outcomes = handle(&ingest, event)
        .await
        .expect("a ledger over a limit is no reason to retry");
    assert!(matches!(outcomes.as_slice(), [Outcome::Failed { .. }]), "{outcomes:?}");
    let json = result(&api, &tenant, &issued.id).await.json();
    assert_eq!(json["status"], "failed");
    let error = json["error"].as_str().expect("why");
    assert!(
        error.contains(&format!("the limit of {} cells per sheet", grouped(limit))),
        "{error}"
    );
    assert!(stack.store.list_snapshots(&tenant, 10).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_workbook_too_large_to_answer_inline_is_stored_and_answered_as_a_link_with_the_figures() {
    let stack = Stack::new().await;
    // The Dutch sample's workbook is 37 KB, 50 KB in base64: over a limit of 20,000 bytes.
    let api = api_with(&stack, &[(config::MAX_RESPONSE_BYTES, "20000")]);
    let tenant = tenant("large");
    let call = ApiCall::new("POST", "/analyze", &tenant)
        .query("as_of=2026-10-31&lang=nl&file_name=nl-openstaande-posten.xlsx")
        .header("content-type", XLSX)
        .body(sample(NL_SAMPLE));
    let answer = call_api(&api, call.event()).await;

    assert_eq!(answer.status, 303, "{}", String::from_utf8_lossy(&answer.body));
    assert!(!answer.base64);
    assert!(
        answer.body.len() < 20_000,
        "the answer itself is small: {}",
        answer.body.len()
    );
    let json = answer.json();
    let location = answer.header("location").expect("where the workbook is");
    assert_eq!(json["download"]["url"], location);
    assert_eq!(json["content_type"], XLSX);
    assert_eq!(json["file_name"], "nl-openstaande-posten.annotated.xlsx");
    assert_eq!(
        json["summary"]["totals"]["open"],
        expected(NL_SAMPLE)["totals"]["open"],
        "the figures come with the link"
    );
    let snapshot_id = SnapshotId::new(answer.header("x-snapshot-id").expect("the snapshot id")).unwrap();
    assert_eq!(json["snapshot_id"], snapshot_id.to_string());

    // The link serves the annotated workbook, from the tenant's results/.
    let upload_id = json["upload_id"].as_str().expect("an id");
    assert!(
        location.contains(&format!(
            "results/{tenant}/{upload_id}/nl-openstaande-posten.annotated.xlsx"
        )),
        "{location}"
    );
    let (status, disposition, workbook) = http_get(location);
    assert_eq!(status, 200);
    assert!(disposition.is_some_and(|d| d.contains("nl-openstaande-posten.annotated.xlsx")));
    let analysis = stack
        .store
        .analysis(&tenant, &snapshot_id)
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(analysis.totals.open, expected_open(&expected(NL_SAMPLE)));
    assert_workbook_matches(&workbook, &analysis);

    // GET /results/{id} knows it as a done upload, for a fresh link once this one expired.
    let again = result(&api, &tenant, upload_id).await;
    assert_eq!(again.status, 200, "{}", String::from_utf8_lossy(&again.body));
    let again = again.json();
    assert_eq!(again["status"], "done");
    assert_eq!(again["snapshot_id"], snapshot_id.to_string());
    assert!(again["email"].is_null(), "the API sends no e-mail: {again}");
    let (status, _, same) = http_get(again["download"]["url"].as_str().expect("a link"));
    assert_eq!((status, same), (200, workbook));

    // Another tenant cannot read it.
    let other = result(&api, &credit_e2e::lambda::tenant("other"), upload_id).await;
    assert_eq!(other.status, 404);

    // Posting the same ledger again is the same snapshot, answered alike.
    let second = call_api(&api, call.event()).await;
    assert_eq!(second.status, 303);
    assert_eq!(second.header("x-snapshot-id"), Some(snapshot_id.as_str()));
    assert_eq!(stack.store.list_snapshots(&tenant, 10).await.unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_json_or_page_answer_too_large_to_answer_inline_links_what_it_stored() {
    let stack = Stack::new().await;
    let limit = 20_000;
    let api = api_with(&stack, &[(config::MAX_RESPONSE_BYTES, "20000")]);
    let roomy = api_with(&stack, &[]);
    let tenant = tenant("largejs");
    let call = |format: &str| {
        ApiCall::new("POST", "/analyze", &tenant)
            .query(&format!(
                "as_of=2026-10-31&format={format}&file_name=en-invoice-history.xlsx"
            ))
            .header("content-type", XLSX)
            .body(sample("en-invoice-history.xlsx"))
    };

    // The analysis JSON as it is answered inline when there is room: larger than the limit.
    let inline = call_api(&roomy, call("json").event()).await;
    assert_eq!(inline.status, 200);
    assert!(inline.body.len() > limit, "{}", inline.body.len());
    let answer = call_api(&api, call("json").event()).await;
    assert_eq!(answer.status, 303, "{}", String::from_utf8_lossy(&answer.body));
    let json = answer.json();
    assert_eq!(json["content_type"], "application/json");
    assert_eq!(json["file_name"], "en-invoice-history.analysis.json");
    let (status, _, stored) = http_get(answer.header("location").expect("a link"));
    assert_eq!(status, 200);
    let stored: Analysis = serde_json::from_slice(&stored).expect("the analysis contract");
    let answered: Analysis = serde_json::from_slice(&inline.body).expect("the analysis contract");
    assert_eq!(stored, answered, "the stored analysis is the one answered inline");
    assert_eq!(stored.language, Lang::En);

    // The upload page gets its figures inline and the workbook as a link, as for POST /uploads.
    let page = call_api(&api, call("page").event()).await;
    assert_eq!(page.status, 200, "{}", String::from_utf8_lossy(&page.body));
    assert!(page.body.len() <= limit, "{}", page.body.len());
    let page = page.json();
    assert!(page["workbook"]["base64"].is_null(), "{page}");
    assert_eq!(page["workbook"]["file_name"], "en-invoice-history.annotated.xlsx");
    let (status, _, workbook) = http_get(page["workbook"]["url"].as_str().expect("a link"));
    assert_eq!(status, 200);
    assert_workbook_matches(&workbook, &answered);
}
