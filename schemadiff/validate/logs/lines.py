"""JSON Lines: one splitter of a stream into lines, shared by the hot loop and the record reader.

:func:`read_raw_blocks` reads into one reused buffer and yields blocks of complete lines in
place; every edge case of JSON Lines lives here once: a BOM at the start, CRLF line ends, a line
longer than the cap (skipped, never held), a last line without a line end, and an input that
ends abruptly (a truncated gzip stream). The hot loop (:mod:`schemadiff.validate.run`) decodes
lines straight from the buffer; :func:`records_of_blocks` turns the same blocks into
:class:`~schemadiff.validate.model.Record` values for everything else (``read_jsonl``).
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from schemadiff.validate.logs.model import BOM, MAX_LINE_BYTES, READ_SIZE
from schemadiff.validate.logs.parse import line_record, oversized_record
from schemadiff.validate.model import Record

_READ_SIZE = READ_SIZE


@dataclass(frozen=True, slots=True)
class LineBlock:
    """Consecutive lines of a JSON Lines stream, without their line ends.

    An over-long line is replaced by ``b""`` and its size recorded in ``oversized``; ``error``
    says the input ended abruptly after these lines (a truncated gzip stream).
    """

    first_line: int
    lines: list[bytes]
    oversized: dict[int, int]
    error: str | None = None


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
    buffer = bytearray(max(block_bytes, len(BOM) + 1))  # room for a BOM read piecemeal
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
            total = have + read
            if total < len(BOM) and BOM.startswith(bytes(buffer[:total])):
                # A pipe may deliver the BOM a byte at a time: wait for all of it.
                have = total
                continue
            first = False
            if buffer.startswith(BOM):
                buffer[0:total - len(BOM)] = buffer[len(BOM):total]
                have, read = 0, total - len(BOM)
                if not read:
                    continue
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


def records_of_blocks(blocks: Iterable[RawBlock | LineBlock], source: str,
                      max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[Record]:
    """One record per line of the blocks: a message, a parse error, a blank or over-long line."""
    for block in blocks:
        if isinstance(block, RawBlock):
            lines = bytes(block.buffer[block.start:block.end]).split(b"\n")
            if lines[-1] == b"" and block.buffer[block.end - 1:block.end] == b"\n":
                lines.pop()
            split = LineBlock(block.first_line, lines, {
                position: len(line) for position, line in enumerate(lines)
                if len(line) > max_line_bytes})
        else:
            split = block
        for position, raw in enumerate(split.lines):
            line_no = split.first_line + position
            if position in split.oversized:
                yield oversized_record(source, line_no, split.oversized[position], max_line_bytes)
            else:
                yield line_record(source, line_no, raw)
        if split.error is not None:
            yield Record(source, split.first_line + len(split.lines), error=split.error)


def read_jsonl(
    stream: IO[bytes], source: str, *, end: int | None = None,
    max_line_bytes: int = MAX_LINE_BYTES, strip_bom: bool = True,
) -> Iterator[Record]:
    """Yield one record per line of a JSON Lines stream.

    A BOM at the start, CRLF line ends and trailing whitespace are accepted; blank lines are
    skipped (and counted); a line longer than ``max_line_bytes`` is an error record.
    """
    blocks = read_raw_blocks(stream, end=end, max_line_bytes=max_line_bytes, strip_bom=strip_bom)
    yield from records_of_blocks(blocks, source, max_line_bytes)
