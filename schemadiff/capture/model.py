"""The plain values a capture is described by: what to connect to, when to stop, what happened.

The command builds a :class:`CaptureOptions`, the session returns a :class:`CaptureResult`; neither
holds the token in a form that is ever written out (``url`` is shown only through ``redact_url``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

DEFAULT_AUTH_MESSAGE = '{"type": "auth", "token": "{token}"}'
"""The first frame ``--auth message`` sends; ``{token}`` in any string is replaced by the token."""


class AuthMode(StrEnum):
    """Where the token travels."""

    HEADER = "header"
    """``Authorization: Bearer <token>`` on the handshake request."""
    QUERY = "query"
    """``?token=<token>`` on the URL (the parameter name is configurable)."""
    MESSAGE = "message"
    """A JSON auth message sent as the first frame after the handshake."""


class StopReason(StrEnum):
    """Why a capture ended; the values are what the summary line and the sidecar say."""

    COUNT = "count"
    DURATION = "duration"
    SERVER_CLOSED = "server-closed"
    INTERRUPTED = "interrupted"
    """Ctrl-C (SIGINT)."""
    TERMINATED = "terminated"
    """SIGTERM, as sent by ``kill``, ``timeout`` or a CI runner cancelling a step."""
    OUTPUT_CLOSED = "output-closed"
    """The reader of stdout went away (``schemadiff capture URL | head``)."""
    ERROR = "error"


class AuthOutcome(StrEnum):
    """What the server said about authentication, when it said anything."""

    SUCCESS = "success"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class CaptureOptions:
    """Everything a capture session needs, already validated by the command."""

    url: str
    """The ``ws://``/``wss://`` URL as given (may carry credentials; never shown unredacted)."""
    token: str | None = None
    auth: AuthMode = AuthMode.HEADER
    auth_message: str = DEFAULT_AUTH_MESSAGE
    token_param: str = "token"  # noqa: S105 - a parameter name, not a password
    headers: tuple[tuple[str, str], ...] = ()
    send: tuple[str, ...] = ()
    """Text frames sent after connecting (and after the auth message), in order."""
    count: int | None = None
    duration: float | None = None
    idle_timeout: float | None = 60.0
    """Seconds without a frame before the capture fails; ``None`` waits forever."""
    open_timeout: float = 10.0
    max_size: int = 32 * 1024 * 1024
    """Largest frame accepted, in bytes."""
    out: Path | None = None
    """Where frames go; ``None`` is stdout."""


@dataclass(frozen=True, slots=True)
class FrameCounts:
    """How many frames a capture saw, wrote and found invalid."""

    received: int = 0
    """Every data frame the server sent, text and binary."""
    written: int = 0
    """Text frames written to the output, one line each."""
    binary: int = 0
    """Binary frames, counted and skipped: the message log format holds text."""
    invalid: int | None = None
    """Frames that failed live validation; ``None`` when not validating."""

    def to_json(self) -> dict[str, int | None]:
        return {
            "received": self.received,
            "written": self.written,
            "binary_skipped": self.binary,
            "invalid": self.invalid,
        }


@dataclass(frozen=True, slots=True)
class CaptureResult:
    """The outcome of a capture that ended without an error."""

    counts: FrameCounts
    stop_reason: StopReason
    duration: float
    """Seconds from the connection opening to the capture ending."""
    auth_message: dict[str, Any] | None = field(default=None)
    """The server's ``AuthSuccessMessage`` (or ``AuthErrorMessage``), token scrubbed."""
