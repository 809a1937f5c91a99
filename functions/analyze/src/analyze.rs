//! `POST /analyze`: analyse the ledger in the body, store the snapshot, answer the workbook or the JSON.

use crate::body::{default_file_name, read_upload};
use crate::params::{Format, Params};
use crate::response::{self, ApiError};
use crate::Api;
use chrono::{NaiveDate, Utc};
use credit_aws::s3::safe_file_name;
use credit_core::lang::Lang;
use credit_engine::{annotated_file_name, shown_file_name, EngineError, Job};
use credit_store::{content_hash, NewSnapshot, SourceRef, TenantId, TenantSettings};
use credit_web::{PageAnswer, PageWorkbook};
use lambda_http::http::{HeaderValue, StatusCode};
use lambda_http::{Body, Request, Response};

/// The header carrying the id of the snapshot the answer was stored as.
pub const SNAPSHOT_ID_HEADER: &str = "x-snapshot-id";

/// Analyses the body for `tenant`.
///
/// # Errors
/// 4xx for anything wrong with the request or the ledger, 503 when the store fails, 500 when the
/// workbook cannot be written.
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

    let mut answer = match params.format {
        Format::Json => response::json(StatusCode::OK, &snapshot.analysis),
        Format::Workbook => response::workbook(workbook, &annotated_file_name(&file_name)),
        Format::Page => response::json(
            StatusCode::OK,
            &PageAnswer::new(
                &snapshot.analysis,
                PageWorkbook::inline(&annotated_file_name(&file_name), &workbook),
            )
            .with_snapshot_id(snapshot_id.clone()),
        ),
    };
    if let Ok(value) = HeaderValue::from_str(&snapshot_id) {
        answer.headers_mut().insert(SNAPSHOT_ID_HEADER, value);
    }
    Ok(answer)
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
