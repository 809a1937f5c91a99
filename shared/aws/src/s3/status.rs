//! The status of one upload, as `GET /results/{id}` reports it.
//!
//! Written by the API when it issues the upload (state `waiting`, with the as-of date and language the
//! caller asked for), then by the ingest (`done` or `failed`). Kept in S3 next to the workbook, under
//! the tenant's prefix, so that reading it needs nothing the results do not already need.

use super::keys::{UploadId, UploadKey};
use crate::ses::Unreached;
use chrono::{DateTime, NaiveDate, Utc};
use credit_core::analysis::IssueReport;
use credit_core::lang::Lang;
use credit_store::{SnapshotId, TenantId};
use serde::{Deserialize, Serialize};

/// Where an upload stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UploadState {
    /// The upload URL was issued; the ledger has not been analysed (yet).
    Waiting,
    /// Analysed: the workbook and the snapshot are stored.
    Done,
    /// The ledger cannot be analysed; [`UploadStatus::error`] and [`UploadStatus::problems`] say why.
    Failed,
}

/// What became of the e-mail of a finished upload.
///
/// Each recipient gets a copy of their own, so the final states are `sent` (every recipient has it),
/// `partly_sent` (some SES refused for good, named in `unreached`) and `not_sent` (SES refused them
/// all); `retrying` is not final. States and fields are only ever added, so an older reader of
/// `GET /results/{id}` keeps working.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum EmailState {
    /// Not sent yet.
    Pending,
    /// Sent to every one of the tenant's recipients.
    Sent {
        /// How many recipients.
        recipients: usize,
        /// Whether the workbook was attached (else a download link was sent); `None` when another
        /// delivery of the same upload sent it and this one only recorded that.
        attached: Option<bool>,
    },
    /// Sent to some recipients; SES refused the others for good (final: not retried).
    PartlySent {
        /// How many recipients have it.
        recipients: usize,
        /// Whether the workbook was attached (else linked).
        attached: Option<bool>,
        /// The recipients SES refused, with why.
        unreached: Vec<Unreached>,
    },
    /// SES refused every recipient for good (final: not retried); the workbook is still downloadable.
    NotSent {
        /// The recipients SES refused, with why.
        unreached: Vec<Unreached>,
    },
    /// The tenant has no recipients: nothing to send.
    NoRecipients,
    /// Sending to some recipients failed for a reason a retry may cure; the ingest is retried and
    /// sends to each of them once.
    Retrying {
        /// What the mail service said.
        reason: String,
        /// How many recipients have it already.
        #[serde(default)]
        reached: usize,
        /// The recipients SES refused for good so far (not retried).
        #[serde(default)]
        unreached: Vec<Unreached>,
    },
}

impl EmailState {
    /// The final state of a message whose every recipient is settled: `reached` have it, SES refused
    /// `unreached` for good.
    pub fn settled(reached: usize, attached: Option<bool>, unreached: Vec<Unreached>) -> Self {
        if unreached.is_empty() {
            EmailState::Sent {
                recipients: reached,
                attached,
            }
        } else if reached == 0 {
            EmailState::NotSent { unreached }
        } else {
            EmailState::PartlySent {
                recipients: reached,
                attached,
                unreached,
            }
        }
    }

    /// Whether nothing more will be sent: sent, partly sent, not sent, or nobody to send to.
    pub fn is_final(&self) -> bool {
        !matches!(self, EmailState::Pending | EmailState::Retrying { .. })
    }

    /// The recipients SES refused for good, in any state.
    pub fn unreached(&self) -> &[Unreached] {
        match self {
            EmailState::PartlySent { unreached, .. }
            | EmailState::NotSent { unreached }
            | EmailState::Retrying { unreached, .. } => unreached,
            _ => &[],
        }
    }
}

/// One upload's status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadStatus {
    /// Whose upload.
    pub tenant: TenantId,
    /// Its id.
    pub upload_id: UploadId,
    /// Where it stands.
    pub state: UploadState,
    /// The file name as the user gave it.
    pub file_name: String,
    /// The key the API issued for the upload: the ingest accepts no other object for this id.
    pub upload_key: String,
    /// The as-of date asked for; `None`: the day the ledger is analysed.
    pub as_of: Option<NaiveDate>,
    /// The language asked for; `None`: the tenant's, else the ledger's.
    pub lang: Option<Lang>,
    /// When the upload was issued.
    pub created_at: DateTime<Utc>,
    /// When this status was written.
    pub updated_at: DateTime<Utc>,
    /// The ETag of the object analysed, so that a redelivered event finds its work done.
    #[serde(default)]
    pub source_etag: Option<String>,
    /// The snapshot stored (done).
    #[serde(default)]
    pub snapshot_id: Option<SnapshotId>,
    /// The key of the annotated workbook (done).
    #[serde(default)]
    pub workbook_key: Option<String>,
    /// The file name the workbook is offered under (done).
    #[serde(default)]
    pub workbook_file_name: Option<String>,
    /// What became of the e-mail (done).
    #[serde(default)]
    pub email: Option<EmailState>,
    /// Why it failed, in the user's language (failed).
    #[serde(default)]
    pub error: Option<String>,
    /// The problems found in the rows, each with its place (failed, and the issues of a done upload
    /// are in its snapshot).
    #[serde(default)]
    pub problems: Vec<IssueReport>,
    /// Why the analysis of a `waiting` upload is being retried, in the user's language: the ledger
    /// was read, then a service failed for the moment (DynamoDB throttling, S3) and Lambda delivers
    /// the event again. Without it a `waiting` status could not tell "not analysed yet" from "failed
    /// for now". Cleared once the upload is done or failed.
    #[serde(default)]
    pub retrying: Option<String>,
}

impl UploadStatus {
    /// The status of an upload just issued.
    pub fn waiting(key: &UploadKey, file_name: &str, as_of: Option<NaiveDate>, lang: Option<Lang>) -> Self {
        let now = Utc::now();
        UploadStatus {
            tenant: key.tenant().clone(),
            upload_id: key.upload_id().clone(),
            state: UploadState::Waiting,
            file_name: file_name.to_owned(),
            upload_key: key.to_string(),
            as_of,
            lang,
            created_at: now,
            updated_at: now,
            source_etag: None,
            snapshot_id: None,
            workbook_key: None,
            workbook_file_name: None,
            email: None,
            error: None,
            problems: Vec::new(),
            retrying: None,
        }
    }

    /// This upload analysed and stored.
    pub fn done(
        &self,
        source_etag: Option<String>,
        snapshot_id: SnapshotId,
        workbook_key: String,
        workbook_file_name: String,
        email: EmailState,
    ) -> Self {
        UploadStatus {
            state: UploadState::Done,
            updated_at: Utc::now(),
            source_etag,
            snapshot_id: Some(snapshot_id),
            workbook_key: Some(workbook_key),
            workbook_file_name: Some(workbook_file_name),
            email: Some(email),
            error: None,
            problems: Vec::new(),
            retrying: None,
            ..self.clone()
        }
    }

    /// This upload refused, with why.
    pub fn failed(&self, source_etag: Option<String>, error: String, problems: Vec<IssueReport>) -> Self {
        UploadStatus {
            state: UploadState::Failed,
            updated_at: Utc::now(),
            source_etag,
            snapshot_id: None,
            workbook_key: None,
            workbook_file_name: None,
            email: None,
            error: Some(error),
            problems,
            retrying: None,
            ..self.clone()
        }
    }

    /// The same status (still waiting) saying why the analysis is being retried.
    pub fn retrying(&self, message: String) -> Self {
        UploadStatus {
            retrying: Some(message),
            updated_at: Utc::now(),
            ..self.clone()
        }
    }

    /// The same status with another e-mail state.
    pub fn with_email(&self, email: EmailState) -> Self {
        UploadStatus {
            email: Some(email),
            updated_at: Utc::now(),
            ..self.clone()
        }
    }

    /// Whether the object with `etag` was analysed and stored already (a redelivered event).
    pub fn is_done_for(&self, etag: Option<&str>) -> bool {
        self.state == UploadState::Done
            && self.snapshot_id.is_some()
            && self.workbook_key.is_some()
            && etag.is_some_and(|etag| self.source_etag.as_deref() == Some(etag.trim_matches('"')))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_goes_from_waiting_to_done_and_round_trips_through_json() {
        let key = UploadKey::new(TenantId::new("acme").unwrap(), UploadId::generate(), "l.xlsx");
        let waiting = UploadStatus::waiting(&key, "l.xlsx", NaiveDate::from_ymd_opt(2026, 10, 31), Some(Lang::Nl));
        assert_eq!(waiting.upload_key, key.to_string());
        let json = serde_json::to_value(&waiting).unwrap();
        assert_eq!(json["state"], "waiting");
        assert_eq!(json["as_of"], "2026-10-31");
        assert!(!waiting.is_done_for(Some("abc")));

        let snapshot = SnapshotId::new("20261031-1-abc").unwrap();
        let done = waiting.done(
            Some("abc".into()),
            snapshot.clone(),
            key.result_key("l.annotated.xlsx"),
            "l.annotated.xlsx".into(),
            EmailState::Pending,
        );
        assert!(done.is_done_for(Some("\"abc\"")));
        assert!(!done.is_done_for(Some("other")));
        assert!(!done.is_done_for(None));
        let sent = done.with_email(EmailState::Sent {
            recipients: 2,
            attached: Some(true),
        });
        let json = serde_json::to_value(&sent).unwrap();
        assert_eq!(
            json["email"],
            serde_json::json!({"state": "sent", "recipients": 2, "attached": true})
        );
        assert_eq!(serde_json::from_value::<UploadStatus>(json).unwrap(), sent);
    }

    #[test]
    fn a_retried_analysis_says_so_until_the_upload_is_done_or_failed() {
        let key = UploadKey::new(TenantId::new("acme").unwrap(), UploadId::generate(), "l.xlsx");
        let waiting = UploadStatus::waiting(&key, "l.xlsx", None, None);
        assert_eq!(
            serde_json::to_value(&waiting).unwrap()["retrying"],
            serde_json::Value::Null
        );
        let retrying = waiting.retrying("retried".into());
        assert_eq!(retrying.state, UploadState::Waiting);
        let json = serde_json::to_value(&retrying).unwrap();
        assert_eq!(json["retrying"], "retried");
        assert_eq!(serde_json::from_value::<UploadStatus>(json).unwrap(), retrying);
        let snapshot = SnapshotId::new("20261031-1-abc").unwrap();
        let done = retrying.done(None, snapshot, "k".into(), "n".into(), EmailState::Pending);
        assert_eq!(done.retrying, None);
        assert_eq!(retrying.failed(None, "bad".into(), Vec::new()).retrying, None);
        // A status written before the field existed still reads.
        let mut old = serde_json::to_value(&waiting).unwrap();
        old.as_object_mut().unwrap().remove("retrying");
        assert_eq!(serde_json::from_value::<UploadStatus>(old).unwrap(), waiting);
    }

    #[test]
    fn an_email_refused_for_some_recipients_names_them_and_older_statuses_still_read() {
        let refused = Unreached {
            address: "weg@acme.be".into(),
            code: "MessageRejected".into(),
            reason: "Email address is not verified.".into(),
        };
        let partly = EmailState::settled(1, Some(true), vec![refused.clone()]);
        assert!(partly.is_final());
        assert_eq!(
            serde_json::to_value(&partly).unwrap(),
            serde_json::json!({"state": "partly_sent", "recipients": 1, "attached": true, "unreached": [
                {"address": "weg@acme.be", "code": "MessageRejected", "reason": "Email address is not verified."}
            ]})
        );
        let none = EmailState::settled(0, Some(true), vec![refused.clone()]);
        assert_eq!(serde_json::to_value(&none).unwrap()["state"], "not_sent");
        assert_eq!(none.unreached(), std::slice::from_ref(&refused));
        assert_eq!(
            EmailState::settled(2, None, Vec::new()),
            EmailState::Sent {
                recipients: 2,
                attached: None
            }
        );
        // A status written before per-recipient sending: `retrying` had only its reason.
        let old: EmailState =
            serde_json::from_value(serde_json::json!({"state": "retrying", "reason": "SES"})).unwrap();
        assert_eq!(
            old,
            EmailState::Retrying {
                reason: "SES".into(),
                reached: 0,
                unreached: Vec::new()
            }
        );
        assert!(!old.is_final());
    }
}
