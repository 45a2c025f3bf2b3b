"""Validate logs on Dask: each partition is summarised where it lives, the summaries are merged.

Dask is optional (``pip install 'schemadiff[dask]'``, or ``pip install 'dask[bag]'``); without it
this script says so and exits 0. Run from the repository root::

    python bench/dask_example.py LOG... --against SCHEMA [--workers 2]

Without arguments it validates a small generated log against the test app's schema. With
``dask.distributed`` installed it starts a ``LocalCluster``; otherwise it uses Dask's local
process pool, the same model: partitions go to worker processes, only summaries come back.

``read_text(..., blocksize=None)`` makes one partition per file so line numbers are exact; with a
``blocksize`` the lines of each block are numbered from the start of the block instead.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def summarise_partition(lines: Iterable[tuple[str, str]], schema: dict[str, Any],
                        label: str) -> list[Any]:
    """One partition (lines with their file, from ``include_path=True``) → one Summary."""
    from schemadiff.validate import summarise_lines

    lines = list(lines)
    source = Path(lines[0][1]).name if lines else "<empty>"
    return [summarise_lines((text for text, _ in lines), schema, source=source, label=label)]


def main() -> int:
    try:
        import dask
        import dask.bag as db
    except ImportError:
        print("dask is not installed; pip install 'dask[bag]' to run this example")
        return 0
    from schemadiff.report.validate import ValidationReport, render
    from schemadiff.sources import load_snapshot
    from schemadiff.validate import merge

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("logs", nargs="*")
    parser.add_argument("--against")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    logs, against = args.logs, args.against
    if not logs:
        logs, against = _demo()
    schema = dict(load_snapshot(against).schema)

    bag = db.read_text(logs, blocksize=None, include_path=True)
    summaries_of = bag.map_partitions(summarise_partition, schema, against)
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        with dask.config.set(scheduler="processes", num_workers=args.workers):
            summaries = summaries_of.compute()
    else:
        with LocalCluster(n_workers=args.workers, threads_per_worker=1) as cluster, \
                Client(cluster):
            summaries = summaries_of.compute()
    total = functools.reduce(merge, summaries)
    sys.stdout.write(render("text", ValidationReport.of_summary(total, logs, [against])))
    return 1 if total.invalid else 0


def _demo() -> tuple[list[str], str]:
    sys.path.insert(0, str(ROOT / "tests"))
    import orjson
    from sartiq.app import create_app
    from sartiq.messages import generate_messages

    directory = Path(tempfile.mkdtemp(prefix="schemadiff-dask-"))
    schema = directory / "openapi-0.1.0.json"
    schema.write_text(json.dumps(create_app("0.1.0").openapi()), encoding="utf-8")
    logs = []
    for day in range(3):
        path = directory / f"day-{day}.jsonl"
        lines = [orjson.dumps(m) for m in generate_messages("0.1.0", 500, seed=day)]
        lines[7] = b'{"type": "generation_exploded"}'
        path.write_bytes(b"\n".join(lines) + b"\n")
        logs.append(str(path))
    return logs, str(schema)


if __name__ == "__main__":
    sys.exit(main())
