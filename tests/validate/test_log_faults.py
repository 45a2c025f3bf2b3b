"""Every injected fault is found at its line and path; no valid message is flagged.

The same log is read as JSON Lines, gzip, a JSON array, stdin, a HAR export, and in chunks by
worker processes; the findings must be identical in each.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import orjson
from validate_helpers import FaultLog, har_document


def _found(report: dict[str, Any]) -> dict[int, set[tuple[str, str]]]:
    found: dict[int, set[tuple[str, str]]] = {}
    for error in report["errors"]:
        found.setdefault(error["line"], set()).add((error["path"], error["keyword"]))
    return found


def _run_json(run_cli_inproc: Any, schema_dir: Path, log: FaultLog, args: str) -> Any:
    shutil.copy(schema_dir / "openapi-0.1.0.json", log.directory / "schema.json")
    result = run_cli_inproc(f"schemadiff validate {args} --against schema.json --format json "
                            "--max-errors 100", cwd=log.directory)
    assert result.stderr == ""
    return result, json.loads(result.stdout)


def test_every_fault_found_at_its_line_and_path(run_cli_inproc, schema_dir, fault_log) -> None:
    result, report = _run_json(run_cli_inproc, schema_dir, fault_log, "events.jsonl")
    assert result.exit_code == 1
    assert _found(report) == fault_log.expected
    assert report["total"] == len(fault_log.messages)
    assert report["invalid"] == len(fault_log.expected)
    assert report["valid"] == len(fault_log.messages) - len(fault_log.expected)
    assert report["skipped"] == 0
    assert {e["source"] for e in report["errors"]} == {"events.jsonl"}
    unknown = next(e for e in report["errors"] if e["keyword"] == "discriminator")
    assert unknown["type"] == "(unknown type)"
    assert unknown["message"].startswith(
        "unknown message type 'generation_exploded'; known types: ")
    assert "'generation_created'" in unknown["message"]
    enum = next(e for e in report["errors"] if e["keyword"] == "enum"
                and e["path"].startswith("payload.predictions"))
    assert enum["type"] == "GenerationMessage"
    assert enum["message"].startswith("'exploded' is not one of 'pending'")
    truncated = [e for e in report["errors"] if e["keyword"] == "json"]
    assert any("truncated" in e["message"] for e in truncated)


def test_text_report_names_file_line_type_and_path(run_cli_inproc, schema_dir, fault_log) -> None:
    shutil.copy(schema_dir / "openapi-0.1.0.json", fault_log.directory / "schema.json")
    result = run_cli_inproc("schemadiff validate events.jsonl --against schema.json",
                            cwd=fault_log.directory)
    assert result.exit_code == 1
    line = min(n for n, pairs in fault_log.expected.items()
               if ("payload.predictions[2].status", "enum") in pairs)
    assert (f"  events.jsonl:{line} GenerationMessage: payload.predictions[2].status: "
            "'exploded' is not one of 'pending'") in result.stdout
    last = result.stdout.splitlines()[-1]
    assert last == (f"FAIL: {len(fault_log.expected)} of {len(fault_log.messages)} messages "
                    "invalid against schema.json")


def test_gzip_json_array_and_stdin_agree(run_cli_inproc, schema_dir, fault_log) -> None:
    data = (fault_log.directory / "events.jsonl").read_bytes()
    (fault_log.directory / "events.jsonl.gz").write_bytes(gzip.compress(data))
    _, report = _run_json(run_cli_inproc, schema_dir, fault_log, "events.jsonl.gz")
    assert _found(report) == fault_log.expected
    assert {e["source"] for e in report["errors"]} == {"events.jsonl.gz"}

    shutil.copy(schema_dir / "openapi-0.1.0.json", fault_log.directory / "schema.json")
    result = run_cli_inproc("schemadiff validate - --against schema.json --format json "
                            "--max-errors 100", stdin=data, cwd=fault_log.directory)
    assert result.exit_code == 1
    assert _found(json.loads(result.stdout)) == fault_log.expected

    # A JSON array of the parseable messages, one element per line after the "[" line.
    parseable = [(line, m) for line, m in enumerate(fault_log.messages, start=1)
                 if not isinstance(m, bytes)]
    text = "[\n" + ",\n".join(orjson.dumps(m).decode() for _, m in parseable) + "\n]\n"
    (fault_log.directory / "events.json").write_text(text, encoding="utf-8")
    _, report = _run_json(run_cli_inproc, schema_dir, fault_log, "events.json")
    expected = {index + 2: fault_log.expected[line] for index, (line, _) in enumerate(parseable)
                if line in fault_log.expected}
    assert _found(report) == expected
    assert {(e["line"], e["index"]) for e in report["errors"]} == {
        (index + 2, index) for index, (line, _) in enumerate(parseable)
        if line in fault_log.expected}


def test_har_export_received_frames(run_cli_inproc, schema_dir, fault_log) -> None:
    frames: list[dict[str, Any]] = [
        {"type": "send", "time": 1.0, "opcode": 1, "data": '{"type": "auth", "token": "x"}'},
        {"type": "receive", "time": 1.1, "opcode": 2, "data": "AAECAw=="},
    ]
    for number, line in enumerate(fault_log.lines()):
        frames.append({"type": "receive", "time": 2.0 + number, "opcode": 1,
                       "data": line.decode("utf-8")})
    frames.append({"type": "receive", "time": 99.0, "opcode": 9, "data": ""})
    (fault_log.directory / "capture.har").write_text(json.dumps(har_document(frames)),
                                                     encoding="utf-8")
    result, report = _run_json(run_cli_inproc, schema_dir, fault_log, "capture.har")
    assert result.exit_code == 1
    # Frame index = line - 1 + 2 (the sent frame and the binary frame come first); entry 1.
    found = {(e["line"], e["index"]): set() for e in report["errors"]}
    for error in report["errors"]:
        found[(error["line"], error["index"])].add((error["path"], error["keyword"]))
    assert found == {(1, line + 1): pairs for line, pairs in fault_log.expected.items()}
    assert report["skipped"] == 2
    assert report["skipped_by_reason"] == {"binary frame": 1, "control frame (opcode 9)": 1}
    assert report["total"] == len(fault_log.messages)

    both = run_cli_inproc("schemadiff validate capture.har --against schema.json --format json "
                          "--direction both --max-errors 100", cwd=fault_log.directory)
    report = json.loads(both.stdout)
    assert report["total"] == len(fault_log.messages) + 1
    assert any(e["index"] == 0 and e["keyword"] == "discriminator" for e in report["errors"])


def test_jobs_and_chunks_keep_lines_and_order(schema, fault_log) -> None:
    from schemadiff.validate import LogInput, Validator
    from schemadiff.validate.run import Consumer, RunOptions, run

    path = str(fault_log.directory / "big.jsonl")
    lines = fault_log.lines()
    with Path(path).open("wb") as stream:
        for _ in range(5):
            stream.write(b"\n".join(lines) + b"\n")
    serial = run([LogInput(path)], Consumer([Validator(schema)], ["s"], RunOptions(100)))
    parallel = run([LogInput(path)], Consumer([Validator(schema)], ["s"],
                                              RunOptions(100, jobs=2, chunk_bytes=20_000)))
    assert parallel.primary.errors == serial.primary.errors
    assert parallel.primary.by_type == serial.primary.by_type
    expected_lines = sorted(line + copy * len(lines) for copy in range(5)
                            for line in fault_log.expected)
    assert sorted({e.line for e in serial.primary.errors}) == expected_lines
    assert [e.line for e in serial.primary.errors] == sorted(e.line for e in serial.primary.errors)
