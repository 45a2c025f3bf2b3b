"""GitHub Actions workflow commands: one ``::error`` annotation per reported error, on its line.

The annotation points at the log file and line (HAR entries have no line of their own, so they
carry only the file); the title is the message type and the keyword. A final ``::notice`` (or
``::error``) carries the verdict followed by the error groups (largest first, one per line), so
the job summary says which (type, path, keyword) combinations dominate.
"""

from __future__ import annotations

from schemadiff.report.validate import ValidationReport
from schemadiff.report.validate.text import group_lines, verdict


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: ValidationReport) -> str:
    lines: list[str] = []
    for entry in report.matrix.primary.errors:
        properties = [f"file={escape_property(entry.source)}"]
        if entry.index is None:
            properties.append(f"line={entry.line}")
        title = f"{entry.type} {entry.keyword}"
        if entry.against:
            title += f" ({entry.against})"
        properties.append(f"title={escape_property(title)}")
        where = f"{entry.path}: " if entry.path else ""
        lines.append(f"::error {','.join(properties)}::{escape_data(where + entry.message)}")
    command = "notice" if report.ok else "error"
    groups = report.matrix.primary.error_groups()
    body = "\n".join([verdict(report), *group_lines(groups)]) if groups else verdict(report)
    lines.append(f"::{command} title=schemadiff validate::{escape_data(body)}")
    return "\n".join(lines) + "\n"
