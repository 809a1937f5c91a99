//! `credit-samples`: regenerates the committed sample ledgers, or writes a big one for the benchmarks.

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use credit_samples::big::{self, BigFormat, BigOptions};
use std::io::BufWriter;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Parser)]
#[command(about = "Generates the sample ledgers and their expected figures")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerates the three committed samples and their NAME.expected.json files.
    All {
        /// Where to write them (default: samples/ledgers in the source tree).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Writes a ledger of any size (an invoice history) and its expected figures next to it.
    Big {
        /// Invoice rows below the header (at most 1048575 for xlsx).
        #[arg(long)]
        rows: u64,
        /// The file format.
        #[arg(long, value_enum, default_value_t = Format::Xlsx)]
        format: Format,
        /// The ledger file to write; the figures go to the same name with .expected.json.
        #[arg(long)]
        out: PathBuf,
        /// Another seed gives another ledger of the same shape.
        #[arg(long, default_value_t = big::DEFAULT_SEED)]
        seed: u64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Xlsx,
    Csv,
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::All { dir } => {
            let dir = dir.unwrap_or_else(|| credit_samples::ledgers_dir().to_path_buf());
            for path in credit_samples::write_samples(&dir)? {
                println!("wrote {path}");
            }
        }
        Command::Big {
            rows,
            format,
            out,
            seed,
        } => {
            let started = Instant::now();
            let options = BigOptions {
                rows,
                format: match format {
                    Format::Xlsx => BigFormat::Xlsx,
                    Format::Csv => BigFormat::Csv,
                },
                seed,
                as_of: credit_samples::AS_OF,
            };
            let file = std::fs::File::create(&out).with_context(|| format!("cannot create {}", out.display()))?;
            let expected = big::generate(&options, BufWriter::with_capacity(1 << 20, file))
                .with_context(|| format!("cannot write {}", out.display()))?;
            let file_name = out
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            let expected_path = out.with_file_name(credit_samples::expected_file_name(&file_name));
            std::fs::write(&expected_path, expected.to_json()?)
                .with_context(|| format!("cannot write {}", expected_path.display()))?;
            println!(
                "wrote {} ({} rows, {} customers, open {}, as of {}) and {} in {:.1} s",
                out.display(),
                expected.rows,
                expected.customers.len(),
                credit_samples::expected::format_cents(expected.totals.open),
                expected.as_of,
                expected_path.display(),
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}
