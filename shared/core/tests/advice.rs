//! The advice stage end to end through `analyze()`: a portfolio of customers whose true payment habits
//! are known (they are drawn from them), checked for what a credit manager would conclude.

use chrono::{NaiveDate, TimeDelta};
use credit_core::analysis::{ActionKind, Analysis, Confidence, CustomerAnalysis, RiskClass};
use credit_core::lang::Lang;
use credit_core::ledger::{CustomerRecord, DocumentKind, Entry, Ledger};
use credit_core::policy::Policy;
use credit_core::{analyze, AnalysisOptions};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

const AS_OF: &str = "2026-03-31";

/// A small deterministic generator (xorshift), so the portfolio is the same on every run.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next() % (high - low + 1) as u64) as i64
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Habit {
    Early,
    OnTime,
    SlightlyLate,
    ChronicallyLate,
    Deteriorating,
    Disputer,
}

/// Days after the due date an invoice `months_ago` months old is paid.
fn delay(habit: Habit, months_ago: i64, draw: &mut Draw) -> i64 {
    match habit {
        Habit::Early => draw.between(-12, -4),
        Habit::OnTime => draw.between(-2, 1),
        Habit::SlightlyLate => draw.between(4, 18),
        Habit::ChronicallyLate => draw.between(30, 60),
        Habit::Deteriorating => (24 - months_ago) * 3 + draw.between(0, 6),
        Habit::Disputer => draw.between(0, 7),
    }
}

/// Two years of monthly invoices per customer; whatever is not paid by the as-of date stays open.
fn portfolio() -> Ledger {
    let as_of = date(AS_OF);
    let customers = [
        ("EARLY", Habit::Early, 4000),
        ("ONTIME", Habit::OnTime, 9000),
        ("SLIGHT", Habit::SlightlyLate, 3000),
        ("CHRONIC", Habit::ChronicallyLate, 2500),
        ("WORSE", Habit::Deteriorating, 6000),
        ("DISPUTE", Habit::Disputer, 5000),
    ];
    let mut draw = Draw(0x9E37_79B9_7F4A_7C15);
    let mut entries = Vec::new();
    for (id, habit, size) in customers {
        for months_ago in (0..24).rev() {
            let invoice_date = as_of - TimeDelta::days(months_ago * 30 + 5);
            let due_date = invoice_date + TimeDelta::days(30);
            let amount = Decimal::from(size + draw.between(-500, 500));
            let paid_on = due_date + TimeDelta::days(delay(habit, months_ago, &mut draw));
            let disputed = habit == Habit::Disputer && months_ago == 3;
            entries.push(Entry {
                customer_id: id.into(),
                customer_name: Some(format!("{id} Ltd")),
                document: Some(format!("{id}-{months_ago}")),
                kind: DocumentKind::Invoice,
                invoice_date: Some(invoice_date),
                due_date,
                amount: Some(amount),
                paid_date: (paid_on <= as_of && !disputed).then_some(paid_on),
                disputed,
                ..Entry::default()
            });
        }
    }
    Ledger {
        entries,
        customers: vec![CustomerRecord {
            id: "ONTIME".into(),
            credit_limit: Some(Decimal::from(30_000)),
            payment_terms_days: Some(30),
            ..CustomerRecord::default()
        }],
        ..Ledger::default()
    }
}

fn analysis_of(ledger: &Ledger, lang: Lang) -> Analysis {
    analyze(
        ledger,
        &AnalysisOptions {
            as_of: date(AS_OF),
            lang: Some(lang),
            policy: Policy::default(),
        },
    )
}

fn customer<'a>(analysis: &'a Analysis, id: &str) -> &'a CustomerAnalysis {
    analysis
        .customers
        .iter()
        .find(|customer| customer.id == id)
        .unwrap_or_else(|| panic!("no customer {id}"))
}

#[test]
fn habits_become_classes_in_the_order_a_credit_manager_expects() {
    let analysis = analysis_of(&portfolio(), Lang::En);
    let class = |id| customer(&analysis, id).risk_class.unwrap();
    let score = |id| customer(&analysis, id).score.unwrap();
    assert_eq!(class("EARLY"), RiskClass::A);
    assert_eq!(class("ONTIME"), RiskClass::A);
    assert_eq!(class("SLIGHT"), RiskClass::B);
    assert!(class("CHRONIC") >= RiskClass::D, "{:?}", customer(&analysis, "CHRONIC"));
    assert!(class("WORSE") >= RiskClass::D, "{:?}", customer(&analysis, "WORSE"));
    assert!(score("EARLY") >= score("ONTIME"));
    assert!(score("ONTIME") > score("SLIGHT"));
    assert!(score("SLIGHT") > score("CHRONIC"));
    for id in ["EARLY", "ONTIME", "SLIGHT", "CHRONIC", "WORSE"] {
        assert_eq!(customer(&analysis, id).confidence, Some(Confidence::High), "{id}");
    }
}

#[test]
fn each_customer_gets_reasons_terms_an_action_and_a_segment() {
    let analysis = analysis_of(&portfolio(), Lang::En);
    let worse = customer(&analysis, "WORSE");
    assert!(
        worse
            .reasons
            .iter()
            .any(|reason| reason.starts_with("Paying later lately")),
        "{:?}",
        worse.reasons
    );
    let chronic = customer(&analysis, "CHRONIC");
    let action = chronic
        .next_action
        .as_ref()
        .expect("an action for a chronic late payer");
    assert!(action.amount_at_risk > Decimal::ZERO);
    assert!(action.priority <= 3, "{action:?}");
    let recommended = chronic.recommended.as_ref().unwrap();
    assert!(recommended.payment_terms_days <= 15);

    let dispute = customer(&analysis, "DISPUTE");
    assert_eq!(dispute.next_action.as_ref().unwrap().kind, ActionKind::ResolveDispute);
    assert!(
        dispute.risk_class.unwrap() <= RiskClass::C,
        "a dispute is not a late payment: {dispute:?}"
    );

    let ontime = customer(&analysis, "ONTIME");
    let recommended = ontime.recommended.as_ref().unwrap();
    assert!(
        recommended.credit_limit <= Decimal::from(30_000),
        "capped by the agreed limit"
    );
    assert!(!recommended.blocks_new_orders);
    assert_eq!(
        recommended.early_payment_discount, None,
        "a prompt payer is not paid to pay"
    );

    for customer in &analysis.customers {
        assert!(!customer.reasons.is_empty(), "{}", customer.id);
        let segment = customer.segment.as_deref().expect("a segment");
        assert!(analysis.segments.iter().any(|info| info.key == segment));
        assert!(customer.value.is_some());
        assert!(customer.expected_days_late.is_some());
    }
    // The action list: most money at risk first.
    let actions = analysis.actions();
    assert!(!actions.is_empty());
    assert!(actions
        .windows(2)
        .all(|pair| pair[0].1.amount_at_risk >= pair[1].1.amount_at_risk));
}

#[test]
fn open_items_get_expected_dates_and_the_forecast_adds_them_up() {
    let analysis = analysis_of(&portfolio(), Lang::En);
    let as_of = date(AS_OF);
    for item in &analysis.open_items {
        if let Some(expected) = item.expected_payment_date {
            assert!(expected > as_of, "{item:?}");
        } else {
            assert!(item.open <= Decimal::ZERO || item.days_overdue > 180, "{item:?}");
        }
    }
    assert_eq!(analysis.forecast.len(), 13);
    let forecast: Decimal = analysis.forecast.iter().map(|week| week.amount).sum();
    assert!(forecast > Decimal::ZERO && forecast <= analysis.totals.open);
}

#[test]
fn kpis_come_from_the_history() {
    let analysis = analysis_of(&portfolio(), Lang::En);
    let kpis = analysis.kpis.as_ref().expect("kpis");
    assert_eq!(kpis.open, analysis.totals.open);
    let dso = kpis.dso.expect("two years of history give a DSO");
    assert!(dso > 20.0 && dso < 120.0, "{dso}");
    assert!(kpis.dso_countback.is_some());
    assert!(kpis.cei.is_some_and(|cei| cei > 0.0 && cei <= 1.0));
    assert!(kpis.best_possible_dso.unwrap() <= dso);
    assert!(kpis.hhi.unwrap() > 1000.0 / 6.0);
    assert_eq!(kpis.targets.len(), 2);
    assert!(kpis.disputed > Decimal::ZERO);
}

/// 30,000 invoiced on the first of every month of 2025 on 30-day terms, each paid on its due date but
/// the last, which is open (and due) on the last day of the year.
fn monthly_ledger() -> Ledger {
    let entries = (1..=12)
        .map(|month| {
            let invoice_date = NaiveDate::from_ymd_opt(2025, month, 1).unwrap();
            let due_date = invoice_date + TimeDelta::days(30);
            Entry {
                customer_id: "only".into(),
                kind: DocumentKind::Invoice,
                invoice_date: Some(invoice_date),
                due_date,
                amount: Some(Decimal::from(30_000)),
                paid_date: (month < 12).then_some(due_date),
                ..Entry::default()
            }
        })
        .collect();
    Ledger {
        entries,
        ..Ledger::default()
    }
}

fn year_end(policy: Policy) -> Analysis {
    analyze(
        &monthly_ledger(),
        &AnalysisOptions {
            as_of: date("2025-12-31"),
            lang: Some(Lang::En),
            policy,
        },
    )
}

#[test]
fn kpis_of_a_ledger_worked_by_hand() {
    let analysis = year_end(Policy::default());
    let kpis = analysis.kpis.unwrap();
    // Standard: 30,000 open against the 60,000 invoiced since 2 October (1 November, 1 December) x 90.
    assert_eq!(kpis.dso, Some(45.0));
    // Countback: December's 30,000 of sales cover the 30,000 open: its 31 days.
    assert_eq!(kpis.dso_countback, Some(31.0));
    assert_eq!(kpis.best_possible_dso, Some(45.0));
    assert_eq!(kpis.average_days_delinquent, Some(0.0));
    // CEI over October-December: (30,000 + 90,000 / 3 - 30,000) / (30,000 + 30,000 - 30,000) = 100%.
    assert_eq!(kpis.cei, Some(1.0));
    assert_eq!(kpis.weighted_days_late, Some(0.0));
    assert_eq!(kpis.on_time_share, Some(1.0));
    assert_eq!(kpis.top10_share, Some(1.0));
    assert_eq!(kpis.hhi, Some(10_000.0));
    assert_eq!(kpis.targets[0].kind, "dso");
    assert!(kpis.targets[0].met);
    assert_eq!(kpis.targets[1].kind, "overdue_share");
    assert!(kpis.targets[1].met);
}

#[test]
fn a_debtor_balance_target_from_the_policy_file_says_what_it_takes() {
    let policy = Policy::from_toml("[targets]\ndebtor_balance = { amount = 20000, on = 2026-03-31 }\n").unwrap();
    let analysis = year_end(policy.clone());
    assert_eq!(analysis.policy, policy, "the policy used is carried in the output");
    let targets = analysis.kpis.unwrap().targets;
    let balance = targets.iter().find(|target| target.kind == "debtor_balance").unwrap();
    assert!(!balance.met);
    assert_eq!(balance.actual, "30,000.00 EUR");
    assert_eq!(
        balance.note,
        "the balance must fall by 10,000.00 EUR by 2026-03-31 (90 days left)"
    );
}

#[test]
fn an_open_items_list_gives_no_dso_but_still_scores_by_what_is_overdue() {
    let as_of = date(AS_OF);
    let item = |id: &str, days_overdue: i64, amount: i64| Entry {
        customer_id: id.into(),
        kind: DocumentKind::Invoice,
        invoice_date: Some(as_of - TimeDelta::days(days_overdue + 30)),
        due_date: as_of - TimeDelta::days(days_overdue),
        amount: Some(Decimal::from(amount)),
        ..Entry::default()
    };
    let ledger = Ledger {
        entries: vec![
            item("fresh", -10, 1000),
            item("stale", 100, 1000),
            item("stale", 95, 500),
        ],
        ..Ledger::default()
    };
    let analysis = analysis_of(&ledger, Lang::Nl);
    let kpis = analysis.kpis.as_ref().unwrap();
    assert_eq!(kpis.dso, None);
    assert_eq!(kpis.dso_countback, None);
    assert_eq!(kpis.cei, None);
    assert!(!kpis.targets[0].met);
    assert!(kpis.targets[0].note.contains("historiek"), "{}", kpis.targets[0].note);
    let fresh = customer(&analysis, "fresh");
    let stale = customer(&analysis, "stale");
    assert!(fresh.score > stale.score);
    assert_eq!(fresh.confidence, Some(Confidence::Low));
    assert_eq!(stale.next_action.as_ref().unwrap().kind, ActionKind::CollectionAgency);
    assert!(
        stale.reasons.iter().any(|reason| reason.contains("vervallen")),
        "{:?}",
        stale.reasons
    );
    // No history: the limit rests on the invoices not yet due; nothing is not due for "stale".
    assert_eq!(stale.recommended.as_ref().unwrap().credit_limit, Decimal::ZERO);
    assert!(fresh.recommended.as_ref().unwrap().credit_limit > Decimal::ZERO);
}

#[test]
fn the_json_carries_the_contract_fields() {
    let analysis = analysis_of(&portfolio(), Lang::Fr);
    let json = serde_json::to_value(&analysis).unwrap();
    let first = &json["customers"][0];
    for key in [
        "score",
        "risk_class",
        "confidence",
        "segment",
        "reasons",
        "recommended",
        "next_action",
        "value",
        "expected_days_late",
    ] {
        assert!(!first[key].is_null(), "customers[0].{key} is null: {first}");
    }
    for key in [
        "payment_terms_days",
        "credit_limit",
        "early_payment_discount",
        "deposit_percent",
    ] {
        assert!(first["recommended"].get(key).is_some(), "recommended.{key}");
    }
    for key in ["kind", "on", "priority", "note", "amount_at_risk"] {
        assert!(first["next_action"].get(key).is_some(), "next_action.{key}");
    }
    assert!(json["open_items"][0].get("expected_payment_date").is_some());
    assert!(json["kpis"]["dso"].is_number());
    assert_eq!(json["forecast"].as_array().unwrap().len(), 13);
    assert!(json["segments"].as_array().unwrap().len() >= 4);
    // And back: a stored analysis reads as it was written.
    let back: Analysis = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), json);
    assert_eq!(back.customers[0].reasons, analysis.customers[0].reasons);
}

#[test]
fn an_earlier_as_of_date_uses_only_what_was_known_then() {
    let ledger = portfolio();
    let early = analyze(
        &ledger,
        &AnalysisOptions {
            as_of: date("2025-06-30"),
            lang: None,
            policy: Policy::default(),
        },
    );
    // Deteriorating was still a fair payer nine months earlier.
    let worse_then = customer(&early, "WORSE").score.unwrap();
    let worse_now = customer(&analysis_of(&ledger, Lang::En), "WORSE").score.unwrap();
    assert!(worse_then > worse_now, "{worse_then} -> {worse_now}");
}

#[test]
fn remainders_of_short_payments_are_written_off_not_chased() {
    let as_of = date(AS_OF);
    let invoice = |months_ago: i64, paid_short: Option<i64>| {
        let invoice_date = as_of - TimeDelta::days(months_ago * 30 + 10);
        let due_date = invoice_date + TimeDelta::days(30);
        Entry {
            customer_id: "SHORT".into(),
            kind: DocumentKind::Invoice,
            invoice_date: Some(invoice_date),
            due_date,
            amount: Some(Decimal::from(1000)),
            paid: paid_short.map(|short| Decimal::from(1000 - short)),
            paid_date: (months_ago > 0).then_some(due_date),
            ..Entry::default()
        }
    };
    let mut entries: Vec<Entry> = (1..=12).map(|months_ago| invoice(months_ago, None)).collect();
    entries.extend([invoice(8, Some(15)), invoice(9, Some(12)), invoice(10, Some(20))]);
    entries.push(invoice(0, None));
    let analysis = analysis_of(
        &Ledger {
            entries,
            ..Ledger::default()
        },
        Lang::En,
    );
    let short = customer(&analysis, "SHORT");
    assert_eq!(
        short.overdue,
        Decimal::from(47),
        "the remainders are overdue money all the same"
    );
    assert_eq!(
        short.next_action, None,
        "but nobody calls a collection agency for bank charges"
    );
    assert!(
        short
            .reasons
            .iter()
            .any(|reason| reason.contains("3 remainder(s) of short payments (47.00 EUR)")),
        "{:?}",
        short.reasons
    );
    assert_eq!(short.risk_class, Some(RiskClass::A));
    let remainders = analysis.open_items.iter().filter(|item| item.open < Decimal::from(100));
    assert!(remainders.clone().count() == 3 && remainders.clone().all(|item| item.expected_payment_date.is_none()));
}

#[test]
fn the_next_action_is_about_undisputed_unpaid_invoices_and_adds_them_up() {
    // A formal notice asking for the disputed invoice or a short payment's remainder would demand money
    // the customer does not owe us yet (or that we write off): the action, and so its letter, leaves both out.
    let as_of = date(AS_OF);
    let overdue = |document: &str, days: i64, paid: Option<i64>, disputed: bool| Entry {
        customer_id: "MIXED".into(),
        document: Some(document.into()),
        kind: DocumentKind::Invoice,
        invoice_date: Some(as_of - TimeDelta::days(days + 30)),
        due_date: as_of - TimeDelta::days(days),
        amount: Some(Decimal::from(1000)),
        paid: paid.map(Decimal::from),
        disputed,
        ..Entry::default()
    };
    let ledger = Ledger {
        entries: vec![
            overdue("F1", 50, None, false),
            overdue("F2", 45, Some(400), false),
            overdue("F3", 48, None, true),
            overdue("F4", 70, Some(990), false),
        ],
        ..Ledger::default()
    };
    let analysis = analysis_of(&ledger, Lang::En);
    let mixed = customer(&analysis, "MIXED");
    assert_eq!(
        mixed.overdue,
        Decimal::from(2610),
        "1000 + 600 + 1000 disputed + 10 remainder"
    );
    let action = mixed.next_action.as_ref().expect("an action");
    assert_eq!(action.kind, ActionKind::FormalNotice);
    assert_eq!(action.amount_at_risk, Decimal::from(1600));
    let about: Vec<&str> = analysis
        .open_items
        .iter()
        .filter(|item| item.in_next_action)
        .map(|item| item.invoice.as_str())
        .collect();
    assert_eq!(about, ["F1", "F2"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A customer who pays an invoice later never scores higher, all else equal.
    #[test]
    fn paying_later_never_raises_the_score(
        delays in proptest::collection::vec(-30i64..150, 1..16),
        which in 0usize..16,
        later_by in 1i64..90,
        overdue_days in proptest::option::of(-20i64..200),
    ) {
        let as_of = date(AS_OF);
        let build = |delays: &[i64]| {
            let mut entries: Vec<Entry> = delays
                .iter()
                .enumerate()
                .map(|(index, &delay)| {
                    // Invoices of the last six months (the trend's recent ones) and of the year and a
                    // half before; a payment the delay would put after the as-of date is made the day
                    // before, so that every invoice stays paid and only its delay differs.
                    let invoice_date = as_of - TimeDelta::days(90 + 40 * index as i64);
                    let due_date = invoice_date + TimeDelta::days(30);
                    let paid_date = (due_date + TimeDelta::days(delay)).min(as_of - TimeDelta::days(1));
                    Entry {
                        customer_id: "x".into(),
                        kind: DocumentKind::Invoice,
                        invoice_date: Some(invoice_date),
                        due_date,
                        amount: Some(Decimal::from(1000 + 37 * index as i64)),
                        paid_date: Some(paid_date),
                        ..Entry::default()
                    }
                })
                .collect();
            // Another customer, so the portfolio average is not the customer itself.
            for index in 0..6 {
                let invoice_date = as_of - TimeDelta::days(200 + 30 * index);
                entries.push(Entry {
                    customer_id: "y".into(),
                    kind: DocumentKind::Invoice,
                    invoice_date: Some(invoice_date),
                    due_date: invoice_date + TimeDelta::days(30),
                    amount: Some(Decimal::from(800)),
                    paid_date: Some(invoice_date + TimeDelta::days(35)),
                    ..Entry::default()
                });
            }
            if let Some(days) = overdue_days {
                entries.push(Entry {
                    customer_id: "x".into(),
                    kind: DocumentKind::Invoice,
                    invoice_date: Some(as_of - TimeDelta::days(days + 30)),
                    due_date: as_of - TimeDelta::days(days),
                    amount: Some(Decimal::from(2000)),
                    ..Entry::default()
                });
            }
            Ledger { entries, ..Ledger::default() }
        };
        let mut later = delays.clone();
        let index = which % later.len();
        later[index] += later_by;
        let score = |ledger: &Ledger| customer(&analysis_of(ledger, Lang::En), "x").score.unwrap();
        let before = score(&build(&delays));
        let after = score(&build(&later));
        prop_assert!(after <= before, "paying invoice {} {} days later raised the score {} -> {}", index, later_by, before, after);
    }
}
