//! What a review holds: the figures of the month against last month, a year before and the targets,
//! the trend, the customers who moved, the worst payers, the most valuable customers and the actions
//! still open. Values only; [`crate::compute`] makes them, [`crate::workbook`] and [`crate::mail`]
//! show them.

use chrono::NaiveDate;
use credit_core::analysis::{AbcClass, ActionKind, RiskClass};
use credit_core::lang::Lang;
use credit_store::{Month, SnapshotId, SnapshotSummary};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// The review of one month of one tenant.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// The month reviewed (the one asked for; see [`Review::current`] for the snapshot shown).
    pub month: Month,
    /// The language of every text.
    pub lang: Lang,
    /// The currency of every amount (the current snapshot's; empty when there is none).
    pub currency: String,
    /// The snapshot whose figures are shown: the newest of the month, or when the month has none the
    /// newest of the eleven months before it ([`Review::is_stale`]). `None`: nothing to review.
    pub current: Option<SnapshotRef>,
    /// The snapshot compared with: the newest of the month before the current one, or when that month
    /// has none the newest earlier one in the window. `None`: the first month, nothing to compare.
    pub previous: Option<SnapshotRef>,
    /// The snapshot of the same month a year before the current one, when there is one.
    pub year_ago: Option<SnapshotRef>,
    /// Months without a snapshot between the first month of the trend and the current month.
    pub missing_months: Vec<Month>,
    /// This month against last month, a year before and the targets.
    pub kpis: Vec<KpiRow>,
    /// One point per month of the twelve months ending with the current month, from the first month
    /// with a snapshot; a month without one has no figures.
    pub trend: Vec<TrendPoint>,
    /// Customers whose class fell or rose, new customers with a large balance, balances that jumped.
    pub movers: Vec<Mover>,
    /// The customers with an overdue balance who pay worst, worst first (at most [`TOP`]).
    pub worst_payers: Vec<CustomerLine>,
    /// The customers worth most (revenue over twelve months), most first (at most [`TOP`]).
    pub most_valuable: Vec<CustomerLine>,
    /// Actions recommended in the previous snapshot whose invoices are still unpaid.
    pub open_actions: Vec<OpenAction>,
    /// The summary: exactly three sentences in [`Review::lang`].
    pub summary: [String; 3],
    /// What is missing, said plainly (no snapshot this month, a month skipped, no year-ago snapshot).
    pub notes: Vec<String>,
}

/// How many customers the worst-payer and most-valuable lists hold.
pub const TOP: usize = 10;

impl Review {
    /// Whether the month reviewed has no snapshot of its own, so an older one is shown.
    pub fn is_stale(&self) -> bool {
        self.current.as_ref().is_some_and(|current| current.month != self.month)
    }

    /// Whether there is anything to review at all.
    pub fn has_figures(&self) -> bool {
        self.current.is_some()
    }

    /// The KPI row of `kind`.
    pub fn kpi(&self, kind: KpiKind) -> Option<&KpiRow> {
        self.kpis.iter().find(|row| row.kind == kind)
    }

    /// The summary as one paragraph.
    pub fn summary_text(&self) -> String {
        self.summary.join(" ")
    }
}

/// Which snapshot a column of the review comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotRef {
    /// The snapshot's id.
    pub id: SnapshotId,
    /// Its month.
    pub month: Month,
    /// The date its ledger was aged at.
    pub as_of: NaiveDate,
    /// The ledger's file name.
    pub file_name: String,
}

impl From<&SnapshotSummary> for SnapshotRef {
    fn from(summary: &SnapshotSummary) -> Self {
        SnapshotRef {
            id: summary.id.clone(),
            month: summary.month,
            as_of: summary.as_of,
            file_name: summary.source.file_name.clone(),
        }
    }
}

/// A figure of the review, with its unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    /// An amount in the review's currency.
    Money(Decimal),
    /// A share, 0..1 (shown as a percentage).
    Share(f64),
    /// A number of days.
    Days(f64),
    /// A count (negative only as a change).
    Count(i64),
}

impl Figure {
    /// The figure as a spreadsheet number (amounts become f64 only here, to be written to a cell).
    pub fn to_f64(self) -> f64 {
        match self {
            Figure::Money(amount) => amount.to_f64().unwrap_or_default(),
            Figure::Share(value) | Figure::Days(value) => value,
            Figure::Count(count) => count as f64,
        }
    }

    /// `self - other` in the same unit (a share's change is in points: 0.02 is two points);
    /// `None` when the units differ.
    pub fn minus(self, other: Figure) -> Option<Figure> {
        match (self, other) {
            (Figure::Money(a), Figure::Money(b)) => Some(Figure::Money(a - b)),
            (Figure::Share(a), Figure::Share(b)) => Some(Figure::Share(a - b)),
            (Figure::Days(a), Figure::Days(b)) => Some(Figure::Days(a - b)),
            (Figure::Count(a), Figure::Count(b)) => Some(Figure::Count(a - b)),
            _ => None,
        }
    }

    /// Compares two figures of the same unit.
    fn compare(self, other: Figure) -> Option<std::cmp::Ordering> {
        match (self, other) {
            (Figure::Money(a), Figure::Money(b)) => Some(a.cmp(&b)),
            (Figure::Count(a), Figure::Count(b)) => Some(a.cmp(&b)),
            _ => self.to_f64().partial_cmp(&other.to_f64()),
        }
    }
}

/// The figures a review compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KpiKind {
    /// Total open balance.
    Open,
    /// Total overdue.
    Overdue,
    /// Overdue / open.
    OverdueShare,
    /// Days sales outstanding (standard method).
    Dso,
    /// Best possible DSO (current receivables only).
    BestPossibleDso,
    /// DSO minus best possible DSO.
    AverageDaysDelinquent,
    /// Collection effectiveness index.
    Cei,
    /// Amount-weighted days late over settled invoices.
    WeightedDaysLate,
    /// Share of settled invoices paid on time.
    OnTimeShare,
    /// Share of the balance held by the ten largest customers.
    Top10Share,
    /// Open amount under dispute.
    Disputed,
    /// Number of open items.
    OpenItems,
    /// Number of customers in the analysis.
    Customers,
}

/// Which way a figure should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Less is better (overdue, DSO...).
    LowerIsBetter,
    /// More is better (CEI, paid on time).
    HigherIsBetter,
    /// Neither (the number of customers).
    Neutral,
}

impl KpiKind {
    /// Every figure, in the order of the review's table.
    pub const ALL: [KpiKind; 13] = [
        KpiKind::Open,
        KpiKind::Overdue,
        KpiKind::OverdueShare,
        KpiKind::Dso,
        KpiKind::BestPossibleDso,
        KpiKind::AverageDaysDelinquent,
        KpiKind::Cei,
        KpiKind::WeightedDaysLate,
        KpiKind::OnTimeShare,
        KpiKind::Top10Share,
        KpiKind::Disputed,
        KpiKind::OpenItems,
        KpiKind::Customers,
    ];

    /// Which way is better.
    pub fn direction(self) -> Direction {
        match self {
            KpiKind::Cei | KpiKind::OnTimeShare => Direction::HigherIsBetter,
            KpiKind::BestPossibleDso | KpiKind::OpenItems | KpiKind::Customers => Direction::Neutral,
            _ => Direction::LowerIsBetter,
        }
    }

    /// The figure of a snapshot.
    pub fn of(self, summary: &SnapshotSummary) -> Option<Figure> {
        let totals = &summary.totals;
        let kpis = summary.kpis.as_ref();
        match self {
            KpiKind::Open => Some(Figure::Money(totals.open)),
            KpiKind::Overdue => Some(Figure::Money(totals.overdue)),
            KpiKind::OverdueShare => overdue_share(totals.open, totals.overdue).map(Figure::Share),
            KpiKind::Dso => kpis.and_then(|k| k.dso).map(Figure::Days),
            KpiKind::BestPossibleDso => kpis.and_then(|k| k.best_possible_dso).map(Figure::Days),
            KpiKind::AverageDaysDelinquent => kpis.and_then(|k| k.average_days_delinquent).map(Figure::Days),
            KpiKind::Cei => kpis.and_then(|k| k.cei).map(Figure::Share),
            KpiKind::WeightedDaysLate => kpis.and_then(|k| k.weighted_days_late).map(Figure::Days),
            KpiKind::OnTimeShare => kpis.and_then(|k| k.on_time_share).map(Figure::Share),
            KpiKind::Top10Share => kpis.and_then(|k| k.top10_share).map(Figure::Share),
            KpiKind::Disputed => kpis.map(|k| Figure::Money(k.disputed)),
            KpiKind::OpenItems => Some(Figure::Count(i64::try_from(totals.items).unwrap_or(i64::MAX))),
            KpiKind::Customers => Some(Figure::Count(i64::try_from(summary.customer_count).unwrap_or(i64::MAX))),
        }
    }
}

/// Overdue / open, `None` when nothing is open. The workbook writes the same as a formula.
pub fn overdue_share(open: Decimal, overdue: Decimal) -> Option<f64> {
    if open.is_zero() {
        return None;
    }
    (overdue / open).to_f64()
}

/// One line of the KPI table.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiRow {
    /// The figure.
    pub kind: KpiKind,
    /// In the current snapshot.
    pub this_month: Option<Figure>,
    /// In the previous snapshot.
    pub last_month: Option<Figure>,
    /// In the snapshot a year before.
    pub year_ago: Option<Figure>,
    /// The policy's target, when it sets one for this figure.
    pub target: Option<Figure>,
}

/// How a figure moved since last month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// It moved the right way.
    Better,
    /// It moved the wrong way.
    Worse,
    /// It did not move, or it has no right way.
    Unchanged,
}

impl KpiRow {
    /// This month minus last month.
    pub fn change(&self) -> Option<Figure> {
        self.this_month?.minus(self.last_month?)
    }

    /// Whether this month meets the target.
    pub fn target_met(&self) -> Option<bool> {
        let ordering = self.this_month?.compare(self.target?)?;
        Some(match self.kind.direction() {
            Direction::HigherIsBetter => ordering.is_ge(),
            Direction::LowerIsBetter | Direction::Neutral => ordering.is_le(),
        })
    }

    /// Better or worse than last month.
    pub fn verdict(&self) -> Option<Verdict> {
        let ordering = self.this_month?.compare(self.last_month?)?;
        Some(match (self.kind.direction(), ordering) {
            (Direction::Neutral, _) | (_, std::cmp::Ordering::Equal) => Verdict::Unchanged,
            (Direction::LowerIsBetter, std::cmp::Ordering::Less)
            | (Direction::HigherIsBetter, std::cmp::Ordering::Greater) => Verdict::Better,
            _ => Verdict::Worse,
        })
    }
}

/// One month of the trend.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    /// The month.
    pub month: Month,
    /// Its newest snapshot; `None` when none was taken that month.
    pub snapshot: Option<SnapshotRef>,
    /// Open balance.
    pub open: Option<Decimal>,
    /// Overdue.
    pub overdue: Option<Decimal>,
    /// Overdue / open.
    pub overdue_share: Option<f64>,
    /// DSO.
    pub dso: Option<f64>,
    /// CEI.
    pub cei: Option<f64>,
}

/// What moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MoveKind {
    /// The risk class got worse (B to D...).
    ClassFell,
    /// A customer absent last month with a balance of at least [`NEW_LARGE_SHARE`] of the portfolio.
    NewLarge,
    /// The balance grew by at least [`JUMP_RATIO`] of itself and by at least [`JUMP_SHARE`] of the
    /// portfolio.
    BalanceJumped,
    /// The risk class got better.
    ClassRose,
}

/// A new customer counts as large from this share of the portfolio's open balance (5%): one such
/// customer moves the totals visibly.
pub const NEW_LARGE_SHARE: Decimal = Decimal::from_parts(5, 0, 0, false, 2);
/// A balance "jumped" when it grew by at least half of itself...
pub const JUMP_RATIO: Decimal = Decimal::from_parts(5, 0, 0, false, 1);
/// ...and by at least this share of the portfolio's open balance (2%), so that a small balance
/// doubling is not news.
pub const JUMP_SHARE: Decimal = Decimal::from_parts(2, 0, 0, false, 2);

/// A customer who moved since the previous snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct Mover {
    /// What moved.
    pub kind: MoveKind,
    /// The customer's id.
    pub customer_id: String,
    /// The name, when known.
    pub name: Option<String>,
    /// The class in the previous snapshot.
    pub class_before: Option<RiskClass>,
    /// The class now.
    pub class_now: Option<RiskClass>,
    /// The score in the previous snapshot.
    pub score_before: Option<u8>,
    /// The score now.
    pub score_now: Option<u8>,
    /// The balance in the previous snapshot (`None` for a new customer).
    pub open_before: Option<Decimal>,
    /// The balance now.
    pub open_now: Decimal,
    /// The overdue part now.
    pub overdue_now: Decimal,
}

impl Mover {
    /// Open now minus open before (a new customer's whole balance).
    pub fn change(&self) -> Decimal {
        self.open_now - self.open_before.unwrap_or_default()
    }
}

/// A customer in the worst-payer or most-valuable list.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerLine {
    /// The customer's id.
    pub customer_id: String,
    /// The name, when known.
    pub name: Option<String>,
    /// The risk class now.
    pub class: Option<RiskClass>,
    /// The class in the previous snapshot.
    pub class_before: Option<RiskClass>,
    /// The score now.
    pub score: Option<u8>,
    /// The open balance.
    pub open: Decimal,
    /// The overdue part.
    pub overdue: Decimal,
    /// The most days an open item is past due.
    pub max_days_overdue: i64,
    /// Amount-weighted days late over settled invoices, when there is a history.
    pub weighted_days_late: Option<f64>,
    /// Revenue over the last twelve months, when known.
    pub revenue_12m: Option<Decimal>,
    /// Revenue growth against the twelve months before.
    pub growth: Option<f64>,
    /// The ABC class by revenue.
    pub abc: Option<AbcClass>,
    /// What to do next.
    pub next_action: Option<ActionKind>,
}

/// An action recommended in the previous snapshot whose invoices are still unpaid.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenAction {
    /// The customer's id.
    pub customer_id: String,
    /// The name, when known.
    pub name: Option<String>,
    /// The action recommended then.
    pub kind: ActionKind,
    /// The date it was recommended for.
    pub on: NaiveDate,
    /// The money it was about then.
    pub amount_then: Decimal,
    /// How many of its invoices are still open.
    pub invoices_still_open: usize,
    /// What those invoices still hold.
    pub still_open: Decimal,
    /// The most days one of them is now past due.
    pub max_days_overdue_now: i64,
    /// What the current snapshot recommends for the customer.
    pub action_now: Option<ActionKind>,
}
