"""Counts as people write them: ``1 message``, ``2 messages``, ``12,345 messages``."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` with thousands separators and ``noun`` in the number it needs.

    ``plural`` is for nouns that do not simply take an "s" (``counted(2, "entry", "entries")``).
    """
    word = noun if number == 1 else (plural or noun + "s")
    return f"{number:,} {word}"
