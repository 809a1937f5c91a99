//! The advice stage: fills in what an aged ledger becomes advice with — scores, segments, terms, next
//! actions, reasons, KPIs, the forecast and the segment list — from the ledger, the aged analysis and a
//! fitted payment-date model. Each concern lives in its own module; this one only sequences them.

use crate::analysis::{Analysis, OpenItem};
use crate::dunning::{self, DunningInput};
use crate::forecast;
use crate::history::LedgerHistory;
use crate::kpi::{self, KpiInput};
use crate::ledger::Ledger;
use crate::predict::Predictor;
use crate::reasons::{self, ReasonInput};
use crate::score::{self, ScoreInput};
use crate::segment;
use crate::terms::{self, TermsInput};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The average month (365.25 / 12 days), for turning a customer's age into months of sales.
const DAYS_PER_MONTH: f64 = 30.4375;

/// Completes `analysis` (aged from `ledger`) with the advice; `predictor` is fitted at the as-of date and
/// `short_payments` flags the open items that are remainders of short payments (same order as
/// `analysis.open_items`): those are neither chased nor scored as late, but listed for write-off.
pub fn advise(ledger: &Ledger, predictor: &Predictor, short_payments: &[bool], analysis: &mut Analysis) {
    let as_of = analysis.as_of;
    let lang = analysis.language;
    let history = LedgerHistory::new(ledger, as_of);
    let Analysis {
        customers,
        open_items,
        policy,
        currency,
        totals,
        ..
    } = analysis;
    let policy = &*policy;
    let currency = currency.as_str();

    let mut items_of: HashMap<&str, Vec<&OpenItem>> = HashMap::new();
    // The index in `open_items` of each of `items_of`, to mark the items the next action is about.
    let mut indices_of: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut remainders_of: HashMap<&str, Vec<&OpenItem>> = HashMap::new();
    for (index, item) in open_items.iter().enumerate() {
        let customer = item.customer_id.as_str();
        if short_payments.get(index).copied().unwrap_or(false) {
            remainders_of.entry(customer).or_default().push(item);
        } else {
            items_of.entry(customer).or_default().push(item);
            indices_of.entry(customer).or_default().push(index);
        }
    }
    let mut in_next_action: Vec<usize> = Vec::new();
    let portfolio_behaviour = score::portfolio_behaviour(&history, &policy.score);
    let ledger_months = f64::from(history.months_covered(12));
    let ids: Vec<String> = customers.iter().map(|customer| customer.id.clone()).collect();
    let values = segment::values(&history, ids.iter().map(String::as_str), &policy.segments);
    let empty = Vec::new();
    let no_history = Default::default();

    for customer in customers.iter_mut() {
        let items = items_of.get(customer.id.as_str()).unwrap_or(&empty);
        let past = history.customers.get(customer.id.as_str()).unwrap_or(&no_history);
        let card = score::score(
            &ScoreInput {
                as_of,
                history: past,
                coverage_start: history.coverage_start.filter(|_| history.records_sales),
                portfolio_behaviour,
                open_items: items,
                credit_limit: customer.contact.credit_limit,
            },
            &policy.score,
        );
        let expected_days_late = predictor.days_late(&customer.id, false, None);
        let value = values.get(customer.id.as_str()).cloned();

        // Monthly sales: from the history when the ledger has one; from an open-items list only the
        // invoices not yet due tell the pace (about `terms` days of sales).
        let (revenue, revenue_months) = if history.records_sales {
            // A customer met three months ago has three months of sales, not twelve.
            let known_for = past.first_document.map_or(ledger_months, |first| {
                (as_of - first).num_days() as f64 / DAYS_PER_MONTH
            });
            (
                value.as_ref().map(|value| value.revenue_12m).unwrap_or_default(),
                known_for.clamp(1.0, ledger_months.max(1.0)),
            )
        } else {
            let terms = customer
                .contact
                .payment_terms_days
                .unwrap_or(policy.default_terms_days)
                .max(1);
            let not_due: Decimal = items
                .iter()
                .filter(|item| item.days_overdue <= 0 && item.open > Decimal::ZERO)
                .map(|item| item.open)
                .sum();
            (not_due * Decimal::from(30) / Decimal::from(terms), 1.0)
        };
        let advice = terms::recommend(
            &TermsInput {
                class: card.class,
                confidence: card.confidence,
                open: customer.open,
                revenue,
                months: revenue_months,
                expected_days_late,
                agreed_terms_days: customer.contact.payment_terms_days,
                agreed_limit: customer.contact.credit_limit,
            },
            policy,
        );
        let next_action = dunning::next_action_with_items(
            &DunningInput {
                as_of,
                class: card.class,
                items,
                portfolio_overdue: totals.overdue,
                currency,
                lang,
            },
            &policy.dunning,
        );
        customer.reasons = reasons::reasons(&ReasonInput {
            card: &card,
            recommended: &advice.recommended,
            discount: advice.discount.as_ref(),
            open: customer.open,
            remainders: remainders_of.get(customer.id.as_str()).map_or(&[], Vec::as_slice),
            currency,
            lang,
        });
        customer.segment = value
            .as_ref()
            .map(|value| segment::segment_of(card.class, value, &policy.segments).to_string());
        customer.value = value;
        customer.score = Some(card.score);
        customer.risk_class = Some(card.class);
        customer.confidence = Some(card.confidence);
        customer.recommended = Some(advice.recommended);
        customer.next_action = next_action.map(|(action, positions)| {
            let indices = indices_of.get(customer.id.as_str());
            in_next_action.extend(positions.iter().filter_map(|&position| indices?.get(position).copied()));
            action
        });
        customer.expected_days_late = Some(crate::behaviour::round_to(expected_days_late, 1));
    }

    let kpis = kpi::kpis(&KpiInput {
        history: &history,
        totals,
        customers,
        open_items,
        policy,
        currency,
        lang,
    });
    analysis.kpis = Some(kpis);
    for index in in_next_action {
        analysis.open_items[index].in_next_action = true;
    }
    analysis.forecast = forecast::forecast(&analysis.open_items, as_of);
    analysis.segments = segment::segment_infos(lang, &analysis.policy.segments, history.records_sales);
}
