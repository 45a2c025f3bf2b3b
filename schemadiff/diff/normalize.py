"""Normalised views of one schema node, so that spelling does not look like change.

A view separates *nullability* from the rest (pydantic v2 ``anyOf: [X, {"type": "null"}]``,
``type: [X, "null"]``, OpenAPI 3.0 ``nullable: true`` and ``null`` in an ``enum`` all mean the
same), folds ``const`` into an enum set, unwraps single-member ``anyOf``/``oneOf``/``allOf``,
merges ``allOf`` members that do not conflict (an intersection of types, enums and bounds), and
brings array keywords of every draft to one shape: ``prefixItems`` (positional schemas) plus
``items`` (the schema of every further item). Keywords that mean "no constraint" (``items: true``,
``required: []``, ``additionalItems`` without a tuple) are dropped. The differ compares views and
reports raw differences that vanish in the views as ``schema-restructured``.

Each view remembers where every keyword came from, so findings point at real JSON Pointers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from schemadiff import pointer as jp
from schemadiff.errors import SchemaError
from schemadiff.jsonschema_facts import canonical, is_annotation, is_true, split_nullable

MAX_MERGE_DEPTH: Final = 64

_LOWER_BOUNDS: Final = frozenset({"minimum", "exclusiveMinimum", "minLength", "minItems",
                                  "minProperties", "minContains"})
_UPPER_BOUNDS: Final = frozenset({"maximum", "exclusiveMaximum", "maxLength", "maxItems",
                                  "maxProperties", "maxContains"})
_NO_CONSTRAINT: Final = {"required": [], "uniqueItems": False, "properties": {},
                         "patternProperties": {}, "dependentRequired": {},
                         "dependentSchemas": {}}
_TRUE_DEFAULT: Final = ("items", "additionalProperties", "propertyNames", "unevaluatedItems",
                        "unevaluatedProperties", "then", "else")


@dataclass(frozen=True, slots=True)
class EnumSet:
    """The values an ``enum`` or ``const`` admits, keyed canonically, in schema order."""

    values: tuple[tuple[str, Any], ...]
    const: bool

    def keys(self) -> list[str]:
        return [key for key, _ in self.values]


@dataclass(slots=True)
class View:
    """A normalised schema node: ``data`` holds keywords, ``sources`` their pointers."""

    data: dict[str, Any]
    pointer: str
    nullable: bool = False
    sources: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    """Pointers of the members of list keywords (``anyOf``, ``allOf``, ``prefixItems``)."""

    def at(self, keyword: str) -> str:
        """The JSON Pointer of ``keyword``'s value."""
        return self.sources.get(keyword) or jp.join(self.pointer, keyword)

    def member_pointer(self, keyword: str, index: int) -> str:
        pointers = self.members.get(keyword)
        if pointers is not None and index < len(pointers):
            return pointers[index]
        return jp.join(self.at(keyword), index)

    def child_pointer(self, keyword: str, name: str) -> str:
        return jp.join(self.at(keyword), name)

    def as_schema(self) -> dict[str, Any]:
        """The view as a plain schema again (for a node handed to another comparison)."""
        schema: dict[str, Any] = {}
        for key, value in self.data.items():
            if key == "type":
                schema["type"] = sorted(value)
            elif key == "enum":
                schema["enum"] = [v for _, v in value.values]
            else:
                schema[key] = value
        return schema


def view(schema: Any, pointer: str, *, depth: int = 0,
         members: dict[str, list[str]] | None = None) -> View:
    """Normalise ``schema`` (a dict, or ``True``) found at ``pointer``.

    ``members`` gives the pointers of list members that do not live at ``pointer`` (a schema
    assembled from a reference and its siblings).
    """
    if depth > MAX_MERGE_DEPTH:
        raise SchemaError(f"allOf/anyOf nested deeper than {MAX_MERGE_DEPTH} levels at "
                          f"{pointer or '/'}")
    result = View({}, pointer, members=dict(members or {}))
    if not isinstance(schema, dict):
        return result
    data, result.nullable = split_nullable(schema)
    result.data = data
    _kept_member_pointers(result, schema)
    _split_type(result)
    _fold_enum(result, const="const" in schema)
    _dependencies(result)
    for _ in range(8):
        if not (_unwrap_members(result, depth) | _merge_all_of(result, depth)):
            break
    _arrays(result)
    if "unevaluatedProperties" in data and "additionalProperties" not in data:
        result.sources["additionalProperties"] = jp.join(pointer, "unevaluatedProperties")
        data["additionalProperties"] = data.pop("unevaluatedProperties")
    for key, empty in _NO_CONSTRAINT.items():
        if key in data and data[key] == empty:
            del data[key]
    for key in _TRUE_DEFAULT:
        if key in data and is_true(data[key]):
            del data[key]
    return result


def _split_type(result: View) -> None:
    data = result.data
    if "type" not in data:
        return
    raw = data["type"]
    if isinstance(raw, frozenset):
        return
    names = [raw] if isinstance(raw, str) else [t for t in raw if isinstance(t, str)] \
        if isinstance(raw, list) else []
    if "null" in names:
        result.nullable = True
    data["type"] = frozenset(name for name in names if name != "null")


def _fold_enum(result: View, *, const: bool = False) -> None:
    """Fold ``const`` and ``enum`` into one :class:`EnumSet`.

    ``const`` says the node spelled a constant even when :func:`split_nullable` has turned
    ``const: null`` into an empty enum.
    """
    data = result.data
    if isinstance(data.get("enum"), EnumSet):
        return
    values: list[Any] | None = None
    if "const" in data:
        values = [data.pop("const")]
        const = True
        if "enum" in data:
            allowed = {canonical(v) for v in data.pop("enum") or ()}
            values = [v for v in values if canonical(v) in allowed]
            result.sources["enum"] = jp.join(result.pointer, "const")
    elif isinstance(data.get("enum"), list):
        values = list(data["enum"])
    if values is None:
        return
    if const:
        result.sources.setdefault("enum", jp.join(result.pointer, "const"))
    if any(v is None for v in values):
        result.nullable = True
        values = [v for v in values if v is not None]
    seen: dict[str, Any] = {}
    for value in values:
        seen.setdefault(canonical(value), value)
    data["enum"] = EnumSet(tuple(seen.items()), const)


def _dependencies(result: View) -> None:
    """Split draft-07 ``dependencies`` into ``dependentRequired`` and ``dependentSchemas``."""
    data = result.data
    deps = data.get("dependencies")
    if not isinstance(deps, dict):
        return
    del data["dependencies"]
    base = jp.join(result.pointer, "dependencies")
    required = dict(data.get("dependentRequired") or {})
    schemas = dict(data.get("dependentSchemas") or {})
    for name, value in deps.items():
        if isinstance(value, list):
            required[name] = value
        else:
            schemas[name] = value
    if required:
        data["dependentRequired"] = required
        result.sources.setdefault("dependentRequired", base)
    if schemas:
        data["dependentSchemas"] = schemas
        result.sources.setdefault("dependentSchemas", base)


def _absorb(result: View, member: Any, member_pointer: str, depth: int) -> bool:
    """Merge a member into the node (intersection). Return False (and change nothing) if it
    cannot be merged without changing the meaning."""
    if member is True or member == {}:
        return True
    if not isinstance(member, dict):
        return False
    inner = view(member, member_pointer, depth=depth + 1)
    if inner.nullable:
        return False
    merged: dict[str, Any] = {}
    for key, value in inner.data.items():
        if key not in result.data:
            merged[key] = value
            continue
        current = result.data[key]
        if current == value:
            continue
        combined = _intersect(key, current, value)
        if combined is None:
            return False
        merged[key] = combined
    for key, value in merged.items():
        result.data[key] = value
        if key in inner.data:
            result.sources[key] = inner.at(key)
            if key in inner.members:
                result.members[key] = inner.members[key]
    return True


def _intersect(key: str, current: Any, value: Any) -> Any:
    if is_annotation(key):
        return current
    if key == "type":
        return _type_intersection(current, value)
    if key == "enum":
        allowed = set(value.keys())
        return EnumSet(tuple(kv for kv in current.values if kv[0] in allowed),
                       current.const and value.const)
    if key == "required" and isinstance(current, list) and isinstance(value, list):
        return list(dict.fromkeys([*current, *value]))
    if key in _LOWER_BOUNDS and _numbers(current, value):
        return max(current, value)
    if key in _UPPER_BOUNDS and _numbers(current, value):
        return min(current, value)
    if key == "properties" and isinstance(current, dict) and isinstance(value, dict):
        if any(name in current and current[name] != schema for name, schema in value.items()):
            return None
        return {**current, **value}
    return None


def _numbers(a: Any, b: Any) -> bool:
    return all(isinstance(x, int | float) and not isinstance(x, bool) for x in (a, b))


def _type_intersection(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    result = set(a & b)
    if "number" in a and "integer" in b:
        result.add("integer")
    if "number" in b and "integer" in a:
        result.add("integer")
    return frozenset(result)


def _kept_member_pointers(result: View, schema: dict[str, Any]) -> None:
    """Remember where the union members left after removing null members were written."""
    for keyword in ("anyOf", "oneOf"):
        members, kept = schema.get(keyword), result.data.get(keyword)
        if not isinstance(members, list) or not isinstance(kept, list) or members is kept:
            continue
        base = result.members.get(keyword) or [
            jp.join(result.at(keyword), i) for i in range(len(members))]
        pointers: list[str] = []
        for member, member_pointer in zip(members, base, strict=False):
            # split_nullable keeps the other members as the same objects, in order.
            if len(pointers) < len(kept) and kept[len(pointers)] is member:
                pointers.append(member_pointer)
        result.members[keyword] = pointers


def _unwrap_members(result: View, depth: int) -> bool:
    """Unwrap a union left with one member (``X`` of ``X | None``); none left accepts nothing."""
    data = result.data
    changed = False
    for keyword in ("anyOf", "oneOf"):
        members = data.get(keyword)
        if not isinstance(members, list) or (keyword == "oneOf" and "anyOf" in data):
            continue
        if not members:
            del data[keyword]
            data["type"] = frozenset()
            continue
        if len(members) == 1:
            base = result.members.get(keyword) or [jp.join(result.at(keyword), 0)]
            del data[keyword]
            if not _absorb(result, members[0], base[0], depth):
                data[keyword] = [members[0]]
                result.members[keyword] = [base[0]]
            else:
                _split_type(result)
                _fold_enum(result)
            changed = True
    return changed


def _merge_all_of(result: View, depth: int) -> bool:
    data = result.data
    members = data.get("allOf")
    if not isinstance(members, list):
        return False
    base = result.members.get("allOf") or [
        jp.join(result.at("allOf"), i) for i in range(len(members))]
    del data["allOf"]
    rest: list[tuple[Any, str]] = []
    for member, member_pointer in zip(members, base, strict=False):
        if isinstance(member, dict) and "$ref" in member and "$ref" not in data and all(
                key == "$ref" or is_annotation(key) for key in member):
            data["$ref"] = member["$ref"]
            result.sources["$ref"] = jp.join(member_pointer, "$ref")
            continue
        if not _absorb(result, member, member_pointer, depth):
            rest.append((member, member_pointer))
    if rest:
        unique: dict[str, tuple[Any, str]] = {}
        for member, member_pointer in rest:
            unique.setdefault(canonical(member), (member, member_pointer))
        data["allOf"] = [m for m, _ in unique.values()]
        result.members["allOf"] = [p for _, p in unique.values()]
        return False
    return True


def _arrays(result: View) -> None:
    """Bring ``items``/``prefixItems``/``additionalItems`` of every draft to one shape."""
    data = result.data
    items = data.get("items")
    pointer = result.pointer
    if isinstance(items, list):
        result.members["prefixItems"] = [jp.join(pointer, "items", i) for i in range(len(items))]
        data["prefixItems"] = items
        del data["items"]
        if "additionalItems" in data:
            data["items"] = data.pop("additionalItems")
            result.sources["items"] = jp.join(pointer, "additionalItems")
    else:
        # Without a tuple, additionalItems has no effect (draft 4-2019) or is no keyword (2020).
        data.pop("additionalItems", None)
    if "items" not in data and "unevaluatedItems" in data and "prefixItems" in data:
        data["items"] = data.pop("unevaluatedItems")
        result.sources["items"] = jp.join(pointer, "unevaluatedItems")
    if data.get("prefixItems") == []:
        del data["prefixItems"]
