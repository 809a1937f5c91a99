//! Lambda: the HTTP API (API Gateway HTTP API, payload 2.0) of the credit assistant.
//!
//! | route | what |
//! | --- | --- |
//! | `POST /analyze?as_of=&lang=&format=` | the ledger as the body (raw or `multipart/form-data`) → 200 with the annotated workbook, or the analysis JSON with `format=json` / `Accept: application/json`; the snapshot is stored; an answer over `MAX_RESPONSE_BYTES` is stored under `results/` and answered 303 with a link ([`analyze::StoredAnswer`]) |
//! | `POST /uploads?file_name=&as_of=&lang=` | a presigned S3 PUT URL and an upload id, for ledgers beyond API Gateway's body limit; the ingest function analyses them |
//! | `GET /results/{id}[?format=page]` | the upload's status and, when done, a presigned GET URL of the workbook (and with `format=page` what the upload page shows) |
//! | `GET /` | the upload page ([`page`], public: no tenant) |
//!
//! The tenant comes only from the authorizer's claims ([`tenant::tenant_of`]); every answer to bad
//! input is a 4xx with `{error, problems}` in the user's language ([`response`]).
#![warn(missing_docs)]

pub mod analyze;
pub mod body;
pub mod page;
pub mod params;
pub mod response;
pub mod routes;
pub mod tenant;
pub mod uploads;

use credit_aws::config::FunctionConfig;
use credit_aws::s3::Objects;
use credit_core::lang::Lang;
use credit_store::SnapshotStore;
use lambda_http::{Body, Error, Request, Response};
use response::ApiError;
use routes::Route;
use std::sync::Arc;
use tracing::Instrument;

/// What the handler needs, built once per cold start.
#[derive(Clone)]
pub struct Api {
    /// The snapshot store (DynamoDB in AWS).
    pub store: Arc<dyn SnapshotStore>,
    /// The bucket of uploads and results.
    pub objects: Objects,
    /// The environment.
    pub config: FunctionConfig,
}

impl Api {
    /// The API on the AWS services of `sdk`, as `config` names them.
    pub fn from_sdk(config: FunctionConfig, sdk: &aws_config::SdkConfig) -> Self {
        let dynamo = aws_sdk_dynamodb::Client::new(sdk);
        Api {
            store: Arc::new(credit_aws::dynamo::DynamoStore::new(dynamo, &config.table_name)),
            objects: Objects::new(credit_aws::config::s3_client(sdk), &config.bucket_name),
            config,
        }
    }
}

/// Answers one request. Never fails: every error is an answer with its status code, so that API
/// Gateway never turns a refusal into a bare 500.
pub async fn handle(api: &Api, request: Request) -> Result<Response<Body>, Error> {
    let lang = params::user_lang(&request);
    let span = tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        tenant = tracing::field::Empty,
        upload_id = tracing::field::Empty,
    );
    let answer = dispatch(api, &request, lang).instrument(span).await;
    Ok(answer.unwrap_or_else(|error| error.into_response(lang)))
}

async fn dispatch(api: &Api, request: &Request, lang: Lang) -> Result<Response<Body>, ApiError> {
    let route = routes::route(request)?;
    if route == Route::UploadPage {
        // The page is public: it is what a user signs in from.
        return Ok(page::upload_page(api, request).await);
    }
    let tenant = tenant::tenant_of(request, &api.config.tenant_claim)?;
    tracing::Span::current().record("tenant", tenant.as_str());
    match route {
        Route::Analyze => analyze::analyze(api, request, &tenant, lang).await,
        Route::Uploads => uploads::create_upload(api, request, &tenant, lang).await,
        Route::Result(id) => uploads::result(api, request, &tenant, &id).await,
        Route::UploadPage => Ok(page::upload_page(api, request).await),
    }
}
