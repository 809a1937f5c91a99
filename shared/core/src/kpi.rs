//! Portfolio KPIs and the progress against the policy's targets.
//!
//! The formulas, as the credit-management literature gives them:
//! - **DSO, standard**: receivables / net credit sales of the last `d` days x `d` (d = 90 by default).
//! - **DSO, countback**: take the receivables back month by month, latest first: every month whose
//!   sales fit in what is left counts its days in full, the last one the part of its days that its sales
//!   cover. AR 212k with monthly sales 100k, 80k, 70k (30-day months) gives 30 + 30 + 32/70 x 30 = 73.7
//!   days (the worked example of the countback method, e.g. Credit Research Foundation).
//! - **Best possible DSO**: current (not yet due) receivables / sales x days; **average days delinquent**
//!   is DSO minus it.
//! - **CEI** (collection effectiveness index, Credit Research Foundation): (beginning receivables +
//!   credit sales / N - ending total receivables) / (beginning receivables + credit sales / N - ending
//!   current receivables) over the last N months, where "current" is not yet due. CreditGuru's worked
//!   example (January to March: beginning 6,200, sales 10,890, ending 6,340 of which 3,590 current)
//!   gives 55.9%.
//! - **Concentration**: the share of the ten largest balances, and the Herfindahl-Hirschman index (sum of
//!   squared shares in percent, 0-10,000; above 2,500 is highly concentrated).
//!
//! A figure the ledger cannot support (an open-items list has no sales; a history shorter than the
//! period) is `None`, never made up.

use crate::analysis::{CustomerAnalysis, Kpis, OpenItem, TargetProgress, Totals};
use crate::history::{minus_months, LedgerHistory};
use crate::lang::Lang;
use crate::policy::Policy;
use crate::text;
use chrono::{Datelike, Months, NaiveDate, TimeDelta};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// Standard DSO: `receivables / sales x days`; `None` without sales.
pub fn dso_standard(receivables: Decimal, sales: Decimal, days: u32) -> Option<f64> {
    if sales <= Decimal::ZERO {
        return None;
    }
    Some(ratio(receivables.max(Decimal::ZERO), sales) * f64::from(days))
}

/// Countback DSO from the receivables and the sales of the months before, latest first, each with its
/// number of days. `None` when the months given do not absorb the receivables (the history is too
/// short to say).
pub fn dso_countback(receivables: Decimal, months: &[(Decimal, u32)]) -> Option<f64> {
    let mut left = receivables;
    let mut days = 0.0;
    if left <= Decimal::ZERO {
        return Some(0.0);
    }
    for &(sales, month_days) in months {
        if sales <= Decimal::ZERO {
            days += f64::from(month_days);
            continue;
        }
        if left <= sales {
            return Some(days + ratio(left, sales) * f64::from(month_days));
        }
        left -= sales;
        days += f64::from(month_days);
    }
    None
}

/// The collection effectiveness index (0..1) over `months` months with `sales` credit sales in all;
/// `None` when its denominator is not positive.
pub fn cei(
    beginning: Decimal,
    sales: Decimal,
    months: u32,
    ending_total: Decimal,
    ending_current: Decimal,
) -> Option<f64> {
    let sales = sales / Decimal::from(months.max(1));
    let collectable = beginning + sales - ending_current;
    if collectable <= Decimal::ZERO {
        return None;
    }
    Some(ratio(beginning + sales - ending_total, collectable))
}

/// The Herfindahl-Hirschman index of the positive balances (0..10,000).
pub fn hhi(balances: &[Decimal]) -> Option<f64> {
    let total: Decimal = balances.iter().filter(|balance| **balance > Decimal::ZERO).sum();
    if total <= Decimal::ZERO {
        return None;
    }
    Some(
        balances
            .iter()
            .filter(|balance| **balance > Decimal::ZERO)
            .map(|balance| (ratio(*balance, total) * 100.0).powi(2))
            .sum(),
    )
}

fn ratio(numerator: Decimal, denominator: Decimal) -> f64 {
    if denominator.is_zero() {
        return 0.0;
    }
    (numerator / denominator).to_f64().unwrap_or(0.0)
}

fn round(value: f64, decimals: i32) -> f64 {
    crate::behaviour::round_to(value, decimals)
}

/// Everything the KPIs are computed from.
pub struct KpiInput<'a> {
    /// The ledger's past.
    pub history: &'a LedgerHistory<'a>,
    /// The aged totals.
    pub totals: &'a Totals,
    /// The customers, with their balances.
    pub customers: &'a [CustomerAnalysis],
    /// The open items.
    pub open_items: &'a [OpenItem],
    /// The policy.
    pub policy: &'a Policy,
    /// The currency, for the target texts.
    pub currency: &'a str,
    /// The language of the target notes.
    pub lang: Lang,
}

/// The portfolio KPIs, rounded for reading (days to 1 decimal, shares to 4).
pub fn kpis(input: &KpiInput<'_>) -> Kpis {
    let history = input.history;
    let as_of = history.as_of;
    let totals = input.totals;
    let window = input.policy.kpi.dso_days;
    let window_start = as_of - TimeDelta::days(i64::from(window));
    let not_due = totals.buckets.0.first().map(|(_, amount)| *amount).unwrap_or_default();

    let window_sales = history
        .covers_sales(window_start + TimeDelta::days(1))
        .then(|| history.sales_between(window_start, as_of));
    let dso = window_sales.and_then(|sales| dso_standard(totals.open, sales, window));
    let best_possible_dso = window_sales.and_then(|sales| dso_standard(not_due, sales, window));

    let dso_countback = countback(history, totals.open, input.policy.kpi.countback_months);

    let cei_start = months_back(as_of, input.policy.kpi.cei_months);
    let cei = if history.covers(cei_start) {
        cei(
            history.receivables_at(cei_start),
            history.sales_between(cei_start, as_of),
            input.policy.kpi.cei_months,
            totals.open,
            not_due,
        )
    } else {
        None
    };

    let (mut weighted, mut weight, mut on_time, mut count) = (Decimal::ZERO, Decimal::ZERO, 0usize, 0usize);
    for settled in history.all_settled() {
        weighted += Decimal::from(settled.days_late) * settled.amount;
        weight += settled.amount;
        count += 1;
        if settled.days_late <= 0 {
            on_time += 1;
        }
    }
    let weighted_days_late = (weight > Decimal::ZERO).then(|| round(ratio(weighted, weight), 1));
    let on_time_share = (count > 0).then(|| round(on_time as f64 / count as f64, 4));

    let mut balances: Vec<Decimal> = input.customers.iter().map(|customer| customer.open).collect();
    balances.sort_by(|a, b| b.cmp(a));
    let positive: Decimal = balances.iter().filter(|balance| **balance > Decimal::ZERO).sum();
    let top10_share = (positive > Decimal::ZERO).then(|| {
        let top: Decimal = balances.iter().filter(|b| **b > Decimal::ZERO).take(10).sum();
        round(ratio(top, positive), 4)
    });

    let disputed = input
        .open_items
        .iter()
        .filter(|item| item.disputed && item.open > Decimal::ZERO)
        .map(|item| item.open)
        .sum();
    let overdue_share = (totals.open > Decimal::ZERO).then(|| round(ratio(totals.overdue, totals.open), 4));

    let mut kpis = Kpis {
        open: totals.open,
        overdue: totals.overdue,
        overdue_share,
        dso: dso.map(|days| round(days, 1)),
        dso_countback: dso_countback.map(|days| round(days, 1)),
        best_possible_dso: best_possible_dso.map(|days| round(days, 1)),
        average_days_delinquent: dso.zip(best_possible_dso).map(|(dso, best)| round(dso - best, 1)),
        cei: cei.map(|value| round(value, 4)),
        weighted_days_late,
        on_time_share,
        top10_share,
        hhi: hhi(&balances).map(|value| round(value, 0)),
        disputed,
        targets: Vec::new(),
    };
    kpis.targets = targets(&kpis, window_sales, input);
    kpis
}

/// The countback DSO over calendar months ending at the as-of date, as far as the history reaches.
fn countback(history: &LedgerHistory<'_>, receivables: Decimal, cap: u32) -> Option<f64> {
    let as_of = history.as_of;
    let mut months = Vec::new();
    for back in 0..cap {
        let end = months_back(as_of, back);
        let start = months_back(as_of, back + 1);
        if !history.covers_sales(start + TimeDelta::days(1)) {
            break;
        }
        let days = u32::try_from((end - start).num_days()).unwrap_or(0);
        months.push((history.sales_between(start, end), days));
    }
    if months.is_empty() {
        return None;
    }
    dso_countback(receivables, &months)
}

/// The date `months` months before `as_of`, counting calendar months when `as_of` is a month's last
/// day: 30 June less one month is 31 May, not 30 May, so June counts its 30 days and a sale of 31 May
/// stays in May (plain date arithmetic gave a 31-day "June" that began on 31 May).
fn months_back(as_of: NaiveDate, months: u32) -> NaiveDate {
    let back = minus_months(as_of, months);
    let month_end = as_of.succ_opt().is_some_and(|next| next.day() == 1);
    if !month_end {
        return back;
    }
    back.with_day(1)
        .and_then(|first| first.checked_add_months(Months::new(1)))
        .and_then(|next| next.pred_opt())
        .unwrap_or(back)
}

/// Progress against each target the policy sets.
fn targets(kpis: &Kpis, window_sales: Option<Decimal>, input: &KpiInput<'_>) -> Vec<TargetProgress> {
    let lang = input.lang;
    let targets = &input.policy.targets;
    let currency = input.currency;
    let mut progress = Vec::new();
    let not_known = lang.pick("onbekend", "inconnu", "unknown").to_string();

    if let Some(target) = targets.dso_days {
        let window = input.policy.kpi.dso_days;
        let target_text = text::days(target.round() as i64, lang);
        match (kpis.dso, window_sales) {
            (Some(dso), Some(sales)) => {
                let met = dso <= target;
                let allowed = sales * Decimal::try_from(target / f64::from(window)).unwrap_or_default();
                let to_collect = crate::money::round_cents((kpis.open - allowed).max(Decimal::ZERO));
                let note = if met {
                    lang.pick(
                        "doel gehaald".to_string(),
                        "objectif atteint".to_string(),
                        "target met".to_string(),
                    )
                } else {
                    let amount = text::amount(to_collect, currency, lang);
                    lang.pick(
                        format!("nog {amount} innen om op {target_text} te komen bij de huidige omzet"),
                        format!("encaisser encore {amount} pour atteindre {target_text} au chiffre d'affaires actuel"),
                        format!("collect {amount} more to reach {target_text} at the present sales"),
                    )
                };
                progress.push(TargetProgress {
                    kind: "dso".into(),
                    target: target_text,
                    actual: format!("{} {}", text::number(dso, 1, lang), lang.pick("dagen", "jours", "days")),
                    met,
                    measured: true,
                    note,
                });
            }
            _ => progress.push(TargetProgress {
                kind: "dso".into(),
                target: target_text,
                actual: not_known.clone(),
                met: false,
                measured: false,
                note: lang
                    .pick(
                        "de historiek is te kort (of bevat geen betaalde facturen) om de DSO te berekenen",
                        "l'historique est trop court (ou sans factures payées) pour calculer le DSO",
                        "the history is too short (or holds no paid invoices) to compute the DSO",
                    )
                    .to_string(),
            }),
        }
    }

    if let Some(target) = targets.overdue_share {
        let target_text = text::percent(target, lang);
        match kpis.overdue_share {
            Some(share) => {
                let met = share <= target;
                // Collecting c of the overdue money lowers both: (overdue - c) / (open - c) <= target.
                let target_decimal = Decimal::try_from(target).unwrap_or_default();
                let to_collect = if met || target >= 1.0 {
                    Decimal::ZERO
                } else {
                    crate::money::round_cents(
                        ((kpis.overdue - target_decimal * kpis.open) / (Decimal::ONE - target_decimal))
                            .max(Decimal::ZERO),
                    )
                };
                let note = if met {
                    lang.pick("doel gehaald", "objectif atteint", "target met").to_string()
                } else {
                    let amount = text::amount(to_collect, currency, lang);
                    lang.pick(
                        format!("{amount} achterstallig innen om op {target_text} te komen"),
                        format!("encaisser {amount} d'échus pour revenir à {target_text}"),
                        format!("collect {amount} of overdue money to get down to {target_text}"),
                    )
                };
                progress.push(TargetProgress {
                    kind: "overdue_share".into(),
                    target: target_text,
                    actual: text::percent(share, lang),
                    met,
                    measured: true,
                    note,
                });
            }
            None => progress.push(TargetProgress {
                kind: "overdue_share".into(),
                target: target_text,
                actual: not_known.clone(),
                met: true,
                measured: true,
                note: lang
                    .pick("niets openstaand", "rien d'ouvert", "nothing is open")
                    .to_string(),
            }),
        }
    }

    if let Some(target) = &targets.debtor_balance {
        let met = kpis.open <= target.amount;
        let gap = (kpis.open - target.amount).max(Decimal::ZERO);
        let days_left = (target.on - input.history.as_of).num_days();
        let amount = text::amount(gap, currency, lang);
        let note = if met {
            lang.pick("doel gehaald", "objectif atteint", "target met").to_string()
        } else if days_left < 0 {
            lang.pick(
                format!("datum {} voorbij; nog {amount} boven het doel", target.on),
                format!(
                    "date du {} dépassée ; encore {amount} au-dessus de l'objectif",
                    target.on
                ),
                format!("the date {} has passed; still {amount} above the target", target.on),
            )
        } else {
            let left = text::days(days_left, lang);
            lang.pick(
                format!("het saldo moet {amount} dalen tegen {} (nog {left})", target.on),
                format!(
                    "le solde doit baisser de {amount} d'ici le {} (encore {left})",
                    target.on
                ),
                format!("the balance must fall by {amount} by {} ({left} left)", target.on),
            )
        };
        progress.push(TargetProgress {
            kind: "debtor_balance".into(),
            target: format!("{} ({})", text::amount(target.amount, currency, lang), target.on),
            actual: text::amount(kpis.open, currency, lang),
            met,
            measured: true,
            note,
        });
    }
    progress
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn countback_worked_example_gives_73_7_days() {
        // AR 212k; sales latest first 100k, 80k, 70k; 30-day months.
        let months = [(dec!(100000), 30), (dec!(80000), 30), (dec!(70000), 30)];
        let dso = dso_countback(dec!(212000), &months).unwrap();
        assert!((dso - 73.714).abs() < 0.001, "{dso}");
        assert_eq!(round(dso, 1), 73.7);
        // Two months do not absorb 212k: the history is too short to say.
        assert_eq!(dso_countback(dec!(212000), &months[..2]), None);
        assert_eq!(dso_countback(dec!(0), &months), Some(0.0));
    }

    #[test]
    fn standard_dso_worked_example() {
        // Receivables 212k against 250k of sales over 90 days: 76.3 days.
        assert_eq!(round(dso_standard(dec!(212000), dec!(250000), 90).unwrap(), 1), 76.3);
        assert_eq!(dso_standard(dec!(212000), dec!(0), 90), None);
    }

    #[test]
    fn cei_worked_example() {
        // CreditGuru, January to March: beginning 6,200, credit sales 10,890 (3,630 a month), ending
        // total 6,340 of which 3,590 current: (6,200 + 3,630 - 6,340) / (6,200 + 3,630 - 3,590) = 55.9%.
        let value = cei(dec!(6200), dec!(10890), 3, dec!(6340), dec!(3590)).unwrap();
        assert_eq!(round(value * 100.0, 1), 55.9);
        // One month: the formula without the division.
        let value = cei(dec!(6200), dec!(3390), 1, dec!(6000), dec!(3560)).unwrap();
        assert_eq!(round(value, 4), round(3590.0 / 6030.0, 4));
        // Everything collected that could be: 100%.
        assert_eq!(cei(dec!(100), dec!(50), 1, dec!(20), dec!(20)), Some(1.0));
        assert_eq!(cei(dec!(0), dec!(0), 1, dec!(0), dec!(0)), None);
    }

    #[test]
    fn hhi_of_a_monopoly_and_of_equal_shares() {
        assert_eq!(hhi(&[dec!(500)]), Some(10_000.0));
        assert_eq!(round(hhi(&[dec!(1), dec!(1), dec!(1), dec!(1)]).unwrap(), 6), 2500.0);
        assert_eq!(hhi(&[dec!(-5)]), None);
    }
}
