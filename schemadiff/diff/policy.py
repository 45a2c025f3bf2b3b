"""The project's diff policy: how findings are judged beyond the rule catalog's levels.

A policy holds level overrides per rule id, level overrides for particular paths ("this enum is
extensible"), and approvals that keep a known finding visible but stop it from failing the build.
It is read, with the rest of ``[tool.schemadiff]``, by :mod:`schemadiff.settings`, which checks
everything when the file is read, so a typo in a rule id fails loudly (exit 2) instead of silently
approving nothing.

Path patterns (in overrides and approvals) match readable finding paths such as
``GenerationMessage.payload.predictions[].status``: ``*`` matches within one dot-separated segment,
``**`` matches any run of characters including dots, everything else is literal (so ``[]`` needs no
escaping). A pattern matches a finding when it matches the finding's path or any path in its
``affects``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

from schemadiff.diff.model import Level, listed_paths


class FailOn(StrEnum):
    """The ``--fail-on`` threshold: the lowest level that fails, or ``never``."""

    BREAKING = "breaking"
    WARNING = "warning"
    SAFE = "safe"
    NEVER = "never"

    @property
    def threshold(self) -> Level | None:
        """The level at or above which an unapproved finding fails; ``None`` for ``never``."""
        return None if self is FailOn.NEVER else Level(self.value)


class CheckPolicy(StrEnum):
    """How ``schemadiff check`` gates a release (the ``policy`` key)."""

    SEMVER = "semver"
    STRICT = "strict"


@dataclass(frozen=True, slots=True)
class PathPattern:
    """A glob-like pattern over readable finding paths (see the module docstring)."""

    text: str

    def matches(self, path: str, affects: tuple[str, ...] = ()) -> bool:
        """True when the pattern matches ``path`` or any of ``affects``."""
        regex = _compile_pattern(self.text)
        return regex.fullmatch(path) is not None or any(
            regex.fullmatch(other) is not None for other in listed_paths(affects)
        )

    def __str__(self) -> str:
        return self.text


@functools.lru_cache(maxsize=512)
def _compile_pattern(text: str) -> re.Pattern[str]:
    parts: list[str] = []
    for index, piece in enumerate(text.split("**")):
        if index:
            parts.append(".*")
        parts.append("[^.]*".join(re.escape(chunk) for chunk in piece.split("*")))
    return re.compile("".join(parts), re.DOTALL)


@dataclass(frozen=True, slots=True)
class Override:
    """Set the level of findings of ``rule`` (every rule when ``None``) whose path matches."""

    path: PathPattern
    level: Level
    rule: str | None = None
    origin: str = ""
    """Where it was written (``pyproject.toml: overrides[0]``), for messages."""

    def applies(self, rule: str, path: str, affects: tuple[str, ...]) -> bool:
        return (self.rule is None or self.rule == rule) and self.path.matches(path, affects)


@dataclass(frozen=True, slots=True)
class Approval:
    """A known finding that must not fail the build, with the reason and an optional expiry."""

    rule: str
    path: PathPattern
    reason: str
    expires: dt.date | None = None
    """Last day the approval applies; from the next day on it is expired."""
    origin: str = ""

    def applies(self, rule: str, path: str, affects: tuple[str, ...]) -> bool:
        return self.rule == rule and self.path.matches(path, affects)

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and today > self.expires


@dataclass(frozen=True, slots=True)
class Policy:
    """How the project wants findings judged: level overrides and approvals.

    The default value is "no policy". Read from ``[tool.schemadiff]`` by
    :func:`schemadiff.settings.load_settings`, which checks every key, rule id and pattern.
    """

    levels: Mapping[str, Level] = field(default_factory=lambda: MappingProxyType({}))
    overrides: tuple[Override, ...] = ()
    approvals: tuple[Approval, ...] = ()
    path: Path | None = None
    """The file the policy was read from, ``None`` when there was none."""
