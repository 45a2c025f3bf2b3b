"""Unions (``anyOf``/``oneOf``) and unmerged ``allOf`` members, matched by meaning not position.

Members are paired in rounds: equal members, then the same ``$ref`` target, then overlapping
discriminator values (``type`` const/enum), then the same JSON type, then compatible types
(integer/number); a single leftover on each side is compared as a changed member. A schema that is
not a union faces a union as a union of one member, so ``string`` becoming
``oneOf[number, string]`` is one member added.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
    """Pair members by meaning; return (pairs, removed old members, added new members).

    Round by round (see the module docstring), each old member left takes the first new member
    left that it matches. A round says when two members match by giving each member the keys it
    can be found under: two members match when they share a key. Lookups go through an index of
    those keys, so a union of many thousand members pairs in linear time.
    """
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    pairs: list[tuple[Member, Member]] = []
    for old_keys, new_keys in _ROUNDS:
        index: dict[Any, list[int]] = {}
        for j, member in enumerate(new):
            if j not in taken_new:
                for key in new_keys(member):
                    index.setdefault(key, []).append(j)
        if not index:
            continue
        # Positions of taken members are skipped lazily: a cursor per key only moves forward.
        cursors: dict[Any, int] = {}
        for i, member in enumerate(old):
            if i in taken_old:
                continue
            first: int | None = None
            for key in old_keys(member):
                positions = index.get(key)
                if not positions:
                    continue
                cursor = cursors.get(key, 0)
                while cursor < len(positions) and positions[cursor] in taken_new:
                    cursor += 1
                cursors[key] = cursor
                if cursor < len(positions) and (first is None or positions[cursor] < first):
                    first = positions[cursor]
            if first is not None:
                taken_old.add(i)
                taken_new.add(first)
                pairs.append((member, new[first]))
    old_left = [member for i, member in enumerate(old) if i not in taken_old]
    new_left = [member for j, member in enumerate(new) if j not in taken_new]
    if len(old_left) == 1 and len(new_left) == 1 and not (old_left[0].tags and new_left[0].tags):
        pairs.append((old_left[0], new_left[0]))
        old_left, new_left = [], []
    return pairs, old_left, new_left


Keys = Callable[[Member], Iterable[Any]]


def _expanded(types: frozenset[str] | None) -> set[str]:
    """The types a member accepts values of: ``number`` includes ``integer``."""
    if types is None:
        return set()
    return set(types) | ({"integer"} if "number" in types else set())


def _old_compatible(member: Member) -> list[tuple[str, str]]:
    """Round 5 keys of an old member: a tagged one may meet only an untagged new member."""
    kinds = ("untagged",) if member.tags else ("untagged", "tagged")
    return [(kind, name) for name in _expanded(member.types) for kind in kinds]


def _new_compatible(member: Member) -> list[tuple[str, str]]:
    """Round 5 keys of a new member: its types, marked with whether it is tagged."""
    kind = "tagged" if member.tags else "untagged"
    return [(kind, name) for name in _expanded(member.types)]


_ROUNDS: tuple[tuple[Keys, Keys], ...] = (
    # Equal members.
    (lambda m: (m.key,), lambda m: (m.key,)),
    # The same $ref target.
    (lambda m: (m.ref,) if m.ref is not None else (),
     lambda m: (m.ref,) if m.ref is not None else ()),
    # Overlapping discriminator values.
    (lambda m: m.tags, lambda m: m.tags),
    # The same JSON type, neither member tagged.
    (lambda m: (m.types,) if m.types is not None and not m.tags else (),
     lambda m: (m.types,) if m.types is not None and not m.tags else ()),
    # Compatible types (integer/number), not both tagged.
    (_old_compatible, _new_compatible),
)
"""The pairing rounds, as (keys of an old member, keys of a new member)."""


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
