//! Cells that are words rather than numbers: document types, yes/no flags, paper or electronic,
//! payment terms and currency codes, in Dutch, French, English and German. Nothing here allocates.

use credit_core::ledger::DocumentKind;

/// The words of a text: letters and digits, split on anything else.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
}

fn starts_with_ignoring_case(word: &str, prefix: &str) -> bool {
    word.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

const CREDIT_NOTE_WORDS: [&str; 9] = [
    "credit",
    "avoir",
    "gutschrift",
    "cn",
    "kn",
    "refund",
    "terugbetaling",
    "storno",
    "retour",
];
const PAYMENT_WORDS: [&str; 10] = [
    "betaling",
    "payment",
    "paiement",
    "reglement",
    "règlement",
    "ontvangst",
    "zahlung",
    "receipt",
    "encaissement",
    "pmt",
];

/// What a document-type cell says: "Creditnota", "Avoir", "Payment on account", "Factuur"...
pub fn document_kind(text: &str) -> DocumentKind {
    let has = |prefixes: &[&str]| {
        words(text).any(|word| prefixes.iter().any(|prefix| starts_with_ignoring_case(word, prefix)))
    };
    // A debit/credit indicator column: "C", "Cr", "Crédit", "H" (Haben) is the credit side. Sage 50's
    // (UK) type codes: "SC" a sales credit, "SR" a receipt, "SA" a payment on account.
    let indicator = text.trim();
    let is = |codes: &[&str]| codes.iter().any(|code| indicator.eq_ignore_ascii_case(code));
    if is(&["c", "cr", "crédit", "crÉdit", "h", "sc"]) || has(&CREDIT_NOTE_WORDS) {
        DocumentKind::CreditNote
    } else if is(&["sr", "sa"]) || has(&PAYMENT_WORDS) {
        DocumentKind::Payment
    } else {
        DocumentKind::Invoice
    }
}

const NO_WORDS: [&str; 15] = [
    "0", "n", "nee", "no", "non", "nein", "false", "onwaar", "faux", "-", "none", "n/a", "nvt", "geen", "aucun",
];

/// A yes/no cell: anything but an explicit no (or nothing) counts as yes, because exports put a note
/// there ("klant betwist levering").
pub fn parse_flag(text: &str) -> bool {
    let text = text.trim();
    !(text.is_empty() || NO_WORDS.iter().any(|no| text.eq_ignore_ascii_case(no)))
}

const PAPER_WORDS: [&str; 10] = [
    "paper", "papier", "post", "print", "brief", "courrier", "nee", "no", "non", "false",
];

/// Whether a delivery cell says electronic ("Electronic", "e-mail", "ja") rather than paper ("Paper",
/// "Post", "nee").
pub fn is_electronic(text: &str) -> bool {
    !words(text).any(|word| PAPER_WORDS.iter().any(|paper| word.eq_ignore_ascii_case(paper)))
}

/// A whole number of days, from a text like "30", "30 dagen", "net 30", "30 jours fin de mois".
pub fn parse_days(text: &str) -> Option<u32> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let digits = &text[start..];
    let end = digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len());
    digits[..end].parse().ok().filter(|days| *days <= 3650)
}

/// An ISO code from a currency cell: "€" -> EUR, "eur" -> EUR.
pub fn currency_code(text: &str) -> String {
    match text.trim() {
        "€" => "EUR".into(),
        "$" => "USD".into(),
        "£" => "GBP".into(),
        other => other.to_ascii_uppercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_types_in_four_languages() {
        for text in [
            "Creditnota",
            "Avoir",
            "Credit note",
            "Gutschrift",
            "CN",
            "KN 2026-01",
            "C",
            "Cr",
            "Crédit",
            "SC",
        ] {
            assert_eq!(document_kind(text), DocumentKind::CreditNote, "{text}");
        }
        for text in [
            "Betaling",
            "Paiement",
            "Payment on account",
            "Zahlung",
            "Règlement",
            "SR",
            "SA",
        ] {
            assert_eq!(document_kind(text), DocumentKind::Payment, "{text}");
        }
        for text in [
            "Factuur",
            "Facture",
            "Invoice",
            "Rechnung",
            "Debit note",
            "",
            "D",
            "Débit",
        ] {
            assert_eq!(document_kind(text), DocumentKind::Invoice, "{text}");
        }
    }

    #[test]
    fn days_flags_and_delivery() {
        assert_eq!(parse_days("30 dagen"), Some(30));
        assert_eq!(parse_days("Net 45"), Some(45));
        assert_eq!(parse_days("contant"), None);
        assert_eq!(parse_days("99999999999999999999"), None);
        assert!(parse_flag("ja"));
        assert!(parse_flag("Yes"));
        assert!(parse_flag("klant betwist levering"));
        assert!(!parse_flag("nee"));
        assert!(!parse_flag("No"));
        assert!(!parse_flag(" "));
        assert!(is_electronic("Electronic"));
        assert!(is_electronic("e-mail"));
        assert!(!is_electronic("Paper"));
        assert!(!is_electronic("per post"));
        assert_eq!(currency_code(" eur "), "EUR");
        assert_eq!(currency_code("€"), "EUR");
    }
}
