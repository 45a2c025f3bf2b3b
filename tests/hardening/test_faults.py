"""Faults and data safety: killed writers, a full disk, an interrupted validation.

These need a real child process (a signal, a resource limit), so they run the CLI as
``python -m schemadiff`` or as a tiny wrapper script that sets the limit first.
"""

from __future__ import annotations

import array
import contextlib
import fcntl
import json
import os
import random
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import IO

from hardening.support import RunCli, World, message, run_inproc, union_doc, write_json

from schemadiff import canonical

ITERATIONS = 25


def big_union(variant: str, definitions: int) -> dict[str, object]:
    """A union whose Ping payload reaches ``definitions`` shared definitions (about 1 KB each)."""
    extra: dict[str, object] = {
        f"Def{i:05d}": {
            "type": "object",
            "description": f"{variant} definition {i} " + "lorem ipsum " * 8,
            "properties": {f"field{j}": {"type": "string", "maxLength": i + j} for j in range(6)},
        }
        for i in range(definitions)
    }
    payload = {"anyOf": [{"$ref": f"#/components/schemas/Def{i:05d}"} for i in range(definitions)]}
    extra["Ping"] = message("Ping", "ping", payload)
    return union_doc(extra, version=f"1.0.0-{variant}")


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SCHEMADIFF_TOKEN", None)
    env.pop("SCHEMADIFF_DEBUG", None)
    env["NO_COLOR"] = "1"
    return env


def _check_store(store: Path, hashes: set[str]) -> None:
    """Assert the store holds nothing or one complete, verified snapshot of a known schema."""
    visible = sorted(p.name for p in store.iterdir() if not p.name.startswith(".")) if (
        store.exists()) else []
    if not visible:
        return
    assert visible == ["x.json"], visible
    document = json.loads((store / "x.json").read_text(encoding="utf-8"))
    provenance = document.pop("x-schemadiff")
    assert canonical.sha256(document) == provenance["sha256"]
    assert provenance["sha256"] in hashes


ZYGOTE = """
import json, os, sys
from schemadiff.cli import run

# Warm up: one real run imports everything a snapshot needs, so that each forked child goes
# straight to work and the kills land in parsing, extraction and writing, not in start-up.
warm = json.loads(sys.argv[1])
with open(os.devnull, "w") as sink:
    sys.stdout, sys.stderr = sink, sink
    run(warm)
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os._exit(run(json.loads(line)))
    print(pid, flush=True)
    # The child is reaped only when the test says so: until then its pid cannot be reused, so
    # the test's SIGKILL can only ever hit this child.
    sys.stdin.readline()
    _, status = os.waitpid(pid, 0)
    print(status, flush=True)
"""


class Zygote:
    """A pre-warmed Python that forks one ``schemadiff`` run per request and reports its pid.

    Starting a fresh interpreter per iteration would spend most of each iteration importing;
    forking a warmed process keeps 25 kill-and-check rounds within a few seconds.
    """

    def __init__(self, warm: list[str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE, json.dumps(warm)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, env=_child_env(), text=True,
        )

    def start(self, argv: list[str]) -> int:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps(argv) + "\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def reap(self) -> int:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write("reap\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()


def test_sigkill_while_writing_never_leaves_a_partial_snapshot(
    tmp_path: Path, run_cli_inproc: RunCli,
) -> None:
    """25 runs of ``snapshot --force`` alternating two schemas, each killed with SIGKILL: half at
    a random moment, half the instant the temporary file appears (inside the write). After every
    kill the store holds the old snapshot or the complete new one, verified by its hash."""
    sources = [write_json(tmp_path / "a.json", big_union("a", 60)),
               write_json(tmp_path / "b.json", big_union("b", 60))]
    store = tmp_path / "store"

    def argv(index: int) -> list[str]:
        return ["snapshot", str(sources[index % 2]), "--name", "x", "--out", str(store),
                "--force"]

    zygote = Zygote(["snapshot", str(sources[0]), "--name", "x", "--out",
                     str(tmp_path / "warm")])
    try:
        # One complete run of each tells how long a run takes, so the kills can be spread over
        # all of it, the write at the end included.
        hashes: set[str] = set()
        durations = []
        for index in range(2):
            started = time.monotonic()
            zygote.start(argv(index))
            assert zygote.reap() == 0
            durations.append(time.monotonic() - started)
            hashes.add(_hash_of(store))
        assert len(hashes) == 2
        # The shorter one: a busy machine only makes runs longer, and then more kills land.
        full = min(durations)

        rng = random.Random(20261128)
        outcomes = {"killed": 0, "finished": 0, "mid-write": 0}
        for iteration in range(ITERATIONS):
            leftovers = _hidden(store)
            pid = zygote.start(argv(iteration))
            if iteration % 2:
                # Anywhere in the run: start-up, parsing, extraction, writing.
                time.sleep(rng.uniform(0.1 * full, 1.0 * full))
            else:
                # Inside the write: as soon as the temporary file appears (or the run ends).
                _wait_for_new_temp_file(store, leftovers, pid)
            os.kill(pid, signal.SIGKILL)  # A zombie (already finished) ignores it.
            status = zygote.reap()
            outcomes["killed" if os.WIFSIGNALED(status) else "finished"] += 1
            outcomes["mid-write"] += len(_hidden(store) - leftovers)
            _check_store(store, hashes)
    finally:
        zygote.close()

    # The listing never shows what a killed writer left behind: exactly the one snapshot.
    listed = run_cli_inproc(f"schemadiff list --snapshots {store} --format json")
    assert listed.exit_code == 0, listed.stderr
    assert [entry["name"] for entry in json.loads(listed.stdout)["snapshots"]] == ["x"]
    assert outcomes["killed"] > 0, outcomes
    # Some kills must have landed between creating the temporary file and the rename, or the
    # test proved nothing about writes.
    assert outcomes["mid-write"] > 0, outcomes


def _hidden(store: Path) -> set[str]:
    if not store.exists():
        return set()
    return {name for name in os.listdir(store) if name.startswith(".")}


def _wait_for_new_temp_file(store: Path, leftovers: set[str], pid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if _hidden(store) - leftovers:
            return
        # The child is a zombie once it has finished; /proc/PID/stat says so in field 3.
        with contextlib.suppress(OSError), Path(f"/proc/{pid}/stat").open() as stat:
            if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                return


def _hash_of(store: Path) -> str:
    document = json.loads((store / "x.json").read_text(encoding="utf-8"))
    return str(document["x-schemadiff"]["sha256"])


LIMITED = """
import resource, signal, sys
# Writes past the limit fail with EFBIG instead of killing the process (SIGXFSZ ignored), the way a
# full disk fails them with ENOSPC.
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from schemadiff.cli import main
main(sys.argv[2:])
"""


def _run_limited(limit: int, argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", LIMITED, str(limit), *argv], cwd=cwd,
                          capture_output=True, text=True, env=_child_env(), check=False,
                          timeout=60)


def test_full_disk_keeps_the_previous_snapshot(tmp_path: Path) -> None:
    small = write_json(tmp_path / "small.json", union_doc())
    large = write_json(tmp_path / "large.json", big_union("large", 200))
    store = tmp_path / "snapshots"
    code, _, err = run_inproc(["snapshot", str(small), "--name", "v", "--out", str(store)],
                              tmp_path)
    assert code == 0, err
    before = (store / "v.json").read_bytes()
    assert len(before) < 16_384

    result = _run_limited(16_384, ["snapshot", str(large), "--name", "v", "--out", str(store),
                                   "--force"], tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"schemadiff: error: cannot write {store / 'v.json'}")
    assert "File too large" in lines[0]
    assert (store / "v.json").read_bytes() == before
    assert sorted(p.name for p in store.iterdir()) == ["v.json"]


def test_full_disk_while_writing_a_report_keeps_the_previous_report(tmp_path: Path) -> None:
    old = write_json(tmp_path / "old.json", union_doc())
    new = write_json(tmp_path / "new.json", big_union("new", 200))
    report = tmp_path / "report.json"
    report.write_text("previous report\n", encoding="utf-8")
    result = _run_limited(4096, ["diff", str(old), str(new), "--format", "json", "--output",
                                 str(report), "--fail-on", "never"], tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"schemadiff: error: {report}"), lines
    assert report.read_text(encoding="utf-8") == "previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.json", "old.json", "report.json"]


def _unread_bytes(pipe: IO[bytes]) -> int:
    """Bytes written to a pipe that its reader has not read yet (Linux: FIONREAD on either end)."""
    buffer = array.array("i", [0])
    fcntl.ioctl(pipe.fileno(), termios.FIONREAD, buffer)
    return buffer[0]


def test_ctrl_c_during_validation_prints_the_summary_so_far_and_exits_130(world: World) -> None:
    lines = (world.big / "valid.jsonl").read_text(encoding="utf-8").splitlines()
    child = subprocess.Popen(
        [sys.executable, "-m", "schemadiff", "validate", "-", "--against", str(world.against),
         "--format", "json"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_child_env(),
    )
    assert child.stdin is not None
    sent = 120
    try:
        # A capture still being written: the lines so far are there, the end never comes.
        child.stdin.write(("\n".join(lines[i % len(lines)] for i in range(sent)) + "\n").encode())
        child.stdin.flush()
        # Interrupt only once the child has read every line (and had a moment to check them),
        # however long its start-up took on a busy machine.
        deadline = time.monotonic() + 30
        while _unread_bytes(child.stdin) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 130, err
    assert b"Traceback" not in err
    # The report on stdout says it is partial; stderr may add the one "interrupted" line.
    assert err.decode().splitlines() in ([], ["schemadiff: error: interrupted"])
    summary = json.loads(out)
    assert summary["interrupted"] is True
    assert summary["total"] == sent
    assert summary["valid"] == sent
    assert summary["invalid"] == 0


def _has_socket(pid: int) -> bool:
    try:
        links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
    except OSError:
        return False
    return any(link.startswith("socket:") for link in links)


def test_ctrl_c_during_snapshot_exits_130_and_writes_nothing(tmp_path: Path,
                                                             world: World) -> None:
    # A snapshot from a server that hangs, interrupted: exit 130 and nothing written.
    store = tmp_path / "snapshots"
    child = subprocess.Popen(
        [sys.executable, "-m", "schemadiff", "snapshot", f"{world.sartiq}/misbehave/hang?seconds=1",
         "--out", str(store), "--timeout", "30"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_child_env(),
    )
    # Interrupt once the request is in flight (the child holds a socket), not during start-up.
    deadline = time.monotonic() + 30
    while not _has_socket(child.pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.1)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=30)
    assert child.returncode == 130, err
    assert err.decode().splitlines() == ["schemadiff: error: interrupted"]
    assert not store.exists() or not list(store.iterdir())


def test_a_reader_that_goes_away_is_not_an_error(tmp_path: Path, world: World) -> None:
    # ``schemadiff validate ... | head``: the report is larger than a pipe holds and the reader
    # closes early. No traceback, no "Exception ignored" noise, no exit code 2.
    lines = [json.dumps({"type": "auth_error", "error": index}) for index in range(3000)]
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-m", "schemadiff", "validate", "many.jsonl", "--against",
         str(world.against), "--max-errors", "3000"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_child_env(), cwd=tmp_path,
    )
    assert child.stdout is not None
    assert child.stderr is not None
    child.stdout.read(100)
    child.stdout.close()
    err = child.stderr.read()
    child.stderr.close()
    child.wait(timeout=60)
    assert err == b""
    # 1: the log has invalid messages (what the run found); 0: the reader left, not an error.
    assert child.returncode in (0, 1)
