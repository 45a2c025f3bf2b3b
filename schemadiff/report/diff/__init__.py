"""Diff report renderers, one module per format (see :data:`schemadiff.report.RENDERERS`).

Every renderer is ``render(report: DiffReport, options: RenderOptions) -> str``. This package
keeps the library's short spelling: ``render("json", report)``.
"""

from __future__ import annotations

from schemadiff.diff.model import DiffReport
from schemadiff.report import PLAIN, RenderOptions, ReportKind
from schemadiff.report import render as render_report


def render(name: str, report: DiffReport, options: RenderOptions = PLAIN) -> str:
    """Render ``report`` in format ``name``; :class:`~schemadiff.report.UnknownFormat` if none."""
    return render_report(ReportKind.DIFF, name, report, options)
