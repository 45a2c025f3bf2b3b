"""GitHub Actions workflow commands: one annotation per finding, on the changed line.

``::error`` for breaking, ``::warning`` for warning, ``::notice`` for safe, info and approved
findings. ``file=``/``line=`` point at the changed node in the snapshot file of the finding's side
(the line is left out when it cannot be found), ``title=`` is the rule id. Values are escaped as
the runner expects (see actions/toolkit ``command.ts``): ``%``, CR and LF in the message, and also
``:`` and ``,`` in properties.
"""

from __future__ import annotations

from typing import Any

from schemadiff.diff.model import DiffReport, Finding, Level
from schemadiff.report.diff.common import (
    LineFinder,
    change_text,
    counts_text,
    locate,
    verdict,
    visible,
)

CRLF = "\r\n"
COMMANDS = {
    Level.BREAKING: "error",
    Level.WARNING: "warning",
    Level.SAFE: "notice",
    Level.INFO: "notice",
}


def escape_data(text: str) -> str:
    """Escape a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``...)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int | None) -> str:
    """One workflow command line, properties in the given order, ``None`` ones left out."""
    given = ",".join(
        f"{key}={escape_property(visible(str(value), keep=CRLF))}"
        for key, value in properties.items()
        if value is not None
    )
    return f"::{name}{' ' + given if given else ''}::{escape_data(visible(message, keep=CRLF))}"


def render(
    report: DiffReport,
    *,
    fail_on: Level | None = Level.BREAKING,
    allowed_by: str | None = None,
    lines: LineFinder | None = None,
    **_: Any,
) -> str:
    """Return one workflow command per finding and notice, then the verdict as a plain line."""
    out = [_annotation(report, finding, lines) for finding in report.findings]
    out += [command("notice", notice, title="schemadiff") for notice in report.notices]
    sentence = verdict(report, fail_on, allowed_by=allowed_by)[1]
    # A plain line: it shows in the log without adding a second annotation for the same problem.
    out.append(f"schemadiff: {sentence} ({counts_text(report)})")
    return "\n".join(out) + "\n"


def _annotation(report: DiffReport, finding: Finding, lines: LineFinder | None) -> str:
    file, line = locate(report, finding, lines)
    name = "notice" if finding.approved else COMMANDS[finding.level]
    message = [f"[{finding.level}] {finding.path}: {finding.message}", change_text(finding)]
    if len(finding.affects) > 1 or (finding.affects and finding.affects[0] != finding.path):
        message.append("affects: " + ", ".join(finding.affects))
    if finding.approved:
        message.append(f"approved: {finding.approval}")
    return command(name, "\n".join(message), file=file, line=line, title=finding.rule)
