//! The credit policy: every threshold the analysis uses, with documented defaults.
//!
//! Read from TOML (`credit analyze --policy FILE`); any field left out takes its default, and the policy
//! actually used is written into every output so a figure can always be traced to the rule behind it.
//!
//! A complete policy with the defaults, as `Policy::default().to_toml()` writes it:
//!
//! ```toml
//! buckets = [30, 60, 90, 120]
//! default_terms_days = 30
//! cost_of_capital = 0.08
//!
//! [score]
//! class_minimum = { a = 80.0, b = 65.0, c = 55.0, d = 40.0, e = 0.0 }
//! prior_invoices = 3.0
//! # ... one table per concern: dunning, terms, limits, discount, targets, kpi, prediction, segments
//! ```

use crate::aging::BucketBounds;
use crate::analysis::{ActionKind, RiskClass};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The credit policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Aging bucket upper bounds in days overdue. Default `[30, 60, 90, 120]`.
    pub buckets: BucketBounds,
    /// Payment terms assumed when neither the row nor the customer sheet gives a due date or terms.
    /// Default 30 days.
    pub default_terms_days: u32,
    /// What money tied up in receivables costs a year, as a fraction. Default 0.08 (8%): a small firm's
    /// overdraft rate. Early-payment discounts are weighed against it.
    pub cost_of_capital: f64,
    /// How the customer score and risk classes are made.
    pub score: ScorePolicy,
    /// The dunning ladder: which step when, and how urgent.
    pub dunning: DunningPolicy,
    /// Payment terms and deposits per risk class.
    pub terms: TermsPolicy,
    /// How credit limits are recommended.
    pub limits: LimitPolicy,
    /// The early-payment discounts that may be offered.
    pub discount: DiscountPolicy,
    /// The targets the KPIs are measured against.
    pub targets: Targets,
    /// How the KPIs are computed.
    pub kpi: KpiPolicy,
    /// How payment dates are predicted.
    pub prediction: PredictionPolicy,
    /// How customers are segmented.
    pub segments: SegmentPolicy,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            buckets: BucketBounds::default(),
            default_terms_days: 30,
            cost_of_capital: 0.08,
            score: ScorePolicy::default(),
            dunning: DunningPolicy::default(),
            terms: TermsPolicy::default(),
            limits: LimitPolicy::default(),
            discount: DiscountPolicy::default(),
            targets: Targets::default(),
            kpi: KpiPolicy::default(),
            prediction: PredictionPolicy::default(),
            segments: SegmentPolicy::default(),
        }
    }
}

/// One value per risk class, written in TOML as `{ a = .., b = .., c = .., d = .., e = .. }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerClass<T> {
    /// Class A.
    pub a: T,
    /// Class B.
    pub b: T,
    /// Class C.
    pub c: T,
    /// Class D.
    pub d: T,
    /// Class E.
    pub e: T,
}

impl<T: Copy> PerClass<T> {
    /// The value for a class.
    pub fn get(&self, class: RiskClass) -> T {
        match class {
            RiskClass::A => self.a,
            RiskClass::B => self.b,
            RiskClass::C => self.c,
            RiskClass::D => self.d,
            RiskClass::E => self.e,
        }
    }
}

/// How the customer score (0-100) and the risk classes are made; see `score.rs` for the formula.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScorePolicy {
    /// The lowest score of each class. Default A 80 (pays on the day: PAYDEX 80), B 65 (about 18 days
    /// late), C 55 (about 26 days), D 40 (60 days), E 0.
    pub class_minimum: PerClass<f64>,
    /// How many invoices' worth of weight the portfolio average gets when a customer's own history is
    /// short: the behaviour score is (n x own + k x portfolio) / (n + k). Default 3.
    pub prior_invoices: f64,
    /// From this many settled invoices the confidence is medium. Default 5.
    pub medium_confidence_from: usize,
    /// From this many settled invoices the confidence is high. Default 15.
    pub high_confidence_from: usize,
    /// Settled invoices older than this many months are not scored. Default 24 (as PAYDEX's window).
    pub history_months: u32,
    /// Invoices dated in the last this many months are "recent". Default 6.
    pub recent_months: u32,
    /// The share of the behaviour score taken from the recent invoices alone, so that a customer who
    /// pays later and later scores below its long-run average. Default 0.5.
    pub recent_weight: f64,
    /// The behaviour score used when nobody in the ledger has a payment history (an open-items list).
    /// Default 70.
    pub neutral_score: f64,
    /// Points off when the balance exceeds the agreed credit limit. Default 10.
    pub over_limit_points: f64,
    /// Points off when the balance is above 90% of the agreed credit limit. Default 5.
    pub near_limit_points: f64,
    /// Points off, at most, for disputed open items (reached when a quarter of the balance is disputed).
    /// Default 10.
    pub dispute_points: f64,
    /// A customer whose first invoice is less than this many months old is new. Default 6.
    pub new_customer_months: u32,
    /// Points off for a new customer. Default 5.
    pub new_customer_points: f64,
    /// A customer invoiced for at least this many years is a long relationship. Default 3.
    pub long_relationship_years: u32,
    /// Points added for a long relationship. Default 5.
    pub long_relationship_points: f64,
    /// Points an external rating adds at best (and removes, twice over, at worst). Default 10.
    pub external_rating_points: f64,
}

impl Default for ScorePolicy {
    fn default() -> Self {
        ScorePolicy {
            class_minimum: PerClass {
                a: 80.0,
                b: 65.0,
                c: 55.0,
                d: 40.0,
                e: 0.0,
            },
            prior_invoices: 3.0,
            medium_confidence_from: 5,
            high_confidence_from: 15,
            history_months: 24,
            recent_months: 6,
            recent_weight: 0.5,
            neutral_score: 70.0,
            over_limit_points: 10.0,
            near_limit_points: 5.0,
            dispute_points: 10.0,
            new_customer_months: 6,
            new_customer_points: 5.0,
            long_relationship_years: 3,
            long_relationship_points: 5.0,
            external_rating_points: 10.0,
        }
    }
}

impl ScorePolicy {
    /// The risk class of a score.
    pub fn class_of(&self, score: f64) -> RiskClass {
        let minimum = &self.class_minimum;
        if score >= minimum.a {
            RiskClass::A
        } else if score >= minimum.b {
            RiskClass::B
        } else if score >= minimum.c {
            RiskClass::C
        } else if score >= minimum.d {
            RiskClass::D
        } else {
            RiskClass::E
        }
    }
}

/// One step of the dunning ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DunningStep {
    /// What to do.
    pub kind: ActionKind,
    /// When, in days after the due date of the oldest unpaid invoice (negative: before it).
    pub days_after_due: i32,
    /// How urgent, 1 (highest) to 5.
    pub priority: u8,
}

/// The dunning ladder and when an action becomes more urgent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DunningPolicy {
    /// The steps, in rising days. Default: pre-due reminder 5 days before the due date (risky customers
    /// only), e-mail reminder at due + 5, second reminder at + 15, phone call at + 25, formal notice at
    /// + 40, credit hold at + 60, collection agency at + 90.
    pub ladder: Vec<DunningStep>,
    /// The risk classes that get a reminder before the due date. Default D and E.
    pub pre_due_classes: Vec<RiskClass>,
    /// Overdue balances below this amount are not chased (bank charges, rounding). Default 10.00.
    #[serde(with = "crate::money::cents")]
    pub small_balance: Decimal,
    /// A partly paid invoice with at most this share of its amount left open is a short payment (bank
    /// charges, a discount taken anyway): listed for write-off, not chased. Default 0.05.
    pub residual_share: f64,
    /// A customer holding at least this share of all overdue money gets its action one priority
    /// higher. Default 0.10.
    pub large_share: f64,
    /// The priority of resolving a dispute. Default 2.
    pub dispute_priority: u8,
}

impl Default for DunningPolicy {
    fn default() -> Self {
        let step = |kind, days_after_due, priority| DunningStep {
            kind,
            days_after_due,
            priority,
        };
        DunningPolicy {
            ladder: vec![
                step(ActionKind::PreDueReminder, -5, 5),
                step(ActionKind::Reminder, 5, 4),
                step(ActionKind::SecondReminder, 15, 4),
                step(ActionKind::PhoneCall, 25, 3),
                step(ActionKind::FormalNotice, 40, 2),
                step(ActionKind::CreditHold, 60, 1),
                step(ActionKind::CollectionAgency, 90, 1),
            ],
            pre_due_classes: vec![RiskClass::D, RiskClass::E],
            small_balance: Decimal::TEN,
            residual_share: 0.05,
            large_share: 0.10,
            dispute_priority: 2,
        }
    }
}

/// Payment terms and deposits per risk class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TermsPolicy {
    /// Payment terms in days per class, used as such when no terms are agreed. Default A 45, B 30,
    /// C 30, D 15, E 0 (pay on delivery). With agreed terms: class A never gets shorter ones (nor longer
    /// ones while its score rests on little history), class B keeps them, classes C to E never get
    /// longer ones.
    pub days: PerClass<u32>,
    /// The share of an order to ask up front, in percent, per class. Default 50 for E, else 0.
    pub deposit_percent: PerClass<u32>,
}

impl Default for TermsPolicy {
    fn default() -> Self {
        TermsPolicy {
            days: PerClass {
                a: 45,
                b: 30,
                c: 30,
                d: 15,
                e: 0,
            },
            deposit_percent: PerClass {
                a: 0,
                b: 0,
                c: 0,
                d: 0,
                e: 50,
            },
        }
    }
}

/// How credit limits are recommended: monthly sales x (terms + expected delay) / 30 x class factor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitPolicy {
    /// The factor per class: how many times the customer's usual running balance we accept. Invoices
    /// come in lumps, so a good payer needs room above its average balance; a poor one gets none.
    /// Default A 2.5, B 2.0, C 1.5, D 1.0, E 0 (no credit).
    pub class_factor: PerClass<f64>,
    /// Limits are rounded to a multiple of this amount. Default 100.
    #[serde(with = "crate::money::cents")]
    pub round_to: Decimal,
    /// Whether the limit agreed with the customer caps the recommendation. Default true.
    pub capped_by_agreed_limit: bool,
}

impl Default for LimitPolicy {
    fn default() -> Self {
        LimitPolicy {
            class_factor: PerClass {
                a: 2.5,
                b: 2.0,
                c: 1.5,
                d: 1.0,
                e: 0.0,
            },
            round_to: Decimal::ONE_HUNDRED,
            capped_by_agreed_limit: true,
        }
    }
}

/// An early-payment discount that may be offered, such as 2/10 net 30.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscountOffer {
    /// The discount in percent.
    #[serde(with = "crate::money::cents")]
    pub percent: Decimal,
    /// The days within which the customer must pay to earn it.
    pub within_days: u32,
}

/// The early-payment discounts that may be offered, and the risk they avoid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiscountPolicy {
    /// The offers, the first that pays is recommended. Default 2/10, then 1/10.
    pub offers: Vec<DiscountOffer>,
    /// The share of receivables lost in a year per class: getting paid earlier avoids it. Default
    /// A 0.5%, B 1%, C 2%, D 5%, E 15%.
    pub annual_loss_rate: PerClass<f64>,
}

impl Default for DiscountPolicy {
    fn default() -> Self {
        DiscountPolicy {
            offers: vec![
                DiscountOffer {
                    percent: Decimal::TWO,
                    within_days: 10,
                },
                DiscountOffer {
                    percent: Decimal::ONE,
                    within_days: 10,
                },
            ],
            annual_loss_rate: PerClass {
                a: 0.005,
                b: 0.01,
                c: 0.02,
                d: 0.05,
                e: 0.15,
            },
        }
    }
}

/// A debtor balance to reach by a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BalanceTarget {
    /// The highest total open balance wanted.
    #[serde(with = "crate::money::cents")]
    pub amount: Decimal,
    /// The date it should be reached by: a TOML date (`2026-12-31`) or the same as text.
    #[serde(deserialize_with = "date_or_text")]
    pub on: NaiveDate,
}

/// Reads a date written as a TOML date or as ISO text: people write the former, JSON carries the latter.
fn date_or_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Toml(toml::value::Datetime),
    }
    let text = match Raw::deserialize(deserializer)? {
        Raw::Text(text) => text,
        Raw::Toml(datetime) => datetime.to_string(),
    };
    text.parse::<NaiveDate>()
        .map_err(|_| serde::de::Error::custom(format!("expected a date such as 2026-12-31, got {text:?}")))
}

/// The targets the KPIs are measured against; a target left empty is not tracked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Targets {
    /// The highest DSO wanted, in days. Default 45.
    pub dso_days: Option<f64>,
    /// The highest share of the balance overdue (0..1). Default 0.15.
    pub overdue_share: Option<f64>,
    /// A total open balance to reach by a date. Default none.
    pub debtor_balance: Option<BalanceTarget>,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            dso_days: Some(45.0),
            overdue_share: Some(0.15),
            debtor_balance: None,
        }
    }
}

/// How the KPIs are computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KpiPolicy {
    /// The sales period of the standard DSO, in days. Default 90.
    pub dso_days: u32,
    /// The months the CEI covers. Default 3.
    pub cei_months: u32,
    /// The most months the countback DSO goes back. Default 12.
    pub countback_months: u32,
}

impl Default for KpiPolicy {
    fn default() -> Self {
        KpiPolicy {
            dso_days: 90,
            cei_months: 3,
            countback_months: 12,
        }
    }
}

/// How payment dates are predicted; see `predict.rs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PredictionPolicy {
    /// An invoice this many days older than another counts half as much. Default 180.
    pub half_life_days: f64,
    /// How many invoices' worth of weight the portfolio gets, at most, in a customer's prediction: less
    /// when its customers differ from each other far more than one invoice from the next (Bühlmann's
    /// credibility, estimated on the portfolio; see `predict.rs`). Default 3.
    pub prior_invoices: f64,
    /// Disputed, paper and electronic invoices get their own delay once the portfolio has this many
    /// settled invoices of the kind. Default 10.
    pub min_invoices_per_kind: usize,
    /// Items overdue by more than this many days get no expected date and stay out of the forecast:
    /// their payment is doubtful. Default 180.
    pub doubtful_after_days: i64,
}

impl Default for PredictionPolicy {
    fn default() -> Self {
        PredictionPolicy {
            half_life_days: 180.0,
            prior_invoices: 3.0,
            min_invoices_per_kind: 10,
            doubtful_after_days: 180,
        }
    }
}

/// How customers are segmented.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SegmentPolicy {
    /// Class A of the ABC analysis: the largest customers making this share of revenue. Default 0.8.
    pub a_share: f64,
    /// Classes A and B together make this share. Default 0.95.
    pub b_share: f64,
    /// Revenue growth over the previous 12 months from which a customer counts as growing. Default 0.10.
    pub growth: f64,
    /// The first risk class counted as risky. Default D.
    pub risky_from: RiskClass,
}

impl Default for SegmentPolicy {
    fn default() -> Self {
        SegmentPolicy {
            a_share: 0.8,
            b_share: 0.95,
            growth: 0.10,
            risky_from: RiskClass::D,
        }
    }
}

/// The most days a policy may name (aging buckets, the DSO window, a dunning step): ten years.
pub const MAX_POLICY_DAYS: u32 = 3650;

/// The most months a policy may look back (CEI, countback DSO): ten years.
pub const MAX_POLICY_MONTHS: u32 = 120;

/// The error for a policy file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("policy is not valid: {0}")]
pub struct PolicyError(String);

impl Policy {
    /// Reads a policy from TOML text; missing fields take their defaults, unknown fields are refused
    /// (a typo must not silently fall back to a default).
    pub fn from_toml(text: &str) -> Result<Self, PolicyError> {
        let policy: Policy = toml::from_str(text).map_err(|error| PolicyError(error.to_string()))?;
        BucketBounds::new(policy.buckets.bounds().to_vec()).map_err(|error| PolicyError(error.to_string()))?;
        policy.check().map_err(PolicyError)?;
        Ok(policy)
    }

    /// The policy as TOML, for the output's record of what was used.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    /// The rules a policy must keep for the figures to make sense.
    fn check(&self) -> Result<(), String> {
        let unit = |name: &str, value: f64| {
            if (0.0..=1.0).contains(&value) {
                Ok(())
            } else {
                Err(format!("{name} must be a fraction between 0 and 1, got {value}"))
            }
        };
        unit("cost_of_capital", self.cost_of_capital)?;
        unit("score.recent_weight", self.score.recent_weight)?;
        unit("dunning.large_share", self.dunning.large_share)?;
        unit("dunning.residual_share", self.dunning.residual_share)?;
        unit("segments.a_share", self.segments.a_share)?;
        unit("segments.b_share", self.segments.b_share)?;
        for class in [RiskClass::A, RiskClass::B, RiskClass::C, RiskClass::D, RiskClass::E] {
            unit("discount.annual_loss_rate", self.discount.annual_loss_rate.get(class))?;
            if self.limits.class_factor.get(class) < 0.0 {
                return Err("limits.class_factor must not be negative".into());
            }
            if self.terms.deposit_percent.get(class) > 100 {
                return Err("terms.deposit_percent must be at most 100".into());
            }
        }
        let minimum = &self.score.class_minimum;
        if !(minimum.a >= minimum.b && minimum.b >= minimum.c && minimum.c >= minimum.d && minimum.d >= minimum.e) {
            return Err("score.class_minimum must fall from a to e".into());
        }
        if self.segments.a_share > self.segments.b_share {
            return Err("segments.a_share must not exceed segments.b_share".into());
        }
        if self.score.prior_invoices < 0.0 || self.prediction.prior_invoices < 0.0 {
            return Err("prior_invoices must not be negative".into());
        }
        if self.prediction.half_life_days <= 0.0 {
            return Err("prediction.half_life_days must be positive".into());
        }
        if self.kpi.dso_days == 0 || self.kpi.cei_months == 0 {
            return Err("kpi.dso_days and kpi.cei_months must be at least 1".into());
        }
        // Past these the date arithmetic leaves the calendar (a window of 4 billion days before the
        // as-of date, a dunning step 2 billion days after a due date) and the analysis would panic.
        if self.kpi.dso_days > MAX_POLICY_DAYS {
            return Err(format!("kpi.dso_days must be at most {MAX_POLICY_DAYS} days"));
        }
        if self.kpi.cei_months > MAX_POLICY_MONTHS || self.kpi.countback_months > MAX_POLICY_MONTHS {
            return Err(format!(
                "kpi.cei_months and kpi.countback_months must be at most {MAX_POLICY_MONTHS} months"
            ));
        }
        if self.buckets.bounds().last().is_some_and(|last| *last > MAX_POLICY_DAYS) {
            return Err(format!("buckets must end at {MAX_POLICY_DAYS} days at most"));
        }
        if self
            .dunning
            .ladder
            .iter()
            .any(|step| step.days_after_due.unsigned_abs() > MAX_POLICY_DAYS)
        {
            return Err(format!(
                "dunning.ladder days_after_due must be between -{MAX_POLICY_DAYS} and {MAX_POLICY_DAYS}"
            ));
        }
        let ladder = &self.dunning.ladder;
        if ladder
            .windows(2)
            .any(|pair| pair[0].days_after_due > pair[1].days_after_due)
        {
            return Err("dunning.ladder steps must be in rising days_after_due".into());
        }
        if ladder.windows(2).any(|pair| pair[0].priority < pair[1].priority) {
            return Err("dunning.ladder: a later step cannot be less urgent (priority must not rise)".into());
        }
        if ladder
            .iter()
            .any(|step| step.kind == ActionKind::ResolveDispute || !(1..=5).contains(&step.priority))
        {
            return Err("dunning.ladder steps need a priority 1-5 and cannot be resolve_dispute".into());
        }
        for offer in &self.discount.offers {
            if offer.percent <= Decimal::ZERO || offer.percent >= Decimal::ONE_HUNDRED {
                return Err("discount.offers percent must be between 0 and 100".into());
            }
        }
        if self.limits.round_to < Decimal::ZERO || self.dunning.small_balance < Decimal::ZERO {
            return Err("limits.round_to and dunning.small_balance must not be negative".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_policy_is_the_default() {
        assert_eq!(Policy::from_toml("").unwrap(), Policy::default());
    }

    #[test]
    fn policy_round_trips_through_toml() {
        let policy = Policy::default();
        assert_eq!(Policy::from_toml(&policy.to_toml()).unwrap(), policy);
    }

    #[test]
    fn a_policy_with_every_target_round_trips_through_toml() {
        let mut policy = Policy::default();
        policy.targets.debtor_balance = Some(BalanceTarget {
            amount: Decimal::new(15_000_000, 2),
            on: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        });
        assert_eq!(Policy::from_toml(&policy.to_toml()).unwrap(), policy);
    }

    #[test]
    fn a_typo_is_refused() {
        assert!(Policy::from_toml("bukets = [30]").is_err());
        assert!(Policy::from_toml("buckets = [60, 30]").is_err());
        assert!(Policy::from_toml("[score]\nprior_invoice = 3").is_err());
    }

    #[test]
    fn partial_tables_keep_the_other_defaults() {
        let text = "cost_of_capital = 0.12\n[targets]\ndso_days = 40\ndebtor_balance = { amount = 150000, on = 2026-12-31 }\n[terms]\ndays = { a = 60, b = 45, c = 30, d = 14, e = 0 }\n";
        let policy = Policy::from_toml(text).unwrap();
        assert_eq!(policy.cost_of_capital, 0.12);
        assert_eq!(policy.targets.dso_days, Some(40.0));
        assert_eq!(policy.targets.overdue_share, Some(0.15));
        assert_eq!(
            policy.targets.debtor_balance.map(|target| target.amount),
            Some(Decimal::new(150_000, 0))
        );
        assert_eq!(policy.terms.days.get(RiskClass::A), 60);
        assert_eq!(policy.terms.deposit_percent.get(RiskClass::E), 50);
        assert_eq!(policy.dunning, DunningPolicy::default());
    }

    #[test]
    fn a_ladder_can_be_rewritten_but_must_rise() {
        let text = "[dunning]\nladder = [{ kind = \"reminder\", days_after_due = 3, priority = 4 }, { kind = \"phone_call\", days_after_due = 10, priority = 3 }]\n";
        let policy = Policy::from_toml(text).unwrap();
        assert_eq!(policy.dunning.ladder.len(), 2);
        let falling = "[dunning]\nladder = [{ kind = \"phone_call\", days_after_due = 10, priority = 3 }, { kind = \"reminder\", days_after_due = 3, priority = 4 }]\n";
        assert!(Policy::from_toml(falling).is_err());
    }

    #[test]
    fn nonsense_rates_and_thresholds_are_refused() {
        assert!(Policy::from_toml("cost_of_capital = 8").is_err());
        assert!(
            Policy::from_toml("[score]\nclass_minimum = { a = 50.0, b = 65.0, c = 50.0, d = 35.0, e = 0.0 }").is_err()
        );
        assert!(Policy::from_toml("[prediction]\nhalf_life_days = 0").is_err());
    }

    #[test]
    fn scores_fall_into_the_documented_classes() {
        let score = ScorePolicy::default();
        assert_eq!(score.class_of(80.0), RiskClass::A);
        assert_eq!(score.class_of(79.9), RiskClass::B);
        assert_eq!(score.class_of(55.0), RiskClass::C);
        assert_eq!(score.class_of(54.9), RiskClass::D);
        assert_eq!(score.class_of(40.0), RiskClass::D);
        assert_eq!(score.class_of(39.9), RiskClass::E);
        assert_eq!(score.class_of(0.0), RiskClass::E);
    }
}
