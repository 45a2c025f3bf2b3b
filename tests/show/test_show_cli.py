"""``schemadiff show``: golden outputs of the bundled snapshots, message filter, errors.

Golden files live in ``golden/``; regenerate them with ``SCHEMADIFF_REGEN_GOLDEN=1`` and review
the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SNAPSHOTS = REPO / "snapshots"
GOLDEN = Path(__file__).resolve().parent / "golden"

GOLDEN_CASES = [
    ("0.1.0.txt", "0.1.0"),
    ("0.2.0.txt", "0.2.0"),
    ("0.1.0.json", "0.1.0 --format json"),
    ("0.2.0-shot_created.txt", "0.2.0 --message shot_created"),
]


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SCHEMADIFF_REGEN_GOLDEN"):
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} missing; run with SCHEMADIFF_REGEN_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


@pytest.mark.parametrize(("golden", "args"), GOLDEN_CASES)
def test_golden_output(run_cli_inproc: Any, golden: str, args: str) -> None:
    result = run_cli_inproc(f"schemadiff show {args} --snapshots {SNAPSHOTS}")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    _check_golden(golden, result.stdout)


def test_text_fits_80_columns_without_colour(run_cli: Any) -> None:
    result = run_cli(f"schemadiff show 0.2.0 --snapshots {SNAPSHOTS}",
                     env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    lines = result.stdout.splitlines()
    assert lines[0] == "Sartiq Backend Server - Websocket 0.2.0"
    assert "│   ├── seed: string  required" in lines
    assert "NotificationMessage  type: notification" in lines


def test_json_has_every_message_type_and_the_markers(run_cli_inproc: Any) -> None:
    result = run_cli_inproc(f"schemadiff show 0.2.0 -f json -s {SNAPSHOTS}")
    document = json.loads(result.stdout)
    assert [m["name"] for m in document["messages"]] == [
        "GenerationMessage", "ShotMessage", "AuthSuccessMessage", "AuthErrorMessage",
        "NotificationMessage",
    ]
    shot = document["messages"][1]
    assert shot["types"] == ["shot_created", "shot_updated", "shot_revision_created"]
    payload = shot["fields"][0]
    assert (payload["name"], payload["type"], payload["required"]) == ("payload", "ShotPublic",
                                                                      True)
    markers = {f["name"]: f for f in payload["fields"]}
    assert markers["shot_type"]["marker"] == "repeat"
    assert markers["shot_type"]["first_seen"] == (
        "GenerationMessage.payload.predictions[].shot_type"
    )


@pytest.mark.parametrize("wanted", ["generation_queued", "GenerationMessage"])
def test_message_filter_by_type_value_or_definition_name(run_cli_inproc: Any,
                                                         wanted: str) -> None:
    result = run_cli_inproc(f"schemadiff show 0.2.0 --message {wanted} -f json -s {SNAPSHOTS}")
    assert result.exit_code == 0
    assert [m["name"] for m in json.loads(result.stdout)["messages"]] == ["GenerationMessage"]


def test_unknown_message_type_lists_the_known_ones(run_cli_inproc: Any) -> None:
    result = run_cli_inproc(f"schemadiff show 0.1.0 --message notification -s {SNAPSHOTS}")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "schemadiff: error: unknown message type 'notification' in 0.1.0; known types: "
        "generation_created, generation_updated, generation_completed, generation_failed, "
        "shot_created, shot_updated, shot_revision_created, shot_deleted, auth_success, "
        "auth_error (or a definition name: GenerationMessage, ShotMessage, AuthSuccessMessage, "
        "AuthErrorMessage)\n"
    )


def test_unknown_snapshot_is_one_line_and_exit_2(run_cli: Any, tmp_path: Path) -> None:
    result = run_cli(f"schemadiff show 9.9.9 --snapshots {tmp_path}")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("schemadiff: error: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_latest_and_a_file_path_work(run_cli_inproc: Any) -> None:
    latest = run_cli_inproc(f"schemadiff show latest -f json -s {SNAPSHOTS}")
    assert json.loads(latest.stdout)["api_version"] == "0.2.0"
    by_path = run_cli_inproc(f"schemadiff show {SNAPSHOTS / '0.1.0.json'} -f json")
    assert json.loads(by_path.stdout)["api_version"] == "0.1.0"


def test_an_openapi_30_server_outlines_like_the_31_one(
    run_cli_inproc: Any, sartiq_url: str
) -> None:
    """The three nullable spellings meet here: a 3.0 document of the same models."""
    live = run_cli_inproc(f"schemadiff show {sartiq_url}/misbehave/openapi/openapi-3.0 -f json")
    assert live.exit_code == 0, live.stderr
    bundled = run_cli_inproc(f"schemadiff show 0.1.0 -f json -s {SNAPSHOTS}")

    def messages(text: str) -> Any:
        return json.loads(text)["messages"]

    assert messages(live.stdout) == messages(bundled.stdout)
    assert "test-token" not in live.stdout  # The token of the sartiq_url server.


def test_cycles_are_marked_in_the_text(run_cli_inproc: Any, sartiq_url: str) -> None:
    result = run_cli_inproc(f"schemadiff show {sartiq_url}/misbehave/openapi/cycle "
                            "--message generation_created")
    assert result.exit_code == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if "refines_refine:" in line)
    assert line.endswith("refines_refine: RefinePublic | null  optional  (cycle:")
    as_json = run_cli_inproc(f"schemadiff show {sartiq_url}/misbehave/openapi/cycle "
                             "--message generation_created --format json")
    payload = json.loads(as_json.stdout)["messages"][0]["fields"][0]
    predictions = next(f for f in payload["fields"] if f["name"] == "predictions")
    refines = next(f for f in predictions["fields"] if f["name"] == "refines")
    cyclic = next(f for f in refines["fields"] if f["name"] == "refines_refine")
    assert (cyclic["marker"], cyclic["definition"]) == ("cycle", "RefinePublic")
