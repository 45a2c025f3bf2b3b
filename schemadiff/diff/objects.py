"""Objects: properties added/removed, required, additional and pattern properties, dependencies.

A property that exists on one side only is compared with what the *other* side allowed under that
name: nothing declared and no ``additionalProperties`` means anything (``property-added``), a
closed object means nothing (``property-added-to-closed-object``), and a covering
``additionalProperties``/``patternProperties`` schema is compared with the property's schema like
any other pair (Confluent's "partially open content model").
"""

from __future__ import annotations

from typing import Any, Final

from schemadiff import patterns as patterns_engine
from schemadiff import pointer as jp
from schemadiff.diff import rules
from schemadiff.diff.model import Side
from schemadiff.diff.normalize import View
from schemadiff.diff.walk import Task, Walker
from schemadiff.jsonschema_facts import is_true
from schemadiff.patterns import InvalidPattern

KEYWORDS: Final = frozenset({"properties", "required", "additionalProperties",
                             "patternProperties", "dependentRequired", "dependentSchemas"})


def compare(w: Walker, task: Task, vo: View, vn: View) -> None:
    o, n = vo.data, vn.data
    props_o: dict[str, Any] = o.get("properties") or {}
    props_n: dict[str, Any] = n.get("properties") or {}
    req_o = set(o.get("required") or ())
    req_n = set(n.get("required") or ())
    required_done: set[str] = set()
    for name in dict.fromkeys([*props_n, *props_o]):
        label = f".{name}"
        if name in props_o and name in props_n:
            w.child(task, label, props_o[name], vo.child_pointer("properties", name),
                    props_n[name], vn.child_pointer("properties", name))
        elif name in props_n:
            _added(w, task, vo, vn, name, props_n[name], req_o, req_n, required_done)
        else:
            _removed(w, task, vo, vn, name, props_o[name], req_o, req_n, required_done)
    for name in sorted(req_n - req_o - required_done):
        w.emit(task, rules.PROPERTY_BECAME_REQUIRED, vn.at("required"), Side.NEW, None, name,
               label=f".{name}")
    for name in sorted(req_o - req_n - required_done):
        w.emit(task, rules.PROPERTY_BECAME_OPTIONAL, vo.at("required"), Side.OLD, name, None,
               label=f".{name}")
    if req_o == req_n and o.get("required") != n.get("required"):
        # The same names in another order (or repeated): a spelling, not a change.
        w.emit(task, rules.SCHEMA_RESTRUCTURED, vn.at("required"), Side.NEW, o.get("required"),
               n.get("required"))
    _additional(w, task, vo, vn)
    _patterns(w, task, vo, vn)
    _dependent_required(w, task, vo, vn)
    _dependent_schemas(w, task, vo, vn)


def _added(w: Walker, task: Task, vo: View, vn: View, name: str, schema: Any, req_o: set[str],
           req_n: set[str], required_done: set[str]) -> None:
    pointer = vn.child_pointer("properties", name)
    label = f".{name}"
    allowed, allowed_pointer = effective(vo, name)
    newly_required = name in req_n and name not in req_o
    if is_true(allowed):
        if is_true(schema) and not newly_required:
            w.emit(task, rules.SCHEMA_RESTRUCTURED, pointer, Side.NEW, None, schema, label=label)
        else:
            rule = rules.REQUIRED_PROPERTY_ADDED if newly_required else rules.PROPERTY_ADDED
            w.emit(task, rule, pointer, Side.NEW, None, schema, label=label)
            required_done.add(name)
    elif allowed is False:
        if schema is False:
            w.emit(task, rules.SCHEMA_RESTRUCTURED, pointer, Side.NEW, None, schema, label=label)
        else:
            w.emit(task, rules.PROPERTY_ADDED_TO_CLOSED_OBJECT, pointer, Side.NEW, None, schema,
                   label=label)
    else:
        w.emit(task, rules.PROPERTY_ADDED_COVERED, pointer, Side.NEW, None, schema, label=label)
        w.child(task, label, allowed, allowed_pointer, schema, pointer)


def _removed(w: Walker, task: Task, vo: View, vn: View, name: str, schema: Any,
             req_o: set[str], req_n: set[str], required_done: set[str]) -> None:
    pointer = vo.child_pointer("properties", name)
    label = f".{name}"
    allowed, allowed_pointer = effective(vn, name)
    no_longer_required = name in req_o and name not in req_n
    if is_true(allowed):
        if is_true(schema) and not no_longer_required:
            w.emit(task, rules.SCHEMA_RESTRUCTURED, pointer, Side.OLD, schema, None, label=label)
        else:
            rule = rules.REQUIRED_PROPERTY_REMOVED if no_longer_required else rules.PROPERTY_REMOVED
            w.emit(task, rule, pointer, Side.OLD, schema, None, label=label)
            required_done.add(name)
    elif allowed is False:
        if schema is False:
            w.emit(task, rules.SCHEMA_RESTRUCTURED, pointer, Side.OLD, schema, None, label=label)
        else:
            w.emit(task, rules.PROPERTY_REMOVED_FROM_CLOSED_OBJECT, pointer, Side.OLD, schema, None,
                   label=label)
    else:
        w.emit(task, rules.PROPERTY_REMOVED_COVERED, pointer, Side.OLD, schema, None, label=label)
        w.child(task, label, schema, pointer, allowed, allowed_pointer)


def effective(node: View, name: str) -> tuple[Any, str]:
    """What ``node`` allows for an undeclared property ``name``, and where that is written."""
    patterns = node.data.get("patternProperties") or {}
    for pattern, schema in patterns.items():
        try:
            if patterns_engine.search(pattern, name):
                return schema, node.child_pointer("patternProperties", pattern)
        except InvalidPattern:
            continue
    return node.data.get("additionalProperties", True), node.at("additionalProperties")


def _additional(w: Walker, task: Task, vo: View, vn: View) -> None:
    old = vo.data.get("additionalProperties", True)
    new = vn.data.get("additionalProperties", True)
    if old == new:
        if "additionalProperties" in vo.data:
            w.child(task, ".*", old, vo.at("additionalProperties"), new,
                    vn.at("additionalProperties"))
        return
    trivial_old = is_true(old) or old is False
    trivial_new = is_true(new) or new is False
    pointer = vn.at("additionalProperties") if "additionalProperties" in vn.data else \
        vo.at("additionalProperties")
    side = Side.NEW if "additionalProperties" in vn.data else Side.OLD
    if not trivial_old and not trivial_new:
        w.child(task, ".*", old, vo.at("additionalProperties"), new,
                vn.at("additionalProperties"))
        return
    if is_true(old) and is_true(new):
        w.emit(task, rules.SCHEMA_RESTRUCTURED, pointer, side, old, new, label=".*")
        return
    narrowed = is_true(old) or new is False
    rule = rules.ADDITIONAL_PROPERTIES_NARROWED if narrowed else rules.ADDITIONAL_PROPERTIES_WIDENED
    w.emit(task, rule, pointer, side, old, new, label=".*")


def _patterns(w: Walker, task: Task, vo: View, vn: View) -> None:
    old: dict[str, Any] = vo.data.get("patternProperties") or {}
    new: dict[str, Any] = vn.data.get("patternProperties") or {}
    for pattern in dict.fromkeys([*new, *old]):
        label = f".{{{pattern}}}"
        if pattern in old and pattern in new:
            w.child(task, label, old[pattern], vo.child_pointer("patternProperties", pattern),
                    new[pattern], vn.child_pointer("patternProperties", pattern))
            continue
        # Names matching the pattern were governed by additionalProperties on the other side.
        if pattern in new:
            before = vo.data.get("additionalProperties", True)
            w.child(task, label, before, vo.at("additionalProperties"), new[pattern],
                    vn.child_pointer("patternProperties", pattern))
        else:
            after = vn.data.get("additionalProperties", True)
            w.child(task, label, old[pattern], vo.child_pointer("patternProperties", pattern),
                    after, vn.at("additionalProperties"))


def _dependent_required(w: Walker, task: Task, vo: View, vn: View) -> None:
    old: dict[str, Any] = vo.data.get("dependentRequired") or {}
    new: dict[str, Any] = vn.data.get("dependentRequired") or {}
    for name in dict.fromkeys([*new, *old]):
        before, after = set(old.get(name) or ()), set(new.get(name) or ())
        for needed in sorted(after - before):
            w.emit(task, rules.DEPENDENT_REQUIRED_ADDED, jp.join(vn.at("dependentRequired"), name),
                   Side.NEW, None, needed, label=f".{name}")
        for needed in sorted(before - after):
            w.emit(task, rules.DEPENDENT_REQUIRED_REMOVED,
                   jp.join(vo.at("dependentRequired"), name), Side.OLD, needed, None,
                   label=f".{name}")
        if before == after and old.get(name) != new.get(name):
            w.emit(task, rules.SCHEMA_RESTRUCTURED, jp.join(vn.at("dependentRequired"), name),
                   Side.NEW, old.get(name), new.get(name), label=f".{name}")


def _dependent_schemas(w: Walker, task: Task, vo: View, vn: View) -> None:
    old: dict[str, Any] = vo.data.get("dependentSchemas") or {}
    new: dict[str, Any] = vn.data.get("dependentSchemas") or {}
    for name in dict.fromkeys([*new, *old]):
        # The schema applies to an object that has the property, so one that cannot be an object
        # accepts nothing there: {"type": "string"} and {"type": "number"} both mean false.
        before = _in_object(w, Side.OLD, old.get(name, True))
        after = _in_object(w, Side.NEW, new.get(name, True))
        o_ptr = jp.join(vo.at("dependentSchemas"), name)
        n_ptr = jp.join(vn.at("dependentSchemas"), name)
        if before == after:
            if old.get(name) != new.get(name):
                w.emit(task, rules.SCHEMA_RESTRUCTURED, n_ptr if name in new else o_ptr,
                       Side.NEW if name in new else Side.OLD, old.get(name), new.get(name),
                       label=f"(if .{name})")
            elif isinstance(before, dict):
                w.child(task, f"(if .{name})", before, o_ptr, after, n_ptr)
            continue
        w.child(task, f"(if .{name})", before, o_ptr, after, n_ptr)


def _in_object(w: Walker, side: Side, schema: Any) -> Any:
    target = schema
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        target, _ = w.resolve(side, schema["$ref"], "")
    if isinstance(target, dict):
        kind = target.get("type")
        kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else None
        if kinds is not None and "object" not in kinds:
            return False
    if is_true(schema):
        return True
    return schema
