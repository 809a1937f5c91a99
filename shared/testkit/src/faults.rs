//! Faults injected into a real SDK client talking to the real emulator: throttling, service errors,
//! and DynamoDB batches that come back partly unprocessed. moto never throttles; this interceptor makes
//! the client see what AWS does under load, while everything else stays real.
//!
//! ```no_run
//! # async fn example() {
//! use credit_testkit::faults::{Fault, FaultInjector};
//! let faults = FaultInjector::new();
//! faults.inject("BatchWriteItem", 3, Fault::LeaveUnprocessed { keep: 10 });
//! faults.inject("TransactWriteItems", 2, Fault::dynamodb_throttling());
//! let config = credit_testkit::moto().sdk_config().await;
//! let dynamo_config = aws_sdk_dynamodb::config::Builder::from(&config).interceptor(faults.clone()).build();
//! let client = aws_sdk_dynamodb::Client::from_conf(dynamo_config);
//! // ... use the client; then: assert_eq!(faults.injected().len(), 5);
//! # }
//! ```
//!
//! A faulted call never reaches the service with its payload: a [`Fault::Respond`] attempt is turned
//! into a harmless `GET /moto-api/` and its answer replaced; a [`Fault::LeaveUnprocessed`] attempt
//! sends only the first `keep` write requests and reports the others as `UnprocessedItems`, exactly as
//! DynamoDB does when it accepts part of a batch.

use aws_sdk_dynamodb::config::http::HttpResponse;
use aws_sdk_dynamodb::config::interceptors::{
    BeforeDeserializationInterceptorContextMut, BeforeTransmitInterceptorContextMut,
};
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::{Storable, StoreReplace};
use serde_json::Value;
use std::sync::{Arc, Mutex};

/// What happens to a faulted attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The service answers this instead (the request does not reach it).
    Respond {
        /// The HTTP status.
        status: u16,
        /// The `Content-Type` of the body.
        content_type: String,
        /// The body.
        body: String,
    },
    /// DynamoDB `BatchWriteItem`: only the first `keep` write requests are sent; the rest come back
    /// as `UnprocessedItems`.
    LeaveUnprocessed {
        /// How many write requests of the batch reach the table.
        keep: usize,
    },
}

impl Fault {
    /// DynamoDB's answer when a table is over its throughput: `ProvisionedThroughputExceededException`
    /// (HTTP 400), which the SDK classifies as throttling.
    pub fn dynamodb_throttling() -> Fault {
        Fault::Respond {
            status: 400,
            content_type: "application/x-amz-json-1.0".into(),
            body: r#"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"The level of configured provisioned throughput for the table was exceeded (injected by credit-testkit)"}"#.into(),
        }
    }

    /// SES v2 refusing a message for good (HTTP 400 `MessageRejected`), as it answers in the sandbox
    /// for a recipient that is not a verified identity. moto checks only the sender, so a test that
    /// needs one recipient refused injects this for the calls naming that recipient
    /// ([`FaultInjector::inject_when`]).
    pub fn ses_message_rejected(address: &str) -> Fault {
        let body = serde_json::json!({
            "__type": "MessageRejected",
            "message": format!(
                "Email address is not verified. The following identities failed the check in region EU-WEST-1: {address} (injected by credit-testkit)"
            ),
        });
        Fault::Respond {
            status: 400,
            content_type: "application/json".into(),
            body: body.to_string(),
        }
    }

    /// SES v2 over its sending rate (HTTP 429 `TooManyRequestsException`), which the SDK classifies as
    /// throttling and retries.
    pub fn ses_throttling() -> Fault {
        Fault::Respond {
            status: 429,
            content_type: "application/json".into(),
            body: r#"{"__type":"TooManyRequestsException","message":"Maximum sending rate exceeded (injected by credit-testkit)"}"#.into(),
        }
    }

    /// An internal server error (HTTP 500) with an empty JSON body.
    pub fn server_error() -> Fault {
        Fault::Respond {
            status: 500,
            content_type: "application/json".into(),
            body: "{}".into(),
        }
    }
}

#[derive(Debug)]
struct Rule {
    operation: String,
    /// Only attempts whose request body contains this text (e.g. one recipient's address).
    body_contains: Option<String>,
    remaining: u32,
    fault: Fault,
}

/// An SDK interceptor that faults the next attempts of chosen operations. Clones share their rules
/// and their record, so keep one clone to add rules and read [`FaultInjector::injected`].
#[derive(Debug, Clone, Default)]
pub struct FaultInjector {
    rules: Arc<Mutex<Vec<Rule>>>,
    injected: Arc<Mutex<Vec<String>>>,
}

/// What a faulted attempt still has to do to the response.
#[derive(Debug, Clone)]
struct Pending(Option<PendingFault>);

#[derive(Debug, Clone)]
enum PendingFault {
    Respond {
        status: u16,
        content_type: String,
        body: String,
    },
    Unprocessed {
        unprocessed: serde_json::Map<String, Value>,
    },
}

impl Storable for Pending {
    type Storer = StoreReplace<Self>;
}

impl FaultInjector {
    /// An injector with no rules: every call goes through.
    pub fn new() -> Self {
        FaultInjector::default()
    }

    /// Faults the next `times` attempts of `operation` (the SDK's operation name, e.g.
    /// `BatchWriteItem`, `PutObject`, `SendEmail`). Retries by the SDK are attempts too.
    pub fn inject(&self, operation: &str, times: u32, fault: Fault) {
        self.push(operation, None, times, fault);
    }

    /// Faults the next `times` attempts of `operation` whose request body contains `text` (a JSON
    /// body, e.g. SES v2 `SendEmail` to one address); the other attempts go through.
    pub fn inject_when(&self, operation: &str, text: &str, times: u32, fault: Fault) {
        self.push(operation, Some(text.to_string()), times, fault);
    }

    fn push(&self, operation: &str, body_contains: Option<String>, times: u32, fault: Fault) {
        if let Ok(mut rules) = self.rules.lock() {
            rules.push(Rule {
                operation: operation.to_string(),
                body_contains,
                remaining: times,
                fault,
            });
        }
    }

    /// Lifts every fault: the attempts from now on go through (the service has recovered). What was
    /// injected so far stays in [`FaultInjector::injected`].
    pub fn lift(&self) {
        if let Ok(mut rules) = self.rules.lock() {
            rules.clear();
        }
    }

    /// The operations faulted so far, in order.
    pub fn injected(&self) -> Vec<String> {
        self.injected
            .lock()
            .map(|injected| injected.clone())
            .unwrap_or_default()
    }

    fn take_fault(&self, operation: &str, body: Option<&[u8]>) -> Option<Fault> {
        let mut rules = self.rules.lock().ok()?;
        let contains = |text: &str| {
            body.is_some_and(|body| body.windows(text.len().max(1)).any(|window| window == text.as_bytes()))
        };
        let rule = rules.iter_mut().find(|rule| {
            rule.operation == operation && rule.remaining > 0 && rule.body_contains.as_deref().is_none_or(contains)
        })?;
        rule.remaining -= 1;
        let fault = rule.fault.clone();
        if let Ok(mut injected) = self.injected.lock() {
            injected.push(operation.to_string());
        }
        Some(fault)
    }
}

impl Intercept for FaultInjector {
    fn name(&self) -> &'static str {
        "credit-testkit fault injector"
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state().store_put(Pending(None));
        let Some(operation) = cfg.load::<Metadata>().map(|metadata| metadata.name().to_string()) else {
            return Ok(());
        };
        let Some(fault) = self.take_fault(&operation, context.request().body().bytes()) else {
            return Ok(());
        };
        let request = context.request_mut();
        let pending = match fault {
            Fault::Respond {
                status,
                content_type,
                body,
            } => {
                // The attempt must not reach the service: ask the emulator for its harmless index page.
                let uri = request.uri().to_string();
                let origin = uri.split('/').take(3).collect::<Vec<_>>().join("/");
                request.set_uri(format!("{origin}/moto-api/"))?;
                request.set_method("GET")?;
                for header in ["x-amz-target", "content-type", "content-encoding"] {
                    request.headers_mut().remove(header);
                }
                request.headers_mut().insert("content-length", "0");
                *request.body_mut() = SdkBody::empty();
                PendingFault::Respond {
                    status,
                    content_type,
                    body,
                }
            }
            Fault::LeaveUnprocessed { keep } => {
                let bytes = request.body().bytes().ok_or("the batch request body is streamed")?;
                let mut payload: Value = serde_json::from_slice(bytes)?;
                let items = payload
                    .get_mut("RequestItems")
                    .and_then(Value::as_object_mut)
                    .ok_or("no RequestItems in the batch request")?;
                let mut unprocessed = serde_json::Map::new();
                for (table, requests) in items.iter_mut() {
                    if let Some(requests) = requests.as_array_mut() {
                        if requests.len() > keep {
                            let rest = requests.split_off(keep.max(1));
                            unprocessed.insert(table.clone(), Value::Array(rest));
                        }
                    }
                }
                let bytes = serde_json::to_vec(&payload)?;
                request.headers_mut().insert("content-length", bytes.len().to_string());
                *request.body_mut() = SdkBody::from(bytes);
                PendingFault::Unprocessed { unprocessed }
            }
        };
        cfg.interceptor_state().store_put(Pending(Some(pending)));
        Ok(())
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(Pending(Some(pending))) = cfg.load::<Pending>().cloned() else {
            return Ok(());
        };
        cfg.interceptor_state().store_put(Pending(None));
        let response = context.response_mut();
        match pending {
            PendingFault::Respond {
                status,
                content_type,
                body,
            } => {
                let mut replaced = HttpResponse::new(StatusCode::try_from(status)?, SdkBody::from(body.clone()));
                replaced.headers_mut().insert("content-type", content_type);
                replaced.headers_mut().insert("content-length", body.len().to_string());
                *response = replaced;
            }
            PendingFault::Unprocessed { unprocessed } => {
                let bytes = response.body().bytes().ok_or("the batch response body is streamed")?;
                let mut payload: Value = serde_json::from_slice(bytes)?;
                let object = payload.as_object_mut().ok_or("the batch response is not an object")?;
                let slot = object
                    .entry("UnprocessedItems")
                    .or_insert_with(|| Value::Object(serde_json::Map::new()));
                if let Some(slot) = slot.as_object_mut() {
                    for (table, requests) in unprocessed {
                        slot.insert(table, requests);
                    }
                }
                let bytes = serde_json::to_vec(&payload)?;
                response.headers_mut().insert("content-length", bytes.len().to_string());
                *response.body_mut() = SdkBody::from(bytes);
            }
        }
        Ok(())
    }
}
