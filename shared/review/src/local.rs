//! `credit review [--month YYYY-MM]`: the same review from the command line's embedded store,
//! written to a workbook file.
//!
//! The command line keeps its snapshots under one tenant (`local`, `LOCAL_TENANT` in the CLI); the
//! review reads them exactly as the Lambda reads a tenant's snapshots in DynamoDB.

use crate::compute::build_review;
use crate::error::ReviewError;
use crate::load::load_input;
use crate::model::Review;
use crate::workbook::{file_name, write_review_workbook};
use credit_core::lang::Lang;
use credit_store::{block_on, EmbeddedStore, Month, SnapshotStore, TenantId};
use std::path::{Path, PathBuf};

/// What `credit review` made.
#[derive(Debug, Clone)]
pub struct LocalReview {
    /// The review (print [`Review::summary_text`] and [`Review::notes`]).
    pub review: Review,
    /// Where the workbook was written.
    pub path: PathBuf,
}

/// Reviews `month` (default: the month of the newest snapshot) of `tenant` in `store`, in `lang`
/// (default: the language of the analysis reviewed), and writes the workbook to `out` (default:
/// [`file_name`] in the current directory).
///
/// # Errors
/// [`ReviewError::NothingToReview`] when the store is empty or when no snapshot of the twelve months up to the month exists (the
/// user's situation, to be reported as such), [`ReviewError::Store`] when the store cannot be read,
/// [`ReviewError::Write`] when the file cannot be written.
pub fn review_to_file(
    store: &EmbeddedStore,
    tenant: &TenantId,
    month: Option<Month>,
    lang: Option<Lang>,
    out: Option<&Path>,
) -> Result<LocalReview, ReviewError> {
    let month = match month {
        Some(month) => month,
        None => match block_on(store.latest_snapshot(tenant))? {
            Some(latest) => latest.month,
            None => return Err(ReviewError::NothingToReview { month: None }),
        },
    };
    let mut input = block_on(load_input(store, tenant, month, lang.unwrap_or_default()))?;
    let Some(current) = &input.current else {
        return Err(ReviewError::NothingToReview {
            month: Some(month.to_string()),
        });
    };
    input.lang = lang.unwrap_or(current.analysis.language);
    let review = build_review(&input);
    let bytes = write_review_workbook(&review)?;
    let path = out.map_or_else(|| PathBuf::from(file_name(&review)), Path::to_path_buf);
    std::fs::write(&path, bytes).map_err(|source| ReviewError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(LocalReview { review, path })
}
