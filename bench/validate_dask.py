"""Benchmark of ``schemadiff validate --dask``: the speed-up of a cluster of 1 and 2 workers.

Run from the repository root (needs the ``[dask]`` extra)::

    python bench/validate_dask.py                     # 40,000 messages (~290 MB), cached
    python bench/validate_dask.py --messages 10000    # a quicker look

Starts a ``dask.distributed.LocalCluster`` on loopback with 1 worker, then with 2 (one thread
each), and runs the real command against each (``--dask ADDRESS``) on a drift log (the test
app's 0.1.0 messages against 0.2.0), best of ``--repeat`` runs after a warm-up run that lets the
workers compile the schema; prints messages/s, the speed-up of 2 workers over 1, the local run
(one process, no cluster) for reference, and checks every report is byte-for-byte the local one.
On a machine with other work running, the speed-up is bounded by the CPUs free at that moment.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from validate_drift import build  # noqa: E402 - the same cached logs as the drift benchmark


def run(log: Path, schema: Path, *extra: str) -> tuple[float, bytes]:
    argv = [sys.executable, "-m", "schemadiff", "validate", str(log), "--against", str(schema),
            "--format", "json", *extra]
    start = time.perf_counter()
    completed = subprocess.run(argv, capture_output=True, check=False)
    if completed.returncode not in (0, 1):
        raise SystemExit(f"schemadiff validate failed: {completed.stderr.decode()}")
    return time.perf_counter() - start, completed.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=40_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--chunk-mb", type=int, default=8)
    args = parser.parse_args()
    try:
        from distributed import LocalCluster
    except ImportError:
        raise SystemExit("needs the [dask] extra: pip install 'schemadiff-ws[dask]'") from None

    schemas, log, _ = build(args.messages, 1000)
    schema = schemas["0.2.0"]
    size = log.stat().st_size
    print(f"log: {args.messages:,} messages, {size / 2**20:,.0f} MB; {os.cpu_count()} CPUs; "
          f"load average {os.getloadavg()[0]:.2f}; partitions of {args.chunk_mb} MB")
    local_seconds, expected = min(run(log, schema) for _ in range(args.repeat))
    print(f"{'local, one process':28} {args.messages / local_seconds:>10,.0f} msg/s "
          f"{local_seconds:>7.2f} s")
    seconds: dict[int, float] = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, host="127.0.0.1",
                          dashboard_address="127.0.0.1:0") as cluster:
            extra = ("--dask", cluster.scheduler_address, "--chunk-size",
                     str(args.chunk_mb * 2**20))
            run(log, schema, *extra)  # warm-up: each worker compiles the schema once
            best = float("inf")
            for _ in range(args.repeat):
                elapsed, output = run(log, schema, *extra)
                if output != expected:
                    raise SystemExit(f"the report with {workers} workers differs from the local")
                best = min(best, elapsed)
        seconds[workers] = best
        print(f"{f'--dask, {workers} worker(s)':28} {args.messages / best:>10,.0f} msg/s "
              f"{best:>7.2f} s")
    print(f"speed-up of 2 workers over 1: {seconds[1] / seconds[2]:.2f}x; every report equal to "
          "the local one, byte for byte")


if __name__ == "__main__":
    main()
