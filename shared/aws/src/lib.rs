//! AWS adapters: the DynamoDB snapshot store, S3 objects and SES e-mail.
#![warn(missing_docs)]

pub mod config;
pub mod dynamo;
pub mod s3;
pub mod ses;
