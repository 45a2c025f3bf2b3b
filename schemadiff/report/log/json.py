"""The changelog as one JSON object: every step with its diff report and its message groups.

Each step's ``report`` is exactly what ``schemadiff diff --format json`` prints for that pair, so
one parser reads both; ``groups`` names, per message type, the indexes of its findings.
"""

from __future__ import annotations

import json
from typing import Any

from schemadiff.diff.model import Level
from schemadiff.history import Changelog, Step
from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.diff.json import to_json

SCHEMA_VERSION = 1


def render(changelog: Changelog, options: RenderOptions = PLAIN) -> str:
    """Return the changelog as pretty JSON text ending in a newline."""
    fail_on = options.fail_on
    document = {
        "schema_version": SCHEMA_VERSION,
        "mode": changelog.mode.value,
        "versions": list(changelog.versions),
        "steps": [_step(step, fail_on) for step in changelog.steps],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _step(step: Step, fail_on: Level | None) -> dict[str, Any]:
    index = {id(finding): i for i, finding in enumerate(step.report.findings)}
    return {
        "old": step.report.old.label,
        "new": step.report.new.label,
        "report": to_json(step.report, fail_on=fail_on),
        "groups": [
            {"message": group.name, "findings": [index[id(f)] for f in group.findings]}
            for group in step.groups
        ],
    }
