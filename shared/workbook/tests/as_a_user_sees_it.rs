//! What a user sees when opening the workbook, beyond the values: texts that stay readable (row heights,
//! column widths), amounts and punctuation as each language writes them, charts that say what they
//! show, and a policy sheet one can read. Each test reproduces something seen in a rendered sample.

use calamine::{open_workbook_auto_from_rs, Data, Range, Reader};
use chrono::NaiveDate;
use credit_core::analysis::Analysis;
use credit_core::analyze::{analyze, AnalysisOptions};
use credit_core::lang::Lang;
use credit_core::ledger::Ledger;
use credit_import::{read_ledger, ImportOptions};
use credit_workbook::write_workbook;
use std::io::{Cursor, Read};
use std::path::Path;

fn sample(name: &str, lang: Lang) -> (Ledger, Analysis) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/ledgers")
        .join(name);
    let bytes = std::fs::read(&path).expect("sample");
    let ledger = read_ledger(&bytes, name, &ImportOptions::default()).expect("imports");
    let as_of = NaiveDate::from_ymd_opt(2026, 10, 31).expect("date");
    let analysis = analyze(
        &ledger,
        &AnalysisOptions {
            as_of,
            lang: Some(lang),
            policy: Default::default(),
        },
    );
    (ledger, analysis)
}

struct Written {
    bytes: Vec<u8>,
}

impl Written {
    fn of(name: &str, lang: Lang) -> (Written, Analysis) {
        let (ledger, analysis) = sample(name, lang);
        let bytes = write_workbook(&analysis, &ledger).expect("written");
        (Written { bytes }, analysis)
    }

    /// One XML part of the file, e.g. `xl/worksheets/sheet3.xml`.
    fn part(&self, name: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(&self.bytes)).expect("a zip");
        let mut file = archive.by_name(name).unwrap_or_else(|_| panic!("no part {name}"));
        let mut text = String::new();
        file.read_to_string(&mut text).expect("utf-8 xml");
        text
    }

    fn range(&self, sheet: &str) -> Range<Data> {
        let mut book = open_workbook_auto_from_rs(Cursor::new(self.bytes.clone())).expect("opens");
        book.worksheet_range(sheet).expect("sheet")
    }
}

/// The value of `attribute` in the first element of `xml` that starts with `element_start`.
fn attribute(xml: &str, element_start: &str, attribute: &str) -> Option<String> {
    let at = xml.find(element_start)?;
    let element = &xml[at..at + xml[at..].find('>')?];
    let key = format!(" {attribute}=\"");
    let value = &element[element.find(&key)? + key.len()..];
    Some(value[..value.find('"')?].to_owned())
}

fn row_height(sheet_xml: &str, row: u32) -> f64 {
    attribute(sheet_xml, &format!("<row r=\"{row}\""), "ht")
        .map(|ht| ht.parse().expect("a height"))
        .unwrap_or(15.0)
}

fn column_width(sheet_xml: &str, column: u16) -> f64 {
    let index = column + 1;
    attribute(sheet_xml, &format!("<col min=\"{index}\" max=\"{index}\""), "width")
        .unwrap_or_else(|| panic!("no width for column {column}"))
        .parse()
        .expect("a width")
}

fn texts(range: &Range<Data>) -> Vec<(usize, usize, String)> {
    range
        .used_cells()
        .filter_map(|(row, column, cell)| match cell {
            Data::String(text) => Some((row, column, text.clone())),
            _ => None,
        })
        .collect()
}

fn row_of(range: &Range<Data>, text: &str) -> usize {
    texts(range)
        .into_iter()
        .find(|(_, column, value)| *column == 0 && value == text)
        .unwrap_or_else(|| panic!("no row {text:?}"))
        .0
}

#[test]
fn reminder_texts_write_amounts_as_the_customers_language_does() {
    // Seen: "volgens onze gegevens staat nog 4169.30 EUR open", a decimal point in a Dutch letter.
    for (lang, sheet) in [(Lang::Nl, "Acties"), (Lang::Fr, "Actions")] {
        let (written, analysis) = Written::of("nl-openstaande-posten.xlsx", lang);
        let actions = written.range(sheet);
        let reminders: Vec<String> = texts(&actions)
            .into_iter()
            .filter(|(row, column, _)| *row > 0 && *column == 10)
            .map(|(_, _, text)| text)
            .collect();
        assert!(!reminders.is_empty(), "the sample has reminders");
        for customer in analysis
            .customers
            .iter()
            .filter(|c| c.overdue >= rust_decimal::Decimal::ONE_THOUSAND)
        {
            let amount = credit_core::text::amount(customer.overdue, "EUR", lang);
            let plain = format!("{} EUR", credit_core::money::format_cents(customer.overdue));
            if let Some(reminder) = reminders.iter().find(|text| text.contains(&plain)) {
                panic!("{lang:?}: {plain} instead of {amount} in {reminder:?}");
            }
        }
        assert!(
            reminders.iter().any(|text| text.contains(",") && text.contains(" EUR")),
            "{reminders:?}"
        );
    }
}

#[test]
fn wrapped_notes_reminders_and_reasons_get_rows_tall_enough() {
    // Seen in LibreOffice: the wrapped lines of each note and reason drawn over the rows below.
    let (written, analysis) = Written::of("nl-openstaande-posten.xlsx", Lang::Nl);
    let actions = written.part("xl/worksheets/sheet3.xml");
    let actions_range = written.range("Acties");
    for (row, column, text) in texts(&actions_range) {
        if row > 0 && (column == 9 || column == 10) && text.chars().count() > 100 {
            let height = row_height(&actions, row as u32 + 1);
            assert!(
                height >= 30.0,
                "Acties row {}: {height} for {} characters",
                row + 1,
                text.len()
            );
        }
    }
    let customers = written.part("xl/worksheets/sheet2.xml");
    for (index, customer) in analysis.customers.iter().enumerate() {
        let chars = customer.reasons.join(" ").chars().count();
        if chars > 140 {
            let height = row_height(&customers, index as u32 + 2);
            assert!(height >= 45.0, "{}: {height} for {chars} characters", customer.id);
        }
    }
}

#[test]
fn french_amounts_carry_the_euro_after_them_and_colons_a_space_before() {
    let (written, _) = Written::of("fr-balance-agee.csv", Lang::Fr);
    let styles = written.part("xl/styles.xml");
    assert!(styles.contains("formatCode=\"#,##0.00 €;-#,##0.00 €\""), "{styles}");
    assert!(styles.contains("formatCode=\"0.0 %\""), "{styles}");
    let summary = written.range("Synthèse");
    let labels: Vec<String> = texts(&summary).into_iter().map(|(_, _, text)| text).collect();
    assert!(labels.iter().any(|text| text == "Objectif : DSO"), "{labels:?}");
    assert!(!labels.iter().any(|text| text.starts_with("Objectif:")), "{labels:?}");
    // Dutch keeps the symbol in front.
    let (written, _) = Written::of("nl-openstaande-posten.xlsx", Lang::Nl);
    assert!(written
        .part("xl/styles.xml")
        .contains("formatCode=\"€ #,##0.00;-€ #,##0.00\""));
}

#[test]
fn policy_sheet_has_one_row_per_setting_with_lists_on_one_line() {
    // Seen: "buckets" with "30," "60," "90," "120," and "]" on rows of their own, "second_reminder" in
    // quotes, and the values printed on a page apart from their keys.
    let (written, _) = Written::of("nl-openstaande-posten.xlsx", Lang::Nl);
    let policy = written.range("Beleid");
    let cells = texts(&policy);
    assert!(
        !cells
            .iter()
            .any(|(_, _, text)| text == "]" || text.ends_with(',') || text.starts_with('"')),
        "{cells:?}"
    );
    let buckets = row_of(&policy, "buckets");
    assert_eq!(policy.get((buckets, 1)), Some(&Data::String("30, 60, 90, 120".into())));
    let first_step = row_of(&policy, "dunning.ladder 1");
    assert!(row_of(&policy, "dunning.ladder 7") > first_step);
    let kind = first_step + 1;
    assert_eq!(policy.get((kind, 1)), Some(&Data::String("pre_due_reminder".into())));
    assert_eq!(
        policy.get((kind, 2)),
        Some(&Data::String("Herinnering vóór vervaldag".into()))
    );
    let xml = written.part("xl/worksheets/sheet6.xml");
    assert_eq!(
        attribute(&xml, "<pageSetup", "orientation").as_deref(),
        Some("landscape")
    );
    assert_eq!(attribute(&xml, "<pageSetup", "fitToHeight").as_deref(), Some("0"));
}

#[test]
fn action_keys_are_the_ones_serde_writes() {
    for kind in credit_workbook::labels::ALL_ACTIONS {
        let key = serde_json::to_value(kind).expect("serialises");
        let key = key.as_str().expect("a string");
        assert_eq!(credit_workbook::labels::action_from_key(key), Some(kind), "{key}");
    }
}

#[test]
fn ledger_columns_fit_names_and_descriptions() {
    // Seen: "Bouwbedrijf Jans", "Reparatie mechani": the width came from the header alone.
    let (written, _) = Written::of("nl-openstaande-posten.xlsx", Lang::Nl);
    let ledger = written.range("Grootboek");
    let header: Vec<String> = ledger
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|cell| cell.to_string())
        .collect();
    let xml = written.part("xl/worksheets/sheet4.xml");
    for name in ["Naam", "Omschrijving"] {
        let column = header.iter().position(|h| h == name).expect("column");
        let longest = ledger
            .rows()
            .skip(1)
            .filter_map(|row| match row.get(column) {
                Some(Data::String(text)) => Some(text.chars().count()),
                _ => None,
            })
            .max()
            .expect("values");
        assert!(
            column_width(&xml, column as u16) >= longest.min(50) as f64,
            "{name}: width {} for {longest} characters",
            column_width(&xml, column as u16)
        );
    }
    let next_action = header.iter().position(|h| h == "Volgende actie").expect("annotation");
    let widest = "Leveringen stoppen (verkoop verwittigen)".chars().count() as f64;
    assert!(column_width(&xml, next_action as u16) >= widest);
}

#[test]
fn charts_format_money_on_their_value_axes_and_put_class_a_on_top() {
    // Seen: axes reading "80000", class E at the top of the risk chart while the table starts with A.
    let (written, _) = Written::of("nl-openstaande-posten.xlsx", Lang::Nl);
    for chart in ["xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/charts/chart3.xml"] {
        let xml = written.part(chart);
        assert!(xml.contains("formatCode=\"€ #,##0;-€ #,##0\""), "{chart}: {xml}");
    }
    let classes = written.part("xl/charts/chart2.xml");
    assert!(classes.contains("<c:orientation val=\"maxMin\"/>"), "{classes}");
    let forecast = written.part("xl/charts/chart3.xml");
    assert!(
        forecast.contains("Week vanaf"),
        "the forecast's axis says what a bar is"
    );
}

#[test]
fn top_ten_comes_before_the_detail_tables() {
    // What to do today must be in the first screen, not under the aging, class and forecast tables.
    let (written, _) = Written::of("en-invoice-history.xlsx", Lang::En);
    let summary = written.range("Summary");
    let top = row_of(&summary, "Top 10 by money at risk");
    assert!(top < row_of(&summary, "Aging"));
    assert!(top < 40, "row {top}");
}

#[test]
fn customers_next_action_date_is_written_as_the_language_writes_dates() {
    let (written, analysis) = Written::of("nl-openstaande-posten.xlsx", Lang::Nl);
    let customers = written.range("Klanten");
    let with_action = analysis
        .customers
        .iter()
        .position(|customer| customer.next_action.is_some())
        .expect("an action");
    let on = analysis.customers[with_action].next_action.as_ref().expect("action").on;
    let next: Vec<String> = texts(&customers)
        .into_iter()
        .filter(|(row, _, _)| *row == with_action + 1)
        .map(|(_, _, text)| text)
        .collect();
    let dutch = format!("({})", on.format("%d-%m-%Y"));
    assert!(next.iter().any(|text| text.ends_with(&dutch)), "{next:?}");
}

#[test]
fn reminders_say_falls_due_before_the_date_and_fell_due_after_it() {
    // Seen: a pre-due reminder listing an invoice not due yet as "vervallen op" (fell due on).
    use credit_core::analysis::ActionKind;
    // K1 paid every invoice three months late and has one falling due on 14-11; K2 is a week overdue.
    let mut csv = String::from("Klant;Naam;Factuur;Factuurdatum;Vervaldatum;Bedrag;Betaald op\n");
    for month in 1..=5 {
        csv += &format!(
            "K1;Laat BV;F{month};01-{month:02}-2026;28-{month:02}-2026;1000,00;05-{:02}-2026\n",
            month + 4
        );
    }
    csv += "K1;Laat BV;F9;15-10-2026;14-11-2026;800,00;\nK2;Vergeten NV;F10;24-09-2026;24-10-2026;500,00;\n";
    let ledger = read_ledger(csv.as_bytes(), "late.csv", &ImportOptions::default()).expect("imports");
    assert_eq!(
        (ledger.entries.len(), ledger.issues.len()),
        (7, 0),
        "{:?}",
        ledger.issues
    );
    for (lang, sheet, future, past) in [
        (Lang::Nl, "Acties", "vervalt op 14-11-2026", "vervallen op 24-10-2026"),
        (Lang::Fr, "Actions", "à échéance le 14/11/2026", "échue le 24/10/2026"),
        (
            Lang::En,
            "Actions",
            "falling due on 14 November 2026",
            "due on 24 October 2026",
        ),
    ] {
        let options = AnalysisOptions {
            as_of: NaiveDate::from_ymd_opt(2026, 10, 31).expect("date"),
            lang: Some(lang),
            policy: Default::default(),
        };
        let analysis = analyze(&ledger, &options);
        let kinds: Vec<_> = analysis
            .customers
            .iter()
            .map(|customer| customer.next_action.as_ref().map(|action| action.kind))
            .collect();
        assert_eq!(kinds, [Some(ActionKind::PreDueReminder), Some(ActionKind::Reminder)]);
        let written = Written {
            bytes: write_workbook(&analysis, &ledger).expect("written"),
        };
        let actions = written.range(sheet);
        let reminder_of = |customer: &str| {
            let row = texts(&actions)
                .into_iter()
                .find(|(_, column, text)| *column == 2 && text == customer)
                .expect("a row")
                .0;
            actions.get_value((row as u32, 10)).expect("a reminder").to_string()
        };
        let (pre_due, overdue) = (reminder_of("K1"), reminder_of("K2"));
        assert!(pre_due.contains(future), "{lang:?}: {pre_due}");
        assert!(
            overdue.contains(past) && !overdue.contains("falling"),
            "{lang:?}: {overdue}"
        );
    }
}

/// The background colour of a cell as Excel shows it: its style's fill, read from styles.xml.
fn fill_of(written: &Written, sheet_part: &str, cell: &str) -> Option<String> {
    let sheet = written.part(sheet_part);
    let style: usize = attribute(&sheet, &format!("<c r=\"{cell}\""), "s")?.parse().ok()?;
    let styles = written.part("xl/styles.xml");
    let cell_xfs = &styles[styles.find("<cellXfs")?..];
    let xf = cell_xfs.match_indices("<xf ").nth(style)?.0;
    let fill: usize = attribute(&cell_xfs[xf..], "<xf ", "fillId")?.parse().ok()?;
    let fills = &styles[styles.find("<fills")?..];
    let at = fills.match_indices("<fill>").nth(fill)?.0;
    attribute(&fills[at..], "<fgColor", "rgb")
}

#[test]
fn a_target_that_cannot_be_measured_is_grey_not_red_as_if_missed() {
    // The French sample is an open-items list: no paid history, so no DSO to hold against its target.
    let (written, analysis) = Written::of("fr-balance-agee.csv", Lang::Fr);
    let targets = &analysis.kpis.as_ref().expect("kpis").targets;
    let dso = targets
        .iter()
        .find(|target| target.kind == "dso")
        .expect("a DSO target");
    assert!(!dso.measured && !dso.met, "{dso:?}");
    let overdue = targets
        .iter()
        .find(|target| target.kind == "overdue_share")
        .expect("an overdue target");
    assert!(overdue.measured && !overdue.met, "{overdue:?}");

    let summary = written.range("Synthèse");
    let row_of_target = |kind: &str| {
        texts(&summary)
            .into_iter()
            .find(|(_, column, text)| *column == 0 && text.starts_with("Objectif") && text.contains(kind))
            .unwrap_or_else(|| panic!("no target row for {kind}"))
            .0
    };
    let cell = |row: usize| format!("B{}", row + 1);
    let dso_fill = fill_of(&written, "xl/worksheets/sheet1.xml", &cell(row_of_target("DSO")));
    let overdue_fill = fill_of(&written, "xl/worksheets/sheet1.xml", &cell(row_of_target("échu")));
    assert_eq!(dso_fill.as_deref(), Some("FFEDEDED"));
    assert_eq!(overdue_fill.as_deref(), Some("FFFFC7CE"), "a measured miss stays red");
}

/// A customer far enough overdue for a formal notice, whose overdue balance holds what a letter must not
/// ask for: twelve undisputed invoices (more than a letter lists), one disputed invoice and the remainder
/// of a short payment. Aged at 31 October 2026 the oldest undisputed invoice is 51 days past due.
const FORMAL_NOTICE_LEDGER: &str = "\
Klant;Naam;Factuur;Factuurdatum;Vervaldatum;Bedrag;Betaald;Betwist
K1;Traag BV;F01;10-08-2026;10-09-2026;100,00;;
K1;Traag BV;F02;11-08-2026;11-09-2026;101,00;;
K1;Traag BV;F03;12-08-2026;12-09-2026;102,00;;
K1;Traag BV;F04;13-08-2026;13-09-2026;103,00;;
K1;Traag BV;F05;14-08-2026;14-09-2026;104,00;;
K1;Traag BV;F06;15-08-2026;15-09-2026;105,00;;
K1;Traag BV;F07;16-08-2026;16-09-2026;106,00;;
K1;Traag BV;F08;17-08-2026;17-09-2026;107,00;;
K1;Traag BV;F09;18-08-2026;18-09-2026;108,00;;
K1;Traag BV;F10;19-08-2026;19-09-2026;109,00;;
K1;Traag BV;F11;20-08-2026;20-09-2026;110,00;;
K1;Traag BV;F12;21-08-2026;21-09-2026;111,00;;
K1;Traag BV;D1;05-08-2026;05-09-2026;1000,00;;ja
K1;Traag BV;R1;15-08-2026;15-09-2026;1000,00;990,00;
";

#[test]
fn a_formal_notice_asks_for_what_it_lists_never_disputed_money_and_counts_what_it_leaves_out() {
    // Seen: "ondanks eerdere herinneringen staat 2.276,00 EUR nog open", the customer's whole overdue
    // balance with the disputed 1.000,00 and a 10,00 remainder in it, while the letter listed ten of
    // twelve invoices and said nothing of the other two.
    use credit_core::analysis::ActionKind;
    let ledger = read_ledger(
        FORMAL_NOTICE_LEDGER.as_bytes(),
        "formal-notice.csv",
        &ImportOptions::default(),
    )
    .expect("imports");
    assert_eq!(ledger.entries.len(), 14, "{:?}", ledger.issues);
    let asked = rust_decimal::Decimal::from(100 * 12 + (0..12).sum::<i64>());
    for (lang, sheet, more) in [
        (Lang::Nl, "Acties", "en nog 2 facturen, zie het bijgevoegde overzicht"),
        (Lang::Fr, "Actions", "et 2 autres factures, voir le relevé ci-joint"),
        (Lang::En, "Actions", "and 2 more invoices, see the attached statement"),
    ] {
        let options = AnalysisOptions {
            as_of: NaiveDate::from_ymd_opt(2026, 10, 31).expect("date"),
            lang: Some(lang),
            policy: Default::default(),
        };
        let analysis = analyze(&ledger, &options);
        let customer = &analysis.customers[0];
        let action = customer.next_action.as_ref().expect("an action");
        assert_eq!(action.kind, ActionKind::FormalNotice, "{lang:?}");
        assert_eq!(
            action.amount_at_risk, asked,
            "the action is about the same invoices as the letter"
        );
        assert_eq!(customer.overdue, asked + rust_decimal::Decimal::from(1010));

        let written = Written {
            bytes: write_workbook(&analysis, &ledger).expect("written"),
        };
        let actions = written.range(sheet);
        let letter = actions.get_value((1, 10)).expect("a reminder").to_string();
        let amount = |value| credit_core::text::amount(value, "EUR", lang);
        assert!(letter.contains(&amount(asked)), "{lang:?}: {letter}");
        assert!(!letter.contains(&amount(customer.overdue)), "{lang:?}: {letter}");
        for left_out in ["D1", "R1", "F11", "F12"] {
            assert!(!letter.contains(left_out), "{lang:?}: {left_out} in {letter}");
        }
        for listed in ["F01", "F05", "F10"] {
            assert!(letter.contains(listed), "{lang:?}: {listed} missing from {letter}");
        }
        assert!(letter.contains(more), "{lang:?}: {letter}");
        let at_risk = match actions.get_value((1, 5)) {
            Some(Data::Float(value)) => *value,
            other => panic!("at risk: {other:?}"),
        };
        assert_eq!(Some(at_risk), rust_decimal::prelude::ToPrimitive::to_f64(&asked));
    }
}

/// The rules of the conditional formats in a sheet part, in order: the range, the operator, the formulas
/// and the background colour of the format each applies (from styles.xml's differential formats).
fn colour_rules(written: &Written, sheet_part: &str) -> Vec<(String, String, Vec<String>, String)> {
    let sheet = written.part(sheet_part);
    let styles = written.part("xl/styles.xml");
    let dxfs = &styles[styles.find("<dxfs").expect("differential formats")..];
    let mut rules = Vec::new();
    for (at, _) in sheet.match_indices("<conditionalFormatting ") {
        let block = &sheet[at..at + sheet[at..].find("</conditionalFormatting>").expect("closed")];
        let range = attribute(block, "<conditionalFormatting", "sqref").expect("a range");
        for (rule_at, _) in block.match_indices("<cfRule ") {
            let rule = &block[rule_at..rule_at + block[rule_at..].find("</cfRule>").expect("closed")];
            let formulas = rule
                .split("<formula>")
                .skip(1)
                .map(|part| part[..part.find("</formula>").expect("closed")].to_owned())
                .collect();
            let dxf: usize = attribute(rule, "<cfRule", "dxfId")
                .expect("a format")
                .parse()
                .expect("an id");
            let at = dxfs.match_indices("<dxf>").nth(dxf).expect("the format").0;
            let fill = attribute(&dxfs[at..], "<bgColor", "rgb").expect("a fill");
            let operator = attribute(rule, "<cfRule", "operator").expect("an operator");
            rules.push((range.clone(), operator, formulas, fill));
        }
    }
    rules
}

/// How light an ARGB colour is, 0 (black) to 255 (white).
fn lightness(argb: &str) -> f64 {
    let channel = |at: usize| f64::from(u8::from_str_radix(&argb[at..at + 2], 16).expect("hex"));
    0.299 * channel(2) + 0.587 * channel(4) + 0.114 * channel(6)
}

#[test]
fn ledger_days_overdue_are_coloured_by_the_policys_buckets_darker_as_they_age() {
    // Seen: 1-30, 31-90 and >90 days coloured whatever the policy, so 61-90 looked like 31-60 and a
    // policy with 15-day buckets coloured its ledger by buckets it does not have.
    let custom = credit_core::policy::Policy {
        buckets: credit_core::aging::BucketBounds::new(vec![15, 45]).expect("bounds"),
        ..Default::default()
    };
    for (policy, expected) in [
        (
            credit_core::policy::Policy::default(),
            vec![
                ("between", vec!["1", "30"]),
                ("between", vec!["31", "60"]),
                ("between", vec!["61", "90"]),
                ("between", vec!["91", "120"]),
                ("greaterThan", vec!["120"]),
            ],
        ),
        (
            custom,
            vec![
                ("between", vec!["1", "15"]),
                ("between", vec!["16", "45"]),
                ("greaterThan", vec!["45"]),
            ],
        ),
    ] {
        let (ledger, mut analysis) = sample("nl-openstaande-posten.xlsx", Lang::Nl);
        if policy != analysis.policy {
            analysis = analyze(
                &ledger,
                &AnalysisOptions {
                    as_of: analysis.as_of,
                    lang: Some(Lang::Nl),
                    policy: policy.clone(),
                },
            );
        }
        let written = Written {
            bytes: write_workbook(&analysis, &ledger).expect("written"),
        };
        let rules = colour_rules(&written, "xl/worksheets/sheet4.xml");
        let found: Vec<(&str, Vec<&str>)> = rules
            .iter()
            .map(|(_, operator, formulas, _)| (operator.as_str(), formulas.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(found, expected, "{:?}", policy.buckets);
        // On the days-overdue column, every row.
        let days_column = column_letters(ledger.sheets[0].headers.len());
        let rows = ledger.sheets[0].rows.len() + 1;
        for (range, ..) in &rules {
            assert_eq!(range, &format!("{days_column}2:{days_column}{rows}"));
        }
        // A colour of its own per bucket, each darker than the one before.
        let shades: Vec<f64> = rules.iter().map(|(.., fill)| lightness(fill)).collect();
        assert!(shades.windows(2).all(|pair| pair[0] > pair[1]), "{rules:?}");
    }
}

/// The A1 letters of a 0-based column below 702 (two letters).
fn column_letters(index: usize) -> String {
    let letter = |value: usize| char::from(b'A' + value as u8);
    if index < 26 {
        letter(index).to_string()
    } else {
        format!("{}{}", letter(index / 26 - 1), letter(index % 26))
    }
}

/// The number format Excel shows a cell with: the format code of its style ("General" when none).
fn number_format_of(written: &Written, sheet_part: &str, cell: &str) -> String {
    let sheet = written.part(sheet_part);
    let Some(style) = attribute(&sheet, &format!("<c r=\"{cell}\""), "s") else {
        return "General".into();
    };
    let styles = written.part("xl/styles.xml");
    let cell_xfs = &styles[styles.find("<cellXfs").expect("cell formats")..];
    let xf = cell_xfs
        .match_indices("<xf ")
        .nth(style.parse().expect("a style"))
        .expect("the style")
        .0;
    let id = attribute(&cell_xfs[xf..], "<xf ", "numFmtId").expect("a number format");
    match id.as_str() {
        "0" => "General".into(),
        custom => attribute(&styles, &format!("<numFmt numFmtId=\"{custom}\""), "formatCode")
            .unwrap_or_else(|| format!("built-in {custom}")),
    }
}

/// An Excel export of whole-euro invoices with a VAT rate beside them: the amounts are money although
/// none has cents, the rate is no money although it has.
fn whole_euro_ledger_with_vat_rates() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("dd-mm-yyyy");
    let headers = [
        "Klant",
        "Naam",
        "Factuur",
        "Factuurdatum",
        "Vervaldatum",
        "Bedrag",
        "BTW-tarief",
        "Openstaand",
    ];
    for (column, header) in headers.iter().enumerate() {
        sheet.write_string(0, column as u16, *header).expect("header");
    }
    for (index, (amount, open)) in [(1000.0, 1000.0), (2500.0, 500.0), (750.0, 750.0)]
        .into_iter()
        .enumerate()
    {
        let row = index as u32 + 1;
        let day = |month: u32| NaiveDate::from_ymd_opt(2026, month, 1 + index as u32).expect("date");
        sheet.write_string(row, 0, format!("K{row}")).expect("id");
        sheet.write_string(row, 1, format!("Klant {row} BV")).expect("name");
        sheet.write_string(row, 2, format!("F{row}")).expect("invoice");
        sheet
            .write_date_with_format(row, 3, day(8), &date_format)
            .expect("date");
        sheet.write_date_with_format(row, 4, day(9), &date_format).expect("due");
        sheet.write_number(row, 5, amount).expect("amount");
        sheet.write_number(row, 6, 0.21).expect("vat");
        sheet.write_number(row, 7, open).expect("open");
    }
    workbook.save_to_buffer().expect("an xlsx")
}

#[test]
fn ledger_money_columns_carry_the_currency_and_other_numbers_do_not() {
    // Seen: a VAT rate of 0.21 shown as "€ 0,21" and whole-euro amounts shown without a currency, because
    // the format was guessed from whether a column had cents.
    let ledger = read_ledger(
        &whole_euro_ledger_with_vat_rates(),
        "hele-euros.xlsx",
        &ImportOptions::default(),
    )
    .expect("imports");
    assert_eq!(ledger.entries.len(), 3, "{:?}", ledger.issues);
    let options = AnalysisOptions {
        as_of: NaiveDate::from_ymd_opt(2026, 10, 31).expect("date"),
        lang: Some(Lang::Nl),
        policy: Default::default(),
    };
    let analysis = analyze(&ledger, &options);
    let written = Written {
        bytes: write_workbook(&analysis, &ledger).expect("written"),
    };
    let money = "€ #,##0.00;-€ #,##0.00";
    for row in 2..=4 {
        let format = |column: &str| number_format_of(&written, "xl/worksheets/sheet4.xml", &format!("{column}{row}"));
        assert_eq!(format("F"), money, "Bedrag, row {row}");
        assert_eq!(format("H"), money, "Openstaand, row {row}");
        assert_eq!(format("G"), "General", "BTW-tarief, row {row}");
    }
    let ledger_sheet = written.range("Grootboek");
    assert_eq!(
        ledger_sheet.get((1, 6)),
        Some(&Data::Float(0.21)),
        "the rate stays a number"
    );
    assert_eq!(ledger_sheet.get((2, 5)), Some(&Data::Float(2500.0)));
}

#[test]
fn ledger_sheet_keeps_dates_as_dates_freezes_its_header_and_filters_every_column() {
    let (written, _) = Written::of("nl-openstaande-posten.xlsx", Lang::Nl);
    let ledger = written.range("Grootboek");
    let header: Vec<String> = ledger
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|cell| cell.to_string())
        .collect();
    let part = "xl/worksheets/sheet4.xml";
    for name in ["Factuurdatum", "Vervaldatum", "Verwachte betaaldatum"] {
        let column = header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name}"));
        let dated: Vec<usize> = ledger
            .rows()
            .enumerate()
            .skip(1)
            .filter(|(_, row)| !matches!(row.get(column), None | Some(Data::Empty)))
            .map(|(index, _)| index)
            .collect();
        assert!(!dated.is_empty(), "{name} has values");
        for index in dated {
            assert!(
                matches!(ledger.get((index, column)), Some(Data::DateTime(_))),
                "{name} row {}: {:?}",
                index + 1,
                ledger.get((index, column))
            );
            let cell = format!("{}{}", column_letters(column), index + 1);
            assert_eq!(number_format_of(&written, part, &cell), "dd-mm-yyyy", "{name} {cell}");
        }
    }
    let xml = written.part(part);
    assert_eq!(attribute(&xml, "<pane ", "state").as_deref(), Some("frozen"));
    assert_eq!(attribute(&xml, "<pane ", "ySplit").as_deref(), Some("1"));
    assert_eq!(attribute(&xml, "<pane ", "topLeftCell").as_deref(), Some("A2"));
    let last_column = column_letters(header.len() - 1);
    assert_eq!(
        attribute(&xml, "<autoFilter ", "ref"),
        Some(format!("A1:{last_column}{}", ledger.height())),
        "the filter covers the source columns and the annotations, every row"
    );
}

#[test]
fn customers_score_carries_a_note_with_the_reasons() {
    let (written, analysis) = Written::of("nl-openstaande-posten.xlsx", Lang::Nl);
    let customers = written.range("Klanten");
    let header: Vec<String> = customers
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|cell| cell.to_string())
        .collect();
    let score_column = header.iter().position(|h| h == "Score").expect("a score column");
    let relations = written.part("xl/worksheets/_rels/sheet2.xml.rels");
    let target = attribute(&relations, "<Relationship Id=\"rId2\"", "Target")
        .filter(|target| target.contains("comments"))
        .or_else(|| attribute(&relations, "<Relationship Id=\"rId1\"", "Target"))
        .expect("a notes part");
    let notes = written.part(&format!("xl/{}", target.trim_start_matches("../")));
    let mut noted = 0;
    for (index, customer) in analysis.customers.iter().enumerate() {
        if customer.reasons.is_empty() {
            continue;
        }
        let cell = format!("{}{}", column_letters(score_column), index + 2);
        assert_eq!(
            customers.get((index + 1, score_column)),
            Some(&Data::Float(f64::from(customer.score.expect("a score")))),
            "{cell}"
        );
        let at = notes
            .find(&format!("<comment ref=\"{cell}\""))
            .unwrap_or_else(|| panic!("no note on {cell}"));
        let note = &notes[at..at + notes[at..].find("</comment>").expect("closed")];
        assert!(note.contains(&customer.reasons[0]), "{cell}: {note}");
        assert!(!note.contains("Author:"), "the note opens with the reasons: {note}");
        noted += 1;
    }
    assert!(noted > 5, "{noted} notes");
}
