//! Held-out portfolios: customers whose true payment behaviour is known because we generate it.
//!
//! Each portfolio is drawn from a seeded generator (40 to 200 customers, 18 to 24 months of invoices),
//! written as the csv an accounting package exports, read back with `credit_import::read_ledger` and
//! analysed through the public API, so the whole chain is under test. Every customer has a true mean
//! delay (20 days early to 120 late), a spread, a share of disputed invoices (paid later), a size and
//! terms; some pay later and later or sooner and sooner; some have only one to three invoices. What the
//! analysis says is then held against that truth: the ranking of scores, the classes, the expected dates
//! of the open items, the direction of trends, the pull of short histories toward the portfolio, the
//! forecast and the KPIs.
//!
//! The PRNG is a SplitMix64 of a dozen lines rather than `rand`: the figures must stay the same across
//! dependency upgrades (rand changes its algorithms between majors), and nothing more than uniform and
//! normal draws is needed.

use chrono::{Datelike, NaiveDate, TimeDelta};
use credit_core::analysis::{Analysis, Confidence, CustomerAnalysis};
use credit_core::analyze::{analyze, AnalysisOptions};
use credit_core::lang::Lang;
use credit_import::{read_ledger, ImportOptions};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast and statistically good enough for test data.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.uniform()
    }

    fn chance(&mut self, probability: f64) -> bool {
        self.uniform() < probability
    }

    /// Standard normal (Box-Muller).
    fn normal(&mut self) -> f64 {
        let u = self.uniform().max(f64::MIN_POSITIVE);
        let v = self.uniform();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Trend {
    Steady,
    /// The delay moves by this many days from the first invoice to the as-of date, linearly.
    Drift(f64),
}

#[derive(Debug, Clone)]
struct Invoice {
    number: String,
    date: NaiveDate,
    due: NaiveDate,
    amount: Decimal,
    disputed: bool,
    /// When the customer really pays; after the as-of date the ledger shows the invoice open.
    paid: NaiveDate,
}

#[derive(Debug, Clone)]
struct Customer {
    id: String,
    /// Mean days after the due date of an undisputed invoice, at the middle of the period.
    mean_late: f64,
    spread: f64,
    dispute_share: f64,
    /// Extra days a disputed invoice takes.
    dispute_extra: f64,
    trend: Trend,
    /// Generated in a triple (improving, steady, worsening) with the same draws: the twin key.
    twin_of: Option<usize>,
    invoices: Vec<Invoice>,
}

impl Customer {
    /// The true mean delay of an undisputed invoice at the as-of date.
    fn mean_now(&self) -> f64 {
        match self.trend {
            Trend::Steady => self.mean_late,
            Trend::Drift(delta) => self.mean_late + delta / 2.0,
        }
    }

    /// The true expected delay of any invoice over the period, disputes included: what a lateness rank
    /// is about.
    fn true_lateness(&self) -> f64 {
        self.mean_late + self.dispute_share * self.dispute_extra
    }

    fn paid_by(&self, as_of: NaiveDate) -> usize {
        self.invoices.iter().filter(|invoice| invoice.paid <= as_of).count()
    }
}

struct Portfolio {
    as_of: NaiveDate,
    customers: Vec<Customer>,
}

fn month_end(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|first| first.checked_add_months(chrono::Months::new(1)))
        .and_then(|next| next.pred_opt())
        .expect("a month end")
}

/// The invoices of one customer at `dates`: each delay is the customer's mean, plus its drift at that
/// point of the period (none at the middle, so twins share their mean), plus the dispute's extra days,
/// plus normal noise of its spread.
#[allow(clippy::too_many_arguments)]
fn invoices_of(
    rng: &mut Rng,
    prefix: &str,
    dates: &[NaiveDate],
    start: NaiveDate,
    as_of: NaiveDate,
    terms: i64,
    size: f64,
    customer: &Customer,
) -> Vec<Invoice> {
    let period = (as_of - start).num_days() as f64;
    dates
        .iter()
        .enumerate()
        .map(|(index, &date)| {
            let t = (date - start).num_days() as f64 / period;
            let shift = match customer.trend {
                Trend::Steady => 0.0,
                Trend::Drift(delta) => delta * (t - 0.5),
            };
            let disputed = rng.chance(customer.dispute_share);
            let extra = if disputed { customer.dispute_extra } else { 0.0 };
            let delay = (customer.mean_late + shift + extra + customer.spread * rng.normal()).round() as i64;
            let due = date + TimeDelta::days(terms);
            // Nobody pays before receiving the invoice.
            let paid = (due + TimeDelta::days(delay)).max(date);
            let cents = (size * (0.3 * rng.normal()).exp() * 100.0).round().max(1000.0) as i64;
            Invoice {
                number: format!("{prefix}-{index:03}"),
                date,
                due,
                amount: Decimal::new(cents, 2),
                disputed,
                paid,
            }
        })
        .collect()
}

fn generate(seed: u64, customers: usize, months: u32) -> Portfolio {
    let mut rng = Rng(seed);
    let as_of = month_end(2026, 6);
    let start = as_of - TimeDelta::days(i64::from(months) * 365 / 12);
    let days = (as_of - start).num_days();
    let mut out: Vec<Customer> = Vec::new();
    while out.len() < customers {
        let index = out.len();
        let mean_late = rng.range(-20.0, 120.0);
        let spread = rng.range(1.0, 12.0);
        let (dispute_share, dispute_extra) = if rng.chance(0.5) {
            (0.0, 0.0)
        } else {
            (rng.range(0.02, 0.25), rng.range(10.0, 40.0))
        };
        // Early payers get terms long enough to be early on: 20 days early on 14-day terms is before
        // the invoice, which the generator would have to clip.
        let terms = if mean_late < -10.0 {
            [30, 45, 60][(rng.uniform() * 3.0) as usize]
        } else {
            [14, 30, 30, 45, 60][(rng.uniform() * 5.0) as usize]
        };
        let size = (3000f64.ln() + 1.0 * rng.normal()).exp();
        let low_history = rng.chance(0.15);
        let dates: Vec<NaiveDate> = if low_history {
            let count = 1 + (rng.uniform() * 3.0) as usize;
            let mut dates: Vec<NaiveDate> = (0..count)
                .map(|_| start + TimeDelta::days((rng.uniform() * days as f64) as i64))
                .collect();
            dates.sort();
            dates
        } else {
            // 0.3 to 3 invoices a month, each at a random day.
            let per_month = rng.range(0.3, 3.0);
            let count = ((per_month * f64::from(months)).round() as usize).max(4);
            let mut dates: Vec<NaiveDate> = (0..count)
                .map(|_| start + TimeDelta::days((rng.uniform() * days as f64) as i64))
                .collect();
            dates.sort();
            dates
        };
        let triple = !low_history && out.len() + 3 <= customers && rng.chance(0.15);
        let trends: Vec<Trend> = if triple {
            let delta = rng.range(25.0, 45.0);
            vec![Trend::Drift(-delta), Trend::Steady, Trend::Drift(delta)]
        } else {
            vec![Trend::Steady]
        };
        // Twins share every draw: the same seed for their invoices.
        let draws = rng.next_u64();
        for trend in trends {
            let id = format!("C{:03}", out.len());
            let mut customer = Customer {
                id: id.clone(),
                mean_late,
                spread,
                dispute_share,
                dispute_extra,
                trend,
                twin_of: triple.then_some(index),
                invoices: Vec::new(),
            };
            let mut twin_rng = Rng(draws);
            customer.invoices = invoices_of(&mut twin_rng, &id, &dates, start, as_of, terms, size, &customer);
            out.push(customer);
        }
    }
    Portfolio { as_of, customers: out }
}

const HEADER: &str = "Customer;Name;Invoice;Invoice date;Due date;Amount;Paid date;Disputed\n";

/// The ledger as an accounting package exports it at the as-of date: one row per invoice by date,
/// a paid date only for what was paid by then.
fn csv_of(portfolio: &Portfolio) -> String {
    csv_known_at(portfolio, portfolio.as_of)
}

/// The same ledger with the payments known by `known_at`.
fn csv_known_at(portfolio: &Portfolio, known_at: NaiveDate) -> String {
    let mut rows: Vec<(&Customer, &Invoice)> = portfolio
        .customers
        .iter()
        .flat_map(|customer| customer.invoices.iter().map(move |invoice| (customer, invoice)))
        .collect();
    rows.sort_by_key(|(_, invoice)| (invoice.date, invoice.number.clone()));
    let mut csv = String::from(HEADER);
    for (customer, invoice) in rows {
        let paid = if invoice.paid <= known_at {
            invoice.paid.to_string()
        } else {
            String::new()
        };
        csv += &format!(
            "{id};{id} BV;{number};{date};{due};{amount};{paid};{disputed}\n",
            id = customer.id,
            number = invoice.number,
            date = invoice.date,
            due = invoice.due,
            amount = invoice.amount,
            disputed = if invoice.disputed { "yes" } else { "" },
        );
    }
    csv
}

fn analysis_of(portfolio: &Portfolio) -> Analysis {
    let csv = csv_of(portfolio);
    let ledger = read_ledger(csv.as_bytes(), "held-out.csv", &ImportOptions::default()).expect("imports");
    assert!(
        ledger.issues.is_empty(),
        "{:?}",
        &ledger.issues[..ledger.issues.len().min(5)]
    );
    let invoices: usize = portfolio.customers.iter().map(|customer| customer.invoices.len()).sum();
    assert_eq!(ledger.entries.len(), invoices);
    analyze(
        &ledger,
        &AnalysisOptions {
            as_of: portfolio.as_of,
            lang: Some(Lang::En),
            policy: Default::default(),
        },
    )
}

/// The portfolios checked: sizes and lengths across the brief's range, seeds fixed.
fn portfolios() -> Vec<(u64, Portfolio)> {
    [
        (11u64, 40usize, 18u32),
        (23, 90, 24),
        (37, 140, 20),
        (41, 200, 24),
        (53, 120, 22),
    ]
    .into_iter()
    .map(|(seed, customers, months)| (seed, generate(seed, customers, months)))
    .collect()
}

struct Checked {
    portfolio: Portfolio,
    analysis: Analysis,
}

impl Checked {
    fn customer(&self, id: &str) -> &CustomerAnalysis {
        self.analysis
            .customers
            .iter()
            .find(|customer| customer.id == id)
            .unwrap_or_else(|| panic!("no customer {id}"))
    }
}

fn checked() -> &'static [(u64, Checked)] {
    static CHECKED: std::sync::OnceLock<Vec<(u64, Checked)>> = std::sync::OnceLock::new();
    CHECKED.get_or_init(|| {
        portfolios()
            .into_iter()
            .map(|(seed, portfolio)| {
                let analysis = analysis_of(&portfolio);
                (seed, Checked { portfolio, analysis })
            })
            .collect()
    })
}

/// Ranks 1..n, ties given their average rank.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let average = (i + j) as f64 / 2.0 + 1.0;
        for &index in &order[i..=j] {
            ranks[index] = average;
        }
        i = j + 1;
    }
    ranks
}

/// Spearman's rank correlation: Pearson's on the ranks.
fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let (rx, ry) = (ranks(x), ranks(y));
    let n = rx.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let cov: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = rx.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = ry.iter().map(|b| (b - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

/// Customers whose lateness is one number over the whole period: steady ones with some history.
fn steady_with_history(checked: &Checked, min_paid: usize) -> Vec<(&Customer, &CustomerAnalysis)> {
    checked
        .portfolio
        .customers
        .iter()
        .filter(|customer| customer.trend == Trend::Steady && customer.twin_of.is_none())
        .filter(|customer| customer.paid_by(checked.portfolio.as_of) >= min_paid)
        .map(|customer| (customer, checked.customer(&customer.id)))
        .collect()
}

#[test]
fn scores_rank_customers_by_their_true_lateness() {
    for (seed, checked) in checked() {
        let pairs = steady_with_history(checked, 6);
        let lateness: Vec<f64> = pairs.iter().map(|(truth, _)| truth.true_lateness()).collect();
        let scores: Vec<f64> = pairs
            .iter()
            .map(|(_, customer)| -f64::from(customer.score.expect("a score")))
            .collect();
        let rho = spearman(&lateness, &scores);
        eprintln!("seed {seed}: Spearman {rho:.3} over {} customers", pairs.len());
        // Realised means wander from the true ones by spread / sqrt(n) (up to 5 days with six invoices),
        // the overdue items of the moment and open disputes move scores by a few points, and the PAYDEX
        // table is flat beyond 30 days early: a perfect 1.0 is not to be had, 0.9 still says the order
        // is right but for near neighbours.
        assert!(rho > 0.9, "seed {seed}: Spearman {rho:.3}");
    }
}

#[test]
fn a_customer_paying_much_later_never_gets_a_better_class() {
    for (seed, checked) in checked() {
        // All else equal: steady, no disputes, a history of at least six invoices.
        let plain: Vec<(&Customer, &CustomerAnalysis)> = steady_with_history(checked, 6)
            .into_iter()
            .filter(|(truth, _)| truth.dispute_share == 0.0)
            .collect();
        for (later, later_analysis) in &plain {
            for (earlier, earlier_analysis) in &plain {
                // 20 days: four times the wander of a six-invoice mean with the widest spread.
                if later.mean_late - earlier.mean_late < 20.0 {
                    continue;
                }
                assert!(
                    later_analysis.risk_class >= earlier_analysis.risk_class,
                    "seed {seed}: {} (true {:.1} days, {} paid) class {:?} score {:?}, better than {} (true {:.1}, {} \
                     paid) class {:?} score {:?}",
                    later.id,
                    later.mean_late,
                    later.paid_by(checked.portfolio.as_of),
                    later_analysis.risk_class,
                    later_analysis.score,
                    earlier.id,
                    earlier.mean_late,
                    earlier.paid_by(checked.portfolio.as_of),
                    earlier_analysis.risk_class,
                    earlier_analysis.score,
                );
            }
        }
    }
}

fn history_band(paid: usize) -> &'static str {
    match paid {
        0 => "0",
        1..=3 => "1-3",
        4..=5 => "4-5",
        6..=11 => "6-11",
        12..=23 => "12-23",
        _ => "24+",
    }
}

/// How far a steady customer's expected delay may be from its true mean, in days, for the per-customer
/// checks (the mean errors over many customers are held to a few days).
///
/// The customer's own median speaks once it has twelve invoices; the median of n normal draws wanders
/// by 1.25 x spread / sqrt(n), and the recency weights (half-life 180 days over up to two years) leave
/// about 0.6 n invoices' worth of information, so three of those standard errors: 2.7 days for a spread
/// of 2 over 24 invoices, 11 for a spread of 11 over 18. Disputed invoices come out by the portfolio's
/// effect of a dispute, not the customer's own: up to their share times their extra days more. And a
/// day for rounding to whole days.
fn tolerance(customer: &Customer, as_of: NaiveDate) -> f64 {
    let effective = 0.6 * customer.paid_by(as_of) as f64;
    1.0 + 3.0 * 1.25 * customer.spread / effective.sqrt() + customer.dispute_share * customer.dispute_extra
}

#[test]
fn expected_days_late_are_near_the_true_mean_given_history() {
    let mut errors: HashMap<&str, Vec<f64>> = HashMap::new();
    let mut misses = Vec::new();
    let mut bias: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    for (seed, checked) in checked() {
        let as_of = checked.portfolio.as_of;
        for (truth, analysis) in steady_with_history(checked, 0) {
            let expected = analysis.expected_days_late.expect("an expected delay");
            let error = expected - truth.mean_now();
            let band = history_band(truth.paid_by(as_of));
            errors.entry(band).or_default().push(error.abs());
            if truth.paid_by(as_of) >= 12 {
                let lateness = if truth.mean_now() > 60.0 { 1 } else { 0 };
                bias[lateness].push(error);
            }
            if truth.paid_by(as_of) >= 12 && error.abs() > tolerance(truth, as_of) {
                misses.push(format!(
                    "seed {seed}: {} paid {} invoices at {:.1} days (spread {:.1}, disputes {:.2} x {:.0} days), \
                     expected {expected}",
                    truth.id,
                    truth.paid_by(as_of),
                    truth.mean_now(),
                    truth.spread,
                    truth.dispute_share,
                    truth.dispute_extra,
                ));
            }
        }
    }
    let mut bands: Vec<(&str, Vec<f64>)> = errors.into_iter().collect();
    bands.sort_by_key(|(band, _)| {
        ["0", "1-3", "4-5", "6-11", "12-23", "24+"]
            .iter()
            .position(|b| b == band)
    });
    for (band, errors) in &bands {
        let mae = errors.iter().sum::<f64>() / errors.len() as f64;
        eprintln!(
            "paid invoices {band}: {} customers, MAE of the expected delay {mae:.2} days",
            errors.len()
        );
    }
    for (name, errors) in ["up to 60 days late", "over 60 days late"].iter().zip(&bias) {
        let mean = errors.iter().sum::<f64>() / errors.len().max(1) as f64;
        eprintln!(
            "12+ paid, {name}: {} customers, mean error {mean:+.2} days",
            errors.len()
        );
    }
    assert!(misses.is_empty(), "{} misses:\n{}", misses.len(), misses.join("\n"));
    let mae_of = |name: &str| {
        bands
            .iter()
            .find(|(band, _)| *band == name)
            .map(|(_, errors)| errors.iter().sum::<f64>() / errors.len() as f64)
            .expect("a band")
    };
    // Measured 5.7, 2.2, 2.0 and 1.5 days. One to three invoices tell a customer's mean to within its
    // spread (up to 12 days) over the square root of their number; from six on, about the median's
    // standard error, averaged.
    assert!(mae_of("1-3") <= 7.0, "1-3: {:.2}", mae_of("1-3"));
    assert!(mae_of("6-11") <= 3.0, "6-11: {:.2}", mae_of("6-11"));
    assert!(mae_of("12-23") <= 2.5, "12-23: {:.2}", mae_of("12-23"));
    assert!(mae_of("24+") <= 2.0, "24+: {:.2}", mae_of("24+"));
    // No side favoured: the medians of paid invoices alone run a little early for slow payers (their
    // recent invoices enter only once paid, the quick ones first), measured -0.3 to -0.4 days.
    for errors in &bias {
        let mean = errors.iter().sum::<f64>() / errors.len() as f64;
        assert!(mean.abs() <= 1.0, "mean error {mean:+.2}");
    }
}

#[test]
fn expected_payment_dates_of_open_items_are_near_the_truth_and_sensible() {
    let mut errors: Vec<f64> = Vec::new();
    for (seed, checked) in checked() {
        let as_of = checked.portfolio.as_of;
        let truths: HashMap<&str, (&Customer, &Invoice)> = checked
            .portfolio
            .customers
            .iter()
            .flat_map(|customer| {
                customer
                    .invoices
                    .iter()
                    .map(move |invoice| (invoice.number.as_str(), (customer, invoice)))
            })
            .collect();
        let open_generated = truths.values().filter(|(_, invoice)| invoice.paid > as_of).count();
        assert_eq!(checked.analysis.open_items.len(), open_generated, "seed {seed}");
        for item in &checked.analysis.open_items {
            let (customer, invoice) = truths[item.invoice.as_str()];
            assert_eq!(
                (item.open, item.due_date),
                (invoice.amount, invoice.due),
                "{}",
                item.invoice
            );
            let Some(expected) = item.expected_payment_date else {
                // Only what is overdue beyond the doubtful limit (180 days) has no date.
                assert!(item.days_overdue > 180, "seed {seed}: {} has no date", item.invoice);
                continue;
            };
            assert!(
                expected > as_of && expected >= invoice.date,
                "seed {seed}: {} expected {expected}, invoiced {}, as of {as_of}",
                item.invoice,
                invoice.date
            );
            // Never absurdly far: no generated delay reaches a year past the due date.
            assert!(
                expected <= invoice.due + TimeDelta::days(365),
                "seed {seed}: {} expected {expected}, due {}",
                item.invoice,
                invoice.due
            );
            // Against the true mean where the customer's usual day is still ahead: beyond it, the
            // truth is a conditional one the generator does not state.
            let typical = invoice.due + TimeDelta::days(customer.mean_now().round() as i64);
            let history = customer.paid_by(as_of);
            if customer.trend == Trend::Steady
                && customer.twin_of.is_none()
                && !invoice.disputed
                && history >= 12
                && typical > as_of + TimeDelta::days(customer.spread.ceil() as i64 * 2)
            {
                let error = (expected - typical).num_days() as f64;
                errors.push(error.abs());
                assert!(
                    error.abs() <= tolerance(customer, as_of) + 1.0,
                    "seed {seed}: {} of {} ({history} paid, {:.1} days, spread {:.1}) expected {expected}, \
                     typical {typical}",
                    item.invoice,
                    customer.id,
                    customer.mean_now(),
                    customer.spread
                );
            }
        }
    }
    let mae = errors.iter().sum::<f64>() / errors.len() as f64;
    eprintln!(
        "open items of steady customers with 12+ invoices: {} items, MAE {mae:.2} days",
        errors.len()
    );
    // Measured 1.4 days over about 1,100 items.
    assert!(mae <= 2.0, "MAE {mae:.2}");
}

#[test]
fn a_trend_moves_the_score_and_the_expected_delay_its_way() {
    let mut triples = 0;
    let (mut gains, mut losses) = (Vec::new(), Vec::new());
    let mut misses = Vec::new();
    for (seed, checked) in checked() {
        let as_of = checked.portfolio.as_of;
        let mut by_twin: HashMap<usize, Vec<&Customer>> = HashMap::new();
        for customer in &checked.portfolio.customers {
            if let Some(twin) = customer.twin_of {
                by_twin.entry(twin).or_default().push(customer);
            }
        }
        let mut keys: Vec<&usize> = by_twin.keys().collect();
        keys.sort();
        for key in keys {
            let [improving, steady, worsening] = by_twin[key].as_slice() else {
                panic!("a triple")
            };
            // The trend shows only in invoices already paid. A slow payer's recent invoices are mostly
            // still open, and with two or three paid ones the draws decide (the worsening twin even paid
            // earlier than the others at first): five paid in the last six months are evidence.
            let recent_paid = worsening
                .invoices
                .iter()
                .filter(|invoice| invoice.paid <= as_of && invoice.date > as_of - TimeDelta::days(182))
                .count();
            if recent_paid < 5 {
                continue;
            }
            triples += 1;
            let [a, b, c] = [improving, steady, worsening].map(|customer| checked.customer(&customer.id));
            let scores = [a.score, b.score, c.score].map(|score| f64::from(score.expect("a score")));
            let delays =
                [a.expected_days_late, b.expected_days_late, c.expected_days_late].map(|days| days.expect("a delay"));
            gains.push(scores[0] - scores[1]);
            losses.push(scores[1] - scores[2]);
            let label = format!(
                "seed {seed}: {} / {} / {} at {:.1} days, drift {:?}: scores {scores:?}, expected delays {delays:?}",
                improving.id, steady.id, worsening.id, steady.mean_late, worsening.trend
            );
            // The expected delays are medians of the same noisy draws: a day either way of the steady
            // twin's is noise (the twins differ in which invoices are paid yet).
            let scores_ordered = scores[0] > scores[1] && scores[1] >= scores[2];
            let delays_ordered = delays[0] <= delays[1] + 1.0 && delays[2] >= delays[1] - 1.0 && delays[0] < delays[2];
            if !(scores_ordered && delays_ordered) {
                misses.push(label);
            }
        }
    }
    let mean = |values: &[f64]| values.iter().sum::<f64>() / values.len().max(1) as f64;
    eprintln!(
        "{triples} trend triples: improving scores {:+.2} points against the steady twin, worsening {:+.2}",
        mean(&gains),
        -mean(&losses)
    );
    assert!(misses.is_empty(), "{} misses:\n{}", misses.len(), misses.join("\n"));
    assert!(triples >= 20, "{triples} triples");
}

/// The PAYDEX-like table the score documents (`score.rs`), restated to check the pull toward the
/// portfolio from the generated data alone.
fn paydex(days: f64) -> f64 {
    let table = [
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
    if days <= table[0].0 {
        return table[0].1;
    }
    for pair in table.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        if days <= x1 {
            return y0 + (y1 - y0) * (days - x0) / (x1 - x0);
        }
    }
    0.0
}

#[test]
fn short_histories_get_low_confidence_and_sit_near_the_portfolio() {
    for (seed, checked) in checked() {
        let as_of = checked.portfolio.as_of;
        let (mut days, mut weight) = (0.0, 0.0);
        for customer in &checked.portfolio.customers {
            for invoice in customer.invoices.iter().filter(|invoice| invoice.paid <= as_of) {
                let amount = invoice.amount.to_f64().expect("an amount");
                days += (invoice.paid - invoice.due).num_days() as f64 * amount;
                weight += amount;
            }
        }
        let portfolio = paydex(days / weight);
        let mut short = Vec::new();
        let mut long = Vec::new();
        for customer in &checked.portfolio.customers {
            let analysis = checked.customer(&customer.id);
            let paid = customer.paid_by(as_of);
            let distance = (f64::from(analysis.score.expect("a score")) - portfolio).abs();
            if paid <= 3 {
                assert_eq!(
                    analysis.confidence,
                    Some(Confidence::Low),
                    "seed {seed}: {}",
                    customer.id
                );
                // Own weight at most 3 / (3 + 3): half-way at most, plus 5 points for a new customer.
                // Overdue money moves any score, so this bound holds for those with nothing overdue.
                if analysis.overdue.is_zero() {
                    let own = paydex(customer.true_lateness());
                    let bound = 0.5 * (own - portfolio).abs() + 5.0 + 8.0;
                    assert!(
                        distance <= bound,
                        "seed {seed}: {} ({paid} paid, {:.1} days) score {:?}, portfolio {portfolio:.1}",
                        customer.id,
                        customer.true_lateness(),
                        analysis.score
                    );
                }
                short.push(distance);
            } else if paid >= 15 {
                assert_eq!(
                    analysis.confidence,
                    Some(Confidence::High),
                    "seed {seed}: {}",
                    customer.id
                );
                long.push(distance);
            }
        }
        let mean = |values: &[f64]| values.iter().sum::<f64>() / values.len().max(1) as f64;
        eprintln!(
            "seed {seed}: portfolio {portfolio:.1}; mean distance to it: 1-3 paid {:.1} ({}), 15+ paid {:.1} ({})",
            mean(&short),
            short.len(),
            mean(&long),
            long.len()
        );
        assert!(!short.is_empty(), "seed {seed}: no short history");
        assert!(mean(&short) < 0.75 * mean(&long), "seed {seed}");
    }
}

/// Checks the forecast against the open items' expected dates; returns the forecast's total.
fn check_forecast(label: &str, as_of: NaiveDate, analysis: &Analysis) -> Decimal {
    // Weeks run Monday to Sunday, the first being the week of the day after the as-of date.
    let tomorrow = as_of + TimeDelta::days(1);
    let first_monday = tomorrow - TimeDelta::days(i64::from(tomorrow.weekday().num_days_from_monday()));
    let mut weeks = [Decimal::ZERO; 13];
    for item in &analysis.open_items {
        if let Some(expected) = item.expected_payment_date {
            let week = (expected - first_monday).num_days() / 7;
            if (0..13).contains(&week) {
                weeks[week as usize] += item.open;
            }
        }
    }
    assert_eq!(analysis.forecast.len(), 13, "{label}");
    for (index, week) in analysis.forecast.iter().enumerate() {
        assert_eq!(
            week.week_start,
            first_monday + TimeDelta::weeks(index as i64),
            "{label}"
        );
        assert_eq!(week.amount, weeks[index], "{label}: week {index}");
    }
    weeks.iter().sum()
}

#[test]
fn the_forecast_sums_what_the_expected_dates_imply() {
    for (seed, checked) in checked() {
        let as_of = checked.portfolio.as_of;
        let forecast = check_forecast(&format!("seed {seed}"), as_of, &checked.analysis);
        // And what the generator says will really come in over those weeks, for the reader.
        let end = checked.analysis.forecast[12].week_start + TimeDelta::weeks(1);
        let truth: Decimal = checked
            .portfolio
            .customers
            .iter()
            .flat_map(|customer| customer.invoices.iter())
            .filter(|invoice| invoice.paid > as_of && invoice.paid < end)
            .map(|invoice| invoice.amount)
            .sum();
        eprintln!("seed {seed}: 13-week forecast {forecast}, truly paid in those weeks {truth}");
    }
}

/// The same day `months` months earlier, counting calendar months back from a month end (as the KPIs
/// document): 30 June less one month is 31 May.
fn months_back(as_of: NaiveDate, months: u32) -> NaiveDate {
    let month_end = as_of.succ_opt().is_some_and(|next| next.day() == 1);
    let back = as_of - chrono::Months::new(months);
    if month_end {
        month_end_of(back)
    } else {
        back
    }
}

fn month_end_of(date: NaiveDate) -> NaiveDate {
    month_end(date.year(), date.month())
}

/// Checks the KPIs against the generated invoices and open credit notes dated by `as_of`.
fn check_kpis(label: &str, portfolio: &Portfolio, credits: &[CreditNote], as_of: NaiveDate, analysis: &Analysis) {
    let invoices: Vec<&Invoice> = portfolio
        .customers
        .iter()
        .flat_map(|customer| customer.invoices.iter())
        .filter(|invoice| invoice.date <= as_of)
        .collect();
    let credits: Vec<&CreditNote> = credits.iter().filter(|credit| credit.date <= as_of).collect();
    let is_open = |i: &Invoice| i.paid > as_of;
    // A credit note is open, negative and aged by its own date, as the ledger shows it.
    let credit_sum = |keep: &dyn Fn(&CreditNote) -> bool| -> Decimal {
        credits
            .iter()
            .filter(|credit| keep(credit))
            .map(|credit| credit.amount)
            .sum()
    };
    let open: Decimal = invoices
        .iter()
        .filter(|i| is_open(i))
        .map(|i| i.amount)
        .sum::<Decimal>()
        + credit_sum(&|_| true);
    let overdue: Decimal = invoices
        .iter()
        .filter(|i| is_open(i) && i.due < as_of)
        .map(|i| i.amount)
        .sum::<Decimal>()
        + credit_sum(&|credit| credit.date < as_of);
    let sales_between = |after: NaiveDate, until: NaiveDate| -> Decimal {
        invoices
            .iter()
            .filter(|i| i.date > after && i.date <= until)
            .map(|i| i.amount)
            .sum::<Decimal>()
            + credit_sum(&|credit| credit.date > after && credit.date <= until)
    };
    let sales_90 = sales_between(as_of - TimeDelta::days(90), as_of);
    let not_due: Decimal = invoices
        .iter()
        .filter(|i| is_open(i) && i.due >= as_of)
        .map(|i| i.amount)
        .sum::<Decimal>()
        + credit_sum(&|credit| credit.date >= as_of);
    let settled: Vec<&&Invoice> = invoices.iter().filter(|i| !is_open(i)).collect();
    let late = |i: &Invoice| (i.paid - i.due).num_days();
    let weighted: Decimal = settled
        .iter()
        .map(|i| Decimal::from(late(i)) * i.amount)
        .sum::<Decimal>()
        / settled.iter().map(|i| i.amount).sum::<Decimal>();
    let on_time = settled.iter().filter(|i| late(i) <= 0).count() as f64 / settled.len() as f64;
    let disputed: Decimal = invoices
        .iter()
        .filter(|i| is_open(i) && i.disputed)
        .map(|i| i.amount)
        .sum();
    let ratio = |a: Decimal, b: Decimal| (a / b).to_f64().expect("a ratio");
    // Countback: whole months back from the as-of date while their sales fit in what is left open.
    let mut countback = None;
    let (mut left, mut days) = (open, 0.0);
    for back in 0..12 {
        let (start, end) = (months_back(as_of, back + 1), months_back(as_of, back));
        let (sales, month_days) = (sales_between(start, end), (end - start).num_days() as f64);
        if left <= sales {
            countback = Some(days + ratio(left, sales) * month_days);
            break;
        }
        left -= sales;
        days += month_days;
    }

    let round = |value: f64, decimals: i32| (value * 10f64.powi(decimals)).round() / 10f64.powi(decimals);
    let kpis = analysis.kpis.as_ref().expect("kpis");
    assert_eq!(
        (kpis.open, kpis.overdue, kpis.disputed),
        (open, overdue, disputed),
        "{label}"
    );
    assert_eq!(kpis.overdue_share, Some(round(ratio(overdue, open), 4)), "{label}");
    assert_eq!(kpis.dso, Some(round(ratio(open, sales_90) * 90.0, 1)), "{label}");
    assert_eq!(
        kpis.best_possible_dso,
        Some(round(ratio(not_due, sales_90) * 90.0, 1)),
        "{label}"
    );
    assert_eq!(kpis.dso_countback, countback.map(|days| round(days, 1)), "{label}");
    assert_eq!(
        kpis.weighted_days_late,
        Some(round(weighted.to_f64().expect("days"), 1)),
        "{label}"
    );
    assert_eq!(kpis.on_time_share, Some(round(on_time, 4)), "{label}");
    eprintln!(
        "{label}: open {open}, overdue share {:?}, DSO {:?} (countback {:?}), weighted days late {:?}",
        kpis.overdue_share, kpis.dso, kpis.dso_countback, kpis.weighted_days_late
    );
}

#[test]
fn kpis_equal_what_the_generated_ledger_gives() {
    for (seed, checked) in checked() {
        check_kpis(
            &format!("seed {seed}"),
            &checked.portfolio,
            &[],
            checked.portfolio.as_of,
            &checked.analysis,
        );
    }
}

#[test]
fn other_as_of_dates_give_the_same_agreement() {
    // A Sunday, a Monday mid-month and a Saturday: the forecast's first week and the KPIs' months
    // start elsewhere. The export still holds the later documents, which the analysis leaves out.
    let portfolio = generate(23, 90, 24);
    for as_of in ["2026-06-28", "2026-06-15", "2026-05-16"] {
        let as_of: NaiveDate = as_of.parse().expect("a date");
        let csv = csv_known_at(&portfolio, as_of);
        let ledger = read_ledger(csv.as_bytes(), "held-out.csv", &ImportOptions::default()).expect("imports");
        let analysis = analyze(
            &ledger,
            &AnalysisOptions {
                as_of,
                lang: Some(Lang::En),
                policy: Default::default(),
            },
        );
        let label = format!("as of {as_of} ({})", as_of.weekday());
        check_forecast(&label, as_of, &analysis);
        check_kpis(&label, &portfolio, &[], as_of, &analysis);
        for item in &analysis.open_items {
            if let Some(expected) = item.expected_payment_date {
                assert!(expected > as_of, "{label}: {} expected {expected}", item.invoice);
            }
        }
    }
}

/// An open credit note: a negative amount, due on its own date, never paid out.
struct CreditNote {
    customer: String,
    number: String,
    date: NaiveDate,
    amount: Decimal,
}

/// A credit note for a fifth of the latest invoice of every seventh customer, a week after it.
fn credit_notes(portfolio: &Portfolio) -> Vec<CreditNote> {
    portfolio
        .customers
        .iter()
        .step_by(7)
        .filter_map(|customer| {
            let invoice = customer.invoices.last()?;
            Some(CreditNote {
                customer: customer.id.clone(),
                number: format!("CN-{}", invoice.number),
                date: (invoice.date + TimeDelta::days(7)).min(portfolio.as_of),
                amount: -(invoice.amount / Decimal::from(5)).round_dp(2),
            })
        })
        .collect()
}

#[test]
fn open_credit_notes_lower_the_balance_but_not_the_behaviour() {
    let checked = &checked()[1].1;
    let portfolio = &checked.portfolio;
    let credits = credit_notes(portfolio);
    let mut csv = csv_of(portfolio);
    for credit in &credits {
        csv += &format!(
            "{id};{id} BV;{number};{date};{date};{amount};;\n",
            id = credit.customer,
            number = credit.number,
            date = credit.date,
            amount = credit.amount
        );
    }
    let ledger = read_ledger(csv.as_bytes(), "held-out.csv", &ImportOptions::default()).expect("imports");
    let analysis = analyze(
        &ledger,
        &AnalysisOptions {
            as_of: portfolio.as_of,
            lang: Some(Lang::En),
            policy: Default::default(),
        },
    );
    check_kpis("with credit notes", portfolio, &credits, portfolio.as_of, &analysis);
    check_forecast("with credit notes", portfolio.as_of, &analysis);
    assert_eq!(
        analysis.forecast, checked.analysis.forecast,
        "credit notes bring no cash in"
    );
    for credit in &credits {
        let item = analysis
            .open_items
            .iter()
            .find(|item| item.invoice == credit.number)
            .expect("an open credit note");
        assert_eq!((item.open, item.expected_payment_date), (credit.amount, None));
        // How a customer pays, and so its score and expected delay, is not changed by a credit.
        let (with, without) = (
            analysis
                .customers
                .iter()
                .find(|c| c.id == credit.customer)
                .expect("the customer"),
            checked.customer(&credit.customer),
        );
        assert_eq!(
            (&with.behaviour, with.score, with.expected_days_late),
            (&without.behaviour, without.score, without.expected_days_late),
            "{}",
            credit.customer
        );
        assert_eq!(with.open, without.open + credit.amount, "{}", credit.customer);
    }
}

#[test]
fn the_backtest_on_a_held_out_history_beats_the_customer_median() {
    // Every payment known, as a ledger exported a year later would show them; the last nine months
    // replayed. The customer median fitted on the same knowledge is the baseline the model must beat.
    let portfolio = generate(41, 200, 24);
    let csv = csv_known_at(&portfolio, NaiveDate::MAX);
    let ledger = read_ledger(csv.as_bytes(), "held-out.csv", &ImportOptions::default()).expect("imports");
    let from = NaiveDate::from_ymd_opt(2025, 10, 1).expect("a date");
    let report = credit_core::backtest::run(&ledger, from, &Default::default()).expect("a backtest");
    let (model, median) = (report.payment_date.model, report.payment_date.customer_median);
    eprintln!(
        "backtest of {} invoices: model MAE {:.2} days ({:.1}% within 5), customer median {:.2} ({:.1}%)",
        report.invoices,
        model.mae_days,
        model.within_5_days * 100.0,
        median.mae_days,
        median.within_5_days * 100.0
    );
    let start = portfolio.as_of - TimeDelta::days(24 * 365 / 12);
    let period = (portfolio.as_of - start).num_days() as f64;
    let mut oracle = Vec::new();
    for customer in &portfolio.customers {
        for invoice in customer.invoices.iter().filter(|invoice| invoice.date >= from) {
            let t = (invoice.date - start).num_days() as f64 / period;
            let shift = match customer.trend {
                Trend::Steady => 0.0,
                Trend::Drift(delta) => delta * (t - 0.5),
            };
            let extra = if invoice.disputed { customer.dispute_extra } else { 0.0 };
            let truth = invoice.due + TimeDelta::days((customer.mean_late + shift + extra).round() as i64);
            oracle.push((invoice.paid - truth).num_days().abs() as f64);
        }
    }
    // What knowing each customer's true mean, drift and dispute delay would give: the noise alone.
    let oracle = oracle.iter().sum::<f64>() / oracle.len() as f64;
    eprintln!("oracle MAE {oracle:.2} days");
    assert!(report.beats_customer_median(), "{report}");
    // Measured 7.8 against the oracle's 4.9. Nearly all of the gap is the drifting customers (13.0 days
    // on their own, 5.6 for the steady ones): a median with a half-life of 180 days lags a drift of 25
    // to 45 days over the period by months. A shorter half-life follows them better (90 days: 10.9) but
    // costs the steady customers and the IBM history (payment date 4.21 -> 4.36), so it stays.
    assert!(model.mae_days < oracle + 3.5, "oracle {oracle:.2}\n{report}");
}

#[test]
fn the_generator_is_deterministic_and_covers_the_brief() {
    let (a, b) = (generate(41, 200, 24), generate(41, 200, 24));
    assert_eq!(csv_of(&a), csv_of(&b));
    let means: Vec<f64> = a.customers.iter().map(|customer| customer.mean_late).collect();
    assert!(means.iter().any(|&m| m < -15.0) && means.iter().any(|&m| m > 110.0));
    assert!(a.customers.iter().any(|customer| customer.invoices.len() <= 3));
    assert!(a.customers.iter().any(|customer| customer.dispute_share > 0.1));
}
