//! The local HTTP server of `credit serve`: the upload page at `GET /` and `POST /analyze` as the Lambda
//! answers it, on the embedded snapshot store, with no AWS and no sign-in. Bound to loopback unless
//! told otherwise: the ledgers it receives are the business's own.

use crate::answer::{PageAnswer, PageWorkbook};
use crate::page::{self, Page, PageConfig};
use crate::request::{engine_refusal, too_large, user_lang, AnalyzeParams, ErrorAnswer, Format, Refusal};
use bytes::Bytes;
use chrono::{Local, NaiveDate};
use credit_core::lang::Lang;
use credit_engine::{annotated_file_name, Job};
use credit_store::{block_on, content_hash, EmbeddedStore, NewSnapshot, SnapshotStore, SourceRef, TenantId};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, ACCEPT, ACCEPT_LANGUAGE, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// The tenant of everything stored on this machine, as the `credit` command stores it: one machine,
/// one business.
pub const LOCAL_TENANT: &str = "local";

/// The content type of an xlsx workbook.
pub const XLSX_CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The largest ledger the local server accepts by default: the functions' limit (64 MiB).
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// The address could not be bound (in use, not allowed).
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The snapshot store could not be opened.
    #[error("the snapshot store {path}: {source}")]
    Store {
        /// Its path.
        path: PathBuf,
        /// Why.
        source: credit_store::StoreError,
    },
    /// Accepting connections failed.
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// How to run the local server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerOptions {
    /// Where to listen; `127.0.0.1:8080` by default (port 0: any free port).
    pub address: SocketAddr,
    /// The snapshot file.
    pub store: PathBuf,
    /// The largest ledger accepted.
    pub max_bytes: u64,
}

impl ServerOptions {
    /// Loopback port 8080, the default limit, snapshots in `store`.
    pub fn new(store: PathBuf) -> Self {
        ServerOptions {
            address: SocketAddr::from((Ipv4Addr::LOCALHOST, 8080)),
            store,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// The local server, bound and ready to serve.
pub struct LocalServer {
    listener: std::net::TcpListener,
    app: Arc<App>,
}

struct App {
    /// Bound to a loopback address: only this machine's names are accepted as `Host`.
    loopback_only: bool,
    store: EmbeddedStore,
    page: Page,
    max_bytes: u64,
}

impl LocalServer {
    /// Opens the store and binds the address (so that the URL can be printed before serving).
    ///
    /// # Errors
    /// [`ServerError::Store`] when the snapshot file cannot be opened, [`ServerError::Bind`] when the
    /// address cannot be listened on.
    pub fn bind(options: &ServerOptions) -> Result<Self, ServerError> {
        let store = EmbeddedStore::open(&options.store).map_err(|source| ServerError::Store {
            path: options.store.clone(),
            source,
        })?;
        let listener = std::net::TcpListener::bind(options.address).map_err(|source| ServerError::Bind {
            address: options.address,
            source,
        })?;
        listener.set_nonblocking(true)?;
        let config = PageConfig {
            api_base: String::new(),
            direct_limit: options.max_bytes,
            max_bytes: options.max_bytes,
            presigned_uploads: false,
            sign_in: None,
        };
        Ok(LocalServer {
            listener,
            app: Arc::new(App {
                loopback_only: options.address.ip().is_loopback(),
                store,
                page: Page::render(&config, &[]),
                max_bytes: options.max_bytes,
            }),
        })
    }

    /// The address bound.
    ///
    /// # Errors
    /// When the socket cannot tell (it always can once bound).
    pub fn local_addr(&self) -> Result<SocketAddr, ServerError> {
        Ok(self.listener.local_addr()?)
    }

    /// The page's URL, `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        match self.listener.local_addr() {
            Ok(address) => format!("http://{address}/"),
            Err(_) => String::from("http://127.0.0.1/"),
        }
    }

    /// Serves until the process ends, on a runtime of its own (the caller needs none).
    ///
    /// # Errors
    /// [`ServerError::Io`] when the runtime cannot start or accepting fails.
    pub fn run(self) -> Result<(), ServerError> {
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
        runtime.block_on(self.serve())
    }

    /// Serves on the current tokio runtime until accepting fails.
    ///
    /// # Errors
    /// [`ServerError::Io`] when accepting fails.
    pub async fn serve(self) -> Result<(), ServerError> {
        let listener = tokio::net::TcpListener::from_std(self.listener)?;
        let app = self.app;
        let max_bytes = app.max_bytes;
        serve(listener, max_bytes, move |request| {
            let app = app.clone();
            async move { app.handle(request).await }
        })
        .await?;
        Ok(())
    }
}

/// Serves HTTP/1.1 on `listener` with `handler`, which gets each request with its whole body (at most
/// `max_body` bytes; a larger one is answered 413 without calling it), with the default
/// [`ServeLimits`]. Used by the local server, and by tests that put the Lambda's handler behind a real
/// socket.
///
/// # Errors
/// When accepting a connection fails.
pub async fn serve<H, F>(listener: tokio::net::TcpListener, max_body: u64, handler: H) -> std::io::Result<()>
where
    H: Fn(Request<Bytes>) -> F + Clone + Send + Sync + 'static,
    F: Future<Output = Response<Bytes>> + Send + 'static,
{
    let limits = ServeLimits {
        max_body,
        ..ServeLimits::default()
    };
    serve_with(listener, limits, handler).await
}

/// What one client may cost the local server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServeLimits {
    /// The largest request body, in bytes.
    pub max_body: u64,
    /// How long a client may take to send a request's headers: a connection that trickles them (or
    /// sends none) is closed instead of being held open for ever.
    pub header_read_timeout: Duration,
    /// How many requests are read and answered at once; the others wait their turn. Each may hold a
    /// body of `max_body` bytes and the analysis of it, so that a burst of uploads cannot take all the
    /// machine's memory.
    pub requests_at_once: usize,
}

impl Default for ServeLimits {
    fn default() -> Self {
        ServeLimits {
            max_body: DEFAULT_MAX_BYTES,
            header_read_timeout: Duration::from_secs(30),
            requests_at_once: 4,
        }
    }
}

/// [`serve`] with explicit limits.
///
/// # Errors
/// When accepting a connection fails.
pub async fn serve_with<H, F>(listener: tokio::net::TcpListener, limits: ServeLimits, handler: H) -> std::io::Result<()>
where
    H: Fn(Request<Bytes>) -> F + Clone + Send + Sync + 'static,
    F: Future<Output = Response<Bytes>> + Send + 'static,
{
    let turns = Arc::new(Semaphore::new(limits.requests_at_once.max(1)));
    loop {
        let (stream, _) = listener.accept().await?;
        let handler = handler.clone();
        let turns = Arc::clone(&turns);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                let handler = handler.clone();
                let turns = Arc::clone(&turns);
                async move {
                    // The semaphore is never closed, so a turn always comes.
                    let _turn = turns.acquire_owned().await;
                    Ok::<_, Infallible>(read_then(request, limits.max_body, handler).await.map(Full::new))
                }
            });
            if let Err(error) = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout)
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                tracing::debug!(%error, "connection closed");
            }
        });
    }
}

async fn read_then<H, F>(request: Request<Incoming>, max_body: u64, handler: H) -> Response<Bytes>
where
    H: Fn(Request<Bytes>) -> F,
    F: Future<Output = Response<Bytes>>,
{
    let lang = user_lang(request.uri().query().unwrap_or(""), header(&request, ACCEPT_LANGUAGE));
    let (parts, body) = request.into_parts();
    let limit = usize::try_from(max_body).unwrap_or(usize::MAX);
    match Limited::new(body, limit).collect().await {
        Ok(collected) => handler(Request::from_parts(parts, collected.to_bytes())).await,
        Err(error) => {
            tracing::info!(%error, "body refused");
            refusal(&too_large(lang, max_body))
        }
    }
}

fn header<B>(request: &Request<B>, name: hyper::header::HeaderName) -> Option<&str> {
    request.headers().get(name).and_then(|value| value.to_str().ok())
}

impl App {
    async fn handle(self: Arc<Self>, request: Request<Bytes>) -> Response<Bytes> {
        let query = request.uri().query().unwrap_or("").to_owned();
        let lang = user_lang(&query, header(&request, ACCEPT_LANGUAGE));
        let path = request.uri().path().trim_end_matches('/').to_owned();
        let answer = match (request.method(), path.as_str()) {
            (&Method::GET | &Method::HEAD, "") => return page_response(&self.page),
            (&Method::POST, "/analyze") if !same_origin(&request, self.loopback_only) => Err(Refusal {
                status: 403,
                answer: message(lang.pick(
                    "Alleen de eigen pagina van deze server mag hier een lijst laten analyseren.",
                    "Seule la page de ce serveur peut faire analyser une balance ici.",
                    "Only this server's own page may have a ledger analysed here.",
                )),
            }),
            (&Method::POST, "/analyze") => self.analyze(request, &query, lang).await,
            (_, "" | "/analyze") => Err(Refusal {
                status: 405,
                answer: message(lang.pick(
                    "Deze methode is hier niet toegestaan.",
                    "Cette méthode n'est pas permise ici.",
                    "This method is not allowed here.",
                )),
            }),
            _ => Err(Refusal {
                status: 404,
                answer: message(lang.pick("Niet gevonden.", "Introuvable.", "Not found.")),
            }),
        };
        answer.unwrap_or_else(|refused| refusal(&refused))
    }

    async fn analyze(
        self: &Arc<Self>,
        request: Request<Bytes>,
        query: &str,
        lang: Lang,
    ) -> Result<Response<Bytes>, Refusal> {
        let wants_json = header(&request, ACCEPT)
            .is_some_and(|accept| accept.contains("application/json") && !accept.contains(XLSX_CONTENT_TYPE));
        let params = AnalyzeParams::read(query, wants_json, lang)?;
        let content_type = header(&request, CONTENT_TYPE).unwrap_or("").to_ascii_lowercase();
        // The page posts the file itself. A form (curl -F) would be read as the ledger, boundaries and
        // all: a csv analysed with the form's lines as rows, a workbook "not a spreadsheet".
        if content_type.starts_with("multipart/") {
            return Err(Refusal {
                status: 415,
                answer: message(lang.pick(
                    "De aanvraag is een formulier (multipart/form-data): stuur de debiteurenlijst zelf als body, bv. curl --data-binary @lijst.xlsx.",
                    "La requête est un formulaire (multipart/form-data) : envoyez la balance clients elle-même comme corps, p. ex. curl --data-binary @balance.xlsx.",
                    "The request is a form (multipart/form-data): send the ledger itself as the body, e.g. curl --data-binary @ledger.xlsx.",
                )),
            });
        }
        let bytes = request.into_body();
        if bytes.is_empty() {
            return Err(Refusal::bad_request(
                lang.pick(
                    "De aanvraag bevat geen bestand: stuur de debiteurenlijst als body.",
                    "La requête ne contient aucun fichier : envoyez la balance clients comme corps.",
                    "The request holds no file: send the ledger as the body.",
                )
                .to_owned(),
            ));
        }
        let file_name = params
            .file_name
            .clone()
            .unwrap_or_else(|| format!("ledger{}", extension_of(&content_type)));
        let as_of = params.as_of.unwrap_or_else(|| Local::now().date_naive());
        let app = self.clone();
        let chosen_lang = params.lang;
        // Reading, analysing and writing are CPU work, and the store is a file: off the async threads.
        let outcome = tokio::task::spawn_blocking(move || app.analyze_blocking(&bytes, &file_name, as_of, chosen_lang))
            .await
            .map_err(|error| internal(lang, &error))??;
        let Analysed {
            analysis,
            workbook,
            file_name,
            snapshot_id,
        } = outcome;
        let workbook_name = annotated_file_name(&file_name);
        Ok(match params.format {
            Format::Page => json(
                StatusCode::OK,
                &PageAnswer::new(&analysis, PageWorkbook::inline(&workbook_name, &workbook))
                    .with_snapshot_id(snapshot_id),
            ),
            Format::Json => json(StatusCode::OK, &analysis),
            Format::Workbook => {
                let mut response = Response::new(Bytes::from(workbook));
                let headers = response.headers_mut();
                headers.insert(CONTENT_TYPE, HeaderValue::from_static(XLSX_CONTENT_TYPE));
                headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
                if let Ok(value) = HeaderValue::from_str(&content_disposition(&workbook_name)) {
                    headers.insert(CONTENT_DISPOSITION, value);
                }
                response
            }
        })
    }

    fn analyze_blocking(
        &self,
        bytes: &[u8],
        file_name: &str,
        as_of: NaiveDate,
        lang: Option<Lang>,
    ) -> Result<Analysed, Refusal> {
        let tell = lang.unwrap_or_default();
        let mut job = Job::new(bytes, file_name, as_of);
        job.lang = lang;
        let (analysed, workbook) = credit_engine::run(&job).map_err(|error| engine_refusal(&error, tell))?;
        let tenant = TenantId::new(LOCAL_TENANT).map_err(|error| internal(tell, &error))?;
        // The key the `credit` command uses: the same file at the same date is one snapshot, whichever
        // of the two analysed it.
        let source = SourceRef::new(
            file_name,
            format!("{file_name}@{}", analysed.analysis.as_of),
            content_hash(bytes),
        );
        let snapshot = NewSnapshot::new(tenant, source, analysed.analysis);
        let outcome = block_on(self.store.put_snapshot(&snapshot)).map_err(|error| internal(tell, &error))?;
        tracing::info!(snapshot_id = outcome.summary().id.as_str(), "ledger analysed");
        Ok(Analysed {
            snapshot_id: outcome.summary().id.to_string(),
            analysis: snapshot.analysis,
            workbook,
            file_name: file_name.to_owned(),
        })
    }
}

struct Analysed {
    analysis: credit_core::analysis::Analysis,
    workbook: Vec<u8>,
    file_name: String,
    snapshot_id: String,
}

fn message(text: &str) -> ErrorAnswer {
    ErrorAnswer {
        error: text.to_owned(),
        problems: Vec::new(),
    }
}

fn internal(lang: Lang, error: &dyn std::fmt::Display) -> Refusal {
    tracing::error!(%error, "request failed");
    Refusal {
        status: 500,
        answer: message(lang.pick(
            "Er ging bij ons iets mis. Probeer het opnieuw of neem contact op.",
            "Une erreur s'est produite de notre côté. Réessayez ou contactez-nous.",
            "Something went wrong on our side. Please try again or contact us.",
        )),
    }
}

/// Whether a request comes from the page this server served, or from a program. A browser names the
/// page's origin in `Origin`, and any web site the user visits could otherwise post to the local server
/// (the answer stays unreadable to it, but the snapshot would be stored); programs such as curl send no
/// `Origin`. Bound to the loopback, `Host` must name the loopback too, which a DNS-rebinding site
/// cannot fake.
fn same_origin(request: &Request<Bytes>, loopback_only: bool) -> bool {
    let host = header(request, hyper::header::HOST);
    let origin_ok = match header(request, hyper::header::ORIGIN) {
        None => true,
        Some(origin) => host.is_some_and(|host| origin.strip_prefix("http://") == Some(host)),
    };
    let loopback = |authority: &str| {
        let name = match authority.rsplit_once(':') {
            Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
            _ => authority,
        };
        matches!(name, "127.0.0.1" | "localhost" | "[::1]")
    };
    origin_ok && (!loopback_only || host.is_none_or(loopback))
}

/// The page with the headers it needs: its policy, its type, and no sniffing or framing.
pub fn page_response(page: &Page) -> Response<Bytes> {
    let mut response = Response::new(Bytes::from(page.html.clone()));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(page::CONTENT_TYPE));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(page::CACHE_CONTROL));
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    if let Ok(value) = HeaderValue::from_str(&page.content_security_policy) {
        headers.insert("content-security-policy", value);
    }
    response
}

fn json<T: serde::Serialize>(status: StatusCode, value: &T) -> Response<Bytes> {
    let body = serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec());
    let mut response = Response::new(Bytes::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn refusal(refused: &Refusal) -> Response<Bytes> {
    let status = StatusCode::from_u16(refused.status).unwrap_or(StatusCode::BAD_REQUEST);
    json(status, &refused.answer)
}

fn extension_of(content_type: &str) -> &'static str {
    if content_type.contains("spreadsheetml") {
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
    }
}

/// `attachment; filename="<ASCII name>"; filename*=UTF-8''<the name percent-encoded>` (RFC 6266).
fn content_disposition(file_name: &str) -> String {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._- ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = percent_encoding::utf8_percent_encode(file_name, percent_encoding::NON_ALPHANUMERIC);
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}
