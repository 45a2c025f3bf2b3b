"""Turn the bytes of a source into a JSON-compatible document: JSON, or YAML loaded safely.

JSON is tried when the text starts like JSON (``{`` or ``[``) or the source said it is JSON; YAML
otherwise. YAML is loaded with a restricted safe loader: explicit tags are refused (no
``!!python/...``, no ``!!binary``), dates stay strings, and the loaded value is checked for size
and depth so that an alias bomb ("billion laughs") or a self-referencing alias is an error rather
than an exhausted machine. Every failure is one :class:`SourceError` naming the source, and a line
and column where the parser gives one.
"""

from __future__ import annotations

import json
import math
from typing import Any

import yaml

from schemadiff.errors import SourceError
from schemadiff.sources.options import RawSource

MAX_DEPTH = 200
"""Deepest nesting accepted; real OpenAPI documents stay far below it, and every later walk
(extraction, diff, validation) can recurse safely within it."""

MAX_NODES = 2_000_000
"""Most values (after expanding YAML aliases) accepted in one document."""

_JSON_MEDIA_TYPES = ("application/json", "application/openapi+json", "application/schema+json")


def decode(raw: RawSource) -> str:
    """Decode UTF-8 (an optional BOM is dropped); invalid bytes are a clear error."""
    try:
        return raw.data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = raw.data[error.start : error.start + 1].hex()
        raise SourceError(
            f"{raw.label}: not UTF-8 text (byte 0x{bad} at offset {error.start})"
        ) from None


def parse_document(raw: RawSource, *, json_only: bool = False) -> dict[str, Any]:
    """Parse ``raw`` as JSON or YAML and return the top-level object.

    ``json_only`` is for HTTP bodies that did not say they are YAML: an HTML error page must be
    reported as "not JSON", not loaded as a YAML string.
    """
    text = decode(raw)
    stripped = text.lstrip()
    if not stripped:
        raise SourceError(f"{raw.label}: empty document")
    looks_json = stripped[0] in "{[" or (raw.media_type or "") in _JSON_MEDIA_TYPES
    if json_only and not looks_json:
        shown = f" (content-type {raw.media_type})" if raw.media_type else ""
        first = stripped[:20].splitlines()[0]
        raise SourceError(f"{raw.label}: response is not JSON{shown}; it starts with {first!r}")
    document = _parse_json(raw.label, text) if looks_json else _parse_yaml(raw.label, text)
    check_shape(document, raw.label)
    if isinstance(document, bool):
        # A boolean schema (``true``: everything, ``false``: nothing) is valid JSON Schema; it is
        # read as the object schema with the same meaning, since a snapshot is an object.
        return {} if document else {"not": {}}
    if not isinstance(document, dict):
        raise SourceError(
            f"{raw.label}: expected a JSON object (an OpenAPI document or a JSON Schema), "
            f"got {_kind(document)}"
        )
    return document


def _parse_json(label: str, text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise SourceError(
            f"{label}: invalid JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    except ValueError as error:  # NaN/Infinity, refused by _reject_constant.
        raise SourceError(f"{label}: invalid JSON: {error}") from None
    except RecursionError:
        raise SourceError(
            f"{label}: JSON nested too deeply to read (more than {MAX_DEPTH} levels allowed)"
        ) from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


class _RestrictedLoader(yaml.SafeLoader):
    """A safe loader that refuses explicit tags and keeps JSON's data model."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        tag = getattr(event, "tag", None)
        # A tag the author wrote (``!!binary``, ``!Ref``, ``!!python/...``) asks for a type JSON
        # does not have; plain YAML (no tags) is all an OpenAPI document needs.
        if tag is not None and tag != "!" and not _implicit(event):
            mark = event.start_mark
            raise yaml.constructor.ConstructorError(
                None, None, f"explicit tag {tag!r} is not allowed (safe loading only)", mark
            )
        return super().compose_node(parent, index)


def _implicit(event: Any) -> bool:
    implicit = getattr(event, "implicit", None)
    if isinstance(implicit, tuple):
        return bool(implicit[0] or implicit[1])
    return bool(implicit)


# Dates and times stay strings (as JSON would have them); the other implicit types (bool, int,
# float, null) map onto JSON's.
_RestrictedLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _parse_yaml(label: str, text: str) -> Any:
    try:
        documents = list(yaml.load_all(text, Loader=_RestrictedLoader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
        problem = error.problem or error.context or "cannot be parsed"
        raise SourceError(f"{label}: invalid YAML{where}: {problem}") from None
    except yaml.YAMLError as error:
        raise SourceError(f"{label}: invalid YAML: {error}") from None
    except RecursionError:
        raise SourceError(
            f"{label}: YAML nested too deeply to read (more than {MAX_DEPTH} levels allowed)"
        ) from None
    if len(documents) != 1:
        raise SourceError(f"{label}: expected one YAML document, found {len(documents)}")
    return documents[0]


def check_shape(document: Any, label: str) -> None:
    """Refuse documents too deep or too large to walk, and self-referencing YAML aliases.

    Iterative on purpose: this is the guard that makes the recursive walks after it safe. Sizes
    are counted as if YAML aliases were expanded (what every later walk would see), but each
    shared node is visited once, so an alias bomb is refused in the time it takes to parse it.
    """
    measured: dict[int, tuple[int, int]] = {}  # id -> (expanded size, height)
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(document, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        children = _children(node, label)
        if finished:
            size, height = 1, 0
            for child in children:
                if isinstance(child, dict | list):
                    child_size, child_height = measured[id(child)]
                    size += child_size
                    height = max(height, child_height)
                else:
                    size += 1
            height += 1
            if height > MAX_DEPTH:
                raise SourceError(f"{label}: document nested more than {MAX_DEPTH} levels deep")
            if size > MAX_NODES:
                raise SourceError(
                    f"{label}: document too large (more than {MAX_NODES:,} values after "
                    "expanding YAML aliases; an alias bomb?)"
                )
            measured[key] = (size, height)
            on_path.discard(key)
            continue
        if key in measured:
            continue
        if key in on_path:
            raise SourceError(f"{label}: a YAML alias refers to itself (an endless document)")
        on_path.add(key)
        stack.append((node, True))
        for child in children:
            if isinstance(child, dict | list) and id(child) not in measured:
                stack.append((child, False))
            elif isinstance(child, float) and not math.isfinite(child):  # YAML's .nan and .inf
                raise SourceError(f"{label}: {child} is not a JSON number")


def _children(node: Any, label: str) -> list[Any]:
    if isinstance(node, dict):
        for key in node:
            if not isinstance(key, str):
                raise SourceError(
                    f"{label}: object key {key!r} is not a string (JSON keys are strings)"
                )
        return list(node.values())
    if isinstance(node, list):
        return node
    return []


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "a string"
