"""The `check` command (being built)."""

from __future__ import annotations

from schemadiff.errors import UsageError


def check() -> int:
    """Not built yet."""
    raise UsageError("'check' is not built yet")
