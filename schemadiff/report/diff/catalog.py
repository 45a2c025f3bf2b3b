"""Renderers of the rule catalog (``schemadiff rules``): text for people, JSON for tools."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping
from typing import Any

from schemadiff.diff.model import Rule
from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.rich_text import console_text, text_console


def catalog_json(rules: Mapping[str, Rule], options: RenderOptions = PLAIN) -> str:
    """Every rule with every field, sorted by id."""
    return json.dumps(
        {"rules": [rule_json(rules[key]) for key in sorted(rules)]}, indent=2, ensure_ascii=False
    ) + "\n"


def rule_document(rule: Rule, options: RenderOptions = PLAIN) -> str:
    """One rule with every field (``schemadiff rules RULE --format json``)."""
    return json.dumps(rule_json(rule), indent=2, ensure_ascii=False) + "\n"


def rule_text(rule: Rule, options: RenderOptions = PLAIN) -> str:
    """One rule in full: id, summary, both levels with their reasons, and the mirror rule."""
    from schemadiff.report.diff.text import STYLES

    width = max(options.width, 40)
    console = text_console(options)
    console.print(_styled(rule.id, "bold"), end="")
    console.print(f"  ({rule.category})")
    for line in textwrap.wrap(rule.summary, width=width, break_long_words=False,
                              break_on_hyphens=False):
        console.print(line)
    for direction, level, why in (("forward", rule.forward, rule.why_forward),
                                  ("backward", rule.backward, rule.why_backward)):
        console.print()
        console.print(f"{direction}: ", end="")
        console.print(_styled(level.value, STYLES[level]))
        for line in textwrap.wrap(why, width=width, initial_indent="  ", subsequent_indent="  ",
                                  break_long_words=False, break_on_hyphens=False):
            console.print(line)
    if rule.mirror:
        console.print()
        console.print(f"mirror: {rule.mirror}")
    return console_text(console)


def _styled(text: str, style: str) -> Any:
    from rich.text import Text

    return Text(text, style=style)


def rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "summary": rule.summary,
        "category": rule.category,
        "forward": rule.forward.value,
        "backward": rule.backward.value,
        "why_forward": rule.why_forward,
        "why_backward": rule.why_backward,
        "mirror": rule.mirror,
    }


def catalog_text(rules: Mapping[str, Rule], options: RenderOptions = PLAIN) -> str:
    """One block per category: id, forward/backward level, summary."""
    from rich.table import Table
    from rich.text import Text

    from schemadiff.report.diff.text import STYLES

    console = text_console(options)
    by_category: dict[str, list[Rule]] = {}
    for key in sorted(rules):
        by_category.setdefault(rules[key].category, []).append(rules[key])
    for index, category in enumerate(sorted(by_category)):
        if index:
            console.print()
        console.print(Text(category, style="bold underline"))
        table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 1))
        table.add_column("rule", no_wrap=True)
        table.add_column("forward", no_wrap=True)
        table.add_column("backward", no_wrap=True)
        table.add_column("summary", overflow="fold")
        for rule in by_category[category]:
            table.add_row(
                Text(rule.id, style="bold"),
                Text(rule.forward.value, style=STYLES[rule.forward]),
                Text(rule.backward.value, style=STYLES[rule.backward]),
                Text(rule.summary),
            )
        console.print(table)
    console.print()
    console.print(
        f"{len(rules):,} {'rule' if len(rules) == 1 else 'rules'}. forward: old readers read new "
        "data; backward: new readers read old data; full takes the worse of the two. "
        "`schemadiff rules RULE` shows one rule with its reasons."
    )
    return console_text(console)
