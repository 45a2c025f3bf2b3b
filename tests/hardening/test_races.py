"""Racing writers: two commands writing the same snapshot name at once never replace each other.

Each row starts several real processes at the same instant (forked from one warmed-up Python,
released together through a pipe) that write the same name into one store, and checks the
outcome of every round: exactly one writer creates the file; every other writer of a different
schema exits 2 with "already holds a different schema", every other writer of the same schema
reports "unchanged"; the file is the complete snapshot of the winner's schema, verified by its
hash. Without exclusive creation two writers both say "created" and one schema silently wins.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hardening.support import run_inproc, union_doc, write_json

from schemadiff import canonical

ROUNDS = 6

RACER = """
import json, os, sys
from schemadiff.cli import run

# Warm up with one real run, so that the forked racers go straight to work.
warm = json.loads(sys.argv[1])
with open(os.devnull, "w") as sink:
    sys.stdout, sys.stderr = sink, sink
    run(warm)
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
for line in sys.stdin:
    request = json.loads(line)
    gate_read, gate_write = os.pipe()
    pids = []
    for index, argv in enumerate(request["argvs"]):
        pid = os.fork()
        if pid == 0:
            os.close(gate_write)
            out = os.open(f"{request['dir']}/out{index}", os.O_WRONLY | os.O_CREAT, 0o644)
            err = os.open(f"{request['dir']}/err{index}", os.O_WRONLY | os.O_CREAT, 0o644)
            os.dup2(out, 1)
            os.dup2(err, 2)
            # All racers share one core: the scheduler then interleaves them in slices of a few
            # milliseconds, so they move in step and meet inside each other's write far more
            # often than on separate, busy cores.
            os.sched_setaffinity(0, {request["cpu"]})
            os.read(gate_read, 1)  # Every racer waits here until all are forked.
            code = run(argv)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        pids.append(pid)
    os.close(gate_read)
    os.close(gate_write)  # The end of the pipe releases every racer at once.
    codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]
    print(json.dumps(codes), flush=True)
"""


class Racers:
    """A warmed Python that forks one racer per command line and releases them together."""

    def __init__(self, warm: list[str]) -> None:
        env = dict(os.environ)
        env.pop("SCHEMADIFF_TOKEN", None)
        env["NO_COLOR"] = "1"
        self.process = subprocess.Popen([sys.executable, "-c", RACER, json.dumps(warm)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        env=env, text=True)

    def race(self, argvs: list[list[str]], directory: Path) -> list[tuple[int, str, str]]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        directory.mkdir()
        cpu = min(os.sched_getaffinity(0))
        self.process.stdin.write(json.dumps({"argvs": argvs, "dir": str(directory),
                                             "cpu": cpu}) + "\n")
        self.process.stdin.flush()
        codes = json.loads(self.process.stdout.readline())
        return [(code, (directory / f"out{i}").read_text(), (directory / f"err{i}").read_text())
                for i, code in enumerate(codes)]

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()


def doc(variant: str, version: str = "1.0.0") -> dict[str, object]:
    """The small union with a payload that differs per ``variant``."""
    return union_doc(payload={"type": "object", "description": f"variant {variant}",
                              "properties": {"n": {"type": "integer"}}}, version=version)


@dataclass(frozen=True, slots=True)
class Race:
    id: str
    documents: tuple[str, ...]
    """One racer per entry: the variant of the schema it writes."""
    command: Callable[[Path, Path], list[str]]
    """The command line of a racer, given its source file and the store."""
    baseline: bool = False
    """Whether the store starts with a baseline snapshot (``check`` compares against it)."""
    creates: str = "created "
    """What the winner prints (on stdout or stderr)."""
    loser_exit: int = 2
    loser_says: str = "already holds a different schema"


def snapshot_cmd(source: Path, store: Path) -> list[str]:
    return ["snapshot", str(source), "--name", "x", "--out", str(store)]


def update_cmd(source: Path, store: Path) -> list[str]:
    return ["check", str(source), "--snapshots", str(store), "--update", "--fail-on", "never"]


RACES = [
    Race("snapshot-two-schemas", ("a", "b"), snapshot_cmd),
    Race("snapshot-three-schemas", ("a", "b", "c"), snapshot_cmd),
    Race("snapshot-same-schema", ("a", "a"), snapshot_cmd, loser_exit=0, loser_says="unchanged"),
    Race("check-update-first-snapshot", ("a", "b"), update_cmd, creates="wrote the first"),
    Race("check-update-over-baseline", ("a", "b"), update_cmd, baseline=True, creates="wrote "),
    # The second may read the first's snapshot as its baseline (then nothing changed) or race
    # it to the write (then the store already holds it): both say nothing was written.
    Race("check-update-same-schema", ("a", "a"), update_cmd, baseline=True, creates="wrote ",
         loser_exit=0, loser_says="nothing written"),
]


@pytest.mark.parametrize("race", RACES, ids=[race.id for race in RACES])
def test_racing_writers_never_replace_each_other(race: Race, tmp_path: Path) -> None:
    version = "2.0.0" if race.baseline else "1.0.0"
    sources = {variant: write_json(tmp_path / f"{variant}.json", doc(variant, version))
               for variant in set(race.documents)}
    hashes = {}
    for variant, source in sources.items():
        document = json.loads(source.read_text())
        hashes[variant] = _schema_hash(tmp_path, document, variant)
    baseline = write_json(tmp_path / "baseline.json", doc("base", "1.0.0"))
    code, _, err = run_inproc(["snapshot", str(baseline), "--out", str(tmp_path / "base")],
                              tmp_path)
    assert code == 0, err
    racers = Racers(["snapshot", str(baseline), "--out", str(tmp_path / "warm")])
    try:
        for round_ in range(ROUNDS):
            store = tmp_path / f"store{round_}"
            if race.baseline:
                store.mkdir()
                shutil.copy(tmp_path / "base" / "1.0.0.json", store)
            argvs = [race.command(sources[variant], store) for variant in race.documents]
            results = racers.race(argvs, tmp_path / f"round{round_}")
            _check_round(race, results, store, version, hashes, round_)
    finally:
        racers.close()


def _check_round(race: Race, results: list[tuple[int, str, str]], store: Path, version: str,
                 hashes: dict[str, str], round_: int) -> None:
    winners = [i for i, (code, out, err) in enumerate(results)
               if code == 0 and race.creates in out + err]
    assert len(winners) == 1, (round_, results)
    for index, (code, out, err) in enumerate(results):
        assert "Traceback" not in out + err
        if index in winners:
            continue
        same = race.documents[index] == race.documents[winners[0]]
        if same:
            assert code == race.loser_exit, (round_, results)
            assert race.loser_says in out + err, (round_, results)
        else:
            assert code == 2, (round_, results)
            lines = err.splitlines()
            assert len(lines) == 1, err
            assert lines[0].startswith("schemadiff: error: ")
            assert "already holds a different schema" in lines[0], err
    name = "x" if race.command is snapshot_cmd else version
    document = json.loads((store / f"{name}.json").read_text(encoding="utf-8"))
    provenance = document.pop("x-schemadiff")
    assert canonical.sha256(document) == provenance["sha256"]
    assert provenance["sha256"] == hashes[race.documents[winners[0]]], round_


def _schema_hash(tmp_path: Path, document: object, variant: str) -> str:
    store = tmp_path / f"hash-{variant}"
    source = write_json(tmp_path / f"hash-{variant}.json", document)
    code, _, err = run_inproc(["snapshot", str(source), "--name", "h", "--out", str(store)],
                              tmp_path)
    assert code == 0, err
    snapshot = json.loads((store / "h.json").read_text(encoding="utf-8"))
    return str(snapshot["x-schemadiff"]["sha256"])
