"""Readable paths: every message path that reaches a recorded change.

A unit (a pair reached by reference) remembers each edge that reached it. The paths of a change
are the paths of its unit, found by walking edges back to the roots (message types, the document
root), each followed by the change's label inside the unit. The first path is the one the walk
found first (breadth first, so the shortest); the enumeration is capped so that heavily shared
definitions in large schemas stay cheap.
"""

from __future__ import annotations

from typing import Any, Final

from schemadiff.diff.walk import Walker

MAX_AFFECTS: Final = 50
_MAX_STEPS: Final = 500


def finish(path: str) -> str:
    """``.payload.id`` -> ``payload.id``; the root of a plain schema is ``(root)``."""
    path = path.removeprefix(".")
    return path or "(root)"


class Paths:
    """Paths of units, computed on demand and cached."""

    def __init__(self, walker: Walker) -> None:
        self.walker = walker
        self.cache: dict[int, list[str]] = {}

    def of(self, uid: int) -> list[str]:
        cached = self.cache.get(uid)
        if cached is not None:
            return cached
        found = [self._first(uid)]
        # Further paths: a depth-first walk back along every edge, with the current path kept in
        # a set (entered and left), within a fixed budget of steps.
        units = self.walker.units
        on_path: set[int] = set()
        # Suffixes are linked (label, rest) pairs, joined only for a path that is kept.
        stack: list[tuple[bool, int, Any]] = [(True, uid, None)]
        steps = 0
        while stack and len(found) < MAX_AFFECTS and steps < _MAX_STEPS:
            enter, current, suffix = stack.pop()
            if not enter:
                on_path.discard(current)
                continue
            steps += 1
            on_path.add(current)
            stack.append((False, current, None))
            unit = units[current]
            if unit.base is not None:
                found.append(unit.base + _join(suffix))
            for parent, label in reversed(unit.edges):
                if parent not in on_path:
                    stack.append((True, parent, (label, suffix)))
        result = list(dict.fromkeys(found))
        self.cache[uid] = result
        return result

    def _first(self, uid: int) -> str:
        """The path the walk found first: follow first edges, which lead to earlier units."""
        units = self.walker.units
        labels: list[str] = []
        current = uid
        for _ in range(len(units) + 1):
            unit = units[current]
            if unit.base is not None:
                return unit.base + "".join(reversed(labels))
            parent, label = unit.edges[0]
            labels.append(label)
            current = parent
        return "".join(reversed(labels))


def _join(suffix: Any) -> str:
    parts: list[str] = []
    while suffix is not None:
        label, suffix = suffix
        parts.append(label)
    return "".join(parts)
