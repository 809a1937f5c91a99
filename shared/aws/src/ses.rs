//! SES v2: the report e-mailed after an upload is analysed — a short summary in the tenant's language,
//! the annotated workbook attached, or a download link when the message would exceed what SES takes.
//!
//! The MIME message is built by `mail-builder` (headers encoded, attachment base64, boundaries chosen
//! for us) and sent as raw content, the only SES v2 form that carries attachments.

use aws_sdk_sesv2::error::{DisplayErrorContext, ProvideErrorMetadata};
use aws_sdk_sesv2::primitives::Blob;
use aws_sdk_sesv2::types::{Destination, EmailContent, RawMessage};
use credit_core::lang::Lang;
use credit_store::{SnapshotSummary, TenantId};
use mail_builder::MessageBuilder;
use rust_decimal::{Decimal, RoundingStrategy};
use std::error::Error as StdError;
use std::time::Duration;

pub mod fanout;
pub use fanout::Fanout;

/// SES refuses raw messages above 10 MB (the whole MIME text, after base64 inflates an attachment by a
/// third): a workbook above about 7.5 MB goes as a link.
pub const SES_RAW_LIMIT_BYTES: usize = 10 * 1024 * 1024;

/// The header naming the tenant a report belongs to, so a message can be traced to its tenant.
pub const TENANT_HEADER: &str = "X-Credit-Tenant";
/// The header naming the snapshot a report describes.
pub const SNAPSHOT_HEADER: &str = "X-Credit-Snapshot";

/// Why a report could not be sent.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SesError {
    /// The message could not be built (an address mail-builder cannot write).
    #[error("the report e-mail could not be built: {0}")]
    Build(String),
    /// There is nobody to send it to.
    #[error("the report e-mail has no recipient")]
    NoRecipients,
    /// SES refused the message for good (an address it will not send to, an unverified sender or
    /// domain, a message it rejects): sending the same message again cannot help, so it is recorded as
    /// final for this recipient rather than retried.
    #[error("SES refused the e-mail to {recipient} ({code}): {reason}")]
    Refused {
        /// The recipient of the refused copy.
        recipient: String,
        /// SES's error code, e.g. `MessageRejected`.
        code: String,
        /// SES's explanation.
        reason: String,
        /// The SDK error.
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },
    /// Another delivery of the same event is sending to these recipients right now; the retry checks
    /// that it did.
    #[error("another delivery is sending the e-mail to {recipients}")]
    Busy {
        /// The recipients, comma-separated.
        recipients: String,
    },
    /// SES could not take the message now (throttled, a 5xx, unreachable); the caller retries.
    #[error("SES did not send the report to {recipients}: {detail}")]
    Send {
        /// The recipients, comma-separated.
        recipients: String,
        /// SES's explanation, with its causes.
        detail: String,
        /// The SDK error.
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },
}

impl SesError {
    /// Whether SES refused for good ([`SesError::Refused`]): no retry will change its answer.
    pub fn is_permanent(&self) -> bool {
        matches!(self, SesError::Refused { .. })
    }
}

/// The SES error codes that refuse a message for good. SES v2 answers `MessageRejected` for a
/// recipient it will not send to (in the sandbox, any unverified address) or a sender that is not
/// verified, `MailFromDomainNotVerifiedException` for a MAIL FROM domain it has not verified,
/// `BadRequestException` for an address it cannot use, `AccountSuspendedException` when the account
/// may no longer send, `NotFoundException` for a configuration set that does not exist. SES v1's
/// `InvalidParameterValue` ("Missing domain", "Illegal address") is the same refusal in the older API,
/// which the emulator answers through v2 too.
///
/// Throttling (`TooManyRequestsException`), the daily quota (`LimitExceededException`), a paused
/// account (`SendingPausedException`, which the operator resumes) and 5xx answers are not here: they
/// pass, and a retry sends the message.
pub const PERMANENT_SES_CODES: &[&str] = &[
    "MessageRejected",
    "MailFromDomainNotVerifiedException",
    "BadRequestException",
    "AccountSuspendedException",
    "NotFoundException",
    "InvalidParameterValue",
];

/// One recipient SES refused for good: who, and what SES said, for the user to read in the upload's
/// status and the operator in the log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Unreached {
    /// The address.
    pub address: String,
    /// SES's error code, e.g. `MessageRejected`.
    pub code: String,
    /// SES's explanation.
    pub reason: String,
}

/// How the workbook travels with the report.
#[derive(Debug, Clone, Copy)]
pub enum WorkbookDelivery<'a> {
    /// Attached whole.
    Attached(&'a [u8]),
    /// Too large for SES: a presigned download link.
    Link {
        /// The URL.
        url: &'a str,
        /// How long it stays valid.
        expires_in: Duration,
    },
}

/// The report of one snapshot, to the tenant's recipients.
#[derive(Debug, Clone, Copy)]
pub struct ReportMail<'a> {
    /// The tenant (named in a header; only its own recipients receive it).
    pub tenant: &'a TenantId,
    /// The language of the subject and body: the tenant's.
    pub lang: Lang,
    /// The sender (a verified SES identity).
    pub from: &'a str,
    /// The tenant's recipients.
    pub to: &'a [String],
    /// The snapshot reported on.
    pub summary: &'a SnapshotSummary,
    /// The name the workbook is attached or offered under.
    pub workbook_file_name: &'a str,
}

impl ReportMail<'_> {
    /// The subject line.
    pub fn subject(&self) -> String {
        let summary = self.summary;
        let file = &summary.source.file_name;
        let open = money(summary.totals.open, &summary.currency, self.lang);
        let overdue = money(summary.totals.overdue, &summary.currency, self.lang);
        let as_of = summary.as_of;
        match self.lang {
            Lang::Nl => format!("Kredietrapport {file} per {as_of}: {open} openstaand, {overdue} vervallen"),
            Lang::Fr => format!("Rapport de crédit {file} au {as_of} : {open} en cours, {overdue} échus"),
            Lang::En => format!("Credit report {file} as of {as_of}: {open} open, {overdue} overdue"),
        }
    }

    /// The plain-text body: the headline figures, then the workbook (attached, or a link).
    pub fn body(&self, delivery: WorkbookDelivery<'_>) -> String {
        let summary = self.summary;
        let lang = self.lang;
        let totals = &summary.totals;
        let currency = &summary.currency;
        let mut lines = vec![
            lang.pick("Goedendag,", "Bonjour,", "Hello,").to_owned(),
            String::new(),
            match lang {
                Lang::Nl => format!(
                    "De debiteurenlijst \"{}\" is geanalyseerd per {}.",
                    summary.source.file_name, summary.as_of
                ),
                Lang::Fr => format!(
                    "La balance clients « {} » a été analysée au {}.",
                    summary.source.file_name, summary.as_of
                ),
                Lang::En => format!(
                    "The ledger \"{}\" was analysed as of {}.",
                    summary.source.file_name, summary.as_of
                ),
            },
            String::new(),
            format!(
                "{}: {} ({} {})",
                lang.pick("Openstaand", "En cours", "Open"),
                money(totals.open, currency, lang),
                totals.items,
                lang.pick("posten", "pièces", "items")
            ),
        ];
        let share = (!totals.open.is_zero())
            .then(|| (totals.overdue / totals.open * Decimal::ONE_HUNDRED).round())
            .map(|percent| format!(" ({percent}%)"))
            .unwrap_or_default();
        lines.push(format!(
            "{}: {}{share}",
            lang.pick("Vervallen", "Échu", "Overdue"),
            money(totals.overdue, currency, lang)
        ));
        lines.push(format!(
            "{}: {}",
            lang.pick("Klanten", "Clients", "Customers"),
            summary.customer_count
        ));
        if let Some(dso) = summary.kpis.as_ref().and_then(|kpis| kpis.dso) {
            lines.push(format!("DSO: {:.0} {}", dso, lang.pick("dagen", "jours", "days")));
        }
        lines.push(String::new());
        lines.push(lang.pick("Ouderdom:", "Antériorité :", "Aging:").to_owned());
        for (label, amount) in totals.buckets.iter() {
            let label = if label == credit_core::aging::NOT_DUE {
                lang.pick("niet vervallen", "non échu", "not due")
            } else {
                label
            };
            lines.push(format!("  {label}: {}", money(amount, currency, lang)));
        }
        if summary.issue_count > 0 {
            lines.push(String::new());
            lines.push(match lang {
                Lang::Nl => format!(
                    "{} opmerkingen bij het bestand: zie het blad over de gegevenskwaliteit.",
                    summary.issue_count
                ),
                Lang::Fr => format!(
                    "{} remarques sur le fichier : voir la feuille sur la qualité des données.",
                    summary.issue_count
                ),
                Lang::En => format!(
                    "{} remarks on the file: see the data quality sheet.",
                    summary.issue_count
                ),
            });
        }
        lines.push(String::new());
        lines.push(match delivery {
            WorkbookDelivery::Attached(_) => match lang {
                Lang::Nl => format!("De geannoteerde werkmap zit in bijlage: {}", self.workbook_file_name),
                Lang::Fr => format!("Le classeur annoté est en pièce jointe : {}", self.workbook_file_name),
                Lang::En => format!("The annotated workbook is attached: {}", self.workbook_file_name),
            },
            WorkbookDelivery::Link { url, expires_in } => {
                let days = expires_in.as_secs().div_ceil(24 * 3600);
                match lang {
                    Lang::Nl => format!(
                        "De geannoteerde werkmap is te groot voor een bijlage. Download ze binnen {days} dagen:\n{url}"
                    ),
                    Lang::Fr => format!(
                        "Le classeur annoté est trop volumineux pour être joint. Téléchargez-le dans les {days} jours :\n{url}"
                    ),
                    Lang::En => format!(
                        "The annotated workbook is too large to attach. Download it within {days} days:\n{url}"
                    ),
                }
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
    /// [`SesError::NoRecipients`] without recipients, [`SesError::Build`] when it cannot be written.
    pub fn build(&self, delivery: WorkbookDelivery<'_>) -> Result<Vec<u8>, SesError> {
        if self.to.is_empty() {
            return Err(SesError::NoRecipients);
        }
        let to: Vec<&str> = self.to.iter().map(String::as_str).collect();
        let mut message = MessageBuilder::new()
            .from(self.from)
            .to(to)
            .subject(self.subject())
            .header(
                TENANT_HEADER,
                mail_builder::headers::raw::Raw::new(self.tenant.as_str()),
            )
            .header(
                SNAPSHOT_HEADER,
                mail_builder::headers::raw::Raw::new(self.summary.id.as_str()),
            )
            .header(
                "Content-Language",
                mail_builder::headers::raw::Raw::new(self.lang.code()),
            )
            .text_body(self.body(delivery));
        if let WorkbookDelivery::Attached(bytes) = delivery {
            message = message.attachment(crate::s3::XLSX_CONTENT_TYPE, self.workbook_file_name, bytes);
        }
        message
            .write_to_vec()
            .map_err(|error| SesError::Build(error.to_string()))
    }

    /// The message with the workbook attached when it fits [`SES_RAW_LIMIT_BYTES`]; `None` when it does
    /// not (then send [`WorkbookDelivery::Link`]).
    ///
    /// # Errors
    /// As [`ReportMail::build`].
    pub fn build_attached_if_it_fits(&self, workbook: &[u8]) -> Result<Option<Vec<u8>>, SesError> {
        self.build_attached_within(workbook, SES_RAW_LIMIT_BYTES)
    }

    /// The message with the workbook attached when the whole message stays within `limit` bytes;
    /// `None` when it does not.
    ///
    /// # Errors
    /// As [`ReportMail::build`].
    pub fn build_attached_within(&self, workbook: &[u8], limit: usize) -> Result<Option<Vec<u8>>, SesError> {
        // base64 needs 4 bytes per 3: no need to build what cannot fit.
        if workbook.len() / 3 * 4 > limit {
            return Ok(None);
        }
        let raw = self.build(WorkbookDelivery::Attached(workbook))?;
        Ok((raw.len() <= limit).then_some(raw))
    }
}

/// Sends raw messages from one identity.
#[derive(Debug, Clone)]
pub struct Mailer {
    client: aws_sdk_sesv2::Client,
}

impl Mailer {
    /// A mailer over `client`.
    pub fn new(client: aws_sdk_sesv2::Client) -> Self {
        Mailer { client }
    }

    /// Sends a raw MIME message to one recipient (its From and To headers are what the recipient
    /// sees; `from` and `to` are the envelope). One recipient per message, always: SES refuses a whole
    /// message when it refuses one of its recipients, so a message to several would let one bad
    /// address keep the report from everybody. Answers SES's message id.
    ///
    /// # Errors
    /// [`SesError::Refused`] when SES refuses the message for good (see [`PERMANENT_SES_CODES`]),
    /// [`SesError::Send`] when it cannot take it now or cannot be reached.
    pub async fn send_to(&self, from: &str, to: &str, raw: Vec<u8>) -> Result<String, SesError> {
        let transient = |detail: String, source: Box<dyn StdError + Send + Sync>| SesError::Send {
            recipients: to.to_owned(),
            detail,
            source,
        };
        let raw = RawMessage::builder()
            .data(Blob::new(raw))
            .build()
            .map_err(|error| transient(error.to_string(), Box::new(error)))?;
        let output = self
            .client
            .send_email()
            .from_email_address(from)
            .destination(Destination::builder().to_addresses(to).build())
            .content(EmailContent::builder().raw(raw).build())
            .send()
            .await
            .map_err(|error| {
                let refusal = error.as_service_error().and_then(|service| {
                    let code = service.code()?;
                    PERMANENT_SES_CODES
                        .contains(&code)
                        .then(|| (code.to_owned(), service.message().unwrap_or(code).to_owned()))
                });
                match refusal {
                    Some((code, reason)) => SesError::Refused {
                        recipient: to.to_owned(),
                        code,
                        reason,
                        source: Box::new(error),
                    },
                    None => transient(DisplayErrorContext(&error).to_string(), Box::new(error)),
                }
            })?;
        Ok(output.message_id().unwrap_or_default().to_owned())
    }
}

/// An amount as the tenant reads it: `1.234,56 EUR` (nl), `1 234,56 EUR` (fr), `EUR 1,234.56` (en).
fn money(amount: Decimal, currency: &str, lang: Lang) -> String {
    let rounded = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{:.2}", rounded.abs());
    let (whole, cents) = text.split_once('.').unwrap_or((&text, "00"));
    let (thousands, decimal) = lang.pick((".", ","), ("\u{202f}", ","), (",", "."));
    let digits: Vec<char> = whole.chars().collect();
    let mut grouped = String::new();
    for (index, digit) in digits.iter().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push_str(thousands);
        }
        grouped.push(*digit);
    }
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    match lang {
        Lang::En => format!("{sign}{currency} {grouped}{decimal}{cents}"),
        Lang::Nl | Lang::Fr => format!("{sign}{grouped}{decimal}{cents} {currency}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn amounts_are_written_the_way_each_language_writes_them() {
        assert_eq!(money(dec!(1234567.555), "EUR", Lang::Nl), "1.234.567,56 EUR");
        assert_eq!(money(dec!(1234.5), "EUR", Lang::Fr), "1\u{202f}234,50 EUR");
        assert_eq!(money(dec!(-999.994), "USD", Lang::En), "-USD 999.99");
        assert_eq!(money(dec!(0), "EUR", Lang::En), "EUR 0.00");
        assert_eq!(money(dec!(100), "EUR", Lang::Nl), "100,00 EUR");
    }

    fn summary() -> SnapshotSummary {
        use chrono::{NaiveDate, TimeZone, Utc};
        use credit_core::aging::Buckets;
        use credit_core::analysis::Totals;
        use credit_store::{Month, SnapshotId, SourceRef};
        let as_of = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
        let created_at = Utc.with_ymd_and_hms(2026, 11, 1, 8, 0, 0).unwrap();
        SnapshotSummary {
            tenant: TenantId::new("acme").unwrap(),
            id: SnapshotId::new("20261031-20261101080000000000-abcdef12").unwrap(),
            month: Month::of(as_of),
            as_of,
            created_at,
            expires_at: created_at,
            source: SourceRef::new("debiteuren.xlsx", "uploads/acme/x/debiteuren.xlsx", "abc"),
            currency: "EUR".into(),
            language: Lang::Nl,
            totals: Totals {
                open: dec!(12345.60),
                overdue: dec!(4115.20),
                items: 7,
                buckets: Buckets(vec![("not_due".into(), dec!(8230.40)), ("1-30".into(), dec!(4115.20))]),
            },
            kpis: None,
            customer_count: 3,
            issue_count: 2,
        }
    }

    #[test]
    fn the_report_carries_the_summary_in_the_tenant_language_and_the_workbook_attached() {
        use mail_parser::{MessageParser, MimeHeaders};
        let summary = summary();
        let to = vec!["boekhouding@acme.be".to_owned(), "zaakvoerder@acme.be".to_owned()];
        let workbook: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
        let mail = ReportMail {
            tenant: &summary.tenant,
            lang: Lang::Nl,
            from: "rapport@credit.example",
            to: &to,
            summary: &summary,
            workbook_file_name: "debiteuren.annotated.xlsx",
        };
        let raw = mail.build_attached_if_it_fits(&workbook).unwrap().unwrap();
        let message = MessageParser::default().parse(&raw).unwrap();
        assert_eq!(
            message.subject(),
            Some("Kredietrapport debiteuren.xlsx per 2026-10-31: 12.345,60 EUR openstaand, 4.115,20 EUR vervallen")
        );
        let body = message.body_text(0).unwrap();
        assert!(body.contains("Vervallen: 4.115,20 EUR (33%)"), "{body}");
        assert!(body.contains("niet vervallen: 8.230,40 EUR"), "{body}");
        assert!(body.contains("2 opmerkingen"), "{body}");
        assert!(body.contains("in bijlage: debiteuren.annotated.xlsx"), "{body}");
        let attachment = message.attachment(0).unwrap();
        assert_eq!(attachment.attachment_name(), Some("debiteuren.annotated.xlsx"));
        assert_eq!(attachment.contents(), workbook.as_slice());
        assert_eq!(message.header(TENANT_HEADER).and_then(|h| h.as_text()), Some("acme"));
        let recipients: Vec<_> = message.to().unwrap().iter().filter_map(|a| a.address()).collect();
        assert_eq!(recipients, ["boekhouding@acme.be", "zaakvoerder@acme.be"]);
    }

    #[test]
    fn a_workbook_too_large_for_ses_goes_as_a_link() {
        let summary = summary();
        let to = vec!["a@b.be".to_owned()];
        let mail = ReportMail {
            tenant: &summary.tenant,
            lang: Lang::Fr,
            from: "r@x.be",
            to: &to,
            summary: &summary,
            workbook_file_name: "w.xlsx",
        };
        // Just under the limit before base64, over it after.
        let workbook = vec![7u8; SES_RAW_LIMIT_BYTES - 1000];
        assert!(mail.build_attached_if_it_fits(&workbook).unwrap().is_none());
        let raw = mail
            .build(WorkbookDelivery::Link {
                url: "https://bucket/results/acme/x/w.xlsx?X-Amz-Signature=1",
                expires_in: Duration::from_secs(7 * 24 * 3600),
            })
            .unwrap();
        let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
        assert_eq!(message.attachment_count(), 0);
        let body = message.body_text(0).unwrap();
        assert!(body.contains("Téléchargez-le dans les 7 jours"), "{body}");
        assert!(body.contains("X-Amz-Signature=1"), "{body}");
        let nobody: Vec<String> = Vec::new();
        assert!(matches!(
            ReportMail { to: &nobody, ..mail }.build(WorkbookDelivery::Attached(&[])),
            Err(SesError::NoRecipients)
        ));
    }
}
