"""The rule catalog as Markdown (``docs/rules.md``), generated from :data:`RULES`.

The prose comes from the template ``ruledoc.md`` beside this module; each rule gets a table row,
its reasons, and an example (the first case of its case file, the way ruff's rule pages show one).
``tests/diff/test_rules.py`` checks that the file is in sync; regenerate it with
``SCHEMADIFF_REGEN_GOLDEN=1 pytest tests/diff/test_rules.py``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from schemadiff.diff.rules import CATEGORIES, RULES

TEMPLATE: Final = Path(__file__).with_name("ruledoc.md")
_RULES_MARKER: Final = "<!-- rules -->"
_INLINE: Final = 110
"""Schemas longer than this (as compact JSON) are not printed inline; the example names its file."""


@dataclass(frozen=True, slots=True)
class Example:
    """One case of a rule: the two schemas and the findings the differ reports for them."""

    description: str
    old: Any
    new: Any
    findings: Sequence[Mapping[str, Any]]


def render(examples: Mapping[str, Example]) -> str:
    """Return the full text of ``docs/rules.md``; ``examples`` holds one example per rule id."""
    template = TEMPLATE.read_text(encoding="utf-8")
    lines = [f"## Rules ({len(RULES)})", ""]
    for category in CATEGORIES:
        rules = [rule for rule in RULES.values() if rule.category == category]
        lines += [f"### {category}", "",
                  "| id | forward | backward | mirror | summary |", "|---|---|---|---|---|"]
        for rule in rules:
            mirror = "(itself)" if rule.mirror == rule.id else f"`{rule.mirror}`"
            lines.append(f"| `{rule.id}` | {rule.forward} | {rule.backward} | {mirror} | "
                         f"{rule.summary} |")
        lines.append("")
        for rule in rules:
            lines += [f"- `{rule.id}`: forward {rule.forward}: {rule.why_forward} "
                      f"Backward {rule.backward}: {rule.why_backward}"]
            example = examples.get(rule.id)
            if example is not None:
                lines += _example(rule.id, example)
        lines.append("")
    return template.replace(_RULES_MARKER, "\n".join(lines).rstrip("\n")).rstrip("\n") + "\n"


def _example(rule_id: str, example: Example) -> list[str]:
    old, new = _compact(example.old), _compact(example.new)
    shown = [f for f in example.findings if f["rule"] == rule_id][:1]
    where = "; ".join(f"`{f['rule']}` at `{f['path']}` (`{f['pointer']}`)" for f in shown)
    if len(old) <= _INLINE and len(new) <= _INLINE:
        return [f"  Example ({example.description}): `{old}` → `{new}` gives {where}."]
    return [f"  Example ({example.description}, in `tests/diff/cases/{rule_id}.json`): "
            f"{where}."]


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
