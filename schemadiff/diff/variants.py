"""The message union: message types matched by discriminator value, never by position.

The union node (``WebSocketMessage.data``) gets a handler of its own. Each old variant is paired
with the new variant that shares most of its discriminator values; a pair becomes a root of the
walk named after the message type (``GenerationMessage``), so paths inside it read
``GenerationMessage.payload...``. Unpaired variants are ``message-type-added``/``-removed``;
discriminator values gained or lost by a paired variant are ``discriminator-value-added``/
``-removed``, and the enum/const changes behind them are not reported a second time.
"""

from __future__ import annotations

from typing import Any

from schemadiff import pointer as jp
from schemadiff.diff import rules
from schemadiff.diff.keywords import compare_views
from schemadiff.diff.model import Side
from schemadiff.diff.normalize import view
from schemadiff.diff.walk import Record, Task, Walker
from schemadiff.messages import MessageUnion, Variant


def install(w: Walker, old: MessageUnion, new: MessageUnion) -> None:
    """Register the handler for the union node pair of the two documents."""

    def handle(walker: Walker, task: Task) -> None:
        _compare_union(walker, task, old, new)

    w.special[(old.pointer, new.pointer)] = handle


def _compare_union(w: Walker, task: Task, old: MessageUnion, new: MessageUnion) -> None:
    # The members are compared below, by discriminator; the rest of the node (its title, say)
    # is compared as usual.
    vo = view(_without_union(task.old), task.old_pointer)
    vn = view(_without_union(task.new), task.new_pointer)
    if vo.data != vn.data or vo.nullable != vn.nullable:
        before = len(w.records)
        compare_views(w, task, vo, vn)
        # The union's members differ even when the rest is equal; that is not a restructure.
        w.records[before:] = [r for r in w.records[before:]
                              if r.rule is not rules.SCHEMA_RESTRUCTURED
                              or r.pointer != task.new_pointer]
    unmatched_old = list(old.variants)
    for variant in new.variants:
        partner = _partner(variant, unmatched_old)
        if partner is None:
            uid = w.add_label_unit(variant.name)
            w.records.append(Record(uid, "", rules.MESSAGE_TYPE_ADDED, variant.pointer, Side.NEW,
                                    None, _describe(variant)))
            continue
        unmatched_old.remove(partner)
        _pair(w, partner, variant)
    for variant in unmatched_old:
        uid = w.add_label_unit(variant.name)
        w.records.append(Record(uid, "", rules.MESSAGE_TYPE_REMOVED, variant.pointer, Side.OLD,
                                _describe(variant), None))


def _without_union(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    return {k: v for k, v in node.items() if k not in ("anyOf", "oneOf")}


def _partner(variant: Variant, candidates: list[Variant]) -> Variant | None:
    best: Variant | None = None
    best_overlap = 0
    for candidate in candidates:
        overlap = len(set(candidate.discriminators) & set(variant.discriminators))
        if overlap > best_overlap:
            best, best_overlap = candidate, overlap
    return best


def _pair(w: Walker, old: Variant, new: Variant) -> None:
    old_schema = jp.get(w.old_doc, old.pointer)
    new_schema = jp.get(w.new_doc, new.pointer)
    uid = w.add_root(old_schema, old.pointer, new_schema, new.pointer, new.name)
    disc_o = jp.join(old.pointer, "properties", "type")
    disc_n = jp.join(new.pointer, "properties", "type")
    w.quiet_enums.add((disc_o, disc_n))
    o_target = _target(w, Side.OLD, old_schema)
    n_target = _target(w, Side.NEW, new_schema)
    if o_target is not None and n_target is not None:
        w.quiet_enums.add((o_target, n_target))
    values_o, values_n = set(old.discriminators), set(new.discriminators)
    for value in new.discriminators:
        if value not in values_o:
            w.records.append(Record(uid, ".type", rules.DISCRIMINATOR_VALUE_ADDED, disc_n, Side.NEW,
                                    None, value))
    for value in old.discriminators:
        if value not in values_n:
            w.records.append(Record(uid, ".type", rules.DISCRIMINATOR_VALUE_REMOVED, disc_n,
                                    Side.NEW, value, None))


def _target(w: Walker, side: Side, schema: Any) -> str | None:
    props = schema.get("properties") if isinstance(schema, dict) else None
    disc = props.get("type") if isinstance(props, dict) else None
    if isinstance(disc, dict) and isinstance(disc.get("$ref"), str):
        return w.resolve(side, disc["$ref"], "")[1]
    return None


def _describe(variant: Variant) -> dict[str, Any]:
    return {"name": variant.name, "discriminators": list(variant.discriminators)}
