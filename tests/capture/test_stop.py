"""How a capture ends normally: --count, --duration, the server closing, SIGINT and SIGTERM.

The signal tests run the CLI in a real subprocess and signal it mid-stream: the log and the sidecar
must be complete (every frame counted is in the file, every line is a whole message) and the
summary line printed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SUMMARY_START = "capture: "


def _meta(out: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(out.with_name(out.name + ".meta.json").read_text())
    return data


def test_count(run_cli_inproc, mini_ws: str, tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    result = run_cli_inproc(f"schemadiff capture {mini_ws}/stream?interval=0.01 -n 4 -o {out}")
    assert result.exit_code == 0, result.stderr
    assert len(out.read_text().splitlines()) == 4
    assert result.stderr.startswith("capture: 4 frames received, 4 written, not validated, ")
    assert result.stderr.endswith(" s; stopped: --count 4 reached\n")
    meta = _meta(out)
    assert meta["stop_reason"] == "count"
    assert meta["frames"] == {"received": 4, "written": 4, "binary_skipped": 0, "invalid": None}


def test_duration(run_cli_inproc, mini_ws: str, tmp_path: Path) -> None:
    out = tmp_path / "d.jsonl"
    started = time.monotonic()
    result = run_cli_inproc(f"schemadiff capture {mini_ws}/stream?interval=0.05 --duration 0.4 "
                            f"-o {out}")
    elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.stderr
    assert elapsed >= 0.4
    assert result.stderr.endswith(" s; stopped: --duration 0.4 s elapsed\n")
    lines = out.read_text().splitlines()
    assert len(lines) >= 2
    meta = _meta(out)
    assert meta["stop_reason"] == "duration"
    assert meta["frames"]["written"] == len(lines)  # type: ignore[index]
    assert meta["duration_seconds"] >= 0.4  # type: ignore[operator]


def test_duration_wins_over_a_longer_idle_timeout(run_cli_inproc, mini_ws: str) -> None:
    # A quiet server is not an error while --duration ends the capture first.
    result = run_cli_inproc(f"schemadiff capture {mini_ws}/silent --duration 0.3 "
                            "--idle-timeout 5")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("capture: 0 frames received, 0 written")


def test_send_frames_reach_the_server_in_order(run_cli_inproc, mini_ws: str) -> None:
    first, second = '{"type": "subscribe", "topic": "a"}', '{"type":"subscribe","topic":"b"}'
    result = run_cli_inproc(
        ["schemadiff", "capture", f"{mini_ws}/reply?n=2", "--send", first, "--send", second]
    )
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["context"] for line in result.stdout.splitlines()] == [first, second]


def test_server_closing_before_send_is_not_an_error(run_cli_inproc, mini_ws: str) -> None:
    # /private (with the right token) sends its answer and closes at once: the frame it sent is
    # still captured, although the --send frame could not be delivered.
    result = run_cli_inproc(
        ["schemadiff", "capture", f"{mini_ws}/private", "--token", "test-token",
         "--send", '{"type": "subscribe"}']
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["type"] == "auth_success"
    assert result.stderr.endswith("stopped: the server closed the connection\n")


@pytest.mark.parametrize(
    ("token", "status"),
    [(None, 401), ("wrong-token-123", 403)],
)
def test_handshake_rejected(run_cli_inproc, mini_ws: str, tmp_path: Path, token: str | None,
                            status: int) -> None:
    out = tmp_path / "r.jsonl"
    option = f" --token {token}" if token else ""
    result = run_cli_inproc(f"schemadiff capture {mini_ws}/private?k=v{option} -o {out}")
    assert result.exit_code == 2
    assert result.stderr == (
        f"schemadiff: error: the server rejected the WebSocket handshake with HTTP {status} for "
        f"{mini_ws}/private; check --token\n"
    )
    assert _meta(out)["stop_reason"] == "error"
    if token:
        assert token not in out.with_name(out.name + ".meta.json").read_text()


def _start(mini_ws: str, out: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, NO_COLOR="1")
    env.pop("SCHEMADIFF_TOKEN", None)
    return subprocess.Popen(
        [sys.executable, "-m", "schemadiff", "capture", f"{mini_ws}/stream?interval=0.01",
         "-o", str(out), "--token", "sig-secret-77"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )


def _wait_for_lines(out: Path, count: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if out.exists() and len(out.read_bytes().splitlines()) >= count:
            return
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    _, stderr = process.communicate()
    pytest.fail(f"the capture did not write {count} lines: {stderr.decode()}")


@pytest.mark.parametrize(
    ("signum", "reason", "said"),
    [(signal.SIGINT, "interrupted", "interrupted (SIGINT)"),
     (signal.SIGTERM, "terminated", "terminated (SIGTERM)")],
)
def test_signal_stops_cleanly(mini_ws: str, tmp_path: Path, signum: int, reason: str,
                              said: str) -> None:
    out = tmp_path / "sig.jsonl.gz"
    process = _start(mini_ws, out)
    _wait_for_lines(out, 5, process)
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr.decode()
    assert stdout == b""
    text = stderr.decode()
    assert text.startswith(SUMMARY_START)
    assert text.count("\n") == 1
    assert text.endswith(f" s; stopped: {said}\n")
    import gzip

    lines = gzip.decompress(out.read_bytes()).decode().splitlines()
    assert all(json.loads(line)["type"] for line in lines)
    meta = _meta(out)
    assert meta["stop_reason"] == reason
    assert meta["frames"]["written"] == len(lines)  # type: ignore[index]
    assert f"{len(lines)} written" in text
    assert meta["ended_at"] is not None
    assert meta["auth"] == "header"
    assert "sig-secret-77" not in out.with_name(out.name + ".meta.json").read_text()


def test_closed_stdout_ends_the_capture_quietly(mini_ws: str) -> None:
    # `schemadiff capture URL | head -c 100`: the reader leaving is a normal stop, exit 0.
    env = dict(os.environ, NO_COLOR="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "schemadiff", "capture", f"{mini_ws}/stream?interval=0.01"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    assert len(process.stdout.read(100)) == 100
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=20) == 0, stderr
    assert stderr.startswith(SUMMARY_START)
    assert stderr.endswith(" s; stopped: the reader of stdout went away\n")
    assert "Error" not in stderr
