//! Today's worklist: who to remind, call or stop, the most urgent first, with a reminder ready to send.

use crate::formats::{wrapped_row_height, Formats};
use crate::labels::{self, t, SheetNames};
use credit_core::analysis::{ActionKind, Analysis, CustomerAnalysis, NextAction, OpenItem};
use credit_core::lang::Lang;
use credit_core::text::amount as amount_text;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// Column widths, in characters: the action fits "Leveringen stoppen (verkoop verwittigen)"; the note and
/// the reminder text wrap within theirs.
const WIDTHS: [f64; 11] = [9.0, 12.0, 14.0, 30.0, 42.0, 14.0, 14.0, 28.0, 16.0, 44.0, 80.0];
const NOTE_COLUMN: usize = 9;
const REMINDER_COLUMN: usize = 10;

pub fn write(
    sheet: &mut Worksheet,
    analysis: &Analysis,
    formats: &Formats,
    names: &SheetNames,
) -> Result<(), XlsxError> {
    let lang = analysis.language;
    sheet.set_name(names.actions)?;
    let headers = [
        t(lang, "Prioriteit", "Priorité", "Priority"),
        t(lang, "Datum", "Date", "Date"),
        t(lang, "Klantnr.", "Code client", "Customer ID"),
        t(lang, "Naam", "Nom", "Name"),
        t(lang, "Actie", "Action", "Action"),
        t(lang, "Op het spel", "Exposé", "At risk"),
        t(lang, "Vervallen", "Échu", "Overdue"),
        t(lang, "E-mail", "E-mail", "E-mail"),
        t(lang, "Telefoon", "Téléphone", "Phone"),
        t(lang, "Toelichting", "Commentaire", "Note"),
        t(lang, "Herinneringstekst", "Texte de rappel", "Reminder text"),
    ];
    for (column, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *header, &formats.header)?;
    }
    let mut actions = analysis.actions();
    actions.sort_by(|(a, a_action), (b, b_action)| {
        a_action
            .priority
            .cmp(&b_action.priority)
            .then(b_action.amount_at_risk.cmp(&a_action.amount_at_risk))
            .then_with(|| a.id.cmp(&b.id))
    });
    for (index, (customer, action)) in actions.iter().enumerate() {
        let row = index as u32 + 1;
        sheet.write_number_with_format(row, 0, f64::from(action.priority), &formats.top)?;
        sheet.write_date_with_format(row, 1, action.on, &formats.date)?;
        sheet.write_string_with_format(row, 2, &customer.id, &formats.top)?;
        sheet.write_string_with_format(row, 3, customer.name.as_deref().unwrap_or_default(), &formats.top)?;
        sheet.write_string_with_format(row, 4, labels::action(lang, action.kind), &formats.top)?;
        sheet.write_number_with_format(
            row,
            5,
            action.amount_at_risk.to_f64().unwrap_or_default(),
            &formats.money,
        )?;
        sheet.write_number_with_format(row, 6, customer.overdue.to_f64().unwrap_or_default(), &formats.money)?;
        sheet.write_string_with_format(
            row,
            7,
            customer.contact.email.as_deref().unwrap_or_default(),
            &formats.top,
        )?;
        sheet.write_string_with_format(
            row,
            8,
            customer.contact.phone.as_deref().unwrap_or_default(),
            &formats.top,
        )?;
        sheet.write_string_with_format(row, NOTE_COLUMN as u16, &action.note, &formats.wrap)?;
        let mut height = wrapped_row_height(action.note.chars().count(), WIDTHS[NOTE_COLUMN]);
        if let Some(text) = reminder_text(customer, action, analysis) {
            height = height.max(wrapped_row_height(text.chars().count(), WIDTHS[REMINDER_COLUMN]));
            sheet.write_string_with_format(row, REMINDER_COLUMN as u16, text, &formats.wrap)?;
        }
        sheet.set_row_height(row, height)?;
    }
    let last = actions.len() as u32;
    sheet.set_freeze_panes(1, 4)?;
    sheet.autofilter(0, 0, last.max(1), headers.len() as u16 - 1)?;
    for (column, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(column as u16, *width)?;
    }
    sheet.set_row_height(0, 30)?;
    sheet
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;
    Ok(())
}

/// "invoice 12 of 1.234,56 EUR, due on ..." in the tense the letter needs: an item not yet due *falls*
/// due ("vervalt op", "à échéance le"), an overdue one *fell* due ("vervallen op", "échue le").
fn invoice_phrase(item: &OpenItem, currency: &str, lang: Lang) -> String {
    let amount = amount_text(item.open, currency, lang);
    let overdue = item.days_overdue > 0;
    match (lang, overdue) {
        (Lang::Nl, true) => format!(
            "factuur {} van {amount}, vervallen op {}",
            item.invoice,
            item.due_date.format("%d-%m-%Y")
        ),
        (Lang::Nl, false) => format!(
            "factuur {} van {amount}, vervalt op {}",
            item.invoice,
            item.due_date.format("%d-%m-%Y")
        ),
        (Lang::Fr, true) => format!(
            "facture {} de {amount}, échue le {}",
            item.invoice,
            item.due_date.format("%d/%m/%Y")
        ),
        (Lang::Fr, false) => format!(
            "facture {} de {amount}, à échéance le {}",
            item.invoice,
            item.due_date.format("%d/%m/%Y")
        ),
        (Lang::En, true) => format!(
            "invoice {} of {amount}, due on {}",
            item.invoice,
            item.due_date.format("%-d %B %Y")
        ),
        (Lang::En, false) => format!(
            "invoice {} of {amount}, falling due on {}",
            item.invoice,
            item.due_date.format("%-d %B %Y")
        ),
    }
}

/// Invoices a reminder lists one by one; the rest are counted and left to the statement sent with it,
/// so that a long list does not bury the request to pay.
const LISTED_INVOICES: usize = 10;

/// "and 3 more invoices, see the attached statement", for the invoices a letter does not list itself.
fn more_invoices_phrase(more: usize, lang: Lang) -> String {
    match (lang, more == 1) {
        (Lang::Nl, true) => "en nog 1 factuur, zie het bijgevoegde overzicht".to_owned(),
        (Lang::Nl, false) => format!("en nog {more} facturen, zie het bijgevoegde overzicht"),
        (Lang::Fr, true) => "et 1 autre facture, voir le relevé ci-joint".to_owned(),
        (Lang::Fr, false) => format!("et {more} autres factures, voir le relevé ci-joint"),
        (Lang::En, true) => "and 1 more invoice, see the attached statement".to_owned(),
        (Lang::En, false) => format!("and {more} more invoices, see the attached statement"),
    }
}

/// A reminder ready to paste into an e-mail, in the customer's language when known.
///
/// It is about the items the action is about (`in_next_action`): the amount it asks is their sum, the
/// action's amount at risk, never the whole overdue balance, which holds disputed invoices (a formal
/// notice must never demand disputed money) and remainders of short payments (written off, not chased).
fn reminder_text(customer: &CustomerAnalysis, action: &NextAction, analysis: &Analysis) -> Option<String> {
    if !matches!(
        action.kind,
        ActionKind::PreDueReminder | ActionKind::Reminder | ActionKind::SecondReminder | ActionKind::FormalNotice
    ) {
        return None;
    }
    let lang = customer.contact.language.unwrap_or(analysis.language);
    let items: Vec<&OpenItem> = analysis
        .open_items
        .iter()
        .filter(|item| item.customer_id == customer.id && item.in_next_action)
        .collect();
    let mut invoices: Vec<String> = items
        .iter()
        .take(LISTED_INVOICES)
        .map(|item| invoice_phrase(item, &analysis.currency, lang))
        .collect();
    if items.len() > LISTED_INVOICES {
        invoices.push(more_invoices_phrase(items.len() - LISTED_INVOICES, lang));
    }
    let list = invoices.join("; ");
    let asked: Decimal = items.iter().map(|item| item.open).sum();
    // Amounts as the customer's language writes them: "1.234,56 EUR", "1 234,56 EUR", "1,234.56 EUR".
    let amount = amount_text(asked, &analysis.currency, lang);
    Some(match (lang, action.kind) {
        (Lang::Nl, ActionKind::PreDueReminder) => format!("Beste klant, graag herinneren wij u eraan dat binnenkort vervalt: {list}. Alvast bedankt voor de tijdige betaling."),
        (Lang::Fr, ActionKind::PreDueReminder) => format!("Madame, Monsieur, nous nous permettons de vous rappeler l'échéance prochaine de : {list}. Merci d'avance pour votre paiement dans les délais."),
        (Lang::En, ActionKind::PreDueReminder) => format!("Dear customer, a friendly reminder that the following falls due soon: {list}. Thank you in advance for paying on time."),
        (Lang::Nl, ActionKind::FormalNotice) => format!("Geachte klant, ondanks eerdere herinneringen staat {amount} nog open ({list}). Wij stellen u hierbij in gebreke en verzoeken u het bedrag binnen 8 dagen te betalen."),
        (Lang::Fr, ActionKind::FormalNotice) => format!("Madame, Monsieur, malgré nos rappels, {amount} reste impayé ({list}). Par la présente, nous vous mettons en demeure de régler ce montant sous 8 jours."),
        (Lang::En, ActionKind::FormalNotice) => format!("Dear customer, despite earlier reminders {amount} remains unpaid ({list}). This is formal notice to pay the amount within 8 days."),
        (Lang::Nl, _) => format!("Beste klant, volgens onze gegevens staat nog {amount} open: {list}. Wilt u dit bedrag zo snel mogelijk overmaken? Is de betaling al onderweg, dan mag u dit bericht als niet verzonden beschouwen."),
        (Lang::Fr, _) => format!("Madame, Monsieur, sauf erreur de notre part, {amount} reste ouvert : {list}. Pourriez-vous procéder au paiement dans les meilleurs délais ? Si le paiement est en cours, merci de ne pas tenir compte de ce message."),
        (Lang::En, _) => format!("Dear customer, our records show {amount} still open: {list}. Could you please arrange payment as soon as possible? If payment is already on its way, please disregard this message."),
    })
}
