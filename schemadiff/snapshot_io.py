"""Build a :class:`Snapshot` with provenance, and read one back from its file form, verified.

The hash in ``x-schemadiff`` covers the canonical JSON of the schema without provenance; reading a
snapshot recomputes it, so a file edited by hand is caught before anyone diffs against it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from schemadiff import __version__, canonical
from schemadiff.errors import SnapshotError
from schemadiff.redact import redact_url, scrub, scrub_document
from schemadiff.snapshot import PROVENANCE_KEY, Provenance, Snapshot

_PROVENANCE_FIELDS = (
    "tool_version", "source", "api_title", "api_version", "openapi_version", "root", "sha256",
    "fetched_at",
)
_REQUIRED_STRINGS = ("tool_version", "source", "root", "sha256", "fetched_at")


def utc_now() -> str:
    """The current time as UTC ISO 8601 to the second: ``2025-01-31T12:00:00Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def is_snapshot_document(document: Mapping[str, Any]) -> bool:
    """Whether ``document`` is the file form of a snapshot (it carries ``x-schemadiff``)."""
    return PROVENANCE_KEY in document


def build_snapshot(
    schema: Mapping[str, Any],
    *,
    source: str,
    root: str,
    label: str,
    api_title: str | None = None,
    api_version: str | None = None,
    openapi_version: str | None = None,
    fetched_at: str | None = None,
    path: Path | None = None,
) -> Snapshot:
    """Return a snapshot of ``schema`` with provenance; ``source`` is redacted again here.

    Every registered secret is removed from the schema's strings before it is hashed: a server
    that reflects the credentials it was sent into a ``description`` must not get them stored.
    """
    clean = scrub_document({key: value for key, value in schema.items() if key != PROVENANCE_KEY})
    provenance = Provenance(
        tool_version=__version__,
        source=redact_url(source),
        api_title=scrub(api_title, whole_outputs=True) if api_title is not None else None,
        api_version=(scrub(api_version, whole_outputs=True) if api_version is not None
                     else None),
        openapi_version=openapi_version,
        root=root,
        sha256=canonical.sha256(clean),
        fetched_at=fetched_at or utc_now(),
    )
    return Snapshot(schema=clean, provenance=provenance, label=label, path=path)


def read_snapshot_document(
    document: Mapping[str, Any], *, label: str, path: Path | None = None
) -> Snapshot:
    """Return the snapshot held in ``document`` after checking its provenance and hash.

    Errors name the file (``path``) when there is one, else ``label``.
    """
    label, shown = (str(path) if path is not None else label), label
    raw = document.get(PROVENANCE_KEY)
    if raw is None:
        raise SnapshotError(f"{label}: not a snapshot file (it has no {PROVENANCE_KEY} key)")
    if not isinstance(raw, dict):
        raise SnapshotError(f"{label}: {PROVENANCE_KEY} must be an object")
    missing = [name for name in _PROVENANCE_FIELDS if name not in raw]
    if missing:
        raise SnapshotError(f"{label}: {PROVENANCE_KEY} lacks {', '.join(missing)}")
    for name in _PROVENANCE_FIELDS:
        value = raw[name]
        if name in _REQUIRED_STRINGS and not isinstance(value, str):
            raise SnapshotError(f"{label}: {PROVENANCE_KEY}.{name} must be a string")
        if value is not None and not isinstance(value, str):
            raise SnapshotError(f"{label}: {PROVENANCE_KEY}.{name} must be a string or null")
    schema = {key: value for key, value in document.items() if key != PROVENANCE_KEY}
    actual = canonical.sha256(schema)
    if actual != raw["sha256"]:
        raise SnapshotError(
            f"{label}: the schema does not match its recorded sha256 (the file was edited by "
            f"hand?); re-create it with 'schemadiff snapshot SOURCE --name NAME --force'"
        )
    provenance = Provenance(**{name: raw[name] for name in _PROVENANCE_FIELDS})
    return Snapshot(schema=schema, provenance=provenance, label=shown, path=path)
