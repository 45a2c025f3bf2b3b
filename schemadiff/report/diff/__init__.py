"""The registry of diff report renderers, keyed by the ``--format`` names.

Every renderer is a module with ``render(report: DiffReport, **options) -> str``; it is imported
only when asked for, so choosing ``json`` never pays for rich. Options every renderer accepts (and
ignores when irrelevant): ``fail_on`` (the failing :class:`~schemadiff.diff.model.Level`, ``None``
for never; default breaking), ``color`` and ``width`` (text), ``lines`` (a function
``(path, pointer) -> line | None``; github, sarif), ``rules`` (the rule catalog; sarif) and
``tool_version`` (sarif).
"""

from __future__ import annotations

from typing import Any, Protocol

from schemadiff.diff.model import DiffReport
from schemadiff.report import load_renderer

FORMATS: tuple[str, ...] = ("text", "json", "markdown", "github", "junit", "sarif")
"""The ``--format`` names, in the order help lists them."""


class Renderer(Protocol):
    def __call__(self, report: DiffReport, **options: Any) -> str: ...


def renderer(name: str) -> Renderer:
    """Return the render function of format ``name``; ``KeyError`` for an unknown name."""
    render: Renderer = load_renderer(__name__, name, FORMATS)
    return render


def render(name: str, report: DiffReport, **options: Any) -> str:
    """Render ``report`` in format ``name``."""
    return renderer(name)(report, **options)
