"""Readers of message logs, one module per job; every reader streams.

- :mod:`.model`: what a log is (:class:`LogInput`, :class:`InputFormat`, :class:`Direction`).
- :mod:`.stream`: opening it as one stream of decompressed bytes (file, pipe, stdin, gzip, fsspec
  URL), read once, never sought (regular files excepted, for ``--jobs`` chunks).
- :mod:`.detect`: which reader it needs (``.jsonl``/``.ndjson`` names mean JSON Lines).
- :mod:`.lines`: JSON Lines, one splitter shared by the hot loop and the record reader.
- :mod:`.array`: JSON arrays, element by element. :mod:`.har`: HAR files, frame by frame.
- :mod:`.parse`: one JSON text into a record, with a readable reason when it is not JSON.
- :mod:`.directory`: directories and globs, sidecars skipped and reported.

A log is never loaded whole, so memory stays flat from a 10 MB log to a 1 GB one. Every item
comes out as a :class:`~schemadiff.validate.model.Record` carrying its source and line (or HAR
entry and frame index); a line that cannot be parsed becomes a record with ``error`` set and the
run goes on; only an input that cannot be read at all raises :class:`~schemadiff.errors.LogError`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from schemadiff.validate.logs.array import read_json
from schemadiff.validate.logs.detect import detect_format
from schemadiff.validate.logs.directory import SIDECAR_PATTERNS, Expanded, expand_paths
from schemadiff.validate.logs.har import read_har
from schemadiff.validate.logs.lines import (
    LineBlock,
    RawBlock,
    read_jsonl,
    read_raw_blocks,
    records_of_blocks,
)
from schemadiff.validate.logs.model import (
    BOM,
    GZIP_MAGIC,
    MAX_LINE_BYTES,
    STDIN,
    Direction,
    InputFormat,
    LogInput,
)
from schemadiff.validate.logs.parse import bad_line, line_record, oversized_record, parse_line
from schemadiff.validate.logs.stream import is_regular_file, is_url, open_log
from schemadiff.validate.model import Record

__all__ = [
    "BOM",
    "GZIP_MAGIC",
    "MAX_LINE_BYTES",
    "SIDECAR_PATTERNS",
    "STDIN",
    "Direction",
    "Expanded",
    "InputFormat",
    "LineBlock",
    "LogInput",
    "RawBlock",
    "bad_line",
    "detect_format",
    "expand_paths",
    "is_regular_file",
    "is_url",
    "line_record",
    "open_log",
    "oversized_record",
    "parse_line",
    "read_har",
    "read_json",
    "read_jsonl",
    "read_log",
    "read_opened",
    "read_raw_blocks",
    "records_of_blocks",
    "resolve_format",
]


def resolve_format(log: LogInput, head: bytes) -> InputFormat:
    """The format to read ``log`` with, given the first bytes of its decompressed content."""
    if log.input_format is not InputFormat.AUTO:
        return log.input_format
    return detect_format(head, log.path)


def read_log(log: LogInput, *, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[Record]:
    """Yield every record of one log, in order, reading it once as a stream."""
    with open_log(log.path) as (head, stream):
        yield from read_opened(log, resolve_format(log, head), stream,
                               max_line_bytes=max_line_bytes)


def read_opened(log: LogInput, fmt: InputFormat, stream: IO[bytes], *,
                max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[Record]:
    """Yield the records of a log already opened (:func:`open_log`) in format ``fmt``."""
    if fmt is InputFormat.JSONL:
        yield from read_jsonl(stream, log.label, max_line_bytes=max_line_bytes)
    elif fmt is InputFormat.JSON:
        yield from read_json(stream, log.label, max_element_bytes=max_line_bytes)
    else:
        yield from read_har(stream, log.label, log.direction, max_value_bytes=max_line_bytes)
