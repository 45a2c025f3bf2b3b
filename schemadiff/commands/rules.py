"""The `rules` command (being built)."""

from __future__ import annotations

from schemadiff.errors import UsageError


def rules() -> int:
    """Not built yet."""
    raise UsageError("'rules' is not built yet")
