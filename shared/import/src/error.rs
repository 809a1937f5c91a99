//! A file that cannot be read at all, told in the user's language.

use credit_core::lang::Lang;

/// A file that cannot be read at all. Row-level problems are not errors: they are `Ledger::issues`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
#[non_exhaustive]
pub enum ImportError {
    /// The file is larger than the upload limit.
    TooLarge {
        /// The file name as the user gave it.
        file_name: String,
        /// Its size in bytes.
        bytes: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// A zip-based workbook that would inflate beyond the limits (a zip bomb, or simply too big).
    Inflates {
        /// The file name.
        file_name: String,
        /// The declared uncompressed size in bytes.
        bytes: u64,
        /// The compression ratio.
        ratio: u64,
        /// The limit on the uncompressed size.
        limit: u64,
        /// The limit on the ratio.
        ratio_limit: u64,
    },
    /// More sheets than the limit.
    TooManySheets {
        /// The file name.
        file_name: String,
        /// The number of sheets.
        sheets: usize,
        /// The limit.
        limit: usize,
    },
    /// A sheet with more rows or cells than the limit.
    SheetTooLarge {
        /// The file name.
        file_name: String,
        /// The sheet.
        sheet: String,
        /// Its rows.
        rows: usize,
        /// Its cells (rows x columns).
        cells: usize,
        /// The limit on rows.
        row_limit: usize,
        /// The limit on cells.
        cell_limit: usize,
    },
    /// A cell holding more text than the limit.
    TextTooLong {
        /// The file name.
        file_name: String,
        /// The sheet.
        sheet: String,
        /// The 1-based row.
        row: u32,
        /// The column letter or number.
        column: String,
        /// The length in characters.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// A password-protected workbook.
    Encrypted {
        /// The file name.
        file_name: String,
    },
    /// Another kind of document (a Word file, a pdf, an image...) under a spreadsheet's name.
    NotASpreadsheet {
        /// The file name.
        file_name: String,
        /// What it looks like, in English ("a Word document").
        looks_like: String,
    },
    /// A spreadsheet format we recognise but whose content is damaged.
    Damaged {
        /// The file name.
        file_name: String,
        /// The reader's own words.
        detail: String,
    },
    /// No sheet has a header row with a customer and an amount column in its first rows.
    NoLedgerSheet {
        /// The file name.
        file_name: String,
        /// How many rows were searched for the header.
        searched_rows: usize,
        /// For each sheet, the best header row found and the columns recognised in it.
        found: Vec<String>,
    },
    /// The workbook holds no cell at all.
    Empty {
        /// The file name.
        file_name: String,
    },
}

impl ImportError {
    /// The error as a sentence in the user's language: the file, the place, what was expected.
    pub fn message(&self, lang: Lang) -> String {
        use ImportError::*;
        match self {
            TooLarge { file_name, bytes, limit } => lang.pick(
                format!("{file_name}: het bestand is {} MB; de limiet is {} MB.", mb(*bytes), mb(*limit)),
                format!("{file_name} : le fichier fait {} Mo ; la limite est de {} Mo.", mb(*bytes), mb(*limit)),
                format!("{file_name}: the file is {} MB; the limit is {} MB.", mb(*bytes), mb(*limit)),
            ),
            Inflates { file_name, bytes, ratio, limit, ratio_limit } => lang.pick(
                format!(
                    "{file_name}: uitgepakt zou de werkmap {} MB zijn (compressie {ratio}:1); de limiet is {} MB en {ratio_limit}:1.",
                    mb64(*bytes), mb64(*limit)
                ),
                format!(
                    "{file_name} : décompressé, le classeur ferait {} Mo (compression {ratio}:1) ; la limite est de {} Mo et {ratio_limit}:1.",
                    mb64(*bytes), mb64(*limit)
                ),
                format!(
                    "{file_name}: unpacked, the workbook would be {} MB (compression {ratio}:1); the limit is {} MB and {ratio_limit}:1.",
                    mb64(*bytes), mb64(*limit)
                ),
            ),
            TooManySheets { file_name, sheets, limit } => lang.pick(
                format!("{file_name}: de werkmap heeft {sheets} bladen; de limiet is {limit}."),
                format!("{file_name} : le classeur a {sheets} feuilles ; la limite est de {limit}."),
                format!("{file_name}: the workbook has {sheets} sheets; the limit is {limit}."),
            ),
            SheetTooLarge { file_name, sheet, rows, cells, row_limit, cell_limit } => lang.pick(
                format!("{file_name}, blad {sheet}: {rows} rijen en {cells} cellen; de limiet is {row_limit} rijen en {cell_limit} cellen."),
                format!("{file_name}, feuille {sheet} : {rows} lignes et {cells} cellules ; la limite est de {row_limit} lignes et {cell_limit} cellules."),
                format!("{file_name}, sheet {sheet}: {rows} rows and {cells} cells; the limit is {row_limit} rows and {cell_limit} cells."),
            ),
            TextTooLong { file_name, sheet, row, column, length, limit } => lang.pick(
                format!("{file_name}, blad {sheet}, rij {row}, kolom {column}: {length} tekens; de limiet is {limit}."),
                format!("{file_name}, feuille {sheet}, ligne {row}, colonne {column} : {length} caractères ; la limite est de {limit}."),
                format!("{file_name}, sheet {sheet}, row {row}, column {column}: {length} characters; the limit is {limit}."),
            ),
            Encrypted { file_name } => lang.pick(
                format!("{file_name}: de werkmap is met een wachtwoord beveiligd. Sla ze op zonder wachtwoord en probeer opnieuw."),
                format!("{file_name} : le classeur est protégé par un mot de passe. Enregistrez-le sans mot de passe et réessayez."),
                format!("{file_name}: the workbook is password-protected. Save it without a password and try again."),
            ),
            NotASpreadsheet { file_name, looks_like } => lang.pick(
                format!("{file_name}: dit is geen spreadsheet maar {}. Verwacht: xlsx, xlsm, xls, xlsb, ods of csv.", looks_like_nl(looks_like)),
                format!("{file_name} : ce n'est pas un tableur mais {}. Attendu : xlsx, xlsm, xls, xlsb, ods ou csv.", looks_like_fr(looks_like)),
                format!("{file_name}: this is not a spreadsheet but {looks_like}. Expected: xlsx, xlsm, xls, xlsb, ods or csv."),
            ),
            Damaged { file_name, detail } => lang.pick(
                format!("{file_name}: de werkmap is beschadigd en kan niet gelezen worden ({detail})."),
                format!("{file_name} : le classeur est endommagé et ne peut pas être lu ({detail})."),
                format!("{file_name}: the workbook is damaged and cannot be read ({detail})."),
            ),
            NoLedgerSheet { file_name, searched_rows, found } => {
                let found = if found.is_empty() { "-".to_owned() } else { found.join("; ") };
                lang.pick(
                    format!("{file_name}: geen kopregel met een klant- en een bedragkolom gevonden in de eerste {searched_rows} rijen van een blad. Gevonden: {found}."),
                    format!("{file_name} : aucune ligne d'en-tête avec une colonne client et une colonne montant dans les {searched_rows} premières lignes d'une feuille. Trouvé : {found}."),
                    format!("{file_name}: no header row with a customer and an amount column in the first {searched_rows} rows of any sheet. Found: {found}."),
                )
            }
            Empty { file_name } => lang.pick(
                format!("{file_name}: het bestand is leeg."),
                format!("{file_name} : le fichier est vide."),
                format!("{file_name}: the file is empty."),
            ),
        }
    }
}

fn mb(bytes: usize) -> String {
    mb64(bytes as u64)
}

fn mb64(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1_048_576.0)
}

fn looks_like_nl(what: &str) -> &str {
    match what {
        "a Word document" => "een Word-document",
        "a PowerPoint presentation" => "een PowerPoint-presentatie",
        "a PDF document" => "een PDF-document",
        "an image" => "een afbeelding",
        "a zip archive" => "een zip-archief",
        _ => "een binair bestand",
    }
}

fn looks_like_fr(what: &str) -> &str {
    match what {
        "a Word document" => "un document Word",
        "a PowerPoint presentation" => "une présentation PowerPoint",
        "a PDF document" => "un document PDF",
        "an image" => "une image",
        "a zip archive" => "une archive zip",
        _ => "un fichier binaire",
    }
}
