"""The snapshot: a canonical, self-contained JSON Schema of the message contract plus provenance.

A snapshot file is a draft 2020-12 JSON Schema any validator can use::

    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$ref": "#/$defs/WebSocketMessage",
      "$defs": {"WebSocketMessage": {...}, "GenerationMessage": {...}, ...},
      "x-schemadiff": {"tool_version": ..., "source": ..., "sha256": ..., ...}
    }

The hash covers the canonical JSON of everything except ``x-schemadiff``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemadiff import canonical

PROVENANCE_KEY = "x-schemadiff"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a snapshot came from. Never holds credentials: ``source`` is redacted."""

    tool_version: str
    source: str
    api_title: str | None
    api_version: str | None
    openapi_version: str | None
    root: str
    sha256: str
    fetched_at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "tool_version": self.tool_version,
            "source": self.source,
            "api_title": self.api_title,
            "api_version": self.api_version,
            "openapi_version": self.openapi_version,
            "root": self.root,
            "sha256": self.sha256,
            "fetched_at": self.fetched_at,
        }


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A schema ready to diff or validate against.

    ``schema`` is the canonical document without provenance. ``provenance`` is ``None`` for a plain
    JSON Schema file that was not produced by ``schemadiff snapshot``. ``label`` is what reports
    call it: the snapshot name, or the path or URL it was read from.
    """

    schema: Mapping[str, Any]
    provenance: Provenance | None
    label: str
    path: Path | None = None

    @property
    def sha256(self) -> str:
        return self.provenance.sha256 if self.provenance else canonical.sha256(self.schema)

    @property
    def api_version(self) -> str | None:
        return self.provenance.api_version if self.provenance else None

    def describe(self, label: str | None = None) -> str:
        """Name the snapshot for a report: ``0.1.0 (Sartiq API 0.1.0, sha256 3c348027eb2a)``."""
        details = []
        if self.provenance is not None and self.provenance.api_version:
            details.append(f"{self.provenance.api_title or 'API'} {self.provenance.api_version}")
        details.append(f"sha256 {self.sha256[:12]}")
        return f"{label or self.label} ({', '.join(details)})"

    def document(self) -> dict[str, Any]:
        """Return the file form: the schema with provenance under ``x-schemadiff``."""
        document = dict(self.schema)
        if self.provenance is not None:
            document[PROVENANCE_KEY] = self.provenance.to_json()
        return document

    def text(self) -> str:
        """Return the canonical file text."""
        return canonical.dumps(self.document())
