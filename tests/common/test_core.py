"""The small shared modules: canonical JSON, redaction, JSON Pointers and the message union."""

from __future__ import annotations

import pytest

from schemadiff import canonical, messages
from schemadiff import pointer as jp
from schemadiff.errors import SchemaError
from schemadiff.redact import redact_url


def test_canonical_json_is_sorted_indented_and_newline_terminated() -> None:
    assert canonical.dumps({"b": 1, "a": {"d": [1, 2], "c": "é"}}) == (
        '{\n  "a": {\n    "c": "é",\n    "d": [\n      1,\n      2\n    ]\n  },\n  "b": 1\n}\n'
    )


def test_hash_ignores_key_order() -> None:
    assert canonical.sha256({"a": 1, "b": 2}) == canonical.sha256({"b": 2, "a": 1})
    assert canonical.sha256({"a": 1}) != canonical.sha256({"a": 2})


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://user:pass@api.example.com/openapi.json", "https://api.example.com/openapi.json"),
        ("http://127.0.0.1:8000/openapi.json?token=abc#x", "http://127.0.0.1:8000/openapi.json"),
        ("http://[::1]:9000/x", "http://[::1]:9000/x"),
        ("snapshots/0.1.0.json", "snapshots/0.1.0.json"),  # Not a URL: left alone.
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected


def test_pointer_round_trip_with_escapes() -> None:
    document = {"a/b": {"~c": [10, 20]}}
    ptr = jp.join("", "a/b", "~c", 1)
    assert ptr == "/a~1b/~0c/1"
    assert jp.get(document, ptr) == 20
    assert jp.split("#" + ptr) == ["a/b", "~c", "1"]


def test_pointer_to_nothing_is_a_schema_error() -> None:
    with pytest.raises(SchemaError, match="points at nothing"):
        jp.get({"$defs": {}}, "#/$defs/Missing")


def test_ref_loop_is_a_schema_error() -> None:
    document = {"$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"$ref": "#/$defs/A"}}}
    with pytest.raises(SchemaError, match="never reaches"):
        jp.resolve_ref(document, {"$ref": "#/$defs/A"})


def _envelope(*members: dict[str, object], **defs: object) -> dict[str, object]:
    return {
        "$ref": "#/$defs/WebSocketMessage",
        "$defs": {
            "WebSocketMessage": {
                "type": "object",
                "properties": {"data": {"anyOf": list(members)}},
                "required": ["data"],
            },
            **defs,
        },
    }


def test_union_variants_by_const_enum_and_ref_to_enum() -> None:
    document = _envelope(
        {"$ref": "#/$defs/GenerationMessage"},
        {"$ref": "#/$defs/AuthSuccessMessage"},
        GenerationMessage={
            "type": "object",
            "properties": {"type": {"$ref": "#/$defs/GenerationSocketEventType"}},
        },
        GenerationSocketEventType={
            "type": "string",
            "enum": ["generation.created", "generation.updated"],
        },
        AuthSuccessMessage={
            "type": "object",
            "properties": {"type": {"const": "auth_success", "type": "string"}},
        },
    )
    union = messages.find_union(document)
    assert union is not None
    assert union.envelope == "data"
    assert union.pointer == "/$defs/WebSocketMessage/properties/data"
    assert [(v.name, v.discriminators) for v in union.variants] == [
        ("GenerationMessage", ("generation.created", "generation.updated")),
        ("AuthSuccessMessage", ("auth_success",)),
    ]
    assert union.variant_for("generation.updated") == union.variants[0]
    assert union.variant_for("nope") is None
    assert union.variant_for(7) is None


def test_a_union_member_without_discriminator_means_no_message_union() -> None:
    document = _envelope({"type": "string"}, {"type": "integer"})
    assert messages.find_union(document) is None


def test_plain_schema_without_union() -> None:
    assert messages.find_union({"type": "object", "properties": {"a": {"type": "string"}}}) is None


def test_root_level_union_with_null_member_skipped() -> None:
    document = {
        "anyOf": [
            {"type": "object", "properties": {"type": {"enum": ["ping"]}}},
            {"type": "null"},
        ]
    }
    union = messages.find_union(document)
    assert union is not None
    assert union.envelope is None
    assert union.known_types == ("ping",)


def test_listed_paths_drop_the_entry_that_counts_the_rest() -> None:
    from schemadiff.diff.model import AFFECTS_MORE, listed_paths

    affects = ("A.payload.x", "B.payload.x", f"{AFFECTS_MORE}12 more")
    assert listed_paths(affects) == ("A.payload.x", "B.payload.x")
    assert listed_paths(()) == ()
