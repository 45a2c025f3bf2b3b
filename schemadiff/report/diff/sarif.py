"""SARIF 2.1.0 for code-scanning tools: one reporting descriptor per rule id used, one result per
finding, located in the snapshot file of the finding's side.

Levels map to SARIF's: breaking → ``error`` (``warning`` when the threshold or the version bump
allows it), warning → ``warning``, safe and info → ``note``. Files are relative to the repository
root (``%SRCROOT%``). An approved finding carries an accepted external suppression with the
approval's reason, which is how code scanning shows a dismissed alert. ``partialFingerprints``
keep results stable across runs.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from schemadiff.diff.model import DiffReport, Finding, Level, Mode, Rule, listed_paths
from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.diff.common import annotation_level, change_text, locate
from schemadiff.report.diff.json import finding_json

_PROPERTIES = ("level", "path", "pointer", "side", "old", "new", "affects", "witness")
"""The fields of a JSON-report finding that SARIF results carry as ``properties``."""

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/sartiq/schemadiff"
LEVELS = {
    Level.BREAKING: "error",
    Level.WARNING: "warning",
    Level.SAFE: "note",
    Level.INFO: "note",
}


def render(report: DiffReport, options: RenderOptions = PLAIN) -> str:
    """Return the report as a SARIF 2.1.0 log (JSON text ending in a newline)."""
    rules, tool_version = options.rules, options.tool_version
    if rules is None:
        from schemadiff.diff.rules import RULES

        rules = RULES
    if tool_version is None:
        from schemadiff import __version__

        tool_version = __version__
    used = sorted({finding.rule for finding in report.findings})
    index = {rule_id: position for position, rule_id in enumerate(used)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "schemadiff",
                "version": tool_version,
                "informationUri": INFORMATION_URI,
                "rules": [
                    _descriptor(rule_id, rules.get(rule_id), report.mode) for rule_id in used
                ],
            }},
            "automationDetails": {"id": f"schemadiff/{report.mode}/"},
            "columnKind": "unicodeCodePoints",
            "properties": {
                "mode": report.mode.value,
                "old": {"label": report.old.label, "version": report.old.version,
                        "sha256": report.old.sha256},
                "new": {"label": report.new.label, "version": report.new.version,
                        "sha256": report.new.sha256},
                "notices": list(report.notices),
            },
            "results": [
                _result(report, finding, index[finding.rule], options)
                for finding in report.findings
            ],
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _descriptor(rule_id: str, rule: Rule | None, mode: Mode) -> dict[str, Any]:
    if rule is None:
        return {"id": rule_id, "shortDescription": {"text": rule_id}}
    help_text = (
        f"{rule.summary}. Forward ({rule.forward}): {rule.why_forward} "
        f"Backward ({rule.backward}): {rule.why_backward}"
    )
    return {
        "id": rule_id,
        "name": "".join(part.capitalize() for part in rule_id.split("-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": f"{rule.summary}. {rule.why(mode)}"},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": LEVELS[rule.level(mode)]},
        "properties": {
            "category": rule.category,
            "forward": rule.forward.value,
            "backward": rule.backward.value,
            "tags": ["schemadiff", rule.category],
        },
    }


def _result(
    report: DiffReport, finding: Finding, rule_index: int, options: RenderOptions
) -> dict[str, Any]:
    file, line = locate(report, finding, options.lines, options.locate)
    level = annotation_level(finding, options.fail_on) or finding.level
    location: dict[str, Any] = {
        "logicalLocations": [
            {"fullyQualifiedName": path, "kind": "member"}
            for path in (finding.path,
                         *[a for a in listed_paths(finding.affects) if a != finding.path])
        ],
    }
    if file is not None:
        uri = quote(file, safe="/:@!$&'()*+,;=-._~")
        # A file inside the repository is relative to its root (%SRCROOT%), which is
        # what code scanning needs; one elsewhere can only be named absolutely.
        artifact = (
            {"uri": f"file://{uri}"} if file.startswith("/")
            else {"uri": uri, "uriBaseId": "%SRCROOT%"}
        )
        physical: dict[str, Any] = {"artifactLocation": artifact}
        if line is not None:
            physical["region"] = {"startLine": line}
        location = {"physicalLocation": physical, **location}
    fingerprint = hashlib.sha256(
        f"{finding.rule}\0{finding.path}\0{finding.pointer}".encode()
    ).hexdigest()
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[level],
        "message": {"text": f"{finding.path}: {finding.message} ({change_text(finding)})"},
        "locations": [location],
        "partialFingerprints": {"schemadiffFinding/v1": fingerprint},
        "properties": {key: value for key, value in finding_json(finding).items()
                       if key in _PROPERTIES},
    }
    if finding.approved:
        result["suppressions"] = [{
            "kind": "external", "status": "accepted", "justification": finding.approval or "",
        }]
    return result
