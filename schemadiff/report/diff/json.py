"""The machine report: one JSON object, described by ``schemadiff/data/diff-report.schema.json``.

Field names are public API; ``schema_version`` goes up when a field changes meaning or goes away
(adding fields does not bump it). See ``docs/diff.md`` for every field.
"""

from __future__ import annotations

import json
from typing import Any

from schemadiff.diff.model import DiffReport, Evidence, Finding, Level, SchemaInfo
from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.diff.common import LEVELS_WORST_FIRST, verdict

SCHEMA_VERSION = 1


def render(report: DiffReport, options: RenderOptions = PLAIN) -> str:
    """Return the report as pretty, key-ordered JSON text ending in a newline."""
    document = to_json(report, fail_on=options.fail_on, allowed_by=options.allowed_by)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_json(
    report: DiffReport, *, fail_on: Level | None = Level.BREAKING, allowed_by: str | None = None
) -> dict[str, Any]:
    """The report as a JSON-ready dict (what :func:`render` serialises)."""
    counts = report.counts()
    failed, sentence = verdict(report, fail_on, allowed_by=allowed_by)
    return {
        "schema_version": SCHEMA_VERSION,
        "mode": report.mode.value,
        "old": _side(report.old),
        "new": _side(report.new),
        "fail_on": fail_on.value if fail_on is not None else "never",
        "failed": failed,
        "compatible": report.compatible,
        "verdict": sentence,
        "counts": {level.value: counts[level] for level in LEVELS_WORST_FIRST},
        "approved": sum(1 for f in report.findings if f.approved),
        "findings": [finding_json(f) for f in report.findings],
        "notices": list(report.notices),
    }


def _side(info: SchemaInfo) -> dict[str, Any]:
    return {"label": info.label, "version": info.version, "sha256": info.sha256,
            "path": info.path}


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding as the JSON report (and SARIF's ``properties``) spell it."""
    return {
        "rule": finding.rule,
        "level": finding.level.value,
        "path": finding.path,
        "pointer": finding.pointer,
        "side": finding.side.value,
        "old": finding.old,
        "new": finding.new,
        "message": finding.message,
        "affects": list(finding.affects),
        "approved": finding.approved,
        "approval": finding.approval,
        **({"oldest": finding.oldest} if finding.oldest is not None else {}),
        **({"evidence": evidence_json(finding.evidence)} if finding.evidence else {}),
        "witness": None if finding.witness is None else {
            "message": finding.witness.instance,
            "accepted_by": finding.witness.accepted_by.value,
            "rejected_by": finding.witness.rejected_by.value,
        },
    }


def evidence_json(evidence: Evidence) -> dict[str, Any]:
    """A finding's traffic evidence; keys without a value are left out."""
    document: dict[str, Any] = {
        "messages": evidence.messages, "present": evidence.present, "null": evidence.null,
        "absent": evidence.absent,
    }
    if evidence.value_count is not None:
        document |= {"value": evidence.value, "value_count": evidence.value_count}
    if evidence.first is not None:
        document["first"] = evidence.first
    if evidence.lowered_from is not None:
        document["lowered_from"] = evidence.lowered_from.value
    return document
