"""From an OpenAPI document (or a plain JSON Schema) to the schema a snapshot holds.

For OpenAPI: the root component (``WebSocketMessage`` unless told otherwise) and the transitive
closure of everything it references in ``components.schemas`` become ``$defs``; every ``$ref`` is
rewritten to ``#/$defs/Name``. Reference cycles are fine (a name is extracted once). A dangling or
external reference is a :class:`SchemaError` naming the reference and where it was found.

OpenAPI 3.0 documents are normalised to the JSON Schema 2020-12 forms pydantic v2 writes into
OpenAPI 3.1 (``nullable: true`` becomes ``anyOf: [X, {"type": "null"}]``, a lone ``allOf`` around
a ``$ref`` is unwrapped, boolean ``exclusiveMinimum`` becomes a number, ``example`` becomes
``examples``), so a 3.0 server and a 3.1 server of the same models give the same snapshot.

The walk recurses with an explicit depth limit: a schema nested deeper than any real one is a clear
error instead of a :class:`RecursionError`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from schemadiff import pointer as jp
from schemadiff.errors import SchemaError
from schemadiff.schema_check import dialect_of
from schemadiff.snapshot import DIALECT

MAX_DEPTH = 200

# Keywords whose value is one schema, an array of schemas, or a map of name -> schema. Everything
# else is data (``enum``, ``const``, ``default``, ``examples``, extensions) and copied as is, so a
# ``default`` that happens to contain a "$ref" key is never mistaken for a reference.
_ONE_SCHEMA = frozenset({
    "items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else",
    "unevaluatedItems", "unevaluatedProperties", "additionalItems", "contentSchema",
})
_SCHEMA_ARRAYS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_MAPS = frozenset({
    "properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
})
# Keywords that describe a schema rather than constrain it; pydantic keeps them on the outside of
# the ``anyOf`` it writes for an optional field, so normalising ``nullable`` does the same.
_ANNOTATIONS = frozenset({
    "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly",
    "$comment",
})
_NULL: dict[str, Any] = {"type": "null"}

RefRewriter = Callable[[str, str], str]
NodeHook = Callable[[dict[str, Any]], dict[str, Any]]
"""A rewrite of one schema object: ``prepare`` sees it before its children are walked, ``finish``
after (with its children already rewritten). Dialects plug in here (OpenAPI 3.0, draft-07)."""


@dataclass(frozen=True, slots=True)
class ExtractedSchema:
    """The snapshot schema of an OpenAPI document and the facts provenance records about it."""

    schema: dict[str, Any]
    root: str
    """The name of the definition the schema's ``$ref`` points at."""
    api_title: str | None
    api_version: str | None
    openapi_version: str | None


def is_openapi(document: Mapping[str, Any]) -> bool:
    return "openapi" in document or "swagger" in document


def extract_openapi(
    document: Mapping[str, Any], *, root: str = "WebSocketMessage", label: str = "<document>"
) -> ExtractedSchema:
    """Return the snapshot schema of ``root`` in the OpenAPI ``document``."""
    if "swagger" in document and "openapi" not in document:
        raise SchemaError(
            f"{label}: Swagger 2.0 documents are not supported; publish OpenAPI 3.0 or 3.1"
        )
    openapi_version = _text(document.get("openapi"))
    if openapi_version is None or not openapi_version.startswith("3."):
        raise SchemaError(f"{label}: unsupported OpenAPI version {openapi_version!r} (3.x needed)")
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(schemas, dict) or not schemas:
        raise SchemaError(
            f"{label}: the OpenAPI document has no components.schemas; nothing to snapshot"
        )
    if root not in schemas:
        known = sorted(schemas)
        shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        raise SchemaError(
            f"{label}: root schema {root!r} is not in components.schemas (pass --root; it has: "
            f"{shown})"
        )
    legacy = openapi_version.startswith("3.0")
    extractor = ComponentExtractor(
        schemas, label, finish=lambda node: _normalise(node, legacy=legacy)
    )
    extractor.enqueue(root)
    return rooted_at(document, root, extractor.run(), openapi_version=openapi_version)


def rooted_at(
    document: Mapping[str, Any], root: str, defs: dict[str, Any], *,
    openapi_version: str | None = None,
) -> ExtractedSchema:
    """The snapshot schema ``$ref``-rooted at ``root`` of ``defs``, and the API document's info."""
    info = document.get("info")
    info = info if isinstance(info, dict) else {}
    schema = {"$schema": DIALECT, "$ref": "#/$defs/" + jp.escape(root), "$defs": defs}
    return ExtractedSchema(
        schema=schema,
        root=root,
        api_title=_text(info.get("title")),
        api_version=_text(info.get("version")),
        openapi_version=openapi_version,
    )


def normalise_plain_schema(
    document: Mapping[str, Any], *, label: str = "<document>"
) -> dict[str, Any]:
    """Return a plain JSON Schema ready to diff: local refs checked, ``definitions`` -> ``$defs``.

    The schema is otherwise taken as is. A ``definitions``-only schema (draft 7 style) has its
    definitions moved to ``$defs`` and its ``#/definitions/...`` refs rewritten to match.
    """
    # The dialect is decided before definitions move: draft-07 keywords say "draft-07".
    dialect = dialect_of(document)
    rename = "definitions" in document and "$defs" not in document
    source = dict(document)
    if rename:
        source["$defs"] = source.pop("definitions")

    def rewrite(ref: str, where: str) -> str:
        if not ref.startswith("#"):
            raise SchemaError(
                f"{label}: external $ref {ref!r} at {_show(where)} is not supported; a snapshot "
                "must be self-contained"
            )
        target = ref
        if rename and (ref == "#/definitions" or ref.startswith("#/definitions/")):
            target = "#/$defs" + ref[len("#/definitions"):]
        try:
            jp.get(source, unquote(target))
        except SchemaError:
            raise SchemaError(
                f"{label}: dangling $ref {ref!r} at {_show(where)}: it points at nothing"
            ) from None
        return target

    walker = SchemaWalker(label, rewrite)
    result = walker.schema(source, "", 0)
    if not isinstance(result, dict):  # pragma: no cover - a dict in gives a dict out
        raise SchemaError(f"{label}: not a JSON Schema object")
    result.setdefault("$schema", dialect)
    return result


class SchemaWalker:
    """Copies a schema tree, rewriting references and normalising each node of a dialect."""

    def __init__(
        self,
        label: str,
        rewrite: RefRewriter,
        *,
        prepare: NodeHook | None = None,
        finish: NodeHook | None = None,
    ) -> None:
        self.label = label
        self.rewrite = rewrite
        self.prepare = prepare
        self.finish = finish

    def schema(self, node: Any, where: str, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise SchemaError(
                f"{self.label}: schema nested more than {MAX_DEPTH} levels deep at "
                f"{_show(where)[:120]}..."
            )
        if not isinstance(node, dict):
            return _copy_data(node, depth, self.label)
        if self.prepare is not None:
            node = self.prepare(node)
        result: dict[str, Any] = {}
        for key, value in node.items():
            here = jp.join(where, key)
            if key == "$ref" and isinstance(value, str):
                result[key] = self.rewrite(value, where)
            elif key in _ONE_SCHEMA and isinstance(value, dict | bool):
                result[key] = self.schema(value, here, depth + 1)
            elif key in _SCHEMA_ARRAYS | {"items"} and isinstance(value, list):
                result[key] = [
                    self.schema(member, jp.join(here, index), depth + 1)
                    for index, member in enumerate(value)
                ]
            elif key in _SCHEMA_MAPS and isinstance(value, dict):
                result[key] = {
                    name: self.schema(member, jp.join(here, name), depth + 1)
                    for name, member in value.items()
                }
            elif key == "discriminator" and isinstance(value, dict):
                result[key] = self.discriminator(value, here, depth)
            else:
                result[key] = _copy_data(value, depth + 1, self.label)
        if self.finish is not None:
            result = self.finish(result)
        return result

    def discriminator(self, value: dict[str, Any], where: str, depth: int) -> dict[str, Any]:
        result = _copy_data(value, depth + 1, self.label)
        mapping = value.get("mapping")
        if isinstance(mapping, dict):
            # Mapping values are references too (OpenAPI's discriminator object); left alone they
            # would point into components that a snapshot no longer has.
            result["mapping"] = {
                name: self.rewrite(target, jp.join(where, "mapping", name))
                if isinstance(target, str) else target
                for name, target in mapping.items()
            }
        return dict(result)


class ComponentExtractor:
    """Collects the closure of ``components.schemas`` entries, breadth-first, each name once.

    Reference cycles are fine. OpenAPI and AsyncAPI documents share this: both keep their schemas
    in ``components.schemas`` and refer to them as ``#/components/schemas/Name``. ``finish`` and
    ``prepare`` normalise each node of the document's schema dialect; ``unwrap`` picks the schema
    out of a component (AsyncAPI 3 may wrap one in a multi-format object).
    """

    def __init__(
        self,
        schemas: dict[str, Any],
        label: str,
        *,
        prepare: NodeHook | None = None,
        finish: NodeHook | None = None,
        unwrap: Callable[[str, Any], Any] | None = None,
    ) -> None:
        self.schemas = schemas
        self.label = label
        self.unwrap = unwrap
        self.pending: list[str] = []
        self.seen: set[str] = set()
        self.walker = SchemaWalker(label, self.rewrite, prepare=prepare, finish=finish)

    def run(self) -> dict[str, Any]:
        """Walk every enqueued component and what it references; return them sorted by name."""
        defs: dict[str, Any] = {}
        while self.pending:
            name = self.pending.pop(0)
            where = jp.join("/components/schemas", name)
            component = self.schemas[name]
            if self.unwrap is not None:
                component = self.unwrap(where, component)
            defs[name] = self.walker.schema(component, where, 0)
        for name in defs:
            self.check_alias_loop(defs, name)
        return dict(sorted(defs.items()))

    def check_alias_loop(self, defs: dict[str, Any], start: str) -> None:
        """Refuse definitions that are only a ``$ref`` to each other in a ring (``A -> A``).

        Cycles through properties are fine (a tree of ``Child``); a ring of bare references
        never reaches a schema, and every validator or walker that follows it loops forever.
        """
        chain = [start]
        node = defs[start]
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and not (
            set(node) - _ANNOTATIONS - {"$ref"}
        ):
            target = node["$ref"].removeprefix("#/$defs/")
            if "/" in target or target not in defs:
                return
            name = jp.unescape(target)
            if name in chain:
                ring = " -> ".join([*chain[chain.index(name):], name])
                raise SchemaError(
                    f"{self.label}: $ref cycle that never reaches a schema: {ring} (at "
                    f"{_show(jp.join('/components/schemas', name))})"
                )
            chain.append(name)
            node = defs.get(name)

    def enqueue(self, name: str) -> None:
        if name not in self.seen:
            self.seen.add(name)
            self.pending.append(name)

    def rewrite(self, ref: str, where: str) -> str:
        if not ref.startswith("#"):
            raise SchemaError(
                f"{self.label}: external $ref {ref!r} at {_show(where)} is not supported; a "
                "snapshot must be self-contained (bundle the document first)"
            )
        try:
            tokens = jp.split(unquote(ref))
        except SchemaError:
            raise SchemaError(
                f"{self.label}: $ref {ref!r} at {_show(where)} is not a JSON Pointer"
            ) from None
        if len(tokens) < 3 or tokens[:2] != ["components", "schemas"]:
            raise SchemaError(
                f"{self.label}: $ref {ref!r} at {_show(where)} points outside "
                "components.schemas; only schema components can be snapshotted"
            )
        name = tokens[2]
        if name not in self.schemas:
            raise SchemaError(
                f"{self.label}: dangling $ref {ref!r} at {_show(where)}: there is no schema "
                f"{name!r} in components.schemas"
            )
        if len(tokens) > 3:
            try:
                jp.walk(self.schemas[name], tokens[3:], ref)
            except SchemaError:
                raise SchemaError(
                    f"{self.label}: dangling $ref {ref!r} at {_show(where)}: it points at nothing"
                ) from None
        self.enqueue(name)
        return "#" + jp.join("/$defs", *tokens[2:])


def normalise_openapi_node(schema: dict[str, Any]) -> dict[str, Any]:
    """One OpenAPI 3.0 schema node in its 3.1 form (a :data:`NodeHook` for other sources)."""
    return _normalise(schema, legacy=True)


def _normalise(schema: dict[str, Any], *, legacy: bool) -> dict[str, Any]:
    """Rewrite one schema node (its children are already normalised) into the 3.1 form."""
    if legacy:
        schema = _unwrap_lone_allof(schema)
        for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
            flag = schema.get(exclusive)
            if isinstance(flag, bool):
                schema = dict(schema)
                del schema[exclusive]
                if flag and bound in schema:
                    schema[exclusive] = schema.pop(bound)
        if "example" in schema and "examples" not in schema:
            schema = dict(schema)
            schema["examples"] = [schema.pop("example")]
    nullable = schema.get("nullable")
    if not isinstance(nullable, bool):
        return schema
    schema = {key: value for key, value in schema.items() if key != "nullable"}
    if not nullable:
        return schema
    outer = {key: value for key, value in schema.items() if key in _ANNOTATIONS}
    inner = {key: value for key, value in schema.items() if key not in _ANNOTATIONS}
    for keyword in ("anyOf", "oneOf"):
        if set(inner) == {keyword} and isinstance(inner[keyword], list):
            members = list(inner[keyword])
            if _NULL not in members:
                members.append(dict(_NULL))
            return {**outer, keyword: members}
    if not inner:  # ``{nullable: true}`` alone already admits null.
        return outer
    return {**outer, "anyOf": [inner, dict(_NULL)]}


def _unwrap_lone_allof(schema: dict[str, Any]) -> dict[str, Any]:
    # OpenAPI 3.0 ignores siblings of ``$ref``, so 3.0 writers wrap a reference in a one-member
    # ``allOf`` to attach a description or ``nullable``; 2020-12 (and pydantic v2) put the ``$ref``
    # beside its siblings directly.
    members = schema.get("allOf")
    if (
        isinstance(members, list) and len(members) == 1 and isinstance(members[0], dict)
        and set(members[0]) == {"$ref"} and "$ref" not in schema
    ):
        unwrapped = {key: value for key, value in schema.items() if key != "allOf"}
        unwrapped["$ref"] = members[0]["$ref"]
        return unwrapped
    return schema


def _copy_data(value: Any, depth: int, label: str) -> Any:
    if depth > MAX_DEPTH and isinstance(value, dict | list):
        raise SchemaError(f"{label}: value nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, dict):
        return {key: _copy_data(item, depth + 1, label) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy_data(item, depth + 1, label) for item in value]
    return value


def _show(where: str) -> str:
    return "#" + where


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value)
