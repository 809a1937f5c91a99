//! Which handler a request goes to: by method and path, whatever stage prefix API Gateway adds.

use crate::response::ApiError;
use lambda_http::http::Method;
use lambda_http::request::RequestContext;
use lambda_http::{Request, RequestExt};

/// The routes of the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `GET /`: the upload page ([`crate::page`]), which needs no tenant.
    UploadPage,
    /// `POST /analyze`: analyse the body, answer the workbook (or the analysis JSON).
    Analyze,
    /// `POST /uploads`: issue a presigned upload URL for a large ledger.
    Uploads,
    /// `GET /results/{id}`: the status of an upload and, when done, a download URL.
    Result(String),
}

/// The route of a request.
///
/// # Errors
/// [`ApiError::NotFound`] for an unknown path, [`ApiError::MethodNotAllowed`] for a known path with
/// another method.
pub fn route(request: &Request) -> Result<Route, ApiError> {
    let path = path_without_stage(request);
    let segments: Vec<&str> = path.split('/').filter(|segment| !segment.is_empty()).collect();
    let method = request.method();
    let (route, allowed) = match segments.as_slice() {
        [] => (Route::UploadPage, Method::GET),
        ["analyze"] => (Route::Analyze, Method::POST),
        ["uploads"] => (Route::Uploads, Method::POST),
        ["results", id] => (Route::Result((*id).to_owned()), Method::GET),
        _ => return Err(ApiError::NotFound),
    };
    if method == allowed {
        Ok(route)
    } else {
        Err(ApiError::MethodNotAllowed)
    }
}

/// The request path without the stage prefix: HTTP APIs put the stage in `rawPath` (`/prod/analyze`)
/// unless it is `$default`.
fn path_without_stage(request: &Request) -> String {
    let raw = request.raw_http_path();
    let path = if raw.is_empty() { request.uri().path() } else { raw };
    let stage = match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(context)) => context.stage.clone(),
        _ => None,
    };
    match stage.filter(|stage| stage != "$default" && !stage.is_empty()) {
        Some(stage) => {
            let prefix = format!("/{stage}");
            match path.strip_prefix(&prefix) {
                Some(rest) if rest.is_empty() || rest.starts_with('/') => rest.to_owned(),
                _ => path.to_owned(),
            }
        }
        None => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(method: &str, path: &str, stage: &str) -> Request {
        let event = json!({
            "version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": "",
            "headers": {"host": "api.example.com"},
            "requestContext": {"accountId": "1", "apiId": "a", "domainName": "api.example.com",
                "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1",
                         "userAgent": "t"},
                "requestId": "r", "routeKey": "$default", "stage": stage, "time": "t", "timeEpoch": 0},
            "isBase64Encoded": false
        });
        lambda_http::request::from_str(&event.to_string()).unwrap()
    }

    #[test]
    fn routes_by_method_and_path_with_or_without_a_stage() {
        assert_eq!(route(&request("POST", "/analyze", "$default")).unwrap(), Route::Analyze);
        assert_eq!(
            route(&request("POST", "/prod/analyze", "prod")).unwrap(),
            Route::Analyze
        );
        assert_eq!(
            route(&request("POST", "/uploads/", "$default")).unwrap(),
            Route::Uploads
        );
        assert_eq!(
            route(&request("GET", "/prod/results/abc", "prod")).unwrap(),
            Route::Result("abc".into())
        );
        assert_eq!(route(&request("GET", "/", "$default")).unwrap(), Route::UploadPage);
        assert_eq!(route(&request("GET", "/prod", "prod")).unwrap(), Route::UploadPage);
        assert!(matches!(
            route(&request("GET", "/analyze", "$default")),
            Err(ApiError::MethodNotAllowed)
        ));
        assert!(matches!(
            route(&request("GET", "/results/a/b", "$default")),
            Err(ApiError::NotFound)
        ));
        assert!(matches!(
            route(&request("GET", "/production/analyze", "prod")),
            Err(ApiError::NotFound)
        ));
    }
}
