"""Benchmark: what the semantic layer (proof, witnesses, --verify) costs on the bundled pair.

Times, best of 5, in this process (start-up excluded): ``compare`` + ``classify`` alone, then the
whole ``run_diff`` with the semantic layer, with and without ``--verify``, in forward and full
mode, for 0.1.0 -> 0.2.0 (findings at warning and above: witnesses are searched) and for
0.2.0 -> 0.2.0 (no finding: the proof runs, and --verify samples messages). Then the end-to-end
``schemadiff diff 0.1.0 0.2.0`` command, start-up included (best of 3).

    python bench/semantics_cost.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from schemadiff.diff.classify import classify
from schemadiff.diff.engine import compare
from schemadiff.diff.model import Mode
from schemadiff.diff.run import run_diff, schema_info
from schemadiff.sources import SourceOptions, load_snapshot

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 5


def best(function: object, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    options = SourceOptions(snapshots_dir=ROOT / "snapshots")
    old, new = load_snapshot("0.1.0", options), load_snapshot("0.2.0", options)
    for label, left, right in (("0.1.0 -> 0.2.0", old, new), ("0.2.0 -> 0.2.0", new, new)):
        for mode in (Mode.FORWARD, Mode.FULL):
            def plain(left=left, right=right, mode=mode) -> None:  # type: ignore[no-untyped-def]
                classify(compare(left.schema, right.schema), mode=mode,
                         old=schema_info(left), new=schema_info(right))

            base = best(plain)
            semantic = best(lambda left=left, right=right, mode=mode: run_diff(
                left, right, mode=mode, policy=None, verify=False))
            verified = best(lambda left=left, right=right, mode=mode: run_diff(
                left, right, mode=mode, policy=None, verify=True))
            print(f"{label}  {mode.value:8}  walk+classify {base * 1000:7.1f} ms   "
                  f"+semantics {semantic * 1000:7.1f} ms   +verify {verified * 1000:7.1f} ms")
    command = [sys.executable, "-m", "schemadiff", "diff", "0.1.0", "0.2.0", "--fail-on", "never"]
    for extra in ([], ["--no-verify"]):
        wall = best(lambda extra=extra: subprocess.run(
            command + extra, cwd=ROOT, capture_output=True, check=True), repeats=3)
        print(f"schemadiff diff 0.1.0 0.2.0 {' '.join(extra):12} {wall:.2f} s end to end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
