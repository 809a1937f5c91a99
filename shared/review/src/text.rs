//! The review's sentences in Dutch, French and English: the three-sentence summary and the plain notes
//! on what is missing.

use crate::model::{KpiKind, MoveKind, Review};
use chrono::{Datelike, NaiveDate};
use credit_core::lang::Lang;
use credit_core::text::{amount, number, percent};
use credit_store::Month;
use rust_decimal::prelude::ToPrimitive;

/// A month as words: "October 2026", "oktober 2026", "octobre 2026".
pub fn month_name(month: Month, lang: Lang) -> String {
    const NL: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let index = (month.month().clamp(1, 12) - 1) as usize;
    format!("{} {}", lang.pick(NL, FR, EN)[index], month.year())
}

/// A date as words: "31 October 2026", "31 oktober 2026", "1er novembre 2026".
pub fn date_long(date: NaiveDate, lang: Lang) -> String {
    let month = month_name(Month::of(date), lang);
    let day = date.day();
    match lang {
        Lang::Fr if day == 1 => format!("1er {month}"),
        _ => format!("{day} {month}"),
    }
}

/// "1 customer", "2 customers"; French takes the singular for 0 as for 1.
fn plural(lang: Lang, count: usize, one: &str, many: &str) -> String {
    let singular = match lang {
        Lang::Fr => count <= 1,
        Lang::Nl | Lang::En => count == 1,
    };
    format!("{count} {}", if singular { one } else { many })
}

/// The three sentences of a month with nothing to review.
pub fn nothing_to_review(month: Month, lang: Lang) -> [String; 3] {
    let month = month_name(month, lang);
    match lang {
        Lang::Nl => [
            format!("Er werd geen grootboek geanalyseerd in de twaalf maanden tot en met {month}."),
            "Er is dus niets te vergelijken.".to_owned(),
            "Analyseer een grootboek (upload het, of gebruik credit analyze) om volgende maand een overzicht te krijgen."
                .to_owned(),
        ],
        Lang::Fr => [
            format!("Aucune balance n'a été analysée au cours des douze mois jusqu'à {month} inclus."),
            "Il n'y a donc rien à comparer.".to_owned(),
            "Analysez une balance (en la téléversant, ou avec credit analyze) pour recevoir la revue du mois prochain."
                .to_owned(),
        ],
        Lang::En => [
            format!("No ledger was analysed in the twelve months up to {month}."),
            "There is nothing to review.".to_owned(),
            "Analyse a ledger (upload it, or run credit analyze) to receive next month's review.".to_owned(),
        ],
    }
}

/// The three sentences: where the balance stands against last month, DSO and CEI against target and
/// last month, and who moved with the actions still open.
pub fn summary(review: &Review) -> [String; 3] {
    [balance_sentence(review), kpi_sentence(review), movers_sentence(review)]
}

fn balance_sentence(review: &Review) -> String {
    let lang = review.lang;
    let Some(current) = &review.current else {
        return nothing_to_review(review.month, lang)[0].clone();
    };
    let currency = &review.currency;
    let date = date_long(current.as_of, lang);
    let open_row = review.kpi(KpiKind::Open);
    let share_row = review.kpi(KpiKind::OverdueShare);
    let open = open_row.and_then(|row| money(row.this_month)).unwrap_or_default();
    let share = percent(
        share_row.and_then(|row| row.this_month).map_or(0.0, |f| f.to_f64()),
        lang,
    );
    let month = month_name(review.month, lang);
    let lead = match (lang, review.is_stale()) {
        (Lang::Nl, true) => format!("Voor {month} werd geen grootboek geanalyseerd; op {date}, de laatste analyse,"),
        (Lang::Fr, true) => format!("Aucune balance n'a été analysée pour {month} ; au {date}, dernière analyse,"),
        (Lang::En, true) => format!("No ledger was analysed for {month}; on {date}, the latest analysed,"),
        (Lang::Nl, false) => format!("Op {date}"),
        (Lang::Fr, false) => format!("Au {date},"),
        (Lang::En, false) => format!("On {date},"),
    };
    let open_text = amount(open, currency, lang);
    let change = match (&review.previous, open_row.and_then(|row| money(row.last_month))) {
        (Some(previous), Some(before)) => {
            let when = month_name(previous.month, lang);
            let before_text = amount(before, currency, lang);
            if before == open {
                lang.pick(
                    format!(" (ongewijzigd sinds {when})"),
                    format!(" (inchangé depuis {when})"),
                    format!(", unchanged since {when}"),
                )
            } else if before.is_zero() {
                lang.pick(
                    format!(" (tegenover {before_text} in {when})"),
                    format!(" (contre {before_text} en {when})"),
                    format!(", against {before_text} in {when}"),
                )
            } else {
                let ratio = ((open - before) / before).abs().to_f64().unwrap_or_default();
                let pct = percent(ratio, lang);
                match (lang, open > before) {
                    (Lang::Nl, true) => format!(" ({pct} meer dan in {when}: {before_text})"),
                    (Lang::Nl, false) => format!(" ({pct} minder dan in {when}: {before_text})"),
                    (Lang::Fr, true) => format!(" ({pct} de plus qu'en {when} : {before_text})"),
                    (Lang::Fr, false) => format!(" ({pct} de moins qu'en {when} : {before_text})"),
                    (Lang::En, true) => format!(", up {pct} on {when} ({before_text})"),
                    (Lang::En, false) => format!(", down {pct} on {when} ({before_text})"),
                }
            }
        }
        _ => String::new(),
    };
    let mut share_notes = Vec::new();
    if let Some(before) = share_row.and_then(|row| row.last_month) {
        let before = percent(before.to_f64(), lang);
        share_notes.push(lang.pick(
            format!("tegenover {before}"),
            format!("contre {before}"),
            format!("against {before}"),
        ));
    }
    if let Some(target) = share_row.and_then(|row| row.target) {
        let target = percent(target.to_f64(), lang);
        share_notes.push(lang.pick(
            format!("doel {target}"),
            format!("objectif {target}"),
            format!("target {target}"),
        ));
    }
    let share_note = if share_notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", share_notes.join(lang.pick("; ", " ; ", "; ")))
    };
    match lang {
        Lang::Nl => format!("{lead} stond er {open_text} open{change}, waarvan {share} vervallen{share_note}."),
        Lang::Fr => format!("{lead} l'encours était de {open_text}{change}, dont {share} échus{share_note}."),
        Lang::En => format!("{lead} {open_text} was open{change}, and {share} of it was overdue{share_note}."),
    }
}

fn money(figure: Option<crate::model::Figure>) -> Option<rust_decimal::Decimal> {
    match figure? {
        crate::model::Figure::Money(amount) => Some(amount),
        _ => None,
    }
}

fn kpi_sentence(review: &Review) -> String {
    let lang = review.lang;
    let previous_month = review
        .previous
        .as_ref()
        .map(|previous| month_name(previous.month, lang));
    let dso = review.kpi(KpiKind::Dso);
    let days = |value: f64| number(value, 1, lang);
    let dso_part = match (
        dso.and_then(|row| row.this_month),
        dso.and_then(|row| row.last_month),
        &previous_month,
    ) {
        (None, _, _) => lang
            .pick(
                "De DSO kon niet berekend worden (te weinig omzethistoriek)",
                "Le DSO n'a pas pu être calculé (historique de ventes insuffisant)",
                "DSO could not be computed (too little sales history)",
            )
            .to_owned(),
        (Some(now), Some(before), Some(when)) => {
            let (now, before) = (days(now.to_f64()), days(before.to_f64()));
            lang.pick(
                format!("De DSO ging van {before} in {when} naar {now} dagen"),
                format!("Le DSO est passé de {before} en {when} à {now} jours"),
                format!("DSO went from {before} in {when} to {now} days"),
            )
        }
        (Some(now), _, _) => {
            let now = days(now.to_f64());
            lang.pick(
                format!("De DSO bedroeg {now} dagen"),
                format!("Le DSO était de {now} jours"),
                format!("DSO was {now} days"),
            )
        }
    };
    let dso_target = match (dso.and_then(|row| row.target), dso.and_then(|row| row.target_met())) {
        (Some(target), Some(met)) => {
            let target = number(target.to_f64(), 0, lang);
            let verdict = match met {
                true => lang.pick("doel gehaald", "objectif atteint", "target met"),
                false => lang.pick("doel niet gehaald", "objectif manqué", "target missed"),
            };
            lang.pick(
                format!(", tegenover een doel van {target} ({verdict})"),
                format!(", pour un objectif de {target} ({verdict})"),
                format!(", against a target of {target} ({verdict})"),
            )
        }
        _ => String::new(),
    };
    let cei = review.kpi(KpiKind::Cei);
    let cei_part = match (cei.and_then(|row| row.this_month), cei.and_then(|row| row.last_month)) {
        (None, _) => lang
            .pick(
                "de CEI vraagt meer historiek",
                "le CEI demande plus d'historique",
                "the CEI needs more history",
            )
            .to_owned(),
        (Some(now), Some(before)) => {
            let (now, before) = (percent(now.to_f64(), lang), percent(before.to_f64(), lang));
            lang.pick(
                format!("de CEI ging van {before} naar {now}"),
                format!("le CEI est passé de {before} à {now}"),
                format!("the CEI went from {before} to {now}"),
            )
        }
        (Some(now), None) => {
            let now = percent(now.to_f64(), lang);
            lang.pick(
                format!("de CEI bedroeg {now}"),
                format!("le CEI était de {now}"),
                format!("the CEI was {now}"),
            )
        }
    };
    lang.pick(
        format!("{dso_part}{dso_target}; {cei_part}."),
        format!("{dso_part}{dso_target} ; {cei_part}."),
        format!("{dso_part}{dso_target}; {cei_part}."),
    )
}

fn movers_sentence(review: &Review) -> String {
    let lang = review.lang;
    let Some(previous) = &review.previous else {
        return lang
            .pick(
                "Er is nog geen eerdere momentopname om mee te vergelijken: verschuivingen en openstaande acties volgen vanaf het volgende overzicht.",
                "Il n'y a pas encore d'instantané antérieur pour comparer : les mouvements et les actions en suspens suivront dès la prochaine revue.",
                "There is no earlier snapshot to compare with yet, so movers and open actions start with next month's review.",
            )
            .to_owned();
    };
    let when = month_name(previous.month, lang);
    let count = |kind: MoveKind| review.movers.iter().filter(|mover| mover.kind == kind).count();
    let (fell, rose, new, jumped) = (
        count(MoveKind::ClassFell),
        count(MoveKind::ClassRose),
        count(MoveKind::NewLarge),
        count(MoveKind::BalanceJumped),
    );
    let actions = review.open_actions.len();
    let still_open: rust_decimal::Decimal = review.open_actions.iter().map(|action| action.still_open).sum();
    let still_open = amount(still_open, &review.currency, lang);
    match lang {
        Lang::Nl => {
            let movers = format!(
                "Sinds {when}: {} naar een slechtere risicoklasse, {rose} naar een betere, {} met een groot saldo, {}",
                plural(lang, fell, "klant", "klanten"),
                plural(lang, new, "nieuwe klant", "nieuwe klanten"),
                plural(lang, jumped, "sterk gestegen saldo", "sterk gestegen saldo's"),
            );
            match actions {
                0 => format!("{movers}; geen enkele actie van toen staat nog open."),
                1 => format!("{movers}; 1 actie van toen staat nog open ({still_open})."),
                n => format!("{movers}; {n} acties van toen staan nog open ({still_open})."),
            }
        }
        Lang::Fr => {
            let movers = format!(
                "Depuis {when} : {} dans une classe de risque moins bonne, {rose} dans une meilleure, {} avec un encours important, {} en forte hausse",
                plural(lang, fell, "client", "clients"),
                plural(lang, new, "nouveau client", "nouveaux clients"),
                plural(lang, jumped, "encours", "encours"),
            );
            match actions {
                0 => format!("{movers} ; aucune action recommandée alors ne reste ouverte."),
                1 => format!("{movers} ; 1 action recommandée alors reste ouverte ({still_open})."),
                n => format!("{movers} ; {n} actions recommandées alors restent ouvertes ({still_open})."),
            }
        }
        Lang::En => {
            let movers = format!(
                "Since {when}: {} fell to a worse risk class and {rose} rose to a better one, {} came with a large balance and {} jumped",
                plural(lang, fell, "customer", "customers"),
                plural(lang, new, "new customer", "new customers"),
                plural(lang, jumped, "balance", "balances"),
            );
            match actions {
                0 => format!("{movers}; no action recommended then is still unpaid."),
                1 => format!("{movers}; 1 action recommended then is still unpaid ({still_open})."),
                n => format!("{movers}; {n} actions recommended then are still unpaid ({still_open})."),
            }
        }
    }
}

/// What is missing, one plain sentence each: the month reviewed without a ledger, the first month,
/// a month skipped, the months without a snapshot, no snapshot a year before.
pub fn notes(review: &Review) -> Vec<String> {
    let lang = review.lang;
    let Some(current) = &review.current else {
        return vec![nothing_to_review(review.month, lang)[0].clone()];
    };
    let mut notes = Vec::new();
    if review.is_stale() {
        let month = month_name(review.month, lang);
        let date = date_long(current.as_of, lang);
        let file = &current.file_name;
        notes.push(lang.pick(
            format!("Voor {month} werd geen grootboek geanalyseerd: de cijfers zijn die van {date} ({file})."),
            format!("Aucune balance n'a été analysée pour {month} : les chiffres sont ceux du {date} ({file})."),
            format!("No ledger was analysed for {month}: the figures are those of {date} ({file})."),
        ));
    }
    match &review.previous {
        None => notes.push(
            lang.pick(
                "Eerste overzicht: er is geen eerdere momentopname om mee te vergelijken.",
                "Première revue : il n'y a pas d'instantané antérieur pour comparer.",
                "First review: there is no earlier snapshot to compare with.",
            )
            .to_owned(),
        ),
        Some(previous) if previous.month != current.month.minus(1) => {
            let skipped = month_name(current.month.minus(1), lang);
            let instead = month_name(previous.month, lang);
            notes.push(lang.pick(
                format!("Geen momentopname van {skipped}: vergeleken met {instead}."),
                format!("Pas d'instantané pour {skipped} : comparaison avec {instead}."),
                format!("No snapshot of {skipped}: compared with {instead} instead."),
            ));
        }
        Some(_) => {}
    }
    let missing: Vec<String> = review
        .missing_months
        .iter()
        .filter(|month| **month != review.month)
        .map(|month| month_name(*month, lang))
        .collect();
    if !missing.is_empty() {
        let list = missing.join(", ");
        notes.push(lang.pick(
            format!("Maanden zonder momentopname: {list}."),
            format!("Mois sans instantané : {list}."),
            format!("Months without a snapshot: {list}."),
        ));
    }
    if review.year_ago.is_none() {
        let year_ago = month_name(current.month.minus(12), lang);
        notes.push(lang.pick(
            format!("Geen momentopname van {year_ago}: geen vergelijking met een jaar eerder."),
            format!("Pas d'instantané pour {year_ago} : pas de comparaison avec l'année précédente."),
            format!("No snapshot of {year_ago}: no comparison with a year before."),
        ));
    }
    notes
}
