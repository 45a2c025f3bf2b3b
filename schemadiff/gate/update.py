"""``schemadiff check --update``: record the candidate in the snapshot store, never over another.

A passing check whose schema changed writes ``<store>/<info.version>.json`` so that the pull
request carries its snapshot; an empty store records its first snapshot. A snapshot file of the
same version that holds a different schema is never replaced: the version must be bumped.
"""

from __future__ import annotations

from pathlib import Path

from schemadiff.errors import SnapshotError
from schemadiff.snapshot import Snapshot


def update_target(directory: Path, snapshot: Snapshot) -> Path | None:
    """The file ``--update`` writes the candidate to; ``None`` without an API version."""
    from schemadiff.store import SnapshotStore

    name = snapshot.api_version
    if not name:
        return None
    try:
        return SnapshotStore(directory).path_for(name)
    except SnapshotError:
        return None


def write_update(directory: Path, snapshot: Snapshot) -> Path | None:
    """Write the candidate as ``<store>/<info.version>.json``; never replace another schema.

    Returns the file written, or ``None`` when the store already held this very schema (another
    run, a racing one say, recorded it first).
    """
    from schemadiff.store import SnapshotConflict, SnapshotStore, WriteOutcome

    name = snapshot.api_version
    if not name:
        raise SnapshotError(
            f"{snapshot.label}: cannot --update: the source has no API version (info.version) "
            "to name the snapshot"
        )
    store = SnapshotStore(directory)
    path = store.path_for(name)
    try:
        # The store decides inside its create-exclusive write, so two checks racing to record
        # the same version cannot both succeed with different schemas.
        result = store.write(snapshot, name)
    except SnapshotConflict:
        raise SnapshotError(
            f"cannot --update: {path} already holds a different schema for version {name}; "
            "bump info.version so the new schema gets its own snapshot"
        ) from None
    return None if result.outcome is WriteOutcome.UNCHANGED else result.path
