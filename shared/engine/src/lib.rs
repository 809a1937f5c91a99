//! The one pipeline every entry point runs: read a ledger, analyse it, write the workbook.
