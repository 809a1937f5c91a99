#!/usr/bin/env bash
# Runs the whole test suite, as CI does: the AWS emulator (moto) and the template linter (cfn-lint) are
# installed into .venv if missing, moto is started on a free loopback port and stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

# Exact versions: moto 5.2.6 answers the browser's CORS preflight (OPTIONS /) with a 500, which broke
# the sign-in test, and a newer cfn-lint may bring new warnings; move them on purpose, not by accident.
venv=.venv
moto_version=5.2.5
cfn_lint_version=1.58.0
if ! "$venv/bin/python" -c "import importlib.metadata as m; assert m.version('moto') == '$moto_version' and m.version('cfn-lint') == '$cfn_lint_version'" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$moto_version" "cfn-lint==$cfn_lint_version"
fi
export PATH="$PWD/$venv/bin:$PATH"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$port" >"${TMPDIR:-/tmp}/moto-$port.log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/moto-api/" >/dev/null && break
  sleep 0.1
done
export MOTO_ENDPOINT="http://127.0.0.1:$port"

if [ -f infra/template.yaml ]; then
  # Informational checks too (I3011: every stateful resource says what deletion does to it).
  cfn-lint --include-checks I -- infra/template.yaml
fi

if command -v cargo-nextest >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast "$@"
  cargo test --workspace --doc
else
  cargo test --workspace --no-fail-fast "$@"
fi

# The fuzz targets are their own workspace (fuzz/README.md), which nothing else builds: checked here so
# that a change to the importer's API cannot leave them broken until the next fuzzing run.
cargo check --quiet --manifest-path fuzz/Cargo.toml --all-targets

# The functions as cargo-lambda runs them locally (functions/README.md), driven end to end against moto.
if [ "${CREDIT_SKIP_LAMBDA_SMOKE:-}" != 1 ]; then
  ./scripts/lambda-local-smoke.sh
fi
