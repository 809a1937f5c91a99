#!/bin/sh
# Seeds each target's corpus from the committed samples and bad files (corpus/ itself is not committed:
# it grows while the fuzzer runs). Run from anywhere; idempotent.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
mkdir -p "$here/corpus/csv" "$here/corpus/xlsx" "$here/corpus/cells"
for file in "$root"/samples/ledgers/* "$root"/shared/import/tests/bad_files/* \
    "$root"/shared/import/tests/fixtures/* "$root"/shared/import/tests/fuzz_regressions/*; do
    case "$file" in
        *.json | *.py | *.rs | *.toml | *.md) ;;
        *.csv) cp "$file" "$here/corpus/csv/" ;;
        *) cp "$file" "$here/corpus/xlsx/" ;;
    esac
done
# The IBM payment history: the one real export we have, cut to its first 200 lines.
if [ -f "$root/../shared/data/ibm-late-payment-histories.csv" ]; then
    head -n 200 "$root/../shared/data/ibm-late-payment-histories.csv" > "$here/corpus/csv/ibm-head.csv"
fi
