"""ReDoS: no pattern a schema chooses can stall a command.

Every row is a crafted pattern and a value (or a property name) that makes a backtracking engine
run for ages. ``validate`` must give its verdict and explanation, ``diff`` must compare
``patternProperties`` against a new property name, and ``capture --against`` must validate the
frame, each within the subprocess timeout (a stall fails the row instead of hanging the suite).
Patterns RE2 can run are matched in linear time; the others (lookarounds, backreferences) run
under a time budget and, if they exceed it, end in one clear line naming the pattern.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hardening.hostile_peer import HostilePeer
from hardening.support import RunCli, assert_outcome, write_json

EVIL = "a" * 40 + "!"
"""Forty ``a`` and a ``!``: nested quantifiers over ``a`` try 2**40 ways before failing."""


def message_schema(field: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {"type": {"const": "x"}, "s": field},
            "required": ["type"], **extra}


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    schema: dict[str, Any]
    message: dict[str, Any]
    exit_code: int
    expect: str
    strict: bool = False


VALIDATE_ROWS = [
    Row("nested-plus", message_schema({"type": "string", "pattern": "^(a+)+$"}),
        {"type": "x", "s": EVIL}, 1, f"s: '{EVIL}' does not match '^(a+)+$'"),
    Row("alternation", message_schema({"type": "string", "pattern": "^(a|aa)+$"}),
        {"type": "x", "s": EVIL}, 1, "does not match '^(a|aa)+$'"),
    Row("word-space", message_schema({"type": "string", "pattern": r"^(\w+\s?)*$"}),
        {"type": "x", "s": "a" * 30 + "!"}, 1, "does not match"),
    Row("lookahead-fallback", message_schema({"type": "string", "pattern": "^(?=a)(a|aa)+$"}),
        {"type": "x", "s": EVIL}, 1, "does not match"),
    Row("backreference", message_schema({"type": "string", "pattern": r"^(a+)+\1$"}),
        {"type": "x", "s": EVIL}, 1, "does not match"),
    Row("pattern-properties", message_schema(
        {"type": "string"}, patternProperties={"^(a+)+$": {"type": "integer"}},
        additionalProperties=False), {"type": "x", EVIL: 1}, 1, EVIL),
    Row("pattern-properties-valid", message_schema(
        {"type": "string"}, patternProperties={"^(a+)+$": {"type": "integer"}}),
        {"type": "x", "a" * 40: "not an integer"}, 1, "is not of type 'integer'"),
    Row("strict-pattern-properties", message_schema(
        {"type": "string"}, patternProperties={"^(a+)+$": {"type": "integer"}}),
        {"type": "x", EVIL: 1}, 1, EVIL, strict=True),
]


@pytest.mark.parametrize("row", VALIDATE_ROWS, ids=[row.id for row in VALIDATE_ROWS])
def test_validate_never_stalls_on_a_pattern(row: Row, tmp_path: Path, run_cli: RunCli) -> None:
    write_json(tmp_path / "schema.json", row.schema)
    (tmp_path / "log.jsonl").write_text(json.dumps(row.message) + "\n", encoding="utf-8")
    strict = " --strict" if row.strict else ""
    result = run_cli(f"schemadiff validate log.jsonl --against schema.json{strict}",
                     cwd=tmp_path, timeout=20)
    assert_outcome(result, row.exit_code, row.expect)


def _object(properties: dict[str, Any], patterns: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": {"type": {"const": "x"}, **properties},
            "patternProperties": patterns}


DIFF_ROWS = [
    # The new name does not match: an added property, judged against additionalProperties.
    ("added-not-covered", _object({}, {"^(a+)+$": {"type": "integer"}}),
     _object({EVIL: {"type": "string"}}, {"^(a+)+$": {"type": "integer"}}), 0, "property-added"),
    ("added-covered", _object({}, {"^(a|aa)+$": {"type": "string"}}),
     _object({"a" * 41: {"type": "string"}}, {"^(a|aa)+$": {"type": "string"}}), 0,
     "property-added-covered"),
    ("removed-against-pattern", _object({EVIL: {"type": "string"}}, {"^(a+)+$": {}}),
     _object({}, {"^(a+)+$": {}}), 0, EVIL),
    # RE2 cannot run a lookahead: the budget runs out, and the line names the pattern.
    ("lookahead-budget", _object({}, {"^(?=a)(a|aa)+$": {"type": "integer"}}),
     _object({EVIL: {"type": "string"}}, {"^(?=a)(a|aa)+$": {"type": "integer"}}), 2,
     "diff of old.json and new.json: the pattern '^(?=a)(a|aa)+$' took more than"),
]


@pytest.mark.parametrize(("old", "new", "exit_code", "expect"),
                         [row[1:] for row in DIFF_ROWS], ids=[row[0] for row in DIFF_ROWS])
def test_diff_never_stalls_on_pattern_properties(old: dict[str, Any], new: dict[str, Any],
                                                 exit_code: int, expect: str, tmp_path: Path,
                                                 run_cli: RunCli) -> None:
    write_json(tmp_path / "old.json", old)
    write_json(tmp_path / "new.json", new)
    result = run_cli("schemadiff diff old.json new.json --fail-on never", cwd=tmp_path,
                     timeout=20)
    assert_outcome(result, exit_code, expect)


@pytest.fixture(scope="module")
def peer() -> Iterator[HostilePeer]:
    server = HostilePeer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("pattern", ["^(a+)+$", "^(a|aa)+$", "^(?=a)(a|aa)+$"])
def test_capture_against_never_stalls(pattern: str, peer: HostilePeer, tmp_path: Path,
                                      run_cli: RunCli) -> None:
    write_json(tmp_path / "schema.json",
               message_schema({"type": "string", "pattern": pattern}))
    frame = json.dumps({"type": "x", "s": EVIL})
    from urllib.parse import quote

    result = run_cli(["capture", f"{peer.url}/send?frame={quote(frame)}", "--duration", "3",
                      "--against", "schema.json", "--out", "log.jsonl"], cwd=tmp_path,
                     timeout=20)
    assert_outcome(result, 1, "does not match")
    assert (tmp_path / "log.jsonl").read_text(encoding="utf-8") == frame + "\n"
