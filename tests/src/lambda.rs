//! Running the real Lambda handlers on real event payloads against the emulator, and reading back what
//! they left in DynamoDB, S3 and SES.
//!
//! Events start from the aws_lambda_events sample payloads in `tests/fixtures/lambda/` (API Gateway
//! HTTP API v2 with a JWT authorizer, S3 ObjectCreated); a test changes only what the case is about
//! (path, query, body, claims; bucket, key, ETag). API answers go through `lambda_http`'s own adapter,
//! so a test sees the JSON API Gateway would receive (status, headers, base64 body).

use aws_config::SdkConfig;
use aws_lambda_events::event::s3::S3Event;
use base64::Engine;
use calamine::{Data, Reader};
use credit_aws::config::{self, FunctionConfig};
use credit_aws::dynamo::DynamoStore;
use credit_aws::s3::Objects;
use credit_aws::ses::Mailer;
use credit_core::analysis::Analysis;
use credit_core::lang::Lang;
use credit_fn_analyze::Api;
use credit_fn_ingest::Ingest;
use credit_store::{SnapshotStore, TenantId, TenantSettings};
use credit_testkit::{moto, unique_name};
use lambda_http::request::LambdaRequest;
use lambda_http::{service_fn, Context, LambdaEvent, Service};
use rust_decimal::prelude::ToPrimitive;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::Arc;

/// The tests crate's directory.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A committed sample ledger's bytes (`samples/ledgers/<name>`).
pub fn sample(name: &str) -> Vec<u8> {
    let path = root().join("../samples/ledgers").join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The generator's expected figures for a sample (`samples/ledgers/<stem>.expected.json`).
pub fn expected(name: &str) -> Value {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let path = root().join("../samples/ledgers").join(format!("{stem}.expected.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).expect("expected figures are JSON")
}

fn fixture(name: &str) -> Value {
    let path = root().join("fixtures/lambda").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).expect("fixture is JSON")
}

/// A tenant id no other test uses.
pub fn tenant(prefix: &str) -> TenantId {
    TenantId::new(unique_name(prefix)).expect("a valid tenant id")
}

/// An e-mail address no other test uses, so that the e-mails of a test can be told apart on the
/// shared emulator.
pub fn address(prefix: &str) -> String {
    format!("{}@credit-tests.example", unique_name(prefix))
}

/// One table, one bucket and one sender of our own on the shared emulator.
pub struct Stack {
    /// The SDK configuration of the emulator.
    pub sdk: SdkConfig,
    /// The table.
    pub table: String,
    /// The bucket.
    pub bucket: String,
    /// The sender (verified unless [`Stack::with_unverified_sender`]).
    pub sender: String,
    /// The store on the table.
    pub store: Arc<DynamoStore>,
    /// S3.
    pub s3: aws_sdk_s3::Client,
    /// SES v2.
    pub ses: aws_sdk_sesv2::Client,
    /// DynamoDB.
    pub dynamo: aws_sdk_dynamodb::Client,
}

impl Stack {
    /// A stack whose sender SES accepts.
    pub async fn new() -> Stack {
        let stack = Stack::with_unverified_sender().await;
        stack.verify_sender().await;
        stack
    }

    /// A stack whose sender SES refuses ("not verified") until [`Stack::verify_sender`].
    pub async fn with_unverified_sender() -> Stack {
        let sdk = moto().sdk_config().await;
        let table = unique_name("snapshots");
        let bucket = unique_name("ledgers");
        let dynamo = aws_sdk_dynamodb::Client::new(&sdk);
        credit_aws::dynamo::create_table(&dynamo, &table)
            .await
            .expect("the emulator creates the table");
        let s3 = config::s3_client(&sdk);
        credit_testkit::create_bucket(&s3, &bucket).await;
        Stack {
            store: Arc::new(DynamoStore::new(dynamo.clone(), &table)),
            ses: aws_sdk_sesv2::Client::new(&sdk),
            sender: address("reports"),
            sdk,
            table,
            bucket,
            s3,
            dynamo,
        }
    }

    /// Makes the sender a verified SES identity.
    pub async fn verify_sender(&self) {
        credit_testkit::verify_sender(&self.ses, &self.sender).await;
    }

    /// The functions' environment, as the SAM template would set it.
    pub fn config(&self) -> FunctionConfig {
        let variables = HashMap::from([
            (config::TABLE_NAME, self.table.clone()),
            (config::BUCKET_NAME, self.bucket.clone()),
            (config::SENDER_EMAIL, self.sender.clone()),
        ]);
        FunctionConfig::from_lookup(|name| variables.get(name).cloned()).expect("a complete environment")
    }

    /// The analyze function's state, on the emulator.
    pub fn api(&self) -> Api {
        Api {
            store: self.store.clone(),
            objects: Objects::new(self.s3.clone(), &self.bucket),
            config: self.config(),
        }
    }

    /// The ingest function's state, on the emulator.
    pub fn ingest(&self) -> Ingest {
        self.ingest_with_s3(self.s3.clone())
    }

    /// The ingest function's state with another S3 client (an unreachable one, for the fault tests).
    pub fn ingest_with_s3(&self, s3: aws_sdk_s3::Client) -> Ingest {
        Ingest {
            store: self.store.clone(),
            objects: Objects::new(s3, &self.bucket),
            mailer: Mailer::new(self.ses.clone()),
            sender: self.sender.clone(),
            config: self.config(),
            max_email_bytes: credit_aws::ses::SES_RAW_LIMIT_BYTES,
        }
    }

    /// The ingest function's state with another SES client (one whose calls go through a fault
    /// injector, for the tests of SES refusing a recipient).
    pub fn ingest_with_ses(&self, ses: aws_sdk_sesv2::Client) -> Ingest {
        Ingest {
            mailer: Mailer::new(ses),
            ..self.ingest()
        }
    }

    /// An SES client of the emulator whose calls pass through `faults`: moto refuses only an
    /// unverified sender, so a recipient SES refuses (or a throttled call) is injected there, on the
    /// real client talking to the real emulator.
    pub fn ses_with(&self, faults: &credit_testkit::faults::FaultInjector) -> aws_sdk_sesv2::Client {
        let config = aws_sdk_sesv2::config::Builder::from(&self.sdk)
            .interceptor(faults.clone())
            .build();
        aws_sdk_sesv2::Client::from_conf(config)
    }

    /// Stores a tenant's settings: its recipients and language.
    pub async fn settings(&self, tenant: &TenantId, recipients: &[String], lang: Lang) {
        let mut settings = TenantSettings::new(tenant.clone());
        settings.recipients = recipients.to_vec();
        settings.language = lang;
        self.store.put_settings(&settings).await.expect("settings stored");
    }

    /// An object's bytes, `None` when it does not exist.
    pub async fn object(&self, key: &str) -> Option<Vec<u8>> {
        match self.s3.get_object().bucket(&self.bucket).key(key).send().await {
            Ok(output) => Some(output.body.collect().await.expect("the body reads").to_vec()),
            Err(error) if error.as_service_error().is_some_and(|e| e.is_no_such_key()) => None,
            Err(error) => panic!("reading {key}: {error:?}"),
        }
    }

    /// Every key of the bucket under `prefix`.
    pub async fn keys(&self, prefix: &str) -> Vec<String> {
        let listing = self
            .s3
            .list_objects_v2()
            .bucket(&self.bucket)
            .prefix(prefix)
            .send()
            .await
            .expect("the bucket lists");
        let mut keys: Vec<String> = listing
            .contents()
            .iter()
            .filter_map(|o| o.key().map(str::to_owned))
            .collect();
        keys.sort();
        keys
    }

    /// Puts an object as a client with the presigned URL would, and answers its ETag (unquoted).
    pub async fn put_object(&self, key: &str, bytes: Vec<u8>) -> String {
        let output = self
            .s3
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .body(bytes.into())
            .send()
            .await
            .expect("the emulator stores the object");
        output.e_tag().unwrap_or_default().trim_matches('"').to_owned()
    }

    /// The raw DynamoDB items of a tenant's partition, read with a plain query.
    pub async fn items_of(&self, tenant: &TenantId) -> Vec<HashMap<String, aws_sdk_dynamodb::types::AttributeValue>> {
        use aws_sdk_dynamodb::types::AttributeValue;
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let output = self
                .dynamo
                .query()
                .table_name(&self.table)
                .key_condition_expression("#pk = :pk")
                .expression_attribute_names("#pk", credit_aws::dynamo::schema::PARTITION_KEY)
                .expression_attribute_values(":pk", AttributeValue::S(credit_aws::dynamo::schema::tenant_pk(tenant)))
                .set_exclusive_start_key(start)
                .send()
                .await
                .expect("the table answers the query");
            items.extend(output.items().iter().cloned());
            start = output.last_evaluated_key().cloned();
            if start.is_none() {
                return items;
            }
        }
    }
}

/// A request to the HTTP API.
#[derive(Debug, Clone, Default)]
pub struct ApiCall {
    /// GET or POST.
    pub method: &'static str,
    /// The path, e.g. `/analyze`.
    pub path: String,
    /// The raw query string, e.g. `as_of=2026-10-31&lang=nl`.
    pub query: String,
    /// The tenant claim of the JWT (`custom:tenant`); `None`: no authorizer at all.
    pub tenant: Option<String>,
    /// Request headers.
    pub headers: Vec<(String, String)>,
    /// The body (sent base64-encoded, as API Gateway does for binary bodies).
    pub body: Vec<u8>,
}

impl ApiCall {
    /// A request of `tenant`.
    pub fn new(method: &'static str, path: &str, tenant: &TenantId) -> Self {
        ApiCall {
            method,
            path: path.to_owned(),
            tenant: Some(tenant.to_string()),
            ..ApiCall::default()
        }
    }

    /// With a query string.
    pub fn query(mut self, query: &str) -> Self {
        self.query = query.to_owned();
        self
    }

    /// With a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// With a body.
    pub fn body(mut self, body: Vec<u8>) -> Self {
        self.body = body;
        self
    }

    /// The API Gateway HTTP API (payload 2.0) event, from the JWT-authorizer sample.
    pub fn event(&self) -> Value {
        let mut event = match &self.tenant {
            Some(_) => fixture("apigw-v2-request-jwt-authorizer.json"),
            None => fixture("apigw-v2-request-no-authorizer.json"),
        };
        event["rawPath"] = json!(self.path);
        event["rawQueryString"] = json!(self.query);
        event["routeKey"] = json!("$default");
        for stale in ["queryStringParameters", "pathParameters", "cookies", "stageVariables"] {
            if let Some(object) = event.as_object_mut() {
                object.remove(stale);
            }
        }
        let mut headers = serde_json::Map::new();
        headers.insert("host".into(), json!("api.credit.example"));
        headers.insert("content-length".into(), json!(self.body.len().to_string()));
        for (name, value) in &self.headers {
            headers.insert(name.to_ascii_lowercase(), json!(value));
        }
        event["headers"] = Value::Object(headers);
        event["requestContext"]["http"]["method"] = json!(self.method);
        event["requestContext"]["http"]["path"] = json!(self.path);
        event["requestContext"]["routeKey"] = json!("$default");
        event["requestContext"]["stage"] = json!("$default");
        if let Some(tenant) = &self.tenant {
            event["requestContext"]["authorizer"]["jwt"]["claims"] =
                json!({"custom:tenant": tenant, "sub": format!("user-of-{tenant}"), "iss": "https://cognito"});
        }
        if self.body.is_empty() {
            event["body"] = Value::Null;
            event["isBase64Encoded"] = json!(false);
        } else {
            event["body"] = json!(base64::engine::general_purpose::STANDARD.encode(&self.body));
            event["isBase64Encoded"] = json!(true);
        }
        event
    }
}

/// What API Gateway would receive from the function.
#[derive(Debug, Clone)]
pub struct ApiAnswer {
    /// The status code.
    pub status: u16,
    /// The headers (lower-case names).
    pub headers: HashMap<String, String>,
    /// Whether the body came base64-encoded.
    pub base64: bool,
    /// The body, decoded.
    pub body: Vec<u8>,
}

impl ApiAnswer {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// A header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }
}

/// Sends an event through the analyze function as the Lambda runtime would: the event JSON is
/// deserialised by lambda_http, the handler answers, the answer is serialised for API Gateway.
pub async fn call_api(api: &Api, event: Value) -> ApiAnswer {
    let request: LambdaRequest = serde_json::from_value(event).expect("an API Gateway v2 event");
    let api = api.clone();
    let handler = service_fn(move |request| {
        let api = api.clone();
        async move { credit_fn_analyze::handle(&api, request).await }
    });
    let mut adapter = lambda_http::Adapter::from(handler);
    let response = adapter
        .call(LambdaEvent::new(request, Context::default()))
        .await
        .expect("the handler never fails");
    let raw = serde_json::to_value(&response).expect("the answer serialises");
    let status = raw["statusCode"].as_u64().expect("a status code") as u16;
    let headers = raw["headers"]
        .as_object()
        .map(|headers| {
            headers
                .iter()
                .map(|(name, value)| (name.to_ascii_lowercase(), value.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let base64 = raw["isBase64Encoded"].as_bool().unwrap_or(false);
    let text = raw["body"].as_str().unwrap_or_default();
    let body = if base64 {
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .expect("a base64 body")
    } else {
        text.as_bytes().to_vec()
    };
    ApiAnswer {
        status,
        headers,
        base64,
        body,
    }
}

/// The S3 ObjectCreated event of one object, from the aws_lambda_events sample. The key is
/// URL-encoded as S3 sends it.
pub fn s3_event(bucket: &str, key: &str, etag: &str, size: usize) -> S3Event {
    let mut event = fixture("s3-object-created.json");
    let record = &mut event["Records"][0];
    record["awsRegion"] = json!(credit_testkit::REGION);
    record["s3"]["bucket"]["name"] = json!(bucket);
    record["s3"]["bucket"]["arn"] = json!(format!("arn:aws:s3:::{bucket}"));
    record["s3"]["object"]["key"] = json!(url_encode_key(key));
    record["s3"]["object"]["eTag"] = json!(etag);
    record["s3"]["object"]["size"] = json!(size);
    serde_json::from_value(event).expect("an S3 event")
}

/// S3's encoding of keys in events: `/` kept, space as `+`, the rest percent-encoded.
fn url_encode_key(key: &str) -> String {
    let mut encoded = String::new();
    for byte in key.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => encoded.push(byte as char),
            b' ' => encoded.push('+'),
            other => encoded.push_str(&format!("%{other:02X}")),
        }
    }
    encoded
}

/// PUTs bytes to a presigned URL (as a browser would), answering the status code.
pub fn http_put(url: &str, headers: &HashMap<String, String>, bytes: &[u8]) -> u16 {
    let mut request = ureq::put(url);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    match request.send(bytes) {
        Ok(response) => response.status().as_u16(),
        Err(ureq::Error::StatusCode(code)) => code,
        Err(error) => panic!("PUT {url}: {error}"),
    }
}

/// GETs a presigned URL, answering the status code, the Content-Disposition and the body.
pub fn http_get(url: &str) -> (u16, Option<String>, Vec<u8>) {
    match ureq::get(url).call() {
        Ok(mut response) => {
            let disposition = response
                .headers()
                .get("content-disposition")
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            let body = response
                .body_mut()
                .with_config()
                .limit(u64::MAX)
                .read_to_vec()
                .expect("the body reads");
            (response.status().as_u16(), disposition, body)
        }
        Err(ureq::Error::StatusCode(code)) => (code, None, Vec::new()),
        Err(error) => panic!("GET {url}: {error}"),
    }
}

/// A MIME message the emulator received for one of our recipients.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The envelope sender.
    pub source: String,
    /// Every recipient, once.
    pub destinations: Vec<String>,
    /// The whole MIME text.
    pub raw: String,
}

impl Mail {
    /// The parsed message.
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(self.raw.as_bytes())
            .expect("the MIME text parses")
    }
}

/// Every message SES accepted for `recipient` (addresses are unique per test, so this is one test's
/// mail however many tests share the emulator).
pub fn mails_to(recipient: &str) -> Vec<Mail> {
    moto()
        .sent_emails()
        .expect("the emulator lists its e-mails")
        .into_iter()
        .filter(|mail| mail.destinations.iter().any(|to| to == recipient))
        .map(|mail| {
            // moto lists a recipient once from the envelope and once from the To header.
            let mut destinations = mail.destinations;
            destinations.sort();
            destinations.dedup();
            Mail {
                source: mail.source,
                destinations,
                raw: mail.raw_data,
            }
        })
        .collect()
}

/// The name of the customers sheet in a workbook of `lang`.
pub fn customers_sheet(lang: Lang) -> &'static str {
    lang.pick("Klanten", "Clients", "Customers")
}

/// Reads a workbook back with calamine and checks its customers sheet against the analysis: every
/// customer's open and overdue amounts, and the total row.
pub fn assert_workbook_matches(bytes: &[u8], analysis: &Analysis) {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).expect("the workbook opens");
    let sheet = customers_sheet(analysis.language);
    let range = book
        .worksheet_range(sheet)
        .unwrap_or_else(|error| panic!("no sheet {sheet}: {error}"));
    let text = |cell: Option<&Data>| match cell {
        Some(Data::String(text)) => text.clone(),
        Some(Data::Float(value)) if value.fract() == 0.0 => format!("{value:.0}"),
        Some(Data::Int(value)) => value.to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let number = |cell: Option<&Data>| match cell {
        Some(Data::Float(value)) => *value,
        Some(Data::Int(value)) => *value as f64,
        other => panic!("not a number: {other:?}"),
    };
    assert!(!analysis.customers.is_empty(), "an analysis with customers");
    for customer in &analysis.customers {
        let row = range
            .rows()
            .position(|row| text(row.first()) == customer.id)
            .unwrap_or_else(|| panic!("customer {} is not in sheet {sheet}", customer.id));
        let open = customer.open.to_f64().expect("an amount");
        let overdue = customer.overdue.to_f64().expect("an amount");
        assert!(
            (number(range.get((row, 2))) - open).abs() < 0.005,
            "open of {}",
            customer.id
        );
        assert!(
            (number(range.get((row, 3))) - overdue).abs() < 0.005,
            "overdue of {}",
            customer.id
        );
    }
    let total_row = analysis.customers.len() + 1;
    let total = analysis.totals.open.to_f64().expect("an amount");
    assert!((number(range.get((total_row, 2))) - total).abs() < 0.005, "total open");
}

/// The total open amount of the generator's expected figures.
pub fn expected_open(expected: &Value) -> rust_decimal::Decimal {
    expected["totals"]["open"]
        .as_str()
        .expect("totals.open is a string")
        .parse()
        .expect("a decimal")
}

/// An upload issued by `POST /uploads`.
#[derive(Debug, Clone)]
pub struct IssuedUpload {
    /// The upload id.
    pub id: String,
    /// The key the ledger goes to.
    pub key: String,
    /// The presigned PUT URL.
    pub url: String,
    /// The headers the PUT must carry.
    pub headers: HashMap<String, String>,
}

/// Asks the API for an upload URL as `tenant`.
pub async fn issue_upload(api: &Api, tenant: &TenantId, query: &str) -> IssuedUpload {
    let answer = call_api(api, ApiCall::new("POST", "/uploads", tenant).query(query).event()).await;
    assert_eq!(answer.status, 201, "{}", String::from_utf8_lossy(&answer.body));
    let json = answer.json();
    let headers = json["upload"]["headers"]
        .as_object()
        .map(|headers| {
            headers
                .iter()
                .map(|(name, value)| (name.clone(), value.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    IssuedUpload {
        id: json["upload_id"].as_str().expect("an upload id").to_owned(),
        key: json["key"].as_str().expect("a key").to_owned(),
        url: json["upload"]["url"].as_str().expect("a URL").to_owned(),
        headers,
    }
}

/// Uploads `bytes` with the presigned URL (a real HTTP PUT to the emulator) and answers the S3 event
/// that the upload raises.
pub async fn upload(stack: &Stack, issued: &IssuedUpload, bytes: &[u8]) -> S3Event {
    let status = http_put(&issued.url, &issued.headers, bytes);
    assert_eq!(status, 200, "the presigned PUT is accepted");
    let head = stack
        .s3
        .head_object()
        .bucket(&stack.bucket)
        .key(&issued.key)
        .send()
        .await
        .expect("the uploaded object exists");
    let etag = head.e_tag().unwrap_or_default().trim_matches('"').to_owned();
    s3_event(&stack.bucket, &issued.key, &etag, bytes.len())
}

/// Asks the API for the result of an upload as `tenant`.
pub async fn result(api: &Api, tenant: &TenantId, id: &str) -> ApiAnswer {
    call_api(api, ApiCall::new("GET", &format!("/results/{id}"), tenant).event()).await
}
