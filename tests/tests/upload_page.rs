//! The upload page in a real browser: Debian's chromium, headless, driven through chromedriver
//! (fantoccini). The page is served by `credit serve`'s own server (credit-web, on a temporary redb
//! store), and by the analyze Lambda's real handler put behind a socket against the emulator, for the
//! large-file path (`POST /uploads`, the browser's PUT to S3, the ingest function, `GET /results`).
//!
//! Without chromium and chromedriver the tests say so and pass, unless `CI` is set: there they fail.

use bytes::Bytes;
use calamine::{Data, Reader};
use chrono::NaiveDate;
use credit_core::analysis::Analysis;
use credit_core::lang::Lang;
use credit_e2e::lambda::{assert_workbook_matches, call_api, s3_event, sample, tenant, ApiCall, Stack};
use credit_engine::Job;
use credit_store::TenantId;
use credit_web::{LocalServer, ServerOptions};
use fantoccini::{Client, ClientBuilder, Locator};
use rust_decimal::Decimal;
use serde_json::json;
use std::collections::BTreeSet;
use std::io::Cursor;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const NL_SAMPLE: &str = "nl-openstaande-posten.xlsx";
const WAIT: Duration = Duration::from_secs(90);

/// Whether the browser tests can run here; `false` only outside CI (under CI a missing browser fails).
fn browser_present() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    let in_ci = std::env::var("CI").is_ok_and(|value| !value.is_empty() && value != "false" && value != "0");
    if !present {
        assert!(
            !in_ci,
            "CI is set but {CHROMIUM} or {CHROMEDRIVER} is missing: apt-get install chromium chromium-driver"
        );
        eprintln!("SKIPPED: {CHROMIUM} or {CHROMEDRIVER} is missing (apt-get install chromium chromium-driver)");
    }
    present
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free loopback port")
}

/// chromedriver and one chromium session with a profile and a download directory of its own.
struct Browser {
    client: Client,
    driver: Child,
    downloads: tempfile::TempDir,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn start() -> Browser {
        let port = free_port();
        // A process group of its own, so that chromium (its child) is stopped with it, even when a
        // test fails half-way (see Drop).
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let downloads = tempfile::tempdir().expect("a download directory");
        let profile = tempfile::tempdir().expect("a profile directory");
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,1100", "--lang=nl-BE",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
                "prefs": {
                    "download.default_directory": downloads.path().display().to_string(),
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                    "safebrowsing.enabled": false,
                    "intl.accept_languages": "nl-BE,nl"
                }
            }
        });
        let capabilities = match capabilities {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("an object"),
        };
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(error) if started.elapsed() < Duration::from_secs(20) => {
                    let _ = error;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(error) => panic!("no browser session through chromedriver at {url}: {error}"),
            }
        };
        Browser {
            client,
            driver,
            downloads,
            _profile: profile,
        }
    }

    /// Ends the session; dropping stops chromedriver and chromium.
    async fn stop(self) {
        let _ = self.client.clone().close().await;
    }

    async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|error| panic!("{css}: {error}"))
            .text()
            .await
            .expect("its text")
    }

    async fn texts(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await.expect("a query") {
            texts.push(element.text().await.expect("its text"));
        }
        texts
    }

    async fn attributes(&self, css: &str, name: &str) -> Vec<String> {
        let mut values = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await.expect("a query") {
            values.push(element.attr(name).await.expect("an attribute").unwrap_or_default());
        }
        values
    }

    async fn wait_for(&self, css: &str) {
        if let Err(error) = self.client.wait().at_most(WAIT).for_element(Locator::Css(css)).await {
            // What the user would see instead.
            let status = self.text("#status-text").await;
            let problem = self.text("#error").await;
            panic!("{css} never appeared ({error}); the page says {status:?} / {problem:?}");
        }
    }

    /// Opens the page, chooses the language, the date and the file, and submits.
    async fn upload(&self, url: &str, lang: &str, as_of: &str, file: &Path) {
        self.client.goto(url).await.expect("the page opens");
        self.wait_for("#file").await;
        self.client
            .find(Locator::Css("#lang"))
            .await
            .expect("the language menu")
            .select_by_value(lang)
            .await
            .expect("the language is chosen");
        // A date input takes keystrokes in the browser's own date format; set the value as a date picker does.
        self.client
            .execute(
                "var input = document.getElementById('as-of'); input.value = arguments[0]; \
                 input.dispatchEvent(new Event('change'));",
                vec![json!(as_of)],
            )
            .await
            .expect("the date is set");
        self.client
            .find(Locator::Css("#file"))
            .await
            .expect("the file input")
            .send_keys(&file.display().to_string())
            .await
            .expect("the file is chosen");
        self.client
            .find(Locator::Css("#submit"))
            .await
            .expect("the button")
            .click()
            .await
            .expect("submitted");
    }

    /// Clicks the download link and waits for the finished file.
    async fn download(&self, file_name: &str) -> Vec<u8> {
        self.client
            .find(Locator::Css("#download"))
            .await
            .expect("the download link")
            .click()
            .await
            .expect("clicked");
        let path = self.downloads.path().join(file_name);
        let started = Instant::now();
        loop {
            let partial = std::fs::read_dir(self.downloads.path())
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .any(|entry| entry.file_name().to_string_lossy().ends_with(".crdownload"))
                })
                .unwrap_or(false);
            if path.exists() && !partial {
                return std::fs::read(&path).expect("the download reads");
            }
            assert!(
                started.elapsed() < WAIT,
                "no {} in {:?}",
                path.display(),
                std::fs::read_dir(self.downloads.path()).map(|entries| entries
                    .filter_map(Result::ok)
                    .map(|e| e.file_name())
                    .collect::<Vec<_>>())
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// A PNG of the whole page (for the README), resized to the page's height.
    async fn screenshot(&self, path: &Path) {
        let height = self
            .client
            .execute("return document.documentElement.scrollHeight;", vec![])
            .await
            .ok()
            .and_then(|value| value.as_u64())
            .unwrap_or(1100);
        // The window's height includes what the browser draws around the page.
        let _ = self
            .client
            .set_window_size(1280, (height + 140).clamp(600, 3000) as u32)
            .await;
        let png = self.client.screenshot().await.expect("a screenshot");
        std::fs::write(path, png).expect("the screenshot is written");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The whole group: chromedriver and the chromium processes it started.
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.driver.wait();
    }
}

/// `credit serve`'s server on a free port and a temporary store, on a thread of its own.
fn local_server(store: &Path) -> String {
    let mut options = ServerOptions::new(store.join("snapshots.redb"));
    options.address = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let server = LocalServer::bind(&options).expect("the local server binds");
    let url = server.url();
    std::thread::spawn(move || server.run());
    url
}

/// A sample's canonical path (chromedriver refuses a path with `..` in it).
fn sample_path(name: &str) -> std::path::PathBuf {
    credit_e2e::lambda::root()
        .join("../samples/ledgers")
        .join(name)
        .canonicalize()
        .expect("the sample exists")
}

/// The engine's own analysis of a sample, as `credit analyze --json` computes it.
fn analysis_of(name: &str, as_of: NaiveDate, lang: Lang) -> Analysis {
    let bytes = sample(name);
    let mut job = Job::new(&bytes, name, as_of);
    job.lang = Some(lang);
    credit_engine::analyse(&job).expect("the sample analyses").analysis
}

/// An amount as the page shows it in Dutch (Belgium): `181.225,93`.
fn dutch(amount: Decimal) -> String {
    let text = format!("{:.2}", amount.abs());
    let (whole, cents) = text.split_once('.').expect("two decimals");
    let mut grouped = String::new();
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    format!("{}{grouped},{cents}", if amount.is_sign_negative() { "-" } else { "" })
}

/// The five actions the page must show: the worklist's order (priority, then the money at risk).
fn five_most_urgent(analysis: &Analysis) -> Vec<String> {
    let mut actions: Vec<_> = analysis
        .customers
        .iter()
        .filter_map(|customer| customer.next_action.as_ref().map(|action| (customer, action)))
        .collect();
    actions.sort_by(|(a, x), (b, y)| {
        x.priority
            .cmp(&y.priority)
            .then(y.amount_at_risk.cmp(&x.amount_at_risk))
            .then_with(|| a.id.cmp(&b.id))
    });
    actions
        .iter()
        .take(5)
        .map(|(customer, _)| customer.id.clone())
        .collect()
}

/// The figures the page shows, checked against the engine's analysis: totals as numbers and as the
/// Dutch text on screen, every aging bucket, the five actions.
async fn assert_page_shows(browser: &Browser, analysis: &Analysis) {
    let json = serde_json::to_value(analysis).expect("the analysis serialises");
    for (kpi, total) in [("open", analysis.totals.open), ("overdue", analysis.totals.overdue)] {
        let values = browser.attributes(&format!("[data-kpi={kpi}]"), "data-value").await;
        assert_eq!(
            values,
            [json["totals"][kpi].as_str().expect("an amount").to_owned()],
            "{kpi}"
        );
        let shown = browser.text(&format!("[data-kpi={kpi}] dd")).await;
        assert!(shown.contains(&dutch(total)), "{kpi}: {shown:?} shows {}", dutch(total));
    }
    let items = browser.text("[data-kpi=open] dd").await;
    assert!(items.contains(&format!("{} posten", analysis.totals.items)), "{items}");
    if let Some(share) = analysis.kpis.as_ref().and_then(|kpis| kpis.overdue_share) {
        let shown = browser.text("[data-kpi=overdue] dd").await;
        let percent = format!("{:.1}", share * 100.0).replace('.', ",");
        assert!(shown.contains(&percent), "overdue share {percent} in {shown:?}");
    }
    let buckets: Vec<(String, String)> = analysis
        .totals
        .buckets
        .iter()
        .map(|(key, amount)| (key.to_owned(), credit_core::money::format_cents(amount)))
        .collect();
    let keys = browser.attributes("#aging li", "data-bucket").await;
    let values = browser.attributes("#aging li", "data-value").await;
    assert_eq!(keys.into_iter().zip(values).collect::<Vec<_>>(), buckets);
    let amounts = browser.texts("#aging li .amount").await;
    for ((_, amount), shown) in analysis.totals.buckets.iter().zip(&amounts) {
        assert!(shown.contains(&dutch(amount)), "{shown:?} shows {}", dutch(amount));
    }
    let customers = browser.attributes("#actions tbody tr", "data-customer").await;
    assert_eq!(customers, five_most_urgent(analysis), "the five most urgent actions");
    let rows = browser.texts("#actions tbody tr").await;
    for (row, id) in rows.iter().zip(&customers) {
        let customer = analysis.customers.iter().find(|c| &c.id == id).expect("a customer");
        let action = customer.next_action.as_ref().expect("an action");
        assert!(row.contains(&dutch(action.amount_at_risk)), "{row}");
        assert!(row.contains(&action.note), "{row}");
    }
}

/// No HTTP status code anywhere a user reads.
async fn assert_no_status_code(browser: &Browser) {
    let body = browser.text("body").await;
    for code in ["400", "401", "404", "413", "422", "500", "503"] {
        assert!(!body.contains(code), "the page shows {code}: {body}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ledger_uploaded_in_the_browser_shows_the_engines_figures_and_downloads_its_workbook() {
    if !browser_present() {
        return;
    }
    let store = tempfile::tempdir().expect("a store directory");
    let url = local_server(store.path());
    let browser = Browser::start().await;
    let as_of = NaiveDate::from_ymd_opt(2026, 10, 31).expect("a date");
    let ledger = sample_path(NL_SAMPLE);

    // The language defaults to the browser's (nl-BE here).
    browser.client.goto(&url).await.expect("the page opens");
    browser.wait_for("#lang").await;
    let chosen = browser
        .client
        .find(Locator::Css("#lang"))
        .await
        .expect("the menu")
        .prop("value")
        .await;
    assert_eq!(chosen.expect("a value"), Some("nl".to_owned()));
    assert_eq!(browser.text("h1").await, "Uw debiteuren, geanalyseerd");

    browser.upload(&url, "nl", "2026-10-31", &ledger).await;
    browser.wait_for("#results:not([hidden])").await;

    let analysis = analysis_of(NL_SAMPLE, as_of, Lang::Nl);
    assert_page_shows(&browser, &analysis).await;
    assert_eq!(browser.text("#results-title").await, "Debiteuren op 31 oktober 2026");
    assert_eq!(browser.text("#download").await, "Geannoteerde werkmap downloaden");
    assert!(browser.text("#status-text").await.starts_with("Klaar"));
    assert_no_status_code(&browser).await;

    let workbook = browser.download("nl-openstaande-posten.annotated.xlsx").await;
    assert_workbook_matches(&workbook, &analysis);
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(workbook)).expect("the workbook opens");
    let sheets: BTreeSet<String> = book.sheet_names().into_iter().collect();
    for sheet in ["Overzicht", "Klanten", "Acties", "Grootboek", "Datakwaliteit"] {
        assert!(sheets.contains(sheet), "{sheet} in {sheets:?}");
    }
    let actions = book.worksheet_range("Acties").expect("the Actions sheet");
    let listed: Vec<String> = actions
        .rows()
        .skip(1)
        .take(5)
        .map(|row| match row.get(2) {
            Some(Data::String(id)) => id.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        })
        .collect();
    assert_eq!(
        listed,
        five_most_urgent(&analysis),
        "the page lists the workbook's first five actions"
    );
    browser.stop().await;
}

/// Writes `docs/upload-page.png`, the README's picture: the English sample analysed in English.
/// `cargo test -p credit-e2e --test upload_page -- --ignored screenshot`
#[tokio::test(flavor = "multi_thread")]
#[ignore = "writes docs/upload-page.png; run by hand when the page changes"]
async fn screenshot_for_the_readme() {
    if !browser_present() {
        return;
    }
    let store = tempfile::tempdir().expect("a store directory");
    let url = local_server(store.path());
    let browser = Browser::start().await;
    browser
        .upload(&url, "en", "2026-10-31", &sample_path("en-invoice-history.xlsx"))
        .await;
    browser.wait_for("#results:not([hidden])").await;
    let png = credit_e2e::lambda::root().join("../docs/upload-page.png");
    browser.screenshot(&png).await;
    browser.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broken_ledger_shows_the_rows_at_fault_in_the_users_language_and_no_status_code() {
    if !browser_present() {
        return;
    }
    let store = tempfile::tempdir().expect("a store directory");
    let url = local_server(store.path());
    let browser = Browser::start().await;
    let broken = store.path().join("kapot.csv");
    std::fs::write(
        &broken,
        "Klantnr;Naam;Factuurnr;Factuurdatum;Vervaldatum;Openstaand\n\
         K1;Bakkerij Peeters;F1;01-09-2026;01-10-2026;veel\n\
         K2;Garage Claes;F2;05-09-2026;05-10-2026;een beetje\n",
    )
    .expect("the broken ledger is written");

    browser.upload(&url, "nl", "2026-10-31", &broken).await;
    browser.wait_for("#error:not([hidden])").await;

    let message = browser.text("#error-text").await;
    assert!(
        message.starts_with("kapot.csv: geen enkele rij kon als factuur, creditnota of betaling gelezen worden"),
        "{message}"
    );
    let rows = browser.texts("#problems tbody tr").await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    for (index, (number, value)) in [("2", "veel"), ("3", "een beetje")].into_iter().enumerate() {
        let cells = browser
            .texts(&format!("#problems tbody tr:nth-child({}) td", index + 1))
            .await;
        assert_eq!(
            cells,
            [
                "csv".to_owned(),
                number.to_owned(),
                "Openstaand".to_owned(),
                format!("bedrag \"{value}\" onleesbaar: verwacht een getal zoals 1.234,56; rij overgeslagen"),
            ]
        );
    }
    assert_eq!(
        browser.texts("#problems thead th").await,
        ["Blad", "Rij", "Kolom", "Probleem"]
    );
    let results_hidden = browser
        .client
        .find(Locator::Css("#results"))
        .await
        .expect("the results")
        .attr("hidden")
        .await
        .expect("an attribute");
    assert!(results_hidden.is_some(), "no results for a broken ledger");
    assert_no_status_code(&browser).await;

    // The same in French: the message follows the language chosen on the page.
    browser.upload(&url, "fr", "2026-10-31", &broken).await;
    browser
        .client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//p[@id='error-text'][starts-with(., 'kapot.csv : aucune ligne')]",
        ))
        .await
        .expect("the French message");
    assert_no_status_code(&browser).await;
    browser.stop().await;
}

/// A Dutch open-items csv of at least `bytes` bytes: 40 customers, invoices over two years, due 30 days
/// after their date, some long overdue.
fn large_ledger(bytes: usize) -> Vec<u8> {
    let mut csv = String::from("Klantnr;Naam;Factuurnr;Factuurdatum;Vervaldatum;Openstaand\n");
    let start = NaiveDate::from_ymd_opt(2024, 11, 1).expect("a date");
    let mut number = 0u64;
    while csv.len() < bytes {
        number += 1;
        let customer = number % 40;
        let date = start + chrono::Duration::days((number * 7 % 730) as i64);
        let due = date + chrono::Duration::days(30);
        let cents = 5_000 + (number * 7_919 % 250_000);
        csv.push_str(&format!(
            "D{customer:03};Klant {customer:03} BV;F{number:06};{};{};{},{:02}\n",
            date.format("%d-%m-%Y"),
            due.format("%d-%m-%Y"),
            cents / 100,
            cents % 100
        ));
    }
    csv.into_bytes()
}

/// The analyze Lambda's handler behind a socket, as API Gateway would call it for a signed-in user of
/// `tenant`; it notes every request it passes on.
async fn lambda_behind_a_socket(api: credit_fn_analyze::Api, tenant: TenantId) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .expect("a port");
    let url = format!("http://{}/", listener.local_addr().expect("an address"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let noted = seen.clone();
    tokio::spawn(credit_web::server::serve(listener, 16 * 1024 * 1024, move |request| {
        let api = api.clone();
        let tenant = tenant.clone();
        let noted = noted.clone();
        async move {
            let (parts, body) = request.into_parts();
            let method = match parts.method.as_str() {
                "POST" => "POST",
                "PUT" => "PUT",
                "DELETE" => "DELETE",
                _ => "GET",
            };
            noted
                .lock()
                .expect("the log")
                .push(format!("{method} {}", parts.uri.path()));
            let mut call = ApiCall::new(method, parts.uri.path(), &tenant)
                .query(parts.uri.query().unwrap_or(""))
                .body(body.to_vec());
            for (name, value) in &parts.headers {
                if let Ok(value) = value.to_str() {
                    call = call.header(name.as_str(), value);
                }
            }
            let answer = call_api(&api, call.event()).await;
            let mut response = hyper::Response::new(Bytes::from(answer.body));
            *response.status_mut() = hyper::StatusCode::from_u16(answer.status).expect("a status");
            for (name, value) in answer.headers {
                if let (Ok(name), Ok(value)) = (
                    hyper::header::HeaderName::from_bytes(name.as_bytes()),
                    hyper::header::HeaderValue::from_str(&value),
                ) {
                    response.headers_mut().insert(name, value);
                }
            }
            response
        }
    }));
    (url, seen)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ledger_over_the_direct_limit_goes_through_the_presigned_upload_and_the_ingest_function() {
    if !browser_present() {
        return;
    }
    let stack = Stack::new().await;
    let tenant = tenant("page");
    stack.settings(&tenant, &[], Lang::Nl).await;
    let api = stack.api();
    let (url, seen) = lambda_behind_a_socket(api, tenant.clone()).await;
    let page_origin = url.trim_end_matches('/').to_owned();
    // The bucket lets the page's origin PUT and GET, as the template's CorsConfiguration does.
    let rule = aws_sdk_s3::types::CorsRule::builder()
        .allowed_origins(&page_origin)
        .allowed_methods("PUT")
        .allowed_methods("GET")
        .allowed_methods("HEAD")
        .allowed_headers("*")
        .expose_headers("ETag")
        .build()
        .expect("a CORS rule");
    stack
        .s3
        .put_bucket_cors()
        .bucket(&stack.bucket)
        .cors_configuration(
            aws_sdk_s3::types::CorsConfiguration::builder()
                .cors_rules(rule)
                .build()
                .expect("a CORS configuration"),
        )
        .send()
        .await
        .expect("the bucket takes the CORS rule");

    // S3 would notify the ingest function of every new upload: here a watcher does, once per object.
    let ingest = stack.ingest();
    let s3 = stack.s3.clone();
    let bucket = stack.bucket.clone();
    let prefix = format!("uploads/{tenant}/");
    let watcher = tokio::spawn(async move {
        let mut done = BTreeSet::new();
        loop {
            let listing = s3.list_objects_v2().bucket(&bucket).prefix(&prefix).send().await;
            for object in listing.map(|listing| listing.contents().to_vec()).unwrap_or_default() {
                let (Some(key), Some(etag)) = (object.key(), object.e_tag()) else {
                    continue;
                };
                if done.insert(key.to_owned()) {
                    let size = object.size().unwrap_or_default() as usize;
                    let event = s3_event(&bucket, key, etag.trim_matches('"'), size);
                    credit_fn_ingest::handle(&ingest, event)
                        .await
                        .expect("the ingest function takes the upload");
                }
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    });

    // Over the page's direct limit, so the page must take the presigned path.
    let dir = tempfile::tempdir().expect("a directory");
    let ledger = dir.path().join("grootboek.csv");
    let bytes = large_ledger(credit_fn_analyze::page::DIRECT_LIMIT_BYTES as usize + 64 * 1024);
    std::fs::write(&ledger, &bytes).expect("the ledger is written");
    let browser = Browser::start().await;
    browser.upload(&url, "nl", "2026-10-31", &ledger).await;
    browser.wait_for("#results:not([hidden])").await;

    let as_of = NaiveDate::from_ymd_opt(2026, 10, 31).expect("a date");
    let mut job = Job::new(&bytes, "grootboek.csv", as_of);
    job.lang = Some(Lang::Nl);
    let analysis = credit_engine::analyse(&job).expect("the ledger analyses").analysis;
    assert_page_shows(&browser, &analysis).await;
    assert_no_status_code(&browser).await;
    let requests = seen.lock().expect("the log").clone();
    assert!(requests.contains(&"POST /uploads".to_owned()), "{requests:?}");
    assert!(
        requests.iter().any(|request| request.starts_with("GET /results/")),
        "{requests:?}"
    );
    assert!(!requests.contains(&"POST /analyze".to_owned()), "{requests:?}");
    let uploaded = stack.keys(&format!("uploads/{tenant}/")).await;
    assert_eq!(uploaded.len(), 1, "the browser's PUT landed: {uploaded:?}");
    assert_eq!(stack.object(&uploaded[0]).await, Some(bytes));

    // The link is the presigned GET of the workbook the ingest function wrote.
    let href = browser
        .attributes("#download", "href")
        .await
        .pop()
        .expect("a download link");
    assert!(href.starts_with(stack.sdk.endpoint_url().unwrap_or("none")), "{href}");
    let workbook = browser.download("grootboek.annotated.xlsx").await;
    assert_workbook_matches(&workbook, &analysis);
    watcher.abort();
    browser.stop().await;
}
