//! The upload page of the credit assistant, and what serves it on this machine.
//!
//! A small business owner does not call an API: they open a page, drop their ledger on it, and get the
//! annotated workbook back with the headline figures on screen. This crate holds everything the page
//! is, so that the analyze Lambda and `credit serve` serve the very same thing:
//!
//! - [`page`]: the one self-contained page (HTML, CSS and a little JavaScript embedded in the binary;
//!   no build step, nothing loaded from elsewhere), rendered with a small [`PageConfig`] and the
//!   Content-Security-Policy that allows exactly its inline style and script.
//! - [`answer`]: [`PageAnswer`], the figures the page shows (totals, KPIs, aging, the five most urgent
//!   actions) and the workbook, built from the core's analysis; `POST /analyze?format=page` answers it
//!   here and in the Lambda, and `GET /results/{id}` carries it when an upload is done.
//! - [`request`]: the parameters of `POST /analyze` and the error answer `{error, problems}`.
//! - [`server`]: the local HTTP server (`GET /`, `POST /analyze`) on the embedded snapshot store.
#![warn(missing_docs)]

pub mod answer;
pub mod page;
pub mod request;
pub mod server;

pub use answer::{PageAnswer, PageWorkbook};
pub use page::{Page, PageConfig, SignIn};
pub use server::{LocalServer, ServerError, ServerOptions};
