"""``schemadiff check --update``: the store gains the new snapshot only when the check passes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gate.helpers import with_version, write_json


def snapshot_files(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir()) if directory.exists() else []


def test_update_writes_on_pass_only(
    run_cli_inproc: Any, tmp_path: Path, openapi_docs: dict[str, Any]
) -> None:
    store = tmp_path / "snapshots"
    source = tmp_path / "openapi.json"

    # An empty store: --update records the first snapshot.
    write_json(source, openapi_docs["0.1.0"])
    first = run_cli_inproc("schemadiff check openapi.json --update", cwd=tmp_path)
    assert first.exit_code == 0, first.stderr
    assert snapshot_files(store) == ["0.1.0.json"]
    assert "wrote the first snapshot snapshots/0.1.0.json" in first.stderr

    # A breaking change without a bump fails and writes nothing.
    write_json(source, with_version(openapi_docs["0.2.0"], "0.1.0"))
    failed = run_cli_inproc("schemadiff check openapi.json --update", cwd=tmp_path)
    assert failed.exit_code == 1
    assert snapshot_files(store) == ["0.1.0.json"]
    assert "--update: the check failed, nothing written to snapshots" in failed.stderr

    # Bumped: passes against latest (0.1.0) and writes 0.2.0.json, canonical, with provenance.
    write_json(source, openapi_docs["0.2.0"])
    passed = run_cli_inproc("schemadiff check openapi.json --update --format json", cwd=tmp_path)
    assert passed.exit_code == 0, passed.stderr
    assert snapshot_files(store) == ["0.1.0.json", "0.2.0.json"]
    assert json.loads(passed.stdout)["check"]["updated"] == "snapshots/0.2.0.json"
    text = (store / "0.2.0.json").read_text(encoding="utf-8")
    written = json.loads(text)
    assert text == json.dumps(written, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert written["x-schemadiff"]["api_version"] == "0.2.0"
    assert written["$ref"] == "#/$defs/WebSocketMessage"
    assert not [p for p in store.iterdir() if p.name.startswith(".")]  # no temp files left

    # Again: the baseline is now 0.2.0 itself, nothing changed, nothing written.
    before = (store / "0.2.0.json").stat().st_mtime_ns
    again = run_cli_inproc("schemadiff check openapi.json --update", cwd=tmp_path)
    assert again.exit_code == 0
    assert "--update: the schema did not change, nothing written to snapshots" in again.stderr
    assert (store / "0.2.0.json").stat().st_mtime_ns == before


def test_update_refuses_to_replace_a_version_with_another_schema(
    run_cli_inproc: Any, tmp_path: Path, openapi_docs: dict[str, Any]
) -> None:
    store = tmp_path / "snapshots"
    source = tmp_path / "openapi.json"
    write_json(source, openapi_docs["0.1.0"])
    assert run_cli_inproc("schemadiff check openapi.json --update", cwd=tmp_path).exit_code == 0
    original = (store / "0.1.0.json").read_bytes()

    # A safe change (a description) at the same version: the check passes, the write is refused.
    changed = with_version(openapi_docs["0.1.0"], "0.1.0")
    schemas = changed["components"]["schemas"]
    schemas["WebSocketMessage"]["description"] = "Now documented."
    write_json(source, changed)
    result = run_cli_inproc("schemadiff check openapi.json --update", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "schemadiff: error: cannot --update: snapshots/0.1.0.json already holds a different "
        "schema for version 0.1.0; bump info.version so the new schema gets its own snapshot"
    )
    assert (store / "0.1.0.json").read_bytes() == original


def test_check_a_store_file_defaults_to_the_snapshot_before_it(
    run_cli_inproc: Any, tmp_path: Path, openapi_docs: dict[str, Any]
) -> None:
    source = tmp_path / "openapi.json"
    write_json(source, openapi_docs["0.1.0"])
    assert run_cli_inproc("schemadiff check openapi.json --update", cwd=tmp_path).exit_code == 0
    write_json(source, openapi_docs["0.2.0"])
    assert run_cli_inproc("schemadiff check openapi.json --update", cwd=tmp_path).exit_code == 0
    # 0.2.0.json is the latest; checking it compares it with 0.1.0, not with itself.
    result = run_cli_inproc("schemadiff check snapshots/0.2.0.json --format json", cwd=tmp_path)
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["old"]["version"] == "0.1.0"
    assert document["check"]["schema_changed"] is True
