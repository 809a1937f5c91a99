//! The review computed from hand-built snapshots (see `portfolio/mod.rs` for the figures).

mod common;
mod portfolio;

use common::{input, month};
use credit_core::analysis::{ActionKind, RiskClass};
use credit_core::lang::Lang;
use credit_review::build_review;
use credit_review::model::{Figure, KpiKind, MoveKind, Verdict};
use portfolio::{october_2025, october_2026, september_2026};
use pretty_assertions::assert_eq;
use rust_decimal_macros::dec;

fn money(figure: Option<Figure>) -> rust_decimal::Decimal {
    match figure {
        Some(Figure::Money(amount)) => amount,
        other => panic!("not an amount: {other:?}"),
    }
}

fn value(figure: Option<Figure>) -> f64 {
    figure.map(Figure::to_f64).expect("a figure")
}

#[test]
fn kpis_compare_this_month_with_last_month_a_year_before_and_the_targets() {
    let review = build_review(&input(
        "2026-10",
        Lang::En,
        &[october_2025(), september_2026(), october_2026()],
    ));
    assert_eq!(review.current.as_ref().map(|s| s.month), Some(month("2026-10")));
    assert_eq!(review.previous.as_ref().map(|s| s.month), Some(month("2026-09")));
    assert_eq!(review.year_ago.as_ref().map(|s| s.month), Some(month("2025-10")));

    let open = review.kpi(KpiKind::Open).expect("open");
    assert_eq!(money(open.this_month), dec!(30100));
    assert_eq!(money(open.last_month), dec!(20000));
    assert_eq!(money(open.year_ago), dec!(12000));
    assert_eq!(money(open.change()), dec!(10100));
    assert_eq!(open.target, None, "no debtor-balance target in the default policy");

    let share = review.kpi(KpiKind::OverdueShare).expect("overdue share");
    assert!((value(share.this_month) - 7000.0 / 30100.0).abs() < 1e-12);
    assert!((value(share.last_month) - 0.4).abs() < 1e-12);
    assert!((value(share.year_ago) - 0.25).abs() < 1e-12);
    assert_eq!(share.target, Some(Figure::Share(0.15)));
    assert_eq!(share.target_met(), Some(false));
    assert_eq!(share.verdict(), Some(Verdict::Better), "23% overdue is better than 40%");

    let dso = review.kpi(KpiKind::Dso).expect("dso");
    assert_eq!(
        (dso.this_month, dso.last_month, dso.target),
        (
            Some(Figure::Days(50.0)),
            Some(Figure::Days(40.0)),
            Some(Figure::Days(45.0))
        )
    );
    assert_eq!(dso.change(), Some(Figure::Days(10.0)));
    assert_eq!(dso.target_met(), Some(false));
    assert_eq!(dso.verdict(), Some(Verdict::Worse));

    let cei = review.kpi(KpiKind::Cei).expect("cei");
    assert_eq!(
        cei.verdict(),
        Some(Verdict::Worse),
        "a CEI falling from 70% to 60% is worse"
    );
    let items = review.kpi(KpiKind::OpenItems).expect("items");
    assert_eq!(
        (items.this_month, items.last_month),
        (Some(Figure::Count(6)), Some(Figure::Count(5)))
    );
    assert_eq!(items.verdict(), Some(Verdict::Unchanged), "a count has no better way");
}

#[test]
fn movers_are_class_changes_new_large_customers_and_jumped_balances() {
    let review = build_review(&input("2026-10", Lang::En, &[september_2026(), october_2026()]));
    let movers: Vec<(MoveKind, &str, Option<RiskClass>, Option<RiskClass>)> = review
        .movers
        .iter()
        .map(|m| (m.kind, m.customer_id.as_str(), m.class_before, m.class_now))
        .collect();
    assert_eq!(
        movers,
        [
            (MoveKind::ClassFell, "A", Some(RiskClass::B), Some(RiskClass::C)),
            (MoveKind::ClassFell, "B", Some(RiskClass::D), Some(RiskClass::E)),
            (MoveKind::NewLarge, "E", None, Some(RiskClass::B)),
            (MoveKind::BalanceJumped, "A", Some(RiskClass::B), Some(RiskClass::C)),
            (MoveKind::ClassRose, "D", Some(RiskClass::C), Some(RiskClass::B)),
        ],
        "F is new but holds 0.3% of the balance; C's balance fell"
    );
    let jumped = &review.movers[3];
    assert_eq!(
        (jumped.open_before, jumped.open_now, jumped.change()),
        (Some(dec!(10000)), dec!(16000), dec!(6000))
    );
    let new = &review.movers[2];
    assert_eq!((new.open_before, new.change()), (None, dec!(6000)));
}

#[test]
fn a_balance_that_grows_by_half_but_stays_small_is_not_a_jump() {
    let mut september = september_2026();
    let mut october = october_2026();
    // D: 1,000 -> 1,600 is +60% of itself but 600 is under 2% of 31,700.
    october.analysis.customers[5].open = dec!(600) + dec!(1000);
    october.analysis.totals.open += dec!(1600);
    october.summary.totals.open += dec!(1600);
    september.analysis.customers[3].risk_class = Some(RiskClass::B);
    let review = build_review(&input("2026-10", Lang::En, &[september, october]));
    assert!(
        !review.movers.iter().any(|m| m.customer_id == "D"),
        "{:?}",
        review.movers
    );
}

#[test]
fn worst_payers_have_money_overdue_lowest_score_first_and_most_valuable_rank_by_revenue() {
    let review = build_review(&input("2026-10", Lang::En, &[september_2026(), october_2026()]));
    let worst: Vec<(&str, Option<u8>, Option<RiskClass>)> = review
        .worst_payers
        .iter()
        .map(|c| (c.customer_id.as_str(), c.score, c.class_before))
        .collect();
    assert_eq!(
        worst,
        [("B", Some(30), Some(RiskClass::D)), ("A", Some(62), Some(RiskClass::B))]
    );
    let valuable: Vec<&str> = review.most_valuable.iter().map(|c| c.customer_id.as_str()).collect();
    assert_eq!(valuable, ["A", "C", "E", "B", "D"], "F has no revenue");
    assert_eq!(review.most_valuable[0].revenue_12m, Some(dec!(120000)));
}

#[test]
fn actions_of_last_month_stay_open_while_their_invoices_are_unpaid() {
    let review = build_review(&input("2026-10", Lang::En, &[september_2026(), october_2026()]));
    type Line<'a> = (
        &'a str,
        ActionKind,
        usize,
        rust_decimal::Decimal,
        i64,
        Option<ActionKind>,
    );
    let open: Vec<Line> = review
        .open_actions
        .iter()
        .map(|a| {
            (
                a.customer_id.as_str(),
                a.kind,
                a.invoices_still_open,
                a.still_open,
                a.max_days_overdue_now,
                a.action_now,
            )
        })
        .collect();
    assert_eq!(
        open,
        [
            (
                "B",
                ActionKind::PhoneCall,
                1,
                dec!(5000),
                91,
                Some(ActionKind::CreditHold)
            ),
            ("A", ActionKind::Reminder, 1, dec!(2000), 60, None),
        ],
        "C's pre-due reminder was about C-1, paid; D paid D-1; A's A-2 was not due, so not the reminder's"
    );
    assert_eq!(review.open_actions[1].amount_then, dec!(2000));
}

#[test]
fn the_summary_has_three_sentences_with_the_month_over_month_figures() {
    let review = build_review(&input(
        "2026-10",
        Lang::En,
        &[october_2025(), september_2026(), october_2026()],
    ));
    assert_eq!(
        review.summary,
        [
            "On 31 October 2026, 30,100.00 EUR was open, up 50.5% on September 2026 (20,000.00 EUR), and 23.3% of it was overdue (against 40.0%; target 15.0%).".to_owned(),
            "DSO went from 40.0 in September 2026 to 50.0 days, against a target of 45 (target missed); the CEI went from 70.0% to 60.0%.".to_owned(),
            "Since September 2026: 2 customers fell to a worse risk class and 1 rose to a better one, 1 new customer came with a large balance and 1 balance jumped; 2 actions recommended then are still unpaid (7,000.00 EUR).".to_owned(),
        ]
    );
    assert!(review.notes.is_empty(), "{:?}", review.notes);
}

#[test]
fn the_summary_speaks_dutch_and_french() {
    let snapshots = [september_2026(), october_2026()];
    let nl = build_review(&input("2026-10", Lang::Nl, &snapshots));
    assert!(
        nl.summary[0].starts_with("Op 31 oktober 2026 stond er 30.100,00 EUR open (50,5% meer dan in september 2026"),
        "{}",
        nl.summary[0]
    );
    assert!(
        nl.summary[2].contains("2 acties van toen staan nog open (7.000,00 EUR)"),
        "{}",
        nl.summary[2]
    );
    let fr = build_review(&input("2026-10", Lang::Fr, &snapshots));
    assert!(
        fr.summary[0]
            .starts_with("Au 31 octobre 2026, l'encours était de 30 100,00 EUR (50,5 % de plus qu'en septembre 2026"),
        "{}",
        fr.summary[0]
    );
    assert!(
        fr.summary[1].starts_with("Le DSO est passé de 40,0 en septembre 2026 à 50,0 jours"),
        "{}",
        fr.summary[1]
    );
    for review in [&nl, &fr] {
        assert!(review.summary.iter().all(|sentence| sentence.ends_with('.')));
    }
}

#[test]
fn a_first_month_has_nothing_to_compare_and_says_so() {
    let review = build_review(&input("2026-10", Lang::En, &[october_2026()]));
    assert_eq!(review.previous, None);
    assert!(review.movers.is_empty() && review.open_actions.is_empty());
    assert_eq!(review.kpi(KpiKind::Open).and_then(|row| row.change()), None);
    assert_eq!(
        review.summary[0],
        "On 31 October 2026, 30,100.00 EUR was open, and 23.3% of it was overdue (target 15.0%)."
    );
    assert!(review.summary[2].starts_with("There is no earlier snapshot to compare with yet"));
    assert_eq!(
        review.notes,
        [
            "First review: there is no earlier snapshot to compare with.",
            "No snapshot of October 2025: no comparison with a year before.",
        ]
    );
    assert_eq!(
        review.worst_payers.len(),
        2,
        "the current month's lists need no comparison"
    );
}

#[test]
fn a_skipped_month_is_named_and_the_review_compares_with_the_month_before_it() {
    let mut august = september_2026();
    august.analysis.as_of = common::date("2026-08-31");
    let august = common::snapshot(august.analysis);
    let review = build_review(&input("2026-10", Lang::En, &[august, october_2026()]));
    assert_eq!(review.previous.as_ref().map(|s| s.month), Some(month("2026-08")));
    assert_eq!(review.missing_months, [month("2026-09")]);
    assert!(
        review.summary[0].contains("up 50.5% on August 2026"),
        "{}",
        review.summary[0]
    );
    assert_eq!(
        review.notes[..2],
        [
            "No snapshot of September 2026: compared with August 2026 instead.",
            "Months without a snapshot: September 2026.",
        ]
    );
}

#[test]
fn a_month_without_a_ledger_shows_the_latest_figures_and_says_so() {
    let review = build_review(&input("2026-11", Lang::En, &[september_2026(), october_2026()]));
    assert!(review.is_stale());
    assert_eq!(review.current.as_ref().map(|s| s.month), Some(month("2026-10")));
    assert_eq!(review.previous.as_ref().map(|s| s.month), Some(month("2026-09")));
    assert!(
        review.summary[0].starts_with(
            "No ledger was analysed for November 2026; on 31 October 2026, the latest analysed, 30,100.00 EUR was open"
        ),
        "{}",
        review.summary[0]
    );
    assert_eq!(
        review.notes[0],
        "No ledger was analysed for November 2026: the figures are those of 31 October 2026 (ledger-2026-10-31.xlsx)."
    );
    assert_eq!(
        review.trend.last().map(|point| (point.month, point.snapshot.is_none())),
        Some((month("2026-11"), true))
    );
}

#[test]
fn nothing_in_twelve_months_is_nothing_to_review() {
    let review = build_review(&input("2027-11", Lang::Fr, &[october_2026()]));
    assert!(!review.has_figures());
    assert!(review.kpis.is_empty() && review.trend.is_empty());
    assert_eq!(
        review.summary[0],
        "Aucune balance n'a été analysée au cours des douze mois jusqu'à novembre 2027 inclus."
    );
}

#[test]
fn the_trend_runs_from_the_first_month_with_a_snapshot_with_gaps_for_missing_months() {
    let review = build_review(&input(
        "2026-10",
        Lang::En,
        &[october_2025(), september_2026(), october_2026()],
    ));
    let months: Vec<String> = review.trend.iter().map(|point| point.month.to_string()).collect();
    assert_eq!(
        months,
        ["2026-09", "2026-10"],
        "October 2025 is outside the window: it is the year-ago column only"
    );
    assert_eq!(review.trend[0].open, Some(dec!(20000)));
    let mut july = september_2026();
    july.analysis.as_of = common::date("2026-07-31");
    let july = common::snapshot(july.analysis);
    let review = build_review(&input("2026-10", Lang::En, &[july, october_2026()]));
    let points: Vec<(String, Option<rust_decimal::Decimal>)> = review
        .trend
        .iter()
        .map(|point| (point.month.to_string(), point.open))
        .collect();
    assert_eq!(
        points,
        [
            ("2026-07".to_owned(), Some(dec!(20000))),
            ("2026-08".to_owned(), None),
            ("2026-09".to_owned(), None),
            ("2026-10".to_owned(), Some(dec!(30100))),
        ]
    );
    let review = build_review(&input("2026-10", Lang::En, &[september_2026(), october_2026()]));
    assert_eq!(review.trend.len(), 2, "the trend starts at the first snapshot");
    assert_eq!(review.trend[1].dso, Some(50.0));
}

#[test]
fn a_pre_due_reminder_is_about_the_items_falling_due_and_a_dispute_about_the_disputed_items() {
    let mut september = september_2026();
    let mut october = october_2026();
    // C: the reminder was about C-1 (4,000 due on 15 October); C-9, due later, is not its business.
    september
        .analysis
        .open_items
        .push(common::item("C", "C-9", "2026-10-30", dec!(500), -30));
    october
        .analysis
        .open_items
        .push(common::item("C", "C-9", "2026-10-30", dec!(500), 1));
    // D disputed D-7 in September and it is still open; its paid D-1 is not the dispute's business.
    let mut disputed = common::item("D", "D-7", "2026-09-01", dec!(300), 29);
    disputed.disputed = true;
    september.analysis.open_items.push(disputed.clone());
    september.analysis.customers[3] = common::with_action(
        september.analysis.customers[3].clone(),
        ActionKind::ResolveDispute,
        "2026-09-30",
        dec!(300),
    );
    disputed.days_overdue = 60;
    october.analysis.open_items.push(disputed);
    let review = build_review(&input("2026-10", Lang::En, &[september, october]));
    let open: Vec<(&str, ActionKind, rust_decimal::Decimal)> = review
        .open_actions
        .iter()
        .map(|a| (a.customer_id.as_str(), a.kind, a.still_open))
        .collect();
    assert_eq!(
        open,
        [
            ("B", ActionKind::PhoneCall, dec!(5000)),
            ("A", ActionKind::Reminder, dec!(2000)),
            ("D", ActionKind::ResolveDispute, dec!(300)),
        ]
    );
}
