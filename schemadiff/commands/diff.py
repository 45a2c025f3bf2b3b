"""The ``diff`` command: compare two schemas, judge every change, render, exit 1 on failure."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from schemadiff.commands.options import (
    ConfigOption,
    DiffFormatOption,
    FailOnOption,
    ModeOption,
    OutputOption,
    RootOption,
    SnapshotsOption,
    TokenOption,
)


def diff(
    old: Annotated[str, typer.Argument(
        metavar="OLD",
        help="Snapshot name (or 'latest'), snapshot/OpenAPI/JSON Schema file, URL, '-' (stdin) "
             "or git:REF:PATH.",
    )],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Same kinds of source as OLD.")],
    mode: ModeOption = None,
    fail_on: FailOnOption = None,
    output_format: DiffFormatOption = "text",
    output: OutputOption = None,
    config: ConfigOption = None,
    snapshots: SnapshotsOption = None,
    root: RootOption = None,
    token: TokenOption = None,
) -> int:
    """Diff two schemas and classify every change as breaking, warning, safe or info.

    Exit codes: 0 passes, 1 an unapproved finding at or above --fail-on, 2 error.
    """
    from schemadiff.redact import register_secret

    register_secret(token)

    from schemadiff import terminal
    from schemadiff.diff.run import run_diff
    from schemadiff.errors import UsageError
    from schemadiff.report import RenderOptions, ReportKind, render
    from schemadiff.settings import Overrides, load_settings
    from schemadiff.sources import load_snapshot

    settings = load_settings(Overrides(
        mode=mode, fail_on=fail_on, snapshots=snapshots, root=root, token=token,
        output_format=output_format,
    ), config)
    if old == new == "-":
        # The second read would find stdin empty and blame the document.
        raise UsageError("stdin ('-') can be read only once; save one side to a file")
    options = settings.source_options()
    old_snapshot = load_snapshot(old, options)
    new_snapshot = load_snapshot(new, options)
    report = run_diff(old_snapshot, new_snapshot, mode=settings.mode, policy=settings.policy)

    threshold = settings.fail_on.threshold
    color = output is None and terminal.wants_color()
    text = render(ReportKind.DIFF, settings.output_format, report, RenderOptions(
        color=color, width=terminal.width(color), fail_on=threshold,
    ))
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
