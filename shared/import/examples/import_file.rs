//! Reads a ledger file and prints what was found and how long it took: a manual benchmark for big files
//! (`cargo run --release -p credit-import --example import_file -- /tmp/big.xlsx`).

use credit_import::{read_ledger, ImportOptions};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: import_file FILE")?;
    let started = Instant::now();
    let bytes = std::fs::read(&path)?;
    let read = started.elapsed();
    let ledger = read_ledger(&bytes, &path, &ImportOptions::default())?;
    let imported = started.elapsed() - read;
    println!(
        "{path}: {} bytes read in {:.2} s, imported in {:.2} s: {} entries, {} customers, {} issues, {} rows kept",
        bytes.len(),
        read.as_secs_f64(),
        imported.as_secs_f64(),
        ledger.entries.len(),
        ledger.customers.len(),
        ledger.issues.len(),
        ledger.sheets.iter().map(|sheet| sheet.rows.len()).sum::<usize>(),
    );
    Ok(())
}
