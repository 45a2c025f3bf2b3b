"""Size bounds: every input is bounded before or while it is read, with one clear line.

Huge inputs are sparse files (1.5 GB that take no disk and no time to make), ``/dev/zero`` (endless)
and a git blob just over the bound; none may end in a ``MemoryError`` or an "internal error". The
HTTP bounds (a body over 32 MiB, a gzip bomb, ``Content-Encoding: gzip, gzip``) are pinned in
test_bad_input.py and test_secrets_ii.py.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hardening.support import RunCli, assert_outcome, union_doc, write_json

HUGE = 1_500_000_000
LIMIT = "larger than the 32 MiB limit"


def sparse(name: str, size: int = HUGE) -> Callable[[Path], None]:
    def setup(tmp: Path) -> None:
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as stream:
            stream.truncate(size)

    return setup


def with_store(tmp: Path) -> None:
    from schemadiff.cli import run

    write_json(tmp / "doc.json", union_doc())
    assert run(["snapshot", str(tmp / "doc.json"), "--name", "small", "--out",
                str(tmp / "snapshots")]) == 0


def both(*setups: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(tmp: Path) -> None:
        for one in setups:
            one(tmp)

    return setup


def git_blob(tmp: Path) -> None:
    """A repository whose HEAD holds a 40 MiB openapi.json (spaces and a JSON object)."""
    def git(*arguments: str) -> None:
        subprocess.run(["git", *arguments], cwd=tmp, check=True, capture_output=True)

    git("init", "-q")
    with (tmp / "big.json").open("wb") as stream:
        stream.write(b"{" + b" " * (40 * 1024 * 1024) + b"}")
    git("add", "big.json")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "big")
    (tmp / "big.json").unlink()


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    command: str
    setup: Callable[[Path], None]
    exit_code: int
    expect: str


ROWS = [
    Row("list-huge-store-file", "list", both(with_store, sparse("snapshots/huge.json")), 0,
        f"snapshots/huge.json: {LIMIT}"),
    Row("show-huge-store-file", "show huge", both(with_store, sparse("snapshots/huge.json")), 2,
        f"snapshots/huge.json: {LIMIT}"),
    Row("diff-huge-store-file", "diff small huge",
        both(with_store, sparse("snapshots/huge.json")), 2, f"huge.json: {LIMIT}"),
    Row("validate-against-huge-file", "validate log.jsonl --against huge.json",
        both(sparse("huge.json"), lambda tmp: (tmp / "log.jsonl").write_text("{}\n")), 2,
        f"huge.json: {LIMIT}"),
    Row("snapshot-huge-file", "snapshot huge.json --name x", sparse("huge.json"), 2,
        f"huge.json: {LIMIT}"),
    Row("config-dev-zero", "diff doc.json doc.json --config /dev/zero",
        lambda tmp: write_json(tmp / "doc.json", union_doc()), 2,
        "/dev/zero: larger than the 4 MiB limit"),
    Row("config-huge-file", "diff doc.json doc.json --config policy.toml",
        both(sparse("policy.toml"), lambda tmp: write_json(tmp / "doc.json", union_doc())), 2,
        "policy.toml: larger than the 4 MiB limit"),
    Row("pyproject-huge", "diff doc.json doc.json",
        both(sparse("pyproject.toml"), lambda tmp: write_json(tmp / "doc.json", union_doc())),
        2, "pyproject.toml: larger than the 4 MiB limit"),
    Row("git-blob-over-bound", "snapshot git:HEAD:big.json --name x", git_blob, 2,
        f"git:HEAD:big.json: {LIMIT}"),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_every_input_is_bounded(row: Row, tmp_path: Path, run_cli_inproc: RunCli) -> None:
    row.setup(tmp_path)
    result = run_cli_inproc(f"schemadiff {row.command}", cwd=tmp_path)
    assert "internal error" not in result.stderr
    assert "MemoryError" not in result.stderr
    assert_outcome(result, row.exit_code, row.expect)


def test_stdin_from_dev_zero_is_bounded(tmp_path: Path) -> None:
    with Path("/dev/zero").open("rb") as zero:
        completed = subprocess.run([sys.executable, "-m", "schemadiff", "snapshot", "-",
                                    "--name", "x"], stdin=zero, cwd=tmp_path,
                                   capture_output=True, text=True, timeout=60, check=False)
    assert completed.returncode == 2
    assert completed.stderr.splitlines() == [f"schemadiff: error: <stdin>: {LIMIT}"]
