//! Test support: starts and addresses the AWS emulator (moto) for the tests that need it.
