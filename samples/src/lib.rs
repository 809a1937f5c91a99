//! Generates the sample ledgers and their expected figures.
