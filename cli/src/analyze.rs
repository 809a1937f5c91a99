//! `credit analyze`: read a ledger, analyse it, write the annotated workbook (and the JSON).

use crate::snapshots::{keep_snapshot, StoreArgs};
use crate::{summary, Failure};
use anyhow::Context;
use chrono::{Local, NaiveDate};
use clap::Args;
use credit_core::lang::Lang;
use credit_core::policy::Policy;
use credit_engine::{annotated_file_name, run, Job};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The ledger: xlsx, xlsm, xls, xlsb, ods or csv, as your accounting package exported it.
    file: PathBuf,
    /// Age the ledger at this date (documents dated later are left out); default today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<NaiveDate>,
    /// Where to write the annotated workbook; default NAME.annotated.xlsx next to the ledger.
    #[arg(long, value_name = "PATH.xlsx")]
    out: Option<PathBuf>,
    /// Also write the analysis as JSON ("-" for standard output).
    #[arg(long, value_name = "PATH")]
    json: Option<PathBuf>,
    /// The credit policy (TOML); every field left out takes its default.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    #[command(flatten)]
    store: StoreArgs,
    /// Do not keep a snapshot of this analysis.
    #[arg(long)]
    no_store: bool,
}

pub fn run_command(args: &AnalyzeArgs, lang: Option<Lang>) -> Result<(), Failure> {
    let tell = lang.unwrap_or_default();
    let (bytes, file_name) = read_input(&args.file, tell)?;
    let policy = match &args.policy {
        Some(path) => read_policy(path, tell)?,
        None => Policy::default(),
    };
    let mut job = Job::new(
        &bytes,
        &file_name,
        args.as_of.unwrap_or_else(|| Local::now().date_naive()),
    );
    job.lang = lang;
    job.policy = policy;

    let (analysed, workbook) = run(&job).map_err(|error| {
        let mut message = error.to_string();
        for problem in error.problems().iter().take(20) {
            message.push_str(&format!("\n  {}", summary::problem_line(problem)));
        }
        if error.is_input_error() {
            Failure::input(message)
        } else {
            Failure::other(anyhow::anyhow!(message))
        }
    })?;

    let out = args
        .out
        .clone()
        .unwrap_or_else(|| args.file.with_file_name(annotated_file_name(&file_name)));
    write_file(&out, &workbook).map_err(Failure::other)?;
    if let Some(json_path) = &args.json {
        let json = serde_json::to_vec_pretty(&analysed.analysis).context("serialising the analysis")?;
        if json_path == Path::new("-") {
            println!("{}", String::from_utf8_lossy(&json));
        } else {
            write_file(json_path, &json).map_err(Failure::other)?;
        }
    }
    let kept = if args.no_store {
        None
    } else {
        Some(keep_snapshot(&args.store, &file_name, &bytes, &analysed.analysis)?)
    };
    if args.json.as_deref() != Some(Path::new("-")) {
        print!("{}", summary::render(&analysed.analysis, &out));
        if let Some(kept) = kept {
            println!("{kept}");
        }
    }
    Ok(())
}

pub fn read_policy(path: &Path, tell: Lang) -> Result<Policy, Failure> {
    let text = fs::read_to_string(path).map_err(|error| {
        Failure::input(format!(
            "{}: {} ({error})",
            path.display(),
            tell.pick(
                "kan het beleid niet lezen",
                "impossible de lire la politique",
                "cannot read the policy"
            )
        ))
    })?;
    Policy::from_toml(&text).map_err(|error| Failure::input(format!("{}: {error}", path.display())))
}

/// The ledger's bytes and its file name, or an input error in the user's language.
pub fn read_input(path: &Path, tell: Lang) -> Result<(Vec<u8>, String), Failure> {
    // At most one byte past the importer's size limit: enough for it to refuse the file by name, and a
    // device or a huge file (`/dev/zero`) is not read whole into memory first.
    let limit = credit_import::Limits::default().max_file_bytes as u64 + 1;
    let mut bytes = Vec::new();
    let read = fs::File::open(path).and_then(|file| file.take(limit).read_to_end(&mut bytes));
    read.map_err(|error| {
        Failure::input(format!(
            "{}: {} ({error})",
            path.display(),
            tell.pick(
                "kan het bestand niet lezen",
                "impossible de lire le fichier",
                "cannot read the file"
            )
        ))
    })?;
    if bytes.len() as u64 == limit {
        let megabytes = (limit - 1) / (1024 * 1024);
        return Err(Failure::input(format!(
            "{}: {}",
            path.display(),
            tell.pick(
                format!("het bestand is groter dan {megabytes} MB, de limiet voor de bestandsgrootte."),
                format!("le fichier dépasse {megabytes} Mo, la taille maximale d'un fichier."),
                format!("the file is larger than {megabytes} MB, the file size limit."),
            )
        )));
    }
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((bytes, file_name))
}

/// Writes through a temporary file, so that a failure never leaves half a workbook behind.
fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let temporary = path.with_extension("partial");
    fs::write(&temporary, bytes).with_context(|| format!("writing {}", temporary.display()))?;
    fs::rename(&temporary, path).with_context(|| format!("writing {}", path.display()))
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Failure::other(error)
    }
}
