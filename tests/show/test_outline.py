"""``schemadiff.outline``: types, required, nullable (three spellings), enums, repeats, cycles."""

from __future__ import annotations

from typing import Any

import pytest

from schemadiff import canonical
from schemadiff.errors import UsageError
from schemadiff.outline import FieldOutline, Marker, Outline, outline
from schemadiff.snapshot import Snapshot


def _snapshot(defs: dict[str, Any], union: list[str] | None = None) -> Snapshot:
    members = union if union is not None else ["Message"]
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": "#/$defs/Root",
        "$defs": {
            "Root": {
                "type": "object",
                "required": ["data"],
                "properties": {"data": {"anyOf": [{"$ref": f"#/$defs/{m}"} for m in members]}},
            },
            **defs,
        },
    }
    return Snapshot(schema=schema, provenance=None, label="test")


def _message(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["type", *(required or [])],
        "properties": {"type": {"const": "event"}, **properties},
    }


def _fields(properties: dict[str, Any], required: list[str] | None = None,
            defs: dict[str, Any] | None = None) -> dict[str, FieldOutline]:
    result = outline(_snapshot({"Message": _message(properties, required), **(defs or {})}))
    return {f.name: f for f in result.messages[0].fields}


# (field schema, expected type, nullable). Each row is one way a schema says what a field holds.
TYPE_CASES = [
    # Plain types and formats.
    ({"type": "string"}, "string", False),
    ({"type": "string", "format": "uuid"}, "string(uuid)", False),
    ({"type": "integer", "minimum": 1}, "integer", False),
    # The three spellings of nullable give the same answer.
    ({"anyOf": [{"type": "string"}, {"type": "null"}]}, "string", True),
    ({"type": ["string", "null"]}, "string", True),
    ({"type": "string", "nullable": True}, "string", True),
    # oneOf with null counts too; the order of the members does not matter.
    ({"oneOf": [{"type": "null"}, {"type": "integer"}]}, "integer", True),
    # A nullable $ref in the 3.1 form and in the two OpenAPI 3.0 forms.
    ({"anyOf": [{"$ref": "#/$defs/Color"}, {"type": "null"}]}, "Color", True),
    ({"allOf": [{"$ref": "#/$defs/Color"}], "nullable": True}, "Color", True),
    ({"$ref": "#/$defs/Color", "nullable": True}, "Color", True),
    # A real union stays a union, minus null.
    ({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]},
     "string | integer", True),
    ({"type": ["string", "integer"]}, "string | integer", False),
    # Arrays name their items; nullable items are said inside the brackets.
    ({"type": "array", "items": {"type": "string"}}, "array<string>", False),
    ({"type": "array", "items": {"anyOf": [{"type": "integer"}, {"type": "null"}]}},
     "array<integer | null>", False),
    ({"type": "array", "items": {"$ref": "#/$defs/Color"}}, "array<Color>", False),
    # Maps and the empty schema.
    ({"type": "object", "additionalProperties": {"type": "number"}}, "map<string, number>",
     False),
    ({}, "any", False),
    # An enum including null is nullable.
    ({"enum": ["a", "b", None]}, "string", True),
]


@pytest.mark.parametrize(("schema", "expected_type", "nullable"), TYPE_CASES)
def test_field_type_and_nullability(schema: dict[str, Any], expected_type: str,
                                    nullable: bool) -> None:
    color = {"Color": {"type": "string", "enum": ["red", "green"]}}
    field = _fields({"f": schema}, defs=color)["f"]
    assert (field.type, field.nullable) == (expected_type, nullable)


def test_required_enum_format_constraints_and_description() -> None:
    fields = _fields(
        {
            "status": {"$ref": "#/$defs/Color"},
            "size": {"type": "integer", "minimum": 1, "maximum": 8},
            "when": {"type": "string", "format": "date-time", "description": "When."},
            "url": {"anyOf": [{"type": "string"}, {"type": "null"}], "readOnly": True},
        },
        required=["status", "size"],
        defs={"Color": {"type": "string", "enum": ["red", "green"], "title": "Color"}},
    )
    assert fields["status"].required
    assert fields["size"].required
    assert not fields["when"].required
    assert fields["status"].enum == ("red", "green")
    assert fields["status"].definition == "Color"
    assert fields["status"].fields == ()  # An enum has nothing to expand.
    assert fields["size"].constraints == (("minimum", 1), ("maximum", 8))
    assert fields["when"].format == "date-time"
    assert fields["when"].description == "When."
    assert fields["url"].read_only
    assert fields["url"].nullable
    assert fields["type"].enum == ("event",)
    assert fields["type"].is_const


def test_shared_definition_is_expanded_once_then_marked_repeat() -> None:
    media = {"type": "object", "required": ["url"], "properties": {"url": {"type": "string"}}}
    fields = _fields(
        {
            "first": {"$ref": "#/$defs/Media"},
            "second": {"anyOf": [{"$ref": "#/$defs/Media"}, {"type": "null"}]},
            "many": {"type": "array", "items": {"$ref": "#/$defs/Media"}},
        },
        defs={"Media": media},
    )
    assert [f.name for f in fields["first"].fields] == ["url"]
    assert fields["first"].fields[0].path == "Message.first.url"
    assert fields["first"].marker is None
    for name in ("second", "many"):
        assert fields[name].fields == ()
        assert fields[name].marker is Marker.REPEAT
        assert fields[name].first_seen == "Message.first"


def test_array_items_path_and_expansion() -> None:
    media = {"type": "object", "properties": {"url": {"type": "string"}}}
    fields = _fields({"many": {"type": "array", "items": {"$ref": "#/$defs/Media"}}},
                     defs={"Media": media})
    assert fields["many"].fields[0].path == "Message.many[].url"


def test_cycles_are_marked_and_the_walk_ends() -> None:
    node = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "parent": {"anyOf": [{"$ref": "#/$defs/Node"}, {"type": "null"}]},
            "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
        },
    }
    fields = _fields({"root": {"$ref": "#/$defs/Node"}}, defs={"Node": node})
    inner = {f.name: f for f in fields["root"].fields}
    assert inner["parent"].marker is Marker.CYCLE
    assert inner["children"].marker is Marker.CYCLE
    assert inner["parent"].fields == ()


def test_inline_objects_are_expanded_in_place() -> None:
    fields = _fields({"meta": {"type": "object", "required": ["k"],
                               "properties": {"k": {"type": "string"}}}})
    assert fields["meta"].type == "object"
    assert [(f.name, f.required) for f in fields["meta"].fields] == [("k", True)]


def test_messages_by_discriminator_value_and_select() -> None:
    defs = {
        "A": {"type": "object", "properties": {"type": {"$ref": "#/$defs/AType"}}},
        "AType": {"type": "string", "enum": ["a1", "a2"]},
        "B": {"type": "object", "properties": {"type": {"const": "b"}}},
    }
    result = outline(_snapshot(defs, union=["A", "B"]))
    assert [(m.name, m.types) for m in result.messages] == [("A", ("a1", "a2")), ("B", ("b",))]
    snapshot = _snapshot(defs, union=["A", "B"])
    assert [m.name for m in outline(snapshot, message="a2").messages] == ["A"]
    assert [m.name for m in outline(snapshot, message="B").messages] == ["B"]
    with pytest.raises(UsageError, match=r"known types: a1, a2, b \(or a definition name: A, B\)"):
        outline(snapshot, message="c")


def test_a_selected_message_expands_shared_definitions_itself() -> None:
    media = {"type": "object", "properties": {"url": {"type": "string"}}}
    defs = {
        "A": {"type": "object", "properties": {"type": {"const": "a"},
                                               "m": {"$ref": "#/$defs/Media"}}},
        "B": {"type": "object", "properties": {"type": {"const": "b"},
                                               "m": {"$ref": "#/$defs/Media"}}},
        "Media": media,
    }
    whole = outline(_snapshot(defs, union=["A", "B"]))
    assert whole.messages[1].fields[0].marker is Marker.REPEAT
    only_b = outline(_snapshot(defs, union=["A", "B"]), message="b")
    assert [f.name for f in only_b.messages[0].fields[0].fields] == ["url"]


def test_a_schema_without_a_union_is_one_message() -> None:
    schema = {"type": "object", "properties": {"x": {"type": "integer"}}}
    result = outline(Snapshot(schema=schema, provenance=None, label="plain.json"))
    assert isinstance(result, Outline)
    assert [(m.name, m.types) for m in result.messages] == [("root", ())]
    assert result.messages[0].fields[0].type == "integer"
    assert result.sha256 == canonical.sha256(schema)


def test_deep_inline_nesting_is_cut_off() -> None:
    node: dict[str, Any] = {"type": "string"}
    for _ in range(200):
        node = {"type": "object", "properties": {"n": node}}
    fields = _fields({"deep": node})
    depth = 0
    current = fields["deep"]
    while current.fields:
        current = current.fields[0]
        depth += 1
    assert current.marker is Marker.DEPTH
    assert depth < 100
