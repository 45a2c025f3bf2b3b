"""DeepDiff as the independent oracle of the safety net's structural walk.

The raw differ of the safety net (``schemadiff/diff/rawdiff.py``) lists every leaf difference
between changed definitions with a walk of its own, so that ``schemadiff diff`` does not pay
DeepDiff's import time on every run. Here DeepDiff, which knows nothing of schemadiff, checks
that walk on random releases of the real snapshot: every difference DeepDiff reports lies at,
inside or around one the walk reports, and the two agree on whether there is any difference at all.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
import snapshot_mutations
from deepdiff import DeepDiff
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemadiff import pointer as jp
from schemadiff.diff import rawdiff


def _deepdiff_pointers(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str]]:
    pointers: list[tuple[str, str]] = []
    for prefix, before, after in rawdiff.changed_pairs(old, new):
        tree = DeepDiff(before, after, view="tree", threshold_to_diff_deeper=0,
                        ignore_order_func=lambda level: bool(level.path(output_format="list"))
                        and level.path(output_format="list")[-1] in {"anyOf", "oneOf", "allOf"})
        for levels in tree.values():
            for level in levels:
                # Inside a bag the two sides' paths differ; either may be the one to match.
                pointers.append(tuple(  # type: ignore[arg-type]
                    jp.join("", *prefix, *level.path(output_format="list", use_t2=use_t2))
                    for use_t2 in (False, True)))
    return pointers


def _walk_pointers(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [jp.join("", *tokens) for difference in rawdiff.raw_differences(old, new)
            for tokens in (difference.old_tokens, difference.new_tokens) if tokens is not None]


def _seen(pair: tuple[str, str], walk: list[str]) -> bool:
    return any(_related(p, q) for p in pair for q in walk)


def _related(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_every_deepdiff_difference_is_seen_by_the_walk(data: st.DataObject) -> None:
    if not snapshot_mutations.SNAPSHOT.is_file():
        pytest.skip(f"{snapshot_mutations.SNAPSHOT} is absent")
    old = snapshot_mutations.load()
    new = copy.deepcopy(old)
    done = snapshot_mutations.mutate(data.draw, new)
    walk = _walk_pointers(old, new)
    oracle = _deepdiff_pointers(old, new)
    assert bool(walk) == bool(oracle), done
    missed = [p for p in oracle if not _seen(p, walk)]
    assert missed == [], (done, missed, walk)


@pytest.mark.parametrize(("old", "new"), [
    ({"const": 1}, {"const": True}),  # JSON's true is not 1, though Python says so.
    ({"enum": ["a", "b"]}, {"enum": ["b", "a"]}),  # Order of an enum is a raw difference.
    ({"anyOf": [{"type": "string"}, {"$ref": "#/$defs/B"}]},
     {"anyOf": [{"$ref": "#/$defs/B"}, {"type": "string", "maxLength": 3}]}),
    ({"properties": {"a": {"type": "integer"}}}, {"properties": {"a": {"type": "number"}}}),
])
def test_walk_and_deepdiff_agree_on_small_cases(old: Any, new: Any) -> None:
    before, after = {"$defs": {"A": old}}, {"$defs": {"A": new}}
    walk = _walk_pointers(before, after)
    oracle = _deepdiff_pointers(before, after)
    assert walk
    assert all(_seen(p, walk) for p in oracle), (walk, oracle)


def test_equal_numbers_of_different_spelling_are_no_difference() -> None:
    before, after = {"$defs": {"A": {"maximum": 1}}}, {"$defs": {"A": {"maximum": 1.0}}}
    assert rawdiff.raw_differences(before, after) == []
