#!/usr/bin/env bash
# Runs the analyze, ingest and monthly-review functions locally under `cargo lambda watch` against the AWS emulator
# (moto), as functions/README.md describes, and drives the whole path once:
#   POST /analyze (workbook back, base64) -> POST /uploads -> PUT to the presigned URL -> the S3 event
#   to ingest -> GET /results/{id} done -> the e-mail in moto -> the monthly review mailed.
# Fails on the first step that does not answer as expected. Uses MOTO_ENDPOINT when set (scripts/test.sh
# exports it), else starts moto itself; stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

venv=.venv
if [ ! -x "$venv/bin/cargo-lambda" ] || [ ! -x "$venv/bin/moto_server" ]; then
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'cargo-lambda>=1.8,<2' 'moto[server]==5.2.5'
fi
# cargo-lambda finds zig through the python first on PATH: the venv's.
export PATH="$root/$venv/bin:$PATH"

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
step() { printf '%s  %s\n' "$(date +%T)" "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

if [ -z "${MOTO_ENDPOINT:-}" ]; then
  port=$(free_port)
  setsid moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
  pids+=($!)
  MOTO_ENDPOINT="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do curl -sf "$MOTO_ENDPOINT/moto-api/" >/dev/null && break; sleep 0.1; done
fi
step "moto at $MOTO_ENDPOINT"

step "building the event helper"
cargo build --quiet -p credit-e2e --example lambda_local
helper="${CARGO_TARGET_DIR:-$root/target}/debug/examples/lambda_local"
"$helper" setup "$MOTO_ENDPOINT" >"$work/stack.env"
# shellcheck disable=SC1090,SC1091
set -a; . "$work/stack.env"; set +a
step "stack: table $TABLE_NAME, bucket $BUCKET_NAME, tenant $TENANT"

invoke_port=$(free_port)
started=$(date +%s)
step "cargo lambda watch on port $invoke_port"
setsid cargo lambda watch --quiet --ignore-changes --invoke-address 127.0.0.1 --invoke-port "$invoke_port" \
  --env-var "AWS_ENDPOINT_URL=$MOTO_ENDPOINT,AWS_REGION=eu-west-1,AWS_ACCESS_KEY_ID=test,AWS_SECRET_ACCESS_KEY=test" \
  --env-var "TABLE_NAME=$TABLE_NAME,BUCKET_NAME=$BUCKET_NAME,SENDER_EMAIL=$SENDER_EMAIL,RUST_LOG=info" \
  >"$work/watch.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do
  (exec 3<>"/dev/tcp/127.0.0.1/$invoke_port") 2>/dev/null && break
  sleep 0.5
done

invoke() { # NAME EVENT_FILE OUT_FILE
  cargo lambda invoke "$1" --invoke-address 127.0.0.1 --invoke-port "$invoke_port" --data-file "$2" \
    --output-format json >"$3" 2>"$3.err" || { cat "$3.err" "$work/watch.log" >&2; fail "invoke $1"; }
}

step "POST /analyze with the Dutch sample"
"$helper" api-event POST /analyze "as_of=2026-10-31&file_name=nl-openstaande-posten.xlsx" "$TENANT" \
  samples/ledgers/nl-openstaande-posten.xlsx >"$work/analyze.json"
invoke analyze "$work/analyze.json" "$work/analyze.out"
step "first answer after $(( $(date +%s) - started )) s (build and cold start included)"
[ "$(json "$work/analyze.out" 'd["statusCode"]')" = 200 ] || fail "POST /analyze: $(head -c 500 "$work/analyze.out")"
[ "$(json "$work/analyze.out" 'd["isBase64Encoded"]')" = True ] || fail "the workbook is not base64-encoded"
json "$work/analyze.out" 'd["body"]' | base64 -d >"$work/answer.xlsx"
[ "$(head -c 2 "$work/answer.xlsx")" = PK ] || fail "the answer is not an xlsx (zip) file"

step "POST /uploads"
"$helper" api-event POST /uploads "file_name=nl-openstaande-posten.xlsx&as_of=2026-10-31" "$TENANT" >"$work/uploads.json"
invoke analyze "$work/uploads.json" "$work/uploads.out"
[ "$(json "$work/uploads.out" 'd["statusCode"]')" = 201 ] || fail "POST /uploads: $(cat "$work/uploads.out")"
json "$work/uploads.out" 'json.loads(d["body"])["upload"]["url"]' >"$work/url"
key=$(json "$work/uploads.out" 'json.loads(d["body"])["key"]')
upload_id=$(json "$work/uploads.out" 'json.loads(d["body"])["upload_id"]')

step "PUT the ledger to the presigned URL"
# As a browser PUTs a file: a binary content type and no "Expect: 100-continue". With curl's defaults
# (a form content type, Expect) moto's server was seen to hang on the request.
curl -sf --max-time 60 -X PUT -H 'Content-Type: application/octet-stream' -H 'Expect:' \
  --data-binary @samples/ledgers/nl-openstaande-posten.xlsx -D "$work/put.headers" \
  "$(cat "$work/url")" >/dev/null || fail "the presigned PUT"
etag=$(tr -d '\r"' <"$work/put.headers" | awk -F': ' 'tolower($1)=="etag" {print $2}')
size=$(wc -c <samples/ledgers/nl-openstaande-posten.xlsx)

step "the S3 ObjectCreated event to ingest"
"$helper" s3-event "$BUCKET_NAME" "$key" "$etag" "$size" >"$work/s3.json"
invoke ingest "$work/s3.json" "$work/ingest.out"

step "GET /results/$upload_id"
"$helper" api-event GET "/results/$upload_id" "" "$TENANT" >"$work/results.json"
invoke analyze "$work/results.json" "$work/results.out"
status=$(json "$work/results.out" 'json.loads(d["body"])["status"]')
[ "$status" = done ] || fail "the upload is $status: $(cat "$work/results.out")"

step "the report e-mail in moto"
curl -sf "$MOTO_ENDPOINT/moto-api/data.json" >"$work/data.json"
mails=$(json "$work/data.json" "sum(1 for m in d.get('ses',{}).get('RawMessage',[]) if '$RECIPIENT' in m['destinations'])")
[ "$mails" -ge 1 ] || fail "no e-mail for $RECIPIENT"

step "the monthly review of 2026-10, as the schedule's manual form asks for it"
printf '{"month": "2026-10"}' >"$work/review.json"
invoke monthly-review "$work/review.json" "$work/review.out"
reviewed=$(json "$work/review.out" "'$TENANT' in d['sent']")
[ "$reviewed" = True ] || fail "the review of $TENANT was not sent: $(cat "$work/review.out")"
curl -sf "$MOTO_ENDPOINT/moto-api/data.json" >"$work/data.json"
reviews=$(json "$work/data.json" "sum(1 for m in d.get('ses',{}).get('RawMessage',[]) if '$RECIPIENT' in m['destinations'] and '-2026-10.xlsx' in m['raw_data'])")
[ "$reviews" -ge 1 ] || fail "no review e-mail for $RECIPIENT"

step "OK: analyze, ingest and monthly-review ran under cargo lambda against moto ($(( $(date +%s) - started )) s)"
