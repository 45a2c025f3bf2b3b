"""The ``log`` command: the snapshot store's history as a changelog, oldest version first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from schemadiff.commands.options import (
    ConfigOption,
    LogFormatOption,
    ModeOption,
    SnapshotsOption,
)


def log(
    since: Annotated[str | None, typer.Option(
        "--since", metavar="NAME", show_default=False,
        help="Start at this snapshot (its step to the next version is the first shown).",
    )] = None,
    mode: ModeOption = None,
    output_format: LogFormatOption = "text",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False, show_default=False,
        help="Write the changelog to FILE (atomically) instead of stdout.",
    )] = None,
    snapshots: SnapshotsOption = None,
    config: ConfigOption = None,
) -> int:
    """Show the store's history: each pair of adjacent versions diffed, findings grouped by
    message type.

    Versions are ordered by semver, oldest first in text and JSON; markdown lists the newest
    first, as release notes do. The project's levels, approvals and deprecation policy apply as
    in diff.

    Exit codes: 0 shown, 2 error (an unreadable snapshot, an unknown --since).
    """
    from schemadiff import terminal
    from schemadiff.commands.diff import write_atomically
    from schemadiff.history import build_changelog
    from schemadiff.report import RenderOptions, ReportKind, render
    from schemadiff.settings import Overrides, load_settings
    from schemadiff.store import SnapshotStore

    settings = load_settings(Overrides(
        mode=mode, snapshots=snapshots, output_format=output_format,
    ), config)
    changelog = build_changelog(
        SnapshotStore(settings.snapshots), mode=settings.mode, policy=settings.policy,
        since=since, deprecation=settings.deprecation,
    )
    color = output is None and terminal.wants_color()
    text = render(ReportKind.LOG, settings.output_format, changelog, RenderOptions(
        color=color, width=terminal.width(color), fail_on=settings.fail_on.threshold,
    ))
    if output is None:
        terminal.write(text)
    else:
        write_atomically(output, text)
    return 0
