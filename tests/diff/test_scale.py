"""What the diff's indexes must keep: the same pairings as the plain quadratic scans, and sound
findings for very large unions and enums (behaviour only; the timings are in bench/diff_scale.py).

Union members, the safety net's bags and message variants used to be paired by comparing every
member with every other. They are now paired through indexes; the old scans are kept here as
oracles, and random members (with many ties, since the alphabets are tiny) must pair alike.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from schemadiff.diff import rawdiff
from schemadiff.diff.combinators import Member, match
from schemadiff.diff.engine import compare
from schemadiff.diff.keywords import MAX_ENUM_VALUE_FINDINGS

S = "https://json-schema.org/draft/2020-12/schema"


# --- the old scans, as oracles ---------------------------------------------------------------
def _compatible(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    if a is None or b is None:
        return False
    expand_a = set(a) | ({"integer"} if "number" in a else set())
    expand_b = set(b) | ({"integer"} if "number" in b else set())
    return bool(expand_a & expand_b)


def _match_by_scanning(old: list[Member], new: list[Member]) -> tuple[
        list[tuple[Member, Member]], list[Member], list[Member]]:
    old_left, new_left = list(old), list(new)
    pairs: list[tuple[Member, Member]] = []
    rounds: tuple[Callable[[Member, Member], bool], ...] = (
        lambda a, b: a.key == b.key,
        lambda a, b: a.ref is not None and a.ref == b.ref,
        lambda a, b: bool(a.tags & b.tags),
        lambda a, b: a.types is not None and a.types == b.types and not a.tags and not b.tags,
        lambda a, b: _compatible(a.types, b.types) and not (a.tags and b.tags),
    )
    for same in rounds:
        for a in list(old_left):
            for b in new_left:
                if same(a, b):
                    pairs.append((a, b))
                    old_left.remove(a)
                    new_left.remove(b)
                    break
    if len(old_left) == 1 and len(new_left) == 1 and not (old_left[0].tags and new_left[0].tags):
        pairs.append((old_left[0], new_left[0]))
        old_left, new_left = [], []
    return pairs, old_left, new_left


def _bag_by_scanning(old: list[Any], new: list[Any]) -> tuple[list[tuple[int, int]], list[int],
                                                               list[int]]:
    free = list(range(len(new)))
    pairs: list[tuple[int, int]] = []
    leftover: list[int] = []
    for i, member in enumerate(old):
        found = next((j for j in free if rawdiff.same(member, new[j])), None)
        if found is None:
            leftover.append(i)
        else:
            free.remove(found)
            pairs.append((i, found))
    removed: list[int] = []
    for i in leftover:
        scores = [(_similarity(old[i], new[j]), j) for j in free]
        best = max(scores, default=(0, -1), key=lambda score: score[0])
        if best[0] > 0:
            free.remove(best[1])
            pairs.append((i, best[1]))
        else:
            removed.append(i)
    return pairs, removed, free


def _similarity(old: Any, new: Any) -> int:
    if not isinstance(old, dict) or not isinstance(new, dict):
        return 0
    shared = sum(1 for key, value in old.items() if key in new and rawdiff.same(value, new[key]))
    return shared + (1 if "$ref" in old and old.get("$ref") == new.get("$ref") else 0)


# --- equivalence -------------------------------------------------------------------------------
_types = st.one_of(st.none(), st.frozensets(st.sampled_from(["integer", "number", "string"]),
                                            max_size=2))
_members = st.builds(
    lambda key, ref, tags, types: Member({}, "", "", key, ref, tags, types),
    st.sampled_from(["a", "b", "c"]), st.one_of(st.none(), st.sampled_from(["R", "S"])),
    st.frozensets(st.sampled_from(["x", "y", "z"]), max_size=2), _types)


@settings(max_examples=120, deadline=None)
@given(st.lists(_members, max_size=7), st.lists(_members, max_size=7))
def test_union_members_pair_as_the_scan_did(old: list[Member], new: list[Member]) -> None:
    assert match(old, new) == _match_by_scanning(old, new)


_values = st.sampled_from([0, 1, 1.0, True, False, None, "1", "a"])
# A "$ref" is a string (the metaschema check refuses anything else before the diff runs).
_bag_members = st.one_of(
    _values,
    st.builds(lambda entries, ref: {**entries, **ref},
              st.dictionaries(st.sampled_from(["type", "x"]), _values, max_size=2),
              st.one_of(st.just({}), st.sampled_from(["#/a", "#/b"]).map(lambda r: {"$ref": r}))),
    st.lists(_values, max_size=2),
)


@settings(max_examples=120, deadline=None)
@given(st.lists(_bag_members, max_size=7), st.lists(_bag_members, max_size=7))
def test_bag_members_pair_as_the_scan_did(old: list[Any], new: list[Any]) -> None:
    pairs, removed, added = rawdiff._pair_bag(old, new)
    assert (list(pairs), list(removed), list(added)) == _bag_by_scanning(old, new)


# --- large unions and enums ------------------------------------------------------------------
def _union(n: int) -> dict[str, Any]:
    defs: dict[str, Any] = {
        f"M{i}": {"type": "object", "required": ["type"],
                  "properties": {"type": {"const": f"m{i}", "type": "string"},
                                 "x": {"type": "integer"}}}
        for i in range(n)}
    defs["WebSocketMessage"] = {"type": "object", "required": ["data"], "properties": {
        "data": {"anyOf": [{"$ref": f"#/$defs/M{i}"} for i in range(n)]}}}
    return {"$schema": S, "$ref": "#/$defs/WebSocketMessage", "$defs": defs}


def test_a_large_message_union_pairs_variants_by_discriminator() -> None:
    old = _union(3000)
    new = copy.deepcopy(old)
    members = new["$defs"]["WebSocketMessage"]["properties"]["data"]["anyOf"]
    members.reverse()  # order means nothing
    new["$defs"]["M7"]["properties"]["x"]["type"] = "number"
    new["$defs"]["M9"]["properties"]["type"]["const"] = "m9-renamed"
    found = sorted((c.rule, c.path) for c in compare(old, new))
    # M9 lost its discriminator value: no new variant shares one, so it is a type removed and
    # one added (and its definition's constant changed); M7 is paired with itself.
    assert found == [("const-changed", "M9.type"), ("message-type-added", "M9"),
                     ("message-type-removed", "M9"), ("type-widened", "M7.x")]


def test_a_large_anyof_of_references_pairs_members_by_target() -> None:
    defs = {f"D{i}": {"type": "object", "properties": {"v": {"const": i}}} for i in range(3000)}
    old = {"$schema": S, "anyOf": [{"$ref": f"#/$defs/D{i}"} for i in range(3000)],
           "$defs": defs}
    new = copy.deepcopy(old)
    new["anyOf"].reverse()
    assert compare(old, new) == ()
    del new["anyOf"][5]
    (change,) = compare(old, new)
    assert (change.rule, change.pointer) == ("union-member-removed", "/anyOf/2994")


def _enum(values: list[Any]) -> dict[str, Any]:
    return {"type": "object", "properties": {"p": {"enum": values}}}


def test_enum_values_are_findings_one_by_one_up_to_the_limit() -> None:
    old = _enum([f"a{i}" for i in range(MAX_ENUM_VALUE_FINDINGS)])
    new = _enum([f"b{i}" for i in range(MAX_ENUM_VALUE_FINDINGS)])
    changes = compare(old, new)
    assert len(changes) == 2 * MAX_ENUM_VALUE_FINDINGS
    assert {c.new for c in changes if c.rule == "enum-value-added"} == {
        f"b{i}" for i in range(MAX_ENUM_VALUE_FINDINGS)}


def test_a_huge_enum_change_is_one_sound_finding_per_direction() -> None:
    count = 20_000
    old = _enum([f"a{i}" for i in range(count)] + ["kept"])
    new = _enum(["kept"] + [f"b{i}" for i in range(count)])
    added, removed = sorted(compare(old, new), key=lambda c: c.rule)
    assert (added.rule, added.pointer, added.old) == ("enum-value-added", "/properties/p/enum",
                                                      None)
    assert added.new == {"count": count,
                         "first": [f"b{i}" for i in range(MAX_ENUM_VALUE_FINDINGS)]}
    assert (removed.rule, removed.new) == ("enum-value-removed", None)
    assert removed.old == {"count": count,
                           "first": [f"a{i}" for i in range(MAX_ENUM_VALUE_FINDINGS)]}
    # The reverse is the mirror, as for any change.
    assert sorted(c.rule for c in compare(new, old)) == ["enum-value-added",
                                                         "enum-value-removed"]
