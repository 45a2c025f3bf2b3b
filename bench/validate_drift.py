"""Benchmark of `schemadiff validate` on a drift log: old traffic against a newer schema.

Run from the repository root::

    python bench/validate_drift.py                    # 10,000 messages, 1,000,000 tiny ones
    python bench/validate_drift.py --messages 4000 --tiny 100000   # a quicker look

Prints, in one run and on the same files: messages/s and peak RSS of ``schemadiff validate`` on
an all-valid log (the test app's 0.1.0 messages against 0.1.0) and on a drift log (the same
messages against 0.2.0, where almost every message is invalid); messages/s of jsonschema-rs
collecting every error (``iter_errors``, after an orjson parse) on both, against the message union
as a user would compile it and, for reference, dispatched to the right variant; the ratios the
targets are stated in; and peak RSS on drift logs of 1,000 and 1,000,000 small invalid messages
(the bound is under 100 MB and flat). Every schemadiff figure is a real subprocess, start-up
included, best of ``--repeat`` runs; and, for an honest view of the engine without start-up,
messages per CPU second of the hot loop in this process on both logs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "tests"))
MB = 1024 * 1024


def build(count: int, tiny: int) -> tuple[dict[str, Path], Path, list[Path]]:
    """Write (once) both schemas, a log of ``count`` generated 0.1.0 messages and tiny logs."""
    from sartiq.app import create_app
    from sartiq.messages import generate_messages

    OUT.mkdir(parents=True, exist_ok=True)
    schemas = {}
    for version in ("0.1.0", "0.2.0"):
        schemas[version] = OUT / f"openapi-{version}.json"
        if not schemas[version].exists():
            schemas[version].write_text(json.dumps(create_app(version).openapi()),
                                        encoding="utf-8")
    log = OUT / f"drift-{count}.jsonl"
    if not log.exists():
        partial = log.with_suffix(".partial")
        with partial.open("wb") as stream:
            for message in generate_messages("0.1.0", count, seed=2024):
                stream.write(orjson.dumps(message) + b"\n")
        partial.replace(log)
    tiny_logs = []
    for lines in (1000, tiny):
        # An auth_success without its required user_id: invalid under both versions.
        path = OUT / f"drift-tiny-{lines}.jsonl"
        if not path.exists():
            with path.open("wb") as stream:
                for number in range(lines):
                    stream.write(b'{"type":"auth_success","context":"c%d"}\n' % number)
        tiny_logs.append(path)
    return schemas, log, tiny_logs


def run_validate(log: Path, schema: Path) -> tuple[float, int, int]:
    """Run the real command; return (wall seconds, exit code, peak RSS in KB)."""
    argv = [sys.executable, "-m", "schemadiff", "validate", str(log), "--against", str(schema),
            "--format", "json"]
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        assert process.stderr is not None
        raise SystemExit(f"schemadiff validate failed: {process.stderr.read().decode()}")
    return elapsed, code, usage.ru_maxrss


def rs_iter_errors(log: Path, schema: Path, *, dispatched: bool) -> tuple[float, int]:
    """Seconds for jsonschema-rs to parse every line and collect every error; errors found."""
    import jsonschema_rs

    from schemadiff.sources import load_snapshot
    from schemadiff.validate.engine import Validator

    document: dict[str, Any] = dict(load_snapshot(str(schema)).schema)
    if dispatched:
        validator = Validator(document)
        by_type = {compiled.name: compiled.rs
                   for compiled in validator._by_value.values()}
        union = validator.union
        assert union is not None
        start, found = time.perf_counter(), 0
        with log.open("rb") as stream:
            for line in stream:
                value = orjson.loads(line)
                name = validator.variant_of(value)
                if name is not None:
                    found += sum(1 for _ in by_type[name].iter_errors(value))
        return time.perf_counter() - start, found
    document["$ref"] = "#/$defs/WebSocketMessage/properties/data"
    whole = jsonschema_rs.validator_for(document)
    start, found = time.perf_counter(), 0
    with log.open("rb") as stream:
        for line in stream:
            found += sum(1 for _ in whole.iter_errors(orjson.loads(line)))
    return time.perf_counter() - start, found


def in_process(log: Path, schema: Path, repeat: int) -> float:
    """Messages per CPU second of the engine alone (no start-up), best of ``repeat``."""
    from schemadiff.sources import load_snapshot
    from schemadiff.validate.engine import Validator
    from schemadiff.validate.logs import LogInput
    from schemadiff.validate.run import Consumer, RunOptions, Task, consume_task

    validator = Validator(dict(load_snapshot(str(schema)).schema))
    consumer = Consumer((validator,), ("",), RunOptions())
    best, total = float("inf"), 0
    for _ in range(repeat):
        matrix = consumer.new_matrix()
        start = time.process_time()
        consume_task(consumer, Task(LogInput(str(log))), matrix)
        best = min(best, time.process_time() - start)
        total = matrix.versions[0].total
    return total / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--tiny", type=int, default=1_000_000,
                        help="lines of the large drift log of small messages (RSS check)")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    schemas, log, tiny_logs = build(args.messages, args.tiny)
    count, size = args.messages, log.stat().st_size
    print(f"log: {count:,} messages of the test app 0.1.0, {size / MB:,.0f} MB; "
          f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}")
    rows: dict[str, tuple[float, int]] = {}
    for name, version in (("valid", "0.1.0"), ("drift", "0.2.0")):
        best, rss, code = float("inf"), 0, 0
        for _ in range(args.repeat):
            seconds, code, peak = run_validate(log, schemas[version])
            best, rss = min(best, seconds), max(rss, peak)
        rows[name] = (count / best, rss)
        expected = 0 if name == "valid" else 1
        if code != expected:
            raise SystemExit(f"the {name} log should exit {expected}, not {code}")
    rs: dict[tuple[str, bool], float] = {}
    for name, version in (("valid", "0.1.0"), ("drift", "0.2.0")):
        for dispatched in (False, True):
            seconds, _ = rs_iter_errors(log, schemas[version], dispatched=dispatched)
            rs[name, dispatched] = count / seconds

    print(f"{'':36}{'valid log':>14}{'drift log':>14}")
    print(f"{'schemadiff validate, msg/s':36}{rows['valid'][0]:>14,.0f}{rows['drift'][0]:>14,.0f}")
    print(f"{'schemadiff validate, peak RSS MB':36}{rows['valid'][1] / 1024:>14,.0f}"
          f"{rows['drift'][1] / 1024:>14,.0f}")
    print(f"{'jsonschema-rs iter_errors (union)':36}{rs['valid', False]:>14,.0f}"
          f"{rs['drift', False]:>14,.0f}")
    print(f"{'jsonschema-rs iter_errors (variant)':36}{rs['valid', True]:>14,.0f}"
          f"{rs['drift', True]:>14,.0f}")
    engine = {name: in_process(log, schemas[version], args.repeat)
              for name, version in (("valid", "0.1.0"), ("drift", "0.2.0"))}
    print(f"{'engine alone, msg per CPU second':36}{engine['valid']:>14,.0f}"
          f"{engine['drift']:>14,.0f}")
    versus_rs = rows["drift"][0] / rs["drift", False]
    versus_valid = rows["drift"][0] / rows["valid"][0]
    print(f"drift / jsonschema-rs iter_errors on the union: {versus_rs:.2f} (target >= 1.00) "
          f"{'met' if versus_rs >= 1 else 'NOT met'}; per variant "
          f"{rows['drift'][0] / rs['drift', True]:.2f}")
    print(f"drift / valid path: {versus_valid:.2f} (target >= 0.30) "
          f"{'met' if versus_valid >= 0.3 else 'NOT met'}; engine alone (CPU) "
          f"{engine['drift'] / engine['valid']:.2f}")
    peaks = []
    for path in tiny_logs:
        lines = sum(1 for _ in path.open("rb"))
        seconds, _, peak = run_validate(path, schemas["0.2.0"])
        peaks.append(peak / 1024)
        print(f"drift log of {lines:>9,} small invalid messages: {lines / seconds:>9,.0f} msg/s, "
              f"peak RSS {peak / 1024:.0f} MB")
    flat = max(peaks) < 100 and max(peaks) - min(peaks) < 10
    print(f"peak RSS under 100 MB and flat (within 10 MB): {'met' if flat else 'NOT met'}")


if __name__ == "__main__":
    main()
