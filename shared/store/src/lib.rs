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
