"""Live validation (``--against``) says exactly what a later ``validate`` of the file says.

The peer sends valid Sartiq messages with faults among them (``conftest.mixed_frames``): a wrong
enum value, a missing required field, an unknown type, a frame that is not JSON and a truncated
one. The capture's report and ``schemadiff validate`` of the captured file must be identical,
byte for byte, in every report format.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("name", "report_format"),
    [("mixed.jsonl", "text"), ("mixed.jsonl", "json"), ("mixed.jsonl", "github"),
     ("mixed.jsonl.gz", "text")],
)
def test_live_report_equals_validate_report(run_cli_inproc, mini_ws: str, openapi_file: Path,
                                            tmp_path: Path, name: str,
                                            report_format: str) -> None:
    out = tmp_path / name
    live = run_cli_inproc(f"schemadiff capture {mini_ws}/mixed -o {out} --against {openapi_file} "
                          f"--format {report_format}")
    assert live.exit_code == 1, live.stderr
    assert live.stderr.startswith("capture: 11 frames received, 11 written, 5 invalid, ")
    later = run_cli_inproc(f"schemadiff validate {out} --against {openapi_file} "
                           f"--format {report_format}")
    assert later.exit_code == 1
    assert live.stdout == later.stdout


def test_live_errors_point_at_the_faults(run_cli_inproc, mini_ws: str, openapi_file: Path,
                                         tmp_path: Path) -> None:
    out = tmp_path / "mixed.jsonl"
    result = run_cli_inproc(f"schemadiff capture {mini_ws}/mixed -o {out} "
                            f"--against {openapi_file} --format json")
    report = json.loads(result.stdout)
    assert (report["total"], report["valid"], report["invalid"]) == (11, 6, 5)
    by_line = {error["line"]: error for error in report["errors"]}
    assert sorted(by_line) == [2, 4, 6, 8, 10]
    assert (by_line[2]["path"], by_line[2]["keyword"]) == ("payload.status", "enum")
    assert (by_line[4]["keyword"], by_line[4]["path"]) == ("required", "payload")
    assert by_line[6]["keyword"] == "discriminator"
    assert by_line[8]["keyword"] == "json"
    assert by_line[10]["keyword"] == "json"
    meta = json.loads(out.with_name(out.name + ".meta.json").read_text())
    assert meta["frames"]["invalid"] == 5
    assert meta["against"]["label"] == str(openapi_file)
    assert len(meta["against"]["sha256"]) == 64


def test_against_unknown_name_fails_before_connecting(run_cli_inproc, mini_ws: str,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "never.jsonl"
    result = run_cli_inproc(f"schemadiff capture {mini_ws}/mixed -o {out} --against 9.9.9 "
                            f"--snapshots {tmp_path}")
    assert result.exit_code == 2
    assert result.stderr.startswith("schemadiff: error: ")
    assert result.stderr.count("\n") == 1
    assert not out.exists()


def test_live_count_only_on_a_terminal(mini_ws: str, openapi_file: Path, tmp_path: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    out = tmp_path / "tty.jsonl"
    command = [sys.executable, "-m", "schemadiff", "capture", f"{mini_ws}/stream?interval=0.05",
               "--duration", "0.6", "-o", str(out), "--against", str(openapi_file)]
    env = dict(os.environ, NO_COLOR="1", TERM="xterm")
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=follower, env=env)
        os.close(follower)
        stdout, _ = process.communicate(timeout=30)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed its end
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    terminal = b"".join(chunks).decode()
    assert process.returncode == 0, terminal
    assert "\rcapturing: " in terminal
    assert " invalid" in terminal
    assert "\x1b[K" in terminal  # the count is erased before the summary line
    assert "capture: " in terminal
    assert stdout.decode().startswith("validated ")
