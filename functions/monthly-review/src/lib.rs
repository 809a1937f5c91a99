//! Lambda: the scheduled monthly portfolio review, e-mailed to each tenant.
//!
//! A run ([`handle`]):
//! 1. reads the month to review and the run's moment from the payload ([`trigger`]: the EventBridge
//!    Scheduler's event, or `{"month": "YYYY-MM"}` by hand);
//! 2. lists the tenants whose review of that month is due at that moment in their own time zone
//!    (first working day of the next month, or their fixed day) and not yet claimed;
//! 3. for each, one after the other ([`tenant::review_tenant`]): skips it plainly when it has no
//!    recipients; claims `review:<month>` in the store (a run that finds it held or done sends
//!    nothing); reads its snapshots, builds the review ([`credit_review`]) and e-mails it through SES,
//!    one copy per recipient (each under its own claim, so that nobody gets it twice), with the
//!    workbook attached (too large: stored under `results/<tenant>/reviews/<month>/` and linked);
//!    completes the claim once every recipient is settled (SES took their copy or refused it for
//!    good: those are listed in [`RunSummary::unreached`]), or gives it back when SES could not take
//!    a copy for now, so the next run sends to the recipients left;
//! 4. answers a [`RunSummary`]; a tenant's failure never stops the others, and the run then ends in an
//!    error naming them ([`RunSummary::into_result`]) so that the alarm fires and the retry (or the
//!    next hourly run) reviews only the tenants not done.
#![warn(missing_docs)]

pub mod outcome;
pub mod tenant;
pub mod trigger;

pub use outcome::{RunSummary, TenantFailure, TenantOutcome, TenantUnreached};
pub use trigger::{Trigger, TriggerError};

use chrono::Utc;
use credit_aws::config::{ConfigError, FunctionConfig};
use credit_aws::s3::{Objects, S3Error};
use credit_aws::ses::{Mailer, SesError};
use credit_review::ReviewError;
use credit_store::{SnapshotStore, StoreError};
use std::sync::Arc;
use tracing::Instrument;

/// What the handler needs, built once per cold start.
#[derive(Clone)]
pub struct MonthlyReview {
    /// The snapshot store (DynamoDB in AWS).
    pub store: Arc<dyn SnapshotStore>,
    /// The bucket where a workbook too large to attach is left for a link.
    pub objects: Objects,
    /// SES.
    pub mailer: Mailer,
    /// The verified identity reviews are sent from.
    pub sender: String,
    /// The environment.
    pub config: FunctionConfig,
    /// The largest raw e-mail sent with the workbook attached; SES's limit
    /// ([`credit_aws::ses::SES_RAW_LIMIT_BYTES`]); tests lower it to reach the link path.
    pub max_email_bytes: usize,
}

impl MonthlyReview {
    /// The function on the AWS services of `sdk`, as `config` names them.
    ///
    /// # Errors
    /// [`ConfigError::Missing`] when `SENDER_EMAIL` is not set.
    pub fn from_sdk(config: FunctionConfig, sdk: &aws_config::SdkConfig) -> Result<Self, ConfigError> {
        let sender = config.require_sender()?.to_owned();
        Ok(MonthlyReview {
            store: Arc::new(credit_aws::dynamo::DynamoStore::new(
                aws_sdk_dynamodb::Client::new(sdk),
                &config.table_name,
            )),
            objects: Objects::new(credit_aws::config::s3_client(sdk), &config.bucket_name),
            mailer: Mailer::new(aws_sdk_sesv2::Client::new(sdk)),
            sender,
            config,
            max_email_bytes: credit_aws::ses::SES_RAW_LIMIT_BYTES,
        })
    }
}

/// Why one tenant's review failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReviewRunError {
    /// The store failed (reading snapshots, claiming).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The review could not be made or written.
    #[error(transparent)]
    Review(#[from] ReviewError),
    /// SES did not send it.
    #[error(transparent)]
    Email(#[from] SesError),
    /// S3 did not keep the workbook for the link.
    #[error(transparent)]
    S3(#[from] S3Error),
}

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// The payload is not a run (not retried usefully).
    #[error(transparent)]
    Trigger(#[from] TriggerError),
    /// The tenants due could not be listed: nothing was done.
    #[error("the tenants due could not be listed: {0}")]
    Store(#[from] StoreError),
    /// Some tenants' reviews failed; the others went through.
    #[error("{} of {} reviews failed: {}", .0.failed.len(), .0.due, .0.to_json())]
    TenantsFailed(Box<RunSummary>),
}

impl RunSummary {
    /// The summary when every tenant went through, else [`RunError::TenantsFailed`] carrying it.
    ///
    /// # Errors
    /// [`RunError::TenantsFailed`] when a tenant's review failed.
    pub fn into_result(self) -> Result<RunSummary, RunError> {
        if self.failed.is_empty() {
            Ok(self)
        } else {
            Err(RunError::TenantsFailed(Box::new(self)))
        }
    }
}

/// Runs the reviews a payload asks for and answers what became of each tenant due.
///
/// # Errors
/// [`RunError::Trigger`] for a payload that is not a run, [`RunError::Store`] when the tenants due
/// cannot be listed. A tenant's failure is not an error here: it is in [`RunSummary::failed`].
pub async fn handle(function: &MonthlyReview, payload: serde_json::Value) -> Result<RunSummary, RunError> {
    let trigger = Trigger::from_payload(payload, Utc::now())?;
    let Trigger { month, now } = trigger;
    let due = function.store.tenants_due_for_review(month, now).await?;
    tracing::info!(%month, %now, due = due.len(), "monthly review run");
    let mut summary = RunSummary::new(month, now, due.len());
    for settings in &due {
        let span = tracing::info_span!("review", tenant = %settings.tenant, %month);
        let outcome = tenant::review_tenant(function, settings, month)
            .instrument(span.clone())
            .await;
        if let Err(error) = &outcome {
            span.in_scope(|| tracing::error!(error = %error, "review failed; the next run retries it"));
        }
        summary.record(&settings.tenant, outcome.map_err(|error| error.to_string()));
    }
    tracing::info!(summary = %summary.to_json(), "monthly review run done");
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use credit_store::TenantId;

    #[test]
    fn a_run_with_a_failed_tenant_ends_in_an_error_naming_it_and_the_others() {
        let tenant = |id: &str| TenantId::new(id).expect("tenant");
        let mut summary = RunSummary::new("2026-10".parse().expect("month"), Utc::now(), 6);
        summary.record(
            &tenant("a"),
            Ok(TenantOutcome::Sent {
                recipients: 2,
                attached: true,
            }),
        );
        summary.record(&tenant("b"), Ok(TenantOutcome::NoRecipients));
        summary.record(&tenant("c"), Err("SES did not send".into()));
        summary.record(&tenant("d"), Ok(TenantOutcome::AlreadySent));
        let refused = |address: &str| credit_aws::ses::Unreached {
            address: address.into(),
            code: "MessageRejected".into(),
            reason: "Email address is not verified.".into(),
        };
        summary.record(
            &tenant("e"),
            Ok(TenantOutcome::PartlySent {
                recipients: 1,
                attached: true,
                unreached: vec![refused("weg@e.be")],
            }),
        );
        summary.record(
            &tenant("f"),
            Ok(TenantOutcome::NotSent {
                unreached: vec![refused("weg@f.be")],
            }),
        );
        assert_eq!(summary.sent, ["a", "e"]);
        assert_eq!(summary.not_sent, ["f"]);
        assert_eq!(
            summary
                .unreached
                .iter()
                .map(|u| (u.tenant.as_str(), u.address.as_str()))
                .collect::<Vec<_>>(),
            [("e", "weg@e.be"), ("f", "weg@f.be")]
        );
        assert_eq!(
            (summary.sent.len(), summary.no_recipients.len(), summary.skipped.len()),
            (2, 1, 1)
        );
        let error = summary.clone().into_result().expect_err("a tenant failed");
        let text = error.to_string();
        assert!(text.starts_with("1 of 6 reviews failed: "), "{text}");
        assert!(
            text.contains(r#""address":"weg@f.be""#),
            "the operator reads who was not reached: {text}"
        );
        assert!(
            text.contains(r#""failed":[{"tenant":"c","error":"SES did not send"}]"#),
            "{text}"
        );
        assert!(text.contains(r#""no_recipients":["b"]"#), "{text}");
        summary.failed.clear();
        assert!(summary.into_result().is_ok());
    }

    #[test]
    fn the_review_mail_names_its_tenant_in_the_header_the_upload_report_uses() {
        assert_eq!(credit_review::mail::TENANT_HEADER, credit_aws::ses::TENANT_HEADER);
        assert_eq!(
            credit_review::mail::XLSX_CONTENT_TYPE,
            credit_aws::s3::XLSX_CONTENT_TYPE
        );
    }
}
