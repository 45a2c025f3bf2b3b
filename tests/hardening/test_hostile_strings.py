"""Hostile strings: names, titles, versions and file names chosen by an attacker (a server, a
document, a command line built from untrusted input) never split an error line, forge another,
or reach the terminal as escape sequences.

Every row runs one command line (an argv list: the control characters are real) and checks: the
exit code; for exit 2 exactly one ``schemadiff: error:`` line holding the expected text; no ESC,
BEL, CR or Unicode line separator anywhere in stdout or stderr; and nothing stored under a bad
name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from hardening.hostile_peer import HostilePeer
from hardening.support import RunCli, message, union_doc, write_json

EVIL = "Evil\nschemadiff: error: fake\x1b[2J"
"""A component name that would forge a second error line and clear the screen."""
OSC = "\x1b]0;pwned\x07"
"""An OSC sequence: sets the terminal title (and worse, in some terminals)."""
LINK = "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"
FORBIDDEN = ("\x1b", "\x07", "\r", "\u2028", "\u2029", "\u202e")


def hostile_doc(*, version: str = "1.0.0", title: str = "Hardening") -> dict[str, object]:
    doc = union_doc({EVIL: {"type": "string"}, "Line\u2028Break\u202eevil": {"type": "string"}},
                    version=version)
    doc["info"] = {"title": title, "version": version}
    return doc


def store_with(version: str, title: str) -> Callable[[Path], None]:
    def setup(tmp: Path) -> None:
        from schemadiff.cli import run

        write_json(tmp / "h.json", hostile_doc(version=version, title=title))
        assert run(["snapshot", str(tmp / "h.json"), "--name", "h", "--out",
                    str(tmp / "snapshots")]) == 0

    return setup


def nothing(tmp: Path) -> None:
    write_json(tmp / "doc.json", hostile_doc())


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    argv: list[str]
    exit_code: int
    expect: str
    setup: Callable[[Path], None] = nothing
    lines: int | None = None
    """For exit 0 and 1: how many lines stdout must have (a split line adds one)."""
    absent: list[str] = field(default_factory=list)
    """Files that must not exist afterwards."""


ROWS = [
    Row("name-trailing-newline", ["snapshot", "doc.json", "--name", "v1\n"], 2,
        "invalid snapshot name 'v1\\n'", absent=["snapshots/v1\n.json"]),
    Row("name-trailing-cr", ["snapshot", "doc.json", "--name", "v1\r"], 2,
        "invalid snapshot name 'v1\\r'"),
    Row("name-nul", ["snapshot", "doc.json", "--name", "v1\x00x"], 2, "invalid snapshot name"),
    Row("server-version-newline", ["snapshot", "v.json"], 2, "invalid snapshot name '1.0.0\\n'",
        setup=lambda tmp: write_json(tmp / "v.json", hostile_doc(version="1.0.0\n")),
        absent=["snapshots/1.0.0\n.json"]),
    Row("server-version-escape", ["snapshot", "v.json"], 2, "invalid snapshot name '1.0\\x1b",
        setup=lambda tmp: write_json(tmp / "v.json", hostile_doc(version=f"1.0{OSC}"))),
    Row("root-nope-forged-line", ["snapshot", "doc.json", "--root", "Nope", "--name", "x"], 2,
        "it has: Evil\\nschemadiff: error: fake\\x1b[2J"),
    Row("root-evil-named", ["snapshot", "doc.json", "--root", EVIL + "x", "--name", "x"], 2,
        "root schema 'Evil\\nschemadiff: error: fake\\x1b[2Jx' is not in"),
    Row("git-path-newline", ["diff", "git:HEAD:openapi.json\nX", "doc.json"], 2,
        "git:HEAD:openapi.json\\nX"),
    Row("file-name-escape", ["diff", f"missing{OSC}.json", "doc.json"], 2,
        "missing\\x1b]0;pwned\\x07.json: no such file"),
    Row("file-name-separator", ["validate", "log\u2028.jsonl", "--against", "doc.json"], 2,
        "log\\u2028.jsonl"),
    Row("list-version-and-time", ["list"], 0, "1.0\\x1b]0;pwned\\x07", lines=3,
        setup=store_with(f"1.0{OSC}", "T")),
    Row("show-title", ["show", "h"], 0, "T\\x1b[31mRED\\x1b]8;;http://evil.example",
        setup=store_with("1.0.0", f"T\x1b[31mRED{LINK}")),
    Row("show-version", ["show", "h"], 0, "1.0\\x1b]0;pwned\\x07",
        setup=store_with(f"1.0{OSC}", "T")),
    Row("validate-unknown-type", ["validate", "log.jsonl", "--against", "doc.json"], 1,
        "unknown message type",
        setup=lambda tmp: (nothing(tmp), (tmp / "log.jsonl").write_text(
            json.dumps({"data": {"type": f"x{OSC}\n", "payload": 1}}) + "\n"))[0]),
    Row("diff-added-property", ["diff", "doc.json", "new.json", "--fail-on", "never"], 0,
        "Evil\\nschemadiff: error: fake\\x1b[2J",
        setup=lambda tmp: (nothing(tmp), write_json(tmp / "new.json", union_doc(
            {"Ping": message("Ping", "ping", {"type": "object", "properties": {
                EVIL: {"type": "integer"}}})})))[0]),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_hostile_strings_never_reach_the_terminal(row: Row, tmp_path: Path,
                                                  run_cli_inproc: RunCli) -> None:
    row.setup(tmp_path)
    result = run_cli_inproc(row.argv, cwd=tmp_path)
    out, err = result.stdout, result.stderr
    assert "Traceback" not in out + err
    assert result.exit_code == row.exit_code, (out, err)
    for char in FORBIDDEN:
        assert char not in out + err, (char, out, err)
    if row.exit_code == 2:
        assert out == ""
        lines = err.split("\n")
        assert len(lines) == 2, err
        assert lines[-1] == "", err
        assert lines[0].startswith("schemadiff: error: ")
        assert row.expect in lines[0], err
    else:
        assert "error:" not in err, err
        assert row.expect in out, out
        if row.lines is not None:
            assert len(out.splitlines()) == row.lines, out
    for name in row.absent:
        assert not (tmp_path / name).exists()
    if (tmp_path / "snapshots").exists():
        for path in (tmp_path / "snapshots").iterdir():
            assert all(char not in path.name for char in "\n\r\x00\x1b"), path.name


@pytest.fixture(scope="module")
def peer() -> Iterator[HostilePeer]:
    server = HostilePeer().start()
    try:
        yield server
    finally:
        server.stop()


def test_an_invalid_utf8_text_frame_is_named_as_such(peer: HostilePeer, tmp_path: Path,
                                                     run_cli: RunCli) -> None:
    result = run_cli(["capture", f"{peer.url}/bad-utf8", "--out", "log.jsonl"], cwd=tmp_path)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"schemadiff: error: {peer.url}/bad-utf8 sent a text frame that is not valid UTF-8; the "
        "client refused it and closed the connection (code 1007) after 1 frame; 1 frame kept in "
        "log.jsonl"]
    assert len((tmp_path / "log.jsonl").read_text().splitlines()) == 1


def test_a_frame_with_escapes_is_logged_escaped_json(peer: HostilePeer, tmp_path: Path,
                                                     run_cli: RunCli) -> None:
    """A JSON frame carrying ESC as ``\\u001b`` stays JSON in the log; the summary line and the
    report never show it raw."""
    frame = json.dumps({"type": f"x{OSC}"})
    write_json(tmp_path / "doc.json", hostile_doc())
    result = run_cli(["capture", f"{peer.url}/send?frame={quote(frame)}", "--against",
                      "doc.json"], cwd=tmp_path, timeout=30)
    assert result.exit_code == 1, result.stderr
    assert result.stdout == frame + "\n"
    for char in FORBIDDEN:
        assert char not in result.stderr
