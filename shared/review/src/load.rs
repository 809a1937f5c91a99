//! Reading what a review needs from any [`SnapshotStore`]: the newest snapshot of each month of the
//! window, the analyses of the current and previous snapshots, and the snapshot a year before.

use crate::compute::{build_review, choose, window, ReviewInput, Snapshot};
use crate::error::ReviewError;
use crate::model::Review;
use credit_core::lang::Lang;
use credit_store::{Month, SnapshotStore, SnapshotSummary, TenantId};

/// Reads the snapshots of `tenant` that the review of `month` compares: one query per month of the
/// window (the newest snapshot of each), the year-before month, and the two analyses.
///
/// # Errors
/// [`ReviewError::Store`] when the store fails, [`ReviewError::MissingAnalysis`] when a listed
/// snapshot has no analysis.
pub async fn load_input(
    store: &dyn SnapshotStore,
    tenant: &TenantId,
    month: Month,
    lang: Lang,
) -> Result<ReviewInput, ReviewError> {
    let mut months = Vec::new();
    for month in window(month) {
        months.push((month, store.snapshot_of_month(tenant, month).await?));
    }
    let (current, previous) = choose(&months);
    let (current, previous) = (current.cloned(), previous.cloned());
    let year_ago = match &current {
        Some(current) => store.snapshot_of_month(tenant, current.month.minus(12)).await?,
        None => None,
    };
    Ok(ReviewInput {
        month,
        lang,
        window: months,
        current: with_analysis(store, tenant, current).await?,
        previous: with_analysis(store, tenant, previous).await?,
        year_ago,
    })
}

async fn with_analysis(
    store: &dyn SnapshotStore,
    tenant: &TenantId,
    summary: Option<SnapshotSummary>,
) -> Result<Option<Snapshot>, ReviewError> {
    let Some(summary) = summary else { return Ok(None) };
    let analysis = store
        .analysis(tenant, &summary.id)
        .await?
        .ok_or_else(|| ReviewError::MissingAnalysis(summary.id.to_string()))?;
    Ok(Some(Snapshot { summary, analysis }))
}

/// Loads and computes the review of `month` for `tenant`, in `lang`.
///
/// # Errors
/// As [`load_input`].
pub async fn review_of(
    store: &dyn SnapshotStore,
    tenant: &TenantId,
    month: Month,
    lang: Lang,
) -> Result<Review, ReviewError> {
    Ok(build_review(&load_input(store, tenant, month, lang).await?))
}
