"""The ``rules`` command: list the rule catalog, the ids that policies and reports use."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class CatalogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def rules(
    output_format: Annotated[CatalogFormat, typer.Option(
        "--format", "-f", case_sensitive=False, help="Output format.",
    )] = CatalogFormat.TEXT,
) -> int:
    """List every rule: its id, its level in each direction and what it means."""
    from schemadiff import terminal
    from schemadiff.diff.rules import RULES
    from schemadiff.report.diff.catalog import render_catalog

    terminal.write(render_catalog(RULES, output_format.value, color=terminal.wants_color()))
    return 0
