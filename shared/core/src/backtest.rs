//! Backtest of the payment-date prediction: replays a settled invoice history month by month.
//!
//! For every month from the start date on, the model is fitted on what was known at the end of the month
//! before (the invoices settled by then, nothing later) and predicts when each invoice dated in the month
//! is paid. The predictions are compared with the actual paid dates, and so are two simple baselines
//! fitted on the same knowledge: "0 days late" (paid on the due date) and the customer's median delay
//! so far (0 for a customer without history).
//!
//! Two errors are reported, both in days:
//! - **payment date**: predicted against actual paid date, early payment included (what the cash
//!   forecast needs);
//! - **days late**: lateness counted from 0 (an early payment is 0 days late), the measure of late-payment
//!   data sets such as the IBM sample, whose `DaysLate` column is `max(0, paid - due)`.
//!
//! The CLI runs it as `credit backtest FILE --from DATE`:
//! `credit_core::backtest::run(&ledger, from, &policy)?.render(lang)`.

use crate::behaviour::round_to;
use crate::lang::Lang;
use crate::ledger::{DocumentKind, Entry, Ledger};
use crate::policy::Policy;
use crate::predict::Predictor;
use crate::stats::median;
use chrono::{Datelike, NaiveDate, TimeDelta};
use std::collections::HashMap;
use std::fmt;

/// Prediction errors of one predictor.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Accuracy {
    /// Mean absolute error in days.
    pub mae_days: f64,
    /// Share of predictions within 5 days of the truth (0..1).
    pub within_5_days: f64,
}

/// The model against the two baselines, on one measure.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Comparison {
    /// This crate's predictor ([`Predictor`]), rounded to whole days as the expected payment date is.
    pub model: Accuracy,
    /// "0 days late": paid on the due date.
    pub zero_days_late: Accuracy,
    /// The customer's median delay of the invoices settled so far; 0 without history.
    pub customer_median: Accuracy,
}

/// One replayed month.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthResult {
    /// The first day of the month.
    pub month: NaiveDate,
    /// The date the predictions were made at: the last day of the month before.
    pub known_at: NaiveDate,
    /// The settled invoices known at that date.
    pub history: usize,
    /// The invoices of the month that were predicted.
    pub invoices: usize,
    /// The errors on the payment date.
    pub payment_date: Comparison,
}

/// The outcome of a backtest.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestReport {
    /// The first invoice date tested.
    pub from: NaiveDate,
    /// The last invoice date tested.
    pub to: NaiveDate,
    /// The invoices predicted.
    pub invoices: usize,
    /// Errors on the payment date, early payment included.
    pub payment_date: Comparison,
    /// Errors on days late counted from 0 (an early payment is 0 days late).
    pub days_late: Comparison,
    /// Month by month.
    pub months: Vec<MonthResult>,
}

/// Why a backtest could not be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BacktestError {
    /// No invoice dated on or after the start date has a paid date: there is nothing to check.
    #[error("no invoice dated on or after {from} was settled with a paid date: nothing to test")]
    NothingToTest {
        /// The start date asked for.
        from: NaiveDate,
    },
    /// No invoice was settled before the start date: nothing to learn from.
    #[error("no invoice was settled before {from}: no history to predict from; choose a later start date")]
    NoHistory {
        /// The start date asked for.
        from: NaiveDate,
    },
}

impl BacktestError {
    /// The message in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            BacktestError::NothingToTest { from } => lang.pick(
                format!("geen enkele factuur vanaf {from} is betaald met een betaaldatum: niets te toetsen"),
                format!("aucune facture datée du {from} ou après n'est réglée avec une date de paiement : rien à tester"),
                self.to_string(),
            ),
            BacktestError::NoHistory { from } => lang.pick(
                format!("geen enkele factuur betaald vóór {from}: geen historiek om van te leren; kies een latere begindatum"),
                format!("aucune facture réglée avant le {from} : pas d'historique pour prédire ; choisissez une date de début plus tardive"),
                self.to_string(),
            ),
        }
    }
}

/// One tested invoice: its actual delay and the three predictions.
struct Trial {
    actual: f64,
    model: f64,
    median_raw: f64,
    median_from_zero: f64,
}

/// Replays the history of `ledger` from `from` on, month by month; see the module notes.
///
/// # Errors
/// [`BacktestError::NothingToTest`] when no invoice dated from `from` on was settled,
/// [`BacktestError::NoHistory`] when none was settled before the first month.
pub fn run(ledger: &Ledger, from: NaiveDate, policy: &Policy) -> Result<BacktestReport, BacktestError> {
    let tested: Vec<(&Entry, NaiveDate)> = ledger
        .entries
        .iter()
        .filter(|entry| entry.kind == DocumentKind::Invoice && entry.document_date() >= from)
        .filter_map(|entry| entry.settled_by(NaiveDate::MAX).map(|paid_on| (entry, paid_on)))
        .collect();
    let Some(to) = tested.iter().map(|(entry, _)| entry.document_date()).max() else {
        return Err(BacktestError::NothingToTest { from });
    };

    let mut by_month: Vec<(NaiveDate, Vec<(&Entry, NaiveDate)>)> = Vec::new();
    let mut month = first_of_month(from);
    while month <= to {
        let next = next_month(month);
        let of_month = tested
            .iter()
            .copied()
            .filter(|(entry, _)| (month..next).contains(&entry.document_date()))
            .collect();
        by_month.push((month, of_month));
        month = next;
    }

    let mut all_trials = Vec::new();
    let mut months = Vec::new();
    for (month, invoices) in by_month {
        let known_at = month.pred_opt().unwrap_or(month);
        let predictor = Predictor::fit(&ledger.entries, known_at, &policy.prediction);
        if months.is_empty() && predictor.settled_invoices() == 0 {
            return Err(BacktestError::NoHistory { from });
        }
        let medians = customer_medians(&ledger.entries, known_at);
        let trials: Vec<Trial> = invoices
            .iter()
            .map(|(entry, paid_on)| {
                let (median_raw, median_from_zero) =
                    medians.get(entry.customer_id.as_str()).copied().unwrap_or((0.0, 0.0));
                Trial {
                    actual: (*paid_on - entry.due_date).num_days() as f64,
                    model: predictor
                        .days_late(&entry.customer_id, entry.disputed, entry.electronic)
                        .round(),
                    median_raw,
                    median_from_zero,
                }
            })
            .collect();
        months.push(MonthResult {
            month,
            known_at,
            history: predictor.settled_invoices(),
            invoices: trials.len(),
            payment_date: payment_date_comparison(&trials),
        });
        all_trials.extend(trials);
    }

    Ok(BacktestReport {
        from,
        to,
        invoices: all_trials.len(),
        payment_date: payment_date_comparison(&all_trials),
        days_late: days_late_comparison(&all_trials),
        months,
    })
}

/// Each customer's median delay over the invoices settled by `known_at`: raw, and counted from 0.
fn customer_medians(entries: &[Entry], known_at: NaiveDate) -> HashMap<&str, (f64, f64)> {
    let mut delays: HashMap<&str, Vec<f64>> = HashMap::new();
    for entry in entries {
        if entry.document_date() > known_at {
            continue;
        }
        if let Some(paid_on) = entry.settled_by(known_at) {
            delays
                .entry(entry.customer_id.as_str())
                .or_default()
                .push((paid_on - entry.due_date).num_days() as f64);
        }
    }
    delays
        .into_iter()
        .map(|(customer, days)| {
            let from_zero: Vec<f64> = days.iter().map(|&day| day.max(0.0)).collect();
            let medians = (median(&days).unwrap_or(0.0), median(&from_zero).unwrap_or(0.0));
            (customer, medians)
        })
        .collect()
}

fn accuracy(errors: impl Iterator<Item = f64>) -> Accuracy {
    let (mut count, mut sum, mut within) = (0usize, 0.0, 0usize);
    for error in errors {
        count += 1;
        sum += error.abs();
        if error.abs() <= 5.0 {
            within += 1;
        }
    }
    if count == 0 {
        return Accuracy::default();
    }
    Accuracy {
        mae_days: sum / count as f64,
        within_5_days: within as f64 / count as f64,
    }
}

fn payment_date_comparison(trials: &[Trial]) -> Comparison {
    Comparison {
        model: accuracy(trials.iter().map(|trial| trial.model - trial.actual)),
        zero_days_late: accuracy(trials.iter().map(|trial| trial.actual)),
        customer_median: accuracy(trials.iter().map(|trial| trial.median_raw - trial.actual)),
    }
}

fn days_late_comparison(trials: &[Trial]) -> Comparison {
    let late = |days: f64| days.max(0.0);
    Comparison {
        model: accuracy(trials.iter().map(|trial| late(trial.model) - late(trial.actual))),
        zero_days_late: accuracy(trials.iter().map(|trial| late(trial.actual))),
        customer_median: accuracy(trials.iter().map(|trial| trial.median_from_zero - late(trial.actual))),
    }
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

fn next_month(first: NaiveDate) -> NaiveDate {
    first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first + TimeDelta::days(31))
}

impl BacktestReport {
    /// Whether the model's mean absolute error is below the customer-median baseline's on both measures.
    pub fn beats_customer_median(&self) -> bool {
        self.payment_date.model.mae_days < self.payment_date.customer_median.mae_days
            && self.days_late.model.mae_days < self.days_late.customer_median.mae_days
    }

    /// The report as plain text in `lang`, for the terminal.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        out.push_str(&lang.pick(
            format!(
                "Toets van de betaaldatumvoorspelling: {} facturen gedateerd van {} tot {}, elk voorspeld met wat bekend was op het einde van de maand ervoor ({} maanden).\n",
                self.invoices, self.from, self.to, self.months.len()
            ),
            format!(
                "Test des dates de paiement prédites : {} factures datées du {} au {}, chacune prédite avec ce qui était connu à la fin du mois précédent ({} mois).\n",
                self.invoices, self.from, self.to, self.months.len()
            ),
            format!(
                "Backtest of the payment-date prediction: {} invoices dated {} to {}, each predicted from what was known at the end of the month before ({} months).\n",
                self.invoices, self.from, self.to, self.months.len()
            ),
        ));
        out.push('\n');
        let header = lang.pick(
            ("", "MAE (dagen)", "binnen 5 dagen"),
            ("", "EAM (jours)", "à 5 jours près"),
            ("", "MAE (days)", "within 5 days"),
        );
        out.push_str(&format!("{:<36}{:>14}{:>18}\n", header.0, header.1, header.2));
        let sections = [
            (
                lang.pick(
                    "Betaaldatum (vroeg betalen telt mee)",
                    "Date de paiement (paiement anticipé compris)",
                    "Payment date (early payment included)",
                ),
                &self.payment_date,
            ),
            (
                lang.pick(
                    "Dagen te laat (vroeg = 0)",
                    "Jours de retard (anticipé = 0)",
                    "Days late (early = 0)",
                ),
                &self.days_late,
            ),
        ];
        for (title, comparison) in sections {
            out.push_str(title);
            out.push('\n');
            for (name, accuracy) in [
                (
                    lang.pick("  dit model", "  ce modèle", "  this model"),
                    comparison.model,
                ),
                (
                    lang.pick("  0 dagen te laat", "  0 jour de retard", "  0 days late"),
                    comparison.zero_days_late,
                ),
                (
                    lang.pick("  mediaan van de klant", "  médiane du client", "  customer's median"),
                    comparison.customer_median,
                ),
            ] {
                out.push_str(&format!(
                    "{:<36}{:>14}{:>17}%\n",
                    name,
                    format_number(accuracy.mae_days, 2, lang),
                    format_number(accuracy.within_5_days * 100.0, 1, lang)
                ));
            }
        }
        out.push('\n');
        out.push_str(lang.pick(
            "Per maand (betaaldatum, MAE in dagen):\n",
            "Par mois (date de paiement, EAM en jours) :\n",
            "Per month (payment date, MAE in days):\n",
        ));
        let month_header = lang.pick(
            ("maand", "historiek", "facturen", "model", "mediaan"),
            ("mois", "historique", "factures", "modèle", "médiane"),
            ("month", "history", "invoices", "model", "median"),
        );
        out.push_str(&format!(
            "  {:<9}{:>11}{:>10}{:>9}{:>9}\n",
            month_header.0, month_header.1, month_header.2, month_header.3, month_header.4
        ));
        for month in &self.months {
            out.push_str(&format!(
                "  {:<9}{:>11}{:>10}{:>9}{:>9}\n",
                month.month.format("%Y-%m").to_string(),
                month.history,
                month.invoices,
                format_number(month.payment_date.model.mae_days, 2, lang),
                format_number(month.payment_date.customer_median.mae_days, 2, lang),
            ));
        }
        out.push('\n');
        let gain = self.payment_date.customer_median.mae_days - self.payment_date.model.mae_days;
        out.push_str(&if self.beats_customer_median() {
            lang.pick(
                format!(
                    "Het model doet beter dan de mediaan van de klant: {} dagen minder fout op de betaaldatum.\n",
                    format_number(gain, 2, lang)
                ),
                format!(
                    "Le modèle fait mieux que la médiane du client : {} jours d'erreur en moins sur la date de paiement.\n",
                    format_number(gain, 2, lang)
                ),
                format!(
                    "The model beats the customer's median: {} days less error on the payment date.\n",
                    format_number(gain, 2, lang)
                ),
            )
        } else {
            lang.pick(
                "Het model doet NIET beter dan de mediaan van de klant op deze gegevens.\n".to_string(),
                "Le modèle ne fait PAS mieux que la médiane du client sur ces données.\n".to_string(),
                "The model does NOT beat the customer's median on this data.\n".to_string(),
            )
        });
        out
    }
}

impl fmt::Display for BacktestReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// A number with a decimal comma in Dutch and French.
fn format_number(value: f64, decimals: i32, lang: Lang) -> String {
    let text = format!("{:.*}", decimals.max(0) as usize, round_to(value, decimals));
    match lang {
        Lang::En => text,
        Lang::Nl | Lang::Fr => text.replace('.', ","),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn invoice(customer: &str, invoice_date: &str, days_late: i64) -> Entry {
        let invoice_date = date(invoice_date);
        let due_date = invoice_date + TimeDelta::days(30);
        Entry {
            customer_id: customer.into(),
            invoice_date: Some(invoice_date),
            due_date,
            amount: Some(Decimal::ONE_HUNDRED),
            paid_date: Some(due_date + TimeDelta::days(days_late)),
            ..Entry::default()
        }
    }

    #[test]
    fn a_customer_paying_ten_days_late_is_predicted_exactly_after_the_first_month() {
        let entries = (1..=12)
            .map(|month| invoice("c", &format!("2025-{month:02}-05"), 10))
            .collect();
        let ledger = Ledger {
            entries,
            ..Ledger::default()
        };
        let report = run(&ledger, date("2025-06-01"), &Policy::default()).unwrap();
        assert_eq!(report.invoices, 7);
        assert_eq!(report.months.len(), 7);
        assert_eq!(report.payment_date.model.mae_days, 0.0);
        assert_eq!(report.payment_date.customer_median.mae_days, 0.0);
        assert_eq!(report.payment_date.zero_days_late.mae_days, 10.0);
        assert_eq!(report.days_late.zero_days_late.within_5_days, 0.0);
        // June's prediction knows only the invoices settled by 31 May: January to April (April's was paid
        // on 15 May; May's is paid in June).
        assert_eq!(report.months[0].known_at, date("2025-05-31"));
        assert_eq!(report.months[0].history, 4);
        let text = report.render(Lang::Nl);
        assert!(text.contains("7 facturen"), "{text}");
        assert!(text.contains("0,00"), "{text}");
    }

    #[test]
    fn without_history_or_outcomes_it_says_why() {
        let ledger = Ledger {
            entries: vec![invoice("c", "2025-01-05", 3)],
            ..Ledger::default()
        };
        assert_eq!(
            run(&ledger, date("2025-01-01"), &Policy::default()),
            Err(BacktestError::NoHistory {
                from: date("2025-01-01")
            })
        );
        assert_eq!(
            run(&ledger, date("2025-03-01"), &Policy::default()),
            Err(BacktestError::NothingToTest {
                from: date("2025-03-01")
            })
        );
        assert!(BacktestError::NoHistory {
            from: date("2025-01-01")
        }
        .message(Lang::Fr)
        .contains("historique"));
    }
}
