"""The sound fast path: decode a raw JSON line and validate it in one pass with msgspec.

Parsing a message with orjson and then validating the Python objects with ``jsonschema_rs`` costs
two passes of about the same price. msgspec validates *while* it decodes, against Python types,
at about the price of parsing alone. This module compiles a schema into such types: the message
union becomes a tagged union of :class:`msgspec.Struct` classes (``tag_field`` is the
discriminator, one class per discriminator value), so the class of a decoded message names its
variant.

Soundness is the rule: **a line the fast decoder accepts is valid under the JSON Schema**. The
compiled types are equal to or stricter than the schema; every keyword the compiler does not map
exactly makes the schema (or one variant) unsupported, and what the decoder rejects goes down the
slow path (orjson, ``jsonschema_rs``, ``jsonschema``), which decides validity and explains it.
Over-strictness therefore costs speed, never correctness. Known over-strict spots: msgspec's
``int`` rejects ``1.0`` (an ``integer`` in JSON Schema), an enum accepts only the exact JSON type
of its values, messages without the discriminator or wrapped in the envelope are left to the slow
path, and a BOM or other decoder quirks are rejected.

Not mapped (the schema or variant gets no fast path): ``pattern`` (ECMA-262 and Python's ``re``
differ, e.g. ``$`` before a final newline), ``multipleOf`` (msgspec does not check it on
integers beyond 64 bits), ``oneOf``, ``allOf`` with
more than one member, ``not``, conditionals, ``uniqueItems``, ``prefixItems``, ``contains``,
``patternProperties``, ``propertyNames``, dependencies, ``min``/``maxProperties`` on objects with
declared properties, schema-valued ``additionalProperties`` next to ``properties``, boolean
enums, ``$id``/``$anchor``/``$dynamicRef``, remote references and reference cycles. ``format`` is
an annotation in draft 2020-12 and ignored by default; with ``formats=True`` (``--formats``) the
formats in :data:`FORMAT_PATTERNS` become string patterns that accept a *subset* of what the
Rust engine's format checker accepts (a ``date-time`` on the 29th to 31st of a month, say, is
left to the slow path, which knows the calendar), and any other format makes its variant slow.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

import msgspec
import orjson

from schemadiff import pointer as jp
from schemadiff.errors import SchemaError
from schemadiff.jsonschema_facts import json_type
from schemadiff.messages import MessageUnion

DIALECTS = frozenset({
    "https://json-schema.org/draft/2020-12/schema",
    "https://json-schema.org/draft/2020-12/schema#",
})
"""Dialects whose keyword meanings the compiler knows (draft 2020-12, what snapshots declare)."""

_ANNOTATIONS = frozenset({
    "title", "description", "default", "examples", "format", "readOnly", "writeOnly",
    "deprecated", "$comment", "contentMediaType", "contentEncoding", "contentSchema",
    "discriminator",  # OpenAPI's dispatch hint; validators ignore it
})
"""Keywords that never change whether an instance is valid (in 2020-12, ``format`` included)."""
_CONTAINERS = frozenset({"$defs", "definitions"})
_STRING = frozenset({"minLength", "maxLength", "pattern"})
_NUMBER = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"})
_ARRAY = frozenset({"items", "minItems", "maxItems", "uniqueItems", "prefixItems", "contains",
                    "minContains", "maxContains", "unevaluatedItems"})
_OBJECT = frozenset({"properties", "required", "additionalProperties", "minProperties",
                     "maxProperties", "patternProperties", "propertyNames", "dependentRequired",
                     "dependentSchemas", "unevaluatedProperties"})
_APPLICATORS = frozenset({"$ref", "anyOf", "oneOf", "allOf"})
_HANDLED = _STRING | _NUMBER | _ARRAY | _OBJECT | {"type", "enum", "const"}
_EXACT_FLOAT = 2.0 ** 53
"""Bounds below this magnitude compare the same on a float as on the exact JSON number."""
_NEVER_TAG = "\x00schemadiff: no message has this type"

_DAY = "(?:0[1-9]|1[0-9]|2[0-8])"  # every month has these days; 29-31 go to the slow path
_DATE = f"[1-9][0-9]{{3}}-(?:0[1-9]|1[0-2])-{_DAY}"
_TIME = ("(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?"
         "(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])")
_LABEL = "[A-Za-z0-9]{1,20}(?:-[A-Za-z0-9]{1,20}){0,2}"  # no "--" (IDNA reserves it)
_HEX = "[0-9a-fA-F]"
FORMAT_PATTERNS: Mapping[str, str] = {
    "date-time": f"\\A{_DATE}[Tt]{_TIME}\\Z",
    "date": f"\\A{_DATE}\\Z",
    "time": f"\\A{_TIME}\\Z",
    "uuid": f"\\A{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}\\Z",
    "email": (f"\\A[A-Za-z0-9_+-]{{1,32}}(?:\\.[A-Za-z0-9_+-]{{1,15}}){{0,2}}"
              f"@{_LABEL}(?:\\.{_LABEL}){{1,4}}\\Z"),
    "uri": (f"\\Ahttps?://{_LABEL}(?:\\.{_LABEL}){{0,4}}(?::[0-9]{{1,4}})?"
            f"(?:/[A-Za-z0-9._~-]{{1,64}}){{0,16}}/?\\Z"),
    "ipv4": "\\A(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
            "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\Z",
}
"""With ``--formats``: the string patterns the fast path checks per format, each accepting only
values the Rust engine's format checker accepts (ASCII, bounded lengths, no calendar edge)."""


SliceDecoder = Callable[[bytes | bytearray, memoryview, int, int], Any]


class Unsupported(Exception):
    """A schema construct the compiler cannot map exactly (or more strictly)."""


@dataclass(frozen=True, slots=True)
class FastPath:
    """A compiled fast decoder.

    ``decode(raw)`` returns the decoded message or raises (any exception means "ask the slow
    path"); ``names`` maps the class of an accepted message to its type (variant name, or the
    root type for a plain schema). A decoded value whose class is not in ``names`` (a plain
    schema's non-object root, the guard class of a single-variant union) is looked up through
    ``default``.
    """

    decode: Callable[[bytes], Any]
    decode_in: SliceDecoder
    """``decode_in(buffer, memoryview(buffer), start, end)`` decodes ``buffer[start:end]``
    without copying it (the hot loop reads lines into one reused buffer)."""
    names: Mapping[type, str]
    default: str | None
    variants: tuple[str, ...]
    """The variants that have a fast path (all of them, ideally)."""
    skipped: tuple[str, ...]
    """The variants left to the slow path, each with the reason: ``"Name: reason"``."""

    def classify(self, raw: bytes) -> str | None:
        """Return the message type of ``raw`` if the fast decoder accepts it, else ``None``."""
        try:
            value = self.decode(raw)
        except Exception:  # noqa: BLE001 - whatever the decoder dislikes, the slow path decides
            return None
        return self.names.get(type(value), self.default)


def compile_fast_path(document: Mapping[str, Any], union: MessageUnion | None,
                      root_type: str, *, formats: bool = False) -> FastPath | None:
    """Compile ``document`` into a :class:`FastPath`, or ``None`` when nothing of it maps."""
    dialect = document.get("$schema")
    if (dialect is not None and dialect not in DIALECTS) or _rebases(document, root=True):
        return None
    compiler = _Compiler(document, formats=formats)
    if union is None:
        try:
            root = compiler.type_of(document, "", top=True)
            decoder = msgspec.json.Decoder(root)
        except (Unsupported, TypeError, ValueError, SchemaError, RecursionError):
            return None
        whole = decoder.decode

        def decode_in(_buffer: bytes | bytearray, view: memoryview, start: int, end: int,
                      ) -> Any:
            return whole(view[start:end])

        return FastPath(whole, decode_in, {}, root_type, (root_type,), ())
    return _compile_union(compiler, union)


def _compile_union(compiler: _Compiler, union: MessageUnion) -> FastPath | None:
    classes: dict[type, str] = {}
    members: list[type] = []
    by_tag: dict[bytes, Callable[[Any], Any]] = {}
    claimed: set[str] = set()
    compiled: list[str] = []
    skipped: list[str] = []
    for variant in union.variants:
        # The slow path dispatches a value to the first variant that lists it; so does this.
        values = [value for value in variant.discriminators if value not in claimed]
        claimed.update(variant.discriminators)
        if not values:
            continue
        try:
            tagged, untagged = compiler.variant_structs(variant.name, variant.pointer,
                                                        union.discriminator, values)
            # msgspec checks the nested unions when it builds a decoder.
            direct: Callable[[Any], Any] = msgspec.json.Decoder(untagged).decode
            for cls in tagged:
                msgspec.json.Decoder(cls)
        except (Unsupported, TypeError, ValueError, SchemaError, RecursionError) as error:
            skipped.append(f"{variant.name}: {error}")
            continue
        classes.update(dict.fromkeys([*tagged, untagged], variant.name))
        members.extend(tagged)
        by_tag.update((value.encode(), direct) for value in values)
        compiled.append(variant.name)
    if not classes:
        return None
    if len(members) == 1:
        # A lone tagged Struct decodes objects that lack the tag; a second class forces msgspec
        # to require it. The guard's required field admits no value, so it never decodes.
        impossible = Annotated[int, msgspec.Meta(ge=1, le=0)]
        members.append(msgspec.defstruct("NeverMessage", [("never", impossible)],
                                         tag_field=union.discriminator, tag=_NEVER_TAG))
    try:
        tagged_union = msgspec.json.Decoder(Union[tuple(members)]).decode  # noqa: UP007
    except TypeError:
        return None
    decode, decode_in = _guessing_decoders(union.discriminator, by_tag, tagged_union)
    return FastPath(decode, decode_in, classes, None, tuple(compiled), tuple(skipped))


def _guessing_decoders(discriminator: str, by_tag: Mapping[bytes, Callable[[Any], Any]],
                       tagged_union: Callable[[Any], Any],
                       ) -> tuple[Callable[[bytes], Any], SliceDecoder]:
    """Decode with the variant the raw text seems to name, else with the tagged union.

    msgspec's tagged union has to find the tag before it decodes; when the tag is not the
    first key (serializers that sort keys put ``type`` after ``payload``) it scans the whole
    message once more, about a quarter of the cost. So the discriminator's last occurrence in
    the raw text picks a variant's untagged class, whose discriminator field is a ``Literal``
    of that variant's values: the guess only chooses which sound decoder runs first; a wrong
    guess (a nested ``type``, an escaped key) fails and the tagged union decides.
    """
    key = orjson.dumps(discriminator)
    find = re.compile(re.escape(key) + rb'\s*:\s*"([^"\\]*)"').match
    lookup = by_tag.get

    def decode_in(buffer: bytes | bytearray, view: memoryview, start: int, end: int) -> Any:
        at = buffer.rfind(key, start, end)
        match = find(buffer, at, end) if at >= 0 else None
        if match is not None:
            direct = lookup(match.group(1))
            if direct is not None:
                try:
                    return direct(view[start:end])
                except Exception:  # noqa: BLE001, S110 - the tagged union decides below
                    pass
        return tagged_union(view[start:end])

    def decode(raw: bytes) -> Any:
        return decode_in(raw, memoryview(raw), 0, len(raw))

    return decode, decode_in


class _Compiler:
    """Turns JSON Schema nodes into msgspec types; raises :class:`Unsupported` when it cannot."""

    def __init__(self, document: Mapping[str, Any], *, formats: bool = False) -> None:
        self.document = document
        self.formats = formats
        # With formats asserted, ``format`` is a string keyword like ``pattern``, not an annotation.
        self.annotations = _ANNOTATIONS - {"format"} if formats else _ANNOTATIONS
        self.handled = _HANDLED | {"format"} if formats else _HANDLED
        self.string_keywords = _STRING | {"format"} if formats else _STRING
        self.by_ref: dict[str, Any] = {}
        self.resolving: set[str] = set()
        self.counter = 0

    # -- dispatch on the message union ---------------------------------------------------------

    def variant_structs(self, name: str, pointer: str, discriminator: str,
                        values: list[str]) -> tuple[list[type], type]:
        """One tagged Struct class per discriminator value of a variant, and an untagged one.

        The untagged class declares the discriminator as a required ``Literal`` of ``values``.
        """
        schema = jp.resolve_ref(self.document, jp.get(self.document, pointer))
        if not isinstance(schema, dict) or "properties" not in schema:
            raise Unsupported("not an object with properties")
        properties = schema["properties"]
        if not isinstance(properties, dict) or discriminator not in properties:
            raise Unsupported(f"no {discriminator!r} property")
        tag_type = self.type_of(properties[discriminator], pointer)
        fields, forbid = self.struct_fields(schema, pointer, skip=discriminator)
        classes = []
        for value in values:
            # The class checks only that the tag equals ``value``; the schema must accept it.
            try:
                msgspec.convert(value, tag_type)
            except (msgspec.ValidationError, TypeError) as error:
                raise Unsupported(f"its {discriminator!r} does not accept {value!r}") from error
            classes.append(self.struct(name, fields, forbid, discriminator, value))
        literal = Literal[tuple(values)]  # type: ignore[valid-type]
        untagged = self.struct(name, [*fields, (discriminator, literal, True)], forbid)
        return classes, untagged

    # -- schemas -------------------------------------------------------------------------------

    def type_of(self, schema: Any, where: str, *, top: bool = False) -> Any:
        """The msgspec type that accepts (a subset of) the instances ``schema`` accepts."""
        if schema is True:
            return Any
        if not isinstance(schema, dict):
            raise Unsupported(f"schema {schema!r} at {where or '/'}")
        keys = {key for key in schema
                if key not in self.annotations and key not in _CONTAINERS
                and not key.startswith("x-")}
        if top:
            keys.discard("$schema")
        unknown = keys - self.handled - _APPLICATORS
        if unknown:
            raise Unsupported(f"keyword {sorted(unknown)[0]!r} at {where or '/'}")
        applicators = keys & _APPLICATORS
        if applicators:
            if len(keys) > 1:
                raise Unsupported(f"{sorted(applicators)[0]!r} next to other keywords at "
                                  f"{where or '/'}")
            return self._applicator(schema, keys.pop(), where)
        if not keys:
            return Any
        if "enum" in keys or "const" in keys:
            return self._enum(schema, keys, where)
        return self._typed(schema, keys, where)

    def _applicator(self, schema: dict[str, Any], keyword: str, where: str) -> Any:
        if keyword == "$ref":
            return self._ref(schema["$ref"], where)
        members = schema[keyword]
        if not isinstance(members, list) or not members:
            raise Unsupported(f"empty {keyword} at {where}")
        if keyword == "anyOf" or len(members) == 1:
            # anyOf: whatever member msgspec decodes a value with accepts it, so the union is
            # sound; a lone oneOf/allOf member is that member.
            types = [self.type_of(member, f"{where}/{keyword}/{i}")
                     for i, member in enumerate(members)]
            if any(item is Any for item in types):
                return Any
            union = Union[tuple(types)]  # type: ignore[valid-type]  # noqa: UP007 - run time
            try:
                msgspec.json.Decoder(union)
            except TypeError as error:
                raise Unsupported(f"{keyword} msgspec cannot decode at {where}: {error}"
                                  ) from None
            return union
        raise Unsupported(f"{keyword} at {where}")

    def _ref(self, ref: Any, where: str) -> Any:
        if not isinstance(ref, str) or not (ref == "#" or ref.startswith("#/")):
            raise Unsupported(f"$ref {ref!r} at {where}")
        if ref in self.by_ref:
            return self.by_ref[ref]
        if ref in self.resolving:
            raise Unsupported(f"$ref cycle through {ref}")
        self.resolving.add(ref)
        try:
            target = jp.get(self.document, ref)
            compiled = self.type_of(target, ref[1:], top=ref == "#")
        finally:
            self.resolving.discard(ref)
        self.by_ref[ref] = compiled
        return compiled

    def _enum(self, schema: dict[str, Any], keys: set[str], where: str) -> Any:
        # Only ``type`` may narrow an enum here; other constraints next to it are rare, and
        # mapping them means checking each value against them.
        if keys - {"enum", "const", "type"}:
            raise Unsupported(f"enum with other constraints at {where}")
        values: list[Any] = schema["enum"] if "enum" in schema else [schema["const"]]
        if "enum" in schema and "const" in schema:
            values = [value for value in values if _same_json(value, schema["const"])]
        if not isinstance(values, list) or not values:
            raise Unsupported(f"empty enum at {where}")
        allowed = _types(schema.get("type"), where)
        literals: list[str | int] = []
        nullable = False
        for value in values:
            kind = json_type(value)
            if allowed is not None and kind not in allowed and not (
                    kind == "integer" and "number" in allowed):
                continue  # the type keyword rejects this value anyway
            if value is None:
                nullable = True
            elif isinstance(value, str) or kind == "integer":
                literals.append(int(value) if isinstance(value, float) else value)
            else:
                raise Unsupported(f"enum value {value!r} at {where}")
        if not literals:
            if nullable:
                return None
            raise Unsupported(f"enum allows nothing at {where}")
        literal = Literal[tuple(literals)]  # type: ignore[valid-type]
        return literal | None if nullable else literal

    def _typed(self, schema: dict[str, Any], keys: set[str], where: str) -> Any:
        kinds = _types(schema.get("type"), where)
        if kinds is None:
            # No ``type``: a keyword applies to instances of its kind and passes the others.
            # Taking only the kind the keywords talk about is stricter, hence sound.
            groups = [kind for kind, group in (("string", self.string_keywords),
                                                ("number", _NUMBER),
                                                ("array", _ARRAY), ("object", _OBJECT))
                      if keys & group]
            if len(groups) != 1:
                raise Unsupported(f"keywords of several types and no 'type' at {where}")
            kinds = groups
        if "number" in kinds and "integer" in kinds:
            kinds = [kind for kind in kinds if kind != "integer"]
        types = [self._of_kind(kind, schema, where) for kind in kinds]
        if len(types) == 1:
            return types[0]
        union = Union[tuple(types)]  # type: ignore[valid-type]  # noqa: UP007 - run time
        try:
            msgspec.json.Decoder(union)
        except TypeError as error:
            raise Unsupported(f"type list msgspec cannot decode at {where}: {error}") from None
        return union

    def _of_kind(self, kind: str, schema: dict[str, Any], where: str) -> Any:
        if kind == "null":
            return None
        if kind == "boolean":
            return bool
        if kind == "string":
            if "pattern" in schema:
                raise Unsupported(f"pattern at {where}")
            pattern = None
            if self.formats and "format" in schema:
                pattern = FORMAT_PATTERNS.get(schema["format"])
                if pattern is None:
                    raise Unsupported(f"format {schema['format']!r} at {where}")
            return _annotated(str, min_length=_count(schema, "minLength", where),
                              max_length=_count(schema, "maxLength", where), pattern=pattern)
        if kind == "integer":
            return self._integer(schema, where)
        if kind == "number":
            return self._number(schema, where)
        if kind == "array":
            return self._array(schema, where)
        if kind == "object":
            return self._object(schema, where)
        raise Unsupported(f"type {kind!r} at {where}")

    def _integer(self, schema: dict[str, Any], where: str) -> Any:
        bounds: dict[str, int] = {}
        for keyword, meta, rounding in (("minimum", "ge", math.ceil),
                                        ("maximum", "le", math.floor),
                                        ("exclusiveMinimum", "gt", math.floor),
                                        ("exclusiveMaximum", "lt", math.ceil)):
            value = schema.get(keyword)
            if value is None:
                continue
            if not _is_number(value) or not math.isfinite(value):
                raise Unsupported(f"{keyword} {value!r} at {where}")
            # For integers, x >= 2.5 is x >= 3 and x > 2.5 is x > 2: exact on the integers.
            bounds[meta] = int(rounding(value)) if isinstance(value, float) else value
        if "multipleOf" in schema:
            # msgspec skips multiple_of on integers beyond 64 bits (found by the edge tests).
            raise Unsupported(f"multipleOf at {where}")
        return _annotated(int, **bounds)

    def _number(self, schema: dict[str, Any], where: str) -> Any:
        if "multipleOf" in schema:
            raise Unsupported(f"multipleOf on a number at {where}")
        bounds: dict[str, float] = {}
        for keyword, meta in (("minimum", "ge"), ("maximum", "le"),
                              ("exclusiveMinimum", "gt"), ("exclusiveMaximum", "lt")):
            value = schema.get(keyword)
            if value is None:
                continue
            # msgspec compares a float; the JSON number may be an integer too large for a float.
            # Below 2**53 in magnitude, rounding such an integer never carries it across the bound.
            if not _is_number(value) or not abs(value) < _EXACT_FLOAT:
                raise Unsupported(f"{keyword} {value!r} at {where}")
            bounds[meta] = value
        return _annotated(float, **bounds)

    def _array(self, schema: dict[str, Any], where: str) -> Any:
        for keyword in ("prefixItems", "contains", "minContains", "maxContains",
                        "unevaluatedItems"):
            if keyword in schema:
                raise Unsupported(f"{keyword} at {where}")
        if schema.get("uniqueItems", False) is not False:
            raise Unsupported(f"uniqueItems at {where}")
        item = self.type_of(schema.get("items", True), f"{where}/items")
        return _annotated(list[item],  # type: ignore[valid-type]
                          min_length=_count(schema, "minItems", where),
                          max_length=_count(schema, "maxItems", where))

    def _object(self, schema: dict[str, Any], where: str) -> Any:
        for keyword in ("patternProperties", "propertyNames", "dependentRequired",
                        "dependentSchemas"):
            if keyword in schema:
                raise Unsupported(f"{keyword} at {where}")
        extra = schema.get("additionalProperties", True)
        unevaluated = schema.get("unevaluatedProperties", True)
        if "properties" not in schema and "required" not in schema:
            if unevaluated is not True and unevaluated != extra:
                raise Unsupported(f"unevaluatedProperties at {where}")
            # Every value is checked against one schema: exactly a dict.
            value = self.type_of(extra, f"{where}/additionalProperties")
            return _annotated(dict[str, value],  # type: ignore[valid-type]
                              min_length=_count(schema, "minProperties", where),
                              max_length=_count(schema, "maxProperties", where))
        if "minProperties" in schema or "maxProperties" in schema:
            raise Unsupported(f"min/maxProperties with properties at {where}")
        fields, forbid = self.struct_fields(schema, where)
        self.counter += 1
        return self.struct(f"Object{self.counter}", fields, forbid)

    def struct_fields(self, schema: dict[str, Any], where: str, skip: str | None = None,
                      ) -> tuple[list[tuple[str, Any, bool]], bool]:
        """The (JSON name, type, required) fields of an object schema and whether it is closed."""
        extra = schema.get("additionalProperties", True)
        unevaluated = schema.get("unevaluatedProperties", True)
        # With no in-place applicator beside them (type_of refuses those), unevaluated
        # properties are exactly the additional ones: ``--strict`` documents stay fast.
        if extra not in (True, False) or unevaluated not in (True, False):
            raise Unsupported(f"schema-valued additional properties at {where}")
        forbid = extra is False or unevaluated is False
        properties = schema.get("properties", {})
        required = schema.get("required", [])
        if not isinstance(properties, dict) or not isinstance(required, list) or not all(
                isinstance(name, str) for name in required):
            raise Unsupported(f"malformed properties/required at {where}")
        if forbid and any(name not in properties for name in required):
            # A required name that may not be there at all: nothing is valid; leave it slow.
            raise Unsupported(f"required property not allowed at {where}")
        fields: list[tuple[str, Any, bool]] = []
        for name, subschema in properties.items():
            if name == skip:
                continue
            fields.append((name, self.type_of(subschema, jp.join(where, "properties", name)),
                           name in required))
        fields.extend((name, Any, True) for name in dict.fromkeys(required)
                      if name not in properties and name != skip)
        return fields, forbid

    def struct(self, name: str, fields: list[tuple[str, Any, bool]], forbid: bool,
               tag_field: str | None = None, tag: str | None = None) -> type:
        """A Struct class; attribute names are generated (JSON names may be anything)."""
        spec: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        rename: dict[str, str] = {}
        ordered = [field for field in fields if field[2]] + [f for f in fields if not f[2]]
        for position, (json_name, kind, required) in enumerate(ordered):
            attribute = f"f{position}"
            rename[attribute] = json_name
            # Only whether the decoder accepts matters; an absent optional field reads as None
            # whatever its type, which msgspec does not check for defaults.
            spec.append((attribute, kind) if required else (attribute, kind, None))
        # Decoded messages are trees (no cycles), so their Structs need no cyclic GC tracking.
        options: dict[str, Any] = {"forbid_unknown_fields": forbid, "rename": rename,
                                   "gc": False}
        if tag_field is not None:
            options.update(tag_field=tag_field, tag=tag)
        class_name = "".join(char if char.isalnum() else "_" for char in name) or "Message"
        if not class_name[0].isalpha():
            class_name = f"M_{class_name}"
        cls: type = msgspec.defstruct(class_name, spec, **options)
        return cls


_BASE_CHANGERS = ("$anchor", "$dynamicAnchor", "$dynamicRef", "$recursiveAnchor",
                  "$recursiveRef")


def _rebases(node: Any, *, root: bool = False, depth: int = 0) -> bool:
    """Whether ``node`` has keywords that make ``#/...`` references mean something else.

    Below the root, ``$id`` starts a new base URI and anchors name schemas by other means than
    pointers; the compiler resolves references by pointer into one document, so it stays away.
    """
    if depth > 200:
        return True
    if isinstance(node, dict):
        if any(key in node for key in _BASE_CHANGERS) or (not root and "$id" in node):
            return True
        return any(_rebases(value, depth=depth + 1) for value in node.values())
    if isinstance(node, list):
        return any(_rebases(value, depth=depth + 1) for value in node)
    return False


def _annotated(base: Any, **constraints: Any) -> Any:
    present = {key: value for key, value in constraints.items() if value is not None}
    if not present:
        return base
    return Annotated[base, msgspec.Meta(**present)]


def _count(schema: dict[str, Any], keyword: str, where: str) -> int | None:
    value = schema.get(keyword)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Unsupported(f"{keyword} {value!r} at {where}")
    return value


def _types(value: Any, where: str) -> list[str] | None:
    if value is None:
        return None
    kinds = [value] if isinstance(value, str) else value
    known = {"null", "boolean", "string", "integer", "number", "array", "object"}
    if not isinstance(kinds, list) or not kinds or not all(kind in known for kind in kinds):
        raise Unsupported(f"type {value!r} at {where}")
    return list(dict.fromkeys(kinds))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same_json(first: Any, second: Any) -> bool:
    return json_type(first) == json_type(second) and first == second
