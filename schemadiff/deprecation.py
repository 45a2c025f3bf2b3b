"""The deprecation policy: a removal is judged by what earlier versions announced.

Clients learn that a field is going away from ``deprecated: true`` (pydantic writes it for
``Field(deprecated=...)``), so removing something that was never announced is a fact worth
reporting, and removing something that was announced long enough ago is the planned end of a
deprecation, which the gate lets through.

What counts as announced, per kind of removal (the removed item is found in the OLD schema):

- a property (``property-removed``, ``required-property-removed``, ...): ``deprecated: true`` on
  the property's schema;
- a message type (``message-type-removed``): ``deprecated: true`` on the variant's definition;
- an enum or discriminator value (``enum-value-removed``, ``discriminator-value-removed``): JSON
  Schema cannot mark one value, so the value is listed in ``x-deprecated-values`` beside the
  ``enum``/``const`` (or the whole schema is ``deprecated: true``).

"Long enough" is either a number of versions (the item was deprecated in at least
``min_versions`` consecutive snapshots up to the old one) or a date: the item's ``x-sunset``
(``YYYY-MM-DD``) has been reached. A removal that meets it is *allowed*: its finding is marked
approved with the reason (exactly that finding: no pattern that could match another). Any other
removal gets an extra ``removed-without-deprecation`` change (level ``info`` unless
``[tool.schemadiff] levels`` says otherwise).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from schemadiff import pointer as jp
from schemadiff.diff import rules
from schemadiff.diff.model import Change, DiffReport, Side

DEPRECATED_VALUES = "x-deprecated-values"
SUNSET = "x-sunset"

_ITEM_REMOVALS = frozenset({
    rules.PROPERTY_REMOVED.id,
    rules.REQUIRED_PROPERTY_REMOVED.id,
    rules.PROPERTY_REMOVED_FROM_CLOSED_OBJECT.id,
    rules.MESSAGE_TYPE_REMOVED.id,
})
"""Removals whose pointer (into OLD) is the removed item's own schema."""
_VALUE_REMOVALS = frozenset({rules.ENUM_VALUE_REMOVED.id, rules.DISCRIMINATOR_VALUE_REMOVED.id})
"""Removals of one value; the finding's ``old`` is the value, its pointer the enum/const."""


def names_value(rule: str) -> bool:
    """Whether a removal of ``rule`` removes one value (named by its ``old``), not an item."""
    return rule in _VALUE_REMOVALS


@dataclass(frozen=True, slots=True)
class DeprecationPolicy:
    """How long an item must be deprecated before it may be removed."""

    enabled: bool = True
    min_versions: int = 1
    """Consecutive versions, ending with the old one, that must mark the item deprecated."""


@dataclass(frozen=True, slots=True)
class Judgement:
    """What the policy adds to a diff: changes to report and removals to let through."""

    changes: tuple[Change, ...]
    allowed: Mapping[tuple[str, str, str], str]
    """``(rule, path, pointer)`` of each allowed removal -> the reason shown as its approval."""

    def apply(self, report: DiffReport) -> DiffReport:
        """``report`` with the allowed removals' findings approved (an existing approval stays)."""
        if not self.allowed:
            return report
        findings = tuple(
            replace(finding, approved=True, approval=reason)
            if not finding.approved
            and (reason := self.allowed.get((finding.rule, finding.path, finding.pointer)))
            else finding
            for finding in report.findings
        )
        return replace(report, findings=findings)


def judge(
    changes: Sequence[Change],
    history: Sequence[Mapping[str, Any]],
    *,
    policy: DeprecationPolicy,
    today: dt.date,
    labels: Sequence[str] = (),
) -> Judgement:
    """Judge every removal in ``changes`` against ``history``: the schemas up to and including
    the old one, oldest first (at least the old one). ``labels`` names them, for reasons."""
    if not policy.enabled or not history:
        return Judgement((), {})
    added: list[Change] = []
    allowed: dict[tuple[str, str, str], str] = {}
    for change in changes:
        marks = _marks(change, history)
        if marks is None:
            continue
        versions, sunset = marks
        since = labels[len(labels) - versions] if versions and len(labels) >= versions else None
        if _long_enough(versions, sunset, policy, today):
            allowed[(change.rule, change.path, change.pointer)] = _allowed_reason(
                versions, since, sunset,
            )
            continue
        added.append(Change(
            rule=rules.REMOVED_WITHOUT_DEPRECATION.id,
            path=change.path,
            pointer=change.pointer,
            side=change.side,
            old=change.old if change.rule in _VALUE_REMOVALS else _short(change),
            new=_shortfall(versions, policy, sunset),
            affects=change.affects,
        ))
    return Judgement(tuple(added), allowed)


def _marks(change: Change, history: Sequence[Mapping[str, Any]]) -> tuple[int, str | None] | None:
    """``(consecutive deprecated versions ending with the old one, sunset date)``, or ``None``
    when the change is no removal this policy judges."""
    if change.rule in _ITEM_REMOVALS and change.side is Side.OLD:
        def marked(schema: Mapping[str, Any]) -> tuple[bool, str | None]:
            node = _node(schema, change.pointer)
            return _deprecated(node), _sunset(node)
    elif change.rule in _VALUE_REMOVALS:
        def marked(schema: Mapping[str, Any]) -> tuple[bool, str | None]:
            node = _value_owner(schema, change.pointer)
            if node is None:
                return False, None
            values = node.get(DEPRECATED_VALUES)
            listed = isinstance(values, list) and change.old in values
            return listed or _deprecated(node), _sunset(node)
    else:
        return None
    versions = 0
    sunset: str | None = None
    for schema in reversed(history):
        deprecated, date = marked(schema)
        if versions == 0:
            sunset = date  # The old version's sunset is the one clients were last told.
        if not deprecated:
            break
        versions += 1
    return versions, sunset


def _node(schema: Mapping[str, Any], pointer: str) -> Any:
    try:
        return jp.get(schema, pointer)
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def _value_owner(schema: Mapping[str, Any], pointer: str) -> Mapping[str, Any] | None:
    """The schema that holds the ``enum``/``const`` a value pointer names."""
    tokens = jp.split(pointer)
    if tokens and tokens[-1] in ("enum", "const"):
        tokens = tokens[:-1]
    node = _node(schema, jp.join("", *tokens))
    return node if isinstance(node, Mapping) else None


def _deprecated(node: Any) -> bool:
    return isinstance(node, Mapping) and node.get("deprecated") is True


def _sunset(node: Any) -> str | None:
    value = node.get(SUNSET) if isinstance(node, Mapping) else None
    return value if isinstance(value, str) else None


def _long_enough(
    versions: int, sunset: str | None, policy: DeprecationPolicy, today: dt.date,
) -> bool:
    if versions == 0:
        return False
    date = _date(sunset)
    if date is not None:
        return today >= date
    return versions >= policy.min_versions


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _allowed_reason(versions: int, since: str | None, sunset: str | None) -> str:
    date = _date(sunset)
    if date is not None:
        return f"deprecated, sunset {date.isoformat()} reached; removal allowed by the policy"
    noun = "version" if versions == 1 else "versions"
    origin = f" since {since}" if since else ""
    return f"deprecated{origin} ({versions} {noun}); removal allowed by the deprecation policy"


def _shortfall(versions: int, policy: DeprecationPolicy, sunset: str | None) -> str:
    if versions == 0:
        return "not deprecated before removal"
    date = _date(sunset)
    if date is not None:
        return f"deprecated, but removed before its sunset {date.isoformat()}"
    noun = "version" if versions == 1 else "versions"
    return (f"deprecated for {versions} {noun}; the policy asks for {policy.min_versions} "
            "before removal")


def _short(change: Change) -> str:
    """The removed item, named by the last segment of its path."""
    return change.path.rsplit(".", 1)[-1]
