"""Parsing one JSON text of a log into a record, with a readable reason when it is not JSON."""

from __future__ import annotations

import json
from typing import Any

import orjson

from schemadiff.validate.model import Record


def parse_line(raw: bytes | bytearray | memoryview) -> Any:
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
            return json.loads(bytes(raw))
        except RecursionError:
            raise ValueError("not JSON: nested too deeply") from None
        except ValueError as error:
            raise ValueError(f"not JSON: {error}") from None
    if "ecursion" in reason or "depth limit" in reason:
        raise ValueError("not JSON: nested deeper than 1024 levels")
    if "EOF" in reason or "unexpected end" in reason.lower():
        reason = f"truncated ({reason})"
    raise ValueError(f"not JSON: {reason}")


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


def line_record(source: str, line_no: int, raw: bytes) -> Record:
    """The record of one line of JSON Lines: a message, a parse error or a blank line."""
    try:
        return Record(source, line_no, parse_line(raw))
    except ValueError:
        return bad_line(source, line_no, raw)


def oversized_record(source: str, line_no: int, size: int, max_line_bytes: int) -> Record:
    return Record(source, line_no,
                  error=f"line longer than {max_line_bytes} bytes ({size} bytes); not parsed")
