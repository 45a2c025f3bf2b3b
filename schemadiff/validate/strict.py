"""``--strict``: report properties a message carries but the schema does not declare.

Servers often send more than they document. JSON Schema (and pydantic's output) allows extra
properties by default, so a plain validation never notices. Strict mode compiles a copy of the
schema in which every object schema that declares ``properties`` but says nothing about other
properties gets ``unevaluatedProperties: false`` plus a marker, so the fast engine still decides
validity and the issues it produces can be told apart from the schema's own and reported as
``strict``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from schemadiff.patterns import search

MARKER = "x-schemadiff-strict"
"""Set on every object schema that strict mode closed, so its errors are recognised."""

_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_VALUES = ("items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems",
                  "contains", "not", "if", "then", "else", "propertyNames")
_OPEN_KEYWORDS = ("additionalProperties", "unevaluatedProperties")


def strict_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """Return a copy of ``document`` in which undeclared properties are errors."""
    closed = copy.deepcopy(dict(document))
    _close(closed, depth=0)
    return closed


def _close(schema: Any, depth: int) -> None:
    # Schemas are trees of bounded depth in practice; the guard keeps a hostile one from
    # exhausting the stack.
    if not isinstance(schema, dict) or depth > 500:
        return
    if isinstance(schema.get("properties"), dict) and not any(
        keyword in schema for keyword in _OPEN_KEYWORDS
    ):
        schema["unevaluatedProperties"] = False
        schema[MARKER] = True
    for keyword in _SCHEMA_MAPS:
        members = schema.get(keyword)
        if isinstance(members, dict):
            for member in members.values():
                _close(member, depth + 1)
    for keyword in _SCHEMA_LISTS:
        members = schema.get(keyword)
        if isinstance(members, list):
            for member in members:
                _close(member, depth + 1)
    for keyword in _SCHEMA_VALUES:
        _close(schema.get(keyword), depth + 1)


def is_strict_error(error: Any) -> bool:
    """Whether a ``jsonschema`` error comes from a property strict mode closed."""
    schema = getattr(error, "schema", None)
    return (getattr(error, "validator", None) == "unevaluatedProperties"
            and isinstance(schema, dict) and schema.get(MARKER) is True)


def undeclared(error: Any) -> list[str]:
    """The property names of the instance that its (closed) schema does not declare."""
    schema, instance = error.schema, error.instance
    if not isinstance(instance, dict):
        return []
    declared = schema.get("properties") or {}
    patterns = list(schema.get("patternProperties") or {})
    return [name for name in instance if name not in declared
            and not any(search(pattern, name) for pattern in patterns)]


def strict_message(names: list[str]) -> str:
    if len(names) == 1:
        return "property not declared by the schema"
    return "properties not declared by the schema: " + ", ".join(repr(n) for n in names)
