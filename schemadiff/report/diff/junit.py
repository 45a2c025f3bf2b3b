"""JUnit XML for CI test dashboards: one testcase per finding.

A finding that fails the run (unapproved, at or above ``fail_on``) is a ``<failure>``; an approved
finding that would have failed is ``<skipped>`` with the approval's reason; every other finding
passes with its details in ``<system-out>``. A diff without findings is one passing testcase, as
some dashboards reject an empty suite. Testcase names are unique within the suite.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from schemadiff.diff.model import DiffReport, Finding, Level
from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.diff.common import change_text, fails, message_type, verdict

# XML 1.0 cannot carry these code points at all, escaped or not; they are shown as \uXXXX.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render(report: DiffReport, options: RenderOptions = PLAIN) -> str:
    """Return the report as a JUnit XML document."""
    fail_on = options.fail_on
    failures = sum(1 for f in report.findings if fails(f, fail_on))
    skipped = sum(
        1 for f in report.findings
        if f.approved and fail_on is not None and f.level.at_least(fail_on)
    )
    tests = max(len(report.findings), 1)
    suite_name = f"schemadiff diff {report.old.label} -> {report.new.label} ({report.mode})"
    root = ET.Element("testsuites", _attrs(
        name="schemadiff", tests=tests, failures=failures, errors=0, skipped=skipped,
    ))
    suite = ET.SubElement(root, "testsuite", _attrs(
        name=suite_name, tests=tests, failures=failures, errors=0, skipped=skipped,
    ))
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("mode", report.mode.value),
        ("fail-on", fail_on.value if fail_on is not None else "never"),
        ("old", report.old.label), ("old-sha256", report.old.sha256),
        ("new", report.new.label), ("new-sha256", report.new.sha256),
        ("verdict", verdict(report, fail_on, allowed_by=options.allowed_by)[1]),
    ):
        ET.SubElement(properties, "property", _attrs(name=name, value=value))
    if not report.findings:
        ET.SubElement(suite, "testcase", _attrs(classname="schemadiff", name="no changes"))
    seen: set[str] = set()
    for finding in report.findings:
        _testcase(suite, finding, _unique_name(finding, seen), fail_on)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _attrs(**values: object) -> dict[str, str]:
    return {key: _xml_safe(str(value)) for key, value in values.items()}


def _unique_name(finding: Finding, seen: set[str]) -> str:
    name = f"{finding.rule} {finding.path}"
    if name in seen:
        name = f"{name} ({finding.side}:{finding.pointer})"
    base, counter = name, 2
    while name in seen:
        name = f"{base} #{counter}"
        counter += 1
    seen.add(name)
    return name


def _details(finding: Finding) -> str:
    lines = [
        f"level: {finding.level}",
        f"path: {finding.path}",
        f"pointer: {finding.pointer} ({finding.side})",
        f"change: {change_text(finding)}",
        finding.message,
    ]
    if finding.affects:
        lines.append("affects: " + ", ".join(finding.affects))
    if finding.approved:
        lines.append(f"approved: {finding.approval}")
    return _xml_safe("\n".join(lines))


def _testcase(suite: ET.Element, finding: Finding, name: str, fail_on: Level | None) -> None:
    case = ET.SubElement(suite, "testcase", _attrs(
        classname=f"schemadiff.{message_type(finding.path)}", name=name,
    ))
    summary = _xml_safe(f"[{finding.level}] {finding.message}")
    if fails(finding, fail_on):
        failure = ET.SubElement(case, "failure", {"type": finding.level.value,
                                                  "message": summary})
        failure.text = _details(finding)
        return
    if finding.approved and fail_on is not None and finding.level.at_least(fail_on):
        ET.SubElement(case, "skipped", {"message": _xml_safe(f"approved: {finding.approval}")})
    out = ET.SubElement(case, "system-out")
    out.text = _details(finding)
