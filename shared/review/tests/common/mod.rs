//! Hand-built snapshots: a few customers with known balances, classes, actions and open items, so that
//! every figure of a review can be worked out by hand.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, Utc};
use credit_core::aging::Buckets;
use credit_core::analysis::{
    AbcClass, ActionKind, Analysis, CustomerAnalysis, CustomerValue, Kpis, NextAction, OpenItem, RiskClass,
    SourceSummary, Totals,
};
use credit_core::lang::Lang;
use credit_core::policy::Policy;
use credit_review::compute::{window, ReviewInput, Snapshot};
use credit_store::{Month, NewSnapshot, SnapshotSummary, SourceRef, TenantId};
use rust_decimal::Decimal;

pub fn date(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

pub fn month(text: &str) -> Month {
    text.parse().expect("a month")
}

pub fn tenant() -> TenantId {
    TenantId::new("acme").expect("a tenant id")
}

/// A customer with a balance, the overdue part, a class and a score.
pub fn customer(id: &str, open: Decimal, overdue: Decimal, class: RiskClass, score: u8) -> CustomerAnalysis {
    CustomerAnalysis {
        id: id.to_owned(),
        name: Some(format!("Customer {id}")),
        open,
        overdue,
        items: 1,
        max_days_overdue: if overdue > Decimal::ZERO { 40 } else { 0 },
        risk_class: Some(class),
        score: Some(score),
        ..CustomerAnalysis::default()
    }
}

pub fn with_revenue(mut customer: CustomerAnalysis, revenue: Decimal) -> CustomerAnalysis {
    customer.value = Some(CustomerValue {
        revenue_12m: revenue,
        revenue_prior_12m: None,
        growth: Some(0.1),
        abc: AbcClass::A,
        first_invoice: None,
    });
    customer
}

pub fn with_action(mut customer: CustomerAnalysis, kind: ActionKind, on: &str, at_risk: Decimal) -> CustomerAnalysis {
    customer.next_action = Some(NextAction {
        kind,
        on: date(on),
        priority: 2,
        note: String::new(),
        amount_at_risk: at_risk,
    });
    customer
}

/// An open invoice of `customer` due on `due`, `days_overdue` days past due at the snapshot.
pub fn item(customer: &str, invoice: &str, due: &str, open: Decimal, days_overdue: i64) -> OpenItem {
    OpenItem {
        customer_id: customer.to_owned(),
        invoice: invoice.to_owned(),
        invoice_date: None,
        due_date: date(due),
        open,
        days_overdue,
        bucket: String::new(),
        disputed: false,
        sheet: String::new(),
        row: 0,
        expected_payment_date: None,
        in_next_action: false,
    }
}

/// KPIs beyond the totals (DSO and CEI), as the advice stage would set them.
pub struct Extra {
    pub dso: Option<f64>,
    pub cei: Option<f64>,
}

/// An analysis as of `as_of` whose totals are the customers' sums.
pub fn analysis(as_of: &str, customers: Vec<CustomerAnalysis>, open_items: Vec<OpenItem>, extra: Extra) -> Analysis {
    let open: Decimal = customers.iter().map(|c| c.open).sum();
    let overdue: Decimal = customers.iter().map(|c| c.overdue).sum();
    let kpis = Kpis {
        open,
        overdue,
        overdue_share: None,
        dso: extra.dso,
        cei: extra.cei,
        ..Kpis::default()
    };
    Analysis {
        as_of: date(as_of),
        currency: "EUR".into(),
        language: Lang::En,
        source: SourceSummary {
            file_name: format!("ledger-{as_of}.xlsx"),
            ..SourceSummary::default()
        },
        totals: Totals {
            open,
            overdue,
            items: open_items.len(),
            buckets: Buckets(Vec::new()),
        },
        customers,
        open_items,
        issues: Vec::new(),
        kpis: Some(kpis),
        forecast: Vec::new(),
        segments: Vec::new(),
        policy: Policy::default(),
    }
}

/// The snapshot the store would return for `analysis`.
pub fn snapshot(analysis: Analysis) -> Snapshot {
    let created: DateTime<Utc> = analysis.as_of.and_hms_opt(18, 0, 0).expect("a time").and_utc();
    let source = SourceRef::new(
        analysis.source.file_name.clone(),
        analysis.source.file_name.clone(),
        analysis.as_of.to_string(),
    );
    let summary = NewSnapshot::new(tenant(), source, analysis.clone())
        .with_created_at(created)
        .summary();
    Snapshot { summary, analysis }
}

/// The input of the review of `reviewed`, from snapshots in any order (the newest of each month is
/// the one kept, as the store's `snapshot_of_month` does), choosing as the loader does.
pub fn input(reviewed: &str, lang: Lang, snapshots: &[Snapshot]) -> ReviewInput {
    let reviewed = month(reviewed);
    let newest_of = |month: Month| -> Option<&Snapshot> {
        snapshots
            .iter()
            .filter(|snapshot| snapshot.summary.month == month)
            .max_by_key(|snapshot| snapshot.summary.id.clone())
    };
    let months: Vec<(Month, Option<SnapshotSummary>)> = window(reviewed)
        .into_iter()
        .map(|month| (month, newest_of(month).map(|snapshot| snapshot.summary.clone())))
        .collect();
    let (current, previous) = credit_review::compute::choose(&months);
    let find = |summary: Option<&SnapshotSummary>| {
        summary.and_then(|summary| {
            snapshots
                .iter()
                .find(|snapshot| snapshot.summary.id == summary.id)
                .cloned()
        })
    };
    let (current, previous) = (find(current), find(previous));
    let year_ago = current
        .as_ref()
        .and_then(|current| newest_of(current.summary.month.minus(12)))
        .map(|snapshot| snapshot.summary.clone());
    ReviewInput {
        month: reviewed,
        lang,
        window: months,
        current,
        previous,
        year_ago,
    }
}
