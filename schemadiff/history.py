"""The store's history: every adjacent pair of snapshots diffed and judged, oldest first.

``schemadiff log`` renders a :class:`Changelog`; ``check --transitive`` and the deprecation policy
read the same ordered list of snapshots. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from schemadiff.deprecation import DeprecationPolicy
from schemadiff.diff.model import DiffReport, Finding, Mode
from schemadiff.diff.policy import Policy
from schemadiff.errors import UsageError
from schemadiff.snapshot import Snapshot
from schemadiff.store import SnapshotStore

SHARED = "(shared definitions)"
"""The group of findings whose path does not start at a message type of either version."""


@dataclass(frozen=True, slots=True)
class GroupEntry:
    """A finding as one message type sees it."""

    finding: Finding
    path: str
    """The finding's path through this message type (a shared definition is reached from several
    message types, each by its own path)."""
    note: str | None = None
    """What the deprecation policy said of this removal (``not deprecated before removal``),
    folded into the removal's line rather than listed as a finding of its own."""


@dataclass(frozen=True, slots=True)
class MessageGroup:
    """The findings of one step that concern one message type (or the shared definitions)."""

    name: str
    """The message type's variant name (``GenerationMessage``), or :data:`SHARED`."""
    entries: tuple[GroupEntry, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(entry.finding for entry in self.entries)

    def local_path(self, entry: GroupEntry) -> str:
        """The entry's path inside this message type (``payload.seed``); ``(message)`` for the
        message type itself."""
        if self.name == SHARED or not entry.path.startswith(self.name):
            return entry.path
        rest = entry.path[len(self.name):].removeprefix(".")
        return rest or "(message)"

    def worst_first(self) -> tuple[GroupEntry, ...]:
        """The entries, worst level first (stable within a level)."""
        return tuple(sorted(self.entries, key=lambda entry: -entry.finding.level.rank))


@dataclass(frozen=True, slots=True)
class Step:
    """One version step of the history: the diff of two adjacent snapshots."""

    report: DiffReport
    groups: tuple[MessageGroup, ...]


@dataclass(frozen=True, slots=True)
class Changelog:
    """The store's history as judged steps, oldest first."""

    mode: Mode
    versions: tuple[str, ...]
    """Every snapshot name the log covers, oldest first."""
    steps: tuple[Step, ...]


def history_names(store: SnapshotStore, *, since: str | None = None) -> list[str]:
    """The store's snapshot names oldest first, starting at ``since`` when given."""
    names = store.names()
    if since is None:
        return names
    if since not in names:
        shown = ", ".join(names) if names else "none"
        raise UsageError(f"--since {since!r}: no such snapshot in {store.directory} ({shown})")
    return names[names.index(since):]


def build_changelog(
    store: SnapshotStore,
    *,
    mode: Mode,
    policy: Policy | None = None,
    since: str | None = None,
    today: dt.date | None = None,
    deprecation: DeprecationPolicy | None = None,
) -> Changelog:
    """Diff every adjacent pair of the store's snapshots (from ``since``) under ``mode``."""
    from schemadiff.diff.run import run_diff

    names = history_names(store, since=since)
    snapshots = [store.read(name) for name in names]
    steps = tuple(
        _step(run_diff(old, new, mode=mode, policy=policy, today=today,
                       earlier=snapshots[:index], deprecation=deprecation), old, new)
        for index, (old, new) in enumerate(itertools.pairwise(snapshots))
    )
    return Changelog(mode=mode, versions=tuple(names), steps=steps)


def _step(report: DiffReport, old: Snapshot, new: Snapshot) -> Step:
    variants = _variant_names(old) | _variant_names(new)
    return Step(report=report, groups=group_by_message(report.findings, variants))


def _variant_names(snapshot: Snapshot) -> set[str]:
    from schemadiff.messages import find_union

    union = find_union(snapshot.schema)
    return {variant.name for variant in union.variants} if union is not None else set()


def group_by_message(
    findings: Iterable[Finding], variants: Iterable[str],
) -> tuple[MessageGroup, ...]:
    """Group findings by the message type their path starts at, in message-name order.

    A finding on a shared definition counts under every message type it affects; one that
    reaches no message type goes to :data:`SHARED`, listed last. A ``removed-without-deprecation``
    finding becomes the :attr:`GroupEntry.note` of the removal it judges.
    """
    from schemadiff.diff.rules import REMOVED_WITHOUT_DEPRECATION

    known = set(variants)
    listed = list(findings)
    # A deprecation finding sits on the node of the removal it judges: fold it into that one.
    notes = {
        _removal_key(f.path, f.pointer, f.old): str(f.new) for f in listed
        if f.rule == REMOVED_WITHOUT_DEPRECATION.id
    }
    noted: dict[int, str] = {}
    for finding in listed:
        if _is_removal(finding):
            key = _removal_key(finding.path, finding.pointer, _removed_name(finding))
            if key in notes:
                noted[id(finding)] = notes[key]
    folded = set(notes) & {
        _removal_key(f.path, f.pointer, _removed_name(f)) for f in listed if id(f) in noted
    }
    grouped: dict[str, list[GroupEntry]] = {}
    for finding in listed:
        if (finding.rule == REMOVED_WITHOUT_DEPRECATION.id
                and _removal_key(finding.path, finding.pointer, finding.old) in folded):
            continue
        note = noted.get(id(finding))
        owners = _owners(finding, known)
        for owner, path in owners.items() or ((SHARED, finding.path),):
            grouped.setdefault(owner, []).append(GroupEntry(finding, path, note))
    order = sorted(name for name in grouped if name != SHARED)
    if SHARED in grouped:
        order.append(SHARED)
    return tuple(MessageGroup(name, tuple(grouped[name])) for name in order)


def _is_removal(finding: Finding) -> bool:
    from schemadiff.diff.model import Action
    from schemadiff.diff.rules import REMOVED_WITHOUT_DEPRECATION, RULES

    rule = RULES.get(finding.rule)
    return (rule is not None and rule.action is Action.REMOVE
            and rule.id != REMOVED_WITHOUT_DEPRECATION.id)


def _removed_name(finding: Finding) -> object:
    """What the deprecation policy names a removal by: its value, or its path's last part."""
    from schemadiff.deprecation import names_value

    return finding.old if names_value(finding.rule) else finding.path.rsplit(".", 1)[-1]


def _removal_key(path: str, pointer: str, name: object) -> tuple[str, str, str]:
    import json

    return path, pointer, json.dumps(name, sort_keys=True, default=str)


def _owners(finding: Finding, known: set[str]) -> dict[str, str]:
    """Message type -> the first path by which the finding reaches it."""
    from schemadiff.diff.model import listed_paths

    owners: dict[str, str] = {}
    for path in (finding.path, *listed_paths(finding.affects)):
        head = _head(path)
        if head in known:
            owners.setdefault(head, path)
    return owners


def _head(path: str) -> str:
    """The first segment of a readable path (``GenerationMessage`` of ``GenerationMessage.a``)."""
    end = len(path)
    for separator in (".", "[", "<", " "):
        index = path.find(separator)
        if index != -1:
            end = min(end, index)
    return path[:end]


def transitive(
    new: Snapshot,
    earlier: Sequence[Snapshot],
    *,
    mode: Mode,
    policy: Policy | None = None,
    today: dt.date | None = None,
    deprecation: DeprecationPolicy | None = None,
) -> DiffReport:
    """Hold ``new`` against every snapshot of ``earlier`` (oldest first), not only the last.

    One finding per change, as diffed against the most recent baseline that shows it, marked
    with the oldest baseline that shows it too (:attr:`Finding.oldest`). The report's ``old`` is
    the newest baseline. Confluent Schema Registry calls this the ``*_TRANSITIVE`` modes.
    """
    from schemadiff.diff.classify import sort_key
    from schemadiff.diff.run import run_diff

    if not earlier:
        raise UsageError("a transitive check needs at least one earlier snapshot")
    merged: dict[tuple[str, str, str], Finding] = {}
    oldest: dict[tuple[str, str, str], str] = {}
    notices: dict[str, None] = {}
    report: DiffReport | None = None
    off = DeprecationPolicy(enabled=False)
    for index, baseline in enumerate(earlier):
        # Deprecations are judged once, on the real last step: an older baseline did not see the
        # announcements made after it, so its view of a removal says nothing about the policy.
        last = index == len(earlier) - 1
        report = run_diff(baseline, new, mode=mode, policy=policy, today=today,
                          earlier=earlier[:index], deprecation=deprecation if last else off)
        notices.update(dict.fromkeys(report.notices))
        for finding in report.findings:
            key = _identity(finding)
            oldest.setdefault(key, version_label(baseline))
            merged[key] = finding  # The newest baseline's wording wins; its values are current.
    if report is None:  # pragma: no cover - ``earlier`` is not empty
        raise UsageError("a transitive check needs at least one earlier snapshot")
    findings = sorted(
        (replace(finding, oldest=oldest[key]) for key, finding in merged.items()), key=sort_key,
    )
    return replace(report, findings=tuple(findings), notices=tuple(notices))


def _identity(finding: Finding) -> tuple[str, str, str]:
    """What makes two baselines' findings the same change: rule, path and, for a change about
    one value (an enum value, a type), that value. Subschema values are left out: an annotation
    added in between (``deprecated``) does not make a removal another change."""
    import json

    value = finding.new if finding.side == "new" else finding.old
    scalar = value if isinstance(value, str | int | float | bool) or value is None else ""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        scalar = json.dumps(value)
    return finding.rule, finding.path, json.dumps(scalar)


def rule_label(finding: Finding) -> str:
    """The rule id as a changelog line shows it: an annotation change names its keyword
    (``annotation-changed (deprecated)``), the fact release notes need."""
    from schemadiff import pointer as jp
    from schemadiff.diff.rules import ANNOTATION_CHANGED

    if finding.rule != ANNOTATION_CHANGED.id:
        return finding.rule
    tokens = jp.split(finding.pointer)
    return f"{finding.rule} ({tokens[-1]})" if tokens else finding.rule


def earlier_in_store(store: SnapshotStore, snapshot: Snapshot) -> list[Snapshot]:
    """The store's snapshots older than ``snapshot``, oldest first, when ``snapshot`` is one of
    the store's files; none otherwise (a file elsewhere, a URL, an app)."""
    if snapshot.path is None:
        return []
    try:
        inside = snapshot.path.resolve().parent == store.directory.resolve()
    except OSError:
        return []
    names = store.names()
    if not inside or snapshot.path.stem not in names:
        return []
    return [store.read(name) for name in names[: names.index(snapshot.path.stem)]]


def version_label(snapshot: Snapshot) -> str:
    """How history reports name a version: its API version, else its label."""
    return snapshot.api_version or snapshot.label
