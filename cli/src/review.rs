//! `credit review [--month YYYY-MM]`: the monthly portfolio review from the snapshots kept on this
//! machine, the same review the scheduled function e-mails on AWS.

use crate::snapshots::{open, StoreArgs, LOCAL_TENANT};
use crate::Failure;
use clap::Args;
use credit_core::lang::Lang;
use credit_review::local::review_to_file;
use credit_review::ReviewError;
use credit_store::{Month, TenantId};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The month to review; default the month of the newest snapshot.
    #[arg(long, value_name = "YYYY-MM")]
    month: Option<String>,
    /// Where to write the review workbook; default in the current directory.
    #[arg(long, value_name = "PATH.xlsx")]
    out: Option<PathBuf>,
    #[command(flatten)]
    store: StoreArgs,
}

pub fn run_command(args: &ReviewArgs, lang: Option<Lang>) -> Result<(), Failure> {
    let month = match &args.month {
        Some(text) => Some(
            text.parse::<Month>()
                .map_err(|error| Failure::input(format!("--month {text}: {error}")))?,
        ),
        None => None,
    };
    let store = open(&args.store)?;
    let tenant = TenantId::new(LOCAL_TENANT).map_err(|error| Failure::other(error.into()))?;
    let made = review_to_file(&store, &tenant, month, lang, args.out.as_deref()).map_err(|error| match error {
        ReviewError::NothingToReview { .. } => Failure::input(error.to_string()),
        other => Failure::other(other.into()),
    })?;
    println!("{}", made.review.summary_text());
    for note in &made.review.notes {
        println!("- {note}");
    }
    println!("{}", made.path.display());
    Ok(())
}
