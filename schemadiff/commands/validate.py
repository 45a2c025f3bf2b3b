"""The `validate` command (being built)."""

from __future__ import annotations

from schemadiff.errors import UsageError


def validate() -> int:
    """Not built yet."""
    raise UsageError("'validate' is not built yet")
