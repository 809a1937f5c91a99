//! The caller's choices: as-of date, language, answer format, file name, read from the query string
//! (or the fields of a multipart form), each checked with a message in the user's language.

use crate::response::ApiError;
use chrono::NaiveDate;
use credit_core::lang::Lang;
use credit_engine::MAX_FILE_NAME_CHARS;
use lambda_http::http::header::{ACCEPT, ACCEPT_LANGUAGE};
use lambda_http::{Request, RequestExt};
use std::collections::HashMap;

/// What `POST /analyze` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The annotated workbook (the default).
    Workbook,
    /// The analysis JSON (`format=json`, or `Accept: application/json`).
    Json,
    /// What the upload page shows, with the workbook inline (`format=page`,
    /// [`credit_web::PageAnswer`]).
    Page,
}

/// The parameters of `POST /analyze` and `POST /uploads`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    /// `as_of=YYYY-MM-DD`; `None`: today in the tenant's time zone.
    pub as_of: Option<NaiveDate>,
    /// `lang=nl|fr|en`; `None`: the tenant's language, else the ledger's.
    pub lang: Option<Lang>,
    /// `format=json|xlsx|page`.
    pub format: Format,
    /// `file_name=...`: the name of a raw body (a multipart part carries its own).
    pub file_name: Option<String>,
}

/// The language to tell the user things in before anything else is known: `lang=`, else the first
/// language of `Accept-Language` we speak, else English.
pub fn user_lang(request: &Request) -> Lang {
    let from_query = query_value(request, "lang").and_then(|value| value.parse().ok());
    let from_header = || {
        request
            .headers()
            .get(ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| {
                value
                    .split(',')
                    .filter_map(|tag| tag.split(';').next())
                    .find_map(|tag| tag.trim().parse::<Lang>().ok())
            })
    };
    from_query.or_else(from_header).unwrap_or_default()
}

fn query_value(request: &Request, name: &str) -> Option<String> {
    request
        .query_string_parameters_ref()
        .and_then(|query| query.first(name))
        .map(str::to_owned)
}

impl Params {
    /// Reads the query string, then the form `fields` for what the query does not say.
    ///
    /// # Errors
    /// [`ApiError::BadRequest`] naming the parameter, its value and what was expected.
    pub fn read(request: &Request, fields: &HashMap<String, String>, lang: Lang) -> Result<Self, ApiError> {
        let get = |name: &str| {
            query_value(request, name)
                .or_else(|| fields.get(name).cloned())
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
        };
        let as_of = get("as_of")
            .map(|value| {
                NaiveDate::parse_from_str(&value, "%Y-%m-%d").map_err(|_| bad(lang, "as_of", &value, Expected::Date))
            })
            .transpose()?;
        let chosen_lang = get("lang")
            .map(|value| {
                value
                    .parse::<Lang>()
                    .map_err(|_| bad(lang, "lang", &value, Expected::Lang))
            })
            .transpose()?;
        let format = match get("format").map(|value| value.to_ascii_lowercase()) {
            Some(value) if value == "json" => Format::Json,
            Some(value) if value == "xlsx" => Format::Workbook,
            Some(value) if value == "page" => Format::Page,
            Some(value) => return Err(bad(lang, "format", &value, Expected::Format)),
            None if wants_json(request) => Format::Json,
            None => Format::Workbook,
        };
        // Longer than any file system allows, it is no file name (serve refuses it the same way).
        let file_name = get("file_name");
        if let Some(name) = file_name
            .as_deref()
            .filter(|name| name.chars().count() > MAX_FILE_NAME_CHARS)
        {
            let shown: String = name.chars().take(40).collect();
            return Err(bad(lang, "file_name", &format!("{shown}..."), Expected::FileName));
        }
        Ok(Params {
            as_of,
            lang: chosen_lang,
            format,
            file_name,
        })
    }
}

/// `Accept: application/json` without the workbook type: a program asking for the analysis.
fn wants_json(request: &Request) -> bool {
    request
        .headers()
        .get(ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| {
            accept.contains("application/json") && !accept.contains(crate::response::XLSX_CONTENT_TYPE)
        })
}

enum Expected {
    FileName,
    Date,
    Lang,
    Format,
}

fn bad(lang: Lang, name: &str, value: &str, expected: Expected) -> ApiError {
    let expected = match expected {
        Expected::FileName => lang.pick(
            "een bestandsnaam van hoogstens 255 tekens",
            "un nom de fichier de 255 caractères au plus",
            "a file name of at most 255 characters",
        ),
        Expected::Date => lang.pick(
            "een datum als JJJJ-MM-DD, bv. 2026-10-31",
            "une date AAAA-MM-JJ, p. ex. 2026-10-31",
            "a date as YYYY-MM-DD, e.g. 2026-10-31",
        ),
        Expected::Lang => lang.pick("nl, fr of en", "nl, fr ou en", "nl, fr or en"),
        Expected::Format => lang.pick(
            "json of xlsx (of page, voor de uploadpagina)",
            "json ou xlsx (ou page, pour la page de dépôt)",
            "json or xlsx (or page, for the upload page)",
        ),
    };
    let message = match lang {
        Lang::Nl => format!("Parameter {name}={value:?} is ongeldig: verwacht {expected}."),
        Lang::Fr => format!("Le paramètre {name}={value:?} n'est pas valable : attendu {expected}."),
        Lang::En => format!("Parameter {name}={value:?} is invalid: expected {expected}."),
    };
    ApiError::BadRequest { message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(query: &str, headers: serde_json::Value) -> Request {
        let event = json!({
            "version": "2.0", "routeKey": "$default", "rawPath": "/analyze", "rawQueryString": query,
            "headers": headers,
            "requestContext": {"accountId": "1", "apiId": "a", "domainName": "api.example.com",
                "http": {"method": "POST", "path": "/analyze", "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1",
                         "userAgent": "t"},
                "requestId": "r", "routeKey": "$default", "stage": "$default", "time": "t", "timeEpoch": 0},
            "isBase64Encoded": false
        });
        lambda_http::request::from_str(&event.to_string()).unwrap()
    }

    #[test]
    fn parameters_are_read_and_checked() {
        let none = HashMap::new();
        let params = Params::read(
            &request("as_of=2026-10-31&lang=fr-BE&format=json&file_name=a.csv", json!({})),
            &none,
            Lang::En,
        )
        .unwrap();
        assert_eq!(params.as_of, NaiveDate::from_ymd_opt(2026, 10, 31));
        assert_eq!(params.lang, Some(Lang::Fr));
        assert_eq!(params.format, Format::Json);
        assert_eq!(params.file_name.as_deref(), Some("a.csv"));

        let error = Params::read(&request("as_of=31%2F10%2F2026", json!({})), &none, Lang::Nl).unwrap_err();
        assert_eq!(
            error.message(Lang::Nl),
            "Parameter as_of=\"31/10/2026\" is ongeldig: verwacht een datum als JJJJ-MM-DD, bv. 2026-10-31."
        );
        assert!(Params::read(&request("lang=de", json!({})), &none, Lang::En).is_err());
        assert!(Params::read(&request("format=pdf", json!({})), &none, Lang::En).is_err());
    }

    #[test]
    fn form_fields_fill_in_and_accept_chooses_json() {
        let fields = HashMap::from([("as_of".to_owned(), "2026-01-31".to_owned())]);
        let params = Params::read(&request("", json!({"accept": "application/json"})), &fields, Lang::En).unwrap();
        assert_eq!(params.as_of, NaiveDate::from_ymd_opt(2026, 1, 31));
        assert_eq!(params.format, Format::Json);
        let params = Params::read(&request("", json!({"accept": "*/*"})), &fields, Lang::En).unwrap();
        assert_eq!(params.format, Format::Workbook);
    }

    #[test]
    fn the_users_language_comes_from_the_query_then_accept_language() {
        assert_eq!(
            user_lang(&request("lang=nl", json!({"accept-language": "fr"}))),
            Lang::Nl
        );
        assert_eq!(
            user_lang(&request("", json!({"accept-language": "de-DE,fr-BE;q=0.8,en;q=0.5"}))),
            Lang::Fr
        );
        assert_eq!(user_lang(&request("lang=xx", json!({}))), Lang::En);
    }
}
