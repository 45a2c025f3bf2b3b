"""The snapshot store: a directory of ``NAME.json`` files, resolved by name, written atomically.

A name is a plain file stem (``0.1.0``, ``baseline``); ``latest`` is the highest version by
:mod:`schemadiff.versions`. Writes go to a hidden temporary file in the same directory, are flushed
to disk and then renamed over the target, so the directory always holds either the old snapshot or
the complete new one. Hidden files (``.NAME.*.tmp`` left by a killed writer) are never listed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from schemadiff import atomic
from schemadiff.errors import SchemadiffError, SnapshotError
from schemadiff.snapshot import Snapshot
from schemadiff.versions import sort_names

SUFFIX = ".json"
LATEST = "latest"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,99}")


class WriteOutcome(StrEnum):
    """What writing a snapshot did; the value is the word the ``snapshot`` command prints."""

    CREATED = "created"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"


@dataclass(frozen=True, slots=True)
class WriteResult:
    outcome: WriteOutcome
    path: Path
    snapshot: Snapshot


@dataclass(frozen=True, slots=True)
class StoreEntry:
    """One snapshot as ``schemadiff list`` shows it; ``error`` is set when it cannot be read."""

    name: str
    path: Path
    api_version: str | None = None
    message_types: tuple[str, ...] = ()
    """Discriminator values of the message union (``generation.created``, ...)."""
    variants: tuple[str, ...] = ()
    """Definition names of the union's variants (``GenerationMessage``, ...)."""
    definitions: int = 0
    sha256: str | None = None
    fetched_at: str | None = None
    error: str | None = None

    @property
    def short_hash(self) -> str:
        return (self.sha256 or "")[:8]


def is_snapshot_name(stem: str) -> bool:
    """True when a file stem is one the store lists (``0.1.0`` of ``0.1.0.json``)."""
    return _NAME.fullmatch(stem) is not None


@dataclass(frozen=True, slots=True)
class Listing:
    """What ``schemadiff list`` shows: the store's directory and its snapshots, oldest first."""

    directory: str
    entries: tuple[StoreEntry, ...]


def check_name(name: str) -> str:
    """Return ``name`` if it is a safe snapshot name, else raise :class:`SnapshotError`."""
    if name in ("", ".", "..") or "/" in name or "\\" in name or ".." in name or "\0" in name:
        raise SnapshotError(
            f"invalid snapshot name {name!r}: a name is a plain file name, without path "
            "separators or '..'"
        )
    if name.endswith(SUFFIX):
        raise SnapshotError(f"invalid snapshot name {name!r}: give it without {SUFFIX}")
    if not _NAME.fullmatch(name):
        raise SnapshotError(
            f"invalid snapshot name {name!r}: use letters, digits, '.', '_', '+' and '-' "
            "(starting with a letter or digit, at most 100 characters)"
        )
    return name


class SnapshotStore:
    """Snapshots in one directory, addressed by name."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)

    def path_for(self, name: str) -> Path:
        """The file of snapshot ``name`` (checked; ``latest`` is not a writable name)."""
        if check_name(name) == LATEST:
            raise SnapshotError(f"'{LATEST}' is reserved: it names the highest version")
        return self.directory / f"{name}{SUFFIX}"

    def names(self) -> list[str]:
        """Names of the snapshots in the store, oldest version first."""
        try:
            files = [
                path for path in self.directory.iterdir()
                if path.suffix == SUFFIX and not path.name.startswith(".") and path.is_file()
            ]
        except FileNotFoundError:
            return []
        except NotADirectoryError:
            raise SnapshotError(f"{self.directory}: not a directory") from None
        except OSError as error:
            raise SnapshotError(f"{self.directory}: cannot list: {error.strerror}") from None
        return sort_names([path.stem for path in files if is_snapshot_name(path.stem)])

    def paths(self) -> list[Path]:
        """Files of the snapshots in the store, oldest version first."""
        return [self.directory / f"{name}{SUFFIX}" for name in self.names()]

    def latest(self) -> str:
        """The name of the highest version in the store."""
        names = self.names()
        if not names:
            raise SnapshotError(
                f"no snapshots in {self.directory}; create one with 'schemadiff snapshot URL'"
            )
        return names[-1]

    def resolve(self, name: str) -> Path:
        """The existing file of ``name`` or ``latest``; :class:`SnapshotError` if there is none."""
        if name == LATEST:
            name = self.latest()
        path = self.path_for(name)
        if not path.is_file():
            known = self.names()
            shown = ", ".join(known[-8:]) if known else "none"
            raise SnapshotError(
                f"no snapshot named {name!r} in {self.directory} (available: {shown})"
            )
        return path

    def has(self, name: str) -> bool:
        """Whether ``name`` (or ``latest``) names an existing snapshot; never raises."""
        try:
            self.resolve(name)
        except SchemadiffError:
            return False
        return True

    def read(self, name: str) -> Snapshot:
        """Read and verify snapshot ``name`` (or ``latest``)."""
        path = self.resolve(name)
        return read_snapshot_file(path, label=path.stem)

    def entries(self) -> list[StoreEntry]:
        """Every snapshot, oldest version first; unreadable ones carry an ``error``."""
        from schemadiff.messages import find_union

        entries: list[StoreEntry] = []
        for name in self.names():
            path = self.directory / f"{name}{SUFFIX}"
            try:
                snapshot = read_snapshot_file(path, label=name)
                union = find_union(snapshot.schema)
            except SchemadiffError as error:
                entries.append(StoreEntry(name=name, path=path, error=str(error)))
                continue
            defs = snapshot.schema.get("$defs")
            provenance = snapshot.provenance
            entries.append(StoreEntry(
                name=name,
                path=path,
                api_version=snapshot.api_version,
                message_types=union.known_types if union else (),
                variants=tuple(variant.name for variant in union.variants) if union else (),
                definitions=len(defs) if isinstance(defs, dict) else 0,
                sha256=snapshot.sha256,
                fetched_at=provenance.fetched_at if provenance else None,
            ))
        return entries

    def write(self, snapshot: Snapshot, name: str, *, force: bool = False) -> WriteResult:
        """Store ``snapshot`` as ``name``: created, unchanged (file untouched) or replaced.

        A different schema under an existing name is refused (:class:`SnapshotConflict`) unless
        ``force``; a failed write leaves the previous file as it was. Creating is exclusive: of
        two writers racing to create the same name, one creates it and the other judges what
        the first wrote, as if it had come second (unchanged, or refused).
        """
        path = self.path_for(name)
        text = snapshot.text()
        for _ in range(_RACE_ROUNDS):
            if not (path.exists() or path.is_symlink()):
                try:
                    atomic_write(path, text, exclusive=True)
                except FileExistsError:
                    continue  # Another writer created it meanwhile: judge what it wrote.
                return WriteResult(WriteOutcome.CREATED, path, snapshot)
            if path.is_dir():
                raise SnapshotError(f"cannot write {path}: a directory is in the way")
            try:
                existing: Snapshot | None = read_snapshot_file(path, label=name)
            except SnapshotError:
                if not (path.exists() or path.is_symlink()):
                    continue  # Removed while we read it: start again.
                existing = None
            if existing is not None and existing.sha256 == snapshot.sha256:
                return WriteResult(WriteOutcome.UNCHANGED, path, existing)
            if not force:
                what = "a different schema" if existing else "a file that is not a valid snapshot"
                raise SnapshotConflict(
                    f"{path} already holds {what}; pass --force to replace it, or choose "
                    "another --name"
                )
            atomic_write(path, text)
            return WriteResult(WriteOutcome.REPLACED, path, snapshot)
        raise SnapshotError(f"cannot write {path}: other processes keep creating and removing it")


class SnapshotConflict(SnapshotError):
    """The name already holds a different schema (or a file that is not a snapshot)."""


_RACE_ROUNDS = 5
"""How often a write starts again after losing a race to a concurrent creator or remover."""


def read_snapshot_file(path: Path, *, label: str | None = None) -> Snapshot:
    """Read a snapshot file (with ``x-schemadiff``) and verify its hash."""
    from schemadiff.snapshot_io import read_snapshot_document
    from schemadiff.sources.files import read_path_capped
    from schemadiff.sources.options import DEFAULT_MAX_BYTES
    from schemadiff.sources.parse import check_shape

    shown = str(path)
    # Stored snapshots have the bound of every source: a huge file in the store is one line
    # (or one unreadable row in `list`), not a MemoryError.
    data = read_path_capped(path, DEFAULT_MAX_BYTES, shown, SnapshotError)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SnapshotError(f"{shown}: not UTF-8 text (offset {error.start})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise SnapshotError(
            f"{shown}: invalid JSON at line {error.lineno} column {error.colno}: {error.msg} "
            "(edited by hand?)"
        ) from None
    except RecursionError:
        raise SnapshotError(f"{shown}: JSON nested too deeply to read") from None
    if not isinstance(document, dict):
        raise SnapshotError(f"{shown}: not a snapshot (expected a JSON object)")
    check_shape(document, shown)
    return read_snapshot_document(document, label=label or shown, path=path)


def atomic_write(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Replace ``path`` with ``text`` so that readers see the old file or the whole new one.

    With ``exclusive``, only create it: ``FileExistsError`` if it exists (see
    :func:`schemadiff.atomic.write_text`)."""
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SnapshotError(
            f"cannot create {directory}: {error.strerror or error}"
        ) from None
    try:
        atomic.write_text(path, text, exclusive=exclusive)
    except FileExistsError:
        raise
    except OSError as error:
        raise SnapshotError(
            f"cannot write {path}: {error.strerror or error}; the previous file is unchanged"
        ) from None
