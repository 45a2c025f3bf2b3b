"""The deprecation policy: removals judged against what earlier versions announced."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from schemadiff.deprecation import DeprecationPolicy, judge
from schemadiff.diff.engine import compare
from schemadiff.diff.model import Mode
from schemadiff.diff.run import run_diff
from schemadiff.store import SnapshotStore

TODAY = dt.date(2026, 6, 1)


def _obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def _judge(history: list[Any], new: Any, **policy: Any) -> Any:
    changes = compare(history[-1], new)
    return changes, judge(changes, history, policy=DeprecationPolicy(**policy), today=TODAY,
                          labels=[f"v{i}" for i in range(len(history))])


def test_a_property_deprecated_in_the_old_version_may_go() -> None:
    old = _obj(a={"type": "string"}, b={"type": "integer", "deprecated": True})
    changes, judgement = _judge([old], _obj(a={"type": "string"}))
    assert judgement.changes == ()
    (removal,) = changes
    assert judgement.allowed == {
        (removal.rule, "b", "/properties/b"):
            "deprecated since v0 (1 version); removal allowed by the deprecation policy",
    }


@pytest.mark.parametrize(("versions", "allowed"), [(1, False), (2, False), (3, True)])
def test_min_versions_counts_consecutive_deprecated_versions(versions: int, allowed: bool) -> None:
    plain = _obj(b={"type": "integer"})
    marked = _obj(b={"type": "integer", "deprecated": True})
    # Deprecated, then un-deprecated, then deprecated again: only the last run counts.
    history = [marked, plain, *[marked] * versions]
    _, judgement = _judge(history, _obj(), min_versions=3)
    assert bool(judgement.allowed) is allowed
    if not allowed:
        (change,) = judgement.changes
        assert change.rule == "removed-without-deprecation"
        assert change.new == f"deprecated for {versions} version{'s' * (versions > 1)}; " \
            "the policy asks for 3 before removal"


@pytest.mark.parametrize(
    ("sunset", "allowed"), [("2026-05-31", True), ("2026-06-01", True), ("2026-06-02", False)],
)
def test_a_sunset_date_decides_when_given(sunset: str, allowed: bool) -> None:
    old = _obj(b={"type": "integer", "deprecated": True, "x-sunset": sunset})
    _, judgement = _judge([old], _obj(), min_versions=1)
    assert bool(judgement.allowed) is allowed
    if not allowed:
        assert judgement.changes[0].new == f"deprecated, but removed before its sunset {sunset}"


def test_enum_values_are_announced_in_x_deprecated_values() -> None:
    old = _obj(p={"enum": ["a", "b", "c"], "x-deprecated-values": ["b"]})
    changes, judgement = _judge([old], _obj(p={"enum": ["a"]}))
    removed = {c.old for c in changes if c.rule == "enum-value-removed"}
    assert removed == {"b", "c"}
    assert [c.old for c in judgement.changes] == ["c"]
    assert [key[0] for key in judgement.allowed] == ["enum-value-removed"]


def test_additions_and_changes_are_not_judged() -> None:
    _, judgement = _judge([_obj(a={"type": "string"})], _obj(a={"type": "integer"}, b={}))
    assert judgement.changes == ()
    assert judgement.allowed == {}


def test_disabled_policy_adds_nothing() -> None:
    _, judgement = _judge([_obj(b={})], _obj(), enabled=False)
    assert judgement.changes == ()
    assert judgement.allowed == {}


def test_pydantic_deprecations_through_the_app_route(release_store: Path) -> None:
    """``Field(deprecated=...)`` reaches the snapshot as ``deprecated: true``, and removing the
    field two releases later is allowed; a field never deprecated is reported."""
    store = SnapshotStore(release_store / "store")
    snapshot = store.read("1.1.0")
    payload = snapshot.schema["$defs"]["ChatPayload"]["properties"]
    assert payload["legacy_id"]["deprecated"] is True
    assert payload["mood"]["x-deprecated-values"] == ["angry"]
    earlier = [store.read("1.0.0"), store.read("1.1.0")]
    report = run_diff(store.read("1.2.0"), store.read("2.0.0"), mode=Mode.FORWARD, policy=None,
                      today=TODAY, earlier=earlier,
                      deprecation=DeprecationPolicy(min_versions=2))
    by_rule = {(f.rule, f.path): f for f in report.findings}
    allowed = by_rule[("property-removed", "ChatMessage.payload.legacy_id")]
    assert allowed.approved
    assert allowed.approval == ("deprecated since 1.1.0 (2 versions); removal allowed by the "
                                "deprecation policy")
    assert by_rule[("enum-value-removed", "ChatMessage.payload.mood")].approved
    assert by_rule[("message-type-removed", "PresenceMessage")].approved
    unannounced = by_rule[("removed-without-deprecation", "ChatMessage.payload.old_flag")]
    assert (unannounced.level, unannounced.new) == ("info", "not deprecated before removal")
    assert not by_rule[("required-property-removed", "ChatMessage.payload.old_flag")].approved
    # Three releases of deprecation were asked for: legacy_id went too early.
    strict = run_diff(store.read("1.2.0"), store.read("2.0.0"), mode=Mode.FORWARD, policy=None,
                      today=TODAY, earlier=earlier,
                      deprecation=DeprecationPolicy(min_versions=3))
    early = [f for f in strict.findings if f.rule == "removed-without-deprecation"]
    assert {f.path: f.new for f in early}["ChatMessage.payload.legacy_id"] == (
        "deprecated for 2 versions; the policy asks for 3 before removal")
    json.dumps([f.new for f in early])  # plain JSON values, as reports need


def test_show_marks_deprecated_items(release_store: Path) -> None:
    from schemadiff.outline import outline
    from schemadiff.report import show_json, show_text

    result = outline(SnapshotStore(release_store / "store").read("1.1.0"))
    text = show_text.render(result)
    assert "legacy_id: integer | null  optional, deprecated" in text
    assert "= happy | sad | angry  deprecated: angry" in text
    assert "PresenceMessage  type: presence  deprecated" in text
    document = json.loads(show_json.render(result))
    chat = next(m for m in document["messages"] if m["name"] == "ChatMessage")
    payload = {f["name"]: f for f in chat["fields"][0]["fields"]}
    assert payload["legacy_id"]["deprecated"] is True
    assert payload["mood"]["deprecated_values"] == ["angry"]
    assert payload["text"]["deprecated"] is False
    assert [m["deprecated"] for m in document["messages"]] == [False, True, False]
