//! Segments: risk against value.
//!
//! Value is the revenue of the last 12 months and its growth against the 12 months before; the ABC
//! analysis ranks customers by revenue (A: the largest, together `a_share` of revenue; B: up to `b_share`;
//! C: the tail). A customer is *valuable* when it is an A customer or grows by at least `growth`, *risky*
//! from the risk class `risky_from` on. The four segments:
//!
//! | | not risky | risky |
//! |---|---|---|
//! | valuable | grow | watch |
//! | not valuable | keep | secure |

use crate::analysis::{AbcClass, CustomerValue, RiskClass, SegmentInfo};
use crate::history::{minus_months, LedgerHistory};
use crate::lang::Lang;
use crate::policy::SegmentPolicy;
use chrono::TimeDelta;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The segment keys, in the order they are listed.
pub const SEGMENTS: [&str; 4] = ["grow", "keep", "watch", "secure"];

/// Revenue, growth and ABC class of each customer in `ids`.
pub fn values<'a>(
    history: &LedgerHistory<'_>,
    ids: impl IntoIterator<Item = &'a str>,
    policy: &SegmentPolicy,
) -> HashMap<&'a str, CustomerValue> {
    let prior_known = history.covers_sales(minus_months(history.as_of, 24) + TimeDelta::days(1));
    let mut values: Vec<(&str, CustomerValue)> = ids
        .into_iter()
        .map(|id| {
            let past = history.customers.get(id);
            let revenue_12m = past.map(|past| past.revenue_12m).unwrap_or_default();
            let revenue_prior_12m = prior_known.then(|| past.map(|past| past.revenue_prior_12m).unwrap_or_default());
            let growth = revenue_prior_12m
                .filter(|prior| *prior > Decimal::ZERO)
                .and_then(|prior| ((revenue_12m - prior) / prior).to_f64())
                .map(|growth| crate::behaviour::round_to(growth, 4));
            let value = CustomerValue {
                revenue_12m,
                revenue_prior_12m,
                growth,
                abc: AbcClass::C,
                first_invoice: past.and_then(|past| past.first_document),
            };
            (id, value)
        })
        .collect();
    values.sort_by(|(a_id, a), (b_id, b)| b.revenue_12m.cmp(&a.revenue_12m).then_with(|| a_id.cmp(b_id)));
    let total: Decimal = values
        .iter()
        .map(|(_, value)| value.revenue_12m.max(Decimal::ZERO))
        .sum();
    let mut before = Decimal::ZERO;
    for (_, value) in &mut values {
        if total <= Decimal::ZERO || value.revenue_12m <= Decimal::ZERO {
            continue;
        }
        let share_before = (before / total).to_f64().unwrap_or(1.0);
        value.abc = if share_before < policy.a_share {
            AbcClass::A
        } else if share_before < policy.b_share {
            AbcClass::B
        } else {
            AbcClass::C
        };
        before += value.revenue_12m;
    }
    values.into_iter().collect()
}

/// The segment of a customer of risk class `class` and value `value`.
pub fn segment_of(class: RiskClass, value: &CustomerValue, policy: &SegmentPolicy) -> &'static str {
    let valuable = value.abc == AbcClass::A || value.growth.is_some_and(|growth| growth >= policy.growth);
    let risky = class >= policy.risky_from;
    match (valuable, risky) {
        (true, false) => "grow",
        (false, false) => "keep",
        (true, true) => "watch",
        (false, true) => "secure",
    }
}

/// The segments and ABC classes with their names and meanings in `lang`.
///
/// `records_sales` false: the ledger is an open-items list, which tells no revenue; its ABC classes rank
/// the customers by the invoices they still owe, and say so.
pub fn segment_infos(lang: Lang, policy: &SegmentPolicy, records_sales: bool) -> Vec<SegmentInfo> {
    let info = |key: &str, name: &str, meaning: String| SegmentInfo {
        key: key.into(),
        name: name.into(),
        meaning,
    };
    let a = crate::text::percent(policy.a_share, lang);
    let b = crate::text::percent(policy.b_share, lang);
    let mut infos = vec![
        info(
            "grow",
            lang.pick("Uitbouwen", "Développer", "Grow"),
            lang.pick(
                "betaalt goed en brengt veel of steeds meer omzet: bied een hogere limiet of langere termijn aan om meer zaken te doen",
                "paie bien et apporte un chiffre d'affaires important ou croissant : proposez une limite plus haute ou un délai plus long pour développer la relation",
                "pays well and brings large or growing revenue: offer a higher limit or longer terms to win more business",
            )
            .into(),
        ),
        info(
            "keep",
            lang.pick("Behouden", "Conserver", "Keep"),
            lang.pick(
                "betaalt goed, kleinere omzet: standaardvoorwaarden en automatische herinneringen volstaan",
                "paie bien, chiffre d'affaires plus modeste : conditions standard et rappels automatiques suffisent",
                "pays well, smaller revenue: standard terms and automatic reminders are enough",
            )
            .into(),
        ),
        info(
            "watch",
            lang.pick("Opvolgen", "Surveiller", "Watch"),
            lang.pick(
                "belangrijke omzet maar riskant betaalgedrag: volg van dichtbij op, herinner vóór de vervaldag en houd het saldo binnen de limiet",
                "chiffre d'affaires important mais paiements risqués : suivez de près, rappelez avant l'échéance et gardez l'encours sous la limite",
                "important revenue but risky payment: follow closely, remind before due dates and keep the balance within the limit",
            )
            .into(),
        ),
        info(
            "secure",
            lang.pick("Afdekken", "Sécuriser", "Secure"),
            lang.pick(
                "riskant en weinig omzet: vraag een voorschot of vooruitbetaling, kort de termijn in en lever niet meer op krediet zolang er achterstand is",
                "risqué et peu de chiffre d'affaires : demandez un acompte ou un prépaiement, raccourcissez le délai et ne livrez plus à crédit tant qu'il y a des retards",
                "risky and of little revenue: ask for a deposit or prepayment, shorten terms and stop deliveries on credit while anything is overdue",
            )
            .into(),
        ),
    ];
    if records_sales {
        infos.extend([
            info(
                "abc_a",
                lang.pick("A-klant", "Client A", "A customer"),
                lang.pick(
                    format!("de grootste klanten, samen {a} van de omzet van de laatste 12 maanden"),
                    format!("les plus gros clients, ensemble {a} du chiffre d'affaires des 12 derniers mois"),
                    format!("the largest customers, together {a} of the revenue of the last 12 months"),
                ),
            ),
            info(
                "abc_b",
                lang.pick("B-klant", "Client B", "B customer"),
                lang.pick(
                    format!("de volgende klanten, tot {b} van de omzet"),
                    format!("les clients suivants, jusqu'à {b} du chiffre d'affaires"),
                    format!("the next customers, up to {b} of revenue"),
                ),
            ),
            info(
                "abc_c",
                lang.pick("C-klant", "Client C", "C customer"),
                lang.pick(
                    "de staart: kleine of geen omzet in de laatste 12 maanden".to_string(),
                    "la traîne : peu ou pas de chiffre d'affaires sur les 12 derniers mois".to_string(),
                    "the tail: little or no revenue in the last 12 months".to_string(),
                ),
            ),
        ]);
    } else {
        infos.extend([
            info(
                "abc_a",
                lang.pick("A-klant", "Client A", "A customer"),
                lang.pick(
                    format!("de klanten met de grootste openstaande facturen, samen {a} ervan (de lijst bevat alleen openstaande posten, geen omzet)"),
                    format!("les clients aux plus grosses factures ouvertes, ensemble {a} de celles-ci (la liste ne contient que des postes ouverts, pas de chiffre d'affaires)"),
                    format!("the customers with the largest open invoices, together {a} of them (the ledger lists open items only, no revenue)"),
                ),
            ),
            info(
                "abc_b",
                lang.pick("B-klant", "Client B", "B customer"),
                lang.pick(
                    format!("de volgende klanten, tot {b} van de openstaande facturen"),
                    format!("les clients suivants, jusqu'à {b} des factures ouvertes"),
                    format!("the next customers, up to {b} of the open invoices"),
                ),
            ),
            info(
                "abc_c",
                lang.pick("C-klant", "Client C", "C customer"),
                lang.pick(
                    "de staart: kleine of geen openstaande facturen".to_string(),
                    "la traîne : peu ou pas de factures ouvertes".to_string(),
                    "the tail: small or no open invoices".to_string(),
                ),
            ),
        ]);
    }
    infos
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{Entry, Ledger};
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn sale(customer: &str, day: &str, amount: Decimal) -> Entry {
        let invoice_date = date(day);
        Entry {
            customer_id: customer.into(),
            invoice_date: Some(invoice_date),
            due_date: invoice_date + TimeDelta::days(30),
            amount: Some(amount),
            paid_date: Some(invoice_date + TimeDelta::days(30)),
            ..Entry::default()
        }
    }

    #[test]
    fn abc_by_revenue_and_growth_against_the_year_before() {
        let ledger = Ledger {
            entries: vec![
                sale("big", "2023-01-15", dec!(100)),
                sale("big", "2024-06-01", dec!(700)),
                sale("mid", "2024-06-01", dec!(200)),
                sale("mid", "2023-06-01", dec!(400)),
                sale("small", "2024-06-01", dec!(60)),
                sale("tail", "2024-06-01", dec!(40)),
            ],
            ..Ledger::default()
        };
        let history = LedgerHistory::new(&ledger, date("2024-12-31"));
        let policy = SegmentPolicy::default();
        let values = values(&history, ["big", "mid", "small", "tail", "none"], &policy);
        assert_eq!(values["big"].abc, AbcClass::A); // 0% before it
        assert_eq!(values["mid"].abc, AbcClass::A); // 70% before it
        assert_eq!(values["small"].abc, AbcClass::B); // 90% before it
        assert_eq!(values["tail"].abc, AbcClass::C); // 96% before it
        assert_eq!(values["none"].abc, AbcClass::C);
        assert_eq!(values["big"].growth, Some(6.0));
        assert_eq!(values["mid"].growth, Some(-0.5));
        assert_eq!(values["small"].growth, None, "nothing the year before");
        assert_eq!(segment_of(RiskClass::A, &values["big"], &policy), "grow");
        assert_eq!(segment_of(RiskClass::E, &values["big"], &policy), "watch");
        assert_eq!(segment_of(RiskClass::B, &values["tail"], &policy), "keep");
        assert_eq!(segment_of(RiskClass::D, &values["tail"], &policy), "secure");
    }

    #[test]
    fn every_segment_is_explained_in_every_language() {
        for lang in Lang::ALL {
            for records_sales in [true, false] {
                let infos = segment_infos(lang, &SegmentPolicy::default(), records_sales);
                for key in SEGMENTS.iter().chain(&["abc_a", "abc_b", "abc_c"]) {
                    let info = infos.iter().find(|info| info.key == *key).unwrap();
                    assert!(!info.name.is_empty() && info.meaning.len() > 20);
                }
            }
        }
    }

    #[test]
    fn an_open_items_list_ranks_by_open_invoices_and_says_so() {
        let meaning = |records_sales: bool| {
            segment_infos(Lang::En, &SegmentPolicy::default(), records_sales)
                .into_iter()
                .find(|info| info.key == "abc_a")
                .map(|info| info.meaning)
                .unwrap_or_default()
        };
        assert!(meaning(true).contains("revenue of the last 12 months"));
        assert!(meaning(false).contains("largest open invoices"), "{}", meaning(false));
        assert!(!meaning(false).contains("revenue of the last"));
    }
}
