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

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from schemadiff.diff.model import DiffReport, Evidence, Finding, Level, listed_paths
from schemadiff.messages import MessageUnion

_VALUE_RULES = frozenset({
    "enum-value-removed", "enum-value-added", "discriminator-value-removed",
    "discriminator-value-added", "const-removed", "const-added",
})
"""Rules whose finding names one value (its ``old`` or ``new``) worth counting in traffic."""
_ADDED_VALUE_RULES = frozenset({"enum-value-added", "discriminator-value-added", "const-added"})


@dataclass(frozen=True, slots=True)
class UnseenPolicy:
    """Opt-in: lower the level of findings whose item the traffic never exercised."""

    messages: int
    """At least this many messages of the finding's type must have been read."""
    level: Level = Level.INFO


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


def read_traffic(
    patterns: Sequence[str], *, input_format: Any = None, direction: Any = None,
) -> tuple[list[str], Iterator[Any]]:
    """The logs named by ``patterns`` (files, directories, globs, ``-``; read as ``validate``
    reads them) and one stream of their records, each log read once, in order."""
    from schemadiff.validate.logs import Direction, InputFormat, LogInput, expand_paths, read_log

    paths = expand_paths(list(patterns)).paths
    logs = [LogInput(path, input_format or InputFormat.AUTO, direction or Direction.RECEIVED)
            for path in paths]
    return [log.label for log in logs], (record for log in logs for record in read_log(log))


def attach(
    report: DiffReport,
    records: Iterable[Any],
    unions: Sequence[MessageUnion],
    *,
    logs: Sequence[str] = (),
    unseen: UnseenPolicy | None = None,
) -> DiffReport:
    """``report`` with each finding's :attr:`~Finding.evidence`, counted in one pass over
    ``records``, and a notice naming the logs; with ``unseen``, findings whose item the traffic
    never exercised are lowered (see :class:`UnseenPolicy`), each saying so.

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
        # Findings of one message type share paths (a change and the affects of another); each
        # path is walked once per message, whatever the number of findings that ask for it.
        values: dict[tuple[str, ...], list[Any]] = {}
        for tally in by_type.get(name, ()):
            _count(tally, name, message, record, values)
    findings = tuple(
        _judged(finding, tally.freeze(), unseen) if tally is not None else finding
        for finding, tally in zip(report.findings, tallies, strict=True)
    )
    shown = ", ".join(logs) if logs else "the traffic"
    noun = "message" if total == 1 else "messages"
    notice = f"Evidence: {total:,} {noun} read from {shown}."
    lowered = sum(1 for f in findings if f.evidence and f.evidence.lowered_from is not None)
    if lowered:
        verb = "was" if lowered == 1 else "were"
        notice += (f" {lowered:,} finding{'s' * (lowered != 1)} never seen in the traffic "
                   f"{verb} lowered to {unseen.level if unseen else ''} by the evidence policy.")
    return replace(report, findings=findings, notices=(*report.notices, notice))


def _judged(finding: Finding, evidence: Evidence, unseen: UnseenPolicy | None) -> Finding:
    """The finding with its evidence, lowered when the unseen-items policy applies to it: only
    a removal (of a property, a value, a message type) can be judged by traffic that never
    carried the item; an addition or a new constraint is about messages not yet sent."""
    from schemadiff.diff.model import Action
    from schemadiff.diff.rules import RULES

    rule = RULES.get(finding.rule)
    if (unseen is None or rule is None or rule.action is not Action.REMOVE or evidence.seen
            or evidence.messages < unseen.messages or finding.level.rank <= unseen.level.rank):
        return replace(finding, evidence=evidence)
    note = (f" Lowered from {finding.level} by the evidence policy: not seen in "
            f"{evidence.messages:,} messages of its type.")
    return replace(
        finding, level=unseen.level, message=finding.message + note,
        evidence=replace(evidence, lowered_from=finding.level),
    )


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


def _count(
    tally: _Tally, name: str, message: Mapping[str, Any], record: Any,
    cache: dict[tuple[str, ...], list[Any]],
) -> None:
    tally.messages += 1
    present = null = False
    values = 0
    for segments in tally.paths[name]:
        found = cache.get(segments)
        if found is None:
            found = cache[segments] = _values(message, segments)
        for value in found:
            if value is None:
                null = True
            else:
                present = True
                if tally.count_value and _same(value, tally.value):
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


def _values(node: Any, segments: tuple[str, ...]) -> list[Any]:
    """Every value at ``segments`` below ``node`` (``[]`` fans out over array items)."""
    level = [node]
    for segment in segments:
        following: list[Any] = []
        if segment == "[]":
            for item in level:
                if type(item) is list:
                    following.extend(item)
        else:
            for item in level:
                if type(item) is dict and segment in item:
                    following.append(item[segment])
        if not following:
            return following
        level = following
    return level


def _same(sent: Any, value: Any) -> bool:
    """JSON equality: ``1`` is not ``true`` and ``1`` is ``1.0``."""
    if isinstance(sent, bool) or isinstance(value, bool):
        return sent is value
    return bool(sent == value)
