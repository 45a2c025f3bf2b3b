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
from schemadiff.diff import definitions, rules, safety_net, variants
from schemadiff.diff.model import Change, Side
from schemadiff.diff.paths import Paths, finish, link_one_sided
from schemadiff.diff.walk import Record, Walker
from schemadiff.errors import SchemaError
from schemadiff.jsonschema_facts import (
    DEFINITIONS,
    SINGLE_LABELS,
    is_annotation,
    ref_name,
    union_label,
)
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
    # The walk assumes well-formed keywords; a document that is no JSON Schema stops here.
    check_schema(old, "OLD")
    check_schema(new, "NEW")
    # The walk allocates many small objects while holding two large documents; the cyclic
    # garbage collector would rescan those documents again and again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        walker = _walk(old, new)
        _safety_net(walker)
        link_one_sided(walker)
        return _changes(walker)
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
        w.records.append(Record(uid, "", rules.SCHEMA_RESTRUCTURED, "/$ref",
                                Side.NEW if new_root else Side.OLD, old.get("$ref"),
                                new.get("$ref")))
        return
    for key in dict.fromkeys([*new, *old]):
        if key in _DOCUMENT_KEYS or old.get(key) == new.get(key):
            continue
        rule = rules.ANNOTATION_CHANGED if is_annotation(key) else rules.UNCLASSIFIED
        side = Side.NEW if key in new else Side.OLD
        w.records.append(Record(uid, "", rule, jp.join("", key), side, old.get(key),
                                new.get(key)))


def _safety_net(w: Walker) -> None:
    """Report what the independent net (:mod:`schemadiff.diff.safety_net`) finds uncovered."""
    found = safety_net.uncovered(w.old_doc, w.new_doc,
                                 [(record.rule.id, record.pointer) for record in w.records])
    if not found:
        return
    units: dict[tuple[Side, str], int] = {}
    for uid, unit in enumerate(w.units):
        if unit.base is None and not unit.edges:
            continue  # a label unit (a finding about a whole message type or definition)
        units.setdefault((Side.OLD, unit.old_pointer), uid)
        units.setdefault((Side.NEW, unit.new_pointer), uid)
    labels: dict[str, int] = {}
    for item in found:
        raw = item.difference
        side, tokens = raw.side, raw.tokens
        document = w.new_doc if side is Side.NEW else w.old_doc
        uid, label = _locate(units, labels, w, side, tokens, document)
        w.records.append(Record(uid, label, item.rule, raw.pointer, side, raw.old, raw.new))


def _locate(units: dict[tuple[Side, str], int], labels: dict[str, int], w: Walker, side: Side,
            tokens: tuple[safety_net.Token, ...], document: Any) -> tuple[int, str]:
    """The unit whose node encloses ``tokens`` most closely, and the readable label inside it."""
    for end in range(len(tokens), -1, -1):
        uid = units.get((side, jp.join("", *tokens[:end])))
        if uid is not None:
            return uid, _label(document, tokens[:end], tokens[end:])
    # Nothing the walk reached encloses it: name it after its definition (or the root).
    if len(tokens) >= 2 and tokens[0] in DEFINITIONS:
        base, start = str(tokens[1]), 2
    else:
        base, start = ref_name(str(w.new_doc.get("$ref") or "")), 0
    if base not in labels:
        labels[base] = w.add_label_unit(base)
    return labels[base], _label(document, tokens[:start], tokens[start:])


def _label(document: Any, head: tuple[safety_net.Token, ...],
           tail: tuple[safety_net.Token, ...]) -> str:
    """The readable label of ``tail`` (``.payload.items[]``) below the node at ``head``."""
    node = _node(document, head)
    parts: list[str] = []
    for kind, step in safety_net.schema_steps(tail):
        if kind != "schema":
            break
        keyword, key = str(step[0]), step[1] if len(step) > 1 else None
        container = node.get(keyword) if isinstance(node, dict) else None
        if keyword == "properties":
            parts.append(f".{key}")
        elif keyword == "patternProperties":
            parts.append(f".{{{key}}}")
        elif keyword in ("dependentSchemas", "dependencies"):
            parts.append(f"(if .{key})")
        elif keyword in ("items", "prefixItems") and isinstance(key, int):
            parts.append(f"[{key}]")
        elif keyword in ("anyOf", "oneOf") and isinstance(key, int) and \
                isinstance(container, list) and key < len(container):
            parts.append(union_label(container, key))
        elif keyword not in ("allOf", "anyOf", "oneOf"):
            parts.append(SINGLE_LABELS.get(keyword, ""))
        node = container if key is None else (
            container.get(key) if isinstance(container, dict) and isinstance(key, str)
            else container[key] if isinstance(container, list) and isinstance(key, int)
            and key < len(container) else None)
    return "".join(parts)


def _node(document: Any, tokens: tuple[safety_net.Token, ...]) -> Any:
    node = document
    for token in tokens:
        if isinstance(node, dict) and isinstance(token, str):
            node = node.get(token)
        elif isinstance(node, list) and isinstance(token, int) and token < len(node):
            node = node[token]
        else:
            return None
    return node


def _changes(w: Walker) -> tuple[Change, ...]:
    paths = Paths(w)
    changes: dict[tuple[Any, ...], Change] = {}
    for record in w.records:
        listed, more = paths.of(record.unit)
        affects = tuple(dict.fromkeys(finish(p + record.label) for p in listed))
        if more is not None:
            affects += (more,)
        change = Change(record.rule.id, affects[0], record.pointer, record.side, record.old,
                        record.new, affects)
        key = (record.rule.id, record.pointer, record.side, _key(record.old), _key(record.new),
               affects)
        changes.setdefault(key, change)
    return tuple(sorted(changes.values(), key=lambda c: (c.path, c.pointer, c.rule)))


def _key(value: Any) -> str:
    return repr(value)
