//! Numbers, amounts and durations written the way each language reads them ("1.234,50" in Dutch,
//! "1 234,50" in French, "1,234.50" in English), for the sentences of the analysis.

use crate::lang::Lang;
use crate::money::format_cents;
use rust_decimal::Decimal;

/// A number with `decimals` decimals, with the language's decimal mark (no thousands separator).
pub fn number(value: f64, decimals: usize, lang: Lang) -> String {
    let text = format!("{value:.decimals$}");
    let text = if text.starts_with('-') && text.trim_start_matches(['-', '0', '.']).is_empty() {
        text.trim_start_matches('-').to_string()
    } else {
        text
    };
    match lang {
        Lang::En => text,
        Lang::Nl | Lang::Fr => text.replace('.', ","),
    }
}

/// A whole number of days ("12 days", "12 dagen", "12 jours"; "1 day").
pub fn days(value: i64, lang: Lang) -> String {
    let unit = match (lang, value.abs() == 1) {
        (Lang::Nl, true) => "dag",
        (Lang::Nl, false) => "dagen",
        (Lang::Fr, true) => "jour",
        (Lang::Fr, false) => "jours",
        (Lang::En, true) => "day",
        (Lang::En, false) => "days",
    };
    format!("{value} {unit}")
}

/// A fraction as a percentage with one decimal ("15.0%", "15,0 %" in French).
pub fn percent(fraction: f64, lang: Lang) -> String {
    let value = number(fraction * 100.0, 1, lang);
    match lang {
        Lang::Fr => format!("{value} %"),
        Lang::Nl | Lang::En => format!("{value}%"),
    }
}

/// An amount with two decimals, thousands grouped, and the currency code after it.
pub fn amount(value: Decimal, currency: &str, lang: Lang) -> String {
    let plain = format_cents(value);
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (whole, cents) = digits.split_once('.').unwrap_or((digits, "00"));
    let (group, mark) = match lang {
        Lang::Nl => ('.', ','),
        Lang::Fr => (' ', ','),
        Lang::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped}{mark}{cents} {currency}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn amounts_read_as_each_language_writes_them() {
        assert_eq!(amount(dec!(1234567.5), "EUR", Lang::En), "1,234,567.50 EUR");
        assert_eq!(amount(dec!(1234567.5), "EUR", Lang::Nl), "1.234.567,50 EUR");
        assert_eq!(amount(dec!(-1234.5), "EUR", Lang::Fr), "-1 234,50 EUR");
        assert_eq!(amount(dec!(12), "USD", Lang::En), "12.00 USD");
    }

    #[test]
    fn numbers_days_and_percentages() {
        assert_eq!(number(73.666, 1, Lang::Nl), "73,7");
        assert_eq!(number(-0.01, 1, Lang::En), "0.0");
        assert_eq!(days(1, Lang::Fr), "1 jour");
        assert_eq!(days(-12, Lang::En), "-12 days");
        assert_eq!(percent(0.372, Lang::Fr), "37,2 %");
        assert_eq!(percent(0.15, Lang::En), "15.0%");
    }
}
