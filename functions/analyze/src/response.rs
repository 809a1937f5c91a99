//! Every status code the API answers is decided here, from one error type.

use credit_core::analysis::IssueReport;
use credit_core::lang::Lang;
use lambda_http::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Response};
use serde::Serialize;

/// The content type of an xlsx workbook.
pub use credit_aws::s3::XLSX_CONTENT_TYPE;

/// Why a request gets no answer of what it asked for.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No tenant in the authorizer's claims: the caller is not signed in (401).
    #[error("no tenant in the token")]
    Unauthenticated,
    /// A tenant claim that cannot name a tenant (403).
    #[error("the token's tenant is not valid")]
    Forbidden,
    /// No such route, or no such result for this tenant (404; both look the same, so that ids of
    /// other tenants cannot be probed).
    #[error("not found")]
    NotFound,
    /// The route exists with another method (405).
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The request itself is wrong: a parameter, an empty body (400).
    #[error("{message}")]
    BadRequest {
        /// What is wrong, in the user's language.
        message: String,
    },
    /// The body is larger than accepted (413).
    #[error("the body is {size} bytes, over the limit of {limit}")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The ledger cannot be analysed: the input's fault (422), with each problem found.
    #[error("{message}")]
    Unprocessable {
        /// Why, in the user's language.
        message: String,
        /// The problems with their places.
        problems: Vec<IssueReport>,
    },
    /// A service we depend on failed: try again (503). The detail goes to the log, not the user.
    #[error("{detail}")]
    Unavailable {
        /// What failed, for the log.
        detail: String,
    },
    /// Our own fault (500). The detail goes to the log.
    #[error("{detail}")]
    Internal {
        /// What failed, for the log.
        detail: String,
    },
}

/// The JSON body of every error answer.
#[derive(Debug, Serialize)]
struct ErrorBody<'a> {
    error: String,
    problems: &'a [IssueReport],
}

impl ApiError {
    /// A failure of a service we depend on (S3, DynamoDB): 503, the detail logged.
    pub fn unavailable(error: impl std::fmt::Display) -> Self {
        ApiError::Unavailable {
            detail: error.to_string(),
        }
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthenticated => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the user reads, in their language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ApiError::Unauthenticated => lang
                .pick(
                    "Meld u aan: het token noemt geen klant (tenant).",
                    "Connectez-vous : le jeton ne désigne aucun client (tenant).",
                    "Sign in: the token names no tenant.",
                )
                .to_owned(),
            ApiError::Forbidden => lang
                .pick(
                    "Het token noemt een ongeldige klant (tenant).",
                    "Le jeton désigne un client (tenant) non valable.",
                    "The token names an invalid tenant.",
                )
                .to_owned(),
            ApiError::NotFound => lang.pick("Niet gevonden.", "Introuvable.", "Not found.").to_owned(),
            ApiError::MethodNotAllowed => lang
                .pick(
                    "Deze methode is hier niet toegestaan.",
                    "Cette méthode n'est pas permise ici.",
                    "This method is not allowed here.",
                )
                .to_owned(),
            ApiError::BadRequest { message } | ApiError::Unprocessable { message, .. } => message.clone(),
            ApiError::TooLarge { size, limit } => match lang {
                Lang::Nl => format!(
                    "Het bestand is {size} bytes, meer dan de grens van {limit} bytes. Gebruik POST /uploads voor grote bestanden."
                ),
                Lang::Fr => format!(
                    "Le fichier fait {size} octets, plus que la limite de {limit} octets. Utilisez POST /uploads pour les gros fichiers."
                ),
                Lang::En => format!(
                    "The file is {size} bytes, over the limit of {limit} bytes. Use POST /uploads for large files."
                ),
            },
            ApiError::Unavailable { .. } => lang
                .pick(
                    "De dienst is tijdelijk niet beschikbaar. Probeer het zo opnieuw.",
                    "Le service est momentanément indisponible. Réessayez dans un instant.",
                    "The service is briefly unavailable. Please try again.",
                )
                .to_owned(),
            ApiError::Internal { .. } => lang
                .pick(
                    "Er ging bij ons iets mis. Probeer het opnieuw of neem contact op.",
                    "Une erreur s'est produite de notre côté. Réessayez ou contactez-nous.",
                    "Something went wrong on our side. Please try again or contact us.",
                )
                .to_owned(),
        }
    }

    /// The answer: the status and `{error, problems}`.
    pub fn into_response(self, lang: Lang) -> Response<Body> {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(status = status.as_u16(), error = %self, "request failed");
        } else {
            tracing::info!(status = status.as_u16(), error = %self, "request refused");
        }
        let problems = match &self {
            ApiError::Unprocessable { problems, .. } => problems.as_slice(),
            _ => &[],
        };
        let body = ErrorBody {
            error: self.message(lang),
            problems,
        };
        let mut response = json(status, &body);
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(RETRY_AFTER, lambda_http::http::HeaderValue::from_static("5"));
        }
        response
    }
}

/// A JSON answer.
pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response<Body> {
    match serde_json::to_string(value) {
        Ok(text) => with_headers(status, Body::Text(text), "application/json", None),
        Err(error) => ApiError::Internal {
            detail: format!("the answer could not be written as JSON: {error}"),
        }
        .into_response(Lang::En),
    }
}

/// An xlsx workbook offered for saving as `file_name`; binary, so the runtime base64-encodes it for
/// API Gateway.
pub fn workbook(bytes: Vec<u8>, file_name: &str) -> Response<Body> {
    with_headers(
        StatusCode::OK,
        Body::Binary(bytes),
        XLSX_CONTENT_TYPE,
        Some(&credit_aws::s3::content_disposition(file_name)),
    )
}

/// An answer too large to travel inline, stored in S3: `303 See Other` to the presigned GET of the
/// stored result (`Location`), with `value` (the link, the ids and the figures) as the JSON body.
///
/// 303 rather than 200 with JSON: a client that asked for the workbook and saves whatever a 200
/// carries would save the JSON as its workbook. 303 tells it the result is elsewhere, and clients that
/// follow redirects (browsers' fetch, curl -L, requests, reqwest) GET the workbook from S3 by
/// themselves, dropping the API's Authorization header on the way to another host.
pub fn see_other<T: Serialize>(location: &str, value: &T) -> Response<Body> {
    let mut response = json(StatusCode::SEE_OTHER, value);
    match lambda_http::http::HeaderValue::from_str(location) {
        Ok(location) => {
            response.headers_mut().insert(LOCATION, location);
            response
        }
        Err(error) => ApiError::Internal {
            detail: format!("the presigned URL is no header value: {error}"),
        }
        .into_response(Lang::En),
    }
}

/// The size of `response`'s body as it travels in the Lambda answer: base64 for a binary body, a
/// JSON string (quotes, backslashes and control characters escaped) for a text body. That is what
/// counts against Lambda's 6 MB response payload.
pub fn travelling_len(response: &Response<Body>) -> u64 {
    match response.body() {
        Body::Text(text) => text
            .bytes()
            .map(|byte| match byte {
                b'"' | b'\\' | b'\n' | b'\r' | b'\t' | 0x08 | 0x0c => 2,
                0x00..=0x1f => 6,
                _ => 1,
            })
            .sum(),
        // Binary, and whatever else a body may become: sent base64 (empty is 0 either way).
        other => (other.as_ref().len() as u64).div_ceil(3) * 4,
    }
}

/// The upload page, with its Content-Security-Policy; no sniffing, no framing, no referrer to the
/// bucket or Cognito.
pub fn page(page: &credit_web::Page) -> Response<Body> {
    let builder = Response::builder()
        .status(StatusCode::OK)
        .header(CONTENT_TYPE, credit_web::page::CONTENT_TYPE)
        .header(CACHE_CONTROL, credit_web::page::CACHE_CONTROL)
        .header("content-security-policy", &page.content_security_policy)
        .header("x-content-type-options", "nosniff")
        .header("referrer-policy", "no-referrer");
    match builder.body(Body::Text(page.html.clone())) {
        Ok(response) => response,
        Err(error) => ApiError::Internal {
            detail: format!("the page's headers: {error}"),
        }
        .into_response(Lang::En),
    }
}

fn with_headers(status: StatusCode, body: Body, content_type: &str, disposition: Option<&str>) -> Response<Body> {
    let mut builder = Response::builder()
        .status(status)
        .header(CONTENT_TYPE, content_type)
        // Ledgers and analyses are private to the tenant: no shared cache may keep them.
        .header(CACHE_CONTROL, "no-store");
    if let Some(disposition) = disposition {
        builder = builder.header(CONTENT_DISPOSITION, disposition);
    }
    match builder.body(body) {
        Ok(response) => response,
        // Only a header value with a control character fails, and ours have none; answer plainly.
        Err(_) => {
            let mut response = Response::new(Body::Empty);
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_errors_are_4xx_and_our_faults_5xx() {
        let input = [
            ApiError::Unauthenticated,
            ApiError::Forbidden,
            ApiError::NotFound,
            ApiError::MethodNotAllowed,
            ApiError::BadRequest { message: "x".into() },
            ApiError::TooLarge { size: 2, limit: 1 },
            ApiError::Unprocessable {
                message: "x".into(),
                problems: vec![],
            },
        ];
        for error in input {
            assert!(error.status().is_client_error(), "{error:?}");
        }
        assert_eq!(
            ApiError::Unavailable { detail: "s3".into() }.status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
    }

    #[test]
    fn the_travelling_size_counts_base64_and_json_escapes() {
        assert_eq!(travelling_len(&workbook(vec![0; 3_000_000], "a.xlsx")), 4_000_000);
        assert_eq!(travelling_len(&workbook(vec![0; 4], "a.xlsx")), 8);
        // {"a":"b\n"} travels as {\"a\":\"b\\n\"}: each quote and the backslash doubled.
        let text = with_headers(
            StatusCode::OK,
            Body::Text("{\"a\":\"b\\n\"}".into()),
            "application/json",
            None,
        );
        assert_eq!(travelling_len(&text), 11 + 5);
        let control = with_headers(StatusCode::OK, Body::Text("\u{1}é\n".into()), "text/plain", None);
        assert_eq!(travelling_len(&control), 6 + 2 + 2);
    }

    #[test]
    fn a_stored_answer_is_a_see_other_to_its_link() {
        let response = see_other(
            "https://bucket.s3/results/t/id/a.xlsx?X-Amz-Signature=1",
            &serde_json::json!({"a": 1}),
        );
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            response.headers()[LOCATION],
            "https://bucket.s3/results/t/id/a.xlsx?X-Amz-Signature=1"
        );
        assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
        let broken = see_other("https://x/\n", &1);
        assert_eq!(broken.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn the_error_body_is_in_the_users_language_and_hides_the_detail() {
        let response = ApiError::Unavailable {
            detail: "dispatch failure: connection refused".into(),
        }
        .into_response(Lang::Fr);
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[RETRY_AFTER], "5");
        let Body::Text(text) = response.body() else {
            panic!("not text")
        };
        let body: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            body["error"],
            "Le service est momentanément indisponible. Réessayez dans un instant."
        );
        assert_eq!(body["problems"], serde_json::json!([]));
        assert!(!text.contains("connection refused"));
    }
}
