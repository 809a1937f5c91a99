//! Items: how each record becomes a DynamoDB item and back, and how big it is.
//!
//! Snapshot headers and customers keep their record as one JSON document (`record`, S), the same
//! document the embedded store keeps: a DynamoDB map does not keep the order of its keys, and the
//! aging buckets are an ordered map. Next to it, the figures a person looks for in the console are
//! plain attributes (`month`, `as_of`, `open`, `overdue`...); amounts there are numbers, which
//! DynamoDB normalises ("12.50" is read back as "12.5" on AWS, as written on moto), so they are
//! compared as decimals, never as text. Settings and claims are small flat records stored attribute
//! by attribute with serde_dynamo, so that an operator can read and edit them in the console.

use super::schema::{
    claim_sk, customer_sk, part_sk, snapshot_sk, source_sk, tenant_pk, PARTITION_KEY, REVIEW_PARTITION, REVIEW_PK,
    REVIEW_SK, SETTINGS_SK, SORT_KEY, TTL_ATTRIBUTE, TYPE_ATTRIBUTE,
};
use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, Utc};
use credit_core::analysis::{Analysis, CustomerAnalysis};
use credit_store::claim::ClaimRecord;
use credit_store::{ClaimKey, ReviewDay, SnapshotId, SnapshotSummary, StoreError, TenantId, TenantSettings};
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashMap;
use std::io::{Read, Write};

/// A DynamoDB item.
pub type Item = HashMap<String, AttributeValue>;

/// DynamoDB refuses items over 400 KB (names and values counted).
pub const MAX_ITEM_BYTES: usize = 400 * 1024;
/// A customer item above this is stored compressed: a margin under the limit for the key attributes
/// and for the estimate.
const COMPRESS_ABOVE_BYTES: usize = 380_000;
/// The analysis is split into parts of this many compressed bytes.
pub const PART_BYTES: usize = 350_000;

/// Attribute: the record as JSON (S).
pub const RECORD: &str = "record";
/// Attribute: the record as gzip-compressed JSON (B), for a customer too big otherwise.
const RECORD_GZ: &str = "record_gz";
/// Attribute: the customer's place in the analysis order (N).
const POSITION: &str = "position";
/// Attribute: a part of the gzip-compressed analysis JSON (B).
const DATA: &str = "data";
/// Attribute of a header: how many parts the analysis has (N).
pub const ANALYSIS_PARTS: &str = "analysis_parts";
/// Attribute of a source marker and a customer item: the snapshot id (S).
pub const SNAPSHOT_ID: &str = "snapshot_id";
/// Attribute of a claim: held or done (S).
pub const STATE: &str = "state";

/// The approximate stored size of an item by DynamoDB's rules (attribute names plus values; numbers
/// counted as their text, which is never less than DynamoDB counts them).
pub fn item_size(item: &Item) -> usize {
    item.iter().map(|(name, value)| name.len() + value_size(value)).sum()
}

fn value_size(value: &AttributeValue) -> usize {
    match value {
        AttributeValue::S(text) | AttributeValue::N(text) => text.len(),
        AttributeValue::B(blob) => blob.as_ref().len(),
        AttributeValue::Bool(_) | AttributeValue::Null(_) => 1,
        AttributeValue::L(list) => 3 + list.iter().map(|value| 1 + value_size(value)).sum::<usize>(),
        AttributeValue::M(map) => {
            3 + map
                .iter()
                .map(|(name, value)| name.len() + 1 + value_size(value))
                .sum::<usize>()
        }
        AttributeValue::Ss(set) | AttributeValue::Ns(set) => set.iter().map(String::len).sum(),
        AttributeValue::Bs(set) => set.iter().map(|blob| blob.as_ref().len()).sum(),
        _ => 0,
    }
}

/// Epoch seconds as a number attribute (the TTL format).
pub fn epoch_seconds(instant: DateTime<Utc>) -> AttributeValue {
    AttributeValue::N(instant.timestamp().to_string())
}

fn string(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

fn encode_error(what: &str, error: impl std::fmt::Display) -> StoreError {
    StoreError::backend("encode item", format!("{what}: {error}"))
}

/// A flat record as an item's attributes (a struct becomes one attribute per field).
fn record_item<T: Serialize>(what: &str, record: &T) -> Result<Item, StoreError> {
    serde_dynamo::to_item(record).map_err(|error| encode_error(what, error))
}

/// Reads a record back from an item's attributes; key and bookkeeping attributes are ignored.
pub fn from_record_item<T: DeserializeOwned>(what: &str, item: Item) -> Result<T, StoreError> {
    serde_dynamo::from_item(item).map_err(|error| StoreError::corrupt(what, error))
}

fn keyed(mut item: Item, pk: String, sk: String, item_type: &str) -> Item {
    item.insert(PARTITION_KEY.into(), string(pk));
    item.insert(SORT_KEY.into(), string(sk));
    item.insert(TYPE_ATTRIBUTE.into(), string(item_type));
    item
}

/// The key of an item.
pub fn key(pk: String, sk: String) -> Item {
    HashMap::from([(PARTITION_KEY.into(), string(pk)), (SORT_KEY.into(), string(sk))])
}

/// The key attributes of an item (for deleting it).
pub fn key_of(item: &Item) -> Item {
    item.iter()
        .filter(|(name, _)| name.as_str() == PARTITION_KEY || name.as_str() == SORT_KEY)
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect()
}

/// A text attribute of an item.
pub fn text_attribute<'a>(item: &'a Item, name: &str) -> Option<&'a str> {
    item.get(name).and_then(|value| value.as_s().ok()).map(String::as_str)
}

/// A number attribute of an item.
pub fn number_attribute(item: &Item, name: &str) -> Option<i64> {
    item.get(name)
        .and_then(|value| value.as_n().ok())
        .and_then(|text| text.parse().ok())
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>, StoreError> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder
        .write_all(bytes)
        .map_err(|error| encode_error("compress", error))?;
    encoder.finish().map_err(|error| encode_error("compress", error))
}

fn gunzip(what: &str, bytes: &[u8]) -> Result<Vec<u8>, StoreError> {
    let mut text = Vec::new();
    GzDecoder::new(bytes)
        .read_to_end(&mut text)
        .map_err(|error| StoreError::corrupt(what, error))?;
    Ok(text)
}

/// The items that carry a snapshot's body: one per customer, then the parts of the whole analysis.
pub fn body_items(summary: &SnapshotSummary, analysis: &Analysis) -> Result<(Vec<Item>, usize), StoreError> {
    let pk = tenant_pk(&summary.tenant);
    let ttl = epoch_seconds(summary.expires_at);
    let mut items = Vec::with_capacity(analysis.customers.len() + 1);
    for (position, customer) in analysis.customers.iter().enumerate() {
        let mut item = keyed(
            Item::new(),
            pk.clone(),
            customer_sk(&summary.id, &customer.id),
            "customer",
        );
        item.insert(SNAPSHOT_ID.into(), string(summary.id.as_str()));
        item.insert("customer_id".into(), string(customer.id.clone()));
        item.insert(POSITION.into(), AttributeValue::N(position.to_string()));
        item.insert("open".into(), amount(customer.open));
        item.insert("overdue".into(), amount(customer.overdue));
        if let Some(class) = customer.risk_class {
            item.insert("risk_class".into(), string(format!("{class:?}")));
        }
        item.insert(TTL_ATTRIBUTE.into(), ttl.clone());
        let json = serde_json::to_string(customer).map_err(|error| encode_error("customer", error))?;
        item.insert(RECORD.into(), string(json));
        if item_size(&item) > COMPRESS_ABOVE_BYTES {
            if let Some(AttributeValue::S(json)) = item.remove(RECORD) {
                item.insert(RECORD_GZ.into(), AttributeValue::B(Blob::new(gzip(json.as_bytes())?)));
            }
        }
        let size = item_size(&item);
        if size > MAX_ITEM_BYTES {
            return Err(StoreError::TooLarge {
                what: format!("customer {:?} of snapshot {}", customer.id, summary.id),
                size,
                limit: MAX_ITEM_BYTES,
            });
        }
        items.push(item);
    }
    let json = serde_json::to_vec(analysis).map_err(|error| encode_error("analysis", error))?;
    let compressed = gzip(&json)?;
    let chunks: Vec<&[u8]> = compressed.chunks(PART_BYTES).collect();
    for (index, chunk) in chunks.iter().enumerate() {
        let mut item = keyed(Item::new(), pk.clone(), part_sk(&summary.id, index), "analysis_part");
        item.insert(DATA.into(), AttributeValue::B(Blob::new(chunk.to_vec())));
        item.insert(TTL_ATTRIBUTE.into(), ttl.clone());
        items.push(item);
    }
    Ok((items, chunks.len()))
}

/// A customer and its position, from a customer item.
pub fn customer_from_item(item: Item) -> Result<(usize, CustomerAnalysis), StoreError> {
    let position = number_attribute(&item, POSITION)
        .and_then(|position| usize::try_from(position).ok())
        .ok_or_else(|| StoreError::corrupt("customer item", "no position"))?;
    let json = match (item.get(RECORD), item.get(RECORD_GZ)) {
        (Some(AttributeValue::S(json)), _) => json.as_bytes().to_vec(),
        (_, Some(AttributeValue::B(blob))) => gunzip("customer", blob.as_ref())?,
        _ => return Err(StoreError::corrupt("customer item", "no record attribute")),
    };
    let customer = serde_json::from_slice(&json).map_err(|error| StoreError::corrupt("customer", error))?;
    Ok((position, customer))
}

/// The whole analysis from its parts, in sort-key order.
pub fn analysis_from_parts(parts: &[Item]) -> Result<Analysis, StoreError> {
    let mut compressed = Vec::new();
    for part in parts {
        match part.get(DATA) {
            Some(AttributeValue::B(blob)) => compressed.extend_from_slice(blob.as_ref()),
            _ => return Err(StoreError::corrupt("analysis part", "no data attribute")),
        }
    }
    let json = gunzip("analysis", &compressed)?;
    serde_json::from_slice(&json).map_err(|error| StoreError::corrupt("analysis", error))
}

/// The snapshot header: the summary as JSON, its key figures as attributes, the number of analysis
/// parts, the TTL.
pub fn header_item(summary: &SnapshotSummary, parts: usize) -> Result<Item, StoreError> {
    let json = serde_json::to_string(summary).map_err(|error| encode_error("snapshot", error))?;
    let mut item = keyed(
        Item::new(),
        tenant_pk(&summary.tenant),
        snapshot_sk(&summary.id),
        "snapshot",
    );
    item.insert(RECORD.into(), string(json));
    item.insert("tenant".into(), string(summary.tenant.as_str()));
    item.insert(SNAPSHOT_ID.into(), string(summary.id.as_str()));
    item.insert("month".into(), string(summary.month.to_string()));
    item.insert("as_of".into(), string(summary.as_of.to_string()));
    item.insert("created_at".into(), string(summary.created_at.to_rfc3339()));
    item.insert("file_name".into(), string(summary.source.file_name.clone()));
    item.insert("source_key".into(), string(summary.source.key.clone()));
    item.insert("currency".into(), string(summary.currency.clone()));
    item.insert("open".into(), amount(summary.totals.open));
    item.insert("overdue".into(), amount(summary.totals.overdue));
    item.insert(
        "customer_count".into(),
        AttributeValue::N(summary.customer_count.to_string()),
    );
    item.insert(ANALYSIS_PARTS.into(), AttributeValue::N(parts.to_string()));
    item.insert(TTL_ATTRIBUTE.into(), epoch_seconds(summary.expires_at));
    Ok(item)
}

/// A snapshot summary from its header item.
pub fn summary_from_item(item: &Item) -> Result<SnapshotSummary, StoreError> {
    let json =
        text_attribute(item, RECORD).ok_or_else(|| StoreError::corrupt("snapshot item", "no record attribute"))?;
    serde_json::from_str(json).map_err(|error| StoreError::corrupt("snapshot", error))
}

/// An amount as a number attribute, for people and filters (the record keeps the exact text).
fn amount(value: rust_decimal::Decimal) -> AttributeValue {
    AttributeValue::N(credit_core::money::format_cents(value))
}

/// The upload marker: which snapshot an upload became.
pub fn source_item(summary: &SnapshotSummary, idempotency_key: &str) -> Item {
    let mut item = keyed(
        Item::new(),
        tenant_pk(&summary.tenant),
        source_sk(idempotency_key),
        "source",
    );
    item.insert(SNAPSHOT_ID.into(), string(summary.id.as_str()));
    item.insert("source_key".into(), string(summary.source.key.clone()));
    item.insert(TTL_ATTRIBUTE.into(), epoch_seconds(summary.expires_at));
    item
}

/// The snapshot id a marker points to.
pub fn snapshot_id_of(item: &Item) -> Result<SnapshotId, StoreError> {
    let id = text_attribute(item, SNAPSHOT_ID).ok_or_else(|| StoreError::corrupt("upload marker", "no snapshot id"))?;
    SnapshotId::new(id).map_err(|error| StoreError::corrupt("upload marker", error))
}

/// A tenant's settings; tenants with a review carry the review index's attributes.
pub fn settings_item(settings: &TenantSettings) -> Result<Item, StoreError> {
    let mut item = keyed(
        record_item("settings", settings)?,
        tenant_pk(&settings.tenant),
        SETTINGS_SK.to_string(),
        "settings",
    );
    if settings.review_day != ReviewDay::Never {
        item.insert(REVIEW_PK.into(), string(REVIEW_PARTITION));
        item.insert(REVIEW_SK.into(), string(settings.tenant.as_str()));
    }
    Ok(item)
}

/// A claim, with its expiry as the TTL.
pub fn claim_item(tenant: &TenantId, key: &ClaimKey, record: &ClaimRecord) -> Result<Item, StoreError> {
    let mut item = keyed(record_item("claim", record)?, tenant_pk(tenant), claim_sk(key), "claim");
    item.insert(TTL_ATTRIBUTE.into(), epoch_seconds(record.expires_at));
    Ok(item)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_count_names_and_values() {
        let item: Item = HashMap::from([
            ("PK".to_string(), AttributeValue::S("TENANT#a".into())),
            ("n".to_string(), AttributeValue::N("12.50".into())),
            ("b".to_string(), AttributeValue::B(Blob::new(vec![0; 100]))),
            (
                "m".to_string(),
                AttributeValue::M(HashMap::from([("x".to_string(), AttributeValue::Bool(true))])),
            ),
        ]);
        assert_eq!(item_size(&item), (2 + 8) + (1 + 5) + (1 + 100) + (1 + 3 + 1 + 1 + 1));
    }

    #[test]
    fn compression_round_trips() {
        let text = b"the same words again and again and again".repeat(100);
        assert_eq!(gunzip("test", &gzip(&text).unwrap()).unwrap(), text);
        assert!(gunzip("test", b"not gzip").is_err());
    }
}
