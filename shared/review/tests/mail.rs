//! The review e-mail parsed back (mail-parser): subject, headers, the summary in the body, the
//! workbook attached, or a link when it does not fit.

mod common;
mod portfolio;

use common::{input, tenant};
use credit_core::lang::Lang;
use credit_review::build_review;
use credit_review::mail::{Delivery, ReviewMail, REVIEW_HEADER, TENANT_HEADER};
use credit_review::workbook::{file_name, write_review_workbook};
use credit_review::ReviewError;
use mail_parser::{MessageParser, MimeHeaders};
use portfolio::{october_2026, september_2026};
use pretty_assertions::assert_eq;
use std::time::Duration;

#[test]
fn the_review_mail_carries_the_summary_and_the_workbook() {
    let review = build_review(&input("2026-10", Lang::Fr, &[september_2026(), october_2026()]));
    let workbook = write_review_workbook(&review).expect("workbook");
    let tenant = tenant();
    let to = vec!["compta@acme.be".to_owned()];
    let name = file_name(&review);
    let mail = ReviewMail {
        tenant: &tenant,
        from: "reviews@credit.example",
        to: &to,
        review: &review,
        workbook_file_name: &name,
    };
    assert_eq!(
        mail.subject(),
        "Revue mensuelle octobre 2026 : 30 100,00 EUR en cours (+50,5 %), 23,3 % échus"
    );
    let raw = mail
        .build_attached_within(&workbook, 10 * 1024 * 1024)
        .expect("built")
        .expect("it fits");
    let message = MessageParser::default().parse(&raw).expect("MIME parses");
    assert_eq!(message.subject(), Some(mail.subject().as_str()));
    let header = |name: &str| {
        message
            .header(name)
            .and_then(|value| value.as_text())
            .map(str::to_owned)
    };
    assert_eq!(header(TENANT_HEADER).as_deref(), Some("acme"));
    assert_eq!(header(REVIEW_HEADER).as_deref(), Some("2026-10"));
    let body = message.body_text(0).expect("a text body").into_owned();
    assert!(body.contains(&review.summary_text()), "{body}");
    assert!(
        body.contains("La revue complète est en pièce jointe : revue-mensuelle-2026-10.xlsx"),
        "{body}"
    );
    let attachment = message.attachment(0).expect("attached");
    assert_eq!(attachment.attachment_name(), Some("revue-mensuelle-2026-10.xlsx"));
    assert_eq!(attachment.contents(), workbook.as_slice());
}

#[test]
fn a_workbook_too_large_for_the_limit_goes_as_a_link_and_nobody_to_send_to_is_an_error() {
    let review = build_review(&input("2026-10", Lang::Nl, &[october_2026()]));
    let tenant = tenant();
    let to = vec!["boekhouding@acme.be".to_owned()];
    let mail = ReviewMail {
        tenant: &tenant,
        from: "reviews@credit.example",
        to: &to,
        review: &review,
        workbook_file_name: "maandoverzicht-2026-10.xlsx",
    };
    assert!(mail
        .build_attached_within(&[0u8; 3000], 1000)
        .expect("checked")
        .is_none());
    let raw = mail
        .build(Delivery::Link {
            url: "https://bucket/results/acme/reviews/2026-10/x.xlsx?X-Amz-Signature=1",
            expires_in: Duration::from_secs(7 * 24 * 3600),
        })
        .expect("built");
    let message = MessageParser::default().parse(&raw).expect("MIME parses");
    assert_eq!(message.attachment_count(), 0);
    let body = message.body_text(0).expect("a text body").into_owned();
    assert!(body.contains("Download het binnen 7 dagen"), "{body}");
    assert!(
        body.contains("- Eerste overzicht: er is geen eerdere momentopname om mee te vergelijken."),
        "{body}"
    );
    let nobody: Vec<String> = Vec::new();
    assert!(matches!(
        ReviewMail { to: &nobody, ..mail }.build(Delivery::Attached(&[])),
        Err(ReviewError::NoRecipients)
    ));
}
