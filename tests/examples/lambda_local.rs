//! Support for `scripts/lambda-local-smoke.sh`: prepares a stack on an emulator and writes the events
//! the script feeds to `cargo lambda invoke`, built exactly as the end-to-end tests build them.
//!
//! ```text
//! lambda_local setup ENDPOINT                         # prints TABLE_NAME=.. BUCKET_NAME=.. ... lines
//! lambda_local api-event METHOD PATH QUERY TENANT [BODY_FILE]   # an API Gateway v2 event on stdout
//! lambda_local s3-event BUCKET KEY ETAG SIZE                    # an S3 ObjectCreated event on stdout
//! ```

use credit_core::lang::Lang;
use credit_e2e::lambda::{address, s3_event, tenant, ApiCall};
use credit_store::{SnapshotStore, TenantSettings};

#[tokio::main]
async fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |index: usize| {
        args.get(index)
            .cloned()
            .ok_or_else(|| format!("missing argument {index}"))
    };
    match args.first().map(String::as_str) {
        Some("setup") => setup(&arg(1)?).await,
        Some("api-event") => {
            let method: &'static str = match arg(1)?.as_str() {
                "GET" => "GET",
                "POST" => "POST",
                other => return Err(format!("method {other}: expected GET or POST")),
            };
            let tenant = credit_store::TenantId::new(arg(4)?).map_err(|error| error.to_string())?;
            let mut call = ApiCall::new(method, &arg(2)?, &tenant).query(&arg(3)?);
            if let Ok(path) = arg(5) {
                call = call.body(std::fs::read(&path).map_err(|error| format!("{path}: {error}"))?);
            }
            println!("{}", call.event());
            Ok(())
        }
        Some("s3-event") => {
            let size = arg(4)?.parse().map_err(|_| "SIZE is a number".to_owned())?;
            let event = s3_event(&arg(1)?, &arg(2)?, &arg(3)?, size);
            println!("{}", serde_json::to_string(&event).map_err(|error| error.to_string())?);
            Ok(())
        }
        _ => Err("usage: lambda_local setup ENDPOINT | api-event ... | s3-event ...".to_owned()),
    }
}

/// A table, a bucket, a verified sender and a tenant with one recipient, on the emulator at `endpoint`.
async fn setup(endpoint: &str) -> Result<(), String> {
    let sdk = credit_testkit::sdk_config_for(endpoint).await;
    let table = credit_testkit::unique_name("local-snapshots");
    let bucket = credit_testkit::unique_name("local-ledgers");
    let dynamo = aws_sdk_dynamodb::Client::new(&sdk);
    credit_aws::dynamo::create_table(&dynamo, &table)
        .await
        .map_err(|error| error.to_string())?;
    credit_testkit::create_bucket(&credit_aws::config::s3_client(&sdk), &bucket).await;
    let sender = address("local-reports");
    credit_testkit::verify_sender(&aws_sdk_sesv2::Client::new(&sdk), &sender).await;
    let tenant = tenant("local");
    let recipient = address("local-accountant");
    let mut settings = TenantSettings::new(tenant.clone());
    settings.recipients = vec![recipient.clone()];
    settings.language = Lang::Nl;
    credit_aws::dynamo::DynamoStore::new(dynamo, &table)
        .put_settings(&settings)
        .await
        .map_err(|error| error.to_string())?;
    for (name, value) in [
        (credit_aws::config::TABLE_NAME, table.as_str()),
        (credit_aws::config::BUCKET_NAME, bucket.as_str()),
        (credit_aws::config::SENDER_EMAIL, sender.as_str()),
        ("TENANT", tenant.as_str()),
        ("RECIPIENT", recipient.as_str()),
    ] {
        println!("{name}={value}");
    }
    Ok(())
}
