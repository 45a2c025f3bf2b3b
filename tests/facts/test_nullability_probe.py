"""One answer to "is this field nullable?" from ``diff``, ``show`` and ``validate --coverage``.

Each row is a field schema and whether the field admits ``null``. The three commands used to
define nullability each their own way and disagreed on a titled null member, ``null`` in an
``enum`` and OpenAPI 3.0's ``nullable``; now all three ask :func:`split_nullable`, and this test
asks all three the same questions.
"""

from __future__ import annotations

from typing import Any

import pytest

from schemadiff.diff.engine import compare
from schemadiff.jsonschema_facts import child_label, split_nullable
from schemadiff.outline import outline
from schemadiff.snapshot import Snapshot
from schemadiff.validate.coverage import CoverageTracker

PROBES: list[tuple[str, dict[str, Any], bool]] = [
    ("null member with a title", {"anyOf": [{"type": "string"}, {"type": "null", "title": "X"}]},
     True),
    ("null member of a oneOf", {"oneOf": [{"type": "null"}, {"type": "integer"}]}, True),
    ("null in an enum", {"enum": ["a", "b", None]}, True),
    ("OpenAPI 3.0 nullable", {"type": "string", "nullable": True}, True),
    ("null in a type list", {"type": ["string", "null"]}, True),
    ("const null", {"const": None}, True),
    ("only null, with a title", {"type": "null", "title": "Nothing"}, True),
    ("a plain string", {"type": "string"}, False),
    ("nullable: false", {"type": "string", "nullable": False}, False),
    ("a constrained member is no null member", {"anyOf": [
        {"type": "string"}, {"type": "null", "minLength": 1}]}, False),
    ("an enum without null", {"enum": ["a"]}, False),
]

_IDS = [description for description, _, _ in PROBES]


def _document(field: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
            "properties": {"f": field}}


@pytest.mark.parametrize(("description", "field", "nullable"), PROBES, ids=_IDS)
def test_split_nullable(description: str, field: dict[str, Any], nullable: bool) -> None:
    assert split_nullable(field)[1] is nullable, description


@pytest.mark.parametrize(("description", "field", "nullable"), PROBES, ids=_IDS)
def test_diff_show_and_coverage_agree(description: str, field: dict[str, Any],
                                      nullable: bool) -> None:
    # diff: a non-nullable field becoming this schema is reported nullable exactly when it is.
    changes = compare(_document({"type": "string"}), _document(field))
    assert ("property-became-nullable" in {c.rule for c in changes}) is nullable, description
    # show: the field's outline says so.
    snapshot = Snapshot(schema=_document(field), provenance=None, label="probe")
    (message,) = outline(snapshot).messages
    (shown,) = message.fields
    assert shown.nullable is nullable, description
    # validate --coverage: the field is counted among the nullable ones.
    tracker = CoverageTracker(_document(field), None)
    assert ("(root).f" in tracker.universe.nullable_fields) is nullable, description


def test_split_nullable_keeps_the_other_members_and_siblings() -> None:
    first, second = {"type": "string"}, {"type": "integer"}
    core, nullable = split_nullable({"anyOf": [first, {"type": "null"}, second], "title": "T"})
    assert nullable
    assert core == {"anyOf": [first, second], "title": "T"}
    assert core["anyOf"][0] is first
    assert core["anyOf"][1] is second
    assert split_nullable({"type": "null"}) == ({"type": []}, True)
    assert split_nullable(True) == (True, False)


@pytest.mark.parametrize(("keyword", "key", "container", "label"), [
    ("properties", "id", None, ".id"),
    ("patternProperties", "^x-", None, ".{^x-}"),
    ("dependentSchemas", "card", None, "(if .card)"),
    ("dependencies", "card", None, "(if .card)"),
    ("prefixItems", 2, None, "[2]"),
    ("items", None, None, "[]"),
    ("additionalProperties", None, None, ".*"),
    ("allOf", 0, [{}, {}], ""),
    ("anyOf", 1, [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}], "<B>"),
    # The value of a nullable is no variant: ``X | None`` adds no label.
    ("anyOf", 0, [{"$ref": "#/$defs/A"}, {"type": "null"}], ""),
    ("not", None, None, "(not)"),
])
def test_child_label(keyword: str, key: str | int | None, container: Any, label: str) -> None:
    assert child_label(keyword, key, container) == label
