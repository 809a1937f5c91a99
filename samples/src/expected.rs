//! The figures a correct analysis must find in a sample, computed from the generator's own rows.
//!
//! This is deliberately a second, independent implementation of the contract's definitions (issue 2;
//! `credit_core::analyze`): it shares no code with the importer or the core, so a golden test that
//! compares the two catches a mistake in either. The definitions, as of a date:
//! - an open item is a row whose open amount (amount - paid) is not zero; credit notes stay negative;
//! - days overdue = as-of minus due date; 0 or less is "not_due", then 1-30, 31-60, 61-90, 91-120, 120+;
//! - overdue = the sum of the open amounts with days overdue above 0 (negative ones included);
//! - max_days_overdue = the most days overdue of a positive open item (0 when none);
//! - behaviour, over invoices (positive amount) fully paid on or before the as-of date with a paid date:
//!   the mean and the amount-weighted mean of (paid date - due date), and the share paid by the due date.

use crate::model::Row;
use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashMap;
use std::fmt;

/// The bucket labels of the contract, in order.
pub const BUCKET_LABELS: [&str; 6] = ["not_due", "1-30", "31-60", "61-90", "91-120", "120+"];

/// The index into [`BUCKET_LABELS`] of an item `days_overdue` past due.
pub fn bucket_of(days_overdue: i64) -> usize {
    match days_overdue {
        i64::MIN..=0 => 0,
        1..=30 => 1,
        31..=60 => 2,
        61..=90 => 3,
        91..=120 => 4,
        _ => 5,
    }
}

/// Everything a sample's analysis must report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Expected {
    /// The date the sample is aged at.
    pub as_of: NaiveDate,
    /// The currency of every amount.
    pub currency: String,
    /// The number of data rows (documents) in the file: none may be lost.
    pub rows: usize,
    /// Portfolio totals.
    pub totals: Totals,
    /// Every customer with a row, largest open balance first (then by id).
    pub customers: Vec<CustomerFigures>,
    /// Every open item, by customer then due date then document; left out for the big ledgers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open_items: Vec<OpenItemFigures>,
}

/// Portfolio totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// The sum of the open amounts.
    #[serde(with = "cents")]
    pub open: Decimal,
    /// The sum of the open amounts past due.
    #[serde(with = "cents")]
    pub overdue: Decimal,
    /// The number of open items.
    pub items: usize,
    /// Open amounts per bucket.
    pub buckets: Buckets,
}

/// One customer's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerFigures {
    /// The id as written in the file.
    pub id: String,
    /// The name as written in the file.
    pub name: String,
    /// The open balance.
    #[serde(with = "cents")]
    pub open: Decimal,
    /// The part of it past due.
    #[serde(with = "cents")]
    pub overdue: Decimal,
    /// The number of open items.
    pub items: usize,
    /// The most days a positive open item is past due.
    pub max_days_overdue: i64,
    /// Open amounts per bucket.
    pub buckets: Buckets,
    /// Payment behaviour; `null` without a fully paid invoice with a paid date.
    pub behaviour: Option<BehaviourFigures>,
}

/// How a customer paid, rounded as the contract rounds (days to 2 decimals, the share to 4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BehaviourFigures {
    /// Fully paid invoices with a paid date.
    pub paid_invoices: usize,
    /// Mean days late (negative when early).
    pub avg_days_late: f64,
    /// Days late weighted by invoice amount.
    pub weighted_days_late: f64,
    /// Share paid on or before the due date.
    pub on_time_share: f64,
}

/// One open item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenItemFigures {
    /// The customer id.
    pub customer_id: String,
    /// The document number.
    pub invoice: String,
    /// The document date.
    pub invoice_date: NaiveDate,
    /// The due date.
    pub due_date: NaiveDate,
    /// The open amount.
    #[serde(with = "cents")]
    pub open: Decimal,
    /// As-of minus due date.
    pub days_overdue: i64,
    /// The bucket label.
    pub bucket: String,
    /// Whether it is disputed.
    pub disputed: bool,
}

/// An amount per bucket, in [`BUCKET_LABELS`] order; JSON `{"not_due": "0.00", "1-30": ...}`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Buckets(pub [Decimal; 6]);

impl Buckets {
    /// The amount in the bucket with this label.
    pub fn get(&self, label: &str) -> Option<Decimal> {
        BUCKET_LABELS
            .iter()
            .position(|known| *known == label)
            .map(|index| self.0[index])
    }
}

impl Serialize for Buckets {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(BUCKET_LABELS.len()))?;
        for (label, amount) in BUCKET_LABELS.iter().zip(self.0) {
            map.serialize_entry(label, &format_cents(amount))?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Buckets {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BucketsVisitor;
        impl<'de> Visitor<'de> for BucketsVisitor {
            type Value = Buckets;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a map from the bucket labels {BUCKET_LABELS:?} to amounts")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Buckets, A::Error> {
                let mut buckets = Buckets::default();
                while let Some((label, text)) = map.next_entry::<String, String>()? {
                    let index = BUCKET_LABELS
                        .iter()
                        .position(|known| *known == label)
                        .ok_or_else(|| serde::de::Error::custom(format!("unknown bucket {label:?}")))?;
                    buckets.0[index] = text.parse().map_err(serde::de::Error::custom)?;
                }
                Ok(buckets)
            }
        }
        deserializer.deserialize_map(BucketsVisitor)
    }
}

/// An amount with exactly two decimals ("1234.50").
pub fn format_cents(amount: Decimal) -> String {
    let mut rounded = crate::model::round_cents(amount);
    rounded.rescale(2);
    rounded.to_string()
}

/// Serde adapter writing amounts as strings with two decimals.
mod cents {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::format_cents(*value))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// Rounds a ratio the way the contract does (`(value * 10^d).round() / 10^d`).
fn round_to(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    (value * factor).round() / factor
}

#[derive(Debug, Clone)]
struct CustomerTally {
    id: String,
    name: String,
    open: Decimal,
    overdue: Decimal,
    items: usize,
    max_days_overdue: i64,
    buckets: Buckets,
    paid_invoices: usize,
    sum_days_late: i64,
    weighted_days: Decimal,
    weight: Decimal,
    on_time: usize,
}

impl CustomerTally {
    fn behaviour(&self) -> Option<BehaviourFigures> {
        if self.paid_invoices == 0 {
            return None;
        }
        let count = self.paid_invoices as f64;
        let weighted = if self.weight.is_zero() {
            0.0
        } else {
            (self.weighted_days / self.weight).to_f64().unwrap_or_default()
        };
        Some(BehaviourFigures {
            paid_invoices: self.paid_invoices,
            avg_days_late: round_to(self.sum_days_late as f64 / count, 2),
            weighted_days_late: round_to(weighted, 2),
            on_time_share: round_to(self.on_time as f64 / count, 4),
        })
    }
}

/// Accumulates rows one at a time (so a million-row ledger never has to be held) into [`Expected`].
#[derive(Debug, Clone)]
pub struct Tally {
    as_of: NaiveDate,
    keep_items: bool,
    rows: usize,
    customers: Vec<CustomerTally>,
    index_of: HashMap<String, usize>,
    totals: Totals,
    open_items: Vec<OpenItemFigures>,
}

impl Tally {
    /// An empty tally as of `as_of`; `keep_items` also lists every open item.
    pub fn new(as_of: NaiveDate, keep_items: bool) -> Self {
        Tally {
            as_of,
            keep_items,
            rows: 0,
            customers: Vec::new(),
            index_of: HashMap::new(),
            totals: Totals {
                open: Decimal::ZERO,
                overdue: Decimal::ZERO,
                items: 0,
                buckets: Buckets::default(),
            },
            open_items: Vec::new(),
        }
    }

    /// Counts one row. Rows dated after the as-of date must not be given: the samples have none.
    pub fn add(&mut self, row: &Row) {
        debug_assert!(
            row.invoice_date <= self.as_of,
            "sample rows are dated by the as-of date"
        );
        self.rows += 1;
        let slot = match self.index_of.get(&row.customer_id) {
            Some(&slot) => slot,
            None => {
                self.customers.push(CustomerTally {
                    id: row.customer_id.clone(),
                    name: row.customer_name.clone(),
                    open: Decimal::ZERO,
                    overdue: Decimal::ZERO,
                    items: 0,
                    max_days_overdue: 0,
                    buckets: Buckets::default(),
                    paid_invoices: 0,
                    sum_days_late: 0,
                    weighted_days: Decimal::ZERO,
                    weight: Decimal::ZERO,
                    on_time: 0,
                });
                self.index_of.insert(row.customer_id.clone(), self.customers.len() - 1);
                self.customers.len() - 1
            }
        };
        let customer = &mut self.customers[slot];
        let open = row.open();

        if let Some(paid_on) = row.paid_date {
            if row.amount > Decimal::ZERO && open <= Decimal::ZERO && paid_on <= self.as_of {
                let days_late = (paid_on - row.due_date).num_days();
                customer.paid_invoices += 1;
                customer.sum_days_late += days_late;
                customer.weighted_days += Decimal::from(days_late) * row.amount;
                customer.weight += row.amount;
                if days_late <= 0 {
                    customer.on_time += 1;
                }
            }
        }

        if open.is_zero() {
            return;
        }
        let days_overdue = (self.as_of - row.due_date).num_days();
        let bucket = bucket_of(days_overdue);
        customer.open += open;
        customer.items += 1;
        customer.buckets.0[bucket] += open;
        self.totals.open += open;
        self.totals.items += 1;
        self.totals.buckets.0[bucket] += open;
        if days_overdue > 0 {
            customer.overdue += open;
            self.totals.overdue += open;
            if open > Decimal::ZERO {
                customer.max_days_overdue = customer.max_days_overdue.max(days_overdue);
            }
        }
        if self.keep_items {
            self.open_items.push(OpenItemFigures {
                customer_id: row.customer_id.clone(),
                invoice: row.document.clone(),
                invoice_date: row.invoice_date,
                due_date: row.due_date,
                open,
                days_overdue,
                bucket: BUCKET_LABELS[bucket].to_string(),
                disputed: row.disputed,
            });
        }
    }

    /// The figures, in a stable order.
    pub fn finish(self, currency: &str) -> Expected {
        let mut customers: Vec<CustomerFigures> = self
            .customers
            .iter()
            .map(|tally| CustomerFigures {
                id: tally.id.clone(),
                name: tally.name.clone(),
                open: tally.open,
                overdue: tally.overdue,
                items: tally.items,
                max_days_overdue: tally.max_days_overdue,
                buckets: tally.buckets,
                behaviour: tally.behaviour(),
            })
            .collect();
        customers.sort_by(|a, b| b.open.cmp(&a.open).then_with(|| a.id.cmp(&b.id)));
        let mut open_items = self.open_items;
        open_items
            .sort_by(|a, b| (&a.customer_id, a.due_date, &a.invoice).cmp(&(&b.customer_id, b.due_date, &b.invoice)));
        Expected {
            as_of: self.as_of,
            currency: currency.to_string(),
            rows: self.rows,
            totals: self.totals,
            customers,
            open_items,
        }
    }
}

impl Expected {
    /// The figures of `rows` as of `as_of`, open items included.
    pub fn of_rows<'a>(rows: impl IntoIterator<Item = &'a Row>, as_of: NaiveDate, currency: &str) -> Expected {
        let mut tally = Tally::new(as_of, true);
        for row in rows {
            tally.add(row);
        }
        tally.finish(currency)
    }

    /// Pretty JSON with a final newline, as committed next to the sample.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        Ok(serde_json::to_string_pretty(self)? + "\n")
    }

    /// The figures of one customer.
    pub fn customer(&self, id: &str) -> Option<&CustomerFigures> {
        self.customers.iter().find(|customer| customer.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cents;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn row(customer: &str, due: NaiveDate, euros: i64, paid_euros: i64, paid_date: Option<NaiveDate>) -> Row {
        Row {
            customer_id: customer.into(),
            customer_name: format!("{customer} Ltd"),
            document: format!("{customer}-{due}-{euros}"),
            invoice_date: due - chrono::Days::new(30),
            due_date: due,
            amount: Decimal::from(euros),
            paid: Decimal::from(paid_euros),
            paid_date,
            disputed: false,
        }
    }

    #[test]
    fn bucket_bounds_are_inclusive() {
        let labels: Vec<&str> = [-4, 0, 1, 30, 31, 60, 61, 90, 91, 120, 121]
            .into_iter()
            .map(|days| BUCKET_LABELS[bucket_of(days)])
            .collect();
        assert_eq!(
            labels,
            ["not_due", "not_due", "1-30", "1-30", "31-60", "31-60", "61-90", "61-90", "91-120", "91-120", "120+"]
        );
    }

    #[test]
    fn a_small_ledger_by_hand() {
        let as_of = date(2026, 10, 31);
        let rows = [
            row("A", date(2026, 11, 15), 100, 0, None),                     // not due
            row("A", date(2026, 10, 1), 250, 50, Some(date(2026, 10, 20))), // 30 days, partial
            row("A", date(2026, 6, 1), -40, 0, None),                       // overdue credit note
            row("B", date(2026, 9, 1), 80, 80, Some(date(2026, 9, 4))),     // paid 3 days late
            row("B", date(2026, 8, 1), 120, 120, Some(date(2026, 7, 30))),  // paid 2 days early
        ];
        let expected = Expected::of_rows(&rows, as_of, "EUR");
        assert_eq!(expected.rows, 5);
        assert_eq!(expected.totals.open, Decimal::from(260));
        assert_eq!(expected.totals.overdue, Decimal::from(160));
        assert_eq!(expected.totals.items, 3);
        assert_eq!(expected.totals.buckets.get("1-30"), Some(Decimal::from(200)));
        assert_eq!(expected.totals.buckets.get("120+"), Some(Decimal::from(-40)));
        let a = expected.customer("A").unwrap();
        assert_eq!((a.items, a.max_days_overdue), (3, 30));
        assert_eq!(a.behaviour, None);
        let b = expected.customer("B").unwrap();
        assert_eq!((b.open, b.items), (Decimal::ZERO, 0));
        assert_eq!(
            b.behaviour,
            Some(BehaviourFigures {
                paid_invoices: 2,
                avg_days_late: 0.5,
                weighted_days_late: 0.0, // (3 x 80 - 2 x 120) / 200
                on_time_share: 0.5,
            })
        );
    }

    #[test]
    fn json_round_trips_with_amounts_as_strings() {
        let mut rows = [row("A", date(2026, 10, 1), 0, 0, None)];
        rows[0].amount = cents(12_345);
        let expected = Expected::of_rows(&rows, date(2026, 10, 31), "EUR");
        let json = expected.to_json().unwrap();
        assert!(json.contains(r#""open": "123.45""#), "{json}");
        assert!(json.contains(r#""1-30": "123.45""#), "{json}");
        let back: Expected = serde_json::from_str(&json).unwrap();
        assert_eq!(back, expected);
    }
}
