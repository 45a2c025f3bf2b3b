"""The table of (old, new, expected rule ids) cases, in the griffe spirit.

Each case is one small change (or a non-change) with a comment saying why it gets those findings.
``expected`` is the exact multiset of rule ids ``compare(old, new)`` returns, in any order; an
empty tuple means no finding at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

S = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    old: Any
    new: Any
    expected: tuple[str, ...]
    why: str


def snap(defs: dict[str, Any], variants: list[str] | None = None) -> dict[str, Any]:
    """A snapshot-shaped document with a message union over ``variants``."""
    names = variants if variants is not None else [n for n in defs if n.endswith("Message")]
    root = {"type": "object", "title": "WebSocketMessage", "required": ["data"],
            "properties": {"data": {"anyOf": [{"$ref": f"#/$defs/{n}"} for n in names],
                                    "title": "Data"}}}
    return {"$schema": S, "$ref": "#/$defs/WebSocketMessage",
            "$defs": {**defs, "WebSocketMessage": root}}


def message(kind: str, payload: str = "Payload") -> dict[str, Any]:
    return {"type": "object", "required": ["type", "payload"],
            "properties": {"type": {"const": kind, "type": "string"},
                           "payload": {"$ref": f"#/$defs/{payload}"}}}


def obj(props: dict[str, Any], required: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": props, **extra}
    if required:
        schema["required"] = required
    return schema


def prop(schema: Any, **extra: Any) -> dict[str, Any]:
    """A root object with one property ``p``."""
    return obj({"p": schema}, **extra)


STR = {"type": "string"}
INT = {"type": "integer"}
NUM = {"type": "number"}
OPT_STR = {"anyOf": [STR, {"type": "null"}]}

BASE = snap({"AMessage": message("a"), "BMessage": message("b"),
             "Payload": obj({"id": STR, "status": {"$ref": "#/$defs/Status"}}, ["id"]),
             "Status": {"type": "string", "enum": ["ok", "failed"]}})


def _with(document: dict[str, Any], path: list[str], value: Any) -> dict[str, Any]:
    import copy

    result = copy.deepcopy(document)
    node = result
    for token in path[:-1]:
        node = node[token]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return result


_DELETE = object()

CASES: list[Case] = [
    # --- no change, or only spelling ---------------------------------------------------------
    Case("identical", BASE, BASE, (), "the same document has no findings"),
    Case("empty-schemas", {}, {}, (), "two empty schemas are equal"),
    Case("nullable-spellings", prop({"type": ["string", "null"]}), prop(OPT_STR),
         ("schema-restructured",), "type: [X, null] and anyOf [X, null] are the same"),
    Case("openapi-nullable", prop({"type": "string", "nullable": True}), prop(OPT_STR),
         ("schema-restructured",), "OpenAPI 3.0 nullable is the same nullability"),
    Case("null-order", prop({"anyOf": [{"type": "null"}, STR]}), prop(OPT_STR),
         ("schema-restructured",), "the order of the null member does not matter"),
    Case("type-list-spelling", prop({"type": ["string"]}), prop(STR),
         ("schema-restructured",), "a one-element type list is the same type"),
    Case("lone-allof", prop(STR), prop({"allOf": [STR]}),
         ("schema-restructured",), "allOf of one member is that member"),
    Case("allof-reordered", prop({"allOf": [STR, {"maxLength": 3}]}),
         prop({"allOf": [{"maxLength": 3}, STR]}), ("schema-restructured",),
         "allOf members merge into one node whatever their order"),
    Case("const-as-enum", prop({"const": "x"}), prop({"enum": ["x"]}),
         ("schema-restructured",), "const x and enum [x] accept the same value"),
    Case("ref-inlined", {"properties": {"p": {"$ref": "#/$defs/A"}}, "$defs": {"A": STR}},
         {"properties": {"p": STR}}, ("definition-removed", "schema-restructured"),
         "moving from a reference to the same inline schema only restructures"),
    Case("items-true", {"type": "array", "items": True}, {"type": "array"},
         ("schema-restructured",), "items: true is no constraint"),
    Case("required-empty", obj({"a": STR}, []), obj({"a": STR}), (),
         "required: [] is dropped by obj(); no raw difference"),
    Case("required-empty-raw", {"required": []}, {}, ("schema-restructured",),
         "an empty required list is no constraint"),
    Case("additional-items-without-tuple", {"additionalItems": False}, {},
         ("schema-restructured",), "additionalItems has no effect without a positional array"),
    Case("union-reordered", prop({"anyOf": [STR, INT]}), prop({"anyOf": [INT, STR]}), (),
         "union members are matched by meaning, not position; members are equal"),
    Case("variants-reordered", BASE,
         _with(BASE, ["$defs", "WebSocketMessage", "properties", "data", "anyOf"],
               [{"$ref": "#/$defs/BMessage"}, {"$ref": "#/$defs/AMessage"}]), (),
         "message types are matched by discriminator value, never by position"),
    Case("definition-renamed",
         {"properties": {"p": {"$ref": "#/$defs/A"}}, "$defs": {"A": STR}},
         {"properties": {"p": {"$ref": "#/$defs/B"}}, "$defs": {"B": STR}},
         ("definition-renamed",), "a definition renamed with identical structure is info"),
    Case("renamed-unused-definition", {"$defs": {"A": STR}}, {"$defs": {"B": STR}},
         ("definition-renamed",), "an unreferenced definition with the same content renamed"),
    Case("oneof-anyof-disjoint", prop({"oneOf": [STR, INT]}), prop({"anyOf": [STR, INT]}),
         ("schema-restructured",), "disjoint members: oneOf and anyOf accept the same"),
    # --- annotations ---------------------------------------------------------------------------
    Case("title", prop(STR, title="A"), prop(STR, title="B"), ("annotation-changed",),
         "titles do not affect validity"),
    Case("description-added", prop(STR), prop({"type": "string", "description": "d"}),
         ("annotation-changed",), "descriptions do not affect validity"),
    Case("default", prop({"type": "integer", "default": 1}),
         prop({"type": "integer", "default": 2}), ("annotation-changed",), "defaults are info"),
    Case("examples", prop({"type": "string", "examples": ["a"]}),
         prop({"type": "string", "examples": ["b"]}), ("annotation-changed",),
         "examples are info"),
    Case("extension", prop({"type": "string", "x-foo": 1}), prop(STR), ("annotation-changed",),
         "x- extensions are annotations"),
    Case("ref-site-description", {"properties": {"p": {"$ref": "#/$defs/A"}}, "$defs": {"A": STR}},
         {"properties": {"p": {"$ref": "#/$defs/A", "description": "d"}}, "$defs": {"A": STR}},
         ("annotation-changed",), "a description beside a $ref is an annotation"),
    # --- message types ------------------------------------------------------------------------
    Case("message-type-added", BASE,
         snap({**BASE["$defs"], "CMessage": message("c")}, ["AMessage", "BMessage", "CMessage"]),
         ("message-type-added", "definition-added"), "a new variant of the union"),
    Case("message-type-removed", BASE,
         snap({k: v for k, v in BASE["$defs"].items() if k != "BMessage"}, ["AMessage"]),
         ("message-type-removed", "definition-removed"), "a variant left the union"),
    Case("discriminator-value-added", BASE,
         _with(BASE, ["$defs", "AMessage", "properties", "type"],
               {"enum": ["a", "a2"], "type": "string"}),
         ("discriminator-value-added",), "a variant accepts one more type value"),
    Case("discriminator-value-removed",
         _with(BASE, ["$defs", "AMessage", "properties", "type"],
               {"enum": ["a", "a2"], "type": "string"}), BASE,
         ("discriminator-value-removed",), "a variant no longer accepts a type value"),
    Case("shared-definition-once", BASE,
         _with(BASE, ["$defs", "Status", "enum"], ["ok", "failed", "late"]),
         ("enum-value-added",), "Payload is shared by both messages: reported once"),
    # --- enums and constants -------------------------------------------------------------------
    Case("enum-value-added", prop({"enum": ["a"]}), prop({"enum": ["a", "b"]}),
         ("enum-value-added",), "b is new"),
    Case("enum-value-removed", prop({"enum": ["a", "b"]}), prop({"enum": ["a"]}),
         ("enum-value-removed",), "b is gone"),
    Case("enum-reordered", prop({"enum": ["a", "b"]}), prop({"enum": ["b", "a"]}),
         ("schema-restructured",), "the order of enum values does not matter"),
    Case("enum-added", prop(STR), prop({"type": "string", "enum": ["a"]}), ("enum-added",),
         "a free string became an enum"),
    Case("enum-removed", prop({"type": "string", "enum": ["a"]}), prop(STR), ("enum-removed",),
         "an enum became a free string"),
    Case("const-added", prop(STR), prop({"type": "string", "const": "a"}), ("const-added",),
         "a free string became a constant"),
    Case("const-removed", prop({"type": "string", "const": "a"}), prop(STR), ("const-removed",),
         "a constant became a free string"),
    Case("const-changed", prop({"const": "a"}), prop({"const": "b"}), ("const-changed",),
         "one constant replaced by another"),
    Case("const-to-enum", prop({"const": "a"}), prop({"enum": ["a", "b"]}),
         ("enum-value-added",), "a constant widened to an enum is one value added"),
    # --- properties -----------------------------------------------------------------------------
    Case("property-added", obj({"a": STR}), obj({"a": STR, "b": INT}), ("property-added",),
         "an optional property added to an open object"),
    Case("property-removed", obj({"a": STR, "b": INT}), obj({"a": STR}), ("property-removed",),
         "an optional property removed from an open object"),
    Case("required-property-added", obj({"a": STR}), obj({"a": STR, "b": INT}, ["b"]),
         ("required-property-added",), "a required property added"),
    Case("required-property-removed", obj({"a": STR, "b": INT}, ["b"]), obj({"a": STR}),
         ("required-property-removed",), "a required property removed"),
    Case("became-required", obj({"a": STR}), obj({"a": STR}, ["a"]),
         ("property-became-required",), "a property became required"),
    Case("became-optional", obj({"a": STR}, ["a"]), obj({"a": STR}),
         ("property-became-optional",), "a property became optional"),
    Case("required-unknown-name", obj({"a": STR}, ["a"]), obj({"a": STR}, ["b"]),
         ("property-became-optional", "property-became-required"),
         "required [a] -> [b]: b is now required even though it is not declared"),
    Case("added-to-closed", obj({"a": STR}, additionalProperties=False),
         obj({"a": STR, "b": INT}, additionalProperties=False),
         ("property-added-to-closed-object",), "old readers forbid undeclared properties"),
    Case("removed-from-closed", obj({"a": STR, "b": INT}, additionalProperties=False),
         obj({"a": STR}, additionalProperties=False),
         ("property-removed-from-closed-object",), "new readers forbid the removed property"),
    Case("added-covered", obj({}, additionalProperties=STR),
         obj({"b": STR}, additionalProperties=STR),
         ("property-added-covered",), "additionalProperties already allowed b as a string"),
    Case("added-covered-changed", obj({}, additionalProperties=STR),
         obj({"b": NUM}, additionalProperties=STR),
         ("property-added-covered", "type-changed"), "b was a string, now a number"),
    Case("removed-covered", obj({"b": STR}, additionalProperties=STR),
         obj({}, additionalProperties=STR), ("property-removed-covered",),
         "additionalProperties still allows b as a string"),
    Case("pattern-covered", obj({}, patternProperties={"^x_": INT}, additionalProperties=False),
         obj({"x_1": NUM}, patternProperties={"^x_": INT}, additionalProperties=False),
         ("property-added-covered", "type-widened"), "x_1 matched ^x_ (integer), now number"),
    Case("additional-narrowed", obj({}), obj({}, additionalProperties=False),
         ("additional-properties-narrowed",), "the object became closed"),
    Case("additional-widened", obj({}, additionalProperties=False), obj({}),
         ("additional-properties-widened",), "the object became open"),
    Case("additional-schema", obj({}, additionalProperties=STR), obj({}, additionalProperties=INT),
         ("type-changed",), "two additionalProperties schemas are compared as a pair"),
    Case("dependent-required-added", {"dependentRequired": {}},
         {"dependentRequired": {"a": ["b"]}}, ("dependent-required-added",),
         "a now needs b"),
    Case("dependent-required-removed", {"dependencies": {"a": ["b"]}}, {},
         ("dependent-required-removed",), "draft-07 array dependencies are dependentRequired"),
    Case("dependent-schema-object-only", {"dependentSchemas": {"a": STR}},
         {"dependentSchemas": {"a": NUM}}, ("schema-restructured",),
         "neither schema can match an object, so both mean false"),
    Case("dependent-schema-added", {}, {"dependentSchemas": {"a": {"required": ["b"]}}},
         ("property-became-required",), "absent means true; a requirement appeared"),
    # --- nullability --------------------------------------------------------------------------
    Case("became-nullable", prop(STR), prop(OPT_STR), ("property-became-nullable",),
         "pydantic Optional[str]"),
    Case("became-non-nullable", prop(OPT_STR), prop(STR), ("property-became-non-nullable",),
         "Optional removed"),
    Case("nullable-ref", {"properties": {"p": {"$ref": "#/$defs/A"}}, "$defs": {"A": STR}},
         {"properties": {"p": {"anyOf": [{"$ref": "#/$defs/A"}, {"type": "null"}]}},
          "$defs": {"A": STR}}, ("property-became-nullable",),
         "a nullable reference is nullability, not a union change"),
    Case("null-enum", prop({"enum": ["a"]}), prop({"enum": ["a", None]}),
         ("property-became-nullable",), "null in an enum is nullability"),
    # --- types --------------------------------------------------------------------------------
    Case("type-changed", prop(STR), prop(INT), ("type-changed",), "string to integer"),
    Case("integer-to-number", prop(INT), prop(NUM), ("type-widened",),
         "integer to number is widening"),
    Case("number-to-integer", prop(NUM), prop(INT), ("type-narrowed",),
         "number to integer is narrowing"),
    Case("type-added-to-list", prop({"type": ["string"]}), prop({"type": ["string", "integer"]}),
         ("type-widened",), "a type added"),
    Case("type-removed-from-list", prop({"type": ["string", "integer"]}), prop(STR),
         ("type-narrowed",), "a type removed"),
    Case("union-member-added", prop({"anyOf": [STR, INT]}),
         prop({"anyOf": [STR, INT, {"type": "boolean"}]}), ("union-member-added",),
         "boolean is a new member"),
    Case("union-member-removed", prop({"anyOf": [STR, INT, {"type": "boolean"}]}),
         prop({"anyOf": [STR, INT]}), ("union-member-removed",), "boolean left the union"),
    Case("scalar-to-union", prop(STR), prop({"oneOf": [NUM, STR]}), ("union-member-added",),
         "a schema facing a union is a union of one member"),
    Case("union-member-changed", prop({"anyOf": [STR, obj({"a": STR})]}),
         prop({"anyOf": [STR, obj({"a": INT})]}), ("type-changed",),
         "members are matched by type and compared inside"),
    Case("union-became-exclusive", prop({"anyOf": [STR, {"maxLength": 3}]}),
         prop({"oneOf": [STR, {"maxLength": 3}]}), ("union-became-exclusive",),
         "overlapping members: a short string matched both"),
    Case("union-became-inclusive", prop({"oneOf": [STR, {"maxLength": 3}]}),
         prop({"anyOf": [STR, {"maxLength": 3}]}), ("union-became-inclusive",),
         "overlapping members may now match together"),
    Case("schema-became-false", {"type": "array", "items": STR},
         {"type": "array", "items": False}, ("schema-became-false",), "no items allowed"),
    Case("schema-no-longer-false", {"type": "array", "items": False},
         {"type": "array", "items": STR}, ("schema-no-longer-false",), "items allowed again"),
    Case("all-of-member-added", prop({"allOf": [{"pattern": "^a"}, {"pattern": "b$"}]}),
         prop({"allOf": [{"pattern": "^a"}, {"pattern": "b$"}, {"pattern": "c"}]}),
         ("all-of-member-added",), "conflicting patterns cannot merge; c is a new condition"),
    Case("all-of-member-removed",
         prop({"allOf": [{"pattern": "^a"}, {"pattern": "b$"}, {"pattern": "c"}]}),
         prop({"allOf": [{"pattern": "^a"}, {"pattern": "b$"}]}),
         ("all-of-member-removed",), "c no longer has to hold"),
    Case("all-of-refs-merged",
         {"allOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}],
          "$defs": {"A": STR, "B": {"maxLength": 2}}},
         {"allOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}],
          "$defs": {"A": STR, "B": {"maxLength": 3}}},
         ("max-length-loosened",), "referenced allOf members are inlined and merged"),
    Case("not-added", prop(STR), prop({"type": "string", "not": {"const": "x"}}),
         ("not-added",), "x is now excluded"),
    Case("not-removed", prop({"type": "string", "not": {"const": "x"}}), prop(STR),
         ("not-removed",), "x is allowed again"),
    Case("not-inverted", {"not": NUM}, {"not": INT}, ("type-widened",),
         "not number -> not integer accepts more: the narrowing inside not is a widening"),
    Case("subschema-added", {"type": "array"}, {"type": "array", "contains": STR},
         ("subschema-added",), "an array must now contain a string"),
    Case("subschema-removed", {"type": "object", "propertyNames": {"maxLength": 3}},
         {"type": "object"}, ("subschema-removed",), "property names are free again"),
    # --- formats ------------------------------------------------------------------------------
    Case("format-added", prop(STR), prop({"type": "string", "format": "uuid"}),
         ("format-added",), "plain string became a uuid"),
    Case("format-removed", prop({"type": "string", "format": "uuid"}), prop(STR),
         ("format-removed",), "a uuid became a plain string"),
    Case("format-changed", prop({"type": "string", "format": "date"}),
         prop({"type": "string", "format": "date-time"}), ("format-changed",),
         "date became date-time"),
    # --- constraints --------------------------------------------------------------------------
    *[
        Case(f"{stem}-{kind}", prop({"type": t, keyword: a}), prop({"type": t, keyword: b}),
             (f"{stem}-{kind}",), f"{keyword} {a} -> {b}")
        for keyword, stem, t, tight, loose in [
            ("minimum", "minimum", "number", (1, 2), (2, 1)),
            ("maximum", "maximum", "number", (2, 1), (1, 2)),
            ("exclusiveMinimum", "exclusive-minimum", "number", (1, 2), (2, 1)),
            ("exclusiveMaximum", "exclusive-maximum", "number", (2, 1), (1, 2)),
            ("minLength", "min-length", "string", (1, 2), (2, 1)),
            ("maxLength", "max-length", "string", (2, 1), (1, 2)),
            ("minItems", "min-items", "array", (1, 2), (2, 1)),
            ("maxItems", "max-items", "array", (2, 1), (1, 2)),
            ("minProperties", "min-properties", "object", (1, 2), (2, 1)),
            ("maxProperties", "max-properties", "object", (2, 1), (1, 2)),
            ("minContains", "min-contains", "array", (1, 2), (2, 1)),
            ("maxContains", "max-contains", "array", (2, 1), (1, 2)),
            ("multipleOf", "multiple-of", "number", (2, 4), (4, 2)),
        ]
        for kind, (a, b) in (("tightened", tight), ("loosened", loose))
    ],
    Case("maximum-added", prop(NUM), prop({"type": "number", "maximum": 5}),
         ("maximum-tightened",), "a bound added is a tightening"),
    Case("maximum-removed", prop({"type": "number", "maximum": 5}), prop(NUM),
         ("maximum-loosened",), "a bound removed is a loosening"),
    Case("multiple-of-changed", prop({"type": "number", "multipleOf": 10}),
         prop({"type": "number", "multipleOf": 3}), ("multiple-of-changed",),
         "neither divides the other"),
    Case("unique-items-tightened", {"type": "array"}, {"type": "array", "uniqueItems": True},
         ("unique-items-tightened",), "items must be unique"),
    Case("unique-items-loosened", {"type": "array", "uniqueItems": True}, {"type": "array"},
         ("unique-items-loosened",), "items may repeat"),
    Case("unique-items-false", {"type": "array", "uniqueItems": False}, {"type": "array"},
         ("schema-restructured",), "uniqueItems: false is no constraint"),
    Case("pattern-added", prop(STR), prop({"type": "string", "pattern": "^a"}),
         ("pattern-added",), "strings must match ^a"),
    Case("pattern-removed", prop({"type": "string", "pattern": "^a"}), prop(STR),
         ("pattern-removed",), "any string again"),
    Case("pattern-changed", prop({"type": "string", "pattern": "^a"}),
         prop({"type": "string", "pattern": "^b"}), ("pattern-changed",), "^a became ^b"),
    # --- arrays -------------------------------------------------------------------------------
    Case("items-changed", {"type": "array", "items": STR}, {"type": "array", "items": INT},
         ("type-changed",), "array items are compared recursively"),
    Case("items-added", {"type": "array"}, {"type": "array", "items": STR},
         ("type-narrowed",), "items absent means anything; now strings"),
    Case("tuple-item-added", {"type": "array", "prefixItems": [STR], "items": INT},
         {"type": "array", "prefixItems": [STR, INT], "items": INT}, ("tuple-item-added",),
         "position 1 was governed by items (integer) and still is an integer"),
    Case("tuple-item-removed", {"type": "array", "prefixItems": [STR, NUM], "items": False},
         {"type": "array", "prefixItems": [STR], "items": False},
         ("tuple-item-removed", "schema-became-false"), "position 1 is now forbidden"),
    Case("legacy-tuple", {"type": "array", "items": [STR], "additionalItems": False},
         {"type": "array", "prefixItems": [STR], "items": False}, ("schema-restructured",),
         "draft-07 items array + additionalItems equals 2020-12 prefixItems + items"),
    # --- definitions and recursion ------------------------------------------------------------
    Case("definition-added", {"$defs": {}}, {"$defs": {"A": STR}}, ("definition-added",),
         "a new, unused definition"),
    Case("definition-removed", {"$defs": {"A": STR}}, {"$defs": {}}, ("definition-removed",),
         "an unused definition removed"),
    Case("unreferenced-definition-changed", {"$defs": {"A": STR}}, {"$defs": {"A": INT}},
         ("type-changed",), "an unreferenced definition is still compared"),
    Case("recursive", {"$ref": "#/$defs/Node", "$defs": {"Node": obj(
        {"value": INT, "next": {"anyOf": [{"$ref": "#/$defs/Node"}, {"type": "null"}]}})}},
        {"$ref": "#/$defs/Node", "$defs": {"Node": obj(
            {"value": NUM, "next": {"anyOf": [{"$ref": "#/$defs/Node"}, {"type": "null"}]}})}},
        ("type-widened",), "a recursive definition is walked once and terminates"),
    # --- the safety net -----------------------------------------------------------------------
    Case("unknown-keyword", prop({"type": "string", "contentFoo": 1}), prop(STR),
         ("unclassified",), "a keyword no rule knows is reported, never dropped"),
    Case("if-changed", {"if": {"minimum": 1}, "then": INT}, {"if": {"minimum": 2}, "then": INT},
         ("unclassified",), "a changed if condition cannot be classified"),
]
