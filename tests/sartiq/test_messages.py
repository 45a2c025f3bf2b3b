"""The message generator: deterministic, realistic, and valid against the app's own schema."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import jsonschema
import pytest

from sartiq.app import create_app
from sartiq.enums import enum_values
from sartiq.messages import generate_messages
from sartiq.models import models_for

VERSIONS = ("0.1.0", "0.2.0")


def _validator(version: str, member: str) -> jsonschema.Draft202012Validator:
    components = create_app(version).openapi()["components"]
    schema = {"$ref": f"#/components/schemas/{member}", "components": components}
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _member_for(version: str, message_type: str) -> str:
    enums = enum_values(version)
    if message_type in enums["GenerationSocketEventType"]:
        return "GenerationMessage"
    if message_type in enums["ShotSocketEventType"]:
        return "ShotMessage"
    return {
        "auth_success": "AuthSuccessMessage",
        "auth_error": "AuthErrorMessage",
        "notification": "NotificationMessage",
    }[message_type]


@pytest.mark.parametrize("version", VERSIONS)
def test_messages_validate_against_the_published_schema(version: str) -> None:
    envelope = _validator(version, "WebSocketMessage")
    members: dict[str, jsonschema.Draft202012Validator] = {}
    for index, message in enumerate(generate_messages(version, count=80, seed=7)):
        member = _member_for(version, message["type"])
        if member not in members:
            members[member] = _validator(version, member)
        validator = members[member]
        assert list(validator.iter_errors(message)) == [], (member, message["type"])
        if index < 20:  # The union check tries every member in turn; a sample is enough.
            envelope.validate({"data": message})


@pytest.mark.parametrize("version", VERSIONS)
def test_messages_are_exactly_what_the_models_would_serialise(version: str) -> None:
    models = models_for(version)
    for message in generate_messages(version, count=60, seed=3):
        model = getattr(models, _member_for(version, message["type"]))
        assert model.model_validate(message).model_dump(mode="json") == message


@pytest.mark.parametrize("version", VERSIONS)
def test_the_mix_is_realistic(version: str) -> None:
    messages = list(generate_messages(version, count=1000, seed=1))
    kinds = Counter(_member_for(version, m["type"]) for m in messages)
    assert kinds["GenerationMessage"] > 700
    assert kinds["ShotMessage"] > 80
    assert kinds["AuthSuccessMessage"] > 0
    assert kinds["AuthErrorMessage"] > 0
    assert (kinds["NotificationMessage"] > 0) == (version == "0.2.0")
    generations = [m for m in messages if "predictions" in m.get("payload", {})]
    sizes = [len(json.dumps(m)) for m in generations]
    assert 6_000 < sum(sizes) / len(sizes) < 12_000
    assert {len(m["payload"]["predictions"]) for m in generations} == set(range(1, 9))
    assert any(p["refines"] for m in generations for p in m["payload"]["predictions"])


def test_messages_are_deterministic_per_seed() -> None:
    first: list[dict[str, Any]] = list(generate_messages("0.1.0", count=20, seed=5))
    assert first == list(generate_messages("0.1.0", count=20, seed=5))
    assert first != list(generate_messages("0.1.0", count=20, seed=6))
    assert len(list(generate_messages("0.2.0", count=0))) == 0
