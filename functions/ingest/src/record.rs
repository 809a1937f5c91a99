//! One S3 record: check the key, analyse, store, report.

use crate::report::{send_report_once, EmailOutcome};
use crate::{Ingest, IngestError};
use aws_lambda_events::event::s3::S3EventRecord;
use chrono::Utc;
use credit_aws::s3::{decode_event_key, EmailState, UploadKey, UploadState, UploadStatus, XLSX_CONTENT_TYPE};
use credit_core::lang::Lang;
use credit_engine::{annotated_file_name, EngineError, Job};
use credit_store::{content_hash, NewSnapshot, SnapshotId, SourceRef, TenantSettings};
use tracing::Instrument;

/// What became of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Not an object creation, or the object is gone: nothing to do.
    Skipped(&'static str),
    /// The key was not issued by the API (or not to that tenant, or not in our bucket): refused.
    Refused(String),
    /// The ledger cannot be analysed; the upload's status says why.
    Failed {
        /// The user's message.
        error: String,
    },
    /// Analysed and stored (now or by an earlier delivery).
    Done {
        /// The snapshot.
        snapshot_id: SnapshotId,
        /// Whether this delivery analysed and stored it (false: an earlier one had).
        analysed_now: bool,
        /// What became of the e-mail.
        email: EmailOutcome,
    },
}

/// Handles one record.
///
/// # Errors
/// An [`IngestError`] when S3, the store or SES fail: the event is retried.
pub async fn ingest_record(ingest: &Ingest, record: &S3EventRecord) -> Result<Outcome, IngestError> {
    if !record
        .event_name
        .as_deref()
        .is_some_and(|name| name.starts_with("ObjectCreated"))
    {
        return Ok(Outcome::Skipped("not an object creation"));
    }
    let raw_key = record.s3.object.key.as_deref().unwrap_or_default();
    if record.s3.bucket.name.as_deref() != Some(ingest.objects.bucket()) {
        tracing::warn!(key = raw_key, bucket = ?record.s3.bucket.name, "refused: not our bucket");
        return Ok(Outcome::Refused(format!(
            "{raw_key}: not in bucket {}",
            ingest.objects.bucket()
        )));
    }
    let key = match decode_event_key(raw_key).and_then(|key| UploadKey::parse(&key)) {
        Ok(key) => key,
        Err(error) => {
            tracing::warn!(key = raw_key, error = %error, "refused");
            return Ok(Outcome::Refused(error.to_string()));
        }
    };
    let span = tracing::info_span!("upload", tenant = %key.tenant(), upload_id = %key.upload_id());
    let etag = record.s3.object.e_tag.as_deref();
    let outcome = ingest_upload(ingest, &key, etag).instrument(span.clone()).await;
    // Logged inside the upload's span, so that the line names the tenant and the upload.
    if let Err(error) = &outcome {
        span.in_scope(|| tracing::error!(error = %error, "record failed; the event will be retried"));
    }
    outcome
}

async fn ingest_upload(ingest: &Ingest, key: &UploadKey, event_etag: Option<&str>) -> Result<Outcome, IngestError> {
    let tenant = key.tenant();
    let Some(status) = ingest.objects.read_status(tenant, key.upload_id()).await? else {
        tracing::warn!(key = %key, "refused: the API issued no such upload to this tenant");
        return Ok(Outcome::Refused(format!("{key}: no upload issued")));
    };
    if status.upload_key != key.to_string() {
        tracing::warn!(key = %key, issued = %status.upload_key, "refused: not the key issued");
        return Ok(Outcome::Refused(format!(
            "{key}: the upload was issued for another key"
        )));
    }
    let settings = match ingest.store.settings(tenant).await {
        Ok(settings) => settings,
        Err(error) => return Err(retry_later(ingest, &status, status.lang, error).await),
    };
    let lang = status.lang.or(settings.as_ref().map(|settings| settings.language));

    // A redelivery (or the retry after a failed e-mail) of an object already analysed: only the
    // e-mail may be left to do.
    if status.is_done_for(event_etag) {
        if let Some(snapshot_id) = &status.snapshot_id {
            if let Some(summary) = ingest.store.snapshot(tenant, snapshot_id).await? {
                tracing::info!(snapshot_id = %summary.id, "already analysed; checking the e-mail");
                let email = send_report_once(ingest, &status, &summary, None, settings.as_ref()).await?;
                return Ok(Outcome::Done {
                    snapshot_id: summary.id,
                    analysed_now: false,
                    email,
                });
            }
        }
    }

    let object = match ingest
        .objects
        .get(&key.to_string(), ingest.config.max_upload_bytes)
        .await
    {
        Ok(object) => object,
        Err(error) if error.is_not_found() => {
            tracing::warn!(key = %key, "the object is gone");
            return Ok(Outcome::Skipped("the object no longer exists"));
        }
        Err(credit_aws::s3::S3Error::TooLarge { size, limit, .. }) => {
            let error = too_large(&status.file_name, size, limit, lang.unwrap_or_default());
            ingest
                .objects
                .write_status(&status.failed(event_etag.map(str::to_owned), error.clone(), Vec::new()))
                .await?;
            return Ok(Outcome::Failed { error });
        }
        Err(error) => return Err(retry_later(ingest, &status, lang, error).await),
    };

    let as_of = status.as_of.unwrap_or_else(|| today(settings.as_ref()));
    let mut job = Job::new(&object.bytes, &status.file_name, as_of);
    job.lang = lang;
    // Sized to the function's memory at cold start: a ledger too large for it fails the upload with a
    // message naming the limit, instead of ending the function for lack of memory (retried, then
    // dead-lettered, the upload left waiting).
    job.import.limits = ingest.config.import_limits.clone();
    if let Some(settings) = &settings {
        // Settings are checked when stored; a policy that no longer parses is logged, not fatal.
        job.policy = settings.policy().unwrap_or_else(|error| {
            tracing::warn!(error = %error, "the tenant's policy does not parse; using the defaults");
            credit_core::policy::Policy::default()
        });
    }
    let (analysed, workbook) = match credit_engine::run(&job) {
        Ok(result) => result,
        Err(error) => return refuse_ledger(ingest, &status, object.etag, error, job.lang).await,
    };

    let workbook_name = annotated_file_name(&status.file_name);
    let workbook_key = key.result_key(&workbook_name);
    if let Err(error) = ingest
        .objects
        .put(&workbook_key, workbook.clone(), XLSX_CONTENT_TYPE)
        .await
    {
        return Err(retry_later(ingest, &status, lang, error).await);
    }
    let source = SourceRef::new(&status.file_name, key.to_string(), content_hash(&object.bytes));
    let retention = settings
        .as_ref()
        .map_or(credit_store::DEFAULT_RETENTION_MONTHS, |settings| {
            settings.retention_months
        });
    let snapshot = NewSnapshot::new(tenant.clone(), source, analysed.analysis).with_retention_months(retention);
    let stored = match ingest.store.put_snapshot(&snapshot).await {
        Ok(stored) => stored,
        Err(error) => return Err(retry_later(ingest, &status, lang, error).await),
    };
    let summary = stored.summary().clone();
    tracing::info!(snapshot_id = %summary.id, new = stored.is_new(), "snapshot stored");
    let done = status.done(
        object.etag,
        summary.id.clone(),
        workbook_key,
        workbook_name,
        EmailState::Pending,
    );
    ingest.objects.write_status(&done).await?;

    let email = send_report_once(ingest, &done, &summary, Some(workbook), settings.as_ref()).await?;
    Ok(Outcome::Done {
        snapshot_id: summary.id,
        analysed_now: true,
        email,
    })
}

/// A failure a retry may cure (the store throttled, S3 failing), met after the key was accepted and
/// before the upload is done: the event is retried, and the status, still `waiting`, says so
/// (`retrying`, in the user's language), so that `GET /results/{id}` does not show a plain "waiting"
/// for an upload that failed for now. The status is read again first, so that one written meanwhile by
/// a delivery that succeeded is left as it is. Best effort: the error returned is what makes Lambda
/// retry.
async fn retry_later(
    ingest: &Ingest,
    status: &UploadStatus,
    lang: Option<Lang>,
    error: impl Into<IngestError>,
) -> IngestError {
    let error = error.into();
    let current = match ingest.objects.read_status(&status.tenant, &status.upload_id).await {
        Ok(Some(current)) => current,
        Ok(None) => return error,
        Err(read_error) => {
            tracing::warn!(error = %read_error, "could not record that the analysis is retried");
            return error;
        }
    };
    if current.state != UploadState::Waiting {
        return error;
    }
    let message = lang
        .unwrap_or_default()
        .pick(
            "De analyse kon even niet worden opgeslagen; ze wordt automatisch opnieuw geprobeerd.",
            "L'analyse n'a pas pu être enregistrée pour l'instant ; elle est relancée automatiquement.",
            "The analysis could not be stored just now; it is being retried automatically.",
        )
        .to_owned();
    if let Err(write_error) = ingest.objects.write_status(&current.retrying(message)).await {
        tracing::warn!(error = %write_error, "could not record that the analysis is retried");
    }
    error
}

/// A ledger the engine refuses: the upload fails with the problems, for the user to read. Retrying
/// cannot help, so this is not an error, except when the fault is ours (the workbook writer).
async fn refuse_ledger(
    ingest: &Ingest,
    status: &UploadStatus,
    etag: Option<String>,
    error: EngineError,
    lang: Option<Lang>,
) -> Result<Outcome, IngestError> {
    if !error.is_input_error() {
        let message = lang
            .unwrap_or_default()
            .pick(
                "Er ging bij ons iets mis bij het schrijven van de werkmap; we proberen het opnieuw.",
                "Une erreur s'est produite de notre côté en écrivant le classeur ; nous réessayons.",
                "Something went wrong on our side writing the workbook; we are trying again.",
            )
            .to_owned();
        ingest
            .objects
            .write_status(&status.failed(etag, message, Vec::new()))
            .await?;
        return Err(IngestError::Workbook(error.to_string()));
    }
    let message = match &error {
        EngineError::Import { source, .. } => source.message(lang.unwrap_or_default()),
        other => other.to_string(),
    };
    let problems = error.problems();
    tracing::info!(error = %message, problems = problems.len(), "ledger refused");
    ingest
        .objects
        .write_status(&status.failed(etag, message.clone(), problems))
        .await?;
    Ok(Outcome::Failed { error: message })
}

fn too_large(file_name: &str, size: u64, limit: u64, lang: Lang) -> String {
    match lang {
        Lang::Nl => format!("{file_name}: het bestand is {size} bytes, meer dan de grens van {limit} bytes."),
        Lang::Fr => format!("{file_name} : le fichier fait {size} octets, plus que la limite de {limit} octets."),
        Lang::En => format!("{file_name}: the file is {size} bytes, over the limit of {limit} bytes."),
    }
}

/// Today in the tenant's time zone (Brussels when it has none).
fn today(settings: Option<&TenantSettings>) -> chrono::NaiveDate {
    let zone = settings.map_or(credit_store::settings::DEFAULT_TIME_ZONE, |settings| settings.time_zone);
    Utc::now().with_timezone(&zone).date_naive()
}
