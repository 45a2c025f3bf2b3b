"""What a log to read is: its path or URL, its format and, for HAR, which frames to take."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MAX_LINE_BYTES = 16 * 1024 * 1024
"""The longest line (or JSON array element, or HAR value) that is parsed; longer ones are
reported and skipped."""
STDIN = "-"
GZIP_MAGIC = b"\x1f\x8b"
BOM = b"\xef\xbb\xbf"
READ_SIZE = 1024 * 1024
"""How much one read asks for."""


class InputFormat(StrEnum):
    """``--input-format``: how to read a log."""

    AUTO = "auto"
    JSONL = "jsonl"
    JSON = "json"
    HAR = "har"


class Direction(StrEnum):
    """``--direction``: which WebSocket frames of a HAR file to validate."""

    RECEIVED = "received"
    SENT = "sent"
    BOTH = "both"


@dataclass(frozen=True, slots=True)
class LogInput:
    """One log to read: a path, ``-`` for stdin, or an fsspec URL, and how to read it."""

    path: str
    input_format: InputFormat = InputFormat.AUTO
    direction: Direction = Direction.RECEIVED

    @property
    def label(self) -> str:
        return "<stdin>" if self.path == STDIN else self.path
