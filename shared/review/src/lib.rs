//! The monthly portfolio review: is the portfolio healthier than last month, who moved, are we on
//! target? Computed from the stored snapshots, written as a workbook in the annotated workbook's look,
//! and mailed with a three-sentence summary in the tenant's language.
//!
//! | module | job |
//! | --- | --- |
//! | [`compute`] | pure: which snapshots take part ([`compute::choose`]) and the [`Review`] made from them |
//! | [`model`] | the review's values: KPI rows, trend, movers, customer lists, open actions |
//! | [`text`] | the summary's three sentences and the notes on what is missing, in nl/fr/en |
//! | [`workbook`] | the review workbook (rust_xlsxwriter), formulas with cached results, trend charts |
//! | [`mail`] | the review e-mail as raw MIME (mail-builder), the workbook attached or linked |
//! | [`load`] | reads a review's snapshots from any [`SnapshotStore`](credit_store::SnapshotStore) |
//! | [`local`] | `credit review`: the same from the embedded store, written to a file |
//!
//! # The rules
//! - The month reviewed shows its newest snapshot; a month without one shows the newest of the eleven
//!   months before, and says so. It is compared with the newest snapshot of an earlier month (normally
//!   the month before; the review names the month it compares with when one is missing), and with the
//!   same month a year before when that snapshot exists. A first month has nothing to compare with,
//!   and says so.
//! - Movers: a risk class that fell or rose; a new customer holding at least
//!   [`NEW_LARGE_SHARE`](model::NEW_LARGE_SHARE) of the open balance; a balance that grew by
//!   [`JUMP_RATIO`](model::JUMP_RATIO) of itself and by [`JUMP_SHARE`](model::JUMP_SHARE) of the
//!   open balance.
//! - Worst payers: customers with money overdue, lowest score first. Most valuable: revenue over
//!   twelve months (the open balance when the ledger holds no revenue).
//! - Open actions: an action of the previous snapshot is still open while one of the invoices it was
//!   about is still open: its overdue undisputed items then (a step of the dunning ladder), its
//!   disputed items (a dispute), or the items falling due on the reminder's due date (a pre-due
//!   reminder). Invoices are matched by customer, number and due date.
//!
//! # Reviewing a month
//!
//! ```no_run
//! # async fn example(store: &dyn credit_store::SnapshotStore) -> Result<(), credit_review::ReviewError> {
//! use credit_core::lang::Lang;
//! use credit_store::{Month, TenantId};
//! let tenant = TenantId::new("acme")?;
//! let month: Month = "2026-10".parse()?;
//! let review = credit_review::load::review_of(store, &tenant, month, Lang::Nl).await?;
//! let workbook = credit_review::workbook::write_review_workbook(&review)?;
//! println!("{}", review.summary_text());
//! # let _ = workbook; Ok(()) }
//! ```
#![warn(missing_docs)]

pub mod compute;
mod error;
pub mod load;
pub mod local;
pub mod mail;
pub mod model;
pub mod text;
pub mod workbook;

pub use compute::{build_review, ReviewInput, Snapshot};
pub use error::ReviewError;
pub use model::Review;
