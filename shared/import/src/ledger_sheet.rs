//! One ledger sheet below its header: every row becomes an entry, or an issue that says why not.
//!
//! The sheet is read in two passes. The first looks at every text date and text amount of each column
//! to decide its day/month order and decimal mark; the second reads each row once, rewriting the cells
//! it understood (dates, amounts) so that the table kept for the annotated workbook holds typed values.
//! Rows are moved, not copied, from the grid into that table.

use crate::amounts::{parse_text_amount, plausible_amount, AmountEvidence, DecimalMark};
use crate::dates::{parse_text_date, plausible, serial_date, split_date, DateEvidence, DateOrder, DateParts};
use crate::grid::{Grid, GridRow};
use crate::header::Header;
use crate::rows::{RowClassifier, RowKind};
use crate::synonyms::{is_aging_bucket, Field};
use crate::words::{currency_code, document_kind, is_electronic, parse_days, parse_flag};
use chrono::{Days, NaiveDate};
use credit_core::issue::{Issue, IssueKind, Severity};
use credit_core::lang::Lang;
use credit_core::ledger::{Cell, DocumentKind, Entry, SheetRow, SheetTable, SourceRow};
use rust_decimal::prelude::ToPrimitive;
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

const DATE_FIELDS: [Field; 3] = [Field::InvoiceDate, Field::DueDate, Field::PaidDate];
const AMOUNT_FIELDS: [Field; 5] = [Field::Amount, Field::Debit, Field::Credit, Field::Open, Field::Paid];

/// Reads the rows of a ledger sheet below its header.
pub fn read_ledger_sheet(grid: Grid, header: &Header, context: &SheetContext<'_>) -> SheetRead {
    let Grid {
        name: sheet,
        mut rows,
        date1904,
        ..
    } = grid;
    // The header and the title rows above it are not data.
    rows.drain(..(header.index + 1).min(rows.len()));
    let mut issues = Vec::new();
    let orders = decide_date_orders(&mut rows, header, context.lang, &sheet, &mut issues);
    let marks = decide_decimal_marks(&rows, header, context.lang);
    let mut reader = RowReader {
        header,
        classifier: RowClassifier::new(header),
        sheet: &sheet,
        context,
        orders,
        marks,
        date1904,
        issues,
        currency_signs: HashMap::new(),
        derived_terms: Vec::new(),
        carry_customer: false,
        group_customer: None,
        group_heading_has_code: false,
        group_subheading: None,
        jobs_in_customer_column: header
            .text_of(Field::CustomerName)
            .is_some_and(|text| crate::synonyms::normalize(text) == "customer job"),
    };

    let width = header.texts.len();
    let mut entries: Vec<Entry> = Vec::with_capacity(rows.len());
    let mut table_rows = Vec::with_capacity(rows.len());
    for GridRow { number, mut cells } in rows {
        if cells.len() < width {
            cells.resize(width, Cell::Empty);
        }
        if let Some(entry) = reader.read_row(number, &mut cells, entries.last()) {
            entries.push(entry);
        }
        table_rows.push(SheetRow { row: number, cells });
    }

    let RowReader {
        mut issues,
        currency_signs,
        derived_terms,
        ..
    } = reader;
    if let Some(column) = header.column(Field::Open) {
        if is_a_running_balance(&entries, &table_rows, column) {
            for entry in &mut entries {
                entry.open = None;
            }
            issues.push(Issue {
                severity: Severity::Warning,
                sheet: Some(sheet.clone()),
                row: None,
                column: Some(header.texts[column].clone()),
                kind: IssueKind::RunningBalance,
            });
        }
    }
    if header.column(Field::DueDate).is_none() {
        // Without a due-date column every due date is derived: said once per terms used, not per row.
        for (terms_days, _) in derived_terms {
            issues.push(Issue {
                severity: Severity::Info,
                sheet: Some(sheet.clone()),
                row: None,
                column: None,
                kind: IssueKind::DueDateDerived { terms_days },
            });
        }
    }
    SheetRead {
        entries,
        table: SheetTable {
            name: sheet,
            header_row: header.number,
            headers: header.texts.clone(),
            rows: table_rows,
            money_columns: AMOUNT_FIELDS
                .into_iter()
                .chain([Field::CreditLimit])
                .filter_map(|field| header.column(field))
                .collect(),
        },
        issues,
        currency_signs,
    }
}

/// Whether the open column runs on from line to line: each document's "balance" is the one above it plus
/// its own amount, for every two lines of a customer in a row (at least two such pairs, and not merely
/// each document's own amount). Belgian account statements (WinBooks, BOB "Extrait de compte") print
/// "Débit", "Crédit" and such a "Solde": read as what each document owes, a customer of 3,509 owed 1,331.
fn is_a_running_balance(entries: &[Entry], rows: &[SheetRow], column: usize) -> bool {
    let balance = |entry: &Entry| {
        let position = rows.binary_search_by_key(&entry.at.row, |row| row.row).ok()?;
        match rows[position].cells.get(column) {
            Some(Cell::Number(value)) => Some(*value),
            _ => None,
        }
    };
    let (mut running, mut beyond_own_amount) = (0usize, false);
    for pair in entries.windows(2) {
        let [before, after] = pair else { continue };
        if before.customer_id != after.customer_id {
            continue;
        }
        let (Some(previous), Some(current), Some(amount)) = (balance(before), balance(after), after.amount) else {
            return false;
        };
        if current != previous + amount {
            return false;
        }
        running += 1;
        beyond_own_amount |= current != amount;
    }
    running >= 2 && beyond_own_amount
}

/// The day/month order of each date column, from its own values, else the sheet's other date columns,
/// else the language; a guess is reported once per column.
///
/// Dates whose reading does not depend on the order (ISO, month names, yyyymmdd) are rewritten as date
/// cells on the way, so that they are parsed once.
fn decide_date_orders(
    rows: &mut [GridRow],
    header: &Header,
    lang: Option<Lang>,
    sheet: &str,
    issues: &mut Vec<Issue>,
) -> [DateOrder; Field::COUNT] {
    let mut orders = [DateOrder::DayFirst; Field::COUNT];
    let columns: Vec<(Field, usize, DateEvidence)> = DATE_FIELDS
        .iter()
        .filter_map(|&field| {
            let column = header.column(field)?;
            let mut evidence = DateEvidence::default();
            for row in rows.iter_mut() {
                let Some(cell) = row.cells.get_mut(column) else {
                    continue;
                };
                let Cell::Text(text) = cell else { continue };
                match split_date(text) {
                    Some(DateParts::Exact(date)) => *cell = Cell::Date(date),
                    Some(parts) => evidence.observe_parts(parts),
                    None => {}
                }
            }
            Some((field, column, evidence))
        })
        .collect();
    let mut whole_sheet = DateEvidence::default();
    for (_, _, evidence) in &columns {
        whole_sheet.merge(evidence);
    }
    let by_pairs = order_from_date_pairs(rows, header, &whole_sheet);
    for (field, column, evidence) in &columns {
        let mut decision = evidence.decide(&whole_sheet, lang);
        // Only where the language leaves both orders open: Dutch and French never write the month first.
        if let Some(order) = by_pairs.filter(|_| decision.assumed == Some(Severity::Warning)) {
            decision.order = order;
            decision.assumed = None;
        }
        orders[*field as usize] = decision.order;
        if let Some(severity) = decision.assumed {
            issues.push(Issue {
                severity,
                sheet: Some(sheet.to_owned()),
                row: None,
                column: Some(header.texts[*column].clone()),
                kind: IssueKind::AmbiguousDates {
                    assumed: decision.order.pattern().into(),
                },
            });
        }
    }
    orders
}

/// When no date of the sheet tells its day/month order, the rows may: an invoice falls due on or after
/// its date, so an order that puts a due date before its invoice date is wrong. "10/5/2026" and
/// "11/4/2026" read 10 May and 11 April day first, 5 October and 4 November month first.
fn order_from_date_pairs(rows: &[GridRow], header: &Header, whole_sheet: &DateEvidence) -> Option<DateOrder> {
    if whole_sheet.day_first > 0 || whole_sheet.month_first > 0 {
        return None;
    }
    let (issued, due) = (header.column(Field::InvoiceDate)?, header.column(Field::DueDate)?);
    let date = |cell: Option<&Cell>, order| match cell {
        Some(Cell::Text(text)) => parse_text_date(text, order),
        Some(Cell::Date(date)) => Some(*date),
        _ => None,
    };
    let backwards = |order| {
        rows.iter()
            .filter(|row| {
                let issued = date(row.cells.get(issued), order);
                let due = date(row.cells.get(due), order);
                matches!((issued, due), (Some(issued), Some(due)) if due < issued)
            })
            .count()
    };
    match (backwards(DateOrder::DayFirst), backwards(DateOrder::MonthFirst)) {
        (0, 0) => None,
        (0, _) => Some(DateOrder::DayFirst),
        (_, 0) => Some(DateOrder::MonthFirst),
        _ => None,
    }
}

/// The decimal mark of each amount column.
fn decide_decimal_marks(rows: &[GridRow], header: &Header, lang: Option<Lang>) -> [DecimalMark; Field::COUNT] {
    let mut marks = [DecimalMark::Point; Field::COUNT];
    for field in AMOUNT_FIELDS {
        let Some(column) = header.column(field) else { continue };
        let mut evidence = AmountEvidence::default();
        for row in rows {
            if let Some(Cell::Text(text)) = row.cells.get(column) {
                evidence.observe(text);
            }
        }
        marks[field as usize] = evidence.decide(lang);
    }
    marks
}

struct RowReader<'a> {
    header: &'a Header,
    classifier: RowClassifier<'a>,
    sheet: &'a str,
    context: &'a SheetContext<'a>,
    orders: [DateOrder; Field::COUNT],
    marks: [DecimalMark; Field::COUNT],
    date1904: bool,
    issues: Vec<Issue>,
    currency_signs: HashMap<&'static str, usize>,
    /// Terms used to derive due dates, with how often.
    derived_terms: Vec<(u32, usize)>,
    /// Whether the previous row was a document of the same group, whose customer a row without one
    /// inherits (exports that print the customer on the first row of its group only).
    carry_customer: bool,
    /// The customer named by a heading row of its own above its documents (QuickBooks prints
    /// "Bright Co" alone on a row, its invoices below without a customer, then "Total for Bright Co"),
    /// until the next total or heading.
    group_customer: Option<(String, Option<String>)>,
    /// Whether that customer came from a heading with a customer code and has no document yet: the
    /// lines right under such a heading are its details, not customers.
    group_heading_has_code: bool,
    /// A sub-group heading inside the customer's group, right of the customer's column (QuickBooks
    /// Desktop prints each job of a customer so, and closes it with "Total <job>"): its total closes the
    /// job, not the customer.
    group_subheading: Option<String>,
    /// Whether the customer column is QuickBooks' "Customer:Job": "Acme Corp:Kitchen" is a job of Acme
    /// Corp, whose credit covers all its jobs, so the customer is the part before the colon.
    jobs_in_customer_column: bool,
}

/// Why a row could not be used; it is left out with this reason.
struct Refusal {
    column: Option<usize>,
    kind: IssueKind,
}

impl Refusal {
    fn at(column: usize, kind: IssueKind) -> Self {
        Refusal {
            column: Some(column),
            kind,
        }
    }
}

impl RowReader<'_> {
    /// Reads one row; its cells are rewritten with the typed values understood (dates, amounts).
    fn read_row(&mut self, row: u32, cells: &mut [Cell], previous: Option<&Entry>) -> Option<Entry> {
        match self.classifier.classify(cells) {
            RowKind::Total(label) => {
                let kind = IssueKind::TotalRowSkipped {
                    label: shortened(label),
                };
                // A subtotal closes a customer's group: nothing is carried past it. A job's total closes
                // the job alone.
                self.carry_customer = false;
                let closes_subgroup = self
                    .group_subheading
                    .take()
                    .is_some_and(|subheading| label.contains(subheading.trim()));
                if !closes_subgroup {
                    self.group_customer = None;
                    self.group_heading_has_code = false;
                }
                self.note(row, None, Severity::Info, kind);
                return None;
            }
            RowKind::RepeatedHeader => {
                let kind = IssueKind::SectionRowSkipped {
                    text: joined_text(cells),
                };
                self.note(row, None, Severity::Info, kind);
                return None;
            }
            RowKind::Data => {}
        }
        if self.header.headings_name_customers {
            let with_totals = self.header.first_column_unnamed();
            if let Some(customer) = self.header.customer_heading(cells, with_totals) {
                self.group_customer = Some((customer.to_owned(), Some(customer.to_owned())));
                self.carry_customer = false;
                let kind = IssueKind::SectionRowSkipped {
                    text: joined_text(cells),
                };
                self.note(row, None, Severity::Info, kind);
                return None;
            }
        }
        let previous = previous.filter(|_| self.carry_customer);
        match self.entry(row, cells, previous) {
            Ok(Some(entry)) => {
                self.carry_customer = true;
                self.group_heading_has_code = false;
                Some(entry)
            }
            Ok(None) => None,
            Err(refusal) => {
                let column = refusal.column.map(|column| self.header.texts[column].clone());
                self.note(row, column.as_deref(), Severity::Warning, refusal.kind);
                None
            }
        }
    }

    fn entry(&mut self, row: u32, cells: &mut [Cell], previous: Option<&Entry>) -> Result<Option<Entry>, Refusal> {
        let header = self.header;
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

        let id = self.name_text(Field::CustomerId, cells)?;
        let name = self.name_text(Field::CustomerName, cells)?;
        if amount.is_none() && open.is_none() {
            // A customer heading, a note or a blank-amount line inside the data.
            let filled = cells.iter().filter(|cell| !matches!(cell, Cell::Empty)).count();
            if filled <= 2 || (id.is_none() && name.is_none()) {
                self.carry_customer = false;
                // Exact Globe prints the debtor's phone and credit limit under its heading, in the
                // name column: "Telefoon: 020-1234567" is not the customer of the documents below.
                let detail_of_heading = self.group_heading_has_code && id.is_none();
                if filled > 0 && !detail_of_heading {
                    let has_code = id.is_some();
                    let heading = self.group_heading(cells, id, name);
                    match (heading, self.subheading(cells)) {
                        (None, Some(subheading)) if self.group_customer.is_some() => {
                            self.group_subheading = Some(subheading);
                        }
                        (heading, _) => {
                            self.group_customer = heading;
                            self.group_subheading = None;
                            self.group_heading_has_code = has_code && self.group_customer.is_some();
                        }
                    }
                }
                let kind = IssueKind::SectionRowSkipped {
                    text: joined_text(cells),
                };
                self.note(row, None, Severity::Info, kind);
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
            (None, Some(name)) => match previous {
                Some(previous) if previous.customer_name.as_deref() == Some(name.as_str()) => {
                    (previous.customer_id.clone(), Some(name))
                }
                _ => (name.clone(), Some(name)),
            },
            (None, None) => match previous.filter(|_| self.has_document(cells)) {
                Some(previous) => (previous.customer_id.clone(), previous.customer_name.clone()),
                None if self.has_document(cells) && self.group_customer.is_some() => {
                    self.group_customer.clone().unwrap_or_default()
                }
                None => {
                    let column = header.column(Field::CustomerId).or(header.column(Field::CustomerName));
                    return Err(Refusal {
                        column,
                        kind: IssueKind::MissingCustomer,
                    });
                }
            },
        };

        let invoice_date = self.date(Field::InvoiceDate, cells)?;
        let due_date = self.date(Field::DueDate, cells)?;
        let paid_date = match self.date(Field::PaidDate, cells) {
            Ok(date) => date,
            Err(refusal) => {
                // The row is still usable: without the paid date it counts as open unless an open or
                // paid column says otherwise.
                let column = refusal.column.map(|column| header.texts[column].clone());
                self.note(row, column.as_deref(), Severity::Warning, refusal.kind);
                None
            }
        };
        let due_date = match (due_date, invoice_date) {
            (Some(due), _) => due,
            (None, Some(issued)) => {
                let terms = self.terms(cells, &customer_id);
                if let Some(column) = header.column(Field::DueDate) {
                    let column = header.texts[column].clone();
                    let kind = IssueKind::DueDateDerived { terms_days: terms };
                    self.note(row, Some(&column), Severity::Info, kind);
                } else {
                    match self.derived_terms.iter_mut().find(|(days, _)| *days == terms) {
                        Some((_, count)) => *count += 1,
                        None => self.derived_terms.push((terms, 1)),
                    }
                }
                issued.checked_add_days(Days::new(terms.into())).unwrap_or(issued)
            }
            // The aging block some exports print under the grand total ("Niet vervallen", "1 - 30
            // dagen" with their amounts) is a summary, not documents of a customer named so.
            (None, None) if !self.has_document(cells) && is_aging_bucket(&customer_id) => {
                let kind = IssueKind::SectionRowSkipped {
                    text: joined_text(cells),
                };
                self.note(row, None, Severity::Info, kind);
                return Ok(None);
            }
            (None, None) => {
                let column = header.column(Field::DueDate).or(header.column(Field::InvoiceDate));
                return Err(Refusal {
                    column,
                    kind: IssueKind::MissingDate,
                });
            }
        };

        let mut kind = self
            .text(Field::DocumentType, cells)
            .map(document_kind)
            .unwrap_or_default();
        let signed = amount.or(open).unwrap_or_default();
        if kind == DocumentKind::Invoice && signed < Decimal::ZERO {
            kind = DocumentKind::CreditNote;
        }
        // Credit notes and payments are negative, whichever sign the export gave them: each value on
        // its own, for exports that print the amount unsigned beside a signed open balance.
        let credit = kind != DocumentKind::Invoice;
        let sign = |value: Option<Decimal>| value.map(|value| if credit { -value.abs() } else { value });
        let amount = sign(amount);
        let open = sign(open);
        let paid = match (amount, paid) {
            (Some(amount), Some(paid)) if amount < Decimal::ZERO && paid > Decimal::ZERO => Some(-paid),
            (_, paid) => paid,
        };

        if let Some(sign) = currency {
            *self.currency_signs.entry(sign).or_default() += 1;
        }
        let row_currency = self
            .text(Field::Currency, cells)
            .map(currency_code)
            .or(currency.map(str::to_owned));
        Ok(Some(Entry {
            at: SourceRow {
                sheet: self.context.sheet_index,
                row,
            },
            customer_id,
            customer_name,
            document: self.owned_text(Field::Invoice, cells),
            kind,
            invoice_date,
            due_date,
            amount,
            open,
            paid,
            paid_date,
            currency: row_currency,
            disputed: self.flag(Field::Disputed, cells, parse_flag).unwrap_or(false),
            electronic: self.flag(Field::Electronic, cells, is_electronic),
            external_rating: self.owned_text(Field::Rating, cells),
        }))
    }

    /// The terms for a derived due date: the row's own, the customer's, else the default.
    fn terms(&self, cells: &[Cell], customer_id: &str) -> u32 {
        let row_terms = self
            .header
            .column(Field::Terms)
            .and_then(|column| match &cells[column] {
                Cell::Number(days) => days.trunc().to_u32().filter(|days| *days <= 3650),
                Cell::Text(text) => parse_days(text),
                _ => None,
            });
        row_terms
            .or_else(|| self.context.terms.get(customer_id).copied())
            .unwrap_or(self.context.default_terms_days)
    }

    /// Reads an amount cell, rewriting it as a number; `None` when the column is absent or the cell empty.
    fn amount(
        &self,
        field: Field,
        cells: &mut [Cell],
        currency: &mut Option<&'static str>,
    ) -> Result<Option<Decimal>, Refusal> {
        let Some(column) = self.header.column(field) else {
            return Ok(None);
        };
        let implausible = |value: String| Refusal::at(column, IssueKind::UnreadableAmount { value });
        let value = match &cells[column] {
            Cell::Empty => return Ok(None),
            Cell::Number(value) => {
                return plausible_amount(*value)
                    .map(Some)
                    .ok_or_else(|| implausible(value.to_string()))
            }
            Cell::Text(text) => match parse_text_amount(text, self.marks[field as usize]) {
                Some(parsed) => {
                    let value = plausible_amount(parsed.value).ok_or_else(|| implausible(text.clone()))?;
                    if parsed.currency.is_some() {
                        *currency = parsed.currency;
                    }
                    value
                }
                None if matches!(text.as_str(), "-" | "--" | "—" | "–") => return Ok(None),
                None => return Err(Refusal::at(column, IssueKind::UnreadableAmount { value: text.clone() })),
            },
            Cell::Error(value) => return Err(Refusal::at(column, IssueKind::CellError { value: value.clone() })),
            Cell::Date(date) => {
                let kind = IssueKind::UnreadableAmount {
                    value: date.to_string(),
                };
                return Err(Refusal::at(column, kind));
            }
            Cell::Bool(value) => {
                let kind = IssueKind::UnreadableAmount {
                    value: value.to_string(),
                };
                return Err(Refusal::at(column, kind));
            }
        };
        cells[column] = Cell::Number(value);
        Ok(Some(value))
    }

    /// Reads a date cell, rewriting it as a date; `None` when the column is absent or the cell empty.
    fn date(&self, field: Field, cells: &mut [Cell]) -> Result<Option<NaiveDate>, Refusal> {
        let Some(column) = self.header.column(field) else {
            return Ok(None);
        };
        let date = match &cells[column] {
            Cell::Empty => return Ok(None),
            Cell::Date(date) => plausible(*date),
            Cell::Number(serial) => serial
                .trunc()
                .to_i64()
                .and_then(|days| serial_date(days, self.date1904)),
            Cell::Text(text) => {
                if matches!(text.as_str(), "-" | "--" | "—" | "–") {
                    return Ok(None);
                }
                parse_text_date(text, self.orders[field as usize])
            }
            Cell::Error(value) => return Err(Refusal::at(column, IssueKind::CellError { value: value.clone() })),
            Cell::Bool(_) => None,
        };
        match date {
            Some(date) => {
                cells[column] = Cell::Date(date);
                Ok(Some(date))
            }
            None => {
                let value = display(&cells[column]);
                Err(Refusal::at(column, IssueKind::UnreadableDate { value }))
            }
        }
    }

    /// A customer id or name: text (numbers as written, "10001"), refused when the cell is an error.
    fn name_text(&self, field: Field, cells: &[Cell]) -> Result<Option<String>, Refusal> {
        let Some(column) = self.header.column(field) else {
            return Ok(None);
        };
        match &cells[column] {
            Cell::Error(value) => Err(Refusal::at(column, IssueKind::CellError { value: value.clone() })),
            Cell::Text(text) if field == Field::CustomerName && self.jobs_in_customer_column => {
                let customer = text
                    .split_once(':')
                    .map(|(customer, _job)| customer.trim())
                    .filter(|customer| !customer.is_empty())
                    .unwrap_or(text);
                Ok(Some(customer.to_owned()))
            }
            cell => Ok(owned(cell)),
        }
    }

    fn owned_text(&self, field: Field, cells: &[Cell]) -> Option<String> {
        self.header.column(field).and_then(|column| owned(&cells[column]))
    }

    fn text<'c>(&self, field: Field, cells: &'c [Cell]) -> Option<&'c str> {
        match &cells[self.header.column(field)?] {
            Cell::Text(text) => Some(text),
            _ => None,
        }
    }

    /// A yes/no cell given as text, a true/false cell, or 1/0.
    fn flag(&self, field: Field, cells: &[Cell], from_text: fn(&str) -> bool) -> Option<bool> {
        match &cells[self.header.column(field)?] {
            Cell::Text(text) => Some(from_text(text)),
            Cell::Bool(value) => Some(*value),
            Cell::Number(value) => Some(!value.is_zero()),
            _ => None,
        }
    }

    /// The customer a heading row names: only when every filled cell is in the customer columns, so
    /// that an aging bucket heading ("Current", "1 - 30 days past due") in another column is not one.
    fn group_heading(
        &self,
        cells: &[Cell],
        id: Option<String>,
        name: Option<String>,
    ) -> Option<(String, Option<String>)> {
        let customer_columns = [Field::CustomerId, Field::CustomerName].map(|field| self.header.column(field));
        let only_customer = cells
            .iter()
            .enumerate()
            .all(|(column, cell)| matches!(cell, Cell::Empty) || customer_columns.contains(&Some(column)));
        match (id, name) {
            _ if !only_customer => None,
            (Some(id), name) => Some((id, name)),
            (None, Some(name)) => Some((name.clone(), Some(name))),
            (None, None) => None,
        }
    }

    /// The text of a row that holds one text alone, right of every customer column: a sub-group of the
    /// customer's documents (a job, a project), not a customer or an aging bucket of its own.
    fn subheading(&self, cells: &[Cell]) -> Option<String> {
        let rightmost_customer_column = [Field::CustomerId, Field::CustomerName]
            .iter()
            .filter_map(|&field| self.header.column(field))
            .max()?;
        let mut filled = cells
            .iter()
            .enumerate()
            .filter(|(_, cell)| !matches!(cell, Cell::Empty));
        match (filled.next(), filled.next()) {
            (Some((column, Cell::Text(text))), None)
                if column > rightmost_customer_column && !is_aging_bucket(text) =>
            {
                Some(text.clone())
            }
            _ => None,
        }
    }

    /// The customer may be carried down only when the row has a document of its own.
    fn has_document(&self, cells: &[Cell]) -> bool {
        [Field::Invoice, Field::InvoiceDate, Field::DueDate]
            .iter()
            .any(|&field| {
                self.header
                    .column(field)
                    .is_some_and(|column| !matches!(cells[column], Cell::Empty))
            })
    }

    fn note(&mut self, row: u32, column: Option<&str>, severity: Severity, kind: IssueKind) {
        self.issues.push(Issue::at_row(severity, self.sheet, row, column, kind));
    }
}

/// The text of a cell that names something: numbers as written (10001, not 10001.0).
pub fn owned(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Empty => None,
        Cell::Text(text) => Some(text.clone()),
        other => Some(display(other)),
    }
}

fn display(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => text.clone(),
        Cell::Number(number) => number.normalize().to_string(),
        Cell::Date(date) => date.to_string(),
        Cell::Bool(value) => value.to_string(),
        Cell::Error(value) => value.clone(),
    }
}

/// A row's text for a message, at most 80 characters.
fn joined_text(cells: &[Cell]) -> String {
    let mut text = String::new();
    for cell in cells.iter().filter(|cell| !matches!(cell, Cell::Empty)) {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&display(cell));
        if text.len() > 80 {
            break;
        }
    }
    shortened(&text)
}

fn shortened(text: &str) -> String {
    text.chars().take(80).collect()
}
