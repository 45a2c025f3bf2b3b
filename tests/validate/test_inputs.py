"""Inputs: names decide formats, sidecars, pipes read once, HAR streamed, blank lines, SIGTERM.

Every case runs the real command on real files, pipes and FIFOs.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import orjson
import pytest

from schemadiff.errors import LogError
from schemadiff.validate.logs import Direction, LogInput, read_har, read_log
from schemadiff.validate.logs.directory import SIDECAR_PATTERNS, is_sidecar

AUTH = b'{"type": "auth_error", "error": "bad token"}'


@pytest.fixture
def workdir(tmp_path: Path, schema_dir: Path) -> Path:
    shutil.copy(schema_dir / "openapi-0.1.0.json", tmp_path / "v1.json")
    return tmp_path


def _shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in bash (process substitution), with this Python's schemadiff."""
    env = dict(os.environ, NO_COLOR="1", SCHEMADIFF=f"{sys.executable} -m schemadiff")
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.mark.parametrize("name", ["log.jsonl", "log.ndjson", "log.JSONL.gz"])
def test_jsonl_names_mean_json_lines_whatever_the_first_line(workdir, run_cli_inproc,
                                                             name) -> None:
    content = b"[1, 2]\n" + AUTH + b"\n"
    (workdir / name).write_bytes(gzip.compress(content) if name.endswith(".gz") else content)
    result = run_cli_inproc(f"schemadiff validate {name} --against v1.json --format json",
                            cwd=workdir)
    report = json.loads(result.stdout)
    assert (report["total"], report["valid"], report["invalid"]) == (2, 1, 1)
    assert report["errors"][0]["line"] == 1


def test_a_json_name_with_an_array_is_still_an_array(workdir, run_cli_inproc) -> None:
    (workdir / "log.json").write_bytes(b"[" + AUTH + b", " + AUTH + b"]")
    result = run_cli_inproc("schemadiff validate log.json --against v1.json --format json",
                            cwd=workdir)
    assert json.loads(result.stdout)["valid"] == 2


def test_directories_skip_sidecars_and_say_so(workdir, run_cli_inproc) -> None:
    logs = workdir / "logs"
    logs.mkdir()
    (logs / "traffic.jsonl").write_bytes(AUTH + b"\n")
    (logs / "traffic.jsonl.meta.json").write_text('{"url": "wss://example.test"}')
    (logs / "traffic.labels.json").write_text('{"labels": []}')
    (logs / "old.labels.json.gz").write_bytes(gzip.compress(b"{}"))
    result = run_cli_inproc("schemadiff validate logs --against v1.json --format json",
                            cwd=workdir)
    assert result.exit_code == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["sources"] == ["logs/traffic.jsonl"]
    assert report["skipped_files"] == ["logs/old.labels.json.gz", "logs/traffic.jsonl.meta.json",
                                       "logs/traffic.labels.json"]
    text = run_cli_inproc("schemadiff validate logs --against v1.json", cwd=workdir).stdout
    assert "not read (sidecars): logs/old.labels.json.gz, logs/traffic.jsonl.meta.json" in text


@pytest.mark.parametrize(("name", "sidecar"), [
    ("a.jsonl.meta.json", True), ("A.LABELS.JSON", True), (".swp", True), ("x.schema.json", True),
    ("a.jsonl", False), ("meta.json", False), ("labels.jsonl", False)])
def test_sidecar_patterns(name: str, sidecar: bool) -> None:
    assert is_sidecar(name) is sidecar
    assert SIDECAR_PATTERNS


def _jsonl(count: int) -> bytes:
    return b"".join(AUTH + b"\n" for _ in range(count))


def test_process_substitution_is_read_once_as_a_stream(workdir) -> None:
    (workdir / "log.jsonl").write_bytes(_jsonl(5000))
    result = _shell("$SCHEMADIFF validate <(cat log.jsonl) --against v1.json --format json",
                    workdir)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["valid"] == 5000


def test_a_json_array_through_a_pipe_counts_every_element(workdir) -> None:
    array = b"[\n" + b",\n".join(AUTH for _ in range(5000)) + b"\n]\n"
    (workdir / "arr.json").write_bytes(array)
    (workdir / "arr.json.gz").write_bytes(gzip.compress(array))
    for source in ("<(cat arr.json)", "<(cat arr.json.gz)"):
        result = _shell(f"$SCHEMADIFF validate --input-format json {source} --against v1.json "
                        "--format json", workdir)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["valid"] == 5000


def test_a_named_fifo_is_read_once(workdir) -> None:
    fifo = workdir / "live.jsonl"
    os.mkfifo(fifo)

    def write() -> None:
        with fifo.open("wb") as stream:
            for _ in range(50):
                stream.write(_jsonl(100))

    writer = threading.Thread(target=write)
    writer.start()
    result = subprocess.run([sys.executable, "-m", "schemadiff", "validate", "live.jsonl",
                             "--against", "v1.json", "--format", "json", "--jobs", "2"],
                            cwd=workdir, capture_output=True, timeout=120, check=False)
    writer.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["valid"] == 5000


def _har(frames: int) -> bytes:
    frame = {"type": "receive", "time": 1.5, "opcode": 1, "data": AUTH.decode()}
    entry = {"request": {"method": "GET", "url": "wss://example.test/ws",
                         "headers": [{"name": "x", "value": "y" * 3000}]},
             "response": {"status": 101, "content": {"size": 0, "text": "[1, 2, {\"a\": 3}]"}},
             "_webSocketMessages": [frame] * frames + [
                 {"type": "receive", "opcode": 2, "data": "AAE="},
                 {"type": "send", "opcode": 1, "data": "{\"type\": \"ping\"}"},
                 {"type": "receive", "opcode": 1, "data": "{not json"}]}
    document = {"log": {"version": "1.2", "creator": {"name": "t", "version": "1"},
                        "pages": [{"id": 1}], "entries": [{"request": {}}, entry]}}
    return orjson.dumps(document, option=orjson.OPT_INDENT_2)


@pytest.mark.parametrize("read_size", [1, 7, 4096])
def test_har_is_streamed_frame_by_frame(read_size: int) -> None:
    data = _har(40)

    class Trickle(io.RawIOBase):
        """A stream that gives at most ``read_size`` bytes a read, like a slow pipe."""

        def __init__(self) -> None:
            self.rest = data

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
            size = min(len(buffer), read_size, len(self.rest))
            buffer[:size] = self.rest[:size]
            self.rest = self.rest[size:]
            return size

    records = list(read_har(io.BufferedReader(Trickle(), 16), "c.har", Direction.RECEIVED))
    messages = [r for r in records if r.value is not None]
    assert len(messages) == 40
    assert {(r.line, r.index) for r in messages} == {(1, i) for i in range(40)}
    assert [r.skipped for r in records if r.skipped] == ["binary frame"]
    assert [(r.index, r.error is not None) for r in records if r.error] == [(42, True)]
    both = list(read_har(io.BytesIO(data), "c.har", Direction.BOTH))
    assert len(both) == len(records) + 1


@pytest.mark.parametrize(("content", "message"), [
    (b'{"log": {"entries": [{"_webSocketMessages": [{"type": "receive", "data": "{}"}',
     "not a HAR"),
    (b'{"log": {"pages": []}}', "no log.entries"),
    (b'{"log": {"entries": [{"request": {}}]}}', "no WebSocket messages"),
    (b'[1, 2]', "not a JSON object"),
    (b'{"log": {"entries": []}} {"more": 1}', "more after the document"),
    (b'{"log": \xff}', "not UTF-8"),
])
def test_broken_har_files_are_one_clear_error(content: bytes, message: str) -> None:
    with pytest.raises(LogError, match=message):
        list(read_har(io.BytesIO(content), "c.har", Direction.RECEIVED))


def test_a_gzip_har_of_many_frames_streams(tmp_path: Path) -> None:
    path = tmp_path / "many.har.gz"
    path.write_bytes(gzip.compress(_har(20_000)))
    count = sum(1 for r in read_log(LogInput(str(path))) if r.value is not None)
    assert count == 20_000


def test_blank_lines_are_counted_in_runs(workdir, run_cli_inproc) -> None:
    # The last message starts with blanks on its own line: a run of blank lines stops there.
    content = AUTH + b"\n" + b"\n" * 300_000 + b"  \r\n\t\n \t" + AUTH + b"\n\n"
    (workdir / "padded.jsonl.gz").write_bytes(gzip.compress(content))
    result = run_cli_inproc("schemadiff validate padded.jsonl.gz --against v1.json "
                            "--format json", cwd=workdir)
    report = json.loads(result.stdout)
    assert (report["valid"], report["skipped"]) == (2, 300_003)
    (workdir / "bad.jsonl").write_bytes(b"\n\n" + b"{oops\n" + AUTH + b"\n")
    report = json.loads(run_cli_inproc("schemadiff validate bad.jsonl --against v1.json "
                                       "--format json", cwd=workdir).stdout)
    assert [(e["line"], e["keyword"]) for e in report["errors"]] == [(3, "json")]
    assert (report["skipped"], report["valid"]) == (2, 1)


def test_sigterm_during_jobs_2_is_one_line(workdir) -> None:
    (workdir / "a.jsonl").write_bytes(_jsonl(10))
    fifo = workdir / "live.jsonl"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        [sys.executable, "-m", "schemadiff", "validate", "a.jsonl", "live.jsonl", "--against",
         "v1.json", "--jobs", "2"], cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=dict(os.environ, NO_COLOR="1"))
    # Opening the FIFO returns once a worker has opened it: the pool is mid-run.
    with fifo.open("wb") as writer:
        writer.write(_jsonl(10))
        writer.flush()
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=60)
    lines = stderr.decode().splitlines()
    assert process.returncode == 143, stderr
    assert len(lines) == 1, lines
    assert "terminated (SIGTERM)" in lines[0]
    assert stdout == b""
