"""One call from two snapshots to a judged report: compare, describe both sides, classify."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from schemadiff.deprecation import DeprecationPolicy
from schemadiff.diff.model import DiffReport, Mode, SchemaInfo
from schemadiff.diff.policy import Policy
from schemadiff.snapshot import Snapshot


def schema_info(snapshot: Snapshot) -> SchemaInfo:
    """Describe one side of a diff as reports name it."""
    return SchemaInfo(
        label=snapshot.label,
        version=snapshot.api_version,
        sha256=snapshot.sha256,
        path=snapshot.path.as_posix() if snapshot.path is not None else None,
    )


def run_diff(
    old: Snapshot,
    new: Snapshot,
    *,
    mode: Mode,
    policy: Policy | None,
    today: dt.date | None = None,
    earlier: Sequence[Snapshot] = (),
    deprecation: DeprecationPolicy | None = None,
    verify: bool = True,
) -> DiffReport:
    """Diff ``old`` against ``new`` and judge every change under ``mode`` and ``policy``.

    ``earlier`` are the versions before ``old``, oldest first, which the deprecation policy reads
    to tell how long a removed item was deprecated (see :mod:`schemadiff.deprecation`).
    The semantic layer then reconciles the findings with what the schemas accept (proven
    inclusions lowered, witnesses attached); ``verify`` also samples messages for a verdict of
    "compatible" and reports any the reader rejects. Last, a removed and an added item that
    look like one renamed say so (:mod:`schemadiff.renames`).
    """
    from schemadiff import deprecation as deprecations
    from schemadiff.diff.classify import classify
    from schemadiff.diff.engine import compare
    from schemadiff.patterns import PatternTimeout

    try:
        changes = compare(old.schema, new.schema)
    except PatternTimeout as error:
        # The pattern alone does not say which of the two documents holds it.
        raise PatternTimeout(f"diff of {old.label} and {new.label}: {error}") from None
    today = today or dt.date.today()
    history = [*earlier, old]
    judgement = deprecations.judge(
        changes, [snapshot.schema for snapshot in history],
        policy=deprecation or DeprecationPolicy(), today=today,
        labels=[snapshot.api_version or snapshot.label for snapshot in history],
    )
    report = classify(
        (*changes, *judgement.changes), mode=mode, old=schema_info(old), new=schema_info(new),
        policy=policy, today=today,
    )
    from schemadiff.renames import hint
    from schemadiff.semantics.verdict import reconcile

    reconciled = reconcile(judgement.apply(report), old.schema, new.schema, verify=verify)
    return hint(reconciled, old.schema, new.schema)
