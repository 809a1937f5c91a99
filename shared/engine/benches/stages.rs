//! Each stage of the pipeline (read, analyse, write) and the whole, on generated invoice histories of
//! 10k and 100k rows. The million-row run and the pandas comparison are in `bench/run.py`.

use credit_core::analyze::{analyze, AnalysisOptions};
use credit_engine::{read, run, Job};
use credit_samples::big::{generate, BigFormat, BigOptions, DEFAULT_SEED};
use credit_samples::AS_OF;
use credit_workbook::write_workbook;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::time::Duration;

fn ledger_bytes(rows: u64, format: BigFormat) -> Vec<u8> {
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
    bytes
}

fn stages(c: &mut Criterion) {
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10).measurement_time(Duration::from_secs(8));
    for rows in [10_000u64, 100_000] {
        let xlsx = ledger_bytes(rows, BigFormat::Xlsx);
        let csv = ledger_bytes(rows, BigFormat::Csv);
        let job = Job::new(&xlsx, "big.xlsx", AS_OF);
        let ledger = read(&job).expect("reads");
        let options = AnalysisOptions {
            as_of: AS_OF,
            lang: None,
            policy: Default::default(),
        };
        let analysis = analyze(&ledger, &options);
        group.throughput(Throughput::Elements(rows));
        group.bench_with_input(BenchmarkId::new("read_xlsx", rows), &xlsx, |b, bytes| {
            b.iter(|| read(&Job::new(bytes, "big.xlsx", AS_OF)).expect("reads"))
        });
        group.bench_with_input(BenchmarkId::new("read_csv", rows), &csv, |b, bytes| {
            b.iter(|| read(&Job::new(bytes, "big.csv", AS_OF)).expect("reads"))
        });
        group.bench_with_input(BenchmarkId::new("analyse", rows), &ledger, |b, ledger| {
            b.iter(|| analyze(ledger, &options))
        });
        group.bench_with_input(
            BenchmarkId::new("write", rows),
            &(&analysis, &ledger),
            |b, (analysis, ledger)| b.iter(|| write_workbook(analysis, ledger).expect("written")),
        );
        group.bench_with_input(BenchmarkId::new("end_to_end_xlsx", rows), &xlsx, |b, bytes| {
            b.iter(|| run(&Job::new(bytes, "big.xlsx", AS_OF)).expect("runs"))
        });
    }
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
