"""Unions (``anyOf``/``oneOf``) and unmerged ``allOf`` members, matched by meaning not position.

Members are paired in rounds: equal members, then the same ``$ref`` target, then overlapping
discriminator values (``type`` const/enum), then the same JSON type, then compatible types
(integer/number); a single leftover on each side is compared as a changed member. A schema that is
not a union faces a union as a union of one member, so ``string`` becoming
``oneOf[number, string]`` is one member added.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from schemadiff.diff import rules
from schemadiff.diff.model import Side
from schemadiff.diff.normalize import View, view
from schemadiff.diff.walk import Task, Walker
from schemadiff.jsonschema_facts import canonical, is_annotation, member_name


@dataclass(slots=True)
class Member:
    schema: Any
    pointer: str
    label: str
    key: str
    ref: str | None
    tags: frozenset[str]
    types: frozenset[str] | None


def compare_union(w: Walker, task: Task, vo: View, vn: View) -> set[str]:
    """Compare the unions of two nodes; return the keywords this consumed."""
    kind_o = _kind(vo)
    kind_n = _kind(vn)
    claimed = {"anyOf", "oneOf"}
    alts_o = _alternatives(w, Side.OLD, vo, kind_o, task.old)
    alts_n = _alternatives(w, Side.NEW, vn, kind_n, task.new)
    for kind, node in ((kind_o, vo), (kind_n, vn)):
        if kind is None:
            claimed |= {k for k in node.data if not is_annotation(k)}
    pairs, removed, added = match(alts_o, alts_n)
    for old, new in pairs:
        w.child(task, new.label if kind_n else old.label, old.schema, old.pointer, new.schema,
                new.pointer)
    for old in removed:
        w.emit(task, rules.UNION_MEMBER_REMOVED, old.pointer, Side.OLD, old.schema, None,
               label=old.label)
    for new in added:
        w.emit(task, rules.UNION_MEMBER_ADDED, new.pointer, Side.NEW, None, new.schema,
               label=new.label)
    if kind_o and kind_n and kind_o != kind_n:
        exclusive_side = alts_n if kind_n == "oneOf" else alts_o
        pointer = vn.at(kind_n)
        if len(exclusive_side) > 1 and not _disjoint(exclusive_side):
            rule = (rules.UNION_BECAME_EXCLUSIVE if kind_n == "oneOf"
                    else rules.UNION_BECAME_INCLUSIVE)
            w.emit(task, rule, pointer, Side.NEW, kind_o, kind_n)
        else:
            w.emit(task, rules.SCHEMA_RESTRUCTURED, pointer, Side.NEW, kind_o, kind_n)
    elif (kind_o is None) != (kind_n is None) and not added and not removed:
        w.emit(task, rules.SCHEMA_RESTRUCTURED, task.new_pointer, Side.NEW)
    return claimed


def compare_all_of(w: Walker, task: Task, vo: View, vn: View) -> None:
    """Compare members of ``allOf`` that could not be merged into their node."""
    alts_o = _members(w, Side.OLD, vo, "allOf", labels=False)
    alts_n = _members(w, Side.NEW, vn, "allOf", labels=False)
    pairs, removed, added = match(alts_o, alts_n)
    for old, new in pairs:
        w.child(task, "", old.schema, old.pointer, new.schema, new.pointer)
    for old in removed:
        w.emit(task, rules.ALL_OF_MEMBER_REMOVED, old.pointer, Side.OLD, old.schema, None)
    for new in added:
        w.emit(task, rules.ALL_OF_MEMBER_ADDED, new.pointer, Side.NEW, None, new.schema)


def _kind(node: View) -> str | None:
    if "anyOf" in node.data:
        return "anyOf"
    if "oneOf" in node.data:
        return "oneOf"
    return None


def _alternatives(w: Walker, side: Side, node: View, kind: str | None, raw: Any,
                  ) -> list[Member]:
    if kind is not None:
        return _members(w, side, node, kind, labels=True)
    if isinstance(raw, dict) and not node.nullable and not _SPELLINGS & raw.keys():
        # The raw keywords, so that an unchanged member does not look restructured.
        schema = {k: v for k, v in raw.items() if not is_annotation(k)}
    else:
        schema = {k: v for k, v in node.as_schema().items() if not is_annotation(k)}
    return [_member(w, side, schema, node.pointer, "")]


_SPELLINGS = frozenset({"anyOf", "oneOf", "allOf", "nullable", "const", "dependencies", "items",
                        "additionalItems"})


def _members(w: Walker, side: Side, node: View, kind: str, *, labels: bool) -> list[Member]:
    members = node.data.get(kind) or []
    result = []
    for index, schema in enumerate(members):
        label = f"<{member_name(schema, index)}>" if labels and len(members) > 1 else ""
        result.append(_member(w, side, schema, node.member_pointer(kind, index), label))
    return result


def _member(w: Walker, side: Side, schema: Any, pointer: str, label: str) -> Member:
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    target = schema
    if isinstance(ref, str):
        target, _ = w.resolve(side, ref, pointer)
    tags: frozenset[str] = frozenset()
    types: frozenset[str] | None = None
    if isinstance(target, dict):
        shape = view(target, pointer)
        types = shape.data.get("type")
        props = shape.data.get("properties")
        if isinstance(props, dict) and isinstance(props.get("type"), dict):
            disc = props["type"]
            if isinstance(disc.get("$ref"), str):
                disc, _ = w.resolve(side, disc["$ref"], pointer)
            values = [disc.get("const")] if isinstance(disc, dict) and "const" in disc else (
                disc.get("enum") if isinstance(disc, dict) else None)
            tags = frozenset(v for v in values or () if isinstance(v, str))
    name = ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None
    return Member(schema, pointer, label, canonical(schema), name, tags, types)


def match(old: list[Member], new: list[Member]) -> tuple[
        list[tuple[Member, Member]], list[Member], list[Member]]:
    """Pair members by meaning; return (pairs, removed old members, added new members)."""
    left_o = list(old)
    left_n = list(new)
    pairs: list[tuple[Member, Member]] = []
    rounds: tuple[Callable[[Member, Member], bool], ...] = (
        lambda a, b: a.key == b.key,
        lambda a, b: a.ref is not None and a.ref == b.ref,
        lambda a, b: bool(a.tags & b.tags),
        lambda a, b: a.types is not None and a.types == b.types and not a.tags and not b.tags,
        lambda a, b: _compatible(a.types, b.types) and not (a.tags and b.tags),
    )
    for same in rounds:
        for a in list(left_o):
            for b in left_n:
                if same(a, b):
                    pairs.append((a, b))
                    left_o.remove(a)
                    left_n.remove(b)
                    break
    if len(left_o) == 1 and len(left_n) == 1 and not (left_o[0].tags and left_n[0].tags):
        pairs.append((left_o[0], left_n[0]))
        left_o, left_n = [], []
    return pairs, left_o, left_n


def _compatible(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    if a is None or b is None:
        return False
    expand_a = set(a) | ({"integer"} if "number" in a else set())
    expand_b = set(b) | ({"integer"} if "number" in b else set())
    return bool(expand_a & expand_b)


def _disjoint(members: list[Member]) -> bool:
    """True when no value can match two members (distinct types or discriminator values)."""
    if all(m.tags for m in members):
        seen: set[str] = set()
        for m in members:
            if m.tags & seen:
                return False
            seen |= m.tags
        return True
    seen_types: set[str] = set()
    for m in members:
        if m.types is None:
            return False
        expanded = set(m.types) | ({"integer"} if "number" in m.types else set())
        if expanded & seen_types:
            return False
        seen_types |= expanded
    return True
