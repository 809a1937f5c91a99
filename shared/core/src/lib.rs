//! The pure core of the credit assistant: a [`Ledger`](ledger::Ledger) in, an
//! [`Analysis`](analysis::Analysis) out.
//!
//! No I/O happens here: no files, no network, no clock except the as-of date the caller passes. That keeps
//! every figure reproducible and the crate fast to build and test.
#![warn(missing_docs)]

pub mod advice;
pub mod aging;
pub mod analysis;
pub mod backtest;
pub mod behaviour;
pub mod dunning;
pub mod forecast;
pub mod history;
pub mod issue;
pub mod kpi;
pub mod lang;
pub mod ledger;
pub mod money;
pub mod policy;
pub mod predict;
pub mod reasons;
pub mod score;
pub mod segment;
pub mod stats;
pub mod terms;
pub mod text;

pub mod analyze;

pub use analyze::{analyze, AnalysisOptions};
