//! Payment behaviour: how a customer paid the invoices it settled.

use crate::analysis::Behaviour;
use crate::ledger::Entry;
use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// Accumulates settled invoices of one customer; `finish` gives the [`Behaviour`], or `None` without any.
#[derive(Debug, Clone, Default)]
pub struct BehaviourTally {
    paid_invoices: usize,
    sum_days_late: i64,
    weighted_days: Decimal,
    weight: Decimal,
    on_time: usize,
}

impl BehaviourTally {
    /// Counts the entry if it is an invoice fully paid by `as_of` with a paid date.
    pub fn add(&mut self, entry: &Entry, as_of: NaiveDate) {
        let (Some(paid_on), Some(amount)) = (entry.settled_by(as_of), entry.amount) else {
            return;
        };
        let days_late = (paid_on - entry.due_date).num_days();
        self.paid_invoices += 1;
        self.sum_days_late += days_late;
        self.weighted_days += Decimal::from(days_late) * amount;
        self.weight += amount;
        if days_late <= 0 {
            self.on_time += 1;
        }
    }

    /// The behaviour figures, rounded for reading (days to 2 decimals, shares to 4).
    pub fn finish(&self) -> Option<Behaviour> {
        if self.paid_invoices == 0 {
            return None;
        }
        let count = self.paid_invoices as f64;
        let weighted = if self.weight.is_zero() {
            0.0
        } else {
            (self.weighted_days / self.weight).to_f64().unwrap_or(0.0)
        };
        Some(Behaviour {
            paid_invoices: self.paid_invoices,
            avg_days_late: round_to(self.sum_days_late as f64 / count, 2),
            weighted_days_late: round_to(weighted, 2),
            on_time_share: round_to(self.on_time as f64 / count, 4),
        })
    }
}

/// Rounds a ratio for display; ratios are not money, so f64 is fine here.
pub fn round_to(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    (value * factor).round() / factor
}
