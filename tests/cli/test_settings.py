"""``[tool.schemadiff]`` means the same to every command: the store and the root are honoured.

Each command runs in a project whose ``pyproject.toml`` moves the snapshot store to ``elsewhere/``
(and, in the second half, names the OpenAPI root component ``Envelope``); nothing named
``snapshots/`` exists, so a command that ignored the configuration would fail.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO_DIR = Path(__file__).resolve().parents[2]
RunCli = Callable[..., Any]

CONFIG = '[tool.schemadiff]\nsnapshots = "elsewhere"\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    store = tmp_path / "elsewhere"
    store.mkdir()
    for name in ("0.1.0", "0.2.0"):
        shutil.copy(REPO_DIR / "snapshots" / f"{name}.json", store / f"{name}.json")
    (tmp_path / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "log.jsonl").write_text(
        '{"type": "auth_success", "context": "c", "user_id": "u"}\n', encoding="utf-8"
    )
    return tmp_path


@pytest.fixture
def openapi_envelope(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Sartiq 0.1.0 OpenAPI document with its message union named ``Envelope``."""
    from sartiq.app import create_app

    text = json.dumps(create_app("0.1.0").openapi()).replace("WebSocketMessage", "Envelope")
    path = tmp_path_factory.mktemp("envelope") / "openapi.json"
    path.write_text(text, encoding="utf-8")
    return path


# (command line, what it prints that shows the store was read); names resolve in elsewhere/.
COMMANDS = [
    ("schemadiff list", "snapshots in "),
    ("schemadiff list --format json", '"directory": '),
    ("schemadiff show 0.1.0", "GenerationMessage"),
    ("schemadiff diff 0.1.0 0.2.0 --fail-on never", "schemadiff diff (forward mode)"),
    ("schemadiff validate log.jsonl --against 0.1.0", "OK: all 1 message valid"),
    ("schemadiff validate log.jsonl", "OK: all 1 message valid"),  # latest
    ("schemadiff check 0.2.0 --against 0.1.0", "check: PASS"),
    ("schemadiff check elsewhere/0.2.0.json", "check: PASS"),  # baseline: the store's latest
    ("schemadiff log", "0.1.0 -> 0.2.0"),
]


@pytest.mark.parametrize(("command", "shown"), COMMANDS)
def test_every_command_reads_the_configured_store(
    run_cli_inproc: RunCli, project: Path, command: str, shown: str
) -> None:
    result = run_cli_inproc(command, cwd=project)
    assert result.exit_code == 0, result.stderr
    assert shown in result.stdout
    assert not (project / "snapshots").exists()


def test_snapshot_writes_into_the_configured_store(
    run_cli_inproc: RunCli, project: Path
) -> None:
    result = run_cli_inproc("schemadiff snapshot elsewhere/0.1.0.json --name copy", cwd=project)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"created {project / 'elsewhere' / 'copy.json'} ")
    assert not (project / "snapshots").exists()


def test_capture_resolves_against_in_the_configured_store(
    run_cli_inproc: RunCli, project: Path
) -> None:
    # The store is read before connecting: a name it lacks is refused naming elsewhere/, and a
    # name it has gets as far as the (refused) connection.
    missing = run_cli_inproc("schemadiff capture ws://127.0.0.1:1/ws -a nope -n 1", cwd=project)
    assert missing.exit_code == 2
    assert f"no snapshot named 'nope' in {project / 'elsewhere'}" in missing.stderr
    found = run_cli_inproc("schemadiff capture ws://127.0.0.1:1/ws -a 0.1.0 -n 1", cwd=project)
    assert found.exit_code == 2
    assert "cannot connect to ws://127.0.0.1:1/ws" in found.stderr


def test_the_command_line_wins_over_the_configuration(
    run_cli_inproc: RunCli, project: Path
) -> None:
    shutil.copytree(project / "elsewhere", project / "other")
    (project / "other" / "0.2.0.json").unlink()
    result = run_cli_inproc("schemadiff list -s other --format json", cwd=project)
    assert result.exit_code == 0, result.stderr
    assert [row["name"] for row in json.loads(result.stdout)["snapshots"]] == ["0.1.0"]


ROOT_COMMANDS = [
    "schemadiff show {openapi}",
    "schemadiff diff {openapi} {openapi}",
    "schemadiff validate log.jsonl --against {openapi}",
    "schemadiff snapshot {openapi} --name enveloped",
    "schemadiff check {openapi} --against {openapi}",
]


@pytest.mark.parametrize("command", ROOT_COMMANDS)
def test_every_command_reading_openapi_honours_the_root(
    run_cli_inproc: RunCli, project: Path, openapi_envelope: Path, command: str
) -> None:
    line = command.format(openapi=openapi_envelope)
    refused = run_cli_inproc(line, cwd=project)
    assert refused.exit_code == 2
    # The advice in the error is true: the command has --root.
    assert "root schema 'WebSocketMessage' is not in components.schemas (pass --root" in (
        refused.stderr)
    assert run_cli_inproc(f"{line} --root Envelope", cwd=project).exit_code == 0
    (project / "pyproject.toml").write_text(CONFIG + 'root = "Envelope"\n', encoding="utf-8")
    configured = run_cli_inproc(line, cwd=project)
    assert configured.exit_code == 0, configured.stderr
