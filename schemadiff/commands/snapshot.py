"""The ``snapshot`` command: fetch or read a schema and store it as a canonical snapshot file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from schemadiff.asyncapi import Direction as MessageDirection
from schemadiff.commands.options import (
    ChannelOption,
    ConfigOption,
    HeaderOption,
    MessageDirectionOption,
    RootOption,
    TokenOption,
)

if TYPE_CHECKING:
    from schemadiff.snapshot import Snapshot
    from schemadiff.store import WriteResult

# Header names whose values are credentials: registered as secrets so no output ever shows them.
_SECRET_HEADER = re.compile(r"auth|cookie|token|secret|key|session|password|credential", re.I)
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def snapshot(
    source: Annotated[str, typer.Argument(
        metavar="SOURCE",
        help="OpenAPI URL (a bare base URL means /openapi.json), OpenAPI or AsyncAPI JSON/YAML "
             "file or URL, plain JSON Schema file, '-' (stdin), git:REF:PATH, module:app or "
             "module:Model.",
    )],
    name: Annotated[str | None, typer.Option(
        "--name", metavar="NAME", show_default=False,
        help="Snapshot name (the file NAME.json in the store). Default: the API's info.version.",
    )] = None,
    root: RootOption = None,
    snapshots: Annotated[Path | None, typer.Option(
        "--snapshots", "-s", "--out", metavar="DIR", file_okay=False, show_default=False,
        help="The snapshot store to write to (--out is its older name). Default: `snapshots` in "
             "\\[tool.schemadiff], else snapshots/.",
    )] = None,
    config: ConfigOption = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace an existing snapshot that holds a different schema.",
    )] = False,
    token: TokenOption = None,
    header: HeaderOption = None,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0.1, metavar="SECONDS", help="HTTP connect and read timeout.",
    )] = 10.0,
    retries: Annotated[int, typer.Option(
        "--retries", min=0, metavar="N", help="Retries on connection errors and HTTP 502/503/504.",
    )] = 3,
    channel: ChannelOption = None,
    direction: MessageDirectionOption = MessageDirection.SERVER_TO_CLIENT,
) -> int:
    """Snapshot the message schema of SOURCE into the store as canonical JSON.

    Prints one line: created, unchanged (same schema, file untouched) or replaced (--force).

    Exit codes: 0 written or unchanged, 2 error (the store is left as it was).
    """
    from schemadiff.redact import register_secret

    register_secret(token)
    headers = parse_headers(header or [])

    from schemadiff.settings import Overrides, load_settings
    from schemadiff.sources import load_snapshot
    from schemadiff.store import SnapshotStore

    settings = load_settings(Overrides(snapshots=snapshots, root=root, token=token), config)
    options = settings.source_options(headers=headers, timeout=timeout, retries=retries,
                                      channel=channel, direction=direction)
    loaded = load_snapshot(source, options)
    chosen = _name(loaded, name)
    result = SnapshotStore(settings.snapshots).write(
        _with_provenance(loaded, settings.root), chosen, force=force
    )
    typer.echo(summary_line(result))
    return 0


def parse_headers(values: list[str]) -> tuple[tuple[str, str], ...]:
    """Parse ``--header 'Name: value'`` options, registering credential values as secrets."""
    from schemadiff.errors import UsageError
    from schemadiff.redact import register_secret

    headers: list[tuple[str, str]] = []
    for number, value in enumerate(values, start=1):
        head, colon, rest = value.partition(":")
        name, content = head.strip(), rest.strip()
        # Register first: even a malformed header may carry a credential.
        if _SECRET_HEADER.search(name):
            register_secret(content)
            scheme, _, credential = content.partition(" ")
            if scheme.lower() in ("bearer", "basic", "token") and credential.strip():
                register_secret(credential.strip())
        if not colon or not _HEADER_NAME.fullmatch(name):
            raise UsageError(f"--header #{number} is not of the form 'Name: value'")
        headers.append((name, content))
    return tuple(headers)


def _name(loaded: Snapshot, name: str | None) -> str:
    from schemadiff.errors import UsageError

    if name:
        return name
    if loaded.api_version:
        return loaded.api_version
    raise UsageError(
        f"{loaded.label} has no API version (info.version) to name the snapshot; pass --name"
    )


def _with_provenance(loaded: Snapshot, root: str) -> Snapshot:
    """A plain JSON Schema gets provenance when it is stored: every stored snapshot has one."""
    if loaded.provenance is not None:
        return loaded
    from schemadiff.snapshot_io import build_snapshot

    ref = loaded.schema.get("$ref")
    stored_root = ref.rsplit("/", 1)[-1] if isinstance(ref, str) and "/" in ref else root
    title = loaded.schema.get("title")
    return build_snapshot(
        loaded.schema, source=loaded.label, root=stored_root, label=loaded.label,
        api_title=title if isinstance(title, str) else None, path=loaded.path,
    )


def summary_line(result: WriteResult) -> str:
    """``created snapshots/0.1.0.json (sha256 abcd1234, 4 message types, 31 definitions)``."""
    from schemadiff.messages import find_union
    from schemadiff.report.wording import counted

    schema = result.snapshot.schema
    union = find_union(schema)
    types = len(union.variants) if union else 0
    defs = schema.get("$defs")
    count = len(defs) if isinstance(defs, dict) else 0
    return (
        f"{result.outcome} {result.path} (sha256 {result.snapshot.sha256[:8]}, "
        f"{counted(types, 'message type')}, {counted(count, 'definition')})"
    )
