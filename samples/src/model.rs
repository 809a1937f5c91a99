//! The generator's own model of a ledger row, and the calendar and money helpers every sample shares.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rust_decimal::{Decimal, RoundingStrategy};

/// One document as the generator knows it: the truth the sample files are written from and the
/// expected figures are computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The customer's id as written in the file.
    pub customer_id: String,
    /// The customer's name as written in the file.
    pub customer_name: String,
    /// The invoice or credit note number as written in the file.
    pub document: String,
    /// The document date.
    pub invoice_date: NaiveDate,
    /// The due date.
    pub due_date: NaiveDate,
    /// The document amount, signed: credit notes are negative.
    pub amount: Decimal,
    /// What has been paid (or applied) of it, with the amount's sign.
    pub paid: Decimal,
    /// When it was (last) paid; `None` while nothing is paid, or when the format has no such column.
    pub paid_date: Option<NaiveDate>,
    /// Whether the customer disputes it.
    pub disputed: bool,
}

impl Row {
    /// The amount still open.
    pub fn open(&self) -> Decimal {
        self.amount - self.paid
    }

    /// Whether this is a credit note (a negative document).
    pub fn is_credit_note(&self) -> bool {
        self.amount < Decimal::ZERO
    }
}

/// An amount from a whole number of cents.
pub fn cents(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// Rounds to the cent, half away from zero, as invoicing software does.
pub fn round_cents(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The gross amount of a net amount at a VAT rate in percent.
pub fn with_vat(net: Decimal, rate_percent: u32) -> Decimal {
    round_cents(net * (Decimal::ONE_HUNDRED + Decimal::from(rate_percent)) / Decimal::ONE_HUNDRED)
}

/// `date` plus (or minus) a number of days.
pub fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    let magnitude = Days::new(days.unsigned_abs());
    let moved = if days >= 0 {
        date.checked_add_days(magnitude)
    } else {
        date.checked_sub_days(magnitude)
    };
    // Sample dates stay within a few years of 2026, far from chrono's limits.
    moved.unwrap_or(date)
}

/// Money arrives on working days: a payment that would fall on a weekend lands on the Monday.
pub fn next_working_day(date: NaiveDate) -> NaiveDate {
    match date.weekday() {
        Weekday::Sat => add_days(date, 2),
        Weekday::Sun => add_days(date, 1),
        _ => date,
    }
}

/// The last day of the month `date` falls in ("fin de mois" terms).
pub fn end_of_month(date: NaiveDate) -> NaiveDate {
    let (year, month) = if date.month() == 12 {
        (date.year() + 1, 1)
    } else {
        (date.year(), date.month() + 1)
    };
    NaiveDate::from_ymd_opt(year, month, 1).map_or(date, |first| add_days(first, -1))
}

/// A date's serial number in Excel's 1900 date system, which is what a date cell holds.
pub fn excel_serial(date: NaiveDate) -> f64 {
    // Day 0 is 1899-12-30 because Excel counts the non-existent 1900-02-29; valid for dates after
    // 1900-03-01, which every sample date is.
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (date - epoch).num_days() as f64
}

/// An amount as the f64 a spreadsheet number cell stores.
pub fn cell_number(amount: Decimal) -> f64 {
    // Amounts are whole cents well below 2^53 cents, so the nearest double reads back to the same cents.
    use rust_decimal::prelude::ToPrimitive;
    amount.to_f64().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn vat_rounds_half_away_from_zero() {
        assert_eq!(with_vat(cents(1050), 21), cents(1271)); // 12.705 -> 12.71
        assert_eq!(with_vat(cents(-1050), 21), cents(-1271));
        assert_eq!(with_vat(cents(100_000), 23), cents(123_000));
    }

    #[test]
    fn weekend_payments_move_to_monday() {
        assert_eq!(next_working_day(date(2026, 10, 31)), date(2026, 11, 2));
        assert_eq!(next_working_day(date(2026, 11, 1)), date(2026, 11, 2));
        assert_eq!(next_working_day(date(2026, 10, 30)), date(2026, 10, 30));
    }

    #[test]
    fn end_of_month_handles_december_and_february() {
        assert_eq!(end_of_month(date(2026, 12, 5)), date(2026, 12, 31));
        assert_eq!(end_of_month(date(2028, 2, 1)), date(2028, 2, 29));
    }

    #[test]
    fn excel_serials_match_excel() {
        assert_eq!(excel_serial(date(2026, 10, 31)), 46326.0);
        assert_eq!(excel_serial(date(1900, 3, 1)), 61.0);
    }
}
