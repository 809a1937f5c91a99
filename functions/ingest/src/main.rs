//! The ingest Lambda: configuration and clients once per cold start, then the event loop.

use aws_lambda_events::event::s3::S3Event;
use credit_aws::config::{init_json_logs, load_sdk_config, FunctionConfig};
use credit_fn_ingest::{handle, Ingest};
use lambda_runtime::{service_fn, Error, LambdaEvent};

#[tokio::main]
async fn main() -> Result<(), Error> {
    init_json_logs();
    let config = FunctionConfig::from_env()?;
    let sdk = load_sdk_config().await;
    let ingest = Ingest::from_sdk(config, &sdk)?;
    let ingest = &ingest;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<S3Event>| async move {
        handle(ingest, event.payload)
            .await
            .map(|_outcomes| ())
            .map_err(Error::from)
    }))
    .await
}
