//! What a run did, tenant by tenant: the function's answer and its log line.

use chrono::{DateTime, Utc};
use credit_aws::ses::Unreached;
use credit_store::{Month, TenantId};
use serde::Serialize;

/// What became of one tenant's review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TenantOutcome {
    /// Sent to every one of the tenant's recipients.
    Sent {
        /// How many recipients.
        recipients: usize,
        /// Whether the workbook was attached (else linked).
        attached: bool,
    },
    /// Sent to some recipients; SES refused the others for good (not retried: the month is done).
    PartlySent {
        /// How many recipients have it.
        recipients: usize,
        /// Whether the workbook was attached (else linked).
        attached: bool,
        /// The recipients SES refused, with why.
        unreached: Vec<Unreached>,
    },
    /// SES refused every recipient for good (not retried: the month is done).
    NotSent {
        /// The recipients SES refused, with why.
        unreached: Vec<Unreached>,
    },
    /// The tenant has no recipients: nothing sent, nothing claimed, so the review goes out on the
    /// first run after recipients are set.
    NoRecipients,
    /// No snapshot in the twelve months up to the month: nothing to say; the month is marked done.
    NothingToReview,
    /// Another run sent it already.
    AlreadySent,
    /// Another run is reviewing this tenant right now.
    InProgressElsewhere,
}

/// One tenant whose review failed; the claim was given back, so the next run tries again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TenantFailure {
    /// The tenant.
    pub tenant: String,
    /// Why.
    pub error: String,
}

/// One recipient SES refused for good, and whose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TenantUnreached {
    /// The tenant.
    pub tenant: String,
    /// The address.
    pub address: String,
    /// SES's error code.
    pub code: String,
    /// SES's explanation.
    pub reason: String,
}

/// The answer of a run: the tenants due, by what became of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunSummary {
    /// The month reviewed.
    pub month: Month,
    /// The moment of the run.
    pub now: DateTime<Utc>,
    /// The tenants due and not yet claimed when the run started.
    pub due: usize,
    /// Reviews sent (to every recipient, or to some when SES refused others: see `unreached`).
    pub sent: Vec<String>,
    /// Tenants whose every recipient SES refused for good.
    pub not_sent: Vec<String>,
    /// The recipients SES refused for good, tenant by tenant: for the operator to fix the address or
    /// the SES identity.
    pub unreached: Vec<TenantUnreached>,
    /// Tenants without recipients (skipped, reported every run until they have some).
    pub no_recipients: Vec<String>,
    /// Tenants with no snapshot to review.
    pub nothing_to_review: Vec<String>,
    /// Tenants another run had already sent, or was sending.
    pub skipped: Vec<String>,
    /// Tenants whose review failed.
    pub failed: Vec<TenantFailure>,
}

impl RunSummary {
    /// An empty summary of the run of `month` at `now`.
    pub fn new(month: Month, now: DateTime<Utc>, due: usize) -> Self {
        RunSummary {
            month,
            now,
            due,
            sent: Vec::new(),
            not_sent: Vec::new(),
            unreached: Vec::new(),
            no_recipients: Vec::new(),
            nothing_to_review: Vec::new(),
            skipped: Vec::new(),
            failed: Vec::new(),
        }
    }

    /// Files one tenant's outcome.
    pub fn record(&mut self, tenant: &TenantId, outcome: Result<TenantOutcome, String>) {
        let tenant = tenant.to_string();
        let mut note_unreached = |unreached: Vec<Unreached>| {
            for refused in unreached {
                self.unreached.push(TenantUnreached {
                    tenant: tenant.clone(),
                    address: refused.address,
                    code: refused.code,
                    reason: refused.reason,
                });
            }
        };
        match outcome {
            Ok(TenantOutcome::PartlySent { unreached, .. }) => {
                note_unreached(unreached);
                self.sent.push(tenant);
            }
            Ok(TenantOutcome::NotSent { unreached }) => {
                note_unreached(unreached);
                self.not_sent.push(tenant);
            }
            Ok(TenantOutcome::Sent { .. }) => self.sent.push(tenant),
            Ok(TenantOutcome::NoRecipients) => self.no_recipients.push(tenant),
            Ok(TenantOutcome::NothingToReview) => self.nothing_to_review.push(tenant),
            Ok(TenantOutcome::AlreadySent | TenantOutcome::InProgressElsewhere) => self.skipped.push(tenant),
            Err(error) => self.failed.push(TenantFailure { tenant, error }),
        }
    }

    /// The summary as one JSON line (for the log and the function's answer).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|error| format!("{{\"unprintable summary\": \"{error}\"}}"))
    }
}
