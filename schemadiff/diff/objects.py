"""Objects: properties added/removed, required, additional and pattern properties, dependencies.

A property that exists on one side only is compared with what the *other* side allowed under that
name: nothing declared and no ``additionalProperties`` means anything (``property-added``), a
closed object means nothing (``property-added-to-closed-object``), and a covering
``additionalProperties``/``patternProperties`` schema is compared with the property's schema like
any other pair (Confluent's "partially open content model").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from schemadiff import patterns as patterns_engine
from schemadiff import pointer as jp
from schemadiff.diff import rules
from schemadiff.diff.model import Side
from schemadiff.diff.normalize import View
from schemadiff.jsonschema_facts import child_label, is_true
from schemadiff.patterns import InvalidPattern

if TYPE_CHECKING:
    from schemadiff.diff.walk import Task, Walker

KEYWORDS: Final = frozenset({"properties", "required", "additionalProperties",
                             "patternProperties", "dependentRequired", "dependentSchemas"})

_ADDITIONAL: Final = "additionalProperties"
_PATTERNS: Final = "patternProperties"


def compare(walker: Walker, task: Task, old_view: View, new_view: View) -> None:
    old, new = old_view.data, new_view.data
    old_properties: dict[str, Any] = old.get("properties") or {}
    new_properties: dict[str, Any] = new.get("properties") or {}
    required = _Required(set(old.get("required") or ()), set(new.get("required") or ()))
    for name in dict.fromkeys([*new_properties, *old_properties]):
        if name in old_properties and name in new_properties:
            walker.child(task, child_label("properties", name), old_properties[name],
                         old_view.child_pointer("properties", name), new_properties[name],
                         new_view.child_pointer("properties", name))
        elif name in new_properties:
            _added(walker, task, old_view, new_view, name, new_properties[name], required)
        else:
            _removed(walker, task, old_view, new_view, name, old_properties[name], required)
    for name in sorted(required.new - required.old - required.done):
        walker.emit(task, rules.PROPERTY_BECAME_REQUIRED, new_view.at("required"), Side.NEW,
                    None, name, label=child_label("properties", name))
    for name in sorted(required.old - required.new - required.done):
        walker.emit(task, rules.PROPERTY_BECAME_OPTIONAL, old_view.at("required"), Side.OLD,
                    name, None, label=child_label("properties", name))
    if required.old == required.new and old.get("required") != new.get("required"):
        # The same names in another order (or repeated): a spelling, not a change.
        walker.emit(task, rules.SCHEMA_RESTRUCTURED, new_view.at("required"), Side.NEW,
                    old.get("required"), new.get("required"))
    _additional(walker, task, old_view, new_view)
    _patterns(walker, task, old_view, new_view)
    _dependent_required(walker, task, old_view, new_view)
    _dependent_schemas(walker, task, old_view, new_view)


class _Required:
    """The required names on each side, and those already reported with their property."""

    __slots__ = ("done", "new", "old")

    def __init__(self, old: set[str], new: set[str]) -> None:
        self.old, self.new = old, new
        self.done: set[str] = set()


def _added(walker: Walker, task: Task, old_view: View, new_view: View, name: str, schema: Any,
           required: _Required) -> None:
    pointer = new_view.child_pointer("properties", name)
    label = child_label("properties", name)
    allowed, allowed_pointer = effective(old_view, name)
    newly_required = name in required.new and name not in required.old
    if is_true(allowed):
        if is_true(schema) and not newly_required:
            rule = rules.SCHEMA_RESTRUCTURED
        else:
            rule = rules.REQUIRED_PROPERTY_ADDED if newly_required else rules.PROPERTY_ADDED
            required.done.add(name)
    elif allowed is False:
        rule = rules.SCHEMA_RESTRUCTURED if schema is False else \
            rules.PROPERTY_ADDED_TO_CLOSED_OBJECT
    else:
        rule = rules.PROPERTY_ADDED_COVERED
    walker.emit(task, rule, pointer, Side.NEW, None, schema, label=label)
    if rule is rules.PROPERTY_ADDED_COVERED:
        walker.child(task, label, allowed, allowed_pointer, schema, pointer)


def _removed(walker: Walker, task: Task, old_view: View, new_view: View, name: str, schema: Any,
             required: _Required) -> None:
    pointer = old_view.child_pointer("properties", name)
    label = child_label("properties", name)
    allowed, allowed_pointer = effective(new_view, name)
    no_longer_required = name in required.old and name not in required.new
    if is_true(allowed):
        if is_true(schema) and not no_longer_required:
            rule = rules.SCHEMA_RESTRUCTURED
        else:
            rule = rules.REQUIRED_PROPERTY_REMOVED if no_longer_required else \
                rules.PROPERTY_REMOVED
            required.done.add(name)
    elif allowed is False:
        rule = rules.SCHEMA_RESTRUCTURED if schema is False else \
            rules.PROPERTY_REMOVED_FROM_CLOSED_OBJECT
    else:
        rule = rules.PROPERTY_REMOVED_COVERED
    walker.emit(task, rule, pointer, Side.OLD, schema, None, label=label)
    if rule is rules.PROPERTY_REMOVED_COVERED:
        walker.child(task, label, schema, pointer, allowed, allowed_pointer)


def effective(node: View, name: str) -> tuple[Any, str]:
    """What ``node`` allows for an undeclared property ``name``, and where that is written."""
    patterns = node.data.get(_PATTERNS) or {}
    for pattern, schema in patterns.items():
        try:
            if patterns_engine.search(pattern, name):
                return schema, node.child_pointer(_PATTERNS, pattern)
        except InvalidPattern:
            continue
    return node.data.get(_ADDITIONAL, True), node.at(_ADDITIONAL)


def _additional(walker: Walker, task: Task, old_view: View, new_view: View) -> None:
    old = old_view.data.get(_ADDITIONAL, True)
    new = new_view.data.get(_ADDITIONAL, True)
    label = child_label(_ADDITIONAL)
    if old == new:
        if _ADDITIONAL in old_view.data:
            walker.child(task, label, old, old_view.at(_ADDITIONAL), new,
                         new_view.at(_ADDITIONAL))
        return
    trivial_old = is_true(old) or old is False
    trivial_new = is_true(new) or new is False
    if _ADDITIONAL in new_view.data:
        pointer, side = new_view.at(_ADDITIONAL), Side.NEW
    else:
        pointer, side = old_view.at(_ADDITIONAL), Side.OLD
    if not trivial_old and not trivial_new:
        walker.child(task, label, old, old_view.at(_ADDITIONAL), new, new_view.at(_ADDITIONAL))
        return
    if is_true(old) and is_true(new):
        walker.emit(task, rules.SCHEMA_RESTRUCTURED, pointer, side, old, new, label=label)
        return
    narrowed = is_true(old) or new is False
    rule = rules.ADDITIONAL_PROPERTIES_NARROWED if narrowed else \
        rules.ADDITIONAL_PROPERTIES_WIDENED
    walker.emit(task, rule, pointer, side, old, new, label=label)


def _patterns(walker: Walker, task: Task, old_view: View, new_view: View) -> None:
    old: dict[str, Any] = old_view.data.get(_PATTERNS) or {}
    new: dict[str, Any] = new_view.data.get(_PATTERNS) or {}
    for pattern in dict.fromkeys([*new, *old]):
        label = child_label(_PATTERNS, pattern)
        if pattern in old and pattern in new:
            walker.child(task, label, old[pattern], old_view.child_pointer(_PATTERNS, pattern),
                         new[pattern], new_view.child_pointer(_PATTERNS, pattern))
        # Names matching the pattern were governed by additionalProperties on the other side.
        elif pattern in new:
            before = old_view.data.get(_ADDITIONAL, True)
            walker.child(task, label, before, old_view.at(_ADDITIONAL), new[pattern],
                         new_view.child_pointer(_PATTERNS, pattern))
        else:
            after = new_view.data.get(_ADDITIONAL, True)
            walker.child(task, label, old[pattern], old_view.child_pointer(_PATTERNS, pattern),
                         after, new_view.at(_ADDITIONAL))


def _dependent_required(walker: Walker, task: Task, old_view: View, new_view: View) -> None:
    old: dict[str, Any] = old_view.data.get("dependentRequired") or {}
    new: dict[str, Any] = new_view.data.get("dependentRequired") or {}
    for name in dict.fromkeys([*new, *old]):
        label = child_label("properties", name)
        before, after = set(old.get(name) or ()), set(new.get(name) or ())
        old_pointer = jp.join(old_view.at("dependentRequired"), name)
        new_pointer = jp.join(new_view.at("dependentRequired"), name)
        for needed in sorted(after - before):
            walker.emit(task, rules.DEPENDENT_REQUIRED_ADDED, new_pointer, Side.NEW, None,
                        needed, label=label)
        for needed in sorted(before - after):
            walker.emit(task, rules.DEPENDENT_REQUIRED_REMOVED, old_pointer, Side.OLD, needed,
                        None, label=label)
        if before == after and old.get(name) != new.get(name):
            walker.emit(task, rules.SCHEMA_RESTRUCTURED, new_pointer, Side.NEW, old.get(name),
                        new.get(name), label=label)


def _dependent_schemas(walker: Walker, task: Task, old_view: View, new_view: View) -> None:
    old: dict[str, Any] = old_view.data.get("dependentSchemas") or {}
    new: dict[str, Any] = new_view.data.get("dependentSchemas") or {}
    for name in dict.fromkeys([*new, *old]):
        label = child_label("dependentSchemas", name)
        # The schema applies to an object that has the property, so one that cannot be an object
        # accepts nothing there: {"type": "string"} and {"type": "number"} both mean false.
        before = _in_object(walker, Side.OLD, old.get(name, True))
        after = _in_object(walker, Side.NEW, new.get(name, True))
        old_pointer = jp.join(old_view.at("dependentSchemas"), name)
        new_pointer = jp.join(new_view.at("dependentSchemas"), name)
        if before != after:
            walker.child(task, label, before, old_pointer, after, new_pointer)
        elif old.get(name) != new.get(name):
            pointer, side = (new_pointer, Side.NEW) if name in new else (old_pointer, Side.OLD)
            walker.emit(task, rules.SCHEMA_RESTRUCTURED, pointer, side, old.get(name),
                        new.get(name), label=label)
        elif isinstance(before, dict):
            walker.child(task, label, before, old_pointer, after, new_pointer)


def _in_object(walker: Walker, side: Side, schema: Any) -> Any:
    target = schema
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        target, _ = walker.resolve(side, schema["$ref"], "")
    if isinstance(target, dict):
        kind = target.get("type")
        kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else None
        if kinds is not None and "object" not in kinds:
            return False
    if is_true(schema):
        return True
    return schema
