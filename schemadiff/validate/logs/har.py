"""HAR files (Chrome's ``_webSocketMessages``), streamed: one frame in memory at a time.

A HAR file is one JSON document, and a gzip of millions of tiny frames inflates to gigabytes of
Python objects if parsed whole. So the document is walked as a stream: a small pull parser
follows ``log.entries[i]._webSocketMessages[j]`` and hands each frame, and each value it skips
(requests, responses, timings), to the C scanner of :mod:`json` one value at a time. Memory is
the read buffer plus the largest single value, which is capped.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import IO, Any

from schemadiff.errors import LogError
from schemadiff.validate.logs.model import BOM, MAX_LINE_BYTES, READ_SIZE, Direction
from schemadiff.validate.logs.parse import parse_line
from schemadiff.validate.model import Record

_HAR_TYPES = {Direction.RECEIVED: ("receive",), Direction.SENT: ("send",),
              Direction.BOTH: ("receive", "send")}
_WHITESPACE = " \t\r\n"


class _NotHar(Exception):
    """The document is not the HAR shape (the reason is the message)."""


class _Text:
    """A pull parser over decoded text: whitespace, punctuation, and whole values via ``json``."""

    def __init__(self, stream: IO[bytes], source: str, max_value_chars: int) -> None:
        self._read = getattr(stream, "read1", stream.read)
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self._scan = json.JSONDecoder().raw_decode
        self.source = source
        self.max_value = max_value_chars
        self.text = ""
        self.pos = 0
        self.eof = False
        self.first = True

    def _more(self) -> bool:
        """Read more text; ``False`` at the end of the input."""
        if self.eof:
            return False
        data = self._read(READ_SIZE)
        if self.first and data:
            data, self.first = data.removeprefix(BOM), False
        try:
            chunk = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as error:
            raise LogError(f"{self.source}: not a HAR file: not UTF-8 ({error.reason})") from None
        if not data:
            self.eof = True
        if self.pos:
            # Drop what was consumed so the buffer holds at most one value and a read.
            self.text, self.pos = self.text[self.pos:], 0
        self.text += chunk
        return bool(data)

    def char(self) -> str:
        """The next character after whitespace, not consumed; ``""`` at the end."""
        while True:
            text, pos = self.text, self.pos
            while pos < len(text) and text[pos] in _WHITESPACE:
                pos += 1
            self.pos = pos
            if pos < len(text):
                return text[pos]
            if not self._more():
                return ""

    def expect(self, char: str) -> None:
        found = self.char()
        if found != char:
            shown = repr(found) if found else "the end of the input"
            raise _NotHar(f"expected {char!r}, found {shown}")
        self.pos += 1

    def take(self, char: str) -> bool:
        """Consume ``char`` if it comes next."""
        if self.char() == char:
            self.pos += 1
            return True
        return False

    def value(self) -> Any:
        """Parse the next whole JSON value (reading as much as it needs, up to the cap)."""
        self.char()
        while True:
            try:
                value, end = self._scan(self.text, self.pos)
            except json.JSONDecodeError as error:
                if self.eof:
                    raise _NotHar(f"not JSON ({error.msg})") from None
            else:
                # A number could go on in the next read: accept only what a later character or
                # the end of the input closes.
                if end < len(self.text) or self.eof:
                    self.pos = end
                    return value
            if len(self.text) - self.pos > self.max_value:
                raise LogError(f"{self.source}: a HAR value longer than {self.max_value} "
                               "characters; not parsed")
            self._more()

    def members(self) -> Iterator[str]:
        """The keys of the object that starts next; the caller reads each value."""
        self.expect("{")
        if self.take("}"):
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise _NotHar("an object key is not a string")
            self.expect(":")
            yield key
            if self.take("}"):
                return
            self.expect(",")

    def elements(self) -> Iterator[int]:
        """The indexes of the array that starts next; the caller reads each element."""
        self.expect("[")
        if self.take("]"):
            return
        index = 0
        while True:
            yield index
            index += 1
            if self.take("]"):
                return
            self.expect(",")


def read_har(stream: IO[bytes], source: str, direction: Direction, *,
             max_value_bytes: int = MAX_LINE_BYTES) -> Iterator[Record]:
    """Yield the WebSocket frames of a HAR file, streamed.

    Text frames (opcode 1) are parsed as JSON; binary and control frames are skipped and counted.
    ``line`` is the entry's index in ``log.entries``, ``index`` the frame's index in the entry.
    """
    text = _Text(stream, source, max_value_bytes)
    seen = _Seen()
    try:
        yield from _walk(text, source, _HAR_TYPES[direction], seen)
    except _NotHar as error:
        raise LogError(f"{source}: not a HAR file: {error}") from None
    except RecursionError:
        raise LogError(f"{source}: not a HAR file: nested too deeply") from None
    if not seen.entries:
        raise LogError(f"{source}: not a HAR file: no log.entries")
    if not seen.frames:
        raise LogError(f"{source}: the HAR file has no WebSocket messages (_webSocketMessages); "
                       "export it from Chrome or Edge DevTools with the WebSocket connection open")


class _Seen:
    """What the walk found: ``log.entries``, and any ``_webSocketMessages``."""

    entries = False
    frames = False


def _walk(text: _Text, source: str, wanted: tuple[str, ...], seen: _Seen) -> Iterator[Record]:
    """Follow ``log.entries[i]._webSocketMessages[j]``, skipping every other value whole."""
    _expect_object(text, "not a JSON object")
    for key in text.members():
        if key != "log":
            text.value()
            continue
        _expect_object(text, "no log.entries")
        for log_key in text.members():
            if log_key != "entries":
                text.value()
                continue
            if text.char() != "[":
                raise _NotHar("no log.entries")
            seen.entries = True
            for entry_index in text.elements():
                if text.char() != "{":
                    text.value()
                    continue
                for entry_key in text.members():
                    if entry_key != "_webSocketMessages" or text.char() != "[":
                        text.value()
                        continue
                    seen.frames = True
                    for frame_index in text.elements():
                        yield from _frame(text.value(), source, entry_index, frame_index, wanted)
    if text.char():
        raise _NotHar("more after the document")


def _expect_object(text: _Text, reason: str) -> None:
    if text.char() != "{":
        raise _NotHar(reason)


def _frame(frame: Any, source: str, entry: int, index: int,
           wanted: tuple[str, ...]) -> Iterator[Record]:
    if not isinstance(frame, dict) or frame.get("type") not in wanted:
        return
    opcode = frame.get("opcode", 1)
    if opcode != 1:
        kind = "binary frame" if opcode == 2 else f"control frame (opcode {opcode})"
        yield Record(source, entry, skipped=kind, index=index)
        return
    data = frame.get("data")
    if not isinstance(data, str):
        yield Record(source, entry, error="text frame without string data", index=index)
        return
    try:
        value = parse_line(data.encode("utf-8", "surrogatepass"))
    except ValueError as error:
        yield Record(source, entry, error=str(error), index=index)
    else:
        yield Record(source, entry, value, index=index)
