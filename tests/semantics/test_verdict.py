"""The semantic case table, and every witness checked by an independent validator."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import validators
from semantic_cases import CASES, SemanticCase

from schemadiff.diff.model import Level, Mode
from schemadiff.semantics.documents import format_checker
from schemadiff.semantics.verdict import judge, split_path


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case(case: SemanticCase) -> None:
    report = judge(case.old, case.new, case.mode)
    assert report.compatible is case.compatible, case.why
    rules = {f.rule for f in report.findings}
    assert set(case.rules) <= rules, case.why
    for finding in report.findings:
        if finding.witness is None:
            continue
        forward = finding.witness.accepted_by.value == "new"
        writer, reader = (case.new, case.old) if forward else (case.old, case.new)
        assert _valid(writer, finding.witness.instance), case.id
        assert not _valid(reader, finding.witness.instance), case.id


@pytest.mark.parametrize("case", [c for c in CASES if not c.compatible],
                         ids=[c.id for c in CASES if not c.compatible])
def test_an_incompatible_verdict_has_a_witness(case: SemanticCase) -> None:
    report = judge(case.old, case.new, case.mode)
    assert any(f.witness is not None and f.level.at_least(Level.WARNING)
               for f in report.findings)


def test_equivalent_rewrites_are_info_only() -> None:
    report = judge({"type": ["string", "null"]}, {"anyOf": [{"type": "string"},
                                                            {"type": "null"}]}, Mode.FORWARD)
    assert {f.level for f in report.findings} <= {Level.INFO}


def test_split_path() -> None:
    assert split_path("GenerationMessage.payload.predictions[].seed") == (
        "GenerationMessage", ("payload", "predictions", "[]", "seed"))
    assert split_path("NotificationMessage") == ("NotificationMessage", ())
    assert split_path("A.x<B>.y") == ("A", ("x",))


def _valid(schema: Any, instance: Any) -> bool:
    if isinstance(schema, bool):
        return schema
    cls = validators.validator_for(schema, default=validators.Draft202012Validator)
    if "$schema" not in schema and "definitions" in schema:
        cls = validators.Draft7Validator
    return bool(cls(schema, format_checker=format_checker()).is_valid(instance))
