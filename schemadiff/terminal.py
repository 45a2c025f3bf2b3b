"""How results look on stdout: colour only on a terminal and never with ``NO_COLOR``, and a width.

Plain output (pipes, files, CI logs) is laid out for 80 columns so that it is the same everywhere;
a terminal gets its own width (``COLUMNS`` is honoured), but never less than 60.
"""

from __future__ import annotations

import os
import shutil
import sys

PLAIN_WIDTH = 80


def wants_color() -> bool:
    """True when stdout is a terminal and ``NO_COLOR`` is unset or empty."""
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def width(color: bool) -> int:
    """The width to lay out for: :data:`PLAIN_WIDTH` unless writing in colour to a terminal."""
    if not color:
        return PLAIN_WIDTH
    return max(60, shutil.get_terminal_size((PLAIN_WIDTH, 24)).columns)


def write(text: str) -> None:
    """Write a result to stdout and flush it."""
    sys.stdout.write(text)
    sys.stdout.flush()
