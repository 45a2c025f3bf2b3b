"""How an AsyncAPI document becomes a snapshot: channels, directions, names, schema formats.

Small documents written here, each valid against the official schema of its version (the reader
checks that first), exercise one rule of :mod:`schemadiff.asyncapi.read` each.
"""

from __future__ import annotations

from typing import Any

import pytest

from schemadiff.asyncapi import Direction
from schemadiff.asyncapi.read import extract_asyncapi
from schemadiff.errors import SchemaError
from schemadiff.messages import find_union

PING = {"type": "object", "properties": {"type": {"const": "ping"}}, "required": ["type"]}
PONG = {"type": "object", "properties": {"type": {"const": "pong"}, "at": {"type": "integer"}},
        "required": ["type"]}


def v2(channels: dict[str, Any], schemas: dict[str, Any] | None = None,
       messages: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"asyncapi": "2.6.0", "info": {"title": "T", "version": "1.0.0"},
            "channels": channels,
            "components": {"schemas": schemas or {}, "messages": messages or {}}}


def v3(channels: dict[str, Any], operations: dict[str, Any],
       schemas: dict[str, Any] | None = None, version: str = "3.0.0") -> dict[str, Any]:
    return {"asyncapi": version, "info": {"title": "T", "version": "1.0.0"},
            "channels": channels, "operations": operations,
            "components": {"schemas": schemas or {}}}


def read(document: dict[str, Any], **options: Any) -> dict[str, Any]:
    options.setdefault("root", "WebSocketMessage")
    return extract_asyncapi(document, label="doc", **options).schema


def ping_pong_v2() -> dict[str, Any]:
    return v2(
        {"/ws": {"subscribe": {"message": {"oneOf": [
            {"$ref": "#/components/messages/Ping"}, {"$ref": "#/components/messages/Pong"}]}},
                 "publish": {"message": {"name": "Hello", "payload": {
                     "type": "object", "properties": {"type": {"const": "hello"}}}}}}},
        schemas={"Ping": PING, "Pong": PONG},
        messages={"Ping": {"payload": {"$ref": "#/components/schemas/Ping"}},
                  "Pong": {"messageId": "Pong", "payload": {"$ref": "#/components/schemas/Pong"}}},
    )


def test_v2_subscribe_messages_are_the_union() -> None:
    schema = read(ping_pong_v2())
    assert schema["$ref"] == "#/$defs/WebSocketMessage"
    assert schema["$defs"]["WebSocketMessage"] == {
        "anyOf": [{"$ref": "#/$defs/Ping"}, {"$ref": "#/$defs/Pong"}]}
    union = find_union(schema)
    assert union is not None
    assert [(v.name, v.discriminators) for v in union.variants] == [
        ("Ping", ("ping",)), ("Pong", ("pong",))]


def test_v2_publish_is_the_client_side_and_one_message_is_the_root() -> None:
    schema = read(ping_pong_v2(), direction=Direction.CLIENT_TO_SERVER)
    # One message: its payload is the root, named by the message.
    assert schema["$ref"] == "#/$defs/Hello"
    assert schema["$defs"] == {"Hello": {"type": "object",
                                         "properties": {"type": {"const": "hello"}}}}


def test_root_option_names_the_new_union() -> None:
    schema = read(ping_pong_v2(), root="ServerMessage")
    assert schema["$ref"] == "#/$defs/ServerMessage"
    assert "WebSocketMessage" not in schema["$defs"]


def test_v3_send_operations_and_channel_message_keys() -> None:
    document = v3(
        {"live": {"address": "/ws", "messages": {
            "ping": {"payload": {"$ref": "#/components/schemas/Ping"}},
            "pong": {"name": "Pong", "payload": {"$ref": "#/components/schemas/Pong"}},
            "hello": {"payload": {"type": "string"}}}}},
        {"push": {"action": "send", "channel": {"$ref": "#/channels/live"},
                  "messages": [{"$ref": "#/channels/live/messages/ping"},
                               {"$ref": "#/channels/live/messages/pong"}]},
         "listen": {"action": "receive", "channel": {"$ref": "#/channels/live"},
                    "messages": [{"$ref": "#/channels/live/messages/hello"}]}},
        schemas={"Ping": PING, "Pong": PONG},
    )
    schema = read(document)
    # "ping" names a payload of another name: the message's name wins, through an alias.
    assert schema["$defs"]["WebSocketMessage"] == {
        "anyOf": [{"$ref": "#/$defs/ping"}, {"$ref": "#/$defs/Pong"}]}
    assert schema["$defs"]["ping"] == {"$ref": "#/$defs/Ping"}
    union = find_union(schema)
    assert union is not None
    assert [v.name for v in union.variants] == ["ping", "Pong"]
    assert read(document, direction=Direction.CLIENT_TO_SERVER)["$defs"] == {
        "hello": {"type": "string"}}


def test_v3_operation_without_messages_carries_the_whole_channel() -> None:
    document = v3(
        {"live": {"address": "/ws", "messages": {
            "Ping": {"payload": {"$ref": "#/components/schemas/Ping"}},
            "Pong": {"payload": {"$ref": "#/components/schemas/Pong"}}}}},
        {"push": {"action": "send", "channel": {"$ref": "#/channels/live"}}},
        schemas={"Ping": PING, "Pong": PONG}, version="3.1.0",
    )
    union = find_union(read(document))
    assert union is not None
    assert [v.name for v in union.variants] == ["Ping", "Pong"]


def _two_channels() -> dict[str, Any]:
    message = {"subscribe": {"message": {"payload": PING}}}
    return v2({"/a": message, "/b": message})


def test_several_channels_need_channel() -> None:
    with pytest.raises(SchemaError) as caught:
        read(_two_channels())
    assert str(caught.value) == (
        "doc: several channels carry server-to-client messages ('/a', '/b'); pick one with "
        "--channel")
    assert read(_two_channels(), channel="/b")["$ref"] == "#/$defs/message-0"


def test_unknown_channel_lists_the_channels() -> None:
    with pytest.raises(SchemaError) as caught:
        read(_two_channels(), channel="/c")
    assert str(caught.value) == "doc: no channel '/c' (channels: '/a', '/b')"


def test_no_messages_in_a_direction_suggests_the_other() -> None:
    with pytest.raises(SchemaError) as caught:
        read(_two_channels(), direction=Direction.CLIENT_TO_SERVER)
    assert str(caught.value) == (
        "doc: no channel has client-sent messages (client-to-server); try --direction "
        "server-to-client")


def _inline(payload: dict[str, Any], schemas: dict[str, Any] | None = None,
            **message: Any) -> dict[str, Any]:
    return v2({"/ws": {"subscribe": {"message": {"name": "M", "payload": payload, **message}}}},
              schemas=schemas)


def test_draft07_rules_for_payloads() -> None:
    schema = read(_inline(
        {"type": "object", "properties": {
            "a": {"$ref": "#/components/schemas/S", "maxLength": 3},
            "b": {"items": [{"type": "string"}], "additionalItems": False},
            "c": {"items": {"type": "string"}, "additionalItems": False},
            "d": {"allOf": [{"$ref": "#/components/schemas/S"}], "description": "d"},
            "e": {"allOf": [{"$ref": "#/components/schemas/S"}]},
        }, "dependencies": {"a": ["b"], "c": {"required": ["d"]}}},
        schemas={"S": {"type": "string"}},
    ))
    message = schema["$defs"]["M"]
    assert message["properties"] == {
        "a": {"$ref": "#/$defs/S"},  # draft-07 ignores keywords beside $ref
        "b": {"prefixItems": [{"type": "string"}], "items": False},
        "c": {"items": {"type": "string"}},  # additionalItems means nothing here
        "d": {"$ref": "#/$defs/S", "description": "d"},
        "e": {"allOf": [{"$ref": "#/$defs/S"}]},
    }
    assert message["dependentRequired"] == {"a": ["b"]}
    assert message["dependentSchemas"] == {"c": {"required": ["d"]}}


def test_openapi_format_payload_reads_nullable() -> None:
    schema = read(_inline({"type": "string", "nullable": True},
                          schemaFormat="application/vnd.oai.openapi;version=3.0.0"))
    assert schema["$defs"]["M"] == {"anyOf": [{"type": "string"}, {"type": "null"}]}


def test_v3_multi_format_payload() -> None:
    document = v3(
        {"live": {"messages": {"M": {"payload": {
            "schemaFormat": "application/schema+json;version=2020-12",
            "schema": {"$ref": "#/components/schemas/S", "maxLength": 3}}}}}},
        {"push": {"action": "send", "channel": {"$ref": "#/channels/live"}}},
        schemas={"S": {"type": "string"}},
    )
    # 2020-12 keeps the sibling of $ref; the referenced component is still draft-07.
    assert read(document)["$defs"]["M"] == {"$ref": "#/$defs/S", "maxLength": 3}


def test_unknown_schema_format_is_refused() -> None:
    with pytest.raises(SchemaError) as caught:
        read(_inline({"type": "record", "name": "M", "fields": []},
                     schemaFormat="application/vnd.apache.avro;version=1.9.0"))
    assert str(caught.value) == (
        "doc: message 'M' has a payload in schema format 'application/vnd.apache.avro;version="
        "1.9.0'; schemadiff reads AsyncAPI schemas, JSON Schema (draft-07 or 2020-12) and "
        "OpenAPI 3.0 schemas")


def test_discriminator_other_than_type_is_declared() -> None:
    kind = {"a": {"type": "object", "properties": {"kind": {"enum": ["a"]}}},
            "b": {"type": "object", "properties": {"kind": {"const": "b"}}}}
    document = v2({"/ws": {"subscribe": {"message": {"oneOf": [
        {"name": "A", "payload": {"$ref": "#/components/schemas/A"}},
        {"name": "B", "payload": {"$ref": "#/components/schemas/B"}}]}}}},
        schemas={"A": kind["a"], "B": kind["b"]})
    schema = read(document)
    assert schema["$defs"]["WebSocketMessage"]["discriminator"] == {"propertyName": "kind"}
    union = find_union(schema)
    assert union is not None
    assert union.known_types == ("a", "b")


def test_a_declared_union_component_is_the_root() -> None:
    document = ping_pong_v2()
    document["components"]["schemas"]["Envelope"] = {
        "type": "object", "properties": {"data": {"oneOf": [
            {"$ref": "#/components/schemas/Ping"}, {"$ref": "#/components/schemas/Pong"}]}}}
    schema = read(document)
    assert schema["$ref"] == "#/$defs/Envelope"
    assert "WebSocketMessage" not in schema["$defs"]


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (_inline({"$ref": "other.yaml#/Ping"}),
         "doc: external $ref 'other.yaml#/Ping' at #/channels/~1ws/subscribe/message/payload is "
         "not supported; a snapshot must be self-contained (bundle the document first)"),
        (_inline({"$ref": "#/components/schemas/Gone"}),
         "doc: dangling $ref '#/components/schemas/Gone' at #/channels/~1ws/subscribe/message/"
         "payload: there is no schema 'Gone' in components.schemas"),
        (v2({"/ws": {"subscribe": {"message": {"oneOf": [
            {"name": "Ping", "payload": {"type": "string"}},
            {"name": "Pong", "payload": {"$ref": "#/components/schemas/Ping"}}]}}}},
            schemas={"Ping": PING}),
         "doc: message 'Ping' is named like the schema components.schemas.Ping but its payload "
         "is another schema; rename the message or the schema"),
        (v2({"/ws": {"subscribe": {"message": {"$ref": "#/components/messages/Nope"}}}}),
         "doc: dangling $ref '#/components/messages/Nope' at #/channels/~1ws/subscribe/message: "
         "it points at nothing"),
    ],
)
def test_errors_name_the_place(document: dict[str, Any], expected: str) -> None:
    with pytest.raises(SchemaError) as caught:
        read(document)
    assert str(caught.value) == expected
