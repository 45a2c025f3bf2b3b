"""Source loaders: files (JSON, YAML), stdin, HTTP (against a real loopback server), dispatch."""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from schemadiff import canonical
from schemadiff.errors import NetworkError, SchemaError, SnapshotError, SourceError
from schemadiff.sources import SourceOptions, load_document, load_snapshot
from schemadiff.store import SnapshotStore

FAST = SourceOptions(retries=0, timeout=2.0, backoff=0.01)


def message(error: pytest.ExceptionInfo[Exception]) -> str:
    text = str(error.value)
    assert "\n" not in text
    return text


# Files: JSON and YAML.

def test_json_and_yaml_files_give_the_same_snapshot(
    tmp_path: Path, good_document: dict[str, Any], yaml_document: str
) -> None:
    (tmp_path / "a.json").write_text(json.dumps(good_document))
    (tmp_path / "a.yaml").write_text(yaml_document)
    from_json = load_snapshot(str(tmp_path / "a.json"), FAST)
    from_yaml = load_snapshot(str(tmp_path / "a.yaml"), FAST)
    assert from_json.schema == from_yaml.schema
    assert from_yaml.provenance is not None
    assert from_yaml.provenance.source == str(tmp_path / "a.yaml")
    assert from_yaml.provenance.api_version == "2.0.0"


def test_a_bom_is_accepted(tmp_path: Path, good_document: dict[str, Any]) -> None:
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(good_document).encode())
    assert load_document(str(tmp_path / "bom.json")).document == good_document


def test_yaml_dates_stay_strings(tmp_path: Path) -> None:
    (tmp_path / "d.yaml").write_text("openapi: 3.1.0\ninfo: {version: 2024-01-02}\n")
    assert load_document(str(tmp_path / "d.yaml")).document["info"]["version"] == "2024-01-02"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bad.json", b'{\n  "openapi": "3.1.0",\n  "info": }\n',
         "bad.json: invalid JSON at line 3 column 11: Expecting value"),
        ("trailing.json", b'{"a": 1,}', "trailing.json: invalid JSON at line 1 column 9: "
                                         "Expecting property name enclosed in double quotes"),
        ("nan.json", b'{"a": NaN}', "nan.json: invalid JSON: NaN is not a JSON value"),
        ("latin1.json", b'{"a": "caf\xe9"}',
         "latin1.json: not UTF-8 text (byte 0xe9 at offset 10)"),
        ("empty.json", b"  \n", "empty.json: empty document"),
        ("list.json", b"[1, 2]", "list.json: expected a JSON object (an OpenAPI document or a "
                                 "JSON Schema), got an array"),
        ("scalar.yaml", b"just text", "scalar.yaml: expected a JSON object (an OpenAPI document "
                                      "or a JSON Schema), got a string"),
        ("bad.yaml", b"a: [1, 2\nb: 3\n", "bad.yaml: invalid YAML at line 2 column 2: expected "
                                          "',' or ']', but got ':'"),
        ("tag.yaml", b"a: !!python/object:os.system ls\n",
         "tag.yaml: invalid YAML at line 1 column 4: explicit tag "
         "'tag:yaml.org,2002:python/object:os.system' is not allowed (safe loading only)"),
        ("binary.yaml", b"a: !!binary aGVsbG8=\n",
         "binary.yaml: invalid YAML at line 1 column 4: explicit tag 'tag:yaml.org,2002:binary' "
         "is not allowed (safe loading only)"),
        ("custom.yaml", b"a: !Ref b\n", "custom.yaml: invalid YAML at line 1 column 4: explicit "
                                        "tag '!Ref' is not allowed (safe loading only)"),
        ("two.yaml", b"a: 1\n---\nb: 2\n", "two.yaml: expected one YAML document, found 2"),
        ("keys.yaml", b"1: a\n", "keys.yaml: object key 1 is not a string (JSON keys are strings)"),
        ("inf.yaml", b"a: .inf\n", "inf.yaml: inf is not a JSON number"),
        ("self.yaml", b"a: &x [*x]\n", "self.yaml: a YAML alias refers to itself (an endless "
                                   "document)"),
    ],
)
def test_bad_files_are_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: bytes, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(name).write_bytes(content)
    with pytest.raises(SourceError) as caught:
        load_document(name)
    assert message(caught) == expected


def test_a_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n")
    started = time.monotonic()
    expected = (r"bomb.yaml: document too large \(more than 2,000,000 values after expanding "
                r"YAML aliases; an alias bomb\?\)")
    with pytest.raises(SourceError, match=expected):
        load_document(str(tmp_path / "bomb.yaml"))
    assert time.monotonic() - started < 30  # a guard against hanging, not a benchmark


def test_deeply_nested_json_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text('{"a": ' + "[" * 10_000 + "]" * 10_000 + "}")
    with pytest.raises(SourceError) as caught:
        load_document(str(tmp_path / "deep.json"))
    assert message(caught) in (
        f"{tmp_path / 'deep.json'}: JSON nested too deeply to read (more than 200 levels allowed)",
        f"{tmp_path / 'deep.json'}: document nested more than 200 levels deep",
    )


def test_deeply_nested_yaml_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "deep.yaml").write_text("a: " + "[" * 10_000 + "]" * 10_000 + "\n")
    with pytest.raises(SourceError, match=r"deep\.yaml: .*nested"):
        load_document(str(tmp_path / "deep.yaml"))


def test_a_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    (tmp_path / "big.json").write_text("{}" + " " * 100)
    with pytest.raises(SourceError) as caught:
        load_document(str(tmp_path / "big.json"), SourceOptions(max_bytes=50))
    assert message(caught) == f"{tmp_path / 'big.json'}: larger than the 50 bytes limit"


def test_stdin(monkeypatch: pytest.MonkeyPatch, good_document: dict[str, Any]) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps(good_document).encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    loaded = load_snapshot("-")
    assert loaded.label == "<stdin>"
    assert sorted(loaded.schema["$defs"]) == ["Ping", "WebSocketMessage"]


# Dispatch.

def test_names_resolve_in_the_store(tmp_path: Path, good_document: dict[str, Any]) -> None:
    (tmp_path / "doc.json").write_text(json.dumps(good_document))
    store = SnapshotStore(tmp_path / "snaps")
    first = load_snapshot(str(tmp_path / "doc.json"))
    store.write(first, "2.0.0")
    options = SourceOptions(snapshots_dir=tmp_path / "snaps")
    by_name = load_snapshot("2.0.0", options)
    by_latest = load_snapshot("latest", options)
    by_path = load_snapshot(str(tmp_path / "snaps" / "2.0.0.json"), options)
    assert by_name.schema == by_latest.schema == by_path.schema == first.schema
    assert by_name.label == by_latest.label == "2.0.0"
    assert by_name.provenance == first.provenance


def test_an_unknown_name_says_what_the_store_has(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError) as caught:
        load_snapshot("0.4.0", SourceOptions(snapshots_dir=tmp_path))
    assert message(caught) == f"no snapshot named '0.4.0' in {tmp_path} (available: none)"


def test_a_missing_file_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        load_snapshot(str(tmp_path / "nope.json"))
    assert message(caught) == f"{tmp_path / 'nope.json'}: no such file"


def test_a_plain_json_schema_has_no_provenance(tmp_path: Path) -> None:
    (tmp_path / "plain.json").write_text(json.dumps({"type": "object", "title": "Plain"}))
    loaded = load_snapshot(str(tmp_path / "plain.json"))
    assert loaded.provenance is None
    assert loaded.sha256 == canonical.sha256(loaded.schema)


def test_git_and_app_hooks_are_dispatched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    for module, spec in (("schemadiff.sources.git", "git:HEAD:x.json"),
                         ("schemadiff.sources.app", "some_module:app")):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError:
            with pytest.raises(SourceError, match="are not available in this build"):
                load_document(spec)
        else:
            with pytest.raises(SourceError):  # The real loader runs and fails on a bad spec.
                load_document(spec)


# HTTP, against a real server on loopback.

def test_a_url_is_fetched_and_a_bare_base_url_means_openapi_json(
    bad_url: str, good_document: dict[str, Any]
) -> None:
    by_path = load_snapshot(f"{bad_url}/good/openapi.json", FAST)
    by_base = load_snapshot(bad_url, FAST)
    assert by_path.schema == by_base.schema
    assert by_base.provenance is not None
    assert by_base.provenance.source == f"{bad_url}/openapi.json"


def test_yaml_over_http(bad_url: str) -> None:
    loaded = load_snapshot(f"{bad_url}/yaml/openapi.yaml", FAST)
    assert sorted(loaded.schema["$defs"]) == ["Ping", "WebSocketMessage"]


def test_a_redirect_is_followed_and_the_final_url_recorded(bad_url: str) -> None:
    loaded = load_snapshot(f"{bad_url}/moved?token=abc", FAST)
    assert loaded.provenance is not None
    assert loaded.provenance.source == f"{bad_url}/good/openapi.json"


def test_the_token_is_sent_as_a_bearer(bad_url: str, bad_token: str) -> None:
    loaded = load_snapshot(f"{bad_url}/auth/openapi.json", SourceOptions(token=bad_token))
    assert loaded.api_version == "2.0.0"
    with_header = SourceOptions(headers=(("Authorization", f"Bearer {bad_token}"),))
    assert load_snapshot(f"{bad_url}/auth/openapi.json", with_header).api_version == "2.0.0"


def test_503_is_retried_with_backoff(bad_url: str) -> None:
    options = SourceOptions(retries=3, backoff=0.01)
    loaded = load_snapshot(f"{bad_url}/flaky/retry-ok?failures=2", options)
    assert loaded.api_version == "2.0.0"
    assert load_document(f"{bad_url}/attempts/retry-ok").document == {"attempts": 3}


def test_retries_give_up_with_the_last_status(bad_url: str) -> None:
    options = SourceOptions(retries=2, backoff=0.01)
    with pytest.raises(NetworkError) as caught:
        load_snapshot(f"{bad_url}/flaky/give-up?failures=99", options)
    assert message(caught) == (
        f"HTTP 503 Service Unavailable from {bad_url}/flaky/give-up (after 3 attempts)"
    )


def test_a_refused_connection_is_retried_then_reported(dead_url: str) -> None:
    with pytest.raises(NetworkError) as caught:
        load_snapshot(dead_url, SourceOptions(retries=2, backoff=0.01))
    assert message(caught) == f"cannot connect to {dead_url}: connection refused (after 3 attempts)"


@pytest.mark.parametrize(
    ("path", "options", "expected"),
    [
        ("/auth/openapi.json", FAST, "authentication failed (HTTP 401) for {url}; pass --token "
                                     "or set SCHEMADIFF_TOKEN"),
        ("/auth/openapi.json", SourceOptions(token="wrong", retries=0),
         "authentication failed (HTTP 401) for {url}; the server rejected the credentials; check "
         "--token or SCHEMADIFF_TOKEN"),
        ("/status/403", FAST, "authentication failed (HTTP 403) for {url}; pass --token or set "
                              "SCHEMADIFF_TOKEN"),
        ("/nothing-here", FAST, "not found (HTTP 404): {url}; check the URL (a bare base URL "
                                "means /openapi.json)"),
        ("/status/500", FAST, "HTTP 500 Internal Server Error from {url}"),
        ("/status/418", FAST, "HTTP 418 I'm a Teapot from {url}"),
        ("/html", FAST, "{url}: response is not JSON (content-type text/html); it starts with "
                        "'<html><body>Welcome<'"),
        ("/broken-json", FAST, "{url}: invalid JSON at line 2 column 11: Expecting value"),
        ("/empty", FAST, "{url} returned an empty body (HTTP 200)"),
        ("/loop", FAST, "too many redirects (more than 10) from {url}"),
        ("/big", SourceOptions(max_bytes=1000, retries=0),
         "{url} sends 10,306 bytes, more than the 1,000 bytes limit"),
        ("/slow", SourceOptions(timeout=0.3, retries=0),
         "timed out after 0.3s waiting for {url}; raise --timeout if the server is slow"),
    ],
)
def test_http_failures_are_one_clear_line(
    bad_url: str, path: str, options: SourceOptions, expected: str
) -> None:
    with pytest.raises(SourceError) as caught:
        load_snapshot(f"{bad_url}{path}?token=secret-in-query", options)
    assert message(caught) == expected.format(url=f"{bad_url}{path}")
    assert "secret-in-query" not in message(caught)


def test_a_dangling_ref_over_http_is_a_schema_error(bad_url: str) -> None:
    with pytest.raises(SchemaError) as caught:
        load_snapshot(f"{bad_url}/dangling/openapi.json", FAST)
    assert message(caught) == (
        f"{bad_url}/dangling/openapi.json: dangling $ref '#/components/schemas/Gone' at "
        "#/components/schemas/WebSocketMessage/properties/data: there is no schema 'Gone' in "
        "components.schemas"
    )


def test_credentials_in_the_url_are_not_recorded(bad_url: str) -> None:
    url = bad_url.replace("http://", "http://user:hunter2@") + "/good/openapi.json?key=k"
    loaded = load_snapshot(url, FAST)
    assert loaded.provenance is not None
    assert loaded.provenance.source == f"{bad_url}/good/openapi.json"
    assert "hunter2" not in loaded.text()
