"""Every rule's case file: exact findings for each (old, new) pair, and the mirror when reversed.

``cases/<rule-id>.json`` holds the cases of one rule, in the JSON-Schema-Test-Suite's data style:
a list of ``{"id", "description", "old", "new", "expected"}`` where ``expected`` lists every
finding ``compare(old, new)`` returns (rule, path, pointer, side, old and new value), in the
differ's order; an empty list means no finding at all. The first case of a file shows its rule
firing: ``docs/rules.md`` prints it as the rule's example. Cases that expect nothing sit in the
file of the rule they come closest to.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import replace
from typing import Any

import pytest
from rule_cases import CASES_DIR, Case, load_cases

from schemadiff import pointer as jp
from schemadiff.deprecation import DeprecationPolicy, judge
from schemadiff.diff.engine import compare
from schemadiff.diff.model import Change, Mode, Side
from schemadiff.diff.rules import RULES

CASES = load_cases()
_IDS = [case.id for case in CASES]

SYMMETRY_WAIVERS: dict[str, str] = {
    # case id: why its reverse is described by other rules than the mirrors. The six waivers of
    # the old table (ref-inlined, required-empty, message-type-added/-removed,
    # discriminator-value-added/-removed) had all become stale unnoticed, since waived cases
    # returned before asserting.
    "removed-without-deprecation-property": "the policy judges removals only: the reverse "
        "adds the property back, which needs no deprecation",
    "removed-without-deprecation-enum-value": "the policy judges removals only: the reverse "
        "adds the value back, which needs no deprecation",
}
"""Cases whose reverse is described by other rules than the mirrors, each with the reason. A
waiver that no longer applies (the reverse is the mirror after all) fails the test."""


def _finding(change: Any) -> dict[str, Any]:
    return {"rule": change.rule, "path": change.path, "pointer": change.pointer,
            "side": str(change.side), "old": change.old, "new": change.new}


def _changes(case: Case) -> tuple[Change, ...]:
    changes = compare(case.old, case.new)
    if case.earlier is None:
        return changes
    # A rule of the deprecation policy: judged after the differ, with the versions before OLD.
    judgement = judge(changes, [*case.earlier, case.old], policy=DeprecationPolicy(),
                      today=dt.date(2026, 1, 1))
    return (*changes, *judgement.changes)


@pytest.mark.parametrize("case", CASES, ids=_IDS)
def test_case(case: Case) -> None:
    if case.mode is not None:
        # A semantic rule: found by the semantic layer after classification, in one mode.
        from schemadiff.semantics.verdict import judge as judge_all

        report = judge_all(case.old, case.new, Mode(case.mode))
        assert json.loads(json.dumps([_finding(f) for f in report.findings])) == \
            case.expected, case.description
        return
    changes = _changes(case)
    # Values go through JSON so that tuples and lists compare alike, as a report shows them.
    assert json.loads(json.dumps([_finding(c) for c in changes])) == case.expected, \
        case.description
    for change in changes:
        assert change.affects[0] == change.path
        # The pointer names a real node of the side it claims (the safety net relies on it).
        document = case.new if change.side is Side.NEW else case.old
        if change.pointer not in ("", "/$ref"):
            jp.get(document, change.pointer)


@pytest.mark.parametrize("case", CASES, ids=_IDS)
def test_reverse_is_the_mirror(case: Case) -> None:
    """compare(new, old) reports the mirror of each change (same counts per mirrored rule)."""
    forward = Counter(RULES[c.rule].mirror for c in _changes(case))
    backward = Counter(c.rule for c in _changes(replace(case, old=case.new, new=case.old)))
    if case.id in SYMMETRY_WAIVERS:
        assert backward != forward, f"stale symmetry waiver for {case.id!r}: remove it"
    else:
        assert backward == forward, case.description


def test_every_rule_has_a_case_file_whose_first_case_shows_it() -> None:
    files = {path.stem for path in CASES_DIR.glob("*.json")}
    assert sorted(set(RULES) - files) == [], "rules without a case file"
    assert sorted(files - set(RULES)) == [], "case files of no rule"
    first: dict[str, Case] = {}
    for case in CASES:
        first.setdefault(case.rule, case)
    for rule, case in first.items():
        assert rule in {finding["rule"] for finding in case.expected}, (
            f"the first case of cases/{rule}.json must show {rule}")


def test_case_ids_are_unique_and_waivers_name_cases() -> None:
    assert [i for i, n in Counter(_IDS).items() if n > 1] == []
    assert sorted(set(SYMMETRY_WAIVERS) - set(_IDS)) == []
