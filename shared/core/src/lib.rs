//! The pure core of the credit assistant: a [`Ledger`](ledger::Ledger) in, an
//! [`Analysis`](analysis::Analysis) out.
//!
//! No I/O happens here: no files, no network, no clock except the as-of date the caller passes. That keeps
//! every figure reproducible and the crate fast to build and test.
//!
//! [`analyze()`] ages the ledger ([`aging`], [`behaviour`]) and then runs the advice stage ([`advice`]),
//! one module per concern, all driven by the [`policy`]:
//!
//! | module | what it gives |
//! |---|---|
//! | [`history`] | each customer's settled invoices, revenue and first invoice; whether the ledger is a history |
//! | [`kpi`] | DSO (standard, countback), best possible DSO, ADD, CEI, concentration, targets |
//! | [`score`] | the PAYDEX-like score 0-100, risk class A-E, confidence and the factors behind them |
//! | [`reasons`] | the factors and the advice as short sentences in nl/fr/en |
//! | [`segment`] | revenue, growth, ABC class and the grow/keep/watch/secure segments |
//! | [`terms`] | payment term, credit limit, early-payment discount (only where it pays), deposit |
//! | [`dunning`] | the next action from the dunning ladder, with date, priority and money at risk |
//! | [`predict`] | expected payment dates from each customer's history, shrunk toward the portfolio |
//! | [`forecast`] | the 13-week cash-in forecast |
//! | [`backtest`] | replays a history month by month to measure the payment-date prediction |
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
