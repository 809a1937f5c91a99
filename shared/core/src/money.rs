//! Money handling: every amount is a [`Decimal`], and JSON carries it as a string with two decimals.
//!
//! The one place where a binary float becomes money is [`decimal_from_f64`]: spreadsheet cells store
//! numbers as IEEE doubles, so `1234.1` arrives as `1234.0999999999999`; rounding to the cent there, once,
//! keeps every later sum exact.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds to cents the way accountants expect (half away from zero).
pub fn round_cents(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Converts a spreadsheet number to money: the only f64-to-Decimal conversion of the code base.
///
/// Spreadsheet doubles carry at most 15 significant digits; we keep up to 6 decimals (enough for unit
/// prices and exchange rates) and drop the binary noise below them. Returns `None` for NaN and infinities.
pub fn decimal_from_f64(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    let decimal = Decimal::from_f64_retain(value)?;
    Some(
        decimal
            .round_dp_with_strategy(6, RoundingStrategy::MidpointNearestEven)
            .normalize(),
    )
}

/// Formats an amount with exactly two decimals, as the JSON contract requires ("1234.50").
pub fn format_cents(value: Decimal) -> String {
    let mut rounded = round_cents(value);
    rounded.rescale(2);
    rounded.to_string()
}

/// Serde adapter: `#[serde(with = "money::cents")]` writes "1234.50" and reads any decimal string.
pub mod cents {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};
    use std::str::FromStr;

    /// Writes the amount as a string with two decimals.
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::format_cents(*value))
    }

    /// Reads an amount from a decimal string (or a JSON number, for hand-written files).
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Number(serde_json::Number),
        }
        let text = match Raw::deserialize(deserializer)? {
            Raw::Text(text) => text,
            Raw::Number(number) => number.to_string(),
        };
        Decimal::from_str(&text).map_err(serde::de::Error::custom)
    }
}

/// Serde adapter for `Option<Decimal>` with the same format as [`cents`]; `None` is `null`.
pub mod cents_opt {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `null` or the amount with two decimals.
    pub fn serialize<S: Serializer>(value: &Option<Decimal>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => super::cents::serialize(value, serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Reads `null` or an amount.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Decimal>, D::Error> {
        #[derive(Deserialize)]
        struct Wrapper(#[serde(with = "super::cents")] Decimal);
        Ok(Option::<Wrapper>::deserialize(deserializer)?.map(|Wrapper(value)| value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn float_noise_from_a_spreadsheet_cell_is_dropped() {
        assert_eq!(decimal_from_f64(1234.1), Some(dec!(1234.1)));
        assert_eq!(decimal_from_f64(0.1 + 0.2), Some(dec!(0.3)));
        assert_eq!(decimal_from_f64(-55.94), Some(dec!(-55.94)));
        assert_eq!(decimal_from_f64(f64::NAN), None);
    }

    #[test]
    fn cents_always_have_two_decimals() {
        assert_eq!(format_cents(dec!(12)), "12.00");
        assert_eq!(format_cents(dec!(12.345)), "12.35");
        assert_eq!(format_cents(dec!(-12.345)), "-12.35");
        assert_eq!(format_cents(dec!(0.1)), "0.10");
    }
}
