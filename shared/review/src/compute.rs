//! The review computed from snapshots: pure, values in and values out.
//!
//! Which snapshots take part is decided by [`choose`] from the newest snapshot of each month of the
//! window ([`window`]: the twelve months ending with the month reviewed):
//! - *current*: the newest snapshot of the month reviewed; when that month has none, the newest of an
//!   earlier month in the window (the review then says plainly that the month is missing);
//! - *previous*: the newest snapshot of an earlier month than the current one, normally the month
//!   before; when that month is missing, the review says which month it compares with instead;
//! - *year ago*: the snapshot of the current snapshot's month twelve months before, if any.

use crate::model::{
    overdue_share, CustomerLine, Figure, KpiKind, KpiRow, MoveKind, Mover, OpenAction, Review, SnapshotRef, TrendPoint,
    JUMP_RATIO, JUMP_SHARE, NEW_LARGE_SHARE, TOP,
};
use crate::text;
use credit_core::analysis::{ActionKind, Analysis, CustomerAnalysis, NextAction, OpenItem};
use credit_core::lang::Lang;
use credit_store::{Month, SnapshotSummary};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// How many months the trend covers, the month reviewed included.
pub const WINDOW_MONTHS: u32 = 12;

/// A stored snapshot with the whole analysis it was made from.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The snapshot's summary (totals and KPIs).
    pub summary: SnapshotSummary,
    /// Its analysis (customers, open items, policy).
    pub analysis: Analysis,
}

/// Everything a review is computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewInput {
    /// The month reviewed.
    pub month: Month,
    /// The language of the texts.
    pub lang: Lang,
    /// The newest snapshot of each month of [`window`], oldest month first; `None` for a month without.
    pub window: Vec<(Month, Option<SnapshotSummary>)>,
    /// The current snapshot, as [`choose`] picks it.
    pub current: Option<Snapshot>,
    /// The previous snapshot, as [`choose`] picks it.
    pub previous: Option<Snapshot>,
    /// The snapshot of the current snapshot's month a year before.
    pub year_ago: Option<SnapshotSummary>,
}

/// The months of the window ending with `month`, oldest first.
pub fn window(month: Month) -> Vec<Month> {
    (0..WINDOW_MONTHS).rev().map(|back| month.minus(back)).collect()
}

/// The current and the previous snapshot among the newest snapshots of each month of the window
/// (oldest month first): the newest present, and the one before it.
pub fn choose(window: &[(Month, Option<SnapshotSummary>)]) -> (Option<&SnapshotSummary>, Option<&SnapshotSummary>) {
    let mut present = window.iter().rev().filter_map(|(_, snapshot)| snapshot.as_ref());
    let current = present.next();
    (current, present.next())
}

/// Computes the review.
pub fn build_review(input: &ReviewInput) -> Review {
    let lang = input.lang;
    let Some(current) = &input.current else {
        return Review {
            month: input.month,
            lang,
            currency: String::new(),
            current: None,
            previous: None,
            year_ago: None,
            missing_months: Vec::new(),
            kpis: Vec::new(),
            trend: Vec::new(),
            movers: Vec::new(),
            worst_payers: Vec::new(),
            most_valuable: Vec::new(),
            open_actions: Vec::new(),
            summary: text::nothing_to_review(input.month, lang),
            notes: Vec::new(),
        };
    };
    let previous = input.previous.as_ref();
    let trend = trend(input);
    let missing_months: Vec<Month> = trend
        .iter()
        .filter(|point| point.snapshot.is_none())
        .map(|point| point.month)
        .collect();
    let mut review = Review {
        month: input.month,
        lang,
        currency: current.summary.currency.clone(),
        current: Some(SnapshotRef::from(&current.summary)),
        previous: previous.map(|previous| SnapshotRef::from(&previous.summary)),
        year_ago: input.year_ago.as_ref().map(SnapshotRef::from),
        missing_months,
        kpis: kpi_rows(current, previous, input.year_ago.as_ref()),
        trend,
        movers: previous.map(|previous| movers(current, previous)).unwrap_or_default(),
        worst_payers: worst_payers(current, previous),
        most_valuable: most_valuable(current, previous),
        open_actions: previous
            .map(|previous| open_actions(&current.analysis, &previous.analysis))
            .unwrap_or_default(),
        summary: Default::default(),
        notes: Vec::new(),
    };
    review.summary = text::summary(&review);
    review.notes = text::notes(&review);
    review
}

fn kpi_rows(current: &Snapshot, previous: Option<&Snapshot>, year_ago: Option<&SnapshotSummary>) -> Vec<KpiRow> {
    let targets = &current.analysis.policy.targets;
    KpiKind::ALL
        .iter()
        .map(|&kind| KpiRow {
            kind,
            this_month: kind.of(&current.summary),
            last_month: previous.and_then(|previous| kind.of(&previous.summary)),
            year_ago: year_ago.and_then(|year_ago| kind.of(year_ago)),
            target: match kind {
                KpiKind::Dso => targets.dso_days.map(Figure::Days),
                KpiKind::OverdueShare => targets.overdue_share.map(Figure::Share),
                KpiKind::Open => targets
                    .debtor_balance
                    .as_ref()
                    .map(|target| Figure::Money(target.amount)),
                _ => None,
            },
        })
        .collect()
}

/// The months from the first with a snapshot to the month reviewed.
fn trend(input: &ReviewInput) -> Vec<TrendPoint> {
    input
        .window
        .iter()
        .skip_while(|(_, snapshot)| snapshot.is_none())
        .map(|(month, snapshot)| match snapshot {
            Some(summary) => TrendPoint {
                month: *month,
                snapshot: Some(SnapshotRef::from(summary)),
                open: Some(summary.totals.open),
                overdue: Some(summary.totals.overdue),
                overdue_share: overdue_share(summary.totals.open, summary.totals.overdue),
                dso: summary.kpis.as_ref().and_then(|kpis| kpis.dso),
                cei: summary.kpis.as_ref().and_then(|kpis| kpis.cei),
            },
            None => TrendPoint {
                month: *month,
                snapshot: None,
                open: None,
                overdue: None,
                overdue_share: None,
                dso: None,
                cei: None,
            },
        })
        .collect()
}

fn by_id(analysis: &Analysis) -> HashMap<&str, &CustomerAnalysis> {
    analysis
        .customers
        .iter()
        .map(|customer| (customer.id.as_str(), customer))
        .collect()
}

/// Class changes, new large customers and jumped balances; within a kind, the largest balance first.
fn movers(current: &Snapshot, previous: &Snapshot) -> Vec<Mover> {
    let before = by_id(&previous.analysis);
    let total_open = current.analysis.totals.open;
    let mut movers = Vec::new();
    for customer in &current.analysis.customers {
        let mover = |kind: MoveKind, earlier: Option<&CustomerAnalysis>| Mover {
            kind,
            customer_id: customer.id.clone(),
            name: customer.name.clone(),
            class_before: earlier.and_then(|earlier| earlier.risk_class),
            class_now: customer.risk_class,
            score_before: earlier.and_then(|earlier| earlier.score),
            score_now: customer.score,
            open_before: earlier.map(|earlier| earlier.open),
            open_now: customer.open,
            overdue_now: customer.overdue,
        };
        match before.get(customer.id.as_str()) {
            None => {
                if total_open > Decimal::ZERO && customer.open >= NEW_LARGE_SHARE * total_open {
                    movers.push(mover(MoveKind::NewLarge, None));
                }
            }
            Some(earlier) => {
                if let (Some(was), Some(now)) = (earlier.risk_class, customer.risk_class) {
                    // A is the best class and E the worst: a greater class is a fall.
                    if now > was {
                        movers.push(mover(MoveKind::ClassFell, Some(earlier)));
                    } else if now < was {
                        movers.push(mover(MoveKind::ClassRose, Some(earlier)));
                    }
                }
                let growth = customer.open - earlier.open;
                if growth > Decimal::ZERO
                    && growth >= JUMP_RATIO * earlier.open.max(Decimal::ZERO)
                    && total_open > Decimal::ZERO
                    && growth >= JUMP_SHARE * total_open
                {
                    movers.push(mover(MoveKind::BalanceJumped, Some(earlier)));
                }
            }
        }
    }
    movers.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then(b.open_now.cmp(&a.open_now))
            .then_with(|| a.customer_id.cmp(&b.customer_id))
    });
    movers
}

fn line(customer: &CustomerAnalysis, before: &HashMap<&str, &CustomerAnalysis>) -> CustomerLine {
    CustomerLine {
        customer_id: customer.id.clone(),
        name: customer.name.clone(),
        class: customer.risk_class,
        class_before: before.get(customer.id.as_str()).and_then(|earlier| earlier.risk_class),
        score: customer.score,
        open: customer.open,
        overdue: customer.overdue,
        max_days_overdue: customer.max_days_overdue,
        weighted_days_late: customer
            .behaviour
            .as_ref()
            .map(|behaviour| behaviour.weighted_days_late),
        revenue_12m: customer.value.as_ref().map(|value| value.revenue_12m),
        growth: customer.value.as_ref().and_then(|value| value.growth),
        abc: customer.value.as_ref().map(|value| value.abc),
        next_action: customer.next_action.as_ref().map(|action| action.kind),
    }
}

/// Customers with money overdue, the lowest score first (the score weighs how they pay), then the
/// most overdue; customers without a score come after those with one.
fn worst_payers(current: &Snapshot, previous: Option<&Snapshot>) -> Vec<CustomerLine> {
    let before = previous.map(|previous| by_id(&previous.analysis)).unwrap_or_default();
    let mut overdue: Vec<&CustomerAnalysis> = current
        .analysis
        .customers
        .iter()
        .filter(|customer| customer.overdue > Decimal::ZERO)
        .collect();
    overdue.sort_by(|a, b| {
        (a.score.is_none(), a.score)
            .cmp(&(b.score.is_none(), b.score))
            .then(b.overdue.cmp(&a.overdue))
            .then(b.max_days_overdue.cmp(&a.max_days_overdue))
            .then_with(|| a.id.cmp(&b.id))
    });
    overdue
        .into_iter()
        .take(TOP)
        .map(|customer| line(customer, &before))
        .collect()
}

/// Customers by revenue over the last twelve months; by open balance when the ledger has no revenue.
fn most_valuable(current: &Snapshot, previous: Option<&Snapshot>) -> Vec<CustomerLine> {
    let before = previous.map(|previous| by_id(&previous.analysis)).unwrap_or_default();
    let revenue = |customer: &CustomerAnalysis| customer.value.as_ref().map(|value| value.revenue_12m);
    let mut valued: Vec<&CustomerAnalysis> = current
        .analysis
        .customers
        .iter()
        .filter(|customer| revenue(customer).is_some_and(|revenue| revenue > Decimal::ZERO))
        .collect();
    if valued.is_empty() {
        valued = current
            .analysis
            .customers
            .iter()
            .filter(|customer| customer.open > Decimal::ZERO)
            .collect();
    }
    valued.sort_by(|a, b| {
        revenue(b)
            .cmp(&revenue(a))
            .then(b.open.cmp(&a.open))
            .then_with(|| a.id.cmp(&b.id))
    });
    valued
        .into_iter()
        .take(TOP)
        .map(|customer| line(customer, &before))
        .collect()
}

/// An invoice as both snapshots name it: the same customer, number and due date.
type InvoiceKey<'a> = (&'a str, &'a str, chrono::NaiveDate);

fn invoice_key(item: &OpenItem) -> InvoiceKey<'_> {
    (item.customer_id.as_str(), item.invoice.as_str(), item.due_date)
}

/// The invoices an action was about, as the dunning stage chose them: a dispute is about the
/// disputed items; a pre-due reminder about the items falling due on its due date (the earliest
/// not-due date whose items add up to the amount at risk); every step of the ladder about the overdue
/// items that are not disputed.
fn concerned_items<'a>(action: &NextAction, items: &[&'a OpenItem]) -> Vec<&'a OpenItem> {
    match action.kind {
        ActionKind::ResolveDispute => items.iter().copied().filter(|item| item.disputed).collect(),
        ActionKind::PreDueReminder => {
            let not_due: Vec<&OpenItem> = items
                .iter()
                .copied()
                .filter(|item| !item.disputed && item.days_overdue <= 0)
                .collect();
            let mut due_dates: Vec<chrono::NaiveDate> = not_due.iter().map(|item| item.due_date).collect();
            due_dates.sort_unstable();
            due_dates.dedup();
            let falling_due =
                |date: chrono::NaiveDate| not_due.iter().copied().filter(move |item| item.due_date == date);
            let date = due_dates
                .iter()
                .copied()
                .find(|date| falling_due(*date).map(|item| item.open).sum::<Decimal>() == action.amount_at_risk)
                .or_else(|| due_dates.first().copied());
            date.map(|date| falling_due(date).collect()).unwrap_or_default()
        }
        _ => items
            .iter()
            .copied()
            .filter(|item| !item.disputed && item.days_overdue > 0)
            .collect(),
    }
}

/// The actions the previous snapshot recommended whose invoices are still open now (see
/// [`concerned_items`]): an action stays open while one of its invoices is. Most money still open first.
fn open_actions(current: &Analysis, previous: &Analysis) -> Vec<OpenAction> {
    let mut open_now: HashMap<InvoiceKey<'_>, (Decimal, i64)> = HashMap::new();
    for item in current.open_items.iter().filter(|item| item.open > Decimal::ZERO) {
        let entry = open_now.entry(invoice_key(item)).or_insert((Decimal::ZERO, i64::MIN));
        entry.0 += item.open;
        entry.1 = entry.1.max(item.days_overdue);
    }
    let mut items_then: HashMap<&str, Vec<&OpenItem>> = HashMap::new();
    for item in previous.open_items.iter().filter(|item| item.open > Decimal::ZERO) {
        items_then.entry(item.customer_id.as_str()).or_default().push(item);
    }
    let now = by_id(current);
    let mut actions = Vec::new();
    for customer in &previous.customers {
        let Some(action) = &customer.next_action else { continue };
        let items = items_then
            .get(customer.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        let concerned = concerned_items(action, items);
        let mut seen = std::collections::HashSet::new();
        let (mut count, mut still_open, mut max_days) = (0usize, Decimal::ZERO, i64::MIN);
        for item in concerned {
            let key = invoice_key(item);
            if !seen.insert(key) {
                continue;
            }
            if let Some((open, days)) = open_now.get(&key) {
                count += 1;
                still_open += *open;
                max_days = max_days.max(*days);
            }
        }
        if count == 0 {
            continue;
        }
        actions.push(OpenAction {
            customer_id: customer.id.clone(),
            name: customer.name.clone(),
            kind: action.kind,
            on: action.on,
            amount_then: action.amount_at_risk,
            invoices_still_open: count,
            still_open,
            max_days_overdue_now: max_days.max(0),
            action_now: now
                .get(customer.id.as_str())
                .and_then(|customer| customer.next_action.as_ref())
                .map(|action| action.kind),
        });
    }
    actions.sort_by(|a, b| {
        b.still_open
            .cmp(&a.still_open)
            .then_with(|| a.customer_id.cmp(&b.customer_id))
    });
    actions
}
