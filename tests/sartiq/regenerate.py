"""Regenerate the bundled snapshots ``snapshots/0.1.0.json`` and ``snapshots/0.2.0.json``.

Usage (from the repository root)::

    python tests/sartiq/regenerate.py [--out snapshots]

Each release of the test app is served with uvicorn on 127.0.0.1 and snapshotted over real HTTP
with the real CLI: ``schemadiff snapshot http://127.0.0.1:PORT --token ... --out DIR --force``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parents[1]
REPO_DIR = TESTS_DIR.parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

from sartiq.app import create_app  # noqa: E402 - needs tests/ on sys.path first
from sartiq.enums import VERSIONS  # noqa: E402
from sartiq.serving import BackgroundServers  # noqa: E402

TOKEN = "regenerate-token"


def snapshot_version(url: str, out: Path, *, name: str | None = None) -> str:
    """Run ``schemadiff snapshot`` on ``url`` into ``out``; return its stdout line."""
    argv = [sys.executable, "-m", "schemadiff", "snapshot", url, "--token", TOKEN,
            "--out", str(out), "--force"]
    if name is not None:
        argv += ["--name", name]
    completed = subprocess.run(argv, capture_output=True, text=True, cwd=REPO_DIR, check=False)
    if completed.returncode != 0:
        raise RuntimeError(
            f"schemadiff snapshot {url} failed ({completed.returncode}): {completed.stderr.strip()}"
        )
    return completed.stdout.strip()


def regenerate(out: Path, versions: tuple[str, ...] = VERSIONS) -> list[Path]:
    """Snapshot every release into ``out``; return the written (or unchanged) files."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    with BackgroundServers() as servers:
        for version in versions:
            url = servers.start(create_app(version, token=TOKEN))
            snapshot_version(url, out)
            paths.append(out / f"{version}.json")
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO_DIR / "snapshots")
    args = parser.parse_args()
    for path in regenerate(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
