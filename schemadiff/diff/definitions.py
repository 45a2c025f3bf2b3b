"""Definitions: added, removed, renamed, and changed ones that no reference reaches.

References are compared by structure where they are used, so a definition's own entry only says
that it exists: ``definition-added``/``-removed`` are info. A definition paired under two
different names (``A`` in OLD reached where ``B`` is in NEW, neither name on the other side) or
an unreferenced one with identical content under a new name is ``definition-renamed``. Changed
definitions that nothing reaches are walked on their own, named after themselves, so no raw
difference goes unreported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from schemadiff import pointer as jp
from schemadiff.diff import rules
from schemadiff.diff.model import Side
from schemadiff.jsonschema_facts import DEFINITIONS, canonical

if TYPE_CHECKING:
    from schemadiff.diff.walk import Walker


def definitions(document: Mapping[str, Any]) -> dict[str, tuple[str, Any]]:
    """Top-level definitions by pointer: ``{"/$defs/A": ("A", schema)}``."""
    found: dict[str, tuple[str, Any]] = {}
    for container in sorted(DEFINITIONS):
        entries = document.get(container)
        if isinstance(entries, dict):
            for name, schema in entries.items():
                found[jp.join("", container, name)] = (name, schema)
    return found


def compare(walker: Walker) -> None:
    old = definitions(walker.old_doc)
    new = definitions(walker.new_doc)
    reached_old = {unit.old_pointer for unit in walker.units} | {
        pointer for side, pointer in walker.inlined if side is Side.OLD}
    reached_new = {unit.new_pointer for unit in walker.units} | {
        pointer for side, pointer in walker.inlined if side is Side.NEW}
    for pointer in old.keys() & new.keys():
        if pointer in reached_old or pointer in reached_new:
            continue
        (name, old_schema), (_, new_schema) = old[pointer], new[pointer]
        if old_schema != new_schema:
            walker.add_root(old_schema, pointer, new_schema, pointer, name)
    walker.run()
    only_old = [p for p in old if p not in new]
    only_new = [p for p in new if p not in old]
    renamed: dict[str, str] = {}
    targets: set[str] = set()
    gone, fresh = set(only_old), set(only_new)
    for unit in walker.units:
        if unit.old_pointer in gone and unit.new_pointer in fresh and \
                unit.old_pointer not in renamed and unit.new_pointer not in targets:
            renamed[unit.old_pointer] = unit.new_pointer
            targets.add(unit.new_pointer)
    by_content: dict[str, str] = {}
    for pointer in only_new:
        if pointer not in targets:
            by_content.setdefault(canonical(new[pointer][1]), pointer)
    for pointer in only_old:
        if pointer in renamed:
            continue
        twin = by_content.pop(canonical(old[pointer][1]), None)
        if twin is not None:
            renamed[pointer] = twin
            targets.add(twin)
    for old_pointer, new_pointer in renamed.items():
        place = walker.at_unit(walker.add_label_unit(new[new_pointer][0]))
        walker.emit(place, rules.DEFINITION_RENAMED, new_pointer, Side.NEW, old[old_pointer][0],
                    new[new_pointer][0])
    for pointer in only_old:
        if pointer not in renamed:
            place = walker.at_unit(walker.add_label_unit(old[pointer][0]))
            walker.emit(place, rules.DEFINITION_REMOVED, pointer, Side.OLD, old[pointer][0], None)
    for pointer in only_new:
        if pointer not in targets:
            place = walker.at_unit(walker.add_label_unit(new[pointer][0]))
            walker.emit(place, rules.DEFINITION_ADDED, pointer, Side.NEW, None, new[pointer][0])
