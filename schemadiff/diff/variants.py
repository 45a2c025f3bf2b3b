"""The message union: message types matched by discriminator value, never by position.

The union node (``WebSocketMessage.data``) gets a handler of its own. Each old variant is paired
with the new variant that shares most of its discriminator values; a pair becomes a root of the
walk named after the message type (``GenerationMessage``), so paths inside it read
``GenerationMessage.payload...``. Unpaired variants are ``message-type-added``/``-removed``;
discriminator values gained or lost by a paired variant are ``discriminator-value-added``/
``-removed``, and the enum/const changes behind them are not reported a second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from schemadiff import pointer as jp
from schemadiff.diff import rules
from schemadiff.diff.model import Side
from schemadiff.diff.normalize import view
from schemadiff.jsonschema_facts import child_label
from schemadiff.messages import DISCRIMINATOR, MessageUnion, Variant

if TYPE_CHECKING:
    from schemadiff.diff.walk import Task, Walker


def install(walker: Walker, old: MessageUnion, new: MessageUnion) -> None:
    """Register the handler for the union node pair of the two documents."""

    def handle(walker: Walker, task: Task) -> None:
        _compare_union(walker, task, old, new)

    walker.special[(old.pointer, new.pointer)] = handle


def _compare_union(walker: Walker, task: Task, old: MessageUnion, new: MessageUnion) -> None:
    # The members are compared below, by discriminator; the rest of the node (its title, say)
    # is compared as usual.
    old_view = view(_without_union(task.old), task.old_pointer)
    new_view = view(_without_union(task.new), task.new_pointer)
    if old_view.data != new_view.data or old_view.nullable != new_view.nullable:
        before = len(walker.records)
        walker.compare_views(task, old_view, new_view)
        # The union's members differ even when the rest is equal; that is not a restructure.
        walker.records[before:] = [r for r in walker.records[before:]
                                   if r.rule is not rules.SCHEMA_RESTRUCTURED
                                   or r.pointer != task.new_pointer]
    partners = _Partners(old.variants)
    for variant in new.variants:
        partner = partners.take(variant)
        if partner is None:
            place = walker.at_unit(walker.add_label_unit(variant.name))
            walker.emit(place, rules.MESSAGE_TYPE_ADDED, variant.pointer, Side.NEW, None,
                        _describe(variant))
            continue
        _pair(walker, partner, variant)
    for variant in partners.left():
        place = walker.at_unit(walker.add_label_unit(variant.name))
        walker.emit(place, rules.MESSAGE_TYPE_REMOVED, variant.pointer, Side.OLD,
                    _describe(variant), None)


class _Partners:
    """The old variants not yet paired, indexed by discriminator value.

    A new variant's partner is the unpaired old variant sharing most of its discriminator values
    (the first in old order on a tie). The index makes each lookup cost the variants that share a
    value, not all of them, so a union of many thousand variants pairs in linear time.
    """

    def __init__(self, variants: Sequence[Variant]) -> None:
        self.variants = list(variants)
        self.paired: set[int] = set()
        self.by_value: dict[str, list[int]] = {}
        for position, variant in enumerate(self.variants):
            for value in dict.fromkeys(variant.discriminators):
                self.by_value.setdefault(value, []).append(position)

    def take(self, variant: Variant) -> Variant | None:
        overlap: dict[int, int] = {}
        for value in dict.fromkeys(variant.discriminators):
            for position in self.by_value.get(value, ()):
                if position not in self.paired:
                    overlap[position] = overlap.get(position, 0) + 1
        if not overlap:
            return None
        best = max(overlap, key=lambda position: (overlap[position], -position))
        self.paired.add(best)
        return self.variants[best]

    def left(self) -> list[Variant]:
        """The old variants no new variant took, in old order."""
        return [v for position, v in enumerate(self.variants) if position not in self.paired]


def _without_union(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    return {k: v for k, v in node.items() if k not in ("anyOf", "oneOf")}


def _pair(walker: Walker, old: Variant, new: Variant) -> None:
    old_schema = jp.get(walker.old_doc, old.pointer)
    new_schema = jp.get(walker.new_doc, new.pointer)
    unit_id = walker.add_root(old_schema, old.pointer, new_schema, new.pointer, new.name)
    old_discriminator = jp.join(old.pointer, "properties", DISCRIMINATOR)
    new_discriminator = jp.join(new.pointer, "properties", DISCRIMINATOR)
    walker.quiet_enums.add((old_discriminator, new_discriminator))
    old_target = _target(walker, Side.OLD, old_schema)
    new_target = _target(walker, Side.NEW, new_schema)
    if old_target is not None and new_target is not None:
        walker.quiet_enums.add((old_target, new_target))
    old_values, new_values = set(old.discriminators), set(new.discriminators)
    place, label = walker.at_unit(unit_id), child_label("properties", DISCRIMINATOR)
    for value in new.discriminators:
        if value not in old_values:
            walker.emit(place, rules.DISCRIMINATOR_VALUE_ADDED, new_discriminator, Side.NEW, None,
                        value, label=label)
    for value in old.discriminators:
        if value not in new_values:
            walker.emit(place, rules.DISCRIMINATOR_VALUE_REMOVED, new_discriminator, Side.NEW,
                        value, None, label=label)


def _target(walker: Walker, side: Side, schema: Any) -> str | None:
    props = schema.get("properties") if isinstance(schema, dict) else None
    disc = props.get("type") if isinstance(props, dict) else None
    if isinstance(disc, dict) and isinstance(disc.get("$ref"), str):
        return walker.resolve(side, disc["$ref"], "")[1]
    return None


def _describe(variant: Variant) -> dict[str, Any]:
    return {"name": variant.name, "discriminators": list(variant.discriminators)}
