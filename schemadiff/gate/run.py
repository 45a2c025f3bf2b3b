"""One ``schemadiff check`` run, from specs to a judged outcome: load, choose the baseline, diff,
judge, and write the snapshot when ``--update`` asks. The command only parses and renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from schemadiff.deprecation import DeprecationPolicy
from schemadiff.diff.model import DiffReport, Level, Mode
from schemadiff.diff.policy import CheckPolicy, Policy
from schemadiff.errors import UsageError
from schemadiff.evidence import UnseenPolicy
from schemadiff.gate.baseline import (
    Base,
    Baseline,
    against_baseline,
    find_base,
    merge_base_baseline,
    working_tree_baseline,
)
from schemadiff.gate.verdict import GateResult, evaluate
from schemadiff.snapshot import Snapshot
from schemadiff.sources import SourceOptions
from schemadiff.validate import Direction, InputFormat

if TYPE_CHECKING:
    from schemadiff.gate.locations import Locator


@dataclass(frozen=True, slots=True)
class CheckRequest:
    """What to check, against what, and how to judge it."""

    source: str
    against: str | None
    snapshots: Path
    sources: SourceOptions
    mode: Mode
    policy: Policy
    check_policy: CheckPolicy
    fail_on: Level | None
    base: str | None = None
    """``--base REF``; the pull request's target and the config's ``base`` come after it."""
    configured_base: str | None = None
    """The config's ``base`` key (:attr:`schemadiff.settings.Settings.base`)."""
    update: bool = False
    transitive: bool = False
    """Hold the candidate against the baseline's whole history, not only the baseline."""
    deprecation: DeprecationPolicy = field(default_factory=DeprecationPolicy)
    evidence: tuple[str, ...] = ()
    """Logs whose traffic is attached to every finding (``--evidence``)."""
    input_format: InputFormat = InputFormat.AUTO
    direction: Direction = Direction.RECEIVED
    unseen: UnseenPolicy | None = None


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """What a check found; ``result`` is ``None`` when it recorded the store's first snapshot."""

    candidate: Snapshot
    result: GateResult | None
    baseline: Baseline | None
    written: Path | None
    locator: Locator | None = None
    """Places each finding on a line of the repository's files, for annotations."""

    @property
    def exit_code(self) -> int:
        return self.result.exit_code if self.result is not None else 0


def run_check(request: CheckRequest) -> CheckOutcome:
    """Run the gate as ``request`` says. Raises :class:`~schemadiff.errors.SchemadiffError`."""
    from schemadiff.gate.update import write_update
    from schemadiff.sources import load_snapshot

    new = load_snapshot(request.source, request.sources)
    base = find_base(request.base, request.configured_base)
    baseline = choose_baseline(request, new, base)
    if baseline is None:
        if not request.update:
            raise UsageError(_no_baseline(request.snapshots, base))
        first = write_update(request.snapshots, new)
        return CheckOutcome(candidate=new, result=None, baseline=None, written=first)
    old = load_snapshot(baseline.spec, request.sources)
    report = _judged(request, old, new, baseline)
    result = evaluate(
        report, policy=request.check_policy, fail_on=request.fail_on, baseline=baseline
    )
    written: Path | None = None
    if request.update and result.passed and result.schema_changed:
        written = write_update(request.snapshots, new)
    return CheckOutcome(
        candidate=new, result=result, baseline=baseline, written=written,
        locator=_locator(request, old, new, report),
    )


def _locator(request: CheckRequest, old: Snapshot, new: Snapshot, report: DiffReport) -> Locator:
    # ast and inspect cost a few milliseconds: only a check that found something pays for them.
    from schemadiff.gate.locations import Locator
    from schemadiff.gate.update import update_target
    from schemadiff.sources.dispatch import is_app_spec
    from schemadiff.workspace import workspace_root

    target = update_target(request.snapshots, new)
    return Locator(
        report=report,
        old_schema=old.schema,
        new_schema=new.schema,
        root=workspace_root(),
        app_source=new.path is None and is_app_spec(request.source),
        update_file=target,
        update_text=new.text() if target is not None else None,
    )


def _judged(request: CheckRequest, old: Snapshot, new: Snapshot, baseline: Baseline) -> (
    DiffReport
):
    """The diff the gate judges: against the baseline, or its whole history when transitive;
    the deprecation policy reads that history; evidence logs are attached last."""
    from schemadiff import evidence
    from schemadiff.diff.run import run_diff
    from schemadiff.history import transitive
    from schemadiff.messages import find_union
    from schemadiff.sources import load_snapshot

    wanted = request.transitive or request.deprecation.enabled
    earlier = [load_snapshot(spec, request.sources) for spec in baseline.history] if wanted else []
    if request.transitive:
        report = transitive(new, [*earlier, old], mode=request.mode, policy=request.policy,
                            deprecation=request.deprecation)
    else:
        report = run_diff(old, new, mode=request.mode, policy=request.policy, earlier=earlier,
                          deprecation=request.deprecation)
    if not request.evidence:
        return report
    unions = [u for u in (find_union(old.schema), find_union(new.schema)) if u is not None]
    logs, records = evidence.read_traffic(request.evidence, input_format=request.input_format,
                                          direction=request.direction)
    return evidence.attach(report, records, unions, logs=logs, unseen=request.unseen)


def choose_baseline(request: CheckRequest, candidate: Snapshot, base: Base | None) -> (
    Baseline | None
):
    """``--against`` if given; else the store at the merge base with ``base``; else the working
    tree's store. ``None`` when that store has no snapshot."""
    if request.against:
        return against_baseline(request.snapshots, request.against)
    if base is not None:
        return merge_base_baseline(request.snapshots, base)
    return working_tree_baseline(request.snapshots, candidate)


def _no_baseline(store: Path, base: Base | None) -> str:
    if base is not None:
        return (
            f"no baseline: the snapshot store {store} holds no snapshot where HEAD branched off "
            f"{base.ref} ({base.origin}); commit a first snapshot to the base branch, or pass "
            "--against"
        )
    return (
        f"no baseline: the snapshot store {store} has no snapshot to check against; pass "
        "--against, or run with --update to record the first one"
    )
