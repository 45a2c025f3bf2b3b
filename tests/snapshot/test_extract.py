"""Extraction of the snapshot schema from OpenAPI documents and plain JSON Schemas."""

from __future__ import annotations

import copy
from enum import StrEnum
from typing import Any

import pytest
from fastapi import FastAPI
from pydantic import BaseModel, Field

from schemadiff import canonical
from schemadiff.errors import SchemaError
from schemadiff.extract import extract_openapi, normalise_plain_schema
from schemadiff.snapshot import DIALECT


class Kind(StrEnum):
    A = "a"
    B = "b"


class Child(BaseModel):
    name: str
    parent: Child | None = None


class Msg(BaseModel):
    kind: Kind = Field(description="What it is.")
    maybe_kind: Kind | None = None
    count: int = Field(gt=0, le=10)
    label: str | None = Field(default=None, max_length=5)
    child: Child
    children: list[Child]
    tags: list[str] | None = None


class Envelope(BaseModel):
    data: Msg | Child | None


class Unused(BaseModel):
    other: int


def openapi_31() -> dict[str, Any]:
    """What FastAPI (pydantic v2) publishes for these models: OpenAPI 3.1."""
    app = FastAPI(title="Models", version="1.2.3")

    @app.get("/envelope", response_model=Envelope)
    def envelope() -> None: ...

    @app.get("/unused", response_model=Unused)
    def unused() -> None: ...

    return app.openapi()


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


# The same models as an OpenAPI 3.0 server writes them: ``nullable``, ``allOf``-wrapped refs for
# siblings, boolean ``exclusiveMinimum``.
OPENAPI_30: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Models", "version": "1.2.3"},
    "paths": {},
    "components": {"schemas": {
        "Child": {
            "type": "object", "title": "Child", "required": ["name"],
            "properties": {
                "name": {"type": "string", "title": "Name"},
                "parent": {"allOf": [ref("Child")], "nullable": True},
            },
        },
        "Envelope": {
            "type": "object", "title": "Envelope", "required": ["data"],
            "properties": {
                "data": {"anyOf": [ref("Msg"), ref("Child")], "nullable": True, "title": "Data"},
            },
        },
        "Kind": {"type": "string", "enum": ["a", "b"], "title": "Kind"},
        "Msg": {
            "type": "object", "title": "Msg", "required": ["kind", "count", "child", "children"],
            "properties": {
                "kind": {"allOf": [ref("Kind")], "description": "What it is."},
                "maybe_kind": {**ref("Kind"), "nullable": True},
                "count": {
                    "type": "integer", "title": "Count", "maximum": 10.0, "minimum": 0.0,
                    "exclusiveMinimum": True,
                },
                "label": {"type": "string", "maxLength": 5, "nullable": True, "title": "Label"},
                "child": ref("Child"),
                "children": {"type": "array", "items": ref("Child"), "title": "Children"},
                "tags": {
                    "type": "array", "items": {"type": "string"}, "nullable": True,
                    "title": "Tags",
                },
            },
        },
        "Unused": {"type": "object", "properties": {"other": {"type": "integer"}}},
    }},
}


def test_closure_holds_the_root_and_what_it_references_only() -> None:
    extracted = extract_openapi(openapi_31(), root="Envelope", label="doc")
    schema = extracted.schema
    assert schema["$schema"] == DIALECT
    assert schema["$ref"] == "#/$defs/Envelope"
    assert sorted(schema["$defs"]) == ["Child", "Envelope", "Kind", "Msg"]
    assert (extracted.api_title, extracted.api_version, extracted.openapi_version) == (
        "Models", "1.2.3", "3.1.0",
    )


def test_refs_are_rewritten_to_local_defs() -> None:
    schema = extract_openapi(openapi_31(), root="Envelope").schema
    text = canonical.dumps(schema)
    assert "#/components/" not in text
    assert schema["$defs"]["Msg"]["properties"]["child"] == {"$ref": "#/$defs/Child"}


def test_a_reference_cycle_is_extracted_once() -> None:
    schema = extract_openapi(openapi_31(), root="Child").schema
    assert sorted(schema["$defs"]) == ["Child"]
    assert schema["$defs"]["Child"]["properties"]["parent"]["anyOf"][0] == {
        "$ref": "#/$defs/Child"
    }


def test_openapi_30_and_31_of_the_same_models_give_identical_snapshots() -> None:
    old = extract_openapi(OPENAPI_30, root="Envelope", label="3.0").schema
    new = extract_openapi(openapi_31(), root="Envelope", label="3.1").schema
    assert canonical.dumps(old) == canonical.dumps(new)
    assert canonical.sha256(old) == canonical.sha256(new)


@pytest.mark.parametrize(
    ("schema_30", "expected"),
    [
        # A plain type: constraints inside the anyOf, annotations outside (pydantic's layout).
        ({"type": "string", "nullable": True, "title": "T", "format": "uuid"},
         {"anyOf": [{"type": "string", "format": "uuid"}, {"type": "null"}], "title": "T"}),
        # A $ref with nullable beside it.
        ({"$ref": "#/components/schemas/Kind", "nullable": True},
         {"anyOf": [{"$ref": "#/$defs/Kind"}, {"type": "null"}]}),
        # An allOf-wrapped $ref with nullable and a description.
        ({"allOf": [{"$ref": "#/components/schemas/Kind"}], "nullable": True, "description": "d"},
         {"anyOf": [{"$ref": "#/$defs/Kind"}, {"type": "null"}], "description": "d"}),
        # A union gets null as one more member.
        ({"oneOf": [{"type": "integer"}, {"type": "string"}], "nullable": True},
         {"oneOf": [{"type": "integer"}, {"type": "string"}, {"type": "null"}]}),
        # nullable: false says nothing.
        ({"type": "integer", "nullable": False}, {"type": "integer"}),
        # An inline enum.
        ({"type": "string", "enum": ["x"], "nullable": True, "default": None},
         {"anyOf": [{"type": "string", "enum": ["x"]}, {"type": "null"}], "default": None}),
        # example -> examples; boolean exclusiveMaximum -> number.
        ({"type": "number", "maximum": 3, "exclusiveMaximum": True, "example": 1},
         {"type": "number", "exclusiveMaximum": 3, "examples": [1]}),
        ({"type": "number", "minimum": 3, "exclusiveMinimum": False},
         {"type": "number", "minimum": 3}),
    ],
)
def test_openapi_30_forms_are_normalised(schema_30: dict[str, Any], expected: Any) -> None:
    document = {
        "openapi": "3.0.0",
        "components": {"schemas": {
            "Root": {"type": "object", "properties": {"field": schema_30}},
            "Kind": {"type": "string", "enum": ["a"]},
        }},
    }
    schema = extract_openapi(document, root="Root").schema
    assert schema["$defs"]["Root"]["properties"]["field"] == expected


def test_a_property_named_nullable_or_ref_is_a_name_not_a_keyword() -> None:
    document = {"openapi": "3.0.0", "components": {"schemas": {"Root": {
        "type": "object",
        "properties": {"nullable": {"type": "boolean"}, "$ref": {"type": "string"}},
        "default": {"$ref": "not a reference, just data"},
    }}}}
    root = extract_openapi(document, root="Root").schema["$defs"]["Root"]
    assert root["properties"] == {"nullable": {"type": "boolean"}, "$ref": {"type": "string"}}
    assert root["default"] == {"$ref": "not a reference, just data"}


def test_discriminator_mapping_is_rewritten_and_followed() -> None:
    document = {"openapi": "3.1.0", "components": {"schemas": {
        "Root": {
            "oneOf": [ref("A")],
            "discriminator": {"propertyName": "type",
                              "mapping": {"a": "#/components/schemas/A",
                                          "b": "#/components/schemas/B"}},
        },
        "A": {"type": "object"},
        "B": {"type": "object"},
    }}}
    schema = extract_openapi(document, root="Root").schema
    assert schema["$defs"]["Root"]["discriminator"]["mapping"] == {
        "a": "#/$defs/A", "b": "#/$defs/B",
    }
    assert sorted(schema["$defs"]) == ["A", "B", "Root"]


def test_a_ref_into_a_component_keeps_its_path() -> None:
    document = {"openapi": "3.1.0", "components": {"schemas": {
        "Root": {"properties": {"x": {"$ref": "#/components/schemas/Other/properties/y"}}},
        "Other": {"properties": {"y": {"type": "string"}}},
    }}}
    schema = extract_openapi(document, root="Root").schema
    assert schema["$defs"]["Root"]["properties"]["x"] == {
        "$ref": "#/$defs/Other/properties/y"
    }


def test_the_input_document_is_not_modified() -> None:
    document = copy.deepcopy(OPENAPI_30)
    extract_openapi(document, root="Envelope")
    assert document == OPENAPI_30


@pytest.mark.parametrize(
    ("schemas", "root", "message"),
    [
        ({"Root": {"properties": {"x": ref("Missing")}}}, "Root",
         "doc.json: dangling $ref '#/components/schemas/Missing' at "
         "#/components/schemas/Root/properties/x: there is no schema 'Missing' in "
         "components.schemas"),
        ({"Root": {"items": {"$ref": "other.json#/components/schemas/X"}}}, "Root",
         "doc.json: external $ref 'other.json#/components/schemas/X' at "
         "#/components/schemas/Root/items is not supported; a snapshot must be self-contained "
         "(bundle the document first)"),
        ({"Root": {"$ref": "https://example.com/s.json"}}, "Root",
         "doc.json: external $ref 'https://example.com/s.json' at #/components/schemas/Root "
         "is not supported; a snapshot must be self-contained (bundle the document first)"),
        ({"Root": {"$ref": "#/components/responses/X"}}, "Root",
         "doc.json: $ref '#/components/responses/X' at #/components/schemas/Root points "
         "outside components.schemas; only schema components can be snapshotted"),
        ({"Root": {"$ref": "#/components/schemas/Other/properties/nope"}, "Other": {}}, "Root",
         "doc.json: dangling $ref '#/components/schemas/Other/properties/nope' at "
         "#/components/schemas/Root: it points at nothing"),
        ({"A": {}}, "WebSocketMessage",
         "doc.json: root schema 'WebSocketMessage' is not in components.schemas (pass --root; "
         "it has: A)"),
    ],
)
def test_bad_references_are_clear_errors(
    schemas: dict[str, Any], root: str, message: str
) -> None:
    document = {"openapi": "3.1.0", "components": {"schemas": schemas}}
    with pytest.raises(SchemaError) as caught:
        extract_openapi(document, root=root, label="doc.json")
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("schemas", "ring"),
    [
        ({"Root": {"properties": {"x": ref("Loop")}}, "Loop": ref("Loop")},
         "Loop -> Loop (at #/components/schemas/Loop)"),
        ({"Root": ref("A"), "A": ref("B") | {"description": "d"}, "B": ref("A")},
         "A -> B -> A (at #/components/schemas/A)"),
    ],
)
def test_a_ring_of_bare_refs_is_an_error(schemas: dict[str, Any], ring: str) -> None:
    document = {"openapi": "3.1.0", "components": {"schemas": schemas}}
    with pytest.raises(SchemaError) as caught:
        extract_openapi(document, root="Root", label="d")
    assert str(caught.value) == f"d: $ref cycle that never reaches a schema: {ring}"


def test_a_dangling_ref_deep_in_the_closure_is_found() -> None:
    document = {"openapi": "3.1.0", "components": {"schemas": {
        "Root": ref("A"), "A": {"items": ref("B")}, "B": {"anyOf": [ref("Gone")]},
    }}}
    with pytest.raises(SchemaError, match=r"dangling \$ref '#/components/schemas/Gone' at "
                                          r"#/components/schemas/B/anyOf/0"):
        extract_openapi(document, root="Root")


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"openapi": "3.1.0", "info": {}}, "d: the OpenAPI document has no components.schemas; "
                                           "nothing to snapshot"),
        ({"openapi": "3.1.0", "components": {"schemas": []}},
         "d: the OpenAPI document has no components.schemas; nothing to snapshot"),
        ({"swagger": "2.0"}, "d: Swagger 2.0 documents are not supported; publish OpenAPI 3.0 "
                             "or 3.1"),
        ({"openapi": "2.5"}, "d: unsupported OpenAPI version '2.5' (3.x needed)"),
    ],
)
def test_documents_without_schemas_are_clear_errors(
    document: dict[str, Any], message: str
) -> None:
    with pytest.raises(SchemaError) as caught:
        extract_openapi(document, root="Root", label="d")
    assert str(caught.value) == message


def nested(levels: int) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(levels):
        schema = {"type": "array", "items": schema}
    return schema


def test_ten_thousand_levels_is_a_clear_error_not_a_recursion_error() -> None:
    document = {"openapi": "3.1.0", "components": {"schemas": {"Root": nested(10_000)}}}
    with pytest.raises(SchemaError, match=r"d: schema nested more than 200 levels deep at "
                                          r"#/components/schemas/Root/items/items"):
        extract_openapi(document, root="Root", label="d")


def test_ten_thousand_levels_of_data_is_a_clear_error() -> None:
    default: Any = 0
    for _ in range(10_000):
        default = [default]
    document = {"openapi": "3.1.0", "components": {"schemas": {"Root": {"default": default}}}}
    with pytest.raises(SchemaError, match="value nested more than 200 levels deep"):
        extract_openapi(document, root="Root", label="d")


def test_realistic_nesting_works() -> None:
    document = {"openapi": "3.1.0", "components": {"schemas": {"Root": nested(50)}}}
    assert extract_openapi(document, root="Root").schema["$defs"]["Root"] == nested(50)


# Plain JSON Schema documents.

def test_a_plain_schema_is_taken_as_is() -> None:
    plain = {
        "$schema": DIALECT, "$ref": "#/$defs/A",
        "$defs": {"A": {"type": "object", "properties": {"b": {"$ref": "#/$defs/B"}}},
                  "B": {"type": "string", "nullable": True}},
    }
    assert normalise_plain_schema(plain) == plain


def test_a_definitions_only_schema_moves_to_defs_with_its_refs() -> None:
    plain = {"$schema": "http://json-schema.org/draft-07/schema#",
             "properties": {"a": {"$ref": "#/definitions/A"}},
             "definitions": {"A": {"items": {"$ref": "#/definitions/A"}}}}
    result = normalise_plain_schema(plain)
    assert result == {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "properties": {"a": {"$ref": "#/$defs/A"}},
        "$defs": {"A": {"items": {"$ref": "#/$defs/A"}}},
    }


def test_a_plain_schema_without_dialect_gets_2020_12() -> None:
    assert normalise_plain_schema({"type": "object"}) == {"type": "object", "$schema": DIALECT}


@pytest.mark.parametrize(
    ("plain", "message"),
    [
        ({"properties": {"a": {"$ref": "#/$defs/Nope"}}},
         "s.json: dangling $ref '#/$defs/Nope' at #/properties/a: it points at nothing"),
        ({"items": {"$ref": "common.json#/X"}},
         "s.json: external $ref 'common.json#/X' at #/items is not supported; a snapshot "
         "must be self-contained"),
    ],
)
def test_plain_schema_ref_errors(plain: dict[str, Any], message: str) -> None:
    with pytest.raises(SchemaError) as caught:
        normalise_plain_schema(plain, label="s.json")
    assert str(caught.value) == message
