//! What the store keeps: snapshots of analyses, their per-customer parts, and their identities.

use crate::error::StoreError;
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use credit_core::analysis::{Analysis, CustomerAnalysis, Kpis, Totals};
use credit_core::lang::Lang;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// How long snapshots are kept when the tenant's settings say nothing: 25 months, so that the
/// monthly review can always compare a month with the same month a year before, plus a margin.
pub const DEFAULT_RETENTION_MONTHS: u32 = 25;

/// A tenant: one business (or one accountant's client) whose data is kept apart from every other's.
///
/// 1 to 128 characters from `A-Z a-z 0-9 . _ -`. The id is part of every key, object prefix and claim,
/// so it may hold no separator (`#`, `/`), no space and nothing that URL-encoding would change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TenantId(String);

impl TenantId {
    /// Checks and wraps a tenant id.
    ///
    /// # Errors
    /// [`StoreError::InvalidTenant`] when the text is empty, longer than 128 characters or holds a
    /// character outside `A-Z a-z 0-9 . _ -`.
    pub fn new(id: impl Into<String>) -> Result<Self, StoreError> {
        let id = id.into();
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
        if id.is_empty() || id.len() > 128 || !id.chars().all(allowed) {
            return Err(StoreError::InvalidTenant(id));
        }
        Ok(TenantId(id))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for TenantId {
    type Err = StoreError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        TenantId::new(text)
    }
}

impl Serialize for TenantId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for TenantId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        TenantId::new(String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

/// A snapshot's id: `<as_of YYYYMMDD>-<created_at YYYYMMDDhhmmssffffff>-<8 hex of the source>`.
///
/// Ids sort like the snapshots they name: by as-of date, then by when they were stored. That order is
/// "newest first" everywhere (listings, latest, the snapshot of a month).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SnapshotId(String);

impl SnapshotId {
    /// Checks and wraps an id read from a user or a stored record.
    ///
    /// # Errors
    /// [`StoreError::InvalidSnapshotId`] unless it has 1 to 64 characters from `A-Z a-z 0-9 -`.
    pub fn new(id: impl Into<String>) -> Result<Self, StoreError> {
        let id = id.into();
        if id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(StoreError::InvalidSnapshotId(id));
        }
        Ok(SnapshotId(id))
    }

    /// The id of a snapshot of `source` as of `as_of`, stored at `created_at`.
    pub fn generate(as_of: NaiveDate, created_at: DateTime<Utc>, source: &SourceRef) -> Self {
        let source_hash = source.idempotency_key();
        SnapshotId(format!(
            "{}-{}-{}",
            as_of.format("%Y%m%d"),
            created_at.format("%Y%m%d%H%M%S%6f"),
            &source_hash[..8]
        ))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SnapshotId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for SnapshotId {
    type Err = StoreError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        SnapshotId::new(text)
    }
}

impl Serialize for SnapshotId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SnapshotId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        SnapshotId::new(String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

/// A calendar month, written `YYYY-MM`; the month of a snapshot is the month of its as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// The month `month` (1-12) of `year` (1-9999).
    ///
    /// # Errors
    /// [`StoreError::InvalidMonth`] outside those ranges.
    pub fn new(year: i32, month: u32) -> Result<Self, StoreError> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return Err(StoreError::InvalidMonth(format!("{year}-{month}")));
        }
        Ok(Month { year, month })
    }

    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> Self {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month number, 1 (January) to 12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The month `count` months before this one ("2026-01".minus(1) is "2025-12").
    pub fn minus(self, count: u32) -> Month {
        let index = self.index() - i64::from(count);
        Month::from_index(index)
    }

    /// The month after this one.
    pub fn next(self) -> Month {
        Month::from_index(self.index() + 1)
    }

    fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    fn from_index(index: i64) -> Month {
        let year = index.div_euclid(12);
        let month = index.rem_euclid(12) + 1;
        Month {
            year: i32::try_from(year).unwrap_or(1).clamp(1, 9999),
            month: u32::try_from(month).unwrap_or(1),
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = StoreError;

    /// Reads `YYYY-MM`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || StoreError::InvalidMonth(text.to_string());
        let (year, month) = text.trim().split_once('-').ok_or_else(invalid)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(invalid());
        }
        let year = year.parse().map_err(|_| invalid())?;
        let month = month.parse().map_err(|_| invalid())?;
        Month::new(year, month).map_err(|_| invalid())
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// Where a snapshot's ledger came from, and what makes two deliveries of it the same upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// The file name the user gave ("ledger-october.xlsx").
    pub file_name: String,
    /// What names this upload: the S3 object key (`tenant/uploads/<upload id>/...`), or for the command
    /// line the file name.
    pub key: String,
    /// What the upload contained: the S3 ETag, or [`content_hash`] of the bytes.
    pub content_hash: String,
}

impl SourceRef {
    /// A source reference.
    pub fn new(file_name: impl Into<String>, key: impl Into<String>, content_hash: impl Into<String>) -> Self {
        SourceRef {
            file_name: file_name.into(),
            key: key.into(),
            content_hash: content_hash.into(),
        }
    }

    /// The idempotency key: SHA-256 (hex) of the key and the content hash. The same object delivered
    /// twice has the same key; an object overwritten with other content has another.
    pub fn idempotency_key(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.key.as_bytes());
        hasher.update([0u8]);
        hasher.update(self.content_hash.as_bytes());
        hex(&hasher.finalize())
    }
}

/// SHA-256 of a file's bytes as lowercase hex: the content hash of a ledger read from disk.
pub fn content_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A snapshot to store: the analysis of one upload of one tenant.
#[derive(Debug, Clone)]
pub struct NewSnapshot {
    /// Whose snapshot it is.
    pub tenant: TenantId,
    /// Where the ledger came from; two puts with the same source store one snapshot.
    pub source: SourceRef,
    /// The analysis (its `as_of` decides the snapshot's month).
    pub analysis: Analysis,
    /// When it is stored.
    pub created_at: DateTime<Utc>,
    /// How many months it is kept before the store may delete it.
    pub retention_months: u32,
}

impl NewSnapshot {
    /// A snapshot stored now, kept for [`DEFAULT_RETENTION_MONTHS`].
    pub fn new(tenant: TenantId, source: SourceRef, analysis: Analysis) -> Self {
        NewSnapshot {
            tenant,
            source,
            analysis,
            created_at: Utc::now(),
            retention_months: DEFAULT_RETENTION_MONTHS,
        }
    }

    /// Keeps the snapshot `months` months (from the tenant's settings).
    pub fn with_retention_months(mut self, months: u32) -> Self {
        self.retention_months = months;
        self
    }

    /// Sets when the snapshot is stored (tests, replays of old uploads).
    pub fn with_created_at(mut self, created_at: DateTime<Utc>) -> Self {
        self.created_at = created_at;
        self
    }

    /// The summary this snapshot will have once stored, under the id it will be stored with.
    pub fn summary(&self) -> SnapshotSummary {
        let analysis = &self.analysis;
        SnapshotSummary {
            tenant: self.tenant.clone(),
            id: SnapshotId::generate(analysis.as_of, self.created_at, &self.source),
            month: Month::of(analysis.as_of),
            as_of: analysis.as_of,
            created_at: self.created_at,
            expires_at: expiry(self.created_at, self.retention_months),
            source: self.source.clone(),
            currency: analysis.currency.clone(),
            language: analysis.language,
            totals: analysis.totals.clone(),
            kpis: analysis.kpis.clone(),
            customer_count: analysis.customers.len(),
            issue_count: analysis.issues.len(),
        }
    }
}

/// When something created at `created_at` and kept `months` months expires.
pub fn expiry(created_at: DateTime<Utc>, months: u32) -> DateTime<Utc> {
    created_at
        .checked_add_months(Months::new(months))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// What the store returns for a snapshot: its identity and the portfolio figures, without the
/// per-customer parts (read those with `customers` or the whole `analysis`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotSummary {
    /// Whose snapshot it is.
    pub tenant: TenantId,
    /// The snapshot's id.
    pub id: SnapshotId,
    /// The month of `as_of`.
    pub month: Month,
    /// The date the ledger was aged at.
    pub as_of: NaiveDate,
    /// When it was stored.
    pub created_at: DateTime<Utc>,
    /// When the store may delete it (the retention TTL).
    pub expires_at: DateTime<Utc>,
    /// Where the ledger came from.
    pub source: SourceRef,
    /// The currency of every amount.
    pub currency: String,
    /// The language of the analysis texts.
    pub language: Lang,
    /// Portfolio totals.
    pub totals: Totals,
    /// Portfolio KPIs, when the advice stage ran.
    pub kpis: Option<Kpis>,
    /// The number of customers in the analysis.
    pub customer_count: usize,
    /// The number of issues the import and analysis reported.
    pub issue_count: usize,
}

impl SnapshotSummary {
    /// Keeps the newest snapshot of each month, newest month first, from a newest-first listing:
    /// the series the monthly review charts.
    pub fn latest_per_month(newest_first: &[SnapshotSummary]) -> Vec<SnapshotSummary> {
        let mut series: Vec<SnapshotSummary> = Vec::new();
        for snapshot in newest_first {
            if series.last().is_none_or(|kept| kept.month != snapshot.month) {
                series.push(snapshot.clone());
            }
        }
        series
    }
}

/// The outcome of storing a snapshot.
#[derive(Debug, Clone, PartialEq)]
pub enum PutOutcome {
    /// The snapshot is new and now stored.
    Stored(SnapshotSummary),
    /// The same source was stored before: nothing was written, and this is the snapshot stored then.
    AlreadyStored(SnapshotSummary),
}

impl PutOutcome {
    /// The snapshot, new or already there.
    pub fn summary(&self) -> &SnapshotSummary {
        match self {
            PutOutcome::Stored(summary) | PutOutcome::AlreadyStored(summary) => summary,
        }
    }

    /// Whether this put stored it.
    pub fn is_new(&self) -> bool {
        matches!(self, PutOutcome::Stored(_))
    }
}

/// One customer as it stood in one snapshot: a point of the customer's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerPoint {
    /// The snapshot.
    pub snapshot_id: SnapshotId,
    /// The snapshot's month.
    pub month: Month,
    /// The snapshot's as-of date.
    pub as_of: NaiveDate,
    /// The customer as analysed then.
    pub customer: CustomerAnalysis,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_count_across_years() {
        let january: Month = "2026-01".parse().unwrap();
        assert_eq!(january.minus(1).to_string(), "2025-12");
        assert_eq!(january.minus(12).to_string(), "2025-01");
        assert_eq!(january.minus(13).to_string(), "2024-12");
        assert_eq!("2025-12".parse::<Month>().unwrap().next(), january);
        assert!("2026-13".parse::<Month>().is_err());
        assert!("2026-1".parse::<Month>().is_err());
        assert!("26-01".parse::<Month>().is_err());
    }

    #[test]
    fn tenant_ids_hold_no_separator() {
        assert!(TenantId::new("acme-bv_2.0").is_ok());
        for bad in ["", "a#b", "a/b", "a b", "é", &"x".repeat(129)] {
            assert!(TenantId::new(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn snapshot_ids_sort_by_as_of_then_creation() {
        let source = SourceRef::new("f.xlsx", "f.xlsx", "abc");
        let day = |d| NaiveDate::from_ymd_opt(2026, 10, d).unwrap();
        let at = |s: i64| DateTime::from_timestamp(1_790_000_000 + s, 0).unwrap();
        let older_date_stored_later = SnapshotId::generate(day(30), at(100), &source);
        let newer_date = SnapshotId::generate(day(31), at(0), &source);
        let newer_date_stored_later = SnapshotId::generate(day(31), at(1), &source);
        assert!(older_date_stored_later < newer_date);
        assert!(newer_date < newer_date_stored_later);
        assert!(SnapshotId::new(newer_date.as_str()).is_ok());
    }

    #[test]
    fn the_same_upload_has_the_same_idempotency_key() {
        let first = SourceRef::new("a.xlsx", "t/uploads/1/a.xlsx", "etag-1");
        let again = SourceRef::new("renamed.xlsx", "t/uploads/1/a.xlsx", "etag-1");
        let overwritten = SourceRef::new("a.xlsx", "t/uploads/1/a.xlsx", "etag-2");
        assert_eq!(first.idempotency_key(), again.idempotency_key());
        assert_ne!(first.idempotency_key(), overwritten.idempotency_key());
    }

    #[test]
    fn retention_counts_calendar_months() {
        let created = DateTime::parse_from_rfc3339("2026-01-31T10:00:00Z").unwrap().to_utc();
        assert_eq!(expiry(created, 25).to_rfc3339(), "2028-02-29T10:00:00+00:00");
    }
}
