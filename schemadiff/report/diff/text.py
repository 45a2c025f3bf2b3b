"""The human report: findings grouped by message type, levels coloured, a one-line verdict.

Rendered with rich into a string. Without ``color`` (``NO_COLOR``, output not a terminal, a file)
the same layout comes out as plain text. Long values are shortened and long lines wrap inside
their column, so the report reads well at 80 columns.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from schemadiff.diff.model import DiffReport, Finding, Level
from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.diff.common import (
    change_text,
    counts_text,
    evidence_text,
    message_type,
    schema_label,
    verdict,
    witness_line,
)
from schemadiff.report.escape import visible
from schemadiff.report.rich_text import console_text, text_console
from schemadiff.report.wording import break_path, counted

STYLES = {
    Level.BREAKING: "bold red",
    Level.WARNING: "yellow",
    Level.SAFE: "green",
    Level.INFO: "cyan",
}
VALUE_LIMIT = 120

if TYPE_CHECKING:
    from rich.text import Text


def render(report: DiffReport, options: RenderOptions = PLAIN) -> str:
    """Return the report as text (with ANSI colours when ``options.color``)."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    console = text_console(options)
    console.print(Text.assemble(
        ("schemadiff diff", "bold"), f" ({report.mode} mode)\n",
        "  old: ", visible(schema_label(report.old)), "\n",
        "  new: ", visible(schema_label(report.new)),
    ))
    # The findings' column: the console less the indent (2) and the level column (9 + 1).
    body_width = console.width - 12
    findings = sorted(report.findings, key=lambda f: message_type(f.path))
    for group, members in groupby(findings, key=lambda f: message_type(f.path)):
        items = list(members)
        console.print()
        console.print(Text.assemble((visible(group), "bold underline"),
                                    f"  {counted(len(items), 'finding')}"))
        table = Table.grid(padding=(0, 1))
        table.add_column(width=9, no_wrap=True)
        table.add_column(overflow="fold")
        for finding in items:
            table.add_row(_level_cell(finding), _body(finding, body_width))
        console.print(Padding(table, (0, 0, 0, 2)))
    if report.notices:
        console.print()
        console.print(Text("Notices", style="bold"))
        notices = Table.grid(padding=(0, 1))
        notices.add_column(width=1, no_wrap=True)
        notices.add_column(overflow="fold")
        for notice in report.notices:
            notices.add_row("-", Text(visible(notice)))
        console.print(Padding(notices, (0, 0, 0, 2)))
    failed, sentence = verdict(report, options.fail_on, allowed_by=options.allowed_by)
    console.print()
    console.print(Text(f"Findings: {counts_text(report)}"))
    console.print(Text(sentence, style="bold red" if failed else "bold green"))
    return console_text(console)


def _level_cell(finding: Finding) -> Text:
    from rich.text import Text

    cell = Text(finding.level.upper(), style=STYLES[finding.level])
    if finding.approved:
        cell.append("\napproved", style="dim")
    return cell


def _body(finding: Finding, width: int) -> Text:
    from rich.text import Text

    body = Text()
    body.append(finding.rule, style="bold")
    body.append("\n")
    body.append(break_path(visible(finding.path), width))
    body.append("\n")
    body.append(visible(change_text(finding, limit=VALUE_LIMIT)))
    body.append("\n")
    body.append(visible(finding.message))
    if len(finding.affects) > 1 or (finding.affects and finding.affects[0] != finding.path):
        body.append("\naffects: ", style="bold")
        # Rich wraps at the spaces after the commas; a path longer than the column is broken at
        # its dots first (leaving room for its comma), so no path is ever folded inside a name.
        body.append(", ".join(break_path(visible(path), width - 1) for path in finding.affects))
    if finding.approved:
        body.append("\napproved: ", style="bold")
        body.append(visible(finding.approval or ""))
    if finding.oldest is not None:
        body.append("\nholds since: ", style="bold")
        body.append(visible(finding.oldest))
    traffic = evidence_text(finding)
    if traffic is not None:
        body.append("\ntraffic: ", style="bold")
        body.append(visible(traffic))
    witness = witness_line(finding)
    if witness is not None:
        # One unstyled run: a styled label would leave a trailing blank where the line wraps.
        body.append("\n" + visible(witness))
    return body
