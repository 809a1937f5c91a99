//! The monthly-review Lambda: configuration and clients once per cold start, then the event loop.
//! The payload is the EventBridge Scheduler's event (or `{"month": "YYYY-MM"}`), see `trigger`.

use credit_aws::config::{init_json_logs, load_sdk_config, FunctionConfig};
use credit_fn_monthly_review::{handle, MonthlyReview};
use lambda_runtime::{service_fn, Error, LambdaEvent};

#[tokio::main]
async fn main() -> Result<(), Error> {
    init_json_logs();
    let config = FunctionConfig::from_env()?;
    let sdk = load_sdk_config().await;
    let function = MonthlyReview::from_sdk(config, &sdk)?;
    let function = &function;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<serde_json::Value>| async move {
        let summary = handle(function, event.payload).await?;
        summary.into_result().map_err(Error::from)
    }))
    .await
}
