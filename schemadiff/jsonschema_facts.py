"""Small facts about JSON Schema that ``diff``, ``show`` and ``validate --coverage`` share.

Which keywords are annotations, which hold subschemas (and in what shape), what a trivially-true
schema is, whether a schema admits ``null`` (:func:`split_nullable`, the one definition of
nullability) and the readable label of a child schema (:func:`child_label`: ``.name``, ``[]``,
``<Variant>``) used in paths like ``GenerationMessage.payload.predictions[].status``. Keeping these
in one module is what makes the three commands give one answer to the same question.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Final

import orjson

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
    """A hashable key for a JSON value (enum members, union members).

    orjson writes it (a million enum values are keyed in a fraction of the time ``json`` takes);
    a value orjson refuses (an integer beyond 64 bits, a library caller's odd object) goes the
    slow way, and a given value always goes the same way, so equal values get equal keys.
    """
    if type(value) is str:
        # Enum values are mostly strings: keyed without serialising. Only strings are keyed
        # this way, and no other JSON value's key starts with a quote, so keys never collide.
        return '"' + value
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
    except TypeError:
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
    # Two non-null members make a real union; stop counting there, since a union of many
    # thousand members asks this once per member.
    non_null = 0
    for member in members:
        if not is_null_schema(member):
            non_null += 1
            if non_null > 1:
                return f"<{member_name(members[index], index)}>"
    return ""


def child_label(keyword: str, key: str | int | None = None, container: Any = None) -> str:
    """The readable path label of the subschema at ``keyword`` (and ``key``) of a node.

    ``properties``/``name`` is ``.name``, ``patternProperties``/``p`` is ``.{p}``, a dependent
    schema is ``(if .name)``, a tuple position is ``[i]``, a union member is ``<Variant>``
    (``container`` is the member list; empty for the value of a nullable), an ``allOf`` member
    adds nothing (it constrains the same value), and a single subschema has a fixed label
    (``items`` is ``[]``, ``additionalProperties`` is ``.*``). Every module that spells a path
    asks this function, so ``diff``, ``show`` and ``validate --coverage`` name fields alike.
    """
    if key is None:
        return SINGLE_LABELS.get(keyword, "")
    if isinstance(key, int):
        if keyword in ("items", "prefixItems"):
            return f"[{key}]"
        if keyword in ("anyOf", "oneOf") and isinstance(container, list) and \
                key < len(container):
            return union_label(container, key)
        return ""
    if keyword == "properties":
        return "." + key
    if keyword == "patternProperties":
        return f".{{{key}}}"
    if keyword in ("dependentSchemas", "dependencies"):
        return f"(if .{key})"
    return ""


def split_nullable(schema: Any) -> tuple[Any, bool]:
    """Return ``schema`` without its ways of admitting ``null``, and whether it admits ``null``.

    The one definition of nullability. ``null`` is admitted by ``nullable: true`` (OpenAPI 3.0),
    ``"null"`` in ``type``, ``null`` in ``enum`` or as ``const``, and a null member of
    ``anyOf``/``oneOf`` (``{"type": "null"}``, annotations allowed: pydantic v2's ``X | None``).
    The core keeps everything else, including the other union members in their order (the same
    objects), so a caller can map them back to their positions; a schema that admits only
    ``null`` has ``type: []`` (or ``enum: []``) in its core. ``oneOf`` beside ``anyOf`` is left
    alone: its null member is not an alternative of the node.
    """
    if not isinstance(schema, dict):
        return schema, False
    core = dict(schema)
    nullable = core.pop("nullable", None) is True
    kind = core.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        nullable = True
        core["type"] = [name for name in kind if name != "null"] if isinstance(kind, list) \
            else []
    if "const" in core:
        if core["const"] is None and (not isinstance(core.get("enum"), list)
                                      or None in core["enum"]):
            nullable = True
            del core["const"]
            core["enum"] = []
    elif isinstance(core.get("enum"), list) and None in core["enum"]:
        nullable = True
        core["enum"] = [value for value in core["enum"] if value is not None]
    for keyword in ("anyOf", "oneOf"):
        members = core.get(keyword)
        if not isinstance(members, list) or (keyword == "oneOf" and "anyOf" in core):
            continue
        kept = [member for member in members if not is_null_schema(member)]
        if len(kept) < len(members):
            nullable = True
            core[keyword] = kept
    return core, nullable


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
            yield (keyword,), child_label(keyword), child
    for keyword in LIST_SUBSCHEMA:
        members = schema.get(keyword)
        if not isinstance(members, list):
            continue
        for index, child in enumerate(members):
            yield (keyword, str(index)), child_label(keyword, index, members), child
    for keyword in MAP_SUBSCHEMA:
        children = schema.get(keyword)
        if not isinstance(children, dict):
            continue
        for name, child in children.items():
            if isinstance(child, dict | bool):
                yield (keyword, name), child_label(keyword, name), child


def json_type(value: Any) -> str:
    """The JSON Schema type of a JSON value: ``integer`` for whole numbers (``1.0`` too, as
    JSON Schema counts them), ``number`` for the rest; ``boolean`` is never a number."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"
