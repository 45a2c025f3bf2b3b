"""The differ's findings reconciled with what the schemas accept (work in progress)."""

from __future__ import annotations

from typing import Any

from schemadiff.diff.model import Level, Mode
from schemadiff.semantics.documents import Document
from schemadiff.semantics.inclusion import Answer, decide


def compatible(old: Any, new: Any, mode: Mode) -> bool:
    from schemadiff.diff.engine import compare
    from schemadiff.diff.rules import RULES

    changes = compare(as_object(old), as_object(new))
    old_doc, new_doc = Document(old), Document(new)
    directions = [Mode.FORWARD, Mode.BACKWARD] if mode is Mode.FULL else [mode]
    for direction in directions:
        writer, reader = (new_doc, old_doc) if direction is Mode.FORWARD else (old_doc, new_doc)
        answer = decide(writer, reader).answer
        if answer is Answer.NO:
            return False
        if answer is Answer.YES:
            continue
        if any(RULES[c.rule].level(direction).at_least(Level.WARNING) for c in changes):
            return False
    return True


def as_object(schema: Any) -> Any:
    """A boolean schema written as the object schema with the same meaning (for the walk)."""
    if schema is True:
        return {}
    if schema is False:
        return {"not": {}}
    return schema
