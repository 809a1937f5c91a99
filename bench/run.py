#!/usr/bin/env python3
"""End to end at 10k, 100k and 1M rows: `credit analyze` (release) against the pandas + openpyxl script,
wall time and peak memory of each process, printed as a Markdown table for BENCHMARKS.md.

    cargo build --release --bin credit --bin credit-samples
    python3 bench/run.py [--rows 10000,100000,1000000] [--formats xlsx,csv]

The ledgers are generated once into target/bench-data by the committed generator (same seed, same file).
The pandas run is skipped, and said so, when pandas or openpyxl is not installed.
"""
import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "target" / "bench-data"
RELEASE = ROOT / "target" / "release"
AS_OF = "2026-10-31"


def measure(command):
    """Runs a command; returns (seconds, peak resident MB) of that process alone."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if status != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024


def ledger(rows, fmt):
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"ledger-{rows}.{fmt}"
    if not path.exists():
        subprocess.run(
            [RELEASE / "credit-samples", "big", "--rows", str(rows), "--format", fmt, "--out", path], check=True,
            stdout=subprocess.DEVNULL,
        )
    return path


def have_pandas():
    try:
        import openpyxl  # noqa: F401
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="10000,100000,1000000")
    parser.add_argument("--formats", default="xlsx,csv")
    parser.add_argument("--pandas-max-rows", type=int, default=1_000_000)
    args = parser.parse_args()
    pandas = have_pandas()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}\n")
    print("| rows | format | credit analyze (s) | peak MB | pandas script (s) | peak MB | speed-up |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for rows in [int(r) for r in args.rows.split(",")]:
        for fmt in args.formats.split(","):
            path = ledger(rows, fmt)
            out = DATA / f"out-{rows}-{fmt}.xlsx"
            seconds, megabytes = measure(
                [RELEASE / "credit", "analyze", path, "--as-of", AS_OF, "--out", out, "--no-store"]
            )
            if pandas and rows <= args.pandas_max_rows:
                py_seconds, py_megabytes = measure(
                    [sys.executable, ROOT / "bench" / "pandas_aging.py", path, "--as-of", AS_OF, "--out", DATA / "pandas.xlsx"]
                )
                pandas_cells = f"{py_seconds:.2f} | {py_megabytes:.0f} | {py_seconds / seconds:.1f}x"
            else:
                pandas_cells = "- | - | -"
            print(f"| {rows:,} | {fmt} | {seconds:.2f} | {megabytes:.0f} | {pandas_cells} |", flush=True)
    if not pandas:
        print("\npandas or openpyxl is not installed: the comparison was skipped.")


if __name__ == "__main__":
    main()
