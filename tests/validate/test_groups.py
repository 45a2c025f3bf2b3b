"""Error groups and lazy explanation: what a drift log's report is made of."""

from __future__ import annotations

from typing import Any

import pytest

from schemadiff.validate import Validator, summarise
from schemadiff.validate.model import Issue, Record
from schemadiff.validate.summary import MAX_GROUPS, OTHER_PATHS, Summary, merge


def _never() -> tuple[Issue, ...]:
    raise AssertionError("explained a message that is not shown")


def test_a_full_list_never_explains() -> None:
    summary = Summary(max_errors=1)
    summary.add_invalid(Record("a", 1), "T", [("x", "type")], (Issue("x", "type", "m"),))
    summary.add_invalid(Record("a", 2), "T", [("x", "type"), ("y[]", "enum")], _never)
    assert summary.error_count == 3
    assert [(g.path, g.keyword, g.count, g.line) for g in summary.error_groups()] == [
        ("x", "type", 2, 1), ("y[]", "enum", 1, 2)]


def test_groups_merge_in_input_order_and_shift() -> None:
    first, second = Summary(), Summary()
    first.add_invalid(Record("a", 5), "T", [("x", "type")], ())
    second.add_invalid(Record("a", 2), "T", [("x", "type")], ())
    second.add_invalid(Record("a", 3), "U", [("", "required")], ())
    merged = merge(first, second.shifted(10))
    assert [(g.type, g.count, g.line) for g in merged.error_groups()] == [
        ("T", 2, 5), ("U", 1, 13)]


def test_groups_are_bounded() -> None:
    summary = Summary(max_errors=0)
    for number in range(MAX_GROUPS + 50):
        summary.add_invalid(Record("a", number + 1), "T", [(f"p{number}", "type")], _never)
    assert len(summary.groups) == MAX_GROUPS + 1
    other = summary.groups["T", OTHER_PATHS, "type"]
    assert other[0] == 50


def test_group_paths_fold_array_indices(schema: dict[str, Any]) -> None:
    validator = Validator(schema)
    message = {"type": "shot_updated", "payload": {"status": 7}}
    name, keys = validator.errors_of(message)
    assert name == "ShotMessage"
    assert ("payload.status", "type") in keys
    assert all("[0]" not in path for path, _ in keys)
    generation = {"type": "generation_created", "payload": {"predictions": [{"status": 1}] * 3}}
    _, keys = validator.errors_of(generation)
    assert any(path.startswith("payload.predictions[]") for path, _ in keys)


@pytest.mark.parametrize("strict", [False, True])
def test_counts_match_the_groups(schema: dict[str, Any], strict: bool) -> None:
    messages = [{"type": "auth_success", "context": "c", "extra": 1},
                {"type": "nope"}, "text", {"type": "auth_error", "error": "e"}]
    summary = summarise(messages, Validator(schema, strict=strict), max_errors=0)
    assert summary.invalid == 3
    assert sum(group.count for group in summary.error_groups()) == summary.error_count
    keywords = {group.keyword for group in summary.error_groups()}
    assert ("strict" in keywords) is strict
