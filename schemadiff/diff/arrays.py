"""Arrays: positional (tuple) item schemas and the schema of every further item.

Views bring every draft to ``prefixItems`` + ``items`` (see :mod:`schemadiff.diff.normalize`).
A position that exists on one side only is compared with the other side's rest-of-array schema,
which is what governed that position there; the rest schemas are compared as a pair (absent means
``true``), so ``items`` added or removed shows up as the constraints it adds or drops.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from schemadiff.diff import rules
from schemadiff.diff.model import Side
from schemadiff.diff.normalize import View
from schemadiff.jsonschema_facts import child_label

if TYPE_CHECKING:
    from schemadiff.diff.walk import Task, Walker

KEYWORDS: Final = frozenset({"prefixItems", "items"})


def compare(walker: Walker, task: Task, old_view: View, new_view: View) -> None:
    old_prefix: list[Any] = old_view.data.get("prefixItems") or []
    new_prefix: list[Any] = new_view.data.get("prefixItems") or []
    old_rest = old_view.data.get("items", True)
    new_rest = new_view.data.get("items", True)
    for index in range(max(len(old_prefix), len(new_prefix))):
        label = child_label("prefixItems", index)
        old_pointer = old_view.member_pointer("prefixItems", index)
        new_pointer = new_view.member_pointer("prefixItems", index)
        if index < len(old_prefix) and index < len(new_prefix):
            walker.child(task, label, old_prefix[index], old_pointer, new_prefix[index],
                         new_pointer)
        elif index < len(new_prefix):
            walker.emit(task, rules.TUPLE_ITEM_ADDED, new_pointer, Side.NEW, None,
                        new_prefix[index], label=label)
            walker.child(task, label, old_rest, old_view.at("items"), new_prefix[index],
                         new_pointer)
        else:
            walker.emit(task, rules.TUPLE_ITEM_REMOVED, old_pointer, Side.OLD, old_prefix[index],
                        None, label=label)
            walker.child(task, label, old_prefix[index], old_pointer, new_rest,
                         new_view.at("items"))
    if "items" in old_view.data or "items" in new_view.data:
        walker.child(task, child_label("items"), _schema(old_rest), old_view.at("items"),
                     _schema(new_rest), new_view.at("items"))


def _schema(value: Any) -> Any:
    return {} if value is True else value
