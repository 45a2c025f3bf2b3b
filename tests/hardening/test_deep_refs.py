"""Deep ``$ref`` chains: refused with one line naming the file before any engine follows them.

A 100,000-step chain crashed the compiled validator (SIGSEGV, exit 139, no message). A chain of
more than 64 distinct definitions is now refused wherever a schema comes in (a plain schema, an
OpenAPI document, a snapshot; by ``validate``, ``diff``, ``snapshot``, ``show``); a chain of 64
and a recursive tree (a cycle) are fine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hardening.support import RunCli, assert_outcome, message, union_doc, write_json

LEAF = {"type": "object", "properties": {"type": {"const": "x"}, "n": {"type": "integer"}}}


def alias_chain(steps: int, prefix: str = "#/$defs/") -> dict[str, Any]:
    """``D0 -> D1 -> ... -> D{steps-1}``, each only a ``$ref`` to the next; the last is a leaf."""
    defs: dict[str, Any] = {f"D{i}": {"$ref": f"{prefix}D{i + 1}"} for i in range(steps - 1)}
    defs[f"D{steps - 1}"] = LEAF
    return defs


def property_chain(steps: int) -> dict[str, Any]:
    """Each definition holds the next in a property: a chain through the structure."""
    defs: dict[str, Any] = {f"D{i}": {"type": "object", "properties": {
        "type": {"const": "x"}, "n": {"type": "integer"},
        "next": {"$ref": f"#/$defs/D{i + 1}"}}} for i in range(steps - 1)}
    defs[f"D{steps - 1}"] = LEAF
    return defs


def plain(defs: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "#/$defs/D0",
            "$defs": defs}


def openapi_chain(steps: int) -> dict[str, Any]:
    defs = alias_chain(steps, "#/components/schemas/")
    defs["Ping"] = message("Ping", "ping", {"$ref": "#/components/schemas/D0"})
    return union_doc(defs)


TREE = plain({"D0": {"type": "object", "properties": {
    "type": {"const": "x"}, "n": {"type": "integer"},
    "children": {"type": "array", "items": {"$ref": "#/$defs/D0"}}}}})


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    schema: dict[str, Any]
    command: str
    exit_code: int
    expect: str


TOO_LONG = "schema.json: $ref chain too long: "
ROWS = [
    Row("alias-chain-10000", plain(alias_chain(10_000)), "validate log.jsonl --against schema.json",
        2, TOO_LONG + "10000 steps from the root through #/$defs/D0, #/$defs/D1"),
    Row("alias-chain-65", plain(alias_chain(65)), "validate log.jsonl --against schema.json", 2,
        TOO_LONG + "65 steps"),
    Row("property-chain-200", plain(property_chain(200)),
        "validate log.jsonl --against schema.json", 2, TOO_LONG + "200 steps"),
    Row("alias-chain-diff", plain(alias_chain(1000)), "diff schema.json schema.json", 2,
        TOO_LONG + "1000 steps"),
    Row("openapi-chain-snapshot", openapi_chain(500), "snapshot schema.json --name x", 2,
        "$ref chain too long: "),
    Row("alias-chain-64-is-fine", plain(alias_chain(63)),
        "validate log.jsonl --against schema.json", 1, "is not of type"),
    Row("property-chain-64-is-fine", plain(property_chain(63)),
        "validate log.jsonl --against schema.json", 1, "is not of type"),
    Row("recursive-tree-is-fine", TREE, "validate log.jsonl --against schema.json", 1,
        "is not of type"),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_deep_ref_chains(row: Row, tmp_path: Path, run_cli_inproc: RunCli) -> None:
    write_json(tmp_path / "schema.json", row.schema)
    (tmp_path / "log.jsonl").write_text(json.dumps({"type": "x", "n": "no"}) + "\n",
                                        encoding="utf-8")
    result = run_cli_inproc(f"schemadiff {row.command}", cwd=tmp_path)
    assert_outcome(result, row.exit_code, row.expect)


def test_a_stored_snapshot_with_a_long_chain_is_refused(tmp_path: Path,
                                                        run_cli_inproc: RunCli) -> None:
    """A snapshot file edited (or written by another tool) to hold a long chain: its hash is
    right, and the chain is still refused before validation."""
    from schemadiff.snapshot_io import build_snapshot

    snapshot = build_snapshot(plain(alias_chain(5000)), source="x", root="D0", label="x")
    (tmp_path / "snapshots").mkdir()
    (tmp_path / "snapshots" / "deep.json").write_text(snapshot.text(), encoding="utf-8")
    (tmp_path / "log.jsonl").write_text('{"type": "x", "n": "no"}\n', encoding="utf-8")
    result = run_cli_inproc("schemadiff validate log.jsonl --against deep", cwd=tmp_path)
    assert_outcome(result, 2, "deep: $ref chain too long: 5000 steps")
