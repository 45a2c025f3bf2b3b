"""Validation report renderers, one module per format (see :data:`schemadiff.report.RENDERERS`).

Every renderer is ``render(report: ValidationReport, options: RenderOptions) -> str``. The same
renderers serve the CLI and library users who merged summaries
themselves (a worker pool, Dask): build a :class:`ValidationReport` around the merged
:class:`~schemadiff.validate.matrix.Matrix` and render it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from schemadiff.report import PLAIN, RenderOptions, ReportKind
from schemadiff.report import render as render_report
from schemadiff.validate.matrix import Matrix
from schemadiff.validate.summary import Summary


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """What a validation report shows: the results and what they were computed from."""

    matrix: Matrix
    sources: tuple[str, ...]
    """The logs read, as given (after expanding directories and globs)."""
    descriptions: tuple[str, ...] = ()
    """One line per ``--against`` schema (name, API version, hash), in order; may be empty."""
    coverage: bool = False
    skipped_files: tuple[str, ...] = ()
    """Files in the given directories and globs that were not read: sidecars (see
    :data:`schemadiff.validate.logs.SIDECAR_PATTERNS`)."""

    @property
    def ok(self) -> bool:
        return self.matrix.primary.invalid == 0 and not self.matrix.interrupted

    @classmethod
    def of_summary(cls, summary: Summary, sources: Sequence[str] = (),
                   descriptions: Sequence[str] = ()) -> ValidationReport:
        """Wrap one merged summary (from the library API) for rendering."""
        matrix = Matrix((summary.label,), [summary])
        return cls(matrix, tuple(sources), tuple(descriptions), summary.coverage is not None)


def render(name: str, report: ValidationReport, options: RenderOptions = PLAIN) -> str:
    """Render ``report`` in format ``name``; :class:`~schemadiff.report.UnknownFormat` if none."""
    return render_report(ReportKind.VALIDATE, name, report, options)
