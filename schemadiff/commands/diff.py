"""The ``diff`` command: compare two schemas, judge every change, render, exit 1 on failure."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class ModeChoice(StrEnum):
    FORWARD = "forward"
    BACKWARD = "backward"
    FULL = "full"


class FailOnChoice(StrEnum):
    BREAKING = "breaking"
    WARNING = "warning"
    SAFE = "safe"
    NEVER = "never"


class FormatChoice(StrEnum):
    """Must equal :data:`schemadiff.report.diff.FORMATS` (a test checks it)."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    GITHUB = "github"
    JUNIT = "junit"
    SARIF = "sarif"


def diff(
    old: Annotated[str, typer.Argument(
        metavar="OLD",
        help="Snapshot name (or 'latest'), snapshot/OpenAPI/JSON Schema file, URL, '-' (stdin) "
             "or git:REF:PATH.",
    )],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Same kinds of source as OLD.")],
    mode: Annotated[ModeChoice | None, typer.Option(
        "--mode", case_sensitive=False,
        help="forward: old readers read new data (default); backward: new readers read old "
             "data; full: both.",
    )] = None,
    fail_on: Annotated[FailOnChoice | None, typer.Option(
        "--fail-on", case_sensitive=False,
        help="Exit 1 when an unapproved finding is at or above this level (default breaking).",
    )] = None,
    output_format: Annotated[FormatChoice, typer.Option(
        "--format", "-f", case_sensitive=False, help="Output format.",
    )] = FormatChoice.TEXT,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", dir_okay=False, help="Write the report to FILE (atomically).",
    )] = None,
    config: Annotated[Path | None, typer.Option(
        "--config", dir_okay=False,
        help="Policy file in TOML, keys at top level or in the tool.schemadiff table "
             "(default: the nearest pyproject.toml).",
    )] = None,
    snapshots: Annotated[Path | None, typer.Option(
        "--snapshots", file_okay=False, help="Snapshot store directory (default: snapshots).",
    )] = None,
    token: Annotated[str | None, typer.Option(
        "--token", envvar="SCHEMADIFF_TOKEN", show_envvar=True,
        help="Bearer token for URL sources. Never shown or stored.",
    )] = None,
) -> int:
    """Diff two schemas and classify every change as breaking, warning, safe or info.

    Exit codes: 0 passes, 1 an unapproved finding at or above --fail-on, 2 error.
    """
    from schemadiff.redact import register_secret

    register_secret(token)

    from schemadiff import terminal
    from schemadiff.diff.model import Level, Mode
    from schemadiff.diff.policy import FailOn, load_policy
    from schemadiff.diff.run import run_diff
    from schemadiff.report.diff import renderer
    from schemadiff.sources import SourceOptions, load_snapshot

    policy = load_policy(config, start=Path.cwd())
    chosen_mode = Mode(mode.value) if mode else (policy.mode or Mode.FORWARD)
    chosen_fail_on = FailOn(fail_on.value) if fail_on else (policy.fail_on or FailOn.BREAKING)
    threshold: Level | None = chosen_fail_on.threshold

    defaults = SourceOptions()
    options = SourceOptions(
        token=token,
        root=policy.root or defaults.root,
        snapshots_dir=snapshots or policy.snapshots or defaults.snapshots_dir,
    )
    if old == new == "-":
        # The second read would find stdin empty and blame the document.
        from schemadiff.errors import UsageError

        raise UsageError("stdin ('-') can be read only once; save one side to a file")
    old_snapshot = load_snapshot(old, options)
    new_snapshot = load_snapshot(new, options)
    report = run_diff(old_snapshot, new_snapshot, mode=chosen_mode, policy=policy)

    color = output is None and terminal.wants_color()
    text = renderer(output_format.value)(
        report, fail_on=threshold, color=color, width=terminal.width(color),
    )
    if output is None:
        terminal.write(text)
    else:
        write_atomically(output, text)
    return 1 if report.fails(threshold) else 0


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically: readers never see half a report, and a failed write
    leaves the old file in place."""
    from schemadiff import atomic
    from schemadiff.errors import UsageError

    try:
        atomic.write_text(path, text)
    except OSError as error:
        raise UsageError(f"{path}: cannot write the report: {error.strerror or error}") from None
