"""``schemadiff list --format json``: the store as canonical JSON, oldest version first."""

from __future__ import annotations

from typing import Any

from schemadiff import canonical
from schemadiff.report import PLAIN, RenderOptions
from schemadiff.store import Listing


def render(listing: Listing, options: RenderOptions = PLAIN) -> str:
    """The store as JSON: ``{"directory": ..., "snapshots": [...]}``, oldest first."""
    rows: list[dict[str, Any]] = [
        {
            "name": entry.name,
            "path": str(entry.path),
            "api_version": entry.api_version,
            "message_types": list(entry.message_types),
            "variants": list(entry.variants),
            "definitions": entry.definitions,
            "sha256": entry.sha256,
            "fetched_at": entry.fetched_at,
            "error": entry.error,
        }
        for entry in listing.entries
    ]
    return canonical.dumps({"directory": listing.directory, "snapshots": rows})
