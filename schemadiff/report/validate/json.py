"""The JSON validation report: stable field names (public API) for CI consumers.

Top level: ``ok``, ``sources``, ``skipped_files`` (sidecars in the given directories, not read),
``against`` (label, or a list with several), ``total``,
``valid``, ``invalid``, ``skipped``, ``skipped_by_reason``, ``by_type`` (type → ``count``,
``valid``, ``invalid``), ``error_count``, ``errors`` (each ``source``, ``line``, optional
``index``, ``type``, ``path``, ``keyword``, ``message``, and ``against`` with several schemas),
``interrupted``; ``coverage`` with ``--coverage``; with several ``--against``: ``versions`` (one
such object per schema), ``divergent_count`` and ``divergent``.
"""

from __future__ import annotations

import json

from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.validate import ValidationReport


def render(report: ValidationReport, options: RenderOptions = PLAIN) -> str:
    data = {"ok": report.ok, "sources": list(report.sources),
            "skipped_files": list(report.skipped_files), **report.matrix.to_json()}
    if not report.coverage:
        data.pop("coverage", None)
        for version in data.get("versions", ()):
            version.pop("coverage", None)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
