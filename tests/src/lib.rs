//! End-to-end tests against a real AWS emulator.
#![warn(missing_docs)]

pub mod lambda;
