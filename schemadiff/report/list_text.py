"""``schemadiff list``: the store as a table that fits an 80-column terminal."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.escape import visible
from schemadiff.store import Listing


def render(listing: Listing, options: RenderOptions = PLAIN) -> str:
    """The store as a table that fits an 80-column terminal."""
    entries = listing.entries
    table = Table(box=None, pad_edge=False)
    longest = max((len(entry.name) for entry in entries), default=4)
    table.add_column("name", no_wrap=True, min_width=min(longest, 40))
    table.add_column("api version", no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column("types", justify="right", no_wrap=True)
    table.add_column("defs", justify="right", no_wrap=True)
    table.add_column("sha256", no_wrap=True, min_width=8)
    table.add_column("fetched at", no_wrap=True, overflow="ellipsis")
    for entry in entries:
        if entry.error is not None:
            table.add_row(Text(entry.name), Text("unreadable", style="red"), "-", "-", "-", "-")
            continue
        # Cells are Text, not markup: a version or a time is whatever the server said.
        table.add_row(
            Text(entry.name), Text(visible(entry.api_version or "-")),
            str(len(entry.variants)), str(entry.definitions), entry.short_hash,
            Text(visible(entry.fetched_at or "-")),
        )
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=options.width, no_color=not options.color,
        force_terminal=options.color,
        highlight=False, soft_wrap=False,
    )
    # A path is never broken inside a name: a long one overflows the line instead of wrapping.
    console.print(f"snapshots in {visible(str(listing.directory))}", markup=False,
                  soft_wrap=True)
    console.print(table)
    # An unreadable snapshot's reason is too long for a cell; it gets a line of its own.
    for entry in entries:
        if entry.error is not None:
            console.print(visible(entry.error), markup=False)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
