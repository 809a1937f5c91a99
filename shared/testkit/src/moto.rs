//! Starting, attaching to and reading back the moto server.

use crate::http;
use aws_config::SdkConfig;
use serde::Deserialize;
use std::io::Read;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How long a freshly started server may take to answer (it takes about half a second on an idle
/// machine; a loaded 2-core machine compiling the workspace needs more).
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// Why the emulator could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TestkitError {
    /// `moto_server` could not be started (not on PATH: `pip install 'moto[server]'`).
    #[error("cannot start moto_server (install it with pip install 'moto[server]'): {0}")]
    Spawn(#[source] std::io::Error),
    /// The server did not answer `/moto-api/` in time; its log is attached.
    #[error("moto at {endpoint} did not answer within {seconds} s; its log:\n{log}")]
    NotReady {
        /// The address tried.
        endpoint: String,
        /// How long we waited.
        seconds: u64,
        /// The server's output, when we started it.
        log: String,
    },
    /// `MOTO_ENDPOINT` is not `http://host:port`.
    #[error("MOTO_ENDPOINT {0:?} is not of the form http://127.0.0.1:PORT")]
    BadEndpoint(String),
    /// Reading the emulator's own API failed.
    #[error("reading {path} from moto failed: {detail}")]
    Api {
        /// The API path.
        path: String,
        /// What went wrong.
        detail: String,
    },
}

/// A moto server: one we started (stopped when dropped) or one we were given by `MOTO_ENDPOINT`.
pub struct MotoServer {
    endpoint: String,
    authority: String,
    process: Option<Mutex<Watchdog>>,
}

/// The shell that runs moto_server and kills it when its stdin closes.
struct Watchdog {
    shell: Child,
    stdin: Option<ChildStdin>,
    log: PathBuf,
}

/// The server every test of this binary shares: `MOTO_ENDPOINT` when set, else one started on first use.
///
/// # Panics
/// When no server can be had: every test that asks needs one, and the message says how to get it.
pub fn moto() -> &'static MotoServer {
    static SHARED: OnceLock<MotoServer> = OnceLock::new();
    SHARED.get_or_init(|| {
        let server = match std::env::var("MOTO_ENDPOINT") {
            Ok(endpoint) if !endpoint.trim().is_empty() => MotoServer::attach(endpoint.trim()),
            _ => MotoServer::start(),
        };
        server.unwrap_or_else(|error| panic!("no AWS emulator for the tests: {error}"))
    })
}

impl MotoServer {
    /// Starts a server of our own on a free loopback port and waits until it answers.
    ///
    /// # Errors
    /// [`TestkitError::Spawn`] when `moto_server` cannot be run, [`TestkitError::NotReady`] when it
    /// does not answer (after three tries on fresh ports, in case another process took the port).
    pub fn start() -> Result<Self, TestkitError> {
        let mut last_error = None;
        for _ in 0..3 {
            match Self::start_once() {
                Ok(server) => return Ok(server),
                Err(error @ TestkitError::Spawn(_)) => return Err(error),
                Err(error) => last_error = Some(error),
            }
        }
        Err(last_error.unwrap_or(TestkitError::Spawn(std::io::Error::other("no attempt made"))))
    }

    fn start_once() -> Result<Self, TestkitError> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map_err(TestkitError::Spawn)?
            .port();
        let log = std::env::temp_dir().join(format!("credit-testkit-moto-{port}.log"));
        // The shell is the watchdog: it waits on its stdin, which only this process holds. When we
        // close it (drop) or exit in any way, `cat` ends and the shell stops the server.
        let script = r#"moto_server -H 127.0.0.1 -p "$1" >"$2" 2>&1 &
pid=$!
cat >/dev/null
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
exit 0"#;
        let mut shell = Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg("moto-watchdog")
            .arg(port.to_string())
            .arg(&log)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(TestkitError::Spawn)?;
        let stdin = shell.stdin.take();
        let server = MotoServer {
            endpoint: format!("http://127.0.0.1:{port}"),
            authority: format!("127.0.0.1:{port}"),
            process: Some(Mutex::new(Watchdog { shell, stdin, log })),
        };
        server.wait_until_ready()?;
        Ok(server)
    }

    /// Uses a server someone else started (CI) at `endpoint`, e.g. `http://127.0.0.1:5000`, once it
    /// answers.
    ///
    /// # Errors
    /// [`TestkitError::BadEndpoint`] for another form of address, [`TestkitError::NotReady`] when it
    /// does not answer.
    pub fn attach(endpoint: &str) -> Result<Self, TestkitError> {
        let authority = endpoint
            .strip_prefix("http://")
            .map(|rest| rest.trim_end_matches('/'))
            .filter(|rest| !rest.is_empty() && !rest.contains('/'))
            .ok_or_else(|| TestkitError::BadEndpoint(endpoint.to_string()))?;
        let server = MotoServer {
            endpoint: format!("http://{authority}"),
            authority: authority.to_string(),
            process: None,
        };
        server.wait_until_ready()?;
        Ok(server)
    }

    fn wait_until_ready(&self) -> Result<(), TestkitError> {
        let started = Instant::now();
        while started.elapsed() < START_TIMEOUT {
            if http::get(&self.authority, "/moto-api/").is_ok_and(|answer| answer.status == 200) {
                return Ok(());
            }
            if self.exited() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(TestkitError::NotReady {
            endpoint: self.endpoint.clone(),
            seconds: started.elapsed().as_secs(),
            log: self.log(),
        })
    }

    /// Whether the server we started has stopped already (moto_server missing, port taken...).
    fn exited(&self) -> bool {
        let Some(process) = &self.process else { return false };
        let Ok(mut watchdog) = process.lock() else { return true };
        matches!(watchdog.shell.try_wait(), Ok(Some(_)))
    }

    /// The output of the server we started (empty for an attached one).
    pub fn log(&self) -> String {
        let Some(process) = &self.process else {
            return String::new();
        };
        let Ok(watchdog) = process.lock() else {
            return String::new();
        };
        let mut text = String::new();
        if let Ok(mut file) = std::fs::File::open(&watchdog.log) {
            let _ = file.read_to_string(&mut text);
        }
        text
    }

    /// The URL every SDK client should use, e.g. `http://127.0.0.1:45123`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// An SDK configuration for this server (see [`crate::sdk_config_for`]).
    pub async fn sdk_config(&self) -> SdkConfig {
        crate::sdk_config_for(&self.endpoint).await
    }

    /// Everything moto holds, as its `/moto-api/data.json` shows it.
    ///
    /// # Errors
    /// [`TestkitError::Api`] when the server does not answer with JSON.
    pub fn data(&self) -> Result<serde_json::Value, TestkitError> {
        let path = "/moto-api/data.json";
        let api_error = |detail: String| TestkitError::Api {
            path: path.to_string(),
            detail,
        };
        // moto serialises every service's state for this page without a lock: while other tests write,
        // it sometimes answers 500 ("dictionary changed size during iteration"). A few tries ride it out.
        let mut last_status = 0;
        for attempt in 0..8u64 {
            let answer = http::get(&self.authority, path).map_err(|error| api_error(error.to_string()))?;
            if answer.status == 200 {
                return serde_json::from_slice(&answer.body).map_err(|error| api_error(error.to_string()));
            }
            last_status = answer.status;
            std::thread::sleep(std::time::Duration::from_millis(50 * (attempt + 1)));
        }
        Err(api_error(format!("status {last_status}")))
    }

    /// Every e-mail SES accepted (on any account and region of this server), oldest first.
    ///
    /// # Errors
    /// [`TestkitError::Api`] when the server's data cannot be read.
    pub fn sent_emails(&self) -> Result<Vec<SentEmail>, TestkitError> {
        let data = self.data()?;
        let Some(messages) = data.get("ses").and_then(|ses| ses.get("RawMessage")) else {
            return Ok(Vec::new());
        };
        serde_json::from_value(messages.clone()).map_err(|error| TestkitError::Api {
            path: "/moto-api/data.json ses.RawMessage".into(),
            detail: error.to_string(),
        })
    }

    /// The e-mails sent to `recipient` (one of their destinations), oldest first.
    ///
    /// # Errors
    /// As [`MotoServer::sent_emails`].
    pub fn emails_to(&self, recipient: &str) -> Result<Vec<SentEmail>, TestkitError> {
        Ok(self
            .sent_emails()?
            .into_iter()
            .filter(|email| email.destinations.iter().any(|to| to.eq_ignore_ascii_case(recipient)))
            .collect())
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        if let Some(process) = self.process.take() {
            let mut watchdog = process.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
            // Closing its stdin tells the watchdog to stop the server; then we reap the shell.
            drop(watchdog.stdin.take());
            let _ = watchdog.shell.wait();
            let _ = std::fs::remove_file(&watchdog.log);
        }
    }
}

/// An e-mail as SES received it on the emulator.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SentEmail {
    /// SES's message id.
    pub id: String,
    /// The sender.
    pub source: String,
    /// Every recipient (To, Cc and Bcc).
    pub destinations: Vec<String>,
    /// The whole MIME text, attachments base64-encoded inside.
    pub raw_data: String,
}
