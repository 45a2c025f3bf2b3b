"""The rule catalog is complete and consistent, and docs/rules.md is generated from it."""

from __future__ import annotations

import os
import re
from pathlib import Path

from rule_cases import examples

from schemadiff.diff.model import Level, Mode
from schemadiff.diff.ruledoc import render
from schemadiff.diff.rules import RULES, mirror

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_ids_are_unique_kebab_case_and_keys() -> None:
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule_id), rule_id


def test_every_rule_has_messages_and_a_category() -> None:
    for rule in RULES.values():
        assert rule.summary, rule.id
        assert rule.why_forward.endswith("."), rule.id
        assert rule.why_backward.endswith("."), rule.id
        assert rule.category, rule.id


def test_every_rule_has_a_consistent_mirror() -> None:
    for rule in RULES.values():
        # Every rule names its mirror; a symmetric change (type-changed) mirrors itself.
        assert rule.mirror in RULES, rule.id
        opposite = mirror(rule)
        assert opposite.mirror == rule.id, rule.id
        # Backward is forward with the roles swapped: my backward is my mirror's forward.
        assert rule.backward == opposite.forward, rule.id
        assert rule.forward == opposite.backward, rule.id


def test_full_mode_is_the_worse_of_both() -> None:
    for rule in RULES.values():
        assert rule.level(Mode.FULL) == max(rule.forward, rule.backward, key=lambda lv: lv.rank)


def test_issue_three_forward_levels() -> None:
    expected = {
        "message-type-added": Level.WARNING, "message-type-removed": Level.SAFE,
        "enum-value-added": Level.WARNING, "enum-value-removed": Level.SAFE,
        "property-added": Level.SAFE, "required-property-added": Level.SAFE,
        "required-property-removed": Level.BREAKING, "property-removed": Level.WARNING,
        "property-became-required": Level.SAFE, "property-became-optional": Level.BREAKING,
        "property-became-nullable": Level.BREAKING, "property-became-non-nullable": Level.SAFE,
        "type-changed": Level.BREAKING, "type-widened": Level.BREAKING,
        "type-narrowed": Level.SAFE, "const-changed": Level.BREAKING,
        "format-changed": Level.BREAKING, "max-length-tightened": Level.SAFE,
        "max-length-loosened": Level.WARNING, "annotation-changed": Level.INFO,
        "definition-renamed": Level.INFO, "unclassified": Level.WARNING,
    }
    assert {rule: RULES[rule].forward for rule in expected} == expected


def test_docs_are_in_sync() -> None:
    text = render(examples())
    if os.environ.get("SCHEMADIFF_REGEN_GOLDEN") == "1":
        DOC.write_text(text, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == text, (
        "docs/rules.md is stale: SCHEMADIFF_REGEN_GOLDEN=1 pytest tests/diff/test_rules.py")
    for rule_id in RULES:
        assert f"`{rule_id}`" in text
