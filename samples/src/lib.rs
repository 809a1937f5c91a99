//! Generates the sample ledgers and their expected figures.
//!
//! Three small, realistic ledgers are committed under `samples/ledgers/` with, next to each, the
//! figures a correct analysis must find (`NAME.expected.json`), computed here from the generator's own
//! model and not through the importer or the core ([`expected`]):
//! - [`dutch`]: an open-items export in Dutch (xlsx, title rows, subtotals, credit notes);
//! - [`french`]: an aged balance in French (csv, Windows-1252, text dates and amounts);
//! - [`english`]: a two-year invoice history in English (xlsx, with a customers sheet), for the scores.
//!
//! [`big`] streams ledgers of any size, up to a full xlsx sheet, for the benchmarks.
//!
//! Everything is deterministic: the same code gives the same bytes (see [`rng`] for why the generator
//! brings its own random numbers).
#![warn(missing_docs)]

pub mod big;
pub mod dutch;
pub mod english;
pub mod error;
pub mod expected;
pub mod french;
pub mod history;
pub mod model;
pub mod rng;
mod xlsx;

pub use error::SampleError;
pub use expected::Expected;

use chrono::NaiveDate;
use std::path::Path;

/// The as-of date of every committed sample: the date the exports were made.
pub const AS_OF: NaiveDate = match NaiveDate::from_ymd_opt(2026, 10, 31) {
    Some(date) => date,
    None => panic!("2026-10-31 is a date"),
};

/// A generated sample: its file and the figures it must give.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The file name under `ledgers/`.
    pub file_name: &'static str,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The figures a correct analysis finds in it.
    pub expected: Expected,
}

impl Generated {
    /// The name of the expected-figures file: the sample's name with `.expected.json` for its extension.
    pub fn expected_file_name(&self) -> String {
        expected_file_name(self.file_name)
    }
}

/// `nl-openstaande-posten.xlsx` -> `nl-openstaande-posten.expected.json`.
pub fn expected_file_name(file_name: &str) -> String {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(stem, _)| stem);
    format!("{stem}.expected.json")
}

/// The three committed samples, generated in memory.
pub fn samples() -> Result<Vec<Generated>, SampleError> {
    Ok(vec![
        dutch::generate(AS_OF)?,
        french::generate(AS_OF)?,
        english::generate(AS_OF)?,
    ])
}

/// The directory the samples are committed in.
pub fn ledgers_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/ledgers"))
}

/// Writes every sample and its expected figures into `dir`; returns the files written.
pub fn write_samples(dir: &Path) -> Result<Vec<String>, SampleError> {
    std::fs::create_dir_all(dir).map_err(|error| SampleError::io(dir, error))?;
    let mut written = Vec::new();
    for sample in samples()? {
        let path = dir.join(sample.file_name);
        std::fs::write(&path, &sample.bytes).map_err(|error| SampleError::io(&path, error))?;
        written.push(path.display().to_string());
        let path = dir.join(sample.expected_file_name());
        std::fs::write(&path, sample.expected.to_json()?).map_err(|error| SampleError::io(&path, error))?;
        written.push(path.display().to_string());
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    #[test]
    fn expected_file_names() {
        assert_eq!(
            super::expected_file_name("fr-balance-agee.csv"),
            "fr-balance-agee.expected.json"
        );
    }
}
