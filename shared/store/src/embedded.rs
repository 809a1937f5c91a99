//! The embedded store: one redb file on the user's machine, for the `credit` command.
//!
//! Keys are text, `<tenant>#<rest>`: tenant ids cannot hold `#`, so a tenant's records are exactly the
//! keys from `<tenant>#` up to (not including) `<tenant>$`, and snapshot ids sort newest last. Values
//! are JSON, the same documents the DynamoDB items carry.
//!
//! Every method does its work on the calling thread and its future never waits: a redb transaction
//! on a local file takes milliseconds, and the command line has nothing else to do meanwhile. Use
//! [`block_on`] to call it without an async runtime.

use crate::claim::{after, ClaimKey, ClaimOutcome, ClaimRecord, ClaimState};
use crate::error::StoreError;
use crate::model::{CustomerPoint, Month, NewSnapshot, PutOutcome, SnapshotId, SnapshotSummary, TenantId};
use crate::settings::TenantSettings;
use crate::store::SnapshotStore;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use credit_core::analysis::{Analysis, CustomerAnalysis};
use redb::{ConcurrencyMode, Database, ReadableDatabase, ReadableTable, TableDefinition};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::task::{Context, Poll, Wake};
use std::time::Duration;

/// `<tenant>#<snapshot id>` -> [`SnapshotSummary`].
const SNAPSHOTS: TableDefinition<&str, &[u8]> = TableDefinition::new("snapshots");
/// `<tenant>#<idempotency key>` -> snapshot id: one snapshot per upload.
const SOURCES: TableDefinition<&str, &[u8]> = TableDefinition::new("sources");
/// `<tenant>#<snapshot id>#<customer id>` -> [`StoredCustomer`].
const CUSTOMERS: TableDefinition<&str, &[u8]> = TableDefinition::new("customers");
/// `<tenant>#<snapshot id>` -> the whole [`Analysis`].
const ANALYSES: TableDefinition<&str, &[u8]> = TableDefinition::new("analyses");
/// `<tenant>` -> [`TenantSettings`].
const SETTINGS: TableDefinition<&str, &[u8]> = TableDefinition::new("settings");
/// `<tenant>#<claim key>` -> [`ClaimRecord`].
const CLAIMS: TableDefinition<&str, &[u8]> = TableDefinition::new("claims");

/// A customer of a snapshot with its place in the analysis order.
#[derive(Serialize, Deserialize)]
struct StoredCustomer {
    position: usize,
    customer: CustomerAnalysis,
}

/// The store of the `credit` command: a single redb file.
///
/// Cheap to clone (the database is shared). Several `credit` processes may use the same file at once:
/// it is opened in redb's multi-writer mode, and write transactions take turns.
#[derive(Clone)]
pub struct EmbeddedStore {
    db: Arc<Database>,
    path: PathBuf,
}

/// Where the `credit` command keeps its snapshots unless `--store` says otherwise:
/// `<data dir>/credit/snapshots.redb` (Linux `~/.local/share/credit/`, macOS
/// `~/Library/Application Support/credit/`, Windows `%APPDATA%\credit\`). `None` when the system has
/// no data directory for the user.
pub fn default_store_path() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join("credit").join("snapshots.redb"))
}

impl EmbeddedStore {
    /// Opens the store at `path`, creating the file and its directory when missing.
    ///
    /// # Errors
    /// [`StoreError::Backend`] when the directory cannot be made or the file is not a redb database.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|error| StoreError::backend("create the store directory", error))?;
        }
        let db = Database::builder()
            .set_concurrency_mode(ConcurrencyMode::MultiWriter)
            .create(&path)
            .map_err(|error| StoreError::backend("open the store file", error))?;
        let txn = db.begin_write().map_err(redb_error("open the store file"))?;
        for table in [SNAPSHOTS, SOURCES, CUSTOMERS, ANALYSES, SETTINGS, CLAIMS] {
            txn.open_table(table).map_err(redb_error("open the store file"))?;
        }
        txn.commit().map_err(redb_error("open the store file"))?;
        Ok(EmbeddedStore { db: Arc::new(db), path })
    }

    /// Opens the store at [`default_store_path`].
    ///
    /// # Errors
    /// As [`EmbeddedStore::open`]; [`StoreError::Backend`] when the system has no data directory.
    pub fn open_default() -> Result<Self, StoreError> {
        let path = default_store_path().ok_or_else(|| {
            StoreError::backend(
                "find the store",
                "the system has no data directory for this user: use --store PATH",
            )
        })?;
        EmbeddedStore::open(path)
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Deletes the snapshots of `tenant` (with their customers, analyses and upload markers) and the
    /// claims that expired at `now`. Every put does it for its tenant, so the file does not grow past
    /// the retention.
    ///
    /// # Errors
    /// [`StoreError::Backend`] when the file cannot be written.
    pub fn purge_expired(&self, tenant: &TenantId, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let txn = self.db.begin_write().map_err(redb_error("purge"))?;
        let purged = purge_tenant(&txn, tenant, now)?;
        txn.commit().map_err(redb_error("purge"))?;
        Ok(purged)
    }

    fn read<T>(
        &self,
        operation: &'static str,
        work: impl FnOnce(&redb::ReadTransaction) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let txn = self.db.begin_read().map_err(redb_error(operation))?;
        work(&txn)
    }

    fn write<T>(
        &self,
        operation: &'static str,
        work: impl FnOnce(&redb::WriteTransaction) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let txn = self.db.begin_write().map_err(redb_error(operation))?;
        let value = work(&txn)?;
        txn.commit().map_err(redb_error(operation))?;
        Ok(value)
    }

    fn summaries(
        &self,
        tenant: &TenantId,
        range: (String, String),
        limit: usize,
    ) -> Result<Vec<SnapshotSummary>, StoreError> {
        let now = Utc::now();
        self.read("list snapshots", |txn| {
            let table = txn.open_table(SNAPSHOTS).map_err(redb_error("list snapshots"))?;
            let mut found = Vec::new();
            let entries = table
                .range(range.0.as_str()..range.1.as_str())
                .map_err(redb_error("list snapshots"))?;
            for entry in entries.rev() {
                if found.len() >= limit {
                    break;
                }
                let (_, value) = entry.map_err(redb_error("list snapshots"))?;
                let summary: SnapshotSummary = decode("snapshot", value.value())?;
                if summary.expires_at > now && &summary.tenant == tenant {
                    found.push(summary);
                }
            }
            Ok(found)
        })
    }
}

/// Runs a future to completion on the current thread: the way to call an [`EmbeddedStore`] from code
/// without an async runtime (its futures never wait). A future that does wait parks the thread until
/// it is woken.
pub fn block_on<F: Future>(future: F) -> F::Output {
    struct ThreadWaker(std::thread::Thread);
    impl Wake for ThreadWaker {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Arc::new(ThreadWaker(std::thread::current())).into();
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        match future.as_mut().poll(&mut context) {
            Poll::Ready(output) => return output,
            Poll::Pending => std::thread::park(),
        }
    }
}

fn redb_error<E: Into<redb::Error>>(operation: &'static str) -> impl Fn(E) -> StoreError {
    move |error| StoreError::backend(operation, error.into())
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(value).map_err(|error| StoreError::backend("encode", error))
}

fn decode<T: DeserializeOwned>(what: &str, bytes: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(bytes).map_err(|error| StoreError::corrupt(what, error))
}

/// The keys of everything under `prefix`: from `prefix` up to `prefix` with its last `#` made `$`.
fn prefix_range(prefix: &str) -> (String, String) {
    let mut end = prefix.to_string();
    if end.ends_with('#') {
        end.pop();
        end.push('$');
    } else {
        end.push('\u{10FFFF}');
    }
    (prefix.to_string(), end)
}

fn snapshot_key(tenant: &TenantId, id: &SnapshotId) -> String {
    format!("{tenant}#{id}")
}

fn get<T: DeserializeOwned>(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    what: &str,
    key: &str,
) -> Result<Option<T>, StoreError> {
    match table.get(key).map_err(redb_error("read"))? {
        Some(value) => decode(what, value.value()).map(Some),
        None => Ok(None),
    }
}

fn keys_in(
    table: &impl ReadableTable<&'static str, &'static [u8]>,
    range: &(String, String),
) -> Result<Vec<String>, StoreError> {
    table
        .range(range.0.as_str()..range.1.as_str())
        .map_err(redb_error("read"))?
        .map(|entry| {
            entry
                .map(|(key, _)| key.value().to_string())
                .map_err(redb_error("read"))
        })
        .collect()
}

fn purge_tenant(txn: &redb::WriteTransaction, tenant: &TenantId, now: DateTime<Utc>) -> Result<usize, StoreError> {
    let mut snapshots = txn.open_table(SNAPSHOTS).map_err(redb_error("purge"))?;
    let mut expired = Vec::new();
    let tenant_range = prefix_range(&format!("{tenant}#"));
    for entry in snapshots
        .range(tenant_range.0.as_str()..tenant_range.1.as_str())
        .map_err(redb_error("purge"))?
    {
        let (key, value) = entry.map_err(redb_error("purge"))?;
        let summary: SnapshotSummary = decode("snapshot", value.value())?;
        if summary.expires_at <= now {
            expired.push((key.value().to_string(), summary));
        }
    }
    let mut customers = txn.open_table(CUSTOMERS).map_err(redb_error("purge"))?;
    let mut analyses = txn.open_table(ANALYSES).map_err(redb_error("purge"))?;
    let mut sources = txn.open_table(SOURCES).map_err(redb_error("purge"))?;
    for (key, summary) in &expired {
        snapshots.remove(key.as_str()).map_err(redb_error("purge"))?;
        analyses.remove(key.as_str()).map_err(redb_error("purge"))?;
        for customer_key in keys_in(&customers, &prefix_range(&format!("{key}#")))? {
            customers.remove(customer_key.as_str()).map_err(redb_error("purge"))?;
        }
        let source_key = format!("{tenant}#{}", summary.source.idempotency_key());
        let points_here = get::<SnapshotId>(&sources, "upload marker", &source_key)?.is_some_and(|id| id == summary.id);
        if points_here {
            sources.remove(source_key.as_str()).map_err(redb_error("purge"))?;
        }
    }
    let mut claims = txn.open_table(CLAIMS).map_err(redb_error("purge"))?;
    let mut stale_claims = Vec::new();
    for entry in claims
        .range(tenant_range.0.as_str()..tenant_range.1.as_str())
        .map_err(redb_error("purge"))?
    {
        let (key, value) = entry.map_err(redb_error("purge"))?;
        let record: ClaimRecord = decode("claim", value.value())?;
        if record.expires_at <= now {
            stale_claims.push(key.value().to_string());
        }
    }
    for key in &stale_claims {
        claims.remove(key.as_str()).map_err(redb_error("purge"))?;
    }
    Ok(expired.len())
}

#[async_trait]
impl SnapshotStore for EmbeddedStore {
    async fn put_snapshot(&self, snapshot: &NewSnapshot) -> Result<PutOutcome, StoreError> {
        let summary = snapshot.summary();
        let tenant = &snapshot.tenant;
        let now = Utc::now();
        self.write("put snapshot", |txn| {
            purge_tenant(txn, tenant, now)?;
            let mut sources = txn.open_table(SOURCES).map_err(redb_error("put snapshot"))?;
            let mut snapshots = txn.open_table(SNAPSHOTS).map_err(redb_error("put snapshot"))?;
            let source_key = format!("{tenant}#{}", snapshot.source.idempotency_key());
            if let Some(existing) = get::<SnapshotId>(&sources, "upload marker", &source_key)? {
                if let Some(stored) = get::<SnapshotSummary>(&snapshots, "snapshot", &snapshot_key(tenant, &existing))?
                {
                    return Ok(PutOutcome::AlreadyStored(stored));
                }
            }
            let key = snapshot_key(tenant, &summary.id);
            sources
                .insert(source_key.as_str(), encode(&summary.id)?.as_slice())
                .map_err(redb_error("put snapshot"))?;
            snapshots
                .insert(key.as_str(), encode(&summary)?.as_slice())
                .map_err(redb_error("put snapshot"))?;
            let mut analyses = txn.open_table(ANALYSES).map_err(redb_error("put snapshot"))?;
            analyses
                .insert(key.as_str(), encode(&snapshot.analysis)?.as_slice())
                .map_err(redb_error("put snapshot"))?;
            let mut customers = txn.open_table(CUSTOMERS).map_err(redb_error("put snapshot"))?;
            for (position, customer) in snapshot.analysis.customers.iter().enumerate() {
                let stored = StoredCustomer {
                    position,
                    customer: customer.clone(),
                };
                customers
                    .insert(format!("{key}#{}", customer.id).as_str(), encode(&stored)?.as_slice())
                    .map_err(redb_error("put snapshot"))?;
            }
            Ok(PutOutcome::Stored(summary.clone()))
        })
    }

    async fn snapshot(&self, tenant: &TenantId, id: &SnapshotId) -> Result<Option<SnapshotSummary>, StoreError> {
        let now = Utc::now();
        self.read("get snapshot", |txn| {
            let table = txn.open_table(SNAPSHOTS).map_err(redb_error("get snapshot"))?;
            let summary: Option<SnapshotSummary> = get(&table, "snapshot", &snapshot_key(tenant, id))?;
            Ok(summary.filter(|summary| summary.expires_at > now))
        })
    }

    async fn snapshot_of_month(&self, tenant: &TenantId, month: Month) -> Result<Option<SnapshotSummary>, StoreError> {
        let start = format!("{tenant}#{:04}{:02}", month.year(), month.month());
        let next = month.next();
        let end = format!("{tenant}#{:04}{:02}", next.year(), next.month());
        Ok(self.summaries(tenant, (start, end), 1)?.into_iter().next())
    }

    async fn list_snapshots(&self, tenant: &TenantId, limit: usize) -> Result<Vec<SnapshotSummary>, StoreError> {
        self.summaries(tenant, prefix_range(&format!("{tenant}#")), limit)
    }

    async fn analysis(&self, tenant: &TenantId, id: &SnapshotId) -> Result<Option<Analysis>, StoreError> {
        if self.snapshot(tenant, id).await?.is_none() {
            return Ok(None);
        }
        self.read("get analysis", |txn| {
            let table = txn.open_table(ANALYSES).map_err(redb_error("get analysis"))?;
            get(&table, "analysis", &snapshot_key(tenant, id))
        })
    }

    async fn customers(&self, tenant: &TenantId, id: &SnapshotId) -> Result<Vec<CustomerAnalysis>, StoreError> {
        if self.snapshot(tenant, id).await?.is_none() {
            return Ok(Vec::new());
        }
        let range = prefix_range(&format!("{}#", snapshot_key(tenant, id)));
        self.read("list customers", |txn| {
            let table = txn.open_table(CUSTOMERS).map_err(redb_error("list customers"))?;
            let mut stored = Vec::new();
            for entry in table
                .range(range.0.as_str()..range.1.as_str())
                .map_err(redb_error("list customers"))?
            {
                let (_, value) = entry.map_err(redb_error("list customers"))?;
                stored.push(decode::<StoredCustomer>("customer", value.value())?);
            }
            stored.sort_by_key(|customer| customer.position);
            Ok(stored.into_iter().map(|stored| stored.customer).collect())
        })
    }

    async fn customer_history(
        &self,
        tenant: &TenantId,
        customer_id: &str,
        limit: usize,
    ) -> Result<Vec<CustomerPoint>, StoreError> {
        let snapshots = self.list_snapshots(tenant, limit).await?;
        self.read("customer history", |txn| {
            let table = txn.open_table(CUSTOMERS).map_err(redb_error("customer history"))?;
            let mut points = Vec::new();
            for snapshot in snapshots {
                let key = format!("{}#{customer_id}", snapshot_key(tenant, &snapshot.id));
                if let Some(stored) = get::<StoredCustomer>(&table, "customer", &key)? {
                    points.push(CustomerPoint {
                        snapshot_id: snapshot.id,
                        month: snapshot.month,
                        as_of: snapshot.as_of,
                        customer: stored.customer,
                    });
                }
            }
            Ok(points)
        })
    }

    async fn settings(&self, tenant: &TenantId) -> Result<Option<TenantSettings>, StoreError> {
        self.read("get settings", |txn| {
            let table = txn.open_table(SETTINGS).map_err(redb_error("get settings"))?;
            get(&table, "settings", tenant.as_str())
        })
    }

    async fn put_settings(&self, settings: &TenantSettings) -> Result<(), StoreError> {
        settings.validate()?;
        self.write("put settings", |txn| {
            let mut table = txn.open_table(SETTINGS).map_err(redb_error("put settings"))?;
            table
                .insert(settings.tenant.as_str(), encode(settings)?.as_slice())
                .map_err(redb_error("put settings"))?;
            Ok(())
        })
    }

    async fn tenants_due_for_review(
        &self,
        month: Month,
        now: DateTime<Utc>,
    ) -> Result<Vec<TenantSettings>, StoreError> {
        let review = ClaimKey::review(month);
        self.read("tenants due", |txn| {
            let settings_table = txn.open_table(SETTINGS).map_err(redb_error("tenants due"))?;
            let claims = txn.open_table(CLAIMS).map_err(redb_error("tenants due"))?;
            let mut due = Vec::new();
            for entry in settings_table.iter().map_err(redb_error("tenants due"))? {
                let (_, value) = entry.map_err(redb_error("tenants due"))?;
                let settings: TenantSettings = decode("settings", value.value())?;
                if !settings.is_review_due(month, now) {
                    continue;
                }
                let claim_key = format!("{}#{review}", settings.tenant);
                let claimed = get::<ClaimRecord>(&claims, "claim", &claim_key)?
                    .and_then(|record| record.outcome_at(now))
                    .is_some();
                if !claimed {
                    due.push(settings);
                }
            }
            Ok(due)
        })
    }

    async fn claim(&self, tenant: &TenantId, key: &ClaimKey, lease: Duration) -> Result<ClaimOutcome, StoreError> {
        let now = Utc::now();
        let claim_key = format!("{tenant}#{key}");
        self.write("claim", |txn| {
            let mut table = txn.open_table(CLAIMS).map_err(redb_error("claim"))?;
            if let Some(outcome) =
                get::<ClaimRecord>(&table, "claim", &claim_key)?.and_then(|record| record.outcome_at(now))
            {
                return Ok(outcome);
            }
            let record = ClaimRecord {
                state: ClaimState::Held,
                expires_at: after(now, lease),
            };
            table
                .insert(claim_key.as_str(), encode(&record)?.as_slice())
                .map_err(redb_error("claim"))?;
            Ok(ClaimOutcome::Acquired)
        })
    }

    async fn complete_claim(&self, tenant: &TenantId, key: &ClaimKey, keep: Duration) -> Result<(), StoreError> {
        let record = ClaimRecord {
            state: ClaimState::Done,
            expires_at: after(Utc::now(), keep),
        };
        let claim_key = format!("{tenant}#{key}");
        self.write("complete claim", |txn| {
            let mut table = txn.open_table(CLAIMS).map_err(redb_error("complete claim"))?;
            table
                .insert(claim_key.as_str(), encode(&record)?.as_slice())
                .map_err(redb_error("complete claim"))?;
            Ok(())
        })
    }

    async fn release_claim(&self, tenant: &TenantId, key: &ClaimKey) -> Result<(), StoreError> {
        let claim_key = format!("{tenant}#{key}");
        self.write("release claim", |txn| {
            let mut table = txn.open_table(CLAIMS).map_err(redb_error("release claim"))?;
            let held =
                get::<ClaimRecord>(&table, "claim", &claim_key)?.is_some_and(|record| record.state == ClaimState::Held);
            if held {
                table.remove(claim_key.as_str()).map_err(redb_error("release claim"))?;
            }
            Ok(())
        })
    }
}
