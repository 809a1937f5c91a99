//! The review's one error type.

use credit_store::StoreError;
use std::path::PathBuf;

/// Why a review could not be made, written or mailed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReviewError {
    /// The snapshot store failed (unreachable, or a stored record does not decode).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A snapshot listed by the store has no analysis: a snapshot is stored whole or not at all, so
    /// the store was changed by something else.
    #[error("snapshot {0} has no stored analysis")]
    MissingAnalysis(String),
    /// The workbook could not be written (a bug or a resource limit, never the user's data).
    #[error("could not write the review workbook: {0}")]
    Workbook(String),
    /// The e-mail could not be built (an address mail-builder cannot write).
    #[error("could not build the review e-mail: {0}")]
    Mail(String),
    /// The review e-mail has nobody to go to.
    #[error("the review e-mail has no recipient")]
    NoRecipients,
    /// The store holds no snapshot of the twelve months up to the month asked for, or none at all
    /// (`month` is `None`): the user's situation (the command line exits 2), not a failure.
    #[error("{}", nothing_to_review(.month.as_deref()))]
    NothingToReview {
        /// The month asked for (`YYYY-MM`); `None` when no month was named and the store is empty.
        month: Option<String>,
    },
    /// The workbook file could not be written.
    #[error("{}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl From<rust_xlsxwriter::XlsxError> for ReviewError {
    fn from(error: rust_xlsxwriter::XlsxError) -> Self {
        ReviewError::Workbook(error.to_string())
    }
}

fn nothing_to_review(month: Option<&str>) -> String {
    match month {
        Some(month) => {
            format!("no snapshot is kept in the twelve months up to {month}: analyse a ledger first (credit analyze)")
        }
        None => "no snapshot is kept yet: analyse a ledger first (credit analyze)".to_owned(),
    }
}
