"""Secrets: a token given by flag, environment or header, or credentials in a URL, never show.

The bad-input table already greps every failing source case for the token; these tests cover the
successful runs (whose outputs are files and reports), headers, credentials and query strings in
URLs, and the last line of defence (an unexpected exception) in a real child process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hardening.support import TOKEN, CliResult, RunCli, World


def _everything(result: CliResult, root: Path) -> str:
    """stdout, stderr and every file under ``root``, as one text to grep."""
    texts = [result.stdout, result.stderr]
    texts += [path.read_bytes().decode("utf-8", "replace") for path in root.rglob("*")
              if path.is_file()]
    return "\n".join(texts)


@pytest.mark.parametrize("by", ["flag", "env"])
def test_token_is_absent_from_every_output_of_successful_runs(
    by: str, world: World, tmp_path: Path, run_cli_inproc: RunCli,
) -> None:
    def run(command: str) -> CliResult:
        if by == "flag":
            return run_cli_inproc(f"{command} --token {TOKEN}", cwd=tmp_path)
        return run_cli_inproc(command, env={"SCHEMADIFF_TOKEN": TOKEN}, cwd=tmp_path)

    (tmp_path / "log.jsonl").write_bytes((world.big / "valid.jsonl").read_bytes())
    results = [
        run(f"schemadiff snapshot {world.secured} --name mine"),
        run(f"schemadiff diff {world.secured}/openapi.json mine --format json "
            "--output report.json"),
        run(f"schemadiff diff mine {world.secured} --format sarif"),
        run(f"schemadiff validate log.jsonl --against {world.secured} --format json"),
    ]
    assert [r.exit_code for r in results] == [0, 0, 0, 0], [
        r.stderr for r in results
    ]
    snapshot = json.loads((tmp_path / "snapshots" / "mine.json").read_text(encoding="utf-8"))
    assert snapshot["x-schemadiff"]["source"] == f"{world.secured}/openapi.json"
    for result in results:
        assert TOKEN not in _everything(result, tmp_path)


@pytest.mark.parametrize("header", [
    pytest.param(f"Authorization: Bearer {TOKEN}", id="authorization"),
    pytest.param(f"X-Api-Key: {TOKEN}", id="api-key"),
    pytest.param(f"Cookie: session={TOKEN}", id="cookie"),
])
def test_credential_headers_are_never_shown(header: str, world: World, tmp_path: Path,
                                            run_cli_inproc: RunCli) -> None:
    result = run_cli_inproc(["schemadiff", "snapshot", f"{world.sartiq}/misbehave/status/500",
                             "--header", header, "--retries", "0"], cwd=tmp_path)
    assert result.exit_code == 2
    assert TOKEN not in _everything(result, tmp_path)


def test_a_malformed_credential_header_is_not_echoed(tmp_path: Path,
                                                      run_cli_inproc: RunCli) -> None:
    result = run_cli_inproc(["schemadiff", "snapshot", "x.json", "--header",
                             f"Authorization Bearer {TOKEN}"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("schemadiff: error: --header")
    assert TOKEN not in _everything(result, tmp_path)


def _with_credentials(url: str, query: str = "") -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://alice:{TOKEN}@{parts.netloc}{parts.path}{query}"


def test_credentials_and_query_are_stripped_from_provenance(world: World, tmp_path: Path,
                                                            run_cli_inproc: RunCli) -> None:
    url = _with_credentials(f"{world.sartiq}/misbehave/openapi.yaml", f"?api_key={TOKEN}")
    result = run_cli_inproc(["schemadiff", "snapshot", url, "--name", "creds"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    snapshot = json.loads((tmp_path / "snapshots" / "creds.json").read_text(encoding="utf-8"))
    assert snapshot["x-schemadiff"]["source"] == f"{world.sartiq}/misbehave/openapi.yaml"
    everything = _everything(result, tmp_path)
    assert TOKEN not in everything
    assert "alice" not in everything


@pytest.mark.parametrize("path", ["/misbehave/status/404", "/misbehave/status/401",
                                  "/misbehave/not-json", "/misbehave/redirect-loop"])
def test_credentials_in_urls_are_stripped_from_errors(path: str, world: World, tmp_path: Path,
                                                      run_cli_inproc: RunCli) -> None:
    url = _with_credentials(f"{world.sartiq}{path}", f"?token={TOKEN}")
    result = run_cli_inproc(["schemadiff", "diff", url, url], cwd=tmp_path)
    assert result.exit_code == 2
    line = result.stderr
    assert line.count("\n") == 1
    assert f"{world.sartiq}{path}" in line
    assert TOKEN not in line
    assert "alice" not in line


def test_the_typer_app_never_shows_locals() -> None:
    from schemadiff.app import build_app

    app = build_app()
    assert app.pretty_exceptions_show_locals is False
    assert app.pretty_exceptions_enable is False


CRASH = """
import sys
import schemadiff.extract


def crash(*args, **kwargs):
    secret_local = sys.argv[1]
    raise RuntimeError("unexpected")


schemadiff.extract.extract_openapi = crash
from schemadiff.cli import main

main(sys.argv[2:])
"""


def test_an_unexpected_exception_shows_one_line_without_locals_or_token(
    world: World, tmp_path: Path,
) -> None:
    # The last line of defence, in a real process started the way a user starts it, with
    # SCHEMADIFF_DEBUG unset: one line, no traceback, no locals (typer's pretty exceptions would
    # print ``secret_local``), no token.
    env = {key: value for key, value in os.environ.items()
           if key not in ("SCHEMADIFF_DEBUG", "SCHEMADIFF_TOKEN")}
    env["SCHEMADIFF_TOKEN"] = TOKEN
    completed = subprocess.run(
        [sys.executable, "-c", CRASH, TOKEN, "snapshot", world.secured, "--retries", "0"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60, check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    lines = completed.stderr.splitlines()
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith("schemadiff: error: internal error: RuntimeError: unexpected")
    assert "Traceback" not in completed.stderr
    assert "secret_local" not in completed.stderr
    assert TOKEN not in completed.stderr
    assert not (tmp_path / "snapshots").exists()


_TOKEN_SPELLINGS = [
    # A token read from a file keeps its trailing newline: surrounding whitespace is not part of
    # a token (nor of a --header value), so it is dropped and the run works.
    ("flag", "trailing-newline", f"{TOKEN}\n", 0),
    ("env", "trailing-newline", f"{TOKEN}\n", 0),
    ("header", "trailing-newline", f"Authorization: Bearer {TOKEN}\n", 0),
    # A line break inside is header injection: refused, without quoting the value.
    ("flag", "injection", f"{TOKEN}\r\nX-Injected: yes", 2),
    ("env", "injection", f"{TOKEN}\nX-Injected: yes", 2),
    ("header", "injection", f"X-Api-Key: {TOKEN}\r\nX-Injected: yes", 2),
]


@pytest.mark.parametrize(("command", "how", "value", "exit_code"), [
    pytest.param(command, how, value, code, id=f"{command}-{how}-{what}")
    for command in ("snapshot", "diff", "validate")
    for how, what, value, code in _TOKEN_SPELLINGS
    if how != "header" or command == "snapshot"  # only snapshot takes --header
])
def test_a_token_with_control_characters_never_leaks(
    command: str, how: str, value: str, exit_code: int, world: World, tmp_path: Path,
    run_cli_inproc: RunCli,
) -> None:
    # HTTP libraries refuse such header values with an error that quotes them escaped
    # (``b'...\\n'``), a form a plain text replacement of the raw token does not catch.
    (tmp_path / "log.jsonl").write_bytes((world.big / "valid.jsonl").read_bytes())
    url = f"{world.secured}/openapi.json"
    argv = {"snapshot": ["snapshot", url, "--retries", "0"],
            "diff": ["diff", url, str(world.against)],
            "validate": ["validate", "log.jsonl", "--against", url]}[command]
    env = {}
    if how == "flag":
        argv += ["--token", value]
    elif how == "env":
        env["SCHEMADIFF_TOKEN"] = value
    else:
        argv += ["--header", value]
    result = run_cli_inproc(["schemadiff", *argv], env=env, cwd=tmp_path)
    assert result.exit_code == exit_code, result.stderr
    if exit_code == 2:
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith("schemadiff: error: ")
        assert "control character" in result.stderr
    assert TOKEN not in _everything(result, tmp_path)


@pytest.mark.parametrize("auth", ["header", "query", "message"])
def test_capture_never_writes_the_token(auth: str, world: World, tmp_path: Path,
                                        run_cli_inproc: RunCli) -> None:
    host = world.secured.removeprefix("http://")
    result = run_cli_inproc(["schemadiff", "capture", f"ws://{host}/ws?count=3", "--out",
                             "cap.jsonl", "--count", "4", "--auth", auth, "--token", TOKEN],
                            cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert len((tmp_path / "cap.jsonl").read_text(encoding="utf-8").splitlines()) == 4
    assert TOKEN not in _everything(result, tmp_path)


@pytest.mark.parametrize("command", ["snapshot", "diff", "validate"])
def test_urls_inside_a_schema_are_never_fetched(command: str, world: World, tmp_path: Path,
                                                run_cli_inproc: RunCli) -> None:
    # A schema file names URLs in ``$schema``, ``$id`` and ``$ref``; reading it must not call
    # them: that leaks where the user works, and a silent host hangs the run.
    import httpx

    key = f"schema-fetch-{command}"
    bait = f"{world.sartiq}/misbehave/flaky/0?key={key}"
    (tmp_path / "schema.json").write_text(json.dumps({
        "$schema": bait, "type": "object", "properties": {"a": {"type": "string"}},
    }), encoding="utf-8")
    (tmp_path / "log.jsonl").write_text('{"a": "x"}\n', encoding="utf-8")
    argv = {"snapshot": ["snapshot", "schema.json", "--name", "s"],
            "diff": ["diff", "schema.json", "schema.json"],
            "validate": ["validate", "log.jsonl", "--against", "schema.json"]}[command]
    result = run_cli_inproc(["schemadiff", *argv], cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.exit_code in (0, 2), result.stderr
    count = httpx.get(f"{world.sartiq}/misbehave/flaky-count/{key}", timeout=10).json()
    assert count == {"requests": 0}
