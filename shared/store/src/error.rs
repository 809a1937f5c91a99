//! The store's one error type.

use std::error::Error as StdError;

/// Why a store operation failed.
///
/// Every variant names the rule it enforces or the operation that failed, so that a log line is
/// enough to tell what happened. Backend errors keep their source.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// A tenant id must be 1 to 128 characters from `A-Z a-z 0-9 . _ -`: it is part of every key,
    /// object prefix and e-mail of the tenant, so no separator may hide in it.
    #[error("invalid tenant id {0:?}: expected 1 to 128 characters from A-Z, a-z, 0-9, '.', '_', '-'")]
    InvalidTenant(String),
    /// A snapshot id is 1 to 64 characters from `A-Z a-z 0-9 -`, as the store generates them.
    #[error("invalid snapshot id {0:?}: expected 1 to 64 characters from A-Z, a-z, 0-9, '-'")]
    InvalidSnapshotId(String),
    /// A month is written `YYYY-MM` with a year from 1 to 9999.
    #[error("invalid month {0:?}: expected YYYY-MM, e.g. 2026-10")]
    InvalidMonth(String),
    /// A claim key is 1 to 200 printable characters.
    #[error("invalid claim key {0:?}: expected 1 to 200 printable characters")]
    InvalidClaimKey(String),
    /// Tenant settings that cannot be used (a recipient without '@', a policy that does not parse...).
    #[error("invalid tenant settings: {0}")]
    InvalidSettings(String),
    /// One stored item would exceed what the backend accepts (DynamoDB: 400 KB per item).
    #[error("{what} is {size} bytes once stored, over the limit of {limit} bytes")]
    TooLarge {
        /// What was too large.
        what: String,
        /// Its size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// Something read back from the store does not decode: the store was written by something else.
    #[error("stored {what} cannot be read: {detail}")]
    Corrupt {
        /// What was read.
        what: String,
        /// Why it does not decode.
        detail: String,
    },
    /// The backend (file, database service) failed; retrying may help.
    #[error("store {operation} failed: {source}")]
    Backend {
        /// The operation that failed ("open", "put snapshot", "query"...).
        operation: &'static str,
        /// The backend's own error.
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },
}

impl StoreError {
    /// Wraps a backend error with the operation it interrupted.
    pub fn backend(operation: &'static str, source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        StoreError::Backend {
            operation,
            source: source.into(),
        }
    }

    /// A decoding error of something read back.
    pub fn corrupt(what: impl Into<String>, detail: impl ToString) -> Self {
        StoreError::Corrupt {
            what: what.into(),
            detail: detail.to_string(),
        }
    }
}
