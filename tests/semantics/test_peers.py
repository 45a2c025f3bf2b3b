"""Other projects' diff and subschema suites, judged against the proven truth (not their answers).

Four suites (getsentry json-schema-diff, Atlassian json-schema-diff, IBM jsonsubschema,
is-json-schema-subset), each case with ``truth`` per mode (see ``../shared/conformance/peers``).
For every suite and mode: no case labelled ``no`` (a witness exists) may come out compatible, at
least 97 % of the cases labelled ``yes`` or ``no`` must agree, and every disagreement is listed
below with its reason, so a change in either direction shows up here.

How the labels count: ``yes`` and ``no`` are proven (``no`` by a witness; ``yes`` by sampling
plus an independent subschema checker) and make the agreement figure. ``yes?`` (no witness found,
not independently confirmed) and ``unknown`` are not counted: a verdict either way could be right.
A ``yes`` that schemadiff refutes with a checked witness is still counted as a disagreement (the
figure stays comparable), and listed in :data:`REFUTED`, where a test validates the witness.
"""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import validators
from peers import FOLDER, SUITES, PeerCase, available, load

from schemadiff.diff.model import Mode
from schemadiff.errors import SchemaError
from schemadiff.semantics.documents import format_checker
from schemadiff.semantics.verdict import judge

if not available():
    pytest.skip(f"peer suites not found in {FOLDER} (the shared folder is absent)",
                allow_module_level=True)

MODES = (Mode.FORWARD, Mode.BACKWARD)
_DOT = "'.' matches no newline, so a string with one meets the length yet fails the pattern"

REFUTED: dict[tuple[str, str], str] = {
    # The truth says "yes" but a checked witness (newlines) shows the pattern side is narrower:
    # ``.+``, ``.{1,}`` and ``.{2,}`` are not ``minLength`` (nor ``not: {enum: [""]}``).
    **{(f"ibm/test_more.TestPaperExamples.test_equiv_multiple_case#{n}", mode): _DOT
       for n, mode in ((263, "backward"), (264, "forward"), (265, "backward"),
                       (266, "forward"), (271, "forward"), (272, "backward"),
                       (273, "forward"), (274, "backward"))},
    **{(f"ibm/test_string.TestNotStringSubtype.test_equiv_multiple_case#{n}", mode): _DOT
       for n, mode in ((510, "backward"), (511, "forward"), (512, "backward"),
                       (513, "forward"), (516, "backward"), (517, "forward"),
                       (518, "backward"), (519, "forward"), (524, "forward"),
                       (525, "backward"), (526, "forward"), (527, "backward"),
                       (528, "forward"), (529, "backward"))},
}

UNPROVEN: dict[tuple[str, str], str] = {
    # True inclusions the reasoning cannot prove (reported incompatible, without a witness).
    ("ibm/test_boolean.TestNotBoolean.test_not_allOf3#36", "forward"):
        "the complement of a pattern (strings without 'a') is not modelled",
    ("ibm/test_boolean.TestNotBoolean.test_not_allOf3#36", "backward"):
        "the complement of a pattern (strings without 'a') is not modelled",
    ("ibm/test_boolean.TestNotBoolean.test_not_allOf3#37", "forward"):
        "the complement of a pattern (strings without 'a') is not modelled",
    ("ibm/test_boolean.TestNotBoolean.test_not_allOf3#37", "backward"):
        "the complement of a pattern (strings without 'a') is not modelled",
    ("ibm/test_object.TestObjectSubtype.test_simple_obj3#470", "backward"):
        "inclusion between two different patternProperties regexes is not decided",
    ("ibm/test_object.TestObjectSubtype.test_simple_obj3#471", "forward"):
        "inclusion between two different patternProperties regexes is not decided",
    ("ibm/test_string.TestNotStringSubtype.test_not_str_and_join_string#532", "backward"):
        "a union of a length range and a pattern against the complement of both",
    ("ibm/test_string.TestNotStringSubtype.test_not_str_and_join_string#533", "forward"):
        "a union of a length range and a pattern against the complement of both",
    ("ibm/test_string.TestStringSubtype.test_regx_range2#560", "backward"):
        "regular-language inclusion (^(ab){0,3}$ in ^(ab)*$ with maxLength 5) is not decided",
    ("ibm/test_string.TestStringSubtype.test_regx_range2#561", "forward"):
        "regular-language inclusion (^(ab){0,3}$ in ^(ab)*$ with maxLength 5) is not decided",
}

REFUSED: dict[tuple[str, str], str] = {
    # Not a verdict at all: the input is not a valid schema, which exits 2 with one line.
    ("subset/from-the-wild#91", "forward"):
        "OLD declares draft-07 and has items: [], which its metaschema forbids (minItems 1)",
}


def _verdict(case: PeerCase, mode: Mode) -> bool | str:
    try:
        return judge(case.old, case.new, mode).compatible
    except SchemaError as error:
        return f"refused: {error}"


@pytest.mark.parametrize("suite", SUITES)
def test_suite_follows_the_truth(suite: str) -> None:
    disagreements: set[tuple[str, str]] = set()
    false_compatible: list[tuple[str, str]] = []
    for mode in MODES:
        agree = counted = 0
        for case in load(suite):
            label = case.label(mode)
            if label not in ("yes", "no"):
                continue
            verdict = _verdict(case, mode)
            counted += 1
            if verdict == (label == "yes"):
                agree += 1
                continue
            disagreements.add((case.id, mode.value))
            if label == "no" and verdict is True:
                false_compatible.append((case.id, mode.value))
        assert counted > 0
        assert agree / counted >= 0.97, (suite, mode.value, agree, counted)
    assert false_compatible == []
    listed = {key for key in (*REFUTED, *UNPROVEN, *REFUSED) if key[0].startswith(suite + "/")}
    assert disagreements == listed


def test_refuted_truth_is_refuted_by_a_checked_witness() -> None:
    cases = {case.id: case for case in load("ibm")}
    for (case_id, mode_name), _reason in REFUTED.items():
        case, mode = cases[case_id], Mode(mode_name)
        report = judge(case.old, case.new, mode)
        witnesses = [f.witness.instance for f in report.findings if f.witness is not None]
        assert witnesses, case_id
        writer, reader = (case.new, case.old) if mode is Mode.FORWARD else (case.old, case.new)
        for instance in witnesses:
            assert _valid(writer, instance), (case_id, instance)
            assert not _valid(reader, instance), (case_id, instance)


def _valid(schema: Any, instance: Any) -> bool:
    cls = validators.validator_for(schema)
    return bool(cls(schema, format_checker=format_checker()).is_valid(instance))
