//! A file that cannot be read at all, told in the user's language: which file (and sheet), what was
//! wrong, and what was expected or which limit it passed.

use credit_core::lang::Lang;

/// A file that cannot be read at all. Row-level problems are not errors: they are `Ledger::issues`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
#[non_exhaustive]
pub enum ImportError {
    /// The file is larger than [`Limits::max_file_bytes`](crate::Limits::max_file_bytes).
    TooLarge {
        /// The file name as the user gave it.
        file_name: String,
        /// Its size in bytes.
        bytes: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// A zip-based workbook whose parts would unpack to more than
    /// [`Limits::max_unpacked_bytes`](crate::Limits::max_unpacked_bytes), or one part held whole in
    /// memory to more than [`Limits::max_part_bytes`](crate::Limits::max_part_bytes).
    UnpacksTooLarge {
        /// The file name.
        file_name: String,
        /// The part, when one part is too large (its path in the zip, e.g. `xl/sharedStrings.xml`).
        part: Option<String>,
        /// The unpacked size its directory declares, in bytes.
        bytes: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A zip-based workbook compressed more than
    /// [`Limits::max_compression_ratio`](crate::Limits::max_compression_ratio) allows: a zip bomb.
    CompressionTooHigh {
        /// The file name.
        file_name: String,
        /// Its compression ratio (unpacked size / file size).
        ratio: u64,
        /// The limit.
        limit: u64,
    },
    /// More sheets than [`Limits::max_sheets`](crate::Limits::max_sheets).
    TooManySheets {
        /// The file name.
        file_name: String,
        /// The number of sheets.
        sheets: usize,
        /// The limit.
        limit: usize,
    },
    /// A sheet with more rows than [`Limits::max_rows_per_sheet`](crate::Limits::max_rows_per_sheet).
    TooManyRows {
        /// The file name.
        file_name: String,
        /// The sheet ("csv" for a csv file).
        sheet: String,
        /// The limit.
        limit: usize,
    },
    /// A sheet with more cells than [`Limits::max_cells_per_sheet`](crate::Limits::max_cells_per_sheet).
    TooManyCells {
        /// The file name.
        file_name: String,
        /// The sheet.
        sheet: String,
        /// The limit.
        limit: usize,
    },
    /// Sheets holding more rows together than
    /// [`Limits::max_rows_per_workbook`](crate::Limits::max_rows_per_workbook).
    TooManyRowsInWorkbook {
        /// The file name.
        file_name: String,
        /// The sheet where the sum went past the limit.
        sheet: String,
        /// The limit.
        limit: usize,
    },
    /// Sheets holding more cells together than
    /// [`Limits::max_cells_per_workbook`](crate::Limits::max_cells_per_workbook).
    TooManyCellsInWorkbook {
        /// The file name.
        file_name: String,
        /// The sheet where the sum went past the limit.
        sheet: String,
        /// The limit.
        limit: usize,
    },
    /// A cell holding more text than [`Limits::max_text_chars`](crate::Limits::max_text_chars).
    TextTooLong {
        /// The file name.
        file_name: String,
        /// The sheet.
        sheet: String,
        /// The 1-based row.
        row: u32,
        /// The column letter.
        column: String,
        /// The length in characters.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// A csv record with more fields than
    /// [`Limits::max_fields_per_record`](crate::Limits::max_fields_per_record).
    TooManyFields {
        /// The file name.
        file_name: String,
        /// The 1-based record.
        row: u32,
        /// The limit.
        limit: usize,
    },
    /// A password-protected workbook: its content is encrypted and cannot be read.
    Encrypted {
        /// The file name.
        file_name: String,
    },
    /// Another kind of document (a Word file, a pdf, an image...) under a spreadsheet's name.
    NotASpreadsheet {
        /// The file name.
        file_name: String,
        /// What it looks like.
        looks_like: LooksLike,
    },
    /// A spreadsheet format we recognise but whose content is damaged.
    Damaged {
        /// The file name.
        file_name: String,
        /// The sheet, when the damage is in one.
        sheet: Option<String>,
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
    /// The only table is an aged summary: one row per customer with its balance in aging buckets
    /// ("Current", "1 - 30", ...), no invoices. Ages, reminders and payment behaviour need the documents,
    /// and inventing one per bucket would invent their dates and their number.
    AgedSummary {
        /// The file name.
        file_name: String,
        /// The sheet ("csv" for a csv file).
        sheet: String,
        /// The 1-based row of its header.
        row: u32,
    },
    /// The file holds no cell at all.
    Empty {
        /// The file name.
        file_name: String,
    },
    /// A csv cell opens a quote that is never closed: the rest of the file would be read as that one
    /// cell, so every row after it would silently vanish.
    UnclosedQuote {
        /// The file name.
        file_name: String,
        /// The row (record) whose cell opens the quote.
        row: u32,
    },
}

/// What a file that is not a spreadsheet looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LooksLike {
    /// A Word document (doc or docx), perhaps renamed.
    WordDocument,
    /// A PowerPoint presentation.
    Presentation,
    /// A PDF document.
    Pdf,
    /// An image.
    Image,
    /// A web page (some accounting packages save an HTML table as ".xls").
    WebPage,
    /// An Excel 2003 XML spreadsheet, which no current reader supports.
    XmlSpreadsheet,
    /// A zip archive that holds no workbook.
    ZipArchive,
    /// Anything else that is not text.
    Binary,
}

impl LooksLike {
    fn name(self, lang: Lang) -> &'static str {
        use LooksLike::*;
        match self {
            WordDocument => lang.pick("een Word-document", "un document Word", "a Word document"),
            Presentation => lang.pick(
                "een PowerPoint-presentatie",
                "une présentation PowerPoint",
                "a PowerPoint presentation",
            ),
            Pdf => lang.pick("een PDF-document", "un document PDF", "a PDF document"),
            Image => lang.pick("een afbeelding", "une image", "an image"),
            WebPage => lang.pick(
                "een webpagina (HTML); sla ze in het boekhoudpakket op als xlsx of csv",
                "une page web (HTML) ; enregistrez-la dans le logiciel comptable en xlsx ou csv",
                "a web page (HTML); save it from the accounting package as xlsx or csv",
            ),
            XmlSpreadsheet => lang.pick(
                "een XML-spreadsheet van Excel 2003; sla ze op als xlsx",
                "un classeur XML d'Excel 2003 ; enregistrez-le en xlsx",
                "an Excel 2003 XML spreadsheet; save it as xlsx",
            ),
            ZipArchive => lang.pick(
                "een zip-archief zonder werkmap",
                "une archive zip sans classeur",
                "a zip archive without a workbook",
            ),
            Binary => lang.pick("een binair bestand", "un fichier binaire", "a binary file"),
        }
    }
}

impl ImportError {
    /// The error as a sentence in the user's language: the file, the place, what was expected.
    pub fn message(&self, lang: Lang) -> String {
        use ImportError::*;
        match self {
            TooLarge { file_name, bytes, limit } => lang.pick(
                format!(
                    "{file_name}: het bestand is {} MB; de limiet voor de bestandsgrootte is {} MB.",
                    mb(*bytes as u64, lang),
                    mb(*limit as u64, lang)
                ),
                format!(
                    "{file_name} : le fichier fait {} Mo ; la taille maximale d'un fichier est de {} Mo.",
                    mb(*bytes as u64, lang),
                    mb(*limit as u64, lang)
                ),
                format!(
                    "{file_name}: the file is {} MB; the file size limit is {} MB.",
                    mb(*bytes as u64, lang),
                    mb(*limit as u64, lang)
                ),
            ),
            UnpacksTooLarge {
                file_name,
                part: Some(part),
                bytes,
                limit,
            } => lang.pick(
                format!(
                    "{file_name}: het onderdeel {part} zou uitgepakt {} MB zijn; de limiet voor een onderdeel dat in zijn geheel gelezen wordt is {} MB.",
                    mb(*bytes, lang),
                    mb(*limit, lang)
                ),
                format!(
                    "{file_name} : la partie {part} ferait {} Mo décompressée ; la taille maximale d'une partie lue d'un bloc est de {} Mo.",
                    mb(*bytes, lang),
                    mb(*limit, lang)
                ),
                format!(
                    "{file_name}: the part {part} would unpack to {} MB; the limit for a part read whole is {} MB.",
                    mb(*bytes, lang),
                    mb(*limit, lang)
                ),
            ),
            UnpacksTooLarge {
                file_name,
                part: None,
                bytes,
                limit,
            } => lang.pick(
                format!(
                    "{file_name}: uitgepakt zou de werkmap {} MB zijn; de limiet voor de uitgepakte grootte is {} MB.",
                    mb(*bytes, lang),
                    mb(*limit, lang)
                ),
                format!(
                    "{file_name} : décompressé, le classeur ferait {} Mo ; la taille décompressée maximale est de {} Mo.",
                    mb(*bytes, lang),
                    mb(*limit, lang)
                ),
                format!(
                    "{file_name}: unpacked, the workbook would be {} MB; the unpacked size limit is {} MB.",
                    mb(*bytes, lang),
                    mb(*limit, lang)
                ),
            ),
            CompressionTooHigh { file_name, ratio, limit } => lang.pick(
                format!(
                    "{file_name}: de werkmap is {ratio} keer samengeperst (een zip-bom?); de limiet voor de compressieverhouding is {limit}:1."
                ),
                format!(
                    "{file_name} : le classeur est compressé {ratio} fois (une bombe zip ?) ; le taux de compression maximal est de {limit}:1."
                ),
                format!(
                    "{file_name}: the workbook is compressed {ratio} times (a zip bomb?); the compression ratio limit is {limit}:1."
                ),
            ),
            TooManySheets { file_name, sheets, limit } => lang.pick(
                format!(
                    "{file_name}: de werkmap heeft {} bladen; de limiet voor het aantal bladen is {}.",
                    grouped(*sheets as u64, lang),
                    grouped(*limit as u64, lang)
                ),
                format!(
                    "{file_name} : le classeur a {} feuilles ; le nombre maximal de feuilles est de {}.",
                    grouped(*sheets as u64, lang),
                    grouped(*limit as u64, lang)
                ),
                format!(
                    "{file_name}: the workbook has {} sheets; the sheet count limit is {}.",
                    grouped(*sheets as u64, lang),
                    grouped(*limit as u64, lang)
                ),
            ),
            TooManyRows { file_name, sheet, limit } => {
                let limit = grouped(*limit as u64, lang);
                lang.pick(
                    format!("{file_name}, blad {sheet}: meer rijen dan de limiet van {limit} rijen per blad."),
                    format!("{file_name}, feuille {sheet} : plus de lignes que la limite de {limit} lignes par feuille."),
                    format!("{file_name}, sheet {sheet}: more rows than the limit of {limit} rows per sheet."),
                )
            }
            TooManyCells { file_name, sheet, limit } => {
                let limit = grouped(*limit as u64, lang);
                lang.pick(
                    format!("{file_name}, blad {sheet}: meer cellen (rijen x gebruikte kolommen) dan de limiet van {limit} cellen per blad."),
                    format!("{file_name}, feuille {sheet} : plus de cellules (lignes x colonnes utilisées) que la limite de {limit} cellules par feuille."),
                    format!("{file_name}, sheet {sheet}: more cells (rows x used columns) than the limit of {limit} cells per sheet."),
                )
            }
            TooManyRowsInWorkbook { file_name, sheet, limit } => {
                let limit = grouped(*limit as u64, lang);
                lang.pick(
                    format!("{file_name}: de bladen samen hebben meer rijen dan de limiet van {limit} rijen per werkmap (overschreden in blad {sheet}). Laat de bladen zonder posten weg of splits de werkmap."),
                    format!("{file_name} : les feuilles ensemble ont plus de lignes que la limite de {limit} lignes par classeur (dépassée dans la feuille {sheet}). Retirez les feuilles sans écritures ou scindez le classeur."),
                    format!("{file_name}: the sheets together have more rows than the limit of {limit} rows per workbook (passed in sheet {sheet}). Leave out the sheets without ledger entries, or split the workbook."),
                )
            }
            TooManyCellsInWorkbook { file_name, sheet, limit } => {
                let limit = grouped(*limit as u64, lang);
                lang.pick(
                    format!("{file_name}: de bladen samen hebben meer cellen dan de limiet van {limit} cellen per werkmap (overschreden in blad {sheet}). Laat de bladen zonder posten weg of splits de werkmap."),
                    format!("{file_name} : les feuilles ensemble ont plus de cellules que la limite de {limit} cellules par classeur (dépassée dans la feuille {sheet}). Retirez les feuilles sans écritures ou scindez le classeur."),
                    format!("{file_name}: the sheets together have more cells than the limit of {limit} cells per workbook (passed in sheet {sheet}). Leave out the sheets without ledger entries, or split the workbook."),
                )
            }
            TooManyFields { file_name, row, limit } => {
                let limit = grouped(*limit as u64, lang);
                lang.pick(
                    format!("{file_name}, rij {row}: meer dan {limit} velden op één regel; geen werkblad is zo breed. Is dit wel een export van een grootboek?"),
                    format!("{file_name}, ligne {row} : plus de {limit} champs sur une seule ligne ; aucune feuille de calcul n'est aussi large. Est-ce bien l'export d'un grand livre ?"),
                    format!("{file_name}, row {row}: more than {limit} fields on one line; no spreadsheet is that wide. Is this really a ledger export?"),
                )
            }
            TextTooLong { file_name, sheet, row, column, length, limit } => lang.pick(
                format!(
                    "{file_name}, blad {sheet}, rij {row}, kolom {column}: {} tekens; de limiet voor tekst in een cel is {} tekens.",
                    grouped(*length as u64, lang),
                    grouped(*limit as u64, lang)
                ),
                format!(
                    "{file_name}, feuille {sheet}, ligne {row}, colonne {column} : {} caractères ; le texte d'une cellule est limité à {} caractères.",
                    grouped(*length as u64, lang),
                    grouped(*limit as u64, lang)
                ),
                format!(
                    "{file_name}, sheet {sheet}, row {row}, column {column}: {} characters; the limit for text in a cell is {} characters.",
                    grouped(*length as u64, lang),
                    grouped(*limit as u64, lang)
                ),
            ),
            Encrypted { file_name } => lang.pick(
                format!("{file_name}: de werkmap is met een wachtwoord beveiligd en dus versleuteld. Sla ze op zonder wachtwoord en probeer opnieuw."),
                format!("{file_name} : le classeur est protégé par un mot de passe, donc chiffré. Enregistrez-le sans mot de passe et réessayez."),
                format!("{file_name}: the workbook is password-protected, hence encrypted. Save it without a password and try again."),
            ),
            NotASpreadsheet { file_name, looks_like } => lang.pick(
                format!(
                    "{file_name}: dit is geen spreadsheet maar {}. Verwacht: xlsx, xlsm, xls, xlsb, ods of csv.",
                    looks_like.name(lang)
                ),
                format!(
                    "{file_name} : ce n'est pas un tableur mais {}. Attendu : xlsx, xlsm, xls, xlsb, ods ou csv.",
                    looks_like.name(lang)
                ),
                format!(
                    "{file_name}: this is not a spreadsheet but {}. Expected: xlsx, xlsm, xls, xlsb, ods or csv.",
                    looks_like.name(lang)
                ),
            ),
            Damaged { file_name, sheet, detail } => {
                let place = match sheet {
                    Some(sheet) => lang.pick(format!(", blad {sheet}"), format!(", feuille {sheet}"), format!(", sheet {sheet}")),
                    None => String::new(),
                };
                lang.pick(
                    format!("{file_name}{place}: het bestand is beschadigd en kan niet gelezen worden ({detail}). Open en bewaar het opnieuw in Excel of LibreOffice."),
                    format!("{file_name}{place} : le fichier est endommagé et ne peut pas être lu ({detail}). Ouvrez-le et enregistrez-le à nouveau dans Excel ou LibreOffice."),
                    format!("{file_name}{place}: the file is damaged and cannot be read ({detail}). Open and save it again in Excel or LibreOffice."),
                )
            }
            NoLedgerSheet { file_name, searched_rows, found } => {
                let found = if found.is_empty() { "-".to_owned() } else { found.join("; ") };
                lang.pick(
                    format!("{file_name}: geen kopregel met een klant- en een bedragkolom gevonden in de eerste {searched_rows} rijen van een blad. Gevonden: {found}."),
                    format!("{file_name} : aucune ligne d'en-tête avec une colonne client et une colonne montant dans les {searched_rows} premières lignes d'une feuille. Trouvé : {found}."),
                    format!("{file_name}: no header row with a customer and an amount column in the first {searched_rows} rows of any sheet. Found: {found}."),
                )
            }
            AgedSummary { file_name, sheet, row } => {
                let place = match sheet.as_str() {
                    "csv" => lang.pick(format!(", rij {row}"), format!(", ligne {row}"), format!(", row {row}")),
                    _ => lang.pick(
                        format!(", blad {sheet}, rij {row}"),
                        format!(", feuille {sheet}, ligne {row}"),
                        format!(", sheet {sheet}, row {row}"),
                    ),
                };
                lang.pick(
                    format!("{file_name}{place}: dit is een ouderdomsanalyse per klant (saldo per termijn, geen facturen). Exporteer de openstaande posten per factuur (bijvoorbeeld \"Openstaande posten debiteuren\" of de gedetailleerde ouderdomsanalyse) en probeer opnieuw."),
                    format!("{file_name}{place} : c'est une balance âgée par client (soldes par tranche, sans factures). Exportez les échéances ouvertes facture par facture (par exemple la balance âgée détaillée ou l'échéancier clients) et réessayez."),
                    format!("{file_name}{place}: this is an aged summary by customer (balances per aging bucket, no invoices). Export the open items invoice by invoice (for example the aged receivables detail or open invoices report) and try again."),
                )
            }
            Empty { file_name } => lang.pick(
                format!("{file_name}: het bestand is leeg."),
                format!("{file_name} : le fichier est vide."),
                format!("{file_name}: the file is empty."),
            ),
            UnclosedQuote { file_name, row } => lang.pick(
                format!("{file_name}, rij {row}: een aanhalingsteken opent hier een cel die nergens gesloten wordt, zodat de rest van het bestand één cel zou zijn. Sluit of verwijder het aanhalingsteken en probeer opnieuw."),
                format!("{file_name}, ligne {row} : un guillemet ouvre ici une cellule qui n'est jamais fermée ; le reste du fichier ne serait qu'une seule cellule. Fermez ou supprimez ce guillemet et réessayez."),
                format!("{file_name}, row {row}: a quote opens a cell here that is never closed, so the rest of the file would be one cell. Close or remove the quote and try again."),
            ),
        }
    }
}

/// Megabytes with one decimal, in the language's notation ("2,5" or "2.5").
fn mb(bytes: u64, lang: Lang) -> String {
    let tenths = (bytes.saturating_mul(10) + 524_288) / 1_048_576;
    let separator = lang.pick(",", ",", ".");
    format!("{}{separator}{}", grouped(tenths / 10, lang), tenths % 10)
}

/// A whole number with the language's thousands separator: 1.048.576, 1 048 576, 1,048,576.
fn grouped(value: u64, lang: Lang) -> String {
    let separator = lang.pick('.', '\u{202f}', ',');
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_way_each_language_reads_them() {
        assert_eq!(grouped(1_048_576, Lang::Nl), "1.048.576");
        assert_eq!(grouped(1_048_576, Lang::Fr), "1\u{202f}048\u{202f}576");
        assert_eq!(grouped(1_048_576, Lang::En), "1,048,576");
        assert_eq!(grouped(999, Lang::En), "999");
        assert_eq!(mb(300 * 1_048_576, Lang::En), "300.0");
        assert_eq!(mb(1_572_864, Lang::Nl), "1,5");
    }

    #[test]
    fn every_error_names_the_file_in_every_language() {
        let errors = [
            ImportError::TooManyRows {
                file_name: "grootboek.xlsx".into(),
                sheet: "Blad1".into(),
                limit: 1_048_576,
            },
            ImportError::Damaged {
                file_name: "grootboek.xlsx".into(),
                sheet: Some("Blad1".into()),
                detail: "bad zip".into(),
            },
            ImportError::NotASpreadsheet {
                file_name: "grootboek.xlsx".into(),
                looks_like: LooksLike::WordDocument,
            },
            ImportError::AgedSummary {
                file_name: "grootboek.xlsx".into(),
                sheet: "Blad1".into(),
                row: 4,
            },
            ImportError::TooManyCellsInWorkbook {
                file_name: "grootboek.xlsx".into(),
                sheet: "Blad3".into(),
                limit: 3_422_552,
            },
            ImportError::TooManyRowsInWorkbook {
                file_name: "grootboek.xlsx".into(),
                sheet: "Blad3".into(),
                limit: 668_467,
            },
        ];
        for error in errors {
            for lang in Lang::ALL {
                let message = error.message(lang);
                assert!(message.starts_with("grootboek.xlsx"), "{message}");
            }
        }
        let rows = ImportError::TooManyRows {
            file_name: "f.csv".into(),
            sheet: "csv".into(),
            limit: 1_048_576,
        };
        assert!(rows
            .message(Lang::Nl)
            .contains("de limiet van 1.048.576 rijen per blad"));
    }
}
