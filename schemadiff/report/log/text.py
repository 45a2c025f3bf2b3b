"""The changelog for a terminal: one block per version step, one line per finding.

Laid out for 80 columns (or the terminal's width): long lines wrap at spaces only, so a path or a
rule id is never broken inside, and continuation lines are indented under the finding.
"""

from __future__ import annotations

import textwrap

from schemadiff.diff.model import Finding, Level
from schemadiff.history import Changelog, Step, rule_label
from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.diff.common import counts_text, value_text
from schemadiff.report.escape import visible

VALUE_LIMIT = 60
_ANSI = {
    Level.BREAKING: "\x1b[1;31m",
    Level.WARNING: "\x1b[33m",
    Level.SAFE: "\x1b[32m",
    Level.INFO: "\x1b[36m",
}
_BOLD = "\x1b[1m"
_RESET = "\x1b[0m"


def render(changelog: Changelog, options: RenderOptions = PLAIN) -> str:
    """Return the changelog as text (with ANSI colours when ``options.color``)."""
    color, width = options.color, options.width
    steps = len(changelog.steps)
    versions = len(changelog.versions)
    lines = [
        _bold(f"schemadiff log ({changelog.mode} mode)", color)
        + f": {versions:,} {_plural(versions, 'version')}, {steps:,} {_plural(steps, 'step')}"
    ]
    if versions == 1:
        lines.append(f"Only one version ({visible(changelog.versions[0])}): nothing to compare.")
    for step in changelog.steps:
        lines += ["", *_step(step, color, max(width, 40))]
    return "\n".join(lines) + "\n"


def _step(step: Step, color: bool, width: int) -> list[str]:
    report = step.report
    verdict = "compatible" if report.compatible else "NOT compatible"
    title = f"{visible(report.old.label)} -> {visible(report.new.label)}"
    summary = f"{verdict}: {counts_text(report)}"
    if len(title) + 2 + len(summary) <= width:
        lines = [_bold(title, color) + f"  {summary}"]
    else:  # The counts go on a line of their own rather than past the edge.
        lines = [_bold(title, color), f"  {summary}"]
    if not report.findings:
        lines.append("  no changes")
    for group in step.groups:
        lines.append(_bold(f"  {visible(group.name)}", color))
        for entry in group.worst_first():
            finding = entry.finding
            lines += _finding(finding, group.local_path(entry), entry.note, color, width)
    return lines


def _finding(
    finding: Finding, path: str, note: str | None, color: bool, width: int,
) -> list[str]:
    word = f"{finding.level.upper():<8}"
    approved = " (approved)" if finding.approved else ""
    body = (
        f"{visible(path)}: {visible(rule_label(finding))}{approved}: "
        f"{visible(value_text(finding.old, limit=VALUE_LIMIT))} -> "
        f"{visible(value_text(finding.new, limit=VALUE_LIMIT))}"
        + (f" ({visible(note)})" if note else "")
    )
    wrapped = textwrap.wrap(
        body, width=width - 13, break_long_words=False, break_on_hyphens=False,
    ) or [""]
    head = f"    {_paint(word, finding.level, color)} {wrapped[0]}"
    return [head, *(" " * 13 + line for line in wrapped[1:])]


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else f"{noun}s"


def _bold(text: str, color: bool) -> str:
    return f"{_BOLD}{text}{_RESET}" if color else text


def _paint(text: str, level: Level, color: bool) -> str:
    return f"{_ANSI[level]}{text}{_RESET}" if color else text
