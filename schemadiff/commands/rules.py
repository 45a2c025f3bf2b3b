"""The ``rules`` command: the rule catalog, the ids that policies and reports use, or one rule."""

from __future__ import annotations

from typing import Annotated

import typer

from schemadiff.commands.options import RulesFormatOption


def rules(
    rule: Annotated[str | None, typer.Argument(
        metavar="[RULE]", show_default=False,
        help="Show this rule in full: both levels with their reasons, and its mirror rule.",
    )] = None,
    output_format: RulesFormatOption = "text",
) -> int:
    """List every rule: its id, its level in each direction and what it means.

    Exit codes: 0 listed, 2 unknown rule id.
    """
    from schemadiff import terminal
    from schemadiff.diff.rules import RULES
    from schemadiff.report import RenderOptions, ReportKind, render

    color = terminal.wants_color()
    options = RenderOptions(color=color, width=terminal.width(color))
    if rule is None:
        terminal.write(render(ReportKind.RULES, output_format, RULES, options))
        return 0
    if rule not in RULES:
        raise _unknown_rule(rule, list(RULES))
    terminal.write(render(ReportKind.RULE, output_format, RULES[rule], options))
    return 0


def _unknown_rule(rule: str, known: list[str]) -> Exception:
    import difflib

    from schemadiff.errors import UsageError

    close = difflib.get_close_matches(rule, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}?" if close else "; `schemadiff rules` lists them"
    return UsageError(f"unknown rule id {rule!r}{hint}")
