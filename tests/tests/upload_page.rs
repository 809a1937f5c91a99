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

/// Every control has a name, the drop zone is reached by the keyboard (its file input takes focus and
/// the zone shows it), and the page with its results fits a phone's width without sideways scrolling.
async fn assert_accessible_and_fits_a_phone(browser: &Browser) {
    let unnamed = browser
        .client
        .execute(
            "return [...document.querySelectorAll('input, select, button, a[href]')]
                .filter(e => !e.closest('[hidden]'))
                .filter(e => !((e.labels && e.labels.length) || e.textContent.trim() || e.getAttribute('aria-label')))
                .map(e => e.id || e.outerHTML);",
            vec![],
        )
        .await
        .expect("a list");
    assert_eq!(unnamed, json!([]), "controls without a name");
    let focused = browser
        .client
        .execute(
            "const file = document.getElementById('file'); file.focus();
             return [document.activeElement === file, file.tabIndex,
                     document.getElementById('drop').matches(':focus-within'),
                     getComputedStyle(document.getElementById('drop')).outlineStyle];",
            vec![],
        )
        .await
        .expect("the focus");
    assert_eq!(focused, json!([true, 0, true, "solid"]), "the drop zone by keyboard");
    // WCAG 2.1 AA: every visible text against the background it is drawn on, 4.5:1 (3:1 for large text).
    let low_contrast = browser
        .client
        .execute(
            r#"const channel = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
             const rgba = text => (text.match(/[\d.]+/g) || []).map(Number);
             const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
             const background = element => {
               for (let e = element; e; e = e.parentElement) {
                 const [r, g, b, a = 1] = rgba(getComputedStyle(e).backgroundColor);
                 if (a > 0) return [r, g, b];
               }
               return [255, 255, 255];
             };
             const failures = [];
             for (const element of document.querySelectorAll('body *')) {
               if (element.closest('svg, [hidden], .skip') || !element.getClientRects().length) continue;
               const own = [...element.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
               if (!own) continue;
               const style = getComputedStyle(element);
               if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
               const [l1, l2] = [luminance(rgba(style.color)), luminance(background(element))];
               const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
               const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
               const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
               if (ratio < needed) failures.push(`${element.tagName}.${element.className} '${element.textContent.trim().slice(0, 30)}' ${ratio.toFixed(2)}:1`);
             }
             return failures;"#,
            vec![],
        )
        .await
        .expect("the contrast of each text");
    assert_eq!(low_contrast, json!([]), "text below WCAG AA contrast");
    browser
        .client
        .set_window_size(390, 844)
        .await
        .expect("a phone's window");
    let widths = browser
        .client
        .execute(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
            vec![],
        )
        .await
        .expect("the widths");
    let (scroll, client) = (widths[0].as_u64().unwrap_or(0), widths[1].as_u64().unwrap_or(1));
    assert!(scroll <= client, "sideways scrolling on a phone: {scroll} > {client}");
    browser
        .client
        .set_window_size(1280, 1100)
        .await
        .expect("the window back");
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

    assert_accessible_and_fits_a_phone(&browser).await;

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
    // The same on a phone, where asked (not in the README).
    if let Ok(path) = std::env::var("UPLOAD_PAGE_PHONE_SCREENSHOT") {
        browser
            .client
            .set_window_size(390, 844)
            .await
            .expect("a phone's window");
        let _ = browser
            .client
            .execute("document.getElementById('results').scrollIntoView();", vec![])
            .await;
        let png = browser.client.screenshot().await.expect("a screenshot");
        std::fs::write(path, png).expect("the screenshot is written");
    }
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

/// Who API Gateway lets through to the function.
#[derive(Clone)]
enum Gate {
    /// Every request comes from a signed-in user of this tenant.
    Tenant(TenantId),
    /// As the template's JWT authorizer: a Cognito ID token of this issuer and audience in
    /// `Authorization` (signature not checked here), else 401 without calling the function; `GET /`
    /// is public. The page is the function's own, with `page` as its sign-in endpoint.
    Cognito {
        issuer: String,
        client_id: String,
        sign_in_endpoint: String,
    },
}

impl Gate {
    /// The tenant of a request to a protected route, or why API Gateway refuses it.
    fn tenant_of(&self, authorization: Option<&str>) -> Result<String, &'static str> {
        let (issuer, client_id) = match self {
            Gate::Tenant(tenant) => return Ok(tenant.to_string()),
            Gate::Cognito { issuer, client_id, .. } => (issuer, client_id),
        };
        use base64::Engine;
        let token = authorization.ok_or("no token")?;
        let token = token.strip_prefix("Bearer ").unwrap_or(token);
        let payload = token.split('.').nth(1).ok_or("not a JWT")?;
        let claims: serde_json::Value = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .ok_or("not a JWT")?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs())
            .unwrap_or(0);
        if claims["iss"] != json!(issuer) || claims["aud"] != json!(client_id) {
            return Err("another issuer or audience");
        }
        if claims["exp"].as_u64().unwrap_or(0) <= now {
            return Err("expired");
        }
        claims["custom:tenant"]
            .as_str()
            .map(str::to_owned)
            .ok_or("no tenant claim")
    }
}

/// The analyze Lambda's handler behind a socket, as API Gateway would call it past `gate`; it notes
/// every request it passes on, with the tenant it passed.
async fn lambda_behind_a_socket(api: credit_fn_analyze::Api, gate: Gate) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .expect("a port");
    let url = format!("http://{}/", listener.local_addr().expect("an address"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let noted = seen.clone();
    tokio::spawn(credit_web::server::serve(listener, 16 * 1024 * 1024, move |request| {
        let api = api.clone();
        let gate = gate.clone();
        let noted = noted.clone();
        async move {
            let (parts, body) = request.into_parts();
            let method = match parts.method.as_str() {
                "POST" => "POST",
                "PUT" => "PUT",
                "DELETE" => "DELETE",
                _ => "GET",
            };
            let path = parts.uri.path().to_owned();
            let mut call = ApiCall::new(method, &path, &TenantId::new("nobody").expect("an id"))
                .query(parts.uri.query().unwrap_or(""))
                .body(body.to_vec());
            for (name, value) in &parts.headers {
                if let Ok(value) = value.to_str() {
                    call = call.header(name.as_str(), value);
                }
            }
            if path == "/" {
                call.tenant = None;
                noted.lock().expect("the log").push(format!("{method} /"));
                if let Gate::Cognito { sign_in_endpoint, .. } = &gate {
                    return page_with_sign_in_at(&api, &call, sign_in_endpoint).await;
                }
            } else {
                let authorization = parts.headers.get("authorization").and_then(|value| value.to_str().ok());
                match gate.tenant_of(authorization) {
                    Ok(tenant) => {
                        noted
                            .lock()
                            .expect("the log")
                            .push(format!("{method} {path} as {tenant}"));
                        call.tenant = Some(tenant);
                    }
                    Err(why) => {
                        noted
                            .lock()
                            .expect("the log")
                            .push(format!("{method} {path} refused: {why}"));
                        let mut response = hyper::Response::new(Bytes::from_static(b"{\"message\":\"Unauthorized\"}"));
                        *response.status_mut() = hyper::StatusCode::UNAUTHORIZED;
                        return response;
                    }
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

/// The function's own page configuration for this request, with the emulator as the Cognito endpoint
/// (in AWS it is `https://cognito-idp.<region>.amazonaws.com/`), rendered as credit-web renders it.
async fn page_with_sign_in_at(api: &credit_fn_analyze::Api, call: &ApiCall, endpoint: &str) -> hyper::Response<Bytes> {
    let request = lambda_http::request::from_str(&call.event().to_string()).expect("an API Gateway event");
    let mut config = credit_fn_analyze::page::page_config(api, &request);
    let sign_in = config.sign_in.as_mut().expect("the function names a user pool");
    assert!(sign_in
        .endpoint
        .starts_with("https://cognito-idp.eu-west-1.amazonaws.com"));
    sign_in.endpoint = endpoint.to_owned();
    let bucket = api
        .objects
        .presign_put("uploads/", Duration::from_secs(60))
        .await
        .expect("a presigned URL");
    credit_web::server::page_response(&credit_web::Page::render(&config, &[bucket.url]))
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
    let (url, seen) = lambda_behind_a_socket(api, Gate::Tenant(tenant.clone())).await;
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
    assert!(requests.contains(&format!("POST /uploads as {tenant}")), "{requests:?}");
    assert!(
        requests.iter().any(|request| request.starts_with("GET /results/")),
        "{requests:?}"
    );
    assert!(
        !requests.iter().any(|request| request.starts_with("POST /analyze")),
        "{requests:?}"
    );
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

/// One call of the Cognito Identity Provider JSON API on the emulator, as an administrator.
fn cognito(endpoint: &str, target: &str, body: serde_json::Value) -> serde_json::Value {
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    let mut response = agent
        .post(endpoint)
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amz-target", &format!("AWSCognitoIdentityProviderService.{target}"))
        // The emulator takes the service and region from the credential scope; it checks no signature.
        .header(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/cognito-idp/aws4_request, \
             SignedHeaders=host, Signature=0",
        )
        .send(body.to_string().as_bytes())
        .unwrap_or_else(|error| panic!("{target}: {error}"));
    let text = response.body_mut().read_to_string().expect("an answer");
    assert_eq!(response.status().as_u16(), 200, "{target}: {text}");
    serde_json::from_str(&text).expect("JSON")
}

async fn type_into(browser: &Browser, css: &str, text: &str) {
    let field = browser.client.find(Locator::Css(css)).await.expect("the field");
    field.clear().await.expect("cleared");
    field.send_keys(text).await.expect("typed");
}

async fn click(browser: &Browser, css: &str) {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|error| panic!("{css}: {error}"))
        .click()
        .await
        .expect("clicked");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_signs_in_with_the_user_pool_and_analyses_as_the_tenant_in_the_token() {
    if !browser_present() {
        return;
    }
    let stack = Stack::new().await;
    let tenant = tenant("signin");
    let endpoint = format!(
        "{}/",
        stack.sdk.endpoint_url().expect("the emulator").trim_end_matches('/')
    );
    // The user pool and app client as the template declares them, and a user an administrator
    // created with a temporary password and the tenant attribute.
    let pool = cognito(
        &endpoint,
        "CreateUserPool",
        json!({"PoolName": credit_testkit::unique_name("users"), "UsernameAttributes": ["email"],
               "Schema": [{"Name": "tenant", "AttributeDataType": "String", "Mutable": true}]}),
    );
    let pool_id = pool["UserPool"]["Id"].as_str().expect("a pool id").to_owned();
    let client = cognito(
        &endpoint,
        "CreateUserPoolClient",
        json!({"UserPoolId": pool_id, "ClientName": "credit-web", "GenerateSecret": false,
               "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
    );
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .expect("a client id")
        .to_owned();
    let email = credit_e2e::lambda::address("boekhouder");
    cognito(
        &endpoint,
        "AdminCreateUser",
        json!({"UserPoolId": pool_id, "Username": email, "TemporaryPassword": "Tijdelijk-wachtwoord-1",
               "MessageAction": "SUPPRESS",
               "UserAttributes": [{"Name": "email", "Value": email}, {"Name": "custom:tenant", "Value": tenant.as_str()}]}),
    );

    let mut api = stack.api();
    api.config.user_pool_client_id = Some(client_id.clone());
    api.config.user_pool_region = Some("eu-west-1".to_owned());
    let gate = Gate::Cognito {
        issuer: format!("https://cognito-idp.eu-west-1.amazonaws.com/{pool_id}"),
        client_id,
        sign_in_endpoint: endpoint,
    };
    let (url, seen) = lambda_behind_a_socket(api, gate).await;
    let browser = Browser::start().await;
    browser.client.goto(&url).await.expect("the page opens");

    // Not signed in: the sign-in form, no upload.
    browser.wait_for("#sign-in:not([hidden])").await;
    browser.wait_for("#upload[hidden]").await;
    type_into(&browser, "#email", &email).await;
    type_into(&browser, "#password", "niet-het-wachtwoord").await;
    click(&browser, "#sign-in-form button[type=submit]").await;
    browser.wait_for("#error:not([hidden])").await;
    assert_eq!(
        browser.text("#error-text").await,
        "E-mailadres of wachtwoord klopt niet."
    );

    // The temporary password, then a new one, as Cognito asks of a user an administrator created.
    type_into(&browser, "#password", "Tijdelijk-wachtwoord-1").await;
    click(&browser, "#sign-in-form button[type=submit]").await;
    browser.wait_for("#new-password-field:not([hidden])").await;
    assert_eq!(
        browser.text("#status-text").await,
        "Kies een nieuw wachtwoord om uw account te activeren."
    );
    type_into(&browser, "#new-password", "Nieuw-wachtwoord-2026").await;
    click(&browser, "#sign-in-form button[type=submit]").await;
    browser.wait_for("#upload:not([hidden])").await;
    browser.wait_for("#sign-out:not([hidden])").await;

    // Signed in: the ledger is analysed for the tenant the token names, and stored under it.
    let as_of = NaiveDate::from_ymd_opt(2026, 10, 31).expect("a date");
    let ledger = sample_path(NL_SAMPLE);
    browser.upload(&url, "nl", "2026-10-31", &ledger).await;
    browser.wait_for("#results:not([hidden])").await;
    assert_page_shows(&browser, &analysis_of(NL_SAMPLE, as_of, Lang::Nl)).await;
    let requests = seen.lock().expect("the log").clone();
    assert!(requests.contains(&format!("POST /analyze as {tenant}")), "{requests:?}");
    use credit_store::SnapshotStore;
    let kept = stack
        .store
        .list_snapshots(&tenant, 10)
        .await
        .expect("the store answers");
    assert_eq!(kept.len(), 1, "one snapshot for the token's tenant");

    // A token the authorizer refuses (here: tampered) sends the user back to the sign-in form.
    browser
        .client
        .execute(
            "sessionStorage.setItem('credit.idToken', 'x.' + btoa('{}') + '.y');",
            vec![],
        )
        .await
        .expect("the token is replaced");
    browser.upload(&url, "nl", "2026-10-31", &ledger).await;
    browser.wait_for("#sign-in:not([hidden])").await;
    assert_eq!(
        browser.text("#status-text").await,
        "Meld u (opnieuw) aan om verder te gaan."
    );
    assert_no_status_code(&browser).await;

    let token = "return sessionStorage.getItem('credit.idToken');";
    let forgotten = browser.client.execute(token, vec![]).await.expect("a value");
    assert_eq!(forgotten, serde_json::Value::Null, "the refused token is forgotten");

    // Signing in again with the new password; signing out forgets the token.
    type_into(&browser, "#email", &email).await;
    type_into(&browser, "#password", "Nieuw-wachtwoord-2026").await;
    click(&browser, "#sign-in-form button[type=submit]").await;
    browser.wait_for("#sign-out:not([hidden])").await;
    let kept = browser.client.execute(token, vec![]).await.expect("a value");
    assert!(
        kept.as_str().is_some_and(|token| token.split('.').count() == 3),
        "{kept}"
    );
    click(&browser, "#sign-out").await;
    browser.wait_for("#sign-in:not([hidden])").await;
    let forgotten = browser.client.execute(token, vec![]).await.expect("a value");
    assert_eq!(forgotten, serde_json::Value::Null, "signed out");
    browser.stop().await;
}

/// `!Ref X` in the template, as `X`.
fn reference(node: &saphyr::Yaml) -> Option<String> {
    match node {
        saphyr::Yaml::Tagged(tag, inner) if tag.suffix == "Ref" => inner.as_str().map(str::to_owned),
        _ => None,
    }
}

#[test]
fn the_template_gives_the_page_its_user_pool_client_and_region_and_leaves_the_page_public() {
    use saphyr::LoadableYamlNode;
    let path = credit_e2e::lambda::root().join("../infra/template.yaml");
    let text = std::fs::read_to_string(&path).expect("the template reads");
    let documents = saphyr::Yaml::load_from_str(&text).expect("the template is YAML");
    let analyze = &documents[0]["Resources"]["AnalyzeFunction"]["Properties"];
    let variables = &analyze["Environment"]["Variables"];
    let client = reference(&variables[credit_aws::config::USER_POOL_CLIENT_ID]);
    let region = reference(&variables[credit_aws::config::USER_POOL_REGION]);
    assert_eq!(
        client.as_deref(),
        Some("UserPoolClient"),
        "the app client the JWT authorizer's audience names"
    );
    assert_eq!(
        region.as_deref(),
        Some("AWS::Region"),
        "the pool is in the stack's region"
    );
    let page = &analyze["Events"]["UploadPage"]["Properties"];
    assert_eq!(page["Path"].as_str(), Some("/"));
    assert_eq!(page["Method"].as_str(), Some("GET"));
    assert_eq!(page["Auth"]["Authorizer"].as_str(), Some("NONE"), "GET / is public");
    let audience = &documents[0]["Resources"]["HttpApi"]["Properties"]["Auth"]["Authorizers"]["TenantJwt"]
        ["JwtConfiguration"]["audience"];
    assert_eq!(reference(&audience[0]).as_deref(), Some("UserPoolClient"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_lambda_answers_the_pages_figures_as_credit_serve_does() {
    let stack = Stack::new().await;
    let api = stack.api();
    let tenant = tenant("pageapi");
    let answer = call_api(
        &api,
        ApiCall::new("POST", "/analyze", &tenant)
            .query(&format!("as_of=2026-10-31&lang=nl&format=page&file_name={NL_SAMPLE}"))
            .body(sample(NL_SAMPLE))
            .event(),
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    let shown: credit_web::PageAnswer = serde_json::from_slice(&answer.body).expect("the page's answer");
    let analysis = analysis_of(
        NL_SAMPLE,
        NaiveDate::from_ymd_opt(2026, 10, 31).expect("a date"),
        Lang::Nl,
    );
    let expected = credit_web::PageAnswer::new(&analysis, shown.workbook.clone())
        .with_snapshot_id(answer.header("x-snapshot-id").expect("the snapshot"));
    pretty_assertions::assert_eq!(shown, expected);
    use base64::Engine;
    let workbook = base64::engine::general_purpose::STANDARD
        .decode(shown.workbook.base64.as_deref().expect("inline"))
        .expect("base64");
    assert_workbook_matches(&workbook, &analysis);
}
