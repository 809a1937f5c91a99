//! The next action per customer, from the policy's dunning ladder.
//!
//! The step is the last one of the ladder that the oldest undisputed overdue invoice has reached: with
//! the default ladder an e-mail reminder from 5 days past due, a second reminder from 15, a phone call
//! from 25, a formal notice from 40, a credit hold (tell sales) from 60 and the collection agency from
//! 90. A step reached is due today (the as-of date); before the first one is reached, the first reminder
//! is planned for its date. Risky classes also get a friendly reminder before the due date.
//!
//! Disputed items are never chased: they get "resolve the dispute". When a customer has both, the more
//! urgent action is proposed (on a tie, the one with more money at stake).
//!
//! Priority is the step's, one higher for a risky class or a customer holding a large share of all
//! overdue money. Overdue balances below `small_balance` are not chased.

use crate::analysis::{ActionKind, NextAction, OpenItem, RiskClass};
use crate::lang::Lang;
use crate::policy::{DunningPolicy, DunningStep};
use crate::text;
use chrono::{NaiveDate, TimeDelta};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// What the next action is chosen from.
#[derive(Debug, Clone)]
pub struct DunningInput<'a> {
    /// The as-of date: "today".
    pub as_of: NaiveDate,
    /// The customer's risk class.
    pub class: RiskClass,
    /// The customer's open items.
    pub items: &'a [&'a OpenItem],
    /// All overdue money of the portfolio.
    pub portfolio_overdue: Decimal,
    /// The currency of the amounts.
    pub currency: &'a str,
    /// The language of the note.
    pub lang: Lang,
}

/// The rank of an action on the ladder, for comparing how far a customer has gone (pre-due lowest).
pub fn severity(kind: ActionKind) -> u8 {
    match kind {
        ActionKind::PreDueReminder => 0,
        ActionKind::Reminder => 1,
        ActionKind::SecondReminder => 2,
        ActionKind::PhoneCall => 3,
        ActionKind::ResolveDispute => 3,
        ActionKind::FormalNotice => 4,
        ActionKind::CreditHold => 5,
        ActionKind::CollectionAgency => 6,
    }
}

/// The next action for one customer; `None` when nothing needs doing.
pub fn next_action(input: &DunningInput<'_>, policy: &DunningPolicy) -> Option<NextAction> {
    next_action_with_items(input, policy).map(|(action, _)| action)
}

/// The next action for one customer with the positions in `input.items` of the items it is about: its
/// amount at risk is their sum, and a reminder lists exactly these, so the letter and the action agree.
pub fn next_action_with_items(input: &DunningInput<'_>, policy: &DunningPolicy) -> Option<(NextAction, Vec<usize>)> {
    let ladder = ladder_action(input, policy);
    let dispute = dispute_action(input, policy);
    match (ladder, dispute) {
        (Some(ladder), Some(dispute)) => {
            let dispute_first = (dispute.0.priority, std::cmp::Reverse(dispute.0.amount_at_risk))
                <= (ladder.0.priority, std::cmp::Reverse(ladder.0.amount_at_risk));
            Some(if dispute_first { dispute } else { ladder })
        }
        (ladder, dispute) => ladder.or(dispute),
    }
}

/// The positions of the items that match `keep`, and their sum.
fn select(items: &[&OpenItem], keep: impl Fn(&OpenItem) -> bool) -> (Vec<usize>, Decimal) {
    let positions: Vec<usize> = (0..items.len()).filter(|&index| keep(items[index])).collect();
    let amount = positions.iter().map(|&index| items[index].open).sum();
    (positions, amount)
}

fn ladder_action(input: &DunningInput<'_>, policy: &DunningPolicy) -> Option<(NextAction, Vec<usize>)> {
    let lang = input.lang;
    let chased = |item: &OpenItem| !item.disputed && item.open > Decimal::ZERO;
    let (overdue_positions, overdue_amount) = select(input.items, |item| chased(item) && item.days_overdue > 0);
    let overdue: Vec<&OpenItem> = overdue_positions.iter().map(|&index| input.items[index]).collect();
    let risky = policy.pre_due_classes.contains(&input.class);

    if overdue_amount > Decimal::ZERO && overdue_amount >= policy.small_balance {
        let oldest = overdue.iter().map(|item| item.days_overdue).max().unwrap_or(0);
        let after_due: Vec<&DunningStep> = policy.ladder.iter().filter(|step| step.days_after_due > 0).collect();
        let reached = after_due
            .iter()
            .rev()
            .find(|step| i64::from(step.days_after_due) <= oldest);
        let (step, on) = match reached {
            Some(step) => (**step, input.as_of),
            None => {
                let first = **after_due.first()?;
                let oldest_due = overdue.iter().map(|item| item.due_date).min()?;
                let on = oldest_due + TimeDelta::days(i64::from(first.days_after_due));
                (first, on.max(input.as_of))
            }
        };
        let large = input.portfolio_overdue > Decimal::ZERO
            && (overdue_amount / input.portfolio_overdue).to_f64().unwrap_or(0.0) >= policy.large_share;
        let priority = if risky || large {
            step.priority.saturating_sub(1).max(1)
        } else {
            step.priority
        };
        let note = ladder_note(
            step.kind,
            on > input.as_of,
            on,
            overdue.len(),
            &text::amount(overdue_amount, input.currency, lang),
            oldest,
            lang,
        );
        let action = NextAction {
            kind: step.kind,
            on,
            priority,
            note,
            amount_at_risk: overdue_amount,
        };
        return Some((action, overdue_positions));
    }

    if !risky {
        return None;
    }
    let step = policy.ladder.iter().rev().find(|step| step.days_after_due <= 0)?;
    // The first due date with enough money falling due to be worth a reminder.
    let mut falling_due: Vec<(NaiveDate, Decimal)> = Vec::new();
    for item in input.items.iter().filter(|item| chased(item) && item.days_overdue <= 0) {
        match falling_due.iter_mut().find(|(due, _)| *due == item.due_date) {
            Some((_, amount)) => *amount += item.open,
            None => falling_due.push((item.due_date, item.open)),
        }
    }
    let (next_due, amount) = falling_due
        .into_iter()
        .filter(|(_, amount)| *amount >= policy.small_balance)
        .min()?;
    let on = (next_due + TimeDelta::days(i64::from(step.days_after_due))).max(input.as_of);
    let amount_text = text::amount(amount, input.currency, lang);
    // The reminder is about what falls due on that date, not every invoice due some day.
    let (falling_due_positions, _) = select(input.items, |item| {
        chased(item) && item.days_overdue <= 0 && item.due_date == next_due
    });
    let action = NextAction {
        kind: step.kind,
        on,
        priority: step.priority,
        note: lang.pick(
            format!("vriendelijke herinnering vóór de vervaldag van {next_due}: {amount_text} vervalt dan"),
            format!("rappel courtois avant l'échéance du {next_due} : {amount_text} arrive à échéance"),
            format!("friendly reminder before the due date of {next_due}: {amount_text} falls due"),
        ),
        amount_at_risk: amount,
    };
    Some((action, falling_due_positions))
}

fn dispute_action(input: &DunningInput<'_>, policy: &DunningPolicy) -> Option<(NextAction, Vec<usize>)> {
    let (disputed, amount) = select(input.items, |item| item.disputed && item.open > Decimal::ZERO);
    if amount <= Decimal::ZERO || amount < policy.small_balance {
        return None;
    }
    let lang = input.lang;
    let count = disputed.len();
    let amount_text = text::amount(amount, input.currency, lang);
    let action = NextAction {
        kind: ActionKind::ResolveDispute,
        on: input.as_of,
        priority: policy.dispute_priority.clamp(1, 5),
        note: lang.pick(
            format!(
                "los het geschil op over {count} {} ({amount_text}) vóór elke herinnering",
                if count == 1 { "factuur" } else { "facturen" }
            ),
            format!(
                "régler le litige sur {count} {} ({amount_text}) avant tout rappel",
                if count == 1 { "facture" } else { "factures" }
            ),
            format!(
                "resolve the dispute on {count} {} ({amount_text}) before any reminder",
                if count == 1 { "invoice" } else { "invoices" }
            ),
        ),
        amount_at_risk: amount,
    };
    Some((action, disputed))
}

fn ladder_note(
    kind: ActionKind,
    planned: bool,
    on: NaiveDate,
    count: usize,
    amount: &str,
    oldest: i64,
    lang: Lang,
) -> String {
    let invoices = match (lang, count == 1) {
        (Lang::Nl, true) => "factuur",
        (Lang::Nl, false) => "facturen",
        (Lang::Fr, true) => "facture échue",
        (Lang::Fr, false) => "factures échues",
        (Lang::En, true) => "invoice",
        (Lang::En, false) => "invoices",
    };
    let facts = lang.pick(
        format!(
            "{count} {invoices} vervallen, {amount}, de oudste {} na vervaldag",
            text::days(oldest, lang)
        ),
        format!(
            "{count} {invoices}, {amount}, la plus ancienne depuis {}",
            text::days(oldest, lang)
        ),
        format!(
            "{count} {invoices} overdue, {amount}, the oldest {} past due",
            text::days(oldest, lang)
        ),
    );
    if planned {
        return lang.pick(
            format!("eerste herinnering per e-mail op {on} als het dan nog openstaat: {facts}"),
            format!("premier rappel par e-mail le {on} si rien n'est payé d'ici là : {facts}"),
            format!("first e-mail reminder on {on} if still unpaid: {facts}"),
        );
    }
    let what = match kind {
        ActionKind::PreDueReminder | ActionKind::Reminder => lang.pick(
            "stuur de eerste herinnering per e-mail",
            "envoyer le premier rappel par e-mail",
            "send the first reminder by e-mail",
        ),
        ActionKind::SecondReminder => lang.pick(
            "stuur de tweede herinnering",
            "envoyer le deuxième rappel",
            "send the second reminder",
        ),
        ActionKind::PhoneCall => lang.pick("bel de klant", "appeler le client", "call the customer"),
        ActionKind::FormalNotice => lang.pick(
            "stuur een ingebrekestelling (aangetekend)",
            "envoyer une mise en demeure (recommandé)",
            "send a formal notice (registered letter)",
        ),
        ActionKind::CreditHold => lang.pick(
            "blokkeer verdere leveringen op krediet en verwittig verkoop",
            "bloquer les livraisons à crédit et prévenir les commerciaux",
            "put the account on credit hold and tell sales: no deliveries on credit",
        ),
        ActionKind::CollectionAgency => lang.pick(
            "geef het dossier aan een incassobureau",
            "confier le dossier à une société de recouvrement",
            "hand the file to a collection agency",
        ),
        ActionKind::ResolveDispute => lang.pick("los het geschil op", "régler le litige", "resolve the dispute"),
    };
    match lang {
        Lang::Fr => format!("{what} : {facts}"),
        Lang::Nl | Lang::En => format!("{what}: {facts}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn item(days_overdue: i64, open: Decimal, disputed: bool) -> OpenItem {
        let as_of = date("2026-03-31");
        OpenItem {
            customer_id: "c".into(),
            invoice: "F1".into(),
            invoice_date: None,
            due_date: as_of - TimeDelta::days(days_overdue),
            open,
            days_overdue,
            bucket: String::new(),
            disputed,
            sheet: String::new(),
            row: 0,
            expected_payment_date: None,
            in_next_action: false,
        }
    }

    fn action(class: RiskClass, items: &[OpenItem], portfolio_overdue: Decimal) -> Option<NextAction> {
        let refs: Vec<&OpenItem> = items.iter().collect();
        next_action(
            &DunningInput {
                as_of: date("2026-03-31"),
                class,
                items: &refs,
                portfolio_overdue,
                currency: "EUR",
                lang: Lang::En,
            },
            &DunningPolicy::default(),
        )
    }

    #[test]
    fn each_step_of_the_default_ladder() {
        let cases = [
            (6, ActionKind::Reminder, 4),
            (15, ActionKind::SecondReminder, 4),
            (30, ActionKind::PhoneCall, 3),
            (45, ActionKind::FormalNotice, 2),
            (70, ActionKind::CreditHold, 1),
            (200, ActionKind::CollectionAgency, 1),
        ];
        for (days, kind, priority) in cases {
            let found = action(RiskClass::B, &[item(days, dec!(500), false)], dec!(100000)).unwrap();
            assert_eq!((found.kind, found.priority), (kind, priority), "{days} days");
            assert_eq!(found.on, date("2026-03-31"));
            assert_eq!(found.amount_at_risk, dec!(500));
        }
    }

    #[test]
    fn the_first_reminder_is_planned_at_due_plus_five() {
        let found = action(RiskClass::B, &[item(2, dec!(500), false)], dec!(100000)).unwrap();
        assert_eq!(found.kind, ActionKind::Reminder);
        assert_eq!(found.on, date("2026-04-03"));
        assert!(found.note.contains("2026-04-03"), "{}", found.note);
    }

    #[test]
    fn risky_customers_get_a_reminder_before_the_due_date_and_others_nothing() {
        let not_due = [item(-10, dec!(800), false)];
        let found = action(RiskClass::D, &not_due, dec!(0)).unwrap();
        assert_eq!(found.kind, ActionKind::PreDueReminder);
        assert_eq!(found.on, date("2026-04-05"));
        assert_eq!(found.amount_at_risk, dec!(800));
        assert_eq!(action(RiskClass::B, &not_due, dec!(0)), None);
        // Not for a few cents: the next due date with money worth a reminder.
        let found = action(
            RiskClass::D,
            &[item(-3, dec!(4), false), item(-20, dec!(800), false)],
            dec!(0),
        );
        assert_eq!(found.unwrap().on, date("2026-04-15"));
    }

    #[test]
    fn disputes_are_resolved_not_chased() {
        let found = action(RiskClass::B, &[item(30, dec!(900), true)], dec!(900)).unwrap();
        assert_eq!(found.kind, ActionKind::ResolveDispute);
        assert!(found.note.contains("900.00 EUR"), "{}", found.note);
        // A credit hold on other invoices is more urgent than the dispute.
        let both = [item(30, dec!(900), true), item(70, dec!(100), false)];
        assert_eq!(
            action(RiskClass::B, &both, dec!(1000)).unwrap().kind,
            ActionKind::CreditHold
        );
    }

    #[test]
    fn small_balances_and_credit_notes_are_not_chased() {
        assert_eq!(action(RiskClass::B, &[item(50, dec!(3.50), false)], dec!(1000)), None);
        assert_eq!(action(RiskClass::B, &[item(50, dec!(-300), false)], dec!(1000)), None);
    }

    #[test]
    fn a_large_share_of_the_overdue_money_is_one_priority_higher() {
        let found = action(RiskClass::B, &[item(30, dec!(5000), false)], dec!(10000)).unwrap();
        assert_eq!((found.kind, found.priority), (ActionKind::PhoneCall, 2));
    }

    proptest! {
        #[test]
        fn more_overdue_never_lowers_the_action(
            days in proptest::collection::vec(-40i64..200, 1..6),
            // From the small-balance threshold (10.00) up: smaller sums are not chased at all.
            amounts in proptest::collection::vec(1_000i64..1_000_000, 6),
            extra in 1i64..120,
            which in 0usize..6,
            risky in any::<bool>(),
            others in 0i64..10_000_000,
        ) {
            let class = if risky { RiskClass::E } else { RiskClass::B };
            let items: Vec<OpenItem> = days
                .iter()
                .zip(&amounts)
                .map(|(&days, &cents)| item(days, Decimal::new(cents, 2), false))
                .collect();
            let overdue = |items: &[OpenItem]| -> Decimal {
                items.iter().filter(|item| item.days_overdue > 0).map(|item| item.open).sum()
            };
            let mut later = items.clone();
            let index = which % later.len();
            later[index] = item(later[index].days_overdue + extra, later[index].open, false);
            let others = Decimal::new(others, 2);
            let before = action(class, &items, overdue(&items) + others);
            let after = action(class, &later, overdue(&later) + others);
            let rank = |action: &Option<NextAction>| action.as_ref().map(|action| severity(action.kind));
            prop_assert!(rank(&after) >= rank(&before), "{before:?} -> {after:?}");
            if let (Some(before), Some(after)) = (&before, &after) {
                prop_assert!(after.priority <= before.priority, "{before:?} -> {after:?}");
            }
        }
    }
}
