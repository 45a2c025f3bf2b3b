"""Small facts about JSON Schema keywords that the differ needs everywhere.

Which keywords are annotations, which hold subschemas (and in what shape), what a trivially-true
schema is, and the readable label of a child schema (``.name``, ``[]``, ``<Variant>``) used in
paths like ``GenerationMessage.payload.predictions[].status``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Final

ANNOTATIONS: Final = frozenset({
    "title", "description", "examples", "example", "default", "$comment", "deprecated",
    "readOnly", "writeOnly", "$id", "id", "$schema", "$anchor", "$dynamicAnchor",
    "discriminator", "xml", "externalDocs", "contentMediaType", "contentEncoding",
    "$vocabulary",
})
"""Keywords that never change which instances are valid (not ``format``: clients parse it)."""

DEFINITIONS: Final = frozenset({"$defs", "definitions"})

SINGLE_SUBSCHEMA: Final = (
    "items", "additionalItems", "additionalProperties", "not", "contains", "propertyNames",
    "if", "then", "else", "unevaluatedItems", "unevaluatedProperties", "contentSchema",
)
LIST_SUBSCHEMA: Final = ("allOf", "anyOf", "oneOf", "prefixItems", "items")
MAP_SUBSCHEMA: Final = ("properties", "patternProperties", "dependentSchemas", "dependencies")

SINGLE_LABELS: Final = {
    "items": "[]", "additionalItems": "[]", "unevaluatedItems": "[]",
    "additionalProperties": ".*", "unevaluatedProperties": ".*",
    "not": "(not)", "contains": "[contains]", "propertyNames": "(keys)",
    "if": "(if)", "then": "(then)", "else": "(else)", "contentSchema": "(content)",
}


def is_annotation(keyword: str) -> bool:
    return keyword in ANNOTATIONS or keyword.startswith("x-")


def is_true(schema: Any) -> bool:
    """True when ``schema`` accepts everything: ``true``, ``{}`` or only annotations."""
    if schema is True:
        return True
    return isinstance(schema, dict) and all(is_annotation(key) for key in schema)


def is_null_schema(schema: Any) -> bool:
    """True for the null member of a pydantic-style optional: ``{"type": "null"}``."""
    if not isinstance(schema, dict) or schema.get("type") != "null":
        return False
    return all(key == "type" or is_annotation(key) for key in schema)


def canonical(value: Any) -> str:
    """A hashable key for a JSON value (enum members, union members)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")


def member_name(member: Any, index: int) -> str:
    """How a union member is named in paths: its definition, title or type, else its index."""
    if isinstance(member, dict):
        if isinstance(member.get("$ref"), str):
            return ref_name(member["$ref"])
        if isinstance(member.get("title"), str):
            return str(member["title"])
        kind = member.get("type")
        if isinstance(kind, str):
            return kind
        props = member.get("properties")
        if isinstance(props, dict):
            disc = props.get("type")
            if isinstance(disc, dict) and isinstance(disc.get("const"), str):
                return str(disc["const"])
    return f"#{index}"


def union_label(members: list[Any], index: int) -> str:
    """The label of member ``index``: empty for the value of a nullable (``X | None``)."""
    non_null = [m for m in members if not is_null_schema(m)]
    if len(non_null) <= 1:
        return ""
    return f"<{member_name(members[index], index)}>"


def iter_subschemas(schema: Any) -> Iterator[tuple[tuple[str, ...], str, Any]]:
    """Yield ``(pointer tokens, readable label, child)`` for every direct subschema.

    Data keywords (``enum``, ``const``, ``default``, ``examples``) are never entered, so a
    ``"$ref"`` key inside an example is not mistaken for a reference. Definitions are not entered
    either: they are reached through the references that use them.
    """
    if not isinstance(schema, dict):
        return
    for keyword in SINGLE_SUBSCHEMA:
        child = schema.get(keyword)
        if isinstance(child, dict | bool):
            yield (keyword,), SINGLE_LABELS[keyword], child
    for keyword in LIST_SUBSCHEMA:
        members = schema.get(keyword)
        if not isinstance(members, list):
            continue
        for index, child in enumerate(members):
            if keyword in ("items", "prefixItems"):
                label = f"[{index}]"
            elif keyword == "allOf":
                label = ""
            else:
                label = union_label(members, index)
            yield (keyword, str(index)), label, child
    for keyword in MAP_SUBSCHEMA:
        children = schema.get(keyword)
        if not isinstance(children, dict):
            continue
        for name, child in children.items():
            if not isinstance(child, dict | bool):
                continue
            if keyword == "properties":
                label = f".{name}"
            elif keyword == "patternProperties":
                label = f".{{{name}}}"
            else:
                label = f"(if .{name})"
            yield (keyword, name), label, child
