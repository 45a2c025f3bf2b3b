"""The `show` command (being built)."""

from __future__ import annotations

from schemadiff.errors import UsageError


def show() -> int:
    """Not built yet."""
    raise UsageError("'show' is not built yet")
