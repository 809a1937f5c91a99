//! The review e-mail: the three-sentence summary in the tenant's language, the notes on what is
//! missing, and the review workbook attached (or, when too large for SES, a download link).
//!
//! The MIME text is built by `mail-builder` (encoded headers, base64 attachment, boundaries), the same
//! crate the upload report uses; sending it is the caller's business (SES raw send).

use crate::error::ReviewError;
use crate::model::{KpiKind, Review};
use crate::text::{date_long, month_name};
use credit_core::lang::Lang;
use credit_core::text::{amount, percent};
use credit_store::TenantId;
use mail_builder::headers::raw::Raw;
use mail_builder::MessageBuilder;
use rust_decimal::prelude::ToPrimitive;
use std::time::Duration;

/// The header naming the tenant a message belongs to (the same header as the upload report's).
pub const TENANT_HEADER: &str = "X-Credit-Tenant";
/// The header naming the month a review message reviews (`2026-10`), so that reviews can be told
/// apart from upload reports and from each other.
pub const REVIEW_HEADER: &str = "X-Credit-Review";
/// The content type of an xlsx attachment.
pub const XLSX_CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// How the workbook travels with the review.
#[derive(Debug, Clone, Copy)]
pub enum Delivery<'a> {
    /// Attached whole.
    Attached(&'a [u8]),
    /// Too large to attach: a download link valid for `expires_in`.
    Link {
        /// The URL.
        url: &'a str,
        /// How long it stays valid.
        expires_in: Duration,
    },
}

/// The review of one tenant, to its recipients.
#[derive(Debug, Clone, Copy)]
pub struct ReviewMail<'a> {
    /// The tenant (named in a header).
    pub tenant: &'a TenantId,
    /// The sender.
    pub from: &'a str,
    /// The tenant's recipients.
    pub to: &'a [String],
    /// The review (its language is the e-mail's).
    pub review: &'a Review,
    /// The name the workbook is attached or offered under.
    pub workbook_file_name: &'a str,
}

impl ReviewMail<'_> {
    /// The subject: the month, the open balance and its change, the overdue share.
    pub fn subject(&self) -> String {
        let review = self.review;
        let lang = review.lang;
        let month = month_name(review.month, lang);
        let head = lang.pick(
            format!("Maandoverzicht {month}"),
            format!("Revue mensuelle {month}"),
            format!("Monthly review {month}"),
        );
        let Some(current) = &review.current else {
            return format!(
                "{head}: {}",
                lang.pick(
                    "geen grootboek geanalyseerd",
                    "aucune balance analysée",
                    "no ledger analysed"
                )
            );
        };
        let stale = if review.is_stale() {
            let date = date_long(current.as_of, lang);
            lang.pick(
                format!(" (cijfers van {date})"),
                format!(" (chiffres du {date})"),
                format!(" (figures of {date})"),
            )
        } else {
            String::new()
        };
        let open_row = review.kpi(KpiKind::Open);
        let open = match open_row.and_then(|row| row.this_month) {
            Some(crate::model::Figure::Money(open)) => amount(open, &review.currency, lang),
            _ => String::new(),
        };
        let change = match (
            open_row.and_then(|row| row.this_month),
            open_row.and_then(|row| row.last_month),
        ) {
            (Some(crate::model::Figure::Money(now)), Some(crate::model::Figure::Money(before)))
                if !before.is_zero() =>
            {
                let ratio = ((now - before) / before).to_f64().unwrap_or_default();
                let sign = if ratio > 0.0 { "+" } else { "" };
                format!(" ({sign}{})", percent(ratio, lang))
            }
            _ => String::new(),
        };
        let share = review
            .kpi(KpiKind::OverdueShare)
            .and_then(|row| row.this_month)
            .map_or(0.0, |share| share.to_f64());
        let share = percent(share, lang);
        let separator = lang.pick(": ", " : ", ": ");
        match lang {
            Lang::Nl => format!("{head}{stale}{separator}{open} openstaand{change}, {share} vervallen"),
            Lang::Fr => format!("{head}{stale}{separator}{open} en cours{change}, {share} échus"),
            Lang::En => format!("{head}{stale}{separator}{open} open{change}, {share} overdue"),
        }
    }

    /// The plain-text body: the summary, the notes, the workbook.
    pub fn body(&self, delivery: Delivery<'_>) -> String {
        let review = self.review;
        let lang = review.lang;
        let mut lines = vec![
            lang.pick("Goedendag,", "Bonjour,", "Hello,").to_owned(),
            String::new(),
            review.summary_text(),
        ];
        if !review.notes.is_empty() {
            lines.push(String::new());
            lines.extend(review.notes.iter().map(|note| format!("- {note}")));
        }
        lines.push(String::new());
        let file = self.workbook_file_name;
        lines.push(match delivery {
            Delivery::Attached(_) => lang.pick(
                format!("Het volledige overzicht zit in bijlage: {file}"),
                format!("La revue complète est en pièce jointe : {file}"),
                format!("The full review is attached: {file}"),
            ),
            Delivery::Link { url, expires_in } => {
                let days = expires_in.as_secs().div_ceil(24 * 3600);
                lang.pick(
                    format!("Het volledige overzicht is te groot voor een bijlage. Download het binnen {days} dagen:\n{url}"),
                    format!("La revue complète est trop volumineuse pour être jointe. Téléchargez-la dans les {days} jours :\n{url}"),
                    format!("The full review is too large to attach. Download it within {days} days:\n{url}"),
                )
            }
        });
        lines.push(String::new());
        lines.push(
            lang.pick(
                "Dit bericht werd automatisch verstuurd.",
                "Ce message a été envoyé automatiquement.",
                "This message was sent automatically.",
            )
            .to_owned(),
        );
        let mut body = lines.join("\n");
        body.push('\n');
        body
    }

    /// The whole MIME message.
    ///
    /// # Errors
    /// [`ReviewError::NoRecipients`] without recipients, [`ReviewError::Mail`] when it cannot be written.
    pub fn build(&self, delivery: Delivery<'_>) -> Result<Vec<u8>, ReviewError> {
        if self.to.is_empty() {
            return Err(ReviewError::NoRecipients);
        }
        let to: Vec<&str> = self.to.iter().map(String::as_str).collect();
        let mut message = MessageBuilder::new()
            .from(self.from)
            .to(to)
            .subject(self.subject())
            .header(TENANT_HEADER, Raw::new(self.tenant.as_str()))
            .header(REVIEW_HEADER, Raw::new(self.review.month.to_string()))
            .header("Content-Language", Raw::new(self.review.lang.code()))
            .text_body(self.body(delivery));
        if let Delivery::Attached(bytes) = delivery {
            message = message.attachment(XLSX_CONTENT_TYPE, self.workbook_file_name, bytes);
        }
        message
            .write_to_vec()
            .map_err(|error| ReviewError::Mail(error.to_string()))
    }

    /// The message with the workbook attached when the whole message stays within `limit` bytes;
    /// `None` when it does not (then send a [`Delivery::Link`]).
    ///
    /// # Errors
    /// As [`ReviewMail::build`].
    pub fn build_attached_within(&self, workbook: &[u8], limit: usize) -> Result<Option<Vec<u8>>, ReviewError> {
        // base64 needs 4 bytes per 3: no need to build what cannot fit.
        if workbook.len() / 3 * 4 > limit {
            return Ok(None);
        }
        let raw = self.build(Delivery::Attached(workbook))?;
        Ok((raw.len() <= limit).then_some(raw))
    }
}
