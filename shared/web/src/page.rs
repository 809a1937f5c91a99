//! The upload page: one HTML document with its style and script inline, and the policy that lets the
//! browser run exactly those and nothing else.

use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

const TEMPLATE: &str = include_str!("page.html");
const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// What the page needs to know about where it is served, injected as JSON into the page
/// (`<script type="application/json" id="config">`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageConfig {
    /// The path the API's routes hang under: empty at the root, `/prod` under a named API Gateway
    /// stage.
    pub api_base: String,
    /// Files up to this many bytes are posted to `POST /analyze` directly; larger ones go through
    /// `POST /uploads` and a presigned PUT when [`PageConfig::presigned_uploads`] is on.
    pub direct_limit: u64,
    /// The largest ledger accepted at all; the page refuses larger files before sending them.
    pub max_bytes: u64,
    /// Whether the server offers `POST /uploads` and `GET /results/{id}` (the Lambda does; the local
    /// server analyses everything directly).
    pub presigned_uploads: bool,
    /// How to sign in, when the API wants a token; `None` locally.
    pub sign_in: Option<SignIn>,
}

/// Sign-in with a Cognito user pool (the user pool client must allow `USER_PASSWORD_AUTH`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignIn {
    /// The pool's region, e.g. `eu-west-1`.
    pub region: String,
    /// The app client id (no secret).
    pub client_id: String,
    /// The Cognito Identity Provider endpoint the page POSTs `InitiateAuth` to.
    pub endpoint: String,
}

impl SignIn {
    /// Sign-in with the user pool client `client_id` in `region`, at Cognito's public endpoint.
    pub fn cognito(region: &str, client_id: &str) -> Self {
        SignIn {
            region: region.to_owned(),
            client_id: client_id.to_owned(),
            endpoint: format!("https://cognito-idp.{region}.amazonaws.com/"),
        }
    }
}

/// The rendered page and the headers it must be served with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The HTML document.
    pub html: String,
    /// The `Content-Security-Policy` header value.
    pub content_security_policy: String,
}

/// The `Content-Type` of the page.
pub const CONTENT_TYPE: &str = "text/html; charset=utf-8";
/// The `Cache-Control` of the page: it carries its deployment's configuration, so a browser asks
/// again (cheaply, it is small) rather than keeping a stale one.
pub const CACHE_CONTROL: &str = "no-cache";

impl Page {
    /// Renders the page with `config`. The policy allows scripts and styles only by the hash of the
    /// page's own inline ones, and connections to this origin, the sign-in endpoint and the origins
    /// in `connect_origins` (where presigned uploads go, e.g. `https://bucket.s3.eu-west-1.amazonaws.com`).
    pub fn render(config: &PageConfig, connect_origins: &[String]) -> Page {
        let html = TEMPLATE
            .replacen("/*STYLE*/", STYLE, 1)
            .replacen("/*SCRIPT*/", SCRIPT, 1)
            .replacen("/*CONFIG*/", &config_json(config), 1);
        let mut connect = vec!["'self'".to_owned()];
        if let Some(sign_in) = &config.sign_in {
            connect.push(origin_of(&sign_in.endpoint));
        }
        for origin in connect_origins {
            let origin = origin_of(origin);
            if !origin.is_empty() && !connect.contains(&origin) {
                connect.push(origin);
            }
        }
        let content_security_policy = format!(
            "default-src 'none'; script-src '{}'; style-src '{}'; img-src 'self' data:; connect-src {}; \
             base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            sha256_source(SCRIPT),
            sha256_source(STYLE),
            connect.join(" ")
        );
        Page {
            html,
            content_security_policy,
        }
    }
}

/// The configuration as JSON that cannot end the `<script>` element it sits in: `<`, `>` and `&` are
/// written as JSON escapes, which `JSON.parse` reads back as the same characters.
fn config_json(config: &PageConfig) -> String {
    let json = serde_json::to_string(config).unwrap_or_else(|_| "{}".to_owned());
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn sha256_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// `scheme://host[:port]` of a URL (what a CSP source names); anything without a scheme is kept whole.
pub fn origin_of(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            format!("{scheme}://{host}")
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn config() -> PageConfig {
        PageConfig {
            api_base: "/prod".into(),
            direct_limit: 1000,
            max_bytes: 5000,
            presigned_uploads: true,
            sign_in: Some(SignIn::cognito("eu-west-1", "abc</script><script>alert(1)")),
        }
    }

    #[test]
    fn the_config_is_injected_as_json_that_cannot_close_its_element() {
        let page = Page::render(&config(), &[]);
        let start = page.html.find("id=\"config\">").expect("the config element") + "id=\"config\">".len();
        let end = start + page.html[start..].find("</script>").expect("its end");
        let json: PageConfig = serde_json::from_str(&page.html[start..end]).expect("JSON");
        assert_eq!(json, config());
        assert!(!page.html[start..end].contains('<'));
    }

    #[test]
    fn the_policy_allows_only_the_pages_own_style_and_script_and_the_named_origins() {
        let page = Page::render(
            &config(),
            &["https://b.s3.eu-west-1.amazonaws.com/uploads/x?X-Amz-Signature=1".into()],
        );
        let csp = &page.content_security_policy;
        assert!(csp.starts_with("default-src 'none'; script-src 'sha256-"), "{csp}");
        assert!(
            csp.contains(
                "connect-src 'self' https://cognito-idp.eu-west-1.amazonaws.com https://b.s3.eu-west-1.amazonaws.com;"
            ),
            "{csp}"
        );
        assert!(!csp.contains("unsafe"), "{csp}");
        // The hashes are those of the inline elements as served.
        assert!(page.html.contains(&format!("<script>{SCRIPT}</script>")));
        assert!(page.html.contains(&format!("<style>{STYLE}</style>")));
        assert!(csp.contains(&sha256_source(SCRIPT)));
        for part in [TEMPLATE, STYLE, SCRIPT] {
            assert!(
                !part.contains("http://") && !part.contains("https://"),
                "nothing from elsewhere"
            );
        }
    }

    #[test]
    fn origins_drop_paths_and_queries() {
        assert_eq!(
            origin_of("http://127.0.0.1:5000/bucket/key?a=b"),
            "http://127.0.0.1:5000"
        );
        assert_eq!(
            origin_of("https://cognito-idp.eu-west-1.amazonaws.com/"),
            "https://cognito-idp.eu-west-1.amazonaws.com"
        );
    }
}
