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
/// The claim is completed once every recipient is settled (SES took their copy, or refused it for
/// good) or when there is nothing to review, and given back on any other failure so that the next run
/// retries; each recipient's own claim under it keeps that run from mailing anyone twice.
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
    match review_and_send(function, settings, month, &claim).await {
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
    claim: &ClaimKey,
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
    // The longest address makes the largest copy: if its copy fits with the workbook attached, every
    // copy does.
    let longest = [recipients.iter().max_by_key(|to| to.len()).cloned().unwrap_or_default()];
    let mail = ReviewMail {
        tenant,
        from: &function.sender,
        to: &longest,
        review: &review,
        workbook_file_name: &name,
    };
    let attached = mail
        .build_attached_within(&workbook, function.max_email_bytes)?
        .is_some();
    let link = if attached {
        None
    } else {
        let key = format!("{RESULT_PREFIX}{tenant}/reviews/{month}/{name}");
        function.objects.put(&key, workbook.clone(), XLSX_CONTENT_TYPE).await?;
        Some(
            function
                .objects
                .presign_get(&key, function.config.link_ttl, &name)
                .await?,
        )
    };
    let delivery = match &link {
        None => Delivery::Attached(&workbook),
        Some(link) => Delivery::Link {
            url: &link.url,
            expires_in: function.config.link_ttl,
        },
    };
    // One copy per recipient, each claimed under the review's claim: SES refusing one address does
    // not keep the review from the others, and the run that retries a failure sends only to the
    // recipients not reached.
    let mut fanout = function
        .mailer
        .send_each(
            function.store.as_ref(),
            tenant,
            claim,
            &function.sender,
            recipients,
            |to| -> Result<Vec<u8>, ReviewRunError> {
                let to = [to.to_owned()];
                Ok(ReviewMail { to: &to, ..mail }.build(delivery)?)
            },
        )
        .await?;
    if let Some(error) = fanout.take_retry_error() {
        return Err(error.into());
    }
    let reached = fanout.reached();
    tracing::info!(
        recipients = reached,
        sent_now = fanout.sent.len(),
        unreached = fanout.unreached.len(),
        attached,
        stale = review.is_stale(),
        first = review.previous.is_none(),
        "review sent"
    );
    let unreached = fanout.unreached;
    Ok(if unreached.is_empty() {
        TenantOutcome::Sent {
            recipients: reached,
            attached,
        }
    } else if reached == 0 {
        TenantOutcome::NotSent { unreached }
    } else {
        TenantOutcome::PartlySent {
            recipients: reached,
            attached,
            unreached,
        }
    })
}
