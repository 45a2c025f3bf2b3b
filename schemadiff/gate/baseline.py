"""Pick the baseline of ``schemadiff check`` when ``--against`` does not name one.

A pull request must be judged against what its base branch holds, never against a snapshot the
pull request itself adds or edits: otherwise a change that breaks clients passes by recording its
own snapshot (``schemadiff snapshot`` after the change, then ``check`` compares the code with
itself). So when a base is known, the baseline is the newest snapshot of the store *as committed
at the merge base* of HEAD and the base (``git:MERGE_BASE:snapshots/0.1.0.json``). The base is, in
order: ``--base REF``, the pull request's target branch (``GITHUB_BASE_REF``, read as
``origin/BRANCH`` as ``actions/checkout`` names it), and ``base`` in ``[tool.schemadiff]``.

Without a base (a local run), the newest snapshot in the working tree's store is the baseline, and
the report says so, since that file may be the change's own.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from schemadiff.errors import SourceError
from schemadiff.snapshot import Snapshot

BASE_REF_VARIABLE = "GITHUB_BASE_REF"
"""Set by GitHub Actions in ``pull_request`` runs to the target branch's name."""

REMOTE = "origin"
"""The remote ``actions/checkout`` (and ``git clone``) names the repository it came from."""


class BaselineKind(StrEnum):
    """How the baseline was chosen; public in the JSON report's ``check.baseline.kind``."""

    AGAINST = "against"
    """Named with ``--against`` (or the action's ``against`` input)."""
    MERGE_BASE = "merge-base"
    """The store's newest snapshot as committed where HEAD branched off the base."""
    WORKING_TREE = "working-tree"
    """The store's newest snapshot in the working tree: no base was known."""


@dataclass(frozen=True, slots=True)
class Base:
    """The branch a change is judged against, and what named it."""

    ref: str
    origin: str
    """Where it came from: ``--base``, ``GITHUB_BASE_REF`` or the config file's ``base`` key."""


@dataclass(frozen=True, slots=True)
class Baseline:
    """The baseline a check compares with, and why it is that one."""

    spec: str
    """A source spec (``git:REF:PATH``, a path, a snapshot name) that loads it."""
    kind: BaselineKind
    base: Base | None = None
    merge_base: str | None = None
    """The abbreviated commit the snapshot was read at (``MERGE_BASE`` kind only)."""
    history: tuple[str, ...] = ()
    """Specs of the same store's older snapshots, oldest first, read from where the baseline
    was (the merge base, the working tree): what ``--transitive`` and the deprecation policy
    read."""

    def sentence(self) -> str:
        """One sentence for the report: which baseline this run compared with, and why."""
        if self.kind is BaselineKind.AGAINST:
            return f"Baseline: {self.spec} (--against)."
        if self.kind is BaselineKind.MERGE_BASE and self.base is not None:
            return (
                f"Baseline: {self.spec}, the newest snapshot at {self.merge_base}, where HEAD "
                f"branched off {self.base.ref} ({self.base.origin})."
            )
        return (
            f"Baseline: {self.spec}, the newest snapshot in the working tree; no base branch is "
            "set (--base, GITHUB_BASE_REF or `base` in [tool.schemadiff]), so a snapshot this "
            "change adds could be its own baseline."
        )

    def to_json(self) -> dict[str, str | None]:
        return {
            "spec": self.spec,
            "kind": self.kind.value,
            "base": self.base.ref if self.base is not None else None,
            "merge_base": self.merge_base,
        }


def find_base(
    option: str | None, configured: str | None, environ: Mapping[str, str] | None = None
) -> Base | None:
    """The base branch of this run, or ``None`` when nothing names one."""
    environ = os.environ if environ is None else environ
    if option:
        return Base(option, "--base")
    target = environ.get(BASE_REF_VARIABLE, "").strip()
    if target:
        return Base(f"{REMOTE}/{target}", BASE_REF_VARIABLE)
    if configured:
        return Base(configured, "`base` in the config")
    return None


def merge_base_baseline(store: Path, base: Base, cwd: Path | None = None) -> Baseline | None:
    """The store's newest snapshot as committed at the merge base of HEAD and ``base``.

    ``None`` when the store held no snapshot there. Raises :class:`SourceError` when git cannot
    tell (not a repository, the base not fetched, no shared history) or the store lies outside
    the repository.
    """
    from schemadiff.sources import git
    from schemadiff.store import SUFFIX, is_snapshot_name
    from schemadiff.versions import sort_names

    where = (cwd or Path.cwd()).resolve()
    label = f"base {base.ref} ({base.origin})"
    top = git.toplevel(where, label=label)
    try:
        directory = (where / store).resolve().relative_to(top).as_posix()
    except ValueError:
        raise SourceError(
            f"{label}: the snapshot store {store} is outside the git repository {top}"
        ) from None
    commit = git.merge_base(base.ref, where, label=label)
    names = [
        name.removesuffix(SUFFIX) for name in git.tree_files(commit, directory, top)
        if name.endswith(SUFFIX) and is_snapshot_name(name.removesuffix(SUFFIX))
    ]
    if not names:
        return None
    ordered = sort_names(names)
    prefix = "" if directory == "." else f"{directory}/"
    return Baseline(
        spec=f"git:{commit}:{prefix}{ordered[-1]}{SUFFIX}",
        kind=BaselineKind.MERGE_BASE,
        base=base,
        merge_base=commit,
        history=tuple(f"git:{commit}:{prefix}{name}{SUFFIX}" for name in ordered[:-1]),
    )


def working_tree_baseline(store: Path, candidate: Snapshot) -> Baseline | None:
    """The newest snapshot file in the store that is not the candidate itself.

    When the candidate is a store file (``check snapshots/0.2.0.json``), the store's newest is
    that same file, and a check against itself would pass without looking; the one before it is
    the baseline then.
    """
    from schemadiff.store import SnapshotStore

    snapshots = SnapshotStore(store)
    own = candidate.path.resolve() if candidate.path is not None else None
    names = snapshots.names()
    for index in range(len(names) - 1, -1, -1):
        path = snapshots.path_for(names[index])
        if own is None or path.resolve() != own:
            older = (_relative(snapshots.path_for(name)) for name in names[:index])
            return Baseline(spec=_relative(path), kind=BaselineKind.WORKING_TREE,
                            history=tuple(older))
    return None


def against_baseline(store: Path, spec: str) -> Baseline:
    """The ``--against`` baseline; when it names a snapshot of the store (by name or file), the
    store's older snapshots are its history."""
    from schemadiff.store import SnapshotStore

    snapshots = SnapshotStore(store)
    names = snapshots.names()
    name = Path(spec).stem if spec.endswith(".json") else spec
    inside = name in names and (
        spec == name or Path(spec).resolve() == snapshots.path_for(name).resolve()
    )
    history = tuple(
        _relative(snapshots.path_for(older)) for older in names[: names.index(name)]
    ) if inside else ()
    return Baseline(spec=spec, kind=BaselineKind.AGAINST, history=history)


def _relative(path: Path) -> str:
    """``path`` relative to the working directory when inside it: the shorter label."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
