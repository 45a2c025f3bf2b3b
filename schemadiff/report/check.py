"""Render the outcome of ``schemadiff check``: the diff report in a format, plus the verdict.

The diff renderers (:mod:`schemadiff.report.diff`) draw the findings; this module adds what only
the gate knows: pass or fail, why, and the version bump it judged. Every format keeps the shape its
consumers parse: JSON gains a ``check`` object, markdown a heading, GitHub one more workflow
command, text a closing block; JUnit and SARIF are the diff's own (their failing findings already
follow the gate, because the threshold passed down is the gate's).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from schemadiff.gate import GateResult, required_version
from schemadiff.report.diff import render as render_diff

CHECK_FORMATS: tuple[str, ...] = ("text", "json", "markdown", "github", "junit", "sarif")


def render_check(
    output_format: str,
    result: GateResult,
    *,
    written: Path | None = None,
    **options: Any,
) -> str:
    """Return the check report in ``output_format`` (one of :data:`CHECK_FORMATS`)."""
    if output_format not in CHECK_FORMATS:
        raise KeyError(output_format)
    threshold = result.report_threshold
    if output_format == "json":
        return _json(result, written)
    body = render_diff(
        output_format, result.report, fail_on=threshold, allowed_by=result.allowed_by, **options
    )
    if output_format == "text":
        return _text(result, body, written, width=int(options.get("width", 80)))
    if output_format == "markdown":
        return _markdown(result, body, written)
    if output_format == "github":
        return _github(result, body)
    return body


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
    command = "notice" if result.passed else "error"
    message = " ".join(result.reasons)
    line = f"::{command} title={_escape_property('schemadiff check')}::{_escape_data(message)}"
    return body + ("" if not body or body.endswith("\n") else "\n") + line + "\n"


def _escape_data(text: str) -> str:
    # The escaping GitHub's runner undoes for a workflow command's message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
