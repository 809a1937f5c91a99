//! The French aged balance ("balance âgée clients") as small accounting packages export it to csv:
//! semicolon separated, Windows-1252, CRLF line ends, a title and a company line above the header, text
//! dates dd/mm/yyyy, amounts as text with a decimal comma, no-break-space or plain-space thousands
//! separators and a trailing "€", credit notes as "(1 234,00 €)" in one column and "1 234,00-" in
//! another, and a "Total général" line at the bottom. Payment terms include "45 jours fin de mois".

use crate::error::SampleError;
use crate::expected::{format_cents, Expected};
use crate::model::{add_days, cents, end_of_month, with_vat, Row};
use crate::rng::Rng;
use crate::Generated;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// The file name under `ledgers/`.
pub const FILE_NAME: &str = "fr-balance-agee.csv";

const SEED: u64 = 0x0046_5200_3110_2026;

const COMPANY: &str = "Menuiserie Dubois SARL";

/// The header line, in the export's order.
pub const HEADERS: [&str; 8] = [
    "Code client",
    "Client",
    "N° facture",
    "Date facture",
    "Échéance",
    "Montant TTC",
    "Montant réglé",
    "Reste dû",
];

/// Code, name and the typical invoice before VAT, in euros, of each customer of a joinery.
const CUSTOMERS: [(&str, &str, i64); 20] = [
    ("411BOULANG", "Boulangerie Lefèvre", 1200),
    ("411CAFEPAI", "Café de la Paix", 900),
    ("411HOTELCH", "Hôtel du Château SARL", 6500),
    ("411GARAGEM", "Garage Martin & Fils", 1500),
    ("411IMMOBRE", "Immobilière Bréhat", 4200),
    ("411MAIRIES", "Mairie de Saint-Évarzec", 9800),
    ("411CHARPEN", "Charpentes Gérard", 3100),
    ("411EHPADRO", "EHPAD Les Roses", 2800),
    ("411CREPERI", "Crêperie Ty Coz", 750),
    ("411ARCHIDU", "Cabinet d'architecture Durand", 5200),
    ("411PHARMAC", "Pharmacie Centrale", 1400),
    ("411SCIMOUL", "SCI du Moulin", 3600),
    ("411COIFFUR", "Coiffure Élégance", 600),
    ("411RESTOCH", "Restaurant Le Chêne", 1900),
    ("411ECOLEMO", "École Montessori Les Lucioles", 2400),
    ("411PLOMBER", "Plomberie Leroy", 1100),
    ("411AGENCEO", "Agence Océane Immobilier", 1700),
    ("411DECOVAS", "Décoration Intérieure Vasseur", 2200),
    ("411SYNDICM", "Syndic Copropriété Les Mouettes", 3300),
    ("411FROMAGE", "Fromagerie Saint-Malo", 800),
];

/// French payment terms: net days, or days then to the end of that month ("fin de mois").
#[derive(Debug, Clone, Copy)]
enum Terms {
    Net(i64),
    EndOfMonth(i64),
}

impl Terms {
    fn due_date(self, invoice_date: NaiveDate) -> NaiveDate {
        match self {
            Terms::Net(days) => add_days(invoice_date, days),
            Terms::EndOfMonth(days) => end_of_month(add_days(invoice_date, days)),
        }
    }
}

/// The open items as of `as_of`, by customer code then invoice date.
pub fn rows(as_of: NaiveDate) -> Vec<Row> {
    let mut rng = Rng::new(SEED);
    let mut rows = Vec::new();
    for (index, &(code, name, typical_net_euros)) in CUSTOMERS.iter().enumerate() {
        let mut customer_rng = rng.fork();
        let terms = *customer_rng.pick(&[
            Terms::Net(30),
            Terms::EndOfMonth(45),
            Terms::Net(60),
            Terms::EndOfMonth(30),
        ]);
        let count = if index < 3 {
            6 + customer_rng.below(4)
        } else {
            1 + customer_rng.below(5)
        };
        let mut customer_rows = Vec::new();
        for _ in 0..count {
            customer_rows.push(invoice(&mut customer_rng, as_of, code, name, terms, typical_net_euros));
        }
        if index == 2 || index == 9 {
            // Credit notes ("avoirs"): one recent, one old and still not set off.
            let age = if index == 2 { 12 } else { 140 };
            let invoice_date = add_days(as_of, -age);
            let amount = -with_vat(cents(typical_net_euros * customer_rng.between(15, 35)), 20);
            customer_rows.push(Row {
                customer_id: code.into(),
                customer_name: name.into(),
                document: String::new(),
                invoice_date,
                due_date: invoice_date,
                amount,
                paid: Decimal::ZERO,
                paid_date: None,
                disputed: false,
            });
        }
        rows.extend(customer_rows);
    }
    number(&mut rows);
    rows.sort_by(|a, b| {
        (&a.customer_id, a.invoice_date, &a.document).cmp(&(&b.customer_id, b.invoice_date, &b.document))
    });
    rows
}

fn invoice(rng: &mut Rng, as_of: NaiveDate, code: &str, name: &str, terms: Terms, typical_net_euros: i64) -> Row {
    let age = match rng.below(100) {
        0..=49 => rng.between(1, 50),
        50..=79 => rng.between(51, 120),
        _ => rng.between(121, 300),
    };
    let invoice_date = add_days(as_of, -age);
    let mut net_cents = typical_net_euros * rng.between(50, 160);
    if rng.percent(40) {
        net_cents += rng.between(1, 99);
    }
    let amount = with_vat(cents(net_cents), 20);
    let paid = if rng.percent(15) {
        (amount * Decimal::from(rng.between(20, 60)) / Decimal::ONE_HUNDRED).trunc()
    } else {
        Decimal::ZERO
    };
    Row {
        customer_id: code.into(),
        customer_name: name.into(),
        document: String::new(),
        invoice_date,
        due_date: terms.due_date(invoice_date),
        amount,
        paid,
        paid_date: None,
        disputed: false,
    }
}

/// Invoices ("FA") and credit notes ("AV") are numbered in date order, each in its own series.
fn number(rows: &mut [Row]) {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&index| (rows[index].invoice_date, rows[index].customer_id.clone()));
    let (mut invoices, mut credit_notes) = (1200, 40);
    for index in order {
        let row = &mut rows[index];
        let year = row.invoice_date.year();
        row.document = if row.is_credit_note() {
            credit_notes += 1;
            format!("AV{year}-{credit_notes:04}")
        } else {
            invoices += 3;
            format!("FA{year}-{invoices:05}")
        };
    }
}

/// How a column writes negative amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Negative {
    /// "-1 234,00"
    Leading,
    /// "(1 234,00)"
    Parentheses,
    /// "1 234,00-"
    Trailing,
}

/// How a column writes amounts.
#[derive(Debug, Clone, Copy)]
pub struct AmountStyle {
    /// The thousands separator.
    pub thousands: char,
    /// Whether " €" follows the number.
    pub euro: bool,
    /// How negatives are shown.
    pub negative: Negative,
}

const NBSP: char = '\u{a0}';

/// "Montant TTC": no-break spaces, euro sign, negatives in parentheses.
pub const GROSS_STYLE: AmountStyle = AmountStyle {
    thousands: NBSP,
    euro: true,
    negative: Negative::Parentheses,
};
/// "Montant réglé": no-break spaces, euro sign.
pub const PAID_STYLE: AmountStyle = AmountStyle {
    thousands: NBSP,
    euro: true,
    negative: Negative::Leading,
};
/// "Reste dû": plain spaces, no symbol, trailing minus.
pub const OPEN_STYLE: AmountStyle = AmountStyle {
    thousands: ' ',
    euro: false,
    negative: Negative::Trailing,
};

/// An amount as French software prints it, e.g. "12 345,60 €".
pub fn french_amount(amount: Decimal, style: AmountStyle) -> String {
    let plain = format_cents(amount.abs());
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, "00"));
    let mut grouped = String::new();
    for (position, digit) in whole.chars().enumerate() {
        if position > 0 && (whole.len() - position) % 3 == 0 {
            grouped.push(style.thousands);
        }
        grouped.push(digit);
    }
    let mut text = format!("{grouped},{fraction}");
    if style.euro {
        text.push(NBSP);
        text.push('€');
    }
    if amount >= Decimal::ZERO {
        return text;
    }
    match style.negative {
        Negative::Leading => format!("-{text}"),
        Negative::Parentheses => format!("({text})"),
        Negative::Trailing => format!("{text}-"),
    }
}

fn french_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// The export as Windows-1252 bytes.
pub fn write_csv(rows: &[Row], as_of: NaiveDate) -> Result<Vec<u8>, SampleError> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let padded = |first: String| {
        let mut record = vec![first];
        record.resize(HEADERS.len(), String::new());
        record
    };
    writer.write_record(padded(format!("Balance âgée clients au {}", french_date(as_of))))?;
    writer.write_record(padded(format!("Société : {COMPANY}")))?;
    writer.write_record(padded(String::new()))?;
    writer.write_record(HEADERS)?;
    let (mut gross, mut paid, mut open) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for row in rows {
        writer.write_record([
            row.customer_id.clone(),
            row.customer_name.clone(),
            row.document.clone(),
            french_date(row.invoice_date),
            french_date(row.due_date),
            french_amount(row.amount, GROSS_STYLE),
            french_amount(row.paid, PAID_STYLE),
            french_amount(row.open(), OPEN_STYLE),
        ])?;
        gross += row.amount;
        paid += row.paid;
        open += row.open();
    }
    writer.write_record([
        "Total général".to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        french_amount(gross, GROSS_STYLE),
        french_amount(paid, PAID_STYLE),
        french_amount(open, OPEN_STYLE),
    ])?;
    let utf8 = writer
        .into_inner()
        .map_err(|error| SampleError::Csv(error.into_error().into()))?;
    let text = String::from_utf8_lossy(&utf8);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    if unmappable {
        return Err(SampleError::NotWindows1252(text.into_owned()));
    }
    Ok(bytes.into_owned())
}

/// The sample and its expected figures.
pub fn generate(as_of: NaiveDate) -> Result<Generated, SampleError> {
    let rows = rows(as_of);
    let bytes = write_csv(&rows, as_of)?;
    let expected = Expected::of_rows(&rows, as_of, "EUR");
    Ok(Generated {
        file_name: FILE_NAME,
        bytes,
        expected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AS_OF;

    #[test]
    fn amounts_are_written_the_french_way() {
        assert_eq!(french_amount(cents(1_234_560), GROSS_STYLE), "12\u{a0}345,60\u{a0}€");
        assert_eq!(french_amount(cents(-85_000), GROSS_STYLE), "(850,00\u{a0}€)");
        assert_eq!(french_amount(cents(-31_200), OPEN_STYLE), "312,00-");
        assert_eq!(french_amount(cents(123_456_789), OPEN_STYLE), "1 234 567,89");
        assert_eq!(french_amount(cents(-5), PAID_STYLE), "-0,05\u{a0}€");
        assert_eq!(french_amount(Decimal::ZERO, PAID_STYLE), "0,00\u{a0}€");
    }

    #[test]
    fn end_of_month_terms() {
        let invoice_date = NaiveDate::from_ymd_opt(2026, 9, 20).unwrap();
        assert_eq!(
            Terms::EndOfMonth(45).due_date(invoice_date),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        );
    }

    #[test]
    fn the_file_is_windows_1252_with_every_quirk() {
        let rows = rows(AS_OF);
        let bytes = write_csv(&rows, AS_OF).unwrap();
        assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
        assert!(bytes.contains(&0x80), "a euro sign in Windows-1252");
        assert!(bytes.contains(&0xA0), "a no-break space");
        let (text, _, bad) = encoding_rs::WINDOWS_1252.decode(&bytes);
        assert!(!bad);
        let lines: Vec<&str> = text.split("\r\n").filter(|line| !line.is_empty()).collect();
        assert_eq!(lines.len(), rows.len() + 5);
        assert!(lines[0].starts_with("Balance âgée clients au 31/10/2026"));
        assert_eq!(lines[3], HEADERS.join(";"));
        assert!(lines.last().unwrap().starts_with("Total général;"));
        assert!(text.contains("\u{a0}€)"), "a negative in parentheses");
        assert!(
            text.lines().any(|line| line.ends_with("-\r") || line.ends_with('-')),
            "a trailing minus"
        );
        assert!(
            rows.iter().any(|row| row.amount.abs() >= cents(1_000_000)),
            "an amount above 10 000"
        );
    }

    #[test]
    fn shape() {
        let rows = rows(AS_OF);
        assert!((60..=90).contains(&rows.len()), "{} rows", rows.len());
        assert_eq!(rows.iter().filter(|row| row.is_credit_note()).count(), 2);
        assert!(rows.iter().filter(|row| !row.paid.is_zero()).count() >= 4);
        let documents: std::collections::BTreeSet<&str> = rows.iter().map(|row| row.document.as_str()).collect();
        assert_eq!(documents.len(), rows.len());
    }
}
