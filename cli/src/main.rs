//! `credit`: analyse an accounts-receivable ledger on your own machine.
//!
//! The same engine runs in the AWS functions; here the snapshots go to a single file on this machine.

mod analyze;
mod backtest;
mod review;
mod serve;
mod snapshots;
mod summary;

use clap::{Parser, Subcommand};
use credit_core::lang::Lang;
use std::process::ExitCode;

// Why not the system allocator: see the workspace Cargo.toml (measured on the million-row ledger).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "credit",
    version,
    about = "Credit management from the receivables ledger you already have"
)]
struct Cli {
    /// Language of the messages and outputs (nl, fr, en); by default the ledger's.
    #[arg(long, global = true, env = "CREDIT_LANG")]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Age a ledger, score its customers and write the annotated workbook.
    Analyze(analyze::AnalyzeArgs),
    /// Test the payment-date predictions on a ledger's own history.
    Backtest(backtest::BacktestArgs),
    /// The monthly portfolio review from the snapshots kept on this machine.
    Review(review::ReviewArgs),
    /// List the snapshots kept on this machine, newest first.
    Snapshots(snapshots::SnapshotsArgs),
    /// Serve the upload page and the analysis API on this machine (http://127.0.0.1:8080/).
    Serve(serve::ServeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Analyze(args) => analyze::run_command(args, cli.lang),
        Command::Backtest(args) => backtest::run_command(args, cli.lang),
        Command::Review(args) => review::run_command(args, cli.lang),
        Command::Snapshots(args) => snapshots::run_command(args),
        Command::Serve(args) => serve::run_command(args, cli.lang),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{}", failure.message);
            failure.code
        }
    }
}

/// A command that did not complete: the message the user reads, and the exit code.
#[derive(Debug)]
pub struct Failure {
    message: String,
    code: ExitCode,
}

impl Failure {
    /// The user's input is at fault (exit code 2, as for a usage error).
    fn input(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            code: ExitCode::from(2),
        }
    }

    /// Something on this machine went wrong (exit code 1).
    fn other(error: anyhow::Error) -> Self {
        Failure {
            message: format!("{error:#}"),
            code: ExitCode::FAILURE,
        }
    }
}
