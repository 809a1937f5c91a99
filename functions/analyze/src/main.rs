//! The analyze Lambda: configuration and clients once per cold start, then the HTTP runtime.

use credit_aws::config::{init_json_logs, load_sdk_config, FunctionConfig};
use credit_fn_analyze::{handle, Api};
use lambda_http::{service_fn, Error, Request};

#[tokio::main]
async fn main() -> Result<(), Error> {
    init_json_logs();
    let config = FunctionConfig::from_env()?;
    let sdk = load_sdk_config().await;
    let api = Api::from_sdk(config, &sdk);
    let api = &api;
    lambda_http::run(service_fn(move |request: Request| handle(api, request))).await
}
