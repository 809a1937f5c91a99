//! S3: the uploaded ledgers, the annotated workbooks and the status of each upload, every object under
//! its tenant's prefix.
//!
//! Keys, all issued by the API and nothing else:
//!
//! | key | what |
//! | --- | --- |
//! | `uploads/<tenant>/<upload id>/<file>` | the ledger as uploaded (presigned PUT); its ObjectCreated event starts the ingest |
//! | `results/<tenant>/<upload id>/status.json` | the upload's [`UploadStatus`], written by the API when it issues the upload, then by the ingest |
//! | `results/<tenant>/<upload id>/<file>.annotated.xlsx` | the annotated workbook |
//!
//! The tenant in a key is always the one the API took from the caller's JWT; the ingest reads it back
//! from the key ([`UploadKey::parse`]) and refuses any key of another shape, and any upload id for which
//! the API wrote no status under that tenant.

mod keys;
mod objects;
mod status;

pub use keys::{
    content_disposition, decode_event_key, fits_a_key, result_key, safe_file_name, status_key, KeyError, UploadId,
    UploadKey, RESULT_PREFIX, STATUS_FILE, UPLOAD_PREFIX,
};
pub use objects::{Objects, PresignedUrl, S3Error, StoredObject, XLSX_CONTENT_TYPE};
pub use status::{EmailState, UploadState, UploadStatus};
