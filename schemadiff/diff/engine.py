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
from schemadiff.diff import definitions, variants
from schemadiff.diff.model import Change, Side
from schemadiff.diff.paths import Paths, finish
from schemadiff.diff.rules import RULES
from schemadiff.diff.schemas import DEFINITIONS, is_annotation, ref_name
from schemadiff.diff.walk import Record, Walker
from schemadiff.errors import SchemaError
from schemadiff.messages import find_union, root_pointer
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
    # The walk allocates many small objects while holding two large documents; the cyclic
    # garbage collector would rescan those documents again and again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _changes(_walk(old, new))
    except RecursionError:
        raise SchemaError("schema nested too deeply to compare") from None
    finally:
        if collecting:
            gc.enable()


def _walk(old: dict[str, Any], new: dict[str, Any]) -> Walker:
    walker = Walker(old, new)
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


def _document(w: Walker, old: dict[str, Any], new: dict[str, Any], old_root: str,
              new_root: str) -> None:
    """Top-level keywords that are not part of the root schema (``$schema`` beside a ``$ref``)."""
    if not old_root and not new_root:
        return
    uid = w.add_label_unit(ref_name(new_root or old_root) if (new_root or old_root) else "")
    if bool(old_root) != bool(new_root):
        w.records.append(Record(uid, "", "schema-restructured", "/$ref",
                                Side.NEW if new_root else Side.OLD, old.get("$ref"),
                                new.get("$ref")))
        return
    for key in dict.fromkeys([*new, *old]):
        if key in _DOCUMENT_KEYS or old.get(key) == new.get(key):
            continue
        rule = "annotation-changed" if is_annotation(key) else "unclassified"
        side = Side.NEW if key in new else Side.OLD
        w.records.append(Record(uid, "", rule, jp.join("", key), side, old.get(key),
                                new.get(key)))


def _changes(w: Walker) -> tuple[Change, ...]:
    paths = Paths(w)
    changes: dict[tuple[Any, ...], Change] = {}
    for record in w.records:
        if record.rule not in RULES:
            raise AssertionError(f"unknown rule {record.rule!r}")  # a bug, not bad input
        affects = tuple(dict.fromkeys(finish(p + record.label) for p in paths.of(record.unit)))
        change = Change(record.rule, affects[0], record.pointer, record.side, record.old,
                        record.new, affects)
        key = (record.rule, record.pointer, record.side, _key(record.old), _key(record.new),
               affects)
        changes.setdefault(key, change)
    return tuple(sorted(changes.values(), key=lambda c: (c.path, c.pointer, c.rule)))


def _key(value: Any) -> str:
    return repr(value)
