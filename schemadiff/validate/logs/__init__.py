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

import importlib
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

# What a log is (light: dataclasses and enums) is imported at once; the readers on first use (PEP
# 562), so that a command needing only ``InputFormat`` for its choices does not load them all.
from schemadiff.validate.logs.model import (
    BOM,
    GZIP_MAGIC,
    MAX_LINE_BYTES,
    STDIN,
    Direction,
    InputFormat,
    LogInput,
)

if TYPE_CHECKING:
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
    from schemadiff.validate.logs.parse import bad_line, line_record, oversized_record, parse_line
    from schemadiff.validate.logs.stream import is_regular_file, is_url, open_log
    from schemadiff.validate.model import Record

_LAZY = {
    "read_json": "array",
    "detect_format": "detect",
    "SIDECAR_PATTERNS": "directory", "Expanded": "directory", "expand_paths": "directory",
    "read_har": "har",
    "LineBlock": "lines", "RawBlock": "lines", "read_jsonl": "lines", "read_raw_blocks": "lines",
    "records_of_blocks": "lines",
    "bad_line": "parse", "line_record": "parse", "oversized_record": "parse",
    "parse_line": "parse",
    "is_regular_file": "stream", "is_url": "stream", "open_log": "stream",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # Later look-ups skip this function.
    return value


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
    from schemadiff.validate.logs.detect import detect_format

    if log.input_format is not InputFormat.AUTO:
        return log.input_format
    return detect_format(head, log.path)


def read_log(log: LogInput, *, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[Record]:
    """Yield every record of one log, in order, reading it once as a stream."""
    from schemadiff.validate.logs.stream import open_log

    with open_log(log.path) as (head, stream):
        yield from read_opened(log, resolve_format(log, head), stream,
                               max_line_bytes=max_line_bytes)


def read_opened(log: LogInput, fmt: InputFormat, stream: IO[bytes], *,
                max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[Record]:
    """Yield the records of a log already opened (:func:`open_log`) in format ``fmt``."""
    from schemadiff.validate.logs.array import read_json
    from schemadiff.validate.logs.har import read_har
    from schemadiff.validate.logs.lines import read_jsonl

    if fmt is InputFormat.JSONL:
        yield from read_jsonl(stream, log.label, max_line_bytes=max_line_bytes)
    elif fmt is InputFormat.JSON:
        yield from read_json(stream, log.label, max_element_bytes=max_line_bytes)
    else:
        yield from read_har(stream, log.label, log.direction, max_value_bytes=max_line_bytes)
