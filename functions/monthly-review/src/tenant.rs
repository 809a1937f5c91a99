//! One tenant's review, sent once: the review claim (`review:<month>`) decides who sends it.

use crate::outcome::TenantOutcome;
use crate::{MonthlyReview, ReviewRunError};
use credit_aws::s3::{RESULT_PREFIX, XLSX_CONTENT_TYPE};
use credit_review::load::review_of;
use credit_review::mail::{Delivery, ReviewMail};
use credit_review::workbook::{file_name, write_review_workbook};
use credit_store::{ClaimKey, ClaimOutcome, Month, TenantSettings, DEFAULT_CLAIM_KEEP, DEFAULT_CLAIM_LEASE};

/// Reviews `month` for the tenant of `settings` and e-mails it, unless it has no recipients or another
/// run sent it (or is sending it).
///
/// The claim is completed after the e-mail went (or when there is nothing to review), and given back
/// on any failure so that the next run retries.
///
/// # Errors
/// [`ReviewRunError`] when the store, S3 or SES fails; the claim is then released.
pub async fn review_tenant(
    function: &MonthlyReview,
    settings: &TenantSettings,
    month: Month,
) -> Result<TenantOutcome, ReviewRunError> {
    let tenant = &settings.tenant;
    if settings.recipients.is_empty() {
        tracing::warn!("the tenant has no recipients: its review is not sent");
        return Ok(TenantOutcome::NoRecipients);
    }
    let claim = ClaimKey::review(month);
    match function.store.claim(tenant, &claim, DEFAULT_CLAIM_LEASE).await? {
        ClaimOutcome::Acquired => {}
        ClaimOutcome::Held { until } => {
            tracing::info!(%until, "another run is reviewing this tenant");
            return Ok(TenantOutcome::InProgressElsewhere);
        }
        ClaimOutcome::Done => {
            tracing::info!("the review was sent before");
            return Ok(TenantOutcome::AlreadySent);
        }
    }
    match review_and_send(function, settings, month).await {
        Ok(outcome) => {
            // If this fails the e-mail is out but the claim stays held: its lease keeps the next runs
            // away for 16 minutes only, so the error is reported (alarm) rather than swallowed.
            function
                .store
                .complete_claim(tenant, &claim, DEFAULT_CLAIM_KEEP)
                .await?;
            Ok(outcome)
        }
        Err(error) => {
            if let Err(release) = function.store.release_claim(tenant, &claim).await {
                // The lease runs out by itself; a later run then claims it.
                tracing::warn!(error = %release, "could not give the review claim back");
            }
            Err(error)
        }
    }
}

async fn review_and_send(
    function: &MonthlyReview,
    settings: &TenantSettings,
    month: Month,
) -> Result<TenantOutcome, ReviewRunError> {
    let tenant = &settings.tenant;
    let review = review_of(function.store.as_ref(), tenant, month, settings.language).await?;
    if !review.has_figures() {
        tracing::info!("no snapshot in the twelve months up to the month: nothing to review");
        return Ok(TenantOutcome::NothingToReview);
    }
    let workbook = write_review_workbook(&review)?;
    let name = file_name(&review);
    let recipients = &settings.recipients;
    let mail = ReviewMail {
        tenant,
        from: &function.sender,
        to: recipients,
        review: &review,
        workbook_file_name: &name,
    };
    let (raw, attached) = match mail.build_attached_within(&workbook, function.max_email_bytes)? {
        Some(raw) => (raw, true),
        None => {
            let key = format!("{RESULT_PREFIX}{tenant}/reviews/{month}/{name}");
            function.objects.put(&key, workbook, XLSX_CONTENT_TYPE).await?;
            let link = function
                .objects
                .presign_get(&key, function.config.link_ttl, &name)
                .await?;
            let delivery = Delivery::Link {
                url: &link.url,
                expires_in: function.config.link_ttl,
            };
            (mail.build(delivery)?, false)
        }
    };
    let message_id = function.mailer.send_raw(&function.sender, recipients, raw).await?;
    tracing::info!(
        recipients = recipients.len(),
        attached,
        message_id,
        stale = review.is_stale(),
        first = review.previous.is_none(),
        "review sent"
    );
    Ok(TenantOutcome::Sent {
        recipients: recipients.len(),
        attached,
    })
}
