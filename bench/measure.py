"""Measure each scenario: SQL queries per request (test client) and HTTP throughput and latency (wrk).

python -m bench.measure queries --state var/bench/state.json --out var/bench/queries-small.json
python -m bench.measure http --state … --base http://127.0.0.1:8765 --out var/bench/http-small.json
"""

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.scenarios import SCENARIOS

WRK_ARGS = ["-t2", "-c16", "-d10s"]
# The reference runs again just before each page, so both see the same background load.
REFERENCE_DURATION = "-d5s"
SINGLE_REQUESTS = 30
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _cookie(state: dict, scenario) -> str:
    return f"sessionid={state['sessions'][scenario.user]}" if scenario.user else ""


def measure_queries(state: dict) -> dict:
    """Count the SQL queries of a warm request (the first one fills caches) for each available scenario."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = {}
    for scenario in SCENARIOS:
        path = state["paths"].get(scenario.key)
        if path is None or scenario.method != "GET":
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        if scenario.user:
            client.cookies["sessionid"] = state["sessions"][scenario.user]
        with CaptureQueriesContext(connection) as first:
            response = client.get(path)
        with CaptureQueriesContext(connection) as warm:
            response = client.get(path)
        results[scenario.key] = {"status": response.status_code, "first": len(first), "warm": len(warm)}
    return results


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", value.strip())
    return float(match[1]) * _UNITS[match[2]] if match else float("nan")


def parse_wrk(output: str) -> dict:
    """Return requests/s, p50 and p99 (ms), and the count of non-2xx answers from ``wrk --latency`` output."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": float(rps[1]) if rps else 0.0,
        "p50_ms": _ms(p50[1]) if p50 else None,
        "p99_ms": _ms(p99[1]) if p99 else None,
        "non_2xx": int(errors[1]) if errors else 0,
    }


def single_latency(base: str, path: str, cookie: str) -> tuple[int, float]:
    """Return the status and the median time (ms) of sequential requests on one keep-alive connection."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    timings, status = [], 0
    for number in range(SINGLE_REQUESTS + 3):
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        status = response.status
        if number >= 3:  # the first requests warm the worker's caches and connections
            timings.append((time.perf_counter() - started) * 1000)
    connection.close()
    return status, statistics.median(timings)


def _wrk(url: str, cookie: str, duration: str | None = None) -> dict:
    command = ["wrk", *WRK_ARGS, "--latency"]
    if duration:
        command = [part if not part.startswith("-d") else duration for part in command]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    return parse_wrk(subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout)


def measure_http(state: dict, base: str, keys: set[str] | None) -> dict:
    results = {}
    for scenario in SCENARIOS:
        path = state["paths"].get(scenario.key)
        if path is None or scenario.method != "GET" or (keys and scenario.key not in keys):
            continue
        cookie = _cookie(state, scenario)
        status, single_ms = single_latency(base, path, cookie)
        if status != 200:
            results[scenario.key] = {"error": f"HTTP {status}"}
            continue
        reference = {}
        if scenario.reference and scenario.reference in state["paths"]:
            reference = _wrk(base + state["paths"][scenario.reference], "", duration=REFERENCE_DURATION)
        results[scenario.key] = {
            **_wrk(base + path, cookie),
            "single_ms": round(single_ms, 2),
            "reference_rps": reference.get("rps"),
        }
        print(f"  {scenario.key:<20} {results[scenario.key]}", flush=True)
    return results


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["queries", "http"])
    parser.add_argument("--state", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--base", default="http://127.0.0.1:8765")
    parser.add_argument("--only", default="", help="Comma-separated scenario keys.")
    args = parser.parse_args(argv)
    state = json.loads(Path(args.state).read_text())
    if args.step == "queries":
        results = measure_queries(state)
    else:
        results = measure_http(state, args.base, set(filter(None, args.only.split(","))))
    Path(args.out).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
