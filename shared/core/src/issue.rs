//! Problems found in a ledger: each names the place (sheet, row, column) and says what was expected,
//! in the user's language.

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// How serious an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing was left out (e.g. a total row skipped, a due date derived).
    Info,
    /// A row or value was left out or doubtful; the analysis may be incomplete.
    Warning,
    /// The ledger could not be used as a whole.
    Error,
}

/// A problem found at a place in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// How serious.
    pub severity: Severity,
    /// The sheet name ("csv" for csv files), when the issue is tied to a sheet.
    pub sheet: Option<String>,
    /// The 1-based row number, when tied to a row.
    pub row: Option<u32>,
    /// The column header as the file spells it, when tied to a column.
    pub column: Option<String>,
    /// What happened, in a form that can be told in any language.
    pub kind: IssueKind,
}

/// What went wrong, with the values needed to explain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum IssueKind {
    /// A total or subtotal row ("Totaal", "Total for ...") was skipped.
    TotalRowSkipped {
        /// The label that marked it.
        label: String,
    },
    /// A section or heading row inside the data was skipped.
    SectionRowSkipped {
        /// The text of the row.
        text: String,
    },
    /// A date cell could not be read.
    UnreadableDate {
        /// The cell as it stands.
        value: String,
    },
    /// An amount cell could not be read.
    UnreadableAmount {
        /// The cell as it stands.
        value: String,
    },
    /// The cell holds a spreadsheet error (`#N/A`, `#REF!`, ...).
    CellError {
        /// The error value.
        value: String,
    },
    /// A row has no customer.
    MissingCustomer,
    /// A row has no amount at all.
    MissingAmount,
    /// A row has neither a due date nor an invoice date.
    MissingDate,
    /// The due date was derived from the invoice date and payment terms.
    DueDateDerived {
        /// The terms used, in days.
        terms_days: u32,
    },
    /// Day and month order of text dates could not be decided; the reading used is stated.
    AmbiguousDates {
        /// The order used, e.g. "dd/mm/yyyy".
        assumed: String,
    },
    /// The same invoice number appears more than once for a customer.
    DuplicateInvoice {
        /// The invoice number.
        invoice: String,
        /// The row where it first appeared.
        first_row: u32,
    },
    /// Another line of a document already read: line-item exports (Zoho Books, FreshBooks) repeat the
    /// document's customer, dates, total and balance on each of its lines, so it is counted once.
    InvoiceLineSkipped {
        /// The invoice number.
        invoice: String,
        /// The row of its first line.
        first_row: u32,
    },
    /// A row is in another currency than the ledger's and was left out of the totals.
    OtherCurrency {
        /// The row's currency.
        currency: String,
        /// The ledger's currency.
        ledger_currency: String,
    },
    /// Documents dated after the as-of date were left out.
    AfterAsOf {
        /// The as-of date, ISO.
        as_of: String,
        /// How many rows were left out.
        count: usize,
    },
    /// The open-amount column is a running balance (the customer's balance after each line, as on an
    /// account statement), not what each document still owes: each document counts at its amount.
    RunningBalance,
    /// A sheet had no recognisable header row and was not read.
    SheetSkipped,
    /// A hidden sheet holding a ledger, left out because a visible sheet holds one: producers keep hidden
    /// copies (a pivot's source, a backup), and reading both would count every document twice.
    HiddenSheetSkipped,
    /// A free-form message for cases without a kind of their own (kept for forward compatibility).
    Other {
        /// English text.
        message: String,
    },
}

impl IssueKind {
    /// The stable code of this kind, as in the JSON output ("unreadable_date", ...).
    pub fn code(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|value| value.get("code").and_then(|code| code.as_str().map(str::to_string)))
            .unwrap_or_else(|| "other".to_string())
    }
}

impl Issue {
    /// An issue at a row of a sheet.
    pub fn at_row(severity: Severity, sheet: &str, row: u32, column: Option<&str>, kind: IssueKind) -> Self {
        Issue {
            severity,
            sheet: Some(sheet.to_string()),
            row: Some(row),
            column: column.map(str::to_string),
            kind,
        }
    }

    /// The message for a user, in their language.
    pub fn message(&self, lang: Lang) -> String {
        use IssueKind::*;
        match &self.kind {
            TotalRowSkipped { label } => lang.pick(
                format!("totaalregel overgeslagen (\"{label}\")"),
                format!("ligne de total ignorée (« {label} »)"),
                format!("total row skipped (\"{label}\")"),
            ),
            SectionRowSkipped { text } => lang.pick(
                format!("tussenkop overgeslagen (\"{text}\")"),
                format!("ligne de section ignorée (« {text} »)"),
                format!("section row skipped (\"{text}\")"),
            ),
            UnreadableDate { value } => lang.pick(
                format!(
                    "datum \"{value}\" onleesbaar: verwacht dd-mm-jjjj, jjjj-mm-dd of een datumcel; rij overgeslagen"
                ),
                format!(
                    "date « {value} » illisible : attendu jj/mm/aaaa, aaaa-mm-jj ou une cellule date ; ligne ignorée"
                ),
                format!("unreadable date \"{value}\": expected dd-mm-yyyy, yyyy-mm-dd or a date cell; row skipped"),
            ),
            UnreadableAmount { value } => lang.pick(
                format!("bedrag \"{value}\" onleesbaar: verwacht een getal zoals 1.234,56; rij overgeslagen"),
                format!("montant « {value} » illisible : attendu un nombre comme 1 234,56 ; ligne ignorée"),
                format!("unreadable amount \"{value}\": expected a number such as 1,234.56; row skipped"),
            ),
            CellError { value } => lang.pick(
                format!("cel bevat de fout {value}; rij overgeslagen"),
                format!("la cellule contient l'erreur {value} ; ligne ignorée"),
                format!("cell holds the error {value}; row skipped"),
            ),
            MissingCustomer => lang.pick(
                "geen klant op deze rij; rij overgeslagen".to_string(),
                "pas de client sur cette ligne ; ligne ignorée".to_string(),
                "no customer on this row; row skipped".to_string(),
            ),
            MissingAmount => lang.pick(
                "geen bedrag op deze rij; rij overgeslagen".to_string(),
                "pas de montant sur cette ligne ; ligne ignorée".to_string(),
                "no amount on this row; row skipped".to_string(),
            ),
            MissingDate => lang.pick(
                "geen vervaldatum of factuurdatum; rij overgeslagen".to_string(),
                "ni échéance ni date de facture ; ligne ignorée".to_string(),
                "neither a due date nor an invoice date; row skipped".to_string(),
            ),
            DueDateDerived { terms_days } => lang.pick(
                format!("geen vervaldatum: factuurdatum + {terms_days} dagen gebruikt"),
                format!("pas d'échéance : date de facture + {terms_days} jours utilisée"),
                format!("no due date: invoice date + {terms_days} days used"),
            ),
            AmbiguousDates { assumed } => lang.pick(
                format!("dag en maand in de datums zijn niet te onderscheiden; gelezen als {assumed}"),
                format!("jour et mois des dates indiscernables ; lues comme {assumed}"),
                format!("day and month of the dates cannot be told apart; read as {assumed}"),
            ),
            DuplicateInvoice { invoice, first_row } => lang.pick(
                format!("factuur {invoice} staat er al op rij {first_row}"),
                format!("la facture {invoice} figure déjà à la ligne {first_row}"),
                format!("invoice {invoice} already appears on row {first_row}"),
            ),
            InvoiceLineSkipped { invoice, first_row } => lang.pick(
                format!("nog een regel van factuur {invoice} (rij {first_row}); de factuur telt één keer"),
                format!("autre ligne de la facture {invoice} (ligne {first_row}) ; la facture compte une fois"),
                format!("another line of invoice {invoice} (row {first_row}); the invoice counts once"),
            ),
            OtherCurrency {
                currency,
                ledger_currency,
            } => lang.pick(
                format!("valuta {currency} wijkt af van {ledger_currency}; niet meegeteld"),
                format!("devise {currency} différente de {ledger_currency} ; non comptée"),
                format!("currency {currency} differs from {ledger_currency}; left out of the totals"),
            ),
            AfterAsOf { as_of, count } => lang.pick(
                format!("{count} documenten gedateerd na de peildatum {as_of}; niet meegeteld"),
                format!("{count} documents datés après la date d'arrêté {as_of} ; non comptés"),
                format!("{count} documents dated after the as-of date {as_of}; left out"),
            ),
            RunningBalance => lang.pick(
                "deze kolom is een lopend saldo (het saldo na elke regel), geen openstaand bedrag per document; elk document telt met zijn bedrag".to_string(),
                "cette colonne est un solde progressif (le solde après chaque ligne), pas le reste dû de chaque pièce ; chaque pièce compte pour son montant".to_string(),
                "this column is a running balance (the balance after each line), not what each document still owes; each document counts at its amount".to_string(),
            ),
            SheetSkipped => lang.pick(
                "geen kopregel met herkenbare kolommen gevonden; blad niet gelezen".to_string(),
                "aucune ligne d'en-tête reconnaissable ; feuille non lue".to_string(),
                "no header row with recognisable columns; sheet not read".to_string(),
            ),
            HiddenSheetSkipped => lang.pick(
                "verborgen blad niet gelezen: een zichtbaar blad bevat de posten".to_string(),
                "feuille masquée non lue : une feuille visible contient les écritures".to_string(),
                "hidden sheet not read: a visible sheet holds the ledger".to_string(),
            ),
            Other { message } => message.clone(),
        }
    }
}
