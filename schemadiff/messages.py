"""The message union: which message types a schema defines, and how to tell them apart.

The contract schemadiff guards is a union of message types (``WebSocketMessage.data`` is
``anyOf[GenerationMessage, ShotMessage, ...]``). Each variant is an object whose discriminator
property (``type``) has a ``const``, an ``enum`` or a ``$ref`` to a string enum. Variants are
identified by those values, never by their position in the union, so the diff can match them across
versions and the validator can dispatch a message to the one variant it claims to be.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from schemadiff import pointer as jp

DISCRIMINATOR = "type"
"""The property whose value names a message's type, unless the schema declares another."""

ENVELOPE = "data"
"""The property of the root (``WebSocketMessage``) that holds the union."""


@dataclass(frozen=True, slots=True)
class Variant:
    """One message type of the union."""

    name: str
    """The variant's definition name (``GenerationMessage``), or ``variant-N`` when inline."""
    pointer: str
    """JSON Pointer of the variant's schema in the snapshot document (after following ``$ref``)."""
    discriminators: tuple[str, ...]
    """The discriminator values this variant accepts, in schema order."""


@dataclass(frozen=True, slots=True)
class MessageUnion:
    """The union of message types and where it lives in the document."""

    pointer: str
    """JSON Pointer of the schema holding ``anyOf``/``oneOf``."""
    envelope: str | None
    """Name of the wrapping property (``data``) when the root wraps the union, else ``None``."""
    discriminator: str
    variants: tuple[Variant, ...]

    def variant_for(self, value: object) -> Variant | None:
        """Return the variant whose discriminator accepts ``value``, if any."""
        if not isinstance(value, str):
            return None
        for variant in self.variants:
            if value in variant.discriminators:
                return variant
        return None

    @property
    def known_types(self) -> tuple[str, ...]:
        return tuple(value for variant in self.variants for value in variant.discriminators)


def root_pointer(document: Mapping[str, Any]) -> str:
    """Return the pointer of the root schema: the target of a top-level ``$ref``, else ``""``."""
    ref = document.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        return ref[1:]
    return ""


def find_union(document: Mapping[str, Any]) -> MessageUnion | None:
    """Find the message union of ``document``, or ``None`` when it has none (a plain schema).

    The union is the root's ``data`` property when the root is an envelope like
    ``WebSocketMessage``, or the root itself when it is an ``anyOf``/``oneOf``. A union counts only
    when every non-null member is an object with a discriminator value.
    """
    root_ptr = root_pointer(document)
    root = jp.resolve_ref(document, jp.get(document, root_ptr) if root_ptr else document)
    candidates: list[tuple[str, str | None, Any]] = []
    properties = root.get("properties") if isinstance(root, dict) else None
    if isinstance(properties, dict) and isinstance(properties.get(ENVELOPE), dict):
        candidates.append((jp.join(root_ptr, "properties", ENVELOPE), ENVELOPE,
                           properties[ENVELOPE]))
    candidates.append((root_ptr, None, root))
    for pointer, envelope, schema in candidates:
        union = _union_at(document, pointer, envelope, schema)
        if union is not None:
            return union
    return None


def _union_at(
    document: Mapping[str, Any], pointer: str, envelope: str | None, schema: Any
) -> MessageUnion | None:
    if isinstance(schema, dict) and "$ref" in schema and "anyOf" not in schema:
        target = schema["$ref"]
        if isinstance(target, str) and target.startswith("#/"):
            pointer, schema = target[1:], jp.resolve_ref(document, schema)
    if not isinstance(schema, dict):
        return None
    members = schema.get("anyOf", schema.get("oneOf"))
    if not isinstance(members, list) or not members:
        return None
    discriminator = DISCRIMINATOR
    declared = schema.get("discriminator")
    if isinstance(declared, dict) and isinstance(declared.get("propertyName"), str):
        discriminator = declared["propertyName"]
    variants: list[Variant] = []
    keyword = "anyOf" if "anyOf" in schema else "oneOf"
    for index, member in enumerate(members):
        if member == {"type": "null"}:
            continue
        variant = _variant(document, jp.join(pointer, keyword, index), member, discriminator, index)
        if variant is None:
            return None
        variants.append(variant)
    if not variants:
        return None
    return MessageUnion(pointer, envelope, discriminator, tuple(variants))


def _variant(
    document: Mapping[str, Any], pointer: str, member: Any, discriminator: str, index: int
) -> Variant | None:
    name = f"variant-{index}"
    if isinstance(member, dict) and isinstance(member.get("$ref"), str):
        ref = member["$ref"]
        if not ref.startswith("#/"):
            return None
        pointer = ref[1:]
        name = jp.split(ref)[-1]
        member = jp.resolve_ref(document, member)
    if not isinstance(member, dict):
        return None
    properties = member.get("properties")
    if not isinstance(properties, dict) or discriminator not in properties:
        return None
    values = discriminator_values(document, properties[discriminator])
    if not values:
        return None
    if name.startswith("variant-") and isinstance(member.get("title"), str):
        name = member["title"]
    return Variant(name, pointer, values)


def discriminator_values(document: Mapping[str, Any], schema: Any) -> tuple[str, ...]:
    """Return the string values a discriminator property schema admits (``const``/``enum``).

    Follows ``$ref`` and looks through ``anyOf``/``oneOf``/``allOf`` members, so a pydantic
    ``Literal`` (``const``), a ``StrEnum`` (``$ref`` to an ``enum``) and a union of literals work.
    """
    schema = jp.resolve_ref(document, schema)
    if not isinstance(schema, dict):
        return ()
    if isinstance(schema.get("const"), str):
        return (schema["const"],)
    if isinstance(schema.get("enum"), list):
        return tuple(value for value in schema["enum"] if isinstance(value, str))
    values: list[str] = []
    for keyword in ("anyOf", "oneOf", "allOf"):
        for member in schema.get(keyword) or ():
            values.extend(v for v in discriminator_values(document, member) if v not in values)
    return tuple(values)
