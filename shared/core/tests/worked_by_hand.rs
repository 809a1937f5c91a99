//! Small portfolios whose right answers are worked out by hand, read from csv text as a user's file is
//! (`credit_import::read_ledger`) and analysed through the public API. Each figure asserted is derived
//! in the comment above it from the documented formulas and the default policy.

use chrono::{NaiveDate, TimeDelta};
use credit_core::analysis::{AbcClass, ActionKind, Analysis, Confidence, CustomerAnalysis, RiskClass};
use credit_core::analyze::{analyze, AnalysisOptions};
use credit_core::lang::Lang;
use credit_import::{read_ledger, ImportOptions};
use rust_decimal::Decimal;

fn date(text: &str) -> NaiveDate {
    text.parse().expect("an ISO date")
}

const HEADER: &str = "Customer;Name;Invoice;Invoice date;Due date;Amount;Paid date;Disputed\n";

fn analysis_of(csv: &str, as_of: &str) -> Analysis {
    let ledger = read_ledger(csv.as_bytes(), "by-hand.csv", &ImportOptions::default()).expect("imports");
    assert!(ledger.issues.is_empty(), "{:?}", ledger.issues);
    analyze(
        &ledger,
        &AnalysisOptions {
            as_of: date(as_of),
            lang: Some(Lang::En),
            policy: Default::default(),
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

fn amount(value: i64) -> Decimal {
    Decimal::from(value)
}

/// Four customers with ten invoices of 1,000 each (dated the 1st of June 2025 to March 2026, due 30 days
/// later), every one paid the same number of days from its due date: 30 early, on the day, 30 late, 90
/// late; and one customer with a single invoice paid 30 days late. As of 30 June 2026, all are paid.
fn habits() -> String {
    let mut csv = String::from(HEADER);
    for (id, days) in [("EARLY", -30i64), ("ONTIME", 0), ("LATE30", 30), ("LATE90", 90)] {
        for month in 0..10u32 {
            let invoice =
                NaiveDate::from_ymd_opt(2025 + (5 + month as i32) / 12, (5 + month) % 12 + 1, 1).expect("date");
            let due = invoice + TimeDelta::days(30);
            let paid = due + TimeDelta::days(days);
            csv += &format!("{id};{id} Ltd;{id}-{month};{invoice};{due};1000;{paid};\n");
        }
    }
    csv += "SINGLE;Single Ltd;S-1;2026-01-01;2026-01-31;1000;2026-03-02;\n";
    csv
}

#[test]
fn payment_habits_give_the_paydex_scores_shrunk_toward_the_portfolio() {
    let analysis = analysis_of(&habits(), "2026-06-30");
    // The portfolio pays (10 x -30 + 10 x 0 + 11 x 30 + 10 x 90) / 41 = 22.68 days late: PAYDEX
    // 60 - 0.68 / 8 x 10 = 59.15. Ten invoices of one's own weigh 10 against the portfolio's 3:
    //   30 early: (10 x 100 + 3 x 59.15) / 13 = 90.6 -> 91, A
    //   on time:  (10 x  80 + 3 x 59.15) / 13 = 75.2 -> 75, B
    //   30 late:  (10 x  50 + 3 x 59.15) / 13 = 52.1 -> 52, D
    //   90 late:  (10 x  30 + 3 x 59.15) / 13 = 36.7 -> 37, E
    // One invoice 30 days late: (1 x 50 + 3 x 59.15) / 4 = 56.9, less 5 for a customer first invoiced five
    // months ago: 51.9 -> 52, D, with low confidence.
    for (id, score, class, confidence) in [
        ("EARLY", 91, RiskClass::A, Confidence::Medium),
        ("ONTIME", 75, RiskClass::B, Confidence::Medium),
        ("LATE30", 52, RiskClass::D, Confidence::Medium),
        ("LATE90", 37, RiskClass::E, Confidence::Medium),
        ("SINGLE", 52, RiskClass::D, Confidence::Low),
    ] {
        let customer = customer(&analysis, id);
        assert_eq!(
            (customer.score, customer.risk_class, customer.confidence),
            (Some(score), Some(class), Some(confidence)),
            "{id}"
        );
    }
    let single = customer(&analysis, "SINGLE");
    assert_eq!(single.behaviour.as_ref().map(|b| b.weighted_days_late), Some(30.0));
    assert!(
        single
            .reasons
            .iter()
            .any(|reason| reason.contains("leans on the portfolio average")),
        "{:?}",
        single.reasons
    );
    // Segments: 9,000 of sales in the last 12 months for each of the four, 1,000 for SINGLE (37,000 in
    // all). Ranked, the four start at 0%, 24%, 49% and 73% of the revenue: A customers; SINGLE starts at
    // 97%: C. No growth without two years of history. Risky from class D on.
    for (id, abc, segment) in [
        ("EARLY", AbcClass::A, "grow"),
        ("ONTIME", AbcClass::A, "grow"),
        ("LATE30", AbcClass::A, "watch"),
        ("LATE90", AbcClass::A, "watch"),
        ("SINGLE", AbcClass::C, "secure"),
    ] {
        let customer = customer(&analysis, id);
        let value = customer.value.as_ref().expect("a value");
        assert_eq!(
            (value.abc, value.growth, customer.segment.as_deref()),
            (abc, None, Some(segment)),
            "{id}"
        );
    }
    // Expected delays: the customer's median shrunk 10:3 toward the portfolio's median (30 days):
    // (10 x -30 + 3 x 30) / 13 = -16.2, (0 + 90) / 13 = 6.9, 30, (900 + 90) / 13 = 76.2.
    for (id, days) in [("EARLY", -16.2), ("ONTIME", 6.9), ("LATE30", 30.0), ("LATE90", 76.2)] {
        assert_eq!(customer(&analysis, id).expected_days_late, Some(days), "{id}");
    }
}

#[test]
fn terms_limits_and_discounts_of_the_habits_worked_by_hand() {
    let analysis = analysis_of(&habits(), "2026-06-30");
    let recommended = |id| customer(&analysis, id).recommended.clone().expect("terms");
    // Sales of the last 12 months: the nine invoices since July 2025, 9,000, i.e. 750 a month.
    // A: 45 days, paid early so no delay: 750 x 45 / 30 x 2.5 = 2,812.50 -> 2,800 (steps of 100).
    let early = recommended("EARLY");
    assert_eq!((early.payment_terms_days, early.credit_limit), (45, amount(2800)));
    // Paid on day 45 - 16.2 = 28.8, 2/10 costs 2/98 x 365/18.8 = 39.6% a year: not offered.
    assert_eq!(early.early_payment_discount, None);
    // B: 30 days + 6.9 expected: 750 x 36.9 / 30 x 2.0 = 1,845 -> 1,800.
    let on_time = recommended("ONTIME");
    assert_eq!((on_time.payment_terms_days, on_time.credit_limit), (30, amount(1800)));
    // D: 15 days + 30: 750 x 45 / 30 x 1.0 = 1,125 -> 1,100. Paid on day 45: 2/10 costs
    // 2/98 x 365/35 = 21.3% (above 8% + 5%), 1/10 costs 1/99 x 365/35 = 10.53%: offered.
    let late = recommended("LATE30");
    assert_eq!((late.payment_terms_days, late.credit_limit), (15, amount(1100)));
    let discount = late.early_payment_discount.expect("1/10 pays for a class-D payer");
    assert_eq!(
        (
            discount.percent,
            discount.within_days,
            discount.annualised_cost,
            discount.hurdle_rate
        ),
        (amount(1), 10, 0.1053, 0.13)
    );
    // E: no credit, half up front, no discount.
    let worst = recommended("LATE90");
    assert_eq!(
        (worst.payment_terms_days, worst.credit_limit, worst.deposit_percent),
        (0, amount(0), amount(50))
    );
    assert_eq!(worst.early_payment_discount, None);
    // Nothing is open, so nothing is blocked and nothing is chased.
    for customer in &analysis.customers {
        assert!(
            !customer.recommended.as_ref().expect("terms").blocks_new_orders,
            "{}",
            customer.id
        );
        assert_eq!(customer.next_action, None, "{}", customer.id);
    }
}

#[test]
fn a_limit_below_the_balance_blocks_orders_and_a_dispute_is_resolved_not_chased() {
    let mut csv = habits();
    // LATE30 orders 3,000 more, not due yet; ONTIME disputes an invoice now 60 days overdue.
    csv += "LATE30;LATE30 Ltd;L-open;2026-06-15;2026-07-15;3000;;\n";
    csv += "ONTIME;ONTIME Ltd;O-disp;2026-04-01;2026-05-01;1000;;yes\n";
    let analysis = analysis_of(&csv, "2026-06-30");

    // Sales 12,000 over 12 months: 1,000 x (15 + 30) / 30 x 1.0 = 1,500, below the 3,000 owed.
    let late = customer(&analysis, "LATE30");
    let recommended = late.recommended.clone().expect("terms");
    assert_eq!(recommended.credit_limit, amount(1500));
    assert!(recommended.blocks_new_orders);
    assert!(
        late.reasons
            .iter()
            .any(|reason| reason.contains("new orders are blocked")),
        "{:?}",
        late.reasons
    );
    // Class D gets a friendly reminder five days before the due date.
    let action = late.next_action.clone().expect("a pre-due reminder");
    assert_eq!(
        (action.kind, action.on),
        (ActionKind::PreDueReminder, date("2026-07-10"))
    );
    // Expected 30 days after its due date, as every one of its invoices.
    let item = analysis
        .open_items
        .iter()
        .find(|item| item.invoice == "L-open")
        .expect("item");
    assert_eq!(item.expected_payment_date, Some(date("2026-08-14")));

    // The dispute: resolved, never reminded; it takes the 10 dispute points (all of the balance is
    // disputed) but not the overdue ones: 75 - 10 = 65, still B.
    let disputer = customer(&analysis, "ONTIME");
    let action = disputer.next_action.clone().expect("an action");
    assert_eq!(action.kind, ActionKind::ResolveDispute);
    assert_eq!(action.amount_at_risk, amount(1000));
    assert_eq!(disputer.score, Some(65));
    // Limit: 10,000 / 12 x (30 + 6.9) / 30 x 2.0 = 2,050 -> 2,100; it covers the 1,000.
    let recommended = disputer.recommended.clone().expect("terms");
    assert_eq!(recommended.credit_limit, amount(2100));
    assert!(!recommended.blocks_new_orders);
    assert_eq!(analysis.kpis.as_ref().map(|kpis| kpis.disputed), Some(amount(1000)));
}

/// December 30,000 (A, paid on the day); January 30,000 (B, paid 10 days late); February 10,000 to A
/// (paid on the day) and 10,000 to C (open); March 25,000 to A and 15,000 to B, open and not yet due.
const QUARTER: &str = "A;A Ltd;D1;2025-12-10;2026-01-09;30000;2026-01-09;
B;B Ltd;J1;2026-01-15;2026-02-14;30000;2026-02-24;
A;A Ltd;F1;2026-02-10;2026-03-12;10000;2026-03-12;
C;C Ltd;F2;2026-02-10;2026-03-12;10000;;
A;A Ltd;M1;2026-03-15;2026-04-14;25000;;
B;B Ltd;M2;2026-03-15;2026-04-14;15000;;
";

#[test]
fn kpis_of_a_quarter_worked_by_hand() {
    let analysis = analysis_of(&format!("{HEADER}{QUARTER}"), "2026-03-31");
    let kpis = analysis.kpis.clone().expect("kpis");
    // Receivables 50,000, of which 40,000 not due; sales January-March 90,000.
    assert_eq!(
        (kpis.open, kpis.overdue, kpis.overdue_share),
        (amount(50000), amount(10000), Some(0.2))
    );
    // Standard: 50,000 / 90,000 x 90 = 50; best possible: 40,000 / 90,000 x 90 = 40; delinquent 10.
    assert_eq!(kpis.dso, Some(50.0));
    assert_eq!(kpis.best_possible_dso, Some(40.0));
    assert_eq!(kpis.average_days_delinquent, Some(10.0));
    // Countback: March's 40,000 take its 31 days, the 10,000 left are half of February's 20,000: 14.
    assert_eq!(kpis.dso_countback, Some(45.0));
    // CEI: beginning (31 December) 30,000, sales 90,000 / 3 = 30,000, ending 50,000 of which 40,000
    // current: (30 + 30 - 50) / (30 + 30 - 40) = 50%.
    assert_eq!(kpis.cei, Some(0.5));
    // Settled: 30,000 x 0 + 30,000 x 10 + 10,000 x 0 over 70,000 = 4.3 days; two of three on time.
    assert_eq!(kpis.weighted_days_late, Some(4.3));
    assert_eq!(kpis.on_time_share, Some(0.6667));
    // Balances 25,000, 15,000, 10,000: shares 50%, 30%, 20%, HHI 2,500 + 900 + 400.
    assert_eq!(kpis.hhi, Some(3800.0));
    assert_eq!(kpis.top10_share, Some(1.0));
    // DSO target 45 days: 90,000 x 45 / 90 = 45,000 allowed, 5,000 to collect. Overdue share target
    // 15%: (10,000 - 0.15 x 50,000) / 0.85 = 2,941.18.
    assert_eq!(
        kpis.targets[0].note,
        "collect 5,000.00 EUR more to reach 45 days at the present sales"
    );
    assert_eq!(
        kpis.targets[1].note,
        "collect 2,941.18 EUR of overdue money to get down to 15.0%"
    );

    // Expected dates: A pays on the day (its delays 0, 0; the portfolio's median 0); B's one delay of 10
    // shrunk 1:3 toward 0 is 2.5 -> 3 days; C's item is already 19 days late and nobody paid later than
    // that, so it waits as long again: 12 March + 38 days. All three fall in the week of 13 April.
    let expected: Vec<(&str, Option<NaiveDate>)> = analysis
        .open_items
        .iter()
        .map(|item| (item.invoice.as_str(), item.expected_payment_date))
        .collect();
    assert_eq!(
        expected,
        [
            ("M1", Some(date("2026-04-14"))),
            ("M2", Some(date("2026-04-17"))),
            ("F2", Some(date("2026-04-19")))
        ]
    );
    let weeks: Vec<(NaiveDate, Decimal)> = analysis
        .forecast
        .iter()
        .filter(|week| !week.amount.is_zero())
        .map(|week| (week.week_start, week.amount))
        .collect();
    assert_eq!(weeks, [(date("2026-04-13"), amount(50000))]);

    // C: 10,000 19 days overdue, no history of its own: the portfolio's PAYDEX of 4.29 days (77.14)
    // moves all the way to PAYDEX(19) = 64.29; less 5 as a new customer: 59, C. Sales 10,000 over the
    // 49 days it is known (1.61 months): 6,211.80 a month x 30 / 30 x 1.5 = 9,318 -> 9,300, below the
    // 10,000 owed: blocked. Its oldest invoice is 19 days overdue: the second reminder, one priority
    // higher (4 -> 3) as it holds all the overdue money.
    let c = customer(&analysis, "C");
    assert_eq!((c.score, c.risk_class), (Some(59), Some(RiskClass::C)));
    let recommended = c.recommended.clone().expect("terms");
    assert_eq!(recommended.credit_limit, amount(9300));
    assert!(recommended.blocks_new_orders);
    let action = c.next_action.clone().expect("an action");
    assert_eq!(
        (action.kind, action.on, action.priority),
        (ActionKind::SecondReminder, date("2026-03-31"), 3)
    );
}

#[test]
fn an_as_of_date_in_the_past_ignores_later_invoices_and_payments() {
    let analysis = analysis_of(&format!("{HEADER}{QUARTER}"), "2026-02-28");
    // March's invoices did not exist yet; A's February invoice was paid on 12 March: still open.
    assert_eq!(analysis.source.rows_used, 4);
    assert!(analysis
        .issues
        .iter()
        .any(|issue| issue.message.contains("2 documents dated after")));
    let open: Vec<(&str, &str)> = analysis
        .open_items
        .iter()
        .map(|item| (item.customer_id.as_str(), item.invoice.as_str()))
        .collect();
    assert_eq!(open, [("A", "F1"), ("C", "F2")]);
    assert_eq!(
        customer(&analysis, "A").behaviour.as_ref().map(|b| b.paid_invoices),
        Some(1)
    );
    let kpis = analysis.kpis.clone().expect("kpis");
    assert_eq!((kpis.open, kpis.overdue), (amount(20000), amount(0)));
    // Sales December-February 80,000: 20,000 / 80,000 x 90 = 22.5 days.
    assert_eq!(kpis.dso, Some(22.5));
    // Countback: February's 20,000 cover the 20,000 open: its 28 days.
    assert_eq!(kpis.dso_countback, Some(28.0));
    // Settled by then: D1 on the day, J1 10 days late, 30,000 each.
    assert_eq!(kpis.weighted_days_late, Some(5.0));
    assert_eq!(kpis.hhi, Some(5000.0));
}

#[test]
fn countback_from_a_month_end_counts_calendar_months() {
    // Seen: as of 30 June, the countback's "June" ran from 31 May (30 June less one month is 30 May),
    // so it had 31 days and held the sales of 31 May. Open: 10,000 of 31 May and 10,000 of 15 June.
    // June's 10,000 take its 30 days, May's its 31: 61 days (it said 31).
    let csv = format!(
        "{HEADER}A;A Ltd;P1;2026-03-31;2026-04-30;5000;2026-04-30;
A;A Ltd;M31;2026-05-31;2026-06-30;10000;;
A;A Ltd;J15;2026-06-15;2026-07-15;10000;;
"
    );
    let kpis = analysis_of(&csv, "2026-06-30").kpis.expect("kpis");
    assert_eq!(kpis.dso_countback, Some(61.0));
    // The same ledger seen from 29 June (not a month end) counts back from that day: (29 May, 29 June]
    // holds both sales, 20,000 over 31 days.
    let kpis = analysis_of(&csv, "2026-06-29").kpis.expect("kpis");
    assert_eq!(kpis.dso_countback, Some(31.0));
}

#[test]
fn concentration_of_one_large_and_eleven_small_balances() {
    // 45,000 and eleven times 5,000: the ten largest hold 45,000 + 9 x 5,000 = 90% of 100,000;
    // HHI 45^2 + 11 x 5^2 = 2,025 + 275 = 2,300.
    let mut csv = String::from(HEADER);
    csv += "BIG;Big Ltd;X0;2026-03-01;2026-03-31;45000;;\n";
    for index in 1..=11 {
        csv += &format!("S{index:02};Small {index};X{index};2026-03-01;2026-03-31;5000;;\n");
    }
    let kpis = analysis_of(&csv, "2026-03-31").kpis.expect("kpis");
    assert_eq!(kpis.top10_share, Some(0.9));
    assert_eq!(kpis.hhi, Some(2300.0));
    // An open-items list has no sales: no DSO, rather than one made up.
    assert_eq!(kpis.dso, None);
}

#[test]
fn cei_from_a_month_end_starts_at_the_month_end_three_months_back() {
    // Seen: as of 30 June the CEI's quarter began on 30 March, so an invoice of 31 March counted as a
    // sale of the quarter instead of a receivable at its start, and the index came out at -500%.
    // From 31 March: beginning 10,000 (M31, paid in May), sales K + J = 10,000 (3,333.33 a month),
    // ending 10,000 of which J's 6,000 current: (10,000 + 3,333.33 - 10,000) / (10,000 + 3,333.33 -
    // 6,000) = 5/11 = 45.45%.
    let csv = format!(
        "{HEADER}A;A Ltd;P0;2026-02-01;2026-03-03;1000;2026-03-03;
A;A Ltd;M31;2026-03-31;2026-04-30;10000;2026-05-10;
A;A Ltd;K;2026-04-15;2026-05-15;4000;;
A;A Ltd;J;2026-06-10;2026-07-10;6000;;
"
    );
    let kpis = analysis_of(&csv, "2026-06-30").kpis.expect("kpis");
    assert_eq!(kpis.cei, Some(0.4545));
    // Countback: June's 6,000 (30 days), May without sales (31), April's 4,000 (30): 91 days.
    assert_eq!(kpis.dso_countback, Some(91.0));
}

#[test]
fn paying_later_lately_costs_half_the_drop_in_paydex() {
    // Ten invoices of 1,000 (June 2025 to March 2026): the seven before January paid on the due date,
    // the three since (the last six months) 30 days late. All ten: 9 days late, PAYDEX 80 - 9/15 x 10 =
    // 74 (the portfolio is this one customer, so shrinking keeps 74). The recent ones alone: PAYDEX 50;
    // half the gap, scaled by the 10/13 the customer's own history weighs: 0.5 x (50 - 74) x 10/13 =
    // -9.23. Score 64.77 -> 65, class B by a hair.
    let mut csv = String::from(HEADER);
    for month in 0..10u32 {
        let invoice = NaiveDate::from_ymd_opt(2025 + (5 + month as i32) / 12, (5 + month) % 12 + 1, 1).expect("date");
        let due = invoice + TimeDelta::days(30);
        let paid = due + TimeDelta::days(if month < 7 { 0 } else { 30 });
        csv += &format!("T;Trend Ltd;T-{month};{invoice};{due};1000;{paid};\n");
    }
    let analysis = analysis_of(&csv, "2026-06-30");
    let trend = customer(&analysis, "T");
    assert_eq!((trend.score, trend.risk_class), (Some(65), Some(RiskClass::B)));
    assert!(
        trend
            .reasons
            .iter()
            .any(|reason| reason == "Paying later lately: recent invoices 30 days late, older ones on the due date."),
        "{:?}",
        trend.reasons
    );
}

#[test]
fn an_invoice_journal_with_open_amounts_but_no_paid_dates_still_gives_the_dso() {
    // Seen: the quarter above exported with an open-amount column (0 for the paid invoices) instead of
    // paid dates was taken for an open-items list: no DSO at all, and limits from the invoices not yet
    // due (A 50,000 = 25,000 not due x 2.0; C, all overdue, 0). Its invoices are the sales all the same:
    // the DSO figures are those of the quarter with paid dates. Only the CEI, which needs the
    // receivables of 31 December (when was D1 paid?), stays unknown.
    let csv = "Customer;Name;Invoice;Invoice date;Due date;Amount;Open amount
A;A Ltd;D1;2025-12-10;2026-01-09;30000;0
B;B Ltd;J1;2026-01-15;2026-02-14;30000;0
A;A Ltd;F1;2026-02-10;2026-03-12;10000;0
C;C Ltd;F2;2026-02-10;2026-03-12;10000;10000
A;A Ltd;M1;2026-03-15;2026-04-14;25000;25000
B;B Ltd;M2;2026-03-15;2026-04-14;15000;15000
";
    let analysis = analysis_of(csv, "2026-03-31");
    let kpis = analysis.kpis.clone().expect("kpis");
    assert_eq!(
        (
            kpis.dso,
            kpis.dso_countback,
            kpis.best_possible_dso,
            kpis.average_days_delinquent
        ),
        (Some(50.0), Some(45.0), Some(40.0), Some(10.0))
    );
    assert_eq!(kpis.cei, None);
    assert_eq!(kpis.weighted_days_late, None, "no paid dates, no lateness");
    // Limits from the sales, as with paid dates: A 65,000 over 3.65 months x 30 / 30 x 2.0 = 35,600;
    // C 9,300 (see the quarter above).
    let limit = |id| customer(&analysis, id).recommended.as_ref().map(|r| r.credit_limit);
    assert_eq!((limit("A"), limit("C")), (Some(amount(35600)), Some(amount(9300))));
}
