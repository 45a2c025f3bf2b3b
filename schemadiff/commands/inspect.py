"""The `list` command (being built)."""

from __future__ import annotations

from schemadiff.errors import UsageError


def list_snapshots() -> int:
    """Not built yet."""
    raise UsageError("'list' is not built yet")

