"""Benchmark of ``schemadiff validate``: throughput against a parse-only floor, jobs, memory.

Run from the repository root::

    python bench/validate_bench.py            # 100,000 messages (~800 MB), cached in bench/out/
    python bench/validate_bench.py --messages 20000 --repeat 1   # a quicker look

Prints, on the same file and in one run (machines are noisy; each figure is the best of
``--repeat`` alternated runs): messages/s and MB/s of a parse-only loop (orjson), of
``schemadiff validate`` with 1 job and with ``--jobs 2`` (real subprocesses, start-up included),
of a naive loop over ``jsonschema``'s validator on the ``anyOf`` union (timed on a sample and
extrapolated), then peak RSS of ``schemadiff validate`` over a 10 MB log and a 1 GB log (built
by repeating the cached log; deleted afterwards).

On a shared machine wall-clock ratios depend on what else runs, so the bench also prints the
load average, the CPU seconds (user + system, workers included) of every run, the ratios in CPU
time, the start-up cost of the command (a one-line log), and how much faster two spinning
processes finish than one right now (2.0 on an idle 2-CPU machine): the ceiling ``--jobs 2``
can reach at that moment.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
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


def build_log(count: int) -> tuple[Path, Path]:
    """Write (once) the test app's schema and a log of ``count`` generated messages."""
    from sartiq.app import create_app
    from sartiq.messages import generate_messages

    OUT.mkdir(parents=True, exist_ok=True)
    schema = OUT / "openapi-0.1.0.json"
    if not schema.exists():
        schema.write_text(json.dumps(create_app("0.1.0").openapi()), encoding="utf-8")
    log = OUT / f"validate-{count}.jsonl"
    if not log.exists():
        partial = log.with_suffix(".partial")
        with partial.open("wb") as stream:
            for message in generate_messages("0.1.0", count, seed=2024):
                stream.write(orjson.dumps(message) + b"\n")
        partial.replace(log)
    return schema, log


def parse_only(log: Path) -> tuple[float, float]:
    """Return (wall seconds, CPU seconds) of parsing every line of ``log`` with orjson."""
    start, cpu = time.perf_counter(), time.process_time()
    with log.open("rb") as stream:
        for line in stream:
            orjson.loads(line)
    return time.perf_counter() - start, time.process_time() - cpu


def _spin(count: int) -> int:
    total = 0
    for number in range(count):
        total += number
    return total


def parallelism() -> float:
    """How much faster 2 processes finish 4 equal CPU-bound tasks than 1 does, right now."""
    context = multiprocessing.get_context("fork")
    seconds = []
    for processes in (1, 2):
        start = time.perf_counter()
        with context.Pool(processes) as pool:
            pool.map(_spin, [2_000_000] * 4, chunksize=1)
        seconds.append(time.perf_counter() - start)
    return seconds[0] / seconds[1]


def run_validate(log: Path, schema: Path, *extra: str) -> tuple[float, int, int, float]:
    """Run the real command; return (wall seconds, exit code, peak RSS in KB of any process,
    CPU seconds of all its processes)."""
    argv = [sys.executable, "-m", "schemadiff", "validate", str(log), "--against", str(schema),
            "--format", "json", *extra]
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"schemadiff validate failed: {process.stderr.read().decode()}")
    # wait4 reports the larger of the process's own peak and that of the children it waited
    # for (the --jobs workers), so this is the peak of the largest single process; its CPU
    # times include those children.
    return elapsed, process.returncode, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def naive(log: Path, schema_path: Path, sample: int) -> float:
    """Seconds per message of jsonschema's Draft202012Validator on the anyOf union."""
    from jsonschema import Draft202012Validator

    from schemadiff.sources import load_snapshot

    document: dict[str, Any] = dict(load_snapshot(str(schema_path)).schema)
    document["$ref"] = "#/$defs/WebSocketMessage/properties/data"
    validator = Draft202012Validator(document)
    with log.open("rb") as stream:
        messages = [orjson.loads(line) for line in itertools.islice(stream, sample)]
    start = time.perf_counter()
    for message in messages:
        validator.is_valid(message)
    return (time.perf_counter() - start) / len(messages)


def repeat_to(log: Path, target: Path, size: int) -> None:
    """Write ``target`` of about ``size`` bytes by repeating whole lines of ``log``."""
    written = 0
    with target.open("wb") as out:
        while written < size:
            with log.open("rb") as stream:
                for line in stream:
                    out.write(line)
                    written += len(line)
                    if written >= size:
                        break


def rate(label: str, seconds: float, count: int, size: int) -> str:
    return (f"{label:<34} {count / seconds:>10,.0f} msg/s {size / MB / seconds:>8.1f} MB/s "
            f"{seconds:>8.2f} s")


def load() -> str:
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--big", type=int, default=1024, help="size of the large log, MB")
    args = parser.parse_args()

    schema, log = build_log(args.messages)
    size = log.stat().st_size
    print(f"log: {log.relative_to(ROOT)}: {args.messages:,} messages, {size / MB:,.0f} MB, "
          f"{size / args.messages / 1024:.1f} KB a message; {os.cpu_count()} CPUs; {load()}")
    print(f"2 processes vs 1 on this machine now: {parallelism():.2f}x "
          "(2.00 when 2 CPUs are free)")
    tiny = OUT / "validate-1-line.jsonl"
    with log.open("rb") as stream:
        tiny.write_bytes(stream.readline())
    startup = min(run_validate(tiny, schema)[0] for _ in range(3))
    tiny.unlink()
    inf = float("inf")
    best = {"parse": inf, "one": inf, "two": inf}
    cpu = {"parse": inf, "one": inf, "two": inf}
    rss_one = 0
    for _ in range(args.repeat):
        wall, used = parse_only(log)
        best["parse"], cpu["parse"] = min(best["parse"], wall), min(cpu["parse"], used)
        one, code, rss_one, used = run_validate(log, schema)
        best["one"], cpu["one"] = min(best["one"], one), min(cpu["one"], used)
        two, _, _, used = run_validate(log, schema, "--jobs", "2")
        best["two"], cpu["two"] = min(best["two"], two), min(cpu["two"], used)
        if code != 0:
            raise SystemExit("the generated log should be valid")
    per_message = naive(log, schema, args.sample)
    naive_seconds = per_message * args.messages
    print(rate("parse-only loop (orjson)", best["parse"], args.messages, size)
          + f"   CPU {cpu['parse']:.2f} s")
    print(rate("schemadiff validate (1 job)", best["one"], args.messages, size)
          + f"   CPU {cpu['one']:.2f} s")
    print(rate("schemadiff validate --jobs 2", best["two"], args.messages, size)
          + f"   CPU {cpu['two']:.2f} s (all processes)")
    print(rate(f"naive jsonschema anyOf ({args.sample} sample)", naive_seconds, args.messages,
               size))
    print(f"start-up of schemadiff validate (1-line log): {startup:.2f} s")
    one_ratio = best["parse"] / best["one"]
    two_ratio = best["one"] / best["two"]
    print(f"1 job / parse-only: {one_ratio:.2f} (target >= 0.80) "
          f"{'met' if one_ratio >= 0.8 else 'NOT met'}; in CPU time "
          f"{cpu['parse'] / cpu['one']:.2f}")
    print(f"--jobs 2 / 1 job:   {two_ratio:.2f} (target >= 1.60) "
          f"{'met' if two_ratio >= 1.6 else 'NOT met'}; CPU time of --jobs 2 / 1 job "
          f"{cpu['two'] / cpu['one']:.2f}")
    print(f"1 job / naive:      {naive_seconds / best['one']:.0f}x")

    small = OUT / "validate-10mb.jsonl"
    repeat_to(log, small, 10 * MB)
    _, _, rss_small, _ = run_validate(small, schema)
    small.unlink()
    big = OUT / "validate-1gb.jsonl"
    repeat_to(log, big, args.big * MB)
    try:
        big_size = big.stat().st_size
        big_count = sum(1 for _ in big.open("rb"))
        big_parse, _ = parse_only(big)
        seconds_one, _, rss_big, _ = run_validate(big, schema)
        seconds_two, _, rss_big_two, _ = run_validate(big, schema, "--jobs", "2")
    finally:
        big.unlink()
    print(rate(f"{big_size / MB:,.0f} MB log, parse-only", big_parse, big_count, big_size))
    print(rate(f"{big_size / MB:,.0f} MB log, 1 job", seconds_one, big_count, big_size))
    print(rate(f"{big_size / MB:,.0f} MB log, --jobs 2", seconds_two, big_count, big_size))
    print(f"{big_size / MB:,.0f} MB log: 1 job / parse-only {big_parse / seconds_one:.2f}; "
          f"--jobs 2 / 1 job {seconds_one / seconds_two:.2f}")
    print(f"peak RSS: 10 MB log {rss_small / 1024:.0f} MB; {args.messages:,}-message log "
          f"{rss_one / 1024:.0f} MB; {big_size / MB:,.0f} MB log {rss_big / 1024:.0f} MB "
          f"(--jobs 2: largest process {rss_big_two / 1024:.0f} MB) (target < 100 MB, flat)")
    print(f"end: {load()}")


if __name__ == "__main__":
    main()
