//! The S3 adapter: reading and writing objects of one bucket, and presigning URLs to them.

use super::keys::{content_disposition, status_key, UploadId};
use super::status::UploadStatus;
use aws_sdk_s3::error::DisplayErrorContext;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use credit_store::TenantId;
use std::collections::BTreeMap;
use std::error::Error as StdError;
use std::time::Duration;

/// The content type of an xlsx workbook.
pub const XLSX_CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A status object is a few kilobytes; anything much larger was not written by us.
const MAX_STATUS_BYTES: u64 = 4 * 1024 * 1024;

/// Why an S3 operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum S3Error {
    /// The object does not exist.
    #[error("s3://{bucket}/{key} does not exist")]
    NotFound {
        /// The bucket.
        bucket: String,
        /// The key.
        key: String,
    },
    /// The object is larger than the caller accepts; it was not read.
    #[error("s3://{bucket}/{key} is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// The bucket.
        bucket: String,
        /// The key.
        key: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// An object we wrote (a status) no longer decodes.
    #[error("s3://{bucket}/{key} cannot be read: {detail}")]
    Corrupt {
        /// The bucket.
        bucket: String,
        /// The key.
        key: String,
        /// Why.
        detail: String,
    },
    /// S3 could not be reached or refused the call; retrying later may help.
    #[error("S3 {operation} of s3://{bucket}/{key} failed: {detail}")]
    Service {
        /// The operation ("get", "put", "presign").
        operation: &'static str,
        /// The bucket.
        bucket: String,
        /// The key.
        key: String,
        /// The SDK's explanation, with its causes.
        detail: String,
        /// The SDK error.
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },
}

impl S3Error {
    /// Whether the object does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, S3Error::NotFound { .. })
    }
}

/// An object read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its ETag without the quotes S3 puts around it.
    pub etag: Option<String>,
}

/// A presigned request: whoever holds it may do this one thing until it expires.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PresignedUrl {
    /// The URL.
    pub url: String,
    /// The HTTP method it is signed for.
    pub method: String,
    /// Headers the request must carry as signed.
    pub headers: BTreeMap<String, String>,
    /// Seconds it stays valid.
    pub expires_in: u64,
}

/// One bucket.
#[derive(Debug, Clone)]
pub struct Objects {
    client: aws_sdk_s3::Client,
    bucket: String,
}

impl Objects {
    /// The bucket `bucket` through `client` (see [`crate::config::s3_client`]).
    pub fn new(client: aws_sdk_s3::Client, bucket: impl Into<String>) -> Self {
        Objects {
            client,
            bucket: bucket.into(),
        }
    }

    /// The bucket name.
    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    fn service_error<E>(&self, operation: &'static str, key: &str, error: E) -> S3Error
    where
        E: StdError + Send + Sync + 'static,
    {
        S3Error::Service {
            operation,
            bucket: self.bucket.clone(),
            key: key.to_owned(),
            detail: DisplayErrorContext(&error).to_string(),
            source: Box::new(error),
        }
    }

    /// Reads a whole object of at most `max_bytes`; a larger one is refused before its body is read.
    ///
    /// # Errors
    /// [`S3Error::NotFound`], [`S3Error::TooLarge`], or [`S3Error::Service`] when S3 fails.
    pub async fn get(&self, key: &str, max_bytes: u64) -> Result<StoredObject, S3Error> {
        let output = match self.client.get_object().bucket(&self.bucket).key(key).send().await {
            Ok(output) => output,
            Err(error) if error.as_service_error().is_some_and(|e| e.is_no_such_key()) => {
                return Err(S3Error::NotFound {
                    bucket: self.bucket.clone(),
                    key: key.to_owned(),
                })
            }
            Err(error) => return Err(self.service_error("get", key, error)),
        };
        let size = output
            .content_length()
            .and_then(|size| u64::try_from(size).ok())
            .unwrap_or(0);
        if size > max_bytes {
            return Err(S3Error::TooLarge {
                bucket: self.bucket.clone(),
                key: key.to_owned(),
                size,
                limit: max_bytes,
            });
        }
        let etag = output.e_tag().map(|etag| etag.trim_matches('"').to_owned());
        let bytes = output
            .body
            .collect()
            .await
            .map_err(|error| self.service_error("get", key, error))?
            .to_vec();
        // A missing or wrong Content-Length must not let a larger body through.
        if bytes.len() as u64 > max_bytes {
            return Err(S3Error::TooLarge {
                bucket: self.bucket.clone(),
                key: key.to_owned(),
                size: bytes.len() as u64,
                limit: max_bytes,
            });
        }
        Ok(StoredObject { bytes, etag })
    }

    /// Writes a whole object, replacing any object under the same key.
    ///
    /// # Errors
    /// [`S3Error::Service`] when S3 fails.
    pub async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), S3Error> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map_err(|error| self.service_error("put", key, error))?;
        Ok(())
    }

    /// A URL to upload one object with a PUT, valid for `ttl`. Any content type may be sent.
    ///
    /// # Errors
    /// [`S3Error::Service`] when the request cannot be signed (no credentials, a TTL beyond 7 days).
    pub async fn presign_put(&self, key: &str, ttl: Duration) -> Result<PresignedUrl, S3Error> {
        let config = PresigningConfig::expires_in(ttl).map_err(|error| self.service_error("presign", key, error))?;
        let request = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .presigned(config)
            .await
            .map_err(|error| self.service_error("presign", key, error))?;
        Ok(presigned(request, ttl))
    }

    /// A URL to download one object with a GET, valid for `ttl`; the browser saves it as `download_name`.
    ///
    /// # Errors
    /// [`S3Error::Service`] when the request cannot be signed.
    pub async fn presign_get(&self, key: &str, ttl: Duration, download_name: &str) -> Result<PresignedUrl, S3Error> {
        let config = PresigningConfig::expires_in(ttl).map_err(|error| self.service_error("presign", key, error))?;
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .response_content_disposition(content_disposition(download_name))
            .presigned(config)
            .await
            .map_err(|error| self.service_error("presign", key, error))?;
        Ok(presigned(request, ttl))
    }

    /// The status of a tenant's upload, `None` when the API never issued that upload to that tenant.
    ///
    /// # Errors
    /// [`S3Error::Service`] when S3 fails, [`S3Error::Corrupt`] when the status does not decode.
    pub async fn read_status(&self, tenant: &TenantId, upload_id: &UploadId) -> Result<Option<UploadStatus>, S3Error> {
        let key = status_key(tenant, upload_id);
        let object = match self.get(&key, MAX_STATUS_BYTES).await {
            Ok(object) => object,
            Err(error) if error.is_not_found() => return Ok(None),
            Err(error) => return Err(error),
        };
        let status: UploadStatus = serde_json::from_slice(&object.bytes).map_err(|error| S3Error::Corrupt {
            bucket: self.bucket.clone(),
            key: key.clone(),
            detail: error.to_string(),
        })?;
        // The key is the tenant's prefix; a status naming another tenant was not written by us.
        if &status.tenant != tenant || &status.upload_id != upload_id {
            return Err(S3Error::Corrupt {
                bucket: self.bucket.clone(),
                key,
                detail: "it names another tenant or upload".to_owned(),
            });
        }
        Ok(Some(status))
    }

    /// Writes the status of an upload (under its own tenant's prefix).
    ///
    /// # Errors
    /// [`S3Error::Service`] when S3 fails.
    pub async fn write_status(&self, status: &UploadStatus) -> Result<(), S3Error> {
        let key = status_key(&status.tenant, &status.upload_id);
        let json = serde_json::to_vec_pretty(status).map_err(|error| S3Error::Corrupt {
            bucket: self.bucket.clone(),
            key: key.clone(),
            detail: error.to_string(),
        })?;
        self.put(&key, json, "application/json").await
    }
}

fn presigned(request: aws_sdk_s3::presigning::PresignedRequest, ttl: Duration) -> PresignedUrl {
    PresignedUrl {
        url: request.uri().to_owned(),
        method: request.method().to_owned(),
        headers: request
            .headers()
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect(),
        expires_in: ttl.as_secs(),
    }
}
