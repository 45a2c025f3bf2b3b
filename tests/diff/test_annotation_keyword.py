"""``annotation-changed`` names the annotation that changed, wherever the change is found."""

from __future__ import annotations

from typing import Any

import pytest

from schemadiff.diff.classify import classify
from schemadiff.diff.engine import compare
from schemadiff.diff.model import Mode, SchemaInfo


def _prop(schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": {"p": schema}}


@pytest.mark.parametrize(("old", "new", "keyword"), [
    # Compared by the keyword table.
    (_prop({"type": "string", "description": "a"}), _prop({"type": "string", "description": "b"}),
     "description"),
    (_prop({"type": "string"}), _prop({"type": "string", "x-order": 2}), "x-order"),
    # Beside a reference, compared by the walker.
    ({"properties": {"p": {"$ref": "#/$defs/A", "title": "A"}}, "$defs": {"A": {}}},
     {"properties": {"p": {"$ref": "#/$defs/A", "title": "B"}}, "$defs": {"A": {}}}, "title"),
    # At the top of a document beside its root reference.
    ({"$ref": "#/$defs/A", "$comment": "1", "$defs": {"A": {}}},
     {"$ref": "#/$defs/A", "$comment": "2", "$defs": {"A": {}}}, "$comment"),
    # Inside an annotation's value, found by the safety net.
    (_prop({"anyOf": [{"type": "string", "examples": [{"a": 1}]}, {"type": "integer"}]}),
     _prop({"anyOf": [{"type": "string", "examples": [{"a": 2}]}, {"type": "integer"}]}),
     "examples"),
])
def test_annotation_changed_names_the_keyword(old: dict[str, Any], new: dict[str, Any],
                                              keyword: str) -> None:
    (change,) = compare(old, new)
    assert (change.rule, change.keyword) == ("annotation-changed", keyword)
    info = SchemaInfo("old", None, "0" * 64)
    (finding,) = classify([change], mode=Mode.FORWARD, old=info, new=info).findings
    assert f"changed: {keyword}." in finding.message
