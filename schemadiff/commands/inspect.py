"""The ``list`` command: what the snapshot store holds, one row per snapshot."""

from __future__ import annotations

import typer

from schemadiff.commands.options import ConfigOption, ListFormatOption, SnapshotsOption


def list_snapshots(
    snapshots: SnapshotsOption = None,
    output_format: ListFormatOption = "text",
    config: ConfigOption = None,
) -> int:
    """List the snapshots in the store, oldest version first (the last one is 'latest').

    Shows name, API version, message types, definitions, short hash and fetch time.

    Exit codes: 0 listed (an unreadable snapshot is shown with its error), 2 error.
    """
    from schemadiff import terminal
    from schemadiff.report import RenderOptions, ReportKind, render
    from schemadiff.settings import Overrides, load_settings
    from schemadiff.store import Listing, SnapshotStore

    settings = load_settings(Overrides(snapshots=snapshots, output_format=output_format), config)
    directory = settings.snapshots
    entries = tuple(SnapshotStore(directory).entries())
    if not entries and settings.output_format == "text":
        typer.echo(f"no snapshots in {directory}", err=True)
        return 0
    color = terminal.wants_color()
    listing = Listing(str(directory), entries)
    terminal.write(render(ReportKind.LIST, settings.output_format, listing, RenderOptions(
        color=color, width=terminal.width(color),
    )))
    return 0
