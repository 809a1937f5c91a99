//! The analysis: the contract that the JSON output, the workbook, the snapshot store and the e-mails
//! read. Fields may be added; the ones here are not renamed or removed.

use crate::aging::Buckets;
use crate::issue::Severity;
use crate::lang::Lang;
use crate::money::{cents, cents_opt};
use crate::policy::Policy;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The whole analysis of one ledger as of one date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// The date the ledger is aged at.
    pub as_of: NaiveDate,
    /// The currency of every amount (ISO 4217).
    pub currency: String,
    /// The language of every text in the analysis.
    pub language: Lang,
    /// Where the ledger came from.
    pub source: SourceSummary,
    /// Portfolio totals.
    pub totals: Totals,
    /// One entry per customer with an open balance or a payment history, largest open balance first.
    pub customers: Vec<CustomerAnalysis>,
    /// Every open item (open amount not zero), by customer then due date.
    pub open_items: Vec<OpenItem>,
    /// Everything the importer and the analysis left out or doubted.
    pub issues: Vec<IssueReport>,
    /// Portfolio KPIs; `None` until the advice stage has run.
    #[serde(default)]
    pub kpis: Option<Kpis>,
    /// Expected cash-in for the next 13 weeks; empty until the advice stage has run.
    #[serde(default)]
    pub forecast: Vec<ForecastWeek>,
    /// The segments used, with what each means.
    #[serde(default)]
    pub segments: Vec<SegmentInfo>,
    /// The policy actually used.
    pub policy: Policy,
}

/// What the analysis read.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SourceSummary {
    /// The file name as given.
    pub file_name: String,
    /// The file format.
    pub format: String,
    /// Data rows read below the header rows (blank rows excluded).
    pub rows_read: usize,
    /// Rows used in the analysis.
    pub rows_used: usize,
}

/// Portfolio totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// The sum of all open amounts (credit notes and unallocated payments reduce it).
    #[serde(with = "cents")]
    pub open: Decimal,
    /// The sum of the open amounts past their due date.
    #[serde(with = "cents")]
    pub overdue: Decimal,
    /// The number of open items.
    pub items: usize,
    /// Open amounts per aging bucket.
    pub buckets: Buckets,
}

/// How a customer paid the invoices it settled: computed over fully paid invoices with a paid date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Behaviour {
    /// The number of fully paid invoices with a paid date.
    pub paid_invoices: usize,
    /// Mean of (paid date - due date) in days; negative when early.
    pub avg_days_late: f64,
    /// The same, weighted by invoice amount.
    pub weighted_days_late: f64,
    /// Share of those invoices paid on or before the due date (0..1).
    pub on_time_share: f64,
}

/// One customer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CustomerAnalysis {
    /// The id column's text, or the name when the ledger has no id column.
    pub id: String,
    /// The name, when known.
    pub name: Option<String>,
    /// The open balance.
    #[serde(with = "cents")]
    pub open: Decimal,
    /// The part of the balance past due.
    #[serde(with = "cents")]
    pub overdue: Decimal,
    /// The number of open items.
    pub items: usize,
    /// The most days any open item is past due (0 when none).
    pub max_days_overdue: i64,
    /// Open amounts per aging bucket.
    pub buckets: Buckets,
    /// Payment behaviour; `null` when the ledger holds no settled invoice of this customer.
    pub behaviour: Option<Behaviour>,
    /// Contact details and agreed terms from the customers sheet, when the ledger has one.
    #[serde(default)]
    pub contact: Contact,
    /// Score 0-100 (higher is better); set by the advice stage.
    #[serde(default)]
    pub score: Option<u8>,
    /// Risk class A (best) to E (worst); set by the advice stage.
    #[serde(default)]
    pub risk_class: Option<RiskClass>,
    /// How much the score can be trusted, from the amount of history.
    #[serde(default)]
    pub confidence: Option<Confidence>,
    /// The segment key (see [`Analysis::segments`]).
    #[serde(default)]
    pub segment: Option<String>,
    /// The top reasons for the score and advice, as short sentences in the analysis language.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// Recommended terms, limit, discount and deposit.
    #[serde(default)]
    pub recommended: Option<Recommended>,
    /// What to do next about this customer.
    #[serde(default)]
    pub next_action: Option<NextAction>,
    /// Revenue, its growth and the ABC class; set by the advice stage.
    #[serde(default)]
    pub value: Option<CustomerValue>,
    /// The days after the due date the customer is expected to pay a new invoice (negative: before);
    /// set by the advice stage from its own history, shrunk toward the portfolio's.
    #[serde(default)]
    pub expected_days_late: Option<f64>,
}

/// What a customer is worth: the value axis of the segments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerValue {
    /// Net invoiced (invoices less credit notes) over the 12 months up to the as-of date.
    #[serde(with = "cents")]
    pub revenue_12m: Decimal,
    /// The same over the 12 months before, when the ledger covers them.
    #[serde(with = "cents_opt", default)]
    pub revenue_prior_12m: Option<Decimal>,
    /// Revenue growth against the prior 12 months (0.25 for +25%), when both are known and the prior
    /// is not zero.
    pub growth: Option<f64>,
    /// The ABC class by revenue (see [`Analysis::segments`]).
    pub abc: AbcClass,
    /// The first document of the customer in the ledger.
    pub first_invoice: Option<NaiveDate>,
}

/// ABC class by revenue: A makes the bulk of revenue, C the tail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AbcClass {
    /// The largest customers, together the policy's `a_share` of revenue (default 80%).
    A,
    /// The next ones, up to `b_share` (default 95%).
    B,
    /// The tail.
    C,
}

/// Contact details and agreed terms of a customer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Contact {
    /// Where reminders go.
    pub email: Option<String>,
    /// Who to call.
    pub phone: Option<String>,
    /// The customer's language, when known.
    pub language: Option<Lang>,
    /// The credit limit agreed.
    #[serde(with = "cents_opt", default)]
    pub credit_limit: Option<Decimal>,
    /// The payment terms agreed, in days.
    pub payment_terms_days: Option<u32>,
}

/// Risk class, A (best) to E (worst).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RiskClass {
    /// Excellent payer.
    A,
    /// Good payer.
    B,
    /// Average.
    C,
    /// Poor payer: watch closely.
    D,
    /// Worst: secure before delivering.
    E,
}

/// How much history a score rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Few invoices: the score is pulled toward the portfolio average.
    Low,
    /// Some history.
    Medium,
    /// Enough history to trust the score.
    High,
}

/// Recommended terms for a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommended {
    /// Payment term in days.
    pub payment_terms_days: u32,
    /// Credit limit.
    #[serde(with = "cents")]
    pub credit_limit: Decimal,
    /// Whether the recommended limit is below the current balance, which blocks new orders.
    #[serde(default)]
    pub blocks_new_orders: bool,
    /// An early-payment discount, only where it pays.
    pub early_payment_discount: Option<EarlyPaymentDiscount>,
    /// Share of an order to ask up front (0 when none).
    pub deposit_percent: Decimal,
}

/// An early-payment discount offer such as 2/10 net 30.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EarlyPaymentDiscount {
    /// The discount in percent (e.g. 2 for 2%).
    pub percent: Decimal,
    /// The days within which the customer must pay to earn it.
    pub within_days: u32,
    /// Its annualised cost to us: d/(1-d) x 365/(N-D), as a fraction (0.372 for 37.2%).
    #[serde(default)]
    pub annualised_cost: f64,
    /// What it is weighed against: cost of capital plus the risk avoided, as a fraction.
    #[serde(default)]
    pub hurdle_rate: f64,
}

impl Analysis {
    /// The action list: every customer with a next action, the most money at risk first (then the
    /// more urgent, then by customer id).
    pub fn actions(&self) -> Vec<(&CustomerAnalysis, &NextAction)> {
        let mut actions: Vec<(&CustomerAnalysis, &NextAction)> = self
            .customers
            .iter()
            .filter_map(|customer| customer.next_action.as_ref().map(|action| (customer, action)))
            .collect();
        actions.sort_by(|(a, a_action), (b, b_action)| {
            b_action
                .amount_at_risk
                .cmp(&a_action.amount_at_risk)
                .then(a_action.priority.cmp(&b_action.priority))
                .then_with(|| a.id.cmp(&b.id))
        });
        actions
    }
}

/// What to do next about a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NextAction {
    /// The step of the dunning ladder.
    pub kind: ActionKind,
    /// When to do it.
    pub on: NaiveDate,
    /// 1 (highest) to 5 (lowest).
    pub priority: u8,
    /// A short explanation in the analysis language.
    pub note: String,
    /// The money the action is about.
    #[serde(with = "cents", default)]
    pub amount_at_risk: Decimal,
}

/// The steps of the dunning ladder, and the other actions a credit manager takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// A friendly note before the due date, for risky customers.
    PreDueReminder,
    /// The first e-mail reminder, a few days after the due date.
    Reminder,
    /// The second reminder.
    SecondReminder,
    /// A phone call.
    PhoneCall,
    /// A formal notice (ingebrekestelling / mise en demeure).
    FormalNotice,
    /// Stop delivering on credit; tell sales.
    CreditHold,
    /// Hand over to a collection agency.
    CollectionAgency,
    /// Resolve the customer's dispute before any reminder.
    ResolveDispute,
}

/// One open item, aged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenItem {
    /// The customer id.
    pub customer_id: String,
    /// The invoice number (empty when the ledger has none).
    pub invoice: String,
    /// The invoice date.
    pub invoice_date: Option<NaiveDate>,
    /// The due date.
    pub due_date: NaiveDate,
    /// The open amount (negative for credit notes and unallocated payments).
    #[serde(with = "cents")]
    pub open: Decimal,
    /// As-of date minus due date in calendar days; 0 or less is not due.
    pub days_overdue: i64,
    /// The bucket label.
    pub bucket: String,
    /// Whether the customer disputes it.
    #[serde(default)]
    pub disputed: bool,
    /// The sheet the row came from.
    #[serde(default)]
    pub sheet: String,
    /// The row number in that sheet.
    #[serde(default)]
    pub row: u32,
    /// When it is expected to be paid; set by the advice stage.
    #[serde(default)]
    pub expected_payment_date: Option<NaiveDate>,
    /// Whether the customer's next action is about this item: together they make its amount at risk,
    /// and a reminder lists exactly these (so a letter never asks for disputed money or for what is left
    /// of a short payment). Set by the advice stage.
    #[serde(default)]
    pub in_next_action: bool,
}

/// An issue as reported to the user: its place and a message in the analysis language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueReport {
    /// How serious.
    pub severity: Severity,
    /// The sheet.
    pub sheet: Option<String>,
    /// The row number.
    pub row: Option<u32>,
    /// The column header.
    pub column: Option<String>,
    /// A stable code for programs ("unreadable_date", ...).
    pub code: String,
    /// The message in the analysis language.
    pub message: String,
}

/// Portfolio KPIs. Figures that the history cannot support are `None`, never made up.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Kpis {
    /// Total open.
    #[serde(with = "cents")]
    pub open: Decimal,
    /// Total overdue.
    #[serde(with = "cents")]
    pub overdue: Decimal,
    /// Overdue / open (0..1); `None` when nothing is open.
    pub overdue_share: Option<f64>,
    /// Days sales outstanding, standard method: open / sales of the last 90 days x 90.
    pub dso: Option<f64>,
    /// DSO by the countback method.
    pub dso_countback: Option<f64>,
    /// Best possible DSO: current (not due) receivables only.
    pub best_possible_dso: Option<f64>,
    /// DSO minus best possible DSO.
    pub average_days_delinquent: Option<f64>,
    /// Collection effectiveness index over the last months (0..1).
    pub cei: Option<f64>,
    /// Amount-weighted days late over settled invoices.
    pub weighted_days_late: Option<f64>,
    /// Share of settled invoices paid on time (0..1).
    pub on_time_share: Option<f64>,
    /// Share of the open balance held by the ten largest customers (0..1).
    pub top10_share: Option<f64>,
    /// Herfindahl-Hirschman index of the open balances (0..10000).
    pub hhi: Option<f64>,
    /// Open amount under dispute.
    #[serde(with = "cents")]
    pub disputed: Decimal,
    /// Progress against each target of the policy.
    #[serde(default)]
    pub targets: Vec<TargetProgress>,
}

fn measured_by_default() -> bool {
    true
}

/// Progress against one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetProgress {
    /// Which target ("dso", "overdue_share", "debtor_balance").
    pub kind: String,
    /// The target value, as text with its unit.
    pub target: String,
    /// The actual value, as text with its unit.
    pub actual: String,
    /// Whether the target is met (false, too, when it cannot be measured: see `measured`).
    pub met: bool,
    /// Whether the figure could be computed at all (a DSO needs enough history). When it could not,
    /// the target is neither met nor missed, and is shown as such rather than as missed.
    #[serde(default = "measured_by_default")]
    pub measured: bool,
    /// What it takes to meet it, in the analysis language.
    pub note: String,
}

/// Expected cash-in for one week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastWeek {
    /// The Monday the week starts on.
    pub week_start: NaiveDate,
    /// The amount expected in.
    #[serde(with = "cents")]
    pub amount: Decimal,
}

/// A segment and what it means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentInfo {
    /// The key used in [`CustomerAnalysis::segment`].
    pub key: String,
    /// The name in the analysis language.
    pub name: String,
    /// What it means and what to do, in the analysis language.
    pub meaning: String,
}
