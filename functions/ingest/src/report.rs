//! The report e-mail of a snapshot, sent once: the store's e-mail claim decides who sends it.

use crate::{Ingest, IngestError};
use credit_aws::s3::{EmailState, UploadStatus};
use credit_aws::ses::{ReportMail, WorkbookDelivery};
use credit_store::{ClaimKey, ClaimOutcome, SnapshotSummary, TenantSettings, DEFAULT_CLAIM_KEEP, DEFAULT_CLAIM_LEASE};

/// What became of the report e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailOutcome {
    /// Sent by this delivery.
    Sent {
        /// Whether the workbook was attached (else linked).
        attached: bool,
    },
    /// An earlier delivery sent it.
    AlreadySent,
    /// Another delivery is sending it right now.
    SendingElsewhere,
    /// The tenant has no recipients.
    NoRecipients,
}

/// Sends the report of `summary` to the tenant's recipients unless it was sent (or is being sent).
/// `workbook` is read from S3 when not given (a retry that skipped the analysis).
///
/// # Errors
/// [`IngestError::Email`] when SES refuses: the claim is given back and the status says so, so that
/// the retry sends it. [`IngestError::Store`]/[`IngestError::S3`] when those fail.
pub async fn send_report_once(
    ingest: &Ingest,
    status: &UploadStatus,
    summary: &SnapshotSummary,
    workbook: Option<Vec<u8>>,
    settings: Option<&TenantSettings>,
) -> Result<EmailOutcome, IngestError> {
    let tenant = &status.tenant;
    let recipients = settings.map(|settings| settings.recipients.clone()).unwrap_or_default();
    if recipients.is_empty() {
        if status.email != Some(EmailState::NoRecipients) {
            ingest
                .objects
                .write_status(&status.with_email(EmailState::NoRecipients))
                .await?;
        }
        tracing::info!("no recipients: no e-mail");
        return Ok(EmailOutcome::NoRecipients);
    }
    let claim = ClaimKey::email(&summary.id);
    match ingest.store.claim(tenant, &claim, DEFAULT_CLAIM_LEASE).await? {
        ClaimOutcome::Acquired => {}
        ClaimOutcome::Held { until } => {
            // The holder writes the status when it is done; writing ours could overwrite its "sent".
            tracing::info!(%until, "another delivery is sending the report");
            return Ok(EmailOutcome::SendingElsewhere);
        }
        ClaimOutcome::Done => {
            if !matches!(status.email, Some(EmailState::Sent { .. })) {
                let sent = EmailState::Sent {
                    recipients: recipients.len(),
                    attached: None,
                };
                ingest.objects.write_status(&status.with_email(sent)).await?;
            }
            tracing::info!("the report was sent before");
            return Ok(EmailOutcome::AlreadySent);
        }
    }

    match send(ingest, status, summary, workbook, settings, &recipients).await {
        Ok(attached) => {
            ingest.store.complete_claim(tenant, &claim, DEFAULT_CLAIM_KEEP).await?;
            let sent = EmailState::Sent {
                recipients: recipients.len(),
                attached: Some(attached),
            };
            ingest.objects.write_status(&status.with_email(sent)).await?;
            tracing::info!(recipients = recipients.len(), attached, "report sent");
            Ok(EmailOutcome::Sent { attached })
        }
        Err(error) => {
            if let Err(release) = ingest.store.release_claim(tenant, &claim).await {
                // The lease runs out by itself; the retry then claims it.
                tracing::warn!(error = %release, "could not give the e-mail claim back");
            }
            let retrying = EmailState::Retrying {
                reason: error.to_string(),
            };
            if let Err(status_error) = ingest.objects.write_status(&status.with_email(retrying)).await {
                tracing::warn!(error = %status_error, "could not record the failed e-mail");
            }
            Err(error)
        }
    }
}

/// Builds and sends the message: the workbook attached when SES takes it, else a presigned link.
/// Answers whether it was attached.
async fn send(
    ingest: &Ingest,
    status: &UploadStatus,
    summary: &SnapshotSummary,
    workbook: Option<Vec<u8>>,
    settings: Option<&TenantSettings>,
    recipients: &[String],
) -> Result<bool, IngestError> {
    let workbook_key = status.workbook_key.as_deref().unwrap_or_default();
    let workbook_name = status.workbook_file_name.as_deref().unwrap_or("ledger.annotated.xlsx");
    let workbook = match workbook {
        Some(bytes) => bytes,
        None => ingest.objects.get(workbook_key, u64::MAX).await?.bytes,
    };
    let mail = ReportMail {
        tenant: &status.tenant,
        lang: settings.map_or(summary.language, |settings| settings.language),
        from: &ingest.sender,
        to: recipients,
        summary,
        workbook_file_name: workbook_name,
    };
    let (raw, attached) = match mail.build_attached_within(&workbook, ingest.max_email_bytes)? {
        Some(raw) => (raw, true),
        None => {
            let link = ingest
                .objects
                .presign_get(workbook_key, ingest.config.link_ttl, workbook_name)
                .await?;
            let delivery = WorkbookDelivery::Link {
                url: &link.url,
                expires_in: ingest.config.link_ttl,
            };
            (mail.build(delivery)?, false)
        }
    };
    ingest.mailer.send_raw(&ingest.sender, recipients, raw).await?;
    Ok(attached)
}
