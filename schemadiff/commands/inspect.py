"""The ``list`` command: what the snapshot store holds, one row per snapshot."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    pass


class ListFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def list_snapshots(
    snapshots: Path = typer.Option(  # noqa: B008 - typer declares options this way
        Path("snapshots"), "--snapshots", "-s", help="The snapshot store.",
    ),
    output_format: ListFormat = typer.Option(  # noqa: B008 - typer declares options this way
        ListFormat.TEXT, "--format", "-f", case_sensitive=False, help="Output format.",
    ),
) -> int:
    """List the snapshots in the store, oldest version first (the last one is 'latest').

    Shows name, API version, message types, definitions, short hash and fetch time.
    Exit codes: 0 listed (an unreadable snapshot is shown with its error), 2 error.
    """
    from schemadiff.store import SnapshotStore

    store = SnapshotStore(snapshots)
    entries = store.entries()
    if not entries and output_format is ListFormat.TEXT:
        typer.echo(f"no snapshots in {snapshots}", err=True)
        return 0
    from schemadiff import terminal

    if output_format is ListFormat.JSON:
        from schemadiff.report import list_json

        terminal.write(list_json.render(entries, str(snapshots)))
    else:
        from schemadiff.report import list_text

        color = terminal.wants_color()
        terminal.write(
            list_text.render(entries, str(snapshots), color=color, width=terminal.width(color))
        )
    return 0
