"""The ``show`` command: one snapshot's message types and fields, as a tree or as JSON."""

from __future__ import annotations

import importlib
from enum import StrEnum
from pathlib import Path

import typer


class ShowFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


RENDERERS = {
    ShowFormat.TEXT: "schemadiff.report.show_text",
    ShowFormat.JSON: "schemadiff.report.show_json",
}
"""The ``--format`` names and the renderer module of each (imported only when chosen)."""


def show(
    name: str = typer.Argument(
        ...,
        metavar="NAME",
        help="Snapshot name in the store (0.1.0, latest), or a snapshot, OpenAPI or JSON Schema "
        "file, '-' (stdin), a URL, git:REF:PATH or module:app.",
    ),
    message: str | None = typer.Option(
        None, "--message", "-m", metavar="TYPE",
        help="Show only this message type: a 'type' value (generation_created) or a definition "
        "name (GenerationMessage).",
    ),
    output_format: ShowFormat = typer.Option(  # noqa: B008 - typer declares options this way
        ShowFormat.TEXT, "--format", "-f", case_sensitive=False, help="Output format.",
    ),
    snapshots: Path = typer.Option(  # noqa: B008 - typer declares options this way
        Path("snapshots"), "--snapshots", "-s", file_okay=False,
        help="The snapshot store that names resolve in.",
    ),
) -> int:
    """Show the message types of a snapshot and their fields.

    Each field shows its type, whether it is required and nullable, its enum values, format and
    constraints. A shared definition is expanded once; later uses point at it, and a definition
    that contains itself is marked as a cycle.
    Exit codes: 0 shown, 2 error (unknown snapshot or message type).
    """
    from schemadiff.outline import outline
    from schemadiff.sources import SourceOptions, load_snapshot

    snapshot = load_snapshot(name, SourceOptions(snapshots_dir=snapshots))
    result = outline(snapshot, message=message)
    render = importlib.import_module(RENDERERS[output_format]).render
    from schemadiff import terminal

    color = terminal.wants_color()
    terminal.write(render(result, width=terminal.width(color), color=color))
    return 0
