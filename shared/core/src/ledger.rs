//! The ledger as read from the user's file: what the importer produces and the analysis consumes.
//!
//! The importer resolves every format quirk (header synonyms, text dates, decimal commas, credit notes
//! given as positive amounts) so that the analysis sees clean, typed values. It keeps the original cells
//! too ([`SheetTable`]), because the annotated workbook gives the user back their own rows.

use crate::issue::Issue;
use crate::lang::Lang;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A whole imported ledger.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    /// Where the ledger came from and what was detected about it.
    pub source: Source,
    /// The usable rows: invoices, credit notes and payments, in file order.
    pub entries: Vec<Entry>,
    /// The customer master data, from a customers sheet when the file has one.
    pub customers: Vec<CustomerRecord>,
    /// Every row that could not be used, and every doubt, with its place in the file.
    pub issues: Vec<Issue>,
    /// The original tables as read, for the annotated workbook. Index = [`SourceRow::sheet`].
    pub sheets: Vec<SheetTable>,
}

/// What is known about the file a ledger came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The file name as the user gave it (no directories).
    pub file_name: String,
    /// The file format, e.g. "xlsx" or "csv".
    pub format: String,
    /// The language of the headers, when they tell.
    pub language: Option<Lang>,
    /// The ledger's currency (ISO 4217), from a currency column or the symbols in the amounts.
    pub currency: Option<String>,
    /// Rows below the header rows of the ledger sheets, blank rows excluded.
    pub rows_read: usize,
}

/// The place of a row in the source file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SourceRow {
    /// Index into [`Ledger::sheets`].
    pub sheet: u16,
    /// The row number the user sees in their spreadsheet (1-based; for csv the line's record number, header = 1).
    pub row: u32,
}

/// What a ledger row is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// A sales invoice (or debit note): the customer owes this.
    #[default]
    Invoice,
    /// A credit note: a negative amount that reduces what the customer owes.
    CreditNote,
    /// A payment not (yet) allocated to an invoice: stays as a negative open item.
    Payment,
}

/// One usable ledger row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    /// Where the row is in the file.
    pub at: SourceRow,
    /// The customer id: the id column's text, or the name when the ledger has no id column.
    pub customer_id: String,
    /// The customer name, when the ledger has one.
    pub customer_name: Option<String>,
    /// The invoice (document) number.
    pub document: Option<String>,
    /// Invoice, credit note or payment.
    pub kind: DocumentKind,
    /// The document date.
    pub invoice_date: Option<NaiveDate>,
    /// The due date; derived by the importer from the invoice date and terms when the ledger has none.
    pub due_date: NaiveDate,
    /// The document amount, signed: credit notes and payments are negative.
    pub amount: Option<Decimal>,
    /// The open amount according to an open-amount column.
    pub open: Option<Decimal>,
    /// The amount paid according to an amount-paid column.
    pub paid: Option<Decimal>,
    /// The date the document was (last) paid.
    pub paid_date: Option<NaiveDate>,
    /// The row's currency (ISO 4217) when the ledger says.
    pub currency: Option<String>,
    /// Whether the customer disputes this document.
    pub disputed: bool,
    /// Whether the invoice was sent electronically (`Some(true)`) or on paper (`Some(false)`).
    pub electronic: Option<bool>,
    /// The external credit rating of the customer given on this row, if any.
    pub external_rating: Option<String>,
}

impl Entry {
    /// The amount still open at `as_of`: payments dated after it are ignored, so an old date gives
    /// the ledger as it stood then.
    ///
    /// Rules, in order: a payment dated after `as_of` is ignored (the document amount is open); else the
    /// open-amount column; else amount minus amount paid; else nothing when a paid date is known; else
    /// the whole amount.
    pub fn open_at(&self, as_of: NaiveDate) -> Decimal {
        if let (Some(paid_on), Some(amount)) = (self.paid_date, self.amount) {
            if paid_on > as_of {
                return amount;
            }
        }
        if let Some(open) = self.open {
            return open;
        }
        match (self.amount, self.paid) {
            (Some(amount), Some(paid)) => amount - paid,
            (Some(_), None) if self.paid_date.is_some() => Decimal::ZERO,
            (Some(amount), None) => amount,
            (None, _) => Decimal::ZERO,
        }
    }

    /// The date that places the document in time: its invoice date, or else its due date.
    pub fn document_date(&self) -> NaiveDate {
        self.invoice_date.unwrap_or(self.due_date)
    }

    /// Whether this is an invoice fully paid on or before `as_of` with a known paid date: the rows that
    /// tell how a customer pays.
    pub fn settled_by(&self, as_of: NaiveDate) -> Option<NaiveDate> {
        let paid_on = self.paid_date?;
        let amount = self.amount?;
        (self.kind == DocumentKind::Invoice
            && amount > Decimal::ZERO
            && paid_on <= as_of
            && self.open_at(as_of) <= Decimal::ZERO)
            .then_some(paid_on)
    }
}

/// Customer master data from a customers sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomerRecord {
    /// The customer id, matching [`Entry::customer_id`].
    pub id: String,
    /// The customer name.
    pub name: Option<String>,
    /// The credit limit agreed with the customer.
    pub credit_limit: Option<Decimal>,
    /// The agreed payment terms in days.
    pub payment_terms_days: Option<u32>,
    /// Where reminders go.
    pub email: Option<String>,
    /// Who to call.
    pub phone: Option<String>,
    /// The customer's language for reminders, when known.
    pub language: Option<Lang>,
    /// An external credit rating, when the sheet has one.
    pub external_rating: Option<String>,
}

/// An original sheet as read, kept so the annotated workbook can give the user back their own rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetTable {
    /// The sheet name ("csv" for a csv file).
    pub name: String,
    /// The 1-based row number of the header row.
    pub header_row: u32,
    /// The header texts, one per column.
    pub headers: Vec<String>,
    /// The rows below the header, blank rows excluded.
    pub rows: Vec<SheetRow>,
    /// The columns (0-based) the importer read as money: amount, debit, credit, open, paid, credit limit.
    /// The workbook gives these the currency format whatever their values look like, and no other
    /// column: a VAT rate of 0.21 is no amount, and an amount column of whole euros is one all the same.
    pub money_columns: Vec<usize>,
}

/// One original row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetRow {
    /// The 1-based row number in the sheet.
    pub row: u32,
    /// The cells, one per header column.
    pub cells: Vec<Cell>,
}

/// An original cell value, typed as the importer understood it.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Cell {
    /// Nothing in the cell.
    #[default]
    Empty,
    /// Text that is not a number or date in this column.
    Text(String),
    /// A number (amounts included), exact.
    Number(Decimal),
    /// A calendar date.
    Date(NaiveDate),
    /// A true/false cell.
    Bool(bool),
    /// A spreadsheet error value such as `#N/A`.
    Error(String),
}
