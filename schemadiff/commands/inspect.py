"""The `list` and `show` commands (being built)."""

from __future__ import annotations

from schemadiff.errors import UsageError


def list_snapshots() -> int:
    """Not built yet."""
    raise UsageError("'list' is not built yet")


def show() -> int:
    """Not built yet."""
    raise UsageError("'show' is not built yet")
