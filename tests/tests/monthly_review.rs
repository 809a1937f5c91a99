//! The monthly review end to end against the emulator: ledgers uploaded through the API and analysed by
//! the ingest function (three months of the same portfolio: the English sample aged at 31 August,
//! 30 September and 31 October 2026), the scheduler's event delivered to the monthly-review handler,
//! and the e-mail SES received read back with its workbook, whose month-over-month figures are checked
//! against the snapshots in DynamoDB.

use calamine::{open_workbook_auto_from_rs, Data, Range, Reader};
use credit_aws::s3::Objects;
use credit_aws::ses::Mailer;
use credit_core::lang::Lang;
use credit_e2e::lambda::{address, http_get, issue_upload, mails_to, sample, tenant, upload, Mail, Stack};
use credit_fn_ingest::Outcome;
use credit_fn_monthly_review::{handle, MonthlyReview, RunError};
use credit_review::mail::REVIEW_HEADER;
use credit_review::model::{overdue_share, KpiKind};
use credit_review::workbook::{kpi_columns, mover_columns, trend_columns, KPI_HEADER_ROW, TABLE_HEADER_ROW};
use credit_store::{Month, SnapshotStore, SnapshotSummary, TenantId};
use mail_parser::MimeHeaders;
use pretty_assertions::assert_eq;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::io::Cursor;

const LEDGER: &str = "en-invoice-history.xlsx";

/// The scheduler's event (the aws_lambda_events sample with the schedule's source and a time on
/// Monday 2 November 2026, the first working day after October).
fn scheduled_event() -> Value {
    let path = credit_e2e::lambda::root().join("../functions/monthly-review/fixtures/eventbridge-scheduled-event.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).expect("the fixture is JSON")
}

fn function(stack: &Stack) -> MonthlyReview {
    MonthlyReview {
        store: stack.store.clone(),
        objects: Objects::new(stack.s3.clone(), &stack.bucket),
        mailer: Mailer::new(stack.ses.clone()),
        sender: stack.sender.clone(),
        config: stack.config(),
        max_email_bytes: credit_aws::ses::SES_RAW_LIMIT_BYTES,
    }
}

/// Uploads the sample as `tenant` aged at `as_of` and runs the ingest on its S3 event.
async fn ingest_month(stack: &Stack, tenant: &TenantId, as_of: &str) {
    let api = stack.api();
    let issued = issue_upload(&api, tenant, &format!("file_name={LEDGER}&as_of={as_of}&lang=en")).await;
    let event = upload(stack, &issued, &sample(LEDGER)).await;
    let outcomes = credit_fn_ingest::handle(&stack.ingest(), event)
        .await
        .expect("the ledger is ingested");
    assert!(matches!(outcomes.as_slice(), [Outcome::Done { .. }]), "{outcomes:?}");
}

/// The review e-mails of `month` one recipient received (upload reports have no review header).
fn reviews_to(recipient: &str, month: &str) -> Vec<Mail> {
    mails_to(recipient)
        .into_iter()
        .filter(|mail| {
            mail.parsed()
                .header(REVIEW_HEADER)
                .and_then(|value| value.as_text())
                .is_some_and(|value| value == month)
        })
        .collect()
}

fn number(range: &Range<Data>, row: u32, column: u16) -> f64 {
    match range.get_value((row, u32::from(column))) {
        Some(Data::Float(value)) => *value,
        Some(Data::Int(value)) => *value as f64,
        other => panic!("({row}, {column}) is not a number: {other:?}"),
    }
}

fn text(range: &Range<Data>, row: u32, column: u16) -> String {
    match range.get_value((row, u32::from(column))) {
        Some(Data::String(text)) => text.clone(),
        Some(Data::Empty) | None => String::new(),
        other => panic!("({row}, {column}) is not text: {other:?}"),
    }
}

fn amount(value: Decimal) -> f64 {
    value.to_f64().expect("an amount")
}

fn kpi_row(kind: KpiKind) -> u32 {
    KPI_HEADER_ROW + 1 + KpiKind::ALL.iter().position(|k| *k == kind).expect("listed") as u32
}

async fn snapshot_of(stack: &Stack, tenant: &TenantId, month: &str) -> SnapshotSummary {
    let month: Month = month.parse().expect("a month");
    stack
        .store
        .snapshot_of_month(tenant, month)
        .await
        .expect("the store answers")
        .unwrap_or_else(|| panic!("no snapshot of {month}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn three_uploaded_months_are_reviewed_and_mailed_once_with_the_month_over_month_figures() {
    let stack = Stack::new().await;
    let acme = tenant("review");
    let recipient = address("review");
    stack.settings(&acme, std::slice::from_ref(&recipient), Lang::En).await;
    // A tenant without recipients is due too: it is reported, not mailed.
    let silent = tenant("silent");
    stack.settings(&silent, &[], Lang::Nl).await;
    for as_of in ["2026-08-31", "2026-09-30", "2026-10-31"] {
        ingest_month(&stack, &acme, as_of).await;
    }
    let function = function(&stack);

    let summary = handle(&function, scheduled_event())
        .await
        .expect("the run goes through");
    assert_eq!(summary.month.to_string(), "2026-10");
    assert_eq!(summary.due, 2);
    assert_eq!(summary.sent, [acme.to_string()]);
    assert_eq!(summary.no_recipients, [silent.to_string()]);
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);

    // One review e-mail, from the sender, in English, with the workbook attached.
    let reviews = reviews_to(&recipient, "2026-10");
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].source, stack.sender);
    assert_eq!(reviews[0].destinations, std::slice::from_ref(&recipient));
    let message = reviews[0].parsed();
    let subject = message.subject().unwrap_or_default().to_owned();
    assert!(
        subject.starts_with("Monthly review October 2026: 377,272.54 EUR open (-7.0%)"),
        "{subject}"
    );
    let body = message.body_text(0).expect("a text body").into_owned();
    assert!(
        body.contains("On 31 October 2026, 377,272.54 EUR was open, down 7.0% on September 2026 (405,543.53 EUR)"),
        "{body}"
    );
    let attachment = message.attachment(0).expect("the workbook is attached");
    assert_eq!(attachment.attachment_name(), Some("monthly-review-2026-10.xlsx"));
    let mut book = open_workbook_auto_from_rs(Cursor::new(attachment.contents().to_vec())).expect("the workbook opens");

    // The KPI table against the snapshots DynamoDB holds.
    let (august, september, october) = (
        snapshot_of(&stack, &acme, "2026-08").await,
        snapshot_of(&stack, &acme, "2026-09").await,
        snapshot_of(&stack, &acme, "2026-10").await,
    );
    let review = book.worksheet_range("Monthly review").expect("the review sheet");
    use kpi_columns::*;
    assert_eq!(text(&review, KPI_HEADER_ROW, THIS_MONTH), "October 2026");
    assert_eq!(text(&review, KPI_HEADER_ROW, LAST_MONTH), "September 2026");
    let open = kpi_row(KpiKind::Open);
    assert_eq!(number(&review, open, THIS_MONTH), amount(october.totals.open));
    assert_eq!(number(&review, open, LAST_MONTH), amount(september.totals.open));
    assert!(
        (number(&review, open, CHANGE) - amount(october.totals.open - september.totals.open)).abs() < 0.005,
        "the change is this month minus last month"
    );
    assert_eq!(text(&review, open, YEAR_AGO), "", "no snapshot of October 2025");
    let overdue = kpi_row(KpiKind::Overdue);
    assert_eq!(number(&review, overdue, THIS_MONTH), amount(october.totals.overdue));
    assert_eq!(number(&review, overdue, LAST_MONTH), amount(september.totals.overdue));
    let share = kpi_row(KpiKind::OverdueShare);
    let share_of = |s: &SnapshotSummary| overdue_share(s.totals.open, s.totals.overdue).expect("a share");
    assert!((number(&review, share, THIS_MONTH) - share_of(&october)).abs() < 1e-12);
    assert!((number(&review, share, LAST_MONTH) - share_of(&september)).abs() < 1e-12);
    assert_eq!(number(&review, share, TARGET), 0.15);
    let dso = kpi_row(KpiKind::Dso);
    let kpi = |s: &SnapshotSummary, pick: fn(&credit_core::analysis::Kpis) -> Option<f64>| {
        s.kpis.as_ref().and_then(pick).expect("the KPI is known")
    };
    assert_eq!(number(&review, dso, THIS_MONTH), kpi(&october, |k| k.dso));
    assert_eq!(number(&review, dso, LAST_MONTH), kpi(&september, |k| k.dso));
    let cei = kpi_row(KpiKind::Cei);
    assert_eq!(number(&review, cei, THIS_MONTH), kpi(&october, |k| k.cei));
    assert_eq!(number(&review, cei, LAST_MONTH), kpi(&september, |k| k.cei));
    assert_eq!(
        number(&review, kpi_row(KpiKind::Customers), THIS_MONTH),
        october.customer_count as f64
    );

    // The trend: one row per month, each with its snapshot's figures.
    let trend = book.worksheet_range("Trend").expect("the trend sheet");
    for (index, snapshot) in [&august, &september, &october].into_iter().enumerate() {
        let row = TABLE_HEADER_ROW + 1 + index as u32;
        assert_eq!(text(&trend, row, trend_columns::MONTH), snapshot.month.to_string());
        assert_eq!(number(&trend, row, trend_columns::OPEN), amount(snapshot.totals.open));
        assert_eq!(
            number(&trend, row, trend_columns::OVERDUE),
            amount(snapshot.totals.overdue)
        );
        assert_eq!(number(&trend, row, trend_columns::DSO), kpi(snapshot, |k| k.dso));
    }
    assert_eq!(text(&trend, TABLE_HEADER_ROW + 4, trend_columns::MONTH), "");

    // The movers: exactly the customers whose class differs between the two stored analyses.
    let classes = |customers: Vec<credit_core::analysis::CustomerAnalysis>| {
        customers
            .into_iter()
            .map(|c| (c.id, c.risk_class))
            .collect::<std::collections::HashMap<_, _>>()
    };
    let before = classes(stack.store.customers(&acme, &september.id).await.expect("customers"));
    let now = classes(stack.store.customers(&acme, &october.id).await.expect("customers"));
    let changed: BTreeSet<String> = now
        .iter()
        .filter(|(id, class)| before.get(*id).is_some_and(|was| was != *class))
        .map(|(id, _)| id.clone())
        .collect();
    assert!(
        !changed.is_empty(),
        "the sample's portfolio moves between September and October"
    );
    let movers = book.worksheet_range("Movers").expect("the movers sheet");
    let listed: BTreeSet<String> = (TABLE_HEADER_ROW + 1..movers.height() as u32)
        .filter(|row| {
            matches!(
                text(&movers, *row, mover_columns::MOVEMENT).as_str(),
                "Class fell" | "Class rose"
            )
        })
        .map(|row| text(&movers, row, mover_columns::CUSTOMER))
        .collect();
    assert_eq!(listed, changed);

    // The same event again (the scheduler retries, the next hourly run): nothing is sent twice, and
    // the tenant without recipients is reported again.
    let again = handle(&function, scheduled_event())
        .await
        .expect("the run goes through");
    assert_eq!((again.due, again.sent.len()), (1, 0));
    assert_eq!(again.no_recipients, [silent.to_string()]);
    let by_hand = handle(&function, json!({"month": "2026-10", "now": "2026-11-03T09:00:00Z"}))
        .await
        .expect("the run goes through");
    assert!(by_hand.sent.is_empty());
    assert_eq!(
        reviews_to(&recipient, "2026-10").len(),
        1,
        "one review e-mail, however often asked"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_first_month_is_said_plainly_and_a_workbook_too_large_to_attach_is_linked() {
    let stack = Stack::new().await;
    let acme = tenant("first");
    let recipient = address("first");
    stack.settings(&acme, std::slice::from_ref(&recipient), Lang::Fr).await;
    ingest_month(&stack, &acme, "2026-10-31").await;
    let mut function = function(&stack);
    function.max_email_bytes = 4096;

    let summary = handle(&function, scheduled_event())
        .await
        .expect("the run goes through");
    assert_eq!(summary.sent, [acme.to_string()]);
    let reviews = reviews_to(&recipient, "2026-10");
    assert_eq!(reviews.len(), 1);
    let message = reviews[0].parsed();
    assert_eq!(message.attachment_count(), 0);
    let body = message.body_text(0).expect("a text body").into_owned();
    assert!(
        body.contains("Il n'y a pas encore d'instantané antérieur pour comparer"),
        "the first month says there is nothing to compare: {body}"
    );
    assert!(
        body.contains("- Première revue : il n'y a pas d'instantané antérieur pour comparer."),
        "{body}"
    );
    let url = body
        .lines()
        .find(|line| line.starts_with("http"))
        .unwrap_or_else(|| panic!("a download link: {body}"));
    let (status, _, workbook) = http_get(url);
    assert_eq!(status, 200);
    let key = format!("results/{acme}/reviews/2026-10/revue-mensuelle-2026-10.xlsx");
    assert_eq!(stack.object(&key).await.as_deref(), Some(workbook.as_slice()));
    let mut book = open_workbook_auto_from_rs(Cursor::new(workbook)).expect("the workbook opens");
    let review = book.worksheet_range("Revue du mois").expect("the review sheet");
    let october = snapshot_of(&stack, &acme, "2026-10").await;
    let open = kpi_row(KpiKind::Open);
    assert_eq!(
        number(&review, open, kpi_columns::THIS_MONTH),
        amount(october.totals.open)
    );
    assert_eq!(text(&review, open, kpi_columns::LAST_MONTH), "");
}

#[tokio::test(flavor = "multi_thread")]
async fn one_tenant_failing_does_not_stop_the_others_and_its_review_is_retried() {
    let stack = Stack::new().await;
    let good = tenant("good");
    let broken = tenant("broken");
    let (good_to, broken_to) = (address("good"), address("broken"));
    stack.settings(&good, std::slice::from_ref(&good_to), Lang::Nl).await;
    stack
        .settings(&broken, std::slice::from_ref(&broken_to), Lang::En)
        .await;
    ingest_month(&stack, &good, "2026-10-31").await;
    ingest_month(&stack, &broken, "2026-10-31").await;
    // The broken tenant's analysis items disappear (an operator's mistake): its snapshot can no
    // longer be read whole.
    use aws_sdk_dynamodb::types::AttributeValue;
    for item in stack.items_of(&broken).await {
        let sort_key = item
            .get("SK")
            .and_then(|value| value.as_s().ok())
            .cloned()
            .unwrap_or_default();
        if sort_key.starts_with("PART#") {
            stack
                .dynamo
                .delete_item()
                .table_name(&stack.table)
                .key("PK", item["PK"].clone())
                .key("SK", AttributeValue::S(sort_key))
                .send()
                .await
                .expect("deleted");
        }
    }
    let function = function(&stack);

    let summary = handle(&function, scheduled_event())
        .await
        .expect("the run itself goes through");
    assert_eq!(summary.sent, [good.to_string()]);
    assert_eq!(summary.failed.len(), 1);
    assert_eq!(summary.failed[0].tenant, broken.to_string());
    assert!(
        summary.failed[0].error.contains("analysis"),
        "{}",
        summary.failed[0].error
    );
    assert_eq!(reviews_to(&good_to, "2026-10").len(), 1);
    assert!(reviews_to(&broken_to, "2026-10").is_empty());
    // The function's answer is an error naming the failed tenant (the alarm fires, the retry runs).
    let error = summary.clone().into_result().expect_err("a tenant failed");
    assert!(matches!(&error, RunError::TenantsFailed(_)));
    assert!(error.to_string().contains(broken.as_str()), "{error}");

    // The broken tenant's claim was given back: the next run tries it again, and only it.
    let retry = handle(&function, scheduled_event())
        .await
        .expect("the run itself goes through");
    assert_eq!(retry.due, 1);
    assert_eq!(retry.failed.len(), 1);
    assert!(retry.sent.is_empty());
    assert_eq!(reviews_to(&good_to, "2026-10").len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_review_goes_to_each_recipient_once_a_refused_one_is_named_and_a_throttled_one_gets_it_on_the_next_run() {
    let stack = Stack::new().await;
    let acme = tenant("fanout");
    let (good, throttled, refused) = (address("rv-good"), address("rv-throttled"), address("rv-refused"));
    stack
        .settings(&acme, &[good.clone(), throttled.clone(), refused.clone()], Lang::En)
        .await;
    ingest_month(&stack, &acme, "2026-10-31").await;
    // SES refuses one address for good every time, and throttles another for every attempt of the
    // first run (the SDK makes three).
    let faults = credit_testkit::faults::FaultInjector::new();
    use credit_testkit::faults::Fault;
    faults.inject_when("SendEmail", &refused, u32::MAX, Fault::ses_message_rejected(&refused));
    faults.inject_when("SendEmail", &throttled, 3, Fault::ses_throttling());
    let function = MonthlyReview {
        mailer: Mailer::new(stack.ses_with(&faults)),
        ..function(&stack)
    };

    // The first run: the good address has it; the throttled one is left for the next run.
    let first = handle(&function, scheduled_event())
        .await
        .expect("the run goes through");
    assert_eq!(first.failed.len(), 1, "{first:?}");
    assert!(first.failed[0].error.contains(&throttled), "{}", first.failed[0].error);
    assert_eq!(reviews_to(&good, "2026-10").len(), 1);
    assert!(reviews_to(&throttled, "2026-10").is_empty());

    // The next run sends to the throttled address only, and names the refused one.
    let second = handle(&function, scheduled_event())
        .await
        .expect("the run goes through");
    assert_eq!(second.sent, [acme.to_string()], "{second:?}");
    assert!(second.failed.is_empty(), "{second:?}");
    assert_eq!(second.unreached.len(), 1, "{second:?}");
    assert_eq!(second.unreached[0].tenant, acme.to_string());
    assert_eq!(second.unreached[0].address, refused);
    assert_eq!(second.unreached[0].code, "MessageRejected");
    assert_eq!(reviews_to(&good, "2026-10").len(), 1, "nobody gets the review twice");
    assert_eq!(reviews_to(&throttled, "2026-10").len(), 1);
    let copy = &reviews_to(&throttled, "2026-10")[0];
    assert_eq!(
        copy.destinations,
        std::slice::from_ref(&throttled),
        "one recipient per message"
    );
    assert!(copy.parsed().attachment(0).is_some(), "the workbook is attached");
    assert!(reviews_to(&refused, "2026-10").is_empty());

    // The month is done for this tenant: a third run sends nothing.
    let third = handle(&function, scheduled_event())
        .await
        .expect("the run goes through");
    assert!(third.sent.is_empty() && third.failed.is_empty(), "{third:?}");
    assert_eq!(reviews_to(&good, "2026-10").len(), 1);
    assert_eq!(reviews_to(&throttled, "2026-10").len(), 1);
}
