"""GitHub Actions workflow commands: one ``::error`` annotation per reported error, on its line.

The annotation points at the log file and line (HAR entries have no line of their own, so they
carry only the file); the title is the message type and the keyword. A final ``::notice`` (or
``::error``) carries the verdict followed by the error groups (largest first, one per line), so
the job summary says which (type, path, keyword) combinations dominate. Escaping is
:mod:`schemadiff.report.github`'s.
"""

from __future__ import annotations

from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.github import command
from schemadiff.report.validate import ValidationReport
from schemadiff.report.validate.text import group_lines, verdict


def render(report: ValidationReport, options: RenderOptions = PLAIN) -> str:
    """Return one workflow command per reported error, then the verdict as a command."""
    lines: list[str] = []
    for entry in report.matrix.primary.errors:
        title = f"{entry.type} {entry.keyword}"
        if entry.against:
            title += f" ({entry.against})"
        where = f"{entry.path}: " if entry.path else ""
        lines.append(command(
            "error", where + entry.message, file=entry.source,
            line=entry.line if entry.index is None else None, title=title,
        ))
    groups = report.matrix.primary.error_groups()
    body = "\n".join([verdict(report), *group_lines(groups)]) if groups else verdict(report)
    lines.append(command("notice" if report.ok else "error", body, title="schemadiff validate"))
    return "\n".join(lines) + "\n"
