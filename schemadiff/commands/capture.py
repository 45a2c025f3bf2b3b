"""The `capture` command (being built)."""

from __future__ import annotations

from schemadiff.errors import UsageError


def capture() -> int:
    """Not built yet."""
    raise UsageError("'capture' is not built yet")
