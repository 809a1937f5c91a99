//! One message per recipient, each sent at most once.
//!
//! SES refuses a whole message when it refuses one of its recipients (in the sandbox any unverified
//! address, else a suppressed or malformed one), so a report addressed to all of a tenant's recipients
//! at once reached nobody as soon as one address was bad, and its retries failed the same way. Here
//! each recipient gets a copy of their own, and each copy has its own claim in the store
//! ([`ClaimKey::recipient`] of the message's claim): completed once SES accepted that copy, so that a
//! retry, or the same event delivered again, sends only to the recipients not reached yet.
//!
//! A recipient SES refuses for good is final ([`Unreached`]): not retried, logged and reported. A
//! recipient SES could not take now (throttling, a 5xx) is left for the retry; the others go on.

use super::{Mailer, SesError, Unreached};
use credit_store::{
    ClaimKey, ClaimOutcome, SnapshotStore, StoreError, TenantId, DEFAULT_CLAIM_KEEP, DEFAULT_CLAIM_LEASE,
};

/// What became of each recipient of one message.
#[derive(Debug, Default)]
pub struct Fanout {
    /// Sent by this call.
    pub sent: Vec<String>,
    /// Sent by an earlier delivery (their claim is done).
    pub sent_before: Vec<String>,
    /// Refused by SES for good: final, not retried.
    pub unreached: Vec<Unreached>,
    /// Being sent by another delivery right now (their claim is held).
    pub in_progress: Vec<String>,
    /// Not sent for a reason a retry may cure.
    pub failed: Vec<SesError>,
}

impl Fanout {
    /// Whether every recipient is settled: sent (now or before) or refused for good.
    pub fn is_final(&self) -> bool {
        self.in_progress.is_empty() && self.failed.is_empty()
    }

    /// How many recipients have the message.
    pub fn reached(&self) -> usize {
        self.sent.len() + self.sent_before.len()
    }

    /// Why the message must be retried, naming every recipient left; `None` when [`Fanout::is_final`].
    /// Takes the transient errors out of `self`.
    pub fn take_retry_error(&mut self) -> Option<SesError> {
        let mut failed = std::mem::take(&mut self.failed);
        if failed.is_empty() {
            return (!self.in_progress.is_empty()).then(|| SesError::Busy {
                recipients: self.in_progress.join(", "),
            });
        }
        if failed.len() == 1 && self.in_progress.is_empty() {
            return failed.pop();
        }
        let recipients = failed
            .iter()
            .map(|error| match error {
                SesError::Send { recipients, .. } => recipients.clone(),
                other => other.to_string(),
            })
            .chain(self.in_progress.iter().cloned())
            .collect::<Vec<_>>()
            .join(", ");
        let detail = failed.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
        let first = failed.remove(0);
        Some(SesError::Send {
            recipients,
            detail,
            source: Box::new(first),
        })
    }
}

impl Mailer {
    /// Sends the message `build` writes for each recipient (its To header naming that recipient
    /// only) to each of `recipients` not sent before, from `from`. `claim` is the message's own claim:
    /// each recipient's is [`ClaimKey::recipient`] of it, in the store of `tenant`. A recipient listed
    /// twice (in any case) gets one copy.
    ///
    /// SES refusing a recipient for good or failing for the moment does not stop the others; the answer
    /// says what became of each. A recipient's claim is completed only when SES accepted their copy, and
    /// given back otherwise, so that a done claim always means "this address has it".
    ///
    /// # Errors
    /// Whatever `build` answers (the claim of that recipient given back first), or
    /// [`StoreError`] when a claim cannot be taken; what was sent before stays sent and claimed.
    pub async fn send_each<E, F>(
        &self,
        store: &dyn SnapshotStore,
        tenant: &TenantId,
        claim: &ClaimKey,
        from: &str,
        recipients: &[String],
        mut build: F,
    ) -> Result<Fanout, E>
    where
        E: From<StoreError>,
        F: FnMut(&str) -> Result<Vec<u8>, E>,
    {
        let mut fanout = Fanout::default();
        let mut seen = std::collections::HashSet::new();
        for recipient in recipients {
            if !seen.insert(recipient.trim().to_lowercase()) {
                continue;
            }
            let key = claim.recipient(recipient);
            match store.claim(tenant, &key, DEFAULT_CLAIM_LEASE).await? {
                ClaimOutcome::Done => {
                    fanout.sent_before.push(recipient.clone());
                    continue;
                }
                ClaimOutcome::Held { until } => {
                    tracing::info!(%tenant, recipient, %until, "another delivery is sending to this recipient");
                    fanout.in_progress.push(recipient.clone());
                    continue;
                }
                ClaimOutcome::Acquired => {}
            }
            let raw = match build(recipient) {
                Ok(raw) => raw,
                Err(error) => {
                    give_back(store, tenant, &key).await;
                    return Err(error);
                }
            };
            match self.send_to(from, recipient, raw).await {
                Ok(message_id) => {
                    if let Err(error) = store.complete_claim(tenant, &key, DEFAULT_CLAIM_KEEP).await {
                        // The copy is out. Failing the whole message here would make the retry send
                        // it again once the lease runs out; counted as sent, the message's own claim
                        // (completed by the caller) keeps redeliveries away instead.
                        tracing::warn!(%tenant, recipient, error = %error, "sent, but the recipient's claim could not be completed");
                    }
                    tracing::info!(%tenant, recipient, message_id, "e-mail sent");
                    fanout.sent.push(recipient.clone());
                }
                Err(SesError::Refused {
                    recipient,
                    code,
                    reason,
                    ..
                }) => {
                    // Given back, not completed: a done claim means the address has the message.
                    // The caller records the refusal where the user reads it.
                    give_back(store, tenant, &key).await;
                    tracing::warn!(%tenant, recipient, code, reason, "SES refused the recipient for good; not retried");
                    fanout.unreached.push(Unreached {
                        address: recipient,
                        code,
                        reason,
                    });
                }
                Err(error) => {
                    give_back(store, tenant, &key).await;
                    tracing::warn!(%tenant, recipient, error = %error, "SES did not take the e-mail; it will be retried");
                    fanout.failed.push(error);
                }
            }
        }
        Ok(fanout)
    }
}

/// Gives a recipient's claim back after a failure, so that the retry may send at once. If the store
/// fails too, the lease runs out by itself and the retry after it sends.
async fn give_back(store: &dyn SnapshotStore, tenant: &TenantId, key: &ClaimKey) {
    if let Err(error) = store.release_claim(tenant, key).await {
        tracing::warn!(%tenant, claim = %key, error = %error, "could not give a recipient's claim back");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttled(recipient: &str) -> SesError {
        SesError::Send {
            recipients: recipient.into(),
            detail: "TooManyRequestsException".into(),
            source: Box::new(std::io::Error::other("throttled")),
        }
    }

    #[test]
    fn the_retry_error_names_every_recipient_left_and_only_them() {
        let mut settled = Fanout {
            sent: vec!["a@x.be".into()],
            ..Fanout::default()
        };
        assert!(settled.is_final());
        assert!(settled.take_retry_error().is_none());

        let mut one = Fanout {
            sent: vec!["a@x.be".into()],
            failed: vec![throttled("b@x.be")],
            ..Fanout::default()
        };
        assert!(!one.is_final());
        let error = one.take_retry_error().expect("a retry");
        assert!(
            matches!(&error, SesError::Send { recipients, .. } if recipients == "b@x.be"),
            "{error}"
        );

        let mut several = Fanout {
            failed: vec![throttled("b@x.be"), throttled("c@x.be")],
            in_progress: vec!["d@x.be".into()],
            ..Fanout::default()
        };
        let text = several.take_retry_error().expect("a retry").to_string();
        assert!(text.contains("b@x.be, c@x.be, d@x.be"), "{text}");
        assert!(!text.contains("a@x.be"), "{text}");

        let mut busy = Fanout {
            in_progress: vec!["d@x.be".into()],
            ..Fanout::default()
        };
        assert!(matches!(busy.take_retry_error(), Some(SesError::Busy { .. })));
    }
}
