//! Header rows: which column holds what, wherever the header sits in the first rows of a sheet (title
//! rows, a report date and blank rows often come first).

use crate::grid::GridRow;
use crate::synonyms::{is_aging_bucket, is_bare_number, normalize, recognise, Field};
use credit_core::lang::Lang;
use credit_core::ledger::Cell;
use std::collections::hash_map::{Entry, HashMap};

/// How many rows from the top of a sheet may hold the header.
pub const HEADER_SEARCH_ROWS: u32 = 30;

/// A header row: where it is and which column holds which field.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// Index of the header row in the grid's rows.
    pub index: usize,
    /// The row number the user sees.
    pub number: u32,
    /// The header texts, one per column (empty for blank header cells).
    pub texts: Vec<String>,
    /// The column of each field (indexed by `Field as usize`); the first column wins when two mean the
    /// same. An array, not a map: it is consulted for every field of every row.
    columns: [Option<usize>; Field::COUNT],
    /// The language the headers are written in, when they tell.
    pub language: Option<Lang>,
    /// How many columns are headed by an aging bucket ("Current", "1 - 30", "Over 60 days").
    aging_buckets: usize,
    /// Whether the customers are named on heading rows in the first column, above their documents,
    /// while on document rows that column holds something else (see [`name_the_heading_column`]).
    pub headings_name_customers: bool,
}

/// What a header row heads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HeaderKind {
    /// Recognised columns, but neither a ledger nor a customer list.
    Other,
    /// A customer master list: customers with limits, terms or contacts, and no documents.
    CustomerList,
    /// An aged summary: one row per customer with its balance split into aging buckets, and no
    /// documents. It cannot be read as a ledger: it has no document to date, age or remind.
    AgedSummary,
    /// Ledger rows: a customer and an amount.
    Ledger,
}

impl Header {
    /// The column of a field.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns[field as usize]
    }

    /// The header text of a field's column.
    pub fn text_of(&self, field: Field) -> Option<&str> {
        self.column(field).map(|column| self.texts[column].as_str())
    }

    /// The fields recognised, with their columns.
    pub fn fields(&self) -> impl Iterator<Item = (Field, usize)> + '_ {
        Field::ALL
            .iter()
            .filter_map(|&field| self.column(field).map(|column| (field, column)))
    }

    fn has(&self, field: Field) -> bool {
        self.column(field).is_some()
    }

    /// What the row heads. A sheet of customers with a balance column is still a customer list when it
    /// has neither document numbers nor dates: it cannot be aged.
    pub fn kind(&self) -> HeaderKind {
        let customer = self.has(Field::CustomerId) || self.has(Field::CustomerName) || self.headings_name_customers;
        let amount = self.has(Field::Amount) || self.has(Field::Open) || self.has(Field::Debit);
        let documents = [Field::Invoice, Field::InvoiceDate, Field::DueDate, Field::PaidDate]
            .iter()
            .any(|&field| self.has(field));
        let master_data = [Field::CreditLimit, Field::Email, Field::Phone, Field::Terms]
            .iter()
            .any(|&field| self.has(field));
        // A "Due" column of amounts not yet due is recognised as a due date; it dates nothing.
        let no_due_date = self.text_of(Field::DueDate).is_none_or(|text| normalize(text) == "due");
        let summary = self.aging_buckets >= 2
            && no_due_date
            && ![Field::Invoice, Field::InvoiceDate, Field::PaidDate]
                .iter()
                .any(|&field| self.has(field));
        if customer && master_data && !documents {
            HeaderKind::CustomerList
        } else if summary {
            HeaderKind::AgedSummary
        } else if customer && amount {
            HeaderKind::Ledger
        } else {
            HeaderKind::Other
        }
    }

    /// Whether the row can carry a ledger.
    pub fn is_ledger(&self) -> bool {
        self.kind() == HeaderKind::Ledger
    }

    /// Whether the row heads a customer master list.
    pub fn is_customer_list(&self) -> bool {
        self.kind() == HeaderKind::CustomerList
    }

    /// The recognised columns as "Header = Field" for an error message.
    pub fn describe(&self) -> String {
        let mut parts: Vec<(usize, String)> = self
            .fields()
            .map(|(field, column)| (column, format!("{} = {field:?}", self.texts[column])))
            .collect();
        parts.sort();
        parts.into_iter().map(|(_, text)| text).collect::<Vec<_>>().join(", ")
    }

    fn recognised(&self) -> usize {
        self.columns.iter().flatten().count()
    }

    /// Whether the first column has no header text (QuickBooks' and Odoo's reports).
    pub fn first_column_unnamed(&self) -> bool {
        self.texts.first().is_some_and(|text| text.trim().is_empty())
    }

    /// The customer a heading row names in the first column: a text there that is no total, in a row
    /// without a document number or date and without a customer in the customer columns. Only with
    /// `with_totals` may the row carry amounts: Odoo prints a partner's balance on its heading line.
    pub fn customer_heading<'c>(&self, cells: &'c [Cell], with_totals: bool) -> Option<&'c str> {
        let Some((Cell::Text(text), rest)) = cells.split_first() else {
            return None;
        };
        if text.trim().is_empty() || crate::rows::is_total_label(text) {
            return None;
        }
        let empty = |column: usize| cells.get(column).is_none_or(|cell| matches!(cell, Cell::Empty));
        let keyed_empty = [
            Field::Invoice,
            Field::InvoiceDate,
            Field::DueDate,
            Field::CustomerId,
            Field::CustomerName,
        ]
        .iter()
        .filter_map(|&field| self.column(field))
        .filter(|&column| column != 0)
        .all(empty);
        let alone = rest.iter().all(|cell| matches!(cell, Cell::Empty));
        (keyed_empty && (alone || with_totals)).then_some(text.as_str())
    }
}

/// The best header row in the first [`HEADER_SEARCH_ROWS`] rows: a ledger header before a customer list
/// before anything else, then the one recognising most columns, then the first.
pub fn find_header(rows: &[GridRow]) -> Option<Header> {
    let mut best: Option<((HeaderKind, usize), Header)> = None;
    for (index, row) in rows
        .iter()
        .enumerate()
        .take_while(|(_, row)| row.number <= HEADER_SEARCH_ROWS)
    {
        let mut header = read_header_row(index, row);
        if header.kind() != HeaderKind::Ledger {
            if let Some(two_rows) = header_over_two_rows(rows, index) {
                header = two_rows;
            }
        }
        weigh_the_bare_number_column(&mut header, &rows[index + 1..]);
        name_the_heading_column(&mut header, &rows[index + 1..]);
        let score = (header.kind(), header.recognised());
        if score.1 == 0 {
            continue;
        }
        if best.as_ref().is_none_or(|(best_score, _)| score > *best_score) {
            best = Some((score, header));
        }
    }
    best.map(|(_, header)| header)
}

/// A header over two rows: the upper one groups columns ("Document" over number and date, "Amounts"
/// over amount and open) and names those merged over both rows ("Customer", "Due date"), the lower one
/// names the rest. Taken only when neither row alone heads a ledger and the two together do.
fn header_over_two_rows(rows: &[GridRow], lower: usize) -> Option<Header> {
    let upper = rows.get(lower.checked_sub(1)?)?;
    let below = rows.get(lower)?;
    if upper.number + 1 != below.number || read_header_row(lower - 1, upper).kind() == HeaderKind::Ledger {
        return None;
    }
    let width = upper.cells.len().max(below.cells.len());
    let cells = (0..width)
        .map(|column| match below.cells.get(column) {
            Some(Cell::Empty) | None => upper.cells.get(column).cloned().unwrap_or(Cell::Empty),
            Some(cell) => cell.clone(),
        })
        .collect();
    let merged = GridRow {
        number: below.number,
        cells,
    };
    let header = read_header_row(lower, &merged);
    (header.kind() == HeaderKind::Ledger).then_some(header)
}

/// A column headed by a bare "No.", "N°" or "Nummer" in a dated ledger without a document-number column:
/// QuickBooks Online (UK, Canadian French) and Teamleader number their documents so. It is the customer's
/// number instead when its values follow the customer name: one value per name, repeated on each of that
/// customer's rows.
fn weigh_the_bare_number_column(header: &mut Header, below: &[GridRow]) {
    let dated = header.has(Field::InvoiceDate)
        || header
            .text_of(Field::DueDate)
            .is_some_and(|text| normalize(text) != "due");
    if header.has(Field::Invoice) || !dated {
        return;
    }
    let taken: Vec<usize> = header.columns.iter().flatten().copied().collect();
    let Some(column) = header
        .texts
        .iter()
        .enumerate()
        .position(|(column, text)| !taken.contains(&column) && is_bare_number(text))
    else {
        return;
    };
    let field = match header.column(Field::CustomerName) {
        Some(name) if !header.has(Field::CustomerId) && follows_the_customer(below, column, name) => Field::CustomerId,
        _ => Field::Invoice,
    };
    header.columns[field as usize] = Some(column);
}

/// Whether every customer name below has one value in `column`, and some name has it on two rows or more.
fn follows_the_customer(below: &[GridRow], column: usize, name_column: usize) -> bool {
    let text = |row: &GridRow, column: usize| row.cells.get(column).and_then(crate::ledger_sheet::owned);
    let mut per_name: HashMap<String, (String, usize)> = HashMap::new();
    for row in below.iter().take(HEADING_SEARCH_ROWS) {
        let (Some(value), Some(name)) = (text(row, column), text(row, name_column)) else {
            continue;
        };
        match per_name.entry(name) {
            Entry::Occupied(mut seen) => {
                if seen.get().0 != value {
                    return false;
                }
                seen.get_mut().1 += 1;
            }
            Entry::Vacant(first) => {
                first.insert((value, 1));
            }
        }
    }
    per_name.values().any(|(_, rows)| *rows >= 2)
}

/// How many rows below a header are looked at for a customer heading in its unnamed first column.
const HEADING_SEARCH_ROWS: usize = 200;

/// Exports that name each customer once, on a heading row in the first column above its documents.
///
/// - No customer column and an unnamed first column that is empty on document rows: the customers are
///   that column's. QuickBooks' "Open Invoices" and customer-grouped "A/R Aging Detail" print
///   ",Type,Date,Num,...,Open Balance", then "Bright Co" on a row of its own, its documents, and
///   "Total Bright Co".
/// - No customer column, and the first column heads something else on document rows: Xero's "Aged
///   Receivables Detail" prints the contact alone in the "Invoice Date" column; Odoo's aged balance
///   prints the partner, with its totals, in the unnamed column that holds the move on document rows.
/// - A customer column whose value differs from the heading above on every document row under one is
///   not the customer: Odoo's "Account" column holds the receivable account ("121000 Account
///   Receivable") for every partner.
///
/// Aging-bucket headings ("Current", "1 - 30 days past due") name no customer.
fn name_the_heading_column(header: &mut Header, below: &[GridRow]) {
    let amount = header.has(Field::Amount) || header.has(Field::Open) || header.has(Field::Debit);
    let documents = [Field::Invoice, Field::InvoiceDate, Field::DueDate]
        .iter()
        .any(|&field| header.has(field));
    if !amount || !documents {
        return;
    }
    let with_totals = header.first_column_unnamed();
    let rows = || below.iter().take(HEADING_SEARCH_ROWS);
    let is_heading = |header: &Header, row: &GridRow, with_totals: bool| {
        header
            .customer_heading(&row.cells, with_totals)
            .is_some_and(|text| !is_aging_bucket(text))
    };
    match header.column(Field::CustomerName).or(header.column(Field::CustomerId)) {
        None => {
            if with_totals && rows().any(|row| is_heading(header, row, false)) {
                header.columns[Field::CustomerName as usize] = Some(0);
            } else if headings_closed_by_their_totals(header, rows(), with_totals) {
                header.headings_name_customers = true;
            }
        }
        Some(column) if with_totals => {
            let (mut agree, mut differ) = (0usize, 0usize);
            let mut current = None;
            for row in rows() {
                if let Some(text) = header.customer_heading(&row.cells, true) {
                    current = (!is_aging_bucket(text)).then_some(text);
                    continue;
                }
                if let (Some(heading), Some(Cell::Text(value))) = (current, row.cells.get(column)) {
                    if value.trim() == heading.trim() {
                        agree += 1;
                    } else {
                        differ += 1;
                    }
                }
            }
            if differ > 0 && agree == 0 && headings_closed_by_their_totals(header, rows(), true) {
                header.columns[Field::CustomerName as usize] = None;
                header.columns[Field::CustomerId as usize] = None;
                header.headings_name_customers = true;
            }
        }
        Some(_) => {}
    }
}

/// Whether a heading is closed by a total that names it ("Bright Co" ... "Total Bright Co"), or two
/// headings each by a bare "Total:" under their documents (MYOB): where the first column heads something
/// else, a lone text there may as well be a note ("Printed by ..."), and only its total shows it named a
/// group.
fn headings_closed_by_their_totals<'r>(
    header: &Header,
    rows: impl Iterator<Item = &'r GridRow>,
    with_totals: bool,
) -> bool {
    let mut current: Option<&str> = None;
    let mut documents_under_heading = 0usize;
    let mut closed_by_bare_totals = 0usize;
    for row in rows {
        if let Some(text) = header.customer_heading(&row.cells, with_totals) {
            current = (!is_aging_bucket(text)).then_some(text);
            documents_under_heading = 0;
            continue;
        }
        let Some(heading) = current else { continue };
        let total = row.cells.iter().find_map(|cell| match cell {
            Cell::Text(text) if crate::rows::is_total_label(text) => Some(text),
            _ => None,
        });
        match total {
            Some(label) if label.contains(heading.trim()) => return true,
            Some(label) if !normalize(label).contains(' ') && documents_under_heading > 0 => {
                closed_by_bare_totals += 1;
                if closed_by_bare_totals == 2 {
                    return true;
                }
                current = None;
            }
            Some(_) => current = None,
            None => documents_under_heading += 1,
        }
    }
    false
}

fn read_header_row(index: usize, row: &GridRow) -> Header {
    let mut header = Header {
        index,
        number: row.number,
        ..Header::default()
    };
    let mut votes = [0usize; 3];
    for (column, cell) in row.cells.iter().enumerate() {
        let text = match cell {
            Cell::Text(text) => text.clone(),
            _ => String::new(),
        };
        if is_aging_bucket(&text) {
            header.aging_buckets += 1;
        }
        if let Some((field, lang)) = recognise(&text) {
            let field = disambiguate(field, &text, &mut header);
            let slot = &mut header.columns[field as usize];
            if slot.is_none() {
                *slot = Some(column);
                if let Some(lang) = lang {
                    votes[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(2)] += 1;
                }
            }
        }
        header.texts.push(text);
    }
    // Most votes wins; a tie goes to the first of nl, fr, en (an English word like "Total" is often
    // borrowed into Dutch and French headers, rarely the other way round).
    let most = votes.iter().copied().max().unwrap_or(0);
    header.language = (most > 0)
        .then(|| {
            Lang::ALL
                .iter()
                .zip(votes)
                .find(|(_, count)| *count == most)
                .map(|(lang, _)| *lang)
        })
        .flatten();
    header
}

/// A second "Datum" after the invoice date is the due date. A second name column after one without an
/// id column ("Relatie", "Debiteur", "Customer" then "Naam", "Name") is the name, and the first one the
/// customer's code: Exact Online and Twinfield print both, and the name would otherwise be lost. But a
/// "Contact" after a customer column is the person to call, not the customer's name. A "Due" after the
/// due date is the amount due: Xero prints "Total", "Paid", "Credited" and "Due". An "Invoice ID"
/// followed by another invoice column is the package's internal key (Zoho Books' 460000000061001
/// before "Invoice Number"), not the number the customer knows.
fn disambiguate(field: Field, text: &str, header: &mut Header) -> Field {
    let internal_key = |text: &str| normalize(text) == "invoice id";
    match field {
        Field::Invoice if header.text_of(Field::Invoice).is_some_and(internal_key) && !internal_key(text) => {
            header.columns[Field::Invoice as usize] = None;
            field
        }
        Field::InvoiceDate if header.has(Field::InvoiceDate) => Field::DueDate,
        Field::DueDate if header.has(Field::DueDate) && normalize(text) == "due" => Field::Open,
        Field::CustomerName if header.has(Field::CustomerName) && normalize(text) == "contact" => field,
        Field::CustomerName if header.has(Field::CustomerName) && !header.has(Field::CustomerId) => {
            header.columns[Field::CustomerId as usize] = header.columns[Field::CustomerName as usize].take();
            Field::CustomerName
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: u32, texts: &[&str]) -> GridRow {
        GridRow {
            number,
            cells: texts
                .iter()
                .map(|text| {
                    if text.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(text.to_string())
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn the_header_is_found_below_title_rows_and_its_language_voted() {
        let rows = [
            row(1, &["Openstaande posten per 31-10-2026"]),
            row(2, &["Bakkerij Jansen BV", "", "Pagina 1"]),
            row(
                4,
                &[
                    "Klantnummer",
                    "Naam",
                    "Factuurdatum",
                    "Vervaldatum",
                    "Bedrag",
                    "Omschrijving",
                ],
            ),
            row(
                5,
                &["10001", "Jansen", "01-09-2026", "01-10-2026", "1.210,00", "Levering"],
            ),
        ];
        let header = find_header(&rows).expect("a header");
        assert_eq!((header.index, header.number), (2, 4));
        assert_eq!(header.kind(), HeaderKind::Ledger);
        assert_eq!(header.language, Some(Lang::Nl));
        assert_eq!(header.column(Field::DueDate), Some(3));
        assert_eq!(header.text_of(Field::Amount), Some("Bedrag"));
    }

    #[test]
    fn a_header_below_row_30_is_not_looked_for() {
        let rows = [row(31, &["Customer", "Amount", "Due date"])];
        assert!(find_header(&rows).is_none());
    }

    #[test]
    fn a_second_date_column_is_the_due_date() {
        let header = find_header(&[row(1, &["Klant", "Datum", "Datum", "Bedrag"])]).expect("header");
        assert_eq!(header.column(Field::InvoiceDate), Some(1));
        assert_eq!(header.column(Field::DueDate), Some(2));
    }

    #[test]
    fn a_contact_beside_the_customer_is_not_its_name() {
        let header = find_header(&[row(1, &["Customer", "Contact", "Due date", "Amount"])]).expect("header");
        assert_eq!(header.column(Field::CustomerName), Some(0));
        assert_eq!(header.column(Field::CustomerId), None);
        let header = find_header(&[row(1, &["Contact", "Due date", "Amount"])]).expect("header");
        assert_eq!(header.column(Field::CustomerName), Some(0));
    }

    #[test]
    fn a_due_after_the_due_date_is_the_amount_due() {
        let header = find_header(&[row(1, &["Contact", "Due Date", "Total", "Due"])]).expect("header");
        assert_eq!(header.column(Field::DueDate), Some(1));
        assert_eq!(header.column(Field::Open), Some(3));
    }

    #[test]
    fn an_invoice_id_before_the_invoice_number_is_an_internal_key() {
        let header =
            find_header(&[row(1, &["Invoice ID", "Invoice Number", "Customer Name", "Balance"])]).expect("header");
        assert_eq!(header.column(Field::Invoice), Some(1));
        let header = find_header(&[row(1, &["Invoice ID", "Customer Name", "Balance"])]).expect("header");
        assert_eq!(header.column(Field::Invoice), Some(0));
    }

    #[test]
    fn a_bare_number_header_is_the_document_number_unless_it_follows_the_customer() {
        let documents = [
            row(1, &["Date", "No.", "Customer", "Due Date", "Open Balance"]),
            row(2, &["01/10/2026", "1001", "Bright Co", "31/10/2026", "100"]),
            row(3, &["02/10/2026", "1002", "Bright Co", "01/11/2026", "200"]),
        ];
        let header = find_header(&documents).expect("header");
        assert_eq!(header.column(Field::Invoice), Some(1));
        assert_eq!(header.column(Field::CustomerId), None);

        let customers = [
            row(1, &["Nr.", "Naam", "Factuurdatum", "Bedrag"]),
            row(2, &["10001", "Jansen", "01-09-2026", "100"]),
            row(3, &["10001", "Jansen", "05-09-2026", "200"]),
            row(4, &["10002", "De Vries", "06-09-2026", "300"]),
        ];
        let header = find_header(&customers).expect("header");
        assert_eq!(header.column(Field::CustomerId), Some(0));
        assert_eq!(header.column(Field::Invoice), None);

        // Undated, it heads nothing: an aged summary's "No." stays out of it.
        let summary = find_header(&[row(1, &["No.", "Customer", "Current", "1 - 30", "31 - 60"])]).expect("header");
        assert_eq!(summary.kind(), HeaderKind::AgedSummary);
        // Beside a document-number column it is left alone.
        let both = find_header(&[row(1, &["No.", "Invoice", "Customer", "Due Date", "Amount"])]).expect("header");
        assert_eq!(both.column(Field::Invoice), Some(1));
    }

    #[test]
    fn aged_summaries_are_told_from_aged_details() {
        let summary = find_header(&[row(1, &["Customer", "Current", "1 - 30", "31 - 60", "Total"])]).expect("header");
        assert_eq!(summary.kind(), HeaderKind::AgedSummary);
        let due =
            find_header(&[row(1, &["Customer", "Due", "Overdue 1-30", "Overdue 31-60", "Total"])]).expect("header");
        assert_eq!(due.kind(), HeaderKind::AgedSummary);
        let detail = find_header(&[row(
            1,
            &["Partenaire", "Pièce", "Échéance", "Non échu", "1 - 30", "Total"],
        )])
        .expect("header");
        assert_eq!(detail.kind(), HeaderKind::Ledger);
        let by_due_date =
            find_header(&[row(1, &["Customer", "Due Date", "Current", "1 - 30", "Total"])]).expect("header");
        assert_eq!(by_due_date.kind(), HeaderKind::Ledger);
    }

    #[test]
    fn customer_lists_are_told_from_ledgers() {
        let list = find_header(&[row(1, &["Customer ID", "Name", "Credit limit", "Balance", "E-mail"])]).expect("list");
        assert_eq!(list.kind(), HeaderKind::CustomerList);
        let ledger = find_header(&[row(1, &["Customer", "Invoice", "Amount", "Payment terms"])]).expect("ledger");
        assert_eq!(ledger.kind(), HeaderKind::Ledger);
        let other = find_header(&[row(1, &["Name", "Phone"])]).expect("something");
        assert_eq!(other.kind(), HeaderKind::CustomerList);
        let neither = find_header(&[row(1, &["Invoice", "Colour"])]).expect("something");
        assert_eq!(neither.kind(), HeaderKind::Other);
    }
}
