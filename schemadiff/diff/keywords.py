"""Compare two normalised nodes keyword by keyword, and account for every difference.

This is the differ's keyword table, in the manner of jsonschema's validators: :data:`COMPARATORS`
maps a keyword to the function that judges a change of it, and each function sees one
:class:`KeywordChange` and calls back the walker (``emit`` a change, ``child`` a subschema pair).
Groups of keywords that only mean something together (the object and array keywords, the union
keywords) are compared as groups. Annotations are one comparator for every annotation keyword.

Each differing keyword is claimed by exactly one comparator. A differing keyword that no
comparator claims becomes an ``unclassified`` finding at its pointer, and a raw difference that
vanishes in the normalised views becomes ``schema-restructured``: this is the differ's safety net,
checked at every node pair as the walk goes (dict equality in C prunes unchanged subtrees), so it
costs nothing on unchanged parts of a large schema.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from schemadiff.diff import arrays, combinators, objects, rules
from schemadiff.diff.model import Rule, Side
from schemadiff.diff.normalize import EnumSet, View
from schemadiff.jsonschema_facts import DEFINITIONS, child_label, is_annotation

if TYPE_CHECKING:
    from schemadiff.diff.walk import Task, Walker

MISSING: Final = object()


@dataclass(frozen=True, slots=True)
class KeywordChange:
    """One keyword whose value differs between the two views of a node pair."""

    keyword: str
    old: Any
    """The old value, ``None`` when the keyword is absent in OLD (see :attr:`added`)."""
    new: Any
    """The new value, ``None`` when the keyword is absent in NEW (see :attr:`removed`)."""
    added: bool
    removed: bool
    old_view: View
    new_view: View

    @property
    def pointer(self) -> str:
        """Where the change is written: in NEW, or in OLD when the keyword was removed."""
        return self.old_view.at(self.keyword) if self.removed else self.new_view.at(self.keyword)

    @property
    def side(self) -> Side:
        return Side.OLD if self.removed else Side.NEW


KeywordComparator = Callable[["Walker", "Task", KeywordChange], None]
"""Judges one changed keyword of a node pair: records changes or compares subschemas."""


def compare_views(walker: Walker, task: Task, old_view: View, new_view: View) -> None:
    """Compare two views of one node pair; every differing keyword is reported or claimed."""
    old, new = old_view.data, new_view.data
    keys = list(dict.fromkeys([*new, *old]))
    differing = {key for key in keys if old.get(key, MISSING) != new.get(key, MISSING)}
    handled: set[str] = set()
    if "anyOf" in old or "anyOf" in new or "oneOf" in old or "oneOf" in new:
        handled |= combinators.compare_union(walker, task, old_view, new_view)
        keys = [key for key in keys if key not in handled]
    for group, compare_group in GROUPS:
        present = [key for key in keys if key in group]
        if not present:
            continue
        handled.update(present)
        if any(key in differing for key in present):
            compare_group(walker, task, old_view, new_view)
        else:
            for key in present:
                descend_equal(walker, task, old_view, new_view, key)
    for key in keys:
        if key in handled:
            continue
        if key not in differing:
            descend_equal(walker, task, old_view, new_view, key)
        elif key not in DEFINITIONS:
            # Definitions are compared where references reach them, and by definitions.py.
            old_value, new_value = old.get(key, MISSING), new.get(key, MISSING)
            change = KeywordChange(key, None if old_value is MISSING else old_value,
                                   None if new_value is MISSING else new_value,
                                   old_value is MISSING, new_value is MISSING, old_view,
                                   new_view)
            comparator = _annotation if is_annotation(key) else \
                COMPARATORS.get(key, _unclassified)
            comparator(walker, task, change)
    if not differing and old_view.nullable == new_view.nullable:
        walker.emit(task, rules.SCHEMA_RESTRUCTURED, task.new_pointer, Side.NEW)


def descend_equal(walker: Walker, task: Task, old_view: View, new_view: View, key: str) -> None:
    """Walk into an equal keyword's subschemas, for the references they may contain."""
    old: Any = old_view.data.get(key)
    new: Any = new_view.data.get(key)
    if isinstance(old, dict) and key in ("properties", "patternProperties", "dependentSchemas"):
        for name, schema in old.items():
            walker.child(task, child_label(key, name), schema, old_view.child_pointer(key, name),
                         new[name], new_view.child_pointer(key, name))
    elif isinstance(old, list) and key in ("prefixItems", "allOf", "anyOf", "oneOf"):
        for index, schema in enumerate(old):
            walker.child(task, child_label(key, index, old), schema,
                         old_view.member_pointer(key, index), new[index],
                         new_view.member_pointer(key, index))
    elif isinstance(old, dict) and key in ("items", "additionalProperties", "not", "if",
                                           *_SUBSCHEMA):
        walker.child(task, child_label(key), old, old_view.at(key), new, new_view.at(key),
                     invert=key == "not")


# --- the comparators ----------------------------------------------------------------------------
def _annotation(walker: Walker, task: Task, change: KeywordChange) -> None:
    walker.emit(task, rules.ANNOTATION_CHANGED, change.pointer, change.side, change.old,
                change.new, keyword=change.keyword)


def _unclassified(walker: Walker, task: Task, change: KeywordChange) -> None:
    walker.emit(task, rules.UNCLASSIFIED, change.pointer, change.side, _plain(change.old),
                _plain(change.new))


def _type(walker: Walker, task: Task, change: KeywordChange) -> None:
    old_types, new_types = _expand_types(change.old), _expand_types(change.new)
    plain_old, plain_new = _plain(change.old), _plain(change.new)
    if old_types == new_types:
        rule = rules.SCHEMA_RESTRUCTURED
    elif old_types is None or (new_types is not None and new_types < old_types):
        rule = rules.TYPE_NARROWED
    elif new_types is None or new_types > old_types:
        rule = rules.TYPE_WIDENED
    else:
        rule = rules.TYPE_CHANGED
    walker.emit(task, rule, change.pointer, Side.NEW, plain_old, plain_new)


def _enum(walker: Walker, task: Task, change: KeywordChange) -> None:
    old, new = change.old, change.new
    if (task.old_pointer, task.new_pointer) in walker.quiet_enums:
        if isinstance(old, EnumSet) and isinstance(new, EnumSet) and \
                set(old.keys()) == set(new.keys()):
            # A discriminator's values reordered: its value changes are reported elsewhere.
            walker.emit(task, rules.SCHEMA_RESTRUCTURED, change.pointer, change.side,
                        _plain(old), _plain(new))
        return
    pointer, side = change.pointer, change.side
    if old is None and new is not None:
        rule = rules.CONST_ADDED if new.const else rules.ENUM_ADDED
        walker.emit(task, rule, pointer, side, None, _plain(new))
        return
    if new is None and old is not None:
        rule = rules.CONST_REMOVED if old.const else rules.ENUM_REMOVED
        walker.emit(task, rule, pointer, side, _plain(old), None)
        return
    if old is None or new is None:
        return
    old_keys, new_keys = set(old.keys()), set(new.keys())
    if old.const and new.const and len(old.values) == len(new.values) == 1 and \
            old_keys != new_keys:
        walker.emit(task, rules.CONST_CHANGED, pointer, side, old.values[0][1], new.values[0][1])
        return
    added = [value for key, value in new.values if key not in old_keys]
    removed = [value for key, value in old.values if key not in new_keys]
    if len(added) > MAX_ENUM_VALUE_FINDINGS:
        walker.emit(task, rules.ENUM_VALUE_ADDED, pointer, Side.NEW, None, _summary(added))
    else:
        for value in added:
            walker.emit(task, rules.ENUM_VALUE_ADDED, pointer, Side.NEW, None, value)
    if len(removed) > MAX_ENUM_VALUE_FINDINGS:
        walker.emit(task, rules.ENUM_VALUE_REMOVED, pointer, Side.NEW, _summary(removed), None)
    else:
        for value in removed:
            walker.emit(task, rules.ENUM_VALUE_REMOVED, pointer, Side.NEW, value, None)
    if not added and not removed:
        walker.emit(task, rules.SCHEMA_RESTRUCTURED, pointer, side, _plain(old), _plain(new))


MAX_ENUM_VALUE_FINDINGS: Final = 100
"""Values added to (or removed from) one enum that are reported one finding each. Beyond this,
the values of that enum are one finding whose value says how many there are and lists the
first ones (:func:`_summary`): the same rule at the same place, so levels, policies and exit
codes are what they would be with one finding per value, and a million-value enum stays cheap."""


def _summary(values: list[Any]) -> dict[str, Any]:
    """The value of the one finding that stands for many enum values added or removed."""
    return {"count": len(values), "first": values[:MAX_ENUM_VALUE_FINDINGS]}


def _added_removed_changed(added: Rule, removed: Rule, changed: Rule) -> KeywordComparator:
    """A comparator for a keyword whose every change is one of three rules (``format``)."""

    def compare(walker: Walker, task: Task, change: KeywordChange) -> None:
        rule = added if change.added else removed if change.removed else changed
        walker.emit(task, rule, change.pointer, change.side, change.old, change.new)

    return compare


_BOUNDS: Final[Mapping[str, tuple[Rule, Rule, int]]] = {
    # keyword: (tightened, loosened, +1 when a larger value is stricter, -1 when a smaller one is)
    "minimum": (rules.MINIMUM_TIGHTENED, rules.MINIMUM_LOOSENED, 1),
    "maximum": (rules.MAXIMUM_TIGHTENED, rules.MAXIMUM_LOOSENED, -1),
    "exclusiveMinimum": (rules.EXCLUSIVE_MINIMUM_TIGHTENED, rules.EXCLUSIVE_MINIMUM_LOOSENED, 1),
    "exclusiveMaximum": (rules.EXCLUSIVE_MAXIMUM_TIGHTENED, rules.EXCLUSIVE_MAXIMUM_LOOSENED,
                         -1),
    "minLength": (rules.MIN_LENGTH_TIGHTENED, rules.MIN_LENGTH_LOOSENED, 1),
    "maxLength": (rules.MAX_LENGTH_TIGHTENED, rules.MAX_LENGTH_LOOSENED, -1),
    "minItems": (rules.MIN_ITEMS_TIGHTENED, rules.MIN_ITEMS_LOOSENED, 1),
    "maxItems": (rules.MAX_ITEMS_TIGHTENED, rules.MAX_ITEMS_LOOSENED, -1),
    "minProperties": (rules.MIN_PROPERTIES_TIGHTENED, rules.MIN_PROPERTIES_LOOSENED, 1),
    "maxProperties": (rules.MAX_PROPERTIES_TIGHTENED, rules.MAX_PROPERTIES_LOOSENED, -1),
    "minContains": (rules.MIN_CONTAINS_TIGHTENED, rules.MIN_CONTAINS_LOOSENED, 1),
    "maxContains": (rules.MAX_CONTAINS_TIGHTENED, rules.MAX_CONTAINS_LOOSENED, -1),
}


def _bound(walker: Walker, task: Task, change: KeywordChange) -> None:
    tightened_rule, loosened_rule, stricter = _BOUNDS[change.keyword]
    old, new = change.old, change.new
    if isinstance(old, bool) or isinstance(new, bool):
        # draft-04 boolean exclusiveMinimum/exclusiveMaximum: true makes the bound stricter.
        tightened = new is True and old is not True
    elif old is None:
        tightened = True
    elif new is None:
        tightened = False
    elif not _number(old) or not _number(new):
        walker.emit(task, rules.UNCLASSIFIED, change.pointer, change.side, old, new)
        return
    else:
        tightened = (new - old) * stricter > 0
    walker.emit(task, tightened_rule if tightened else loosened_rule, change.pointer,
                change.side, old, new)


def _multiple_of(walker: Walker, task: Task, change: KeywordChange) -> None:
    old, new = change.old, change.new
    if old is None:
        rule = rules.MULTIPLE_OF_TIGHTENED
    elif new is None:
        rule = rules.MULTIPLE_OF_LOOSENED
    elif not _number(old) or not _number(new) or old <= 0 or new <= 0:
        rule = rules.UNCLASSIFIED
    elif _divides(old, new):
        rule = rules.MULTIPLE_OF_TIGHTENED  # every multiple of new is a multiple of old
    elif _divides(new, old):
        rule = rules.MULTIPLE_OF_LOOSENED
    else:
        rule = rules.MULTIPLE_OF_CHANGED
    walker.emit(task, rule, change.pointer, change.side, old, new)


def _unique_items(walker: Walker, task: Task, change: KeywordChange) -> None:
    rule = rules.UNIQUE_ITEMS_TIGHTENED if change.new is True else rules.UNIQUE_ITEMS_LOOSENED
    walker.emit(task, rule, change.pointer, change.side, change.old, change.new)


def _not(walker: Walker, task: Task, change: KeywordChange) -> None:
    if change.added:
        walker.emit(task, rules.NOT_ADDED, change.pointer, change.side, None, change.new)
    elif change.removed:
        walker.emit(task, rules.NOT_REMOVED, change.pointer, change.side, change.old, None)
    else:
        walker.child(task, child_label("not"), change.old, change.old_view.at("not"),
                     change.new, change.new_view.at("not"), invert=True)


_SUBSCHEMA: Final = ("propertyNames", "contains", "contentSchema", "then", "else",
                     "unevaluatedItems", "unevaluatedProperties")


def _subschema(walker: Walker, task: Task, change: KeywordChange) -> None:
    keyword = change.keyword
    if change.added:
        walker.emit(task, rules.SUBSCHEMA_ADDED, change.pointer, change.side, None, change.new)
    elif change.removed:
        walker.emit(task, rules.SUBSCHEMA_REMOVED, change.pointer, change.side, change.old, None)
    else:
        walker.child(task, child_label(keyword), change.old, change.old_view.at(keyword),
                     change.new, change.new_view.at(keyword))


def _all_of(walker: Walker, task: Task, change: KeywordChange) -> None:
    combinators.compare_all_of(walker, task, change.old_view, change.new_view)


COMPARATORS: Final[Mapping[str, KeywordComparator]] = MappingProxyType({
    "type": _type,
    "enum": _enum,
    "format": _added_removed_changed(rules.FORMAT_ADDED, rules.FORMAT_REMOVED,
                                     rules.FORMAT_CHANGED),
    "pattern": _added_removed_changed(rules.PATTERN_ADDED, rules.PATTERN_REMOVED,
                                      rules.PATTERN_CHANGED),
    **dict.fromkeys(_BOUNDS, _bound),
    "multipleOf": _multiple_of,
    "uniqueItems": _unique_items,
    "not": _not,
    **dict.fromkeys(_SUBSCHEMA, _subschema),
    "allOf": _all_of,
})
"""The comparator of each keyword compared on its own; a keyword missing here is unclassified."""

GroupComparator = Callable[["Walker", "Task", View, View], None]
GROUPS: Final[tuple[tuple[frozenset[str], GroupComparator], ...]] = (
    (objects.KEYWORDS, objects.compare),
    (arrays.KEYWORDS, arrays.compare),
)
"""Keywords that only mean something together, compared by one function per group."""


# --- helpers ------------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, EnumSet):
        return [v for _, v in value.values]
    return value


def _expand_types(types: frozenset[str] | None) -> set[str] | None:
    if types is None:
        return None
    expanded = set(types)
    if "number" in expanded:
        expanded.add("integer")
    return expanded


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _divides(divisor: float, value: float) -> bool:
    ratio = value / divisor
    return abs(ratio - round(ratio)) < 1e-9
