//! Every environment variable the functions read, in one place, and the one way to load the SDK config.
//!
//! The SAM template sets these variables; a test of the template checks its `Environment` blocks
//! against the constants below, so a variable renamed here and not there fails the build. Names are
//! the variable names themselves (`TABLE_NAME` holds `"TABLE_NAME"`).
//!
//! | variable | read by | meaning | default |
//! | --- | --- | --- | --- |
//! | [`TABLE_NAME`] | analyze, ingest, monthly-review | DynamoDB table of snapshots, tenant settings and claims | required |
//! | [`BUCKET_NAME`] | analyze, ingest, monthly-review | S3 bucket of uploads (`uploads/`) and results (`results/`) | required |
//! | [`SENDER_EMAIL`] | ingest, monthly-review | verified SES identity the reports are sent from | required by ingest |
//! | [`TENANT_CLAIM`] | analyze | JWT claim of the API Gateway authorizer that names the tenant | `custom:tenant` |
//! | [`PRESIGN_TTL_SECONDS`] | analyze | lifetime of the presigned upload and download URLs the API answers | 900 |
//! | [`LINK_TTL_SECONDS`] | ingest | lifetime of the download link mailed when the workbook is too large to attach | 604800 (7 days, SigV4's maximum) |
//! | [`MAX_UPLOAD_BYTES`] | analyze, ingest | largest ledger accepted, checked before it is read | 67108864 (64 MiB) |
//! | [`MAX_RESPONSE_BYTES`] | analyze | largest API answer body sent inline (after base64); a larger workbook or analysis is stored under `results/` and answered with a link | 5500000 |
//! | [`MEMORY_SIZE`] (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`) | analyze, ingest (set by Lambda, never by the template) | the function's memory in MB: the import limits are sized to it ([`credit_import::Limits::for_memory_mb`]) | unset (the command, tests): the importer's defaults |
//! | [`USER_POOL_CLIENT_ID`] | analyze | the Cognito app client the upload page signs in with (`USER_PASSWORD_AUTH`) | unset: the page asks for no sign-in |
//! | [`USER_POOL_REGION`] | analyze | the region of that user pool | unset |
//! | [`LOG_FILTER`] (`RUST_LOG`) | all | `tracing` filter, e.g. `info` or `credit_fn_ingest=debug` | `info` |
//! | [`ENDPOINT_URL`] (`AWS_ENDPOINT_URL`) | all (through the SDK) | send every AWS call to this URL (moto, LocalStack); unset in AWS | unset |
//!
//! `AWS_REGION` and the credentials come from the Lambda environment as usual.

use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, SdkConfig};
use std::time::Duration;

/// DynamoDB table of snapshots, tenant settings and claims.
pub const TABLE_NAME: &str = "TABLE_NAME";
/// S3 bucket holding the uploaded ledgers (`uploads/`) and the annotated workbooks (`results/`).
pub const BUCKET_NAME: &str = "BUCKET_NAME";
/// The verified SES identity reports are sent from (`From:`), e.g. `reports@example.com`.
pub const SENDER_EMAIL: &str = "SENDER_EMAIL";
/// The JWT claim that names the tenant, as the API Gateway JWT authorizer passes it in the request
/// context (`requestContext.authorizer.jwt.claims`). Default [`DEFAULT_TENANT_CLAIM`]; set it to
/// `sub` to make every user a tenant of their own.
pub const TENANT_CLAIM: &str = "TENANT_CLAIM";
/// Seconds a presigned upload (PUT) or download (GET) URL answered by the API stays valid.
pub const PRESIGN_TTL_SECONDS: &str = "PRESIGN_TTL_SECONDS";
/// Seconds the download link mailed instead of a too-large attachment stays valid.
pub const LINK_TTL_SECONDS: &str = "LINK_TTL_SECONDS";
/// The largest ledger accepted, in bytes; checked before the bytes are read.
pub const MAX_UPLOAD_BYTES: &str = "MAX_UPLOAD_BYTES";
/// The largest body of an API answer sent inline, in bytes, as it travels (binary bodies base64, text
/// JSON-escaped). Lambda refuses a response payload over 6 MB, which API Gateway answers with a 5xx;
/// a larger answer is stored under `results/` and answered with a presigned link instead.
pub const MAX_RESPONSE_BYTES: &str = "MAX_RESPONSE_BYTES";
/// Set by Lambda itself (a reserved variable the template cannot set): the function's memory in MB.
/// The import limits are derived from it, so that a ledger too large for the function is refused
/// with a message naming the limit rather than ending the function for lack of memory.
pub const MEMORY_SIZE: &str = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";
/// The Cognito user pool app client the upload page (`GET /`) signs users in with, by
/// `USER_PASSWORD_AUTH`; its ID token is what the API's JWT authorizer checks.
pub const USER_POOL_CLIENT_ID: &str = "USER_POOL_CLIENT_ID";
/// The region of the user pool of [`USER_POOL_CLIENT_ID`] (where the page sends `InitiateAuth`).
pub const USER_POOL_REGION: &str = "USER_POOL_REGION";
/// The `tracing` filter of the JSON logs (`EnvFilter` syntax).
pub const LOG_FILTER: &str = "RUST_LOG";
/// Read by the AWS SDK itself: sends every call to this URL. Set it to the moto server locally.
pub const ENDPOINT_URL: &str = "AWS_ENDPOINT_URL";

/// Every variable the functions' templates may set, for the template check. [`MEMORY_SIZE`] is not one:
/// Lambda sets it from the function's `MemorySize`.
pub const ALL: [&str; 12] = [
    TABLE_NAME,
    BUCKET_NAME,
    SENDER_EMAIL,
    TENANT_CLAIM,
    PRESIGN_TTL_SECONDS,
    LINK_TTL_SECONDS,
    MAX_UPLOAD_BYTES,
    MAX_RESPONSE_BYTES,
    USER_POOL_CLIENT_ID,
    USER_POOL_REGION,
    LOG_FILTER,
    ENDPOINT_URL,
];

/// The tenant claim when [`TENANT_CLAIM`] is not set: a Cognito custom attribute.
pub const DEFAULT_TENANT_CLAIM: &str = "custom:tenant";
/// Long enough to upload a large ledger on a slow line, short enough that a leaked URL soon dies.
pub const DEFAULT_PRESIGN_TTL: Duration = Duration::from_secs(15 * 60);
/// SigV4 presigned URLs cannot live longer than seven days.
pub const MAX_PRESIGN_TTL: Duration = Duration::from_secs(7 * 24 * 3600);
/// A mailed link is read days later: as long as SigV4 allows.
pub const DEFAULT_LINK_TTL: Duration = MAX_PRESIGN_TTL;
/// A million-row ledger as xlsx is about 40 MB; 64 MiB leaves room and still fits a Lambda's memory
/// with the analysis next to it.
pub const DEFAULT_MAX_UPLOAD_BYTES: u64 = 64 * 1024 * 1024;
/// Lambda's response payload limit is 6 MB (6,291,456 bytes) for the whole answer: the body, the
/// headers and the JSON around them. 5.5 MB of body leaves them 790 KB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 5_500_000;

/// A configuration value that is missing or cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A variable the function cannot run without is not set (or is empty).
    #[error("environment variable {0} is not set")]
    Missing(&'static str),
    /// A variable is set to something that does not parse.
    #[error("environment variable {name}={value:?} is invalid: expected {expected}")]
    Invalid {
        /// The variable.
        name: &'static str,
        /// Its value.
        value: String,
        /// What it should look like.
        expected: &'static str,
    },
}

/// What the functions read from their environment, checked once at cold start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionConfig {
    /// [`TABLE_NAME`].
    pub table_name: String,
    /// [`BUCKET_NAME`].
    pub bucket_name: String,
    /// [`SENDER_EMAIL`], when set.
    pub sender_email: Option<String>,
    /// [`TENANT_CLAIM`].
    pub tenant_claim: String,
    /// [`PRESIGN_TTL_SECONDS`].
    pub presign_ttl: Duration,
    /// [`LINK_TTL_SECONDS`].
    pub link_ttl: Duration,
    /// [`MAX_UPLOAD_BYTES`].
    pub max_upload_bytes: u64,
    /// [`MAX_RESPONSE_BYTES`].
    pub max_response_bytes: u64,
    /// [`MEMORY_SIZE`], when set (in AWS, always).
    pub memory_mb: Option<u64>,
    /// What the importer accepts: sized to [`FunctionConfig::memory_mb`] when it is set, the
    /// importer's defaults otherwise. Derived once here, so that both functions read alike.
    pub import_limits: credit_import::Limits,
    /// [`USER_POOL_CLIENT_ID`], when set.
    pub user_pool_client_id: Option<String>,
    /// [`USER_POOL_REGION`], when set.
    pub user_pool_region: Option<String>,
}

impl FunctionConfig {
    /// Reads the process environment.
    ///
    /// # Errors
    /// [`ConfigError::Missing`] for [`TABLE_NAME`] or [`BUCKET_NAME`], [`ConfigError::Invalid`] for a
    /// number that does not parse, a size of 0 or a lifetime beyond seven days.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the variables through `lookup` (a test passes a map instead of the process environment).
    ///
    /// # Errors
    /// As [`FunctionConfig::from_env`].
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &'static str| {
            lookup(name)
                .map(|value| value.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let required = |name: &'static str| get(name).ok_or(ConfigError::Missing(name));
        let seconds = |name: &'static str, default: Duration| -> Result<Duration, ConfigError> {
            let Some(value) = get(name) else { return Ok(default) };
            let invalid = || ConfigError::Invalid {
                name,
                value: value.clone(),
                expected: "a number of seconds from 1 to 604800",
            };
            let seconds: u64 = value.parse().map_err(|_| invalid())?;
            let duration = Duration::from_secs(seconds);
            if seconds == 0 || duration > MAX_PRESIGN_TTL {
                return Err(invalid());
            }
            Ok(duration)
        };
        let positive = |name: &'static str, expected: &'static str| -> Result<Option<u64>, ConfigError> {
            let Some(value) = get(name) else { return Ok(None) };
            value
                .parse()
                .ok()
                .filter(|number| *number > 0)
                .map(Some)
                .ok_or(ConfigError::Invalid { name, value, expected })
        };
        let max_upload_bytes =
            positive(MAX_UPLOAD_BYTES, "a positive number of bytes")?.unwrap_or(DEFAULT_MAX_UPLOAD_BYTES);
        let max_response_bytes =
            positive(MAX_RESPONSE_BYTES, "a positive number of bytes")?.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);
        // A malformed memory size would silently give a function limits it cannot hold: refuse to start.
        let memory_mb = positive(MEMORY_SIZE, "a positive number of megabytes")?;
        let import_limits = memory_mb.map_or_else(credit_import::Limits::default, credit_import::Limits::for_memory_mb);
        Ok(FunctionConfig {
            table_name: required(TABLE_NAME)?,
            bucket_name: required(BUCKET_NAME)?,
            sender_email: get(SENDER_EMAIL),
            tenant_claim: get(TENANT_CLAIM).unwrap_or_else(|| DEFAULT_TENANT_CLAIM.to_owned()),
            presign_ttl: seconds(PRESIGN_TTL_SECONDS, DEFAULT_PRESIGN_TTL)?,
            link_ttl: seconds(LINK_TTL_SECONDS, DEFAULT_LINK_TTL)?,
            max_upload_bytes,
            max_response_bytes,
            memory_mb,
            import_limits,
            user_pool_client_id: get(USER_POOL_CLIENT_ID),
            user_pool_region: get(USER_POOL_REGION),
        })
    }

    /// [`SENDER_EMAIL`], for a function that sends mail.
    ///
    /// # Errors
    /// [`ConfigError::Missing`] when it is not set.
    pub fn require_sender(&self) -> Result<&str, ConfigError> {
        self.sender_email.as_deref().ok_or(ConfigError::Missing(SENDER_EMAIL))
    }
}

/// Loads the AWS SDK configuration once per cold start: region, credentials and [`ENDPOINT_URL`] from
/// the environment, as the SDK reads them, with timeouts so that an unreachable service fails a call
/// in seconds rather than at the Lambda's deadline.
pub async fn load_sdk_config() -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(default_timeouts())
        .load()
        .await
}

/// The timeouts every client uses: connecting is quick or not at all; a whole operation (a 64 MiB
/// object included) gets a minute.
pub fn default_timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(5))
        .operation_timeout(Duration::from_secs(60))
        .build()
}

/// An S3 client for `config`. With a custom endpoint (moto, LocalStack) buckets are addressed by path
/// (`http://host/bucket/key`), because virtual-host style would look up `bucket.127.0.0.1`.
pub fn s3_client(config: &SdkConfig) -> aws_sdk_s3::Client {
    let path_style = config.endpoint_url().is_some();
    let s3_config = aws_sdk_s3::config::Builder::from(config)
        .force_path_style(path_style)
        .build();
    aws_sdk_s3::Client::from_conf(s3_config)
}

/// Installs the JSON log subscriber ([`json_logs`] on stdout, where Lambda hands lines to CloudWatch
/// Logs). Does nothing when a subscriber is already installed (tests call it repeatedly).
pub fn init_json_logs() {
    use tracing_subscriber::util::SubscriberInitExt;
    let _ = json_logs(std::io::stdout).try_init();
}

/// The functions' log subscriber, writing to `writer`: one JSON object a line, as CloudWatch Logs
/// indexes them, with the fields of the current span (tenant, upload id) on every line. Filtered by
/// [`LOG_FILTER`], `info` by default. Tests give it a buffer to read back what a function logged.
pub fn json_logs<W>(writer: W) -> impl tracing::Subscriber + Send + Sync
where
    W: for<'writer> tracing_subscriber::fmt::MakeWriter<'writer> + Send + Sync + 'static,
{
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env(LOG_FILTER).unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(true)
        .with_span_list(false)
        .flatten_event(true)
        .with_target(true)
        .with_ansi(false)
        .with_writer(writer)
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<FunctionConfig, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        FunctionConfig::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_apply_when_only_the_required_variables_are_set() {
        let config = config(&[(TABLE_NAME, "snapshots"), (BUCKET_NAME, "ledgers")]).unwrap();
        assert_eq!(config.table_name, "snapshots");
        assert_eq!(config.bucket_name, "ledgers");
        assert_eq!(config.sender_email, None);
        assert_eq!(config.tenant_claim, DEFAULT_TENANT_CLAIM);
        assert_eq!(config.presign_ttl, DEFAULT_PRESIGN_TTL);
        assert_eq!(config.link_ttl, DEFAULT_LINK_TTL);
        assert_eq!(config.max_upload_bytes, DEFAULT_MAX_UPLOAD_BYTES);
        assert_eq!(config.max_response_bytes, DEFAULT_MAX_RESPONSE_BYTES);
        // Outside Lambda (the command's tests, a local run) the importer keeps its own defaults.
        assert_eq!(config.memory_mb, None);
        assert_eq!(config.import_limits, credit_import::Limits::default());
        assert_eq!(config.require_sender(), Err(ConfigError::Missing(SENDER_EMAIL)));
    }

    #[test]
    fn a_missing_table_or_bucket_is_named() {
        assert_eq!(config(&[(BUCKET_NAME, "b")]), Err(ConfigError::Missing(TABLE_NAME)));
        assert_eq!(
            config(&[(TABLE_NAME, "t"), (BUCKET_NAME, "  ")]),
            Err(ConfigError::Missing(BUCKET_NAME))
        );
    }

    #[test]
    fn numbers_are_checked() {
        let base = [(TABLE_NAME, "t"), (BUCKET_NAME, "b")];
        for (name, value) in [
            (PRESIGN_TTL_SECONDS, "soon"),
            (PRESIGN_TTL_SECONDS, "0"),
            (LINK_TTL_SECONDS, "604801"),
            (MAX_UPLOAD_BYTES, "-1"),
            (MAX_UPLOAD_BYTES, "0"),
            (MAX_RESPONSE_BYTES, "5.5MB"),
            (MEMORY_SIZE, "0"),
            (MEMORY_SIZE, "1 GB"),
        ] {
            let mut pairs = base.to_vec();
            pairs.push((name, value));
            let error = config(&pairs).unwrap_err();
            assert!(
                matches!(&error, ConfigError::Invalid { name: n, .. } if *n == name),
                "{name}={value}: {error}"
            );
        }
        let mut pairs = base.to_vec();
        pairs.extend([
            (PRESIGN_TTL_SECONDS, "60"),
            (MAX_UPLOAD_BYTES, "1000"),
            (TENANT_CLAIM, "sub"),
            (SENDER_EMAIL, "r@x.be"),
        ]);
        let config = config(&pairs).unwrap();
        assert_eq!(config.presign_ttl, Duration::from_secs(60));
        assert_eq!(config.max_upload_bytes, 1000);
        assert_eq!(config.tenant_claim, "sub");
        assert_eq!(config.require_sender(), Ok("r@x.be"));
    }

    #[test]
    fn the_import_limits_follow_the_memory_lambda_gives_the_function() {
        let base = [(TABLE_NAME, "t"), (BUCKET_NAME, "b")];
        let sized = |memory: &str| {
            let mut pairs = base.to_vec();
            pairs.push((MEMORY_SIZE, memory));
            config(&pairs).unwrap()
        };
        let analyze = sized("1024");
        assert_eq!(analyze.memory_mb, Some(1024));
        assert_eq!(analyze.import_limits, credit_import::Limits::for_memory_mb(1024));
        assert_eq!(analyze.import_limits.max_cells_per_sheet, 3_422_552);
        let ingest = sized("2048");
        assert_eq!(ingest.import_limits.max_cells_per_sheet, 10_603_199);
        assert!(ingest.import_limits.max_cells_per_sheet < credit_import::Limits::default().max_cells_per_sheet);
        // The smallest function Lambda allows still reads a ledger of tens of thousands of rows.
        assert_eq!(sized("128").import_limits.max_rows_per_sheet, 22_282);
    }

    #[test]
    fn every_variable_is_listed_once() {
        let mut names = ALL.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
    }
}
