"""Find the messages one side of a WebSocket sends on one channel of an AsyncAPI document.

The document describes the application (the server). In AsyncAPI 2.x the messages it sends are
those of each channel's ``subscribe`` operation (clients subscribe to them) and the messages it
receives those of ``publish``; in 3.x they are the messages of its ``send`` and ``receive``
operations. ``--direction client-to-server`` picks the other side. A channel is named by its key
in ``channels`` (3.x: or by its ``address``); a document with several channels that carry messages
in that direction needs ``--channel``.

Each message is named by its ``name``, else its ``messageId`` (2.x), else its key (in
``components.messages`` or, in 3.x, in the channel's ``messages``). References inside the document
(``#/...``) are followed; references to other files are refused (bundle the document first).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from schemadiff import pointer as jp
from schemadiff.asyncapi import Direction
from schemadiff.errors import SchemaError

_MAX_REFS = 64


@dataclass(frozen=True, slots=True)
class Message:
    """One message of the channel: its name, payload schema and that schema's format."""

    name: str
    payload: Any
    """The payload schema as written (``{}`` when the message has none: any payload)."""
    schema_format: str | None
    where: str
    """JSON Pointer of the payload in the document (for error messages)."""


@dataclass(frozen=True, slots=True)
class Channel:
    """A channel and the messages sent on it in the chosen direction, in document order."""

    name: str
    messages: tuple[Message, ...]


def select_channel(
    document: dict[str, Any],
    version: str,
    *,
    channel: str | None,
    direction: Direction,
    label: str,
) -> Channel:
    """Return the channel ``channel`` names (or the only one with messages) and its messages."""
    reader = _Reader(document, label)
    found = reader.channels_v2(direction) if version.startswith("2.") else reader.channels_v3(
        direction
    )
    with_messages = [item for item in found if item.channel.messages]
    if channel is not None:
        for item in found:
            if channel in item.names:
                if not item.channel.messages:
                    raise SchemaError(
                        f"{label}: channel {channel!r} has no {_verb(direction)} messages"
                        f" ({direction}); try --direction {_other(direction)}"
                    )
                return item.channel
        known = ", ".join(repr(item.channel.name) for item in found) or "none"
        raise SchemaError(f"{label}: no channel {channel!r} (channels: {known})")
    if len(with_messages) == 1:
        return with_messages[0].channel
    if not with_messages:
        raise SchemaError(
            f"{label}: no channel has {_verb(direction)} messages ({direction}); try "
            f"--direction {_other(direction)}"
        )
    names = ", ".join(repr(item.channel.name) for item in with_messages)
    raise SchemaError(f"{label}: several channels carry {direction} messages ({names}); pick one "
                      "with --channel")


@dataclass(frozen=True, slots=True)
class _Found:
    channel: Channel
    names: tuple[str, ...]
    """Every name that selects this channel: its key and, in 3.x, its address."""


def _verb(direction: Direction) -> str:
    return "server-sent" if direction is Direction.SERVER_TO_CLIENT else "client-sent"


def _other(direction: Direction) -> str:
    return (Direction.CLIENT_TO_SERVER if direction is Direction.SERVER_TO_CLIENT
            else Direction.SERVER_TO_CLIENT).value


class _Reader:
    def __init__(self, document: dict[str, Any], label: str) -> None:
        self.document = document
        self.label = label

    def deref(self, node: Any, where: str) -> tuple[Any, str]:
        """Follow ``$ref`` chains inside the document; return the target and its pointer."""
        for _ in range(_MAX_REFS):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                return node, where
            ref = node["$ref"]
            if not ref.startswith("#"):
                raise SchemaError(
                    f"{self.label}: external $ref {ref!r} at #{where} is not supported; bundle "
                    "the document into one file first"
                )
            try:
                target = unquote(ref[1:])
                node = jp.get(self.document, target)
            except SchemaError:
                raise SchemaError(
                    f"{self.label}: dangling $ref {ref!r} at #{where}: it points at nothing"
                ) from None
            where = target
        raise SchemaError(f"{self.label}: $ref chain at #{where} never reaches an object")

    # AsyncAPI 2.x ---------------------------------------------------------------------------
    def channels_v2(self, direction: Direction) -> list[_Found]:
        operation_key = "subscribe" if direction is Direction.SERVER_TO_CLIENT else "publish"
        found: list[_Found] = []
        for name, item in (self.document.get("channels") or {}).items():
            where = jp.join("/channels", name)
            item, item_where = self.deref(item, where)
            messages: list[Message] = []
            operation = item.get(operation_key) if isinstance(item, dict) else None
            if isinstance(operation, dict):
                op_where = jp.join(item_where, operation_key)
                operation, op_where = self.deref(operation, op_where)
                if isinstance(operation, dict) and "message" in operation:
                    self.flatten_v2(operation["message"], jp.join(op_where, "message"), messages)
            found.append(_Found(Channel(name, tuple(messages)), (name,)))
        return found

    def flatten_v2(self, node: Any, where: str, into: list[Message]) -> None:
        message, where = self.deref(node, where)
        if not isinstance(message, dict):
            return
        if isinstance(message.get("oneOf"), list) and "payload" not in message:
            for index, member in enumerate(message["oneOf"]):
                self.flatten_v2(member, jp.join(where, "oneOf", index), into)
            return
        name = _text(message.get("name")) or _text(message.get("messageId"))
        name = name or _component_key(where, "messages") or _payload_name(message)
        into.append(Message(
            name=name or f"message-{len(into)}",
            payload=message.get("payload", {}),
            schema_format=_text(message.get("schemaFormat")),
            where=jp.join(where, "payload"),
        ))

    # AsyncAPI 3.x ---------------------------------------------------------------------------
    def channels_v3(self, direction: Direction) -> list[_Found]:
        action = "send" if direction is Direction.SERVER_TO_CLIENT else "receive"
        channels: dict[str, tuple[str, dict[str, Any]]] = {}  # resolved pointer -> (key, channel)
        found: dict[str, tuple[str, list[Message], tuple[str, ...]]] = {}
        for key, node in (self.document.get("channels") or {}).items():
            channel, target = self.deref(node, jp.join("/channels", key))
            if not isinstance(channel, dict):
                continue
            channels[target] = (key, channel)
            channels[jp.join("/channels", key)] = (key, channel)
            address = _text(channel.get("address"))
            found[key] = (key, [], (key, address) if address else (key,))
        for op_key, node in (self.document.get("operations") or {}).items():
            operation, op_where = self.deref(node, jp.join("/operations", op_key))
            if not isinstance(operation, dict) or operation.get("action") != action:
                continue
            ref = operation.get("channel", {}).get("$ref") if isinstance(
                operation.get("channel"), dict) else None
            if not isinstance(ref, str):
                continue
            _, channel_where = self.deref(operation["channel"], jp.join(op_where, "channel"))
            key, channel = channels.get(channel_where, (None, None))
            if key is None or channel is None:
                continue
            listed = operation.get("messages")
            if isinstance(listed, list):
                entries = [(member, jp.join(op_where, "messages", index))
                           for index, member in enumerate(listed)]
            else:
                # Without a list, the operation carries every message of its channel.
                entries = [(member, jp.join(channel_where, "messages", name))
                           for name, member in (channel.get("messages") or {}).items()]
            messages = found[key][1]
            for member, where in entries:
                self.add_v3(member, where, messages)
        return [_Found(Channel(key, tuple(messages)), names)
                for key, messages, names in found.values()]

    def add_v3(self, node: Any, where: str, into: list[Message]) -> None:
        # A channel's message key is its id; follow the references one at a time so that the
        # first key on the way (the channel's, else the component's) names the message.
        key = _component_key(where, "messages")
        for _ in range(_MAX_REFS):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                break
            node, where = self.deref({"$ref": node["$ref"]}, where)
            key = key or _component_key(where, "messages")
        if not isinstance(node, dict):
            return
        if any(existing.where == jp.join(where, "payload") for existing in into):
            return  # Listed by two operations of the same action: one message.
        payload, payload_where = node.get("payload", {}), jp.join(where, "payload")
        schema_format: str | None = None
        if _is_multi_format(payload):
            schema_format = _text(payload.get("schemaFormat"))
            payload, payload_where = payload.get("schema", {}), jp.join(payload_where, "schema")
        name = _text(node.get("name")) or key or _payload_name(node)
        into.append(Message(
            name=name or f"message-{len(into)}",
            payload=payload,
            schema_format=schema_format,
            where=payload_where,
        ))


def _is_multi_format(payload: Any) -> bool:
    if not isinstance(payload, dict):
        return False
    if "schemaFormat" in payload:
        return True
    keys = {key for key in payload if not key.startswith("x-")}
    return keys == {"schema"}


def _component_key(where: str, kind: str) -> str | None:
    """The key of a pointer such as ``/components/messages/Key`` or ``/channels/c/messages/Key``."""
    tokens = jp.split("#" + where) if where else []
    if len(tokens) == 3 and tokens[:2] == ["components", kind]:
        return tokens[2]
    if len(tokens) == 4 and tokens[0] == "channels" and tokens[2] == kind:
        return tokens[3]
    return None


def _payload_name(message: dict[str, Any]) -> str | None:
    payload = message.get("payload")
    if isinstance(payload, dict):
        ref = payload.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            return jp.unescape(ref.rsplit("/", 1)[-1])
        return _text(payload.get("title"))
    return None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
