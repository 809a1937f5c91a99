//! When to retry a DynamoDB call, and how long to wait: pure functions, tested without a server.
//!
//! The SDK already retries throttled calls a few times (standard retry mode). This layer is for what the
//! SDK does not retry: items a batch call answered as *unprocessed* (DynamoDB accepts part of a batch
//! under load and hands the rest back, with a 200), and throttling that outlasted the SDK's attempts.
//! AWS asks for exponential backoff with jitter between such attempts; we bound both the delay and the
//! number of attempts, so a put fails in bounded time instead of hanging a Lambda.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// How often and how long to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (at least 1).
    pub max_attempts: u32,
    /// The delay before the second attempt; it doubles for each attempt after.
    pub base_delay: Duration,
    /// No delay is longer than this.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 8 attempts, 50 ms doubling up to 5 s: about 10 s of waiting at most, well inside a Lambda's time.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 8,
            base_delay: Duration::from_millis(50),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// The delay before attempt `next_attempt` (2 for the first retry), or `None` when `next_attempt`
    /// exceeds the attempts allowed. `jitter` in `[0, 1)` picks a point in the upper half of the
    /// exponential delay ("equal jitter"), so that writers retrying together spread out.
    pub fn delay_before(&self, next_attempt: u32, jitter: f64) -> Option<Duration> {
        if next_attempt <= 1 || next_attempt > self.max_attempts {
            return None;
        }
        let doublings = (next_attempt - 2).min(30);
        let exponential = self.base_delay.saturating_mul(1u32 << doublings).min(self.max_delay);
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        Some(exponential.mul_f64(0.5 + jitter / 2.0))
    }
}

/// Whether a failed call may succeed if sent again unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// Throttling, a transaction conflict or a server fault: wait and retry.
    Transient,
    /// Anything else (validation, a failed condition, a missing table): retrying cannot help.
    Permanent,
}

/// Classifies a DynamoDB error by its code (`ProvisionedThroughputExceededException`, ...).
pub fn classify(code: Option<&str>) -> ErrorClass {
    match code {
        Some(
            "ProvisionedThroughputExceededException"
            | "ThrottlingException"
            | "RequestLimitExceeded"
            | "TransactionConflictException"
            | "TransactionInProgressException"
            | "InternalServerError"
            | "InternalFailure"
            | "ServiceUnavailable"
            | "LimitExceededException",
        ) => ErrorClass::Transient,
        _ => ErrorClass::Permanent,
    }
}

/// A number in `[0, 1)` that differs from call to call and process to process (std's per-process
/// random hash keys, mixed with the clock): enough to spread retries, no random crate needed.
pub fn jitter() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos())
            .unwrap_or_default(),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
        }
    }

    #[test]
    fn delays_double_from_the_base_up_to_the_cap_then_attempts_run_out() {
        let delays: Vec<Option<Duration>> = (1..=7).map(|attempt| policy().delay_before(attempt, 1.0)).collect();
        let ms = |n| Some(Duration::from_millis(n));
        assert_eq!(delays, [None, ms(100), ms(200), ms(400), ms(800), ms(1000), None]);
    }

    #[test]
    fn jitter_keeps_the_delay_in_the_upper_half() {
        assert_eq!(policy().delay_before(3, 0.0), Some(Duration::from_millis(100)));
        assert_eq!(policy().delay_before(3, 0.5), Some(Duration::from_millis(150)));
        assert_eq!(policy().delay_before(3, f64::NAN), Some(Duration::from_millis(100)));
        assert_eq!(policy().delay_before(3, 7.0), Some(Duration::from_millis(200)));
    }

    #[test]
    fn huge_attempt_counts_do_not_overflow() {
        let patient = RetryPolicy {
            max_attempts: u32::MAX,
            ..policy()
        };
        assert_eq!(patient.delay_before(1000, 1.0), Some(Duration::from_millis(1000)));
    }

    #[test]
    fn throttling_and_conflicts_are_retried_validation_is_not() {
        for code in [
            "ProvisionedThroughputExceededException",
            "ThrottlingException",
            "RequestLimitExceeded",
            "TransactionConflictException",
            "InternalServerError",
        ] {
            assert_eq!(classify(Some(code)), ErrorClass::Transient, "{code}");
        }
        for code in [
            Some("ValidationException"),
            Some("ConditionalCheckFailedException"),
            Some("ResourceNotFoundException"),
            None,
        ] {
            assert_eq!(classify(code), ErrorClass::Permanent, "{code:?}");
        }
    }

    #[test]
    fn jitter_stays_in_range() {
        for _ in 0..1000 {
            let value = jitter();
            assert!((0.0..1.0).contains(&value), "{value}");
        }
    }
}
