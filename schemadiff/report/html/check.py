"""The HTML report of ``schemadiff check``: the gate's verdict and its reasons above the diff.

The findings, filters and rules are the diff report's own fragments; only the header differs, so a
reviewer reads the same page for ``diff`` and ``check``.
"""

from __future__ import annotations

from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.check import CheckReport, headline
from schemadiff.report.html.diff import (
    counts_line,
    diff_facts,
    filters,
    findings_section,
    notices_section,
    rule_catalog,
    rules_section,
)
from schemadiff.report.html.page import document, esc


def render(check: CheckReport, options: RenderOptions = PLAIN) -> str:
    """Return the check report as one self-contained HTML page; its findings fail at the gate's
    threshold, not at ``options.fail_on``."""
    result, written = check.result, check.written
    report = result.report
    threshold = result.report_threshold
    reasons = list(result.reasons)
    if written is not None:
        reasons.append(f"Wrote {written.as_posix()}.")
    title = f"schemadiff check: {result.verdict.value.upper()}"
    reason_items = "".join(f"<li>{esc(reason)}</li>\n" for reason in reasons)
    header = (
        f"<h1>{esc(title)}</h1>\n"
        f'<p class="verdict {"ok" if result.passed else "fail"}">{esc(headline(result))}</p>\n'
        f'<ul class="plain reasons">\n{reason_items}</ul>\n'
        f"{diff_facts(report, threshold)}"
        f"{counts_line(report)}"
    )
    main = (
        notices_section(report.notices)
        + findings_section(report, threshold)
        + rules_section([f.rule for f in report.findings], rule_catalog(options.rules),
                        report.mode)
    )
    return document(title, header, main, filters=filters(report.findings),
                    tool_version=options.tool_version)
