//! The one pipeline every entry point runs (the `credit` command, the analyze and ingest Lambdas):
//! read a ledger, analyse it, write the annotated workbook.
//!
//! Keeping it in one place means the command and the functions can never disagree on a figure.
#![warn(missing_docs)]

use chrono::NaiveDate;
use credit_core::analysis::Analysis;
use credit_core::analyze::{analyze, AnalysisOptions};
use credit_core::lang::Lang;
use credit_core::ledger::Ledger;
use credit_core::policy::Policy;
use credit_import::{read_ledger, ImportOptions};
use credit_workbook::write_workbook;

mod error;
pub use credit_import::{shown_file_name, MAX_FILE_NAME_CHARS};
pub use error::EngineError;

/// One ledger to analyse, and how.
#[derive(Debug, Clone)]
pub struct Job<'a> {
    /// The file's bytes, as uploaded.
    pub bytes: &'a [u8],
    /// The file name as the user gave it (no directories); its extension helps tell the format.
    pub file_name: &'a str,
    /// The date to age the ledger at.
    pub as_of: NaiveDate,
    /// The user's language; `None` takes the ledger's.
    pub lang: Option<Lang>,
    /// The credit policy.
    pub policy: Policy,
    /// What the importer is told beforehand (limits, language hint).
    pub import: ImportOptions,
}

impl<'a> Job<'a> {
    /// A job with the default policy and limits.
    pub fn new(bytes: &'a [u8], file_name: &'a str, as_of: NaiveDate) -> Self {
        Job {
            bytes,
            file_name,
            as_of,
            lang: None,
            policy: Policy::default(),
            import: ImportOptions::default(),
        }
    }
}

/// The as-of dates an analysis accepts: the years the importer accepts ledger dates in (1950 to 2200).
/// Outside them no document of the ledger can be aged meaningfully, and a year past 9999 cannot even be
/// written into a snapshot id.
pub const AS_OF_RANGE: std::ops::RangeInclusive<NaiveDate> =
    NaiveDate::from_ymd_opt(1950, 1, 1).expect("a date")..=NaiveDate::from_ymd_opt(2200, 12, 31).expect("a date");

/// A ledger read and analysed.
#[derive(Debug, Clone)]
pub struct Analysed {
    /// The ledger as read, with its original rows.
    pub ledger: Ledger,
    /// The analysis.
    pub analysis: Analysis,
}

impl Analysed {
    /// The annotated workbook, in the analysis language.
    pub fn workbook(&self) -> Result<Vec<u8>, EngineError> {
        write_workbook(&self.analysis, &self.ledger).map_err(EngineError::Workbook)
    }
}

/// Reads a ledger with the job's options, without analysing it (the backtest replays it instead).
pub fn read(job: &Job<'_>) -> Result<Ledger, EngineError> {
    let mut import = job.import.clone();
    import.lang = import.lang.or(job.lang);
    import.default_terms_days = job.policy.default_terms_days;
    read_ledger(job.bytes, job.file_name, &import).map_err(|source| EngineError::Import {
        lang: job.lang.unwrap_or_default(),
        source,
    })
}

/// Reads and analyses a ledger. A ledger with no usable row is an error that lists why each row was
/// refused, because an empty analysis would look like a clean bill of health.
pub fn analyse(job: &Job<'_>) -> Result<Analysed, EngineError> {
    if !AS_OF_RANGE.contains(&job.as_of) {
        return Err(EngineError::AsOfOutOfRange {
            as_of: job.as_of,
            lang: job.lang.unwrap_or_default(),
        });
    }
    let ledger = read(job)?;
    let lang = job.lang.or(ledger.source.language).unwrap_or_default();
    if ledger.entries.is_empty() {
        return Err(EngineError::NoUsableRows {
            file_name: ledger.source.file_name,
            lang,
            issues: ledger.issues,
        });
    }
    let options = AnalysisOptions {
        as_of: job.as_of,
        lang: Some(lang),
        policy: job.policy.clone(),
    };
    let analysis = analyze(&ledger, &options);
    Ok(Analysed { ledger, analysis })
}

/// Reads, analyses and writes the annotated workbook.
pub fn run(job: &Job<'_>) -> Result<(Analysed, Vec<u8>), EngineError> {
    let analysed = analyse(job)?;
    let workbook = analysed.workbook()?;
    Ok((analysed, workbook))
}

/// The name of the annotated workbook for an input file: `debiteuren.xlsx` -> `debiteuren.annotated.xlsx`.
pub fn annotated_file_name(file_name: &str) -> String {
    let shown = shown_file_name(file_name);
    let base = &*shown;
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    };
    let stem = if stem.is_empty() { "ledger" } else { stem };
    format!("{stem}.annotated.xlsx")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotated_name_keeps_the_stem() {
        assert_eq!(annotated_file_name("debiteuren.xlsx"), "debiteuren.annotated.xlsx");
        assert_eq!(annotated_file_name("dir/a.b.csv"), "a.b.annotated.xlsx");
        assert_eq!(annotated_file_name("noext"), "noext.annotated.xlsx");
        assert_eq!(annotated_file_name(".csv"), ".csv.annotated.xlsx");
        assert_eq!(annotated_file_name(""), "ledger.annotated.xlsx");
    }
}
