//! The credit policy: every threshold the analysis uses, with documented defaults.
//!
//! Read from TOML (`credit analyze --policy FILE`); any field left out takes its default, and the policy
//! actually used is written into every output so a figure can always be traced to the rule behind it.

use crate::aging::BucketBounds;
use serde::{Deserialize, Serialize};

/// The credit policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Aging bucket upper bounds in days overdue. Default `[30, 60, 90, 120]`.
    pub buckets: BucketBounds,
    /// Payment terms assumed when neither the row nor the customer sheet gives a due date or terms.
    /// Default 30 days.
    pub default_terms_days: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            buckets: BucketBounds::default(),
            default_terms_days: 30,
        }
    }
}

/// The error for a policy file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("policy is not valid: {0}")]
pub struct PolicyError(String);

impl Policy {
    /// Reads a policy from TOML text; missing fields take their defaults, unknown fields are refused
    /// (a typo must not silently fall back to a default).
    pub fn from_toml(text: &str) -> Result<Self, PolicyError> {
        let policy: Policy = toml::from_str(text).map_err(|error| PolicyError(error.to_string()))?;
        BucketBounds::new(policy.buckets.bounds().to_vec()).map_err(|error| PolicyError(error.to_string()))?;
        Ok(policy)
    }

    /// The policy as TOML, for the output's record of what was used.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_policy_is_the_default() {
        assert_eq!(Policy::from_toml("").unwrap(), Policy::default());
    }

    #[test]
    fn policy_round_trips_through_toml() {
        let policy = Policy::default();
        assert_eq!(Policy::from_toml(&policy.to_toml()).unwrap(), policy);
    }

    #[test]
    fn a_typo_is_refused() {
        assert!(Policy::from_toml("bukets = [30]").is_err());
        assert!(Policy::from_toml("buckets = [60, 30]").is_err());
    }
}
