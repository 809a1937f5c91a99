//! What starts a run: the EventBridge Scheduler's event, or a small JSON asked for by hand.
//!
//! Two payloads are accepted:
//! - the scheduled event the SAM template's schedule sends every hour of days 1-28 (the shape of an
//!   EventBridge scheduled event, `fixtures/eventbridge-scheduled-event.json`): its `time` is the run's
//!   moment, and the month reviewed is the calendar month before it (UTC);
//! - `{"month": "2026-10"}` or `{"month": "2026-10", "now": "2026-11-02T08:00:00Z"}` to review a given
//!   month by hand (`aws lambda invoke`, a replay): `now` defaults to the clock.
//!
//! Either way only the tenants whose review of that month is due at `now` in their own time zone and
//! not yet claimed are reviewed (see `credit_store::TenantSettings::is_review_due`).

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use chrono::{DateTime, Utc};
use credit_store::Month;
use serde::Deserialize;
use serde_json::Value;

/// A run: which month is reviewed, and the moment the due dates are checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trigger {
    /// The month reviewed.
    pub month: Month,
    /// The moment of the run.
    pub now: DateTime<Utc>,
}

/// A payload the function does not understand; retrying it cannot help.
#[derive(Debug, thiserror::Error)]
#[error("the monthly review expects an EventBridge scheduled event or {{\"month\": \"YYYY-MM\"}}: {0}")]
pub struct TriggerError(String);

/// A run asked for by hand.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManualRun {
    month: Option<Month>,
    now: Option<DateTime<Utc>>,
}

impl Trigger {
    /// The run a payload asks for; `clock` is the time now, used when the payload gives none.
    ///
    /// # Errors
    /// [`TriggerError`] for anything else than the two payloads above.
    pub fn from_payload(payload: Value, clock: DateTime<Utc>) -> Result<Self, TriggerError> {
        if payload.get("detail-type").is_some() {
            let event: EventBridgeEvent = serde_json::from_value(payload).map_err(|e| TriggerError(e.to_string()))?;
            let now = event.time.unwrap_or(clock);
            return Ok(Trigger {
                month: Month::of(now.date_naive()).minus(1),
                now,
            });
        }
        let run: ManualRun = serde_json::from_value(payload).map_err(|e| TriggerError(e.to_string()))?;
        let now = run.now.unwrap_or(clock);
        Ok(Trigger {
            month: run.month.unwrap_or_else(|| Month::of(now.date_naive()).minus(1)),
            now,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn clock() -> DateTime<Utc> {
        "2027-01-04T10:00:00Z".parse().expect("a time")
    }

    #[test]
    fn the_scheduled_event_reviews_the_month_before_its_time() {
        let text = include_str!("../fixtures/eventbridge-scheduled-event.json");
        let payload: Value = serde_json::from_str(text).expect("JSON");
        let trigger = Trigger::from_payload(payload, clock()).expect("understood");
        assert_eq!(trigger.month.to_string(), "2026-10");
        assert_eq!(trigger.now.to_rfc3339(), "2026-11-02T08:05:00+00:00");
    }

    #[test]
    fn january_reviews_december_and_an_event_without_time_uses_the_clock() {
        let payload = json!({"detail-type": "Scheduled Event", "source": "aws.scheduler", "detail": {}});
        let trigger = Trigger::from_payload(payload, clock()).expect("understood");
        assert_eq!(
            (trigger.month.to_string(), trigger.now),
            ("2026-12".to_owned(), clock())
        );
    }

    #[test]
    fn a_month_can_be_asked_for_by_hand() {
        let trigger = Trigger::from_payload(json!({"month": "2026-06"}), clock()).expect("understood");
        assert_eq!(
            (trigger.month.to_string(), trigger.now),
            ("2026-06".to_owned(), clock())
        );
        let trigger = Trigger::from_payload(json!({"now": "2026-08-03T07:00:00Z"}), clock()).expect("understood");
        assert_eq!(trigger.month.to_string(), "2026-07");
    }

    #[test]
    fn anything_else_is_refused_with_what_is_expected() {
        for payload in [json!({"month": "october"}), json!({"tenant": "acme"}), json!([1, 2])] {
            let error = Trigger::from_payload(payload.clone(), clock()).expect_err("refused");
            assert!(
                error.to_string().contains("{\"month\": \"YYYY-MM\"}"),
                "{payload}: {error}"
            );
        }
    }
}
