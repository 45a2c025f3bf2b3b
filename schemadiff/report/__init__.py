"""Renderers: turn result values into text, one module per output format. They never print."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any


def load_renderer(package: str, name: str, formats: Sequence[str]) -> Any:
    """Import ``package.name`` (a format module) and return its ``render``; ``KeyError`` if unknown.

    Each format is imported only when asked for, so choosing ``json`` never pays for rich.
    """
    if name not in formats:
        raise KeyError(name)
    return importlib.import_module(f"{package}.{name}").render
