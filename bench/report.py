"""Turn the measurements of both phases into a Markdown table (printed, and written to bench/RESULTS.md).

python -m bench.report --dir var/bench --out bench/RESULTS.md
"""

import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench.scenarios import SCENARIOS

NOT_YET = "not available yet"


def _load(path: Path) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}


def _machine() -> str:
    memory_kb = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    postgres = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{os.cpu_count()} cores ({cpu}), {memory_kb / 1024 / 1024:.1f} GiB RAM, {postgres}, Python {platform.python_version()}"


def _ratio(http: dict, key: str, reference: str | None) -> float | None:
    """Return requests/s over the reference's, measured just before (else earlier in the same run)."""
    if not reference or key not in http or "rps" not in http[key]:
        return None
    base = http[key].get("reference_rps") or http.get(reference, {}).get("rps") or 0
    return http[key]["rps"] / base if base else None


def _verdict(scenario, ratio, queries, single_ms, drift) -> str:
    checks = []
    if scenario.min_ratio is not None and ratio is not None:
        checks.append(ratio >= scenario.min_ratio)
    if scenario.max_queries is not None and queries is not None:
        checks.append(queries <= scenario.max_queries)
    if scenario.max_single_ms is not None and single_ms is not None:
        checks.append(single_ms < scenario.max_single_ms)
    if drift is not None and scenario.reference:
        checks.append(drift >= -10.0)
    if not checks:
        return "—"
    return "✅" if all(checks) else "❌"


def _target(scenario) -> str:
    parts = []
    if scenario.min_ratio is not None:
        parts.append(f"≥ {scenario.min_ratio:g}× {scenario.reference}")
    if scenario.max_queries is not None:
        parts.append(f"≤ {scenario.max_queries} queries")
    if scenario.max_single_ms is not None:
        parts.append(f"< {scenario.max_single_ms:g} ms alone")
    if scenario.reference and scenario.min_ratio is not None:
        parts.append("large data within 10 %")
    return ", ".join(parts) or "reference"


def _fmt(value, pattern: str = "{:.0f}") -> str:
    return "—" if value is None else pattern.format(value)


def _post_row(scenario, small: dict, large: dict) -> str:
    """Return the row of a form submission, measured in-process by its own script (bench/quiz_bench.py)."""
    if not small:
        return f"| {scenario.label} | {_target(scenario)} | {NOT_YET} |" + " |" * 11
    queries = small.get("queries per submission (max)")
    rate, rate_large = small.get("submissions/s (one process)"), large.get("submissions/s (one process)")
    drift = (rate_large / rate - 1) * 100 if rate and rate_large else None
    ok = "✅" if queries is not None and queries <= scenario.max_queries else "❌"
    return (
        f"| {scenario.label} (in-process, submissions/s of one worker) | {_target(scenario)} | {_fmt(rate, '{:.1f}')} | — | "
        f"— | — | {_fmt(small.get('ms per submission'), '{:.1f}')} | {queries} | {_fmt(rate_large, '{:.1f}')} | — | "
        f"{_fmt(drift, '{:+.0f} %')} | {_fmt(large.get('ms per submission'), '{:.1f}')} | "
        f"{_fmt(large.get('queries per submission (max)'), '{}')} | {ok} |"
    )


def table(directory: Path) -> str:
    small, large = _load(directory / "http-small.json"), _load(directory / "http-large.json")
    queries = _load(directory / "queries-small.json")
    queries_large = _load(directory / "queries-large.json")
    lines = [
        "| Page | Target | req/s | × ref | p50 ms | p99 ms | alone ms | SQL warm (cold) | "
        "req/s 40k | × ref 40k | Δ 40k | alone ms 40k | SQL 40k | OK |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|",
    ]
    for scenario in SCENARIOS:
        row, row_large = small.get(scenario.key), large.get(scenario.key)
        counted = queries.get(scenario.key, {})
        if scenario.method == "POST":
            lines.append(
                _post_row(scenario, _load(directory / "quiz-small.json"), _load(directory / "quiz-large.json"))
            )
            continue
        if row is None or "error" in (row or {}):
            reason = (row or {}).get("error", NOT_YET)
            lines.append(f"| {scenario.label} | {_target(scenario)} | {reason} |" + " |" * 11)
            continue
        ratio = _ratio(small, scenario.key, scenario.reference)
        ratio_large = _ratio(large, scenario.key, scenario.reference)
        drift = None
        if ratio is not None and ratio_large is not None:
            drift = (ratio_large / ratio - 1) * 100
        warm = counted.get("warm")
        sql = f"{warm} ({counted.get('first')})" if counted else "—"
        sql_large = _fmt(queries_large.get(scenario.key, {}).get("warm"), "{}")
        large_cells = (
            [
                _fmt(row_large.get("rps")),
                _fmt(ratio_large, "{:.2f}"),
                _fmt(drift, "{:+.0f} %"),
                _fmt(row_large.get("single_ms"), "{:.1f}"),
            ]
            if row_large and "rps" in row_large
            else ["—", "—", "—", "—"]
        )
        single = (
            row.get("single_ms") if row_large is None else max(row.get("single_ms"), row_large.get("single_ms") or 0)
        )
        verdict = _verdict(scenario, ratio, warm, single, drift)
        lines.append(
            f"| {scenario.label} | {_target(scenario)} | {row['rps']:.0f} | {_fmt(ratio, '{:.2f}')} | "
            f"{_fmt(row['p50_ms'], '{:.1f}')} | {_fmt(row['p99_ms'], '{:.1f}')} | {row['single_ms']:.1f} | {sql} | "
            + " | ".join(large_cells)
            + f" | {sql_large} | {verdict} |"
        )
    return "\n".join(lines)


def extras(directory: Path) -> str:
    lines = []
    for name, title in (
        ("quiz-small.json", "Quiz submission, 10 questions (small data set; target ≤ 25 queries)"),
        ("quiz-large.json", "Quiz submission, 10 questions (40k data set)"),
    ):
        data = _load(directory / name)
        lines.append(f"- **{title}**: " + (", ".join(f"{k} = {v}" for k, v in data.items()) if data else NOT_YET))
    for phase in ("small", "large"):
        state = _load(directory / f"state-{phase}.json")
        if state:
            lines.append(f"- **Data set ({phase})**: {state.get('sizes')}; set-up times {state.get('timings')}")
    pdf = directory / "pdf.md"
    lines.append(
        "\n### Portfolio PDF (bench/pdf_bench.py)\n\n" + (pdf.read_text().strip() if pdf.exists() else NOT_YET)
    )
    badges = directory / "badges.md"
    lines.append(
        "\n### Badge awards, 1,000 completions through Redis and a Celery worker (bench/badges_bench.py)\n\n"
        + (badges.read_text().strip() if badges.exists() else NOT_YET)
    )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default="var/bench")
    parser.add_argument("--out", default="bench/RESULTS.md")
    parser.add_argument("--commands", default="make bench  (bash bench/run.sh)")
    args = parser.parse_args(argv)
    directory = Path(args.dir)
    meta = _load(directory / "meta.json")
    body = table(directory)
    text = (
        "# Tremplin benchmark results\n\n"
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n"
        f"- Machine: {_machine()}\n"
        f"- Load average (1, 5, 15 min) before the run: {meta.get('load_before', '?')}; at the end: "
        f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])} (other work on the machine slows every "
        "measurement alike; the ratios to the references of the same run are the comparable numbers)\n"
        f"- Server: gunicorn, {meta.get('workers', '?')} sync workers, production settings "
        "(`bench.settings` = production + `/bench/hello/`), PostgreSQL, Redis cache and sessions\n"
        f"- Load: `wrk {' '.join(meta.get('wrk', []))} --latency` per page; 'alone' = median of 30 sequential "
        "requests, one at a time; SQL = queries of a warm (and of the first) request, "
        "counted with the test client and `CaptureQueriesContext`\n"
        f"- Command: `{args.commands}`\n\n"
        "'× ref' is requests/s divided by the reference's, measured (5 s) just before each page so both see "
        "the same background load (the minimal Wagtail page for pages, the bare Django view for the Wagtail page). '40k' columns: same measurements with the "
        "40,000-learner, 2,000,000-statement data set loaded; Δ compares the ratios of both runs.\n\n"
        f"{body}\n\n## Other measurements\n\n{extras(directory)}\n"
    )
    Path(args.out).write_text(text)
    print(body)
    print(extras(directory))


if __name__ == "__main__":
    main(sys.argv[1:])
