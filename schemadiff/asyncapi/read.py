"""From an AsyncAPI document to the schema a snapshot holds: the union of one channel's messages.

The document is first checked against the official AsyncAPI JSON Schema of its version. Then the
messages of the chosen channel and direction (see :mod:`.channels`) become the message union, and
``components.schemas`` (everything the payloads reference) becomes ``$defs``, exactly as the
OpenAPI route does it. Payloads are read with the rules of their schema format: AsyncAPI's own
format and JSON Schema draft-07 with draft-07 rules (:mod:`schemadiff.draft07`), OpenAPI 3.0 like
an OpenAPI 3.0 document, JSON Schema 2020-12 as is.

Which schema is the root:

1. A component that already is the union of exactly these messages (its ``anyOf``/``oneOf``, or
   that of its ``data`` envelope, lists the payloads), preferring the one ``--root`` names. A
   document written by ``schemadiff export`` has one, so it reads back to the snapshot it came from.
2. Else, for a channel with one message, that message's payload.
3. Else a new definition named by ``--root`` (``WebSocketMessage``): ``anyOf`` the payloads. A
   payload that is a component of the message's name is referenced directly; any other is put in
   ``$defs`` under the message's name, so each variant is named by its message.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from schemadiff import pointer as jp
from schemadiff.asyncapi import Direction
from schemadiff.asyncapi.channels import Channel, Message, select_channel
from schemadiff.asyncapi.official import SUPPORTED, check_document
from schemadiff.draft07 import finish_draft07, prepare_draft07
from schemadiff.errors import SchemaError
from schemadiff.extract import (
    ComponentExtractor,
    ExtractedSchema,
    NodeHook,
    SchemaWalker,
    normalise_openapi_node,
    rooted_at,
)
from schemadiff.messages import ENVELOPE, discriminator_values

_COMPONENTS = "#/components/schemas/"

Hooks = tuple[NodeHook | None, NodeHook | None]


def extract_asyncapi(
    document: dict[str, Any],
    *,
    root: str,
    channel: str | None = None,
    direction: Direction = Direction.SERVER_TO_CLIENT,
    label: str = "<document>",
) -> ExtractedSchema:
    """Return the snapshot schema of one channel's messages in the AsyncAPI ``document``."""
    version = _version(document, label)
    check_document(document, version, label)
    selected = select_channel(
        document, version, channel=channel, direction=direction, label=label
    )
    components = _components(document)
    extractor = ComponentExtractor(
        components, label, prepare=prepare_draft07, finish=finish_draft07,
        unwrap=lambda where, schema: _component_schema(schema, where, label),
    )
    chosen = _declared_union(components, selected, root)
    if chosen is not None:
        extractor.enqueue(chosen)
        defs = extractor.run()
        top = chosen
    else:
        top, defs = _union_of_messages(extractor, selected, root, label)
    return rooted_at(document, top, defs)


def _version(document: dict[str, Any], label: str) -> str:
    version = document.get("asyncapi")
    if version not in SUPPORTED:
        raise SchemaError(
            f"{label}: AsyncAPI version {version!r} is not supported (supported: "
            f"{', '.join(SUPPORTED)}; convert the document with the AsyncAPI CLI first)"
        )
    return str(version)


def _components(document: dict[str, Any]) -> dict[str, Any]:
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return schemas if isinstance(schemas, dict) else {}


def _declared_union(components: dict[str, Any], channel: Channel, root: str) -> str | None:
    """The component that is already the union of the channel's message payloads, if any."""
    wanted = {_payload_target(message) for message in channel.messages}
    if None in wanted:
        return None  # An inline payload cannot be a member of a component's union.
    matches = [name for name, schema in components.items()
               if _union_members(components, name, schema) == wanted]
    if root in matches:
        return root
    return matches[0] if len(matches) == 1 else None


def _union_members(components: dict[str, Any], name: str, schema: Any) -> set[str] | None:
    where = _COMPONENTS + jp.escape(name)
    for _ in range(8):  # Follow a component that only refers to another one.
        if not (isinstance(schema, dict) and isinstance(schema.get("$ref"), str)):
            break
        ref = unquote(schema["$ref"])
        if not ref.startswith(_COMPONENTS):
            return None
        tokens = jp.split(ref)
        where = ref
        schema = components.get(tokens[2]) if len(tokens) == 3 else None
    if not isinstance(schema, dict):
        return None
    properties = schema.get("properties")
    envelope = properties.get(ENVELOPE) if isinstance(properties, dict) else None
    for candidate, at in ((schema, where), (envelope, jp.join(where, "properties", ENVELOPE))):
        if not isinstance(candidate, dict):
            continue
        keyword = "anyOf" if "anyOf" in candidate else "oneOf"
        members = candidate.get(keyword)
        if not isinstance(members, list) or not members:
            continue
        targets: set[str] = set()
        for index, member in enumerate(members):
            if member == {"type": "null"}:
                continue
            target = member.get("$ref") if isinstance(member, dict) else None
            targets.add(
                unquote(target) if isinstance(target, str) else jp.join(at, keyword, index)
            )
        return targets
    return None


def _payload_target(message: Message) -> str | None:
    payload = message.payload
    if isinstance(payload, dict) and set(payload) == {"$ref"} and isinstance(payload["$ref"], str):
        ref = unquote(payload["$ref"])
        if ref.startswith(_COMPONENTS):
            return ref
    return None


def _union_of_messages(
    extractor: ComponentExtractor, channel: Channel, root: str, label: str
) -> tuple[str, dict[str, Any]]:
    own: dict[str, Any] = {}  # Definitions named by a message: inline payloads and aliases.
    members: list[str] = []
    single = len(channel.messages) == 1
    for message in channel.messages:
        target = _payload_target(message)
        if target is not None:
            rewritten = extractor.rewrite(target, message.where)
            tokens = jp.split(rewritten)
            if len(tokens) == 2 and (single or tokens[1] == message.name):
                members.append(tokens[1])
                continue
            # A component of another name, or a schema inside one: the message names it.
            schema: Any = {"$ref": rewritten}
        else:
            prepare, finish = _hooks(message, label)
            walker = SchemaWalker(label, extractor.rewrite, prepare=prepare, finish=finish)
            schema = walker.schema(message.payload, message.where, 0)
        _add(own, message.name, schema, message, label)
        members.append(message.name)
    members = list(dict.fromkeys(members))  # A message listed twice is one variant.
    defs = extractor.run()
    for name, schema in own.items():
        if name in defs and defs[name] != schema:
            raise SchemaError(
                f"{label}: message {name!r} is named like the schema components.schemas.{name} "
                "but its payload is another schema; rename the message or the schema"
            )
        defs[name] = schema
    if single:
        return members[0], dict(sorted(defs.items()))
    if root in defs:
        raise SchemaError(
            f"{label}: --root {root!r} names a schema of the document that is not the union of "
            f"the channel's messages; pass --root with a new name for the union"
        )
    union: dict[str, Any] = {"anyOf": [{"$ref": "#/$defs/" + jp.escape(m)} for m in members]}
    discriminator = _common_discriminator(defs, members)
    if discriminator is not None and discriminator != "type":
        union["discriminator"] = {"propertyName": discriminator}
    defs[root] = union
    return root, dict(sorted(defs.items()))


def _add(own: dict[str, Any], name: str, schema: Any, message: Message, label: str) -> None:
    if name in own and own[name] != schema:
        raise SchemaError(
            f"{label}: two messages are named {name!r} but carry different payloads (at "
            f"#{message.where})"
        )
    own[name] = schema


def _common_discriminator(defs: dict[str, Any], members: list[str]) -> str | None:
    """The property every variant fixes to its own values (a ``const``/``enum``), ``type`` first."""
    document = {"$defs": defs}
    common: list[str] | None = None
    for member in members:
        schema = jp.resolve_ref(document, {"$ref": "#/$defs/" + jp.escape(member)})
        properties = schema.get("properties") if isinstance(schema, dict) else None
        if not isinstance(properties, dict):
            return None
        fixed = [name for name, value in properties.items()
                 if discriminator_values(document, value)]
        common = fixed if common is None else [name for name in common if name in fixed]
    if not common:
        return None
    return "type" if "type" in common else common[0]


def _hooks(message: Message, label: str) -> Hooks:
    kind = _format_kind(message.schema_format)
    if kind == "draft-07":
        return prepare_draft07, finish_draft07
    if kind == "2020-12":
        return None, None
    if kind == "openapi-3.0":
        return None, normalise_openapi_node
    raise SchemaError(
        f"{label}: message {message.name!r} has a payload in schema format "
        f"{message.schema_format!r}; schemadiff reads AsyncAPI schemas, JSON Schema (draft-07 or "
        "2020-12) and OpenAPI 3.0 schemas"
    )


def _format_kind(schema_format: str | None) -> str | None:
    if schema_format is None:
        return "draft-07"
    text = schema_format.replace(" ", "").lower()
    if text.startswith("application/vnd.aai.asyncapi"):
        return "draft-07"
    if text.startswith(("application/schema+json", "application/schema+yaml")):
        if text.endswith("version=draft-07"):
            return "draft-07"
        if text.endswith("version=2020-12"):
            return "2020-12"
        return None
    if text.startswith("application/vnd.oai.openapi") and "version=3.0" in text:
        return "openapi-3.0"
    return None


def _component_schema(schema: Any, where: str, label: str) -> Any:
    """A component in AsyncAPI 3's multi-format wrapper is read as its ``schema``."""
    if isinstance(schema, dict) and "schemaFormat" in schema:
        kind = _format_kind(str(schema["schemaFormat"]))
        if kind != "draft-07":
            raise SchemaError(
                f"{label}: #{where} is in schema format {schema['schemaFormat']!r}; components "
                "referenced from payloads must be AsyncAPI or JSON Schema draft-07 schemas"
            )
        return schema.get("schema", {})
    return schema
