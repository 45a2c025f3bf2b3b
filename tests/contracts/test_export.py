"""``schemadiff export NAME --format asyncapi``: valid documents that read back to the same hash."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from contracts.helpers import RELEASES, SNAPSHOTS, document_path, official_validator

from schemadiff.asyncapi import AsyncAPIVersion
from schemadiff.asyncapi.write import export_asyncapi
from schemadiff.canonical import sha256
from schemadiff.snapshot_io import build_snapshot
from schemadiff.sources import load_snapshot

BUNDLED = sorted(path.stem for path in SNAPSHOTS.glob("*.json"))


def _sha(stdout: str) -> str:
    return stdout.split("(sha256 ")[1][:8]


@pytest.mark.parametrize("name", BUNDLED)
@pytest.mark.parametrize(("version", "suffix"), [("2.6", "yaml"), ("3.0", "json")])
def test_every_bundled_snapshot_round_trips(run_cli_inproc, tmp_path: Path, name: str,
                                            version: str, suffix: str) -> None:
    out = tmp_path / f"asyncapi.{suffix}"
    exported = run_cli_inproc(f"schemadiff export {name} --format asyncapi --asyncapi-version "
                              f"{version} --output {out} --snapshots {SNAPSHOTS}")
    assert exported.exit_code == 0, exported.stderr
    assert exported.stdout.startswith(f"created {out} (AsyncAPI {version}.0, ")
    text = out.read_text(encoding="utf-8")
    document = json.loads(text) if suffix == "json" else yaml.safe_load(text)
    assert list(official_validator(f"{version}.0").iter_errors(document)) == []
    back = run_cli_inproc(f"schemadiff snapshot {out} --out {tmp_path / 'store'}")
    assert back.exit_code == 0, back.stderr
    original = json.loads((SNAPSHOTS / f"{name}.json").read_text())["x-schemadiff"]["sha256"]
    assert _sha(back.stdout) == original[:8]
    assert back.stdout.startswith(f"created {tmp_path / 'store' / name}.json")


@pytest.mark.parametrize("release", RELEASES)
@pytest.mark.parametrize("spec", ["2.6", "3.0"])
def test_snapshots_of_asyncapi_documents_round_trip(release: str, spec: str) -> None:
    snapshot = load_snapshot(str(document_path(release, spec)))
    for version in AsyncAPIVersion:
        document = export_asyncapi(snapshot, version=version).document
        path = f"/{release}-{spec}-{version}"
        again = _read_back(document, path)
        assert again.sha256 == snapshot.sha256


def _read_back(document: dict[str, Any], label: str) -> Any:
    from schemadiff.sources import LoadedDocument, snapshot_from_document

    return snapshot_from_document(LoadedDocument(json.loads(json.dumps(document)), label))


def test_draft07_forms_round_trip() -> None:
    """Every 2020-12 form that AsyncAPI's schema format writes differently comes back."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": "#/$defs/Message",
        "$defs": {
            "Message": {"oneOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}],
                        "discriminator": {"propertyName": "kind", "mapping": {
                            "a": "#/$defs/A", "b": "#/$defs/B"}}},
            "A": {"type": "object", "properties": {
                "kind": {"const": "a"},
                "point": {"type": "array", "prefixItems": [{"type": "number"}],
                          "items": False},
                "color": {"$ref": "#/$defs/Color", "default": "red", "description": "x"},
            }, "dependentRequired": {"point": ["color"]},
                "dependentSchemas": {"color": {"required": ["kind"]}}},
            "B": {"type": "object", "properties": {"kind": {"const": "b"}},
                  "unevaluatedProperties": False},
            "Color": {"enum": ["red", "blue"]},
        },
    }
    snapshot = build_snapshot(schema, source="test", root="Message", label="test")
    for version in AsyncAPIVersion:
        document = export_asyncapi(snapshot, version=version).document
        assert list(official_validator(version.full).iter_errors(document)) == []
        written = document["components"]["schemas"]
        assert written["A"]["properties"]["point"] == {
            "type": "array", "items": [{"type": "number"}], "additionalItems": False}
        assert written["A"]["properties"]["color"] == {
            "default": "red", "description": "x",
            "allOf": [{"$ref": "#/components/schemas/Color"}]}
        assert written["Message"]["discriminator"] == "kind"
        assert _read_back(document, "x").sha256 == sha256(schema)


def test_stdout_is_yaml(run_cli_inproc) -> None:
    result = run_cli_inproc(f"schemadiff export 0.1.0 --snapshots {SNAPSHOTS}")
    assert result.exit_code == 0, result.stderr
    document = yaml.safe_load(result.stdout)
    assert document["asyncapi"] == "3.0.0"
    assert document["channels"]["ws"]["address"] == "/ws"
    assert list(document["components"]["messages"]) == [
        "GenerationMessage", "ShotMessage", "AuthSuccessMessage", "AuthErrorMessage"]
    assert document["components"]["messages"]["AuthErrorMessage"]["summary"] == "type: auth_error"


def test_channel_option(run_cli_inproc) -> None:
    result = run_cli_inproc(f"schemadiff export 0.1.0 --snapshots {SNAPSHOTS} "
                            "--asyncapi-version 2.6 --channel /live/updates")
    assert list(yaml.safe_load(result.stdout)["channels"]) == ["/live/updates"]


def test_output_is_never_overwritten_silently(run_cli_inproc, tmp_path: Path) -> None:
    out = tmp_path / "contract.yaml"
    base = f"schemadiff export 0.1.0 --snapshots {SNAPSHOTS} -o {out}"
    assert run_cli_inproc(base).stdout.startswith("created ")
    assert run_cli_inproc(base).stdout.startswith("unchanged ")
    other = run_cli_inproc(base.replace("0.1.0", "0.2.0"))
    assert other.exit_code == 2
    assert other.stderr == (f"schemadiff: error: {out} exists and holds something else; pass "
                            "--force to replace it\n")
    assert "version: 0.1.0" in out.read_text()
    forced = run_cli_inproc(base.replace("0.1.0", "0.2.0") + " --force")
    assert forced.stdout.startswith(f"replaced {out} (AsyncAPI 3.0.0, 5 messages, 36 schemas)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contract.yaml"]  # no temp file left


def test_a_file_created_meanwhile_is_not_replaced(run_cli_inproc, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "contract.yaml"
    out.write_text("someone else's\n")
    # The race: the file appears after export looked for it and before it writes.
    real_is_file = Path.is_file
    monkeypatch.setattr(Path, "is_file", lambda self: self != out and real_is_file(self))
    result = run_cli_inproc(f"schemadiff export 0.1.0 --snapshots {SNAPSHOTS} -o {out}")
    assert result.exit_code == 2
    assert result.stderr == (f"schemadiff: error: {out} was created by someone else meanwhile; "
                             "pass --force to replace it\n")
    assert out.read_text() == "someone else's\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contract.yaml"]


def test_unwritable_output_is_one_line(run_cli_inproc, tmp_path: Path) -> None:
    out = tmp_path / "missing-dir" / "contract.json"
    result = run_cli_inproc(f"schemadiff export 0.1.0 --snapshots {SNAPSHOTS} -o {out}")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"schemadiff: error: {out}: cannot write: ")
    assert len(result.stderr.splitlines()) == 1


def test_definition_names_asyncapi_cannot_hold(run_cli_inproc, tmp_path: Path) -> None:
    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"$defs": {"A B": {"type": "string"}}, "$ref": "#/$defs/A B"}))
    result = run_cli_inproc(f"schemadiff export {path}")
    assert result.exit_code == 2
    assert result.stderr == (
        f"schemadiff: error: {path}: definition 'A B' cannot be an AsyncAPI component name "
        "(letters, digits, '.', '-' and '_' only)\n")
