"""From a snapshot to an AsyncAPI document: ``schemadiff export NAME --format asyncapi``.

The document describes one channel on which the server sends the snapshot's messages: one message
per variant of the message union (named by the variant), each payload a ``$ref`` to the variant's
definition, and every definition in ``components.schemas`` written in AsyncAPI's schema format
(draft-07 forms, see :mod:`schemadiff.draft07`). The root definition goes there too, so that
reading the document back finds the union it declares and gives the snapshot's hash again.

AsyncAPI 2.6 puts the messages under the channel's ``subscribe`` operation (clients subscribe to
what the server sends); 3.0 lists them in the channel and in one ``send`` operation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from schemadiff import pointer as jp
from schemadiff.asyncapi import DEFAULT_CHANNEL, AsyncAPIVersion
from schemadiff.draft07 import finish_export
from schemadiff.errors import SchemaError
from schemadiff.extract import SchemaWalker
from schemadiff.messages import find_union
from schemadiff.snapshot import DIALECT, Snapshot

_COMPONENT_KEY = re.compile(r"^[\w.\-]+$")
"""What AsyncAPI allows as a key of ``components.*`` (and, in 3.0, of channels and operations)."""

@dataclass(frozen=True, slots=True)
class Exported:
    """An exported document and what it holds (for the one-line summary)."""

    document: dict[str, Any]
    messages: int
    schemas: int


def export_asyncapi(
    snapshot: Snapshot,
    *,
    version: AsyncAPIVersion = AsyncAPIVersion.V3_0,
    channel: str = DEFAULT_CHANNEL,
) -> Exported:
    """Return the AsyncAPI document of ``snapshot``; :class:`SchemaError` if it cannot be one."""
    label = snapshot.label
    schema = dict(snapshot.schema)
    declared = schema.get("$schema", DIALECT)
    if declared != DIALECT:
        raise SchemaError(
            f"{label}: only JSON Schema 2020-12 snapshots can be exported (this one is {declared})"
        )
    root, defs = _definitions(schema, snapshot)
    for name in defs:
        if not _COMPONENT_KEY.match(name):
            raise SchemaError(
                f"{label}: definition {name!r} cannot be an AsyncAPI component name (letters, "
                "digits, '.', '-' and '_' only)"
            )
    walker = SchemaWalker(label, lambda ref, where: _component_ref(ref, where, label),
                          finish=finish_export)
    schemas = {name: walker.schema(value, jp.join("/$defs", name), 0)
               for name, value in defs.items()}
    messages = _messages(defs, root, label)
    info = _info(snapshot)
    if version is AsyncAPIVersion.V2_6:
        document = _document_v2(info, channel, schemas, messages)
    else:
        document = _document_v3(info, channel, schemas, messages)
    return Exported(document, len(messages), len(schemas))


def render(document: dict[str, Any], *, as_json: bool = False) -> str:
    """The document as YAML (AsyncAPI's usual form) or JSON text, in the order it was built."""
    if as_json:
        import json

        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    import yaml

    text: str = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return text


def _definitions(schema: dict[str, Any], snapshot: Snapshot) -> tuple[str, dict[str, Any]]:
    """The root definition's name and every definition (the root included)."""
    defs = schema.get("$defs")
    defs = dict(defs) if isinstance(defs, dict) else {}
    rest = {key: value for key, value in schema.items() if key not in ("$schema", "$defs")}
    ref = rest.get("$ref")
    if isinstance(ref, str) and set(rest) == {"$ref"} and ref.startswith("#/$defs/"):
        tokens = jp.split(ref)
        if len(tokens) == 2 and tokens[1] in defs:
            return tokens[1], defs
    # The root is written inline: it becomes a component of its own (it reads back as a
    # ``$ref`` to that component, the same schema with another hash).
    name = snapshot.provenance.root if snapshot.provenance else "WebSocketMessage"
    if name in defs:
        raise SchemaError(
            f"{snapshot.label}: the root schema is inline and its name {name!r} is also a "
            "definition; cannot export"
        )
    defs[name] = rest
    return name, defs


def _component_ref(ref: str, where: str, label: str) -> str:
    if ref.startswith("#/$defs/"):
        return "#/components/schemas/" + ref[len("#/$defs/"):]
    raise SchemaError(
        f"{label}: $ref {ref!r} at #{where} does not point into $defs; cannot export it"
    )


def _messages(defs: dict[str, Any], root: str, label: str) -> dict[str, dict[str, Any]]:
    """Message key -> message: one per variant, or the root alone for a schema without a union."""
    union = find_union({"$ref": "#/$defs/" + jp.escape(root), "$defs": defs})
    variants = [(v.name, v.pointer, v.discriminators) for v in union.variants] if union else [
        (root, jp.join("/$defs", root), ())
    ]
    messages: dict[str, dict[str, Any]] = {}
    for name, pointer, values in variants:
        if not pointer.startswith("/$defs/"):
            raise SchemaError(f"{label}: message type {name!r} is not inside $defs; cannot export")
        message: dict[str, Any] = {
            "name": name,
            "payload": {"$ref": "#/components/schemas" + pointer[len("/$defs"):]},
        }
        if union is not None:
            message["summary"] = f"{union.discriminator}: {', '.join(values)}"
        messages[_unique(_key(name), messages)] = message
    return messages


def _key(name: str) -> str:
    key = re.sub(r"[^\w.\-]", "_", name)
    return key or "message"


def _unique(key: str, taken: Mapping[str, Any]) -> str:
    candidate, number = key, 2
    while candidate in taken:
        candidate, number = f"{key}_{number}", number + 1
    return candidate


def _info(snapshot: Snapshot) -> dict[str, Any]:
    provenance = snapshot.provenance
    title = (provenance.api_title if provenance else None) or f"Snapshot {snapshot.label}"
    version = (provenance.api_version if provenance else None) or snapshot.label
    return {
        "title": title,
        "version": version,
        "description": f"Exported by schemadiff from snapshot {snapshot.label} "
                       f"(sha256 {snapshot.sha256[:12]}).",
    }


def _document_v2(
    info: dict[str, Any], channel: str, schemas: dict[str, Any], messages: dict[str, Any]
) -> dict[str, Any]:
    refs = [{"$ref": f"#/components/messages/{key}"} for key in messages]
    message: dict[str, Any] = refs[0] if len(refs) == 1 else {"oneOf": refs}
    return {
        "asyncapi": "2.6.0",
        "info": info,
        "defaultContentType": "application/json",
        "channels": {channel: {"subscribe": {"operationId": "serverMessages",
                                             "message": message}}},
        "components": {"schemas": schemas, "messages": messages},
    }


def _document_v3(
    info: dict[str, Any], channel: str, schemas: dict[str, Any], messages: dict[str, Any]
) -> dict[str, Any]:
    channel_id = _key(channel.strip("/")) if channel.strip("/") else "messages"
    channel_ref = f"#/channels/{channel_id}"
    return {
        "asyncapi": "3.0.0",
        "info": info,
        "defaultContentType": "application/json",
        "channels": {
            channel_id: {
                "address": channel,
                "messages": {key: {"$ref": f"#/components/messages/{key}"} for key in messages},
            }
        },
        "operations": {
            "serverMessages": {
                "action": "send",
                "channel": {"$ref": channel_ref},
                "messages": [{"$ref": f"{channel_ref}/messages/{key}"} for key in messages],
            }
        },
        "components": {"schemas": schemas, "messages": messages},
    }
