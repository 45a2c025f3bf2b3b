"""Validate WebSocket messages against a schema: the library API behind ``schemadiff validate``.

Per message::

    from schemadiff.validate import Validator, validate_messages

    for result in validate_messages(messages, snapshot.schema):   # parsed JSON values
        if not result.valid:
            print(result.line, result.type, [issue.message for issue in result.issues])

Each :class:`MessageResult` has ``source``, ``line`` (the message's position, from 1, or the line
of a :class:`Record`), ``type`` (the variant name, e.g. ``GenerationMessage``), ``status`` and
``issues`` (each with ``path`` like ``payload.predictions[2].status``, ``keyword`` and
``message``). To validate many batches, compile once: ``validator = Validator(schema)`` and pass
``validator`` instead of the schema; ``validator.check(value)`` returns ``(type, issues)`` for one
message, ``validator.classify(value)`` returns ``(type, is_valid)`` on the fast path.

In aggregate (picklable, mergeable; for worker pools and Dask)::

    from schemadiff.validate import merge, summarise_lines

    parts = [summarise_lines(lines, schema, source=name) for name, lines in shares]
    total = functools.reduce(merge, parts)

:func:`render` (in :mod:`schemadiff.report.validate`) turns the merged summary into the same
report the CLI prints. Logs on disk are read by :func:`read_log` (JSON Lines, JSON arrays, HAR,
gzip), which yields :class:`Record` values.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

# Light (plain dataclasses and enums), and needed as a default value below.
from schemadiff.validate.model import DEFAULT_MAX_ERRORS

if TYPE_CHECKING:
    from schemadiff.validate.engine import Validator
    from schemadiff.validate.logs import Direction, InputFormat, LogInput, read_log
    from schemadiff.validate.matrix import Matrix, merge_matrix
    from schemadiff.validate.model import ErrorEntry, Issue, MessageResult, Record, Status
    from schemadiff.validate.summary import Summary, merge

# The public names and the module each lives in. They are imported on first use (PEP 562), so a
# command that needs only an enum (``InputFormat`` for its ``--input-format`` choices) does not
# load the engines (jsonschema-rs, msgspec) at start-up.
_LAZY = {
    "Validator": "engine",
    "Direction": "logs", "InputFormat": "logs", "LogInput": "logs", "read_log": "logs",
    "Matrix": "matrix", "merge_matrix": "matrix",
    "ErrorEntry": "model", "Issue": "model", "MessageResult": "model", "Record": "model",
    "Status": "model",
    "Summary": "summary", "merge": "summary",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # Later look-ups skip this function.
    return value


__all__ = [
    "DEFAULT_MAX_ERRORS",
    "Direction",
    "ErrorEntry",
    "InputFormat",
    "Issue",
    "LogInput",
    "Matrix",
    "MessageResult",
    "Record",
    "Status",
    "Summary",
    "Validator",
    "merge",
    "merge_matrix",
    "read_log",
    "summarise",
    "summarise_lines",
    "validate_messages",
]


def _validator(schema: Mapping[str, Any] | Validator, strict: bool,
               formats: bool = False) -> Validator:
    from schemadiff import canonical
    from schemadiff.validate.engine import Validator

    if isinstance(schema, Validator):
        return schema
    return _cached_validator(canonical.dumps(dict(schema)), strict, formats)


@lru_cache(maxsize=8)
def _cached_validator(text: str, strict: bool, formats: bool) -> Validator:
    # A worker (a Dask process) receives the schema with every task; compile it once per process.
    import orjson

    from schemadiff.validate.engine import Validator

    return Validator(orjson.loads(text), strict=strict, formats=formats)


def _records(messages: Iterable[Any], source: str, first_line: int) -> Iterator[Record]:
    from schemadiff.validate.model import Record

    for line, message in enumerate(messages, start=first_line):
        yield message if isinstance(message, Record) else Record(source, line, message)


def validate_messages(
    messages: Iterable[Any], schema: Mapping[str, Any] | Validator, *, strict: bool = False,
    formats: bool = False,
    source: str = "<messages>", first_line: int = 1,
) -> Iterator[MessageResult]:
    """Validate parsed messages (or :class:`Record` values) one by one, lazily, in order."""
    validator = _validator(schema, strict, formats)
    for record in _records(messages, source, first_line):
        yield validator.result(record)


def summarise(
    messages: Iterable[Any], schema: Mapping[str, Any] | Validator, *, strict: bool = False,
    formats: bool = False,
    max_errors: int = DEFAULT_MAX_ERRORS, coverage: bool = False, label: str = "",
    source: str = "<messages>", first_line: int = 1,
) -> Summary:
    """Validate parsed messages (or :class:`Record` values) and return their :class:`Summary`."""

    from schemadiff.validate.run import Consumer, RunOptions

    validator = _validator(schema, strict, formats)
    consumer = Consumer((validator,), (label,), RunOptions(max_errors, coverage))
    matrix = consumer.consume(_records(messages, source, first_line), consumer.new_matrix())
    return matrix.versions[0]


def summarise_lines(
    lines: Iterable[str | bytes], schema: Mapping[str, Any] | Validator, *, strict: bool = False,
    formats: bool = False,
    max_errors: int = DEFAULT_MAX_ERRORS, coverage: bool = False, label: str = "",
    source: str = "<lines>", first_line: int = 1,
) -> Summary:
    """Parse JSON Lines text (e.g. a ``dask.bag.read_text`` partition) and summarise it.

    Without ``coverage``, each line goes to the msgspec fast path first; only the lines it
    cannot vouch for are parsed into records for the slow path.
    """

    from schemadiff.validate.run import Consumer, RunOptions

    validator = _validator(schema, strict, formats)
    if coverage or validator.fast_path is None:
        return summarise(_parse(lines, source, first_line), validator, max_errors=max_errors,
                         coverage=coverage, label=label)
    consumer = Consumer((validator,), (label,), RunOptions(max_errors, coverage))
    matrix = consumer.new_matrix()
    summary = matrix.versions[0]
    classify_raw = validator.classify_raw
    for line, text in enumerate(lines, start=first_line):
        raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
        name = classify_raw(raw)
        if name is not None:
            summary.add_valid(name)
        else:
            consumer.consume(_parse((raw,), source, line), matrix)
    return summary


def _parse(lines: Iterable[str | bytes], source: str, first_line: int) -> Iterator[Record]:
    from schemadiff.validate.logs import parse_line
    from schemadiff.validate.model import Record

    for line, text in enumerate(lines, start=first_line):
        raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
        try:
            yield Record(source, line, parse_line(raw))
        except ValueError as error:
            if raw.strip():
                yield Record(source, line, error=str(error))
            else:
                yield Record(source, line, skipped="blank line")
