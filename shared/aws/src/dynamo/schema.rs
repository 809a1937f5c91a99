//! The table: its keys, its one index, its TTL attribute, and how to create it (tests, local runs).
//! `shared/aws/TABLE.md` explains the design; the SAM template must declare the same names.

use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection, ProjectionType,
    ScalarAttributeType, TimeToLiveSpecification,
};
use aws_sdk_dynamodb::Client;
use credit_store::{Month, SnapshotId, StoreError, TenantId};

/// Partition key attribute (S): `TENANT#<tenant id>` on every item.
pub const PARTITION_KEY: &str = "PK";
/// Sort key attribute (S): what the item is, see the `*_sk` functions.
pub const SORT_KEY: &str = "SK";
/// The index of tenants with a monthly review: settings items only (a sparse index).
pub const REVIEW_INDEX: &str = "review-index";
/// Partition key of [`REVIEW_INDEX`] (S): always [`REVIEW_PARTITION`].
pub const REVIEW_PK: &str = "review_pk";
/// Sort key of [`REVIEW_INDEX`] (S): the tenant id.
pub const REVIEW_SK: &str = "review_sk";
/// The one value of [`REVIEW_PK`].
pub const REVIEW_PARTITION: &str = "REVIEW";
/// The TTL attribute (N, epoch seconds): DynamoDB deletes the item some time after it.
pub const TTL_ATTRIBUTE: &str = "ttl";
/// The item type attribute (S): snapshot, customer, analysis_part, source, settings, claim.
pub const TYPE_ATTRIBUTE: &str = "type";

/// `TENANT#<tenant>`.
pub fn tenant_pk(tenant: &TenantId) -> String {
    format!("TENANT#{tenant}")
}

/// The prefix of every snapshot header's sort key.
pub const SNAPSHOT_PREFIX: &str = "SNAP#";

/// `SNAP#<snapshot id>`: ids start with the as-of date, so these sort by date.
pub fn snapshot_sk(id: &SnapshotId) -> String {
    format!("{SNAPSHOT_PREFIX}{id}")
}

/// `SNAP#<yyyymm>`: the prefix of the snapshots of a month.
pub fn month_prefix(month: Month) -> String {
    format!("{SNAPSHOT_PREFIX}{:04}{:02}", month.year(), month.month())
}

/// `CUST#<snapshot id>#`: the prefix of a snapshot's customers.
pub fn customers_prefix(id: &SnapshotId) -> String {
    format!("CUST#{id}#")
}

/// `CUST#<snapshot id>#<customer id>`, or `CUST#<snapshot id>#~sha256:<hex>` for an id longer than
/// [`MAX_CUSTOMER_ID_IN_KEY`] bytes: a sort key may not pass 1,024 bytes, and a ledger may hold a
/// 10,000-character id. The customer record keeps the id itself.
pub fn customer_sk(id: &SnapshotId, customer_id: &str) -> String {
    if customer_id.len() <= MAX_CUSTOMER_ID_IN_KEY {
        format!("{}{customer_id}", customers_prefix(id))
    } else {
        format!(
            "{}~sha256:{}",
            customers_prefix(id),
            credit_store::content_hash(customer_id.as_bytes())
        )
    }
}

/// The longest customer id (in bytes) written into a sort key as it is.
pub const MAX_CUSTOMER_ID_IN_KEY: usize = 512;

/// `PART#<snapshot id>#`: the prefix of the parts of a snapshot's whole analysis.
pub fn parts_prefix(id: &SnapshotId) -> String {
    format!("PART#{id}#")
}

/// `PART#<snapshot id>#<nnnn>`.
pub fn part_sk(id: &SnapshotId, index: usize) -> String {
    format!("{}{index:04}", parts_prefix(id))
}

/// `SOURCE#<idempotency key>`: the marker that makes one upload one snapshot.
pub fn source_sk(idempotency_key: &str) -> String {
    format!("SOURCE#{idempotency_key}")
}

/// The sort key of a tenant's settings.
pub const SETTINGS_SK: &str = "SETTINGS";

/// `CLAIM#<claim key>`.
pub fn claim_sk(key: &credit_store::ClaimKey) -> String {
    format!("CLAIM#{key}")
}

/// Creates the table as the SAM template declares it (on-demand billing, the review index, TTL on
/// [`TTL_ATTRIBUTE`]) and waits until it is active. For tests and local runs against moto.
///
/// # Errors
/// [`StoreError::Backend`] when DynamoDB refuses (e.g. the table exists).
pub async fn create_table(client: &Client, name: &str) -> Result<(), StoreError> {
    let string_attribute = |name: &str| {
        AttributeDefinition::builder()
            .attribute_name(name)
            .attribute_type(ScalarAttributeType::S)
            .build()
    };
    let key = |name: &str, key_type: KeyType| {
        KeySchemaElement::builder()
            .attribute_name(name)
            .key_type(key_type)
            .build()
    };
    let build_error = |error: aws_sdk_dynamodb::error::BuildError| StoreError::backend("create table", error);
    let review_index = GlobalSecondaryIndex::builder()
        .index_name(REVIEW_INDEX)
        .key_schema(key(REVIEW_PK, KeyType::Hash).map_err(build_error)?)
        .key_schema(key(REVIEW_SK, KeyType::Range).map_err(build_error)?)
        .projection(Projection::builder().projection_type(ProjectionType::All).build())
        .build()
        .map_err(build_error)?;
    client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(string_attribute(PARTITION_KEY).map_err(build_error)?)
        .attribute_definitions(string_attribute(SORT_KEY).map_err(build_error)?)
        .attribute_definitions(string_attribute(REVIEW_PK).map_err(build_error)?)
        .attribute_definitions(string_attribute(REVIEW_SK).map_err(build_error)?)
        .key_schema(key(PARTITION_KEY, KeyType::Hash).map_err(build_error)?)
        .key_schema(key(SORT_KEY, KeyType::Range).map_err(build_error)?)
        .global_secondary_indexes(review_index)
        .send()
        .await
        .map_err(|error| super::sdk_error("create table", error))?;
    for _ in 0..100 {
        let described = client
            .describe_table()
            .table_name(name)
            .send()
            .await
            .map_err(|error| super::sdk_error("create table", error))?;
        let status = described.table().and_then(|table| table.table_status());
        if status == Some(&aws_sdk_dynamodb::types::TableStatus::Active) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    client
        .update_time_to_live()
        .table_name(name)
        .time_to_live_specification(
            TimeToLiveSpecification::builder()
                .attribute_name(TTL_ATTRIBUTE)
                .enabled(true)
                .build()
                .map_err(build_error)?,
        )
        .send()
        .await
        .map_err(|error| super::sdk_error("enable TTL", error))?;
    Ok(())
}
