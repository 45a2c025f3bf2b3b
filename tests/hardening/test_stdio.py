"""Closed standard streams, a full disk under ``capture``, and specs that are not app factories.

Each row is a shell line run by ``bash`` (so ``>&-`` and ``<&-`` close the descriptor exactly as a
caller would) and must end in the expected exit code and one clear line, never a traceback or an
"internal error".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from hardening.hostile_peer import HostilePeer
from hardening.support import union_doc, write_json

REPO = Path(__file__).resolve().parents[2]
SD = f"{sys.executable} -m schemadiff"
OLD, NEW = REPO / "snapshots" / "0.1.0.json", REPO / "snapshots" / "0.2.0.json"

CLOSED_OUT = "standard output is closed"
CLOSED_IN = "standard input is closed"

SHELL_ROWS = [
    ("diff-stdout-closed", f"{SD} diff {OLD} {NEW} >&-", 2, CLOSED_OUT),
    ("list-stdout-closed", f"{SD} list --snapshots {REPO / 'snapshots'} >&-", 2, CLOSED_OUT),
    ("show-stdout-closed", f"{SD} show 0.1.0 --snapshots {REPO / 'snapshots'} >&-", 2,
     CLOSED_OUT),
    ("validate-stdout-closed", f"{SD} validate log.jsonl --against {OLD} >&-", 2, CLOSED_OUT),
    ("snapshot-stdin-closed", f"{SD} snapshot - --name x --out store <&-", 2,
     f"<stdin>: {CLOSED_IN}"),
    ("diff-stdin-closed", f"{SD} diff - {NEW} <&-", 2, f"<stdin>: {CLOSED_IN}"),
    ("validate-stdin-closed", f"{SD} validate - --against {OLD} <&-", 2,
     f"<stdin>: {CLOSED_IN}"),
    # A closed stdin does not matter to a command that does not read it.
    ("diff-stdin-closed-unused", f"{SD} diff {OLD} {NEW} --fail-on never <&-", 0, ""),
    # A closed stderr: the exit code still tells, and nothing crashes.
    ("diff-stderr-closed", f"{SD} diff {OLD} nope.json 2>&-", 2, None),
    # Nothing opened later may take the closed descriptor: the snapshot file must not receive
    # the summary line that stdout would have carried.
    ("snapshot-stdout-closed-no-file", f"{SD} snapshot doc.json --name x --out store >&-", 2,
     CLOSED_OUT),
    ("app-os-abort", f"{SD} check os:abort --against {OLD}", 2,
     "os:abort: builtin_function_or_method 'abort' is not a Python function"),
    ("app-pdb-set-trace", f"{SD} snapshot pdb:set_trace --name x --out store", 2,
     "pdb:set_trace: 'set_trace' is part of the Python standard library"),
    ("app-builtin", f"{SD} snapshot builtins:exit --name x --out store", 2,
     "is not a Python function"),
    ("app-needs-arguments", f"{SD} snapshot factories:needs_args --name x --out store", 2,
     "factories:needs_args: 'needs_args' needs arguments (title)"),
    ("app-not-an-app", f"{SD} snapshot factories:not_an_app --name x --out store", 2,
     "the factory returned dict, not a FastAPI application"),
    ("app-factory-works", f"{SD} snapshot factories:create --name x --out store", 0,
     "created store/x.json"),
]

FACTORIES = '''
from fastapi import FastAPI

def needs_args(title):
    raise SystemExit("must never be called")

def not_an_app():
    return {"openapi": "3.1.0"}

def create():
    app = FastAPI(title="T", version="1.0.0")
    app.openapi = lambda: DOCUMENT
    return app
'''


@pytest.mark.parametrize(("command", "exit_code", "expect"), [row[1:] for row in SHELL_ROWS],
                         ids=[row[0] for row in SHELL_ROWS])
def test_closed_streams_and_app_specs(command: str, exit_code: int, expect: str | None,
                                      tmp_path: Path) -> None:
    write_json(tmp_path / "doc.json", union_doc())
    (tmp_path / "log.jsonl").write_text('{"type": "x"}\n', encoding="utf-8")
    (tmp_path / "factories.py").write_text(
        FACTORIES + f"\nDOCUMENT = {json.dumps(union_doc())!r}\n"
        "import json\nDOCUMENT = json.loads(DOCUMENT)\n", encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SCHEMADIFF_TOKEN", None)
    completed = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True,
                               text=True, env=env, timeout=60, check=False)
    out, err = completed.stdout, completed.stderr
    assert "Traceback" not in out + err
    assert "internal error" not in err
    assert completed.returncode == exit_code, (out, err)
    if expect is None:
        assert err == ""
    elif exit_code == 2:
        lines = err.splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith("schemadiff: error: ")
        assert expect in lines[0], err
    else:
        assert expect in out
    if "store" in command and exit_code == 2:
        assert not (tmp_path / "store" / "x.json").exists()


@pytest.fixture(scope="module")
def peer() -> Iterator[HostilePeer]:
    server = HostilePeer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("out", ["full.jsonl", "full.jsonl.gz", "-"])
def test_capture_onto_a_full_disk_says_so(out: str, peer: HostilePeer, tmp_path: Path) -> None:
    """``/dev/full`` fails every write with ENOSPC, as a full disk does; the one error line must
    say so, not an ``OSError`` from closing the file after it."""
    url = f"{peer.url}/send?frame={quote('{}')}"
    if out == "-":
        command, shown = f"{SD} capture '{url}' > /dev/full", "<stdout>"
    else:
        (tmp_path / out).symlink_to("/dev/full")
        command, shown = f"{SD} capture '{url}' --out {out}", out
    completed = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True,
                               text=True, timeout=60, check=False)
    assert completed.returncode == 2, completed.stderr
    assert completed.stderr.splitlines() == [
        f"schemadiff: error: cannot write {shown}: No space left on device"]
