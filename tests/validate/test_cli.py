"""The ``validate`` command: exit codes, bad inputs, strict mode, coverage, the version matrix."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

AUTH = b'{"type": "auth_error", "error": "bad token"}'


@pytest.fixture
def workdir(tmp_path: Path, schema_dir: Path) -> Path:
    shutil.copy(schema_dir / "openapi-0.1.0.json", tmp_path / "v1.json")
    shutil.copy(schema_dir / "openapi-0.2.0.json", tmp_path / "v2.json")
    return tmp_path


@pytest.mark.parametrize(("content", "reason"), [
    (b"\xef\xbb\xbf" + AUTH + b"\r\n" + AUTH + b"\r\n", None),
    (AUTH + b"\n\n\n" + AUTH + b"\n", None),
    (AUTH + b"\n\xff\xfe\xfd\n", "not JSON: str is not valid UTF-8"),
    (AUTH + b"\n" + b"[" * 5000 + b"]" * 5000 + b"\n", "nested deeper than 1024 levels"),
    (AUTH + b'\n{"type": "auth_error", "error": "x", "n": 123456789012345678901234567890}\n',
     None),
    (AUTH + b"\n" + b'{"type": "auth_error", "error": "' + b"x" * 100 + b'"', "truncated"),
])
def test_bad_lines_are_records_and_the_run_goes_on(run_cli_inproc, workdir, content,
                                                   reason) -> None:
    (workdir / "log.jsonl").write_bytes(content)
    result = run_cli_inproc("schemadiff validate log.jsonl --against v1.json --format json",
                            cwd=workdir)
    report = json.loads(result.stdout)
    assert report["by_type"]["AuthErrorMessage"]["valid"] >= 1
    if reason is None:
        assert (result.exit_code, report["invalid"]) == (0, 0)
    else:
        assert result.exit_code == 1
        assert [e["line"] for e in report["errors"]] == [2]
        assert reason in report["errors"][0]["message"]


def test_huge_line_is_reported_without_loading_it(workdir) -> None:
    from schemadiff.sources import load_snapshot
    from schemadiff.validate import LogInput, Validator
    from schemadiff.validate.run import Consumer, RunOptions, run

    path = workdir / "huge.jsonl"
    path.write_bytes(AUTH + b"\n" + b'{"x": "' + b"y" * 3_000_000 + b'"}\n' + AUTH + b"\n")
    schema = load_snapshot(str(workdir / "v1.json")).schema
    matrix = run([LogInput(str(path))], Consumer([Validator(schema)], ["v1"],
                                                 RunOptions(max_line_bytes=1_000_000)))
    summary = matrix.primary
    assert (summary.total, summary.valid, summary.invalid) == (3, 2, 1)
    assert summary.errors[0].line == 2
    assert summary.errors[0].message.startswith("line longer than 1000000 bytes (3000009 bytes)")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("missing.jsonl", None, "missing.jsonl: no such file"),
    ("cut.jsonl.gz", gzip.compress(AUTH, mtime=0)[:6], "cut.jsonl.gz: not a readable gzip file"),
    ("nows.har", json.dumps({"log": {"entries": [{"request": {}}]}}).encode(),
     "nows.har: the HAR file has no WebSocket messages"),
    ("notjson.har", b'{"log": {"entries": [', "notjson.har: not a HAR file: not JSON"),
])
def test_unreadable_inputs_exit_2(run_cli_inproc, workdir, name, content, message) -> None:
    if content is not None:
        (workdir / name).write_bytes(content)
    result = run_cli_inproc(f"schemadiff validate {name} --against v1.json", cwd=workdir)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"schemadiff: error: {message}")
    assert "Traceback" not in result.stderr


def test_gzip_truncated_midway_reports_and_continues(run_cli_inproc, workdir) -> None:
    data = gzip.compress((AUTH + b"\n") * 20000)
    (workdir / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    result = run_cli_inproc("schemadiff validate cut.jsonl.gz --against v1.json --format json",
                            cwd=workdir)
    report = json.loads(result.stdout)
    assert result.exit_code == 1
    assert report["valid"] > 0
    assert report["errors"][-1]["message"].startswith("input ends abruptly")


def test_directory_of_mixed_logs(run_cli_inproc, workdir) -> None:
    logs = workdir / "logs"
    logs.mkdir()
    (logs / "a.jsonl").write_bytes(AUTH + b"\n")
    (logs / "b.jsonl.gz").write_bytes(gzip.compress(AUTH + b'\n{"type": "x"}\n'))
    (logs / "notes.txt").write_text("ignored")
    result = run_cli_inproc("schemadiff validate logs --against v1.json --format json",
                            cwd=workdir)
    report = json.loads(result.stdout)
    assert report["sources"] == ["logs/a.jsonl", "logs/b.jsonl.gz"]
    assert [(e["source"], e["line"]) for e in report["errors"]] == [("logs/b.jsonl.gz", 2)]
    glob = run_cli_inproc("schemadiff validate 'logs/*.jsonl*' --against v1.json --format json",
                          cwd=workdir)
    assert json.loads(glob.stdout)["sources"] == report["sources"]


def test_strict_reports_undeclared_properties(run_cli_inproc, workdir) -> None:
    (workdir / "log.jsonl").write_bytes(
        b'{"type": "auth_error", "error": "x", "debug": 1}\n' + AUTH + b"\n")
    plain = run_cli_inproc("schemadiff validate log.jsonl --against v1.json", cwd=workdir)
    assert plain.exit_code == 0
    strict = run_cli_inproc("schemadiff validate log.jsonl --against v1.json --strict "
                            "--format json", cwd=workdir)
    assert strict.exit_code == 1
    errors = json.loads(strict.stdout)["errors"]
    assert [(e["line"], e["path"], e["keyword"], e["message"]) for e in errors] == [
        (1, "debug", "strict", "property not declared by the schema")]


def test_coverage_lists_what_was_never_exercised(run_cli_inproc, workdir) -> None:
    (workdir / "log.jsonl").write_bytes(AUTH + b"\n")
    result = run_cli_inproc("schemadiff validate log.jsonl --against v1.json --coverage "
                            "--format json", cwd=workdir)
    coverage = json.loads(result.stdout)["coverage"]
    assert coverage["types"]["seen"] == {"auth_error": 1}
    assert "generation_created" in coverage["types"]["never"]
    assert "GenerationStatus" in coverage["enums"]
    text = run_cli_inproc("schemadiff validate log.jsonl --against v1.json --coverage",
                          cwd=workdir)
    assert "  message types seen: 1 of 10" in text.stdout


def test_matrix_of_versions(run_cli_inproc, workdir) -> None:
    from sartiq.messages import generate_messages

    lines = [orjson.dumps(m) for m in generate_messages("0.1.0", 20, seed=4)]
    (workdir / "log.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    result = run_cli_inproc("schemadiff validate log.jsonl --against v1.json --against v2.json "
                            "--format json", cwd=workdir)
    report = json.loads(result.stdout)
    assert result.exit_code == 1
    assert report["against"] == ["v1.json", "v2.json"]
    v1, v2 = report["versions"]
    assert (v1["valid"], v1["invalid"]) == (20, 0)
    assert v2["invalid"] > 0
    assert report["divergent_count"] == v2["invalid"]
    assert all(d["valid"] == {"v1.json": True, "v2.json": False} for d in report["divergent"])
    assert all(e["against"] == "v2.json" for e in report["errors"])


def test_ctrl_c_prints_the_summary_so_far_and_exits_130(workdir) -> None:
    from sartiq.messages import generate_messages

    block = b"\n".join(orjson.dumps(m) for m in generate_messages("0.1.0", 100, seed=1)) + b"\n"
    env = dict(os.environ, NO_COLOR="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "schemadiff", "validate", "-", "--against", "v1.json"],
        cwd=workdir, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=env)
    assert process.stdin is not None
    # Writes beyond the pipe's buffer return only once the command is reading: it is mid-run.
    for _ in range(3):
        process.stdin.write(block)
        process.stdin.flush()
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    last = stdout.decode().splitlines()[-1]
    assert last.startswith("INTERRUPTED: 0 of ")
    assert int(last.split()[3].replace(",", "")) >= 100
    assert "Traceback" not in stderr.decode()
