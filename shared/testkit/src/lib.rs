//! Test support: starts and addresses the AWS emulator (moto) for the tests that need it.
//!
//! ```no_run
//! # async fn example() {
//! let moto = credit_testkit::moto();                      // MOTO_ENDPOINT, or a server of our own
//! let config = moto.sdk_config().await;                   // test/test, eu-west-1, the moto endpoint
//! let dynamo = aws_sdk_dynamodb::Client::new(&config);
//! let s3 = credit_testkit::s3_client(&config);            // path-style addressing
//! let table = credit_testkit::unique_name("snapshots");   // tests share one server: unique names
//! # let _ = (dynamo, s3, table);
//! let mails = moto.sent_emails().unwrap();                // what SES "sent", whole MIME text
//! # let _ = mails;
//! # }
//! ```
//!
//! Faults (throttling, 5xx answers, DynamoDB batches left partly unprocessed) are injected into a real
//! client with [`faults::FaultInjector`], an SDK interceptor: moto itself never fails.
//!
//! What a client really calls (to check it against an IAM role) is recorded by
//! [`calls::CallRecorder`], another interceptor.
//!
//! One server per test binary: when `MOTO_ENDPOINT` is set (CI starts one and exports it) every test
//! uses it; otherwise the first test to ask starts `moto_server` on a free loopback port, and the
//! server stops when the test binary exits (a watchdog shell kills it when our end of its stdin pipe
//! closes, which the kernel does even if the tests crash). Tests must therefore not reset the server:
//! they make their own tables, buckets and tenants with [`unique_name`].
#![warn(missing_docs)]

pub mod calls;
pub mod faults;
mod http;
mod moto;

pub use moto::{moto, MotoServer, SentEmail, TestkitError};

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_dynamodb::config::Credentials;
use std::sync::atomic::{AtomicU64, Ordering};

/// The region every test uses.
pub const REGION: &str = "eu-west-1";

/// An SDK configuration for the emulator at `endpoint`: static credentials `test`/`test`, region
/// [`REGION`], every service at that URL.
pub async fn sdk_config_for(endpoint: &str) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .credentials_provider(Credentials::new("test", "test", None, None, "credit-testkit"))
        .endpoint_url(endpoint)
        .load()
        .await
}

/// An S3 client that addresses buckets by path (`http://127.0.0.1:PORT/bucket/key`): the default
/// virtual-host style would look up `bucket.127.0.0.1`.
pub fn s3_client(config: &SdkConfig) -> aws_sdk_s3::Client {
    let s3_config = aws_sdk_s3::config::Builder::from(config).force_path_style(true).build();
    aws_sdk_s3::Client::from_conf(s3_config)
}

/// A name no other test of any binary uses now: `<prefix>-<process id>-<counter>-<nanoseconds>`,
/// lowercase and at most 63 characters, so that it is valid for a table and for a bucket.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.subsec_nanos())
        .unwrap_or_default();
    let prefix: String = prefix
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(30)
        .collect();
    format!("{prefix}-{}-{count}-{nanos}", std::process::id())
}

/// Creates a bucket in [`REGION`] (outside us-east-1 S3 wants the location constraint).
///
/// # Panics
/// When the emulator refuses: a test cannot go on without its bucket.
pub async fn create_bucket(s3: &aws_sdk_s3::Client, bucket: &str) {
    use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
    let location = CreateBucketConfiguration::builder()
        .location_constraint(BucketLocationConstraint::from(REGION))
        .build();
    if let Err(error) = s3
        .create_bucket()
        .bucket(bucket)
        .create_bucket_configuration(location)
        .send()
        .await
    {
        panic!("creating bucket {bucket} on the emulator failed: {error:?}");
    }
}

/// Makes `address` a verified SES sender on the emulator (SES refuses to send from anyone else).
///
/// # Panics
/// When the emulator refuses.
pub async fn verify_sender(ses: &aws_sdk_sesv2::Client, address: &str) {
    if let Err(error) = ses.create_email_identity().email_identity(address).send().await {
        panic!("verifying {address} on the emulator failed: {error:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_names_are_valid_bucket_names_and_differ() {
        let first = unique_name("Snapshots_Table");
        let second = unique_name("Snapshots_Table");
        assert_ne!(first, second);
        for name in [&first, &second] {
            assert!(name.len() <= 63 && name.len() >= 3, "{name}");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{name}"
            );
            assert!(name.starts_with("snapshots-table-"), "{name}");
        }
    }
}
