"""Counts and paths as people read them: ``1 message``, ``12,345 messages``, paths unbroken."""

from __future__ import annotations

import re


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` with thousands separators and ``noun`` in the number it needs.

    ``plural`` is for nouns that do not simply take an "s" (``counted(2, "entry", "entries")``).
    """
    word = noun if number == 1 else (plural or noun + "s")
    return f"{number:,} {word}"


def break_path(path: str, width: int) -> str:
    """``path`` in lines of at most ``width`` columns, broken only before a ``.``.

    A readable path (``GenerationMessage.payload.predictions[].status``) must never be broken
    inside a name, as a terminal's folding would do; a continuation line starts with the dot, so
    it reads as the rest of the path. A single name longer than ``width`` stays whole.
    """
    if len(path) <= width:
        return path
    lines: list[str] = []
    line = ""
    for part in re.split(r"(?=\.)", path):
        if line and len(line) + len(part) > width:
            lines.append(line)
            line = part
        else:
            line += part
    lines.append(line)
    return "\n".join(lines)
