//! AWS adapters: the DynamoDB snapshot store, S3 objects and SES e-mail.
