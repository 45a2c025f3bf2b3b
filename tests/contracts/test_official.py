"""The official AsyncAPI schemas ship with schemadiff and are applied without a network."""

from __future__ import annotations

import json
import socket
from importlib import resources
from pathlib import Path
from urllib.parse import urljoin

import pytest
from contracts.helpers import OFFICIAL, RELEASES, document_path

from schemadiff.asyncapi.official import SUPPORTED, check_document, schema_text
from schemadiff.errors import SchemaError

SHIPPED = resources.files("schemadiff").joinpath("data/asyncapi")


@pytest.mark.parametrize("name", [*(f"{v}.json" for v in SUPPORTED), "LICENSE", "NOTICE"])
def test_shipped_copy_equals_the_official_files(name: str) -> None:
    if not OFFICIAL.is_dir():
        pytest.skip(f"{OFFICIAL} is absent (the shared conformance data)")
    assert SHIPPED.joinpath(name).read_bytes() == (OFFICIAL / name).read_bytes()


def _refs(node: object, base: str) -> set[str]:
    """Every ``$ref`` of a schema made absolute against the ``$id`` of the resource it is in."""
    if isinstance(node, dict):
        if isinstance(node.get("$id"), str):
            base = urljoin(base, node["$id"])
        found = {urljoin(base, node["$ref"])} if isinstance(node.get("$ref"), str) else set()
        # Examples are data: their "$ref"s belong to the documents they show.
        return found.union(*(_refs(value, base) for key, value in node.items()
                             if key not in ("examples", "example")))
    if isinstance(node, list):
        return set().union(*(_refs(item, base) for item in node))
    return set()


@pytest.mark.parametrize("version", SUPPORTED)
def test_every_internal_ref_resolves_offline(version: str) -> None:
    from schemadiff.asyncapi.official import _validator

    schema = json.loads(schema_text(version))
    resolver = _validator(version)._resolver
    refs = _refs(schema, schema["$id"])
    assert len(refs) > 40
    for ref in refs:
        assert resolver.lookup(ref).contents is not None, ref


@pytest.mark.parametrize("version", SUPPORTED)
def test_fast_validator_needs_nothing_from_outside(version: str) -> None:
    from schemadiff.asyncapi.official import _fast_validator

    # Its retriever refuses every URI, so building it proves the bundle is self-contained.
    assert _fast_validator(version) is not None


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the AsyncAPI check tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize("release", RELEASES)
@pytest.mark.parametrize("spec", ["2.6", "3.0"])
def test_check_runs_without_network(release: str, spec: str) -> None:
    import yaml

    text = document_path(release, spec).read_text(encoding="utf-8")
    check_document(yaml.safe_load(text), f"{spec}.0", "doc")


def _minimal(version: str) -> dict[str, object]:
    return {"asyncapi": version, "info": {"title": "t", "version": "1"}}


@pytest.mark.parametrize(
    ("version", "change", "expected"),
    [
        ("2.6.0", {"channels": {"a": {"subscribe": {"message": {"payload": {"type": 5}}}}}},
         "doc: not a valid AsyncAPI 2.6.0 document: at /channels/a/subscribe/message/payload/"
         "type: 5 is not valid under any of the given schemas"),
        ("3.0.0", {"operations": {"go": {"action": "shout",
                                         "channel": {"$ref": "#/channels/a"}}}},
         "doc: not a valid AsyncAPI 3.0.0 document: at /operations/go/action: 'shout' is not one "
         "of ['send', 'receive']"),
        ("3.1.0", {"info": {"title": "t"}},
         "doc: not a valid AsyncAPI 3.1.0 document: at /info: 'version' is a required property"),
    ],
)
def test_first_error_names_the_pointer(version: str, change: dict[str, object],
                                       expected: str) -> None:
    with pytest.raises(SchemaError) as caught:
        check_document({**_minimal(version), **change}, version, "doc")
    assert str(caught.value) == expected


def test_invalid_document_is_one_line_exit_2(run_cli_inproc, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\n"
                    "channels: {a: {address: 5}}\n")
    result = run_cli_inproc(f"schemadiff snapshot {path} --out {tmp_path}")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"schemadiff: error: {path}: not a valid AsyncAPI 3.0.0 document: "
                               "at /channels/a")


def test_unsupported_version_says_which_are(run_cli_inproc, tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps(_minimal("2.5.0")))
    result = run_cli_inproc(f"schemadiff show {path}")
    assert result.exit_code == 2
    assert result.stderr == (
        f"schemadiff: error: {path}: AsyncAPI version '2.5.0' is not supported (supported: "
        "2.6.0, 3.0.0, 3.1.0; convert the document with the AsyncAPI CLI first)\n")
