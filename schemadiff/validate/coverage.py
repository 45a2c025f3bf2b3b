"""``--coverage``: which parts of the schema a log exercised, and which it never did.

A log that validates cleanly proves little if it never contains a ``ShotMessage``, a failed
prediction or a ``null`` refine. Coverage counts, over the valid messages, the message types seen,
the values seen of every enum, and how often each optional and each nullable field was present
(and null). Fields are named by the definition that owns them: ``PredictionPublic.error_message``;
enums reached through a ``$ref`` by their definition (``PredictionStatus``). The universe (what the
schema has) is computed once from the schema; the counters merge like the rest of the summary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from schemadiff import pointer as jp
from schemadiff.jsonschema_facts import child_label, split_nullable
from schemadiff.messages import MessageUnion

_MAX_DEPTH = 64
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "boolean": (bool,),
    "integer": (int,), "number": (int, float), "null": (type(None),),
}


@dataclass(slots=True)
class Coverage:
    """Counters of what the log exercised, next to what the schema offers."""

    known_types: tuple[str, ...] = ()
    types: dict[str, int] = field(default_factory=dict)
    enum_values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    enums: dict[str, dict[str, int]] = field(default_factory=dict)
    optional_fields: tuple[str, ...] = ()
    optional: dict[str, int] = field(default_factory=dict)
    nullable_fields: tuple[str, ...] = ()
    nullable: dict[str, list[int]] = field(default_factory=dict)
    """Field name to ``[times null, times not null]``."""

    def empty(self) -> Coverage:
        """A counter with the same universe and no observations."""
        return Coverage(self.known_types, {}, self.enum_values, {}, self.optional_fields, {},
                        self.nullable_fields, {})

    def merged(self, other: Coverage) -> Coverage:
        merged = self.empty()
        for part in (self, other):
            for name, count in part.types.items():
                merged.types[name] = merged.types.get(name, 0) + count
            for key, seen in part.enums.items():
                target = merged.enums.setdefault(key, {})
                for value, count in seen.items():
                    target[value] = target.get(value, 0) + count
            for key, count in part.optional.items():
                merged.optional[key] = merged.optional.get(key, 0) + count
            for key, (nulls, values) in part.nullable.items():
                target_counts = merged.nullable.setdefault(key, [0, 0])
                target_counts[0] += nulls
                target_counts[1] += values
        return merged

    def to_json(self) -> dict[str, Any]:
        return {
            "types": {
                "seen": dict(sorted(self.types.items())),
                "never": [t for t in self.known_types if t not in self.types],
            },
            "enums": {
                key: {"seen": dict(sorted(self.enums.get(key, {}).items())),
                      "never": [v for v in values if v not in self.enums.get(key, {})]}
                for key, values in sorted(self.enum_values.items())
            },
            "optional": {
                "seen": {k: self.optional[k] for k in sorted(self.optional)},
                "never": [k for k in self.optional_fields if k not in self.optional],
            },
            "nullable": {
                "seen": {k: {"null": v[0], "value": v[1]}
                         for k, v in sorted(self.nullable.items())},
                "never_null": [k for k in self.nullable_fields
                               if self.nullable.get(k, [0, 0])[0] == 0],
            },
        }


def _value_key(value: Any) -> str:
    return value if isinstance(value, str) else repr(value)


class CoverageTracker:
    """Walks valid messages along their variant's schema and counts what they exercise."""

    def __init__(self, document: Mapping[str, Any], union: MessageUnion | None) -> None:
        self.document = document
        self.union = union
        self._roots: dict[str, tuple[str, Any]] = {}
        if union is not None:
            for variant in union.variants:
                self._roots.setdefault(variant.name, (variant.name,
                                                      jp.get(document, variant.pointer)))
        else:
            root_ptr = document.get("$ref") if isinstance(document.get("$ref"), str) else None
            self._roots["(root)"] = ("(root)", document if root_ptr is None else
                                     jp.resolve_ref(document, document))
        self.universe = self._universe()

    def counter(self) -> Coverage:
        return self.universe.empty()

    def _universe(self) -> Coverage:
        enums: dict[str, tuple[str, ...]] = {}
        optional: list[str] = []
        nullable: list[str] = []
        seen: set[int] = set()

        def visit(schema: Any, owner: str, depth: int) -> None:
            schema, owner = self._resolve(schema, owner)
            if not isinstance(schema, dict) or depth > _MAX_DEPTH or id(schema) in seen:
                return
            seen.add(id(schema))
            if isinstance(schema.get("enum"), list):
                enums.setdefault(owner, tuple(_value_key(v) for v in schema["enum"]))
            for member in _members(schema):
                visit(member, owner, depth + 1)
            properties = schema.get("properties")
            if isinstance(properties, dict):
                required = set(schema.get("required") or ())
                for name, sub in properties.items():
                    key = owner + child_label("properties", name)
                    if name not in required:
                        optional.append(key)
                    if _is_nullable(self.document, sub):
                        nullable.append(key)
                    visit(sub, key, depth + 1)
            if isinstance(schema.get("items"), dict):
                visit(schema["items"], owner + child_label("items"), depth + 1)

        for owner, schema in self._roots.values():
            visit(schema, owner, 0)
        known = self.union.known_types if self.union else ()
        return Coverage(known, {}, enums, {}, tuple(dict.fromkeys(optional)), {},
                        tuple(dict.fromkeys(nullable)), {})

    def observe(self, counter: Coverage, variant: str, value: Any, tag: Any) -> None:
        """Count what one valid message (already unwrapped) exercises."""
        if isinstance(tag, str):
            counter.types[tag] = counter.types.get(tag, 0) + 1
        root = self._roots.get(variant)
        if root is not None:
            self._walk(counter, root[1], value, root[0], 0)

    def _resolve(self, schema: Any, owner: str) -> tuple[Any, str]:
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if not ref.startswith("#/"):
                return None, owner
            owner = jp.split(ref)[-1]
            schema = jp.get(self.document, ref)
        return schema, owner

    def _walk(self, counter: Coverage, schema: Any, value: Any, owner: str, depth: int) -> None:
        schema, owner = self._resolve(schema, owner)
        if not isinstance(schema, dict) or depth > _MAX_DEPTH:
            return
        if "enum" in schema:
            seen = counter.enums.setdefault(owner, {})
            key = _value_key(value)
            seen[key] = seen.get(key, 0) + 1
        members = _members(schema)
        if members:
            member = self._pick(members, value, owner)
            if member is not None:
                self._walk(counter, member, value, owner, depth + 1)
        if isinstance(value, dict):
            properties = schema.get("properties")
            if isinstance(properties, dict):
                for name, sub in properties.items():
                    key = owner + child_label("properties", name)
                    if name not in value:
                        continue
                    counter.optional[key] = counter.optional.get(key, 0) + 1
                    item = value[name]
                    if _is_nullable(self.document, sub):
                        counts = counter.nullable.setdefault(key, [0, 0])
                        counts[0 if item is None else 1] += 1
                    if item is not None or "enum" in sub:
                        self._walk(counter, sub, item, key, depth + 1)
        elif isinstance(value, list) and isinstance(schema.get("items"), dict):
            for item in value:
                self._walk(counter, schema["items"], item, owner + child_label("items"), depth + 1)

    def _pick(self, members: list[Any], value: Any, owner: str) -> Any:
        for member in members:
            resolved, _ = self._resolve(member, owner)
            if not isinstance(resolved, dict):
                continue
            kind = resolved.get("type")
            if kind is None and "properties" in resolved:
                kind = "object"
            if kind is None or isinstance(value, _JSON_TYPES.get(str(kind), ())):
                return member
        return None


def _members(schema: dict[str, Any]) -> list[Any]:
    members: list[Any] = []
    for keyword in ("anyOf", "oneOf", "allOf"):
        if isinstance(schema.get(keyword), list):
            members.extend(schema[keyword])
    return members


def _is_nullable(document: Mapping[str, Any], schema: Any) -> bool:
    return split_nullable(jp.resolve_ref(document, schema))[1]
