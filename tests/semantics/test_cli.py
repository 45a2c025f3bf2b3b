"""Through the CLI: witnesses on the bundled pair, the overlapping oneOf, the Sartiq rename."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from schemadiff.semantics.documents import format_checker

REPO = Path(__file__).resolve().parents[2]
SNAPSHOTS = REPO / "snapshots"


def _validator(version: str) -> Draft202012Validator:
    schema = json.loads((SNAPSHOTS / f"{version}.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=format_checker())


@pytest.fixture(scope="module")
def bundled_report() -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "schemadiff", "diff", str(SNAPSHOTS / "0.1.0.json"),
         str(SNAPSHOTS / "0.2.0.json"), "--format", "json", "--fail-on", "never"],
        capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_every_warning_or_breaking_finding_of_the_bundled_pair_has_a_witness(
        bundled_report: dict[str, Any]) -> None:
    old, new = _validator("0.1.0"), _validator("0.2.0")
    serious = [f for f in bundled_report["findings"] if f["level"] in ("warning", "breaking")]
    assert len(serious) >= 10
    for finding in serious:
        witness = finding["witness"]
        assert witness is not None, finding["path"]
        assert (witness["accepted_by"], witness["rejected_by"]) == ("new", "old")
        message = witness["message"]
        assert new.is_valid(message), (finding["path"], message)
        assert not old.is_valid(message), (finding["path"], message)


def test_a_witness_shows_the_finding_at_its_own_path(bundled_report: dict[str, Any]) -> None:
    by_path = {(f["rule"], f["path"]): f for f in bundled_report["findings"]}
    seed = by_path[("type-changed", "GenerationMessage.payload.seed")]["witness"]["message"]
    assert isinstance(seed["data"]["payload"]["seed"], str)
    status = by_path[("enum-value-added", "ShotMessage.payload.status")]["witness"]["message"]
    assert status["data"]["payload"]["status"] not in json.dumps(
        json.loads((SNAPSHOTS / "0.1.0.json").read_text(encoding="utf-8"))["$defs"]["ShotStatus"])


def _write(path: Path, schema: Any) -> str:
    path.write_text(json.dumps(schema), encoding="utf-8")
    return path.name


def test_overlapping_one_of_is_incompatible_with_its_witness(tmp_path: Path,
                                                             run_cli: Any) -> None:
    old = _write(tmp_path / "old.json", {"type": "integer"})
    new = _write(tmp_path / "new.json", {"oneOf": [{"type": "integer"}, {"type": "number"}]})
    result = run_cli(f"schemadiff diff {old} {new} --mode backward --fail-on warning",
                     cwd=tmp_path)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "accepted-messages-narrowed" in result.stdout
    assert "witness (new rejects): 0" in result.stdout


def test_sartiq_definition_rename_is_one_info(tmp_path: Path, run_cli: Any) -> None:
    text = (SNAPSHOTS / "0.2.0.json").read_text(encoding="utf-8")
    document = json.loads(text)
    document.pop("x-schemadiff")
    document["$defs"]["ErrorCategory"] = document["$defs"].pop("ErrorCategory-Output")
    renamed = json.loads(json.dumps(document).replace("#/$defs/ErrorCategory-Output",
                                                      "#/$defs/ErrorCategory"))
    new = _write(tmp_path / "renamed.json", renamed)
    result = run_cli(f"schemadiff diff {SNAPSHOTS / '0.2.0.json'} {new} --mode full "
                     "--format json --fail-on warning", cwd=tmp_path)
    assert result.exit_code == 0, result.stdout + result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert {f["level"] for f in findings} == {"info"}
    # The rename, and each reference to it rewritten with the same meaning; nothing unclassified.
    assert {f["rule"] for f in findings} == {"definition-renamed", "schema-restructured"}


def test_draft_07_without_schema_keyword_is_read_as_draft_07(tmp_path: Path,
                                                              run_cli: Any) -> None:
    # items as an array, additionalItems and definitions only exist in draft-07 and older.
    strings = {"definitions": {"s": {"type": "string"}}, "type": "array",
               "items": [{"$ref": "#/definitions/s"}]}
    old = _write(tmp_path / "old.json", {**strings, "additionalItems": False})
    new = _write(tmp_path / "new.json", strings)
    result = run_cli(f"schemadiff diff {old} {new} --fail-on warning", cwd=tmp_path)
    assert result.exit_code == 1, result.stderr
    assert 'witness (old rejects): ["a",' in result.stdout
    (tmp_path / "log.jsonl").write_text('["a"]\n["a", 1]\n', encoding="utf-8")
    checked = run_cli(f"schemadiff validate log.jsonl --against {new}", cwd=tmp_path)
    assert checked.exit_code == 0, checked.stdout + checked.stderr


def test_boolean_root_schemas_are_read(tmp_path: Path, run_cli: Any) -> None:
    (tmp_path / "true.json").write_text("true", encoding="utf-8")
    (tmp_path / "false.json").write_text("false", encoding="utf-8")
    result = run_cli("schemadiff diff true.json false.json --mode backward --fail-on warning",
                     cwd=tmp_path)
    assert result.exit_code == 1, result.stderr
    assert "witness (new rejects):" in result.stdout
    same = run_cli("schemadiff diff false.json true.json --mode backward --fail-on warning",
                   cwd=tmp_path)
    assert same.exit_code == 0, same.stdout + same.stderr
