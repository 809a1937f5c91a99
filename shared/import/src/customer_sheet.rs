//! The optional customers sheet: credit limits, agreed terms and contact details per customer.

use crate::amounts::{parse_text_amount, plausible_amount, AmountEvidence};
use crate::grid::Grid;
use crate::header::Header;
use crate::ledger_sheet::owned;
use crate::synonyms::Field;
use crate::words::parse_days;
use credit_core::issue::{Issue, IssueKind, Severity};
use credit_core::lang::Lang;
use credit_core::ledger::{Cell, CustomerRecord};
use rust_decimal::prelude::ToPrimitive;

/// Reads the customer records below the header; rows without an id or name, and unreadable limits or
/// terms, are reported.
pub fn read_customer_sheet(grid: &Grid, header: &Header, lang: Option<Lang>) -> (Vec<CustomerRecord>, Vec<Issue>) {
    let rows = grid.rows.get(header.index + 1..).unwrap_or_default();
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
    let warn = |issues: &mut Vec<Issue>, row: u32, field: Field, kind: IssueKind| {
        issues.push(Issue::at_row(
            Severity::Warning,
            &grid.name,
            row,
            header.text_of(field),
            kind,
        ));
    };
    for row in rows {
        let cell = |field: Field| header.column(field).and_then(|column| row.cells.get(column));
        let text = |field: Field| cell(field).and_then(owned);
        let (id, name) = match (text(Field::CustomerId), text(Field::CustomerName)) {
            (Some(id), name) => (id, name),
            (None, Some(name)) => (name.clone(), Some(name)),
            (None, None) => {
                warn(&mut issues, row.number, Field::CustomerId, IssueKind::MissingCustomer);
                continue;
            }
        };
        let credit_limit = match cell(Field::CreditLimit) {
            Some(Cell::Number(limit)) => match plausible_amount(*limit) {
                Some(limit) => Some(limit),
                None => {
                    let kind = IssueKind::UnreadableAmount {
                        value: limit.to_string(),
                    };
                    warn(&mut issues, row.number, Field::CreditLimit, kind);
                    None
                }
            },
            Some(Cell::Text(value)) => {
                match parse_text_amount(value, mark).and_then(|parsed| plausible_amount(parsed.value)) {
                    Some(limit) => Some(limit),
                    None => {
                        let kind = IssueKind::UnreadableAmount { value: value.clone() };
                        warn(&mut issues, row.number, Field::CreditLimit, kind);
                        None
                    }
                }
            }
            _ => None,
        };
        let payment_terms_days = match cell(Field::Terms) {
            Some(Cell::Number(days)) => days.trunc().to_u32().filter(|days| *days <= 3650),
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
