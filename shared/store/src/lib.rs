//! The snapshot store: one trait, and the embedded single-file implementation used by the credit command.
//!
//! A *snapshot* is the analysis of one uploaded ledger of one tenant, kept so that later months can be
//! compared with it: its [`SnapshotSummary`] (portfolio totals and KPIs), each customer's
//! [`CustomerAnalysis`](credit_core::analysis::CustomerAnalysis), and the whole
//! [`Analysis`](credit_core::analysis::Analysis). Next to the snapshots the store keeps each tenant's
//! [`TenantSettings`] and [`claim`] markers that make e-mails and reviews happen once.
//!
//! Everything goes through the [`SnapshotStore`] trait; `credit-aws` implements it on DynamoDB, this
//! crate on a local redb file ([`EmbeddedStore`]).
//!
//! # Storing an analysis, and sending its e-mail once
//!
//! ```no_run
//! use credit_store::{content_hash, ClaimKey, NewSnapshot, SnapshotStore, SourceRef, TenantId};
//! use credit_store::{DEFAULT_CLAIM_KEEP, DEFAULT_CLAIM_LEASE};
//! # async fn example(store: &dyn SnapshotStore, analysis: credit_core::analysis::Analysis, bytes: &[u8])
//! # -> Result<(), credit_store::StoreError> {
//! let tenant = TenantId::new("acme")?;
//! // S3: the object key and its ETag; the command line: the file name and content_hash(bytes).
//! let source = SourceRef::new("ledger.xlsx", "acme/uploads/42/ledger.xlsx", content_hash(bytes));
//! let outcome = store.put_snapshot(&NewSnapshot::new(tenant.clone(), source, analysis)).await?;
//! let snapshot = outcome.summary(); // `outcome.is_new()` is false for a redelivered upload
//! let email = ClaimKey::email(&snapshot.id);
//! if store.claim(&tenant, &email, DEFAULT_CLAIM_LEASE).await?.acquired() {
//!     let sent: Result<(), String> = Ok(()); // send it here
//!     match sent {
//!         Ok(()) => store.complete_claim(&tenant, &email, DEFAULT_CLAIM_KEEP).await?,
//!         Err(_) => store.release_claim(&tenant, &email).await?, // the retry may send
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! Without an async runtime (the `credit` command), wrap each call in [`block_on`]:
//! `block_on(store.list_snapshots(&tenant, 20))`.
#![warn(missing_docs)]

pub mod claim;
#[cfg(feature = "conformance")]
pub mod conformance;
mod embedded;
mod error;
mod listing;
mod model;
pub mod settings;
mod store;

pub use claim::{ClaimKey, ClaimOutcome, DEFAULT_CLAIM_KEEP, DEFAULT_CLAIM_LEASE};
pub use embedded::{block_on, default_store_path, EmbeddedStore};
pub use error::StoreError;
pub use listing::SnapshotTable;
pub use model::{
    content_hash, expiry, CustomerPoint, Month, NewSnapshot, PutOutcome, SnapshotId, SnapshotSummary, SourceRef,
    TenantId, DEFAULT_RETENTION_MONTHS,
};
pub use settings::{ReviewDay, TenantSettings};
pub use store::SnapshotStore;
