//! The summary: where the money is and what to do today, readable in a minute.

use crate::formats::{money_axis_pattern, wrapped_row_height, Formats};
use crate::labels::{self, t, SheetNames};
use credit_core::analysis::{Analysis, RiskClass};
use credit_core::lang::Lang;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartFont, ChartFormat, ChartPoint, ChartSolidFill, ChartType, Formula, Worksheet,
    XlsxError,
};

/// Where the customers sheet keeps open and overdue: the summary's totals are formulas over them.
pub const CUSTOMERS_OPEN_COLUMN: &str = "C";
pub const CUSTOMERS_OVERDUE_COLUMN: &str = "D";

/// The width of the note column, in characters.
const NOTE_WIDTH: f64 = 48.0;

fn money(value: Decimal) -> f64 {
    value.to_f64().unwrap_or_default()
}

pub fn write(
    sheet: &mut Worksheet,
    analysis: &Analysis,
    formats: &Formats,
    names: &SheetNames,
) -> Result<(), XlsxError> {
    let lang = analysis.language;
    sheet.set_name(names.summary)?;
    sheet.set_landscape().set_print_fit_to_pages(1, 0).set_paper_size(9);
    sheet
        .set_column_width(0, 34)?
        .set_column_width(1, 18)?
        .set_column_width(2, 16)?
        .set_column_width(3, NOTE_WIDTH)?;

    let title = match lang {
        Lang::Nl => format!("Debiteuren per {}", analysis.as_of.format("%d-%m-%Y")),
        Lang::Fr => format!("Créances clients au {}", analysis.as_of.format("%d/%m/%Y")),
        Lang::En => format!("Receivables as of {}", analysis.as_of),
    };
    sheet.write_string_with_format(0, 0, &title, &formats.title)?;
    sheet.write_string(1, 0, format!("{} · {}", analysis.source.file_name, analysis.currency))?;

    let mut row = 3;
    for (column, header) in [
        t(lang, "Kengetal", "Indicateur", "Figure"),
        t(lang, "Waarde", "Valeur", "Value"),
        t(lang, "Doel", "Objectif", "Target"),
        t(lang, "Toelichting", "Commentaire", "Note"),
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(row, column as u16, *header, &formats.header)?;
    }
    row += 1;
    let customers_end = analysis.customers.len() as u32 + 1;
    let total_formula =
        |column: &str| format!("=SUM('{}'!{column}2:{column}{})", names.customers, customers_end.max(2));
    let open_row = row;
    sheet.write_string(row, 0, t(lang, "Openstaand", "Encours", "Open"))?;
    sheet.write_formula_with_format(
        row,
        1,
        Formula::new(total_formula(CUSTOMERS_OPEN_COLUMN)).set_result(money(analysis.totals.open).to_string()),
        &formats.money,
    )?;
    row += 1;
    sheet.write_string(row, 0, t(lang, "Vervallen", "Échu", "Overdue"))?;
    sheet.write_formula_with_format(
        row,
        1,
        Formula::new(total_formula(CUSTOMERS_OVERDUE_COLUMN)).set_result(money(analysis.totals.overdue).to_string()),
        &formats.money,
    )?;
    row += 1;
    let share = if analysis.totals.open.is_zero() {
        0.0
    } else {
        money(analysis.totals.overdue) / money(analysis.totals.open)
    };
    sheet.write_string(row, 0, t(lang, "Aandeel vervallen", "Part échue", "Overdue share"))?;
    sheet.write_formula_with_format(
        row,
        1,
        Formula::new(format!("=IF(B{0}=0,0,B{1}/B{0})", open_row + 1, open_row + 2)).set_result(share.to_string()),
        &formats.percent,
    )?;
    row += 1;
    sheet.write_string(row, 0, t(lang, "Open posten", "Pièces ouvertes", "Open items"))?;
    sheet.write_number(row, 1, analysis.totals.items as f64)?;
    row += 1;

    if let Some(kpis) = &analysis.kpis {
        let days = t(lang, "dagen", "jours", "days");
        let lines: [(&str, Option<f64>, &rust_xlsxwriter::Format, &str); 10] = [
            ("DSO", kpis.dso, &formats.decimal, days),
            (
                t(lang, "DSO (countback)", "DSO (méthode countback)", "DSO (countback)"),
                kpis.dso_countback,
                &formats.decimal,
                days,
            ),
            (
                t(lang, "Best mogelijke DSO", "Meilleur DSO possible", "Best possible DSO"),
                kpis.best_possible_dso,
                &formats.decimal,
                days,
            ),
            (
                t(
                    lang,
                    "Gemiddelde dagen te laat (ADD)",
                    "Retard moyen (ADD)",
                    "Average days delinquent",
                ),
                kpis.average_days_delinquent,
                &formats.decimal,
                days,
            ),
            (
                "CEI",
                kpis.cei,
                &formats.percent,
                t(lang, "inningsgraad", "taux d'encaissement", "collection effectiveness"),
            ),
            (
                t(
                    lang,
                    "Gewogen dagen te laat",
                    "Retard pondéré (jours)",
                    "Weighted days late",
                ),
                kpis.weighted_days_late,
                &formats.decimal,
                days,
            ),
            (
                t(lang, "Op tijd betaald", "Payé à temps", "Paid on time"),
                kpis.on_time_share,
                &formats.percent,
                "",
            ),
            (
                t(
                    lang,
                    "Aandeel top 10 klanten",
                    "Part des 10 premiers clients",
                    "Top 10 customers' share",
                ),
                kpis.top10_share,
                &formats.percent,
                "",
            ),
            (
                "HHI",
                kpis.hhi,
                &formats.integer,
                t(
                    lang,
                    "concentratie (0-10.000)",
                    "concentration (0-10 000)",
                    "concentration (0-10,000)",
                ),
            ),
            (
                t(lang, "Betwist", "En litige", "Disputed"),
                Some(money(kpis.disputed)),
                &formats.money,
                "",
            ),
        ];
        for (label, value, format, note) in lines {
            sheet.write_string(row, 0, label)?;
            match value {
                Some(value) => {
                    sheet.write_number_with_format(row, 1, value, format)?;
                    sheet.write_string(row, 3, note)?;
                }
                None => {
                    sheet.write_string_with_format(
                        row,
                        1,
                        t(
                            lang,
                            "te weinig historiek",
                            "historique insuffisant",
                            "too little history",
                        ),
                        &formats.right,
                    )?;
                }
            }
            row += 1;
        }
        for target in &kpis.targets {
            sheet.write_string_with_format(
                row,
                0,
                format!(
                    "{}{}{}",
                    t(lang, "Doel", "Objectif", "Target"),
                    // French sets a space before the colon.
                    lang.pick(": ", " : ", ": "),
                    target_name(lang, &target.kind)
                ),
                &formats.top,
            )?;
            sheet.write_string_with_format(
                row,
                1,
                &target.actual,
                match (target.measured, target.met) {
                    (false, _) => &formats.unknown,
                    (true, true) => &formats.good,
                    (true, false) => &formats.bad,
                },
            )?;
            sheet.write_string_with_format(row, 2, &target.target, &formats.top)?;
            // The note wraps within its column rather than running under the charts beside it.
            sheet.write_string_with_format(row, 3, &target.note, &formats.wrap)?;
            sheet.set_row_height(row, wrapped_row_height(target.note.chars().count(), NOTE_WIDTH))?;
            row += 1;
        }
    }

    // Top 10 by money at risk, right under the figures: what to do today comes before the detail.
    row += 1;
    sheet.write_string_with_format(
        row,
        0,
        t(
            lang,
            "Top 10: meeste geld op het spel",
            "Top 10 : montants les plus exposés",
            "Top 10 by money at risk",
        ),
        &formats.subtitle,
    )?;
    row += 1;
    for (column, header) in [
        t(lang, "Klant", "Client", "Customer"),
        t(lang, "Op het spel", "Exposé", "At risk"),
        t(lang, "Wanneer", "Quand", "When"),
        t(lang, "Actie", "Action", "Action"),
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(row, column as u16, *header, &formats.header)?;
    }
    row += 1;
    for (customer, action) in analysis.actions().into_iter().take(10) {
        sheet.write_string(row, 0, customer.name.as_deref().unwrap_or(&customer.id))?;
        sheet.write_number_with_format(row, 1, money(action.amount_at_risk), &formats.money)?;
        sheet.write_date_with_format(row, 2, action.on, &formats.date)?;
        sheet.write_string(row, 3, labels::action(lang, action.kind))?;
        row += 1;
    }

    // Aging table and chart.
    row += 1;
    sheet.write_string_with_format(
        row,
        0,
        t(lang, "Ouderdom van de vorderingen", "Balance âgée", "Aging"),
        &formats.subtitle,
    )?;
    row += 1;
    let aging_first = row;
    for (label, amount) in analysis.totals.buckets.iter() {
        sheet.write_string(row, 0, labels::bucket(lang, label))?;
        sheet.write_number_with_format(row, 1, money(amount), &formats.money)?;
        row += 1;
    }
    let axis_money = money_axis_pattern(&analysis.currency, lang);
    let mut aging = Chart::new(ChartType::Column);
    aging.title().set_name(t(
        lang,
        "Openstaand per ouderdom",
        "Encours par ancienneté",
        "Open by age",
    ));
    aging
        .add_series()
        .set_categories((names.summary, aging_first, 0, row - 1, 0))
        .set_values((names.summary, aging_first, 1, row - 1, 1));
    aging.legend().set_hidden();
    aging.y_axis().set_num_format(&axis_money);
    aging
        .x_axis()
        .set_name(t(lang, "Dagen na vervaldag", "Jours après échéance", "Days past due"));
    sheet.insert_chart(3, 5, &aging)?;

    // Risk classes.
    row += 1;
    sheet.write_string_with_format(
        row,
        0,
        t(
            lang,
            "Openstaand per risicoklasse",
            "Encours par classe de risque",
            "Open by risk class",
        ),
        &formats.subtitle,
    )?;
    row += 1;
    let classes_first = row;
    for class in [RiskClass::A, RiskClass::B, RiskClass::C, RiskClass::D, RiskClass::E] {
        let open: Decimal = analysis
            .customers
            .iter()
            .filter(|c| c.risk_class == Some(class))
            .map(|c| c.open)
            .sum();
        sheet.write_string(
            row,
            0,
            format!("{} {}", t(lang, "Klasse", "Classe", "Class"), labels::class(class)),
        )?;
        sheet.write_number_with_format(row, 1, money(open), &formats.money)?;
        row += 1;
    }
    let mut classes = Chart::new(ChartType::Bar);
    classes
        .title()
        .set_name(t(lang, "Risicoklassen", "Classes de risque", "Risk classes"));
    // From green (A) to red (E), so the colour says what the letter means.
    let class_colours: Vec<ChartPoint> = [0x63BE7B, 0xB5D67D, 0xFFD966, 0xF4A460, 0xC0504D]
        .into_iter()
        .map(|rgb| {
            ChartPoint::new().set_format(ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(rgb)))
        })
        .collect();
    classes
        .add_series()
        .set_categories((names.summary, classes_first, 0, row - 1, 0))
        .set_values((names.summary, classes_first, 1, row - 1, 1))
        .set_points(&class_colours);
    classes.legend().set_hidden();
    // A bar chart draws its first category at the bottom; reversed, class A stands on top as in the table.
    // Crossing at the last category keeps the value axis at the bottom.
    classes.y_axis().set_reverse().set_crossing(ChartAxisCrossing::Max);
    classes.x_axis().set_num_format(&axis_money);
    sheet.insert_chart(19, 5, &classes)?;

    // The 13-week cash-in forecast.
    if !analysis.forecast.is_empty() {
        row += 1;
        sheet.write_string_with_format(
            row,
            0,
            t(
                lang,
                "Verwachte ontvangsten (13 weken)",
                "Encaissements attendus (13 semaines)",
                "Expected cash-in (13 weeks)",
            ),
            &formats.subtitle,
        )?;
        row += 1;
        let forecast_first = row;
        for week in &analysis.forecast {
            sheet.write_date_with_format(row, 0, week.week_start, &formats.date)?;
            sheet.write_number_with_format(row, 1, money(week.amount), &formats.money)?;
            row += 1;
        }
        let mut forecast = Chart::new(ChartType::Column);
        forecast.title().set_name(t(
            lang,
            "Verwachte ontvangsten per week",
            "Encaissements attendus par semaine",
            "Expected cash-in per week",
        ));
        forecast
            .add_series()
            .set_categories((names.summary, forecast_first, 0, row - 1, 0))
            .set_values((names.summary, forecast_first, 1, row - 1, 1));
        forecast.legend().set_hidden();
        forecast
            .x_axis()
            .set_text_axis(true)
            .set_num_format(lang.pick("dd-mm", "dd/mm", "dd mmm"))
            .set_name(t(lang, "Week vanaf", "Semaine du", "Week of"))
            // Thirteen dates side by side only fit slanted; upright they break over two lines.
            .set_font(ChartFont::new().set_rotation(-45));
        forecast.y_axis().set_num_format(&axis_money);
        sheet.insert_chart(35, 5, &forecast)?;
    }

    row += 1;
    sheet.write_string_with_format(
        row,
        0,
        t(
            lang,
            "Zo leest u deze werkmap",
            "Comment lire ce classeur",
            "How to read this workbook",
        ),
        &formats.subtitle,
    )?;
    row += 1;
    for line in how_to_read(lang, names) {
        sheet.write_string(row, 0, line)?;
        row += 1;
    }
    Ok(())
}

fn how_to_read(lang: Lang, names: &SheetNames) -> Vec<String> {
    match lang {
        Lang::Nl => vec![
            format!("{}: wie u vandaag belt of mailt, het meeste geld eerst, met een klare herinneringstekst.", names.actions),
            format!("{}: elke klant met score (0-100, hoger is beter), klasse A-E, de redenen en de aanbevolen voorwaarden.", names.customers),
            format!("{}: uw eigen rijen, met dagen vervallen, ouderdom, klasse, verwachte betaaldatum en volgende actie.", names.ledger),
            format!("{}: rijen die niet of met twijfel gelezen werden. {}: de gebruikte instellingen.", names.quality, names.policy),
        ],
        Lang::Fr => vec![
            format!("{} : qui appeler ou relancer aujourd'hui, les montants les plus élevés d'abord, avec un texte de rappel prêt.", names.actions),
            format!("{} : chaque client avec son score (0-100, plus haut = mieux), sa classe A-E, les raisons et les conditions recommandées.", names.customers),
            format!("{} : vos propres lignes, avec jours de retard, ancienneté, classe, date de paiement attendue et prochaine action.", names.ledger),
            format!("{} : lignes écartées ou douteuses. {} : les paramètres utilisés.", names.quality, names.policy),
        ],
        Lang::En => vec![
            format!("{}: who to call or e-mail today, the most money first, with a ready reminder text.", names.actions),
            format!("{}: every customer with score (0-100, higher is better), class A-E, the reasons and the recommended terms.", names.customers),
            format!("{}: your own rows, with days overdue, age bucket, class, expected payment date and next action.", names.ledger),
            format!("{}: rows left out or doubtful. {}: the settings used.", names.quality, names.policy),
        ],
    }
}

fn target_name(lang: Lang, kind: &str) -> String {
    match kind {
        "dso" => "DSO".to_owned(),
        "overdue_share" => t(lang, "aandeel vervallen", "part échue", "overdue share").to_owned(),
        "debtor_balance" => t(lang, "debiteurensaldo", "encours clients", "debtor balance").to_owned(),
        other => other.to_owned(),
    }
}
