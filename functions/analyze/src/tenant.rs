//! The tenant of a request: only ever from the authorizer's claims in the request context, which API
//! Gateway fills after checking the token; never from the body, the query or a header the caller sets.

use crate::response::ApiError;
use credit_aws::s3::fits_a_key;
use credit_store::TenantId;
use lambda_http::request::RequestContext;
use lambda_http::{Request, RequestExt};

/// The tenant named by claim `claim` (see `credit_aws::config::TENANT_CLAIM`): from the JWT
/// authorizer's claims (`requestContext.authorizer.jwt.claims`), or from a Lambda authorizer's context
/// (`requestContext.authorizer.lambda`) when the API uses one.
///
/// # Errors
/// [`ApiError::Unauthenticated`] when there is no authorizer or no such claim, [`ApiError::Forbidden`]
/// when the claim is not a valid tenant id.
pub fn tenant_of(request: &Request, claim: &str) -> Result<TenantId, ApiError> {
    let Some(RequestContext::ApiGatewayV2(context)) = request.request_context_ref() else {
        return Err(ApiError::Unauthenticated);
    };
    let authorizer = context.authorizer.as_ref().ok_or(ApiError::Unauthenticated)?;
    let from_jwt = authorizer
        .jwt
        .as_ref()
        .and_then(|jwt| jwt.claims.get(claim))
        .map(String::as_str);
    let from_lambda = || authorizer.fields.get(claim).and_then(|value| value.as_str());
    let value = from_jwt.or_else(from_lambda).ok_or(ApiError::Unauthenticated)?;
    TenantId::new(value).ok().filter(fits_a_key).ok_or(ApiError::Forbidden)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(authorizer: serde_json::Value) -> Request {
        let event = json!({
            "version": "2.0",
            "routeKey": "POST /analyze",
            "rawPath": "/analyze",
            "rawQueryString": "",
            "headers": {"host": "api.example.com"},
            "requestContext": {
                "accountId": "123456789012",
                "apiId": "api",
                "authorizer": authorizer,
                "domainName": "api.example.com",
                "http": {"method": "POST", "path": "/analyze", "protocol": "HTTP/1.1",
                         "sourceIp": "192.0.2.1", "userAgent": "test"},
                "requestId": "id",
                "routeKey": "POST /analyze",
                "stage": "$default",
                "time": "12/Mar/2026:19:03:58 +0000",
                "timeEpoch": 1_773_342_238_000_i64
            },
            "isBase64Encoded": false
        });
        lambda_http::request::from_str(&event.to_string()).unwrap()
    }

    #[test]
    fn the_tenant_comes_from_the_jwt_claim() {
        let request = request(json!({"jwt": {"claims": {"custom:tenant": "acme", "sub": "u-1"}, "scopes": null}}));
        assert_eq!(tenant_of(&request, "custom:tenant").unwrap().as_str(), "acme");
        assert_eq!(tenant_of(&request, "sub").unwrap().as_str(), "u-1");
        assert!(matches!(tenant_of(&request, "tenant"), Err(ApiError::Unauthenticated)));
    }

    #[test]
    fn or_from_a_lambda_authorizer_context() {
        let request = request(json!({"lambda": {"custom:tenant": "acme"}}));
        assert_eq!(tenant_of(&request, "custom:tenant").unwrap().as_str(), "acme");
    }

    #[test]
    fn no_claim_is_401_and_a_bad_one_403() {
        let request_without = request(json!({"jwt": {"claims": {}, "scopes": null}}));
        assert!(matches!(
            tenant_of(&request_without, "custom:tenant"),
            Err(ApiError::Unauthenticated)
        ));
        for bad in ["a/b", "..", "", "a b"] {
            let request = request(json!({"jwt": {"claims": {"custom:tenant": bad}, "scopes": null}}));
            assert!(
                matches!(tenant_of(&request, "custom:tenant"), Err(ApiError::Forbidden)),
                "{bad}"
            );
        }
    }
}
