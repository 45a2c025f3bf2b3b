"""``validate --dask``: a real LocalCluster (two workers on loopback) gives the local report.

One cluster serves the whole session. Every case runs the CLI twice, locally and with ``--dask``
and small partitions, and compares the outputs byte for byte: counts, error groups, coverage and
the first errors with their true line numbers. Logs are also served by a real loopback HTTP
server and read through fsspec, locally and on the cluster.
"""

from __future__ import annotations

import gzip
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

pytest.importorskip("distributed", reason="the [dask] extra is not installed")

ARGS = [
    "events.jsonl drift.jsonl --against v2.json --max-errors 5",
    "events.jsonl drift.jsonl --against v1.json --against v2.json --coverage --format json",
    "events.jsonl.gz frames.har array.json events.jsonl --against v1.json --strict --formats "
    "--format github",
]


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    from distributed import LocalCluster

    # Module scope, not session: the workers' threads keep drawing on the `random` module in the
    # background (heartbeats with jitter), which hypothesis reports as a strategy using global
    # randomness when its tests run in the same process while the cluster lives.
    # Workers in threads of this process, talking TCP on loopback: every partition and summary
    # is still pickled and sent through the scheduler, and the cluster starts in a second even
    # on a loaded machine (spawning worker processes there took longer than the start timeout).
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                      host="127.0.0.1", dashboard_address="127.0.0.1:0") as local:
        yield local


@pytest.fixture
def logs(fault_log, tmp_path: Path, schema_dir: Path) -> Path:
    from sartiq.messages import generate_messages

    shutil.copy(schema_dir / "openapi-0.1.0.json", tmp_path / "v1.json")
    shutil.copy(schema_dir / "openapi-0.2.0.json", tmp_path / "v2.json")
    events = (tmp_path / "events.jsonl").read_bytes()
    # Blank lines and a last line without its line end: partition edges must not move them.
    events = events.replace(b"\n", b"\n\n", 3) + b'{"type": "auth_error", "error": "x"}'
    (tmp_path / "events.jsonl").write_bytes(events)
    (tmp_path / "events.jsonl.gz").write_bytes(gzip.compress(events))
    drift = b"".join(orjson.dumps(m) + b"\n" for m in generate_messages("0.1.0", 30, seed=5))
    (tmp_path / "drift.jsonl").write_bytes(drift)
    frames = [{"type": "receive", "opcode": 1, "data": line.decode()}
              for line in events.splitlines()[:12] if line.strip()]
    (tmp_path / "frames.har").write_bytes(orjson.dumps(
        {"log": {"entries": [{"_webSocketMessages": frames}]}}))
    (tmp_path / "array.json").write_bytes(b"[" + b",\n".join(drift.splitlines()[:9]) + b"]")
    return tmp_path


@pytest.mark.parametrize("arguments", ARGS)
def test_the_cluster_report_equals_the_local_one(cluster, logs: Path, run_cli_inproc,
                                                 arguments: str) -> None:
    local = run_cli_inproc(f"schemadiff validate {arguments}", cwd=logs)
    assert local.exit_code in (0, 1), local.stderr
    remote = run_cli_inproc(f"schemadiff validate {arguments} --dask "
                            f"{cluster.scheduler_address} --chunk-size 4000", cwd=logs)
    assert (remote.exit_code, remote.stderr) == (local.exit_code, local.stderr)
    assert remote.stdout == local.stdout


def test_partitions_tile_the_file_whatever_the_size(cluster, logs: Path, run_cli_inproc) -> None:
    local = run_cli_inproc("schemadiff validate drift.jsonl --against v2.json --format json",
                           cwd=logs).stdout
    for size in (20_000, 10**9):
        remote = run_cli_inproc(f"schemadiff validate drift.jsonl --against v2.json --format json "
                                f"--dask {cluster.scheduler_address} --chunk-size {size}",
                                cwd=logs)
        assert remote.stdout == local, size


def test_the_config_key_sends_the_work_to_the_cluster(cluster, logs: Path,
                                                      run_cli_inproc) -> None:
    (logs / "pyproject.toml").write_text(
        f'[tool.schemadiff]\ndask = "{cluster.scheduler_address}"\n')
    before = len(cluster.scheduler.task_prefixes.get("validate_partition", {}) and
                 cluster.scheduler.task_prefixes["validate_partition"].states) or 0
    result = run_cli_inproc("schemadiff validate events.jsonl --against v1.json", cwd=logs)
    assert result.exit_code == 1, result.stderr
    assert "validate_partition" in cluster.scheduler.task_prefixes
    assert before is not None


def test_stdin_cannot_go_to_a_cluster(cluster, logs: Path, run_cli_inproc) -> None:
    result = run_cli_inproc(f"schemadiff validate - --against v1.json --dask "
                            f"{cluster.scheduler_address}", cwd=logs, stdin=b"{}\n")
    assert result.exit_code == 2
    assert "cannot be validated on a Dask cluster" in result.stderr


@pytest.fixture
def http_logs(logs: Path) -> Iterator[str]:
    """The logs folder served over HTTP on loopback (real server, real sockets)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(logs), **kwargs)

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_http_logs_are_read_as_streams(cluster, logs: Path, http_logs: str,
                                       run_cli_inproc) -> None:
    files = run_cli_inproc("schemadiff validate events.jsonl events.jsonl.gz --against v1.json "
                           "--format json", cwd=logs)
    urls = f"{http_logs}/events.jsonl {http_logs}/events.jsonl.gz"
    local = run_cli_inproc(f"schemadiff validate {urls} --against v1.json --format json",
                           cwd=logs)
    remote = run_cli_inproc(f"schemadiff validate {urls} --against v1.json --format json "
                            f"--dask {cluster.scheduler_address}", cwd=logs)
    assert remote.stdout == local.stdout
    by_file, by_url = json.loads(files.stdout), json.loads(local.stdout)
    for key in ("total", "valid", "invalid", "skipped", "by_type", "error_count"):
        assert by_url[key] == by_file[key], key
    assert [(e["line"], e["keyword"]) for e in by_url["errors"]] == [
        (e["line"], e["keyword"]) for e in by_file["errors"]]
    assert by_url["sources"] == urls.split()


def test_a_missing_url_is_one_line(logs: Path, http_logs: str, run_cli_inproc) -> None:
    result = run_cli_inproc(f"schemadiff validate {http_logs}/nope.jsonl --against v1.json",
                            cwd=logs)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "nope.jsonl" in result.stderr
