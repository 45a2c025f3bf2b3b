"""The ``show`` command: one snapshot's message types and fields, as a tree or as JSON."""

from __future__ import annotations

from typing import Annotated

import typer

from schemadiff.asyncapi import Direction as MessageDirection
from schemadiff.commands.options import (
    ChannelOption,
    ConfigOption,
    MessageDirectionOption,
    RootOption,
    ShowFormatOption,
    SnapshotsOption,
    TokenOption,
)


def show(
    name: Annotated[str, typer.Argument(
        metavar="NAME",
        help="Snapshot name in the store (0.1.0, latest), or a snapshot, OpenAPI, AsyncAPI or JSON "
        "Schema file, '-' (stdin), a URL, git:REF:PATH, module:app or module:Model.",
    )],
    message: Annotated[str | None, typer.Option(
        "--message", "-m", metavar="TYPE", show_default=False,
        help="Show only this message type: a 'type' value (generation_created) or a definition "
        "name (GenerationMessage).",
    )] = None,
    output_format: ShowFormatOption = "text",
    snapshots: SnapshotsOption = None,
    root: RootOption = None,
    config: ConfigOption = None,
    token: TokenOption = None,
    channel: ChannelOption = None,
    direction: MessageDirectionOption = MessageDirection.SERVER_TO_CLIENT,
) -> int:
    """Show the message types of a snapshot and their fields.

    Each field shows its type, whether it is required and nullable, its enum values, format and
    constraints. A shared definition is expanded once; later uses point at it, and a definition
    that contains itself is marked as a cycle.

    Exit codes: 0 shown, 2 error (unknown snapshot or message type).
    """
    from schemadiff.redact import register_secret

    register_secret(token)

    from schemadiff import terminal
    from schemadiff.outline import outline
    from schemadiff.report import RenderOptions, ReportKind, render
    from schemadiff.settings import Overrides, load_settings
    from schemadiff.sources import load_snapshot

    settings = load_settings(Overrides(
        snapshots=snapshots, root=root, token=token, output_format=output_format,
    ), config)
    snapshot = load_snapshot(name, settings.source_options(channel=channel, direction=direction))
    result = outline(snapshot, message=message)
    color = terminal.wants_color()
    terminal.write(render(ReportKind.SHOW, settings.output_format, result, RenderOptions(
        color=color, width=terminal.width(color),
    )))
    return 0
