//! `GET /`: the upload page ([`credit_web::page`]), public (no tenant), configured for this deployment:
//! where the API is (the stage), which files go through the presigned upload, and how to sign in.

use crate::response;
use crate::Api;
use credit_web::{Page, PageConfig, SignIn};
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};
use std::time::Duration;

/// The largest file the page posts to `POST /analyze` itself. A Lambda answer is at most 6 MB, and the
/// page's answer carries the annotated workbook in base64 (4/3 of its size), so the workbook must stay
/// under about 4.4 MB. Measured: the Dutch sample 12 KB in, 37 KB out (a fixed overhead); the English
/// sample 100 KB in, 134 KB out; a 1 MiB csv of 18,859 rows, 1.05 MB out. Larger files go through
/// `POST /uploads`, whose workbook comes back as a link, and skip API Gateway's body limit as well.
pub const DIRECT_LIMIT_BYTES: u64 = 1024 * 1024;

/// The page's configuration for `api` answering `request`.
pub fn page_config(api: &Api, request: &Request) -> PageConfig {
    let config = &api.config;
    let sign_in = match (&config.user_pool_region, &config.user_pool_client_id) {
        (Some(region), Some(client_id)) => Some(SignIn::cognito(region, client_id)),
        _ => None,
    };
    PageConfig {
        api_base: stage_prefix(request),
        direct_limit: DIRECT_LIMIT_BYTES.min(config.max_upload_bytes),
        max_bytes: config.max_upload_bytes,
        presigned_uploads: true,
        sign_in,
    }
}

/// The page, allowed to connect to this API, Cognito and the bucket the presigned uploads go to.
pub async fn upload_page(api: &Api, request: &Request) -> Response<Body> {
    // The origin the browser will PUT to is the one the SDK presigns for (virtual-host style in AWS,
    // the emulator's endpoint locally): ask the SDK rather than rebuild its rules. Presigning is local
    // work, no request is sent.
    let bucket_origin = api
        .objects
        .presign_put("uploads/", Duration::from_secs(60))
        .await
        .map(|presigned| vec![presigned.url])
        .unwrap_or_else(|error| {
            tracing::warn!(%error, "no presigned URL to take the bucket's origin from");
            Vec::new()
        });
    response::page(&Page::render(&page_config(api, request), &bucket_origin))
}

/// `/prod` when API Gateway serves a named stage, empty for `$default`.
fn stage_prefix(request: &Request) -> String {
    match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(context)) => match context.stage.as_deref() {
            Some(stage) if !stage.is_empty() && stage != "$default" => {
                let raw = request.raw_http_path();
                // A custom domain maps the stage away: only a path that starts with it keeps it.
                if raw.is_empty() || raw == format!("/{stage}") || raw.starts_with(&format!("/{stage}/")) {
                    format!("/{stage}")
                } else {
                    String::new()
                }
            }
            _ => String::new(),
        },
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_config::{BehaviorVersion, Region};
    use aws_sdk_dynamodb::config::Credentials;
    use credit_aws::config::{FunctionConfig, BUCKET_NAME, TABLE_NAME, USER_POOL_CLIENT_ID, USER_POOL_REGION};
    use credit_aws::s3::Objects;
    use lambda_http::http::header::{CACHE_CONTROL, CONTENT_TYPE};
    use serde_json::json;
    use std::collections::HashMap;
    use std::sync::Arc;

    /// The function's state with AWS configured but never called: presigning is local work, and the
    /// page touches no store.
    async fn api(store: &std::path::Path, variables: &[(&str, &str)]) -> Api {
        let sdk = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new("eu-west-1"))
            .credentials_provider(Credentials::new("AKIDEXAMPLE", "secret", None, None, "test"))
            .load()
            .await;
        let variables: HashMap<&str, &str> = variables.iter().copied().collect();
        let config = FunctionConfig::from_lookup(|name| variables.get(name).map(|value| value.to_string())).unwrap();
        Api {
            store: Arc::new(credit_store::EmbeddedStore::open(store.join("s.redb")).unwrap()),
            objects: Objects::new(credit_aws::config::s3_client(&sdk), &config.bucket_name),
            config,
        }
    }

    /// A GET without any authorizer in the request context: nobody is signed in yet.
    fn get(path: &str, stage: &str) -> Request {
        let event = json!({
            "version": "2.0", "routeKey": "GET /", "rawPath": path, "rawQueryString": "",
            "headers": {"host": "api.example.com", "accept-language": "nl-BE,nl;q=0.9"},
            "requestContext": {"accountId": "1", "apiId": "a", "domainName": "api.example.com",
                "http": {"method": "GET", "path": path, "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1",
                         "userAgent": "t"},
                "requestId": "r", "routeKey": "GET /", "stage": stage, "time": "t", "timeEpoch": 0},
            "isBase64Encoded": false
        });
        lambda_http::request::from_str(&event.to_string()).unwrap()
    }

    fn config_of(html: &str) -> PageConfig {
        let start = html.find("id=\"config\">").expect("the config element") + "id=\"config\">".len();
        let end = start + html[start..].find("</script>").expect("its end");
        serde_json::from_str(&html[start..end]).expect("the config is JSON")
    }

    #[tokio::test]
    async fn get_root_serves_the_page_without_a_tenant_with_its_policy_and_configuration() {
        let dir = tempfile::tempdir().unwrap();
        let api = api(
            dir.path(),
            &[
                (TABLE_NAME, "snapshots"),
                (BUCKET_NAME, "credit-prod-ledgers"),
                (USER_POOL_CLIENT_ID, "4abc5client"),
                (USER_POOL_REGION, "eu-west-1"),
            ],
        )
        .await;
        let response = crate::handle(&api, get("/", "$default")).await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
        assert_eq!(response.headers()[CACHE_CONTROL], "no-cache");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        let csp = response.headers()["content-security-policy"].to_str().unwrap();
        assert!(csp.starts_with("default-src 'none'; script-src 'sha256-"), "{csp}");
        assert!(
            csp.contains(
                "connect-src 'self' https://cognito-idp.eu-west-1.amazonaws.com \
                 https://credit-prod-ledgers.s3.eu-west-1.amazonaws.com;"
            ),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-"), "{csp}");
        let Body::Text(html) = response.body() else {
            panic!("the page is text")
        };
        assert!(html.starts_with("<!doctype html>"));
        assert_eq!(
            config_of(html),
            PageConfig {
                api_base: String::new(),
                direct_limit: DIRECT_LIMIT_BYTES,
                max_bytes: credit_aws::config::DEFAULT_MAX_UPLOAD_BYTES,
                presigned_uploads: true,
                sign_in: Some(SignIn::cognito("eu-west-1", "4abc5client")),
            }
        );
    }

    #[tokio::test]
    async fn under_a_named_stage_the_page_calls_the_api_under_it_and_without_a_pool_asks_no_sign_in() {
        let dir = tempfile::tempdir().unwrap();
        let api = api(
            dir.path(),
            &[(TABLE_NAME, "t"), (BUCKET_NAME, "b"), ("MAX_UPLOAD_BYTES", "1000")],
        )
        .await;
        let response = crate::handle(&api, get("/prod", "prod")).await.unwrap();
        assert_eq!(response.status(), 200);
        let Body::Text(html) = response.body() else {
            panic!("the page is text")
        };
        let config = config_of(html);
        assert_eq!(config.api_base, "/prod");
        assert_eq!(config.sign_in, None);
        assert_eq!((config.direct_limit, config.max_bytes), (1000, 1000));
        // Another method on the page's path is still refused, as a JSON error.
        let mut post = get("/", "$default");
        *post.method_mut() = lambda_http::http::Method::POST;
        assert_eq!(crate::handle(&api, post).await.unwrap().status(), 405);
    }
}
