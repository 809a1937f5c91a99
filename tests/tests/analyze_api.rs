//! The analyze function's HTTP API, run on real API Gateway v2 events against the emulator.

use credit_core::analysis::Analysis;
use credit_core::lang::Lang;
use credit_e2e::lambda::{assert_workbook_matches, call_api, expected, expected_open, sample, tenant, ApiCall, Stack};
use credit_store::{SnapshotId, SnapshotStore};
use pretty_assertions::assert_eq;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const NL_SAMPLE: &str = "nl-openstaande-posten.xlsx";

#[tokio::test(flavor = "multi_thread")]
async fn post_analyze_answers_the_annotated_workbook_in_base64_and_stores_the_snapshot() {
    let stack = Stack::new().await;
    let api = stack.api();
    let tenant = tenant("acme");
    let call = ApiCall::new("POST", "/analyze", &tenant)
        .query("as_of=2026-10-31&lang=nl&file_name=nl-openstaande-posten.xlsx")
        .header("content-type", XLSX)
        .body(sample(NL_SAMPLE));
    let answer = call_api(&api, call.event()).await;

    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    assert!(answer.base64, "API Gateway needs binary bodies base64-encoded");
    assert_eq!(answer.header("content-type"), Some(XLSX));
    let disposition = answer.header("content-disposition").expect("a file name");
    assert!(
        disposition.contains("filename=\"nl-openstaande-posten.annotated.xlsx\""),
        "{disposition}"
    );
    let snapshot_id = SnapshotId::new(answer.header("x-snapshot-id").expect("the snapshot id")).unwrap();

    // The snapshot is in DynamoDB, with the generator's figures, and the workbook says the same.
    let summary = stack
        .store
        .snapshot(&tenant, &snapshot_id)
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(summary.totals.open, expected_open(&expected(NL_SAMPLE)));
    assert_eq!(summary.as_of.to_string(), "2026-10-31");
    let analysis = stack
        .store
        .analysis(&tenant, &snapshot_id)
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(analysis.language, Lang::Nl);
    assert_workbook_matches(&answer.body, &analysis);
    let items = stack.items_of(&tenant).await;
    let headers = items
        .iter()
        .filter(|item| {
            item.get("SK")
                .and_then(|sk| sk.as_s().ok())
                .is_some_and(|sk| sk.starts_with("SNAP#"))
        })
        .count();
    assert_eq!(headers, 1, "one snapshot header item in the tenant's partition");
}

#[tokio::test(flavor = "multi_thread")]
async fn format_json_answers_the_analysis_and_posting_again_stores_no_second_snapshot() {
    let stack = Stack::new().await;
    let api = stack.api();
    let tenant = tenant("json");
    let call = ApiCall::new("POST", "/analyze", &tenant)
        .query("as_of=2026-10-31&format=json&file_name=nl-openstaande-posten.xlsx")
        .body(sample(NL_SAMPLE));
    let first = call_api(&api, call.event()).await;
    assert_eq!(first.status, 200, "{}", String::from_utf8_lossy(&first.body));
    assert_eq!(first.header("content-type"), Some("application/json"));
    assert!(!first.base64);
    let analysis: Analysis = serde_json::from_slice(&first.body).expect("the analysis contract");
    let json = first.json();
    assert_eq!(json["as_of"], "2026-10-31");
    assert_eq!(json["totals"]["open"], expected(NL_SAMPLE)["totals"]["open"]);
    assert_eq!(analysis.totals.open, expected_open(&expected(NL_SAMPLE)));

    // Accept: application/json asks for the same; the same file at the same date is the same snapshot.
    let again = ApiCall::new("POST", "/analyze", &tenant)
        .query("as_of=2026-10-31&file_name=nl-openstaande-posten.xlsx")
        .header("accept", "application/json")
        .body(sample(NL_SAMPLE));
    let second = call_api(&api, again.event()).await;
    assert_eq!(second.status, 200);
    assert_eq!(second.header("content-type"), Some("application/json"));
    assert_eq!(second.header("x-snapshot-id"), first.header("x-snapshot-id"));
    assert_eq!(stack.store.list_snapshots(&tenant, 10).await.unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_multipart_form_carries_the_file_and_its_parameters() {
    let stack = Stack::new().await;
    let api = stack.api();
    let tenant = tenant("form");
    let csv = sample("fr-balance-agee.csv");
    let mut body = Vec::new();
    body.extend_from_slice(
        b"--FormBoundary7MA4YWxk\r\nContent-Disposition: form-data; name=\"as_of\"\r\n\r\n2026-10-31\r\n\
--FormBoundary7MA4YWxk\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\nfr\r\n\
--FormBoundary7MA4YWxk\r\nContent-Disposition: form-data; name=\"ledger\"; filename=\"fr-balance-agee.csv\"\r\n\
Content-Type: text/csv\r\n\r\n",
    );
    body.extend_from_slice(&csv);
    body.extend_from_slice(b"\r\n--FormBoundary7MA4YWxk--\r\n");
    let call = ApiCall::new("POST", "/analyze", &tenant)
        .header("content-type", "multipart/form-data; boundary=FormBoundary7MA4YWxk")
        .body(body);
    let answer = call_api(&api, call.event()).await;
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    assert!(answer
        .header("content-disposition")
        .is_some_and(|value| value.contains("fr-balance-agee.annotated.xlsx")));
    let snapshot = stack.store.latest_snapshot(&tenant).await.unwrap().expect("stored");
    assert_eq!(snapshot.as_of.to_string(), "2026-10-31");
    assert_eq!(snapshot.totals.open, expected_open(&expected("fr-balance-agee.csv")));
    let analysis = stack.store.analysis(&tenant, &snapshot.id).await.unwrap().unwrap();
    assert_eq!(analysis.language, Lang::Fr);
    assert_workbook_matches(&answer.body, &analysis);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_name_longer_than_any_file_system_allows_is_400_as_a_parameter_and_shortened_in_a_form() {
    let stack = Stack::new().await;
    let api = stack.api();
    let tenant = tenant("long-name");
    let absurd = format!("{}.csv", "é".repeat(40_000));

    // API Gateway refuses URLs past 10 KB itself (and lambda_http cannot build a longer one).
    let too_long = format!("{}.csv", "e".repeat(300));
    let by_query = ApiCall::new("POST", "/analyze", &tenant)
        .query(&format!("as_of=2026-10-31&lang=fr&file_name={too_long}"))
        .body(sample("fr-balance-agee.csv"));
    let answer = call_api(&api, by_query.event()).await;
    assert_eq!(answer.status, 400, "{}", String::from_utf8_lossy(&answer.body));
    let message = answer.json()["error"].as_str().unwrap_or_default().to_owned();
    assert!(message.contains("255 caractères au plus"), "{message}");

    // A form part's own file name is the browser's to choose: it is kept short rather than refused.
    let mut body = format!(
        "--B\r\nContent-Disposition: form-data; name=\"as_of\"\r\n\r\n2026-10-31\r\n\
--B\r\nContent-Disposition: form-data; name=\"ledger\"; filename=\"{absurd}\"\r\n\
Content-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&sample("fr-balance-agee.csv"));
    body.extend_from_slice(b"\r\n--B--\r\n");
    let by_form = ApiCall::new("POST", "/analyze", &tenant)
        .header("content-type", "multipart/form-data; boundary=B")
        .body(body);
    let answer = call_api(&api, by_form.event()).await;
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    let disposition = answer.header("content-disposition").unwrap_or_default().to_owned();
    assert!(disposition.len() < 4_000, "{} bytes", disposition.len());
    let snapshot = stack.store.latest_snapshot(&tenant).await.unwrap().expect("stored");
    let analysis = stack.store.analysis(&tenant, &snapshot.id).await.unwrap().unwrap();
    assert_eq!(analysis.source.file_name.chars().count(), 255);
    assert!(analysis.source.file_name.ends_with(".csv"));
    assert_workbook_matches(&answer.body, &analysis);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_that_is_no_ledger_is_422_in_the_users_language_and_stores_nothing() {
    let stack = Stack::new().await;
    let api = stack.api();
    let tenant = tenant("bad");
    let answer = call_api(
        &api,
        ApiCall::new("POST", "/analyze", &tenant)
            .query("lang=fr&file_name=notes.xlsx")
            .body(b"this is not a spreadsheet at all".to_vec())
            .event(),
    )
    .await;
    assert_eq!(answer.status, 422, "{}", String::from_utf8_lossy(&answer.body));
    let json = answer.json();
    let message = json["error"].as_str().expect("an error message");
    assert!(message.contains("notes.xlsx"), "the message names the file: {message}");
    assert!(json["problems"].is_array());
    assert!(stack.store.list_snapshots(&tenant, 10).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ledger_with_no_usable_row_lists_each_problem_with_its_place() {
    let stack = Stack::new().await;
    let api = stack.api();
    let tenant = tenant("rows");
    let csv = "Klant;Factuurnummer;Factuurdatum;Vervaldatum;Openstaand\n\
               Bakkerij Jansen;F1;geen datum;ook niet;100,00\n\
               Garage Peeters;F2;??;--;250,00\n";
    let answer = call_api(
        &api,
        ApiCall::new("POST", "/analyze", &tenant)
            .query("lang=nl&as_of=2026-10-31&file_name=debiteuren.csv")
            .header("content-type", "text/csv")
            .body(csv.as_bytes().to_vec())
            .event(),
    )
    .await;
    assert_eq!(answer.status, 422, "{}", String::from_utf8_lossy(&answer.body));
    let json = answer.json();
    let problems = json["problems"].as_array().expect("problems");
    assert!(!problems.is_empty(), "{json}");
    for problem in problems {
        assert!(problem["row"].is_u64(), "each problem names its row: {problem}");
        assert!(problem["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert!(problem["severity"].is_string());
    }
    assert!(stack.store.list_snapshots(&tenant, 10).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_parameters_and_empty_bodies_are_400_naming_what_was_expected() {
    let stack = Stack::new().await;
    let api = stack.api();
    let tenant = tenant("params");
    for (query, body, needle) in [
        ("as_of=31/10/2026&lang=en", sample(NL_SAMPLE), "YYYY-MM-DD"),
        ("lang=de", sample(NL_SAMPLE), "nl, fr or en"),
        ("format=pdf", sample(NL_SAMPLE), "json or xlsx"),
        ("lang=en", Vec::new(), "no file"),
    ] {
        let answer = call_api(
            &api,
            ApiCall::new("POST", "/analyze", &tenant)
                .query(query)
                .body(body)
                .event(),
        )
        .await;
        assert_eq!(answer.status, 400, "{query}");
        let message = answer.json()["error"].as_str().unwrap_or_default().to_owned();
        assert!(message.contains(needle), "{query}: {message}");
    }
    let nl = call_api(
        &api,
        ApiCall::new("POST", "/analyze", &tenant)
            .query("as_of=gisteren")
            .header("accept-language", "nl-BE,nl;q=0.9")
            .body(sample(NL_SAMPLE))
            .event(),
    )
    .await;
    assert_eq!(nl.status, 400);
    assert!(nl.json()["error"].as_str().unwrap_or_default().contains("JJJJ-MM-DD"));
    assert!(stack.store.list_snapshots(&tenant, 10).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_tenant_claim_nothing_is_analysed() {
    let stack = Stack::new().await;
    let api = stack.api();
    let mut anonymous = ApiCall::new("POST", "/analyze", &tenant("nobody")).body(sample(NL_SAMPLE));
    anonymous.tenant = None;
    let answer = call_api(&api, anonymous.event()).await;
    assert_eq!(answer.status, 401);
    assert!(answer.json()["error"].as_str().is_some());

    let mut forged = ApiCall::new("POST", "/analyze", &tenant("x")).body(sample(NL_SAMPLE));
    forged.tenant = Some("../other-tenant".into());
    assert_eq!(call_api(&api, forged.event()).await.status, 403);

    // A tenant in the query or a header is not a tenant.
    let mut query = ApiCall::new("POST", "/uploads", &tenant("y"))
        .query("tenant=victim&custom:tenant=victim")
        .header("x-tenant", "victim");
    query.tenant = None;
    assert_eq!(call_api(&api, query.event()).await.status, 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_routes_and_methods_are_4xx() {
    let stack = Stack::new().await;
    let api = stack.api();
    let tenant = tenant("routes");
    assert_eq!(
        call_api(&api, ApiCall::new("GET", "/analyze", &tenant).event())
            .await
            .status,
        405
    );
    assert_eq!(
        call_api(&api, ApiCall::new("GET", "/nothing/here", &tenant).event())
            .await
            .status,
        404
    );
    assert_eq!(
        call_api(&api, ApiCall::new("GET", "/results/not-an-id", &tenant).event())
            .await
            .status,
        404
    );
}
