"""GitHub Actions workflow commands: one annotation per finding, on the changed line.

``::error`` for breaking findings that fail the run, ``::warning`` for warnings and for breaking
findings the threshold or the version bump allows (a green job shows no red annotation),
``::notice`` for safe, info and approved findings. ``file=``/``line=`` point at the changed node
in the snapshot file of the finding's side, relative to the repository root, or where the
``locate`` option places it (``check`` knows the app's Python source); the line is left out when
it cannot be found. ``title=`` is the rule id. Values are escaped as the runner expects
(:mod:`schemadiff.report.github`).
"""

from __future__ import annotations

from schemadiff.diff.model import DiffReport, Finding, Level
from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.diff.common import (
    annotation_level,
    change_text,
    counts_text,
    locate,
    verdict,
    witness_line,
)
from schemadiff.report.github import command

COMMANDS = {
    Level.BREAKING: "error",
    Level.WARNING: "warning",
    Level.SAFE: "notice",
    Level.INFO: "notice",
}


def render(report: DiffReport, options: RenderOptions = PLAIN) -> str:
    """Return one workflow command per finding and notice, then the verdict as a plain line."""
    out = [_annotation(report, finding, options) for finding in report.findings]
    out += [command("notice", notice, title="schemadiff") for notice in report.notices]
    sentence = verdict(report, options.fail_on, allowed_by=options.allowed_by)[1]
    # A plain line: it shows in the log without adding a second annotation for the same problem.
    out.append(f"schemadiff: {sentence} ({counts_text(report)})")
    return "\n".join(out) + "\n"


def _annotation(report: DiffReport, finding: Finding, options: RenderOptions) -> str:
    file, line = locate(report, finding, options.lines, options.locate)
    level = annotation_level(finding, options.fail_on)
    name = "notice" if level is None else COMMANDS[level]
    message = [f"[{finding.level}] {finding.path}: {finding.message}", change_text(finding)]
    if len(finding.affects) > 1 or (finding.affects and finding.affects[0] != finding.path):
        message.append("affects: " + ", ".join(finding.affects))
    if finding.approved:
        message.append(f"approved: {finding.approval}")
    witness = witness_line(finding)
    if witness is not None:
        message.append(witness)
    return command(name, "\n".join(message), file=file, line=line, title=finding.rule)
