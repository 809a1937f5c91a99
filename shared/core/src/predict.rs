//! Payment-date prediction: when will an invoice be paid, in days after its due date?
//!
//! The model, fitted on the invoices settled by a date (nothing later is looked at):
//!
//! 1. **Kind effects.** Disputed invoices are paid later, paper invoices later than electronic ones
//!    (on the IBM late-payment sample: disputed +9 days against the customer's own median, paper +4
//!    against electronic). Each kind (disputed or not x electronic, paper or unknown) gets the median
//!    of its invoices' delay against their customer's median, once the portfolio holds
//!    `min_invoices_per_kind` of them; two rounds, so that a customer with many disputes does not
//!    inflate its own median.
//! 2. **The customer's delay** is the recency-weighted median (an invoice `half_life_days` older weighs
//!    half) of its delays with the kind effects taken out. The median, not the mean, because the
//!    prediction is judged by its absolute error in days and one invoice paid months late must not move
//!    every later prediction.
//! 3. **Shrinkage.** A customer with `n` settled invoices gets (n x own + k x portfolio) / (n + k): few
//!    invoices borrow strength from the portfolio's median. `k` is Bühlmann's credibility constant, the
//!    variance of a customer's delays from one invoice to the next over the variance of the customers'
//!    own means, estimated on the portfolio (Bühlmann-Straub) and at most `prior_invoices`; that cap
//!    itself stands in when fewer than [`MIN_CUSTOMERS_FOR_CREDIBILITY`] customers have two invoices.
//!    A fixed `k` of 3 pulled a customer with twenty invoices 13% of the way to the portfolio: a steady
//!    payer 110 days late, among customers whose median is 50, was expected 8 days early. Customers who
//!    differ by months lend each other almost nothing (k = 0.05 on the held-out portfolios of
//!    `tests/held_out_portfolios.rs`, 0.32 on the IBM history).
//!
//! The prediction for an invoice is the customer's delay plus its kind's effect. An item still open at
//! the as-of date although it should have been paid by then is predicted from the delays beyond its
//! present lateness (the customer's, else the portfolio's): it is known to be late, and saying it will be
//! paid yesterday helps nobody.

use crate::ledger::Entry;
use crate::policy::PredictionPolicy;
use crate::stats::{median, weighted_median};
use chrono::{NaiveDate, TimeDelta};
use std::collections::HashMap;

/// The fewest days added to the as-of date for an overdue item when no history says more: about when
/// the next dunning step makes the customer act. An item already later than that is expected to wait
/// about as long again: payment delays have long tails, and the longer an invoice has waited, the
/// longer it tends to wait.
pub const FALLBACK_DAYS: i64 = 14;

/// The fewest delays beyond an item's present lateness that a conditional prediction rests on.
const MIN_CONDITIONAL: usize = 3;

/// The fewest customers with two settled invoices or more from which the spread between customers is
/// estimated rather than taken from the policy: below that a variance across customers says little.
pub const MIN_CUSTOMERS_FOR_CREDIBILITY: usize = 10;

/// The kinds of invoice with a delay of their own: disputed or not, times electronic, paper or unknown.
const KINDS: usize = 6;

fn kind_of(disputed: bool, electronic: Option<bool>) -> usize {
    let channel = match electronic {
        None => 0,
        Some(true) => 1,
        Some(false) => 2,
    };
    usize::from(disputed) * 3 + channel
}

/// One settled invoice as the model sees it.
#[derive(Debug, Clone, Copy)]
struct Observation {
    customer: usize,
    days_late: f64,
    kind: usize,
    weight: f64,
}

/// Delays sorted once, so that "the median of those beyond x" costs a binary search, not a pass: an
/// open-items list can ask it for every one of a million items.
#[derive(Debug, Clone, Default)]
struct SortedDelays {
    /// The delays, rising.
    days: Vec<f64>,
    /// `reached[i]`: the sum of the weights of `days[..=i]`.
    reached: Vec<f64>,
}

impl SortedDelays {
    fn new(mut pairs: Vec<(f64, f64)>) -> Self {
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut total = 0.0;
        let reached = pairs
            .iter()
            .map(|&(_, weight)| {
                total += weight.max(0.0);
                total
            })
            .collect();
        SortedDelays {
            days: pairs.into_iter().map(|(days, _)| days).collect(),
            reached,
        }
    }

    /// The weighted median of the delays above `floor`, when at least `minimum` are.
    fn median_above(&self, floor: f64, minimum: usize) -> Option<f64> {
        let start = self.days.partition_point(|&days| days <= floor);
        if self.days.len() - start < minimum.max(1) {
            return None;
        }
        let before = if start == 0 { 0.0 } else { self.reached[start - 1] };
        let total = self.reached.last().copied().unwrap_or(0.0) - before;
        if total <= 0.0 {
            return None;
        }
        let half = before + total / 2.0;
        let index = start + self.reached[start..].partition_point(|&reached| reached < half);
        self.days.get(index).or(self.days.last()).copied()
    }
}

/// What the model knows of one customer.
#[derive(Debug, Clone, Default)]
struct CustomerModel {
    /// Delays with the kind effect taken out, with their recency weight.
    adjusted: SortedDelays,
    /// The shrunk delay of an ordinary (reference-kind) invoice.
    delay: f64,
}

/// A fitted payment-date model.
#[derive(Debug, Clone)]
pub struct Predictor {
    known_at: NaiveDate,
    effects: [f64; KINDS],
    portfolio: f64,
    portfolio_adjusted: SortedDelays,
    customers: HashMap<String, CustomerModel>,
    doubtful_after_days: i64,
    settled: usize,
}

impl Predictor {
    /// Fits the model on the invoices of `entries` settled on or before `known_at`.
    pub fn fit<'a>(
        entries: impl IntoIterator<Item = &'a Entry>,
        known_at: NaiveDate,
        policy: &PredictionPolicy,
    ) -> Predictor {
        let mut index_of: HashMap<&str, usize> = HashMap::new();
        let mut names: Vec<&str> = Vec::new();
        let mut observations = Vec::new();
        for entry in entries {
            if entry.document_date() > known_at {
                continue;
            }
            let Some(paid_on) = entry.settled_by(known_at) else {
                continue;
            };
            let customer = *index_of.entry(entry.customer_id.as_str()).or_insert_with(|| {
                names.push(entry.customer_id.as_str());
                names.len() - 1
            });
            let age = (known_at - entry.document_date()).num_days().max(0) as f64;
            observations.push(Observation {
                customer,
                days_late: (paid_on - entry.due_date).num_days() as f64,
                kind: kind_of(entry.disputed, entry.electronic),
                weight: 0.5f64.powf(age / policy.half_life_days),
            });
        }

        let effects = kind_effects(&observations, names.len(), policy.min_invoices_per_kind);
        let adjust = |observation: &Observation| observation.days_late - effects[observation.kind];
        let portfolio_adjusted: Vec<f64> = observations.iter().map(adjust).collect();
        let portfolio = median(&portfolio_adjusted).unwrap_or(0.0);

        let mut delays: Vec<Vec<(f64, f64)>> = vec![Vec::new(); names.len()];
        for observation in &observations {
            delays[observation.customer].push((adjust(observation), observation.weight));
        }
        let prior_weight = credibility_weight(&delays, policy.prior_invoices);
        let models: Vec<CustomerModel> = delays
            .into_iter()
            .map(|pairs| {
                let own = weighted_median(&pairs).unwrap_or(portfolio);
                let count = pairs.len() as f64;
                CustomerModel {
                    adjusted: SortedDelays::new(pairs),
                    delay: shrink(own, count, portfolio, prior_weight),
                }
            })
            .collect();
        let portfolio_adjusted = SortedDelays::new(portfolio_adjusted.into_iter().map(|days| (days, 1.0)).collect());
        Predictor {
            known_at,
            effects,
            portfolio,
            portfolio_adjusted,
            customers: names.iter().map(|name| name.to_string()).zip(models).collect(),
            doubtful_after_days: policy.doubtful_after_days,
            settled: observations.len(),
        }
    }

    /// The date the model was fitted at.
    pub fn known_at(&self) -> NaiveDate {
        self.known_at
    }

    /// How many settled invoices the model rests on.
    pub fn settled_invoices(&self) -> usize {
        self.settled
    }

    /// The portfolio's median delay of an ordinary invoice, in days after the due date.
    pub fn portfolio_days_late(&self) -> f64 {
        self.portfolio
    }

    /// The extra days a kind of invoice takes against an ordinary one.
    pub fn kind_effect(&self, disputed: bool, electronic: Option<bool>) -> f64 {
        self.effects[kind_of(disputed, electronic)]
    }

    /// The expected days after the due date that `customer` pays an invoice of this kind (negative:
    /// before the due date). A customer without history gets the portfolio's delay.
    pub fn days_late(&self, customer: &str, disputed: bool, electronic: Option<bool>) -> f64 {
        let delay = self.customers.get(customer).map_or(self.portfolio, |model| model.delay);
        delay + self.kind_effect(disputed, electronic)
    }

    /// The expected payment date of an entry still open at `as_of`; `None` for credit notes and
    /// payments (nothing comes in) and for items overdue beyond the policy's doubtful limit.
    pub fn expected_payment_date(&self, entry: &Entry, as_of: NaiveDate) -> Option<NaiveDate> {
        if entry.open_at(as_of) <= rust_decimal::Decimal::ZERO {
            return None;
        }
        let late_now = (as_of - entry.due_date).num_days();
        if late_now > self.doubtful_after_days {
            return None;
        }
        let effect = self.kind_effect(entry.disputed, entry.electronic);
        let predicted = self
            .days_late(&entry.customer_id, entry.disputed, entry.electronic)
            .round() as i64;
        let days = if predicted > late_now {
            predicted
        } else {
            self.beyond(&entry.customer_id, late_now as f64 - effect)
                .map(|adjusted| (adjusted + effect).round() as i64)
                .filter(|&days| days > late_now)
                .unwrap_or(late_now + late_now.max(FALLBACK_DAYS))
        };
        entry.due_date.checked_add_signed(TimeDelta::days(days))
    }

    /// The median delay among those beyond `adjusted_now`: the customer's when it has enough of them,
    /// else the portfolio's.
    fn beyond(&self, customer: &str, adjusted_now: f64) -> Option<f64> {
        self.customers
            .get(customer)
            .and_then(|model| model.adjusted.median_above(adjusted_now, MIN_CONDITIONAL))
            .or_else(|| self.portfolio_adjusted.median_above(adjusted_now, MIN_CONDITIONAL))
    }
}

/// (n x own + k x prior) / (n + k).
pub fn shrink(own: f64, count: f64, prior: f64, prior_weight: f64) -> f64 {
    if count + prior_weight <= 0.0 {
        return prior;
    }
    (count * own + prior_weight * prior) / (count + prior_weight)
}

/// Bühlmann's credibility constant `k` of the customers' delays (the weights are ignored), at most `most`:
/// the expected variance within a customer over the variance of the customers' true means, both by the
/// Bühlmann-Straub estimators. `most` when too few customers have two delays or more to tell, or when
/// the customers differ no more than chance would make them.
fn credibility_weight(delays: &[Vec<(f64, f64)>], most: f64) -> f64 {
    let groups: Vec<(f64, f64, f64)> = delays
        .iter()
        .filter(|pairs| pairs.len() >= 2)
        .map(|pairs| {
            let count = pairs.len() as f64;
            let mean = pairs.iter().map(|&(days, _)| days).sum::<f64>() / count;
            let squares = pairs.iter().map(|&(days, _)| (days - mean).powi(2)).sum::<f64>();
            (count, mean, squares)
        })
        .collect();
    if groups.len() < MIN_CUSTOMERS_FOR_CREDIBILITY {
        return most;
    }
    let total: f64 = groups.iter().map(|&(count, _, _)| count).sum();
    let within = groups.iter().map(|&(_, _, squares)| squares).sum::<f64>() / (total - groups.len() as f64);
    let grand = groups.iter().map(|&(count, mean, _)| count * mean).sum::<f64>() / total;
    let between: f64 = groups
        .iter()
        .map(|&(count, mean, _)| count * (mean - grand).powi(2))
        .sum();
    let spread = total - groups.iter().map(|&(count, _, _)| count * count).sum::<f64>() / total;
    let of_means = (between - (groups.len() as f64 - 1.0) * within) / spread;
    if !(of_means > 0.0 && within.is_finite()) {
        return most;
    }
    (within / of_means).clamp(0.0, most)
}

/// The extra delay of each kind against the most common undisputed kind; see the module notes.
fn kind_effects(observations: &[Observation], customers: usize, min_per_kind: usize) -> [f64; KINDS] {
    let mut counts = [0usize; KINDS];
    for observation in observations {
        counts[observation.kind] += 1;
    }
    let reference = (0..3).max_by_key(|&kind| counts[kind]).unwrap_or(0);
    let mut effects = [0.0; KINDS];
    for _round in 0..2 {
        let mut per_customer: Vec<Vec<f64>> = vec![Vec::new(); customers];
        for observation in observations {
            per_customer[observation.customer].push(observation.days_late - effects[observation.kind]);
        }
        let centres: Vec<f64> = per_customer
            .iter()
            .map(|delays| median(delays).unwrap_or(0.0))
            .collect();
        let mut residuals: Vec<Vec<f64>> = vec![Vec::new(); KINDS];
        for observation in observations {
            residuals[observation.kind].push(observation.days_late - centres[observation.customer]);
        }
        let raw: Vec<f64> = residuals
            .iter()
            .map(|delays| {
                if delays.len() >= min_per_kind.max(1) {
                    median(delays).unwrap_or(0.0)
                } else {
                    0.0
                }
            })
            .collect();
        let base = raw[reference];
        for kind in 0..KINDS {
            effects[kind] = if counts[kind] >= min_per_kind.max(1) {
                raw[kind] - base
            } else {
                0.0
            };
        }
    }
    effects
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::DocumentKind;
    use rust_decimal::Decimal;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn paid(customer: &str, due: &str, days_late: i64, disputed: bool) -> Entry {
        let due_date = date(due);
        Entry {
            customer_id: customer.into(),
            kind: DocumentKind::Invoice,
            invoice_date: Some(due_date - TimeDelta::days(30)),
            due_date,
            amount: Some(Decimal::ONE_HUNDRED),
            paid_date: Some(due_date + TimeDelta::days(days_late)),
            disputed,
            electronic: Some(true),
            ..Entry::default()
        }
    }

    fn open(customer: &str, due: &str, disputed: bool) -> Entry {
        Entry {
            paid_date: None,
            ..paid(customer, due, 0, disputed)
        }
    }

    #[test]
    fn a_steady_customer_is_predicted_at_its_own_delay() {
        let entries: Vec<Entry> = (1..=12)
            .map(|month| paid("steady", &format!("2025-{month:02}-10"), 12, false))
            .collect();
        let predictor = Predictor::fit(&entries, date("2026-01-31"), &PredictionPolicy::default());
        // Alone in the portfolio, its own median is the portfolio's too.
        assert_eq!(predictor.days_late("steady", false, Some(true)), 12.0);
        let item = open("steady", "2026-02-20", false);
        assert_eq!(
            predictor.expected_payment_date(&item, date("2026-01-31")),
            Some(date("2026-03-04"))
        );
    }

    #[test]
    fn few_invoices_borrow_from_the_portfolio() {
        let mut entries: Vec<Entry> = (1..=12)
            .flat_map(|month| {
                let due = format!("2025-{month:02}-10");
                [paid("a", &due, 0, false), paid("b", &due, 0, false)]
            })
            .collect();
        entries.push(paid("new", "2025-12-01", 30, false));
        let predictor = Predictor::fit(&entries, date("2026-01-31"), &PredictionPolicy::default());
        // One invoice 30 days late against a portfolio paying on time: (1 x 30 + 3 x 0) / 4.
        assert_eq!(predictor.days_late("new", false, Some(true)), 7.5);
        assert_eq!(predictor.days_late("unknown", false, Some(true)), 0.0);
    }

    #[test]
    fn customers_far_apart_keep_their_own_delay() {
        // Twelve steady customers 0, 10, ..., 110 days late (a day either way), twelve invoices each:
        // they differ far more than their invoices do, so the portfolio's median (about 55) lends
        // almost nothing. A fixed weight of 3 invoices gave (12 x 110 + 3 x 55) / 15 = 99 days.
        let mut entries = Vec::new();
        for customer in 0..12i64 {
            for month in 1..=12i64 {
                let due = format!("2025-{month:02}-10");
                let noise = if month % 2 == 0 { 1 } else { -1 };
                entries.push(paid(&format!("c{customer}"), &due, customer * 10 + noise, false));
            }
        }
        let predictor = Predictor::fit(&entries, date("2026-12-31"), &PredictionPolicy::default());
        // Its own recency-weighted median is 111 (the latest invoices, 109 and 111 in turn, end on 111).
        let latest = predictor.days_late("c11", false, Some(true));
        assert!((latest - 111.0).abs() < 0.1, "{latest}");
        // Nine customers are too few to tell the spread between customers: the policy's weight stands.
        let few: Vec<Entry> = entries
            .iter()
            .filter(|entry| !["c0", "c1", "c2"].contains(&entry.customer_id.as_str()))
            .cloned()
            .collect();
        let predictor = Predictor::fit(&few, date("2026-12-31"), &PredictionPolicy::default());
        let portfolio = predictor.portfolio_days_late();
        let expected = shrink(111.0, 12.0, portfolio, 3.0);
        let days = predictor.days_late("c11", false, Some(true));
        assert!(
            (days - expected).abs() < 1e-9,
            "{days} against {expected}, portfolio {portfolio}"
        );
    }

    #[test]
    fn disputed_invoices_take_longer_once_the_portfolio_shows_it() {
        let mut entries = Vec::new();
        for customer in ["a", "b", "c"] {
            for month in 1..=12 {
                let due = format!("2025-{month:02}-10");
                entries.push(paid(customer, &due, 2, false));
                if month % 2 == 0 {
                    entries.push(paid(customer, &due, 20, true));
                }
            }
        }
        let predictor = Predictor::fit(&entries, date("2026-01-31"), &PredictionPolicy::default());
        assert_eq!(predictor.kind_effect(true, Some(true)), 18.0);
        assert_eq!(predictor.days_late("a", false, Some(true)), 2.0);
        assert_eq!(predictor.days_late("a", true, Some(true)), 20.0);
    }

    #[test]
    fn an_item_already_later_than_predicted_is_expected_after_the_as_of_date() {
        let entries: Vec<Entry> = (1..=12)
            .map(|month| paid("c", &format!("2025-{month:02}-10"), 5 + month, false))
            .collect();
        let predictor = Predictor::fit(&entries, date("2026-01-31"), &PredictionPolicy::default());
        let late = open("c", "2026-01-16", false); // 15 days late on the as-of date
        let expected = predictor.expected_payment_date(&late, date("2026-01-31")).unwrap();
        assert!(expected > date("2026-01-31"), "{expected}");
        // The median of its delays beyond 15 days: 16, 17 -> too few; the portfolio's (its own) likewise:
        // so the fallback, as long again as it has waited.
        assert_eq!(expected, date("2026-01-31") + TimeDelta::days(15));
        // Nothing known at all: at least the fallback days from the as-of date.
        let nothing = Predictor::fit(&[], date("2026-01-31"), &PredictionPolicy::default());
        let just_late = open("c", "2026-01-28", false);
        let expected = nothing.expected_payment_date(&just_late, date("2026-01-31")).unwrap();
        assert_eq!(expected, date("2026-01-31") + TimeDelta::days(FALLBACK_DAYS));
        let doubtful = open("c", "2025-06-01", false);
        assert_eq!(predictor.expected_payment_date(&doubtful, date("2026-01-31")), None);
    }

    #[test]
    fn the_median_above_a_floor_is_found_by_search() {
        let delays = SortedDelays::new(vec![(5.0, 1.0), (1.0, 1.0), (9.0, 1.0), (3.0, 1.0), (7.0, 1.0)]);
        assert_eq!(delays.median_above(f64::NEG_INFINITY, 1), Some(5.0));
        assert_eq!(delays.median_above(3.0, 3), Some(7.0));
        assert_eq!(delays.median_above(3.0, 4), None);
        assert_eq!(delays.median_above(9.0, 1), None);
        let weighted = SortedDelays::new(vec![(1.0, 1.0), (2.0, 1.0), (10.0, 5.0)]);
        assert_eq!(weighted.median_above(0.0, 1), Some(10.0));
        assert_eq!(
            weighted.median_above(0.0, 1),
            weighted_median(&[(1.0, 1.0), (2.0, 1.0), (10.0, 5.0)])
        );
    }

    #[test]
    fn nothing_settled_after_the_fit_date_is_used() {
        let entries = vec![paid("x", "2026-01-10", 40, false), paid("y", "2025-11-10", 1, false)];
        let predictor = Predictor::fit(&entries, date("2026-01-31"), &PredictionPolicy::default());
        assert_eq!(predictor.settled_invoices(), 1);
        assert_eq!(predictor.portfolio_days_late(), 1.0);
    }
}
