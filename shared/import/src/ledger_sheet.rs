//! One ledger sheet below its header: every row becomes an entry, or an issue that says why not.

use crate::grid::{Grid, GridRow};
use crate::header::{normalize, Field, Header};
use crate::values::{
    parse_days, parse_flag, parse_text_amount, parse_text_date, serial_date, AmountEvidence, DateEvidence, DateOrder,
    DecimalMark,
};
use chrono::{Days, NaiveDate};
use credit_core::issue::{Issue, IssueKind, Severity};
use credit_core::lang::Lang;
use credit_core::ledger::{Cell, DocumentKind, Entry, SheetRow, SheetTable, SourceRow};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// What reading a ledger sheet gives.
pub struct SheetRead {
    /// The usable rows.
    pub entries: Vec<Entry>,
    /// The original table with typed cells, for the annotated workbook.
    pub table: SheetTable,
    /// Why rows were left out or doubted.
    pub issues: Vec<Issue>,
    /// Currencies named by amount signs, with how often.
    pub currency_signs: HashMap<&'static str, usize>,
}

/// The context a sheet is read in.
pub struct SheetContext<'a> {
    /// Index of this sheet in `Ledger::sheets`.
    pub sheet_index: u16,
    /// The language of the headers, else the user's.
    pub lang: Option<Lang>,
    /// Payment terms per customer id, from a customers sheet.
    pub terms: &'a HashMap<String, u32>,
    /// Terms when neither the row nor the customer gives any.
    pub default_terms_days: u32,
}

/// Words that start a total or subtotal row.
const TOTAL_WORDS: [&str; 12] = [
    "totaal",
    "subtotaal",
    "eindtotaal",
    "total",
    "totals",
    "sous total",
    "subtotal",
    "grand total",
    "summe",
    "gesamt",
    "zwischensumme",
    "totale",
];

/// Reads the rows of a ledger sheet below its header.
pub fn read_ledger_sheet(grid: Grid, header: &Header, context: &SheetContext<'_>) -> SheetRead {
    let sheet = grid.name.clone();
    let width = header.texts.len();
    let data_rows = &grid.rows[header.index + 1..];
    let (date_order, dates_assumed) = date_order(data_rows, header, context.lang);
    let marks = decimal_marks(data_rows, header, context.lang);
    let mut reader = RowReader {
        header,
        sheet: &sheet,
        context,
        date_order,
        marks,
        date1904: grid.date1904,
        issues: Vec::new(),
        currency_signs: HashMap::new(),
    };
    if dates_assumed {
        reader.issues.push(Issue {
            severity: Severity::Warning,
            sheet: Some(sheet.clone()),
            row: None,
            column: None,
            kind: IssueKind::AmbiguousDates {
                assumed: date_order.pattern().into(),
            },
        });
    }
    if header.column(Field::DueDate).is_none() {
        reader.issues.push(Issue {
            severity: Severity::Info,
            sheet: Some(sheet.clone()),
            row: None,
            column: None,
            kind: IssueKind::DueDateDerived {
                terms_days: context.default_terms_days,
            },
        });
    }

    let mut entries = Vec::with_capacity(data_rows.len());
    let mut rows = Vec::with_capacity(data_rows.len());
    let mut first_seen: HashMap<(String, String, DocumentKind), u32> = HashMap::new();
    let mut last_customer: Option<(String, Option<String>)> = None;
    for grid_row in data_rows {
        let mut cells = grid_row.cells.clone();
        cells.resize(width.max(cells.len()), Cell::Empty);
        let outcome = reader.read_row(grid_row, &mut cells, &mut last_customer);
        rows.push(SheetRow {
            row: grid_row.number,
            cells,
        });
        let Some(entry) = outcome else { continue };
        if let Some(document) = &entry.document {
            let key = (entry.customer_id.clone(), document.clone(), entry.kind);
            if let Some(&first_row) = first_seen.get(&key) {
                reader.issues.push(Issue::at_row(
                    Severity::Warning,
                    &sheet,
                    grid_row.number,
                    header.column(Field::Invoice).map(|c| header.texts[c].as_str()),
                    IssueKind::DuplicateInvoice {
                        invoice: document.clone(),
                        first_row,
                    },
                ));
            } else {
                first_seen.insert(key, grid_row.number);
            }
        }
        entries.push(entry);
    }
    let issues = reader.issues;
    let currency_signs = reader.currency_signs;
    let table = SheetTable {
        name: sheet,
        header_row: header.number,
        headers: header.texts.clone(),
        rows,
    };
    SheetRead {
        entries,
        table,
        issues,
        currency_signs,
    }
}

fn date_order(rows: &[GridRow], header: &Header, lang: Option<Lang>) -> (DateOrder, bool) {
    let mut evidence = DateEvidence::default();
    for field in [Field::InvoiceDate, Field::DueDate, Field::PaidDate] {
        if let Some(column) = header.column(field) {
            for row in rows {
                if let Some(Cell::Text(text)) = row.cells.get(column) {
                    evidence.observe(text);
                }
            }
        }
    }
    evidence.decide(lang)
}

fn decimal_marks(rows: &[GridRow], header: &Header, lang: Option<Lang>) -> HashMap<Field, DecimalMark> {
    header
        .columns
        .iter()
        .filter(|(field, _)| field.is_amount())
        .map(|(&field, &column)| {
            let mut evidence = AmountEvidence::default();
            for row in rows {
                if let Some(Cell::Text(text)) = row.cells.get(column) {
                    evidence.observe(text);
                }
            }
            (field, evidence.decide(lang))
        })
        .collect()
}

struct RowReader<'a> {
    header: &'a Header,
    sheet: &'a str,
    context: &'a SheetContext<'a>,
    date_order: DateOrder,
    marks: HashMap<Field, DecimalMark>,
    date1904: bool,
    issues: Vec<Issue>,
    currency_signs: HashMap<&'static str, usize>,
}

/// Why a value could not be read; the row is left out with this reason.
struct Refusal {
    column: Option<usize>,
    kind: IssueKind,
}

impl RowReader<'_> {
    /// Reads one row; the cells are rewritten with the typed values understood (dates, amounts).
    fn read_row(
        &mut self,
        row: &GridRow,
        cells: &mut [Cell],
        last_customer: &mut Option<(String, Option<String>)>,
    ) -> Option<Entry> {
        if let Some(label) = total_label(cells) {
            // A subtotal closes a customer's group: nothing is carried past it.
            *last_customer = None;
            self.note(row.number, None, Severity::Info, IssueKind::TotalRowSkipped { label });
            return None;
        }
        if self.is_repeated_header(cells) {
            self.note(
                row.number,
                None,
                Severity::Info,
                IssueKind::SectionRowSkipped {
                    text: joined_text(cells),
                },
            );
            return None;
        }
        match self.entry(row, cells, last_customer) {
            Ok(entry) => entry,
            Err(refusal) => {
                let column = refusal.column.map(|c| self.header.texts[c].clone());
                self.note(row.number, column.as_deref(), Severity::Warning, refusal.kind);
                None
            }
        }
    }

    fn entry(
        &mut self,
        row: &GridRow,
        cells: &mut [Cell],
        last_customer: &mut Option<(String, Option<String>)>,
    ) -> Result<Option<Entry>, Refusal> {
        let header = self.header;
        let text_of = |field: Field, cells: &[Cell]| header.column(field).and_then(|c| cell_text(&cells[c]));

        let mut currency = None;
        let amount = match self.amount(Field::Amount, cells, &mut currency)? {
            Some(amount) => Some(amount),
            None => match (
                self.amount(Field::Debit, cells, &mut currency)?,
                self.amount(Field::Credit, cells, &mut currency)?,
            ) {
                (None, None) => None,
                (debit, credit) => Some(debit.unwrap_or_default() - credit.unwrap_or_default()),
            },
        };
        let open = self.amount(Field::Open, cells, &mut currency)?;
        let paid = self.amount(Field::Paid, cells, &mut currency)?;

        let id = text_of(Field::CustomerId, cells);
        let name = text_of(Field::CustomerName, cells);
        if amount.is_none() && open.is_none() {
            // A customer heading, a note or a blank-amount line inside the data.
            let filled = cells.iter().filter(|cell| !matches!(cell, Cell::Empty)).count();
            if filled <= 2 || (id.is_none() && name.is_none()) {
                self.note(
                    row.number,
                    None,
                    Severity::Info,
                    IssueKind::SectionRowSkipped {
                        text: joined_text(cells),
                    },
                );
                return Ok(None);
            }
            let column = header.column(Field::Amount).or(header.column(Field::Open));
            return Err(Refusal {
                column,
                kind: IssueKind::MissingAmount,
            });
        }
        let (customer_id, customer_name) = match (id, name) {
            (Some(id), name) => (id, name),
            (None, name) => match last_customer.clone() {
                // Exports that print the customer on the first row of its group only.
                Some((last_id, last_name))
                    if self.carries_customer_down(cells) && (name.is_none() || name == last_name) =>
                {
                    (last_id, last_name)
                }
                _ => match name {
                    Some(name) => (name.clone(), Some(name)),
                    None => {
                        let column = header.column(Field::CustomerId).or(header.column(Field::CustomerName));
                        return Err(Refusal {
                            column,
                            kind: IssueKind::MissingCustomer,
                        });
                    }
                },
            },
        };
        *last_customer = Some((customer_id.clone(), customer_name.clone()));

        let invoice_date = self.date(Field::InvoiceDate, cells)?;
        let due_date = self.date(Field::DueDate, cells)?;
        let paid_date = match self.date(Field::PaidDate, cells) {
            Ok(date) => date,
            Err(refusal) => {
                // The row is still usable: without the paid date it counts as open unless an open or paid
                // column says otherwise.
                let column = refusal.column.map(|c| header.texts[c].clone());
                self.note(row.number, column.as_deref(), Severity::Warning, refusal.kind);
                None
            }
        };
        let row_terms = header.column(Field::Terms).and_then(|c| match &cells[c] {
            Cell::Number(days) => u32::try_from(days.trunc()).ok(),
            Cell::Text(text) => parse_days(text),
            _ => None,
        });
        let due_date = match (due_date, invoice_date) {
            (Some(due), _) => due,
            (None, Some(issued)) => {
                let terms = row_terms
                    .or_else(|| self.context.terms.get(&customer_id).copied())
                    .unwrap_or(self.context.default_terms_days);
                if header.column(Field::DueDate).is_some() {
                    self.note(
                        row.number,
                        None,
                        Severity::Info,
                        IssueKind::DueDateDerived { terms_days: terms },
                    );
                }
                issued.checked_add_days(Days::new(terms.into())).unwrap_or(issued)
            }
            (None, None) => {
                let column = header.column(Field::DueDate).or(header.column(Field::InvoiceDate));
                return Err(Refusal {
                    column,
                    kind: IssueKind::MissingDate,
                });
            }
        };

        let type_text = text_of(Field::DocumentType, cells);
        let mut kind = type_text.as_deref().map(document_kind).unwrap_or_default();
        let signed = amount.or(open).unwrap_or_default();
        if kind == DocumentKind::Invoice && signed < Decimal::ZERO {
            kind = DocumentKind::CreditNote;
        }
        // Credit notes and payments are negative, whichever sign the export gave them.
        let negate = kind != DocumentKind::Invoice && signed > Decimal::ZERO;
        let sign = |value: Option<Decimal>| value.map(|v| if negate { -v } else { v });
        let amount = sign(amount);
        let open = sign(open);
        let paid = match (amount, paid) {
            (Some(amount), Some(paid)) if amount < Decimal::ZERO && paid > Decimal::ZERO => Some(-paid),
            (_, paid) => paid,
        };

        let row_currency = text_of(Field::Currency, cells)
            .map(|text| currency_code(&text))
            .or(currency.map(str::to_owned));
        if let Some(sign) = currency {
            *self.currency_signs.entry(sign).or_default() += 1;
        }
        Ok(Some(Entry {
            at: SourceRow {
                sheet: self.context.sheet_index,
                row: row.number,
            },
            customer_id,
            customer_name,
            document: text_of(Field::Invoice, cells),
            kind,
            invoice_date,
            due_date,
            amount,
            open,
            paid,
            paid_date,
            currency: row_currency,
            disputed: text_of(Field::Disputed, cells).is_some_and(|text| parse_flag(&text))
                || header
                    .column(Field::Disputed)
                    .is_some_and(|c| matches!(cells[c], Cell::Bool(true))),
            electronic: text_of(Field::Electronic, cells).map(|text| electronic(&text)),
            external_rating: text_of(Field::Rating, cells),
        }))
    }

    /// Reads an amount cell, rewriting it as a number; `None` when the column is absent or the cell empty.
    fn amount(
        &mut self,
        field: Field,
        cells: &mut [Cell],
        currency: &mut Option<&'static str>,
    ) -> Result<Option<Decimal>, Refusal> {
        let Some(column) = self.header.column(field) else {
            return Ok(None);
        };
        let refuse = |kind| {
            Err(Refusal {
                column: Some(column),
                kind,
            })
        };
        match &cells[column] {
            Cell::Empty => Ok(None),
            Cell::Number(value) => Ok(Some(*value)),
            Cell::Text(text) => {
                let mark = self.marks.get(&field).copied().unwrap_or(DecimalMark::Point);
                match parse_text_amount(text, mark) {
                    Some(parsed) => {
                        if parsed.currency.is_some() {
                            *currency = parsed.currency;
                        }
                        cells[column] = Cell::Number(parsed.value);
                        Ok(Some(parsed.value))
                    }
                    None if matches!(text.as_str(), "-" | "--" | "—") => Ok(None),
                    None => refuse(IssueKind::UnreadableAmount { value: text.clone() }),
                }
            }
            Cell::Error(value) => refuse(IssueKind::CellError { value: value.clone() }),
            Cell::Date(date) => refuse(IssueKind::UnreadableAmount {
                value: date.to_string(),
            }),
            Cell::Bool(value) => refuse(IssueKind::UnreadableAmount {
                value: value.to_string(),
            }),
        }
    }

    /// Reads a date cell, rewriting it as a date; `None` when the column is absent or the cell empty.
    fn date(&self, field: Field, cells: &mut [Cell]) -> Result<Option<NaiveDate>, Refusal> {
        let Some(column) = self.header.column(field) else {
            return Ok(None);
        };
        let refuse = |kind| {
            Err(Refusal {
                column: Some(column),
                kind,
            })
        };
        let date = match &cells[column] {
            Cell::Empty => return Ok(None),
            Cell::Date(date) => Some(*date),
            Cell::Number(serial) => serial_date(*serial, self.date1904),
            Cell::Text(text) => {
                if matches!(text.as_str(), "-" | "--") {
                    return Ok(None);
                }
                parse_text_date(text, self.date_order)
            }
            Cell::Error(value) => return refuse(IssueKind::CellError { value: value.clone() }),
            Cell::Bool(_) => None,
        };
        match date {
            Some(date) => {
                cells[column] = Cell::Date(date);
                Ok(Some(date))
            }
            None => refuse(IssueKind::UnreadableDate {
                value: cell_text(&cells[column]).unwrap_or_default(),
            }),
        }
    }

    fn is_repeated_header(&self, cells: &[Cell]) -> bool {
        let matching = self
            .header
            .texts
            .iter()
            .zip(cells)
            .filter(|(header, cell)| !header.is_empty() && matches!(cell, Cell::Text(text) if text == *header))
            .count();
        matching >= 2 && matching * 2 >= self.header.columns.len()
    }

    /// The customer may be carried down only when the row has a document of its own.
    fn carries_customer_down(&self, cells: &[Cell]) -> bool {
        let has = |field| {
            self.header
                .column(field)
                .is_some_and(|c| !matches!(cells[c], Cell::Empty))
        };
        has(Field::Invoice) || has(Field::InvoiceDate) || has(Field::DueDate)
    }

    fn note(&mut self, row: u32, column: Option<&str>, severity: Severity, kind: IssueKind) {
        self.issues.push(Issue::at_row(severity, self.sheet, row, column, kind));
    }
}

/// The label of a total or subtotal row, when the row is one.
fn total_label(cells: &[Cell]) -> Option<String> {
    cells.iter().find_map(|cell| {
        let Cell::Text(text) = cell else { return None };
        let normal = normalize(text);
        TOTAL_WORDS
            .iter()
            .any(|word| normal == *word || normal.starts_with(&format!("{word} ")))
            .then(|| text.clone())
    })
}

/// The text of a cell that names something: numbers as written (10001, not 10001.0).
pub fn cell_text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Empty => None,
        Cell::Text(text) => Some(text.clone()),
        Cell::Number(number) => Some(number.normalize().to_string()),
        Cell::Date(date) => Some(date.to_string()),
        Cell::Bool(value) => Some(value.to_string()),
        Cell::Error(value) => Some(value.clone()),
    }
}

fn joined_text(cells: &[Cell]) -> String {
    let text = cells.iter().filter_map(cell_text).collect::<Vec<_>>().join(" ");
    text.chars().take(80).collect()
}

fn document_kind(text: &str) -> DocumentKind {
    let normal = normalize(text);
    let has = |words: &[&str]| {
        words
            .iter()
            .any(|word| normal.split(' ').any(|part| part.starts_with(word)))
    };
    if has(&[
        "credit",
        "avoir",
        "gutschrift",
        "cn",
        "kn",
        "creditnota",
        "creditfactuur",
        "refund",
        "terugbetaling",
    ]) {
        DocumentKind::CreditNote
    } else if has(&[
        "betaling",
        "payment",
        "paiement",
        "reglement",
        "ontvangst",
        "zahlung",
        "receipt",
        "encaissement",
        "pmt",
    ]) {
        DocumentKind::Payment
    } else {
        DocumentKind::Invoice
    }
}

fn electronic(text: &str) -> bool {
    let normal = normalize(text);
    ![
        "paper", "papier", "post", "print", "brief", "courrier", "nee", "no", "non", "false",
    ]
    .iter()
    .any(|word| normal.split(' ').any(|part| part == *word))
}

/// An ISO code from a currency cell: "€" -> EUR, "eur" -> EUR.
fn currency_code(text: &str) -> String {
    match text.trim() {
        "€" => "EUR".into(),
        "$" => "USD".into(),
        "£" => "GBP".into(),
        other => other.to_uppercase(),
    }
}
