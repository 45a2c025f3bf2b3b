"""AsyncAPI documents in and out: the WebSocket contract in the format its ecosystem reads.

- :mod:`.official` checks a document against the official AsyncAPI JSON Schema of its version
  (shipped with schemadiff; never fetched).
- :mod:`.channels` finds the messages one side sends on one channel (2.x ``subscribe``/``publish``
  operations, 3.x ``send``/``receive``).
- :mod:`.read` turns them into a snapshot schema: the message union, one variant per message.
- :mod:`.write` is the reverse, for ``schemadiff export``.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any


class Direction(StrEnum):
    """Whose messages make the union; a WebSocket contract is mostly what the server sends."""

    SERVER_TO_CLIENT = "server-to-client"
    CLIENT_TO_SERVER = "client-to-server"


def direction_of_frames(frames: str) -> Direction:
    """The union for ``--direction FRAMES`` of ``validate``, ``diff`` and ``check`` (which pick
    HAR frames there): the frames a client ``sent`` are its own messages."""
    return Direction.CLIENT_TO_SERVER if frames == "sent" else Direction.SERVER_TO_CLIENT


class AsyncAPIVersion(StrEnum):
    """The versions ``export`` writes (``--asyncapi-version``)."""

    V2_6 = "2.6"
    V3_0 = "3.0"

    @property
    def full(self) -> str:
        return f"{self.value}.0"


DEFAULT_CHANNEL = "/ws"
"""The channel address ``export`` writes unless told another."""


def is_asyncapi(document: Mapping[str, Any]) -> bool:
    """Whether ``document`` is an AsyncAPI document (it has the ``asyncapi`` version field)."""
    return "asyncapi" in document
