//! `credit backtest`: replays a ledger's payment history month by month, predicting each invoice's
//! payment date from what was known at the month end before it, and compares the error with two
//! simple baselines. This is how we know the expected payment dates are worth reading.

use crate::analyze::{read_input, read_policy};
use crate::Failure;
use chrono::{Local, NaiveDate};
use clap::Args;
use credit_core::backtest;
use credit_core::lang::Lang;
use credit_engine::{read, Job};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct BacktestArgs {
    /// A ledger with a payment history (paid dates).
    file: PathBuf,
    /// Test the invoices dated from this day on; everything before it is history.
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: NaiveDate,
    /// The credit policy (TOML) whose prediction settings to test.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
}

pub fn run_command(args: &BacktestArgs, lang: Option<Lang>) -> Result<(), Failure> {
    let tell = lang.unwrap_or_default();
    let (bytes, file_name) = read_input(&args.file, tell)?;
    let policy = match &args.policy {
        Some(path) => read_policy(path, tell)?,
        None => Default::default(),
    };
    let mut job = Job::new(&bytes, &file_name, Local::now().date_naive());
    job.lang = lang;
    job.policy = policy;
    let ledger = read(&job).map_err(|error| Failure::input(error.to_string()))?;
    let lang = lang.or(ledger.source.language).unwrap_or_default();
    let report = backtest::run(&ledger, args.from, &job.policy)
        .map_err(|error| Failure::input(format!("{file_name}: {}", error.message(lang))))?;
    print!("{}", report.render(lang));
    Ok(())
}
