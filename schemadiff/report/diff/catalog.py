"""Renderers of the rule catalog (``schemadiff rules``): text for people, JSON for tools."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from typing import Any

from schemadiff.diff.model import Rule

CATALOG_FORMATS: tuple[str, ...] = ("text", "json")


def render_catalog(
    rules: Mapping[str, Rule], name: str, *, color: bool = False, width: int = 80
) -> str:
    """Render the catalog in format ``name`` (one of :data:`CATALOG_FORMATS`)."""
    if name == "json":
        return catalog_json(rules)
    if name == "text":
        return catalog_text(rules, color=color, width=width)
    raise KeyError(name)


def catalog_json(rules: Mapping[str, Rule]) -> str:
    """Every rule with every field, sorted by id."""
    return json.dumps(
        {"rules": [rule_json(rules[key]) for key in sorted(rules)]}, indent=2, ensure_ascii=False
    ) + "\n"


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


def catalog_text(rules: Mapping[str, Rule], *, color: bool = False, width: int = 80) -> str:
    """One block per category: id, forward/backward level, summary."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from schemadiff.report.diff.text import STYLES

    buffer = io.StringIO()
    console = Console(
        file=buffer, width=max(width, 40), force_terminal=color, no_color=not color,
        color_system="standard" if color else None, highlight=False, markup=False, emoji=False,
        force_jupyter=False, force_interactive=False, legacy_windows=False,
    )
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
        f"{len(rules)} rules. forward: old readers read new data; backward: new readers read "
        "old data; full takes the worse of the two."
    )
    # Rich pads table cells to the column width; trailing blanks are noise in logs and diffs.
    return "".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines())
