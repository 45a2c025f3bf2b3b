"""Helpers of the validate tests: a log with injected faults, HAR documents.

The fault log is built from ``generate_messages`` (valid by construction) with one fault injected
on each of a few known lines; ``expected`` says, per line, which ``(path, keyword)`` pairs the
validator must report there, and every other line must be reported valid.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

MESSAGES = 40


@dataclass(frozen=True)
class FaultLog:
    directory: Path
    messages: list[Any]
    """The message (or raw bytes for lines that are not JSON) of each line, line 1 first."""
    expected: dict[int, set[tuple[str, str]]]
    """Line number to the (path, keyword) pairs expected there."""

    def lines(self) -> list[bytes]:
        return [m if isinstance(m, bytes) else orjson.dumps(m) for m in self.messages]


def _first(messages: list[Any], start: int, predicate: Any) -> int:
    return next(i for i in range(start, len(messages)) if predicate(messages[i]))


def _is_generation(message: Any) -> bool:
    return isinstance(message, dict) and message.get("type", "").startswith("generation")


def build_fault_log(directory: Path) -> FaultLog:
    from sartiq.messages import generate_messages

    messages: list[Any] = [copy.deepcopy(m) for m in generate_messages("0.1.0", MESSAGES, seed=11)]
    expected: dict[int, set[tuple[str, str]]] = {}
    # Wrong enum value, deep inside an array.
    i = _first(messages, 2, lambda m: _is_generation(m) and len(m["payload"]["predictions"]) >= 3)
    messages[i]["payload"]["predictions"][2]["status"] = "exploded"
    expected[i + 1] = {("payload.predictions[2].status", "enum")}
    # Missing required field.
    i = _first(messages, i + 1, _is_generation)
    del messages[i]["payload"]["id"]
    expected[i + 1] = {("payload", "required")}
    # Wrong type.
    i = _first(messages, i + 1, _is_generation)
    messages[i]["payload"]["batch_size"] = "six"
    expected[i + 1] = {("payload.batch_size", "type")}
    # Null where the field is not nullable (a $ref to a string enum).
    i = _first(messages, i + 1, lambda m: isinstance(m, dict) and m["type"].startswith("shot"))
    messages[i]["payload"]["status"] = None
    expected[i + 1] = {("payload.status", "type"), ("payload.status", "enum")}
    # Unknown message type.
    i = _first(messages, i + 1, _is_generation)
    messages[i]["type"] = "generation_exploded"
    expected[i + 1] = {("type", "discriminator")}
    # A valid message wrapped in the envelope stays valid.
    i = _first(messages, i + 1, _is_generation)
    messages[i] = {"data": messages[i]}
    # A wrapped message with a fault reports the path from the line's root.
    i = _first(messages, i + 1, _is_generation)
    messages[i] = {"data": messages[i]}
    messages[i]["data"]["payload"]["width"] = -0.5
    expected[i + 1] = {("data.payload.width", "type")}
    assert i < 29, "the generator's mix changed; move the faults"
    # Not JSON (line 31), and a truncated line (line 34).
    messages.insert(30, b"{this is not json}")
    expected[31] = {("", "json")}
    truncated = orjson.dumps(messages[33])
    messages[33] = truncated[: len(truncated) // 2]
    expected[34] = {("", "json")}
    return FaultLog(directory, messages, expected)


def har_document(frames: list[dict[str, Any]]) -> dict[str, Any]:
    return {"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": [
        {"request": {"method": "GET", "url": "https://example.test/"}, "response": {"status": 200}},
        {"request": {"method": "GET", "url": "wss://example.test/ws"},
         "response": {"status": 101}, "_resourceType": "websocket",
         "_webSocketMessages": frames},
    ]}}
