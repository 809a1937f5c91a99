//! What the ledger tells about the past, gathered once for the KPIs, scores, segments and terms: each
//! customer's settled invoices and revenue, and whether the ledger is a history at all.
//!
//! An open-items list (only what is still unpaid) says nothing about sales or payment habits: figures
//! that need them (DSO, CEI, revenue growth) stay empty for it rather than being made up from the part
//! of the sales that happens to be unpaid.

use crate::ledger::{DocumentKind, Entry, Ledger};
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One settled invoice.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settled {
    /// The invoice date (or due date when the ledger has none).
    pub invoice_date: NaiveDate,
    /// Paid date minus due date, in days.
    pub days_late: i64,
    /// The invoice amount.
    pub amount: Decimal,
}

/// The past of one customer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerHistory {
    /// Invoices fully paid by the as-of date with a paid date, in ledger order.
    pub settled: Vec<Settled>,
    /// The first document date of the customer.
    pub first_document: Option<NaiveDate>,
    /// Net invoiced (invoices less credit notes) over the 12 months up to the as-of date.
    pub revenue_12m: Decimal,
    /// The same over the 12 months before.
    pub revenue_prior_12m: Decimal,
    /// The external rating of the latest row that gives one.
    pub external_rating: Option<String>,
}

/// The past of the whole ledger as of a date.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerHistory<'a> {
    /// The date everything is seen from.
    pub as_of: NaiveDate,
    /// The first day of the month of the earliest document: where the ledger's memory starts.
    pub coverage_start: Option<NaiveDate>,
    /// Whether the ledger lists paid invoices with their paid dates: a history of how customers pay.
    pub records_payments: bool,
    /// Whether the ledger lists paid invoices at all (with or without a paid date), so that its
    /// invoices are the sales and not only the part of them still unpaid. An invoice journal with an
    /// open-amount column (0 for the paid ones) but no paid dates tells the sales, though not when each
    /// invoice was paid.
    pub records_sales: bool,
    /// Each customer's past, by id.
    pub customers: HashMap<&'a str, CustomerHistory>,
    entries: Vec<&'a Entry>,
}

impl<'a> LedgerHistory<'a> {
    /// Gathers the past of every document dated on or before `as_of`.
    pub fn new(ledger: &'a Ledger, as_of: NaiveDate) -> Self {
        let year_ago = minus_months(as_of, 12);
        let two_years_ago = minus_months(as_of, 24);
        let entries: Vec<&Entry> = ledger
            .entries
            .iter()
            .filter(|entry| entry.document_date() <= as_of)
            .collect();
        let mut customers: HashMap<&str, CustomerHistory> = HashMap::new();
        let mut records_payments = false;
        let mut records_sales = false;
        let mut earliest: Option<NaiveDate> = None;
        for entry in &entries {
            let date = entry.document_date();
            earliest = Some(earliest.map_or(date, |known| known.min(date)));
            let customer = customers.entry(entry.customer_id.as_str()).or_default();
            customer.first_document = Some(customer.first_document.map_or(date, |known| known.min(date)));
            if let Some(rating) = entry
                .external_rating
                .as_ref()
                .filter(|rating| !rating.trim().is_empty())
            {
                customer.external_rating = Some(rating.trim().to_string());
            }
            if let (Some(paid_on), Some(amount)) = (entry.settled_by(as_of), entry.amount) {
                records_payments = true;
                customer.settled.push(Settled {
                    invoice_date: date,
                    days_late: (paid_on - entry.due_date).num_days(),
                    amount,
                });
            }
            if entry.kind == DocumentKind::Invoice
                && entry.amount.is_some_and(|amount| amount > Decimal::ZERO)
                && entry.open_at(as_of) <= Decimal::ZERO
            {
                records_sales = true;
            }
            if let Some(amount) = sales_amount(entry) {
                if date > year_ago {
                    customer.revenue_12m += amount;
                } else if date > two_years_ago {
                    customer.revenue_prior_12m += amount;
                }
            }
        }
        for record in &ledger.customers {
            if let (Some(customer), Some(rating)) = (customers.get_mut(record.id.as_str()), &record.external_rating) {
                if !rating.trim().is_empty() {
                    customer.external_rating = Some(rating.trim().to_string());
                }
            }
        }
        LedgerHistory {
            as_of,
            coverage_start: earliest.and_then(|date| date.with_day(1)),
            records_payments,
            records_sales,
            customers,
            entries,
        }
    }

    /// Whether the ledger is a history that reaches back to `date` (its memory starts on or before it).
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.records_payments && self.coverage_start.is_some_and(|start| start <= date)
    }

    /// Whether the ledger's sales reach back to `date`: it lists paid invoices (see
    /// [`LedgerHistory::records_sales`]) and its memory starts on or before `date`. What needs only the
    /// sales and today's receivables (DSO, revenue) asks this; what needs past receivables (CEI) asks
    /// [`LedgerHistory::covers`].
    pub fn covers_sales(&self, date: NaiveDate) -> bool {
        self.records_sales && self.coverage_start.is_some_and(|start| start <= date)
    }

    /// Net sales (invoices less credit notes) dated after `after` and on or before `until`.
    pub fn sales_between(&self, after: NaiveDate, until: NaiveDate) -> Decimal {
        self.entries
            .iter()
            .filter(|entry| (after + chrono::TimeDelta::days(1)..=until).contains(&entry.document_date()))
            .filter_map(|entry| sales_amount(entry))
            .sum()
    }

    /// The receivables as they stood at the end of `date`: documents dated by then, open then.
    pub fn receivables_at(&self, date: NaiveDate) -> Decimal {
        self.entries
            .iter()
            .filter(|entry| entry.document_date() <= date)
            .map(|entry| entry.open_at(date))
            .sum()
    }

    /// Every settled invoice of the ledger.
    pub fn all_settled(&self) -> impl Iterator<Item = &Settled> {
        self.customers.values().flat_map(|customer| customer.settled.iter())
    }

    /// The months (at most `cap`) of the last 12 the ledger remembers, at least 1: what monthly
    /// averages divide by.
    pub fn months_covered(&self, cap: u32) -> u32 {
        let Some(start) = self.coverage_start else {
            return 1;
        };
        (1..=cap)
            .take_while(|&months| start <= minus_months(self.as_of, months) + chrono::TimeDelta::days(1))
            .last()
            .unwrap_or(1)
    }
}

/// The amount a document adds to sales: invoices and credit notes, not payments.
fn sales_amount(entry: &Entry) -> Option<Decimal> {
    match entry.kind {
        DocumentKind::Invoice | DocumentKind::CreditNote => entry.amount,
        DocumentKind::Payment => None,
    }
}

/// The same day `months` months earlier (the month's last day when it is shorter).
pub fn minus_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months)).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn entry(customer: &str, invoice_date: &str, amount: Decimal, paid: Option<&str>) -> Entry {
        let invoice_date = date(invoice_date);
        Entry {
            customer_id: customer.into(),
            invoice_date: Some(invoice_date),
            due_date: invoice_date + chrono::TimeDelta::days(30),
            amount: Some(amount),
            paid_date: paid.map(date),
            ..Entry::default()
        }
    }

    #[test]
    fn revenue_settled_invoices_and_coverage() {
        let ledger = Ledger {
            entries: vec![
                entry("a", "2024-03-10", dec!(100), Some("2024-04-20")),
                entry("a", "2025-03-10", dec!(300), Some("2025-04-01")),
                entry("a", "2025-11-10", dec!(200), None),
                Entry {
                    kind: DocumentKind::CreditNote,
                    ..entry("a", "2025-12-01", dec!(-50), None)
                },
                entry("b", "2026-01-05", dec!(80), None),
            ],
            ..Ledger::default()
        };
        let history = LedgerHistory::new(&ledger, date("2025-12-31"));
        let a = &history.customers["a"];
        assert_eq!(a.revenue_12m, dec!(450));
        assert_eq!(a.revenue_prior_12m, dec!(100));
        assert_eq!(a.settled.len(), 2);
        assert_eq!(a.settled[0].days_late, 11);
        assert!(!history.customers.contains_key("b"), "dated after the as-of date");
        assert_eq!(history.coverage_start, Some(date("2024-03-01")));
        assert!(history.covers(date("2024-03-01")));
        assert!(!history.covers(date("2024-02-29")));
        assert_eq!(history.months_covered(12), 12);
        assert_eq!(history.sales_between(date("2025-11-10"), date("2025-12-31")), dec!(-50));
        assert_eq!(history.receivables_at(date("2025-03-31")), dec!(300));
        assert_eq!(history.receivables_at(date("2025-12-31")), dec!(150));
    }

    #[test]
    fn an_open_items_list_is_not_a_history() {
        let ledger = Ledger {
            entries: vec![entry("a", "2025-11-10", dec!(200), None)],
            ..Ledger::default()
        };
        let history = LedgerHistory::new(&ledger, date("2025-12-31"));
        assert!(!history.records_payments);
        assert!(!history.records_sales);
        assert!(!history.covers(date("2025-11-01")));
        assert!(!history.covers_sales(date("2025-11-01")));
    }
}
