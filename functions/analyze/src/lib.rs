//! Lambda: the HTTP API (POST /analyze, uploads, results) and the upload page.
