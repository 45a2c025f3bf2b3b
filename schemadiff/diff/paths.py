"""Readable paths: every message path that reaches a recorded change.

A unit (a pair reached by reference) remembers each edge that reached it. The paths of a change
are the paths of its unit, found by walking edges back to the roots (message types, the document
root), each followed by the change's label inside the unit. The first path is the one the walk
found first (breadth first, so the shortest).

The walk only follows references inside nodes that exist on both sides. A subtree that exists on
one side only (a property or union member added or removed, a new message type) is not compared,
but it may still reach a shared definition: :func:`link_one_sided` scans such subtrees in their
own document and adds their edges, so ``affects`` lists every message path of *either* version
that reaches a change (old paths and new paths).

The number of paths through shared definitions can grow exponentially, so at most
:data:`MAX_AFFECTS` are listed. The rest are not dropped silently: the list then ends with
``"… and N more"`` (``"… and at least N more"`` when counting them stopped at its step budget;
unlisted routes are counted, not spelled out).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from schemadiff import pointer as jp
from schemadiff.diff.model import AFFECTS_MORE, Action, Reach, Side
from schemadiff.errors import SchemaError
from schemadiff.jsonschema_facts import iter_subschemas

if TYPE_CHECKING:
    from schemadiff.diff.walk import Walker

MAX_AFFECTS: Final = 50
"""Paths listed per change; further ones are counted in a final ``"… and N more"`` entry."""
_MAX_STEPS: Final = 1_000
MORE: Final = AFFECTS_MORE
"""How the entry that counts unlisted paths starts."""

def finish(path: str) -> str:
    """``.payload.id`` -> ``payload.id``; the root of a plain schema is ``(root)``."""
    path = path.removeprefix(".")
    return path or "(root)"


class Paths:
    """Paths of units, computed on demand and cached."""

    def __init__(self, walker: Walker) -> None:
        self.walker = walker
        self.cache: dict[int, tuple[list[str], str | None]] = {}

    def of(self, unit_id: int) -> tuple[list[str], str | None]:
        """The listed paths of a unit, and the entry counting unlisted ones (or ``None``)."""
        cached = self.cache.get(unit_id)
        if cached is not None:
            return cached
        first = self._first(unit_id)
        found = [first]
        seen = {first}
        unlisted = 0
        # Further paths: a depth-first walk back along every edge, with the current path kept in
        # a set (entered and left), within a fixed budget of steps.
        units = self.walker.units
        on_path: set[int] = set()
        # Suffixes are linked (label, rest) pairs, joined only for a path that is kept.
        stack: list[tuple[bool, int, Any]] = [(True, unit_id, None)]
        steps = 0
        while stack and steps < _MAX_STEPS:
            enter, current, suffix = stack.pop()
            if not enter:
                on_path.discard(current)
                continue
            steps += 1
            on_path.add(current)
            stack.append((False, current, None))
            unit = units[current]
            if unit.base is not None:
                if len(found) < MAX_AFFECTS:
                    path = unit.base + _join(suffix)
                    if path not in seen:
                        seen.add(path)
                        found.append(path)
                else:
                    # Past the listed ones, routes are counted without spelling them out (two
                    # routes rarely spell the same path; joining long paths is the cost here).
                    unlisted += 1
            for parent, label in reversed(unit.edges):
                if parent not in on_path:
                    stack.append((True, parent, (label, suffix)))
        complete = not any(enter for enter, _, _ in stack)
        more = None
        if unlisted and complete:
            more = f"{MORE}{unlisted} more"
        elif not complete:
            more = f"{MORE}at least {unlisted} more" if unlisted else f"{MORE}possibly more"
        result = (found, more)
        self.cache[unit_id] = result
        return result

    def _first(self, unit_id: int) -> str:
        """The path the walk found first: follow first edges, which lead to earlier units."""
        units = self.walker.units
        labels: list[str] = []
        current = unit_id
        for _ in range(len(units) + 1):
            unit = units[current]
            if unit.base is not None:
                return unit.base + "".join(reversed(labels))
            parent, label = unit.edges[0]
            labels.append(label)
            current = parent
        return "".join(reversed(labels))


def link_one_sided(walker: Walker) -> None:
    """Add the edges of subtrees that exist on one side only (see the module docstring)."""
    units: dict[tuple[Side, str], list[int]] = {}
    for unit_id, unit in enumerate(walker.units):
        if unit.old is None and unit.new is None and not unit.old_pointer:
            continue  # a label unit: it names a finding, it holds no node
        units.setdefault((Side.OLD, unit.old_pointer), []).append(unit_id)
        units.setdefault((Side.NEW, unit.new_pointer), []).append(unit_id)
    for record in list(walker.records):
        if record.rule.reach is not Reach.SUBTREE:
            continue
        # The subtree the walk did not enter is on the side the rule's action names.
        side = Side.NEW if record.rule.action is Action.ADD else Side.OLD
        if record.side is not side:
            continue
        document = walker.new_doc if side is Side.NEW else walker.old_doc
        try:
            start = jp.get(document, record.pointer)
        except SchemaError:  # a pointer the scan cannot follow reaches nothing
            continue
        visited: set[str] = set()
        stack: list[tuple[Any, str]] = [(start, "")]
        while stack:
            node, label = stack.pop()
            ref = node.get("$ref") if isinstance(node, dict) else None
            if isinstance(ref, str) and ref.startswith("#"):
                target = ref[1:]
                reached = units.get((side, target))
                if reached:
                    edge = (record.unit, record.label + label)
                    for unit_id in reached:
                        if edge not in walker.units[unit_id].edges and unit_id != record.unit:
                            walker.units[unit_id].edges.append(edge)
                elif target not in visited:
                    # A definition the walk never reached on this side: look through it.
                    visited.add(target)
                    try:
                        stack.append((jp.get(document, target), label))
                    except SchemaError:  # a dangling reference reaches nothing
                        continue
            for _, child_label, child in iter_subschemas(node):
                stack.append((child, label + child_label))


def _join(suffix: Any) -> str:
    parts: list[str] = []
    while suffix is not None:
        label, suffix = suffix
        parts.append(label)
    return "".join(parts)
