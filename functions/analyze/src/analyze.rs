//! `POST /analyze`: analyse the ledger in the body, store the snapshot, answer the workbook or the JSON.

use crate::body::{default_file_name, read_upload};
use crate::params::{Format, Params};
use crate::response::{self, ApiError};
use crate::Api;
use chrono::{NaiveDate, Utc};
use credit_aws::s3::{safe_file_name, PresignedUrl, UploadId, UploadKey, UploadStatus, XLSX_CONTENT_TYPE};
use credit_core::lang::Lang;
use credit_engine::{annotated_file_name, shown_file_name, EngineError, Job};
use credit_store::{content_hash, NewSnapshot, SnapshotId, SnapshotSummary, SourceRef, TenantId, TenantSettings};
use credit_web::{PageAnswer, PageWorkbook};
use lambda_http::http::{HeaderValue, StatusCode};
use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};

/// The header carrying the id of the snapshot the answer was stored as.
pub const SNAPSHOT_ID_HEADER: &str = "x-snapshot-id";

/// The answer when the workbook or the analysis is too large to travel inline (over
/// `MAX_RESPONSE_BYTES`): it is stored under the tenant's `results/` like an upload's, and the answer
/// (a `303 See Other` to the link) says where, with the portfolio figures.
#[derive(Debug, Serialize, Deserialize)]
pub struct StoredAnswer {
    /// The id under which it is kept: `GET /results/{id}` answers a fresh link once this one expired.
    pub upload_id: String,
    /// The snapshot stored.
    pub snapshot_id: String,
    /// Where to ask for the result again.
    pub result_path: String,
    /// The name it downloads as.
    pub file_name: String,
    /// Its content type (the workbook's, or `application/json` for the analysis).
    pub content_type: String,
    /// A presigned GET of it; also the answer's `Location`.
    pub download: PresignedUrl,
    /// The portfolio figures of the snapshot.
    pub summary: SnapshotSummary,
}

/// Analyses the body for `tenant`.
///
/// # Errors
/// 4xx for anything wrong with the request or the ledger (a limit sized to the function's memory
/// included), 503 when the store fails or S3 fails to keep an answer too large to send inline, 500 when
/// the workbook cannot be written.
pub async fn analyze(api: &Api, request: &Request, tenant: &TenantId, lang: Lang) -> Result<Response<Body>, ApiError> {
    let upload = read_upload(request, api.config.max_upload_bytes, lang).await?;
    let params = Params::read(request, &upload.fields, lang)?;
    let file_name = upload
        .file_name
        .clone()
        .or(params.file_name.clone())
        .unwrap_or_else(|| default_file_name(request));
    // Kept short before it names the snapshot, the download and the workbook's cells.
    let file_name = shown_file_name(&file_name).into_owned();
    let settings = api.store.settings(tenant).await.map_err(ApiError::unavailable)?;
    let as_of = params.as_of.unwrap_or_else(|| today(settings.as_ref()));
    let mut job = Job::new(&upload.bytes, &file_name, as_of);
    job.lang = params.lang.or(settings.as_ref().map(|settings| settings.language));
    // Sized to the function's memory at cold start: a ledger too large for it is refused naming the limit.
    job.import.limits = api.config.import_limits.clone();
    if let Some(settings) = &settings {
        job.policy = settings.policy().map_err(|error| ApiError::Internal {
            detail: format!("the stored policy of tenant {tenant} does not parse: {error}"),
        })?;
    }
    let (analysed, workbook) =
        credit_engine::run(&job).map_err(|error| engine_error(error, job.lang.unwrap_or(lang)))?;

    // The same file analysed at the same date is one snapshot, however often it is posted.
    let source = SourceRef::new(
        &file_name,
        format!("api/{as_of}/{}", safe_file_name(&file_name)),
        content_hash(&upload.bytes),
    );
    let retention = settings
        .as_ref()
        .map_or(credit_store::DEFAULT_RETENTION_MONTHS, |settings| {
            settings.retention_months
        });
    let snapshot = NewSnapshot::new(tenant.clone(), source, analysed.analysis).with_retention_months(retention);
    let outcome = api.store.put_snapshot(&snapshot).await.map_err(ApiError::unavailable)?;
    let snapshot_id = outcome.summary().id.to_string();
    tracing::info!(
        snapshot_id,
        new = outcome.is_new(),
        customers = snapshot.analysis.customers.len(),
        "ledger analysed"
    );

    let summary = outcome.summary().clone();
    let workbook_name = annotated_file_name(&file_name);
    let limit = api.config.max_response_bytes;
    let stored = Stored {
        api,
        tenant,
        file_name: &file_name,
        as_of,
        lang: job.lang,
        snapshot_id: &summary.id,
    };
    // Each answer is built as it would travel and measured; one over the limit is stored in S3 and
    // linked instead, because Lambda refuses a response over 6 MB and API Gateway then answers a 5xx,
    // although the snapshot is stored.
    let mut answer = match params.format {
        Format::Json => {
            let inline = response::json(StatusCode::OK, &snapshot.analysis);
            if response::travelling_len(&inline) <= limit {
                inline
            } else {
                let json_name = analysis_file_name(&workbook_name);
                let link = stored.put(body_bytes(inline), "application/json", &json_name).await?;
                link.see_other(summary)
            }
        }
        Format::Workbook => {
            let inline = response::workbook(workbook, &workbook_name);
            if response::travelling_len(&inline) <= limit {
                inline
            } else {
                let link = stored
                    .put(body_bytes(inline), XLSX_CONTENT_TYPE, &workbook_name)
                    .await?;
                link.see_other(summary)
            }
        }
        Format::Page => {
            let page = |workbook| PageAnswer::new(&snapshot.analysis, workbook).with_snapshot_id(snapshot_id.clone());
            let inline = response::json(StatusCode::OK, &page(PageWorkbook::inline(&workbook_name, &workbook)));
            if response::travelling_len(&inline) <= limit {
                inline
            } else {
                // The page shows the figures it got and offers the workbook as a link, as it does for
                // a ledger sent through POST /uploads.
                drop(inline);
                let link = stored.put(workbook, XLSX_CONTENT_TYPE, &workbook_name).await?;
                response::json(
                    StatusCode::OK,
                    &page(PageWorkbook::link(&workbook_name, &link.download.url)),
                )
            }
        }
    };
    if let Ok(value) = HeaderValue::from_str(&snapshot_id) {
        answer.headers_mut().insert(SNAPSHOT_ID_HEADER, value);
    }
    Ok(answer)
}

/// Where an answer too large to travel inline is kept: under a fresh upload id in the tenant's
/// `results/`, with a `done` status, so that `GET /results/{id}` serves it as it serves an upload's.
struct Stored<'a> {
    api: &'a Api,
    tenant: &'a TenantId,
    file_name: &'a str,
    as_of: NaiveDate,
    lang: Option<Lang>,
    snapshot_id: &'a SnapshotId,
}

/// A result stored, and its link.
struct StoredLink {
    upload_id: UploadId,
    file_name: String,
    content_type: String,
    download: PresignedUrl,
}

impl Stored<'_> {
    /// Stores `bytes` as `result_name` and answers its presigned GET.
    ///
    /// # Errors
    /// 503 when S3 fails; the snapshot is stored, and posting again finds it (same file, same date).
    async fn put(&self, bytes: Vec<u8>, content_type: &str, result_name: &str) -> Result<StoredLink, ApiError> {
        let objects = &self.api.objects;
        let upload_id = UploadId::generate();
        tracing::Span::current().record("upload_id", upload_id.as_str());
        // Nothing is ever uploaded under this key (no PUT is presigned for it); it names the upload
        // in the status as POST /uploads would.
        let key = UploadKey::new(self.tenant.clone(), upload_id.clone(), self.file_name);
        let result_key = key.result_key(result_name);
        let size = bytes.len();
        objects
            .put(&result_key, bytes, content_type)
            .await
            .map_err(ApiError::unavailable)?;
        let mut status = UploadStatus::waiting(&key, self.file_name, Some(self.as_of), self.lang).done(
            None,
            self.snapshot_id.clone(),
            result_key.clone(),
            result_name.to_owned(),
            credit_aws::s3::EmailState::Pending,
        );
        // The API sends no e-mail: the status says nothing about one.
        status.email = None;
        objects.write_status(&status).await.map_err(ApiError::unavailable)?;
        let download = objects
            .presign_get(&result_key, self.api.config.presign_ttl, result_name)
            .await
            .map_err(ApiError::unavailable)?;
        tracing::info!(key = %result_key, bytes = size, "answer too large to send inline: stored and linked");
        Ok(StoredLink {
            upload_id,
            file_name: result_name.to_owned(),
            content_type: content_type.to_owned(),
            download,
        })
    }
}

impl StoredLink {
    fn see_other(self, summary: SnapshotSummary) -> Response<Body> {
        let answer = StoredAnswer {
            result_path: format!("/results/{}", self.upload_id),
            upload_id: self.upload_id.to_string(),
            snapshot_id: summary.id.to_string(),
            file_name: self.file_name,
            content_type: self.content_type,
            download: self.download,
            summary,
        };
        response::see_other(&answer.download.url, &answer)
    }
}

/// The body of an answer built to travel inline, taken back to be stored instead.
fn body_bytes(response: Response<Body>) -> Vec<u8> {
    match response.into_body() {
        Body::Text(text) => text.into_bytes(),
        Body::Binary(bytes) => bytes,
        other => other.as_ref().to_vec(),
    }
}

/// `debiteuren.annotated.xlsx` -> `debiteuren.analysis.json`: the stored analysis of a JSON answer.
fn analysis_file_name(workbook_name: &str) -> String {
    let stem = workbook_name.strip_suffix(".annotated.xlsx").unwrap_or(workbook_name);
    format!("{stem}.analysis.json")
}

/// Today in the tenant's time zone (Brussels when it has none): the as-of date nobody asked for.
fn today(settings: Option<&TenantSettings>) -> NaiveDate {
    let zone = settings.map_or(credit_store::settings::DEFAULT_TIME_ZONE, |settings| settings.time_zone);
    Utc::now().with_timezone(&zone).date_naive()
}

/// An engine error as an answer: the input's fault is 422 with every problem, ours is 500.
fn engine_error(error: EngineError, lang: Lang) -> ApiError {
    if !error.is_input_error() {
        return ApiError::Internal {
            detail: error.to_string(),
        };
    }
    let message = match &error {
        // The engine tells an unreadable file in the analysis language, which is unknown when the
        // file cannot be read: tell it in the user's.
        EngineError::Import { source, .. } => source.message(lang),
        other => other.to_string(),
    };
    ApiError::Unprocessable {
        message,
        problems: error.problems(),
    }
}
