//! Dates as exports write them: date cells, spreadsheet serials (1900 and 1904 systems) and text in
//! several orders. Day-first or month-first is decided per column from all its values, because a single
//! "13/01/2026" settles a column that a row-by-row reading would have to guess.

use chrono::{Datelike, Days, NaiveDate};
use credit_core::issue::Severity;
use credit_core::lang::Lang;

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

/// A text date split into its parts; only day-month-year texts with two numbers need an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateParts {
    /// "31/10/2026" or "10/31/2026": which number is the day depends on the column.
    Numeric {
        /// The first number.
        first: u32,
        /// The second number.
        second: u32,
        /// The four-digit year.
        year: i32,
    },
    /// A date whose reading does not depend on the order: "2026-10-31", "31-okt-2026", "20261031".
    Exact(NaiveDate),
}

/// What the text dates of a column say about their order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateEvidence {
    /// Dates whose first number can only be a day (> 12).
    pub day_first: usize,
    /// Dates whose second number can only be a day (> 12).
    pub month_first: usize,
    /// Dates with two different numbers of 12 or less: either order reads them, differently.
    pub ambiguous: usize,
}

/// How a column's order was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderDecision {
    /// The order to read with.
    pub order: DateOrder,
    /// `Some` when the values could not decide and the language did: how sure we are.
    pub assumed: Option<Severity>,
}

impl DateEvidence {
    /// Adds what one text says.
    #[cfg(test)]
    pub fn observe(&mut self, text: &str) {
        if let Some(parts) = split_date(text) {
            self.observe_parts(parts);
        }
    }

    /// Adds what one split date says.
    pub fn observe_parts(&mut self, parts: DateParts) {
        if let DateParts::Numeric { first, second, .. } = parts {
            match (first > 12, second > 12) {
                (true, false) => self.day_first += 1,
                (false, true) => self.month_first += 1,
                // 5/5/2026 reads the same either way.
                (false, false) if first != second => self.ambiguous += 1,
                _ => {}
            }
        }
    }

    /// Adds another column's evidence.
    pub fn merge(&mut self, other: &DateEvidence) {
        self.day_first += other.day_first;
        self.month_first += other.month_first;
        self.ambiguous += other.ambiguous;
    }

    fn decisive(&self) -> Option<DateOrder> {
        if self.month_first > self.day_first {
            Some(DateOrder::MonthFirst)
        } else if self.day_first > 0 {
            Some(DateOrder::DayFirst)
        } else {
            None
        }
    }

    /// The order for a column: its own values, else the other date columns of the sheet (`sheet`), else
    /// the language. Dutch and French never write the month first, so that guess is only worth an Info;
    /// English may be British or American, so that one is a Warning.
    pub fn decide(&self, sheet: &DateEvidence, lang: Option<Lang>) -> OrderDecision {
        if let Some(order) = self.decisive().or_else(|| sheet.decisive()) {
            return OrderDecision { order, assumed: None };
        }
        let confidence = match lang {
            Some(Lang::Nl | Lang::Fr) => Severity::Info,
            Some(Lang::En) | None => Severity::Warning,
        };
        let assumed = (self.ambiguous > 0).then_some(confidence);
        OrderDecision {
            order: DateOrder::DayFirst,
            assumed,
        }
    }
}

/// Reads a text date in the given order for day-month-year texts.
pub fn parse_text_date(text: &str, order: DateOrder) -> Option<NaiveDate> {
    match split_date(text)? {
        DateParts::Exact(date) => Some(date),
        DateParts::Numeric { first, second, year } => {
            let (month, day) = match order {
                DateOrder::DayFirst => (second, first),
                DateOrder::MonthFirst => (first, second),
            };
            plausible(NaiveDate::from_ymd_opt(year, month, day)?)
        }
    }
}

/// Splits a text date without allocating: "31/10/2026", "31-10-26", "1.2.2026", "2026-10-31T00:00:00",
/// "31 okt 2026", "Oct 31, 2026", "20261031" and a serial typed as text ("46326").
pub fn split_date(text: &str) -> Option<DateParts> {
    let text = text.trim();
    let bytes = text.as_bytes();
    // ISO first: the commonest machine format, and its time part holds separators of its own.
    if bytes.len() >= 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && (bytes.len() == 10 || matches!(bytes[10], b'T' | b' '))
    {
        let year = number(text.get(..4)?)?;
        let month = number(text.get(5..7)?)?;
        let day = number(text.get(8..10)?)?;
        return exact(i32::try_from(year).ok()?, month, day);
    }
    let mut parts = [""; 3];
    let mut count = 0;
    for token in text
        .split(['-', '/', '.', ' ', ',', '\u{a0}'])
        .filter(|token| !token.is_empty())
    {
        if count == 3 {
            // A time after the date ("31/10/2026 14:05", "10/31/2026 2:05 PM") is not part of it.
            let is_time = token.contains(':') || token.eq_ignore_ascii_case("am") || token.eq_ignore_ascii_case("pm");
            if is_time {
                continue;
            }
            return None;
        }
        parts[count] = token;
        count += 1;
    }
    match count {
        1 => single_number_date(parts[0]),
        3 => three_part_date(parts),
        _ => None,
    }
}

fn three_part_date([a, b, c]: [&str; 3]) -> Option<DateParts> {
    if a.len() == 4 {
        let year = i32::try_from(number(a)?).ok()?;
        return exact(year, number(b)?, number(c)?);
    }
    if let Some(month) = month_named(b) {
        return exact(year_of(c)?, month, number(a)?);
    }
    if let Some(month) = month_named(a) {
        // "Oct 31, 2026"
        return exact(year_of(c)?, month, number(b)?);
    }
    let (first, second, year) = (number(a)?, number(b)?, year_of(c)?);
    if first > 31 || second > 31 {
        return None;
    }
    Some(DateParts::Numeric { first, second, year })
}

/// "20261031" (SAP and friends) or a serial typed as text ("46326").
fn single_number_date(token: &str) -> Option<DateParts> {
    match token.len() {
        8 => {
            let year = i32::try_from(number(token.get(..4)?)?).ok()?;
            exact(year, number(token.get(4..6)?)?, number(token.get(6..)?)?)
        }
        5 => serial_date(i64::from(number(token)?), false).map(DateParts::Exact),
        _ => None,
    }
}

fn exact(year: i32, month: u32, day: u32) -> Option<DateParts> {
    NaiveDate::from_ymd_opt(year, month, day)
        .and_then(plausible)
        .map(DateParts::Exact)
}

/// Digits only, at most 9 of them, so the value fits a u32.
fn number(part: &str) -> Option<u32> {
    if part.is_empty() || part.len() > 9 || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

fn year_of(part: &str) -> Option<i32> {
    let year = i32::try_from(number(part)?).ok()?;
    match part.len() {
        4 => Some(year),
        // Two-digit years: 00-69 are this century, as Excel reads them.
        2 => Some(if year < 70 { 2000 + year } else { 1900 + year }),
        _ => None,
    }
}

/// Month names and abbreviations in Dutch, French, English and German ("okt", "févr.", "March", "Mär").
fn month_named(part: &str) -> Option<u32> {
    let mut letters = [0u8; 4];
    let mut length = 0;
    for c in part.chars() {
        if length == letters.len() {
            break;
        }
        let plain = match c.to_lowercase().next()? {
            'é' | 'è' | 'ê' => 'e',
            'û' | 'ü' => 'u',
            'ä' => 'a',
            c if c.is_ascii_lowercase() => c,
            _ => return None,
        };
        letters[length] = plain as u8;
        length += 1;
    }
    if length < 3 || !part.chars().all(|c| c.is_alphabetic() || c == '.') {
        return None;
    }
    let starts = |prefix: &str| letters[..length].starts_with(prefix.as_bytes());
    let month = if starts("jan") {
        1
    } else if starts("feb") || starts("fev") {
        2
    } else if starts("mrt") || starts("maa") || starts("mar") {
        3
    } else if starts("apr") || starts("avr") {
        4
    } else if starts("mei") || starts("mai") || starts("may") {
        5
    } else if starts("juin") || starts("jun") {
        6
    } else if starts("juil") || starts("jul") {
        7
    } else if starts("aug") || starts("aou") {
        8
    } else if starts("sep") {
        9
    } else if starts("okt") || starts("oct") {
        10
    } else if starts("nov") {
        11
    } else if starts("dec") || starts("dez") {
        12
    } else {
        return None;
    };
    Some(month)
}

/// A spreadsheet serial day number as a date (1900 system, or 1904 on old Mac workbooks). The fraction
/// (the time of day) is dropped.
pub fn serial_date(days: i64, date1904: bool) -> Option<NaiveDate> {
    if !(1..=2_958_465).contains(&days) {
        return None;
    }
    // 1899-12-30 absorbs Excel's phantom 29 February 1900 for every date after it.
    let epoch = if date1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    plausible(epoch.checked_add_days(Days::new(u64::try_from(days).ok()?))?)
}

/// Ledger dates outside 1950..2200 are typing errors (or amounts in the wrong column), not dates.
pub fn plausible(date: NaiveDate) -> Option<NaiveDate> {
    (1950..=2200).contains(&date.year()).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn day_first_texts_with_dashes_slashes_and_dots() {
        assert_eq!(parse_text_date("31-10-2026", DateOrder::DayFirst), day(2026, 10, 31));
        assert_eq!(parse_text_date("31/10/2026", DateOrder::DayFirst), day(2026, 10, 31));
        assert_eq!(parse_text_date("1.2.2026", DateOrder::DayFirst), day(2026, 2, 1));
        assert_eq!(parse_text_date("31/10/26", DateOrder::DayFirst), day(2026, 10, 31));
        assert_eq!(
            parse_text_date(" 31/10/2026 14:05 ", DateOrder::DayFirst),
            day(2026, 10, 31)
        );
    }

    #[test]
    fn iso_and_compact_dates_do_not_depend_on_the_order() {
        for order in [DateOrder::DayFirst, DateOrder::MonthFirst] {
            assert_eq!(parse_text_date("2026-10-31", order), day(2026, 10, 31));
            assert_eq!(parse_text_date("2026-10-31T00:00:00", order), day(2026, 10, 31));
            assert_eq!(parse_text_date("2026-10-31 00:00:00", order), day(2026, 10, 31));
            assert_eq!(parse_text_date("2026/10/31", order), day(2026, 10, 31));
            assert_eq!(parse_text_date("20261031", order), day(2026, 10, 31));
            assert_eq!(
                parse_text_date("46326", order),
                day(2026, 10, 31),
                "a serial typed as text"
            );
        }
    }

    #[test]
    fn month_first_texts() {
        assert_eq!(parse_text_date("10/31/2026", DateOrder::MonthFirst), day(2026, 10, 31));
        assert_eq!(parse_text_date("1/2/2013", DateOrder::MonthFirst), day(2013, 1, 2));
        assert_eq!(
            parse_text_date("10/31/2026 2:05 PM", DateOrder::MonthFirst),
            day(2026, 10, 31)
        );
        assert_eq!(
            parse_text_date("10/31/2026", DateOrder::DayFirst),
            None,
            "no 31st month"
        );
    }

    #[test]
    fn month_names_in_four_languages() {
        assert_eq!(parse_text_date("31-okt-2026", DateOrder::MonthFirst), day(2026, 10, 31));
        assert_eq!(parse_text_date("3 févr. 2026", DateOrder::DayFirst), day(2026, 2, 3));
        assert_eq!(parse_text_date("Oct 31, 2026", DateOrder::DayFirst), day(2026, 10, 31));
        assert_eq!(parse_text_date("1 März 2026", DateOrder::DayFirst), day(2026, 3, 1));
        assert_eq!(parse_text_date("15 mei 2026", DateOrder::DayFirst), day(2026, 5, 15));
    }

    #[test]
    fn what_is_not_a_date() {
        for text in [
            "soon",
            "31/13/2026",
            "",
            "1/2",
            "12345678901",
            "1/2/3/4",
            "99/99/2026",
            "1/1/1800",
        ] {
            assert_eq!(parse_text_date(text, DateOrder::DayFirst), None, "{text}");
        }
    }

    #[test]
    fn the_column_decides_then_the_sheet_then_the_language() {
        let evidence = |texts: &[&str]| {
            let mut evidence = DateEvidence::default();
            texts.iter().for_each(|text| evidence.observe(text));
            evidence
        };
        let none = DateEvidence::default();
        let us = evidence(&["1/2/2026", "10/31/2026"]);
        assert_eq!(us.decide(&none, Some(Lang::Nl)).order, DateOrder::MonthFirst);
        assert_eq!(us.decide(&none, Some(Lang::Nl)).assumed, None);
        let eu = evidence(&["1/2/2026", "31/10/2026"]);
        assert_eq!(eu.decide(&none, Some(Lang::En)).order, DateOrder::DayFirst);

        let undecided = evidence(&["01/02/2026", "03/04/2026"]);
        assert_eq!(
            undecided.decide(&us, Some(Lang::En)),
            OrderDecision {
                order: DateOrder::MonthFirst,
                assumed: None
            },
            "another date column of the sheet settles it"
        );
        assert_eq!(
            undecided.decide(&none, Some(Lang::Fr)),
            OrderDecision {
                order: DateOrder::DayFirst,
                assumed: Some(Severity::Info)
            }
        );
        assert_eq!(
            undecided.decide(&none, None),
            OrderDecision {
                order: DateOrder::DayFirst,
                assumed: Some(Severity::Warning)
            }
        );
        let same_either_way = evidence(&["05/05/2026", "2026-01-02"]);
        assert_eq!(same_either_way.decide(&none, None).assumed, None);
    }

    #[test]
    fn serials_in_both_date_systems() {
        assert_eq!(serial_date(46326, false), day(2026, 10, 31));
        assert_eq!(serial_date(44864, true), day(2026, 10, 31));
        assert_eq!(serial_date(0, false), None);
        assert_eq!(serial_date(12, false), None, "1900 is not a ledger date");
        assert_eq!(serial_date(i64::MAX, false), None);
    }
}
