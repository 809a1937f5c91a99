//! The ingest function on real S3 ObjectCreated events against the emulator: the large-file path
//! (`POST /uploads`, a presigned PUT, the event, `GET /results`), idempotency and faults (SES refusing a
//! recipient for good or throttling, S3 unreachable).

use credit_core::lang::Lang;
use credit_e2e::lambda::{
    address, assert_workbook_matches, expected, expected_open, http_get, issue_upload, mails_to, result, s3_event,
    sample, tenant, upload, Stack,
};
use credit_fn_ingest::report::EmailOutcome;
use credit_fn_ingest::{handle, IngestError, Outcome};
use credit_store::{SnapshotId, SnapshotStore};
use credit_testkit::faults::{Fault, FaultInjector};
use mail_parser::MimeHeaders;
use pretty_assertions::assert_eq;

const NL_SAMPLE: &str = "nl-openstaande-posten.xlsx";

#[tokio::test(flavor = "multi_thread")]
async fn an_uploaded_ledger_is_analysed_stored_and_mailed_to_the_tenant() {
    let stack = Stack::new().await;
    let api = stack.api();
    let ingest = stack.ingest();
    let tenant = tenant("upl");
    let recipient = address("boekhouding");
    stack
        .settings(&tenant, std::slice::from_ref(&recipient), Lang::Fr)
        .await;

    let issued = issue_upload(
        &api,
        &tenant,
        "file_name=nl-openstaande-posten.xlsx&as_of=2026-10-31&lang=nl",
    )
    .await;
    assert!(
        issued.key.starts_with(&format!("uploads/{tenant}/{}/", issued.id)),
        "{}",
        issued.key
    );
    let waiting = result(&api, &tenant, &issued.id).await;
    assert_eq!(waiting.status, 200);
    assert_eq!(waiting.json()["status"], "waiting");

    let event = upload(&stack, &issued, &sample(NL_SAMPLE)).await;
    let outcomes = handle(&ingest, event).await.expect("the record goes through");
    let [Outcome::Done {
        snapshot_id,
        analysed_now: true,
        email: EmailOutcome::Sent { attached: true },
    }] = outcomes.as_slice()
    else {
        panic!("{outcomes:?}")
    };

    // GET /results: done, with the figures and a download URL that serves the workbook.
    let answer = result(&api, &tenant, &issued.id).await;
    assert_eq!(answer.status, 200);
    let json = answer.json();
    assert_eq!(json["status"], "done", "{json}");
    assert_eq!(json["snapshot_id"], snapshot_id.as_str());
    assert_eq!(json["summary"]["totals"]["open"], expected(NL_SAMPLE)["totals"]["open"]);
    assert_eq!(json["email"]["state"], "sent");
    let url = json["download"]["url"].as_str().expect("a download URL");
    // S3 answers the signed response-content-disposition (moto does not echo it, so the URL is checked).
    assert!(
        url.contains(
            "response-content-disposition=attachment%3B%20filename%3D%22nl-openstaande-posten.annotated.xlsx%22"
        ),
        "{url}"
    );
    let (status, _, workbook) = http_get(url);
    assert_eq!(status, 200);

    // S3 holds the ledger, the workbook and the status, all under the tenant's prefixes.
    let results = stack.keys(&format!("results/{tenant}/{}/", issued.id)).await;
    assert_eq!(
        results,
        [
            format!("results/{tenant}/{}/nl-openstaande-posten.annotated.xlsx", issued.id),
            format!("results/{tenant}/{}/status.json", issued.id),
        ]
    );
    assert_eq!(stack.object(&results[0]).await.as_deref(), Some(workbook.as_slice()));

    // DynamoDB holds the snapshot with the generator's figures; the workbook says the same.
    let summary = stack
        .store
        .snapshot(&tenant, snapshot_id)
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(summary.totals.open, expected_open(&expected(NL_SAMPLE)));
    assert_eq!(summary.source.key, issued.key);
    let analysis = stack
        .store
        .analysis(&tenant, snapshot_id)
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(analysis.language, Lang::Nl, "the language asked for at upload");
    assert_workbook_matches(&workbook, &analysis);

    // SES received one e-mail for the tenant's recipient, in the tenant's language, with the workbook.
    let mails = mails_to(&recipient);
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].source, stack.sender);
    assert_eq!(mails[0].destinations, [recipient.as_str()]);
    let message = mails[0].parsed();
    let subject = message.subject().unwrap_or_default().to_owned();
    assert!(
        subject.starts_with("Rapport de crédit nl-openstaande-posten.xlsx au 2026-10-31"),
        "{subject}"
    );
    assert!(subject.contains("181\u{202f}225,93 EUR en cours"), "{subject}");
    assert_eq!(
        message.header("X-Credit-Tenant").and_then(|value| value.as_text()),
        Some(tenant.as_str())
    );
    let attachment = message.attachment(0).expect("the workbook is attached");
    assert_eq!(
        attachment.attachment_name(),
        Some("nl-openstaande-posten.annotated.xlsx")
    );
    assert_eq!(attachment.contents(), workbook.as_slice());
    assert_workbook_matches(attachment.contents(), &analysis);
}

/// A buffer the log subscriber writes into, shared with the test that reads it.
#[derive(Clone, Default)]
struct LogBuffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("the log buffer").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// One thread, so that the subscriber set for this test sees every line the handler logs.
#[tokio::test(flavor = "current_thread")]
async fn every_log_line_is_json_naming_the_tenant_and_the_upload() {
    let stack = Stack::new().await;
    let api = stack.api();
    let ingest = stack.ingest();
    let tenant = tenant("logs");
    stack.settings(&tenant, &[address("logs")], Lang::Nl).await;
    let good = issue_upload(&api, &tenant, "file_name=ledger.xlsx&as_of=2026-10-31").await;
    let good_event = upload(&stack, &good, &sample(NL_SAMPLE)).await;
    let bad = issue_upload(&api, &tenant, "file_name=kapot.csv").await;
    let bad_event = upload(&stack, &bad, b"Klant;Bedrag\nJansen;geen bedrag\n").await;

    let buffer = LogBuffer::default();
    let writer = buffer.clone();
    let logged = tracing::subscriber::set_default(credit_aws::config::json_logs(move || writer.clone()));
    handle(&ingest, good_event).await.expect("the good upload goes through");
    handle(&ingest, bad_event)
        .await
        .expect("a bad ledger is an outcome, not a retry");
    drop(logged);

    let text = String::from_utf8(buffer.0.lock().unwrap().clone()).expect("UTF-8 logs");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("not JSON ({error}): {line}")))
        .collect();
    let of_upload =
        |id: &str| -> Vec<&serde_json::Value> { lines.iter().filter(|line| line["span"]["upload_id"] == id).collect() };
    let good_lines = of_upload(&good.id);
    assert!(
        good_lines
            .iter()
            .any(|line| line["message"] == "snapshot stored" && line["snapshot_id"].is_string()),
        "{text}"
    );
    let bad_lines = of_upload(&bad.id);
    assert!(!bad_lines.is_empty(), "the failed upload is logged in its span: {text}");
    for line in good_lines.iter().chain(&bad_lines) {
        assert_eq!(line["span"]["tenant"], tenant.as_str(), "{line}");
        assert!(line["level"].is_string() && line["timestamp"].is_string(), "{line}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_event_twice_stores_one_snapshot_and_sends_one_email() {
    let stack = Stack::new().await;
    let api = stack.api();
    let ingest = stack.ingest();
    let tenant = tenant("twice");
    let recipient = address("twice");
    stack
        .settings(&tenant, std::slice::from_ref(&recipient), Lang::Nl)
        .await;
    let issued = issue_upload(&api, &tenant, "file_name=ledger.xlsx&as_of=2026-10-31").await;
    let event = upload(&stack, &issued, &sample(NL_SAMPLE)).await;

    let first = handle(&ingest, event.clone()).await.expect("first delivery");
    let workbook_key = format!("results/{tenant}/{}/ledger.annotated.xlsx", issued.id);
    let workbook = stack.object(&workbook_key).await.expect("the workbook");
    let second = handle(&ingest, event).await.expect("second delivery");

    let [Outcome::Done {
        snapshot_id: first_id,
        analysed_now: true,
        ..
    }] = first.as_slice()
    else {
        panic!("{first:?}")
    };
    let [Outcome::Done {
        snapshot_id: second_id,
        analysed_now: false,
        email: EmailOutcome::AlreadySent,
    }] = second.as_slice()
    else {
        panic!("{second:?}")
    };
    assert_eq!(first_id, second_id);
    assert_eq!(stack.store.list_snapshots(&tenant, 10).await.unwrap().len(), 1);
    assert_eq!(mails_to(&recipient).len(), 1);
    assert_eq!(
        stack.object(&workbook_key).await,
        Some(workbook),
        "the redelivery rewrote nothing"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_event_delivered_concurrently_stores_one_snapshot_and_sends_one_email() {
    let stack = Stack::new().await;
    let api = stack.api();
    let tenant = tenant("conc");
    let recipient = address("conc");
    stack
        .settings(&tenant, std::slice::from_ref(&recipient), Lang::En)
        .await;
    let issued = issue_upload(&api, &tenant, "file_name=ledger.xlsx&as_of=2026-10-31").await;
    let event = upload(&stack, &issued, &sample(NL_SAMPLE)).await;

    // Two function instances, as Lambda would run them, each with its own clients.
    let first = Stack::ingest(&stack);
    let second = Stack::ingest(&stack);
    let (one, two) = tokio::join!(
        tokio::spawn({
            let event = event.clone();
            async move { handle(&first, event).await }
        }),
        tokio::spawn(async move { handle(&second, event).await })
    );
    let outcomes: Vec<Outcome> = [one.unwrap(), two.unwrap()]
        .into_iter()
        .flat_map(|outcome| outcome.expect("both deliveries go through"))
        .collect();
    let ids: Vec<&SnapshotId> = outcomes
        .iter()
        .map(|outcome| match outcome {
            Outcome::Done { snapshot_id, .. } => snapshot_id,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(ids[0], ids[1]);
    let sent = outcomes
        .iter()
        .filter(|outcome| {
            matches!(
                outcome,
                Outcome::Done {
                    email: EmailOutcome::Sent { .. },
                    ..
                }
            )
        })
        .count();
    assert_eq!(sent, 1, "{outcomes:?}");
    assert_eq!(stack.store.list_snapshots(&tenant, 10).await.unwrap().len(), 1);
    assert_eq!(mails_to(&recipient).len(), 1);
    let status = result(&api, &tenant, &issued.id).await.json();
    assert_eq!(status["status"], "done");
    assert_eq!(status["email"]["state"], "sent", "{status}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_ledger_fails_the_upload_with_its_problems_and_is_not_retried() {
    let stack = Stack::new().await;
    let api = stack.api();
    let ingest = stack.ingest();
    let tenant = tenant("badupl");
    let recipient = address("bad");
    stack
        .settings(&tenant, std::slice::from_ref(&recipient), Lang::Nl)
        .await;
    let issued = issue_upload(&api, &tenant, "file_name=debiteuren.xlsx").await;
    let event = upload(&stack, &issued, b"PK\x03\x04 this is a broken zip, not a workbook").await;

    let outcomes = handle(&ingest, event)
        .await
        .expect("a bad ledger is no reason to retry");
    assert!(matches!(outcomes.as_slice(), [Outcome::Failed { .. }]), "{outcomes:?}");
    let json = result(&api, &tenant, &issued.id).await.json();
    assert_eq!(json["status"], "failed");
    let error = json["error"].as_str().expect("why");
    assert!(error.contains("debiteuren.xlsx"), "{error}");
    assert!(json["download"].is_null());
    assert!(stack.store.list_snapshots(&tenant, 10).await.unwrap().is_empty());
    assert_eq!(
        stack.keys(&format!("results/{tenant}/")).await.len(),
        1,
        "only the status"
    );
    assert!(mails_to(&recipient).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn ses_failing_for_the_moment_keeps_the_snapshot_and_workbook_and_the_retry_sends_to_each_once() {
    let stack = Stack::new().await;
    let api = stack.api();
    let tenant = tenant("ses");
    let (steady, throttled) = (address("steady"), address("throttled"));
    stack
        .settings(&tenant, &[steady.clone(), throttled.clone()], Lang::Nl)
        .await;
    // SES throttles every attempt the SDK makes (three) at the second recipient's copy.
    let faults = FaultInjector::new();
    faults.inject_when("SendEmail", &throttled, 3, Fault::ses_throttling());
    let ingest = stack.ingest_with_ses(stack.ses_with(&faults));
    let issued = issue_upload(&api, &tenant, "file_name=ledger.xlsx&as_of=2026-10-31").await;
    let event = upload(&stack, &issued, &sample(NL_SAMPLE)).await;

    let error = handle(&ingest, event.clone())
        .await
        .expect_err("the event must be retried");
    let IngestError::Retry(errors) = &error else {
        panic!("{error:?}")
    };
    assert!(matches!(errors.as_slice(), [IngestError::Email(_)]), "{error}");
    assert!(
        error.to_string().contains(&throttled) && !error.to_string().contains(&steady),
        "the error names who was not mailed, and only them: {error}"
    );
    assert_eq!(faults.injected().len(), 3, "the SDK's own retries were throttled too");
    let snapshots = stack.store.list_snapshots(&tenant, 10).await.unwrap();
    assert_eq!(snapshots.len(), 1, "the snapshot is kept");
    let workbook_key = format!("results/{tenant}/{}/ledger.annotated.xlsx", issued.id);
    let workbook = stack.object(&workbook_key).await.expect("the workbook is kept");
    let status = result(&api, &tenant, &issued.id).await.json();
    assert_eq!(status["status"], "done", "the user can download it already");
    assert_eq!(status["email"]["state"], "retrying", "{status}");
    assert_eq!(status["email"]["reached"], 1, "{status}");
    assert_eq!(
        mails_to(&steady).len(),
        1,
        "one throttled address held nobody else back"
    );
    assert!(mails_to(&throttled).is_empty());

    // SES takes mail again; Lambda's retry delivers the same event: only the recipient left is sent to.
    let outcomes = handle(&ingest, event.clone()).await.expect("the retry goes through");
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
    let again = handle(&ingest, event).await.expect("a late redelivery");
    assert!(matches!(
        again.as_slice(),
        [Outcome::Done {
            email: EmailOutcome::AlreadySent,
            ..
        }]
    ));
    assert_eq!(
        mails_to(&steady).len(),
        1,
        "the retry did not mail the steady recipient again"
    );
    assert_eq!(mails_to(&throttled).len(), 1);
    assert_eq!(mails_to(&throttled)[0].destinations, [throttled.as_str()]);
    assert_eq!(stack.store.list_snapshots(&tenant, 10).await.unwrap(), snapshots);
    assert_eq!(
        stack.object(&workbook_key).await,
        Some(workbook),
        "the retry skipped the analysis"
    );
    let status = result(&api, &tenant, &issued.id).await.json();
    assert_eq!(status["email"]["state"], "sent", "{status}");
    assert_eq!(status["email"]["recipients"], 2, "{status}");
}

// One thread, so that the subscriber set for this test sees every line the handler logs.
#[tokio::test(flavor = "current_thread")]
async fn ses_refusing_one_recipient_mails_the_others_once_and_the_status_names_it() {
    let stack = Stack::new().await;
    let api = stack.api();
    let tenant = tenant("refuse");
    let (good, refused) = (address("good"), address("refused"));
    stack
        .settings(&tenant, &[refused.clone(), good.clone()], Lang::En)
        .await;
    // SES refuses the second address for good, every time it is asked (as in the sandbox for an
    // unverified recipient): moto refuses only senders, so the refusal is injected on the real client.
    let faults = FaultInjector::new();
    faults.inject_when("SendEmail", &refused, u32::MAX, Fault::ses_message_rejected(&refused));
    let ingest = stack.ingest_with_ses(stack.ses_with(&faults));
    let issued = issue_upload(&api, &tenant, "file_name=ledger.xlsx&as_of=2026-10-31").await;
    let event = upload(&stack, &issued, &sample(NL_SAMPLE)).await;

    let buffer = LogBuffer::default();
    let writer = buffer.clone();
    let logged = tracing::subscriber::set_default(credit_aws::config::json_logs(move || writer.clone()));
    let outcomes = handle(&ingest, event.clone())
        .await
        .expect("a refused address is final, not a reason to retry the event");
    drop(logged);
    let [Outcome::Done {
        analysed_now: true,
        email: EmailOutcome::PartlySent { attached, unreached },
        ..
    }] = outcomes.as_slice()
    else {
        panic!("{outcomes:?}")
    };
    assert_eq!(
        (*attached, unreached.as_slice()),
        (Some(true), std::slice::from_ref(&refused))
    );
    assert_eq!(
        faults.injected(),
        ["SendEmail"],
        "a permanent refusal is not retried by the SDK either"
    );

    // The good address got exactly one e-mail, addressed to it alone, with the workbook; the refused
    // one none.
    let mails = mails_to(&good);
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].destinations, [good.as_str()]);
    let message = mails[0].parsed();
    let to: Vec<_> = message
        .to()
        .expect("a To header")
        .iter()
        .filter_map(|a| a.address())
        .collect();
    assert_eq!(to, [good.as_str()], "the copy does not show the other recipients");
    let workbook_key = format!("results/{tenant}/{}/ledger.annotated.xlsx", issued.id);
    let workbook = stack.object(&workbook_key).await.expect("the workbook is stored");
    assert_eq!(message.attachment(0).map(|a| a.contents()), Some(workbook.as_slice()));
    assert!(mails_to(&refused).is_empty());
    assert_eq!(stack.store.list_snapshots(&tenant, 10).await.unwrap().len(), 1);

    // GET /results: done, and the e-mail's final state names who was not reached and why.
    let status = result(&api, &tenant, &issued.id).await.json();
    assert_eq!(status["status"], "done");
    assert!(status["download"]["url"].is_string());
    let email = &status["email"];
    assert_eq!(email["state"], "partly_sent", "{status}");
    assert_eq!(email["recipients"], 1);
    assert_eq!(email["attached"], true);
    assert_eq!(email["unreached"].as_array().map(Vec::len), Some(1), "{status}");
    assert_eq!(email["unreached"][0]["address"], refused.as_str());
    assert_eq!(email["unreached"][0]["code"], "MessageRejected");
    assert!(
        email["unreached"][0]["reason"]
            .as_str()
            .is_some_and(|reason| reason.contains("not verified")),
        "{status}"
    );

    // The refusal is logged as a warning naming the tenant, the upload and the address.
    let text = String::from_utf8(buffer.0.lock().unwrap().clone()).expect("UTF-8 logs");
    let refusal = text
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|line| line["level"] == "WARN" && line["recipient"] == refused.as_str())
        .unwrap_or_else(|| panic!("no warning naming {refused}: {text}"));
    assert_eq!(refusal["span"]["tenant"], tenant.as_str(), "{refusal}");
    assert_eq!(refusal["span"]["upload_id"], issued.id.as_str(), "{refusal}");
    assert_eq!(refusal["code"], "MessageRejected", "{refusal}");

    // S3 delivers the same event again: nothing more is sent, to anybody, and SES is not asked again.
    let again = handle(&ingest, event).await.expect("a redelivery");
    assert!(
        matches!(
            again.as_slice(),
            [Outcome::Done {
                analysed_now: false,
                email: EmailOutcome::AlreadySent,
                ..
            }]
        ),
        "{again:?}"
    );
    assert_eq!(mails_to(&good).len(), 1);
    assert!(mails_to(&refused).is_empty());
    assert_eq!(faults.injected().len(), 1);
    assert_eq!(result(&api, &tenant, &issued.id).await.json()["email"], *email);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unverified_sender_is_final_and_the_status_says_nobody_was_reached() {
    // moto's own refusal: SES v2 answers MessageRejected for a sender that is not a verified identity.
    let stack = Stack::with_unverified_sender().await;
    let api = stack.api();
    let ingest = stack.ingest();
    let tenant = tenant("unverified");
    let recipient = address("unverified");
    stack
        .settings(&tenant, std::slice::from_ref(&recipient), Lang::Nl)
        .await;
    let issued = issue_upload(&api, &tenant, "file_name=ledger.xlsx&as_of=2026-10-31").await;
    let event = upload(&stack, &issued, &sample(NL_SAMPLE)).await;

    let outcomes = handle(&ingest, event.clone())
        .await
        .expect("SES refusing for good is no reason to retry");
    let [Outcome::Done {
        email: EmailOutcome::NotSent { unreached },
        ..
    }] = outcomes.as_slice()
    else {
        panic!("{outcomes:?}")
    };
    assert_eq!(unreached, std::slice::from_ref(&recipient));
    assert_eq!(
        stack.store.list_snapshots(&tenant, 10).await.unwrap().len(),
        1,
        "the snapshot is kept"
    );
    let workbook_key = format!("results/{tenant}/{}/ledger.annotated.xlsx", issued.id);
    assert!(stack.object(&workbook_key).await.is_some(), "the workbook is kept");
    let status = result(&api, &tenant, &issued.id).await.json();
    assert_eq!(status["status"], "done", "the user can download it");
    assert_eq!(status["email"]["state"], "not_sent", "{status}");
    assert_eq!(status["email"]["unreached"][0]["address"], recipient.as_str());
    assert_eq!(status["email"]["unreached"][0]["code"], "MessageRejected", "{status}");

    // Final: a redelivery, even once the sender is verified, sends nothing behind the user's back.
    stack.verify_sender().await;
    let again = handle(&ingest, event).await.expect("a redelivery");
    assert!(
        matches!(
            again.as_slice(),
            [Outcome::Done {
                email: EmailOutcome::AlreadySent,
                ..
            }]
        ),
        "{again:?}"
    );
    assert!(mails_to(&recipient).is_empty());
    assert_eq!(
        result(&api, &tenant, &issued.id).await.json()["email"]["state"],
        "not_sent"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn s3_unavailable_is_a_clear_error_and_nothing_is_stored_half() {
    let stack = Stack::new().await;
    let api = stack.api();
    let tenant = tenant("s3down");
    let recipient = address("s3down");
    stack
        .settings(&tenant, std::slice::from_ref(&recipient), Lang::Nl)
        .await;
    let issued = issue_upload(&api, &tenant, "file_name=ledger.xlsx&as_of=2026-10-31").await;
    let event = upload(&stack, &issued, &sample(NL_SAMPLE)).await;

    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let unreachable = credit_testkit::sdk_config_for(&format!("http://127.0.0.1:{closed}")).await;
    let broken = stack.ingest_with_s3(credit_aws::config::s3_client(&unreachable));
    let error = handle(&broken, event.clone())
        .await
        .expect_err("the event must be retried");
    let IngestError::Retry(errors) = &error else {
        panic!("{error:?}")
    };
    assert!(matches!(errors.as_slice(), [IngestError::S3(_)]), "{error}");
    let text = error.to_string();
    assert!(text.contains("S3 get"), "{text}");
    assert!(
        text.contains(&format!(
            "s3://{}/results/{tenant}/{}/status.json",
            stack.bucket, issued.id
        )),
        "{text}"
    );
    assert!(stack.store.list_snapshots(&tenant, 10).await.unwrap().is_empty());
    assert_eq!(
        stack.keys(&format!("results/{tenant}/")).await.len(),
        1,
        "only the waiting status"
    );
    assert!(mails_to(&recipient).is_empty());

    // The API answers 503 (retry later), never a bare 500, and nothing is issued.
    let mut broken_api = api.clone();
    broken_api.objects = credit_aws::s3::Objects::new(credit_aws::config::s3_client(&unreachable), &stack.bucket);
    let answer = credit_e2e::lambda::call_api(
        &broken_api,
        credit_e2e::lambda::ApiCall::new("POST", "/uploads", &tenant).event(),
    )
    .await;
    assert_eq!(answer.status, 503);
    assert_eq!(answer.header("retry-after"), Some("5"));
    assert!(answer.json()["error"].as_str().is_some());
    assert_eq!(result(&broken_api, &tenant, &issued.id).await.status, 503);

    // Once S3 is back, the retry of the same event does the whole work once.
    let outcomes = handle(&stack.ingest(), event).await.expect("S3 is back");
    assert!(matches!(
        outcomes.as_slice(),
        [Outcome::Done { analysed_now: true, .. }]
    ));
    assert_eq!(stack.store.list_snapshots(&tenant, 10).await.unwrap().len(), 1);
    assert_eq!(mails_to(&recipient).len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn keys_the_api_did_not_issue_are_refused_and_nothing_is_stored() {
    let stack = Stack::new().await;
    let ingest = stack.ingest();
    let tenant = tenant("forged");
    let bytes = sample(NL_SAMPLE);
    for key in [
        format!("uploads/{tenant}/0123456789abcdef0123456789abcdef/ledger.xlsx"),
        format!("elsewhere/{tenant}/ledger.xlsx"),
        format!("uploads/{tenant}/ledger.xlsx"),
        format!("uploads/{tenant}/0123456789abcdef0123456789abcdef/a b.xlsx"),
    ] {
        let etag = stack.put_object(&key, bytes.clone()).await;
        let outcomes = handle(&ingest, s3_event(&stack.bucket, &key, &etag, bytes.len()))
            .await
            .expect("refusing is no reason to retry");
        assert!(
            matches!(outcomes.as_slice(), [Outcome::Refused(_)]),
            "{key}: {outcomes:?}"
        );
    }
    // An event naming another bucket.
    let outcomes = handle(&ingest, s3_event("someone-elses-bucket", "uploads/x/y/z.xlsx", "e", 1))
        .await
        .unwrap();
    assert!(matches!(outcomes.as_slice(), [Outcome::Refused(_)]));
    assert!(stack.store.list_snapshots(&tenant, 10).await.unwrap().is_empty());
    assert!(stack.keys("results/").await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_workbook_too_large_to_attach_is_mailed_as_a_download_link() {
    // SES takes 10 MB; a ledger whose workbook crosses that takes minutes in a debug build, so the
    // function's limit is lowered below this workbook's size instead.
    let stack = Stack::new().await;
    let api = stack.api();
    let mut ingest = stack.ingest();
    ingest.max_email_bytes = 20_000;
    let tenant = tenant("link");
    let recipient = address("link");
    stack
        .settings(&tenant, std::slice::from_ref(&recipient), Lang::En)
        .await;
    let issued = issue_upload(&api, &tenant, "file_name=ledger.xlsx&as_of=2026-10-31").await;
    let event = upload(&stack, &issued, &sample(NL_SAMPLE)).await;
    let outcomes = handle(&ingest, event).await.expect("sent");
    assert!(
        matches!(
            outcomes.as_slice(),
            [Outcome::Done {
                email: EmailOutcome::Sent { attached: false },
                ..
            }]
        ),
        "{outcomes:?}"
    );
    let mails = mails_to(&recipient);
    assert_eq!(mails.len(), 1);
    let message = mails[0].parsed();
    assert_eq!(message.attachment_count(), 0);
    let body = message.body_text(0).expect("a text body").into_owned();
    assert!(body.contains("too large to attach"), "{body}");
    let url = body
        .lines()
        .find(|line| line.starts_with("http"))
        .expect("a download link");
    let (status, _, workbook) = http_get(url);
    assert_eq!(status, 200);
    let workbook_key = format!("results/{tenant}/{}/ledger.annotated.xlsx", issued.id);
    assert_eq!(stack.object(&workbook_key).await, Some(workbook));
    assert!(mails[0].raw.len() < 20_000, "the message stays within the limit");
}
