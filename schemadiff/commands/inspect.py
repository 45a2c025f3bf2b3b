"""The ``list`` command: what the snapshot store holds, one row per snapshot."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from schemadiff.store import StoreEntry


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
    sys.stdout.write(RENDERERS[output_format.value](entries, str(snapshots)))
    sys.stdout.flush()
    return 0


def render_json(entries: list[StoreEntry], directory: str) -> str:
    """The store as JSON: ``{"directory": ..., "snapshots": [...]}``, oldest first."""
    from schemadiff import canonical

    rows: list[dict[str, Any]] = [
        {
            "name": entry.name,
            "path": str(entry.path),
            "api_version": entry.api_version,
            "message_types": list(entry.message_types),
            "variants": list(entry.variants),
            "definitions": entry.definitions,
            "sha256": entry.sha256,
            "fetched_at": entry.fetched_at,
            "error": entry.error,
        }
        for entry in entries
    ]
    return canonical.dumps({"directory": directory, "snapshots": rows})


def render_text(entries: list[StoreEntry], directory: str) -> str:
    """The store as a table that fits an 80-column terminal."""
    import io

    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"snapshots in {directory}", title_justify="left", box=None,
                  pad_edge=False)
    longest = max((len(entry.name) for entry in entries), default=4)
    table.add_column("name", no_wrap=True, min_width=min(longest, 40))
    table.add_column("api version", no_wrap=True, overflow="ellipsis")
    table.add_column("types", justify="right", no_wrap=True)
    table.add_column("defs", justify="right", no_wrap=True)
    table.add_column("sha256", no_wrap=True, min_width=8)
    table.add_column("fetched at", no_wrap=True, overflow="ellipsis")
    for entry in entries:
        if entry.error is not None:
            table.add_row(entry.name, "[red]unreadable[/red]", "-", "-", "-", "-")
            continue
        table.add_row(
            entry.name, entry.api_version or "-", str(len(entry.variants)),
            str(entry.definitions), entry.short_hash, entry.fetched_at or "-",
        )
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=_width(), no_color=bool(os.environ.get("NO_COLOR")),
        force_terminal=sys.stdout.isatty() and not os.environ.get("NO_COLOR"),
        highlight=False, soft_wrap=False,
    )
    console.print(table)
    # An unreadable snapshot's reason is too long for a cell; it gets a line of its own.
    for entry in entries:
        if entry.error is not None:
            console.print(entry.error, markup=False)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def _width() -> int:
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else 80


RENDERERS: dict[str, Callable[[list[StoreEntry], str], str]] = {
    ListFormat.TEXT.value: render_text,
    ListFormat.JSON.value: render_json,
}
