"""The committed snapshots are what ``schemadiff snapshot`` makes of the test app today."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sartiq.messages import generate_messages
from sartiq.regenerate import REPO_DIR, regenerate

SNAPSHOTS = REPO_DIR / "snapshots"
VARYING = ("fetched_at", "source")
"""Provenance fields that differ on every run (time, loopback port)."""


def _load(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def _stable(document: dict[str, Any]) -> dict[str, Any]:
    provenance = {k: v for k, v in document["x-schemadiff"].items() if k not in VARYING}
    return {**document, "x-schemadiff": provenance}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("snapshots")
    regenerate(out)
    return out


@pytest.mark.parametrize("version", ["0.1.0", "0.2.0"])
def test_committed_snapshot_matches_a_fresh_one(fresh: Path, version: str) -> None:
    committed = SNAPSHOTS / f"{version}.json"
    assert committed.exists(), f"{committed} is missing; run python tests/sartiq/regenerate.py"
    old, new = _load(committed), _load(fresh / f"{version}.json")
    hint = f"{committed} drifted from the test app; run python tests/sartiq/regenerate.py"
    assert old["x-schemadiff"]["sha256"] == new["x-schemadiff"]["sha256"], hint
    assert _stable(old) == _stable(new), hint
    assert old["x-schemadiff"]["api_version"] == version
    # Two runs (the committed one and this one) are byte-identical but for the varying lines.
    first = committed.read_text(encoding="utf-8").splitlines()
    second = (fresh / f"{version}.json").read_text(encoding="utf-8").splitlines()
    different = [(a, b) for a, b in zip(first, second, strict=True) if a != b]
    assert all(any(f'"{key}"' in a for key in VARYING) for a, _ in different), different


@pytest.mark.parametrize("version", ["0.1.0", "0.2.0"])
def test_bundled_snapshot_is_a_schema_its_messages_satisfy(version: str) -> None:
    document = _load(SNAPSHOTS / f"{version}.json")
    schema = {k: v for k, v in document.items() if k != "x-schemadiff"}
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for message in generate_messages(version, count=20, seed=2):
        validator.validate({"data": message})
