"""Load the rule case files of ``cases/`` (one JSON file per rule id)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemadiff.diff.ruledoc import Example

CASES_DIR = Path(__file__).resolve().parent / "cases"


@dataclass(frozen=True, slots=True)
class Case:
    rule: str
    """The rule whose file holds the case."""
    id: str
    description: str
    old: Any
    new: Any
    expected: list[dict[str, Any]]
    earlier: list[Any] | None = None
    """Versions before ``old``, oldest first, for the rules of the deprecation policy: when set,
    the case's changes are the differ's plus what :func:`schemadiff.deprecation.judge` adds."""
    mode: str | None = None
    """Set for the semantic rules: ``expected`` is then the findings of the whole pipeline in
    that mode (:func:`schemadiff.semantics.verdict.judge`), not of ``compare`` alone."""


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.json")):
        for entry in json.loads(path.read_text(encoding="utf-8")):
            cases.append(Case(path.stem, entry["id"], entry["description"], entry["old"],
                              entry["new"], entry["expected"], entry.get("earlier"),
                              entry.get("mode")))
    return cases


def examples() -> dict[str, Example]:
    """The first case of each rule's file, as the rule's example in ``docs/rules.md``."""
    first: dict[str, Example] = {}
    for case in load_cases():
        if case.rule not in first:
            first[case.rule] = Example(case.description, case.old, case.new, case.expected)
    return first
