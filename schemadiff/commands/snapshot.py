"""The `snapshot` command (being built)."""

from __future__ import annotations

from schemadiff.errors import UsageError


def snapshot() -> int:
    """Not built yet."""
    raise UsageError("'snapshot' is not built yet")
