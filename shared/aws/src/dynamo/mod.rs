//! The DynamoDB snapshot store: [`DynamoStore`] implements [`SnapshotStore`] on one table.
//!
//! The design (keys, index, access patterns, sizes) is in `shared/aws/TABLE.md`. In short: every item
//! of a tenant lives under `PK = TENANT#<id>`; a snapshot is a header `SNAP#<id>` plus customer items
//! `CUST#<id>#<customer>` and the compressed analysis in `PART#<id>#<n>`; `SOURCE#<upload>` makes one
//! upload one snapshot; settings and claims sit next to them; a sparse index lists the tenants with a
//! monthly review.
//!
//! A put writes the body first (customers and parts, 25 per batch, retrying unprocessed items), then
//! commits the upload marker and the header in one conditional transaction. Readers reach customers
//! and parts only through a header, so a put that dies half-way leaves nothing visible (its items
//! expire with their TTL), and the transaction's condition makes concurrent deliveries of one upload
//! store one snapshot.

mod items;
pub mod retry;
pub mod schema;

pub use items::{item_size, MAX_ITEM_BYTES, PART_BYTES};
pub use retry::RetryPolicy;
pub use schema::create_table;

use async_trait::async_trait;
use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::{
    DeleteRequest, KeysAndAttributes, Put, PutRequest, ReturnValuesOnConditionCheckFailure, TransactWriteItem,
    WriteRequest,
};
use aws_sdk_dynamodb::Client;
use chrono::{DateTime, Utc};
use credit_core::analysis::{Analysis, CustomerAnalysis};
use credit_store::claim::{after, ClaimRecord, ClaimState};
use credit_store::{
    ClaimKey, ClaimOutcome, CustomerPoint, Month, NewSnapshot, PutOutcome, SnapshotId, SnapshotStore, SnapshotSummary,
    StoreError, TenantId, TenantSettings,
};
use items::{Item, ANALYSIS_PARTS};
use retry::{classify, jitter, ErrorClass};
use schema::{
    claim_sk, customer_sk, customers_prefix, month_prefix, parts_prefix, snapshot_sk, source_sk, tenant_pk,
    PARTITION_KEY, REVIEW_INDEX, REVIEW_PARTITION, REVIEW_PK, SETTINGS_SK, SNAPSHOT_PREFIX, SORT_KEY, TTL_ATTRIBUTE,
};
use std::collections::HashMap;
use std::time::Duration;

/// Puts of one upload, and claims of one key, take turns within a process.
///
/// Across processes (Lambda instances) DynamoDB's conditional writes decide, and they are atomic. The
/// moto emulator's are not: it checks a condition and then writes in two Python steps, so two requests
/// arriving together can both pass (seen: 2 of 8 concurrent deliveries committed). Tests, and a Lambda
/// instance that receives the same event twice, run the deliveries in one process; making them take
/// turns here costs nothing in production (the second finds the first's marker and writes nothing)
/// and keeps the emulator honest. Striped, so memory stays fixed; unrelated keys rarely share a stripe.
static TURNS: [tokio::sync::Mutex<()>; 64] = [const { tokio::sync::Mutex::const_new(()) }; 64];

fn turn(tenant: &TenantId, key: &str) -> &'static tokio::sync::Mutex<()> {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    tenant.hash(&mut hasher);
    key.hash(&mut hasher);
    &TURNS[(hasher.finish() % TURNS.len() as u64) as usize]
}

/// BatchWriteItem takes at most 25 requests.
const WRITE_BATCH: usize = 25;
/// BatchGetItem takes at most 100 keys.
const GET_BATCH: usize = 100;

/// The snapshot store on one DynamoDB table.
///
/// Build it once per cold start and share it (`&'static` or `Arc`): it is a cheap handle on the SDK
/// client. The table must exist with the layout of [`schema`] (the SAM template creates it;
/// [`create_table`] does in tests).
#[derive(Clone, Debug)]
pub struct DynamoStore {
    client: Client,
    table: String,
    retry: RetryPolicy,
}

/// An SDK error as a store error, with the whole error chain in the message.
pub(crate) fn sdk_error<E, R>(operation: &'static str, error: SdkError<E, R>) -> StoreError
where
    E: std::error::Error + 'static,
    R: std::fmt::Debug,
{
    StoreError::backend(operation, DisplayErrorContext(&error).to_string())
}

fn transient<E: ProvideErrorMetadata>(error: &SdkError<E, aws_sdk_dynamodb::config::http::HttpResponse>) -> bool {
    match error {
        SdkError::ServiceError(service) => {
            classify(service.err().code()) == ErrorClass::Transient || service.raw().status().is_server_error()
        }
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => true,
        _ => false,
    }
}

fn string_value(text: impl Into<String>) -> aws_sdk_dynamodb::types::AttributeValue {
    aws_sdk_dynamodb::types::AttributeValue::S(text.into())
}

fn build_error(error: aws_sdk_dynamodb::error::BuildError) -> StoreError {
    StoreError::backend("build request", error)
}

impl DynamoStore {
    /// A store on `table` (the `TABLE_NAME` of the functions' environment), with the default
    /// [`RetryPolicy`].
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        DynamoStore {
            client,
            table: table.into(),
            retry: RetryPolicy::default(),
        }
    }

    /// Replaces the retry policy for unprocessed batch items and throttling that outlasts the SDK's
    /// own retries.
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The table's name.
    pub fn table(&self) -> &str {
        &self.table
    }

    /// The SDK client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    async fn pause(&self, next_attempt: u32) -> bool {
        match self.retry.delay_before(next_attempt, jitter()) {
            Some(delay) => {
                tokio::time::sleep(delay).await;
                true
            }
            None => false,
        }
    }

    async fn get_item(&self, operation: &'static str, pk: String, sk: String) -> Result<Option<Item>, StoreError> {
        let mut attempt = 1;
        loop {
            let result = self
                .client
                .get_item()
                .table_name(&self.table)
                .set_key(Some(items::key(pk.clone(), sk.clone())))
                .consistent_read(true)
                .send()
                .await;
            match result {
                Ok(output) => return Ok(output.item),
                Err(error) if transient(&error) && self.pause(attempt + 1).await => attempt += 1,
                Err(error) => return Err(sdk_error(operation, error)),
            }
        }
    }

    /// Every item of a tenant whose sort key starts with `prefix`, in sort-key order (or reversed),
    /// read page by page until `accept` has taken `want` of them.
    async fn query_prefix(
        &self,
        operation: &'static str,
        tenant: &TenantId,
        prefix: &str,
        newest_first: bool,
        want: usize,
        mut accept: impl FnMut(Item) -> Result<bool, StoreError> + Send,
    ) -> Result<(), StoreError> {
        let mut taken = 0;
        let mut start: Option<Item> = None;
        let mut attempt = 1;
        while taken < want {
            let result = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expression_attribute_names("#pk", PARTITION_KEY)
                .expression_attribute_names("#sk", SORT_KEY)
                .expression_attribute_values(":pk", string_value(tenant_pk(tenant)))
                .expression_attribute_values(":prefix", string_value(prefix))
                .scan_index_forward(!newest_first)
                .consistent_read(true)
                .limit(i32::try_from(want.saturating_sub(taken).clamp(1, 500)).unwrap_or(500))
                .set_exclusive_start_key(start.take())
                .send()
                .await;
            let output = match result {
                Ok(output) => output,
                Err(error) if transient(&error) && self.pause(attempt + 1).await => {
                    attempt += 1;
                    continue;
                }
                Err(error) => return Err(sdk_error(operation, error)),
            };
            for item in output.items.unwrap_or_default() {
                if taken >= want {
                    break;
                }
                if accept(item)? {
                    taken += 1;
                }
            }
            match output.last_evaluated_key {
                Some(key) if !key.is_empty() => start = Some(key),
                _ => break,
            }
        }
        Ok(())
    }

    /// Snapshot headers under `prefix`, newest first, skipping expired ones.
    async fn headers(&self, tenant: &TenantId, prefix: &str, limit: usize) -> Result<Vec<SnapshotSummary>, StoreError> {
        let now = Utc::now();
        let mut found = Vec::new();
        self.query_prefix("list snapshots", tenant, prefix, true, limit, |item| {
            let summary = items::summary_from_item(&item)?;
            let live = summary.expires_at > now;
            if live {
                found.push(summary);
            }
            Ok(live)
        })
        .await?;
        Ok(found)
    }

    async fn header(&self, tenant: &TenantId, id: &SnapshotId) -> Result<Option<(SnapshotSummary, usize)>, StoreError> {
        let Some(item) = self
            .get_item("get snapshot", tenant_pk(tenant), snapshot_sk(id))
            .await?
        else {
            return Ok(None);
        };
        let parts = items::number_attribute(&item, ANALYSIS_PARTS).unwrap_or(0);
        let summary = items::summary_from_item(&item)?;
        if summary.expires_at <= Utc::now() {
            return Ok(None);
        }
        Ok(Some((summary, usize::try_from(parts).unwrap_or(0))))
    }

    /// The live snapshot an upload already became, if any.
    async fn stored_for_source(
        &self,
        tenant: &TenantId,
        idempotency_key: &str,
    ) -> Result<Option<SnapshotSummary>, StoreError> {
        let Some(marker) = self
            .get_item("put snapshot", tenant_pk(tenant), source_sk(idempotency_key))
            .await?
        else {
            return Ok(None);
        };
        let id = items::snapshot_id_of(&marker)?;
        Ok(self.header(tenant, &id).await?.map(|(summary, _)| summary))
    }

    /// Writes items 25 at a time, sending unprocessed items again with backoff until none is left or
    /// the attempts run out.
    async fn write_all(&self, operation: &'static str, requests: Vec<WriteRequest>) -> Result<(), StoreError> {
        for batch in requests.chunks(WRITE_BATCH) {
            let mut pending = batch.to_vec();
            let mut attempt = 1;
            loop {
                let result = self
                    .client
                    .batch_write_item()
                    .request_items(&self.table, pending.clone())
                    .send()
                    .await;
                match result {
                    Ok(output) => {
                        pending = output
                            .unprocessed_items
                            .and_then(|mut unprocessed| unprocessed.remove(&self.table))
                            .unwrap_or_default();
                        if pending.is_empty() {
                            break;
                        }
                        tracing::warn!(
                            table = %self.table,
                            unprocessed = pending.len(),
                            attempt,
                            "DynamoDB left batch items unprocessed; retrying them"
                        );
                    }
                    Err(error) if transient(&error) => {
                        tracing::warn!(table = %self.table, attempt, error = %DisplayErrorContext(&error), "batch write throttled; retrying");
                    }
                    Err(error) => return Err(sdk_error(operation, error)),
                }
                if !self.pause(attempt + 1).await {
                    return Err(StoreError::backend(
                        operation,
                        format!(
                            "{} items still unprocessed or throttled after {attempt} attempts",
                            pending.len()
                        ),
                    ));
                }
                attempt += 1;
            }
        }
        Ok(())
    }

    /// Reads items by key, 100 at a time, retrying unprocessed keys.
    async fn get_all(&self, operation: &'static str, keys: Vec<Item>) -> Result<Vec<Item>, StoreError> {
        let mut found = Vec::with_capacity(keys.len());
        for batch in keys.chunks(GET_BATCH) {
            let mut pending = batch.to_vec();
            let mut attempt = 1;
            while !pending.is_empty() {
                let request = KeysAndAttributes::builder()
                    .set_keys(Some(pending.clone()))
                    .consistent_read(true)
                    .build()
                    .map_err(build_error)?;
                let result = self
                    .client
                    .batch_get_item()
                    .request_items(&self.table, request)
                    .send()
                    .await;
                match result {
                    Ok(mut output) => {
                        found.extend(
                            output
                                .responses
                                .as_mut()
                                .and_then(|responses| responses.remove(&self.table))
                                .unwrap_or_default(),
                        );
                        pending = output
                            .unprocessed_keys
                            .and_then(|mut unprocessed| unprocessed.remove(&self.table))
                            .map(|keys| keys.keys)
                            .unwrap_or_default();
                        if pending.is_empty() {
                            break;
                        }
                    }
                    Err(error) if transient(&error) => {}
                    Err(error) => return Err(sdk_error(operation, error)),
                }
                if !self.pause(attempt + 1).await {
                    return Err(StoreError::backend(
                        operation,
                        format!("{} keys still unprocessed after {attempt} attempts", pending.len()),
                    ));
                }
                attempt += 1;
            }
        }
        Ok(found)
    }

    /// Commits a snapshot: the upload marker (unless a live one exists) and the header, together.
    /// `Ok(false)` when another delivery of the same upload committed first.
    async fn commit(&self, marker: Item, header: Item, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let marker_put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(marker))
            .condition_expression("attribute_not_exists(#pk) OR #ttl <= :now")
            .expression_attribute_names("#pk", PARTITION_KEY)
            .expression_attribute_names("#ttl", TTL_ATTRIBUTE)
            .expression_attribute_values(":now", items::epoch_seconds(now))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .build()
            .map_err(build_error)?;
        let header_put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(header))
            .condition_expression("attribute_not_exists(#pk)")
            .expression_attribute_names("#pk", PARTITION_KEY)
            .build()
            .map_err(build_error)?;
        let mut attempt = 1;
        loop {
            let result = self
                .client
                .transact_write_items()
                .transact_items(TransactWriteItem::builder().put(marker_put.clone()).build())
                .transact_items(TransactWriteItem::builder().put(header_put.clone()).build())
                .send()
                .await;
            let error = match result {
                Ok(_) => return Ok(true),
                Err(error) => error,
            };
            let condition_failed = error
                .as_service_error()
                .filter(|service| service.is_transaction_canceled_exception())
                .and_then(|service| match service {
                    aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError::TransactionCanceledException(
                        canceled,
                    ) => Some(canceled.cancellation_reasons().iter().any(|reason| reason.code() == Some("ConditionalCheckFailed"))),
                    _ => None,
                });
            match condition_failed {
                Some(true) => return Ok(false),
                // Cancelled for a conflict or throttling: the same transaction may pass next time.
                Some(false) => {}
                None if transient(&error) => {}
                None => return Err(sdk_error("commit snapshot", error)),
            }
            if !self.pause(attempt + 1).await {
                return Err(sdk_error("commit snapshot", error));
            }
            attempt += 1;
        }
    }

    /// Deletes the body items of a put that lost the race (best effort: their TTL removes them anyway).
    async fn discard(&self, body: &[Item]) {
        let deletes: Vec<WriteRequest> = body
            .iter()
            .filter_map(|item| {
                DeleteRequest::builder()
                    .set_key(Some(items::key_of(item)))
                    .build()
                    .ok()
                    .map(|delete| WriteRequest::builder().delete_request(delete).build())
            })
            .collect();
        if let Err(error) = self.write_all("discard", deletes).await {
            tracing::warn!(table = %self.table, %error, "could not delete the items of a duplicate put; their TTL will");
        }
    }

    async fn claim_record(&self, tenant: &TenantId, key: &ClaimKey) -> Result<Option<ClaimRecord>, StoreError> {
        self.get_item("claim", tenant_pk(tenant), claim_sk(key))
            .await?
            .map(|item| items::from_record_item("claim", item))
            .transpose()
    }
}

#[async_trait]
impl SnapshotStore for DynamoStore {
    async fn put_snapshot(&self, snapshot: &NewSnapshot) -> Result<PutOutcome, StoreError> {
        let summary = snapshot.summary();
        let tenant = &snapshot.tenant;
        let idempotency_key = snapshot.source.idempotency_key();
        tracing::debug!(tenant = %tenant, snapshot = %summary.id, source = %snapshot.source.key, "put snapshot");
        let _turn = turn(tenant, &idempotency_key).lock().await;
        if let Some(existing) = self.stored_for_source(tenant, &idempotency_key).await? {
            return Ok(PutOutcome::AlreadyStored(existing));
        }
        let (body, parts) = items::body_items(&summary, &snapshot.analysis)?;
        let header = items::header_item(&summary, parts)?;
        let header_size = items::item_size(&header);
        if header_size > MAX_ITEM_BYTES {
            return Err(StoreError::TooLarge {
                what: format!("snapshot header {}", summary.id),
                size: header_size,
                limit: MAX_ITEM_BYTES,
            });
        }
        let writes = body
            .iter()
            .map(|item| {
                PutRequest::builder()
                    .set_item(Some(item.clone()))
                    .build()
                    .map(|put| WriteRequest::builder().put_request(put).build())
                    .map_err(build_error)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let marker = items::source_item(&summary, &idempotency_key);
        let committed = match self.write_all("put snapshot", writes).await {
            Ok(()) => self.commit(marker, header, Utc::now()).await,
            Err(error) => Err(error),
        };
        match committed {
            Ok(true) => return Ok(PutOutcome::Stored(summary)),
            Ok(false) => {}
            Err(error) => {
                // Nothing is visible without the header, but the body would wait for its TTL (months):
                // remove it now if DynamoDB lets us; the redelivered event writes its own.
                self.discard(&body).await;
                return Err(error);
            }
        }
        self.discard(&body).await;
        match self.stored_for_source(tenant, &idempotency_key).await? {
            Some(existing) => Ok(PutOutcome::AlreadyStored(existing)),
            None => Err(StoreError::backend(
                "put snapshot",
                "another delivery of this upload committed, but its snapshot cannot be read",
            )),
        }
    }

    async fn snapshot(&self, tenant: &TenantId, id: &SnapshotId) -> Result<Option<SnapshotSummary>, StoreError> {
        Ok(self.header(tenant, id).await?.map(|(summary, _)| summary))
    }

    async fn snapshot_of_month(&self, tenant: &TenantId, month: Month) -> Result<Option<SnapshotSummary>, StoreError> {
        Ok(self.headers(tenant, &month_prefix(month), 1).await?.into_iter().next())
    }

    async fn list_snapshots(&self, tenant: &TenantId, limit: usize) -> Result<Vec<SnapshotSummary>, StoreError> {
        self.headers(tenant, SNAPSHOT_PREFIX, limit).await
    }

    async fn analysis(&self, tenant: &TenantId, id: &SnapshotId) -> Result<Option<Analysis>, StoreError> {
        let Some((_, expected_parts)) = self.header(tenant, id).await? else {
            return Ok(None);
        };
        let mut parts = Vec::new();
        self.query_prefix("get analysis", tenant, &parts_prefix(id), false, usize::MAX, |item| {
            parts.push(item);
            Ok(true)
        })
        .await?;
        if parts.len() != expected_parts {
            return Err(StoreError::corrupt(
                "analysis",
                format!("snapshot {id} has {} parts of {expected_parts}", parts.len()),
            ));
        }
        items::analysis_from_parts(&parts).map(Some)
    }

    async fn customers(&self, tenant: &TenantId, id: &SnapshotId) -> Result<Vec<CustomerAnalysis>, StoreError> {
        if self.header(tenant, id).await?.is_none() {
            return Ok(Vec::new());
        }
        let mut customers = Vec::new();
        self.query_prefix(
            "list customers",
            tenant,
            &customers_prefix(id),
            false,
            usize::MAX,
            |item| {
                customers.push(items::customer_from_item(item)?);
                Ok(true)
            },
        )
        .await?;
        customers.sort_by_key(|(position, _)| *position);
        Ok(customers.into_iter().map(|(_, customer)| customer).collect())
    }

    async fn customer_history(
        &self,
        tenant: &TenantId,
        customer_id: &str,
        limit: usize,
    ) -> Result<Vec<CustomerPoint>, StoreError> {
        let snapshots = self.list_snapshots(tenant, limit).await?;
        let keys = snapshots
            .iter()
            .map(|snapshot| items::key(tenant_pk(tenant), customer_sk(&snapshot.id, customer_id)))
            .collect();
        let mut by_snapshot: HashMap<String, CustomerAnalysis> = HashMap::new();
        for item in self.get_all("customer history", keys).await? {
            let Some(snapshot_id) = items::text_attribute(&item, items::SNAPSHOT_ID).map(str::to_string) else {
                continue;
            };
            by_snapshot.insert(snapshot_id, items::customer_from_item(item)?.1);
        }
        Ok(snapshots
            .into_iter()
            .filter_map(|snapshot| {
                by_snapshot.remove(snapshot.id.as_str()).map(|customer| CustomerPoint {
                    snapshot_id: snapshot.id,
                    month: snapshot.month,
                    as_of: snapshot.as_of,
                    customer,
                })
            })
            .collect())
    }

    async fn settings(&self, tenant: &TenantId) -> Result<Option<TenantSettings>, StoreError> {
        self.get_item("get settings", tenant_pk(tenant), SETTINGS_SK.to_string())
            .await?
            .map(|item| items::from_record_item("settings", item))
            .transpose()
    }

    async fn put_settings(&self, settings: &TenantSettings) -> Result<(), StoreError> {
        settings.validate()?;
        let item = items::settings_item(settings)?;
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .send()
            .await
            .map_err(|error| sdk_error("put settings", error))?;
        Ok(())
    }

    async fn tenants_due_for_review(
        &self,
        month: Month,
        now: DateTime<Utc>,
    ) -> Result<Vec<TenantSettings>, StoreError> {
        let mut due = Vec::new();
        let mut start: Option<Item> = None;
        let mut attempt = 1;
        loop {
            let result = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(REVIEW_INDEX)
                .key_condition_expression("#rpk = :review")
                .expression_attribute_names("#rpk", REVIEW_PK)
                .expression_attribute_values(":review", string_value(REVIEW_PARTITION))
                .set_exclusive_start_key(start.clone())
                .send()
                .await;
            let output = match result {
                Ok(output) => output,
                Err(error) if transient(&error) && self.pause(attempt + 1).await => {
                    attempt += 1;
                    continue;
                }
                Err(error) => return Err(sdk_error("tenants due", error)),
            };
            for item in output.items.unwrap_or_default() {
                let settings: TenantSettings = items::from_record_item("settings", item)?;
                if settings.is_review_due(month, now) {
                    due.push(settings);
                }
            }
            match output.last_evaluated_key {
                Some(key) if !key.is_empty() => start = Some(key),
                _ => break,
            }
        }
        let review = ClaimKey::review(month);
        let keys = due
            .iter()
            .map(|settings| items::key(tenant_pk(&settings.tenant), claim_sk(&review)))
            .collect();
        let mut claimed = std::collections::HashSet::new();
        for item in self.get_all("tenants due", keys).await? {
            let Some(pk) = items::text_attribute(&item, PARTITION_KEY).map(str::to_string) else {
                continue;
            };
            let record: ClaimRecord = items::from_record_item("claim", item)?;
            if record.outcome_at(now).is_some() {
                claimed.insert(pk);
            }
        }
        due.retain(|settings| !claimed.contains(&tenant_pk(&settings.tenant)));
        due.sort_by(|a, b| a.tenant.cmp(&b.tenant));
        Ok(due)
    }

    async fn claim(&self, tenant: &TenantId, key: &ClaimKey, lease: Duration) -> Result<ClaimOutcome, StoreError> {
        let _turn = turn(tenant, key.as_str()).lock().await;
        for _ in 0..3 {
            let now = Utc::now();
            let record = ClaimRecord {
                state: ClaimState::Held,
                expires_at: after(now, lease),
            };
            let result = self
                .client
                .put_item()
                .table_name(&self.table)
                .set_item(Some(items::claim_item(tenant, key, &record)?))
                .condition_expression("attribute_not_exists(#pk) OR #ttl <= :now")
                .expression_attribute_names("#pk", PARTITION_KEY)
                .expression_attribute_names("#ttl", TTL_ATTRIBUTE)
                .expression_attribute_values(":now", items::epoch_seconds(now))
                .send()
                .await;
            match result {
                Ok(_) => return Ok(ClaimOutcome::Acquired),
                Err(error)
                    if error
                        .as_service_error()
                        .is_some_and(|service| service.is_conditional_check_failed_exception()) =>
                {
                    // Someone holds it or it is done; if it was released in between, try again.
                    if let Some(outcome) = self
                        .claim_record(tenant, key)
                        .await?
                        .and_then(|stored| stored.outcome_at(Utc::now()))
                    {
                        return Ok(outcome);
                    }
                }
                Err(error) => return Err(sdk_error("claim", error)),
            }
        }
        Err(StoreError::backend(
            "claim",
            format!("claim {key} kept changing under us"),
        ))
    }

    async fn complete_claim(&self, tenant: &TenantId, key: &ClaimKey, keep: Duration) -> Result<(), StoreError> {
        let record = ClaimRecord {
            state: ClaimState::Done,
            expires_at: after(Utc::now(), keep),
        };
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(items::claim_item(tenant, key, &record)?))
            .send()
            .await
            .map_err(|error| sdk_error("complete claim", error))?;
        Ok(())
    }

    async fn release_claim(&self, tenant: &TenantId, key: &ClaimKey) -> Result<(), StoreError> {
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(items::key(tenant_pk(tenant), claim_sk(key))))
            .condition_expression("#state = :held")
            .expression_attribute_names("#state", items::STATE)
            .expression_attribute_values(":held", string_value("held"))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error)
                if error
                    .as_service_error()
                    .is_some_and(|service| service.is_conditional_check_failed_exception()) =>
            {
                Ok(())
            }
            Err(error) => Err(sdk_error("release claim", error)),
        }
    }
}
