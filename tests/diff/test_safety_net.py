"""The independent safety net (DeepDiff): what it catches, its coverage rule, and that it is quiet.

The net lists every leaf difference of each changed definition with DeepDiff and checks each is
covered by a change (rules in ``schemadiff/diff/coverage.py``); the rest becomes a finding.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
import snapshot_mutations
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemadiff.diff import coverage, rawdiff
from schemadiff.diff.engine import _walk, compare
from schemadiff.diff.model import Side

S = "https://json-schema.org/draft/2020-12/schema"


@pytest.fixture(scope="module")
def snapshot() -> dict[str, Any]:
    if not snapshot_mutations.SNAPSHOT.is_file():
        pytest.skip(f"{snapshot_mutations.SNAPSHOT} is absent")
    return snapshot_mutations.load()


def _engine_alone(old: dict[str, Any], new: dict[str, Any]) -> list[coverage.Uncovered]:
    """What the net finds that the walk (before the net) did not cover."""
    walker = _walk(copy.deepcopy(old), copy.deepcopy(new))
    return coverage.uncovered(old, new, [(r.rule.id, r.pointer) for r in walker.records])


# --- what the net catches ------------------------------------------------------------------------
def test_vendor_key_on_a_message_union_member_is_an_annotation(snapshot: dict[str, Any]) -> None:
    """The union node's members are compared by discriminator, so their own keys were dropped."""
    new = copy.deepcopy(snapshot)
    new["$defs"]["WebSocketMessage"]["properties"]["data"]["anyOf"][1]["x-vendor-extension"] = {
        "go-type": "ShotMessage"}
    pointer = "/$defs/WebSocketMessage/properties/data/anyOf/1/x-vendor-extension"
    assert [(u.rule.id, u.difference.pointer) for u in _engine_alone(snapshot, new)] == [
        ("annotation-changed", pointer)]
    (change,) = compare(snapshot, new)
    assert (change.rule, change.path, change.pointer, change.side, change.old, change.new) == (
        "annotation-changed", "WebSocketMessage.data<ShotMessage>", pointer, Side.NEW, None,
        {"go-type": "ShotMessage"})


def test_content_media_type_and_x_keys_are_info_everywhere(snapshot: dict[str, Any]) -> None:
    """contentMediaType/contentEncoding are annotations since 2019-09, x- keys are vendor notes."""
    new = copy.deepcopy(snapshot)
    email = new["$defs"]["UserSummary"]["properties"]["email"]
    email["contentMediaType"] = "text/plain"
    email["x-go-type"] = "mail.Address"
    changes = compare(snapshot, new)
    assert sorted((c.rule, c.pointer) for c in changes) == [
        ("annotation-changed", "/$defs/UserSummary/properties/email/contentMediaType"),
        ("annotation-changed", "/$defs/UserSummary/properties/email/x-go-type"),
    ]


def test_unknown_keyword_in_an_unreferenced_nested_definition_is_unclassified() -> None:
    old = {"$schema": S, "type": "object", "$defs": {
        "A": {"type": "string", "$defs": {"Inner": {"type": "string", "frobnicate": 1}}}}}
    new = copy.deepcopy(old)
    new["$defs"]["A"]["$defs"]["Inner"]["frobnicate"] = 2
    new["$defs"]["A"]["$defs"]["Extra"] = {"type": "integer"}
    changes = compare(old, new)
    assert sorted((c.rule, c.pointer, c.old, c.new) for c in changes) == [
        ("definition-added", "/$defs/A/$defs/Extra", None, {"type": "integer"}),
        ("unclassified", "/$defs/A/$defs/Inner/frobnicate", 1, 2),
    ]
    assert all(c.path == "A" for c in changes)


def test_reference_retargeted_to_an_identical_definition_is_restructured() -> None:
    old = {"$schema": S, "$ref": "#/$defs/Root", "$defs": {
        "Root": {"type": "object", "properties": {"p": {"$ref": "#/$defs/A"}}},
        "A": {"type": "string"}, "B": {"type": "string"}}}
    new = copy.deepcopy(old)
    new["$defs"]["Root"]["properties"]["p"]["$ref"] = "#/$defs/B"
    (change,) = compare(old, new)
    assert (change.rule, change.path, change.pointer, change.old, change.new) == (
        "schema-restructured", "Root.p", "/$defs/Root/properties/p/$ref", "#/$defs/A",
        "#/$defs/B")


def test_a_boolean_const_is_not_the_number_one() -> None:
    """Python's == says True == 1; JSON Schema (and DeepDiff) do not."""
    old = {"$defs": {"A": {"properties": {"a": {"const": 1}, "b": {"type": "string"}}}}}
    new = {"$defs": {"A": {"properties": {"a": {"const": True}, "b": {"type": "integer"}}}}}
    rules = sorted(c.rule for c in compare(old, new))
    assert rules == ["type-changed", "unclassified"]


# --- the coverage rule ----------------------------------------------------------------------------
def _raw(old: Any, new: Any) -> list[rawdiff.RawDifference]:
    return rawdiff.raw_differences({"$defs": {"A": old}}, {"$defs": {"A": new}})


@pytest.mark.parametrize(("old", "new", "claims", "covered"), [
    # An enum value appended: DeepDiff says iterable_item_added at /enum/2; the finding names /enum.
    ({"enum": ["a", "b"]}, {"enum": ["a", "b", "c"]},
     [("enum-value-added", "/$defs/A/enum")], True),
    # A name added to required, reported at the property it makes required.
    ({"properties": {"a": {}}, "required": ["b"]},
     {"properties": {"a": {}}, "required": ["b", "a"]},
     [("property-became-required", "/$defs/A/required")], True),
    # A whole property added: DeepDiff reports the subtree once, the finding is at it.
    ({"properties": {}}, {"properties": {"p": {"type": "string", "maxLength": 3}}},
     [("property-added", "/$defs/A/properties/p")], True),
    # A subtree removed and the finding is inside it (rule 3).
    ({"properties": {"p": {"not": {"type": "string"}}}}, {"properties": {"p": {}}},
     [("not-removed", "/$defs/A/properties/p/not")], True),
    # const on one side, enum on the other: one finding at one of the two spellings (rule 4).
    ({"const": "a"}, {"enum": ["a", "b"]}, [("enum-value-added", "/$defs/A/enum")], True),
    # A nullable wrapper covers the node's own keys moving into anyOf ...
    ({"type": "string", "maxLength": 3},
     {"anyOf": [{"type": "string", "maxLength": 3}, {"type": "null"}]},
     [("property-became-nullable", "/$defs/A")], True),
    # ... but not a change deeper inside the node.
    ({"type": "object", "properties": {"x": {"maxLength": 1}}},
     {"type": ["object", "null"], "properties": {"x": {"maxLength": 2}}},
     [("property-became-nullable", "/$defs/A")], False),
    # A finding elsewhere covers nothing here.
    ({"maxLength": 3, "minLength": 1}, {"maxLength": 4, "minLength": 2},
     [("max-length-loosened", "/$defs/A/maxLength")], False),
    # A prefix by characters is not a prefix by tokens.
    ({"properties": {"ab": {"type": "string"}}}, {"properties": {"ab": {"type": "integer"}}},
     [("type-changed", "/$defs/A/properties/a")], False),
])
def test_coverage_rule(old: Any, new: Any, claims: list[tuple[str, str]], covered: bool) -> None:
    raws = _raw(old, new)
    assert raws
    judge = coverage.Coverage({"$defs": {"A": old}}, {"$defs": {"A": new}}, claims)
    assert all(judge.covers(raw) for raw in raws) is covered, raws


def test_discriminator_finding_covers_the_referenced_enum(snapshot: dict[str, Any]) -> None:
    """discriminator-value-added is reported at GenerationMessage.type, the raw edit is in the
    GenerationSocketEventType definition it references."""
    new = copy.deepcopy(snapshot)
    new["$defs"]["GenerationSocketEventType"]["enum"].append("generation_paused")
    assert _engine_alone(snapshot, new) == []
    (change,) = compare(snapshot, new)
    assert (change.rule, change.pointer) == (
        "discriminator-value-added", "/$defs/GenerationMessage/properties/type")


def test_unchanged_definitions_are_not_compared(snapshot: dict[str, Any]) -> None:
    new = copy.deepcopy(snapshot)
    new["$defs"]["UserSummary"]["title"] = "User"
    assert [prefix for prefix, _, _ in rawdiff.changed_pairs(snapshot, new)] == [
        ("$defs", "UserSummary")]
    assert rawdiff.changed_pairs(snapshot, copy.deepcopy(snapshot)) == []


def test_schema_steps_tell_property_names_from_keywords() -> None:
    assert coverage.in_annotation(("properties", "title", "type")) is False
    assert coverage.in_annotation(("properties", "title", "title")) is True
    assert coverage.in_annotation(("anyOf", 0, "x-go", "a")) is True
    assert coverage.in_annotation(("enum", 0)) is False


# --- quiet on ordinary changes --------------------------------------------------------------------
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_every_raw_difference_of_a_real_release_is_covered(data: st.DataObject) -> None:
    """For random mutations of snapshots/0.1.0.json every DeepDiff difference is covered: by the
    walk's own findings, except the union members' own keys, which only the net sees."""
    if not snapshot_mutations.SNAPSHOT.is_file():
        pytest.skip(f"{snapshot_mutations.SNAPSHOT} is absent")
    old = snapshot_mutations.load()
    new = copy.deepcopy(old)
    done = snapshot_mutations.mutate(data.draw, new)
    left = [(u.rule.id, u.difference.pointer) for u in _engine_alone(old, new)]
    member = "/$defs/WebSocketMessage/properties/data/anyOf/0/description"
    assert left in ([], [("annotation-changed", member)]), done
    changes = compare(old, new)
    assert not [c for c in changes if c.rule == "unclassified"], done
    claims = [(c.rule, c.pointer) for c in changes]
    assert coverage.uncovered(old, new, claims) == [], done
    if old != new:
        assert changes, done
