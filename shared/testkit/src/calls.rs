//! Records every call an SDK client makes, so that a test can compare what a function really does with
//! what its IAM role allows (moto enforces no IAM, so a missing permission shows only in AWS).
//!
//! ```no_run
//! # async fn example() {
//! use credit_testkit::calls::CallRecorder;
//! let calls = CallRecorder::new();
//! let config = credit_testkit::moto().sdk_config().await;
//! let dynamo_config = aws_sdk_dynamodb::config::Builder::from(&config).interceptor(calls.clone()).build();
//! let client = aws_sdk_dynamodb::Client::from_conf(dynamo_config);
//! // ... use the client; then: for call in calls.calls() { ... }
//! # let _ = client;
//! # }
//! ```
//!
//! A call is recorded when its request is about to be signed, with the endpoint applied (so an S3
//! path is `/<bucket>/<key>`): once per attempt, so the SDK's own retries show as repeated calls, and
//! presigned requests (which the client never sends) are recorded too, since the URL's holder acts
//! with the signer's permissions.

use aws_sdk_dynamodb::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use serde_json::Value;
use std::sync::{Arc, Mutex};

/// One call to an AWS service.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Call {
    /// The service as the SDK names it (`DynamoDB`, `S3`, `SESv2`).
    pub service: String,
    /// The operation (`Query`, `GetObject`, `SendEmail`).
    pub operation: String,
    /// The request's URI path: `/<bucket>/<key>` for S3 (path-style addressing), `/` for DynamoDB.
    pub path: String,
    /// DynamoDB: the table the request names (`TableName`, or the keys of `RequestItems`).
    pub tables: Vec<String>,
    /// DynamoDB: the index a `Query` or `Scan` reads.
    pub index: Option<String>,
    /// DynamoDB `TransactWriteItems`: the kind of each item (`Put`, `Update`, `Delete`,
    /// `ConditionCheck`), each authorised as its own action.
    pub transact: Vec<String>,
}

/// An SDK interceptor that records the calls of every client it is added to. Clones share the record.
#[derive(Debug, Clone, Default)]
pub struct CallRecorder {
    calls: Arc<Mutex<Vec<Call>>>,
}

impl CallRecorder {
    /// A recorder with nothing recorded.
    pub fn new() -> Self {
        CallRecorder::default()
    }

    /// The calls so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.calls.lock().map(|calls| calls.clone()).unwrap_or_default()
    }
}

/// What a DynamoDB JSON request names: its tables, its index, and the kinds of its transaction items.
fn dynamodb_details(body: &[u8]) -> (Vec<String>, Option<String>, Vec<String>) {
    let Ok(payload) = serde_json::from_slice::<Value>(body) else {
        return (Vec::new(), None, Vec::new());
    };
    let mut tables: Vec<String> = payload["TableName"].as_str().map(str::to_owned).into_iter().collect();
    tables.extend(
        payload["RequestItems"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(table, _)| table.clone()),
    );
    let mut transact = Vec::new();
    for item in payload["TransactItems"].as_array().into_iter().flatten() {
        for (kind, request) in item.as_object().into_iter().flatten() {
            transact.push(kind.clone());
            if let Some(table) = request["TableName"].as_str() {
                tables.push(table.to_owned());
            }
        }
    }
    tables.sort();
    tables.dedup();
    let index = payload["IndexName"].as_str().map(str::to_owned);
    (tables, index, transact)
}

impl Intercept for CallRecorder {
    fn name(&self) -> &'static str {
        "credit-testkit call recorder"
    }

    fn read_before_signing(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(metadata) = cfg.load::<Metadata>() else {
            return Ok(());
        };
        let request = context.request();
        let path = request
            .uri()
            .split('?')
            .next()
            .unwrap_or_default()
            .splitn(4, '/')
            .nth(3)
            .map(|rest| format!("/{rest}"))
            .unwrap_or_else(|| "/".to_owned());
        let (tables, index, transact) = if metadata.service() == "DynamoDB" {
            request.body().bytes().map(dynamodb_details).unwrap_or_default()
        } else {
            (Vec::new(), None, Vec::new())
        };
        if let Ok(mut calls) = self.calls.lock() {
            calls.push(Call {
                service: metadata.service().to_owned(),
                operation: metadata.name().to_owned(),
                path,
                tables,
                index,
                transact,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transaction_names_each_item_kind_and_its_table() {
        let body = br#"{"TransactItems":[{"Put":{"TableName":"t","Item":{}}},{"Put":{"TableName":"t","Item":{}}},{"ConditionCheck":{"TableName":"t"}}]}"#;
        assert_eq!(
            dynamodb_details(body),
            (
                vec!["t".to_owned()],
                None,
                vec!["Put".into(), "Put".into(), "ConditionCheck".into()]
            )
        );
        let query = br#"{"TableName":"t","IndexName":"review-index"}"#;
        assert_eq!(
            dynamodb_details(query),
            (vec!["t".to_owned()], Some("review-index".to_owned()), Vec::new())
        );
        let batch = br#"{"RequestItems":{"t":[]}}"#;
        assert_eq!(dynamodb_details(batch).0, vec!["t".to_owned()]);
    }
}
