"""Rename hints: a removed and an added property (or message type) that look like one renamed.

A diff sees a rename as two unrelated changes: ``file_size`` removed, ``file_size_bytes`` added.
Reviewers want to hear "this looks like a rename", because a rename breaks every client that reads
the old name even when nothing else changed. A pair qualifies when both sit in the same object
(or both are message types of the union) and their schemas are the same once annotations
(``title``, ``description``, ...) and the discriminator's own value are set aside, or, for names
that are close (``file_size``/``file_size_bytes``), when their schemas have the same type. Each
finding of a pair says so in its message, and a notice lists the pairs. The hint changes no
level: the removal still breaks what it breaks.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from schemadiff import pointer as jp
from schemadiff.diff.model import DiffReport, Finding, Side

_ANNOTATIONS = frozenset({
    "title", "description", "examples", "example", "default", "deprecated", "$comment",
    "readOnly", "writeOnly",
})
_REMOVED = frozenset({
    "property-removed", "required-property-removed", "property-removed-from-closed-object",
})
_ADDED = frozenset({
    "property-added", "required-property-added", "property-added-to-closed-object",
})
_MESSAGE_REMOVED = "message-type-removed"
_MESSAGE_ADDED = "message-type-added"
_CLOSE_NAMES = 0.6
"""difflib ratio from which two names are "nearly the same" (file_size, file_size_bytes: 0.75)."""


@dataclass(frozen=True, slots=True)
class Rename:
    """A removed and an added item that look like one item renamed."""

    removed: Finding
    added: Finding
    old_name: str
    new_name: str

    @property
    def sentence(self) -> str:
        return f"Looks like a rename of {self.old_name} to {self.new_name}."


def find_renames(
    report: DiffReport, old: Mapping[str, Any], new: Mapping[str, Any],
) -> tuple[Rename, ...]:
    """The rename pairs among the report's findings (each finding in one pair at most)."""
    removed = [f for f in report.findings if f.rule in _REMOVED and f.side is Side.OLD]
    added = [f for f in report.findings if f.rule in _ADDED and f.side is Side.NEW]
    pairs = _pair(removed, added, old, new, _parent)
    gone = [f for f in report.findings if f.rule == _MESSAGE_REMOVED]
    arrived = [f for f in report.findings if f.rule == _MESSAGE_ADDED]
    pairs += _pair(gone, arrived, old, new, _union)
    return tuple(pairs)


def hint(report: DiffReport, old: Mapping[str, Any], new: Mapping[str, Any]) -> DiffReport:
    """``report`` with each rename pair's findings saying so, and a notice listing the pairs."""
    renames = find_renames(report, old, new)
    if not renames:
        return report
    sentences = {}
    for rename in renames:
        sentences[id(rename.removed)] = rename.sentence
        sentences[id(rename.added)] = rename.sentence
    findings = tuple(
        replace(f, message=f"{f.message} {sentences[id(f)]}") if id(f) in sentences else f
        for f in report.findings
    )
    listed = "; ".join(f"{r.removed.path} -> {r.added.path}" for r in renames)
    noun = "rename" if len(renames) == 1 else "renames"
    notice = f"Possible {noun} (a removed and an added item alike): {listed}."
    return replace(report, findings=findings, notices=(*report.notices, notice))


def _pair(
    removed: list[Finding], added: list[Finding], old: Mapping[str, Any],
    new: Mapping[str, Any], parent: Any,
) -> list[Rename]:
    pairs: list[Rename] = []
    taken: set[int] = set()
    for gone in removed:
        before = _node(old, gone.pointer)
        if before is None:
            continue
        best: tuple[float, Finding] | None = None
        for arrived in added:
            if id(arrived) in taken or parent(arrived.pointer) != parent(gone.pointer):
                continue
            after = _node(new, arrived.pointer)
            score = _likeness(_name(gone), _name(arrived), before, after)
            if score is not None and (best is None or score > best[0]):
                best = (score, arrived)
        if best is not None:
            taken.add(id(best[1]))
            pairs.append(Rename(gone, best[1], _name(gone), _name(best[1])))
    return pairs


def _likeness(old_name: str, new_name: str, before: Any, after: Any) -> float | None:
    """How alike two items are (higher is more), ``None`` when they do not look like a rename."""
    closeness = difflib.SequenceMatcher(None, old_name, new_name).ratio()
    if _core(before) == _core(after):
        return 1.0 + closeness
    if closeness >= _CLOSE_NAMES and _type(before) == _type(after) is not None:
        return closeness
    return None


def _core(schema: Any) -> str:
    """The schema without annotations, and without a discriminator's value (message types are
    renamed by changing it), as canonical JSON."""
    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in _ANNOTATIONS}
        if isinstance(node, list):
            return [strip(item) for item in node]
        return node

    stripped = strip(schema)
    if isinstance(stripped, dict) and isinstance(stripped.get("properties"), dict):
        discriminator = stripped["properties"].get("type")
        if isinstance(discriminator, dict) and {"const", "enum"} & discriminator.keys():
            stripped["properties"] = {**stripped["properties"], "type": "(discriminator)"}
    return json.dumps(stripped, sort_keys=True)


def _type(schema: Any) -> str | None:
    if not isinstance(schema, dict):
        return None
    for key in ("type", "$ref", "const", "enum"):
        if key in schema:
            return json.dumps([key, schema[key] if key in ("type", "$ref") else None])
    members = schema.get("anyOf")
    if isinstance(members, list):
        return json.dumps(sorted(str(_type(member)) for member in members))
    return None


def _node(document: Mapping[str, Any], pointer: str) -> Any:
    try:
        return jp.get(document, pointer)
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def _parent(pointer: str) -> str:
    """The object a property pointer is in (``/$defs/A/properties/x`` -> ``/$defs/A``)."""
    tokens = jp.split(pointer)
    return jp.join("", *tokens[:-2]) if len(tokens) >= 2 else ""


def _union(_pointer: str) -> str:
    """Every message type is in the one union: they all share this "parent"."""
    return ""


def _name(finding: Finding) -> str:
    return finding.path.rsplit(".", 1)[-1]
