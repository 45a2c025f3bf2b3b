"""The ``export`` command: write a snapshot in another format (AsyncAPI) for other tools to read."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from schemadiff.asyncapi import DEFAULT_CHANNEL, AsyncAPIVersion
from schemadiff.commands.options import (
    ConfigOption,
    RootOption,
    SnapshotsOption,
    TokenOption,
    one_of,
)

if TYPE_CHECKING:
    from schemadiff.asyncapi.write import Exported


class ExportFormat(StrEnum):
    ASYNCAPI = "asyncapi"


def export(
    name: Annotated[str, typer.Argument(
        metavar="NAME",
        help="Snapshot name in the store (0.1.0, latest), or any source snapshot reads: a file, "
             "URL, git:REF:PATH or module:Name.",
    )],
    export_format: Annotated[ExportFormat, typer.Option(
        "--format", "-f", case_sensitive=False, metavar="FORMAT",
        help=f"What to write. {one_of(ExportFormat)}",
    )] = ExportFormat.ASYNCAPI,
    asyncapi_version: Annotated[AsyncAPIVersion, typer.Option(
        "--asyncapi-version", case_sensitive=False, metavar="VERSION",
        help=f"The AsyncAPI version to write. {one_of(AsyncAPIVersion)}",
    )] = AsyncAPIVersion.V3_0,
    channel: Annotated[str, typer.Option(
        "--channel", metavar="ADDRESS",
        help="The address of the channel the messages are sent on, written into the document.",
    )] = DEFAULT_CHANNEL,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", dir_okay=False, metavar="FILE", show_default=False,
        help="Write to FILE (atomically): YAML, or JSON when FILE ends in .json. Default: YAML "
             "on stdout.",
    )] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace an existing FILE that holds something else.",
    )] = False,
    snapshots: SnapshotsOption = None,
    root: RootOption = None,
    config: ConfigOption = None,
    token: TokenOption = None,
) -> int:
    """Export a snapshot as an AsyncAPI document: one channel, one message per message type.

    The document is valid against the official AsyncAPI schema and reads back (schemadiff
    snapshot FILE) to the same snapshot hash.

    Exit codes: 0 written or unchanged, 2 error.
    """
    del export_format  # AsyncAPI is the one format so far; the option names it for scripts.
    from schemadiff.redact import register_secret

    register_secret(token)

    from schemadiff.asyncapi.write import export_asyncapi, render
    from schemadiff.settings import Overrides, load_settings
    from schemadiff.sources import load_snapshot

    settings = load_settings(Overrides(snapshots=snapshots, root=root, token=token), config)
    snapshot = load_snapshot(name, settings.source_options())
    exported = export_asyncapi(snapshot, version=asyncapi_version, channel=channel)
    as_json = output is not None and output.suffix.lower() == ".json"
    text = render(exported.document, as_json=as_json)
    if output is None:
        from schemadiff import terminal

        terminal.write(text)
        return 0
    outcome = _write(output, text, force=force)
    typer.echo(f"{outcome} {output} ({_summary(exported, asyncapi_version)})")
    return 0


def _summary(exported: Exported, version: AsyncAPIVersion) -> str:
    messages = f"{exported.messages} message{'s' if exported.messages != 1 else ''}"
    schemas = f"{exported.schemas} schema{'s' if exported.schemas != 1 else ''}"
    return f"AsyncAPI {version.full}, {messages}, {schemas}"


def _write(path: Path, text: str, *, force: bool) -> str:
    """Write ``text`` to ``path`` atomically; never replace a different file without ``force``."""
    from schemadiff import atomic
    from schemadiff.errors import UsageError, os_error_text

    try:
        existing = path.read_text(encoding="utf-8") if path.is_file() else None
    except (OSError, UnicodeDecodeError):
        existing = ""  # Unreadable: certainly not what we would write.
    if existing == text:
        return "unchanged"
    if existing is not None and not force:
        raise UsageError(f"{path} exists and holds something else; pass --force to replace it")
    try:
        # Without --force the file is only created: one that another writer made in the meantime
        # is theirs, not ours to replace.
        atomic.write_text(path, text, exclusive=existing is None and not force)
    except FileExistsError:
        raise UsageError(
            f"{path} was created by someone else meanwhile; pass --force to replace it"
        ) from None
    except OSError as error:
        raise UsageError(f"{path}: cannot write: {os_error_text(error)}") from None
    return "replaced" if existing is not None else "created"
