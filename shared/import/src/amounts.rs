//! Amounts typed as text: thousands separators (. , space, NBSP, narrow NBSP, apostrophe), a decimal
//! comma or point decided per column, currency signs and codes before or after, and the accounting
//! negatives "(123,45)", "123,45-" and "123,45 CR". Nothing here allocates: a million cells go by fast.

use credit_core::lang::Lang;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Which character separates the decimals in a column of text amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalMark {
    /// 1.234,56
    Comma,
    /// 1,234.56
    Point,
}

/// What the text amounts of a column say about their decimal mark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AmountEvidence {
    comma: usize,
    point: usize,
}

impl AmountEvidence {
    /// Adds what one text says: the last mark is the decimal one when both occur; a lone mark followed
    /// by other than three digits is decimal ("12,5"); a mark that repeats groups thousands ("1.234.567").
    pub fn observe(&mut self, text: &str) {
        let (mut commas, mut points) = (0usize, 0usize);
        let mut last: Option<u8> = None;
        let mut digits_after_last = 0usize;
        for byte in text.bytes() {
            match byte {
                b'0'..=b'9' => digits_after_last += 1,
                b',' | b'.' => {
                    if byte == b',' {
                        commas += 1;
                    } else {
                        points += 1;
                    }
                    last = Some(byte);
                    digits_after_last = 0;
                }
                _ => {}
            }
        }
        let Some(last) = last else { return };
        let (same, other) = if last == b',' {
            (commas, points)
        } else {
            (points, commas)
        };
        let decimal = if other > 0 {
            Some(last)
        } else if same > 1 {
            // The repeated mark groups thousands, so the other one is the decimal mark.
            Some(if last == b',' { b'.' } else { b',' })
        } else if digits_after_last != 3 {
            Some(last)
        } else {
            // "1.234" or "1,234": either reading is possible.
            None
        };
        match decimal {
            Some(b',') => self.comma += 1,
            Some(_) => self.point += 1,
            None => {}
        }
    }

    /// The mark to read with: the evidence, else the language's habit.
    pub fn decide(&self, lang: Option<Lang>) -> DecimalMark {
        use std::cmp::Ordering::*;
        match self.comma.cmp(&self.point) {
            Greater => DecimalMark::Comma,
            Less => DecimalMark::Point,
            // Dutch and French write a decimal comma; English and the unknown a point.
            Equal if matches!(lang, Some(Lang::Nl | Lang::Fr)) => DecimalMark::Comma,
            Equal => DecimalMark::Point,
        }
    }
}

/// A text amount and the currency its sign or code names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextAmount {
    /// The signed amount.
    pub value: Decimal,
    /// ISO 4217 code from "€", "$", "£", "EUR", ... when present.
    pub currency: Option<&'static str>,
}

/// Signs and codes, longest first so that "US$" wins over "$".
const CURRENCIES: [(&str, &str); 18] = [
    ("EURO", "EUR"),
    ("US$", "USD"),
    ("EUR", "EUR"),
    ("USD", "USD"),
    ("GBP", "GBP"),
    ("CHF", "CHF"),
    ("DKK", "DKK"),
    ("SEK", "SEK"),
    ("NOK", "NOK"),
    ("PLN", "PLN"),
    ("CZK", "CZK"),
    ("CAD", "CAD"),
    ("AUD", "AUD"),
    ("JPY", "JPY"),
    ("€", "EUR"),
    ("$", "USD"),
    ("£", "GBP"),
    ("¥", "JPY"),
];

/// An amount as the analysis may use it: rounded to six decimals (as [`credit_core::money::decimal_from_f64`]
/// rounds spreadsheet numbers), and below a thousand trillion (10^15) either way; `None` otherwise.
///
/// Why a bound, when a `Decimal` holds 28 digits: the analysis adds a ledger's amounts up, multiplies
/// them by days and divides one by another, and `Decimal` arithmetic panics on overflow. Two amounts of
/// 28 nines overflow a sum, and a revenue of 0.000...1 last year overflows the growth ratio. No invoice in
/// any currency reaches 10^15, and with six decimals the smallest non-zero amount is 10^-6, so that sums
/// of millions of rows, times the days between 1950 and 9999, and their ratios stay far inside a
/// `Decimal`. Like a date outside 1950..2200, an amount outside the bound is a typing error.
pub fn plausible_amount(value: Decimal) -> Option<Decimal> {
    let rounded = value.round_dp_with_strategy(6, rust_decimal::RoundingStrategy::MidpointNearestEven);
    (rounded.abs() < Decimal::from(1_000_000_000_000_000_i64)).then_some(rounded)
}

/// The longest amount we read: 28 significant digits is all a Decimal holds anyway.
const MAX_DIGITS: usize = 40;

/// Reads "1.234,56 €", "€ -1 234,56", "(123,45)", "123,45-", "1,234.56 CR", "USD 12.5".
pub fn parse_text_amount(text: &str, mark: DecimalMark) -> Option<TextAmount> {
    let mut body = text.trim();
    let mut minus_signs = 0;
    let mut currency = None;
    let mut parentheses = false;
    loop {
        let before = body.len();
        if !parentheses {
            if let Some(inner) = body.strip_prefix('(').and_then(|rest| rest.strip_suffix(')')) {
                parentheses = true;
                minus_signs += 1;
                body = inner.trim();
            }
        }
        if let Some(rest) = body.strip_prefix(['-', '\u{2212}']) {
            minus_signs += 1;
            body = rest.trim_start();
        } else if let Some(rest) = body.strip_prefix('+') {
            body = rest.trim_start();
        }
        // "1.000,-" and "250.-" are whole amounts (",-" for ",00"), not negatives.
        if let Some(rest) = body.strip_suffix(",-").or_else(|| body.strip_suffix(".-")) {
            if rest.ends_with(|c: char| c.is_ascii_digit()) {
                body = rest;
                continue;
            }
        }
        if let Some(rest) = body.strip_suffix(['-', '\u{2212}']) {
            minus_signs += 1;
            body = rest.trim_end();
        }
        if let Some(rest) = strip_word_suffix(body, "CR") {
            minus_signs += 1;
            body = rest;
        } else if let Some(rest) = strip_word_suffix(body, "DR") {
            body = rest;
        }
        if currency.is_none() {
            if let Some((code, rest)) = strip_currency(body) {
                currency = Some(code);
                body = rest;
            }
        }
        if body.len() == before {
            break;
        }
    }
    if minus_signs > 1 {
        return None;
    }
    let value = parse_digits(body, mark)?;
    Some(TextAmount {
        value: if minus_signs == 1 { -value } else { value },
        currency,
    })
}

/// The number itself: digits, one decimal mark, and thousands separators each followed by three digits.
fn parse_digits(body: &str, mark: DecimalMark) -> Option<Decimal> {
    let (thousands, decimal) = match mark {
        DecimalMark::Comma => ('.', ','),
        DecimalMark::Point => (',', '.'),
    };
    let mut plain = [0u8; MAX_DIGITS + 1];
    let mut length = 0;
    let mut seen_decimal = false;
    let mut digits = 0usize;
    // Digits since the last thousands separator; `None` before the first one.
    let mut group: Option<usize> = None;
    let mut leading = 0usize;
    for c in body.chars() {
        match c {
            '0'..='9' => {
                // The decimal mark takes a place too: 40 digits, a mark and one more digit is 42.
                *plain.get_mut(length).filter(|_| length < MAX_DIGITS)? = c as u8;
                length += 1;
                digits += 1;
                match (&mut group, seen_decimal) {
                    (Some(count), false) => *count += 1,
                    (None, false) => leading += 1,
                    _ => {}
                }
            }
            c if c == decimal => {
                if seen_decimal || group.is_some_and(|count| count != 3) {
                    return None;
                }
                seen_decimal = true;
                *plain.get_mut(length)? = b'.';
                length += 1;
            }
            c if c == thousands || matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '\u{2019}') => {
                let misplaced = seen_decimal || group.map_or(leading == 0 || leading > 3, |count| count != 3);
                if misplaced {
                    return None;
                }
                group = Some(0);
            }
            _ => return None,
        }
    }
    if digits == 0 || (group.is_some_and(|count| count != 3) && !seen_decimal) {
        return None;
    }
    let plain = std::str::from_utf8(&plain[..length]).ok()?;
    Decimal::from_str(plain).ok()
}

/// `body` without a trailing word (case-insensitive) that stands apart from letters: "12,00 CR", "12CR".
fn strip_word_suffix<'a>(body: &'a str, word: &str) -> Option<&'a str> {
    let cut = body.len().checked_sub(word.len())?;
    let tail = body.get(cut..)?;
    let head = body.get(..cut)?;
    (tail.eq_ignore_ascii_case(word) && !head.ends_with(char::is_alphabetic) && !head.is_empty())
        .then(|| head.trim_end())
}

/// A currency sign or code at either end, not glued to other letters ("EUROPE" is no currency).
fn strip_currency(body: &str) -> Option<(&'static str, &str)> {
    for (sign, code) in CURRENCIES {
        if let Some(head) = body.get(..sign.len()) {
            let rest = &body[sign.len()..];
            if head.eq_ignore_ascii_case(sign) && !rest.starts_with(char::is_alphabetic) {
                return Some((code, rest.trim_start()));
            }
        }
        if let Some(cut) = body.len().checked_sub(sign.len()) {
            if let (Some(tail), Some(rest)) = (body.get(cut..), body.get(..cut)) {
                if tail.eq_ignore_ascii_case(sign) && !rest.ends_with(char::is_alphabetic) {
                    return Some((code, rest.trim_end()));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use DecimalMark::*;

    fn amount(text: &str, mark: DecimalMark) -> Option<Decimal> {
        parse_text_amount(text, mark).map(|amount| amount.value)
    }

    #[test]
    fn thousands_separators_of_every_kind() {
        assert_eq!(amount("1.234,56", Comma), Some(dec!(1234.56)));
        assert_eq!(amount("1 234,56", Comma), Some(dec!(1234.56)));
        assert_eq!(amount("1\u{a0}234,56", Comma), Some(dec!(1234.56)));
        assert_eq!(amount("1\u{202f}234,56", Comma), Some(dec!(1234.56)));
        assert_eq!(amount("1,234.56", Point), Some(dec!(1234.56)));
        assert_eq!(amount("1'234.56", Point), Some(dec!(1234.56)));
        assert_eq!(amount("1.234.567", Comma), Some(dec!(1234567)));
        assert_eq!(amount("1234,5", Comma), Some(dec!(1234.5)));
        assert_eq!(amount("686.34", Point), Some(dec!(686.34)));
    }

    #[test]
    fn currency_signs_and_codes_before_or_after() {
        assert_eq!(amount("1 234,56 €", Comma), Some(dec!(1234.56)));
        assert_eq!(amount("€ 1.234,56", Comma), Some(dec!(1234.56)));
        assert_eq!(amount("€1.234,56", Comma), Some(dec!(1234.56)));
        assert_eq!(amount("$1,234.56", Point), Some(dec!(1234.56)));
        assert_eq!(amount("EUR 12", Point), Some(dec!(12)));
        assert_eq!(amount("12,00EUR", Comma), Some(dec!(12)));
        let currency = |text, mark| parse_text_amount(text, mark).and_then(|amount| amount.currency);
        assert_eq!(currency("12,00 €", Comma), Some("EUR"));
        assert_eq!(currency("£5", Point), Some("GBP"));
        assert_eq!(currency("US$ 5", Point), Some("USD"));
        assert_eq!(currency("12 usd", Point), Some("USD"));
        assert_eq!(currency("12", Point), None);
        assert_eq!(amount("EUROPE 12", Point), None);
    }

    #[test]
    fn accounting_negatives() {
        assert_eq!(amount("(123,45)", Comma), Some(dec!(-123.45)));
        assert_eq!(amount("(1 809,60 €)", Comma), Some(dec!(-1809.60)));
        assert_eq!(amount("123,45-", Comma), Some(dec!(-123.45)));
        assert_eq!(amount("-$12.50", Point), Some(dec!(-12.50)));
        assert_eq!(amount("€ -1 234,56", Comma), Some(dec!(-1234.56)));
        assert_eq!(amount("1,234.56 CR", Point), Some(dec!(-1234.56)));
        assert_eq!(amount("1,234.56 DR", Point), Some(dec!(1234.56)));
        assert_eq!(amount("−12,5", Comma), Some(dec!(-12.5)));
        assert_eq!(amount("+12,5", Comma), Some(dec!(12.5)));
    }

    #[test]
    fn a_dash_for_the_cents_is_a_whole_amount_not_a_negative() {
        assert_eq!(amount("1.000,-", Comma), Some(dec!(1000)));
        assert_eq!(amount("€ 250,-", Comma), Some(dec!(250)));
        assert_eq!(amount("250,- EUR", Comma), Some(dec!(250)));
        assert_eq!(amount("-1.000,-", Comma), Some(dec!(-1000)));
        assert_eq!(amount("1'000.-", Point), Some(dec!(1000)));
        assert_eq!(amount("12,50-", Comma), Some(dec!(-12.50)));
        assert_eq!(amount(",-", Comma), None);
    }

    #[test]
    fn what_is_not_an_amount() {
        for text in [
            "twelve",
            "1.2.3",
            "1,2,3",
            "",
            "-",
            "--5",
            "(5",
            "12,34,56",
            "1.23.456,00",
            "1 2",
            "1e5",
        ] {
            assert_eq!(amount(text, Comma), None, "{text:?} with a decimal comma");
        }
        for text in ["1.2.3", "1,23,456.00", "12.34.56", "1.5.0"] {
            assert_eq!(amount(text, Point), None, "{text:?} with a decimal point");
        }
        let too_long = "9".repeat(60);
        assert_eq!(amount(&too_long, Point), None);
    }

    #[test]
    fn amounts_beyond_any_invoice_or_below_a_millionth_are_not_used_as_they_stand() {
        assert_eq!(
            plausible_amount(dec!(999999999999999.999999)),
            Some(dec!(999999999999999.999999))
        );
        assert_eq!(
            plausible_amount(dec!(-999999999999999.999999)),
            Some(dec!(-999999999999999.999999))
        );
        assert_eq!(plausible_amount(dec!(1000000000000000)), None);
        assert_eq!(plausible_amount(dec!(-1000000000000000)), None);
        assert_eq!(plausible_amount(Decimal::MAX), None);
        assert_eq!(plausible_amount(dec!(0.0000000000000000000000001)), Some(Decimal::ZERO));
        assert_eq!(plausible_amount(dec!(1234.5678905)), Some(dec!(1234.567890)));
    }

    #[test]
    fn the_decimal_mark_comes_from_the_column() {
        let decide = |texts: &[&str], lang| {
            let mut evidence = AmountEvidence::default();
            texts.iter().for_each(|text| evidence.observe(text));
            evidence.decide(lang)
        };
        assert_eq!(decide(&["1.234", "12,5", "3.000"], Some(Lang::En)), Comma);
        assert_eq!(decide(&["1.234.567"], Some(Lang::En)), Comma);
        assert_eq!(decide(&["1,234,567"], Some(Lang::Fr)), Point);
        assert_eq!(decide(&["1,234"], Some(Lang::En)), Point, "undecided: English habit");
        assert_eq!(decide(&["1,234"], Some(Lang::Nl)), Comma, "undecided: Dutch habit");
        assert_eq!(decide(&["1.234,56", "99"], None), Comma);
        assert_eq!(decide(&["12.5"], Some(Lang::Fr)), Point);
    }
}
