//! The ledger in a request body: the raw bytes, or the file part of a `multipart/form-data` form.

use crate::response::ApiError;
use credit_core::lang::Lang;
use lambda_http::http::header::CONTENT_TYPE;
use lambda_http::Request;
use std::collections::HashMap;

/// Form fields other than the file are parameters (`as_of`, `lang`...): a few bytes each.
const MAX_FIELD_BYTES: u64 = 1024;

/// A ledger as uploaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// The file name the form gave, if any.
    pub file_name: Option<String>,
    /// The other form fields.
    pub fields: HashMap<String, String>,
}

/// Reads the ledger out of the body.
///
/// # Errors
/// [`ApiError::TooLarge`] above `max_bytes`, [`ApiError::BadRequest`] for an empty body, a form that
/// does not parse or a form without a file.
pub async fn read_upload(request: &Request, max_bytes: u64, lang: Lang) -> Result<Upload, ApiError> {
    let body: &[u8] = request.body().as_ref();
    let size = body.len() as u64;
    if size > max_bytes.saturating_add(64 * 1024) {
        return Err(ApiError::TooLarge { size, limit: max_bytes });
    }
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let upload = if content_type.to_ascii_lowercase().starts_with("multipart/form-data") {
        read_form(body, content_type, max_bytes, lang).await?
    } else {
        Upload {
            bytes: body.to_vec(),
            file_name: None,
            fields: HashMap::new(),
        }
    };
    if upload.bytes.len() as u64 > max_bytes {
        return Err(ApiError::TooLarge {
            size: upload.bytes.len() as u64,
            limit: max_bytes,
        });
    }
    if upload.bytes.is_empty() {
        return Err(ApiError::BadRequest {
            message: lang
                .pick(
                    "De aanvraag bevat geen bestand: stuur de debiteurenlijst als body of als formulierveld.",
                    "La requête ne contient aucun fichier : envoyez la balance clients comme corps ou champ de formulaire.",
                    "The request holds no file: send the ledger as the body or as a form field.",
                )
                .to_owned(),
        });
    }
    Ok(upload)
}

async fn read_form(body: &[u8], content_type: &str, max_bytes: u64, lang: Lang) -> Result<Upload, ApiError> {
    let unreadable = |detail: String| ApiError::BadRequest {
        message: match lang {
            Lang::Nl => format!("Het formulier (multipart/form-data) is onleesbaar: {detail}."),
            Lang::Fr => format!("Le formulaire (multipart/form-data) est illisible : {detail}."),
            Lang::En => format!("The form (multipart/form-data) cannot be read: {detail}."),
        },
    };
    let boundary = multer::parse_boundary(content_type).map_err(|error| unreadable(error.to_string()))?;
    let chunk = bytes::Bytes::copy_from_slice(body);
    let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(chunk) });
    let constraints = multer::Constraints::new()
        .size_limit(multer::SizeLimit::new().whole_stream(max_bytes.saturating_add(64 * 1024)));
    let mut form = multer::Multipart::with_constraints(stream, boundary, constraints);
    let mut file: Option<(Vec<u8>, Option<String>)> = None;
    let mut fields = HashMap::new();
    while let Some(field) = form.next_field().await.map_err(|error| unreadable(error.to_string()))? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        if file_name.is_some() || name == "file" || name == "ledger" {
            if file.is_some() {
                return Err(unreadable(
                    lang.pick("meer dan één bestand", "plus d'un fichier", "more than one file")
                        .to_owned(),
                ));
            }
            let bytes = field.bytes().await.map_err(|error| unreadable(error.to_string()))?;
            file = Some((bytes.to_vec(), file_name));
        } else {
            let bytes = field.bytes().await.map_err(|error| unreadable(error.to_string()))?;
            if bytes.len() as u64 > MAX_FIELD_BYTES {
                return Err(unreadable(format!("{name}: {} bytes", bytes.len())));
            }
            fields.insert(name, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    let (bytes, file_name) = file.ok_or_else(|| {
        unreadable(
            lang.pick(
                "geen bestand in het formulier",
                "aucun fichier dans le formulaire",
                "no file in the form",
            )
            .to_owned(),
        )
    })?;
    Ok(Upload {
        bytes,
        file_name,
        fields,
    })
}

/// A name for a raw body without one: the content type tells the format (the importer also sniffs
/// the bytes, and the extension only breaks ties).
pub fn default_file_name(request: &Request) -> String {
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let extension = if content_type.contains("spreadsheetml") {
        ".xlsx"
    } else if content_type.contains("ms-excel.sheet.binary") {
        ".xlsb"
    } else if content_type.contains("ms-excel.sheet.macroenabled") {
        ".xlsm"
    } else if content_type.contains("ms-excel") {
        ".xls"
    } else if content_type.contains("opendocument.spreadsheet") {
        ".ods"
    } else if content_type.contains("csv") || content_type.starts_with("text/") {
        ".csv"
    } else {
        ""
    };
    format!("ledger{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(content_type: &str, body: &[u8]) -> Request {
        use base64::Engine;
        let event = json!({
            "version": "2.0", "routeKey": "$default", "rawPath": "/analyze", "rawQueryString": "",
            "headers": {"content-type": content_type},
            "requestContext": {"accountId": "1", "apiId": "a", "domainName": "api.example.com",
                "http": {"method": "POST", "path": "/analyze", "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1",
                         "userAgent": "t"},
                "requestId": "r", "routeKey": "$default", "stage": "$default", "time": "t", "timeEpoch": 0},
            "body": base64::engine::general_purpose::STANDARD.encode(body),
            "isBase64Encoded": true
        });
        lambda_http::request::from_str(&event.to_string()).unwrap()
    }

    #[tokio::test]
    async fn a_raw_body_is_the_ledger() {
        let request = request("text/csv", b"a;b\n1;2\n");
        let upload = read_upload(&request, 1000, Lang::En).await.unwrap();
        assert_eq!(upload.bytes, b"a;b\n1;2\n");
        assert_eq!(upload.file_name, None);
        assert_eq!(default_file_name(&request), "ledger.csv");
    }

    #[tokio::test]
    async fn a_form_gives_the_file_its_name_and_the_fields() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"as_of\"\r\n\r\n2026-10-31\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"ledger\"; filename=\"d\xc3\xa9biteurs.xlsx\"\r\n\
Content-Type: application/octet-stream\r\n\r\nPK\x03\x04binary\r\n--XyZ--\r\n";
        let upload = read_upload(&request("multipart/form-data; boundary=XyZ", body), 1000, Lang::En)
            .await
            .unwrap();
        assert_eq!(upload.bytes, b"PK\x03\x04binary");
        assert_eq!(upload.file_name.as_deref(), Some("débiteurs.xlsx"));
        assert_eq!(upload.fields.get("as_of").map(String::as_str), Some("2026-10-31"));
    }

    #[tokio::test]
    async fn empty_oversized_and_broken_bodies_are_refused_with_4xx() {
        let empty = read_upload(&request("text/csv", b""), 1000, Lang::En)
            .await
            .unwrap_err();
        assert!(matches!(empty, ApiError::BadRequest { .. }));
        let large = read_upload(&request("text/csv", &[b'x'; 2000]), 1000, Lang::En)
            .await
            .unwrap_err();
        assert!(matches!(
            large,
            ApiError::TooLarge {
                size: 2000,
                limit: 1000
            }
        ));
        let no_file = b"--B\r\nContent-Disposition: form-data; name=\"as_of\"\r\n\r\nx\r\n--B--\r\n";
        let error = read_upload(&request("multipart/form-data; boundary=B", no_file), 1000, Lang::Fr)
            .await
            .unwrap_err();
        assert_eq!(
            error.message(Lang::Fr),
            "Le formulaire (multipart/form-data) est illisible : aucun fichier dans le formulaire."
        );
        let truncated = b"--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nabc";
        let error = read_upload(&request("multipart/form-data; boundary=B", truncated), 1000, Lang::En)
            .await
            .unwrap_err();
        assert!(matches!(error, ApiError::BadRequest { .. }), "{error:?}");
    }
}
