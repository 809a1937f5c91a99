//! Why a sample could not be generated.

/// Why a sample could not be generated or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SampleError {
    /// rust_xlsxwriter refused a cell or could not save.
    #[error("could not write the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// The csv writer failed.
    #[error("could not write the csv file: {0}")]
    Csv(#[from] csv::Error),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The expected figures could not be serialised.
    #[error("could not write the expected figures: {0}")]
    Json(#[from] serde_json::Error),
    /// An xlsx sheet has 1,048,576 rows, one of which is the header.
    #[error("an xlsx sheet holds at most {max} data rows below its header; {asked} were asked for (use csv)")]
    TooManyRows {
        /// The rows asked for.
        asked: u64,
        /// The most an xlsx sheet takes.
        max: u64,
    },
    /// A text has a character that the Windows-1252 code page cannot encode.
    #[error("{0:?} has a character that Windows-1252 cannot encode")]
    NotWindows1252(String),
}

impl SampleError {
    /// An I/O error about `path`.
    pub fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        SampleError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}
