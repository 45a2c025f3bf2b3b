"""The hand-written AsyncAPI documents of the Sartiq app read like its OpenAPI route.

Each release is described in AsyncAPI 2.6 (YAML) and 3.0 (JSON). Read as sources they are valid
against the official schemas, diff to exactly the findings of the OpenAPI snapshots, validate and
gate messages the same way, and work as files, URLs and git paths.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from contracts.helpers import (
    DOCUMENTS,
    RELEASES,
    SNAPSHOTS,
    document_path,
    findings,
    official_validator,
)
from contracts.regenerate import expected_files


def test_committed_documents_are_what_regenerate_writes() -> None:
    expected = expected_files()
    committed = {path.name: path.read_text(encoding="utf-8") for path in DOCUMENTS.iterdir()}
    assert committed == expected, "run python tests/contracts/regenerate.py"


@pytest.mark.parametrize("release", RELEASES)
@pytest.mark.parametrize("spec", ["2.6", "3.0"])
def test_documents_are_valid_against_the_official_schema(release: str, spec: str) -> None:
    path = document_path(release, spec)
    text = path.read_text(encoding="utf-8")
    document = yaml.safe_load(text) if path.suffix == ".yaml" else json.loads(text)
    errors = list(official_validator(f"{spec}.0").iter_errors(document))
    assert errors == []


@pytest.mark.parametrize(("old_spec", "new_spec"), [("2.6", "2.6"), ("3.0", "3.0"), ("2.6", "3.0")])
def test_diff_of_asyncapi_documents_equals_diff_of_the_openapi_route(
    run_cli_inproc, old_spec: str, new_spec: str
) -> None:
    route = run_cli_inproc(f"schemadiff diff {SNAPSHOTS / '0.1.0.json'} "
                           f"{SNAPSHOTS / '0.2.0.json'} --format json")
    documents = run_cli_inproc(f"schemadiff diff {document_path('0.1.0', old_spec)} "
                               f"{document_path('0.2.0', new_spec)} --format json")
    assert route.exit_code == documents.exit_code == 1, documents.stderr
    expected = findings(route.stdout)
    assert len(expected) > 20  # the CHANGES.md of the test app, as findings
    assert findings(documents.stdout) == expected


def test_snapshot_of_a_document(run_cli_inproc, tmp_path: Path) -> None:
    result = run_cli_inproc(f"schemadiff snapshot {document_path('0.2.0', '2.6')} --out {tmp_path}")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"created {tmp_path / '0.2.0.json'} (sha256 ")
    assert "5 message types, 36 definitions" in result.stdout
    stored = json.loads((tmp_path / "0.2.0.json").read_text())
    assert stored["$ref"] == "#/$defs/WebSocketMessage"
    assert stored["$defs"]["WebSocketMessage"] == {"anyOf": [
        {"$ref": f"#/$defs/{name}"} for name in (
            "GenerationMessage", "ShotMessage", "AuthSuccessMessage", "AuthErrorMessage",
            "NotificationMessage")]}
    assert stored["x-schemadiff"]["api_version"] == "0.2.0"
    # The union is the only difference from the OpenAPI route: the definitions are the same.
    route = json.loads((SNAPSHOTS / "0.2.0.json").read_text())
    assert {k: v for k, v in stored["$defs"].items() if k != "WebSocketMessage"} == {
        k: v for k, v in route["$defs"].items() if k != "WebSocketMessage"}


def test_both_versions_of_a_release_give_one_snapshot(run_cli_inproc, tmp_path: Path) -> None:
    lines = [run_cli_inproc(f"schemadiff snapshot {document_path('0.1.0', spec)} "
                            f"--out {tmp_path}").stdout for spec in ("2.6", "3.0")]
    assert lines[0].startswith("created ")
    assert lines[1].startswith("unchanged ")


def _log(tmp_path: Path, release: str, count: int) -> Path:
    from sartiq.messages import generate_messages

    log = tmp_path / "messages.jsonl"
    log.write_text("".join(json.dumps(m) + "\n" for m in generate_messages(release, count, 7)))
    return log


@pytest.mark.parametrize("spec", ["2.6", "3.0"])
def test_validate_against_a_document(run_cli_inproc, tmp_path: Path, spec: str) -> None:
    log = _log(tmp_path, "0.2.0", 40)
    good = run_cli_inproc(f"schemadiff validate {log} --against "
                          f"{document_path('0.2.0', spec)} --format json")
    assert good.exit_code == 0, good.stdout + good.stderr
    assert json.loads(good.stdout)["valid"] == 40
    # The 0.2.0 messages against the 0.1.0 contract: the same verdict as the OpenAPI snapshot's.
    old = run_cli_inproc(f"schemadiff validate {log} --against "
                         f"{document_path('0.1.0', spec)} --format json")
    route = run_cli_inproc(f"schemadiff validate {log} --against 0.1.0 --snapshots "
                           f"{SNAPSHOTS} --format json")
    assert old.exit_code == route.exit_code == 1
    counts = ("total", "valid", "invalid")
    assert [json.loads(old.stdout)[k] for k in counts] == [
        json.loads(route.stdout)[k] for k in counts]


def test_check_gates_documents_like_snapshots(run_cli_inproc) -> None:
    by_document = run_cli_inproc(f"schemadiff check {document_path('0.2.0', '3.0')} --against "
                                 f"{document_path('0.1.0', '2.6')} --format json")
    by_route = run_cli_inproc(f"schemadiff check {SNAPSHOTS / '0.2.0.json'} --against "
                              f"{SNAPSHOTS / '0.1.0.json'} --format json")
    assert by_document.exit_code == by_route.exit_code, by_document.stderr
    assert findings(by_document.stdout) == findings(by_route.stdout)


def test_show_lists_the_messages(run_cli_inproc) -> None:
    result = run_cli_inproc(f"schemadiff show {document_path('0.1.0', '3.0')} --format json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    names = [message["name"] for message in shown["messages"]]
    assert names == ["GenerationMessage", "ShotMessage", "AuthSuccessMessage", "AuthErrorMessage"]


def test_document_over_http(run_cli_inproc, serve, tmp_path: Path) -> None:
    from fastapi import FastAPI
    from fastapi.responses import Response

    path = document_path("0.1.0", "2.6")
    app = FastAPI()

    @app.get("/asyncapi.yaml")
    def document() -> Response:
        return Response(path.read_bytes(), media_type="application/yaml")

    url = serve(app) + "/asyncapi.yaml"
    over_http = run_cli_inproc(f"schemadiff snapshot {url} --out {tmp_path / 'a'}")
    from_file = run_cli_inproc(f"schemadiff snapshot {path} --out {tmp_path / 'b'}")
    assert over_http.exit_code == from_file.exit_code == 0, over_http.stderr
    assert over_http.stdout.split("(")[1] == from_file.stdout.split("(")[1]


def test_document_from_git(run_cli_inproc, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "asyncapi.json").write_bytes(document_path("0.1.0", "3.0").read_bytes())
    for argv in (["init", "-q"], ["add", "asyncapi.json"],
                 ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm",
                  "contract"]):
        subprocess.run(["git", *argv], cwd=repo, check=True)
    (repo / "asyncapi.json").write_text("{}")  # The working copy no longer matters.
    result = run_cli_inproc(f"schemadiff diff git:HEAD:asyncapi.json "
                            f"{document_path('0.1.0', '2.6')}", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert "no changes" in result.stdout.lower() or "0 findings" in result.stdout.lower()


def test_capture_against_a_document(run_cli_inproc, serve, tmp_path: Path) -> None:
    from sartiq.app import create_app

    ws = serve(create_app("0.1.0")).replace("http://", "ws://") + "/ws?count=6&invalid=2"
    out = tmp_path / "live.jsonl"
    document = document_path("0.1.0", "3.0")
    live = run_cli_inproc(f"schemadiff capture {ws} -o {out} --against {document} "
                          f"--format json")
    assert live.exit_code == 1, live.stderr
    later = run_cli_inproc(f"schemadiff validate {out} --against {document} --format json")
    assert later.stdout == live.stdout
    assert json.loads(later.stdout)["invalid"] == 2


def test_client_side_with_direction(run_cli_inproc, tmp_path: Path) -> None:
    result = run_cli_inproc(f"schemadiff show {document_path('0.1.0', '3.0')} "
                            "--direction client-to-server --format json")
    assert result.exit_code == 0, result.stderr
    assert [m["name"] for m in json.loads(result.stdout)["messages"]] == ["AuthRequest"]
    log = tmp_path / "sent.jsonl"
    log.write_text('{"type": "auth", "token": "t"}\n')
    # validate's --direction sent (the frames a client sent) reads the client's union.
    sent = run_cli_inproc(f"schemadiff validate {log} --against "
                          f"{document_path('0.1.0', '2.6')} --direction sent")
    assert sent.exit_code == 0, sent.stdout
    received = run_cli_inproc(f"schemadiff validate {log} --against "
                              f"{document_path('0.1.0', '2.6')}")
    assert received.exit_code == 1
    assert "unknown message type 'auth'" in received.stdout


@pytest.mark.parametrize("command", ["snapshot {doc} --out {tmp}", "diff {doc} {doc}",
                                     "check {doc} --against {doc}", "show {doc}",
                                     "validate {log} --against {doc}"])
def test_every_command_takes_channel(run_cli_inproc, tmp_path: Path, command: str) -> None:
    log = tmp_path / "empty.jsonl"
    log.write_text("")
    line = command.format(doc=document_path("0.1.0", "3.0"), tmp=tmp_path, log=log)
    wrong = run_cli_inproc(f"schemadiff {line} --channel /nope")
    assert wrong.exit_code == 2
    assert wrong.stderr == (f"schemadiff: error: {document_path('0.1.0', '3.0')}: no channel "
                            "'/nope' (channels: 'updates')\n")
    right = run_cli_inproc(f"schemadiff {line} --channel /ws")
    assert right.exit_code == 0, right.stderr
