"""The CLI skin: entry points, help on every command, exit codes, and errors without tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pytest

import schemadiff
from schemadiff import cli
from schemadiff.errors import SchemadiffError

COMMANDS = ["snapshot", "list", "show", "diff", "rules", "validate", "check", "capture"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schemadiff", *args],
        capture_output=True, text=True, timeout=60, check=False,
    )


def test_version_via_python_m() -> None:
    result = _run("--version")
    assert result.returncode == 0
    assert result.stdout == f"schemadiff {schemadiff.__version__}\n"
    assert result.stderr == ""


def test_version_fast_path_imports_no_cli_framework() -> None:
    # A pre-commit hook pays start-up on every run: --version must not import typer or rich.
    heavy = "{'typer', 'rich', 'click', 'httpx', 'jsonschema', 'deepdiff'}"
    code = (
        "import sys; from schemadiff import cli; rc = cli.run(['--version']);"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert "Usage" in out
    assert command in out


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(["no-such-command"]) == 2
    err = capsys.readouterr().err
    assert "No such command" in err
    assert "Traceback" not in err


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(["diff", "--no-such-option"]) == 2
    assert "No such option" in capsys.readouterr().err


def test_schemadiff_error_is_one_line_with_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(argv: list[str]) -> int:
        raise SchemadiffError("snapshots/x.json: not JSON (line 3, column 1)")

    monkeypatch.setattr(cli, "_run_click", boom)
    assert cli.run(["diff", "a", "b"]) == 2
    assert capsys.readouterr().err == (
        "schemadiff: error: snapshots/x.json: not JSON (line 3, column 1)\n"
    )


def test_unexpected_exception_is_one_line_without_traceback_or_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from schemadiff.redact import register_secret

    register_secret("s3cr3t-token-value")

    def boom(argv: list[str]) -> int:
        raise RuntimeError("failed while holding s3cr3t-token-value")

    monkeypatch.setattr(cli, "_run_click", boom)
    monkeypatch.delenv("SCHEMADIFF_DEBUG", raising=False)
    assert cli.run(["diff", "a", "b"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "s3cr3t-token-value" not in err
    assert "RuntimeError" in err
    assert "Traceback" not in err


def test_keyboard_interrupt_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(argv: list[str]) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_run_click", interrupted)
    assert cli.run(["validate", "x"]) == 130
    assert capsys.readouterr().err == "schemadiff: error: interrupted\n"
