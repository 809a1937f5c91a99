//! `credit serve`'s server over a real socket, without a browser: the page and its headers, and
//! `POST /analyze` in each format and for each kind of bad request, as the Lambda answers them.

use credit_core::lang::Lang;
use credit_engine::Job;
use credit_web::answer::PageAnswer;
use credit_web::{LocalServer, PageConfig, PageWorkbook, ServerOptions};
use pretty_assertions::assert_eq;
use serde_json::Value;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

const NL_SAMPLE: &str = "nl-openstaande-posten.xlsx";
const MAX_BYTES: u64 = 200_000;

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", String::from_utf8_lossy(&self.body)))
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
}

fn answer(mut response: ureq::http::Response<ureq::Body>) -> Answer {
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap_or_default().to_owned()))
        .collect();
    let body = response
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .read_to_vec()
        .expect("the body reads");
    Answer {
        status: response.status().as_u16(),
        headers,
        body,
    }
}

fn get(url: &str) -> Answer {
    answer(agent().get(url).call().expect("the server answers"))
}

fn post(url: &str, content_type: &str, body: &[u8]) -> Answer {
    answer(
        agent()
            .post(url)
            .header("content-type", content_type)
            .header("accept-language", "nl-BE")
            .send(body)
            .expect("the server answers"),
    )
}

fn sample(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/ledgers")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn start(store: &std::path::Path) -> String {
    let mut options = ServerOptions::new(store.join("snapshots.redb"));
    options.address = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    options.max_bytes = MAX_BYTES;
    let server = LocalServer::bind(&options).expect("the server binds");
    assert!(server.local_addr().expect("an address").ip().is_loopback());
    let url = server.url();
    std::thread::spawn(move || server.run());
    url
}

#[test]
fn the_page_is_served_with_its_policy_and_a_configuration_without_sign_in() {
    let store = tempfile::tempdir().unwrap();
    let url = start(store.path());
    let page = get(&url);
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    let csp = page.header("content-security-policy").expect("a policy");
    assert!(csp.contains("connect-src 'self';"), "{csp}");
    let html = String::from_utf8(page.body).expect("UTF-8");
    let start = html.find("id=\"config\">").expect("the config") + "id=\"config\">".len();
    let end = start + html[start..].find("</script>").expect("its end");
    let config: PageConfig = serde_json::from_str(&html[start..end]).expect("JSON");
    assert_eq!(
        config,
        PageConfig {
            api_base: String::new(),
            direct_limit: MAX_BYTES,
            max_bytes: MAX_BYTES,
            presigned_uploads: false,
            sign_in: None,
        }
    );
    assert_eq!(get(&format!("{url}nowhere")).status, 404);
    assert_eq!(get(&format!("{url}analyze")).status, 405);
}

#[test]
fn post_analyze_answers_the_pages_figures_the_analysis_or_the_workbook_and_keeps_one_snapshot() {
    let store = tempfile::tempdir().unwrap();
    let url = start(store.path());
    let bytes = sample(NL_SAMPLE);
    let query = format!("{url}analyze?as_of=2026-10-31&lang=nl&file_name={NL_SAMPLE}");

    let page = post(&format!("{query}&format=page"), "application/octet-stream", &bytes);
    assert_eq!(page.status, 200, "{}", String::from_utf8_lossy(&page.body));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let shown: PageAnswer = serde_json::from_slice(&page.body).expect("a page answer");
    let mut job = Job::new(
        &bytes,
        NL_SAMPLE,
        chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
    );
    job.lang = Some(Lang::Nl);
    let analysis = credit_engine::analyse(&job).unwrap().analysis;
    let expected = PageAnswer::new(&analysis, shown.workbook.clone());
    assert_eq!(
        PageAnswer {
            snapshot_id: None,
            ..shown.clone()
        },
        expected
    );
    assert_eq!(shown.actions.len(), 5);
    let PageWorkbook { file_name, base64, .. } = &shown.workbook;
    assert_eq!(file_name, "nl-openstaande-posten.annotated.xlsx");
    use base64::Engine;
    let workbook = base64::engine::general_purpose::STANDARD
        .decode(base64.as_deref().expect("inline"))
        .expect("base64");
    use calamine::Reader;
    let book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(workbook)).expect("a workbook");
    assert!(book.sheet_names().contains(&"Klanten".to_owned()));

    // The same file at the same date again: the same snapshot.
    let again: PageAnswer = post(&format!("{query}&format=page"), "application/octet-stream", &bytes)
        .json()
        .as_object()
        .map(|object| serde_json::from_value(Value::Object(object.clone())).expect("a page answer"))
        .expect("an object");
    assert_eq!(again.snapshot_id, shown.snapshot_id);
    assert!(shown.snapshot_id.is_some());

    let json = post(&format!("{query}&format=json"), "application/octet-stream", &bytes);
    assert_eq!(json.status, 200);
    assert_eq!(json.json()["totals"], serde_json::to_value(&analysis.totals).unwrap());

    let xlsx = post(&query, "application/octet-stream", &bytes);
    assert_eq!(xlsx.status, 200);
    assert_eq!(xlsx.header("content-type"), Some(credit_web::server::XLSX_CONTENT_TYPE));
    assert!(xlsx
        .header("content-disposition")
        .is_some_and(|value| value.contains("filename=\"nl-openstaande-posten.annotated.xlsx\"")));
    assert!(xlsx.body.starts_with(b"PK"));
}

#[test]
fn bad_requests_are_4xx_with_the_problem_in_the_users_language() {
    let store = tempfile::tempdir().unwrap();
    let url = start(store.path());
    let broken = "Klantnr;Naam;Factuurnr;Factuurdatum;Vervaldatum;Openstaand\nK1;A;F1;01-09-2026;01-10-2026;veel\n";
    let refused = post(
        &format!("{url}analyze?format=page&file_name=kapot.csv"),
        "text/csv",
        broken.as_bytes(),
    );
    assert_eq!(refused.status, 422);
    let body = refused.json();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("kapot.csv: geen enkele rij kon"),
        "{body}"
    );
    assert_eq!(body["problems"][0]["row"], 2);
    assert_eq!(body["problems"][0]["column"], "Openstaand");

    let empty = post(&format!("{url}analyze?lang=fr"), "text/csv", b"");
    assert_eq!(empty.status, 400);
    assert!(empty.json()["error"]
        .as_str()
        .unwrap()
        .starts_with("La requête ne contient aucun fichier"));

    let bad_date = post(&format!("{url}analyze?as_of=gisteren"), "text/csv", broken.as_bytes());
    assert_eq!(bad_date.status, 400);
    assert_eq!(
        bad_date.json()["error"],
        "Parameter as_of=\"gisteren\" is ongeldig: verwacht een datum als JJJJ-MM-DD, bv. 2026-10-31."
    );

    // Another web site's page cannot have the loopback server analyse (and store) anything.
    let foreign = answer(
        agent()
            .post(&format!("{url}analyze?lang=en"))
            .header("origin", "https://elsewhere.example")
            .send(broken.as_bytes())
            .expect("the server answers"),
    );
    assert_eq!(foreign.status, 403);
    assert_eq!(
        foreign.json()["error"],
        "Only this server's own page may have a ledger analysed here."
    );
    let own_page = answer(
        agent()
            .post(&format!("{url}analyze?lang=en&file_name=kapot.csv"))
            .header("origin", url.trim_end_matches('/'))
            .send(broken.as_bytes())
            .expect("the server answers"),
    );
    assert_eq!(own_page.status, 422, "the server's own page is heard");
    // A site that rebinds its DNS name to 127.0.0.1 is its own origin, but names itself as the host.
    let rebound = answer(
        agent()
            .post(&format!("{url}analyze?lang=en"))
            .header("host", "attacker.example:8080")
            .header("origin", "http://attacker.example:8080")
            .send(broken.as_bytes())
            .expect("the server answers"),
    );
    assert_eq!(rebound.status, 403);

    let large = post(
        &format!("{url}analyze?lang=en"),
        "text/csv",
        &vec![b'x'; MAX_BYTES as usize + 1],
    );
    assert_eq!(large.status, 413);
    assert_eq!(large.json()["error"], "The file is larger than the limit of 196 KB.");
}

#[test]
fn an_as_of_date_past_9999_is_a_400_and_later_analyses_are_still_stored() {
    // "+10000-01-01" parses as a date; analysed, it was kept under a snapshot id the store could not
    // read back, and every later analysis on this server answered 500.
    let store = tempfile::tempdir().unwrap();
    let url = start(store.path());
    let ledger = "Customer,Invoice,Invoice date,Due date,Amount\nAcme,A-1,2026-09-01,2026-10-01,100\n";
    let far = post(
        &format!("{url}analyze?format=json&lang=en&as_of=%2B10000-01-01&file_name=one.csv"),
        "text/csv",
        ledger.as_bytes(),
    );
    assert_eq!(far.status, 400);
    assert_eq!(
        far.json()["error"],
        "Parameter as_of=\"+10000-01-01\" is invalid: expected a date from 1950-01-01 to 2200-12-31."
    );
    let next = post(
        &format!("{url}analyze?format=page&as_of=2026-10-31&file_name=one.csv"),
        "text/csv",
        ledger.as_bytes(),
    );
    assert_eq!(next.status, 200, "{}", String::from_utf8_lossy(&next.body));
}

#[test]
fn a_form_upload_is_a_415_that_says_to_send_the_file_itself() {
    // curl -F file=@ledger.csv: the form's boundary lines were read as the ledger's rows (200 with a
    // ledger of the form), and a workbook in a form was "not a spreadsheet".
    let store = tempfile::tempdir().unwrap();
    let url = start(store.path());
    let form = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"one.csv\"\r\n\
                Content-Type: text/csv\r\n\r\n\
                Customer,Invoice,Invoice date,Due date,Amount\nAcme,A-1,2026-09-01,2026-10-01,100\n\r\n--XyZ--\r\n";
    let refused = post(
        &format!("{url}analyze?format=json&lang=en&as_of=2026-10-31"),
        "multipart/form-data; boundary=XyZ",
        form.as_bytes(),
    );
    assert_eq!(refused.status, 415);
    assert_eq!(
        refused.json()["error"],
        "The request is a form (multipart/form-data): send the ledger itself as the body, e.g. curl --data-binary @ledger.xlsx."
    );
    let no_file = post(
        &format!("{url}analyze?lang=fr"),
        "multipart/form-data; boundary=XyZ",
        b"--XyZ\r\nContent-Disposition: form-data; name=\"as_of\"\r\n\r\n2026-10-31\r\n--XyZ--\r\n",
    );
    assert_eq!(no_file.status, 415);
    assert!(no_file.json()["error"]
        .as_str()
        .unwrap()
        .starts_with("La requête est un formulaire"));
}

#[test]
fn a_file_name_longer_than_any_file_system_allows_is_a_400() {
    // 40,000 characters: the workbook's summary cell that shows the name refused it, a 500.
    let store = tempfile::tempdir().unwrap();
    let url = start(store.path());
    let ledger = "Customer,Invoice,Invoice date,Due date,Amount\nAcme,A-1,2026-09-01,2026-10-01,100\n";
    let refused = post(
        &format!(
            "{url}analyze?format=json&lang=en&as_of=2026-10-31&file_name={}.csv",
            "a".repeat(40_000)
        ),
        "text/csv",
        ledger.as_bytes(),
    );
    assert_eq!(refused.status, 400);
    assert!(refused.json()["error"]
        .as_str()
        .unwrap()
        .ends_with("is invalid: expected a file name of at most 255 characters."));
}
