//! Aging: which bucket an open item falls in, by calendar days past its due date.

use rust_decimal::Decimal;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The bucket label for items not yet due (due today or later).
pub const NOT_DUE: &str = "not_due";

/// The aging buckets: upper bounds in days overdue, e.g. `[30, 60, 90, 120]` gives
/// "not_due", "1-30", "31-60", "61-90", "91-120", "120+".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BucketBounds(Vec<u32>);

/// The error for bucket bounds that do not rise strictly from at least 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("aging buckets must be rising whole numbers of days, at least 1, e.g. [30, 60, 90, 120]; got {0:?}")]
pub struct InvalidBuckets(pub Vec<u32>);

impl Default for BucketBounds {
    fn default() -> Self {
        BucketBounds(vec![30, 60, 90, 120])
    }
}

impl BucketBounds {
    /// Checks that the bounds rise strictly and start at 1 or more.
    pub fn new(bounds: Vec<u32>) -> Result<Self, InvalidBuckets> {
        let rising = bounds.windows(2).all(|pair| pair[0] < pair[1]);
        if bounds.is_empty() || bounds[0] == 0 || !rising {
            return Err(InvalidBuckets(bounds));
        }
        Ok(BucketBounds(bounds))
    }

    /// The bounds in days.
    pub fn bounds(&self) -> &[u32] {
        &self.0
    }

    /// The labels in order, "not_due" first.
    pub fn labels(&self) -> Vec<String> {
        let mut labels = vec![NOT_DUE.to_string()];
        let mut lower = 1;
        for &upper in &self.0 {
            labels.push(format!("{lower}-{upper}"));
            lower = upper + 1;
        }
        labels.push(format!("{}+", self.0.last().copied().unwrap_or(0)));
        labels
    }

    /// The index of the bucket for an item `days_overdue` past due (0 or less: not due).
    pub fn index_of(&self, days_overdue: i64) -> usize {
        if days_overdue <= 0 {
            return 0;
        }
        1 + self
            .0
            .iter()
            .take_while(|&&upper| days_overdue > i64::from(upper))
            .count()
    }

    /// Empty amounts for every bucket.
    pub fn empty(&self) -> Buckets {
        Buckets(self.labels().into_iter().map(|label| (label, Decimal::ZERO)).collect())
    }
}

/// An amount per bucket, in bucket order; JSON: `{"not_due": "10.00", "1-30": "0.00", ...}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Buckets(pub Vec<(String, Decimal)>);

impl Buckets {
    /// Adds an amount to the bucket at `index`.
    pub fn add(&mut self, index: usize, amount: Decimal) {
        if let Some((_, total)) = self.0.get_mut(index) {
            *total += amount;
        }
    }

    /// The amount in the bucket with this label.
    pub fn get(&self, label: &str) -> Option<Decimal> {
        self.0.iter().find(|(name, _)| name == label).map(|(_, amount)| *amount)
    }

    /// Labels and amounts in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Decimal)> {
        self.0.iter().map(|(label, amount)| (label.as_str(), *amount))
    }
}

impl Serialize for Buckets {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (label, amount) in &self.0 {
            map.serialize_entry(label, &crate::money::format_cents(*amount))?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Buckets {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BucketsVisitor;
        impl<'de> Visitor<'de> for BucketsVisitor {
            type Value = Buckets;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of bucket labels to amounts")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Buckets, A::Error> {
                #[derive(Deserialize)]
                struct Amount(#[serde(with = "crate::money::cents")] Decimal);
                let mut buckets = Vec::new();
                while let Some((label, Amount(amount))) = map.next_entry::<String, Amount>()? {
                    buckets.push((label, amount));
                }
                Ok(Buckets(buckets))
            }
        }
        deserializer.deserialize_map(BucketsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_labels_are_the_contract() {
        assert_eq!(
            BucketBounds::default().labels(),
            ["not_due", "1-30", "31-60", "61-90", "91-120", "120+"]
        );
    }

    #[test]
    fn due_today_is_not_due_and_bounds_are_inclusive() {
        let bounds = BucketBounds::default();
        assert_eq!(bounds.index_of(-5), 0);
        assert_eq!(bounds.index_of(0), 0);
        assert_eq!(bounds.index_of(1), 1);
        assert_eq!(bounds.index_of(30), 1);
        assert_eq!(bounds.index_of(31), 2);
        assert_eq!(bounds.index_of(120), 4);
        assert_eq!(bounds.index_of(121), 5);
    }

    #[test]
    fn bounds_must_rise() {
        assert!(BucketBounds::new(vec![30, 30]).is_err());
        assert!(BucketBounds::new(vec![0, 30]).is_err());
        assert!(BucketBounds::new(vec![]).is_err());
        assert_eq!(
            BucketBounds::new(vec![15, 45]).unwrap().labels(),
            ["not_due", "1-15", "16-45", "45+"]
        );
    }
}
