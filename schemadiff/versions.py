"""Version-aware ordering of snapshot names: ``0.10.0`` comes after ``0.9.0``.

Names that parse as versions (``1.2.3``, ``v1.2``, ``1.0.0-rc.1``, ``2.0.0+build.5``) sort by
semantic-versioning precedence: numeric release parts compared as numbers, a prerelease before its
release, prerelease identifiers compared numerically when both are numbers. Names that are not
versions (``baseline``, ``main``) sort before every version, alphabetically, so ``latest`` always
picks the highest version when there is one. Ties (``1.2`` and ``1.2.0``) are broken by the name
itself, so the order is total and deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERSION = re.compile(
    r"[vV]?(?P<release>\d+(?:\.\d+)*)"
    r"(?:-(?P<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
    r"(?:\+(?P<build>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
)

PreKey = tuple[tuple[int, int, str], ...]


@dataclass(frozen=True, slots=True, order=True)
class Version:
    """A parsed version; compares by precedence (build metadata ignored)."""

    release: tuple[int, ...]
    final: bool
    """``True`` without a prerelease: ``1.0.0`` > ``1.0.0-rc.1``."""
    prerelease: PreKey

    def __str__(self) -> str:  # pragma: no cover - for debugging only
        return ".".join(map(str, self.release))


def parse_version(text: str) -> Version | None:
    """Return the version ``text`` names, or ``None`` when it is not a version."""
    match = _VERSION.fullmatch(text)
    if match is None:
        return None
    release = tuple(int(part) for part in match["release"].split("."))
    # 1.2 and 1.2.0 are the same release; trailing zeros must not make one "newer".
    while len(release) > 1 and release[-1] == 0:
        release = release[:-1]
    pre = match["pre"]
    prerelease: PreKey = ()
    if pre:
        # Numeric identifiers rank below alphanumeric ones (semver 11.4.3); the tuple's first
        # element does that, the second and third compare within each kind.
        prerelease = tuple(
            (0, int(part), "") if part.isdigit() else (1, 0, part) for part in pre.split(".")
        )
    return Version(release=release, final=pre is None, prerelease=prerelease)


SortKey = tuple[int, tuple[int, ...], bool, PreKey, str]


def sort_key(name: str) -> SortKey:
    """A key that orders names: non-versions first (alphabetically), then versions ascending."""
    version = parse_version(name)
    if version is None:
        return (0, (), False, (), name)
    return (1, version.release, version.final, version.prerelease, name)


def sort_names(names: list[str] | tuple[str, ...]) -> list[str]:
    """Return ``names`` from oldest to newest."""
    return sorted(names, key=sort_key)
