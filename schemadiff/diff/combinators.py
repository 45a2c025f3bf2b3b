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
from typing import TYPE_CHECKING, Any

from schemadiff.diff import rules
from schemadiff.diff.model import Side
from schemadiff.diff.normalize import View, view
from schemadiff.jsonschema_facts import canonical, is_annotation, member_name

if TYPE_CHECKING:
    from schemadiff.diff.walk import Task, Walker


@dataclass(slots=True)
class Member:
    schema: Any
    pointer: str
    label: str
    key: str
    ref: str | None
    tags: frozenset[str]
    types: frozenset[str] | None


def compare_union(walker: Walker, task: Task, old_view: View, new_view: View) -> set[str]:
    """Compare the unions of two nodes; return the keywords this consumed."""
    old_kind = _kind(old_view)
    new_kind = _kind(new_view)
    claimed = {"anyOf", "oneOf"}
    old_members = _alternatives(walker, Side.OLD, old_view, old_kind, task.old)
    new_members = _alternatives(walker, Side.NEW, new_view, new_kind, task.new)
    for kind, node in ((old_kind, old_view), (new_kind, new_view)):
        if kind is None:
            claimed |= {k for k in node.data if not is_annotation(k)}
    pairs, removed, added = match(old_members, new_members)
    for old, new in pairs:
        label = new.label if new_kind else old.label
        walker.child(task, label, old.schema, old.pointer, new.schema, new.pointer)
    for old in removed:
        walker.emit(task, rules.UNION_MEMBER_REMOVED, old.pointer, Side.OLD, old.schema, None,
                    label=old.label)
    for new in added:
        walker.emit(task, rules.UNION_MEMBER_ADDED, new.pointer, Side.NEW, None, new.schema,
                    label=new.label)
    if old_kind and new_kind and old_kind != new_kind:
        exclusive_side = new_members if new_kind == "oneOf" else old_members
        pointer = new_view.at(new_kind)
        if len(exclusive_side) > 1 and not _disjoint(exclusive_side):
            rule = (rules.UNION_BECAME_EXCLUSIVE if new_kind == "oneOf"
                    else rules.UNION_BECAME_INCLUSIVE)
            walker.emit(task, rule, pointer, Side.NEW, old_kind, new_kind)
        else:
            walker.emit(task, rules.SCHEMA_RESTRUCTURED, pointer, Side.NEW, old_kind, new_kind)
    elif (old_kind is None) != (new_kind is None) and not added and not removed:
        walker.emit(task, rules.SCHEMA_RESTRUCTURED, task.new_pointer, Side.NEW)
    return claimed


def compare_all_of(walker: Walker, task: Task, old_view: View, new_view: View) -> None:
    """Compare members of ``allOf`` that could not be merged into their node."""
    old_members = _members(walker, Side.OLD, old_view, "allOf", labels=False)
    new_members = _members(walker, Side.NEW, new_view, "allOf", labels=False)
    pairs, removed, added = match(old_members, new_members)
    for old, new in pairs:
        walker.child(task, "", old.schema, old.pointer, new.schema, new.pointer)
    for old in removed:
        walker.emit(task, rules.ALL_OF_MEMBER_REMOVED, old.pointer, Side.OLD, old.schema, None)
    for new in added:
        walker.emit(task, rules.ALL_OF_MEMBER_ADDED, new.pointer, Side.NEW, None, new.schema)


def _kind(node: View) -> str | None:
    if "anyOf" in node.data:
        return "anyOf"
    if "oneOf" in node.data:
        return "oneOf"
    return None


def _alternatives(walker: Walker, side: Side, node: View, kind: str | None, raw: Any,
                  ) -> list[Member]:
    if kind is not None:
        return _members(walker, side, node, kind, labels=True)
    if isinstance(raw, dict) and not node.nullable and not _SPELLINGS & raw.keys():
        # The raw keywords, so that an unchanged member does not look restructured.
        schema = {k: v for k, v in raw.items() if not is_annotation(k)}
    else:
        schema = {k: v for k, v in node.as_schema().items() if not is_annotation(k)}
    return [_member(walker, side, schema, node.pointer, "")]


_SPELLINGS = frozenset({"anyOf", "oneOf", "allOf", "nullable", "const", "dependencies", "items",
                        "additionalItems"})


def _members(walker: Walker, side: Side, node: View, kind: str, *, labels: bool) -> list[Member]:
    members = node.data.get(kind) or []
    result = []
    for index, schema in enumerate(members):
        label = f"<{member_name(schema, index)}>" if labels and len(members) > 1 else ""
        result.append(_member(walker, side, schema, node.member_pointer(kind, index), label))
    return result


def _member(walker: Walker, side: Side, schema: Any, pointer: str, label: str) -> Member:
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    target = schema
    if isinstance(ref, str):
        target, _ = walker.resolve(side, ref, pointer)
    tags: frozenset[str] = frozenset()
    types: frozenset[str] | None = None
    if isinstance(target, dict):
        shape = view(target, pointer)
        types = shape.data.get("type")
        props = shape.data.get("properties")
        if isinstance(props, dict) and isinstance(props.get("type"), dict):
            disc = props["type"]
            if isinstance(disc.get("$ref"), str):
                disc, _ = walker.resolve(side, disc["$ref"], pointer)
            values = [disc.get("const")] if isinstance(disc, dict) and "const" in disc else (
                disc.get("enum") if isinstance(disc, dict) else None)
            tags = frozenset(v for v in values or () if isinstance(v, str))
    name = ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None
    return Member(schema, pointer, label, canonical(schema), name, tags, types)


def match(old: list[Member], new: list[Member]) -> tuple[
        list[tuple[Member, Member]], list[Member], list[Member]]:
    """Pair members by meaning; return (pairs, removed old members, added new members)."""
    old_left = list(old)
    new_left = list(new)
    pairs: list[tuple[Member, Member]] = []
    rounds: tuple[Callable[[Member, Member], bool], ...] = (
        lambda a, b: a.key == b.key,
        lambda a, b: a.ref is not None and a.ref == b.ref,
        lambda a, b: bool(a.tags & b.tags),
        lambda a, b: a.types is not None and a.types == b.types and not a.tags and not b.tags,
        lambda a, b: _compatible(a.types, b.types) and not (a.tags and b.tags),
    )
    for same in rounds:
        for a in list(old_left):
            for b in new_left:
                if same(a, b):
                    pairs.append((a, b))
                    old_left.remove(a)
                    new_left.remove(b)
                    break
    if len(old_left) == 1 and len(new_left) == 1 and not (old_left[0].tags and new_left[0].tags):
        pairs.append((old_left[0], new_left[0]))
        old_left, new_left = [], []
    return pairs, old_left, new_left


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
