"""Refuse ``$ref`` chains too long to follow safely, before any validator or walker follows them.

A schema whose definitions reference each other in a long line (``D0 -> D1 -> ... -> D99999``)
is walked by recursion in every engine: the compiled validator overflowed its native stack on a
100,000-step chain and the process died with SIGSEGV, without a word. Such a chain is measured
here, iteratively, and refused with one line naming the file when it is longer than
:data:`MAX_REF_CHAIN` steps. Cycles (a tree of ``Node`` holding ``Node`` children) are normal and
count once: only chains of distinct definitions are long.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from schemadiff import pointer as jp
from schemadiff.errors import SchemaError

MAX_REF_CHAIN = 64
"""The longest chain of distinct definitions a schema may reference through."""

_PREFIXES = ("/$defs/", "/definitions/", "/components/schemas/")
_SHOWN_STEPS = 3


def check_ref_chains(document: Mapping[str, Any], label: str) -> None:
    """Raise :class:`SchemaError` when a ``$ref`` chain in ``document`` is longer than
    :data:`MAX_REF_CHAIN` steps."""
    graph = _reference_graph(document)
    if len(graph) <= MAX_REF_CHAIN:
        return  # Fewer definitions than steps: no chain of distinct ones can be too long.
    longest, following = _longest_chains(graph)
    for start in sorted(longest, key=lambda unit: (-longest[unit], unit)):
        if longest[start] <= MAX_REF_CHAIN:
            return
        steps = [start]
        while len(steps) <= _SHOWN_STEPS and steps[-1] in following:
            steps.append(following[steps[-1]])
        through = ", ".join("#" + unit for unit in steps[1:])
        raise SchemaError(
            f"{label}: $ref chain too long: {longest[start]} steps from "
            f"{'#' + start if start else 'the root'} through {through}, ...; at most "
            f"{MAX_REF_CHAIN} are followed"
        )


def _unit_of(ref: str) -> str:
    """The definition a local ``$ref`` lands in (``/$defs/Name``, still escaped as in the
    reference), or ``""`` for anywhere else in the document."""
    path = ref[1:]
    for prefix in _PREFIXES:
        if path.startswith(prefix):
            return prefix + path[len(prefix):].split("/", 1)[0]
    return ""


def _reference_graph(document: Mapping[str, Any]) -> dict[str, set[str]]:
    """Each definition and the definitions its schema references (local ``$ref`` only)."""
    graph: dict[str, set[str]] = {"": set()}
    parts: list[tuple[str, Any]] = []
    for key, value in document.items():
        if key in ("$defs", "definitions") and isinstance(value, dict):
            parts.extend((f"/{key}/{jp.escape(name)}", schema) for name, schema in value.items())
        elif key == "components" and isinstance(value, dict) and isinstance(
                value.get("schemas"), dict):
            parts.extend((f"/components/schemas/{jp.escape(name)}", schema)
                         for name, schema in value["schemas"].items())
            parts.append(("", [item for name, item in value.items() if name != "schemas"]))
        elif key == "$ref" and isinstance(value, str) and value.startswith("#"):
            graph[""].add(_unit_of(value))
        else:
            parts.append(("", value))
    for unit, part in parts:
        references = graph.setdefault(unit, set())
        stack = [part]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                ref = node.get("$ref")
                if isinstance(ref, str) and ref.startswith("#"):
                    references.add(_unit_of(ref))
                stack.extend(value for value in node.values() if isinstance(value, dict | list))
            elif isinstance(node, list):
                stack.extend(value for value in node if isinstance(value, dict | list))
    return graph


def _longest_chains(graph: dict[str, set[str]]) -> tuple[dict[str, int], dict[str, str]]:
    """For each definition, the number of steps of the longest chain of distinct definitions
    from it (a step back into the chain, a cycle, ends it), and the next definition on it."""
    longest: dict[str, int] = {}
    following: dict[str, str] = {}
    on_path: set[str] = set()
    for start in graph:
        if start in longest:
            continue
        stack: list[tuple[str, bool]] = [(start, False)]
        while stack:
            unit, finished = stack.pop()
            if finished:
                on_path.discard(unit)
                best, best_next = 0, None
                for successor in graph.get(unit, ()):
                    steps = longest.get(successor)
                    if steps is not None and steps + 1 > best:
                        best, best_next = steps + 1, successor
                longest[unit] = best
                if best_next is not None:
                    following[unit] = best_next
                continue
            if unit in longest or unit in on_path:
                continue
            on_path.add(unit)
            stack.append((unit, True))
            stack.extend((successor, False) for successor in graph.get(unit, ())
                         if successor not in longest and successor not in on_path)
    return longest, following
