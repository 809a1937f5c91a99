//! `POST /uploads` and `GET /results/{id}`: ledgers too large for a request body go to S3 directly,
//! and the ingest function's verdict is read back here.

use crate::params::Params;
use crate::response::{self, ApiError};
use crate::Api;
use chrono::{DateTime, NaiveDate, Utc};
use credit_aws::s3::{EmailState, PresignedUrl, UploadId, UploadKey, UploadState, UploadStatus};
use credit_core::analysis::IssueReport;
use credit_core::lang::Lang;
use credit_store::{SnapshotSummary, TenantId};
use credit_web::{PageAnswer, PageWorkbook};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, RequestExt, Response};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The answer to `POST /uploads`.
#[derive(Debug, Serialize, Deserialize)]
pub struct UploadAnswer {
    /// The upload's id, for `GET /results/{id}`.
    pub upload_id: String,
    /// The object key the ledger goes to.
    pub key: String,
    /// PUT the ledger here (with these headers) before it expires.
    pub upload: PresignedUrl,
    /// Where to ask for the result.
    pub result_path: String,
}

/// The optional JSON body of `POST /uploads` (the query string may say the same).
#[derive(Debug, Default, Deserialize)]
struct UploadRequest {
    file_name: Option<String>,
    as_of: Option<String>,
    lang: Option<String>,
}

/// Issues an upload for `tenant`: writes its `waiting` status (so the ingest knows the API issued it),
/// then presigns the PUT.
///
/// # Errors
/// 400 for bad parameters, 503 when S3 fails.
pub async fn create_upload(
    api: &Api,
    request: &Request,
    tenant: &TenantId,
    lang: Lang,
) -> Result<Response<Body>, ApiError> {
    let body: &[u8] = request.body().as_ref();
    let json: UploadRequest = if body.iter().all(u8::is_ascii_whitespace) {
        UploadRequest::default()
    } else {
        serde_json::from_slice(body).map_err(|error| ApiError::BadRequest {
            message: match lang {
                Lang::Nl => format!("De body is geen JSON {{\"file_name\", \"as_of\", \"lang\"}}: {error}."),
                Lang::Fr => format!("Le corps n'est pas un JSON {{\"file_name\", \"as_of\", \"lang\"}} : {error}."),
                Lang::En => format!("The body is not JSON {{\"file_name\", \"as_of\", \"lang\"}}: {error}."),
            },
        })?
    };
    let fields: HashMap<String, String> = [
        ("file_name", json.file_name),
        ("as_of", json.as_of),
        ("lang", json.lang),
    ]
    .into_iter()
    .filter_map(|(name, value)| Some((name.to_owned(), value?)))
    .collect();
    let params = Params::read(request, &fields, lang)?;
    let file_name = params.file_name.unwrap_or_else(|| "ledger".to_owned());
    let upload_id = UploadId::generate();
    tracing::Span::current().record("upload_id", upload_id.as_str());
    let key = UploadKey::new(tenant.clone(), upload_id.clone(), &file_name);
    let status = UploadStatus::waiting(&key, &file_name, params.as_of, params.lang);
    api.objects.write_status(&status).await.map_err(ApiError::unavailable)?;
    let upload = api
        .objects
        .presign_put(&key.to_string(), api.config.presign_ttl)
        .await
        .map_err(ApiError::unavailable)?;
    tracing::info!(key = %key, "upload issued");
    let answer = UploadAnswer {
        upload_id: upload_id.to_string(),
        key: key.to_string(),
        upload,
        result_path: format!("/results/{upload_id}"),
    };
    Ok(response::json(StatusCode::CREATED, &answer))
}

/// The answer to `GET /results/{id}`.
#[derive(Debug, Serialize, Deserialize)]
pub struct ResultAnswer {
    /// The upload's id.
    pub upload_id: String,
    /// `waiting`, `done` or `failed`.
    pub status: UploadState,
    /// The file name as given.
    pub file_name: String,
    /// The as-of date asked for.
    pub as_of: Option<NaiveDate>,
    /// When the upload was issued.
    pub created_at: DateTime<Utc>,
    /// When the status last changed.
    pub updated_at: DateTime<Utc>,
    /// The snapshot stored (done).
    pub snapshot_id: Option<String>,
    /// The portfolio figures of that snapshot (done).
    pub summary: Option<SnapshotSummary>,
    /// A presigned GET of the annotated workbook (done).
    pub download: Option<PresignedUrl>,
    /// What became of the e-mail (done).
    pub email: Option<EmailState>,
    /// Why it failed, in the user's language (failed).
    pub error: Option<String>,
    /// The problems found, each with its place (failed).
    pub problems: Vec<IssueReport>,
    /// Why the analysis is being retried, in the user's language (waiting: a service failed for the
    /// moment after the ledger was read; the ingest is retried by itself).
    #[serde(default)]
    pub retrying: Option<String>,
    /// What the upload page shows, with the download link as its workbook (done, and asked for with
    /// `format=page`: it reads the whole analysis back, which other callers need not pay for).
    #[serde(default)]
    pub page: Option<PageAnswer>,
}

/// The status of one of `tenant`'s uploads. Another tenant's id answers 404, exactly as an unknown id.
/// With `format=page`, a finished upload also carries what the upload page shows.
///
/// # Errors
/// 404 for an id that is not one of the tenant's uploads, 503 when S3 or the store fails.
pub async fn result(api: &Api, request: &Request, tenant: &TenantId, id: &str) -> Result<Response<Body>, ApiError> {
    let for_the_page = request
        .query_string_parameters_ref()
        .and_then(|query| query.first("format"))
        .is_some_and(|format| format.eq_ignore_ascii_case("page"));
    let upload_id = UploadId::parse(id).map_err(|_| ApiError::NotFound)?;
    tracing::Span::current().record("upload_id", upload_id.as_str());
    let status = api
        .objects
        .read_status(tenant, &upload_id)
        .await
        .map_err(ApiError::unavailable)?
        .ok_or(ApiError::NotFound)?;
    let mut answer = ResultAnswer {
        upload_id: upload_id.to_string(),
        status: status.state,
        file_name: status.file_name.clone(),
        as_of: status.as_of,
        created_at: status.created_at,
        updated_at: status.updated_at,
        snapshot_id: status.snapshot_id.as_ref().map(ToString::to_string),
        summary: None,
        download: None,
        email: status.email.clone(),
        error: status.error.clone(),
        problems: status.problems.clone(),
        retrying: status.retrying.clone(),
        page: None,
    };
    if let (UploadState::Done, Some(key), Some(snapshot_id)) = (status.state, &status.workbook_key, &status.snapshot_id)
    {
        let name = status.workbook_file_name.as_deref().unwrap_or("ledger.annotated.xlsx");
        let download = api
            .objects
            .presign_get(key, api.config.presign_ttl, name)
            .await
            .map_err(ApiError::unavailable)?;
        answer.summary = api
            .store
            .snapshot(tenant, snapshot_id)
            .await
            .map_err(ApiError::unavailable)?;
        if for_the_page {
            answer.page = api
                .store
                .analysis(tenant, snapshot_id)
                .await
                .map_err(ApiError::unavailable)?
                .map(|analysis| {
                    PageAnswer::new(&analysis, PageWorkbook::link(name, &download.url))
                        .with_snapshot_id(snapshot_id.to_string())
                });
        }
        answer.download = Some(download);
    }
    Ok(response::json(StatusCode::OK, &answer))
}
