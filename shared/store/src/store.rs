//! The one storage trait every entry point codes against.

use crate::claim::{ClaimKey, ClaimOutcome};
use crate::error::StoreError;
use crate::model::{CustomerPoint, Month, NewSnapshot, PutOutcome, SnapshotId, SnapshotSummary, TenantId};
use crate::settings::TenantSettings;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use credit_core::analysis::{Analysis, CustomerAnalysis};
use std::time::Duration;

/// Snapshots of analyses, tenant settings and claims, per tenant.
///
/// Two implementations: [`EmbeddedStore`](crate::EmbeddedStore) (one local file, the `credit` command)
/// and `credit_aws::dynamo::DynamoStore` (one DynamoDB table, the Lambdas). Both pass the same
/// conformance suite (`credit_store::conformance`, feature `conformance`).
///
/// Every method is scoped to one tenant: no method reads or writes across tenants except
/// [`tenants_due_for_review`](Self::tenants_due_for_review), which lists settings only.
///
/// Snapshots past their retention (`expires_at`) are never returned, even before the backend deletes
/// them. "Newest first" means by as-of date, then by the time stored.
///
/// The trait uses `async-trait` so that callers can hold `Arc<dyn SnapshotStore>` (a Lambda keeps one
/// in its state); native `async fn` in traits is not dyn-compatible.
#[async_trait]
pub trait SnapshotStore: Send + Sync {
    /// Stores a snapshot: its summary, each customer, and the whole analysis.
    ///
    /// Idempotent on [`SourceRef::idempotency_key`](crate::SourceRef::idempotency_key): the same upload
    /// stored twice, one after the other or at the same time, yields one snapshot, and every put but
    /// the first answers [`PutOutcome::AlreadyStored`] with the snapshot stored first. A put that fails
    /// half-way stored nothing visible, and can be retried.
    async fn put_snapshot(&self, snapshot: &NewSnapshot) -> Result<PutOutcome, StoreError>;

    /// One snapshot by id.
    async fn snapshot(&self, tenant: &TenantId, id: &SnapshotId) -> Result<Option<SnapshotSummary>, StoreError>;

    /// The newest snapshot of a tenant.
    async fn latest_snapshot(&self, tenant: &TenantId) -> Result<Option<SnapshotSummary>, StoreError> {
        Ok(self.list_snapshots(tenant, 1).await?.into_iter().next())
    }

    /// The newest snapshot whose as-of date falls in `month`.
    async fn snapshot_of_month(&self, tenant: &TenantId, month: Month) -> Result<Option<SnapshotSummary>, StoreError>;

    /// Up to `limit` snapshots, newest first.
    async fn list_snapshots(&self, tenant: &TenantId, limit: usize) -> Result<Vec<SnapshotSummary>, StoreError>;

    /// The whole analysis a snapshot was made from.
    async fn analysis(&self, tenant: &TenantId, id: &SnapshotId) -> Result<Option<Analysis>, StoreError>;

    /// Every customer of a snapshot, in the analysis order (largest open balance first). Empty when the
    /// snapshot does not exist.
    async fn customers(&self, tenant: &TenantId, id: &SnapshotId) -> Result<Vec<CustomerAnalysis>, StoreError>;

    /// One customer across the newest `limit` snapshots, newest first; snapshots without the
    /// customer are left out.
    async fn customer_history(
        &self,
        tenant: &TenantId,
        customer_id: &str,
        limit: usize,
    ) -> Result<Vec<CustomerPoint>, StoreError>;

    /// A tenant's settings, if any were stored.
    async fn settings(&self, tenant: &TenantId) -> Result<Option<TenantSettings>, StoreError>;

    /// Stores a tenant's settings, replacing what was there.
    ///
    /// # Errors
    /// [`StoreError::InvalidSettings`] when [`TenantSettings::validate`] refuses them.
    async fn put_settings(&self, settings: &TenantSettings) -> Result<(), StoreError>;

    /// The tenants whose review of `month` is due at `now` (see [`TenantSettings::is_review_due`]) and
    /// not yet claimed ([`ClaimKey::review`] neither done nor held), ordered by tenant id.
    async fn tenants_due_for_review(&self, month: Month, now: DateTime<Utc>)
        -> Result<Vec<TenantSettings>, StoreError>;

    /// Claims `key` for `lease` ("true the first time only"): [`ClaimOutcome::Acquired`] when nobody
    /// holds it and it was not done, or when the previous holder's lease ran out.
    async fn claim(&self, tenant: &TenantId, key: &ClaimKey, lease: Duration) -> Result<ClaimOutcome, StoreError>;

    /// Marks a claim done; it is remembered for `keep` (then the TTL deletes it).
    async fn complete_claim(&self, tenant: &TenantId, key: &ClaimKey, keep: Duration) -> Result<(), StoreError>;

    /// Gives a held claim back after a failure, so that a retry may claim it at once. Does nothing to a
    /// claim that is done or absent.
    async fn release_claim(&self, tenant: &TenantId, key: &ClaimKey) -> Result<(), StoreError>;
}
