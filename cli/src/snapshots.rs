//! The snapshots the command keeps on this machine: one file (redb) under the user's data directory,
//! so that the monthly review can compare months without any AWS account.

use crate::Failure;
use clap::Args;
use credit_core::analysis::Analysis;
use credit_store::{
    block_on, content_hash, default_store_path, EmbeddedStore, NewSnapshot, PutOutcome, SnapshotStore, SnapshotTable,
    SourceRef, TenantId,
};
use std::path::PathBuf;

/// The tenant of everything stored by the command: one machine, one business.
pub const LOCAL_TENANT: &str = "local";

#[derive(Debug, Args)]
pub struct StoreArgs {
    /// The snapshot file; default <data dir>/credit/snapshots.redb.
    #[arg(long, value_name = "PATH", env = "CREDIT_STORE")]
    store: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SnapshotsArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// How many snapshots to list.
    #[arg(long, default_value_t = 24)]
    limit: usize,
}

pub fn open(args: &StoreArgs) -> Result<EmbeddedStore, Failure> {
    let path =
        args.store.clone().or_else(default_store_path).ok_or_else(|| {
            Failure::input("no data directory for this user: choose a snapshot file with --store PATH")
        })?;
    EmbeddedStore::open(&path).map_err(|error| Failure::other(anyhow::anyhow!("{}: {error}", path.display())))
}

fn tenant() -> TenantId {
    TenantId::new(LOCAL_TENANT).expect("the local tenant id is valid")
}

/// Keeps a snapshot of an analysis; the same file analysed at the same date twice is kept once.
pub fn keep_snapshot(args: &StoreArgs, file_name: &str, bytes: &[u8], analysis: &Analysis) -> Result<String, Failure> {
    let store = open(args)?;
    // The as-of date is part of what was asked: the same file aged at another date is another snapshot.
    let source = SourceRef::new(
        file_name,
        format!("{file_name}@{}", analysis.as_of),
        content_hash(bytes),
    );
    let snapshot = NewSnapshot::new(tenant(), source, analysis.clone());
    let outcome = block_on(store.put_snapshot(&snapshot))
        .map_err(|error| Failure::other(anyhow::anyhow!("{}: {error}", store.path().display())))?;
    let lang = analysis.language;
    Ok(match outcome {
        PutOutcome::Stored(summary) => format!(
            "{} {} ({})",
            lang.pick("Momentopname bewaard:", "Instantané conservé :", "Snapshot kept:"),
            summary.id.as_str(),
            store.path().display()
        ),
        PutOutcome::AlreadyStored(summary) => format!(
            "{} {}",
            lang.pick(
                "Deze analyse was al bewaard:",
                "Cette analyse était déjà conservée :",
                "This analysis was already kept:"
            ),
            summary.id.as_str()
        ),
    })
}

pub fn run_command(args: &SnapshotsArgs) -> Result<(), Failure> {
    let store = open(&args.store)?;
    let snapshots = block_on(store.list_snapshots(&tenant(), args.limit))
        .map_err(|error| Failure::other(anyhow::anyhow!("{}: {error}", store.path().display())))?;
    print!("{}", SnapshotTable(&snapshots));
    Ok(())
}
