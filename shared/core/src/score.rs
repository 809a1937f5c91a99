//! The customer score (0-100, higher is better), its risk class A-E and the factors behind it.
//!
//! The score reads as "80 plus or minus points", 80 being a customer who pays on the day:
//!
//! 1. **Payment behaviour**, PAYDEX-like: the amount-weighted days beyond terms of the invoices settled
//!    in the last `history_months` are mapped through Dun & Bradstreet's PAYDEX table (100 anticipates,
//!    80 prompt, 70 = 15 days beyond terms, 60 = 22, 50 = 30, 40 = 60, 30 = 90, 20 = 120), extended to
//!    30 days early = 100 and falling to 0 at 180 days late.
//! 2. **Trend**: `recent_weight` of that score comes from the invoices of the last `recent_months` alone,
//!    so a customer paying later and later scores below its long-run average (and one who improved,
//!    above). Both parts only ever fall when an invoice is paid later, which keeps the score monotone.
//! 3. **Shrinkage**: with `n` settled invoices the behaviour score is (n x own + k x portfolio) / (n + k),
//!    `k = prior_invoices`: few invoices mean low confidence and a score near the portfolio average.
//! 4. **Overdue now**: when the overdue part of the balance is paid later than the behaviour score says,
//!    the score moves toward the PAYDEX of the overdue days, in proportion to the overdue share
//!    (disputed items aside: they have their own factor).
//! 5. **Points** for the use of the agreed credit limit, open disputes, a new or a long relationship, and
//!    an external rating when the ledger has one.
//!
//! Every part is kept as a [`Factor`] with its points, so the reasons can say what moved the score.

use crate::analysis::{Confidence, OpenItem, RiskClass};
use crate::history::{minus_months, CustomerHistory, LedgerHistory, Settled};
use crate::policy::ScorePolicy;
use crate::predict::shrink;
use crate::stats::interpolate;
use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// The score of a customer who pays on the due date.
pub const PROMPT: f64 = 80.0;

/// Days beyond terms -> PAYDEX-like score: D&B's table, with 30 days early at 100 and 180 late at 0.
const PAYDEX: [(f64, f64); 9] = [
    (-30.0, 100.0),
    (0.0, 80.0),
    (15.0, 70.0),
    (22.0, 60.0),
    (30.0, 50.0),
    (60.0, 40.0),
    (90.0, 30.0),
    (120.0, 20.0),
    (180.0, 0.0),
];

/// The PAYDEX-like score (0-100) of paying `days_beyond_terms` days after the due date.
pub fn paydex(days_beyond_terms: f64) -> f64 {
    interpolate(&PAYDEX, days_beyond_terms)
}

/// What moved a score, with the points it added (positive) or took off (negative).
#[derive(Debug, Clone, PartialEq)]
pub enum Factor {
    /// How the settled invoices were paid; `invoices` 0 means the portfolio average stood in.
    Behaviour {
        /// Amount-weighted days beyond terms (negative: early).
        days_late: f64,
        /// Settled invoices it rests on.
        invoices: usize,
        /// Points against a prompt payer (80).
        points: f64,
    },
    /// Recent invoices paid later or earlier than the older ones.
    Trend {
        /// Amount-weighted days late of the recent invoices.
        recent_days: f64,
        /// The same for the older ones.
        older_days: f64,
        /// Points.
        points: f64,
    },
    /// Money overdue now.
    Overdue {
        /// The overdue amount.
        amount: Decimal,
        /// The most days any of it is overdue.
        oldest_days: i64,
        /// Points.
        points: f64,
    },
    /// The balance against the agreed credit limit.
    LimitUse {
        /// Balance / limit.
        ratio: f64,
        /// Points.
        points: f64,
    },
    /// Open disputed items.
    Disputes {
        /// The disputed amount.
        amount: Decimal,
        /// How many items.
        count: usize,
        /// Points.
        points: f64,
    },
    /// A customer invoiced for the first time recently.
    NewCustomer {
        /// Months since the first invoice.
        months: i64,
        /// Points.
        points: f64,
    },
    /// A customer invoiced for years.
    LongRelationship {
        /// Years since the first invoice.
        years: i64,
        /// Points.
        points: f64,
    },
    /// An external credit rating.
    ExternalRating {
        /// The rating as the ledger gives it.
        rating: String,
        /// Points.
        points: f64,
    },
}

impl Factor {
    /// The points this factor added (positive) or took off (negative).
    pub fn points(&self) -> f64 {
        match self {
            Factor::Behaviour { points, .. }
            | Factor::Trend { points, .. }
            | Factor::Overdue { points, .. }
            | Factor::LimitUse { points, .. }
            | Factor::Disputes { points, .. }
            | Factor::NewCustomer { points, .. }
            | Factor::LongRelationship { points, .. }
            | Factor::ExternalRating { points, .. } => *points,
        }
    }
}

/// A customer's score with what it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreCard {
    /// 0-100.
    pub score: u8,
    /// The class of the score.
    pub class: RiskClass,
    /// From the number of settled invoices.
    pub confidence: Confidence,
    /// The settled invoices scored.
    pub invoices: usize,
    /// What moved the score, in the order computed.
    pub factors: Vec<Factor>,
}

/// What a customer is scored on.
#[derive(Debug, Clone)]
pub struct ScoreInput<'a> {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The customer's past.
    pub history: &'a CustomerHistory,
    /// Where the ledger's memory starts (a first invoice there may be older in truth); `None` when the
    /// ledger is not a history (an open-items list says nothing of how old a relationship is).
    pub coverage_start: Option<NaiveDate>,
    /// The portfolio's behaviour score, which short histories are pulled toward.
    pub portfolio_behaviour: f64,
    /// The customer's open items.
    pub open_items: &'a [&'a OpenItem],
    /// The agreed credit limit.
    pub credit_limit: Option<Decimal>,
}

/// The amount-weighted days late of some settled invoices; `None` without any amount.
fn weighted_days_late<'a>(settled: impl Iterator<Item = &'a Settled>) -> Option<f64> {
    let (mut days, mut weight) = (Decimal::ZERO, Decimal::ZERO);
    for invoice in settled {
        if invoice.amount > Decimal::ZERO {
            days += Decimal::from(invoice.days_late) * invoice.amount;
            weight += invoice.amount;
        }
    }
    (weight > Decimal::ZERO).then(|| (days / weight).to_f64().unwrap_or(0.0))
}

fn in_window(settled: &Settled, as_of: NaiveDate, months: u32) -> bool {
    settled.invoice_date > minus_months(as_of, months)
}

/// The behaviour score of the whole portfolio (all settled invoices of the scoring window pooled), or the
/// policy's neutral score when nobody has a history.
pub fn portfolio_behaviour(history: &LedgerHistory<'_>, policy: &ScorePolicy) -> f64 {
    let settled = history
        .all_settled()
        .filter(|settled| in_window(settled, history.as_of, policy.history_months));
    weighted_days_late(settled).map_or(policy.neutral_score, paydex)
}

/// Scores one customer.
pub fn score(input: &ScoreInput<'_>, policy: &ScorePolicy) -> ScoreCard {
    let as_of = input.as_of;
    let window: Vec<&Settled> = input
        .history
        .settled
        .iter()
        .filter(|settled| in_window(settled, as_of, policy.history_months))
        .collect();
    let count = window.len();
    let mut factors = Vec::new();

    // 1-3: behaviour, trend, shrinkage.
    let own_weight = count as f64 / (count as f64 + policy.prior_invoices).max(f64::MIN_POSITIVE);
    let all_days = weighted_days_late(window.iter().copied());
    let behaviour = match all_days {
        Some(days) => shrink(
            paydex(days),
            count as f64,
            input.portfolio_behaviour,
            policy.prior_invoices,
        ),
        None => input.portfolio_behaviour,
    };
    factors.push(Factor::Behaviour {
        days_late: all_days.unwrap_or(0.0),
        invoices: count,
        points: behaviour - PROMPT,
    });
    let recent_from = minus_months(as_of, policy.recent_months);
    let (recent, older): (Vec<&Settled>, Vec<&Settled>) =
        window.iter().partition(|settled| settled.invoice_date > recent_from);
    let mut with_trend = behaviour;
    if recent.len() >= 2 && older.len() >= 2 {
        if let (Some(all_days), Some(recent_days), Some(older_days)) = (
            all_days,
            weighted_days_late(recent.iter().copied()),
            weighted_days_late(older.iter().copied()),
        ) {
            let points = policy.recent_weight * (paydex(recent_days) - paydex(all_days)) * own_weight;
            with_trend += points;
            factors.push(Factor::Trend {
                recent_days,
                older_days,
                points,
            });
        }
    }

    // 4: overdue now.
    let positive: Vec<&&OpenItem> = input
        .open_items
        .iter()
        .filter(|item| item.open > Decimal::ZERO)
        .collect();
    let balance: Decimal = positive.iter().map(|item| item.open).sum();
    // Disputed items are told by their own factor: a dispute is not a late payment.
    let overdue: Vec<&&&OpenItem> = positive
        .iter()
        .filter(|item| item.days_overdue > 0 && !item.disputed)
        .collect();
    let overdue_amount: Decimal = overdue.iter().map(|item| item.open).sum();
    if overdue_amount > Decimal::ZERO && balance > Decimal::ZERO {
        let share = (overdue_amount / balance).to_f64().unwrap_or(0.0);
        let days = overdue
            .iter()
            .map(|item| Decimal::from(item.days_overdue) * item.open)
            .sum::<Decimal>()
            / overdue_amount;
        let severity = paydex(days.to_f64().unwrap_or(0.0));
        let points = -share * (with_trend - severity).max(0.0);
        factors.push(Factor::Overdue {
            amount: overdue_amount,
            oldest_days: overdue.iter().map(|item| item.days_overdue).max().unwrap_or(0),
            points,
        });
    }

    // 5: points.
    if let Some(limit) = input.credit_limit.filter(|limit| *limit > Decimal::ZERO) {
        let ratio = (balance / limit).to_f64().unwrap_or(0.0);
        let points = if ratio > 1.0 {
            -policy.over_limit_points
        } else if ratio > 0.9 {
            -policy.near_limit_points
        } else {
            0.0
        };
        factors.push(Factor::LimitUse { ratio, points });
    }
    let disputed: Vec<&&&OpenItem> = positive.iter().filter(|item| item.disputed).collect();
    if !disputed.is_empty() && balance > Decimal::ZERO {
        let amount: Decimal = disputed.iter().map(|item| item.open).sum();
        let share = (amount / balance).to_f64().unwrap_or(0.0);
        factors.push(Factor::Disputes {
            amount,
            count: disputed.len(),
            points: -policy.dispute_points * (share / 0.25).min(1.0),
        });
    }
    if let (Some(first), Some(coverage_start)) = (input.history.first_document, input.coverage_start) {
        let months = months_between(first, as_of);
        // A first invoice in the ledger's first month may only be where the export starts.
        let seen_from_start = first < coverage_start + chrono::TimeDelta::days(31);
        if months < i64::from(policy.new_customer_months) && !seen_from_start {
            factors.push(Factor::NewCustomer {
                months,
                points: -policy.new_customer_points,
            });
        } else if months >= 12 * i64::from(policy.long_relationship_years) {
            factors.push(Factor::LongRelationship {
                years: months / 12,
                points: policy.long_relationship_points,
            });
        }
    }
    if let Some(rating) = &input.history.external_rating {
        if let Some(points) = rating_points(rating, policy.external_rating_points) {
            factors.push(Factor::ExternalRating {
                rating: rating.clone(),
                points,
            });
        }
    }

    let total = PROMPT + factors.iter().map(Factor::points).sum::<f64>();
    let score = total.round().clamp(0.0, 100.0) as u8;
    ScoreCard {
        score,
        class: policy.class_of(f64::from(score)),
        confidence: if count >= policy.high_confidence_from {
            Confidence::High
        } else if count >= policy.medium_confidence_from {
            Confidence::Medium
        } else {
            Confidence::Low
        },
        invoices: count,
        factors,
    }
}

/// Whole months from `from` to `to`.
fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    use chrono::Datelike;
    let months = i64::from(to.year() - from.year()) * 12 + i64::from(to.month()) - i64::from(from.month());
    if to.day() < from.day() {
        months - 1
    } else {
        months
    }
}

/// The points of an external rating: a number 0-100 (higher is better; 50 is neutral), a letter A (best)
/// to E, or a bond-style grade (AAA, AA, BBB, BB, CCC, CC). `None` for anything else.
pub fn rating_points(rating: &str, best: f64) -> Option<f64> {
    let cleaned = rating.trim().replace(',', ".");
    if let Ok(value) = cleaned.parse::<f64>() {
        return (0.0..=100.0)
            .contains(&value)
            .then(|| ((value - 50.0) / 50.0 * best).max(-2.0 * best));
    }
    let grade: String = cleaned
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_uppercase();
    let factor = match grade.as_str() {
        "A" | "AAA" | "AA" => 1.0,
        "B" | "BBB" => 0.5,
        "C" => 0.0,
        "BB" => -0.5,
        "D" | "CCC" | "CC" => -1.0,
        "E" => -2.0,
        _ => return None,
    };
    Some(factor * best)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn paydex_anchor_points() {
        assert_eq!(paydex(-30.0), 100.0);
        assert_eq!(paydex(-60.0), 100.0);
        assert_eq!(paydex(0.0), 80.0);
        assert_eq!(paydex(15.0), 70.0);
        assert_eq!(paydex(30.0), 50.0);
        assert_eq!(paydex(90.0), 30.0);
        assert_eq!(paydex(120.0), 20.0);
        assert!(paydex(121.0) < 20.0);
        assert_eq!(paydex(400.0), 0.0);
    }

    fn settled(invoice_date: &str, days_late: i64) -> Settled {
        Settled {
            invoice_date: date(invoice_date),
            days_late,
            amount: dec!(1000),
        }
    }

    fn history(days: &[i64]) -> CustomerHistory {
        CustomerHistory {
            settled: days
                .iter()
                .enumerate()
                .map(|(index, &late)| settled(&format!("2025-{:02}-10", index % 12 + 1), late))
                .collect(),
            first_document: Some(date("2025-01-10")),
            ..CustomerHistory::default()
        }
    }

    fn input<'a>(history: &'a CustomerHistory, items: &'a [&'a OpenItem]) -> ScoreInput<'a> {
        ScoreInput {
            as_of: date("2025-12-31"),
            history,
            coverage_start: Some(date("2025-01-01")),
            portfolio_behaviour: 80.0,
            open_items: items,
            credit_limit: None,
        }
    }

    #[test]
    fn a_prompt_payer_with_a_long_history_scores_80_and_class_a() {
        let history = history(&[0; 20]);
        let card = score(&input(&history, &[]), &ScorePolicy::default());
        assert_eq!(card.score, 80);
        assert_eq!(card.class, RiskClass::A);
        assert_eq!(card.confidence, Confidence::High);
    }

    #[test]
    fn a_chronically_late_payer_is_class_d_or_worse() {
        let history = history(&[45; 20]);
        let card = score(&input(&history, &[]), &ScorePolicy::default());
        // PAYDEX of 45 days is 45, pulled 3/23 toward the portfolio's 80: 49.6.
        assert_eq!(card.score, 50);
        assert_eq!(card.class, RiskClass::D);
        let history = self::history(&[75; 20]);
        let card = score(&input(&history, &[]), &ScorePolicy::default());
        assert!(card.class >= RiskClass::D, "{card:?}");
    }

    #[test]
    fn two_invoices_give_low_confidence_near_the_portfolio() {
        let history = history(&[90, 90]);
        let card = score(&input(&history, &[]), &ScorePolicy::default());
        assert_eq!(card.confidence, Confidence::Low);
        // (2 x 30 + 3 x 80) / 5 = 60
        assert_eq!(card.score, 60);
        assert_eq!(card.class, RiskClass::C);
    }

    #[test]
    fn paying_later_recently_costs_points() {
        // Eight invoices paid on time last winter, four paid 40 days late in the last six months.
        let mut days = vec![0; 8];
        days.extend([40; 4]);
        let deteriorating = history(&days);
        let card = score(&input(&deteriorating, &[]), &ScorePolicy::default());
        let trend = card
            .factors
            .iter()
            .find_map(|factor| match factor {
                Factor::Trend { points, .. } => Some(*points),
                _ => None,
            })
            .expect("a trend factor");
        assert!(trend < -5.0, "{card:?}");
    }

    #[test]
    fn an_overdue_balance_pulls_a_good_history_down() {
        let history = history(&[0; 20]);
        let item = OpenItem {
            customer_id: "c".into(),
            invoice: "F1".into(),
            invoice_date: None,
            due_date: date("2025-09-02"),
            open: dec!(5000),
            days_overdue: 120,
            bucket: "91-120".into(),
            disputed: false,
            sheet: String::new(),
            row: 0,
            expected_payment_date: None,
            in_next_action: false,
        };
        let items = [&item];
        let card = score(&input(&history, &items), &ScorePolicy::default());
        // The whole balance 120 days overdue: PAYDEX 20.
        assert_eq!(card.score, 20);
        assert_eq!(card.class, RiskClass::E);
    }

    #[test]
    fn external_ratings_are_read_on_three_scales() {
        assert_eq!(rating_points("A", 10.0), Some(10.0));
        assert_eq!(rating_points("e", 10.0), Some(-20.0));
        assert_eq!(rating_points("BBB+", 10.0), Some(5.0));
        assert_eq!(rating_points("75", 10.0), Some(5.0));
        assert_eq!(rating_points("12,5", 10.0), Some(-7.5));
        assert_eq!(rating_points("unknown", 10.0), None);
    }
}
