//! Each stage of the pipeline once per size, up to a whole Excel sheet: wall time, throughput and the
//! peak resident memory while the stage ran. Criterion (`benches/stages.rs`) gives the statistics at 10k
//! and 100k rows; a million rows takes too long to sample ten times, so this run measures once.
//!
//! ```sh
//! cargo bench -p credit-engine --bench sizes                      # 10k, 100k and 1M rows, xlsx and csv
//! BENCH_ROWS=100000 BENCH_FORMATS=xlsx cargo bench -p credit-engine --bench sizes
//! ```
//!
//! Each size and format runs in a process of its own, so that no run inherits the heap another left.
//! Peak memory is that process's resident high-water mark (`VmHWM`), reset before each stage through
//! `/proc/self/clear_refs`, so each figure includes what earlier stages still hold (the file's bytes,
//! the ledger) — what a Lambda running the pipeline needs at that moment; the end-to-end run starts
//! after the stages' results are dropped, but the allocator may keep their pages. Linux only; elsewhere
//! the column reads "-".

use credit_core::analyze::{analyze, AnalysisOptions};
use credit_engine::{read, Job};
use credit_samples::big::{generate, BigFormat, BigOptions, DEFAULT_SEED};
use credit_samples::AS_OF;
use credit_workbook::write_workbook;
use std::fs;
use std::time::{Duration, Instant};

/// Set on the child process that measures one size and format.
const ONE_CASE: &str = "CREDIT_BENCH_CASE";

fn main() {
    if let Ok(case) = std::env::var(ONE_CASE) {
        let (rows, format) = case.split_once(':').expect("rows:format");
        let rows = rows.parse().expect("a row count");
        match format {
            "xlsx" => bench_one(rows, BigFormat::Xlsx, "big.xlsx"),
            "csv" => bench_one(rows, BigFormat::Csv, "big.csv"),
            other => panic!("BENCH_FORMATS: unknown format {other} (xlsx or csv)"),
        }
        return;
    }
    // `cargo bench` passes `--bench`; a filter argument is not used here.
    let rows = sizes("BENCH_ROWS", &[10_000, 100_000, 1_000_000]);
    let formats: Vec<String> = std::env::var("BENCH_FORMATS")
        .unwrap_or_else(|_| "xlsx,csv".to_owned())
        .split(',')
        .map(str::to_owned)
        .collect();
    println!("| rows | format | stage | seconds | rows/s | MB/s of input | peak MB |");
    println!("| ---: | --- | --- | ---: | ---: | ---: | ---: |");
    for rows in rows {
        for format in &formats {
            let status = std::process::Command::new(std::env::current_exe().expect("this bench's path"))
                .env(ONE_CASE, format!("{rows}:{format}"))
                .status()
                .expect("the bench runs itself");
            assert!(status.success(), "{rows} rows of {format} failed");
        }
    }
}

fn sizes(variable: &str, default: &[u64]) -> Vec<u64> {
    match std::env::var(variable) {
        Ok(list) => list
            .split(',')
            .map(|size| {
                size.trim()
                    .replace('_', "")
                    .parse()
                    .expect("BENCH_ROWS: a comma-separated list of row counts")
            })
            .collect(),
        Err(_) => default.to_vec(),
    }
}

fn bench_one(rows: u64, format: BigFormat, name: &str) {
    let bytes = ledger_bytes(rows, format);
    let megabytes = bytes.len() as f64 / 1e6;
    let report = |stage: &str, elapsed: Duration, peak: Option<f64>| {
        let seconds = elapsed.as_secs_f64();
        println!(
            "| {rows} | {name} | {stage} | {seconds:.3} | {:.0} | {:.1} | {} |",
            rows as f64 / seconds,
            megabytes / seconds,
            peak.map_or_else(|| "-".to_owned(), |peak| format!("{peak:.0}")),
        );
    };
    let options = AnalysisOptions {
        as_of: AS_OF,
        lang: None,
        policy: Default::default(),
    };

    reset_peak();
    let started = Instant::now();
    let ledger = read(&Job::new(&bytes, name, AS_OF)).expect("the generated ledger reads");
    report("read", started.elapsed(), peak_megabytes());

    reset_peak();
    let started = Instant::now();
    let analysis = analyze(&ledger, &options);
    report("analyse", started.elapsed(), peak_megabytes());

    reset_peak();
    let started = Instant::now();
    let workbook = write_workbook(&analysis, &ledger).expect("the workbook is written");
    report("write", started.elapsed(), peak_megabytes());
    drop((workbook, analysis, ledger));

    reset_peak();
    let started = Instant::now();
    let (_, workbook) = credit_engine::run(&Job::new(&bytes, name, AS_OF)).expect("the pipeline runs");
    report("end to end", started.elapsed(), peak_megabytes());
    drop(workbook);
}

/// The generated ledger, kept under target/bench-data so that the million-row file is made once (the
/// same seed gives the same bytes, so a kept file is the file this run would generate).
fn ledger_bytes(rows: u64, format: BigFormat) -> Vec<u8> {
    let extension = if format == BigFormat::Xlsx { "xlsx" } else { "csv" };
    let directory = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/bench-data");
    let path = format!("{directory}/ledger-{rows}.{extension}");
    if let Ok(bytes) = fs::read(&path) {
        return bytes;
    }
    let mut bytes = Vec::new();
    generate(
        &BigOptions {
            rows,
            format,
            seed: DEFAULT_SEED,
            as_of: AS_OF,
        },
        &mut bytes,
    )
    .expect("generated");
    if fs::create_dir_all(directory).is_ok() {
        // A cache only: a failed write costs the next run the generation again.
        let _ = fs::write(&path, &bytes);
    }
    bytes
}

fn reset_peak() {
    // "5" resets the resident high-water mark (proc(5), clear_refs); ignored where /proc is absent.
    let _ = fs::write("/proc/self/clear_refs", "5");
}

fn peak_megabytes() -> Option<f64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kilobytes: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes / 1024.0)
}
