"""Compare two normalised nodes keyword by keyword, and account for every difference.

Each differing keyword is claimed by exactly one comparator (type, enum/const, format, bounds,
pattern, annotations, the object and array groups, combinators). A differing keyword that no
comparator claims becomes an ``unclassified`` finding at its pointer, and a raw difference that
vanishes in the normalised views becomes ``schema-restructured``: this is the differ's safety net,
checked at every node pair as the walk goes (dict equality in C prunes unchanged subtrees), so it
costs nothing on unchanged parts of a large schema.
"""

from __future__ import annotations

from typing import Any, Final

from schemadiff.diff import arrays, combinators, objects, rules
from schemadiff.diff.model import Rule, Side
from schemadiff.diff.normalize import EnumSet, View
from schemadiff.diff.walk import Task, Walker
from schemadiff.jsonschema_facts import DEFINITIONS, is_annotation, union_label

MISSING: Final = object()

_BOUNDS: Final[dict[str, tuple[Rule, Rule, int]]] = {
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
_SUBSCHEMA: Final = ("propertyNames", "contains", "contentSchema", "then", "else",
                     "unevaluatedItems", "unevaluatedProperties")
_SUBSCHEMA_LABELS: Final = {"propertyNames": "(keys)", "contains": "[contains]",
                            "contentSchema": "(content)", "then": "(then)", "else": "(else)",
                            "unevaluatedItems": "[]", "unevaluatedProperties": ".*"}


def compare_views(w: Walker, task: Task, vo: View, vn: View) -> None:
    """Compare two views of one node pair; every differing keyword is reported or claimed."""
    o, n = vo.data, vn.data
    keys = list(dict.fromkeys([*n, *o]))
    differing = {k for k in keys if o.get(k, MISSING) != n.get(k, MISSING)}
    handled: set[str] = set()
    if "anyOf" in o or "anyOf" in n or "oneOf" in o or "oneOf" in n:
        handled |= combinators.compare_union(w, task, vo, vn)
        keys = [k for k in keys if k not in handled]
    for group, compare_group in ((objects.KEYWORDS, objects.compare),
                                 (arrays.KEYWORDS, arrays.compare)):
        present = [k for k in keys if k in group]
        if not present:
            continue
        handled.update(present)
        if any(k in differing for k in present):
            compare_group(w, task, vo, vn)
        else:
            for key in present:
                descend_equal(w, task, vo, vn, key)
    for key in keys:
        if key in handled:
            continue
        if key not in differing:
            descend_equal(w, task, vo, vn, key)
            continue
        _compare_keyword(w, task, vo, vn, key)
    if not differing and vo.nullable == vn.nullable:
        w.emit(task, rules.SCHEMA_RESTRUCTURED, task.new_pointer, Side.NEW)


def _compare_keyword(w: Walker, task: Task, vo: View, vn: View, key: str) -> None:
    old, new = vo.data.get(key, MISSING), vn.data.get(key, MISSING)
    pointer, side = (vn.at(key), Side.NEW) if new is not MISSING else (vo.at(key), Side.OLD)
    old_value = None if old is MISSING else old
    new_value = None if new is MISSING else new
    if key in DEFINITIONS:
        return  # Definitions are compared where references reach them, and by definitions.py.
    if is_annotation(key):
        w.emit(task, rules.ANNOTATION_CHANGED, pointer, side, old_value, new_value)
    elif key == "type":
        _type(w, task, old_value, new_value, pointer)
    elif key == "enum":
        if (task.old_pointer, task.new_pointer) not in w.quiet_enums:
            _enum(w, task, old_value, new_value, pointer, side)
        elif isinstance(old_value, EnumSet) and isinstance(new_value, EnumSet) and \
                set(old_value.keys()) == set(new_value.keys()):
            # A discriminator's values reordered: its value changes are reported elsewhere.
            w.emit(task, rules.SCHEMA_RESTRUCTURED, pointer, side, _plain(old_value),
                   _plain(new_value))
    elif key == "format":
        rule = (rules.FORMAT_ADDED if old is MISSING else rules.FORMAT_REMOVED if new is MISSING
                else rules.FORMAT_CHANGED)
        w.emit(task, rule, pointer, side, old_value, new_value)
    elif key in _BOUNDS:
        _bound(w, task, key, old_value, new_value, pointer, side)
    elif key == "multipleOf":
        _multiple_of(w, task, old_value, new_value, pointer, side)
    elif key == "uniqueItems":
        rule = rules.UNIQUE_ITEMS_TIGHTENED if new_value is True else rules.UNIQUE_ITEMS_LOOSENED
        w.emit(task, rule, pointer, side, old_value, new_value)
    elif key == "pattern":
        rule = (rules.PATTERN_ADDED if old is MISSING else rules.PATTERN_REMOVED if new is MISSING
                else rules.PATTERN_CHANGED)
        w.emit(task, rule, pointer, side, old_value, new_value)
    elif key == "not":
        if old is MISSING:
            w.emit(task, rules.NOT_ADDED, pointer, side, None, new_value)
        elif new is MISSING:
            w.emit(task, rules.NOT_REMOVED, pointer, side, old_value, None)
        else:
            w.child(task, "(not)", old, vo.at(key), new, vn.at(key), invert=True)
    elif key in _SUBSCHEMA:
        if old is MISSING:
            w.emit(task, rules.SUBSCHEMA_ADDED, pointer, side, None, new_value)
        elif new is MISSING:
            w.emit(task, rules.SUBSCHEMA_REMOVED, pointer, side, old_value, None)
        else:
            w.child(task, _SUBSCHEMA_LABELS[key], old, vo.at(key), new, vn.at(key))
    elif key == "allOf":
        combinators.compare_all_of(w, task, vo, vn)
    else:
        w.emit(task, rules.UNCLASSIFIED, pointer, side, _plain(old_value), _plain(new_value))


def descend_equal(w: Walker, task: Task, vo: View, vn: View, key: str) -> None:
    """Walk into an equal keyword's subschemas, for the references they may contain."""
    old: Any = vo.data.get(key)
    new: Any = vn.data.get(key)
    if isinstance(old, dict) and key in ("properties", "patternProperties", "dependentSchemas"):
        for name, schema in old.items():
            label = f".{name}" if key == "properties" else (
                f".{{{name}}}" if key == "patternProperties" else f"(if .{name})")
            w.child(task, label, schema, vo.child_pointer(key, name), new[name],
                    vn.child_pointer(key, name))
    elif isinstance(old, list) and key in ("prefixItems", "allOf", "anyOf", "oneOf"):
        for index, schema in enumerate(old):
            label = f"[{index}]" if key == "prefixItems" else (
                "" if key == "allOf" else union_label(old, index))
            w.child(task, label, schema, vo.member_pointer(key, index), new[index],
                    vn.member_pointer(key, index))
    elif isinstance(old, dict) and key in ("items", "additionalProperties", "not",
                                           *_SUBSCHEMA, "if"):
        label = {"items": "[]", "additionalProperties": ".*", "not": "(not)",
                 "if": "(if)"}.get(key) or _SUBSCHEMA_LABELS[key]
        w.child(task, label, old, vo.at(key), new, vn.at(key), invert=key == "not")


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


def _type(w: Walker, task: Task, old: Any, new: Any, pointer: str) -> None:
    eo, en = _expand_types(old), _expand_types(new)
    plain_old, plain_new = _plain(old), _plain(new)
    if eo == en:
        w.emit(task, rules.SCHEMA_RESTRUCTURED, pointer, Side.NEW, plain_old, plain_new)
    elif eo is None or (en is not None and en < eo):
        w.emit(task, rules.TYPE_NARROWED, pointer, Side.NEW, plain_old, plain_new)
    elif en is None or en > eo:
        w.emit(task, rules.TYPE_WIDENED, pointer, Side.NEW, plain_old, plain_new)
    else:
        w.emit(task, rules.TYPE_CHANGED, pointer, Side.NEW, plain_old, plain_new)


def _enum(w: Walker, task: Task, old: EnumSet | None, new: EnumSet | None, pointer: str,
          side: Side) -> None:
    if old is None and new is not None:
        rule = rules.CONST_ADDED if new.const else rules.ENUM_ADDED
        w.emit(task, rule, pointer, side, None, _plain(new))
        return
    if new is None and old is not None:
        rule = rules.CONST_REMOVED if old.const else rules.ENUM_REMOVED
        w.emit(task, rule, pointer, side, _plain(old), None)
        return
    if old is None or new is None:
        return
    old_keys, new_keys = set(old.keys()), set(new.keys())
    if old.const and new.const and len(old.values) == len(new.values) == 1 and \
            old_keys != new_keys:
        w.emit(task, rules.CONST_CHANGED, pointer, side, old.values[0][1], new.values[0][1])
        return
    changed = False
    for key, value in new.values:
        if key not in old_keys:
            w.emit(task, rules.ENUM_VALUE_ADDED, pointer, Side.NEW, None, value)
            changed = True
    for key, value in old.values:
        if key not in new_keys:
            w.emit(task, rules.ENUM_VALUE_REMOVED, pointer, Side.NEW, value, None)
            changed = True
    if not changed:
        w.emit(task, rules.SCHEMA_RESTRUCTURED, pointer, side, _plain(old), _plain(new))


def _bound(w: Walker, task: Task, key: str, old: Any, new: Any, pointer: str,
           side: Side) -> None:
    tightened_rule, loosened_rule, stricter = _BOUNDS[key]
    if isinstance(old, bool) or isinstance(new, bool):
        # draft-04 boolean exclusiveMinimum/exclusiveMaximum: true makes the bound stricter.
        tightened = new is True and old is not True
    elif old is None:
        tightened = True
    elif new is None:
        tightened = False
    elif not _number(old) or not _number(new):
        w.emit(task, rules.UNCLASSIFIED, pointer, side, old, new)
        return
    else:
        tightened = (new - old) * stricter > 0
    w.emit(task, tightened_rule if tightened else loosened_rule, pointer, side, old, new)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _multiple_of(w: Walker, task: Task, old: Any, new: Any, pointer: str, side: Side) -> None:
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
    w.emit(task, rule, pointer, side, old, new)


def _divides(divisor: float, value: float) -> bool:
    ratio = value / divisor
    return abs(ratio - round(ratio)) < 1e-9
