//! The reasons a customer reads next to its score and advice: short sentences in nl/fr/en.
//!
//! The score's factors are ranked by how many points they moved; the top three are told (the payment
//! behaviour always among them when there is room), then a low-confidence warning, then the advice that
//! needs a reason: a limit that blocks new orders, a deposit, an early-payment discount with its cost
//! and the hurdle it beats.

use crate::analysis::{Confidence, OpenItem, Recommended, RiskClass};
use crate::lang::Lang;
use crate::score::{Factor, ScoreCard};
use crate::terms::DiscountVerdict;
use crate::text;
use rust_decimal::Decimal;

/// How many score factors are told.
pub const TOP_FACTORS: usize = 3;

/// "12 days late", "5 days early", "on the due date".
fn lateness(days: f64, lang: Lang) -> String {
    let whole = days.round() as i64;
    if whole == 0 {
        return lang
            .pick("op de vervaldag", "à l'échéance", "on the due date")
            .to_string();
    }
    let amount = text::days(whole.abs(), lang);
    if whole > 0 {
        lang.pick(
            format!("{amount} te laat"),
            format!("{amount} de retard"),
            format!("{amount} late"),
        )
    } else {
        lang.pick(
            format!("{amount} te vroeg"),
            format!("{amount} d'avance"),
            format!("{amount} early"),
        )
    }
}

fn invoices(count: usize, lang: Lang) -> String {
    let unit = match (lang, count == 1) {
        (Lang::Nl, true) => "factuur",
        (Lang::Nl, false) => "facturen",
        (Lang::Fr, true) => "facture",
        (Lang::Fr, false) => "factures",
        (Lang::En, true) => "invoice",
        (Lang::En, false) => "invoices",
    };
    format!("{count} {unit}")
}

/// The sentence for one factor.
pub fn sentence(factor: &Factor, currency: &str, lang: Lang) -> String {
    match factor {
        Factor::Behaviour { invoices: 0, .. } => lang
            .pick(
                "Nog geen betaalde facturen: het gemiddelde van de portefeuille wordt gebruikt.",
                "Aucune facture payée pour l'instant : la moyenne du portefeuille est utilisée.",
                "No paid invoices yet: the portfolio average is used.",
            )
            .to_string(),
        Factor::Behaviour {
            days_late,
            invoices: count,
            ..
        } => {
            let when = lateness(*days_late, lang);
            let count = invoices(*count, lang);
            lang.pick(
                format!("Betaalt gemiddeld {when} ({count}, gewogen naar bedrag)."),
                format!("Paie en moyenne {when} ({count}, pondéré par montant)."),
                format!("Pays {when} on average ({count}, weighted by amount)."),
            )
        }
        Factor::Trend {
            recent_days,
            older_days,
            points,
        } => {
            let recent = lateness(*recent_days, lang);
            let older = lateness(*older_days, lang);
            if *points < 0.0 {
                lang.pick(
                    format!("Betaalt de laatste tijd later: recente facturen {recent}, vroegere {older}."),
                    format!("Paie plus tard ces derniers mois : factures récentes {recent}, anciennes {older}."),
                    format!("Paying later lately: recent invoices {recent}, older ones {older}."),
                )
            } else {
                lang.pick(
                    format!("Betaalt de laatste tijd sneller: recente facturen {recent}, vroegere {older}."),
                    format!("Paie plus vite ces derniers mois : factures récentes {recent}, anciennes {older}."),
                    format!("Paying faster lately: recent invoices {recent}, older ones {older}."),
                )
            }
        }
        Factor::Overdue {
            amount, oldest_days, ..
        } => {
            let amount = text::amount(*amount, currency, lang);
            let days = text::days(*oldest_days, lang);
            lang.pick(
                format!("{amount} vervallen, de oudste post {days} na vervaldag."),
                format!("{amount} échus, le plus ancien depuis {days}."),
                format!("{amount} overdue, the oldest {days} past due."),
            )
        }
        Factor::LimitUse { ratio, .. } => {
            let share = text::percent(*ratio, lang);
            if *ratio > 1.0 {
                lang.pick(
                    format!("Het saldo is {share} van de kredietlimiet: boven de limiet."),
                    format!("L'encours atteint {share} de la limite de crédit : limite dépassée."),
                    format!("The balance is {share} of the credit limit: over the limit."),
                )
            } else {
                lang.pick(
                    format!("Het saldo gebruikt {share} van de kredietlimiet."),
                    format!("L'encours utilise {share} de la limite de crédit."),
                    format!("The balance uses {share} of the credit limit."),
                )
            }
        }
        Factor::Disputes { amount, count, .. } => {
            let amount = text::amount(*amount, currency, lang);
            let count = invoices(*count, lang);
            lang.pick(
                format!("{count} betwist ({amount})."),
                format!("{count} en litige ({amount})."),
                format!("{count} disputed ({amount})."),
            )
        }
        Factor::NewCustomer { months: 0, .. } => lang
            .pick(
                "Nieuwe klant: eerste factuur minder dan een maand geleden.",
                "Nouveau client : première facture il y a moins d'un mois.",
                "New customer: first invoice less than a month ago.",
            )
            .to_string(),
        Factor::NewCustomer { months: 1, .. } => lang
            .pick(
                "Nieuwe klant: eerste factuur 1 maand geleden.",
                "Nouveau client : première facture il y a 1 mois.",
                "New customer: first invoice 1 month ago.",
            )
            .to_string(),
        Factor::NewCustomer { months, .. } => lang.pick(
            format!("Nieuwe klant: eerste factuur {months} maanden geleden."),
            format!("Nouveau client : première facture il y a {months} mois."),
            format!("New customer: first invoice {months} months ago."),
        ),
        Factor::LongRelationship { years, .. } => lang.pick(
            format!("Klant sinds {years} jaar of langer."),
            format!("Client depuis {years} ans ou plus."),
            format!("Customer for {years} years or more."),
        ),
        Factor::ExternalRating { rating, points } => {
            let tone = if *points >= 0.0 {
                lang.pick("gunstig", "favorable", "favourable")
            } else {
                lang.pick("ongunstig", "défavorable", "unfavourable")
            };
            lang.pick(
                format!("Externe kredietbeoordeling {rating} ({tone})."),
                format!("Notation de crédit externe {rating} ({tone})."),
                format!("External credit rating {rating} ({tone})."),
            )
        }
    }
}

/// What the reasons are made from.
#[derive(Debug, Clone, Copy)]
pub struct ReasonInput<'a> {
    /// The score and its factors.
    pub card: &'a ScoreCard,
    /// The recommendation.
    pub recommended: &'a Recommended,
    /// The discount weighed, offered or not.
    pub discount: Option<&'a DiscountVerdict>,
    /// The customer's balance.
    pub open: Decimal,
    /// What is left open of short payments: not chased, to write off.
    pub remainders: &'a [&'a OpenItem],
    /// The currency.
    pub currency: &'a str,
    /// The language.
    pub lang: Lang,
}

/// The customer's reasons, most telling first.
pub fn reasons(input: &ReasonInput<'_>) -> Vec<String> {
    let ReasonInput {
        card, currency, lang, ..
    } = *input;
    let mut ranked: Vec<&Factor> = card
        .factors
        .iter()
        .filter(|factor| factor.points().abs() >= 1.0)
        .collect();
    ranked.sort_by(|a, b| b.points().abs().total_cmp(&a.points().abs()));
    ranked.truncate(TOP_FACTORS);
    if ranked.len() < TOP_FACTORS {
        if let Some(behaviour) = card
            .factors
            .iter()
            .find(|factor| matches!(factor, Factor::Behaviour { .. }))
        {
            if !ranked.contains(&behaviour) {
                ranked.insert(0, behaviour);
            }
        }
    }
    let mut out: Vec<String> = ranked.iter().map(|factor| sentence(factor, currency, lang)).collect();

    if card.confidence == Confidence::Low && card.invoices > 0 {
        let count = invoices(card.invoices, lang);
        let paid_fr = if card.invoices == 1 { "payée" } else { "payées" };
        out.push(lang.pick(
            format!("Weinig historiek ({count} betaald): de score leunt op het gemiddelde van de portefeuille."),
            format!("Peu d'historique ({count} {paid_fr}) : le score s'appuie sur la moyenne du portefeuille."),
            format!("Little history ({count} paid): the score leans on the portfolio average."),
        ));
    }

    if !input.remainders.is_empty() {
        let total: Decimal = input.remainders.iter().map(|item| item.open).sum();
        let count = input.remainders.len();
        let total = text::amount(total, currency, lang);
        out.push(lang.pick(
            format!("{count} restbedrag(en) van te korte betalingen ({total}): afboeken of op de volgende factuur zetten, niet aanmanen."),
            format!("{count} reliquat(s) de paiements incomplets ({total}) : à passer en perte ou à reporter sur la prochaine facture, sans relance."),
            format!("{count} remainder(s) of short payments ({total}): write off or add to the next invoice rather than chase."),
        ));
    }

    let recommended = input.recommended;
    if recommended.blocks_new_orders {
        let limit = text::amount(recommended.credit_limit, currency, lang);
        let open = text::amount(input.open, currency, lang);
        out.push(lang.pick(
            format!("De aanbevolen limiet {limit} ligt onder het saldo {open}: nieuwe bestellingen blijven geblokkeerd tot het saldo daalt."),
            format!("La limite recommandée {limit} est inférieure à l'encours {open} : les nouvelles commandes sont bloquées jusqu'à ce qu'il baisse."),
            format!("The recommended limit {limit} is below the balance {open}: new orders are blocked until it is paid down."),
        ));
    }
    if recommended.deposit_percent > Decimal::ZERO {
        let percent = recommended.deposit_percent.normalize();
        let class = card.class;
        out.push(lang.pick(
            format!("Vraag {percent}% voorschot op nieuwe bestellingen (risicoklasse {class:?})."),
            format!("Demander un acompte de {percent} % sur les nouvelles commandes (classe de risque {class:?})."),
            format!("Ask {percent}% up front on new orders (risk class {class:?})."),
        ));
    }
    if let Some(verdict) = input.discount.filter(|verdict| verdict.pays()) {
        let percent = verdict.offer.percent.normalize();
        let days = verdict.offer.within_days;
        let cost = text::percent(verdict.annualised_cost.unwrap_or(0.0), lang);
        let hurdle = text::percent(verdict.hurdle_rate, lang);
        out.push(lang.pick(
            format!("Een korting van {percent}% bij betaling binnen {days} dagen loont: ze kost {cost} per jaar tegenover {hurdle} (kapitaalkost plus vermeden risico)."),
            format!("Un escompte de {percent} % pour paiement sous {days} jours est rentable : il coûte {cost} par an contre {hurdle} (coût du capital plus risque évité)."),
            format!("A {percent}% discount for payment within {days} days pays: it costs {cost} a year against {hurdle} (cost of capital plus risk avoided)."),
        ));
    } else if card.class >= RiskClass::D && card.invoices > 0 {
        if let Some(verdict) = input.discount {
            if let Some(cost) = verdict.annualised_cost {
                let percent = verdict.offer.percent.normalize();
                let days = verdict.offer.within_days;
                let cost = text::percent(cost, lang);
                let hurdle = text::percent(verdict.hurdle_rate, lang);
                out.push(lang.pick(
                    format!("Geen betalingskorting: {percent}% binnen {days} dagen kost {cost} per jaar, meer dan {hurdle} (kapitaalkost plus vermeden risico)."),
                    format!("Pas d'escompte : {percent} % sous {days} jours coûte {cost} par an, plus que {hurdle} (coût du capital plus risque évité)."),
                    format!("No early-payment discount: {percent}% within {days} days costs {cost} a year, more than {hurdle} (cost of capital plus risk avoided)."),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn lateness_reads_naturally() {
        assert_eq!(lateness(12.4, Lang::En), "12 days late");
        assert_eq!(lateness(-5.0, Lang::Fr), "5 jours d'avance");
        assert_eq!(lateness(0.3, Lang::Nl), "op de vervaldag");
        assert_eq!(lateness(1.0, Lang::Nl), "1 dag te laat");
    }

    #[test]
    fn a_new_customer_of_zero_or_one_month_reads_in_the_singular() {
        // Seen: "first invoice 1 months ago", "first invoice 0 months ago", "(1 facture payées)".
        let new = |months| Factor::NewCustomer { months, points: -5.0 };
        assert_eq!(
            sentence(&new(0), "EUR", Lang::En),
            "New customer: first invoice less than a month ago."
        );
        assert_eq!(
            sentence(&new(1), "EUR", Lang::En),
            "New customer: first invoice 1 month ago."
        );
        assert_eq!(
            sentence(&new(1), "EUR", Lang::Nl),
            "Nieuwe klant: eerste factuur 1 maand geleden."
        );
        assert_eq!(
            sentence(&new(0), "EUR", Lang::Fr),
            "Nouveau client : première facture il y a moins d'un mois."
        );
        assert_eq!(
            sentence(&new(4), "EUR", Lang::En),
            "New customer: first invoice 4 months ago."
        );
        let card = ScoreCard {
            score: 70,
            class: RiskClass::B,
            confidence: Confidence::Low,
            invoices: 1,
            factors: vec![Factor::Behaviour {
                days_late: 0.0,
                invoices: 1,
                points: -10.0,
            }],
        };
        let recommended = Recommended {
            payment_terms_days: 30,
            credit_limit: dec!(1000),
            blocks_new_orders: false,
            early_payment_discount: None,
            deposit_percent: dec!(0),
        };
        let reasons = reasons(&ReasonInput {
            card: &card,
            recommended: &recommended,
            discount: None,
            open: dec!(0),
            remainders: &[],
            currency: "EUR",
            lang: Lang::Fr,
        });
        assert!(
            reasons
                .iter()
                .any(|reason| reason.starts_with("Peu d'historique (1 facture payée) :")),
            "{reasons:?}"
        );
    }

    #[test]
    fn the_biggest_factors_come_first_and_advice_is_explained() {
        let card = ScoreCard {
            score: 30,
            class: RiskClass::E,
            confidence: Confidence::Low,
            invoices: 2,
            factors: vec![
                Factor::Behaviour {
                    days_late: 20.0,
                    invoices: 2,
                    points: -8.0,
                },
                Factor::Overdue {
                    amount: dec!(4500),
                    oldest_days: 75,
                    points: -30.0,
                },
                Factor::Disputes {
                    amount: dec!(100),
                    count: 1,
                    points: -2.0,
                },
                Factor::LongRelationship { years: 4, points: 0.5 },
            ],
        };
        let recommended = Recommended {
            payment_terms_days: 0,
            credit_limit: dec!(0),
            blocks_new_orders: true,
            early_payment_discount: None,
            deposit_percent: dec!(50),
        };
        let reasons = reasons(&ReasonInput {
            card: &card,
            recommended: &recommended,
            discount: None,
            open: dec!(4500),
            remainders: &[],
            currency: "EUR",
            lang: Lang::En,
        });
        assert_eq!(
            reasons,
            [
                "4,500.00 EUR overdue, the oldest 75 days past due.",
                "Pays 20 days late on average (2 invoices, weighted by amount).",
                "1 invoice disputed (100.00 EUR).",
                "Little history (2 invoices paid): the score leans on the portfolio average.",
                "The recommended limit 0.00 EUR is below the balance 4,500.00 EUR: new orders are blocked until it is paid down.",
                "Ask 50% up front on new orders (risk class E).",
            ]
        );
    }

    #[test]
    fn every_factor_speaks_every_language() {
        let factors = [
            Factor::Behaviour {
                days_late: 0.0,
                invoices: 0,
                points: 0.0,
            },
            Factor::Trend {
                recent_days: 30.0,
                older_days: 2.0,
                points: -9.0,
            },
            Factor::LimitUse {
                ratio: 1.2,
                points: -10.0,
            },
            Factor::NewCustomer {
                months: 2,
                points: -5.0,
            },
            Factor::ExternalRating {
                rating: "BB".into(),
                points: -5.0,
            },
        ];
        for lang in Lang::ALL {
            for factor in &factors {
                let text = sentence(factor, "EUR", lang);
                assert!(text.ends_with('.') && text.len() > 15, "{text}");
            }
        }
        assert!(sentence(&factors[1], "EUR", Lang::Fr).contains("30 jours de retard"));
    }
}
