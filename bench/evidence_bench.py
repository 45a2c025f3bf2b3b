"""Benchmark of ``schemadiff diff --evidence``: one streaming pass over a message log.

Run from the repository root::

    python bench/evidence_bench.py                  # 2,000 and 20,000 generated messages
    python bench/evidence_bench.py --sizes 1000 100000

For each size it writes (once, under bench/out/) a log of the test app's generated 0.1.0 messages
(about 8 KB each), then runs ``schemadiff diff 0.1.0 0.2.0 --evidence LOG`` on the bundled
snapshots as a real subprocess and prints messages/s, MB/s and peak RSS, next to ``schemadiff
validate`` on the same log for scale. The memory figure should stay flat as the log grows: the
pass keeps counts per finding, never messages.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "tests"))
MB = 1024 * 1024


def build(count: int) -> Path:
    from sartiq.messages import generate_messages

    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / f"evidence-{count}.jsonl"
    if not log.exists():
        partial = log.with_suffix(".partial")
        with partial.open("wb") as stream:
            for message in generate_messages("0.1.0", count, seed=7):
                stream.write(orjson.dumps(message) + b"\n")
        partial.replace(log)
    return log


def timed(argv: list[str]) -> float:
    """Wall seconds of one child process, start-up included."""
    start = time.perf_counter()
    completed = subprocess.run(argv, cwd=ROOT, capture_output=True, check=False,
                               env={**os.environ, "NO_COLOR": "1"})
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        sys.exit(f"{argv}: exit {completed.returncode}: {completed.stderr.decode()[:400]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    args = parser.parse_args()
    cli = [sys.executable, "-m", "schemadiff"]
    print(f"{'messages':>9} {'MB':>7} {'evidence msg/s':>15} {'MB/s':>6} {'peak RSS':>9} "
          f"{'validate msg/s':>15}")
    for count in args.sizes:
        log = build(count)
        size = log.stat().st_size / MB
        seconds = timed([*cli, "diff", "0.1.0", "0.2.0", "--fail-on", "never", "-f", "json",
                            "--evidence", str(log)])
        # ru_maxrss of children is the largest child so far: measure each in a fresh process.
        rss = subprocess.run(
            [sys.executable, "-c", (
                "import resource, subprocess, sys; subprocess.run(sys.argv[1:], "
                "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN)"
                ".ru_maxrss)"), *cli, "diff", "0.1.0", "0.2.0", "--fail-on", "never",
             "--evidence", str(log)],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout.strip()
        validate = timed([*cli, "validate", str(log), "--against", "0.1.0"])
        print(f"{count:>9,} {size:>7.1f} {count / seconds:>15,.0f} {size / seconds:>6.1f} "
              f"{int(rss) / 1024:>7.0f}MB {count / validate:>15,.0f}")


if __name__ == "__main__":
    main()
