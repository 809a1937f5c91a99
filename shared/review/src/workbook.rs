//! The review workbook, in the annotated workbook's look (its formats and labels): the review with the
//! KPI table, the trend with its four charts, the movers, the worst payers, the most valuable
//! customers and the actions still open.
//!
//! Where a cell is a formula (a change, an overdue share, a total), its result is cached in the file,
//! so that viewers that do not recalculate (calamine, previews, phones) show the same figure.

use crate::error::ReviewError;
use crate::model::{CustomerLine, Figure, KpiKind, KpiRow, MoveKind, Review, Verdict, JUMP_RATIO, JUMP_SHARE};
use crate::model::{NEW_LARGE_SHARE, TOP};
use crate::text::{date_long, month_name};
use credit_core::lang::Lang;
use credit_workbook::formats::Formats;
use credit_workbook::labels::{self, t};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartMarker, ChartMarkerType, ChartType, DocProperties, Format, Formula, Workbook, Worksheet, XlsxError,
};

/// The sheet names of a review workbook in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetNames {
    /// The review: summary, notes and the KPI table.
    pub review: &'static str,
    /// The trend over the window, with its charts.
    pub trend: &'static str,
    /// The customers who moved.
    pub movers: &'static str,
    /// The worst payers.
    pub worst_payers: &'static str,
    /// The most valuable customers.
    pub most_valuable: &'static str,
    /// The actions still open.
    pub open_actions: &'static str,
}

/// The sheet names in `lang`.
pub fn sheet_names(lang: Lang) -> SheetNames {
    match lang {
        Lang::Nl => SheetNames {
            review: "Maandoverzicht",
            trend: "Trend",
            movers: "Verschuivingen",
            worst_payers: "Slechtste betalers",
            most_valuable: "Waardevolste klanten",
            open_actions: "Open acties",
        },
        Lang::Fr => SheetNames {
            review: "Revue du mois",
            trend: "Tendances",
            movers: "Mouvements",
            worst_payers: "Mauvais payeurs",
            most_valuable: "Meilleurs clients",
            open_actions: "Actions en suspens",
        },
        Lang::En => SheetNames {
            review: "Monthly review",
            trend: "Trend",
            movers: "Movers",
            worst_payers: "Worst payers",
            most_valuable: "Most valuable",
            open_actions: "Open actions",
        },
    }
}

/// The file name a review workbook is saved or attached under: `maandoverzicht-2026-10.xlsx`,
/// `revue-mensuelle-2026-10.xlsx`, `monthly-review-2026-10.xlsx`.
pub fn file_name(review: &Review) -> String {
    let stem = review.lang.pick("maandoverzicht", "revue-mensuelle", "monthly-review");
    format!("{stem}-{}.xlsx", review.month)
}

/// Where the KPI table starts on the review sheet: its header row (0-based) and the first figure row.
/// Tests and readers of the workbook find the figures there, one row per [`KpiKind::ALL`] entry.
pub const KPI_HEADER_ROW: u32 = 10;

/// Columns of the KPI table.
pub mod kpi_columns {
    /// The figure's name.
    pub const FIGURE: u16 = 0;
    /// This month.
    pub const THIS_MONTH: u16 = 1;
    /// Last month.
    pub const LAST_MONTH: u16 = 2;
    /// This month minus last month (a formula).
    pub const CHANGE: u16 = 3;
    /// A year before.
    pub const YEAR_AGO: u16 = 4;
    /// The target.
    pub const TARGET: u16 = 5;
    /// Whether the target is met.
    pub const TARGET_MET: u16 = 6;
    /// Better or worse than last month.
    pub const VERDICT: u16 = 7;
}

/// Writes the review workbook.
///
/// # Errors
/// [`ReviewError::Workbook`] when rust_xlsxwriter refuses (a bug, never the data).
pub fn write_review_workbook(review: &Review) -> Result<Vec<u8>, ReviewError> {
    let lang = review.lang;
    let formats = Formats::new(lang, &review.currency);
    let names = sheet_names(lang);
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{} {}",
                t(lang, "Maandoverzicht", "Revue mensuelle", "Monthly review"),
                month_name(review.month, lang)
            ))
            .set_comment(review.current.as_ref().map_or("", |current| current.file_name.as_str())),
    );
    write_review_sheet(workbook.add_worksheet(), review, &formats, &names)?;
    write_trend_sheet(workbook.add_worksheet(), review, &formats, &names)?;
    write_movers_sheet(workbook.add_worksheet(), review, &formats, &names)?;
    write_customers_sheet(
        workbook.add_worksheet(),
        review,
        &formats,
        names.worst_payers,
        CustomerList::WorstPayers,
    )?;
    write_customers_sheet(
        workbook.add_worksheet(),
        review,
        &formats,
        names.most_valuable,
        CustomerList::MostValuable,
    )?;
    write_actions_sheet(workbook.add_worksheet(), review, &formats, &names)?;
    Ok(workbook.save_to_buffer()?)
}

/// Wide enough for the longest action's name in any language ("Bloquer les livraisons (prévenir la
/// vente)", 42 characters): a narrower column cuts it where the next column starts.
const ACTION_WIDTH: f64 = 44.0;

fn money(value: Decimal) -> f64 {
    value.to_f64().unwrap_or_default()
}

fn headers(sheet: &mut Worksheet, row: u32, headers: &[&str], formats: &Formats) -> Result<(), XlsxError> {
    for (column, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(row, column as u16, *header, &formats.header)?;
    }
    sheet.set_row_height(row, 30)?;
    Ok(())
}

fn integer() -> Format {
    Format::new().set_num_format("0")
}

fn figure_format(figure: Figure, formats: &Formats) -> Format {
    match figure {
        Figure::Money(_) => formats.money.clone(),
        Figure::Share(_) => formats.percent.clone(),
        Figure::Days(_) => formats.decimal.clone(),
        Figure::Count(_) => integer(),
    }
}

fn kpi_label(kind: KpiKind, lang: Lang) -> &'static str {
    match kind {
        KpiKind::Open => t(lang, "Openstaand", "Encours", "Open"),
        KpiKind::Overdue => t(lang, "Vervallen", "Échu", "Overdue"),
        KpiKind::OverdueShare => t(lang, "Aandeel vervallen", "Part échue", "Overdue share"),
        KpiKind::Dso => "DSO",
        KpiKind::BestPossibleDso => t(lang, "Best mogelijke DSO", "Meilleur DSO possible", "Best possible DSO"),
        KpiKind::AverageDaysDelinquent => t(
            lang,
            "Gemiddelde dagen te laat (ADD)",
            "Retard moyen (ADD)",
            "Average days delinquent",
        ),
        KpiKind::Cei => "CEI",
        KpiKind::WeightedDaysLate => t(
            lang,
            "Gewogen dagen te laat",
            "Retard pondéré (jours)",
            "Weighted days late",
        ),
        KpiKind::OnTimeShare => t(lang, "Op tijd betaald", "Payé à temps", "Paid on time"),
        KpiKind::Top10Share => t(
            lang,
            "Aandeel top 10 klanten",
            "Part des 10 premiers clients",
            "Top 10 customers' share",
        ),
        KpiKind::Disputed => t(lang, "Betwist", "En litige", "Disputed"),
        KpiKind::OpenItems => t(lang, "Open posten", "Pièces ouvertes", "Open items"),
        KpiKind::Customers => t(lang, "Klanten", "Clients", "Customers"),
    }
}

/// The label of a kind of movement.
pub fn move_label(kind: MoveKind, lang: Lang) -> &'static str {
    match kind {
        MoveKind::ClassFell => t(lang, "Klasse gedaald", "Classe dégradée", "Class fell"),
        MoveKind::NewLarge => t(
            lang,
            "Nieuw, groot saldo",
            "Nouveau, encours important",
            "New, large balance",
        ),
        MoveKind::BalanceJumped => t(
            lang,
            "Saldo sterk gestegen",
            "Encours en forte hausse",
            "Balance jumped",
        ),
        MoveKind::ClassRose => t(lang, "Klasse gestegen", "Classe améliorée", "Class rose"),
    }
}

fn write_review_sheet(
    sheet: &mut Worksheet,
    review: &Review,
    formats: &Formats,
    names: &SheetNames,
) -> Result<(), XlsxError> {
    let lang = review.lang;
    sheet.set_name(names.review)?;
    sheet.set_landscape().set_print_fit_to_pages(1, 0).set_paper_size(9);
    sheet.set_column_width(0, 32)?;
    for column in 1..=5 {
        sheet.set_column_width(column, 17)?;
    }
    sheet.set_column_width(6, 14)?.set_column_width(7, 16)?;

    let title = format!(
        "{}{}{}",
        t(lang, "Maandoverzicht", "Revue mensuelle", "Monthly review"),
        lang.pick(": ", " : ", ": "),
        month_name(review.month, lang)
    );
    sheet.write_string_with_format(0, 0, &title, &formats.title)?;
    if let Some(current) = &review.current {
        let compared = match &review.previous {
            Some(previous) => lang.pick(
                format!(" vergeleken met {}", date_long(previous.as_of, lang)),
                format!(" comparés au {}", date_long(previous.as_of, lang)),
                format!(" compared with {}", date_long(previous.as_of, lang)),
            ),
            None => String::new(),
        };
        let date = date_long(current.as_of, lang);
        let line = lang.pick(
            format!(
                "Cijfers per {date} ({}){compared} · {}",
                current.file_name, review.currency
            ),
            format!(
                "Chiffres au {date} ({}){compared} · {}",
                current.file_name, review.currency
            ),
            format!(
                "Figures as of {date} ({}){compared} · {}",
                current.file_name, review.currency
            ),
        );
        sheet.write_string(1, 0, line)?;
    }

    // The summary and the notes fit the rows above the KPI table: 3 sentences, at most 5 notes.
    let wrap = formats.wrap.clone();
    sheet.write_string_with_format(2, 0, t(lang, "Samenvatting", "Synthèse", "Summary"), &formats.subtitle)?;
    for (index, sentence) in review.summary.iter().enumerate() {
        let row = 3 + index as u32;
        sheet.merge_range(row, 0, row, 7, sentence, &wrap)?;
        sheet.set_row_height(row, 32)?;
    }
    for (index, note) in review.notes.iter().take(4).enumerate() {
        sheet.merge_range(6 + index as u32, 0, 6 + index as u32, 7, note, &wrap)?;
    }

    if review.current.is_none() {
        return Ok(());
    }
    let column_month = |snapshot: Option<&crate::model::SnapshotRef>, fallback: &'static str| {
        snapshot.map_or_else(|| fallback.to_owned(), |snapshot| month_name(snapshot.month, lang))
    };
    let this_month = column_month(review.current.as_ref(), t(lang, "Deze maand", "Ce mois", "This month"));
    let last_month = column_month(
        review.previous.as_ref(),
        t(lang, "Vorige maand", "Mois précédent", "Last month"),
    );
    let year_ago = column_month(
        review.year_ago.as_ref(),
        t(lang, "Een jaar eerder", "Un an avant", "A year before"),
    );
    headers(
        sheet,
        KPI_HEADER_ROW,
        &[
            t(lang, "Kengetal", "Indicateur", "Figure"),
            &this_month,
            &last_month,
            t(lang, "Verschil", "Variation", "Change"),
            &year_ago,
            t(lang, "Doel", "Objectif", "Target"),
            t(lang, "Doel gehaald", "Objectif atteint", "Target met"),
            t(
                lang,
                "Tegenover vorige maand",
                "Par rapport au mois précédent",
                "Against last month",
            ),
        ],
        formats,
    )?;
    let row_of =
        |kind: KpiKind| KPI_HEADER_ROW + 1 + KpiKind::ALL.iter().position(|k| *k == kind).unwrap_or_default() as u32;
    for row_data in &review.kpis {
        let row = row_of(row_data.kind);
        sheet.write_string(row, kpi_columns::FIGURE, kpi_label(row_data.kind, lang))?;
        write_kpi_values(sheet, row, row_data, &row_of, formats, lang)?;
    }
    let mut row = KPI_HEADER_ROW + 1 + KpiKind::ALL.len() as u32 + 1;
    sheet.write_string_with_format(
        row,
        0,
        t(
            lang,
            "Zo leest u dit overzicht",
            "Comment lire cette revue",
            "How to read this review",
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

fn write_kpi_values(
    sheet: &mut Worksheet,
    row: u32,
    data: &KpiRow,
    row_of: &dyn Fn(KpiKind) -> u32,
    formats: &Formats,
    lang: Lang,
) -> Result<(), XlsxError> {
    use kpi_columns::*;
    let cells = [
        (THIS_MONTH, data.this_month),
        (LAST_MONTH, data.last_month),
        (YEAR_AGO, data.year_ago),
    ];
    for (column, value) in cells {
        let Some(value) = value else {
            if column == THIS_MONTH {
                sheet.write_string(
                    row,
                    column,
                    t(
                        lang,
                        "te weinig historiek",
                        "historique insuffisant",
                        "too little history",
                    ),
                )?;
            }
            continue;
        };
        let format = figure_format(value, formats);
        if data.kind == KpiKind::OverdueShare {
            // The share is the two rows above it divided, as the annotated workbook's summary does.
            let letter = column_letter(column);
            let formula = format!(
                "=IF({letter}{open}=0,0,{letter}{overdue}/{letter}{open})",
                open = row_of(KpiKind::Open) + 1,
                overdue = row_of(KpiKind::Overdue) + 1
            );
            sheet.write_formula_with_format(
                row,
                column,
                Formula::new(formula).set_result(value.to_f64().to_string()),
                &format,
            )?;
        } else {
            sheet.write_number_with_format(row, column, value.to_f64(), &format)?;
        }
    }
    if let Some(change) = data.change() {
        let formula = format!(
            "={}{r}-{}{r}",
            column_letter(THIS_MONTH),
            column_letter(LAST_MONTH),
            r = row + 1
        );
        sheet.write_formula_with_format(
            row,
            CHANGE,
            Formula::new(formula).set_result(change.to_f64().to_string()),
            &figure_format(change, formats),
        )?;
    }
    if let Some(target) = data.target {
        sheet.write_number_with_format(row, TARGET, target.to_f64(), &figure_format(target, formats))?;
    }
    if let Some(met) = data.target_met() {
        let (text, format) = match met {
            true => (t(lang, "ja", "oui", "yes"), &formats.good),
            false => (t(lang, "nee", "non", "no"), &formats.bad),
        };
        sheet.write_string_with_format(row, TARGET_MET, text, format)?;
    }
    if let Some(verdict) = data.verdict() {
        let (text, format) = match verdict {
            Verdict::Better => (t(lang, "beter", "mieux", "better"), Some(&formats.good)),
            Verdict::Worse => (t(lang, "slechter", "moins bien", "worse"), Some(&formats.bad)),
            Verdict::Unchanged => (t(lang, "gelijk", "stable", "unchanged"), None),
        };
        match format {
            Some(format) => sheet.write_string_with_format(row, VERDICT, text, format)?,
            None => sheet.write_string(row, VERDICT, text)?,
        };
    }
    Ok(())
}

/// `A` for column 0... (the review's tables stay within 26 columns).
fn column_letter(column: u16) -> char {
    char::from(b'A' + (column.min(25) as u8))
}

fn how_to_read(lang: Lang, names: &SheetNames) -> Vec<String> {
    match lang {
        Lang::Nl => vec![
            format!("{}: de laatste twaalf maanden met grafieken van saldo, aandeel vervallen, DSO en CEI.", names.trend),
            format!("{}: klanten die van risicoklasse veranderden, nieuwe klanten met een groot saldo, sterk gestegen saldo's.", names.movers),
            format!("{} en {}: wie het slechtst betaalt en wie het meest waard is.", names.worst_payers, names.most_valuable),
            format!("{}: acties die vorige maand aangeraden werden en waarvan de facturen nog openstaan.", names.open_actions),
        ],
        Lang::Fr => vec![
            format!("{} : les douze derniers mois, avec les graphiques de l'encours, de la part échue, du DSO et du CEI.", names.trend),
            format!("{} : clients qui ont changé de classe de risque, nouveaux clients à encours important, encours en forte hausse.", names.movers),
            format!("{} et {} : qui paie le plus mal et qui compte le plus.", names.worst_payers, names.most_valuable),
            format!("{} : actions recommandées le mois précédent dont les factures restent impayées.", names.open_actions),
        ],
        Lang::En => vec![
            format!("{}: the last twelve months, with charts of the balance, overdue share, DSO and CEI.", names.trend),
            format!("{}: customers who changed risk class, new customers with a large balance, balances that jumped.", names.movers),
            format!("{} and {}: who pays worst and who is worth most.", names.worst_payers, names.most_valuable),
            format!("{}: actions recommended last month whose invoices are still unpaid.", names.open_actions),
        ],
    }
}

/// Columns of the trend sheet.
pub mod trend_columns {
    /// The month (`YYYY-MM`).
    pub const MONTH: u16 = 0;
    /// The snapshot's as-of date, or a note that there is none.
    pub const AS_OF: u16 = 1;
    /// Open.
    pub const OPEN: u16 = 2;
    /// Overdue.
    pub const OVERDUE: u16 = 3;
    /// Overdue share (a formula).
    pub const OVERDUE_SHARE: u16 = 4;
    /// DSO.
    pub const DSO: u16 = 5;
    /// CEI.
    pub const CEI: u16 = 6;
}

/// The header row of the tables on the trend, movers, customer and action sheets.
pub const TABLE_HEADER_ROW: u32 = 2;

fn write_trend_sheet(
    sheet: &mut Worksheet,
    review: &Review,
    formats: &Formats,
    names: &SheetNames,
) -> Result<(), XlsxError> {
    use trend_columns::*;
    let lang = review.lang;
    sheet.set_name(names.trend)?;
    sheet.set_landscape().set_print_fit_to_pages(1, 0).set_paper_size(9);
    sheet.set_column_width(0, 10)?.set_column_width(1, 18)?;
    for column in 2..=6 {
        sheet.set_column_width(column, 15)?;
    }
    sheet.write_string_with_format(
        0,
        0,
        t(
            lang,
            "De laatste twaalf maanden",
            "Les douze derniers mois",
            "The last twelve months",
        ),
        &formats.title,
    )?;
    headers(
        sheet,
        TABLE_HEADER_ROW,
        &[
            t(lang, "Maand", "Mois", "Month"),
            t(lang, "Per", "Au", "As of"),
            t(lang, "Openstaand", "Encours", "Open"),
            t(lang, "Vervallen", "Échu", "Overdue"),
            t(lang, "Aandeel vervallen", "Part échue", "Overdue share"),
            "DSO",
            "CEI",
        ],
        formats,
    )?;
    let first = TABLE_HEADER_ROW + 1;
    for (index, point) in review.trend.iter().enumerate() {
        let row = first + index as u32;
        sheet.write_string(row, MONTH, point.month.to_string())?;
        match &point.snapshot {
            Some(snapshot) => sheet.write_date_with_format(row, AS_OF, snapshot.as_of, &formats.date)?,
            None => sheet.write_string(
                row,
                AS_OF,
                t(lang, "geen momentopname", "pas d'instantané", "no snapshot"),
            )?,
        };
        if let (Some(open), Some(overdue)) = (point.open, point.overdue) {
            sheet.write_number_with_format(row, OPEN, money(open), &formats.money)?;
            sheet.write_number_with_format(row, OVERDUE, money(overdue), &formats.money)?;
            let share = point.overdue_share.unwrap_or(0.0);
            let formula = format!("=IF(C{r}=0,0,D{r}/C{r})", r = row + 1);
            sheet.write_formula_with_format(
                row,
                OVERDUE_SHARE,
                Formula::new(formula).set_result(share.to_string()),
                &formats.percent,
            )?;
        }
        if let Some(dso) = point.dso {
            sheet.write_number_with_format(row, DSO, dso, &formats.decimal)?;
        }
        if let Some(cei) = point.cei {
            sheet.write_number_with_format(row, CEI, cei, &formats.percent)?;
        }
    }
    if review.trend.is_empty() {
        return Ok(());
    }
    let last = first + review.trend.len() as u32 - 1;
    let open_axis = credit_workbook::formats::money_axis_pattern(&review.currency, lang);
    let charts = [
        (OPEN, t(lang, "Openstaand", "Encours", "Open"), open_axis.as_str()),
        (
            OVERDUE_SHARE,
            t(lang, "Aandeel vervallen", "Part échue", "Overdue share"),
            "0%",
        ),
        (DSO, t(lang, "DSO (dagen)", "DSO (jours)", "DSO (days)"), "0"),
        (CEI, "CEI", "0%"),
    ];
    for (index, (column, title, number_format)) in charts.into_iter().enumerate() {
        let mut chart = Chart::new(ChartType::Line);
        chart.title().set_name(title);
        chart
            .add_series()
            .set_name(title)
            .set_categories((names.trend, first, MONTH, last, MONTH))
            .set_values((names.trend, first, column, last, column))
            // A few points only: markers show each month, and a month without a snapshot as a gap.
            .set_marker(ChartMarker::new().set_type(ChartMarkerType::Circle));
        chart.legend().set_hidden();
        chart.y_axis().set_num_format(number_format);
        let (chart_row, chart_column) = (1 + 16 * (index as u32 / 2), 8 + 8 * (index as u16 % 2));
        sheet.insert_chart(chart_row, chart_column, &chart)?;
    }
    Ok(())
}

/// Columns of the movers sheet.
pub mod mover_columns {
    /// What moved.
    pub const MOVEMENT: u16 = 0;
    /// The customer's id.
    pub const CUSTOMER: u16 = 1;
    /// The name.
    pub const NAME: u16 = 2;
    /// The class before.
    pub const CLASS_BEFORE: u16 = 3;
    /// The class now.
    pub const CLASS_NOW: u16 = 4;
    /// The score before.
    pub const SCORE_BEFORE: u16 = 5;
    /// The score now.
    pub const SCORE_NOW: u16 = 6;
    /// The balance before.
    pub const OPEN_BEFORE: u16 = 7;
    /// The balance now.
    pub const OPEN_NOW: u16 = 8;
    /// Now minus before (a formula).
    pub const CHANGE: u16 = 9;
    /// Overdue now.
    pub const OVERDUE_NOW: u16 = 10;
}

fn write_movers_sheet(
    sheet: &mut Worksheet,
    review: &Review,
    formats: &Formats,
    names: &SheetNames,
) -> Result<(), XlsxError> {
    use mover_columns::*;
    let lang = review.lang;
    sheet.set_name(names.movers)?;
    sheet.set_landscape().set_print_fit_to_pages(1, 0).set_paper_size(9);
    sheet
        .set_column_width(0, 24)?
        .set_column_width(1, 14)?
        .set_column_width(2, 28)?;
    for column in 3..=6 {
        sheet.set_column_width(column, 10)?;
    }
    for column in 7..=10 {
        sheet.set_column_width(column, 15)?;
    }
    let title = match &review.previous {
        Some(previous) => {
            let since = month_name(previous.month, lang);
            lang.pick(
                format!("Verschuivingen sinds {since}"),
                format!("Mouvements depuis {since}"),
                format!("Movers since {since}"),
            )
        }
        None => t(lang, "Verschuivingen", "Mouvements", "Movers").to_owned(),
    };
    sheet.write_string_with_format(0, 0, title, &formats.title)?;
    headers(
        sheet,
        TABLE_HEADER_ROW,
        &[
            t(lang, "Beweging", "Mouvement", "Movement"),
            t(lang, "Klant", "Client", "Customer"),
            t(lang, "Naam", "Nom", "Name"),
            t(lang, "Klasse voordien", "Classe avant", "Class before"),
            t(lang, "Klasse nu", "Classe maintenant", "Class now"),
            t(lang, "Score voordien", "Score avant", "Score before"),
            t(lang, "Score nu", "Score maintenant", "Score now"),
            t(lang, "Saldo voordien", "Encours avant", "Open before"),
            t(lang, "Saldo nu", "Encours maintenant", "Open now"),
            t(lang, "Verschil", "Variation", "Change"),
            t(lang, "Vervallen nu", "Échu maintenant", "Overdue now"),
        ],
        formats,
    )?;
    let mut row = TABLE_HEADER_ROW + 1;
    for mover in &review.movers {
        sheet.write_string(row, MOVEMENT, move_label(mover.kind, lang))?;
        sheet.write_string(row, CUSTOMER, &mover.customer_id)?;
        sheet.write_string(row, NAME, mover.name.as_deref().unwrap_or_default())?;
        if let Some(class) = mover.class_before {
            sheet.write_string(row, CLASS_BEFORE, labels::class(class))?;
        }
        if let Some(class) = mover.class_now {
            sheet.write_string(row, CLASS_NOW, labels::class(class))?;
        }
        if let Some(score) = mover.score_before {
            sheet.write_number(row, SCORE_BEFORE, f64::from(score))?;
        }
        if let Some(score) = mover.score_now {
            sheet.write_number(row, SCORE_NOW, f64::from(score))?;
        }
        if let Some(open) = mover.open_before {
            sheet.write_number_with_format(row, OPEN_BEFORE, money(open), &formats.money)?;
        }
        sheet.write_number_with_format(row, OPEN_NOW, money(mover.open_now), &formats.money)?;
        sheet.write_formula_with_format(
            row,
            CHANGE,
            Formula::new(format!("=I{r}-H{r}", r = row + 1)).set_result(money(mover.change()).to_string()),
            &formats.money,
        )?;
        sheet.write_number_with_format(row, OVERDUE_NOW, money(mover.overdue_now), &formats.money)?;
        row += 1;
    }
    row += 1;
    let explanation = match (&review.previous, review.movers.is_empty()) {
        (None, _) => vec![t(
            lang,
            "Eerste overzicht: er is geen eerdere momentopname om mee te vergelijken.",
            "Première revue : il n'y a pas d'instantané antérieur pour comparer.",
            "First review: there is no earlier snapshot to compare with.",
        )
        .to_owned()],
        (Some(_), empty) => {
            let mut lines = Vec::new();
            if empty {
                lines.push(
                    t(
                        lang,
                        "Geen enkele klant verschoof.",
                        "Aucun client n'a bougé.",
                        "No customer moved.",
                    )
                    .to_owned(),
                );
            }
            lines.push(rules(lang));
            lines
        }
    };
    for line in explanation {
        sheet.write_string(row, 0, line)?;
        row += 1;
    }
    Ok(())
}

fn rules(lang: Lang) -> String {
    let percent = |share: Decimal| credit_core::text::percent(share.to_f64().unwrap_or_default(), lang);
    let (new, ratio, jump) = (percent(NEW_LARGE_SHARE), percent(JUMP_RATIO), percent(JUMP_SHARE));
    lang.pick(
        format!("Een nieuwe klant telt vanaf {new} van het totale saldo; een saldo steeg sterk als het met minstens {ratio} van zichzelf en met minstens {jump} van het totale saldo steeg."),
        format!("Un nouveau client est retenu à partir de {new} de l'encours total ; un encours est en forte hausse s'il a augmenté d'au moins {ratio} de lui-même et d'au moins {jump} de l'encours total."),
        format!("A new customer is listed from {new} of the total balance; a balance jumped when it grew by at least {ratio} of itself and by at least {jump} of the total balance."),
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CustomerList {
    WorstPayers,
    MostValuable,
}

/// Columns of the worst-payer sheet.
pub mod worst_columns {
    /// The customer's id.
    pub const CUSTOMER: u16 = 0;
    /// The name.
    pub const NAME: u16 = 1;
    /// The class now.
    pub const CLASS: u16 = 2;
    /// The class in the previous snapshot.
    pub const CLASS_BEFORE: u16 = 3;
    /// The score.
    pub const SCORE: u16 = 4;
    /// Overdue.
    pub const OVERDUE: u16 = 5;
    /// Open.
    pub const OPEN: u16 = 6;
    /// The most days overdue.
    pub const MAX_DAYS_OVERDUE: u16 = 7;
    /// Amount-weighted days late.
    pub const WEIGHTED_DAYS_LATE: u16 = 8;
    /// The next action.
    pub const NEXT_ACTION: u16 = 9;
}

/// Columns of the most-valuable sheet.
pub mod valuable_columns {
    /// The customer's id.
    pub const CUSTOMER: u16 = 0;
    /// The name.
    pub const NAME: u16 = 1;
    /// The ABC class.
    pub const ABC: u16 = 2;
    /// Revenue over twelve months.
    pub const REVENUE: u16 = 3;
    /// Growth against the twelve months before.
    pub const GROWTH: u16 = 4;
    /// The risk class.
    pub const CLASS: u16 = 5;
    /// Open.
    pub const OPEN: u16 = 6;
    /// Overdue.
    pub const OVERDUE: u16 = 7;
    /// The next action.
    pub const NEXT_ACTION: u16 = 8;
}

fn write_customers_sheet(
    sheet: &mut Worksheet,
    review: &Review,
    formats: &Formats,
    name: &str,
    list: CustomerList,
) -> Result<(), XlsxError> {
    let lang = review.lang;
    sheet.set_name(name)?;
    sheet.set_landscape().set_print_fit_to_pages(1, 0).set_paper_size(9);
    sheet.set_column_width(0, 14)?.set_column_width(1, 28)?;
    for column in 2..=8 {
        sheet.set_column_width(column, 14)?;
    }
    // The next action is the last column of both lists; it fits the longest action's name.
    let next_action_column = match list {
        CustomerList::WorstPayers => worst_columns::NEXT_ACTION,
        CustomerList::MostValuable => valuable_columns::NEXT_ACTION,
    };
    sheet.set_column_width(next_action_column, ACTION_WIDTH)?;
    let (title, lines) = match list {
        CustomerList::WorstPayers => (
            lang.pick(
                format!("De {TOP} slechtste betalers met een vervallen saldo"),
                format!("Les {TOP} plus mauvais payeurs avec un solde échu"),
                format!("The {TOP} worst payers with money overdue"),
            ),
            &review.worst_payers,
        ),
        CustomerList::MostValuable => (
            lang.pick(
                format!("De {TOP} waardevolste klanten (omzet over twaalf maanden)"),
                format!("Les {TOP} clients les plus importants (chiffre d'affaires sur douze mois)"),
                format!("The {TOP} most valuable customers (revenue over twelve months)"),
            ),
            &review.most_valuable,
        ),
    };
    sheet.write_string_with_format(0, 0, title, &formats.title)?;
    let customer = t(lang, "Klant", "Client", "Customer");
    let name_header = t(lang, "Naam", "Nom", "Name");
    let class = t(lang, "Klasse", "Classe", "Class");
    let open = t(lang, "Openstaand", "Encours", "Open");
    let overdue = t(lang, "Vervallen", "Échu", "Overdue");
    let next = t(lang, "Volgende actie", "Prochaine action", "Next action");
    match list {
        CustomerList::WorstPayers => headers(
            sheet,
            TABLE_HEADER_ROW,
            &[
                customer,
                name_header,
                class,
                t(
                    lang,
                    "Klasse vorige maand",
                    "Classe le mois précédent",
                    "Class last month",
                ),
                "Score",
                overdue,
                open,
                t(lang, "Max. dagen vervallen", "Retard max. (jours)", "Most days overdue"),
                t(
                    lang,
                    "Gewogen dagen te laat",
                    "Retard pondéré (jours)",
                    "Weighted days late",
                ),
                next,
            ],
            formats,
        )?,
        CustomerList::MostValuable => headers(
            sheet,
            TABLE_HEADER_ROW,
            &[
                customer,
                name_header,
                "ABC",
                t(
                    lang,
                    "Omzet 12 maanden",
                    "Chiffre d'affaires 12 mois",
                    "Revenue 12 months",
                ),
                t(lang, "Groei", "Croissance", "Growth"),
                class,
                open,
                overdue,
                next,
            ],
            formats,
        )?,
    }
    for (index, line) in lines.iter().enumerate() {
        let row = TABLE_HEADER_ROW + 1 + index as u32;
        match list {
            CustomerList::WorstPayers => write_worst_payer(sheet, row, line, formats, lang)?,
            CustomerList::MostValuable => write_valuable(sheet, row, line, formats, lang)?,
        }
    }
    if lines.is_empty() {
        let none = match list {
            CustomerList::WorstPayers => t(
                lang,
                "Geen enkele klant heeft een vervallen saldo.",
                "Aucun client n'a de solde échu.",
                "No customer has money overdue.",
            ),
            CustomerList::MostValuable => t(
                lang,
                "Geen omzet of saldo om klanten te rangschikken.",
                "Ni chiffre d'affaires ni encours pour classer les clients.",
                "No revenue or balance to rank customers by.",
            ),
        };
        sheet.write_string(TABLE_HEADER_ROW + 1, 0, none)?;
    }
    Ok(())
}

fn write_worst_payer(
    sheet: &mut Worksheet,
    row: u32,
    line: &CustomerLine,
    formats: &Formats,
    lang: Lang,
) -> Result<(), XlsxError> {
    use worst_columns::*;
    sheet.write_string(row, CUSTOMER, &line.customer_id)?;
    sheet.write_string(row, NAME, line.name.as_deref().unwrap_or_default())?;
    if let Some(class) = line.class {
        sheet.write_string(row, CLASS, labels::class(class))?;
    }
    if let Some(class) = line.class_before {
        sheet.write_string(row, CLASS_BEFORE, labels::class(class))?;
    }
    if let Some(score) = line.score {
        sheet.write_number(row, SCORE, f64::from(score))?;
    }
    sheet.write_number_with_format(row, OVERDUE, money(line.overdue), &formats.money)?;
    sheet.write_number_with_format(row, OPEN, money(line.open), &formats.money)?;
    sheet.write_number(row, MAX_DAYS_OVERDUE, line.max_days_overdue as f64)?;
    if let Some(days) = line.weighted_days_late {
        sheet.write_number_with_format(row, WEIGHTED_DAYS_LATE, days, &formats.decimal)?;
    }
    if let Some(action) = line.next_action {
        sheet.write_string(row, NEXT_ACTION, labels::action(lang, action))?;
    }
    Ok(())
}

fn write_valuable(
    sheet: &mut Worksheet,
    row: u32,
    line: &CustomerLine,
    formats: &Formats,
    lang: Lang,
) -> Result<(), XlsxError> {
    use valuable_columns::*;
    sheet.write_string(row, CUSTOMER, &line.customer_id)?;
    sheet.write_string(row, NAME, line.name.as_deref().unwrap_or_default())?;
    if let Some(abc) = line.abc {
        let abc = match abc {
            credit_core::analysis::AbcClass::A => "A",
            credit_core::analysis::AbcClass::B => "B",
            credit_core::analysis::AbcClass::C => "C",
        };
        sheet.write_string(row, ABC, abc)?;
    }
    if let Some(revenue) = line.revenue_12m {
        sheet.write_number_with_format(row, REVENUE, money(revenue), &formats.money)?;
    }
    if let Some(growth) = line.growth {
        sheet.write_number_with_format(row, GROWTH, growth, &formats.percent)?;
    }
    if let Some(class) = line.class {
        sheet.write_string(row, CLASS, labels::class(class))?;
    }
    sheet.write_number_with_format(row, OPEN, money(line.open), &formats.money)?;
    sheet.write_number_with_format(row, OVERDUE, money(line.overdue), &formats.money)?;
    if let Some(action) = line.next_action {
        sheet.write_string(row, NEXT_ACTION, labels::action(lang, action))?;
    }
    Ok(())
}

/// Columns of the open-actions sheet.
pub mod action_columns {
    /// The customer's id.
    pub const CUSTOMER: u16 = 0;
    /// The name.
    pub const NAME: u16 = 1;
    /// The action recommended then.
    pub const RECOMMENDED: u16 = 2;
    /// Its date.
    pub const ON: u16 = 3;
    /// The money it was about then.
    pub const AMOUNT_THEN: u16 = 4;
    /// Invoices still open.
    pub const INVOICES: u16 = 5;
    /// What they still hold.
    pub const STILL_OPEN: u16 = 6;
    /// The most days one is past due now.
    pub const MAX_DAYS_OVERDUE: u16 = 7;
    /// What is recommended now.
    pub const ACTION_NOW: u16 = 8;
}

fn write_actions_sheet(
    sheet: &mut Worksheet,
    review: &Review,
    formats: &Formats,
    names: &SheetNames,
) -> Result<(), XlsxError> {
    use action_columns::*;
    let lang = review.lang;
    sheet.set_name(names.open_actions)?;
    sheet.set_landscape().set_print_fit_to_pages(1, 0).set_paper_size(9);
    sheet
        .set_column_width(0, 14)?
        .set_column_width(1, 28)?
        .set_column_width(RECOMMENDED, ACTION_WIDTH)?;
    for column in 3..=7 {
        sheet.set_column_width(column, 14)?;
    }
    sheet.set_column_width(ACTION_NOW, ACTION_WIDTH)?;
    let title = match &review.previous {
        Some(previous) => {
            let when = month_name(previous.month, lang);
            lang.pick(
                format!("Acties aangeraden in {when} waarvan de facturen nog openstaan"),
                format!("Actions recommandées en {when} dont les factures restent impayées"),
                format!("Actions recommended in {when} whose invoices are still unpaid"),
            )
        }
        None => t(lang, "Open acties", "Actions en suspens", "Open actions").to_owned(),
    };
    sheet.write_string_with_format(0, 0, title, &formats.title)?;
    headers(
        sheet,
        TABLE_HEADER_ROW,
        &[
            t(lang, "Klant", "Client", "Customer"),
            t(lang, "Naam", "Nom", "Name"),
            t(lang, "Aangeraden actie", "Action recommandée", "Recommended action"),
            t(lang, "Op", "Le", "On"),
            t(lang, "Bedrag toen", "Montant alors", "Amount then"),
            t(
                lang,
                "Facturen nog open",
                "Factures encore ouvertes",
                "Invoices still open",
            ),
            t(lang, "Nog open", "Encore ouvert", "Still open"),
            t(
                lang,
                "Max. dagen vervallen nu",
                "Retard max. maintenant",
                "Most days overdue now",
            ),
            t(lang, "Actie nu", "Action maintenant", "Action now"),
        ],
        formats,
    )?;
    let first = TABLE_HEADER_ROW + 1;
    let mut row = first;
    for action in &review.open_actions {
        sheet.write_string(row, CUSTOMER, &action.customer_id)?;
        sheet.write_string(row, NAME, action.name.as_deref().unwrap_or_default())?;
        sheet.write_string(row, RECOMMENDED, labels::action(lang, action.kind))?;
        sheet.write_date_with_format(row, ON, action.on, &formats.date)?;
        sheet.write_number_with_format(row, AMOUNT_THEN, money(action.amount_then), &formats.money)?;
        sheet.write_number(row, INVOICES, action.invoices_still_open as f64)?;
        sheet.write_number_with_format(row, STILL_OPEN, money(action.still_open), &formats.money)?;
        sheet.write_number(row, MAX_DAYS_OVERDUE, action.max_days_overdue_now as f64)?;
        if let Some(now) = action.action_now {
            sheet.write_string(row, ACTION_NOW, labels::action(lang, now))?;
        }
        row += 1;
    }
    if review.open_actions.is_empty() {
        let none = match &review.previous {
            None => t(
                lang,
                "Eerste overzicht: er zijn nog geen acties van vorige maand.",
                "Première revue : pas encore d'actions du mois précédent.",
                "First review: there are no actions from last month yet.",
            ),
            Some(_) => t(
                lang,
                "Geen enkele actie van vorige maand staat nog open.",
                "Aucune action du mois précédent ne reste ouverte.",
                "No action from last month is still open.",
            ),
        };
        sheet.write_string(row, 0, none)?;
        return Ok(());
    }
    let total: Decimal = review.open_actions.iter().map(|action| action.still_open).sum();
    sheet.write_string_with_format(row, 0, t(lang, "Totaal", "Total", "Total"), &formats.bold)?;
    sheet.write_formula_with_format(
        row,
        STILL_OPEN,
        Formula::new(format!("=SUM(G{}:G{})", first + 1, row)).set_result(money(total).to_string()),
        &formats.money_total,
    )?;
    Ok(())
}
