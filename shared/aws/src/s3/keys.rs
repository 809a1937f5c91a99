//! Object keys: issuing them for a tenant, and reading tenant and upload id back from them.

use credit_store::TenantId;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::fmt;

/// Where uploaded ledgers go; the S3 notification that starts the ingest filters on this prefix.
pub const UPLOAD_PREFIX: &str = "uploads/";
/// Where the ingest writes the workbooks and the status of each upload.
pub const RESULT_PREFIX: &str = "results/";
/// The name of an upload's status object under its results prefix.
pub const STATUS_FILE: &str = "status.json";

/// A file name kept in a key is at most this long: keys stay far below S3's 1024 bytes, and a
/// Content-Disposition header stays readable.
const MAX_FILE_NAME_CHARS: usize = 100;

/// A key that the API did not issue (or that was tampered with): the ingest refuses it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("object key {key:?} was not issued by the API: {reason}")]
pub struct KeyError {
    /// The key as received.
    pub key: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// The id of one upload: 32 lowercase hex digits (a random UUID), issued by `POST /uploads`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UploadId(String);

impl UploadId {
    /// A new random id.
    pub fn generate() -> Self {
        UploadId(uuid::Uuid::new_v4().simple().to_string())
    }

    /// Reads an id from a URL path or a key.
    ///
    /// # Errors
    /// A [`KeyError`] unless it is 32 lowercase hex digits, the only form the API issues.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let valid = text.len() == 32 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !valid {
            return Err(KeyError {
                key: text.to_owned(),
                reason: "an upload id is 32 lowercase hex digits",
            });
        }
        Ok(UploadId(text.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UploadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for UploadId {
    type Error = KeyError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        UploadId::parse(&text)
    }
}

impl From<UploadId> for String {
    fn from(id: UploadId) -> Self {
        id.0
    }
}

/// The key of an uploaded ledger: `uploads/<tenant>/<upload id>/<file>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadKey {
    tenant: TenantId,
    upload_id: UploadId,
    file_name: String,
}

impl UploadKey {
    /// The key for a tenant's upload of `file_name` (made safe with [`safe_file_name`]).
    pub fn new(tenant: TenantId, upload_id: UploadId, file_name: &str) -> Self {
        UploadKey {
            tenant,
            upload_id,
            file_name: safe_file_name(file_name),
        }
    }

    /// Reads a key back (already URL-decoded, see [`decode_event_key`]).
    ///
    /// # Errors
    /// A [`KeyError`] for anything but `uploads/<valid tenant>/<upload id>/<safe file name>`: the API
    /// issues no other upload key, so anything else was not uploaded through it.
    pub fn parse(key: &str) -> Result<Self, KeyError> {
        let refuse = |reason| KeyError {
            key: key.to_owned(),
            reason,
        };
        let rest = key
            .strip_prefix(UPLOAD_PREFIX)
            .ok_or_else(|| refuse("it is not under uploads/"))?;
        let mut parts = rest.split('/');
        let (Some(tenant), Some(upload_id), Some(file_name), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(refuse("expected uploads/<tenant>/<upload id>/<file name>"));
        };
        let tenant = TenantId::new(tenant)
            .ok()
            .filter(fits_a_key)
            .ok_or_else(|| refuse("the tenant part is not a tenant id"))?;
        let upload_id = UploadId::parse(upload_id).map_err(|_| refuse("the upload id is not 32 hex digits"))?;
        if file_name.is_empty() || safe_file_name(file_name) != file_name {
            return Err(refuse("the file name is not one the API issues"));
        }
        Ok(UploadKey {
            tenant,
            upload_id,
            file_name: file_name.to_owned(),
        })
    }

    /// The tenant the key belongs to.
    pub fn tenant(&self) -> &TenantId {
        &self.tenant
    }

    /// The upload id.
    pub fn upload_id(&self) -> &UploadId {
        &self.upload_id
    }

    /// The file name as kept in the key.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The status object of this upload.
    pub fn status_key(&self) -> String {
        status_key(&self.tenant, &self.upload_id)
    }

    /// A result object of this upload.
    pub fn result_key(&self, file_name: &str) -> String {
        result_key(&self.tenant, &self.upload_id, file_name)
    }
}

impl fmt::Display for UploadKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{UPLOAD_PREFIX}{}/{}/{}",
            self.tenant, self.upload_id, self.file_name
        )
    }
}

/// Whether a tenant id can be a key segment: `.` and `..` are valid tenant ids but read as path steps
/// to every tool that maps keys to paths, so the API gives them no keys.
pub fn fits_a_key(tenant: &TenantId) -> bool {
    !tenant.as_str().chars().all(|c| c == '.')
}

/// `results/<tenant>/<upload id>/status.json`.
pub fn status_key(tenant: &TenantId, upload_id: &UploadId) -> String {
    result_key(tenant, upload_id, STATUS_FILE)
}

/// `results/<tenant>/<upload id>/<file>` (the file name made safe).
pub fn result_key(tenant: &TenantId, upload_id: &UploadId, file_name: &str) -> String {
    format!("{RESULT_PREFIX}{tenant}/{upload_id}/{}", safe_file_name(file_name))
}

/// A file name that can sit in a key as it is: the last path component, letters, digits, `.`, `_`
/// and `-` kept, anything else (spaces, accents, `%`, `+`) turned into `_`, no leading dot, at most
/// 100 characters with the extension kept; `ledger` when nothing is left.
///
/// Keeping keys free of characters that URL-encoding changes makes the key in an S3 event the key we
/// issued, character for character.
pub fn safe_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let mapped: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed = mapped.trim_start_matches('.');
    if trimmed.is_empty() {
        return "ledger".to_owned();
    }
    if trimmed.len() <= MAX_FILE_NAME_CHARS {
        return trimmed.to_owned();
    }
    // Only ASCII is left, so byte positions are character positions.
    match trimmed.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() && extension.len() < 16 => {
            let keep = MAX_FILE_NAME_CHARS - extension.len() - 1;
            format!("{}.{extension}", &stem[..keep.min(stem.len())])
        }
        _ => trimmed[..MAX_FILE_NAME_CHARS].to_owned(),
    }
}

/// The object key of an S3 event record, decoded: S3 sends keys URL-encoded, with `+` for a space.
///
/// # Errors
/// A [`KeyError`] when the decoded bytes are not UTF-8.
pub fn decode_event_key(raw: &str) -> Result<String, KeyError> {
    let spaced = raw.replace('+', " ");
    percent_decode_str(&spaced)
        .decode_utf8()
        .map(|key| key.into_owned())
        .map_err(|_| KeyError {
            key: raw.to_owned(),
            reason: "the key is not UTF-8 once URL-decoded",
        })
}

/// RFC 5987 `attr-char`: everything else is percent-encoded in `filename*`.
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// A `Content-Disposition: attachment` value that offers `file_name` for saving: an ASCII fallback in
/// `filename` and the exact name (accents included) in `filename*` (RFC 6266).
pub fn content_disposition(file_name: &str) -> String {
    let fallback: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = utf8_percent_encode(file_name, ATTR_CHAR);
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant(id: &str) -> TenantId {
        TenantId::new(id).unwrap()
    }

    #[test]
    fn an_issued_key_reads_back_as_itself() {
        let upload_id = UploadId::generate();
        let key = UploadKey::new(tenant("acme-bv"), upload_id.clone(), "Débiteurs oktober 2026.xlsx");
        let text = key.to_string();
        assert_eq!(text, format!("uploads/acme-bv/{upload_id}/D_biteurs_oktober_2026.xlsx"));
        let parsed = UploadKey::parse(&text).unwrap();
        assert_eq!(parsed, key);
        assert_eq!(parsed.tenant().as_str(), "acme-bv");
        assert_eq!(parsed.status_key(), format!("results/acme-bv/{upload_id}/status.json"));
        assert_eq!(
            parsed.result_key("D_biteurs_oktober_2026.annotated.xlsx"),
            format!("results/acme-bv/{upload_id}/D_biteurs_oktober_2026.annotated.xlsx")
        );
    }

    #[test]
    fn keys_the_api_does_not_issue_are_refused() {
        let id = "0123456789abcdef0123456789abcdef";
        for key in [
            format!("results/acme/{id}/a.xlsx"),
            format!("uploads/acme/{id}"),
            format!("uploads/acme/{id}/dir/a.xlsx"),
            format!("uploads/ac me/{id}/a.xlsx"),
            format!("uploads//{id}/a.xlsx"),
            "uploads/acme/not-an-id/a.xlsx".to_owned(),
            format!("uploads/acme/{}/a.xlsx", id.to_uppercase()),
            format!("uploads/acme/{id}/a b.xlsx"),
            format!("uploads/acme/{id}/.hidden"),
            format!("uploads/acme/{id}/"),
            format!("uploads/../{id}/a.xlsx"),
        ] {
            assert!(UploadKey::parse(&key).is_err(), "{key} was accepted");
        }
    }

    #[test]
    fn a_file_name_cannot_climb_out_of_its_prefix() {
        let key = UploadKey::new(tenant("a"), UploadId::generate(), "../../b/uploads/x.xlsx");
        assert_eq!(key.file_name(), "x.xlsx");
        assert_eq!(safe_file_name(".."), "ledger");
        assert_eq!(safe_file_name(""), "ledger");
        assert_eq!(safe_file_name("C:\\Users\\me\\ledger 1+1%.csv"), "ledger_1_1_.csv");
        let long = format!("{}.xlsx", "x".repeat(300));
        let safe = safe_file_name(&long);
        assert_eq!(safe.len(), 100);
        assert!(safe.ends_with("x.xlsx"));
        assert_eq!(safe_file_name(&safe), safe);
    }

    #[test]
    fn event_keys_are_url_decoded() {
        assert_eq!(
            decode_event_key("uploads/a/b/my+file%C3%A9.xlsx").unwrap(),
            "uploads/a/b/my fileé.xlsx"
        );
        assert!(decode_event_key("%FF").is_err());
    }

    #[test]
    fn upload_ids_are_what_the_api_issues() {
        let id = UploadId::generate();
        assert_eq!(UploadId::parse(id.as_str()).unwrap(), id);
        assert!(UploadId::parse("../x").is_err());
        assert!(UploadId::parse("").is_err());
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(serde_json::from_str::<UploadId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<UploadId>("\"nope\"").is_err());
    }

    #[test]
    fn content_disposition_offers_the_exact_name_and_an_ascii_fallback() {
        assert_eq!(
            content_disposition("débiteurs \"oct\".annotated.xlsx"),
            "attachment; filename=\"d_biteurs _oct_.annotated.xlsx\"; \
             filename*=UTF-8''d%C3%A9biteurs%20%22oct%22.annotated.xlsx"
        );
    }
}
