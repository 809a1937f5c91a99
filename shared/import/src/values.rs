//! Cell values as exports write them: dates as date cells, serials or text in several orders, amounts
//! as numbers or text with thousands separators, decimal commas, currency signs and accounting negatives.

use chrono::{Days, NaiveDate};
use credit_core::lang::Lang;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The order of day and month in text dates with two small numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// 31/10/2026, 31-10-2026, 31.10.2026
    DayFirst,
    /// 10/31/2026
    MonthFirst,
}

impl DateOrder {
    /// How the order is named in messages.
    pub fn pattern(self) -> &'static str {
        match self {
            DateOrder::DayFirst => "dd/mm/yyyy",
            DateOrder::MonthFirst => "mm/dd/yyyy",
        }
    }
}

/// What the text dates of a sheet say about their order.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateEvidence {
    /// A date whose first number can only be a day (> 12).
    pub day_first: usize,
    /// A date whose second number can only be a day (> 12).
    pub month_first: usize,
    /// Dates with two numbers of 12 or less: either order reads them.
    pub ambiguous: usize,
}

impl DateEvidence {
    /// Adds what one text says.
    pub fn observe(&mut self, text: &str) {
        if let Some(DateParts::Numeric { first, second, .. }) = split_date(text) {
            match (first > 12, second > 12) {
                (true, false) => self.day_first += 1,
                (false, true) => self.month_first += 1,
                (false, false) => self.ambiguous += 1,
                (true, true) => {}
            }
        }
    }

    /// The order to read with, and whether it had to be assumed.
    pub fn decide(&self, lang: Option<Lang>) -> (DateOrder, bool) {
        if self.month_first > self.day_first {
            (DateOrder::MonthFirst, false)
        } else if self.day_first > 0 {
            (DateOrder::DayFirst, false)
        } else {
            // Only English-speaking (American) exports write the month first; Dutch and French never do.
            let assumed = self.ambiguous > 0 && matches!(lang, Some(Lang::En) | None);
            (DateOrder::DayFirst, assumed)
        }
    }
}

enum DateParts {
    Numeric { first: u32, second: u32, year: i32 },
    YearFirst { year: i32, month: u32, day: u32 },
    Named { day: u32, month: u32, year: i32 },
}

/// Reads a text date in the given order for day-month-year texts.
pub fn parse_text_date(text: &str, order: DateOrder) -> Option<NaiveDate> {
    let date = match split_date(text)? {
        DateParts::YearFirst { year, month, day } => NaiveDate::from_ymd_opt(year, month, day),
        DateParts::Named { day, month, year } => NaiveDate::from_ymd_opt(year, month, day),
        DateParts::Numeric { first, second, year } => match order {
            DateOrder::DayFirst => NaiveDate::from_ymd_opt(year, second, first),
            DateOrder::MonthFirst => NaiveDate::from_ymd_opt(year, first, second),
        },
    }?;
    plausible(date)
}

fn split_date(text: &str) -> Option<DateParts> {
    // A time after the date ("2026-10-31 00:00:00", "31/10/2026 14:05") is not part of it.
    let text = text.trim();
    let date_part = text.split(['T', ' ']).next().unwrap_or(text);
    let date_part = if date_part.chars().filter(|c| c.is_ascii_digit()).count() >= 4 && date_part.len() >= 6 {
        date_part
    } else {
        text
    };
    let parts: Vec<&str> = date_part
        .split(['-', '/', '.', ' '])
        .filter(|part| !part.is_empty())
        .collect();
    if parts.len() != 3 {
        return None;
    }
    let number = |part: &str| -> Option<u32> {
        (part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    if parts[0].len() == 4 {
        return Some(DateParts::YearFirst {
            year: number(parts[0])? as i32,
            month: number(parts[1])?,
            day: number(parts[2])?,
        });
    }
    let year = year_of(parts[2])?;
    let first = number(parts[0])?;
    if let Some(month) = month_named(parts[1]) {
        return Some(DateParts::Named {
            day: first,
            month,
            year,
        });
    }
    Some(DateParts::Numeric {
        first,
        second: number(parts[1])?,
        year,
    })
}

fn year_of(part: &str) -> Option<i32> {
    if !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = part.parse().ok()?;
    match part.len() {
        4 => Some(year),
        // Two-digit years: 00-69 are this century, as Excel reads them.
        2 => Some(if year < 70 { 2000 + year } else { 1900 + year }),
        _ => None,
    }
}

fn month_named(part: &str) -> Option<u32> {
    let lower: String = part.to_lowercase().replace(['é', 'è'], "e").replace('û', "u");
    let lower = lower.trim_end_matches('.');
    if lower.len() < 3 || !lower.chars().all(char::is_alphabetic) {
        return None;
    }
    let month = match lower {
        m if m.starts_with("jan") => 1,
        m if m.starts_with("feb") || m.starts_with("fev") => 2,
        m if m.starts_with("mrt") || m.starts_with("maa") || m.starts_with("mar") || m.starts_with("mär") => 3,
        m if m.starts_with("apr") || m.starts_with("avr") => 4,
        m if m.starts_with("mei") || m.starts_with("mai") || m.starts_with("may") => 5,
        m if m.starts_with("juin") || m.starts_with("jun") => 6,
        m if m.starts_with("juil") || m.starts_with("jul") => 7,
        m if m.starts_with("aug") || m.starts_with("aou") => 8,
        m if m.starts_with("sep") => 9,
        m if m.starts_with("okt") || m.starts_with("oct") => 10,
        m if m.starts_with("nov") => 11,
        m if m.starts_with("dec") || m.starts_with("dez") => 12,
        _ => return None,
    };
    Some(month)
}

/// A spreadsheet serial day number as a date (1900 system, or 1904 on old Mac workbooks).
pub fn serial_date(serial: Decimal, date1904: bool) -> Option<NaiveDate> {
    let days = serial.trunc();
    if days < Decimal::ONE || days > Decimal::from(2_958_465) {
        return None;
    }
    let days = u64::try_from(days).ok()?;
    // 1899-12-30 absorbs Excel's phantom 29 February 1900 for every date after it.
    let epoch = if date1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    plausible(epoch.checked_add_days(Days::new(days))?)
}

/// Ledger dates outside 1950..2200 are typing errors, not dates.
fn plausible(date: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    (1950..=2200).contains(&date.year()).then_some(date)
}

/// Which character separates the decimals in a column of text amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalMark {
    /// 1.234,56
    Comma,
    /// 1,234.56
    Point,
}

/// What the text amounts of a column say about their decimal mark.
#[derive(Debug, Clone, Copy, Default)]
pub struct AmountEvidence {
    comma: usize,
    point: usize,
}

impl AmountEvidence {
    /// Adds what one text says.
    pub fn observe(&mut self, text: &str) {
        let digits_and_marks: String = text
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .collect();
        let last_comma = digits_and_marks.rfind(',');
        let last_point = digits_and_marks.rfind('.');
        match (last_comma, last_point) {
            (Some(comma), Some(point)) => {
                if comma > point {
                    self.comma += 1
                } else {
                    self.point += 1
                }
            }
            (Some(comma), None) => {
                let after = digits_and_marks.len() - comma - 1;
                if after != 3 || digits_and_marks.matches(',').count() > 1 {
                    // "12,5" or "12,50" is a decimal comma; "1,234,567" has comma thousands.
                    if digits_and_marks.matches(',').count() > 1 {
                        self.point += 1
                    } else {
                        self.comma += 1
                    }
                }
            }
            (None, Some(point)) => {
                let after = digits_and_marks.len() - point - 1;
                if digits_and_marks.matches('.').count() > 1 {
                    self.comma += 1
                } else if after != 3 {
                    self.point += 1
                }
            }
            (None, None) => {}
        }
    }

    /// The mark to read with: the evidence, else the language's habit.
    pub fn decide(&self, lang: Option<Lang>) -> DecimalMark {
        use std::cmp::Ordering::*;
        match self.comma.cmp(&self.point) {
            Greater => DecimalMark::Comma,
            Less => DecimalMark::Point,
            // Dutch, French and German write a decimal comma; English and the unknown a point.
            Equal if matches!(lang, Some(Lang::Nl | Lang::Fr)) => DecimalMark::Comma,
            Equal => DecimalMark::Point,
        }
    }
}

/// A text amount and the currency its sign or code names.
#[derive(Debug, Clone, PartialEq)]
pub struct TextAmount {
    /// The signed amount.
    pub value: Decimal,
    /// ISO 4217 code from "€", "$", "£", "EUR", ... when present.
    pub currency: Option<&'static str>,
}

const CURRENCIES: [(&str, &str); 12] = [
    ("€", "EUR"),
    ("EUR", "EUR"),
    ("EURO", "EUR"),
    ("$", "USD"),
    ("USD", "USD"),
    ("US$", "USD"),
    ("£", "GBP"),
    ("GBP", "GBP"),
    ("CHF", "CHF"),
    ("FR.", "CHF"),
    ("DKK", "DKK"),
    ("SEK", "SEK"),
];

/// Reads "1.234,56 €", "€ -1 234,56", "(123,45)", "123,45-", "1,234.56 CR", "USD 12.5".
pub fn parse_text_amount(text: &str, mark: DecimalMark) -> Option<TextAmount> {
    let mut rest = text.trim().to_uppercase();
    let mut currency = None;
    for (sign, code) in CURRENCIES {
        if let Some(position) = rest.find(sign) {
            // A code glued to letters ("EUROPE") is not a currency.
            let before_ok = rest[..position].chars().last().is_none_or(|c| !c.is_alphabetic());
            let after_ok = rest[position + sign.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphabetic());
            if before_ok && after_ok {
                currency = Some(code);
                rest.replace_range(position..position + sign.len(), " ");
                break;
            }
        }
    }
    let mut negative = false;
    let mut body = rest.trim().to_owned();
    if body.starts_with('(') && body.ends_with(')') {
        negative = true;
        body = body[1..body.len() - 1].trim().to_owned();
    }
    for suffix in [" CR", "CR"] {
        if let Some(stripped) = body.strip_suffix(suffix) {
            negative = !negative;
            body = stripped.trim().to_owned();
            break;
        }
    }
    if let Some(stripped) = body.strip_suffix(" DR").or_else(|| body.strip_suffix("DR")) {
        body = stripped.trim().to_owned();
    }
    if let Some(stripped) = body.strip_suffix('-') {
        negative = !negative;
        body = stripped.trim().to_owned();
    }
    if let Some(stripped) = body.strip_prefix('-').or_else(|| body.strip_prefix('\u{2212}')) {
        negative = !negative;
        body = stripped.trim().to_owned();
    } else if let Some(stripped) = body.strip_prefix('+') {
        body = stripped.trim().to_owned();
    }
    // A currency sign between the minus and the number: "-€ 12".
    if currency.is_some() {
        if let Some(stripped) = body.strip_prefix('-') {
            negative = !negative;
            body = stripped.trim().to_owned();
        }
    }
    let (thousands, decimal) = match mark {
        DecimalMark::Comma => ('.', ','),
        DecimalMark::Point => (',', '.'),
    };
    let mut plain = String::with_capacity(body.len());
    for c in body.chars() {
        match c {
            '0'..='9' => plain.push(c),
            c if c == decimal => plain.push('.'),
            c if c == thousands || c == ' ' || c == '\u{a0}' || c == '\u{202f}' || c == '\'' || c == '\u{2009}' => {}
            _ => return None,
        }
    }
    if plain.is_empty() || plain == "." || plain.matches('.').count() > 1 {
        return None;
    }
    let value = Decimal::from_str(&plain).ok()?;
    Some(TextAmount {
        value: if negative { -value } else { value },
        currency,
    })
}

/// A whole number of days, from a number or a text like "30", "30 dagen", "net 30", "30 jours fin de mois".
pub fn parse_days(text: &str) -> Option<u32> {
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok().filter(|days| *days <= 3650)
}

/// A yes/no cell: anything but an explicit no (or nothing) counts as yes, because exports put a note there.
pub fn parse_flag(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    !matches!(
        lower.as_str(),
        "" | "0" | "n" | "nee" | "no" | "non" | "nein" | "false" | "onwaar" | "faux" | "-" | "none"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn amount(text: &str, mark: DecimalMark) -> Option<Decimal> {
        parse_text_amount(text, mark).map(|amount| amount.value)
    }

    #[test]
    fn amounts_in_every_shape() {
        use DecimalMark::*;
        assert_eq!(amount("1.234,56", Comma), Some(dec!(1234.56)));
        assert_eq!(amount("1 234,56 €", Comma), Some(dec!(1234.56)));
        assert_eq!(amount("1\u{a0}234,56", Comma), Some(dec!(1234.56)));
        assert_eq!(amount("1\u{202f}234,56", Comma), Some(dec!(1234.56)));
        assert_eq!(amount("€ 1.234,56", Comma), Some(dec!(1234.56)));
        assert_eq!(amount("(123,45)", Comma), Some(dec!(-123.45)));
        assert_eq!(amount("(1 809,60 €)", Comma), Some(dec!(-1809.60)));
        assert_eq!(amount("123,45-", Comma), Some(dec!(-123.45)));
        assert_eq!(amount("1,234.56", Point), Some(dec!(1234.56)));
        assert_eq!(amount("$1,234.56", Point), Some(dec!(1234.56)));
        assert_eq!(amount("-$12.50", Point), Some(dec!(-12.50)));
        assert_eq!(amount("1,234.56 CR", Point), Some(dec!(-1234.56)));
        assert_eq!(amount("EUR 12", Point), Some(dec!(12)));
        assert_eq!(amount("−12,5", Comma), Some(dec!(-12.5)));
        assert_eq!(amount("twelve", Point), None);
        assert_eq!(amount("1.2.3", Point), None);
        assert_eq!(
            parse_text_amount("12,00 €", Comma).and_then(|a| a.currency),
            Some("EUR")
        );
        assert_eq!(parse_text_amount("£5", Point).and_then(|a| a.currency), Some("GBP"));
    }

    #[test]
    fn the_decimal_mark_comes_from_the_column() {
        let mut evidence = AmountEvidence::default();
        for text in ["1.234", "12,5", "3.000"] {
            evidence.observe(text);
        }
        assert_eq!(evidence.decide(Some(Lang::En)), DecimalMark::Comma);
        let mut evidence = AmountEvidence::default();
        evidence.observe("1,234");
        assert_eq!(evidence.decide(Some(Lang::En)), DecimalMark::Point);
        assert_eq!(evidence.decide(Some(Lang::Nl)), DecimalMark::Comma);
    }

    #[test]
    fn dates_in_every_order() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_text_date("31-10-2026", DateOrder::DayFirst), day(2026, 10, 31));
        assert_eq!(parse_text_date("31/10/2026", DateOrder::DayFirst), day(2026, 10, 31));
        assert_eq!(parse_text_date("1.2.2026", DateOrder::DayFirst), day(2026, 2, 1));
        assert_eq!(parse_text_date("2026-10-31", DateOrder::MonthFirst), day(2026, 10, 31));
        assert_eq!(
            parse_text_date("2026-10-31 00:00:00", DateOrder::DayFirst),
            day(2026, 10, 31)
        );
        assert_eq!(parse_text_date("10/31/2026", DateOrder::MonthFirst), day(2026, 10, 31));
        assert_eq!(parse_text_date("31-okt-2026", DateOrder::MonthFirst), day(2026, 10, 31));
        assert_eq!(parse_text_date("3 févr. 2026", DateOrder::DayFirst), day(2026, 2, 3));
        assert_eq!(parse_text_date("31/10/26", DateOrder::DayFirst), day(2026, 10, 31));
        assert_eq!(parse_text_date("31/13/2026", DateOrder::DayFirst), None);
        assert_eq!(parse_text_date("soon", DateOrder::DayFirst), None);
    }

    #[test]
    fn date_order_is_decided_by_the_evidence_then_the_language() {
        let mut evidence = DateEvidence::default();
        for text in ["1/2/2026", "10/31/2026"] {
            evidence.observe(text);
        }
        assert_eq!(evidence.decide(Some(Lang::Nl)), (DateOrder::MonthFirst, false));
        let mut evidence = DateEvidence::default();
        evidence.observe("01/02/2026");
        assert_eq!(evidence.decide(Some(Lang::Fr)), (DateOrder::DayFirst, false));
        assert_eq!(evidence.decide(Some(Lang::En)), (DateOrder::DayFirst, true));
    }

    #[test]
    fn serials_in_both_date_systems() {
        assert_eq!(serial_date(dec!(46326), false), NaiveDate::from_ymd_opt(2026, 10, 31));
        assert_eq!(serial_date(dec!(44864), true), NaiveDate::from_ymd_opt(2026, 10, 31));
        assert_eq!(serial_date(dec!(0), false), None);
        assert_eq!(serial_date(dec!(12.5), false), None);
    }

    #[test]
    fn days_and_flags() {
        assert_eq!(parse_days("30 dagen"), Some(30));
        assert_eq!(parse_days("Net 45"), Some(45));
        assert_eq!(parse_days("contant"), None);
        assert!(parse_flag("ja"));
        assert!(parse_flag("klant betwist levering"));
        assert!(!parse_flag("nee"));
        assert!(!parse_flag(""));
    }
}
