//! Claims: idempotency markers that make "send this e-mail" and "run this review" happen once, even
//! when the event that asks for it is delivered twice or at the same time.
//!
//! A claim is first *held* for a lease: if the holder dies, the lease runs out and the next delivery
//! claims it again, so nothing is lost. The holder then *completes* it (it stays done for a long keep
//! time, so nothing is sent twice) or *releases* it after a failure (so a retry can go at once).

use crate::error::StoreError;
use crate::model::{Month, SnapshotId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::time::Duration;

/// How long a claim is held before another delivery may take it over: longer than a Lambda may run
/// (15 minutes), so a slow holder is never overtaken.
pub const DEFAULT_CLAIM_LEASE: Duration = Duration::from_secs(16 * 60);

/// How long a completed claim is remembered: longer than any retry or re-run of a month's review.
pub const DEFAULT_CLAIM_KEEP: Duration = Duration::from_secs(400 * 24 * 3600);

/// What is claimed, e.g. `email:<snapshot id>` or `review:2026-10`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ClaimKey(String);

impl ClaimKey {
    /// A claim key of your own.
    ///
    /// # Errors
    /// [`StoreError::InvalidClaimKey`] unless it has 1 to 200 printable characters.
    pub fn new(key: impl Into<String>) -> Result<Self, StoreError> {
        let key = key.into();
        if key.is_empty() || key.len() > 200 || key.chars().any(|c| c.is_control()) {
            return Err(StoreError::InvalidClaimKey(key));
        }
        Ok(ClaimKey(key))
    }

    /// The e-mail that reports one snapshot.
    pub fn email(snapshot: &SnapshotId) -> Self {
        ClaimKey(format!("email:{snapshot}"))
    }

    /// The monthly review of `month`.
    pub fn review(month: Month) -> Self {
        ClaimKey(format!("review:{month}"))
    }

    /// This claim for one recipient of its message, e.g. `email:<snapshot id>/to:<hash>`: the message
    /// goes to each recipient separately (so that SES refusing one address does not stop the others),
    /// and this claim, completed once SES accepted that recipient's copy, keeps a retry or a
    /// redelivered event from sending it to them again.
    ///
    /// The address is hashed (SHA-256 of its lowercase form, 16 bytes in hex): claims hold no personal
    /// data, the key stays under the 200 characters DynamoDB keys are kept to whatever the address,
    /// and `Boekhouding@acme.be` and `boekhouding@acme.be` are one recipient, mailed once.
    pub fn recipient(&self, address: &str) -> Self {
        let digest = Sha256::digest(address.trim().to_lowercase().as_bytes());
        let hash: String = digest.iter().take(16).map(|byte| format!("{byte:02x}")).collect();
        ClaimKey(format!("{}/to:{hash}", self.0))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClaimKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The answer to a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimOutcome {
    /// It is yours: do the work, then complete (or release) the claim.
    Acquired,
    /// Someone else holds it until the given instant: do nothing now.
    Held {
        /// When their lease runs out.
        until: DateTime<Utc>,
    },
    /// It was done already: do nothing.
    Done,
}

impl ClaimOutcome {
    /// Whether the caller may do the work ("true the first time only").
    pub fn acquired(self) -> bool {
        self == ClaimOutcome::Acquired
    }
}

/// A claim as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRecord {
    /// Held or done.
    pub state: ClaimState,
    /// When a held lease runs out, or when a done claim may be forgotten (the TTL).
    pub expires_at: DateTime<Utc>,
}

/// The state of a stored claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimState {
    /// Held for a lease.
    Held,
    /// Done.
    Done,
}

impl ClaimRecord {
    /// What a new claim at `now` finds, given this stored record: a done claim stays done until it is
    /// forgotten; a held one blocks until its lease runs out.
    pub fn outcome_at(&self, now: DateTime<Utc>) -> Option<ClaimOutcome> {
        if self.expires_at <= now {
            return None;
        }
        Some(match self.state {
            ClaimState::Done => ClaimOutcome::Done,
            ClaimState::Held => ClaimOutcome::Held { until: self.expires_at },
        })
    }
}

/// `now + duration`, saturating far in the future.
pub fn after(now: DateTime<Utc>, duration: Duration) -> DateTime<Utc> {
    chrono::TimeDelta::from_std(duration)
        .ok()
        .and_then(|delta| now.checked_add_signed(delta))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recipient_claim_names_its_message_and_hides_the_address_within_the_key_limit() {
        let message = ClaimKey::email(&SnapshotId::new("20261031-20261102000000000000-abcdef01").unwrap());
        let longest = format!("{}@{}.example", "a".repeat(64), "b".repeat(180));
        let key = message.recipient(&longest);
        assert!(key
            .as_str()
            .starts_with("email:20261031-20261102000000000000-abcdef01/to:"));
        assert!(!key.as_str().contains('@'), "{key}");
        assert_eq!(ClaimKey::new(key.as_str()).unwrap(), key, "a valid claim key");
        let review = ClaimKey::review("2026-10".parse().unwrap()).recipient("x@acme.be");
        assert!(review.as_str().starts_with("review:2026-10/to:"), "{review}");
    }
}
