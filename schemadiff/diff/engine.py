"""The differ's one public function: ``compare(old, new)`` -> neutral :class:`Change` records.

Works on snapshot documents (the root is the target of a top-level ``$ref`` into ``$defs``, the
message union is matched by discriminator value) and on plain JSON Schemas of any draft. The
records say what changed, where (a readable path, a JSON Pointer and the side it points into) and
the old and new values; :mod:`schemadiff.diff.rules` says what each kind of change means per
compatibility mode. See ``docs/rules.md``.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from typing import Any

from schemadiff import pointer as jp
from schemadiff.diff import coverage, definitions, keywords, rules, variants
from schemadiff.diff.model import Change, Side
from schemadiff.diff.paths import Paths, finish, link_one_sided
from schemadiff.diff.walk import Walker
from schemadiff.errors import SchemaError
from schemadiff.jsonschema_facts import DEFINITIONS, is_annotation, ref_name
from schemadiff.messages import find_union, root_pointer
from schemadiff.schema_check import check_schema
from schemadiff.snapshot import PROVENANCE_KEY

_DOCUMENT_KEYS = frozenset({"$ref", PROVENANCE_KEY, *DEFINITIONS})


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[Change, ...]:
    """Every difference between ``old`` and ``new``, as neutral change records.

    Raises :class:`SchemaError` for a malformed schema (a dangling or external ``$ref``, nesting
    too deep to walk); never anything else for JSON input.
    """
    if not isinstance(old, Mapping) or not isinstance(new, Mapping):
        raise SchemaError("a schema document must be a JSON object")
    old = {k: v for k, v in old.items() if k != PROVENANCE_KEY}
    new = {k: v for k, v in new.items() if k != PROVENANCE_KEY}
    # The walk follows JSON Pointers; a plain-name reference (#Address) becomes one here.
    old, new = _pointer_refs(old), _pointer_refs(new)
    # The walk assumes well-formed keywords; a document that is no JSON Schema stops here.
    check_schema(old, "OLD")
    check_schema(new, "NEW")
    # The walk allocates many small objects while holding two large documents; the cyclic
    # garbage collector would rescan those documents again and again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        walker = _walk(old, new)
        coverage.report_uncovered(walker)
        link_one_sided(walker)
        return _changes(walker)
    except RecursionError:
        raise SchemaError("schema nested too deeply to compare") from None
    finally:
        if collecting:
            gc.enable()


def _pointer_refs(document: dict[str, Any]) -> dict[str, Any]:
    rewritten: dict[str, Any] = jp.with_pointer_refs(document)
    return rewritten


def _walk(old: dict[str, Any], new: dict[str, Any]) -> Walker:
    walker = Walker(old, new, keywords.compare_views)
    old_root, new_root = root_pointer(old), root_pointer(new)
    old_node = jp.get(old, old_root) if old_root else old
    new_node = jp.get(new, new_root) if new_root else new
    union_old, union_new = find_union(old), find_union(new)
    if union_old is not None and union_new is not None:
        variants.install(walker, union_old, union_new)
    base = ref_name(new_root) if new_root else (ref_name(old_root) if old_root else "")
    walker.add_root(old_node, old_root, new_node, new_root, base)
    walker.run()
    _document(walker, old, new, old_root, new_root)
    definitions.compare(walker)
    return walker


def _document(walker: Walker, old: dict[str, Any], new: dict[str, Any], old_root: str,
              new_root: str) -> None:
    """Top-level keywords that are not part of the root schema (``$schema`` beside a ``$ref``)."""
    if not old_root and not new_root:
        return
    place = walker.at_unit(walker.add_label_unit(ref_name(new_root or old_root)))
    if bool(old_root) != bool(new_root):
        walker.emit(place, rules.SCHEMA_RESTRUCTURED, "/$ref", Side.NEW if new_root else Side.OLD,
                    old.get("$ref"), new.get("$ref"))
        return
    for key in dict.fromkeys([*new, *old]):
        if key in _DOCUMENT_KEYS or old.get(key) == new.get(key):
            continue
        side = Side.NEW if key in new else Side.OLD
        if is_annotation(key):
            walker.emit(place, rules.ANNOTATION_CHANGED, jp.join("", key), side, old.get(key),
                        new.get(key), keyword=key)
        else:
            walker.emit(place, rules.UNCLASSIFIED, jp.join("", key), side, old.get(key),
                        new.get(key))


def _changes(walker: Walker) -> tuple[Change, ...]:
    paths = Paths(walker)
    changes: dict[tuple[Any, ...], Change] = {}
    for record in walker.records:
        listed, more = paths.of(record.unit)
        affects = tuple(dict.fromkeys(finish(p + record.label) for p in listed))
        if more is not None:
            affects += (more,)
        change = Change(record.rule.id, affects[0], record.pointer, record.side, record.old,
                        record.new, affects, record.keyword)
        key = (record.rule.id, record.pointer, record.side, _key(record.old), _key(record.new),
               affects)
        changes.setdefault(key, change)
    return tuple(sorted(changes.values(), key=lambda c: (c.path, c.pointer, c.rule)))


def _key(value: Any) -> str:
    return repr(value)
