"""Readers of message logs: JSON Lines, JSON arrays, HAR files, stdin, gzip of any of them.

Every reader streams: a log is never loaded whole, so memory stays flat from a 10 MB log to a
1 GB one. Lines are read with a length cap, so a single huge line costs at most the cap. Every
item comes out as a :class:`~schemadiff.validate.model.Record` carrying its source and line (or HAR
entry and frame index). A line that cannot be parsed becomes a record with ``error`` set and the
run goes on; only an input that cannot be read at all raises :class:`~schemadiff.errors.LogError`.

The format is detected from the content (gzip by its magic bytes, then ``[`` for a JSON array,
``{"log":`` for a HAR file, anything else JSON Lines) and can be forced with ``InputFormat``.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

import orjson

from schemadiff.errors import LogError
from schemadiff.validate.model import Record

MAX_LINE_BYTES = 16 * 1024 * 1024
"""The longest line (or JSON array element) that is parsed; longer ones are reported and skipped."""
MAX_HAR_BYTES = 256 * 1024 * 1024
"""HAR files are one JSON document and are read whole, up to this size."""
STDIN = "-"
GZIP_MAGIC = b"\x1f\x8b"
BOM = b"\xef\xbb\xbf"
_READ_SIZE = 1024 * 1024
_HAR_START = re.compile(rb'\s*\{\s*"log"\s*:')
_PRETTY_OBJECT_START = re.compile(rb"\s*\{\s*\r?\n")


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


_HAR_TYPES = {Direction.RECEIVED: ("receive",), Direction.SENT: ("send",),
              Direction.BOTH: ("receive", "send")}


@dataclass(frozen=True, slots=True)
class LogInput:
    """One log to read: a path (or ``-``) and how to read it."""

    path: str
    input_format: InputFormat = InputFormat.AUTO
    direction: Direction = Direction.RECEIVED

    @property
    def label(self) -> str:
        return "<stdin>" if self.path == STDIN else self.path


def parse_line(raw: bytes) -> Any:
    """Parse one JSON text; raise ``ValueError`` with a readable reason when it is not JSON.

    orjson is the fast path. It refuses integers beyond 64 bits, which JSON allows, so those
    lines are parsed again by the standard library; nesting too deep for either parser is a
    ``ValueError``.
    """
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        reason = str(error)
    if "64-bit" in reason or "exceeds" in reason:
        try:
            return json.loads(raw)
        except RecursionError:
            raise ValueError("not JSON: nested too deeply") from None
        except ValueError as error:
            raise ValueError(f"not JSON: {error}") from None
    if "ecursion" in reason or "depth limit" in reason:
        raise ValueError("not JSON: nested deeper than 1024 levels")
    if "EOF" in reason or "unexpected end" in reason.lower():
        reason = f"truncated ({reason})"
    raise ValueError(f"not JSON: {reason}")


def detect_format(head: bytes, name: str) -> InputFormat:
    """Guess the format of decompressed content from its first bytes and its name."""
    stripped = head.removeprefix(BOM).lstrip()
    lowered = name.lower()
    if lowered.endswith((".har", ".har.gz")) or _HAR_START.match(stripped):
        return InputFormat.HAR
    if stripped.startswith(b"[") or _PRETTY_OBJECT_START.match(stripped):
        return InputFormat.JSON
    return InputFormat.JSONL


@contextmanager
def open_log(path: str) -> Iterator[IO[bytes]]:
    """Open a log (or stdin for ``-``) as decompressed bytes; :class:`LogError` if unreadable."""
    label = "<stdin>" if path == STDIN else path
    try:
        raw: IO[bytes] = (
            io.BufferedReader(_Unclosable(sys.stdin.buffer)) if path == STDIN
            else Path(path).open("rb")  # noqa: SIM115 - closed by the ExitStack-like finally below
        )
    except FileNotFoundError:
        raise LogError(f"{label}: no such file") from None
    except IsADirectoryError:
        raise LogError(f"{label}: is a directory") from None
    except OSError as error:
        raise LogError(f"{label}: cannot read: {error.strerror or error}") from None
    try:
        stream = raw
        if _peek(raw, 2).startswith(GZIP_MAGIC):
            # GzipFile peeks through a small buffer of its own, so a stream cut short after
            # its first few kilobytes still opens (and is reported where it ends).
            stream = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
            try:
                _peek(stream, 1)
            except (OSError, EOFError, zlib.error) as error:
                raise LogError(f"{label}: not a readable gzip file ({error})") from None
        yield stream
    except (EOFError, zlib.error) as error:
        # A gzip stream cut short inside a HAR file or a JSON array (JSON Lines readers report
        # the lines before the cut themselves).
        raise LogError(f"{label}: input ends abruptly: {error}") from None
    except OSError as error:
        raise LogError(f"{label}: cannot read: {error}") from None
    finally:
        raw.close()


def _peek(stream: IO[bytes], size: int) -> bytes:
    peek = getattr(stream, "peek", None)
    if peek is None:
        raise LogError("internal: stream cannot peek")
    data: bytes = peek(size)
    return data


class _Unclosable(io.RawIOBase):
    """stdin for a BufferedReader that must not close the real stdin."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        # read1 returns what the pipe has now instead of waiting for the buffer to fill, so the
        # lines of a capture still being written are validated (and counted if interrupted).
        read = getattr(self._stream, "read1", self._stream.read)
        data = read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def read_log(log: LogInput, *, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[Record]:
    """Yield every record of one log, in order."""
    with open_log(log.path) as stream:
        fmt = log.input_format
        if fmt is InputFormat.AUTO:
            fmt = detect_format(_peek(stream, 4096), log.path)
        if fmt is InputFormat.JSONL:
            yield from read_jsonl(stream, log.label, max_line_bytes=max_line_bytes)
        elif fmt is InputFormat.JSON:
            yield from read_json(stream, log.label, max_element_bytes=max_line_bytes)
        else:
            yield from read_har(stream, log.label, log.direction)


@dataclass(frozen=True, slots=True)
class LineBlock:
    """Consecutive lines of a JSON Lines stream, without their line ends.

    Lines come in blocks so the hot loop iterates over a list instead of calling a reader per
    line. An over-long line is replaced by ``b""`` and its size recorded in ``oversized``;
    ``error`` says the input ended abruptly after these lines (a truncated gzip stream).
    """

    first_line: int
    lines: list[bytes]
    oversized: dict[int, int]
    error: str | None = None


def read_line_blocks(
    stream: IO[bytes], *, end: int | None = None, max_line_bytes: int = MAX_LINE_BYTES,
    strip_bom: bool = True, block_bytes: int = _READ_SIZE,
) -> Iterator[LineBlock]:
    """Split a stream into blocks of lines, holding at most one block plus one line in memory.

    ``end`` stops after that many bytes (a chunk of a larger file, positioned at a line start).
    """
    line_no, remaining = 1, end
    carry, dropped = b"", -1  # the partial last line; its size once it exceeded the cap
    first = strip_bom
    check_lengths = max_line_bytes < block_bytes
    # read1 returns what one underlying read gives, so the lines before a corrupt part of a gzip
    # stream are still delivered before the error.
    read = getattr(stream, "read1", stream.read)
    while True:
        size = block_bytes if remaining is None else min(block_bytes, remaining)
        try:
            data = read(size) if size else b""
        except (EOFError, zlib.error, gzip.BadGzipFile) as error:
            yield LineBlock(line_no, [], {}, f"input ends abruptly: {error}")
            return
        if remaining is not None:
            remaining -= len(data)
        if first and data:
            data, first = data.removeprefix(BOM), False
        if not data:
            if dropped >= 0:
                yield LineBlock(line_no, [b""], {0: dropped})
            elif carry:
                yield LineBlock(line_no, [carry], {})
            return
        parts = data.split(b"\n")
        if len(parts) == 1:
            if dropped >= 0:
                dropped += len(data)
            else:
                carry += data
                if len(carry) > max_line_bytes:
                    carry, dropped = b"", len(carry)
            continue
        oversized: dict[int, int] = {}
        if dropped >= 0:
            lines, oversized[0] = [b""], dropped + len(parts[0])
        else:
            lines = [carry + parts[0] if carry else parts[0]]
        lines.extend(parts[1:-1])
        if check_lengths:
            for position, line in enumerate(lines):
                if len(line) > max_line_bytes:
                    lines[position], oversized[position] = b"", len(line)
        carry, dropped = parts[-1], -1
        if len(carry) > max_line_bytes:
            carry, dropped = b"", len(carry)
        yield LineBlock(line_no, lines, oversized)
        line_no += len(lines)


@dataclass(frozen=True, slots=True)
class RawBlock:
    """Complete lines of a JSON Lines stream, in place: ``buffer[start:end]`` holds ``count``
    lines, each ended by ``\\n`` except perhaps the stream's last.

    The reader reuses ``buffer`` for the next block, so a block is valid only until the next one
    is asked for; copy what must outlive it. Reading into one buffer, instead of splitting each
    block into ``bytes`` per line, saves about a fifth of the work on large logs.
    """

    first_line: int
    buffer: bytearray
    start: int
    end: int
    count: int


def read_raw_blocks(
    stream: IO[bytes], *, end: int | None = None, max_line_bytes: int = MAX_LINE_BYTES,
    strip_bom: bool = True, block_bytes: int = _READ_SIZE,
) -> Iterator[RawBlock | LineBlock]:
    """Read a JSON Lines stream into one reused buffer and yield its lines block by block.

    Yields :class:`RawBlock` values for ordinary lines and a :class:`LineBlock` for a line
    longer than the buffer can grow to (``max_line_bytes``; it is skipped, not held) and for an
    input that ends abruptly. Lines within a block may still exceed ``max_line_bytes`` when it is
    smaller than ``block_bytes``: the caller checks their lengths. ``end`` stops after that many
    bytes (a chunk of a larger file, positioned at a line start).
    """
    buffer = bytearray(max(block_bytes, 2))
    have = 0  # bytes of an unfinished line at the start of the buffer
    dropped = -1  # bytes of an over-long line being skipped, or -1
    line_no, remaining, first = 1, end, strip_bom
    # readinto1 does one underlying read, so the lines before a corrupt part of a gzip stream
    # are still delivered before the error.
    readinto: Callable[[memoryview], int | None] = (
        getattr(stream, "readinto1", None) or stream.readinto)  # type: ignore[attr-defined]
    while True:
        if dropped < 0 and have == len(buffer):
            if have > max_line_bytes:
                dropped, have = have, 0
            else:
                # A line longer than the buffer: grow it, up to a line of max_line_bytes + "\n".
                grown = bytearray(max(have + 1, min(2 * have, max_line_bytes + 1)))
                grown[:have] = buffer[:have]
                buffer = grown
        size = len(buffer) - have if remaining is None else min(len(buffer) - have, remaining)
        try:
            read = (readinto(memoryview(buffer)[have:have + size]) or 0) if size else 0
        except (EOFError, zlib.error, gzip.BadGzipFile) as error:
            yield LineBlock(line_no, [], {}, f"input ends abruptly: {error}")
            return
        if remaining is not None:
            remaining -= read
        if first and read:
            first = False
            if buffer.startswith(BOM):
                buffer[0:read - len(BOM)] = buffer[len(BOM):read]
                read -= len(BOM)
        if not read:
            if dropped >= 0:
                yield LineBlock(line_no, [b""], {0: dropped})
            elif have:
                yield RawBlock(line_no, buffer, 0, have, 1)
            return
        if dropped >= 0:
            newline = buffer.find(b"\n", 0, read)
            if newline < 0:
                dropped += read
                continue
            yield LineBlock(line_no, [b""], {0: dropped + newline})
            line_no, dropped = line_no + 1, -1
            filled = read - newline - 1
            buffer[0:filled] = buffer[newline + 1:read]
        else:
            filled = have + read
        last = buffer.rfind(b"\n", 0, filled)
        if last < 0:
            have = filled
            continue
        count = buffer.count(b"\n", 0, last + 1)
        yield RawBlock(line_no, buffer, 0, last + 1, count)
        line_no += count
        have = filled - last - 1
        buffer[0:have] = buffer[last + 1:filled]


def oversized_record(source: str, line_no: int, size: int, max_line_bytes: int) -> Record:
    return Record(source, line_no,
                  error=f"line longer than {max_line_bytes} bytes ({size} bytes); not parsed")


def read_jsonl(
    stream: IO[bytes], source: str, *, end: int | None = None,
    max_line_bytes: int = MAX_LINE_BYTES, strip_bom: bool = True,
) -> Iterator[Record]:
    """Yield one record per line of a JSON Lines stream.

    A BOM at the start, CRLF line ends and trailing whitespace are accepted; blank lines are
    skipped (and counted); a line longer than ``max_line_bytes`` is an error record.
    """
    for block in read_line_blocks(stream, end=end, max_line_bytes=max_line_bytes,
                                  strip_bom=strip_bom):
        line_no = block.first_line
        for position, raw in enumerate(block.lines):
            if position in block.oversized:
                yield oversized_record(source, line_no + position, block.oversized[position],
                                       max_line_bytes)
                continue
            try:
                yield Record(source, line_no + position, parse_line(raw))
            except ValueError:
                yield bad_line(source, line_no + position, raw)
        if block.error is not None:
            yield Record(source, line_no + len(block.lines), error=block.error)


def bad_line(source: str, line_no: int, raw: bytes) -> Record:
    """The record of a line that did not parse; re-parsed without its line end so a truncated
    line is reported as truncated rather than as a control character in a string."""
    stripped = raw.strip()
    if not stripped:
        return Record(source, line_no, skipped="blank line")
    try:
        return Record(source, line_no, parse_line(stripped))
    except ValueError as error:
        return Record(source, line_no, error=str(error))


# A streaming splitter for JSON arrays: it finds the top-level commas of the array so each
# element is parsed on its own and the array is never held whole.
_ARRAY_TOKENS = re.compile(rb'[\[\]{}",\\\n]')
_QUOTE, _BACKSLASH, _NEWLINE, _COMMA = ord('"'), ord("\\"), ord("\n"), ord(",")
_OPEN, _CLOSE = frozenset(b"[{"), frozenset(b"]}")


def read_json(
    stream: IO[bytes], source: str, *, max_element_bytes: int = MAX_LINE_BYTES
) -> Iterator[Record]:
    """Yield the elements of a JSON array (or the one value of a JSON document) as records."""
    head = _peek(stream, 1024).removeprefix(BOM).lstrip()
    if not head.startswith(b"["):
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


def read_har(stream: IO[bytes], source: str, direction: Direction) -> Iterator[Record]:
    """Yield the WebSocket frames of a HAR file (Chrome's ``_webSocketMessages``).

    Text frames (opcode 1) are parsed as JSON; binary and control frames are skipped and counted.
    ``line`` is the entry's index in ``log.entries``, ``index`` the frame's index in the entry.
    """
    data = stream.read(MAX_HAR_BYTES + 1)
    if len(data) > MAX_HAR_BYTES:
        raise LogError(f"{source}: HAR file larger than {MAX_HAR_BYTES // (1024 * 1024)} MiB; "
                       "export a shorter capture or convert it to JSON Lines")
    try:
        document = orjson.loads(data.removeprefix(BOM))
    except orjson.JSONDecodeError as error:
        raise LogError(f"{source}: not a HAR file: not JSON ({error})") from None
    del data
    log = document.get("log") if isinstance(document, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise LogError(f"{source}: not a HAR file: no log.entries")
    wanted = _HAR_TYPES[direction]
    found = False
    for entry_index, entry in enumerate(entries):
        frames = entry.get("_webSocketMessages") if isinstance(entry, dict) else None
        if not isinstance(frames, list):
            continue
        found = True
        for frame_index, frame in enumerate(frames):
            if not isinstance(frame, dict) or frame.get("type") not in wanted:
                continue
            opcode = frame.get("opcode", 1)
            if opcode != 1:
                kind = "binary frame" if opcode == 2 else f"control frame (opcode {opcode})"
                yield Record(source, entry_index, skipped=kind, index=frame_index)
                continue
            text = frame.get("data")
            if not isinstance(text, str):
                yield Record(source, entry_index, error="text frame without string data",
                             index=frame_index)
                continue
            try:
                value = parse_line(text.encode("utf-8", "surrogatepass"))
            except ValueError as error:
                yield Record(source, entry_index, error=str(error), index=frame_index)
            else:
                yield Record(source, entry_index, value, index=frame_index)
    if not found:
        raise LogError(f"{source}: the HAR file has no WebSocket messages (_webSocketMessages); "
                       "export it from Chrome or Edge DevTools with the WebSocket connection open")


def expand_paths(patterns: list[str]) -> list[str]:
    """Expand directories (their ``*.jsonl``, ``*.json``, ``*.har`` and ``.gz`` files) and globs.

    A pattern that matches nothing is kept as given, so reading it reports the missing file.
    """
    paths: list[str] = []
    for pattern in patterns:
        if pattern == STDIN:
            paths.append(pattern)
            continue
        candidate = Path(pattern)
        if candidate.is_dir():
            found = [str(p) for p in sorted(candidate.iterdir()) if p.is_file() and _is_log(p)]
            if not found:
                raise LogError(f"{pattern}: a directory without log files (*.jsonl, *.ndjson, "
                               "*.json, *.har, *.log or their .gz)")
            paths.extend(found)
        elif any(char in pattern for char in "*?[") and not candidate.exists():
            matches = sorted(Path().glob(pattern)) if not candidate.is_absolute() else sorted(
                Path(candidate.anchor).glob(str(candidate.relative_to(candidate.anchor))))
            paths.extend(str(p) for p in matches if p.is_file()) if matches else paths.append(
                pattern)
        else:
            paths.append(pattern)
    return paths


def _is_log(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return name.endswith((".jsonl", ".ndjson", ".json", ".har", ".log"))
