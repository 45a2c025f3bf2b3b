"""Confluent Schema Registry's 263 JSON Schema compatibility cases.

``compatible`` in the data is Confluent's BACKWARD verdict (readers on the update read data written
with the original). In backward mode, "no finding at warning or above" must equal it; forward mode
with the two schemas swapped must give the same answer. In 6 cases Confluent's verdict is not set
inclusion (listed with reasons in ``diff_engine_conformance.TRUTH``); there the truth is asserted.
"""

from __future__ import annotations

import pytest
from diff_engine_conformance import FILES, FOLDER, TRUTH, Case, compatible, load_cases

from schemadiff.diff.model import Mode

if not all((FOLDER / name).is_file() for name in FILES):
    pytest.skip(f"Confluent conformance data not found in {FOLDER} (the shared folder is absent)",
                allow_module_level=True)

CASES = load_cases()


def test_all_cases_are_loaded() -> None:
    assert len(CASES) == 263
    assert len(TRUTH) == 6
    assert all(TRUTH[(c.file, c.index)] != c.compatible for c in CASES if (c.file, c.index)
               in TRUTH)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_backward_verdict(case: Case) -> None:
    assert compatible(case.original, case.update, Mode.BACKWARD) == case.expected, \
        case.description


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_forward_swapped(case: Case) -> None:
    assert compatible(case.update, case.original, Mode.FORWARD) == case.expected, \
        case.description


@pytest.mark.parametrize("key", sorted(TRUTH), ids=[f"{f.split('.')[0]}[{i}]" for f, i in
                                                     sorted(TRUTH)])
def test_confluent_wrong_cases_follow_the_truth(key: tuple[str, int]) -> None:
    """Each of these is where Confluent's rule-based verdict is not set inclusion."""
    case = next(c for c in CASES if (c.file, c.index) == key)
    assert compatible(case.original, case.update, Mode.BACKWARD) is TRUTH[key]
    assert compatible(case.original, case.update, Mode.BACKWARD) is not case.compatible


def test_agreement_count() -> None:
    agree = sum(compatible(c.original, c.update, Mode.BACKWARD) == c.expected for c in CASES)
    assert agree == 263
