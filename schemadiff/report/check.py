"""Render the outcome of ``schemadiff check``: the diff report in a format, plus the verdict.

The diff renderers (:mod:`schemadiff.report.diff`) draw the findings; this module adds what only
the gate knows: pass or fail, why, and the version bump it judged. Every format keeps the shape its
consumers parse: JSON gains a ``check`` object, markdown a heading, GitHub one more workflow
command, text a closing block; JUnit and SARIF are the diff's own (their failing findings already
follow the gate, because the threshold passed down is the gate's).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from schemadiff.gate import GateResult, required_version
from schemadiff.report import PLAIN, RenderOptions, ReportKind, render
from schemadiff.report.github import command


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What a check report shows: the gate's result and the snapshot ``--update`` wrote, if any."""

    result: GateResult
    written: Path | None = None


def _body(fmt: str, report: CheckReport, options: RenderOptions) -> str:
    # The diff as the gate judged it: its findings fail at the gate's threshold, not the option's.
    result = report.result
    gated = replace(options, fail_on=result.report_threshold, allowed_by=result.allowed_by)
    return render(ReportKind.DIFF, fmt, result.report, gated)


def render_text(report: CheckReport, options: RenderOptions = PLAIN) -> str:
    """The diff's text report, then the verdict block."""
    return _text(report.result, _body("text", report, options), report.written,
                 width=options.width)


def render_json(report: CheckReport, options: RenderOptions = PLAIN) -> str:
    """The diff's JSON report with a ``check`` object added."""
    return _json(report.result, report.written)


def render_markdown(report: CheckReport, options: RenderOptions = PLAIN) -> str:
    """A verdict heading above the diff's Markdown report."""
    return _markdown(report.result, _body("markdown", report, options), report.written)


def render_github(report: CheckReport, options: RenderOptions = PLAIN) -> str:
    """The diff's annotations, then one more for the verdict."""
    return _github(report.result, _body("github", report, options))


def render_junit(report: CheckReport, options: RenderOptions = PLAIN) -> str:
    """The diff's JUnit report: its failing findings already follow the gate's threshold."""
    return _body("junit", report, options)


def render_sarif(report: CheckReport, options: RenderOptions = PLAIN) -> str:
    """The diff's SARIF log: its failing findings already follow the gate's threshold."""
    return _body("sarif", report, options)


def to_json(result: GateResult, written: Path | None = None) -> dict[str, Any]:
    """The ``check`` object that the JSON format adds to the diff report."""
    report = result.report
    return {
        "verdict": result.verdict.value,
        "policy": result.policy.value,
        "fail_on": result.fail_on.value if result.fail_on is not None else "never",
        "old_version": report.old.version,
        "new_version": report.new.version,
        "bump": result.bump.value,
        "bump_allows_incompatible": result.licensed,
        "required_version": required_version(report.old.version),
        "schema_changed": result.schema_changed,
        "blocking": len(result.blocking),
        "reasons": list(result.reasons),
        "updated": written.as_posix() if written is not None else None,
        "baseline": result.baseline.to_json() if result.baseline is not None else None,
    }


def _json(result: GateResult, written: Path | None) -> str:
    from schemadiff.report.diff.json import to_json as diff_json

    document = diff_json(
        result.report, fail_on=result.report_threshold, allowed_by=result.allowed_by
    )
    document["check"] = to_json(result, written)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def headline(result: GateResult) -> str:
    """``check: FAIL (semver policy, 0.1.0 -> 0.1.0: no bump)``."""
    report = result.report
    versions = f"{report.old.version or 'no version'} -> {report.new.version or 'no version'}"
    bump = "no bump" if result.bump.value == "none" else f"{result.bump.value} bump"
    verdict = result.verdict.value.upper()
    return f"check: {verdict} ({result.policy.value} policy, {versions}: {bump})"


def _text(result: GateResult, body: str, written: Path | None, *, width: int) -> str:
    import textwrap

    reasons = list(result.reasons)
    if written is not None:
        reasons.append(f"Wrote {written.as_posix()}.")
    lines = [headline(result)]
    for reason in reasons:
        lines.extend(textwrap.wrap(
            reason, width=max(width, 40), initial_indent="  - ", subsequent_indent="    ",
            break_long_words=False, break_on_hyphens=False,
        ))
    return body.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"


def _markdown(result: GateResult, body: str, written: Path | None) -> str:
    mark = "✅" if result.passed else "❌"
    lines = [f"## {mark} schemadiff check: {result.verdict.value}", "",
             f"`{headline(result)}`", ""]
    lines.extend(f"- {reason}" for reason in result.reasons)
    if written is not None:
        lines.append(f"- Wrote `{written.as_posix()}`.")
    return "\n".join(lines) + "\n\n" + body.lstrip("\n")


def _github(result: GateResult, body: str) -> str:
    name = "notice" if result.passed else "error"
    message = " ".join(result.reasons)
    line = command(name, message, title="schemadiff check")
    return body + ("" if not body or body.endswith("\n") else "\n") + line + "\n"
