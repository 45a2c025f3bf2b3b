"""The `diff` command (being built)."""

from __future__ import annotations

from schemadiff.errors import UsageError


def diff() -> int:
    """Not built yet."""
    raise UsageError("'diff' is not built yet")
