"""The traversal: pairs of (old node, new node) walked once each, without recursion.

Work is organised in *units*: a unit is a pair of nodes reached through a ``$ref`` on either side
(or a root), keyed by ``(old pointer, new pointer, polarity)``. Each unit is compared once, however
many places reach it, so a change inside a shared definition is recorded once; the unit keeps every
edge that reached it, from which :mod:`schemadiff.diff.paths` lists all the message paths it
affects. ``$ref`` cycles end because a unit key is never processed twice.

The walker knows how to traverse, not how to compare: the comparer of one node pair (the keyword
table of :mod:`schemadiff.diff.keywords`) is handed to it as a value, the way jsonschema hands its
keyword functions to a validator, and calls back :meth:`Walker.child` (a subschema pair to compare
next), :meth:`Walker.link` (a pair reached through ``$ref``) and :meth:`Walker.emit` (the one way
a change is recorded). So this module never imports the comparers.

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
    SINGLE_SUBSCHEMA,
    child_label,
    is_annotation,
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
    keyword: str | None = None
    """The keyword that changed, where the rule does not say it (``annotation-changed``)."""


Handler = Callable[["Walker", Task], None]
Comparator = Callable[["Walker", Task, View, View], None]
"""Compares the normalised views of one node pair (``keywords.compare_views``)."""


class Walker:
    """Compares two documents pair by pair and records neutral changes."""

    def __init__(self, old_doc: Mapping[str, Any], new_doc: Mapping[str, Any],
                 compare: Comparator) -> None:
        self.old_doc = old_doc
        self.new_doc = new_doc
        self._compare = compare
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
        unit_id = self.unit_ids.get(key)
        if unit_id is None:
            unit_id = len(self.units)
            self.units.append(Unit(old, old_pointer, new, new_pointer, False, base))
            self.unit_ids[key] = unit_id
            self.queue.append(unit_id)
        elif self.units[unit_id].base is None:
            self.units[unit_id].base = base
        return unit_id

    def add_label_unit(self, base: str) -> int:
        """A unit that only names a path (for findings about a whole message type)."""
        unit_id = len(self.units)
        self.units.append(Unit(None, "", None, "", False, base))
        return unit_id

    def at_unit(self, unit_id: int) -> Task:
        """A place to record a change found outside the pairwise comparison of a unit.

        Message types, discriminator values, definitions and what the safety net finds are
        recorded as found: their rules are not mirrored, even in a unit reached inside ``not``.
        """
        unit = self.units[unit_id]
        return Task(unit_id, "", unit.old, unit.old_pointer, unit.new, unit.new_pointer, False, 0)

    def link(self, task: Task, label: str, old: Any, old_pointer: str, new: Any,
             new_pointer: str) -> None:
        """Reach the unit (old, new) from ``task`` through a reference."""
        key = (old_pointer, new_pointer, task.inverted)
        edge = (task.unit, task.label + label)
        unit_id = self.unit_ids.get(key)
        if unit_id is None:
            unit_id = len(self.units)
            unit = Unit(old, old_pointer, new, new_pointer, task.inverted, None, [edge])
            self.units.append(unit)
            self.unit_ids[key] = unit_id
            self.queue.append(unit_id)
        else:
            edges = self.units[unit_id].edges
            if edge not in edges:
                edges.append(edge)

    def run(self) -> None:
        """Compare every queued unit, and every unit and child pair that reaches."""
        while self.queue:
            unit_id = self.queue.popleft()
            unit = self.units[unit_id]
            self.stack.append(Task(unit_id, "", unit.old, unit.old_pointer, unit.new,
                                   unit.new_pointer, unit.inverted, 0))
            while self.stack:
                self.descend(self.stack.pop())

    # --- recording ----------------------------------------------------------------------------
    def emit(self, task: Task, rule: Rule, pointer: str, side: Side, old: Any = None,
             new: Any = None, label: str = "", keyword: str | None = None) -> None:
        """Record a change of kind ``rule`` at ``pointer``, found while comparing ``task``."""
        if task.inverted:
            # Inside ``not`` every subset relation flips, so the opposite rule applies.
            rule = rules.mirror(rule)
        self.records.append(Record(task.unit, task.label + label, rule, pointer, side, old, new,
                                   keyword))

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
    def compare_views(self, task: Task, old_view: View, new_view: View) -> None:
        """Compare two normalised views of ``task``'s node pair with the walker's comparer."""
        self._compare(self, task, old_view, new_view)

    def descend(self, task: Task) -> None:
        """Compare one node pair: follow references, record nullability, compare the views."""
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
            old_target, old_pointer = self.resolve(Side.OLD, old["$ref"], task.old_pointer)
            new_target, new_pointer = self.resolve(Side.NEW, new["$ref"], task.new_pointer)
            self.link(task, "", old_target, old_pointer, new_target, new_pointer)
            return
        if old is False or new is False:
            self._false(task)
            return
        old_view = view(old, task.old_pointer)
        new_view = view(new, task.new_pointer)
        if old_view.nullable != new_view.nullable:
            rule = (rules.PROPERTY_BECAME_NULLABLE if new_view.nullable
                    else rules.PROPERTY_BECAME_NON_NULLABLE)
            self.emit(task, rule, task.new_pointer, Side.NEW, old_view.nullable, new_view.nullable)
        for _ in range(16):
            if "$ref" not in old_view.data and "$ref" not in new_view.data:
                break
            if _ref_only(old_view) and _ref_only(new_view):
                self._annotations(task, old_view.data, new_view.data, old_view, new_view)
                old_target, old_pointer = self.resolve(Side.OLD, old_view.data["$ref"],
                                                       task.old_pointer)
                new_target, new_pointer = self.resolve(Side.NEW, new_view.data["$ref"],
                                                       task.new_pointer)
                self.link(task, "", old_target, old_pointer, new_target, new_pointer)
                return
            if "$ref" in old_view.data:
                old_view = self._expand(Side.OLD, old_view)
            if "$ref" in new_view.data:
                new_view = self._expand(Side.NEW, new_view)
        else:
            raise SchemaError(f"$ref at {task.new_pointer or '/'} never reaches a schema")
        self._compare(self, task, old_view, new_view)

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
                     old_view: View | None = None, new_view: View | None = None) -> None:
        for key in dict.fromkeys([*old, *new]):
            if key == "$ref" or not is_annotation(key):
                continue
            if old.get(key) == new.get(key):
                continue
            if key in new:
                side = Side.NEW
                pointer = new_view.at(key) if new_view is not None else \
                    jp.join(task.new_pointer, key)
            else:
                side = Side.OLD
                pointer = old_view.at(key) if old_view is not None else \
                    jp.join(task.old_pointer, key)
            self.emit(task, rules.ANNOTATION_CHANGED, pointer, side, old.get(key), new.get(key),
                      keyword=key)

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
                old_pointer, new_pointer, label = _locate(task, entry)
                self.stack.append(Task(task.unit, task.label + label, node, old_pointer,
                                       _get(self.new_doc, new_pointer, node), new_pointer,
                                       task.inverted, task.depth + 1))
                continue
            ref = node.get("$ref")
            if ref is not None:
                old_pointer, new_pointer, label = _locate(task, entry)
                old_target, old_target_pointer = self.resolve(Side.OLD, ref, old_pointer)
                new_target, new_target_pointer = self.resolve(Side.NEW, ref, new_pointer)
                self.link(task, label, old_target, old_target_pointer, new_target,
                          new_target_pointer)
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
            for old_pointer, _ in self.special:
                node = _get(self.old_doc, old_pointer, None)
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
        if key is None:
            tokens.append(keyword)
        elif isinstance(key, int):
            tokens.append(f"{keyword}/{key}")
        else:
            tokens.append(f"{keyword}/{_token(key)}")
        labels.append(child_label(keyword, key, parent[0].get(keyword)))
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
