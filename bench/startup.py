"""Start-up benchmark: what a pre-commit hook or a CI step pays on every run.

Prints the median wall time over repeated runs of ``schemadiff --version`` and of
``check-jsonschema --version`` (measured side by side, interleaved, since these machines are noisy)
with their ratio, then the median of ``schemadiff --help`` and of ``schemadiff diff`` on the two
bundled snapshots. Run from the repository root: ``python bench/startup.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    return time.perf_counter() - start


def _script(name: str) -> list[str]:
    found = shutil.which(name) or str(Path(sys.executable).parent / name)
    return [found]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    commands = {
        "schemadiff --version": [*_script("schemadiff"), "--version"],
        "check-jsonschema --version": [*_script("check-jsonschema"), "--version"],
        "schemadiff --help": [*_script("schemadiff"), "--help"],
        "schemadiff diff 0.1.0 0.2.0": [
            *_script("schemadiff"), "diff", "0.1.0", "0.2.0", "--fail-on", "never",
        ],
    }
    samples: dict[str, list[float]] = {label: [] for label in commands}
    for command in commands.values():  # Warm the file cache once.
        _time(command)
    for _ in range(runs):
        for label, command in commands.items():
            samples[label].append(_time(command))
    medians = {label: statistics.median(values) for label, values in samples.items()}
    print(f"{'command':32} {'median':>9} {'min':>9}   ({runs} runs each, interleaved)")
    for label, values in samples.items():
        print(f"{label:32} {medians[label] * 1000:7.1f}ms {min(values) * 1000:7.1f}ms")
    ratio = medians["schemadiff --version"] / medians["check-jsonschema --version"]
    print(f"ratio schemadiff/check-jsonschema --version: {ratio:.2f} (target <= 1.00)")
    diff_time = medians["schemadiff diff 0.1.0 0.2.0"]
    print(f"schemadiff diff of the bundled snapshots: {diff_time:.3f}s (target < 0.5 s)")


if __name__ == "__main__":
    main()
