"""The test app's 0.1.0 -> 0.2.0 release: every change in tests/sartiq/CHANGES.md is found once."""

from __future__ import annotations

from typing import Any

import pytest

from schemadiff.diff.engine import compare
from schemadiff.diff.model import Level, Mode
from schemadiff.diff.rules import RULES


def _schema(version: str) -> Any:
    app = pytest.importorskip("sartiq.app", reason="the Sartiq test app (tests/sartiq) is absent")
    from schemadiff.extract import extract_openapi

    return extract_openapi(app.create_app(version).openapi()).schema


EXPECTED = {
    # CHANGES.md row: (rule, path)
    ("discriminator-value-added", "GenerationMessage.type"),  # 1
    ("discriminator-value-removed", "ShotMessage.type"),  # 2
    ("enum-value-added", "GenerationMessage.payload.predictions[].status"),  # 3
    ("enum-value-removed", "GenerationMessage.payload.predictions[].status"),  # 3
    ("enum-value-removed", "GenerationMessage.payload.subject_image_media.resource_type"),  # 4
    ("enum-value-added", "ShotMessage.payload.status"),  # 5
    ("enum-value-added", "ShotMessage.payload.shot_type.view_angle"),  # 6
    ("required-property-added", "GenerationMessage.payload.predictions[].model_name"),  # 7
    ("property-became-nullable", "GenerationMessage.payload.predictions[].seed"),  # 8
    ("property-became-optional", "GenerationMessage.payload.predictions[].seed"),  # 8
    ("property-added", "GenerationMessage.payload.priority"),  # 9
    ("required-property-removed", "GenerationMessage.payload.has_product2_lora"),  # 10
    ("property-removed", "GenerationMessage.payload.tone"),  # 11
    ("type-changed", "GenerationMessage.payload.seed"),  # 12
    ("minimum-tightened", "GenerationMessage.payload.batch_size"),  # 13
    ("maximum-tightened", "GenerationMessage.payload.batch_size"),  # 13
    ("property-added", "ShotMessage.payload.revisions[].images[].prediction"),  # 14
    ("property-became-non-nullable", "ShotMessage.payload.revisions[].owner_id"),  # 15
    ("property-became-required", "ShotMessage.payload.revisions[].owner_id"),  # 15
    ("format-added", "AuthSuccessMessage.user_id"),  # 16
    ("message-type-added", "NotificationMessage"),  # 17 and 20 (the union member)
    ("definition-added", "NotificationMessage"),  # 17
    ("definition-added", "NotificationPublic"),  # 18
    ("definition-added", "NotificationLevel"),  # 19
}


def test_every_change_between_the_two_releases() -> None:
    old, new = _schema("0.1.0"), _schema("0.2.0")
    changes = compare(old, new)
    assert {(c.rule, c.path) for c in changes} == EXPECTED
    assert len(changes) == len(EXPECTED)
    status = next(c for c in changes if c.path.endswith("shot_type.view_angle"))
    # ShotTypePublic is shared by both message types: one finding, every path. The third path
    # exists in 0.2.0 only, through the new property ShotRevisionImagePublic.prediction.
    assert status.affects == (
        "ShotMessage.payload.shot_type.view_angle",
        "GenerationMessage.payload.predictions[].shot_type.view_angle",
        "ShotMessage.payload.revisions[].images[].prediction.shot_type.view_angle")
    # Every finding inside PredictionPublic lists both message paths that reach it: the one of
    # both versions and the one that only 0.2.0 has.
    inside = [c for c in changes if c.pointer.startswith("/$defs/PredictionPublic/")]
    assert {c.rule for c in inside} == {"required-property-added", "property-became-nullable",
                                        "property-became-optional"}
    for change in inside:
        tail = change.path.removeprefix("GenerationMessage.payload.predictions[]")
        assert change.affects == (
            change.path, "ShotMessage.payload.revisions[].images[].prediction" + tail)
    status = next(c for c in changes if c.pointer == "/$defs/PredictionStatus/enum")
    assert status.affects == ("GenerationMessage.payload.predictions[].status",
                              "ShotMessage.payload.revisions[].images[].prediction.status")
    # Nothing is left to the safety net and no path list is cut short.
    assert not any(c.rule == "unclassified" for c in changes)
    assert not any(a.startswith("\u2026") for c in changes for a in c.affects)
    assert not any(c.rule == "unclassified" for c in changes)
    # Forward (old clients read new messages): the breaking ones are exactly these.
    breaking = {c.rule for c in changes if RULES[c.rule].level(Mode.FORWARD) is Level.BREAKING}
    assert breaking == {"property-became-nullable", "property-became-optional",
                        "required-property-removed", "type-changed"}
    assert compare(old, old) == ()
