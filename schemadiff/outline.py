"""The outline of a snapshot: message types and their fields, as a tree of plain values.

``outline(snapshot)`` walks the snapshot's message union (see :mod:`schemadiff.messages`) and
describes every field: its type as people write it (``string(uuid)``, ``array<PredictionPublic>``),
whether it is required and nullable, its enum values, format and constraints. It is what
``schemadiff show`` renders; the renderers (``schemadiff/report/show_*.py``) only format it.

Nullability is recognised in all three spellings a schema may use: ``anyOf [X, {"type": "null"}]``
(OpenAPI 3.1, pydantic v2), ``type: [X, "null"]`` (JSON Schema) and ``nullable: true``
(OpenAPI 3.0). A shared definition (``MediaResourcePublic``) is expanded the first time it is
met, in document order; later uses carry :attr:`Marker.REPEAT` and the path where it was
expanded, and a definition met again inside itself carries :attr:`Marker.CYCLE`. So the tree is
finite for any schema and a large shared definition is printed once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from schemadiff import pointer as jp
from schemadiff.errors import UsageError
from schemadiff.jsonschema_facts import child_label, split_nullable
from schemadiff.messages import DISCRIMINATOR, Variant, find_union, root_pointer
from schemadiff.snapshot import Snapshot

CONSTRAINT_KEYWORDS = (
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
    "minProperties", "maxProperties",
)
"""Validation keywords shown as constraints, in this order."""

_MAX_DEPTH = 64
"""Inline (not ``$ref``) nesting deeper than this is cut off; snapshots from real APIs stay far
below it, and a hostile schema must not exhaust the stack."""


class Marker(StrEnum):
    """Why a field that refers to a definition has no children in the outline."""

    REPEAT = "repeat"
    """The definition was expanded earlier; :attr:`FieldOutline.first_seen` says where."""
    CYCLE = "cycle"
    """The definition contains itself here; expanding it again would never end."""
    DEPTH = "depth"
    """Nesting is deeper than the outline goes."""


@dataclass(frozen=True, slots=True)
class FieldOutline:
    """One property of an object schema (or the items of an array, named ``[]``)."""

    name: str
    type: str
    """The type as people write it: ``string(date-time)``, ``GenerationStatus``,
    ``array<RefinePublic>``, ``integer | string``; never mentions ``null`` (see ``nullable``)."""
    required: bool
    nullable: bool
    path: str
    """Dotted path from the message: ``GenerationMessage.payload.predictions[].seed``."""
    enum: tuple[Any, ...] = ()
    """The allowed values (an ``enum``, or the one ``const`` value when ``is_const``)."""
    is_const: bool = False
    format: str | None = None
    definition: str | None = None
    """The ``$defs`` name the type refers to (through arrays and nullability), if any."""
    marker: Marker | None = None
    first_seen: str | None = None
    """For :attr:`Marker.REPEAT`: the path where the definition is expanded."""
    constraints: tuple[tuple[str, Any], ...] = ()
    description: str | None = None
    read_only: bool = False
    deprecated: bool = False
    """``deprecated: true`` on the property (pydantic's ``Field(deprecated=...)``)."""
    deprecated_values: tuple[Any, ...] = ()
    """Enum values announced for removal in ``x-deprecated-values``."""
    fields: tuple[FieldOutline, ...] = ()


@dataclass(frozen=True, slots=True)
class MessageOutline:
    """One message type of the union: its definition name, discriminator values and fields."""

    name: str
    types: tuple[str, ...]
    """The values of the discriminator (``type``) this message type is sent with."""
    pointer: str
    fields: tuple[FieldOutline, ...]
    deprecated: bool = False
    """``deprecated: true`` on the message type's definition."""


@dataclass(frozen=True, slots=True)
class Outline:
    """A whole snapshot, outlined."""

    label: str
    api_title: str | None
    api_version: str | None
    sha256: str
    discriminator: str
    messages: tuple[MessageOutline, ...]
    definitions: int
    """How many definitions the snapshot's ``$defs`` holds."""


def outline(snapshot: Snapshot, *, message: str | None = None) -> Outline:
    """Outline the message types of ``snapshot`` (a schema without a union is one message).

    ``message`` keeps one message type: a discriminator value (``generation_created``) or a
    definition name (``GenerationMessage``); shared definitions are then expanded inside it.
    An unknown ``message`` raises :class:`UsageError` naming the known ones.
    """
    document = snapshot.schema
    union = find_union(document)
    walker = _Walker(document)
    messages: list[MessageOutline] = []
    discriminator = union.discriminator if union is not None else DISCRIMINATOR
    if union is None:
        pointer = root_pointer(document)
        name = jp.split(pointer)[-1] if pointer else "root"
        variants = [Variant(name, pointer, ())]
    else:
        variants = list(union.variants)
    if message is not None:
        chosen = [v for v in variants if message in v.discriminators or message == v.name]
        if not chosen:
            known = ", ".join(value for v in variants for value in v.discriminators) or "none"
            names = ", ".join(v.name for v in variants)
            raise UsageError(
                f"unknown message type {message!r} in {snapshot.label}; known types: {known} "
                f"(or a definition name: {names})"
            )
        variants = chosen[:1]
    for variant in variants:
        schema = jp.get(document, variant.pointer) if variant.pointer else document
        walker.expanded.setdefault(variant.name, variant.name)
        fields = walker.fields(schema, variant.name, (variant.name,))
        messages.append(MessageOutline(variant.name, variant.discriminators, variant.pointer,
                                       fields, deprecated=_flag(schema, "deprecated")))
    definitions = document.get("$defs")
    provenance = snapshot.provenance
    return Outline(
        label=snapshot.label,
        api_title=provenance.api_title if provenance else None,
        api_version=provenance.api_version if provenance else None,
        sha256=snapshot.sha256,
        discriminator=discriminator,
        messages=tuple(messages),
        definitions=len(definitions) if isinstance(definitions, dict) else 0,
    )


def _core(schema: Any) -> tuple[Any, bool]:
    """``schema`` without null (:func:`split_nullable`), a lone member merged into its node.

    ``{"anyOf": [X, {"type": "null"}], "title": "T"}`` gives ``({"title": "T", **X}, True)``; a
    single ``allOf`` member (the OpenAPI 3.0 way to put ``nullable`` next to a ``$ref``) is merged
    the same way.
    """
    core, nullable = split_nullable(schema)
    if not isinstance(core, dict):
        return core, nullable
    for keyword in ("anyOf", "oneOf", "allOf"):
        members = core.get(keyword)
        if isinstance(members, list) and len(members) == 1 and isinstance(members[0], dict):
            siblings = {k: v for k, v in core.items() if k != keyword}
            return {**siblings, **members[0]}, nullable
    return core, nullable


@dataclass(slots=True)
class _Walker:
    """Walks schemas in document order, remembering which definitions it has expanded."""

    document: Mapping[str, Any]
    expanded: dict[str, str] = field(default_factory=dict)
    """Definition name -> path where it was expanded."""

    def fields(self, schema: Any, path: str, stack: tuple[str, ...],
               depth: int = 0) -> tuple[FieldOutline, ...]:
        """The properties of object ``schema`` (after following ``$ref``), sorted by name.

        Sorted, because a snapshot file's canonical JSON sorts them: the outline of a live
        OpenAPI document and of its snapshot must be the same.
        """
        schema = self._resolve(schema)
        if not isinstance(schema, dict):
            return ()
        properties = schema.get("properties")
        if not isinstance(properties, dict):
            return ()
        required = schema.get("required")
        required_names = set(required) if isinstance(required, list) else set()
        return tuple(
            self.field(name, subschema, name in required_names,
                       path + child_label("properties", name), stack, depth)
            for name, subschema in sorted(properties.items())
        )

    def field(self, name: str, schema: Any, required: bool, path: str,
              stack: tuple[str, ...], depth: int) -> FieldOutline:
        """Describe one property (or array items) at ``path``."""
        core, nullable = _core(schema)
        info = self._describe(core)
        children: tuple[FieldOutline, ...] = ()
        marker: Marker | None = None
        first_seen: str | None = None
        target = info.expand
        if depth >= _MAX_DEPTH and target is not None:
            marker = Marker.DEPTH
        elif isinstance(target, str):  # A definition: expand once, mark repeats and cycles.
            if target in stack:
                marker = Marker.CYCLE
            elif target in self.expanded:
                marker, first_seen = Marker.REPEAT, self.expanded[target]
            else:
                self.expanded[target] = info.expand_path(path)
                definition = jp.get(self.document, f"/$defs/{jp.escape(target)}")
                children = self.fields(definition, info.expand_path(path),
                                       (*stack, target), depth + 1)
        elif target is not None:  # An inline object schema.
            children = self.fields(target, info.expand_path(path), stack, depth + 1)
        description = schema.get("description") if isinstance(schema, dict) else None
        return FieldOutline(
            name=name,
            type=info.type,
            required=required,
            nullable=nullable,
            path=path,
            enum=info.enum,
            is_const=info.is_const,
            format=info.format,
            definition=info.definition,
            marker=marker,
            first_seen=first_seen,
            constraints=info.constraints,
            description=description if isinstance(description, str) else None,
            read_only=_flag(schema, "readOnly") or _flag(core, "readOnly"),
            deprecated=_flag(schema, "deprecated") or _flag(core, "deprecated"),
            deprecated_values=self._deprecated_values(schema, core, info.definition),
            fields=children,
        )

    def _deprecated_values(self, schema: Any, core: Any, definition: str | None) -> tuple[Any, ...]:
        """The ``x-deprecated-values`` beside the field's enum: on the property, its non-null
        part or the enum's definition (see :mod:`schemadiff.deprecation`)."""
        from schemadiff.deprecation import DEPRECATED_VALUES

        holders = [schema, core]
        if definition is not None:
            holders.append(self.document.get("$defs", {}).get(definition))
        for holder in holders:
            values = holder.get(DEPRECATED_VALUES) if isinstance(holder, dict) else None
            if isinstance(values, list):
                return tuple(values)
        return ()

    def _resolve(self, schema: Any) -> Any:
        return jp.resolve_ref(self.document, schema)

    def _describe(self, schema: Any, *, depth: int = 0) -> _TypeInfo:
        """Say what ``schema`` (without its null alternative) holds."""
        if not isinstance(schema, dict):
            return _TypeInfo("any" if schema is True else "never")
        ref = schema.get("$ref")
        if isinstance(ref, str):
            name = jp.split(ref)[-1] if ref.startswith("#/") else ref
            target = self._resolve(schema)
            inner = self._describe({k: v for k, v in target.items() if k != "title"}
                                   if isinstance(target, dict) else target, depth=depth + 1)
            is_object = isinstance(target, dict) and isinstance(target.get("properties"), dict)
            return _TypeInfo(
                name, enum=inner.enum, is_const=inner.is_const, format=inner.format,
                definition=name, constraints=_constraints(schema) or inner.constraints,
                expand=name if is_object and ref.startswith("#/$defs/") else None,
            )
        members = schema.get("anyOf", schema.get("oneOf"))
        if isinstance(members, list) and members and depth < _MAX_DEPTH:
            described = [self._describe(member, depth=depth + 1) for member in members]
            return _TypeInfo(" | ".join(dict.fromkeys(d.type for d in described)))
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1 and depth < _MAX_DEPTH:
            return self._describe(all_of[0], depth=depth + 1)
        if "const" in schema:
            return _TypeInfo(_json_type(schema.get("type"), schema["const"]),
                             enum=(schema["const"],), is_const=True, format=_format(schema))
        enum = schema.get("enum")
        type_name = _json_type(schema.get("type"), enum[0] if isinstance(enum, list) and enum
                               else None)
        fmt = _format(schema)
        if fmt:
            type_name = f"{type_name}({fmt})"
        if type_name == "array" and depth < _MAX_DEPTH:
            items = schema.get("items")
            item_core, item_nullable = _core(items if items is not None else {})
            item = self._describe(item_core, depth=depth + 1) if items is not None \
                else _TypeInfo("any")
            item_type = f"{item.type} | null" if item_nullable else item.type
            return _TypeInfo(f"array<{item_type}>", enum=item.enum, is_const=item.is_const,
                             definition=item.definition, constraints=_constraints(schema),
                             expand=item.expand, in_items=True)
        if type_name == "object" and isinstance(schema.get("properties"), dict):
            return _TypeInfo("object", constraints=_constraints(schema), expand=schema)
        if type_name == "object" and isinstance(schema.get("additionalProperties"), dict):
            value = self._describe(schema["additionalProperties"], depth=depth + 1)
            return _TypeInfo(f"map<string, {value.type}>", constraints=_constraints(schema))
        return _TypeInfo(
            type_name,
            enum=tuple(enum) if isinstance(enum, list) else (),
            format=fmt,
            constraints=_constraints(schema),
        )


@dataclass(frozen=True, slots=True)
class _TypeInfo:
    type: str
    enum: tuple[Any, ...] = ()
    is_const: bool = False
    format: str | None = None
    definition: str | None = None
    constraints: tuple[tuple[str, Any], ...] = ()
    expand: str | dict[str, Any] | None = None
    """What has fields to show: a definition name, an inline object schema, or nothing."""
    in_items: bool = False
    """The fields to show are those of array items (their path gets ``[]``)."""

    def expand_path(self, path: str) -> str:
        return path + child_label("items") if self.in_items else path


def _json_type(declared: Any, example: Any) -> str:
    if isinstance(declared, str):
        return declared
    if isinstance(declared, list) and declared:
        return " | ".join(str(t) for t in declared)
    if declared == []:
        return "null"  # split_nullable leaves no other type: the field only ever holds null
    if example is None:
        return "any"
    return {bool: "boolean", int: "integer", float: "number", str: "string"}.get(
        type(example), "any"
    )


def _format(schema: Mapping[str, Any]) -> str | None:
    value = schema.get("format")
    return value if isinstance(value, str) else None


def _constraints(schema: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple((key, schema[key]) for key in CONSTRAINT_KEYWORDS if key in schema)


def _flag(schema: Any, key: str) -> bool:
    return isinstance(schema, dict) and schema.get(key) is True
