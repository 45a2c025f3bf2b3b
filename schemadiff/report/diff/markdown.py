"""The pull-request comment / changelog: a summary line, then one table per level.

GitHub-flavoured Markdown. Cell text is escaped so that a value holding ``|``, a backtick, HTML or a
newline cannot break the table or inject markup.
"""

from __future__ import annotations

from typing import Any

from schemadiff.diff.model import DiffReport, Finding, Level
from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.diff.common import (
    LEVELS_WORST_FIRST,
    counts_text,
    evidence_text,
    value_text,
    verdict,
    witness_text,
)
from schemadiff.report.escape import markdown_code as _code
from schemadiff.report.escape import markdown_text as _text

VALUE_LIMIT = 80
HEADINGS = {
    Level.BREAKING: "Breaking",
    Level.WARNING: "Warning",
    Level.SAFE: "Safe",
    Level.INFO: "Info",
}


def render(report: DiffReport, options: RenderOptions = PLAIN) -> str:
    """Return the report as GitHub-flavoured Markdown."""
    failed, sentence = verdict(report, options.fail_on, allowed_by=options.allowed_by)
    lines = [
        f"## schemadiff: {_code(_side(report.old))} → {_code(_side(report.new))} "
        f"({report.mode} mode)",
        "",
        f"**{'❌' if failed else '✅'} {_text(sentence)}** ({_text(counts_text(report))})",
    ]
    for level in LEVELS_WORST_FIRST:
        findings = [f for f in report.findings if f.level is level]
        if not findings:
            continue
        lines += [
            "",
            f"### {HEADINGS[level]} ({len(findings)})",
            "",
            "| Rule | Path | Change | Why |",
            "| --- | --- | --- | --- |",
        ]
        lines += [_row(finding) for finding in findings]
    if report.notices:
        lines += ["", "### Notices", ""]
        lines += [f"- {_text(notice)}" for notice in report.notices]
    return "\n".join(lines) + "\n"


def _side(info: Any) -> str:
    return f"{info.label} {info.version}" if info.version and info.version != info.label else (
        str(info.label)
    )


def _row(finding: Finding) -> str:
    path = _code(finding.path)
    if len(finding.affects) > 1 or (finding.affects and finding.affects[0] != finding.path):
        path += "<br>affects: " + ", ".join(_code(a) for a in finding.affects)
    change = (
        f"{_code(value_text(finding.old, limit=VALUE_LIMIT))} → "
        f"{_code(value_text(finding.new, limit=VALUE_LIMIT))}"
    )
    why = _text(finding.message)
    if finding.approved:
        why = f"✔️ **approved**: {_text(finding.approval or '')}<br>{why}"
    if finding.oldest is not None:
        why += f"<br>holds since {_code(finding.oldest)}"
    traffic = evidence_text(finding)
    if traffic is not None:
        why += f"<br>traffic: {_text(traffic)}"
    if finding.witness is not None:
        why += (f"<br>witness ({finding.witness.rejected_by} rejects): "
                f"{_code(witness_text(finding.witness.instance))}")
    return f"| {_code(finding.rule)} | {path} | {change} | {why} |"
