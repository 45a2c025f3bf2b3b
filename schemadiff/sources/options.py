"""The values that travel through the source loaders: options in, raw bytes and documents out.

Kept apart from the loaders so that every loader (HTTP, files, git, app import) can import these
types without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemadiff.asyncapi import Direction

DEFAULT_ROOT = "WebSocketMessage"
DEFAULT_MAX_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SourceOptions:
    """How to read a source: credentials, limits and the root component to extract."""

    token: str | None = None
    """Sent as ``Authorization: Bearer <token>`` to HTTP sources; never shown or stored."""
    headers: tuple[tuple[str, str], ...] = ()
    """Extra HTTP headers, in order; an explicit ``Authorization`` header wins over ``token``."""
    root: str = DEFAULT_ROOT
    """The component of ``components.schemas`` that is the message contract."""
    timeout: float = 10.0
    """Seconds allowed for connecting and for each read of an HTTP source."""
    retries: int = 3
    """Extra attempts after a connection error or an HTTP 502/503/504."""
    max_bytes: int = DEFAULT_MAX_BYTES
    """The largest source (HTTP body, file, stdin) that is read; larger ones are an error."""
    snapshots_dir: Path = Path("snapshots")
    """The snapshot store that names (``0.1.0``, ``latest``) resolve in."""
    backoff: float = 0.5
    """Seconds before the first retry; each further retry waits twice as long."""
    channel: str | None = None
    """AsyncAPI sources: the channel whose messages are the union (when there are several)."""
    direction: Direction = Direction.SERVER_TO_CLIENT
    """AsyncAPI sources: whose messages are the union, the server's (default) or the client's."""


@dataclass(frozen=True, slots=True)
class RawSource:
    """The bytes of a source as read, before parsing."""

    data: bytes
    label: str
    """How to name the source in messages and provenance: a path or a redacted URL."""
    path: Path | None = None
    media_type: str | None = None
    """The HTTP ``Content-Type`` (without parameters), when the source said one."""


@dataclass(frozen=True, slots=True)
class LoadedDocument:
    """A parsed JSON or YAML document and where it came from."""

    document: dict[str, Any]
    label: str
    """The redacted source: a path, ``<stdin>``, a URL without credentials or query, a name."""
    path: Path | None = None
    """The file it was read from, when it was a local file or a store entry."""
