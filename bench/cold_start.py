#!/usr/bin/env python3
"""Cold start of the Lambda functions, measured the way Lambda sees it: the release binary is started
with AWS_LAMBDA_RUNTIME_API pointing at a stand-in Runtime API on localhost, and

  init   = from the process start to its first `GET /runtime/invocation/next` (what Lambda bills as
           Init Duration: configuration, SDK config, clients, logging, the runtime);
  first  = for the analyze function, from handing it a `GET /` event to its answer (the first request
           after a cold start, which serves the upload page and touches no AWS service);
  memory = the process's peak resident memory at that point (Lambda's "Max Memory Used").

    cargo build --release -p credit-fn-analyze -p credit-fn-ingest -p credit-fn-monthly-review
    python3 bench/cold_start.py [--runs 20]

Credentials and region come from the environment as they do in Lambda (dummy values: no AWS call is
made before the first event). The binary size of each function is printed too.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASE = ROOT / "target" / "release"
FUNCTIONS = ["analyze", "ingest", "monthly-review"]

PAGE_EVENT = {
    "version": "2.0",
    "routeKey": "$default",
    "rawPath": "/",
    "rawQueryString": "",
    "headers": {"accept": "text/html", "accept-language": "nl-BE,nl;q=0.9", "host": "bench.local"},
    "requestContext": {
        "accountId": "123456789012",
        "apiId": "bench",
        "domainName": "bench.local",
        "domainPrefix": "bench",
        "http": {"method": "GET", "path": "/", "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": "bench"},
        "requestId": "bench-request",
        "routeKey": "$default",
        "stage": "$default",
        "time": "22/Nov/2026:10:00:00 +0000",
        "timeEpoch": 1795341600000,
    },
    "isBase64Encoded": False,
}


class RuntimeApi(BaseHTTPRequestHandler):
    """The two calls of the Runtime API a function makes: next event, and its response."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        run = self.server.run
        if self.path.endswith("/runtime/invocation/next"):
            now = time.perf_counter()
            if run["ready"] is None:
                run["ready"] = now
                run["ready_event"].set()
            if run["deliver"] and not run["delivered"]:
                run["delivered"] = True
                run["sent"] = time.perf_counter()
                body = json.dumps(PAGE_EVENT).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Lambda-Runtime-Aws-Request-Id", "bench-request")
                self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 30_000))
                self.send_header("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:123456789012:function:bench")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            # Hold the call: the function waits here, as it does between events in Lambda.
            run["done_event"].wait(30)
            self.send_response(410)
            self.end_headers()
            return
        self.send_response(404)
        self.end_headers()

    def do_POST(self):
        run = self.server.run
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path.endswith("/response") or self.path.endswith("/error"):
            run["answered"] = time.perf_counter()
            run["answer"] = body
            run["done_event"].set()
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()


def one_run(binary, deliver):
    server = ThreadingHTTPServer(("127.0.0.1", 0), RuntimeApi)
    server.daemon_threads = True
    run = {
        "ready": None, "sent": None, "answered": None, "answer": None, "deliver": deliver, "delivered": False,
        "ready_event": threading.Event(), "done_event": threading.Event(),
    }
    server.run = run
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{server.server_address[1]}",
        "AWS_LAMBDA_FUNCTION_NAME": "bench",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_LOG_STREAM_NAME": "bench",
        "AWS_LAMBDA_LOG_GROUP_NAME": "bench",
        "AWS_REGION": "eu-west-1",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_SESSION_TOKEN": "bench",
        "TABLE_NAME": "credit-bench",
        "BUCKET_NAME": "credit-bench",
        "SENDER_EMAIL": "credit@example.com",
        "RUST_LOG": "warn",
    }
    started = time.perf_counter()
    process = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if not run["ready_event"].wait(30):
        process.kill()
        raise SystemExit(f"{binary.name} never asked for an event:\n{process.stderr.read().decode(errors='replace')}")
    if deliver:
        run["done_event"].wait(30)
    process.kill()
    _, _, usage = os.wait4(process.pid, 0)
    server.shutdown()
    server.server_close()
    init_ms = (run["ready"] - started) * 1000
    first_ms = (run["answered"] - run["sent"]) * 1000 if deliver and run["answered"] else None
    status = None
    if run["answer"]:
        try:
            status = json.loads(run["answer"]).get("statusCode")
        except ValueError:
            status = "?"
    return init_ms, first_ms, usage.ru_maxrss / 1024, status


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
          f"{args.runs} cold starts per function\n")
    print("| function | binary MB | init median (ms) | init p90 (ms) | first GET / median (ms) | peak MB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in FUNCTIONS:
        binary = RELEASE / name
        if not binary.exists():
            print(f"| {name} | not built (cargo build --release -p credit-fn-{name}) | | | | |")
            continue
        deliver = name == "analyze"
        runs = [one_run(binary, deliver) for _ in range(args.runs)]
        inits = sorted(r[0] for r in runs)
        p90 = inits[min(len(inits) - 1, int(round(0.9 * (len(inits) - 1))))]
        firsts = [r[1] for r in runs if r[1] is not None]
        first = f"{statistics.median(firsts):.1f} (status {runs[0][3]})" if firsts else "-"
        peak = max(r[2] for r in runs)
        size = binary.stat().st_size / 1e6
        print(f"| {name} | {size:.1f} | {statistics.median(inits):.1f} | {p90:.1f} | {first} | {peak:.0f} |", flush=True)


if __name__ == "__main__":
    main()
