"""JSON Pointers (RFC 6901) and local ``$ref`` resolution inside one schema document."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from schemadiff.errors import SchemaError


def escape(token: str) -> str:
    """Escape one reference token for use in a JSON Pointer."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """Undo :func:`escape`."""
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: str | int) -> str:
    """Append reference tokens to ``pointer``: ``join("/$defs", "A")`` is ``/$defs/A``."""
    return pointer + "".join("/" + escape(str(token)) for token in tokens)


def split(pointer: str) -> list[str]:
    """Split a JSON Pointer (with or without a leading ``#``) into unescaped tokens."""
    pointer = pointer.removeprefix("#")
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise SchemaError(f"not a JSON Pointer: {pointer!r}")
    return [unescape(token) for token in pointer[1:].split("/")]


def get(document: Any, pointer: str) -> Any:
    """Return the node at ``pointer`` in ``document``; :class:`SchemaError` if there is none."""
    return walk(document, split(pointer), pointer)


def walk(document: Any, tokens: Iterable[str], pointer: str) -> Any:
    node = document
    for token in tokens:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise SchemaError(f"$ref {pointer!r} points at nothing")
    return node


def resolve_ref(document: Any, schema: Any, *, limit: int = 64) -> Any:
    """Follow local ``$ref`` chains from ``schema`` until a schema without one.

    Only local references (``#/...``) are followed; snapshots are self-contained by construction.
    ``limit`` stops a chain of references that loops back on itself.
    """
    seen = 0
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        ref = schema["$ref"]
        if not ref.startswith("#"):
            raise SchemaError(f"external $ref {ref!r} is not supported in a snapshot")
        seen += 1
        if seen > limit:
            raise SchemaError(f"$ref chain through {ref!r} never reaches a schema")
        schema = get(document, ref)
    return schema
