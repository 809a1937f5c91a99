//! Tenant settings: who gets the e-mails, in which language, under which policy, and when the monthly
//! review is due in the tenant's own time zone.

use crate::error::StoreError;
use crate::model::{Month, TenantId, DEFAULT_RETENTION_MONTHS};
use chrono::{DateTime, Datelike, LocalResult, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use credit_core::lang::Lang;
use credit_core::policy::{Policy, PolicyError};
use serde::{Deserialize, Serialize};

/// The time zone of a tenant that has not set one: the product's first users are Belgian.
pub const DEFAULT_TIME_ZONE: Tz = chrono_tz::Europe::Brussels;

/// One tenant's settings, kept in the store next to its snapshots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantSettings {
    /// Whose settings these are.
    pub tenant: TenantId,
    /// Where reports and reviews are e-mailed; may be empty (then nothing is sent, and the review says so).
    #[serde(default)]
    pub recipients: Vec<String>,
    /// The language of e-mails, workbooks and reviews.
    #[serde(default)]
    pub language: Lang,
    /// The tenant's credit policy as TOML (empty: the defaults).
    #[serde(default)]
    pub policy_toml: String,
    /// The tenant's time zone (IANA name, e.g. "Europe/Brussels"): when "the first working day" starts.
    #[serde(default = "default_time_zone")]
    pub time_zone: Tz,
    /// When the monthly review is sent.
    #[serde(default)]
    pub review_day: ReviewDay,
    /// How many months snapshots are kept (the retention TTL). Default 25.
    #[serde(default = "default_retention_months")]
    pub retention_months: u32,
}

fn default_time_zone() -> Tz {
    DEFAULT_TIME_ZONE
}

fn default_retention_months() -> u32 {
    DEFAULT_RETENTION_MONTHS
}

/// The day of the month on which the review of the month before is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDay {
    /// The first Monday to Friday of the month (public holidays are not known).
    #[default]
    FirstWorkingDay,
    /// A fixed day, 1 to 28 (so that it exists in every month).
    DayOfMonth(u8),
    /// No monthly review.
    Never,
}

impl TenantSettings {
    /// The defaults for a tenant: no recipients, English, default policy, Brussels time, a review on
    /// the first working day, 25 months of retention.
    pub fn new(tenant: TenantId) -> Self {
        TenantSettings {
            tenant,
            recipients: Vec::new(),
            language: Lang::default(),
            policy_toml: String::new(),
            time_zone: DEFAULT_TIME_ZONE,
            review_day: ReviewDay::default(),
            retention_months: DEFAULT_RETENTION_MONTHS,
        }
    }

    /// Checks what a store must refuse to keep.
    ///
    /// # Errors
    /// [`StoreError::InvalidSettings`] for a recipient that is not an address (`name@domain`), a
    /// policy that does not parse, a review day outside 1-28 or a retention outside 1-120 months.
    pub fn validate(&self) -> Result<(), StoreError> {
        for recipient in &self.recipients {
            let plausible = recipient
                .split_once('@')
                .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
                && !recipient
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ','));
            if !plausible {
                return Err(StoreError::InvalidSettings(format!(
                    "recipient {recipient:?} is not an e-mail address"
                )));
            }
        }
        self.policy()
            .map_err(|error| StoreError::InvalidSettings(error.to_string()))?;
        if let ReviewDay::DayOfMonth(day) = self.review_day {
            if !(1..=28).contains(&day) {
                return Err(StoreError::InvalidSettings(format!(
                    "review day {day} is not between 1 and 28"
                )));
            }
        }
        if !(1..=120).contains(&self.retention_months) {
            return Err(StoreError::InvalidSettings(format!(
                "retention of {} months is not between 1 and 120",
                self.retention_months
            )));
        }
        Ok(())
    }

    /// The tenant's policy (the defaults when none is set).
    ///
    /// # Errors
    /// The policy's own error when the TOML does not parse.
    pub fn policy(&self) -> Result<Policy, PolicyError> {
        Policy::from_toml(&self.policy_toml)
    }

    /// The local date on which the review of `month` is due: its review day in the month after it.
    /// `None` when the tenant has no review.
    pub fn review_date(&self, month: Month) -> Option<NaiveDate> {
        let first = month.next().first_day();
        match self.review_day {
            ReviewDay::Never => None,
            ReviewDay::DayOfMonth(day) => first.with_day(u32::from(day.clamp(1, 28))),
            ReviewDay::FirstWorkingDay => first
                .iter_days()
                .take(7)
                .find(|date| !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)),
        }
    }

    /// The instant the review of `month` becomes due: the start of [`Self::review_date`] in the
    /// tenant's time zone. `None` when the tenant has no review.
    pub fn review_due_at(&self, month: Month) -> Option<DateTime<Utc>> {
        let midnight = self.review_date(month)?.and_hms_opt(0, 0, 0)?;
        let local = match self.time_zone.from_local_datetime(&midnight) {
            LocalResult::Single(instant) | LocalResult::Ambiguous(instant, _) => instant,
            // A clock change at midnight skipped it: the day starts an hour later.
            LocalResult::None => self
                .time_zone
                .from_local_datetime(&(midnight + chrono::TimeDelta::hours(1)))
                .earliest()?,
        };
        Some(local.with_timezone(&Utc))
    }

    /// Whether the review of `month` is due at `now`.
    pub fn is_review_due(&self, month: Month, now: DateTime<Utc>) -> bool {
        self.review_due_at(month).is_some_and(|due| due <= now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> TenantSettings {
        TenantSettings::new(TenantId::new("acme").unwrap())
    }

    #[test]
    fn the_review_of_october_is_due_on_the_first_working_day_of_november_brussels_time() {
        // 1 November 2026 is a Sunday: the first working day is Monday the 2nd, 00:00 in Brussels,
        // which is 23:00 UTC on the 1st (winter time).
        let settings = settings();
        let october: Month = "2026-10".parse().unwrap();
        assert_eq!(settings.review_date(october), NaiveDate::from_ymd_opt(2026, 11, 2));
        let due = settings.review_due_at(october).unwrap();
        assert_eq!(due.to_rfc3339(), "2026-11-01T23:00:00+00:00");
        assert!(!settings.is_review_due(october, due - chrono::TimeDelta::seconds(1)));
        assert!(settings.is_review_due(october, due));
    }

    #[test]
    fn a_fixed_review_day_and_no_review() {
        let mut settings = settings();
        settings.review_day = ReviewDay::DayOfMonth(5);
        settings.time_zone = chrono_tz::UTC;
        let december: Month = "2026-12".parse().unwrap();
        assert_eq!(
            settings.review_due_at(december).unwrap().to_rfc3339(),
            "2027-01-05T00:00:00+00:00"
        );
        settings.review_day = ReviewDay::Never;
        assert_eq!(settings.review_due_at(december), None);
    }

    #[test]
    fn settings_that_cannot_be_used_are_refused() {
        let mut settings = settings();
        settings.recipients = vec!["boekhouding@acme.be".into()];
        assert!(settings.validate().is_ok());
        settings.recipients.push("not an address".into());
        assert!(settings.validate().is_err());
        settings.recipients.pop();
        settings.policy_toml = "bukets = [30]".into();
        assert!(settings.validate().is_err());
        settings.policy_toml.clear();
        settings.review_day = ReviewDay::DayOfMonth(31);
        assert!(settings.validate().is_err());
    }

    #[test]
    fn settings_round_trip_through_json_with_the_time_zone_by_name() {
        let mut settings = settings();
        settings.time_zone = chrono_tz::Europe::Paris;
        settings.review_day = ReviewDay::DayOfMonth(3);
        let json = serde_json::to_value(&settings).unwrap();
        assert_eq!(json["time_zone"], "Europe/Paris");
        assert_eq!(json["review_day"], serde_json::json!({"day_of_month": 3}));
        assert_eq!(serde_json::from_value::<TenantSettings>(json).unwrap(), settings);
    }
}
