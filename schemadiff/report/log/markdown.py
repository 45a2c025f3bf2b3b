"""The changelog as GitHub-flavoured Markdown, ready to paste into release notes.

One section per version step, newest first as release notes read; inside it one list per message
type, worst finding first. Text from schemas is escaped like the diff's Markdown report.
"""

from __future__ import annotations

from schemadiff.history import Changelog, Step, rule_label
from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.diff.common import counts_text, value_text
from schemadiff.report.diff.markdown import HEADINGS
from schemadiff.report.escape import markdown_code as code
from schemadiff.report.escape import markdown_text as text

VALUE_LIMIT = 60


def render(changelog: Changelog, options: RenderOptions = PLAIN) -> str:
    """Return the changelog as Markdown."""
    lines = [f"# Message schema changelog ({changelog.mode} mode)"]
    if not changelog.steps:
        lines += ["", _only(changelog)]
    for step in reversed(changelog.steps):
        lines += ["", *_step(step)]
    return "\n".join(lines) + "\n"


def _only(changelog: Changelog) -> str:
    if not changelog.versions:
        return "No snapshots in the store."
    return f"Only one version ({code(changelog.versions[0])}): nothing to compare."


def _step(step: Step) -> list[str]:
    report = step.report
    lines = [
        f"## {text(report.old.label)} → {text(report.new.label)}",
        "",
        f"{text(counts_text(report))}; "
        + ("compatible." if report.compatible else "**not compatible**."),
    ]
    if not report.findings:
        lines += ["", "No changes to the message schema."]
    for group in step.groups:
        lines += ["", f"### {code(group.name)}", ""]
        for entry in group.worst_first():
            finding = entry.finding
            change = (
                f"{code(value_text(finding.old, limit=VALUE_LIMIT))} → "
                f"{code(value_text(finding.new, limit=VALUE_LIMIT))}"
            )
            approved = " (approved)" if finding.approved else ""
            lines.append(
                f"- **{HEADINGS[finding.level]}**{approved} {code(group.local_path(entry))}: "
                f"{code(rule_label(finding))} {change}"
                + (f" ({text(entry.note)})" if entry.note else "")
            )
    return lines
