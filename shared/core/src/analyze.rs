//! Ages a ledger as of a date (open items, buckets, totals per customer and overall, behaviour), then
//! runs the advice stage ([`crate::advice`]): scores, segments, terms, actions, KPIs, expected payment
//! dates and the cash-in forecast.

use crate::aging::Buckets;
use crate::analysis::{Analysis, Contact, CustomerAnalysis, IssueReport, OpenItem, SourceSummary, Totals};
use crate::behaviour::BehaviourTally;
use crate::issue::{Issue, IssueKind, Severity};
use crate::lang::Lang;
use crate::ledger::{CustomerRecord, Ledger};
use crate::policy::Policy;
use crate::predict::Predictor;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// What an analysis is asked for.
#[derive(Debug, Clone)]
pub struct AnalysisOptions {
    /// The date to age the ledger at.
    pub as_of: NaiveDate,
    /// The language of the texts; `None` takes the ledger's, else English.
    pub lang: Option<Lang>,
    /// The policy.
    pub policy: Policy,
}

/// The currency assumed when the ledger names none.
pub const DEFAULT_CURRENCY: &str = "EUR";

struct CustomerTally {
    id: String,
    name: Option<String>,
    open: Decimal,
    overdue: Decimal,
    items: usize,
    max_days_overdue: i64,
    buckets: Buckets,
    behaviour: BehaviourTally,
}

/// Ages the ledger as of `options.as_of` and advises on it.
///
/// Documents dated after the as-of date are left out and payments dated after it ignored, so that an
/// old date gives the ledger as it stood then; the advice, too, only uses what was known by then.
pub fn analyze(ledger: &Ledger, options: &AnalysisOptions) -> Analysis {
    let as_of = options.as_of;
    let predictor = Predictor::fit(&ledger.entries, as_of, &options.policy.prediction);
    let lang = options.lang.or(ledger.source.language).unwrap_or_default();
    let bounds = &options.policy.buckets;
    let labels = bounds.labels();

    let mut customers: Vec<CustomerTally> = Vec::new();
    let mut index_of: HashMap<&str, usize> = HashMap::new();
    let mut open_items = Vec::new();
    let mut totals = Totals {
        open: Decimal::ZERO,
        overdue: Decimal::ZERO,
        items: 0,
        buckets: bounds.empty(),
    };
    let mut after_as_of = 0usize;
    let mut rows_used = 0usize;

    for entry in &ledger.entries {
        if entry.document_date() > as_of {
            after_as_of += 1;
            continue;
        }
        rows_used += 1;
        let slot = *index_of.entry(entry.customer_id.as_str()).or_insert_with(|| {
            customers.push(CustomerTally {
                id: entry.customer_id.clone(),
                name: None,
                open: Decimal::ZERO,
                overdue: Decimal::ZERO,
                items: 0,
                max_days_overdue: 0,
                buckets: bounds.empty(),
                behaviour: BehaviourTally::default(),
            });
            customers.len() - 1
        });
        let customer = &mut customers[slot];
        if customer.name.is_none() {
            customer.name.clone_from(&entry.customer_name);
        }
        customer.behaviour.add(entry, as_of);

        let open = entry.open_at(as_of);
        if open.is_zero() {
            continue;
        }
        let days_overdue = (as_of - entry.due_date).num_days();
        let bucket = bounds.index_of(days_overdue);
        customer.open += open;
        customer.items += 1;
        customer.buckets.add(bucket, open);
        totals.open += open;
        totals.items += 1;
        totals.buckets.add(bucket, open);
        if days_overdue > 0 {
            customer.overdue += open;
            totals.overdue += open;
            if open > Decimal::ZERO {
                customer.max_days_overdue = customer.max_days_overdue.max(days_overdue);
            }
        }
        let sheet = ledger
            .sheets
            .get(usize::from(entry.at.sheet))
            .map(|table| table.name.clone());
        let residual = is_short_payment(entry, open, options.policy.dunning.residual_share);
        open_items.push((
            OpenItem {
                customer_id: entry.customer_id.clone(),
                invoice: entry.document.clone().unwrap_or_default(),
                invoice_date: entry.invoice_date,
                due_date: entry.due_date,
                open,
                days_overdue,
                bucket: labels[bucket].clone(),
                disputed: entry.disputed,
                sheet: sheet.unwrap_or_default(),
                row: entry.at.row,
                expected_payment_date: if residual {
                    None
                } else {
                    predictor.expected_payment_date(entry, as_of)
                },
                in_next_action: false,
            },
            residual,
        ));
    }

    let records: HashMap<&str, &CustomerRecord> = ledger
        .customers
        .iter()
        .map(|record| (record.id.as_str(), record))
        .collect();
    let mut customers: Vec<CustomerAnalysis> = customers
        .into_iter()
        .map(|tally| {
            let record = records.get(tally.id.as_str());
            CustomerAnalysis {
                name: tally.name.or_else(|| record.and_then(|record| record.name.clone())),
                contact: record.map(|record| contact_of(record)).unwrap_or_default(),
                behaviour: tally.behaviour.finish(),
                id: tally.id,
                open: tally.open,
                overdue: tally.overdue,
                items: tally.items,
                max_days_overdue: tally.max_days_overdue,
                buckets: tally.buckets,
                score: None,
                risk_class: None,
                confidence: None,
                segment: None,
                reasons: Vec::new(),
                recommended: None,
                next_action: None,
                value: None,
                expected_days_late: None,
            }
        })
        .collect();
    customers.sort_by(|a, b| b.open.cmp(&a.open).then_with(|| a.id.cmp(&b.id)));
    open_items.sort_by(|(a, _), (b, _)| {
        (a.customer_id.as_str(), a.due_date, &a.sheet, a.row).cmp(&(
            b.customer_id.as_str(),
            b.due_date,
            &b.sheet,
            b.row,
        ))
    });
    let (open_items, short_payments): (Vec<OpenItem>, Vec<bool>) = open_items.into_iter().unzip();

    let mut issues: Vec<IssueReport> = ledger.issues.iter().map(|issue| report(issue, lang)).collect();
    if after_as_of > 0 {
        let kind = IssueKind::AfterAsOf {
            as_of: as_of.to_string(),
            count: after_as_of,
        };
        let issue = Issue {
            severity: Severity::Info,
            sheet: None,
            row: None,
            column: None,
            kind,
        };
        issues.push(report(&issue, lang));
    }

    let mut analysis = Analysis {
        as_of,
        currency: ledger
            .source
            .currency
            .clone()
            .unwrap_or_else(|| DEFAULT_CURRENCY.to_string()),
        language: lang,
        source: SourceSummary {
            file_name: ledger.source.file_name.clone(),
            format: ledger.source.format.clone(),
            rows_read: ledger.source.rows_read,
            rows_used,
        },
        totals,
        customers,
        open_items,
        issues,
        kpis: None,
        forecast: Vec::new(),
        segments: Vec::new(),
        policy: options.policy.clone(),
    };
    crate::advice::advise(ledger, &predictor, &short_payments, &mut analysis);
    analysis
}

/// Whether an open item is what is left of a short payment: partly paid, with at most `share` of the
/// amount open (bank charges, a discount the customer took anyway). Those are written off or added to
/// the next invoice, not chased up to the collection agency.
fn is_short_payment(entry: &crate::ledger::Entry, open: Decimal, share: f64) -> bool {
    let Some(amount) = entry.amount.filter(|amount| *amount > Decimal::ZERO) else {
        return false;
    };
    let share = Decimal::try_from(share).unwrap_or_default();
    open > Decimal::ZERO && open < amount && open <= amount * share
}

fn contact_of(record: &CustomerRecord) -> Contact {
    Contact {
        email: record.email.clone(),
        phone: record.phone.clone(),
        language: record.language,
        credit_limit: record.credit_limit,
        payment_terms_days: record.payment_terms_days,
    }
}

/// The issue as the user reads it, in `lang`.
pub fn report(issue: &Issue, lang: Lang) -> IssueReport {
    IssueReport {
        severity: issue.severity,
        sheet: issue.sheet.clone(),
        row: issue.row,
        column: issue.column.clone(),
        code: issue.kind.code(),
        message: issue.message(lang),
    }
}
