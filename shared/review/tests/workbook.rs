//! The review workbook read back with calamine (as a viewer that does not recalculate reads it):
//! every figure and every cached formula result against the review it was written from.

mod common;
mod portfolio;

use calamine::{open_workbook_auto_from_rs, Data, Range, Reader};
use common::input;
use credit_core::lang::Lang;
use credit_review::build_review;
use credit_review::model::{KpiKind, Review};
use credit_review::workbook::{
    action_columns, file_name, kpi_columns, mover_columns, sheet_names, trend_columns, valuable_columns, worst_columns,
    write_review_workbook, KPI_HEADER_ROW, TABLE_HEADER_ROW,
};
use portfolio::{october_2025, october_2026, september_2026};
use pretty_assertions::assert_eq;
use std::io::Cursor;

type Book = calamine::Sheets<Cursor<Vec<u8>>>;

fn review(lang: Lang) -> Review {
    build_review(&input(
        "2026-10",
        lang,
        &[october_2025(), september_2026(), october_2026()],
    ))
}

fn open(review: &Review) -> Book {
    let bytes = write_review_workbook(review).expect("the workbook is written");
    open_workbook_auto_from_rs(Cursor::new(bytes)).expect("the workbook opens")
}

fn sheet(book: &mut Book, name: &str) -> Range<Data> {
    book.worksheet_range(name)
        .unwrap_or_else(|error| panic!("sheet {name}: {error}"))
}

fn number(range: &Range<Data>, row: u32, column: u16) -> f64 {
    match range.get_value((row, u32::from(column))) {
        Some(Data::Float(value)) => *value,
        Some(Data::Int(value)) => *value as f64,
        other => panic!("({row}, {column}) is not a number: {other:?}"),
    }
}

fn text(range: &Range<Data>, row: u32, column: u16) -> String {
    match range.get_value((row, u32::from(column))) {
        Some(Data::String(text)) => text.clone(),
        Some(Data::Empty) | None => String::new(),
        other => panic!("({row}, {column}) is not text: {other:?}"),
    }
}

fn kpi_row(kind: KpiKind) -> u32 {
    KPI_HEADER_ROW + 1 + KpiKind::ALL.iter().position(|k| *k == kind).expect("listed") as u32
}

#[test]
fn sheets_are_named_in_each_language() {
    for (lang, expected) in [
        (
            Lang::Nl,
            [
                "Maandoverzicht",
                "Trend",
                "Verschuivingen",
                "Slechtste betalers",
                "Waardevolste klanten",
                "Open acties",
            ],
        ),
        (
            Lang::Fr,
            [
                "Revue du mois",
                "Tendances",
                "Mouvements",
                "Mauvais payeurs",
                "Meilleurs clients",
                "Actions en suspens",
            ],
        ),
        (
            Lang::En,
            [
                "Monthly review",
                "Trend",
                "Movers",
                "Worst payers",
                "Most valuable",
                "Open actions",
            ],
        ),
    ] {
        let review = review(lang);
        let book = open(&review);
        assert_eq!(book.sheet_names(), expected);
        let names = sheet_names(lang);
        assert_eq!(names.review, expected[0]);
    }
    assert_eq!(file_name(&review(Lang::Fr)), "revue-mensuelle-2026-10.xlsx");
}

#[test]
fn the_kpi_table_holds_this_month_last_month_the_change_a_year_before_and_the_target() {
    let review = review(Lang::En);
    let mut book = open(&review);
    let range = sheet(&mut book, "Monthly review");
    use kpi_columns::*;
    assert_eq!(text(&range, KPI_HEADER_ROW, THIS_MONTH), "October 2026");
    assert_eq!(text(&range, KPI_HEADER_ROW, LAST_MONTH), "September 2026");
    assert_eq!(text(&range, KPI_HEADER_ROW, YEAR_AGO), "October 2025");

    let open = kpi_row(KpiKind::Open);
    assert_eq!(text(&range, open, FIGURE), "Open");
    assert_eq!(number(&range, open, THIS_MONTH), 30100.0);
    assert_eq!(number(&range, open, LAST_MONTH), 20000.0);
    assert_eq!(number(&range, open, CHANGE), 10100.0, "the formula's cached result");
    assert_eq!(number(&range, open, YEAR_AGO), 12000.0);

    let share = kpi_row(KpiKind::OverdueShare);
    assert!((number(&range, share, THIS_MONTH) - 7000.0 / 30100.0).abs() < 1e-12);
    assert!((number(&range, share, LAST_MONTH) - 0.4).abs() < 1e-12);
    assert!((number(&range, share, CHANGE) - (7000.0 / 30100.0 - 0.4)).abs() < 1e-12);
    assert_eq!(number(&range, share, TARGET), 0.15);
    assert_eq!(text(&range, share, TARGET_MET), "no");
    assert_eq!(text(&range, share, VERDICT), "better");

    let dso = kpi_row(KpiKind::Dso);
    assert_eq!(
        (
            number(&range, dso, THIS_MONTH),
            number(&range, dso, LAST_MONTH),
            number(&range, dso, CHANGE)
        ),
        (50.0, 40.0, 10.0)
    );
    assert_eq!(
        (number(&range, dso, TARGET), text(&range, dso, TARGET_MET)),
        (45.0, "no".to_owned())
    );
    assert_eq!(text(&range, dso, VERDICT), "worse");
    let cei = kpi_row(KpiKind::Cei);
    assert_eq!(
        (number(&range, cei, THIS_MONTH), number(&range, cei, YEAR_AGO)),
        (0.6, 0.5)
    );

    // The changes and shares are formulas over the cells beside them, so an edit recalculates.
    let formulas = book.worksheet_formula("Monthly review").expect("formulas");
    let formula = |row: u32, column: u16| {
        formulas
            .get_value((row, u32::from(column)))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(formula(open, CHANGE), format!("B{0}-C{0}", open + 1));
    assert_eq!(
        formula(share, THIS_MONTH),
        format!("IF(B{0}=0,0,B{1}/B{0})", open + 1, kpi_row(KpiKind::Overdue) + 1)
    );

    // The summary sits above the table, word for word.
    for (index, sentence) in review.summary.iter().enumerate() {
        assert_eq!(&text(&range, 3 + index as u32, 0), sentence);
    }
}

#[test]
fn the_trend_lists_each_month_with_its_figures() {
    let review = review(Lang::Nl);
    let mut book = open(&review);
    let range = sheet(&mut book, "Trend");
    use trend_columns::*;
    let first = TABLE_HEADER_ROW + 1;
    assert_eq!(text(&range, first, MONTH), "2026-09");
    assert_eq!(text(&range, first + 1, MONTH), "2026-10");
    assert_eq!(number(&range, first, OPEN), 20000.0);
    assert_eq!(number(&range, first + 1, OPEN), 30100.0);
    assert_eq!(number(&range, first + 1, OVERDUE), 7000.0);
    assert!((number(&range, first, OVERDUE_SHARE) - 0.4).abs() < 1e-12);
    assert_eq!(
        (number(&range, first, DSO), number(&range, first + 1, CEI)),
        (40.0, 0.6)
    );
    assert_eq!(range.get_value((first + 2, 0)), None, "two months, two rows");
}

#[test]
fn a_month_without_a_snapshot_is_a_row_that_says_so() {
    let mut july = september_2026();
    july.analysis.as_of = common::date("2026-07-31");
    let review = build_review(&input(
        "2026-10",
        Lang::Fr,
        &[common::snapshot(july.analysis), october_2026()],
    ));
    let mut book = open(&review);
    let range = sheet(&mut book, "Tendances");
    let first = TABLE_HEADER_ROW + 1;
    assert_eq!(text(&range, first + 1, trend_columns::MONTH), "2026-08");
    assert_eq!(text(&range, first + 1, trend_columns::AS_OF), "pas d'instantané");
    assert!(matches!(
        range.get_value((first + 1, u32::from(trend_columns::OPEN))),
        None | Some(Data::Empty)
    ));
    let review_sheet = sheet(&mut book, "Revue du mois");
    let notes: Vec<String> = (6..10).map(|row| text(&review_sheet, row, 0)).collect();
    assert!(
        notes.contains(&"Pas d'instantané pour septembre 2026 : comparaison avec juillet 2026.".to_owned()),
        "{notes:?}"
    );
}

#[test]
fn movers_worst_payers_most_valuable_and_open_actions_are_listed() {
    let review = review(Lang::En);
    let mut book = open(&review);

    let movers = sheet(&mut book, "Movers");
    let first = TABLE_HEADER_ROW + 1;
    for (index, mover) in review.movers.iter().enumerate() {
        let row = first + index as u32;
        assert_eq!(text(&movers, row, mover_columns::CUSTOMER), mover.customer_id);
        assert_eq!(
            number(&movers, row, mover_columns::CHANGE),
            mover.change().to_string().parse::<f64>().expect("a number")
        );
    }
    assert_eq!(text(&movers, first, mover_columns::MOVEMENT), "Class fell");
    assert_eq!(
        (
            text(&movers, first, mover_columns::CLASS_BEFORE),
            text(&movers, first, mover_columns::CLASS_NOW)
        ),
        ("B".to_owned(), "C".to_owned())
    );
    assert_eq!(text(&movers, first + 2, mover_columns::MOVEMENT), "New, large balance");
    assert_eq!(text(&movers, first + 2, mover_columns::OPEN_BEFORE), "");
    assert_eq!(number(&movers, first + 2, mover_columns::CHANGE), 6000.0);

    let worst = sheet(&mut book, "Worst payers");
    assert_eq!(text(&worst, first, worst_columns::CUSTOMER), "B");
    assert_eq!(number(&worst, first, worst_columns::OVERDUE), 5000.0);
    assert_eq!(
        text(&worst, first, worst_columns::NEXT_ACTION),
        "Credit hold (tell sales)"
    );
    assert_eq!(text(&worst, first + 1, worst_columns::CUSTOMER), "A");

    let valuable = sheet(&mut book, "Most valuable");
    let ids: Vec<String> = (0..5)
        .map(|index| text(&valuable, first + index, valuable_columns::CUSTOMER))
        .collect();
    assert_eq!(ids, ["A", "C", "E", "B", "D"]);
    assert_eq!(number(&valuable, first, valuable_columns::REVENUE), 120000.0);

    let actions = sheet(&mut book, "Open actions");
    assert_eq!(text(&actions, first, action_columns::CUSTOMER), "B");
    assert_eq!(text(&actions, first, action_columns::RECOMMENDED), "Phone call");
    assert_eq!(number(&actions, first, action_columns::STILL_OPEN), 5000.0);
    assert_eq!(number(&actions, first + 1, action_columns::STILL_OPEN), 2000.0);
    assert_eq!(text(&actions, first + 2, 0), "Total");
    assert_eq!(
        number(&actions, first + 2, action_columns::STILL_OPEN),
        7000.0,
        "cached SUM"
    );
}

#[test]
fn a_first_month_writes_empty_comparisons_and_says_why() {
    let review = build_review(&input("2026-10", Lang::En, &[october_2026()]));
    let mut book = open(&review);
    let range = sheet(&mut book, "Monthly review");
    let open = kpi_row(KpiKind::Open);
    assert_eq!(text(&range, KPI_HEADER_ROW, kpi_columns::LAST_MONTH), "Last month");
    assert_eq!(number(&range, open, kpi_columns::THIS_MONTH), 30100.0);
    assert_eq!(text(&range, open, kpi_columns::CHANGE), "");
    let actions = sheet(&mut book, "Open actions");
    assert_eq!(
        text(&actions, TABLE_HEADER_ROW + 1, 0),
        "First review: there are no actions from last month yet."
    );
}

/// Seen in the rendered review: "Leveringen stoppen (verkoop verwittig" cut where the next column starts.
#[test]
fn action_names_fit_their_columns_in_every_language() {
    use std::io::Read;
    for lang in [Lang::Nl, Lang::Fr, Lang::En] {
        let bytes = write_review_workbook(&review(lang)).expect("written");
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
        let widest = credit_workbook::labels::ALL_ACTIONS
            .iter()
            .map(|kind| credit_workbook::labels::action(lang, *kind).chars().count())
            .max()
            .expect("actions") as f64;
        // The sheets in order: review, trend, movers, worst payers, most valuable, open actions.
        for (sheet, column) in [
            (4, worst_columns::NEXT_ACTION),
            (5, valuable_columns::NEXT_ACTION),
            (6, action_columns::RECOMMENDED),
            (6, action_columns::ACTION_NOW),
        ] {
            let mut xml = String::new();
            archive
                .by_name(&format!("xl/worksheets/sheet{sheet}.xml"))
                .expect("sheet part")
                .read_to_string(&mut xml)
                .expect("xml");
            let index = column + 1;
            let col = xml
                .find(&format!("<col min=\"{index}\" max=\"{index}\""))
                .unwrap_or_else(|| panic!("sheet {sheet}: no width for column {column}"));
            let width: f64 = xml[col..]
                .split("width=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .and_then(|width| width.parse().ok())
                .expect("a width");
            assert!(
                width >= widest,
                "{lang:?} sheet {sheet} column {column}: {width} < {widest}"
            );
        }
    }
}

/// The four trend charts (open, overdue share, DSO, CEI) plot the trend table's own columns over every
/// month listed, against the months: a chart pointing at the wrong column or stopping a month short
/// would look right and tell the wrong story.
#[test]
fn the_trend_charts_plot_the_four_figures_over_every_month() {
    use std::io::Read;
    use trend_columns::*;
    let review = review(Lang::En);
    let bytes = write_review_workbook(&review).expect("the workbook is written");
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut charts: Vec<String> = (0..archive.len())
        .filter_map(|index| {
            let mut part = archive.by_index(index).ok()?;
            let name = part.name().ok()?.into_owned();
            (name.starts_with("xl/charts/chart") && name.ends_with(".xml")).then(|| {
                let mut xml = String::new();
                part.read_to_string(&mut xml).expect("chart XML");
                xml
            })
        })
        .collect();
    charts.sort();
    assert_eq!(charts.len(), 4, "four trend charts");

    let letter = |column: u16| char::from(b'A' + column as u8);
    let (first, last) = (TABLE_HEADER_ROW + 2, TABLE_HEADER_ROW + 1 + review.trend.len() as u32);
    let range = |column: u16| format!("Trend!${0}${first}:${0}${last}", letter(column));
    let mut plotted: Vec<String> = Vec::new();
    for xml in &charts {
        assert!(xml.contains("<c:lineChart>"), "a line chart: {xml}");
        assert!(
            xml.contains(&format!("<c:f>{}</c:f>", range(MONTH))),
            "months on the axis"
        );
        let values = xml
            .split("<c:val>")
            .nth(1)
            .and_then(|rest| rest.split("<c:f>").nth(1))
            .and_then(|rest| rest.split("</c:f>").next())
            .expect("a series of values");
        plotted.push(values.to_owned());
    }
    plotted.sort();
    let mut expected: Vec<String> = [OPEN, OVERDUE_SHARE, DSO, CEI].into_iter().map(range).collect();
    expected.sort();
    assert_eq!(plotted, expected);
}
