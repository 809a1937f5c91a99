//! The 13-week cash-in forecast: the open items summed by the week of their expected payment date.
//!
//! Weeks run Monday to Sunday; the first is the week of the day after the as-of date. Items without an
//! expected date (credit notes, payments, doubtful items) and items expected after the 13th week are
//! left out, so the forecast is what can reasonably be counted on.

use crate::analysis::{ForecastWeek, OpenItem};
use chrono::{Datelike, NaiveDate, TimeDelta};
use rust_decimal::Decimal;

/// The number of weeks forecast.
pub const WEEKS: usize = 13;

/// The weekly forecast from the open items' expected payment dates.
pub fn forecast(open_items: &[OpenItem], as_of: NaiveDate) -> Vec<ForecastWeek> {
    let tomorrow = as_of + TimeDelta::days(1);
    let first_monday = tomorrow - TimeDelta::days(i64::from(tomorrow.weekday().num_days_from_monday()));
    let mut weeks: Vec<ForecastWeek> = (0..WEEKS)
        .map(|week| ForecastWeek {
            week_start: first_monday + TimeDelta::weeks(week as i64),
            amount: Decimal::ZERO,
        })
        .collect();
    for item in open_items.iter().filter(|item| item.open > Decimal::ZERO) {
        let Some(expected) = item.expected_payment_date else {
            continue;
        };
        let week = (expected - first_monday).num_days().div_euclid(7);
        if let Some(slot) = usize::try_from(week).ok().and_then(|week| weeks.get_mut(week)) {
            slot.amount += item.open;
        }
    }
    weeks
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn item(open: Decimal, expected: Option<&str>) -> OpenItem {
        OpenItem {
            customer_id: "c".into(),
            invoice: String::new(),
            invoice_date: None,
            due_date: date("2026-03-01"),
            open,
            days_overdue: 0,
            bucket: String::new(),
            disputed: false,
            sheet: String::new(),
            row: 0,
            expected_payment_date: expected.map(date),
            in_next_action: false,
        }
    }

    #[test]
    fn items_land_in_the_week_of_their_expected_date() {
        // 2026-03-31 is a Tuesday: the first week starts Monday 30 March.
        let items = [
            item(dec!(100), Some("2026-04-01")),
            item(dec!(50), Some("2026-04-05")),
            item(dec!(70), Some("2026-04-06")),
            item(dec!(999), Some("2026-07-01")),
            item(dec!(-40), Some("2026-04-01")),
            item(dec!(30), None),
        ];
        let weeks = forecast(&items, date("2026-03-31"));
        assert_eq!(weeks.len(), 13);
        assert_eq!(weeks[0].week_start, date("2026-03-30"));
        assert_eq!(weeks[0].amount, dec!(150));
        assert_eq!(weeks[1].amount, dec!(70));
        assert_eq!(weeks[12].week_start, date("2026-06-22"));
        let total: Decimal = weeks.iter().map(|week| week.amount).sum();
        assert_eq!(
            total,
            dec!(220),
            "beyond 13 weeks, credit notes and undated items left out"
        );
    }
}
