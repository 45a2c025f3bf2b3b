"""Golden files of the validate reports: every format of a fixed run, compared byte for byte.

The runs are real CLI runs, in the log's folder so the sources are relative: the fault log
(every kind of error, a blank line, a wrapped message) against 0.1.0 with ``--coverage``; the
same log against 0.2.0 (a drift: many errors, few groups); and a clean log. Regenerate after an
intended change with ``SCHEMADIFF_REGEN_GOLDEN=1 pytest tests/validate/test_golden.py`` and
review the diff of ``tests/validate/golden/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from golden import check_golden

GOLDEN = Path(__file__).resolve().parent / "golden"
EXTENSIONS = {"text": "txt", "json": "json", "github": "txt"}
CASES = {
    "faults": ("events.jsonl --against v1.json --coverage --max-errors 8", 1),
    "drift": ("events.jsonl --against v2.json --max-errors 3", 1),
    "clean": ("clean.jsonl --against v1.json", 0),
}


@pytest.fixture
def golden_dir(fault_log: object, tmp_path: Path, schema_dir: Path) -> Path:
    shutil.copy(schema_dir / "openapi-0.1.0.json", tmp_path / "v1.json")
    shutil.copy(schema_dir / "openapi-0.2.0.json", tmp_path / "v2.json")
    events = (tmp_path / "events.jsonl").read_bytes().splitlines()
    (tmp_path / "events.jsonl").write_bytes(b"\n".join([*events[:5], b"", *events[5:]]) + b"\n")
    (tmp_path / "clean.jsonl").write_bytes(b"\n".join(events[:2]) + b"\n")
    return tmp_path


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("fmt", EXTENSIONS)
def test_report(case: str, fmt: str, golden_dir: Path, run_cli_inproc) -> None:
    arguments, code = CASES[case]
    result = run_cli_inproc(f"schemadiff validate {arguments} --format {fmt}", cwd=golden_dir)
    assert result.exit_code == code, result.stderr
    check_golden(GOLDEN / f"{case}.{fmt}.{EXTENSIONS[fmt]}", result.stdout)
