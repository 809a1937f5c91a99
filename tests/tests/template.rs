//! The SAM template (`infra/template.yaml`) against the code it deploys.
//!
//! cfn-lint checks that the template is valid CloudFormation; these tests check that it deploys *this*
//! code: the crates and binaries it builds, the environment variables the code reads
//! (`credit_aws::config`), the table the store expects (`credit_aws::dynamo::schema`), the object
//! prefixes (`credit_aws::s3`), the routes the analyze function serves (`credit_fn_analyze::routes`),
//! and the wiring around them (schedule, dead-letter queues, alarms, log groups, one role per function
//! granting nothing beyond the table, the bucket's two prefixes and the sender identity).
//!
//! The names come from the code's public constants, never from a copy, so renaming one in the code
//! and not in the template fails here. The template is read with its short forms (`!Ref X`) turned
//! into CloudFormation's long forms (`{"Ref": "X"}`), as JSON values.

use credit_aws::config::{FunctionConfig, ALL as ALL_VARIABLES, ENDPOINT_URL, SENDER_EMAIL};
use credit_aws::dynamo::schema::{PARTITION_KEY, REVIEW_INDEX, REVIEW_PK, REVIEW_SK, SORT_KEY, TTL_ATTRIBUTE};
use credit_aws::s3::{RESULT_PREFIX, UPLOAD_PREFIX};
use credit_fn_analyze::routes::{route, Route};
use saphyr::{LoadableYamlNode, Scalar, Yaml};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

fn infra_dir() -> PathBuf {
    workspace_root().join("infra")
}

/// The template as CloudFormation JSON (long forms).
struct Template {
    root: Value,
}

impl Template {
    fn load() -> Self {
        let path = infra_dir().join("template.yaml");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let documents = Yaml::load_from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(documents.len(), 1, "one YAML document");
        Template {
            root: to_json(&documents[0]),
        }
    }

    fn resources(&self) -> &Map<String, Value> {
        self.root["Resources"].as_object().expect("Resources")
    }

    fn resource(&self, name: &str) -> &Value {
        self.resources()
            .get(name)
            .unwrap_or_else(|| panic!("no resource {name}"))
    }

    fn of_type(&self, kind: &str) -> Vec<(&str, &Value)> {
        self.resources()
            .iter()
            .filter(|(_, resource)| resource["Type"] == kind)
            .map(|(name, resource)| (name.as_str(), resource))
            .collect()
    }

    /// The `AWS::Serverless::Function`s, with `Globals.Function` merged under their own properties.
    fn functions(&self) -> Vec<Function> {
        let globals = self.root["Globals"]["Function"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        self.of_type("AWS::Serverless::Function")
            .into_iter()
            .map(|(name, resource)| {
                let mut properties = globals.clone();
                let own = resource["Properties"].as_object().expect("function properties");
                for (key, value) in own {
                    match (properties.get_mut(key), value) {
                        // Environment variables merge, as SAM merges them.
                        (Some(Value::Object(global)), Value::Object(local)) if key == "Environment" => {
                            let variables = global.entry("Variables").or_insert_with(|| json!({}));
                            for (variable, value) in local["Variables"].as_object().into_iter().flatten() {
                                variables[variable] = value.clone();
                            }
                        }
                        _ => {
                            properties.insert(key.clone(), value.clone());
                        }
                    }
                }
                Function {
                    name: name.to_owned(),
                    properties: Value::Object(properties),
                    metadata: resource["Metadata"].clone(),
                }
            })
            .collect()
    }

    fn function(&self, crate_dir: &str) -> Function {
        self.functions()
            .into_iter()
            .find(|function| function.crate_dir() == workspace_root().join(crate_dir))
            .unwrap_or_else(|| panic!("no function is built from {crate_dir}"))
    }

    /// The role resource a function runs with (`Role: !GetAtt X.Arn`).
    fn role_of(&self, function: &Function) -> Role {
        let name = get_att(&function.properties["Role"], "Arn")
            .unwrap_or_else(|| panic!("{}: Role is not !GetAtt <role>.Arn", function.name));
        self.role(name)
    }

    fn role(&self, name: &str) -> Role {
        let resource = self.resource(name);
        assert_eq!(resource["Type"], "AWS::IAM::Role", "{name}");
        let mut statements = Vec::new();
        for policy in resource["Properties"]["Policies"].as_array().into_iter().flatten() {
            statements.extend(as_list(&policy["PolicyDocument"]["Statement"]).into_iter().cloned());
        }
        Role {
            name: name.to_owned(),
            statements,
        }
    }

    /// Parameter values as a deployment with the defaults would see them.
    fn parameter_default(&self, name: &str) -> Option<String> {
        self.root["Parameters"][name]["Default"]
            .as_str()
            .map(str::to_owned)
            .or_else(|| self.root["Parameters"][name]["Default"].as_i64().map(|n| n.to_string()))
    }

    /// A value as the function would read it: literals as they are, parameters at their default,
    /// anything resolved at deploy time as a non-empty placeholder.
    fn render(&self, value: &Value) -> String {
        match value {
            Value::String(text) => text.clone(),
            Value::Number(number) => number.to_string(),
            Value::Bool(flag) => flag.to_string(),
            _ => match value["Ref"].as_str() {
                Some(name) => self
                    .parameter_default(name)
                    .filter(|default| !default.is_empty())
                    .unwrap_or_else(|| format!("<{name}>")),
                None => format!("<{value}>"),
            },
        }
    }
}

struct Function {
    name: String,
    properties: Value,
    metadata: Value,
}

impl Function {
    fn crate_dir(&self) -> PathBuf {
        let code_uri = self.properties["CodeUri"]
            .as_str()
            .unwrap_or_else(|| panic!("{}: CodeUri is a local path", self.name));
        normalize(&infra_dir().join(code_uri))
    }

    fn environment(&self) -> BTreeMap<String, Value> {
        self.properties["Environment"]["Variables"]
            .as_object()
            .map(|variables| variables.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    }

    fn events(&self, kind: &str) -> Vec<(String, Value)> {
        self.properties["Events"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, event)| event["Type"] == kind)
            .map(|(name, event)| (name.clone(), event["Properties"].clone()))
            .collect()
    }
}

struct Role {
    name: String,
    statements: Vec<Value>,
}

impl Role {
    /// The resources on which the role allows `action`.
    fn resources_for(&self, action: &str) -> Vec<Value> {
        self.statements
            .iter()
            .filter(|statement| statement["Effect"] == "Allow")
            .filter(|statement| as_list(&statement["Action"]).iter().any(|a| *a == action))
            .flat_map(|statement| as_list(&statement["Resource"]).into_iter().cloned())
            .collect()
    }

    fn actions(&self) -> BTreeSet<String> {
        self.statements
            .iter()
            .flat_map(|statement| as_list(&statement["Action"]))
            .filter_map(|action| action.as_str().map(str::to_owned))
            .collect()
    }
}

/// A YAML node as CloudFormation JSON: `!Ref X` is `{"Ref": "X"}`, `!GetAtt A.B` is
/// `{"Fn::GetAtt": ["A", "B"]}`, `!Sub s` is `{"Fn::Sub": s}`, and so on.
fn to_json(node: &Yaml) -> Value {
    match node {
        Yaml::Value(Scalar::Null) => Value::Null,
        Yaml::Value(Scalar::Boolean(flag)) => Value::Bool(*flag),
        Yaml::Value(Scalar::Integer(number)) => json!(number),
        Yaml::Value(Scalar::FloatingPoint(number)) => json!(number.into_inner()),
        Yaml::Value(Scalar::String(text)) | Yaml::Representation(text, _, _) => Value::String(text.to_string()),
        Yaml::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Mapping(mapping) => Value::Object(
            mapping
                .iter()
                .map(|(key, value)| {
                    let key = match to_json(key) {
                        Value::String(text) => text,
                        other => other.to_string(),
                    };
                    (key, to_json(value))
                })
                .collect(),
        ),
        Yaml::Tagged(tag, inner) => {
            let inner = to_json(inner);
            match tag.suffix.as_str() {
                "Ref" | "Condition" => json!({ tag.suffix.clone(): inner }),
                "GetAtt" => match inner {
                    Value::String(text) => {
                        let (resource, attribute) = text.split_once('.').expect("!GetAtt Resource.Attribute");
                        json!({ "Fn::GetAtt": [resource, attribute] })
                    }
                    list => json!({ "Fn::GetAtt": list }),
                },
                other => json!({ format!("Fn::{other}"): inner }),
            }
        }
        Yaml::Alias(_) | Yaml::BadValue => panic!("the template uses no aliases and has no bad values: {node:?}"),
    }
}

/// A list, or a single value as a list of one (IAM's Action and Resource take both).
fn as_list(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        single => vec![single],
    }
}

/// `X` when `value` is `!GetAtt X.<attribute>`.
fn get_att<'a>(value: &'a Value, attribute: &str) -> Option<&'a str> {
    let parts = value["Fn::GetAtt"].as_array()?;
    (parts.len() == 2 && parts[1] == attribute).then(|| parts[0].as_str())?
}

/// `X` when `value` is `!Ref X`.
fn reference(value: &Value) -> Option<&str> {
    value["Ref"].as_str()
}

/// `a/b/../c` as `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut normalized = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                normalized.pop();
            }
            std::path::Component::CurDir => {}
            other => normalized.push(other),
        }
    }
    normalized
}

fn read_toml(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse().unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The binaries of a crate, with the source file each is built from.
fn binaries(crate_dir: &Path) -> BTreeMap<String, PathBuf> {
    let manifest = read_toml(&crate_dir.join("Cargo.toml"));
    let package = manifest["package"]["name"].as_str().expect("package.name").to_owned();
    let mut binaries = BTreeMap::new();
    for bin in manifest
        .get("bin")
        .and_then(|bins| bins.as_array())
        .into_iter()
        .flatten()
    {
        let name = bin["name"].as_str().expect("[[bin]] name").to_owned();
        let path = bin.get("path").and_then(|p| p.as_str()).unwrap_or("src/main.rs");
        binaries.insert(name, crate_dir.join(path));
    }
    let autobins = manifest["package"].get("autobins").and_then(|a| a.as_bool()) != Some(false);
    let main = crate_dir.join("src/main.rs");
    if autobins && main.exists() && !binaries.values().any(|path| *path == main) {
        binaries.insert(package, main);
    }
    binaries
}

fn workspace_members() -> Vec<PathBuf> {
    let manifest = read_toml(&workspace_root().join("Cargo.toml"));
    let patterns = manifest["workspace"]["members"].as_array().expect("workspace.members");
    let mut members = Vec::new();
    for pattern in patterns.iter().filter_map(|p| p.as_str()) {
        match pattern.strip_suffix("/*") {
            Some(parent) => {
                for entry in std::fs::read_dir(workspace_root().join(parent)).expect("member directory") {
                    let path = entry.expect("directory entry").path();
                    if path.join("Cargo.toml").exists() {
                        members.push(path);
                    }
                }
            }
            None => members.push(workspace_root().join(pattern)),
        }
    }
    members
}

#[test]
fn every_function_builds_a_binary_of_a_workspace_crate_for_arm64() {
    let template = Template::load();
    let functions = template.functions();
    assert!(!functions.is_empty());
    let members = workspace_members();
    for function in &functions {
        let name = &function.name;
        assert_eq!(function.properties["Runtime"], "provided.al2023", "{name}");
        assert_eq!(function.properties["Architectures"], json!(["arm64"]), "{name}");
        assert_eq!(function.properties["Handler"], "bootstrap", "{name}");
        assert_eq!(function.metadata["BuildMethod"], "rust-cargolambda", "{name}");
        let crate_dir = function.crate_dir();
        assert!(
            members.contains(&crate_dir),
            "{name}: CodeUri {} is not a workspace member",
            crate_dir.display()
        );
        let binary = function.metadata["BuildProperties"]["Binary"]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: Metadata.BuildProperties.Binary names the binary"));
        let binaries = binaries(&crate_dir);
        let source = binaries.get(binary).unwrap_or_else(|| {
            panic!(
                "{name}: {} has no binary {binary:?} (it has {:?})",
                crate_dir.display(),
                binaries.keys()
            )
        });
        assert!(source.exists(), "{name}: {} is missing", source.display());
    }

    // Every Lambda crate is deployed, once.
    let function_crates: BTreeSet<PathBuf> = std::fs::read_dir(workspace_root().join("functions"))
        .expect("functions/")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.join("Cargo.toml").exists())
        .collect();
    let deployed: Vec<PathBuf> = functions.iter().map(Function::crate_dir).collect();
    assert_eq!(
        deployed.len(),
        deployed.iter().collect::<BTreeSet<_>>().len(),
        "a crate deployed twice"
    );
    assert_eq!(deployed.into_iter().collect::<BTreeSet<_>>(), function_crates);
}

/// The plain `sam build` of infra/README.md builds cargo-lambda functions only with SAM's beta features on.
#[test]
fn the_sam_settings_opt_in_to_building_rust() {
    let settings = read_toml(&infra_dir().join("samconfig.toml"));
    for command in ["build", "sync"] {
        assert_eq!(
            settings["default"][command]["parameters"]["beta_features"].as_bool(),
            Some(true),
            "[default.{command}.parameters] beta_features"
        );
    }
    assert_eq!(
        settings["default"]["deploy"]["parameters"]["capabilities"].as_str(),
        Some("CAPABILITY_IAM"),
        "the template creates one role per function"
    );
}

#[test]
fn each_function_gets_the_environment_its_configuration_needs_and_nothing_else() {
    let template = Template::load();
    let known: BTreeSet<&str> = ALL_VARIABLES.into_iter().collect();
    let bucket_name = &template.resource("LedgerBucket")["Properties"]["BucketName"];
    let tables = template.of_type("AWS::DynamoDB::Table");
    assert_eq!(tables.len(), 1, "one table");
    let table = tables[0].0;
    for function in template.functions() {
        let name = &function.name;
        let environment = function.environment();
        for variable in environment.keys() {
            assert!(
                known.contains(variable.as_str()),
                "{name} sets {variable}, which no code reads (credit_aws::config::ALL)"
            );
        }
        assert!(
            !environment.contains_key(ENDPOINT_URL),
            "{name}: {ENDPOINT_URL} would send every AWS call away from AWS"
        );
        let rendered: BTreeMap<String, String> = environment
            .iter()
            .map(|(key, value)| (key.clone(), template.render(value)))
            .collect();
        let config = FunctionConfig::from_lookup(|variable| rendered.get(variable).cloned())
            .unwrap_or_else(|error| panic!("{name} would not start: {error}"));

        // The names point at the resources of this stack.
        assert_eq!(
            reference(&environment[credit_aws::config::TABLE_NAME]),
            Some(table),
            "{name}: TABLE_NAME"
        );
        assert_eq!(
            &environment[credit_aws::config::BUCKET_NAME],
            bucket_name,
            "{name}: BUCKET_NAME is the bucket's name, spelled as the bucket spells it"
        );

        // A function that may send e-mail knows whom from, and one that knows may send.
        let role = template.role_of(&function);
        let sends = !role.resources_for("ses:SendRawEmail").is_empty();
        assert_eq!(
            sends,
            environment.contains_key(SENDER_EMAIL),
            "{name}: SES permission and SENDER_EMAIL"
        );
        if sends {
            assert!(config.require_sender().is_ok(), "{name}");
        }

        // A function behind the API finds the tenant in a claim only an administrator can set.
        if !function.events("HttpApi").is_empty() {
            let attribute = config
                .tenant_claim
                .strip_prefix("custom:")
                .unwrap_or_else(|| panic!("{name}: tenant claim {} is not a custom attribute", config.tenant_claim));
            let pool = &template.resource("UserPool")["Properties"];
            assert!(
                as_list(&pool["Schema"]).iter().any(|a| a["Name"] == attribute),
                "{name}: the user pool has no attribute {attribute}"
            );
            let client = &template.resource("UserPoolClient")["Properties"];
            assert!(as_list(&client["ReadAttributes"]).contains(&&json!(config.tenant_claim)));
            assert!(
                !as_list(&client["WriteAttributes"]).contains(&&json!(config.tenant_claim)),
                "users must not write their own tenant"
            );
        }
    }
}

#[test]
fn the_table_is_the_one_the_store_expects() {
    let template = Template::load();
    let (name, table) = template.of_type("AWS::DynamoDB::Table")[0];
    let table = &table["Properties"];
    let key = |hash: &str, range: &str| json!([{"AttributeName": hash, "KeyType": "HASH"}, {"AttributeName": range, "KeyType": "RANGE"}]);
    assert_eq!(table["KeySchema"], key(PARTITION_KEY, SORT_KEY));
    let indexes = as_list(&table["GlobalSecondaryIndexes"]);
    assert_eq!(indexes.len(), 1, "the store uses one index");
    assert_eq!(indexes[0]["IndexName"], REVIEW_INDEX);
    assert_eq!(indexes[0]["KeySchema"], key(REVIEW_PK, REVIEW_SK));
    // The review reads whole settings items from the index.
    assert_eq!(indexes[0]["Projection"]["ProjectionType"], "ALL");
    let mut declared: Vec<(String, String)> = as_list(&table["AttributeDefinitions"])
        .iter()
        .map(|a| {
            (
                a["AttributeName"].as_str().unwrap().to_owned(),
                a["AttributeType"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    declared.sort();
    let mut keys: Vec<(String, String)> = [PARTITION_KEY, SORT_KEY, REVIEW_PK, REVIEW_SK]
        .into_iter()
        .map(|attribute| (attribute.to_owned(), "S".to_owned()))
        .collect();
    keys.sort();
    assert_eq!(declared, keys, "exactly the key attributes, all strings");
    assert_eq!(
        table["TimeToLiveSpecification"],
        json!({"AttributeName": TTL_ATTRIBUTE, "Enabled": true})
    );
    assert_eq!(table["BillingMode"], "PAY_PER_REQUEST");
    assert_eq!(
        table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"],
        true
    );

    // Only the monthly review queries the index, and its role may.
    let review = template.function("functions/monthly-review");
    let index_arn = json!({ "Fn::Sub": format!("${{{name}.Arn}}/index/{REVIEW_INDEX}") });
    assert!(template
        .role_of(&review)
        .resources_for("dynamodb:Query")
        .contains(&index_arn));
    // Every DynamoDB grant is on this table or its index, never on "*".
    let table_arn = json!({ "Fn::GetAtt": [name, "Arn"] });
    for function in template.functions() {
        let role = template.role_of(&function);
        for action in role.actions().iter().filter(|a| a.starts_with("dynamodb:")) {
            for resource in role.resources_for(action) {
                assert!(
                    resource == table_arn || resource == index_arn,
                    "{}: {action} on {resource}",
                    role.name
                );
            }
        }
    }
}

/// A request to `method path` as API Gateway (HTTP API, payload 2.0, `$default` stage) sends it.
fn api_request(method: &str, path: &str) -> lambda_http::Request {
    let event = json!({
        "version": "2.0", "routeKey": format!("{method} {path}"), "rawPath": path, "rawQueryString": "",
        "headers": {"host": "api.example.com"},
        "requestContext": {"accountId": "1", "apiId": "a", "domainName": "api.example.com",
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1", "userAgent": "t"},
            "requestId": "r", "routeKey": format!("{method} {path}"), "stage": "$default", "time": "t", "timeEpoch": 0},
        "isBase64Encoded": false
    });
    lambda_http::request::from_str(&event.to_string()).expect("an API Gateway v2 event")
}

/// Whether the code answers a route without a tenant. The match is exhaustive on purpose: a new
/// route fails to compile here until someone decides whether the template protects it.
fn is_public(route: &Route) -> bool {
    match route {
        Route::UploadPage => true,
        Route::Analyze | Route::Uploads | Route::Result(_) => false,
    }
}

/// One of each route the analyze function serves (keep in step with [`is_public`]).
fn every_route() -> Vec<Route> {
    vec![
        Route::UploadPage,
        Route::Analyze,
        Route::Uploads,
        Route::Result(String::new()),
    ]
}

#[test]
fn the_api_routes_are_the_ones_the_analyze_function_serves() {
    let template = Template::load();
    let analyze = template.function("functions/analyze");
    let events = analyze.events("HttpApi");
    let mut served = std::collections::HashSet::new();
    for (event, properties) in &events {
        let method = properties["Method"].as_str().expect("Method");
        let path = properties["Path"].as_str().expect("Path");
        assert_eq!(reference(&properties["ApiId"]), Some("HttpApi"), "{event}");
        // A path parameter as the API issues it (an upload id is 32 hex digits).
        let concrete = path.replace("{id}", "0123456789abcdef0123456789abcdef");
        let route = route(&api_request(method, &concrete))
            .unwrap_or_else(|_| panic!("{event}: the analyze function does not serve {method} {path}"));
        let public = properties["Auth"]["Authorizer"] == "NONE";
        assert_eq!(
            public,
            is_public(&route),
            "{event}: {method} {path} public in the template and the code"
        );
        served.insert(std::mem::discriminant(&route));
    }
    for route in every_route() {
        assert!(
            served.contains(&std::mem::discriminant(&route)),
            "the template has no route to {route:?}"
        );
    }
    // Only the analyze function is behind the API.
    for function in template.functions() {
        if function.crate_dir() != analyze.crate_dir() {
            assert!(function.events("HttpApi").is_empty(), "{}", function.name);
        }
    }

    // The default authorizer is the user pool's JWT authorizer for its one client.
    let auth = &template.resource("HttpApi")["Properties"]["Auth"];
    let default = auth["DefaultAuthorizer"].as_str().expect("a default authorizer");
    let jwt = &auth["Authorizers"][default]["JwtConfiguration"];
    assert!(jwt["issuer"]["Fn::Sub"]
        .as_str()
        .is_some_and(|issuer| issuer.starts_with("https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}")));
    assert_eq!(jwt["audience"], json!([{"Ref": "UserPoolClient"}]));
}

#[test]
fn uploads_start_the_ingest_and_the_bucket_keeps_its_prefixes() {
    let template = Template::load();
    let ingest = template.function("functions/ingest");
    let events = ingest.events("S3");
    assert_eq!(events.len(), 1, "one S3 event");
    let (_, event) = &events[0];
    assert_eq!(reference(&event["Bucket"]), Some("LedgerBucket"));
    assert_eq!(event["Events"], "s3:ObjectCreated:*");
    assert_eq!(
        event["Filter"]["S3Key"]["Rules"],
        json!([{"Name": "prefix", "Value": UPLOAD_PREFIX}]),
        "only uploads start the ingest (its own results must not)"
    );

    let bucket = &template.resource("LedgerBucket")["Properties"];
    let block = &bucket["PublicAccessBlockConfiguration"];
    for setting in [
        "BlockPublicAcls",
        "BlockPublicPolicy",
        "IgnorePublicAcls",
        "RestrictPublicBuckets",
    ] {
        assert_eq!(block[setting], true, "{setting}");
    }
    assert!(bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"].is_array());
    let rules = as_list(&bucket["LifecycleConfiguration"]["Rules"]);
    for prefix in [UPLOAD_PREFIX, RESULT_PREFIX] {
        assert!(
            rules.iter().any(|rule| rule["Prefix"] == prefix
                && rule["Status"] == "Enabled"
                && !rule["ExpirationInDays"].is_null()),
            "{prefix} expires"
        );
    }

    // Object permissions are on the bucket's two prefixes only.
    let bucket_name = bucket["BucketName"]["Fn::Sub"].as_str().expect("BucketName: !Sub");
    let bucket_arn = format!("arn:${{AWS::Partition}}:s3:::{bucket_name}");
    let allowed: Vec<String> = [UPLOAD_PREFIX, RESULT_PREFIX]
        .into_iter()
        .map(|prefix| format!("{bucket_arn}/{prefix}*"))
        .collect();
    for function in template.functions() {
        let role = template.role_of(&function);
        for action in role.actions().iter().filter(|a| a.starts_with("s3:")) {
            for resource in role.resources_for(action) {
                let arn = resource["Fn::Sub"].as_str().unwrap_or_default().to_owned();
                if action == "s3:ListBucket" {
                    assert_eq!(arn, bucket_arn, "{}", role.name);
                } else {
                    assert!(allowed.contains(&arn), "{}: {action} on {resource}", role.name);
                }
            }
        }
    }
    // The ingest reads what was uploaded.
    let ingest_reads = template.role_of(&ingest).resources_for("s3:GetObject");
    assert!(ingest_reads.contains(&json!({"Fn::Sub": format!("{bucket_arn}/{UPLOAD_PREFIX}*")})));
}

#[test]
fn the_schedule_invokes_the_monthly_review() {
    let template = Template::load();
    let review = template.function("functions/monthly-review");
    let schedules = template.of_type("AWS::Scheduler::Schedule");
    assert_eq!(schedules.len(), 1);
    let target = &schedules[0].1["Properties"]["Target"];
    assert_eq!(get_att(&target["Arn"], "Arn"), Some(review.name.as_str()));
    let role_name = get_att(&target["RoleArn"], "Arn").expect("the schedule's role");
    let role = template.role(role_name);
    assert_eq!(
        role.resources_for("lambda:InvokeFunction"),
        vec![json!({"Fn::GetAtt": [review.name, "Arn"]})]
    );
    // Once CloudFormation and the scheduler have filled in their values, the payload is one the
    // function understands: the run of 2 November 08:05 reviews October, as of that moment.
    let input = target["Input"]["Fn::Sub"].as_str().expect("Input: !Sub");
    let filled = input
        .replace("${AWS::AccountId}", "123456789012")
        .replace("${AWS::Region}", "eu-west-1")
        .replace("<aws.scheduler.execution-id>", "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa")
        .replace("<aws.scheduler.scheduled-time>", "2026-11-02T08:05:00Z")
        .replace(
            "<aws.scheduler.schedule-arn>",
            "arn:aws:scheduler:eu-west-1:123456789012:schedule/default/review",
        );
    assert!(!filled.contains("${") && !filled.contains("<aws."), "{filled}");
    let payload: Value = serde_json::from_str(&filled).unwrap_or_else(|e| panic!("schedule input: {e}"));
    let clock = "2030-01-01T00:00:00Z".parse().expect("an instant");
    let trigger = credit_fn_monthly_review::Trigger::from_payload(payload, clock)
        .unwrap_or_else(|e| panic!("the monthly review refuses the schedule's payload: {e}"));
    assert_eq!(trigger.month.to_string(), "2026-10");
    assert_eq!(trigger.now.to_rfc3339(), "2026-11-02T08:05:00+00:00");
}

#[test]
fn asynchronous_functions_dead_letter_and_every_function_alarms_and_logs() {
    let template = Template::load();
    let alarms = template.of_type("AWS::CloudWatch::Alarm");
    let alarmed = |metric: &str, dimension: &str, value: &Value| {
        alarms.iter().any(|(_, alarm)| {
            let properties = &alarm["Properties"];
            properties["MetricName"] == metric
                && as_list(&properties["Dimensions"])
                    .iter()
                    .any(|d| d["Name"] == dimension && d["Value"] == *value)
                && !as_list(&properties["AlarmActions"]).is_empty()
        })
    };
    let scheduled: BTreeSet<String> = template
        .of_type("AWS::Scheduler::Schedule")
        .iter()
        .filter_map(|(_, schedule)| get_att(&schedule["Properties"]["Target"]["Arn"], "Arn").map(str::to_owned))
        .collect();
    let mut roles = BTreeSet::new();
    let mut asynchronous_functions = 0;
    for function in template.functions() {
        let name = &function.name;
        let function_ref = json!({ "Ref": name });
        assert!(
            alarmed("Errors", "FunctionName", &function_ref),
            "{name}: no Errors alarm"
        );
        assert!(
            alarmed("Throttles", "FunctionName", &function_ref),
            "{name}: no Throttles alarm"
        );

        let log_group = reference(&function.properties["LoggingConfig"]["LogGroup"])
            .unwrap_or_else(|| panic!("{name}: LoggingConfig.LogGroup"));
        let log_group = template.resource(log_group);
        assert_eq!(log_group["Type"], "AWS::Logs::LogGroup");
        assert!(
            !log_group["Properties"]["RetentionInDays"].is_null(),
            "{name}: log retention"
        );

        let role = template.role_of(&function);
        assert!(roles.insert(role.name.clone()), "{name} shares its role");
        for statement in &role.statements {
            assert!(
                !as_list(&statement["Resource"]).contains(&&json!("*")),
                "{name}: a grant on *"
            );
            assert!(
                as_list(&statement["Action"])
                    .iter()
                    .all(|a| a.as_str().is_some_and(|a| !a.contains('*'))),
                "{name}: a wildcard action"
            );
        }

        let asynchronous = !function.events("S3").is_empty() || scheduled.contains(name);
        if asynchronous {
            asynchronous_functions += 1;
            let queue = &function.properties["DeadLetterQueue"];
            assert_eq!(queue["Type"], "SQS", "{name}: a dead-letter queue");
            let queue_name = get_att(&queue["TargetArn"], "Arn").expect("DLQ: !GetAtt <queue>.Arn");
            assert_eq!(template.resource(queue_name)["Type"], "AWS::SQS::Queue");
            assert!(
                role.resources_for("sqs:SendMessage").contains(&queue["TargetArn"]),
                "{name}"
            );
            let depth = json!({ "Fn::GetAtt": [queue_name, "QueueName"] });
            assert!(
                alarmed("ApproximateNumberOfMessagesVisible", "QueueName", &depth),
                "{name}: no alarm on its dead letters"
            );
        }
    }
    assert_eq!(asynchronous_functions, 2, "the ingest and the monthly review");
}

/// A DynamoDB JSON attribute (`{"S": ".."}`, `{"N": ".."}`, `{"L": [..]}`, `{"M": {..}}`, `{"BOOL": ..}`),
/// as `aws dynamodb put-item --item file://..` reads it.
fn attribute(value: &Value) -> aws_sdk_dynamodb::types::AttributeValue {
    use aws_sdk_dynamodb::types::AttributeValue;
    let object = value.as_object().expect("an attribute is an object");
    assert_eq!(object.len(), 1, "one type per attribute: {value}");
    let (kind, inner) = object.iter().next().expect("one entry");
    match kind.as_str() {
        "S" => AttributeValue::S(inner.as_str().expect("S is text").to_owned()),
        "N" => AttributeValue::N(inner.as_str().expect("N is text").to_owned()),
        "BOOL" => AttributeValue::Bool(inner.as_bool().expect("BOOL")),
        "L" => AttributeValue::L(inner.as_array().expect("L").iter().map(attribute).collect()),
        "M" => AttributeValue::M(item(inner)),
        other => panic!("attribute type {other} is not used by the settings item"),
    }
}

fn item(value: &Value) -> std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue> {
    value
        .as_object()
        .expect("an item is an object")
        .iter()
        .map(|(name, value)| (name.clone(), attribute(value)))
        .collect()
}

/// infra/README.md creates a tenant with `aws dynamodb put-item --item file://infra/tenant-settings.example.json`:
/// that item is exactly what the store writes for those settings, the store reads it back, and the
/// monthly review finds the tenant.
#[tokio::test(flavor = "multi_thread")]
async fn the_readme_tenant_settings_item_is_the_one_the_store_writes_and_reads() {
    use credit_store::{Month, ReviewDay, SnapshotStore, TenantId, TenantSettings};

    let path = infra_dir().join("tenant-settings.example.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let example = item(&serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())));

    let mut expected = TenantSettings::new(TenantId::new("acme").expect("a tenant id"));
    expected.recipients = vec!["boekhouding@acme.example".into(), "kredietbeheer@acme.example".into()];
    expected.language = credit_core::lang::Lang::Nl;
    // TenantSettings::new is in Brussels time, as the example.
    expected.review_day = ReviewDay::FirstWorkingDay;
    expected.retention_months = 25;

    let config = credit_testkit::moto().sdk_config().await;
    let client = aws_sdk_dynamodb::Client::new(&config);
    let table = credit_testkit::unique_name("tenant-example");
    credit_aws::dynamo::create_table(&client, &table).await.expect("table");
    let store = credit_aws::dynamo::DynamoStore::new(client.clone(), &table);

    // What the store writes for these settings is the example, attribute for attribute.
    store.put_settings(&expected).await.expect("put settings");
    let written = client
        .get_item()
        .table_name(&table)
        .key(PARTITION_KEY, example[PARTITION_KEY].clone())
        .key(SORT_KEY, example[SORT_KEY].clone())
        .consistent_read(true)
        .send()
        .await
        .expect("get item")
        .item
        .expect("the settings item is under the example's key");
    pretty_assertions::assert_eq!(
        written.into_iter().collect::<BTreeMap<_, _>>(),
        example.clone().into_iter().collect::<BTreeMap<_, _>>()
    );

    // The example put as the README puts it is read back, and the tenant is due for its review.
    client
        .delete_item()
        .table_name(&table)
        .key(PARTITION_KEY, example[PARTITION_KEY].clone())
        .key(SORT_KEY, example[SORT_KEY].clone())
        .send()
        .await
        .expect("delete item");
    client
        .put_item()
        .table_name(&table)
        .set_item(Some(example))
        .send()
        .await
        .expect("put the example item");
    assert_eq!(
        store.settings(&expected.tenant).await.expect("settings"),
        Some(expected.clone())
    );
    let october: Month = "2026-10".parse().expect("a month");
    let after = "2026-11-03T12:00:00Z".parse().expect("an instant");
    let due = store.tenants_due_for_review(october, after).await.expect("tenants due");
    assert_eq!(due, vec![expected]);
}

/// The IAM actions (and the resource they apply to) that one recorded SDK call needs, as IAM
/// authorises them: a transaction by its items' own actions, `HeadObject` as `s3:GetObject`, a
/// presigned URL as the call it signs. An operation not listed here fails the test, so that a new
/// kind of call gets its permission decided.
fn permissions_needed(call: &credit_testkit::calls::Call, table: &str, bucket: &str) -> Vec<(String, Resource)> {
    match call.service.as_str() {
        "DynamoDB" => {
            assert_eq!(call.tables, [table], "{call:?}: the stack's table only");
            let resource = match &call.index {
                Some(index) => Resource::Index(index.clone()),
                None => Resource::Table,
            };
            let actions: Vec<String> = match call.operation.as_str() {
                "TransactWriteItems" => call
                    .transact
                    .iter()
                    .map(|kind| match kind.as_str() {
                        "ConditionCheck" => "dynamodb:ConditionCheckItem".to_owned(),
                        other => format!("dynamodb:{other}Item"),
                    })
                    .collect(),
                "GetItem" | "PutItem" | "DeleteItem" | "UpdateItem" | "Query" | "Scan" | "BatchGetItem"
                | "BatchWriteItem" => vec![format!("dynamodb:{}", call.operation)],
                other => panic!("{call:?}: decide which IAM action DynamoDB {other} needs"),
            };
            actions.into_iter().map(|action| (action, resource.clone())).collect()
        }
        "S3" => {
            let rest = call
                .path
                .strip_prefix(&format!("/{bucket}"))
                .unwrap_or_else(|| panic!("{call:?}: not the stack's bucket"));
            let key = rest.strip_prefix('/').unwrap_or_default().to_owned();
            let (action, resource) = match call.operation.as_str() {
                "GetObject" | "HeadObject" => ("s3:GetObject", Resource::Object(key)),
                "PutObject" => ("s3:PutObject", Resource::Object(key)),
                "DeleteObject" => ("s3:DeleteObject", Resource::Object(key)),
                "ListObjectsV2" | "ListObjects" => ("s3:ListBucket", Resource::Bucket),
                other => panic!("{call:?}: decide which IAM action S3 {other} needs"),
            };
            vec![(action.to_owned(), resource)]
        }
        "SESv2" => match call.operation.as_str() {
            "SendEmail" => vec![("ses:SendEmail".to_owned(), Resource::SenderIdentity)],
            other => panic!("{call:?}: decide which IAM action SES {other} needs"),
        },
        other => panic!("{call:?}: a call to {other}, which no role grants anything on"),
    }
}

/// What a call acts on, as the template's grants name it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Resource {
    Table,
    Index(String),
    Bucket,
    Object(String),
    SenderIdentity,
}

impl Resource {
    /// Whether the grant `resource` of the template covers this.
    fn covered_by(&self, resource: &Value, table_resource: &str, bucket_arn: &str) -> bool {
        let sub = resource["Fn::Sub"].as_str();
        match self {
            Resource::Table => *resource == json!({"Fn::GetAtt": [table_resource, "Arn"]}),
            Resource::Index(index) => sub == Some(format!("${{{table_resource}.Arn}}/index/{index}").as_str()),
            Resource::Bucket => sub == Some(bucket_arn),
            Resource::Object(key) => sub
                .and_then(|arn| arn.strip_prefix(&format!("{bucket_arn}/")))
                .and_then(|pattern| pattern.strip_suffix('*'))
                .is_some_and(|prefix| key.starts_with(prefix)),
            Resource::SenderIdentity => resource["Fn::Sub"][0]
                .as_str()
                .is_some_and(|arn| arn.ends_with(":identity/${Identity}")),
        }
    }
}

/// The three functions driven against the emulator through every path they have (the API's routes
/// with a result read for the upload page, an ingest with the workbook linked, its redelivery, a
/// review with the workbook linked), with every SDK call recorded; each call must be allowed by the
/// role the template gives that function. moto enforces no IAM, so without this a missing grant
/// (GET /results?format=page's Query was one) shows only as AccessDenied in AWS.
#[tokio::test(flavor = "multi_thread")]
async fn every_call_each_function_makes_is_allowed_by_its_role() {
    use credit_aws::dynamo::DynamoStore;
    use credit_aws::s3::Objects;
    use credit_aws::ses::Mailer;
    use credit_e2e::lambda::{address, call_api, issue_upload, sample, tenant, upload, ApiCall, Stack};
    use credit_fn_analyze::Api;
    use credit_fn_ingest::Ingest;
    use credit_fn_monthly_review::MonthlyReview;
    use credit_testkit::calls::CallRecorder;
    use std::sync::Arc;

    let stack = Stack::new().await;
    let clients = |calls: &CallRecorder| {
        let dynamo = aws_sdk_dynamodb::Client::from_conf(
            aws_sdk_dynamodb::config::Builder::from(&stack.sdk)
                .interceptor(calls.clone())
                .build(),
        );
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&stack.sdk)
                .force_path_style(true)
                .interceptor(calls.clone())
                .build(),
        );
        let ses = aws_sdk_sesv2::Client::from_conf(
            aws_sdk_sesv2::config::Builder::from(&stack.sdk)
                .interceptor(calls.clone())
                .build(),
        );
        (
            Arc::new(DynamoStore::new(dynamo, &stack.table)),
            Objects::new(s3, &stack.bucket),
            Mailer::new(ses),
        )
    };
    let tenant = tenant("iam");
    stack
        .settings(&tenant, &[address("iam")], credit_core::lang::Lang::Nl)
        .await;
    let ledger = "nl-openstaande-posten.xlsx";

    let analyze_calls = CallRecorder::new();
    let (store, objects, _) = clients(&analyze_calls);
    let api = Api {
        store,
        objects,
        config: stack.config(),
    };
    let page = call_api(&api, ApiCall::new("GET", "/", &tenant).event()).await;
    assert_eq!(page.status, 200);
    let analysed = call_api(
        &api,
        ApiCall::new("POST", "/analyze", &tenant)
            .query("as_of=2026-10-31")
            .body(sample(ledger))
            .event(),
    )
    .await;
    assert_eq!(analysed.status, 200, "{}", String::from_utf8_lossy(&analysed.body));
    let issued = issue_upload(&api, &tenant, &format!("file_name={ledger}&as_of=2026-10-31")).await;
    let result_of = |query: &'static str| ApiCall::new("GET", &format!("/results/{}", issued.id), &tenant).query(query);
    assert_eq!(call_api(&api, result_of("").event()).await.json()["status"], "waiting");
    let unknown = ApiCall::new("GET", "/results/0123456789abcdef0123456789abcdef", &tenant).event();
    assert_eq!(call_api(&api, unknown).await.status, 404);

    let ingest_calls = CallRecorder::new();
    let (store, objects, mailer) = clients(&ingest_calls);
    let ingest = Ingest {
        store,
        objects,
        mailer,
        sender: stack.sender.clone(),
        config: stack.config(),
        // Every workbook goes as a link: the presigned GET is one of the ingest's calls.
        max_email_bytes: 1_000,
    };
    let event = upload(&stack, &issued, &sample(ledger)).await;
    let outcomes = credit_fn_ingest::handle(&ingest, event.clone())
        .await
        .expect("ingested");
    assert!(
        matches!(
            outcomes.as_slice(),
            [credit_fn_ingest::Outcome::Done {
                email: credit_fn_ingest::report::EmailOutcome::Sent { attached: false },
                ..
            }]
        ),
        "{outcomes:?}"
    );
    credit_fn_ingest::handle(&ingest, event)
        .await
        .expect("the redelivery is a no-op");

    let done = call_api(&api, result_of("format=page").event()).await;
    assert_eq!(done.status, 200, "{}", String::from_utf8_lossy(&done.body));
    assert!(done.json()["page"].is_object(), "the page's figures: {}", done.json());

    let review_calls = CallRecorder::new();
    let (store, objects, mailer) = clients(&review_calls);
    let review = MonthlyReview {
        store,
        objects,
        mailer,
        sender: stack.sender.clone(),
        config: stack.config(),
        max_email_bytes: 1_000,
    };
    let run = json!({"month": "2026-10", "now": "2026-11-03T12:00:00Z"});
    let summary = credit_fn_monthly_review::handle(&review, run.clone())
        .await
        .expect("a run");
    assert_eq!(summary.sent, [tenant.to_string()], "{summary:?}");
    credit_fn_monthly_review::handle(&review, run)
        .await
        .expect("a second run");

    let template = Template::load();
    let (table_resource, _) = template.of_type("AWS::DynamoDB::Table")[0];
    let bucket_name = template.resource("LedgerBucket")["Properties"]["BucketName"]["Fn::Sub"]
        .as_str()
        .expect("BucketName: !Sub")
        .to_owned();
    let bucket_arn = format!("arn:${{AWS::Partition}}:s3:::{bucket_name}");
    let mut missing = BTreeSet::new();
    for (crate_dir, calls) in [
        ("functions/analyze", &analyze_calls),
        ("functions/ingest", &ingest_calls),
        ("functions/monthly-review", &review_calls),
    ] {
        let function = template.function(crate_dir);
        let role = template.role_of(&function);
        let calls = calls.calls();
        // The paths above reach these calls; if the recorder missed them the check would prove little.
        let made: BTreeSet<(&str, &str)> = calls
            .iter()
            .map(|call| (call.service.as_str(), call.operation.as_str()))
            .collect();
        let expected: &[(&str, &str)] = match crate_dir {
            "functions/analyze" => &[
                ("DynamoDB", "TransactWriteItems"),
                ("DynamoDB", "Query"),
                ("S3", "PutObject"),
                ("S3", "GetObject"),
            ],
            "functions/ingest" => &[
                ("DynamoDB", "TransactWriteItems"),
                ("DynamoDB", "PutItem"),
                ("S3", "GetObject"),
                ("SESv2", "SendEmail"),
            ],
            _ => &[
                ("DynamoDB", "Query"),
                ("DynamoDB", "BatchGetItem"),
                ("S3", "PutObject"),
                ("S3", "GetObject"),
                ("SESv2", "SendEmail"),
            ],
        };
        for call in expected {
            assert!(made.contains(call), "{crate_dir}: no {call:?} recorded among {made:?}");
        }
        if crate_dir == "functions/monthly-review" {
            assert!(
                calls.iter().any(|call| call.index.as_deref() == Some(REVIEW_INDEX)),
                "the review index is read"
            );
        }
        for call in &calls {
            for (action, resource) in permissions_needed(call, &stack.table, &stack.bucket) {
                let granted = role
                    .resources_for(&action)
                    .iter()
                    .any(|grant| resource.covered_by(grant, table_resource, &bucket_arn));
                if !granted {
                    missing.insert(format!(
                        "{}: {action} on {resource:?} ({} {})",
                        role.name, call.service, call.operation
                    ));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "calls the roles do not allow:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}
