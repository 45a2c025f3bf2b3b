"""Pydantic models as a source: ``module:Name`` gives the snapshot the OpenAPI route gives.

``sartiq_typed`` (0.1.0) and ``sartiq_typed_v2`` (0.2.0) expose the Sartiq messages as pydantic
types beside a FastAPI app that serves them (see ``typed.py``). The CLI imports them from
``tests/``, as ``uvicorn`` would: in a real subprocess once, in this process elsewhere (faster).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from contracts.helpers import HERE, RELEASES, SNAPSHOTS, document_path, findings

TESTS = HERE.parent
MODULE = "contracts.sartiq_typed"
MODULES = {"0.1.0": MODULE, "0.2.0": "contracts.sartiq_typed_v2"}


def _snapshot(run_cli, attribute: str, release: str, out: Path, *extra: str):
    return run_cli(["schemadiff", "snapshot", f"{MODULES[release]}:{attribute}", "--out", str(out),
                    *extra], cwd=TESTS)


def _stored(out: Path, name: str) -> dict[str, object]:
    document: dict[str, object] = json.loads((out / f"{name}.json").read_text())
    return document


def test_model_snapshot_in_a_subprocess(run_cli, run_cli_inproc, tmp_path: Path) -> None:
    model = _snapshot(run_cli, "WebSocketMessage", "0.1.0", tmp_path / "model")
    route = _snapshot(run_cli_inproc, "app", "0.1.0", tmp_path / "route")
    assert model.exit_code == route.exit_code == 0, model.stderr + route.stderr
    assert model.stdout.split("(")[1] == route.stdout.split("(")[1]


@pytest.mark.parametrize("release", RELEASES)
def test_model_snapshot_equals_the_app_route(run_cli_inproc, tmp_path: Path,
                                             release: str) -> None:
    model = _snapshot(run_cli_inproc, "WebSocketMessage", release, tmp_path / "model")
    route = _snapshot(run_cli_inproc, "app", release, tmp_path / "route")
    assert model.exit_code == route.exit_code == 0, model.stderr + route.stderr
    # Named by the module's __version__, like the app by its info.version.
    assert model.stdout.startswith(f"created {tmp_path / 'model' / release}.json (sha256 ")
    assert model.stdout.split("(")[1] == route.stdout.split("(")[1]
    stored = _stored(tmp_path / "model", release)
    assert stored["$ref"] == "#/$defs/WebSocketMessage"
    provenance = stored["x-schemadiff"]
    assert isinstance(provenance, dict)
    assert (provenance["source"], provenance["root"], provenance["api_version"]) == (
        f"{MODULES[release]}:WebSocketMessage", "WebSocketMessage", release)


def test_union_type_diffs_like_the_openapi_route(run_cli_inproc, tmp_path: Path) -> None:
    for release in RELEASES:
        result = _snapshot(run_cli_inproc, "ServerMessage", release, tmp_path)
        assert result.exit_code == 0, result.stderr
    stored = _stored(tmp_path, "0.1.0")
    assert stored["$ref"] == "#/$defs/ServerMessage"
    defs = stored["$defs"]
    assert isinstance(defs, dict)
    assert defs["ServerMessage"] == {"anyOf": [{"$ref": f"#/$defs/{name}"} for name in (
        "GenerationMessage", "ShotMessage", "AuthSuccessMessage", "AuthErrorMessage")]}
    models = run_cli_inproc(f"schemadiff diff {tmp_path / '0.1.0.json'} "
                            f"{tmp_path / '0.2.0.json'} --format json")
    route = run_cli_inproc(f"schemadiff diff {SNAPSHOTS / '0.1.0.json'} "
                           f"{SNAPSHOTS / '0.2.0.json'} --format json")
    assert models.exit_code == route.exit_code == 1
    assert findings(models.stdout) == findings(route.stdout)


def test_union_type_equals_the_asyncapi_union(run_cli_inproc, tmp_path: Path) -> None:
    """The AsyncAPI document and the union type describe the same messages: one schema.

    The document's definitions come from the full Sartiq app, where FastAPI calls ErrorCategory
    ``ErrorCategory-Output``; the models call it ``ErrorCategory``. Apart from that name, equal.
    """
    _snapshot(run_cli_inproc, "ServerMessage", "0.2.0", tmp_path / "model")
    document = run_cli_inproc(f"schemadiff snapshot {document_path('0.2.0', '3.0')} --root "
                              f"ServerMessage --out {tmp_path / 'doc'}")
    assert document.exit_code == 0, document.stderr
    rename = ("ErrorCategory-Output", "ErrorCategory")
    from_document = (tmp_path / "doc" / "0.2.0.json").read_text().replace(*rename)
    from_model = (tmp_path / "model" / "0.2.0.json").read_text()
    assert json.loads(from_document)["$defs"] == json.loads(from_model)["$defs"]


def test_type_adapter_and_discriminated_union(run_cli_inproc, tmp_path: Path) -> None:
    adapter = _snapshot(run_cli_inproc, "ServerMessageAdapter", "0.1.0", tmp_path / "a")
    assert adapter.exit_code == 0, adapter.stderr
    assert _stored(tmp_path / "a", "0.1.0")["$ref"] == "#/$defs/ServerMessageAdapter"
    auth = _snapshot(run_cli_inproc, "AuthMessage", "0.1.0", tmp_path / "b")
    assert auth.exit_code == 0, auth.stderr
    assert "2 message types, 3 definitions" in auth.stdout
    defs = _stored(tmp_path / "b", "0.1.0")["$defs"]
    assert isinstance(defs, dict)
    assert defs["AuthMessage"]["discriminator"] == {"propertyName": "type", "mapping": {
        "auth_error": "#/$defs/AuthErrorMessage", "auth_success": "#/$defs/AuthSuccessMessage"}}
    # The discriminator survives an AsyncAPI round trip (AsyncAPI's own is a string).
    exported = run_cli_inproc(f"schemadiff export {tmp_path / 'b' / '0.1.0.json'} -o "
                              f"{tmp_path / 'auth.yaml'}")
    assert exported.exit_code == 0, exported.stderr
    back = run_cli_inproc(f"schemadiff snapshot {tmp_path / 'auth.yaml'} --out {tmp_path / 'c'}")
    assert back.stdout.split("(")[1] == auth.stdout.split("(")[1]


@pytest.mark.parametrize(
    ("attribute", "expected"),
    [
        ("NOT_A_MODEL", "int is not a FastAPI application (no openapi() method), a factory "
                        "returning one, a pydantic model, a TypeAdapter or a union of models"),
        ("NotAModelEither", "NotAModelEither is a class but not a pydantic model; name an "
                            "application, an app factory, a pydantic model, a TypeAdapter or a "
                            "union of models"),
    ],
)
def test_anything_else_is_refused_in_one_line(run_cli_inproc, tmp_path: Path, attribute: str,
                                              expected: str) -> None:
    result = _snapshot(run_cli_inproc, attribute, "0.1.0", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"schemadiff: error: {MODULE}:{attribute}: {expected}\n"


def test_models_are_a_source_for_validate(run_cli_inproc, tmp_path: Path) -> None:
    from sartiq.messages import generate_messages

    log = tmp_path / "log.jsonl"
    log.write_text("".join(json.dumps(m) + "\n" for m in generate_messages("0.1.0", 30, 3)))
    result = run_cli_inproc(f"schemadiff validate {log} --against {MODULE}:ServerMessage",
                            cwd=TESTS)
    assert result.exit_code == 0, result.stdout + result.stderr
