"""JSON arrays of messages, split element by element so the array is never held whole.

The splitter finds the top-level commas of the array; each element is parsed on its own, with
the line it starts on and its index. A document that is not an array is one message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from schemadiff.validate.logs.model import BOM, MAX_LINE_BYTES, READ_SIZE
from schemadiff.validate.logs.parse import parse_line
from schemadiff.validate.logs.stream import with_head
from schemadiff.validate.model import Record

_READ_SIZE = READ_SIZE

# A streaming splitter for JSON arrays: it finds the top-level commas of the array so each
# element is parsed on its own and the array is never held whole.
_ARRAY_TOKENS = re.compile(rb'[\[\]{}",\\\n]')
_QUOTE, _BACKSLASH, _NEWLINE, _COMMA = ord('"'), ord("\\"), ord("\n"), ord(",")
_OPEN, _CLOSE = frozenset(b"[{"), frozenset(b"]}")


def read_json(
    stream: IO[bytes], source: str, *, max_element_bytes: int = MAX_LINE_BYTES
) -> Iterator[Record]:
    """Yield the elements of a JSON array (or the one value of a JSON document) as records."""
    head, stream = with_head(stream, 1024)
    if not head.removeprefix(BOM).lstrip().startswith(b"["):
        data = stream.read(max_element_bytes + 1).removeprefix(BOM)
        if len(data) > max_element_bytes:
            yield Record(source, 1, error=f"JSON document larger than {max_element_bytes} bytes;"
                                          " not parsed")
            return
        try:
            yield Record(source, 1, parse_line(data))
        except ValueError as error:
            yield Record(source, 1, error=str(error))
        return
    yield from _ArraySplitter(source, max_element_bytes).split(stream)


class _ArraySplitter:
    def __init__(self, source: str, max_element_bytes: int) -> None:
        self.source = source
        self.max = max_element_bytes
        self.line = 1
        self.element_line = 1
        self.index = 0
        self.depth = 0
        self.in_string = False
        self.pending = bytearray()
        self.oversized = False
        self.done = False

    def split(self, stream: IO[bytes]) -> Iterator[Record]:
        skip = 0
        first = True
        while not self.done:
            chunk = stream.read(_READ_SIZE)
            if not chunk:
                break
            if first:
                chunk, first = chunk.removeprefix(BOM), False
            base = 0
            for match in _ARRAY_TOKENS.finditer(chunk):
                i = match.start()
                if i < skip:
                    continue
                char = chunk[i]
                if self.in_string:
                    if char == _BACKSLASH:
                        skip = i + 2
                    elif char == _QUOTE:
                        self.in_string = False
                    elif char == _NEWLINE:
                        self.line += 1
                    continue
                if char == _NEWLINE:
                    self.line += 1
                elif char == _QUOTE:
                    self.in_string = True
                elif char in _OPEN:
                    self.depth += 1
                    if self.depth == 1:
                        base, self.element_line = i + 1, self.line
                elif char in _CLOSE:
                    self.depth -= 1
                    if self.depth == 0:
                        yield from self._emit(chunk[base:i], last=True)
                        self.done = True
                        break
                elif char == _COMMA and self.depth == 1:
                    yield from self._emit(chunk[base:i], last=False)
                    base, self.element_line = i + 1, self.line
            if not self.done:
                self._keep(chunk[base:])
            skip = max(0, skip - len(chunk))
        if not self.done:
            yield Record(self.source, self.element_line,
                         error="truncated JSON array: the input ends inside it", index=self.index)

    def _keep(self, piece: bytes) -> None:
        if self.oversized:
            return
        if self.depth >= 1:
            self.pending += piece
            if len(self.pending) > self.max:
                self.oversized, self.pending = True, bytearray()

    def _emit(self, tail: bytes, *, last: bool) -> Iterator[Record]:
        oversized, self.oversized = self.oversized, False
        data = bytes(self.pending) + tail
        self.pending = bytearray()
        stripped = data.lstrip()
        line = self.element_line + data[: len(data) - len(stripped)].count(b"\n")
        index, self.index = self.index, self.index + 1
        if oversized:
            yield Record(self.source, line, error=f"array element longer than {self.max} bytes; "
                                                  "not parsed", index=index)
        elif not stripped.strip():
            if not (last and index == 0):
                yield Record(self.source, line, error="not JSON: empty array element",
                             index=index)
        else:
            try:
                yield Record(self.source, line, parse_line(stripped), index=index)
            except ValueError as error:
                yield Record(self.source, line, error=str(error), index=index)


