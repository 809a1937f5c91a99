//! The optional customers sheet: credit limits, agreed terms and contact details per customer.

use crate::grid::Grid;
use crate::header::{Field, Header};
use crate::ledger_sheet::cell_text;
use crate::values::{parse_days, parse_text_amount, AmountEvidence};
use credit_core::issue::{Issue, IssueKind, Severity};
use credit_core::lang::Lang;
use credit_core::ledger::{Cell, CustomerRecord};

/// Reads the customer records below the header; rows without an id or name are reported.
pub fn read_customer_sheet(grid: &Grid, header: &Header, lang: Option<Lang>) -> (Vec<CustomerRecord>, Vec<Issue>) {
    let rows = &grid.rows[header.index + 1..];
    let mut evidence = AmountEvidence::default();
    if let Some(column) = header.column(Field::CreditLimit) {
        for row in rows {
            if let Some(Cell::Text(text)) = row.cells.get(column) {
                evidence.observe(text);
            }
        }
    }
    let mark = evidence.decide(lang);
    let mut records = Vec::with_capacity(rows.len());
    let mut issues = Vec::new();
    for row in rows {
        let text = |field: Field| header.column(field).and_then(|c| row.cells.get(c)).and_then(cell_text);
        let (id, name) = match (text(Field::CustomerId), text(Field::CustomerName)) {
            (Some(id), name) => (id, name),
            (None, Some(name)) => (name.clone(), Some(name)),
            (None, None) => {
                let column = header.column(Field::CustomerId).map(|c| header.texts[c].clone());
                issues.push(Issue::at_row(
                    Severity::Warning,
                    &grid.name,
                    row.number,
                    column.as_deref(),
                    IssueKind::MissingCustomer,
                ));
                continue;
            }
        };
        let credit_limit = match header.column(Field::CreditLimit).and_then(|c| row.cells.get(c)) {
            Some(Cell::Number(limit)) => Some(*limit),
            Some(Cell::Text(value)) => match parse_text_amount(value, mark) {
                Some(parsed) => Some(parsed.value),
                None => {
                    let column = header.column(Field::CreditLimit).map(|c| header.texts[c].clone());
                    issues.push(Issue::at_row(
                        Severity::Warning,
                        &grid.name,
                        row.number,
                        column.as_deref(),
                        IssueKind::UnreadableAmount { value: value.clone() },
                    ));
                    None
                }
            },
            _ => None,
        };
        let payment_terms_days = match header.column(Field::Terms).and_then(|c| row.cells.get(c)) {
            Some(Cell::Number(days)) => u32::try_from(days.trunc()).ok(),
            Some(Cell::Text(value)) => parse_days(value),
            _ => None,
        };
        records.push(CustomerRecord {
            id,
            name,
            credit_limit,
            payment_terms_days,
            email: text(Field::Email),
            phone: text(Field::Phone),
            language: text(Field::Language).and_then(|code| code.parse().ok()),
            external_rating: text(Field::Rating),
        });
    }
    (records, issues)
}
