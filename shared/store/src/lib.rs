//! The snapshot store: one trait, and the embedded single-file implementation used by the credit command.
