"""Arrays: positional (tuple) item schemas and the schema of every further item.

Views bring every draft to ``prefixItems`` + ``items`` (see :mod:`schemadiff.diff.normalize`).
A position that exists on one side only is compared with the other side's rest-of-array schema,
which is what governed that position there; the rest schemas are compared as a pair (absent means
``true``), so ``items`` added or removed shows up as the constraints it adds or drops.
"""

from __future__ import annotations

from typing import Any, Final

from schemadiff.diff import rules
from schemadiff.diff.model import Side
from schemadiff.diff.normalize import View
from schemadiff.diff.walk import Task, Walker

KEYWORDS: Final = frozenset({"prefixItems", "items"})


def compare(w: Walker, task: Task, vo: View, vn: View) -> None:
    prefix_o: list[Any] = vo.data.get("prefixItems") or []
    prefix_n: list[Any] = vn.data.get("prefixItems") or []
    rest_o = vo.data.get("items", True)
    rest_n = vn.data.get("items", True)
    for index in range(max(len(prefix_o), len(prefix_n))):
        label = f"[{index}]"
        if index < len(prefix_o) and index < len(prefix_n):
            w.child(task, label, prefix_o[index], vo.member_pointer("prefixItems", index),
                    prefix_n[index], vn.member_pointer("prefixItems", index))
        elif index < len(prefix_n):
            pointer = vn.member_pointer("prefixItems", index)
            w.emit(task, rules.TUPLE_ITEM_ADDED, pointer, Side.NEW, None, prefix_n[index],
                   label=label)
            w.child(task, label, rest_o, vo.at("items"), prefix_n[index], pointer)
        else:
            pointer = vo.member_pointer("prefixItems", index)
            w.emit(task, rules.TUPLE_ITEM_REMOVED, pointer, Side.OLD, prefix_o[index], None,
                   label=label)
            w.child(task, label, prefix_o[index], pointer, rest_n, vn.at("items"))
    if "items" in vo.data or "items" in vn.data:
        w.child(task, "[]", _schema(rest_o), vo.at("items"), _schema(rest_n), vn.at("items"))


def _schema(value: Any) -> Any:
    return {} if value is True else value
