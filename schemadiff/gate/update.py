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


def write_update(directory: Path, snapshot: Snapshot) -> Path:
    """Write the candidate as ``<store>/<info.version>.json``; never replace another schema."""
    from schemadiff.store import SnapshotStore, read_snapshot_file

    name = snapshot.api_version
    if not name:
        raise SnapshotError(
            f"{snapshot.label}: cannot --update: the source has no API version (info.version) "
            "to name the snapshot"
        )
    store = SnapshotStore(directory)
    path = store.path_for(name)
    if path.is_file():
        try:
            existing_hash: str | None = read_snapshot_file(path).sha256
        except SnapshotError:
            existing_hash = None
        if existing_hash != snapshot.sha256:
            raise SnapshotError(
                f"cannot --update: {path} already holds a different schema for version {name}; "
                "bump info.version so the new schema gets its own snapshot"
            )
    return store.write(snapshot, name).path
