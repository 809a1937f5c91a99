//! Lambda: analyses a ledger uploaded to S3, stores the snapshot and e-mails the result.
