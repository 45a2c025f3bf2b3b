"""End to end: ``schemadiff snapshot`` and ``schemadiff list`` in a real subprocess against the
Sartiq test app served by uvicorn on loopback (no HTTP mocking)."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from schemadiff import canonical

SARTIQ_TOKEN = "test-token"  # The token of the shared ``sartiq_url`` server (tests/conftest.py).

RunCli = Callable[..., Any]


def assert_one_error_line(result: Any, expected: str) -> None:
    """Exit 2, nothing on stdout, exactly one line on stderr, no traceback."""
    assert result.exit_code == 2, result
    assert result.stdout == ""
    assert result.stderr == f"schemadiff: error: {expected}\n"
    assert "Traceback" not in result.stderr


def test_snapshot_with_token_creates_a_valid_canonical_snapshot(
    run_cli: RunCli, sartiq_url: str, tmp_path: Path
) -> None:
    result = run_cli(f"schemadiff snapshot {sartiq_url} --token {SARTIQ_TOKEN}", cwd=tmp_path)
    path = tmp_path / "snapshots" / "0.1.0.json"
    document = json.loads(path.read_text())
    sha = document["x-schemadiff"]["sha256"]
    count = len(document["$defs"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"created snapshots/0.1.0.json (sha256 {sha[:8]}, 4 message types, {count} definitions)\n"
    )
    assert result.stderr == ""
    assert SARTIQ_TOKEN not in result.stdout
    assert path.read_text() == canonical.dumps(document)
    provenance = document["x-schemadiff"]
    assert provenance["source"] == f"{sartiq_url}/openapi.json"
    assert provenance["api_version"] == "0.1.0"
    assert provenance["root"] == "WebSocketMessage"
    assert provenance["openapi_version"].startswith("3.1")
    assert document["$ref"] == "#/$defs/WebSocketMessage"
    assert "#/components/" not in path.read_text()
    assert SARTIQ_TOKEN not in path.read_text()


def test_the_snapshot_is_a_schema_that_validates_real_messages(
    run_cli_inproc: RunCli, sartiq_url: str, tmp_path: Path
) -> None:
    from sartiq.messages import generate_messages

    run_cli_inproc(f"schemadiff snapshot {sartiq_url} --out {tmp_path}", env={
        "SCHEMADIFF_TOKEN": SARTIQ_TOKEN})
    document = json.loads((tmp_path / "0.1.0.json").read_text())
    Draft202012Validator.check_schema(document)
    validator = Draft202012Validator(document)
    for message in generate_messages("0.1.0", count=20, seed=1):
        validator.validate({"data": message})
    bad = {"data": {"type": "auth_error"}}  # An auth error without its required ``error``.
    assert not validator.is_valid(bad)


def test_two_snapshots_are_byte_identical_but_for_fetched_at(
    run_cli: RunCli, run_cli_inproc: RunCli, sartiq_url: str, tmp_path: Path
) -> None:
    for out in ("a", "b"):
        result = run_cli(
            f"schemadiff snapshot {sartiq_url}/openapi.json --token {SARTIQ_TOKEN} --out {out}",
            cwd=tmp_path,
        )
        assert result.exit_code == 0, result.stderr
    first = json.loads((tmp_path / "a" / "0.1.0.json").read_text())
    second = json.loads((tmp_path / "b" / "0.1.0.json").read_text())
    for document in (first, second):
        document["x-schemadiff"].pop("fetched_at")
    assert canonical.dumps(first) == canonical.dumps(second)
    # Running again over an existing identical snapshot leaves the file untouched.
    path = tmp_path / "a" / "0.1.0.json"
    before = path.read_bytes(), path.stat().st_mtime_ns
    again = run_cli_inproc(
        f"schemadiff snapshot {sartiq_url} --token {SARTIQ_TOKEN} --out a", cwd=tmp_path
    )
    assert again.exit_code == 0
    assert again.stdout.startswith("unchanged a/0.1.0.json (sha256 ")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_a_token_in_the_url_query_and_user_info_is_stripped(
    run_cli_inproc: RunCli, sartiq_url: str, tmp_path: Path
) -> None:
    url = sartiq_url.replace("http://", "http://me:hunter2@") + "/openapi.json?debug=1"
    result = run_cli_inproc(
        f"schemadiff snapshot {url} --token {SARTIQ_TOKEN} --name x", cwd=tmp_path
    )
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "snapshots" / "x.json").read_text()
    assert json.loads(text)["x-schemadiff"]["source"] == f"{sartiq_url}/openapi.json"
    assert "hunter2" not in text
    assert "debug" not in text


def test_a_credential_header_is_never_shown(
    run_cli: RunCli, sartiq_url: str, tmp_path: Path
) -> None:
    result = run_cli(
        ["schemadiff", "snapshot", f"{sartiq_url}/nope", "--header",
         "Authorization: Bearer header-secret-42", "--retries", "0"], cwd=tmp_path,
    )
    assert_one_error_line(
        result, f"not found (HTTP 404): {sartiq_url}/nope; check the URL (a bare base URL means "
                "/openapi.json)",
    )


@pytest.fixture
def dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing-token", "authentication failed (HTTP 401) for {sartiq}/openapi.json; pass "
                          "--token or set SCHEMADIFF_TOKEN"),
        ("wrong-token", "authentication failed (HTTP 401) for {sartiq}/openapi.json; the server "
                        "rejected the credentials; check --token or SCHEMADIFF_TOKEN"),
        ("wrong-url", "not found (HTTP 404): {sartiq}/api/v2/openapi.json; check the URL (a bare "
                      "base URL means /openapi.json)"),
        ("dead-port", "cannot connect to http://127.0.0.1:{port}/openapi.json: connection "
                      "refused"),
        ("not-json", "{bad}/html: response is not JSON (content-type text/html); it starts with "
                     "'<html><body>Welcome<'"),
        ("dangling", "{bad}/dangling/openapi.json: dangling $ref '#/components/schemas/Gone' at "
                     "#/components/schemas/WebSocketMessage/properties/data: there is no schema "
                     "'Gone' in components.schemas"),
        ("bad-name", "invalid snapshot name '../x': a name is a plain file name, without path "
                     "separators or '..'"),
        ("absolute-name", "invalid snapshot name '/tmp/x': a name is a plain file name, without "
                          "path separators or '..'"),
        ("bad-header", "--header #1 is not of the form 'Name: value'"),
        ("plain-schema-without-name", "schema.json has no API version (info.version) to name "
                                      "the snapshot; pass --name"),
    ],
)
def test_failures_are_one_clear_line_and_exit_2(
    run_cli_inproc: RunCli, sartiq_url: str, bad_url: str, dead_port: int, tmp_path: Path,
    case: str, expected: str,
) -> None:
    (tmp_path / "schema.json").write_text('{"type": "object"}')
    token = f"--token {SARTIQ_TOKEN}"
    command = {
        "missing-token": f"snapshot {sartiq_url}",
        "wrong-token": f"snapshot {sartiq_url} --token not-the-token",
        "wrong-url": f"snapshot {sartiq_url}/api/v2/openapi.json {token}",
        "dead-port": f"snapshot http://127.0.0.1:{dead_port} --retries 0",
        "not-json": f"snapshot {bad_url}/html",
        "dangling": f"snapshot {bad_url}/dangling/openapi.json",
        "bad-name": f"snapshot {sartiq_url} {token} --name ../x",
        "absolute-name": f"snapshot {sartiq_url} {token} --name /tmp/x",
        "bad-header": f"snapshot {sartiq_url} {token} --header nocolon",
        "plain-schema-without-name": "snapshot schema.json",
    }[case]
    result = run_cli_inproc(f"schemadiff {command}", cwd=tmp_path)
    assert_one_error_line(
        result, expected.format(sartiq=sartiq_url, bad=bad_url, port=dead_port)
    )
    assert SARTIQ_TOKEN not in result.stderr
    assert not (tmp_path / "snapshots").exists()


def test_an_existing_snapshot_with_other_content_is_refused_then_forced(
    run_cli_inproc: RunCli, sartiq_url: str, tmp_path: Path
) -> None:
    store = tmp_path / "snapshots"
    store.mkdir()
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"type": "object", "title": "Other"}))
    first = run_cli_inproc("schemadiff snapshot other.json --name 0.1.0", cwd=tmp_path)
    assert first.exit_code == 0, first.stderr
    original = (store / "0.1.0.json").read_bytes()
    refused = run_cli_inproc(
        f"schemadiff snapshot {sartiq_url} --token {SARTIQ_TOKEN}", cwd=tmp_path
    )
    assert_one_error_line(
        refused, "snapshots/0.1.0.json already holds a different schema; pass --force to "
                 "replace it, or choose another --name",
    )
    assert (store / "0.1.0.json").read_bytes() == original
    forced = run_cli_inproc(f"schemadiff snapshot {sartiq_url} --token {SARTIQ_TOKEN} --force",
                     cwd=tmp_path)
    assert forced.exit_code == 0, forced.stderr
    assert forced.stdout.startswith("replaced snapshots/0.1.0.json (sha256 ")
    assert sorted(path.name for path in store.iterdir()) == ["0.1.0.json"]


def test_stdin_and_yaml_sources(
    run_cli_inproc: RunCli, tmp_path: Path, good_document: dict[str, Any], yaml_document: str
) -> None:
    from_stdin = run_cli_inproc("schemadiff snapshot - --out s", stdin=json.dumps(good_document),
                         cwd=tmp_path)
    assert from_stdin.exit_code == 0, from_stdin.stderr
    assert from_stdin.stdout.startswith("created s/2.0.0.json (sha256 ")
    assert from_stdin.stdout.endswith(", 1 message type, 2 definitions)\n")
    (tmp_path / "doc.yaml").write_text(yaml_document)
    from_yaml = run_cli_inproc("schemadiff snapshot doc.yaml --out s", cwd=tmp_path)
    assert from_yaml.stdout.startswith("unchanged s/2.0.0.json (sha256 "), from_yaml.stderr
    provenance = json.loads((tmp_path / "s" / "2.0.0.json").read_text())["x-schemadiff"]
    assert provenance["source"] == "<stdin>"


def test_invalid_json_file_names_file_line_and_column(
    run_cli_inproc: RunCli, tmp_path: Path
) -> None:
    (tmp_path / "bad.json").write_text('{\n  "openapi": "3.1.0",\n  "info": ,\n}\n')
    result = run_cli_inproc("schemadiff snapshot bad.json", cwd=tmp_path)
    assert_one_error_line(result, "bad.json: invalid JSON at line 3 column 11: Expecting value")


def test_list_shows_the_store_in_version_order(
    run_cli_inproc: RunCli, tmp_path: Path, good_document: dict[str, Any]
) -> None:
    for version in ("0.10.0", "0.9.0"):
        document = {**good_document, "info": {"title": "T", "version": version}}
        (tmp_path / f"{version}.json").write_text(json.dumps(document))
        assert run_cli_inproc(f"schemadiff snapshot {version}.json", cwd=tmp_path).exit_code == 0
    (tmp_path / "snapshots" / ".0.9.0.x1y2.tmp").write_text("{")  # left by a killed writer
    listed = run_cli_inproc("schemadiff list --format json", cwd=tmp_path)
    assert listed.exit_code == 0, listed.stderr
    rows = json.loads(listed.stdout)["snapshots"]
    assert [row["name"] for row in rows] == ["0.9.0", "0.10.0"]
    assert rows[0]["message_types"] == ["ping"]
    assert rows[0]["variants"] == ["Ping"]
    assert rows[0]["definitions"] == 2
    text = run_cli_inproc("schemadiff list", cwd=tmp_path)
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0] == "snapshots in snapshots"
    assert lines[1].split() == [
        "name", "api", "version", "types", "defs", "sha256", "fetched", "at",
    ]
    assert [line.split()[0] for line in lines[2:]] == ["0.9.0", "0.10.0"]
    assert all(len(line) <= 80 for line in lines)


def test_list_of_an_empty_store(run_cli_inproc: RunCli, tmp_path: Path) -> None:
    result = run_cli_inproc("schemadiff list --snapshots nowhere", cwd=tmp_path)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "no snapshots in nowhere\n")
    as_json = run_cli_inproc("schemadiff list --snapshots nowhere --format json", cwd=tmp_path)
    assert json.loads(as_json.stdout) == {"directory": "nowhere", "snapshots": []}
