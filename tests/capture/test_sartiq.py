"""Capturing the Sartiq test server's ``/ws`` over loopback, then validating what was captured.

The server (``tests/sartiq``) authenticates like the real one: an ``AuthSuccessMessage`` first (or
an ``AuthErrorMessage`` and a close), then generated messages of its version; ``?count=N`` pushes N
messages, ``&invalid=K`` makes K of them invalid. The schema for ``--against`` is the app's own
OpenAPI document, written to a file once per session.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest

TOKEN = "test-token"


def _lines(out: Path) -> list[str]:
    data = out.read_bytes()
    if out.name.endswith(".gz"):
        data = gzip.decompress(data)
    return data.decode().splitlines()


def _meta(out: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(out.with_name(out.name + ".meta.json").read_text())
    return data


@pytest.mark.parametrize("name", ["cap.jsonl", "cap.jsonl.gz"])
def test_capture_then_validate(run_cli_inproc, sartiq_ws: Callable[[str], str],
                               openapi_file: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    url = sartiq_ws("?count=8")
    result = run_cli_inproc(f"schemadiff capture {url} --token {TOKEN} -o {out}")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    lines = _lines(out)
    assert len(lines) == 9
    assert json.loads(lines[0])["type"] == "auth_success"
    assert result.stderr.startswith("capture: 9 frames received, 9 written, not validated, ")
    meta = _meta(out)
    assert meta["url"] == url.split("?")[0]
    assert meta["auth"] == "header"
    assert meta["frames"] == {"received": 9, "written": 9, "binary_skipped": 0, "invalid": None}
    assert isinstance(meta["auth_message"], dict)
    assert meta["auth_message"]["type"] == "auth_success"
    assert meta["out"] == name
    assert meta["stop_reason"] in ("server-closed", "count")
    validated = run_cli_inproc(f"schemadiff validate {out} --against {openapi_file} "
                               "--format json")
    assert validated.exit_code == 0, validated.stdout
    report = json.loads(validated.stdout)
    assert (report["total"], report["valid"], report["invalid"]) == (9, 9, 0)


def test_count_stops_before_the_server_does(run_cli_inproc, sartiq_ws: Callable[[str], str],
                                            tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    result = run_cli_inproc(f"schemadiff capture {sartiq_ws('?count=50')} --token {TOKEN} "
                            f"-n 3 -o {out}")
    assert result.exit_code == 0, result.stderr
    assert len(_lines(out)) == 3
    assert _meta(out)["stop_reason"] == "count"


@pytest.mark.parametrize("report_format", ["text", "json"])
def test_live_validation_reports_what_validate_reports(
    run_cli_inproc, sartiq_ws: Callable[[str], str], openapi_file: Path, tmp_path: Path,
    report_format: str,
) -> None:
    out = tmp_path / "inv.jsonl"
    result = run_cli_inproc(
        f"schemadiff capture {sartiq_ws('?count=30&invalid=4')} --token {TOKEN} -o {out} "
        f"--against {openapi_file} --format {report_format}"
    )
    assert result.exit_code == 1, result.stderr
    later = run_cli_inproc(f"schemadiff validate {out} --against {openapi_file} "
                           f"--format {report_format}")
    assert later.exit_code == 1
    # The very same report, byte for byte: same lines, types, paths and messages.
    assert result.stdout == later.stdout
    if report_format == "json":
        report = json.loads(result.stdout)
        assert report["invalid"] == 4
        assert len({error["line"] for error in report["errors"]}) == 4
    assert result.stderr.startswith("capture: 31 frames received, 31 written, 4 invalid, ")
    assert _meta(out)["frames"] == {"received": 31, "written": 31, "binary_skipped": 0,
                                    "invalid": 4}


def test_live_validation_of_valid_traffic(run_cli_inproc, sartiq_ws: Callable[[str], str],
                                          openapi_file: Path) -> None:
    # Frames on stdout, so the report goes to stderr after the summary line.
    result = run_cli_inproc(f"schemadiff capture {sartiq_ws('?count=5')} --token {TOKEN} "
                            f"--against {openapi_file}")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 6
    assert result.stderr.startswith("capture: 6 frames received, 6 written, 0 invalid, ")
    assert "validated <stdout> against" in result.stderr


def test_against_a_url_on_the_same_host_gets_the_token(
    run_cli_inproc, sartiq_url: str, sartiq_ws: Callable[[str], str], tmp_path: Path,
) -> None:
    # /openapi.json requires the bearer token; the capture shares it with its own host only.
    out = tmp_path / "u.jsonl"
    result = run_cli_inproc(f"schemadiff capture {sartiq_ws('?count=2')} --token {TOKEN} -o {out} "
                            f"--against {sartiq_url}/openapi.json --format json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["total"], report["invalid"]) == (3, 0)
    assert _meta(out)["against"]["label"] == f"{sartiq_url}/openapi.json"  # type: ignore[index]


@pytest.mark.parametrize(
    ("auth", "extra"),
    [
        ("header", ""),
        ("query", ""),
        ("message", ""),
        ("message", """ --auth-message '{"type": "auth", "token": "{token}"}'"""),
    ],
)
def test_auth_modes(run_cli_inproc, sartiq_ws: Callable[[str], str], tmp_path: Path, auth: str,
                    extra: str) -> None:
    out = tmp_path / "auth.jsonl"
    result = run_cli_inproc(f"schemadiff capture {sartiq_ws('?count=2')} --auth {auth}{extra} "
                            f"-o {out}", env={"SCHEMADIFF_TOKEN": TOKEN})
    assert result.exit_code == 0, result.stderr
    lines = _lines(out)
    assert json.loads(lines[0])["type"] == "auth_success"
    assert len(lines) == 3
    meta = _meta(out)
    assert meta["auth"] == auth
    assert meta["auth_message"]["type"] == "auth_success"  # type: ignore[index]


def test_wrong_token_is_one_line_exit_2(run_cli_inproc, sartiq_ws: Callable[[str], str],
                                        tmp_path: Path) -> None:
    secret = "wrong-token-5b1c"
    for auth in ("header", "query", "message"):
        out = tmp_path / f"wrong-{auth}.jsonl"
        result = run_cli_inproc(f"schemadiff capture {sartiq_ws('?count=2')} --auth {auth} "
                                f"-o {out}", env={"SCHEMADIFF_TOKEN": secret})
        assert result.exit_code == 2, (auth, result.stderr)
        assert result.stderr.count("\n") == 1
        url = sartiq_ws("").split("?")[0]
        assert result.stderr.startswith(
            ("schemadiff: error: the server rejected the WebSocket handshake with HTTP 40",
             f"schemadiff: error: the server at {url} refused authentication: ")
        ), result.stderr
        assert "check --token" in result.stderr
        meta = _meta(out)
        assert meta["stop_reason"] == "error"
        if "refused authentication" in result.stderr:
            # The AuthErrorMessage is evidence: it is in the log and the sidecar.
            assert json.loads(_lines(out)[0])["type"] == "auth_error"
            assert meta["auth_message"]["type"] == "auth_error"  # type: ignore[index]
        for text in (result.stdout, result.stderr, out.read_text(), json.dumps(meta)):
            assert secret not in text


def test_token_never_reaches_any_output(run_cli_inproc, sartiq_ws: Callable[[str], str],
                                        openapi_file: Path, tmp_path: Path) -> None:
    outputs: list[str] = []
    for auth in ("header", "query", "message"):
        out = tmp_path / f"t-{auth}.jsonl.gz"
        result = run_cli_inproc(f"schemadiff capture {sartiq_ws('?count=3&invalid=1')} "
                                f"--auth {auth} --token {TOKEN} -o {out} --against {openapi_file}")
        assert result.exit_code == 1, result.stderr
        # The server accepted the token, so it was really sent...
        assert json.loads(_lines(out)[0])["type"] == "auth_success"
        outputs += [result.stdout, result.stderr]
    # ...and it is in no file the captures left behind, nor in anything they printed.
    files = sorted(path for path in tmp_path.rglob("*") if path.is_file())
    assert len(files) == 6  # three logs, three sidecars
    for path in files:
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = gzip.decompress(data)
        assert TOKEN.encode() not in data, path
    for text in outputs:
        assert TOKEN not in text


def test_server_error_close_mid_stream_keeps_the_frames(
    run_cli_inproc, sartiq_ws: Callable[[str], str], tmp_path: Path,
) -> None:
    out = tmp_path / "err.jsonl"
    result = run_cli_inproc(f"schemadiff capture {sartiq_ws('?count=4&close=error')} "
                            f"--token {TOKEN} -o {out}")
    assert result.exit_code == 2
    url = sartiq_ws("").split("?")[0]
    assert result.stderr == (
        f"schemadiff: error: the server at {url} closed the connection with code 1011: "
        f"internal error after 5 frames; 5 frames kept in {out}\n"
    )
    assert len(_lines(out)) == 5
    meta = _meta(out)
    assert meta["stop_reason"] == "error"
    assert meta["frames"]["written"] == 5  # type: ignore[index]


def test_enveloped_messages(run_cli_inproc, sartiq_ws: Callable[[str], str], openapi_file: Path,
                            tmp_path: Path) -> None:
    # {"data": {...}} frames, like WebSocketMessage: the auth answer is still recognised and the
    # messages validate (wrapped messages are accepted by the engine).
    out = tmp_path / "env.jsonl"
    result = run_cli_inproc(f"schemadiff capture {sartiq_ws('?count=4&envelope=1')} "
                            f"--token {TOKEN} -o {out} --against {openapi_file}")
    assert result.exit_code == 0, result.stderr + result.stdout
    assert json.loads(_lines(out)[0])["data"]["type"] == "auth_success"
    assert _meta(out)["auth_message"] == json.loads(_lines(out)[0])
