"""Golden files: every diff format of a fixed report, compared byte for byte.

Regenerate after an intended change with ``SCHEMADIFF_REGEN_GOLDEN=1 pytest tests/diff_report`` and
review the diff of ``tests/diff_report/golden/``: it is what CI consumers will parse.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from schemadiff.diff.model import DiffReport, Level, Rule
from schemadiff.report import RenderOptions, ReportKind, formats
from schemadiff.report.diff import render

GOLDEN = Path(__file__).resolve().parent / "golden"
GOLDEN_FORMATS = tuple(name for name in formats(ReportKind.DIFF) if name != "html")
"""Every diff format except HTML, whose report has goldens of its own."""
EXTENSIONS = {"text": "txt", "json": "json", "markdown": "md", "github": "txt", "junit": "xml",
              "sarif": "sarif"}


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    data = actual.encode("utf-8")
    if os.environ.get("SCHEMADIFF_REGEN_GOLDEN") == "1":
        path.write_bytes(data)
        return
    if not path.exists():
        pytest.fail(f"{path} is missing; run with SCHEMADIFF_REGEN_GOLDEN=1 to create it")
    expected = path.read_bytes()
    assert data.decode("utf-8") == expected.decode("utf-8")
    assert data == expected


def options(rules: MappingProxyType[str, Rule], **changes: Any) -> RenderOptions:
    return replace(RenderOptions(fail_on=Level.BREAKING, rules=rules,
                                 tool_version="0.0.0-golden", color=False, width=80), **changes)


@pytest.mark.usefixtures("in_data_dir")
@pytest.mark.parametrize("fmt", GOLDEN_FORMATS)
def test_full_report(fmt: str, report: DiffReport, rules: MappingProxyType[str, Rule]) -> None:
    check_golden(f"full.{fmt}.{EXTENSIONS[fmt]}", render(fmt, report, options(rules)))


@pytest.mark.usefixtures("in_data_dir")
@pytest.mark.parametrize("fmt", GOLDEN_FORMATS)
def test_empty_report(
    fmt: str, empty_report: DiffReport, rules: MappingProxyType[str, Rule]
) -> None:
    check_golden(f"empty.{fmt}.{EXTENSIONS[fmt]}", render(fmt, empty_report, options(rules)))


@pytest.mark.usefixtures("in_data_dir")
def test_full_report_in_colour(report: DiffReport, rules: MappingProxyType[str, Rule]) -> None:
    check_golden("full.text-color.txt", render("text", report, options(rules, color=True)))


@pytest.mark.usefixtures("in_data_dir")
def test_full_report_failing_on_warning(
    report: DiffReport, rules: MappingProxyType[str, Rule]
) -> None:
    check_golden("full-fail-on-warning.junit.xml",
                 render("junit", report, options(rules, fail_on=Level.WARNING)))


def test_the_fixed_report_uses_real_rule_ids(rules: MappingProxyType[str, Rule],
                                             report: DiffReport) -> None:
    """The hand-made catalog may simplify levels and sentences, never invent rule ids or mirrors:
    golden files are what CI consumers parse, and they key on rule ids."""
    from schemadiff.diff.rules import RULES

    assert sorted(set(rules) - set(RULES)) == []
    assert sorted({f.rule for f in report.findings} - set(RULES)) == []
    for rule in rules.values():
        assert rule.mirror == RULES[rule.id].mirror, rule.id
