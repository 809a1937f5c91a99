//! Reads receivables ledgers (xlsx, xlsm, xls, xlsb, ods, csv) into the core's Ledger: bytes in, values out.
