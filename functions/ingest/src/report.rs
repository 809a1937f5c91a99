//! The report e-mail of a snapshot: one copy per recipient, each sent once.
//!
//! The store's e-mail claim (`email:<snapshot id>`) decides which delivery of the event sends the
//! report; within it each recipient has a claim of their own (see `credit_aws::ses::fanout`), so
//! that a retry after a partial failure sends only to the recipients not reached. A recipient SES
//! refuses for good does not hold the others back: it is recorded in the upload's status (which
//! `GET /results/{id}` shows) and logged, and not retried.

use crate::{Ingest, IngestError};
use credit_aws::s3::{EmailState, UploadStatus};
use credit_aws::ses::{Fanout, ReportMail, Unreached, WorkbookDelivery};
use credit_store::{ClaimKey, ClaimOutcome, SnapshotSummary, TenantSettings, DEFAULT_CLAIM_KEEP, DEFAULT_CLAIM_LEASE};

/// What became of the report e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailOutcome {
    /// Sent by this delivery to every recipient not reached before.
    Sent {
        /// Whether the workbook was attached (else linked).
        attached: bool,
    },
    /// Sent to some recipients; SES refused the others for good (final: not retried).
    PartlySent {
        /// Whether the workbook was attached (else linked); `None` when this delivery sent nothing.
        attached: Option<bool>,
        /// The addresses SES refused.
        unreached: Vec<String>,
    },
    /// SES refused every recipient for good (final: not retried).
    NotSent {
        /// The addresses SES refused.
        unreached: Vec<String>,
    },
    /// An earlier delivery sent it.
    AlreadySent,
    /// Another delivery is sending it right now.
    SendingElsewhere,
    /// The tenant has no recipients.
    NoRecipients,
}

/// Sends the report of `summary` to each of the tenant's recipients unless it was sent (or is being
/// sent). `workbook` is read from S3 when not given (a retry that skipped the analysis).
///
/// # Errors
/// [`IngestError::Email`] when SES could not take a copy for a reason a retry may cure: the claims of
/// the recipients not reached are given back and the status says `retrying`, so that the retry sends
/// to them (and only them). [`IngestError::Store`]/[`IngestError::S3`] when those fail. SES refusing a
/// recipient for good is no error: the status names them.
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
    let claimed = match ingest.store.claim(tenant, &claim, DEFAULT_CLAIM_LEASE).await {
        Ok(claimed) => claimed,
        Err(error) => {
            // The store failing for the moment (throttled): nothing was sent by this delivery, and
            // the retry will claim again. Say so, rather than leave the e-mail `pending` as if
            // nothing had been tried.
            let error = IngestError::from(error);
            if let Some(EmailState::Pending | EmailState::Retrying { .. }) | None = &status.email {
                let (reached, unreached) = match &status.email {
                    Some(EmailState::Retrying { reached, unreached, .. }) => (*reached, unreached.clone()),
                    _ => (0, Vec::new()),
                };
                let retrying = EmailState::Retrying {
                    reason: error.to_string(),
                    reached,
                    unreached,
                };
                if let Err(status_error) = ingest.objects.write_status(&status.with_email(retrying)).await {
                    tracing::warn!(error = %status_error, "could not record the failed e-mail");
                }
            }
            return Err(error);
        }
    };
    match claimed {
        ClaimOutcome::Acquired => {}
        ClaimOutcome::Held { until } => {
            // The holder writes the status when it is done; writing ours could overwrite its "sent".
            tracing::info!(%until, "another delivery is sending the report");
            return Ok(EmailOutcome::SendingElsewhere);
        }
        ClaimOutcome::Done => {
            // The holder wrote the final state, unless writing it failed: then say it was sent
            // (which recipients SES refused is in the holder's log).
            if !status.email.as_ref().is_some_and(EmailState::is_final) {
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

    // Recipients SES refused for good on an earlier attempt at this upload are not asked again:
    // its answer would be the same.
    let earlier: Vec<Unreached> = status
        .email
        .as_ref()
        .map(|email| email.unreached().to_vec())
        .unwrap_or_default();
    let to_send: Vec<String> = recipients
        .iter()
        .filter(|to| !earlier.iter().any(|refused| refused.address.eq_ignore_ascii_case(to)))
        .cloned()
        .collect();

    let (mut fanout, attached) = match send(ingest, status, summary, workbook, settings, &claim, &to_send).await {
        Ok(sent) => sent,
        Err(error) => {
            give_back(ingest, status, &claim).await;
            let retrying = EmailState::Retrying {
                reason: error.to_string(),
                reached: 0,
                unreached: earlier,
            };
            if let Err(status_error) = ingest.objects.write_status(&status.with_email(retrying)).await {
                tracing::warn!(error = %status_error, "could not record the failed e-mail");
            }
            return Err(error);
        }
    };
    let mut unreached = earlier;
    unreached.extend(fanout.unreached.iter().cloned());

    if let Some(error) = fanout.take_retry_error() {
        give_back(ingest, status, &claim).await;
        let retrying = EmailState::Retrying {
            reason: error.to_string(),
            reached: fanout.reached(),
            unreached,
        };
        if let Err(status_error) = ingest.objects.write_status(&status.with_email(retrying)).await {
            tracing::warn!(error = %status_error, "could not record the failed e-mail");
        }
        return Err(error.into());
    }

    // Every recipient is settled: sent (now or before) or refused for good. Nothing is left to retry.
    if let Err(error) = ingest.store.complete_claim(tenant, &claim, DEFAULT_CLAIM_KEEP).await {
        // Only the bookkeeping failed: each copy sent has its own claim saying so. Failing here would
        // leave the status `pending` for good, since the retry finds the claim held (its lease runs
        // 16 minutes) and sends nothing; so the status says what was sent, and the claim expires.
        tracing::warn!(error = %error, "the report is sent, but its claim could not be completed");
    }
    let reached = fanout.reached();
    let state = EmailState::settled(reached, attached, unreached.clone());
    ingest.objects.write_status(&status.with_email(state)).await?;
    let addresses: Vec<String> = unreached.into_iter().map(|refused| refused.address).collect();
    if addresses.is_empty() {
        tracing::info!(recipients = reached, attached, "report sent");
        return Ok(match attached {
            Some(attached) if !fanout.sent.is_empty() => EmailOutcome::Sent { attached },
            _ => EmailOutcome::AlreadySent,
        });
    }
    tracing::warn!(
        recipients = reached,
        unreached = %addresses.join(", "),
        "the report did not reach every recipient: SES refused some for good"
    );
    Ok(if reached == 0 {
        EmailOutcome::NotSent { unreached: addresses }
    } else {
        EmailOutcome::PartlySent {
            attached: attached.filter(|_| !fanout.sent.is_empty()),
            unreached: addresses,
        }
    })
}

/// Gives the report's claim back after a failure, so that the retry may send at once.
async fn give_back(ingest: &Ingest, status: &UploadStatus, claim: &ClaimKey) {
    if let Err(release) = ingest.store.release_claim(&status.tenant, claim).await {
        // The lease runs out by itself; the retry then claims it.
        tracing::warn!(error = %release, "could not give the e-mail claim back");
    }
}

/// Builds and sends a copy to each of `recipients`: the workbook attached when SES takes it, else a
/// presigned link. Answers what became of each, and whether the workbook was attached (`None`: no
/// recipient left to send to).
async fn send(
    ingest: &Ingest,
    status: &UploadStatus,
    summary: &SnapshotSummary,
    workbook: Option<Vec<u8>>,
    settings: Option<&TenantSettings>,
    claim: &ClaimKey,
    recipients: &[String],
) -> Result<(Fanout, Option<bool>), IngestError> {
    // The longest address makes the largest copy: if its copy fits with the workbook attached,
    // every copy does.
    let Some(longest) = recipients.iter().max_by_key(|to| to.len()) else {
        return Ok((Fanout::default(), None));
    };
    let workbook_key = status.workbook_key.as_deref().unwrap_or_default();
    let workbook_name = status.workbook_file_name.as_deref().unwrap_or("ledger.annotated.xlsx");
    let workbook = match workbook {
        Some(bytes) => bytes,
        None => ingest.objects.get(workbook_key, u64::MAX).await?.bytes,
    };
    let longest = [longest.clone()];
    let mail = ReportMail {
        tenant: &status.tenant,
        lang: settings.map_or(summary.language, |settings| settings.language),
        from: &ingest.sender,
        to: &longest,
        summary,
        workbook_file_name: workbook_name,
    };
    let attached = mail.build_attached_within(&workbook, ingest.max_email_bytes)?.is_some();
    let link = if attached {
        None
    } else {
        Some(
            ingest
                .objects
                .presign_get(workbook_key, ingest.config.link_ttl, workbook_name)
                .await?,
        )
    };
    let delivery = match &link {
        None => WorkbookDelivery::Attached(&workbook),
        Some(link) => WorkbookDelivery::Link {
            url: &link.url,
            expires_in: ingest.config.link_ttl,
        },
    };
    let fanout = ingest
        .mailer
        .send_each(
            ingest.store.as_ref(),
            &status.tenant,
            claim,
            &ingest.sender,
            recipients,
            |to| -> Result<Vec<u8>, IngestError> {
                let to = [to.to_owned()];
                Ok(ReportMail { to: &to, ..mail }.build(delivery)?)
            },
        )
        .await?;
    Ok((fanout, Some(attached)))
}
