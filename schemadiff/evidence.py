"""Traffic evidence: how often captured messages exercise each finding of a diff.

``diff --evidence LOG...`` reads the logs once, as a stream, and for every finding counts the
messages of its message type, the messages in which its property is present, null or absent, how
often a value it names (a removed enum value, say) was sent, and the first place it was seen.
Reviewers then see whether a breaking change touches anything clients actually receive.

Paths are the findings' readable paths (``GenerationMessage.payload.predictions[].status``): the
first segment is the message type (a variant name of the union), ``[]`` stands for every item of
an array. A finding on a shared definition is counted along every message path it affects.
Nothing here prints; memory is bounded by the number of findings, not by the logs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from schemadiff.diff.model import DiffReport, Finding, Level, listed_paths
from schemadiff.messages import MessageUnion

_VALUE_RULES = frozenset({
    "enum-value-removed", "enum-value-added", "discriminator-value-removed",
    "discriminator-value-added", "const-removed", "const-added",
})
"""Rules whose finding names one value (its ``old`` or ``new``) worth counting in traffic."""
_ADDED_VALUE_RULES = frozenset({"enum-value-added", "discriminator-value-added", "const-added"})


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the traffic says about one finding."""

    messages: int
    """Messages of the finding's message type(s)."""
    present: int
    """Of those, messages in which the finding's property holds a value other than null."""
    null: int
    """Messages in which it is null (and nowhere holds another value)."""
    absent: int
    """Messages in which it does not appear at all."""
    value: Any = None
    """The value counted in :attr:`value_count` (a removed enum value), ``None`` when none."""
    value_count: int | None = None
    """How many times :attr:`value` was sent at the path; ``None`` when no value is counted."""
    first: str | None = None
    """``source:line`` of the first message in which the property (or value) appears."""

    @property
    def seen(self) -> bool:
        """Whether the traffic exercises the finding's item at all."""
        if self.value_count is not None:
            return self.value_count > 0
        return self.present + self.null > 0


@dataclass(frozen=True, slots=True)
class UnseenPolicy:
    """Opt-in: lower the level of findings whose item the traffic never exercised."""

    messages: int
    """At least this many messages of the finding's type must have been read."""
    level: Level = Level.INFO


@dataclass(frozen=True, slots=True)
class EvidenceReport:
    """Evidence for each finding of a diff, in the report's finding order."""

    logs: tuple[str, ...]
    messages: int
    """Messages read in all logs (parse errors and skipped items not counted)."""
    per_finding: tuple[Evidence | None, ...]
    """``None`` for a finding no message type can exercise (a definition added, say)."""
    lowered: tuple[int, ...] = field(default=())
    """Indexes of findings whose level :class:`UnseenPolicy` lowered."""


@dataclass(slots=True)
class _Tally:
    """Mutable counts for one finding during the streaming pass."""

    paths: dict[str, list[tuple[str, ...]]]
    """Message type name -> the finding's paths inside it, split into segments."""
    value: Any
    count_value: bool
    messages: int = 0
    present: int = 0
    null: int = 0
    absent: int = 0
    value_count: int = 0
    first: str | None = None

    def freeze(self) -> Evidence:
        return Evidence(
            messages=self.messages, present=self.present, null=self.null, absent=self.absent,
            value=self.value if self.count_value else None,
            value_count=self.value_count if self.count_value else None, first=self.first,
        )


def gather(
    report: DiffReport,
    records: Iterable[Any],
    unions: Sequence[MessageUnion],
    *,
    logs: Sequence[str] = (),
) -> EvidenceReport:
    """Count, in one pass over ``records``, how the traffic exercises each finding.

    ``records`` are :class:`schemadiff.validate.model.Record` values (parse errors and skipped
    items are ignored); ``unions`` map discriminator values to message types (the old and the new
    schema's, so that traffic of either version is understood).
    """
    tallies: list[_Tally | None] = [_tally(finding, unions) for finding in report.findings]
    by_type: dict[str, list[_Tally]] = {}
    for tally in tallies:
        if tally is not None:
            for name in tally.paths:
                by_type.setdefault(name, []).append(tally)
    dispatch = _dispatcher(unions)
    total = 0
    for record in records:
        if record.error is not None or record.skipped is not None:
            continue
        total += 1
        found = dispatch(record.value)
        if found is None:
            continue
        name, message = found
        for tally in by_type.get(name, ()):
            _count(tally, name, message, record)
    return EvidenceReport(
        logs=tuple(logs), messages=total,
        per_finding=tuple(t.freeze() if t is not None else None for t in tallies),
    )


def lower_unseen(
    report: DiffReport, evidence: EvidenceReport, policy: UnseenPolicy,
) -> tuple[DiffReport, EvidenceReport]:
    """Lower the level of every finding above ``policy.level`` whose item the traffic never
    exercised although at least ``policy.messages`` messages of its type were read."""
    findings = list(report.findings)
    lowered: list[int] = []
    for index, (finding, seen) in enumerate(zip(findings, evidence.per_finding, strict=True)):
        if (seen is None or seen.seen or seen.messages < policy.messages
                or not finding.level.at_least(policy.level) or finding.level is policy.level):
            continue
        note = (f" Lowered from {finding.level} by the evidence policy: not seen in "
                f"{seen.messages:,} messages of its type.")
        findings[index] = replace(finding, level=policy.level, message=finding.message + note)
        lowered.append(index)
    return (replace(report, findings=tuple(findings)),
            replace(evidence, lowered=tuple(lowered)))


def _tally(finding: Finding, unions: Sequence[MessageUnion]) -> _Tally | None:
    names = {variant.name for union in unions for variant in union.variants}
    paths: dict[str, list[tuple[str, ...]]] = {}
    for path in dict.fromkeys((finding.path, *listed_paths(finding.affects))):
        split = _split(path)
        if split is not None and split[0] in names:
            paths.setdefault(split[0], []).append(split[1])
    if not paths:
        return None
    count_value = finding.rule in _VALUE_RULES
    value = finding.new if finding.rule in _ADDED_VALUE_RULES else finding.old
    return _Tally(paths=paths, value=value, count_value=count_value)


def _split(path: str) -> tuple[str, tuple[str, ...]] | None:
    """``A.payload.items[].x`` -> ``("A", ("payload", "items", "[]", "x"))``; ``None`` for a path
    through a part that names no property (a pattern, a condition, an inline union member)."""
    segments: list[str] = []
    for part in path.split("."):
        name = part.rstrip("[]")
        if not name or any(mark in name for mark in "{}<>()[] "):
            return None
        segments.append(name)
        segments.extend("[]" for _ in range((len(part) - len(name)) // 2))
    return segments[0], tuple(segments[1:])


def _dispatcher(unions: Sequence[MessageUnion]) -> Any:
    """A function ``message -> (type name, message object) | None`` over every union given."""
    table: dict[str, str] = {}
    envelopes: set[str] = set()
    discriminators: set[str] = set()
    for union in unions:
        discriminators.add(union.discriminator)
        if union.envelope is not None:
            envelopes.add(union.envelope)
        for variant in union.variants:
            for value in variant.discriminators:
                table.setdefault(value, variant.name)

    def dispatch(message: Any) -> tuple[str, Mapping[str, Any]] | None:
        if not isinstance(message, dict):
            return None
        for key in discriminators:
            tag = message.get(key)
            if isinstance(tag, str) and tag in table:
                return table[tag], message
        for envelope in envelopes:
            inner = message.get(envelope)
            if isinstance(inner, dict):
                found = dispatch(inner)
                if found is not None:
                    return found
        return None

    return dispatch


def _count(tally: _Tally, name: str, message: Mapping[str, Any], record: Any) -> None:
    tally.messages += 1
    present = null = False
    values = 0
    for segments in tally.paths[name]:
        for found in _values(message, segments):
            if found is None:
                null = True
            else:
                present = True
                if tally.count_value and _same(found, tally.value):
                    values += 1
    if not any(tally.paths[name]):
        present = True  # The finding is about the message type itself: every message has it.
    if present:
        tally.present += 1
    elif null:
        tally.null += 1
    else:
        tally.absent += 1
    tally.value_count += values
    seen = values > 0 if tally.count_value else present or null
    if seen and tally.first is None:
        tally.first = record.where


def _values(node: Any, segments: tuple[str, ...]) -> Iterable[Any]:
    """Every value at ``segments`` below ``node`` (``[]`` fans out over array items)."""
    if not segments:
        yield node
        return
    head, rest = segments[0], segments[1:]
    if head == "[]":
        if isinstance(node, list):
            for item in node:
                yield from _values(item, rest)
        return
    if isinstance(node, dict) and head in node:
        yield from _values(node[head], rest)


def _same(sent: Any, value: Any) -> bool:
    """JSON equality: ``1`` is not ``true`` and ``1`` is ``1.0``."""
    if isinstance(sent, bool) or isinstance(value, bool):
        return sent is value
    return bool(sent == value)
