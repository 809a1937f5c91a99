//! Why a record must be retried.

use credit_aws::s3::S3Error;
use credit_aws::ses::SesError;
use credit_store::StoreError;

/// A failure that a retry of the event may cure. Refused keys and refused ledgers are not errors:
/// retrying cannot change them (see [`crate::Outcome`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// S3 failed (unreachable, throttled, refused a write).
    #[error(transparent)]
    S3(#[from] S3Error),
    /// The snapshot store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// SES did not send the report; the workbook and the snapshot are stored.
    #[error(transparent)]
    Email(#[from] SesError),
    /// The workbook could not be written: our fault, not the ledger's.
    #[error("the analysis could not be written as a workbook: {0}")]
    Workbook(String),
    /// Some records of the event failed.
    #[error("{} record(s) failed: {}", .0.len(), join(.0))]
    Retry(Vec<IngestError>),
}

fn join(errors: &[IngestError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}
