//! Why a ledger could not be analysed, told in the user's language.

use credit_core::analysis::IssueReport;
use credit_core::analyze::report;
use credit_core::issue::{Issue, Severity};
use credit_core::lang::Lang;
use credit_import::ImportError;
use credit_workbook::WorkbookError;

/// Why a ledger could not be analysed.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The file could not be read at all.
    #[error("{}", source.message(*lang))]
    Import {
        /// The language to tell it in.
        lang: Lang,
        /// What the importer said.
        source: ImportError,
    },
    /// The file was read but not one row could be used.
    #[error("{}", no_usable_rows(file_name, *lang, issues.len()))]
    NoUsableRows {
        /// The file name as the user gave it.
        file_name: String,
        /// The language to tell it in.
        lang: Lang,
        /// Why each row was refused.
        issues: Vec<Issue>,
    },
    /// The as-of date is outside [`crate::AS_OF_RANGE`]: a typing error, which would also give the
    /// snapshot an id the stores cannot read back (a year past 9999 is written with a `+`).
    #[error("{}", as_of_out_of_range(*as_of, *lang))]
    AsOfOutOfRange {
        /// The date asked for.
        as_of: chrono::NaiveDate,
        /// The language to tell it in.
        lang: Lang,
    },
    /// The workbook could not be written: our fault, not the user's.
    #[error(transparent)]
    Workbook(WorkbookError),
}

impl EngineError {
    /// True when the input is at fault (an HTTP function answers 4xx), false when we are (5xx).
    pub fn is_input_error(&self) -> bool {
        !matches!(self, EngineError::Workbook(_))
    }

    /// The problems found in the rows, each with its place, for an error answer.
    pub fn problems(&self) -> Vec<IssueReport> {
        match self {
            EngineError::NoUsableRows { issues, lang, .. } => issues
                .iter()
                .filter(|issue| issue.severity >= Severity::Warning)
                .map(|issue| report(issue, *lang))
                .collect(),
            _ => Vec::new(),
        }
    }
}

fn as_of_out_of_range(as_of: chrono::NaiveDate, lang: Lang) -> String {
    let (first, last) = (crate::AS_OF_RANGE.start(), crate::AS_OF_RANGE.end());
    match lang {
        Lang::Nl => format!("De peildatum {as_of} ligt niet tussen {first} en {last}."),
        Lang::Fr => format!("La date d'arrêté {as_of} n'est pas entre le {first} et le {last}."),
        Lang::En => format!("The as-of date {as_of} is not between {first} and {last}."),
    }
}

fn no_usable_rows(file_name: &str, lang: Lang, refused: usize) -> String {
    match lang {
        Lang::Nl => format!(
            "{file_name}: geen enkele rij kon als factuur, creditnota of betaling gelezen worden ({refused} meldingen)."
        ),
        Lang::Fr => format!(
            "{file_name} : aucune ligne n'a pu être lue comme facture, avoir ou paiement ({refused} signalements)."
        ),
        Lang::En => {
            format!(
                "{file_name}: not one row could be read as an invoice, credit note or payment ({refused} problems)."
            )
        }
    }
}
