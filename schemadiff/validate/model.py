"""The values that travel through validation: records read from a log, issues, message results.

Kept apart from the readers and the engine so that both (and the renderers) can import them
without importing each other. All are frozen, slotted and picklable, so they cross process
boundaries (``--jobs``, Dask) unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

NOT_JSON = "(not JSON)"
"""The ``type`` under which records that could not be parsed are counted."""
UNKNOWN_TYPE = "(unknown type)"
"""The ``type`` under which messages whose discriminator names no variant are counted."""
ROOT_TYPE = "(root)"
"""The ``type`` of every message validated against a plain JSON Schema (no message union)."""


DEFAULT_MAX_ERRORS = 20
"""How many errors a summary keeps in full, unless told otherwise."""


class Status(StrEnum):
    """What became of one record."""

    VALID = "valid"
    INVALID = "invalid"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Record:
    """One item read from a log: a parsed message, a parse error, or something skipped.

    ``line`` is the 1-based line where the item starts; for a HAR file it is the index of the
    entry in ``log.entries`` and ``index`` the index of the frame in its ``_webSocketMessages``.
    For a JSON array ``index`` is the element's position in the array.
    """

    source: str
    line: int
    value: Any = None
    error: str | None = None
    """Why the item could not be parsed; ``None`` for a message."""
    skipped: str | None = None
    """Why the item was skipped (a binary or control frame, a blank line); ``None`` otherwise."""
    index: int | None = None

    @property
    def where(self) -> str:
        """``events.jsonl:4127``, or ``capture.har:entry 3 frame 12`` for HAR frames."""
        if self.index is not None and self.source.lower().endswith((".har", ".har.gz")):
            return f"{self.source}:entry {self.line} frame {self.index}"
        return f"{self.source}:{self.line}"


@dataclass(frozen=True, slots=True)
class Issue:
    """One way a message breaks the schema.

    ``path`` is the instance location in dotted form (``payload.predictions[2].status``, empty for
    the message itself), ``keyword`` the JSON Schema keyword that failed (``enum``, ``required``;
    ``json`` for a parse error, ``discriminator`` for an unknown type, ``strict`` for an undeclared
    property under ``--strict``), ``schema_path`` where in the schema the keyword sits.
    """

    path: str
    keyword: str
    message: str
    schema_path: str = ""


@dataclass(frozen=True, slots=True)
class MessageResult:
    """The outcome for one record: its location, message type, status and issues."""

    source: str
    line: int
    index: int | None
    type: str
    """The variant name (``GenerationMessage``), or one of ``NOT_JSON``, ``UNKNOWN_TYPE``,
    ``ROOT_TYPE``."""
    status: Status
    issues: tuple[Issue, ...] = ()

    @property
    def valid(self) -> bool:
        return self.status is Status.VALID


@dataclass(frozen=True, slots=True)
class ErrorEntry:
    """An issue with its location, as the summary keeps and the reports print it."""

    source: str
    line: int
    index: int | None
    type: str
    path: str
    keyword: str
    message: str
    against: str | None = None
    """The schema it was validated against, when several were (``--against`` given twice)."""

    def shifted(self, lines: int) -> ErrorEntry:
        """Return this entry ``lines`` further down its file (chunks count lines from 1)."""
        return ErrorEntry(self.source, self.line + lines, self.index, self.type, self.path,
                          self.keyword, self.message, self.against)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"source": self.source, "line": self.line}
        if self.index is not None:
            data["index"] = self.index
        data.update(type=self.type, path=self.path, keyword=self.keyword, message=self.message)
        if self.against is not None:
            data["against"] = self.against
        return data
