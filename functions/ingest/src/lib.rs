//! Lambda: analyses a ledger uploaded to S3, stores the snapshot and e-mails the result.
//!
//! For each `ObjectCreated` record of an S3 event ([`record::ingest_record`]):
//! 1. the key must be one the API issued: `uploads/<tenant>/<upload id>/<file>` with a `waiting` (or
//!    earlier) status under that tenant naming that very key; anything else is refused and logged;
//! 2. the ledger is read and analysed by the engine; a ledger the engine refuses marks the upload
//!    `failed` with its problems (the user reads them with `GET /results/{id}`) and is not retried;
//! 3. the annotated workbook goes to `results/<tenant>/<upload id>/`, the snapshot to the store (one
//!    snapshot per upload, however often S3 delivers the event), the status becomes `done`;
//! 4. the tenant's recipients get the report ([`report`]), once: an e-mail claim in the store makes
//!    a redelivery or a concurrent delivery skip it.
//!
//! A failure in a step keeps what the steps before it stored and makes the handler return an error,
//! so Lambda retries the event; the retry finds the status `done` for that object and goes straight to
//! the e-mail.
#![warn(missing_docs)]

pub mod error;
pub mod record;
pub mod report;

pub use error::IngestError;
pub use record::Outcome;

use aws_lambda_events::event::s3::S3Event;
use credit_aws::config::{ConfigError, FunctionConfig};
use credit_aws::s3::Objects;
use credit_aws::ses::Mailer;
use credit_store::SnapshotStore;
use std::sync::Arc;

/// What the handler needs, built once per cold start.
#[derive(Clone)]
pub struct Ingest {
    /// The snapshot store (DynamoDB in AWS).
    pub store: Arc<dyn SnapshotStore>,
    /// The bucket of uploads and results.
    pub objects: Objects,
    /// SES.
    pub mailer: Mailer,
    /// The verified identity reports are sent from.
    pub sender: String,
    /// The environment.
    pub config: FunctionConfig,
    /// The largest raw e-mail sent with the workbook attached; a larger one carries a link instead.
    /// SES's limit ([`credit_aws::ses::SES_RAW_LIMIT_BYTES`]); tests lower it to reach the link path
    /// without a ledger of millions of rows.
    pub max_email_bytes: usize,
}

impl Ingest {
    /// The function on the AWS services of `sdk`, as `config` names them.
    ///
    /// # Errors
    /// [`ConfigError::Missing`] when `SENDER_EMAIL` is not set.
    pub fn from_sdk(config: FunctionConfig, sdk: &aws_config::SdkConfig) -> Result<Self, ConfigError> {
        let sender = config.require_sender()?.to_owned();
        Ok(Ingest {
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

/// Handles one S3 event, record by record, and answers what became of each.
///
/// # Errors
/// [`IngestError::Retry`] when a record hit a failure that a retry may cure (S3, the store or SES
/// failing); the records that went through are not redone by the retry.
pub async fn handle(ingest: &Ingest, event: S3Event) -> Result<Vec<Outcome>, IngestError> {
    let mut outcomes = Vec::with_capacity(event.records.len());
    let mut failures = Vec::new();
    for record in &event.records {
        match record::ingest_record(ingest, record).await {
            Ok(outcome) => outcomes.push(outcome),
            Err(error) => failures.push(error),
        }
    }
    if failures.is_empty() {
        Ok(outcomes)
    } else {
        Err(IngestError::Retry(failures))
    }
}
