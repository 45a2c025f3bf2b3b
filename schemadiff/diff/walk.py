"""The traversal: pairs of (old node, new node) walked once each, without recursion.

Work is organised in *units*: a unit is a pair of nodes reached through a ``$ref`` on either side
(or a root), keyed by ``(old pointer, new pointer, polarity)``. Each unit is compared once, however
many places reach it, so a change inside a shared definition is recorded once; the unit keeps every
edge that reached it, from which :mod:`schemadiff.diff.paths` lists all the message paths it
affects. ``$ref`` cycles end because a unit key is never processed twice.

Inside a unit, inline nodes are compared from an explicit stack (deep schemas cannot exhaust the
Python stack; nesting deeper than :data:`MAX_DEPTH` raises :class:`SchemaError`). Subtrees that are
equal on both sides are only scanned for the references they contain, which keeps large, mostly
unchanged schemas cheap.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from schemadiff import pointer as jp
from schemadiff.diff import rules
from schemadiff.diff.model import Rule, Side
from schemadiff.diff.normalize import View, view
from schemadiff.errors import SchemaError
from schemadiff.jsonschema_facts import (
    MAP_SUBSCHEMA,
    SINGLE_LABELS,
    SINGLE_SUBSCHEMA,
    is_annotation,
    union_label,
)

MAX_DEPTH: Final = 512
"""Inline nesting (within one definition) beyond which a schema is refused as malformed."""

UnitKey = tuple[str, str, bool]


@dataclass(slots=True)
class Unit:
    """A pair of nodes reached by reference (or a root), compared once."""

    old: Any
    old_pointer: str
    new: Any
    new_pointer: str
    inverted: bool
    base: str | None
    """The absolute readable path of a root unit (a message type, the document root)."""
    edges: list[tuple[int, str]] = field(default_factory=list)
    """(parent unit, readable label from the parent unit's node) for every place reaching it."""


@dataclass(slots=True)
class Task:
    """One pair of nodes to compare, inside a unit."""

    unit: int
    label: str
    old: Any
    old_pointer: str
    new: Any
    new_pointer: str
    inverted: bool
    depth: int


@dataclass(frozen=True, slots=True)
class Record:
    """A change as the walker records it, before paths are resolved."""

    unit: int
    label: str
    rule: Rule
    pointer: str
    side: Side
    old: Any
    new: Any


Handler = Callable[["Walker", Task], None]


class Walker:
    """Compares two documents pair by pair and records neutral changes."""

    def __init__(self, old_doc: Mapping[str, Any], new_doc: Mapping[str, Any]) -> None:
        self.old_doc = old_doc
        self.new_doc = new_doc
        self.units: list[Unit] = []
        self.unit_ids: dict[UnitKey, int] = {}
        self.queue: deque[int] = deque()
        self.stack: list[Task] = []
        self.records: list[Record] = []
        self.special: dict[tuple[str, str], Handler] = {}
        """Handlers for particular node pairs (the message union)."""
        self.inlined: set[tuple[Side, str]] = set()
        """Definitions compared inline (a reference facing an inline schema, or with siblings)."""
        self._resolved: dict[tuple[Side, Any], tuple[Any, str]] = {}
        self.quiet_enums: set[tuple[str, str]] = set()
        """Node pairs whose enum/const changes are reported elsewhere (discriminators)."""

    # --- units --------------------------------------------------------------------------------
    def add_root(self, old: Any, old_pointer: str, new: Any, new_pointer: str, base: str) -> int:
        key = (old_pointer, new_pointer, False)
        uid = self.unit_ids.get(key)
        if uid is None:
            uid = len(self.units)
            self.units.append(Unit(old, old_pointer, new, new_pointer, False, base))
            self.unit_ids[key] = uid
            self.queue.append(uid)
        elif self.units[uid].base is None:
            self.units[uid].base = base
        return uid

    def add_label_unit(self, base: str) -> int:
        """A unit that only names a path (for findings about a whole message type)."""
        uid = len(self.units)
        self.units.append(Unit(None, "", None, "", False, base))
        return uid

    def link(self, task: Task, label: str, old: Any, old_pointer: str, new: Any,
             new_pointer: str) -> None:
        """Reach the unit (old, new) from ``task`` through a reference."""
        key = (old_pointer, new_pointer, task.inverted)
        edge = (task.unit, task.label + label)
        uid = self.unit_ids.get(key)
        if uid is None:
            uid = len(self.units)
            unit = Unit(old, old_pointer, new, new_pointer, task.inverted, None, [edge])
            self.units.append(unit)
            self.unit_ids[key] = uid
            self.queue.append(uid)
        else:
            edges = self.units[uid].edges
            if edge not in edges:
                edges.append(edge)

    def run(self) -> None:
        from schemadiff.diff.keywords import compare_views

        while self.queue:
            uid = self.queue.popleft()
            unit = self.units[uid]
            self.stack.append(Task(uid, "", unit.old, unit.old_pointer, unit.new,
                                   unit.new_pointer, unit.inverted, 0))
            while self.stack:
                self._process(self.stack.pop(), compare_views)

    # --- recording ----------------------------------------------------------------------------
    def emit(self, task: Task, rule: Rule, pointer: str, side: Side, old: Any = None,
             new: Any = None, label: str = "") -> None:
        if task.inverted:
            # Inside ``not`` every subset relation flips, so the opposite rule applies.
            rule = rules.mirror(rule)
        self.records.append(Record(task.unit, task.label + label, rule, pointer, side, old, new))

    def child(self, task: Task, label: str, old: Any, old_pointer: str, new: Any,
              new_pointer: str, *, invert: bool = False) -> None:
        if task.depth >= MAX_DEPTH:
            raise SchemaError(f"schema nested deeper than {MAX_DEPTH} levels at "
                              f"{new_pointer or '/'}")
        self.stack.append(Task(task.unit, task.label + label, old, old_pointer, new,
                               new_pointer, task.inverted != invert, task.depth + 1))

    # --- references ---------------------------------------------------------------------------
    def resolve(self, side: Side, ref: Any, site: str) -> tuple[Any, str]:
        """Follow a local ``$ref`` chain; return the target and its pointer."""
        cache_key = (side, ref)
        cached = self._resolved.get(cache_key)
        if cached is not None:
            return cached
        result = self._resolve(side, ref, site)
        self._resolved[cache_key] = result
        return result

    def _resolve(self, side: Side, ref: Any, site: str) -> tuple[Any, str]:
        document = self.old_doc if side is Side.OLD else self.new_doc
        seen = 0
        while True:
            if not isinstance(ref, str) or not ref.startswith("#"):
                raise SchemaError(f"unsupported $ref {ref!r} at {site or '/'} "
                                  "(only local references are followed)")
            pointer = ref[1:]
            target = jp.get(document, pointer)
            seen += 1
            if seen > 64:
                raise SchemaError(f"$ref chain through {ref!r} never reaches a schema")
            if isinstance(target, dict) and len(target) == 1 and "$ref" in target:
                ref = target["$ref"]
                continue
            return target, pointer

    # --- comparison ---------------------------------------------------------------------------
    def _process(self, task: Task, compare_views: Callable[[Walker, Task, View, View], None],
                 ) -> None:
        handler = self.special.get((task.old_pointer, task.new_pointer))
        if handler is not None:
            handler(self, task)
            return
        old, new = task.old, task.new
        if old is new or (type(old) is type(new) and old == new):
            self.scan(task)
            return
        if _pure_ref(old) and _pure_ref(new):
            self._annotations(task, old, new)
            o_target, o_ptr = self.resolve(Side.OLD, old["$ref"], task.old_pointer)
            n_target, n_ptr = self.resolve(Side.NEW, new["$ref"], task.new_pointer)
            self.link(task, "", o_target, o_ptr, n_target, n_ptr)
            return
        if old is False or new is False:
            self._false(task)
            return
        vo = view(old, task.old_pointer)
        vn = view(new, task.new_pointer)
        if vo.nullable != vn.nullable:
            rule = (rules.PROPERTY_BECAME_NULLABLE if vn.nullable
                    else rules.PROPERTY_BECAME_NON_NULLABLE)
            self.emit(task, rule, task.new_pointer, Side.NEW, vo.nullable, vn.nullable)
        for _ in range(16):
            if "$ref" not in vo.data and "$ref" not in vn.data:
                break
            if _ref_only(vo) and _ref_only(vn):
                self._annotations(task, vo.data, vn.data, vo, vn)
                o_target, o_ptr = self.resolve(Side.OLD, vo.data["$ref"], task.old_pointer)
                n_target, n_ptr = self.resolve(Side.NEW, vn.data["$ref"], task.new_pointer)
                self.link(task, "", o_target, o_ptr, n_target, n_ptr)
                return
            if "$ref" in vo.data:
                vo = self._expand(Side.OLD, vo)
            if "$ref" in vn.data:
                vn = self._expand(Side.NEW, vn)
        else:
            raise SchemaError(f"$ref at {task.new_pointer or '/'} never reaches a schema")
        compare_views(self, task, vo, vn)

    def _expand(self, side: Side, node: View) -> View:
        """Inline a ``$ref`` that has constraint siblings, or that faces an inline schema.

        The target is merged under the reference's siblings (2020-12 applies both), keeping the
        pointers of the target's keywords, so findings point into the definition.
        """
        target, pointer = self.resolve(side, node.data["$ref"], node.pointer)
        self.inlined.add((side, pointer))
        siblings = {k: v for k, v in node.as_schema().items() if k != "$ref"}
        content: dict[str, Any] = dict(target) if isinstance(target, dict) else {}
        if target is False:
            content = {"not": {}}
        if any(key in content and content[key] != value and not is_annotation(key)
               for key, value in siblings.items()):
            # Both apply (2020-12): keep the target as one more allOf member, merged if it can be.
            members = [*siblings.get("allOf", []), content]
            member_pointers = [node.member_pointer("allOf", i)
                               for i in range(len(siblings.get("allOf", [])))] + [pointer]
            expanded = view({**siblings, "allOf": members}, node.pointer,
                            members={"allOf": member_pointers})
            for key in siblings:
                expanded.sources.setdefault(key, node.at(key))
        else:
            expanded = view({**content, **siblings}, pointer)
            for key in siblings:
                expanded.sources[key] = node.at(key)
        expanded.nullable = expanded.nullable or node.nullable
        return expanded

    def _annotations(self, task: Task, old: Mapping[str, Any], new: Mapping[str, Any],
                     vo: View | None = None, vn: View | None = None) -> None:
        for key in dict.fromkeys([*old, *new]):
            if key == "$ref" or not is_annotation(key):
                continue
            if old.get(key) != new.get(key):
                pointer = vn.at(key) if vn is not None else jp.join(task.new_pointer, key)
                if key not in new:
                    pointer = vo.at(key) if vo is not None else jp.join(task.old_pointer, key)
                side = Side.NEW if key in new else Side.OLD
                self.emit(task, rules.ANNOTATION_CHANGED, pointer, side, old.get(key),
                          new.get(key), label="")

    def _false(self, task: Task) -> None:
        old, new = task.old, task.new
        if old is False and new is False:
            return
        if new is False:
            self.emit(task, rules.SCHEMA_BECAME_FALSE, task.new_pointer, Side.NEW, old, False)
        else:
            self.emit(task, rules.SCHEMA_NO_LONGER_FALSE, task.new_pointer, Side.NEW, False, new)

    def scan(self, task: Task) -> None:
        """Find the references inside two equal subtrees and reach their units.

        This is the hot loop on large, mostly unchanged schemas. It only touches keywords that
        hold subschemas, and keeps a parent link per node instead of building pointers and
        labels: those are spelled out only for the few nodes that hold a reference.
        """
        if not isinstance(task.old, dict):
            return
        pending: list[_Entry] = [(task.old, None, "", None)]
        special = self._special_nodes()
        scan_keys = _SCAN
        while pending:
            entry = pending.pop()
            node = entry[0]
            if special and entry[1] is not None and id(node) in special:
                o_ptr, n_ptr, label = _locate(task, entry)
                self.stack.append(Task(task.unit, task.label + label, node, o_ptr,
                                       _get(self.new_doc, n_ptr, node), n_ptr, task.inverted,
                                       task.depth + 1))
                continue
            ref = node.get("$ref")
            if ref is not None:
                o_ptr, n_ptr, label = _locate(task, entry)
                o_target, o_target_ptr = self.resolve(Side.OLD, ref, o_ptr)
                n_target, n_target_ptr = self.resolve(Side.NEW, ref, n_ptr)
                self.link(task, label, o_target, o_target_ptr, n_target, n_target_ptr)
            for keyword in [k for k in node if k in scan_keys]:
                value = node[keyword]
                if type(value) is dict:
                    if scan_keys[keyword] is None:
                        pending.append((value, entry, keyword, None))
                    else:
                        for name, child in value.items():
                            if type(child) is dict:
                                pending.append((child, entry, keyword, name))
                elif type(value) is list and scan_keys[keyword] != "map":
                    for index, child in enumerate(value):
                        if type(child) is dict:
                            pending.append((child, entry, keyword, index))

    def _special_nodes(self) -> set[int]:
        if not self.special:
            return set()
        if self._special_ids is None:
            ids = set()
            for o_ptr, _ in self.special:
                node = _get(self.old_doc, o_ptr, None)
                if node is not None:
                    ids.add(id(node))
            self._special_ids = ids
        return self._special_ids

    _special_ids: set[int] | None = None


_Entry = tuple[Any, Any, str, "str | int | None"]


def _locate(task: Task, entry: _Entry) -> tuple[str, str, str]:
    """Spell out the old pointer, new pointer and label of a scanned node."""
    tokens: list[str] = []
    labels: list[str] = []
    while entry[1] is not None:
        _, parent, keyword, key = entry
        parent_node = parent[0]
        if key is None:
            tokens.append(keyword)
            labels.append(SINGLE_LABELS[keyword])
        elif isinstance(key, int):
            tokens.append(f"{keyword}/{key}")
            if keyword in ("items", "prefixItems"):
                labels.append(f"[{key}]")
            elif keyword == "allOf":
                labels.append("")
            else:
                labels.append(union_label(parent_node[keyword], key))
        else:
            tokens.append(f"{keyword}/{_token(key)}")
            if keyword == "properties":
                labels.append("." + key)
            elif keyword == "patternProperties":
                labels.append(f".{{{key}}}")
            else:
                labels.append(f"(if .{key})")
        entry = parent
    relative = "".join("/" + token for token in reversed(tokens))
    return (task.old_pointer + relative, task.new_pointer + relative,
            "".join(reversed(labels)))


_SCAN: Final[dict[str, str | None]] = {
    **dict.fromkeys(SINGLE_SUBSCHEMA), "allOf": "list", "anyOf": "list", "oneOf": "list",
    "prefixItems": "list", **dict.fromkeys(MAP_SUBSCHEMA, "map"),
}
_SCAN["items"] = None  # a schema, or (before 2020-12) a list: the loop looks at the value


def _token(name: str) -> str:
    return jp.escape(name) if "/" in name or "~" in name else name


def _ref_only(node: View) -> bool:
    return "$ref" in node.data and all(key == "$ref" or is_annotation(key) for key in node.data)


def _pure_ref(node: Any) -> bool:
    return isinstance(node, dict) and "$ref" in node and all(
        key == "$ref" or is_annotation(key) for key in node)


def _get(document: Any, pointer: str, default: Any) -> Any:
    try:
        return jp.get(document, pointer)
    except SchemaError:
        return default
