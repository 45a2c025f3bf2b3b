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
    """Return the node at ``pointer`` in ``document``; :class:`SchemaError` if there is none.

    A plain-name fragment (``#Address``) is not a pointer: it names the subschema whose ``$id``
    is ``#Address`` (draft-07 and older) or whose ``$anchor`` is ``Address`` (2019-09+).
    """
    fragment = pointer.removeprefix("#")
    if fragment and not fragment.startswith("/"):
        node = find_anchor(document, fragment)
        if node is None:
            raise SchemaError(f"$ref {pointer!r} names no $id or $anchor in the document")
        return node
    return walk(document, split(pointer), pointer)


_NOT_SCHEMAS = frozenset({"enum", "const", "default", "examples", "example"})


def find_anchor(document: Any, name: str) -> Any:
    """The subschema a plain-name fragment names, or ``None``."""
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("$anchor") == name or any(
                    isinstance(node.get(key), str) and node[key].endswith("#" + name)
                    for key in ("$id", "id")):
                return node
            stack.extend(value for key, value in node.items() if key not in _NOT_SCHEMAS)
        elif isinstance(node, list):
            stack.extend(node)
    return None


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


def with_pointer_refs(document: Any) -> Any:
    """``document`` with plain-name ``$ref`` fragments (``#Address``) rewritten as the JSON
    Pointers of the subschemas they name, for code that follows pointers only.

    The document is returned unchanged (the same object) when it has no such reference; a
    name that names nothing is left for :func:`get` to report.
    """
    anchors: dict[str, str] = {}
    stack: list[tuple[Any, str]] = [(document, "")]
    named = False
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#") and ref[1:2] not in ("", "/"):
                named = True
            for key in ("$anchor", "$id", "id"):
                value = node.get(key)
                if isinstance(value, str) and (key == "$anchor" or "#" in value):
                    anchors.setdefault(value.rsplit("#", 1)[-1], where)
            stack.extend((value, join(where, key)) for key, value in node.items()
                         if key not in _NOT_SCHEMAS)
        elif isinstance(node, list):
            stack.extend((value, join(where, index)) for index, value in enumerate(node))
    if not named:
        return document
    return _rewrite(document, anchors)


def _rewrite(node: Any, anchors: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {key: value if key in _NOT_SCHEMAS else _rewrite(value, anchors)
               for key, value in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str) and ref[1:] in anchors and not ref[1:].startswith("/"):
            out["$ref"] = "#" + anchors[ref[1:]]
        return out
    if isinstance(node, list):
        return [_rewrite(value, anchors) for value in node]
    return node
