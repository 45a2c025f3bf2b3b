"""Captures that go wrong: each is one clear line, exit 2, and the frames so far stay on disk.

These run against the small ``websockets`` peer of ``conftest.py`` (for what uvicorn cannot do:
drop a connection without a close frame, never speak) and against sockets that are closed or
never answer. Real loopback sockets throughout.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def refused_port() -> int:
    """A port nothing listens on: bound to get a free number, then closed."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def mute_port() -> Iterator[int]:
    """A port that accepts TCP connections (kernel backlog) but never answers the handshake."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock.getsockname()[1]


def _meta(out: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(out.with_name(out.name + ".meta.json").read_text())
    return data


def test_connection_refused(run_cli_inproc, refused_port: int, tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    result = run_cli_inproc(f"schemadiff capture ws://127.0.0.1:{refused_port}/ws -o {out}")
    assert result.exit_code == 2
    assert result.stderr == (
        f"schemadiff: error: cannot connect to ws://127.0.0.1:{refused_port}/ws: "
        "connection refused\n"
    )
    assert result.stdout == ""
    assert out.read_text() == ""
    meta = _meta(out)
    assert meta["stop_reason"] == "error"
    assert meta["error"] == (
        f"cannot connect to ws://127.0.0.1:{refused_port}/ws: connection refused"
    )


def test_open_timeout(run_cli_inproc, mute_port: int) -> None:
    result = run_cli_inproc(
        f"schemadiff capture ws://127.0.0.1:{mute_port}/ws --open-timeout 0.3"
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "schemadiff: error: timed out after 0.3 s opening the WebSocket connection to "
        f"ws://127.0.0.1:{mute_port}/ws (--open-timeout)\n"
    )


def test_tls_to_a_plain_server(run_cli_inproc, mini_ws: str) -> None:
    url = mini_ws.replace("ws://", "wss://") + "/silent"
    result = run_cli_inproc(f"schemadiff capture {url} --open-timeout 3")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"schemadiff: error: cannot connect to {url}: ") or (
        result.stderr.startswith(f"schemadiff: error: TLS handshake with {url} failed: ")
    )
    assert result.stderr.count("\n") == 1


def test_tls_certificate_not_trusted(run_cli_inproc, mini_wss: tuple[str, Path],
                                    tmp_path: Path) -> None:
    url, _ = mini_wss
    out = tmp_path / "tls.jsonl"
    result = run_cli_inproc(f"schemadiff capture {url}/pretty -o {out}")
    assert result.exit_code == 2
    assert result.stderr == (
        f"schemadiff: error: TLS handshake with {url}/pretty failed: certificate verify "
        "failed: self-signed certificate\n"
    )
    assert _meta(out)["stop_reason"] == "error"


def test_tls_with_a_trusted_certificate(run_cli, mini_wss: tuple[str, Path]) -> None:
    # OpenSSL's SSL_CERT_FILE is how a private CA is trusted; the capture then works over wss://.
    url, cert = mini_wss
    result = run_cli(f"schemadiff capture {url}/pretty", env={"SSL_CERT_FILE": str(cert)})
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2


def test_server_that_never_sends_is_an_idle_timeout(run_cli_inproc, mini_ws: str,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "idle.jsonl"
    result = run_cli_inproc(f"schemadiff capture {mini_ws}/silent --idle-timeout 0.3 -o {out}")
    assert result.exit_code == 2
    assert result.stderr == (
        f"schemadiff: error: no frame from {mini_ws}/silent for 0.3 s (--idle-timeout)\n"
    )
    assert out.exists()
    assert out.read_text() == ""
    meta = _meta(out)
    assert meta["stop_reason"] == "error"
    assert meta["frames"] == {"received": 0, "written": 0, "binary_skipped": 0, "invalid": None}
    assert meta["ended_at"] is not None


def test_dropped_connection_keeps_the_frames(run_cli_inproc, mini_ws: str,
                                             tmp_path: Path) -> None:
    out = tmp_path / "drop.jsonl.gz"
    result = run_cli_inproc(f"schemadiff capture {mini_ws}/drop?count=3 -o {out}")
    assert result.exit_code == 2
    assert result.stderr == (
        f"schemadiff: error: the connection to {mini_ws}/drop dropped mid-stream (no close "
        f"frame) after 3 frames; 3 frames kept in {out}\n"
    )
    import gzip

    lines = gzip.decompress(out.read_bytes()).decode().splitlines()
    assert [json.loads(line)["type"] for line in lines] == [
        json.loads(line)["type"] for line in lines
    ]
    assert len(lines) == 3
    meta = _meta(out)
    assert meta["frames"] == {"received": 3, "written": 3, "binary_skipped": 0, "invalid": None}
    assert meta["url"] == f"{mini_ws}/drop"


def test_close_with_an_error_code(run_cli_inproc, mini_ws: str) -> None:
    result = run_cli_inproc(f"schemadiff capture {mini_ws}/close?code=4001")
    assert result.exit_code == 2
    assert result.stderr == (
        f"schemadiff: error: the server at {mini_ws}/close closed the connection with code "
        "4001: go away after 0 frames\n"
    )


def test_binary_frames_are_counted_and_skipped(run_cli_inproc, mini_ws: str) -> None:
    result = run_cli_inproc(f"schemadiff capture {mini_ws}/binary")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1
    assert json.loads(result.stdout)["type"]
    assert result.stderr.startswith(
        "capture: 2 frames received (1 binary skipped), 1 written, not validated, "
    )
    assert result.stderr.endswith(" s; stopped: the server closed the connection\n")


def test_pretty_printed_frames_become_one_line_each(run_cli_inproc, mini_ws: str) -> None:
    result = run_cli_inproc(f"schemadiff capture {mini_ws}/pretty")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert all(json.loads(line)["payload"] for line in lines)


def test_echoed_token_is_scrubbed_everywhere(run_cli_inproc, mini_ws: str, tmp_path: Path) -> None:
    secret = "echo-secret-9f8e7d"
    out = tmp_path / "echo.jsonl"
    for auth in ("header", "query"):
        result = run_cli_inproc(
            f"schemadiff capture {mini_ws}/echo?x=1 --token {secret} --auth {auth} -o {out}"
        )
        assert result.exit_code == 0, result.stderr
        # The peer did receive the token (it echoes it back)...
        assert "***" in out.read_text()
        # ...but it is nowhere in the log, the sidecar or the output.
        for text in (out.read_text(), _meta_text(out), result.stdout, result.stderr):
            assert secret not in text
        assert _meta(out)["auth_message"] is not None
        assert _meta(out)["url"] == f"{mini_ws}/echo"


def _meta_text(out: Path) -> str:
    return out.with_name(out.name + ".meta.json").read_text()


def test_not_a_websocket_url(run_cli_inproc) -> None:
    result = run_cli_inproc("schemadiff capture ftp://user:pw@host/x")
    assert result.exit_code == 2
    assert result.stderr == (
        "schemadiff: error: not a WebSocket URL: ftp://host/x (expected ws://HOST/PATH or "
        "wss://...)\n"
    )
