"""Classification: neutral changes in, judged findings out.

Each change gets the level its rule has in the mode (full mode: the worse of the two directions),
then the project's policy may change it: a level per rule id first, then per-path overrides (the
last matching one wins, so specific entries go after general ones). Finally approvals mark known
findings as approved: still reported, never failing. An expired approval stops applying and says
so in the report's notices, as does an approval that matches no finding (it is stale and can go).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping

from schemadiff.diff.model import Change, DiffReport, Finding, Level, Mode, Rule, SchemaInfo
from schemadiff.diff.policy import Approval, Policy


def classify(
    changes: Iterable[Change],
    *,
    mode: Mode,
    old: SchemaInfo,
    new: SchemaInfo,
    policy: Policy | None = None,
    rules: Mapping[str, Rule] | None = None,
    today: dt.date | None = None,
) -> DiffReport:
    """Judge ``changes`` under ``mode`` and ``policy`` and return the report.

    ``rules`` is the rule catalog (the real one by default); ``today`` decides which approvals have
    expired (the local date by default). Findings are sorted by level (worst first), then path,
    then rule id, so every renderer sees one deterministic order.
    """
    if rules is None:
        from schemadiff.diff.rules import RULES

        rules = RULES
    policy = policy or Policy()
    today = today or dt.date.today()
    active = [a for a in policy.approvals if not a.expired(today)]
    expired = [a for a in policy.approvals if a.expired(today)]
    used: set[int] = set()
    findings = []
    for change in changes:
        finding, approval = _judge(change, mode, policy, rules, active)
        if approval is not None:
            used.add(id(approval))
        # An expired approval that would have matched deserves a louder notice than a stale one.
        used.update(
            id(a) for a in expired if a.applies(change.rule, change.path, change.affects)
        )
        findings.append(finding)
    findings.sort(key=sort_key)
    return DiffReport(
        mode=mode, old=old, new=new, findings=tuple(findings),
        notices=_notices(policy, today, used),
    )


def sort_key(finding: Finding) -> tuple[int, str, str, str, str, str, str]:
    """Worst level first, then path and rule; the rest only breaks ties deterministically."""
    return (
        -finding.level.rank, finding.path, finding.rule, finding.pointer, finding.side.value,
        json.dumps(finding.old, sort_keys=True, default=str),
        json.dumps(finding.new, sort_keys=True, default=str),
    )


def _judge(
    change: Change,
    mode: Mode,
    policy: Policy,
    rules: Mapping[str, Rule],
    approvals: list[Approval],
) -> tuple[Finding, Approval | None]:
    rule = rules.get(change.rule)
    if rule is None:
        # The engine promises every rule id is in the catalog; should one slip through, it is
        # still reported, at the level the issue gives anything unclassified.
        base, why, summary = Level.WARNING, "It is not in the rule catalog.", change.rule
    else:
        base, why, summary = rule.level(mode), rule.why(mode), rule.summary
    level, origin = base, ""
    if change.rule in policy.levels:
        level = policy.levels[change.rule]
        origin = f"[levels] {change.rule}"
    for override in policy.overrides:
        if override.applies(change.rule, change.path, change.affects):
            level, origin = override.level, override.origin or "an override"
    if change.keyword is not None:
        summary = f"{summary.strip().rstrip('.')}: {change.keyword}"
    message = f"{_sentence(summary)} {_sentence(why)}".strip()
    if level is not base:
        message += f" The policy sets the level to {level} (was {base}; {origin})."
    approval = next(
        (a for a in approvals if a.applies(change.rule, change.path, change.affects)), None
    )
    finding = Finding(
        rule=change.rule, level=level, path=change.path, pointer=change.pointer,
        side=change.side, old=change.old, new=change.new, message=message,
        affects=change.affects, approved=approval is not None,
        approval=approval.reason if approval is not None else None,
    )
    return finding, approval


def _sentence(text: str) -> str:
    text = text.strip()
    if not text or text.endswith((".", "!", "?")):
        return text
    return text + "."


def _notices(policy: Policy, today: dt.date, used: set[int]) -> tuple[str, ...]:
    notices = []
    for approval in policy.approvals:
        where = f" ({approval.origin})" if approval.origin else ""
        if approval.expired(today):
            consequence = (
                "its findings count again" if id(approval) in used else "it can be removed"
            )
            notices.append(
                f"approval of {approval.rule} at {approval.path} expired on "
                f"{approval.expires}{where}; {consequence}"
            )
        elif id(approval) not in used:
            notices.append(
                f"approval of {approval.rule} at {approval.path} matches no finding{where}; "
                "it can be removed"
            )
    return tuple(notices)
