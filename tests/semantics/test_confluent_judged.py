"""Confluent's 263 vectors through the whole pipeline (walk, classification, semantic layer).

tests/diff/test_confluent.py checks the walk's rules alone; this checks that the semantic
layer (proofs lowering findings, witnesses adding them) keeps every verdict right in both modes:
no false "compatible", and agreement with the truth everywhere.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "diff"))

from diff_engine_conformance import FILES, FOLDER, load_cases

from schemadiff.diff.model import Mode
from schemadiff.semantics.verdict import judge

if not all((FOLDER / name).is_file() for name in FILES):
    pytest.skip(f"Confluent conformance data not found in {FOLDER} (the shared folder is absent)",
                allow_module_level=True)


def test_every_verdict_follows_the_truth_in_both_modes() -> None:
    wrong = []
    for case in load_cases():
        backward = judge(case.original, case.update, Mode.BACKWARD).compatible
        forward = judge(case.update, case.original, Mode.FORWARD).compatible
        if backward != case.expected or forward != case.expected:
            wrong.append((case.id, case.expected, backward, forward, case.description))
    assert wrong == []
