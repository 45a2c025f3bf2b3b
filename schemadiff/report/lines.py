"""Find the line of a JSON Pointer in a JSON file, so CI annotations can point at the changed node.

Snapshots are pretty-printed (one member per line, constant indent), so a pointer is found with a
few regular-expression searches, one per step, without parsing the file. Any other JSON text is
scanned once and every pointer's line recorded. Files are cached by path, size and modification
time, so a report with hundreds of findings reads each file once. A member's line is the line of
its key; an array element's line is where its value starts.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import os
import re
from pathlib import Path

from schemadiff.errors import SchemaError
from schemadiff.pointer import escape, split

_SPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"[^,\]\}\s]+")
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def _string(text: str, index: int) -> tuple[str, int]:
    """Read the string literal starting at ``index``; return its value and the index after it."""
    match = _STRING.match(text, index)
    if match is None:
        raise ValueError(f"unterminated string at {index}")
    literal = match.group()
    value = json.loads(literal) if "\\" in literal else literal[1:-1]
    return value, match.end()


def line_of(path: str | os.PathLike[str] | None, pointer: str) -> int | None:
    """Return the 1-based line of ``pointer`` in the JSON file at ``path``.

    ``None`` when the path is ``None``, the file cannot be read or parsed, or the pointer names
    nothing in it (an OpenAPI source file, say, where snapshot pointers do not apply).
    """
    if path is None:
        return None
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    document = _document(os.fspath(path), stat.st_mtime_ns, stat.st_size)
    return document.line(pointer) if document is not None else None


class _Document:
    """One file's text, searched directly when it is pretty-printed, else indexed once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.unit = _indent_unit(text)
        self._table: dict[str, int] | None = None
        self._scanned = False

    def line(self, pointer: str) -> int | None:
        pointer = pointer.removeprefix("#")
        if self.unit is not None:
            offset = _find(self.text, pointer, self.unit)
            if offset is not None:
                return self.text.count("\n", 0, offset) + 1
        # Not pretty-printed, or written in another style (ASCII escapes, say): scan everything
        # once. A pointer missing from a pretty file costs this scan once per file, not per call.
        if not self._scanned:
            self._table, self._scanned = _scanned_lines(self.text), True
        return self._table.get(pointer) if self._table is not None else None


@functools.lru_cache(maxsize=16)
def _document(path: str, mtime_ns: int, size: int) -> _Document | None:
    # mtime and size are part of the cache key only, so a rewritten file is read again.
    del mtime_ns, size
    try:
        return _Document(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def line_in_text(text: str, pointer: str) -> int | None:
    """Return the 1-based line of ``pointer`` in the JSON ``text`` (a file's content to be)."""
    return _Document(text).line(pointer)


def pointer_lines(text: str) -> dict[str, int] | None:
    """Map every JSON Pointer in the JSON ``text`` to its 1-based line; ``None`` if not JSON."""
    return _scanned_lines(text)


def _indent_unit(text: str) -> int | None:
    """The indent width of pretty-printed JSON whose root is a non-empty container, else None."""
    if not text.startswith(("{\n", "[\n")):
        return None
    second = text[2: text.find("\n", 2)]
    unit = len(second) - len(second.lstrip(" "))
    return unit or None


def _find(text: str, pointer: str, unit: int) -> int | None:
    """The offset of the line holding ``pointer`` in pretty-printed ``text``, or None.

    Pretty-printing puts every member and element on its own line, indented one unit per level,
    and closes a container on a line of its own at the container's indent. So a parent ends at the
    first closing line at its indent after it starts, and a member is the line at the next indent
    that starts with its key: a few ``str.find`` calls per step instead of parsing the file.
    """
    try:
        tokens = split(pointer)
    except SchemaError:
        return None
    start = 0
    closer = "]" if text.startswith("[") else "}"
    for depth, token in enumerate(tokens, start=1):
        parent_close = "\n" + " " * (unit * (depth - 1)) + closer
        indent = "\n" + " " * (unit * depth)
        if closer == "]":
            if not token.isdigit():
                return None
            end = text.find(parent_close, start)
            end = len(text) if end < 0 else end
            # Direct children start at exactly this indent; closing lines of children do too.
            children = re.compile(f"{indent}(?![ }}\\]])")
            match = next(itertools.islice(children.finditer(text, start, end), int(token), None),
                         None)
            if match is None:
                return None
            position, rest = match.start(), match.end()
        else:
            needle = f"{indent}{json.dumps(token, ensure_ascii=False)}: "
            position = text.find(needle, start)
            # Found only if the parent did not close first: then it is another object's member.
            if position < 0 or (depth > 1 and text.find(parent_close, start, position) >= 0):
                return None
            rest = position + len(needle)
        start = position + 1  # The start of the node's line.
        line_end = text.find("\n", rest)
        value = text[rest: line_end if line_end >= 0 else len(text)]
        closer = {"{": "}", "[": "]"}.get(value, "")
        if not closer and depth < len(tokens):
            return None  # A scalar or empty container has no children.
    return start


def _scanned_lines(text: str) -> dict[str, int] | None:
    offsets: dict[str, int] = {}
    try:
        end = _value(text, _skip(text, 0), "", offsets)
    except (ValueError, IndexError, RecursionError):
        return None
    if _skip(text, end) != len(text):
        return None
    newlines = [match.start() for match in re.finditer("\n", text)]
    return {
        pointer: bisect.bisect_right(newlines, offset - 1) + 1
        for pointer, offset in offsets.items()
    }


def _skip(text: str, index: int) -> int:
    match = _SPACE.match(text, index)
    return match.end() if match else index


def _value(text: str, index: int, pointer: str, offsets: dict[str, int]) -> int:
    """Parse the value at ``index`` (no leading space); return the index just after it."""
    offsets.setdefault(pointer, index)
    char = text[index]
    if char == "{":
        return _object(text, index + 1, pointer, offsets)
    if char == "[":
        return _array(text, index + 1, pointer, offsets)
    if char == '"':
        return _string(text, index)[1]
    match = _SCALAR.match(text, index)
    if match is None:
        raise ValueError(f"unexpected {char!r} at {index}")
    return match.end()


def _object(text: str, index: int, pointer: str, offsets: dict[str, int]) -> int:
    index = _skip(text, index)
    if text[index] == "}":
        return index + 1
    while True:
        if text[index] != '"':
            raise ValueError(f"expected a key at {index}")
        key_start = index
        key, index = _string(text, index)
        index = _skip(text, index)
        if text[index] != ":":
            raise ValueError(f"expected ':' at {index}")
        member = f"{pointer}/{escape(key)}"
        offsets[member] = key_start
        index = _skip(text, _value(text, _skip(text, index + 1), member, offsets))
        if text[index] == "}":
            return index + 1
        if text[index] != ",":
            raise ValueError(f"expected ',' or '}}' at {index}")
        index = _skip(text, index + 1)


def _array(text: str, index: int, pointer: str, offsets: dict[str, int]) -> int:
    index = _skip(text, index)
    if text[index] == "]":
        return index + 1
    position = 0
    while True:
        index = _skip(text, _value(text, index, f"{pointer}/{position}", offsets))
        if text[index] == "]":
            return index + 1
        if text[index] != ",":
            raise ValueError(f"expected ',' or ']' at {index}")
        index = _skip(text, index + 1)
        position += 1
