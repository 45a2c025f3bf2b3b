"""The HTML changelog of ``schemadiff log``: one section per version step, newest first.

Each step is the diff report's own fragments (counts and findings grouped by message type) under
an id prefix of its own, so that ids stay unique on the page; the filter bar counts the findings
of every step, and one rules section at the end serves the links of all steps.
"""

from __future__ import annotations

from schemadiff.diff.model import DiffReport, Level
from schemadiff.history import Changelog
from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.html.diff import (
    counts_line,
    filters,
    findings_section,
    notices_section,
    rule_catalog,
    rules_section,
)
from schemadiff.report.html.page import anchor, document, esc, esc_path


def render(changelog: Changelog, options: RenderOptions = PLAIN) -> str:
    """Return the changelog as one self-contained HTML page."""
    versions = changelog.versions
    span = f"{versions[0]} → {versions[-1]}" if len(versions) > 1 else ""
    title = f"schemadiff log: {span}" if span else "schemadiff log"
    reports = [step.report for step in changelog.steps]
    findings = [finding for report in reports for finding in report.findings]
    incompatible = sum(1 for report in reports if not report.compatible)
    header = (
        f"<h1>{esc(title)}</h1>\n"
        '<dl class="facts">\n'
        f"<dt>versions</dt><dd>{esc(', '.join(versions)) or 'none'}</dd>\n"
        f"<dt>mode</dt><dd>{esc(changelog.mode)}</dd>\n"
        f"<dt>steps</dt><dd>{len(reports):,} ({incompatible:,} not compatible)</dd>\n"
        "</dl>\n"
    )
    if not reports:
        only = (f"Only one version ({versions[0]}): nothing to compare." if versions
                else "No snapshots in the store.")
        main = f"<p>{esc(only)}</p>\n"
    else:
        # Newest first, as release notes read; the step number counts from the oldest.
        main = "".join(_step(report, number, options.fail_on)
                       for number, report in reversed(list(enumerate(reports, 1))))
        main += rules_section([f.rule for f in findings], rule_catalog(options.rules),
                              changelog.mode)
    return document(title, header, main, filters=filters(findings),
                    tool_version=options.tool_version)


def _step(report: DiffReport, number: int, fail_on: Level | None) -> str:
    prefix = f"step{number}"
    compatible = report.compatible
    sentence = ("compatible" if compatible
                else "not compatible: a finding at warning or above is not approved")
    return (
        f'<section class="step" id="{anchor(prefix)}">\n'
        f"<h2>{esc_path(report.old.label)} → {esc_path(report.new.label)}</h2>\n"
        f'<p class="verdict {"ok" if compatible else "fail"}">{esc(sentence)}</p>\n'
        f"{counts_line(report)}"
        f"{notices_section(report.notices, prefix=prefix, heading='h3')}"
        f"{findings_section(report, fail_on, prefix=prefix, heading='h3')}"
        "</section>\n"
    )
