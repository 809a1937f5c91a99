//! End-to-end tests against a real AWS emulator.
