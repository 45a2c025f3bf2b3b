"""The data of a diff: neutral changes, rules, levels, modes, findings and the report.

The differ produces :class:`Change` records (what changed, where, old and new value) without any
judgement. The rule catalog (:mod:`schemadiff.diff.rules`) says what each kind of change means in
each direction, and classification turns changes into :class:`Finding` values of a
:class:`DiffReport`. Renderers only read these values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

AFFECTS_MORE = "\u2026 and "
"""How the last ``affects`` entry starts when it counts paths not listed (``… and 12 more``)."""


def listed_paths(affects: tuple[str, ...]) -> tuple[str, ...]:
    """The message paths of ``affects``, without the entry that counts unlisted ones."""
    return tuple(path for path in affects if not path.startswith(AFFECTS_MORE))


class Level(StrEnum):
    """How much a change matters to readers, from least to most."""

    INFO = "info"
    SAFE = "safe"
    WARNING = "warning"
    BREAKING = "breaking"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]

    def at_least(self, other: Level) -> bool:
        return self.rank >= other.rank


_LEVEL_RANK = {Level.INFO: 0, Level.SAFE: 1, Level.WARNING: 2, Level.BREAKING: 3}


class Mode(StrEnum):
    """Who reads whose data (as in Confluent Schema Registry).

    forward: readers on the OLD schema read data written with the NEW one (server-pushed messages:
    old clients read new messages). backward: readers on the NEW schema read OLD data. full: both.
    """

    FORWARD = "forward"
    BACKWARD = "backward"
    FULL = "full"


class Side(StrEnum):
    """Which document a pointer refers to."""

    OLD = "old"
    NEW = "new"


@dataclass(frozen=True, slots=True)
class Change:
    """One raw difference between OLD and NEW, described in old-to-new terms, not yet judged."""

    rule: str
    """The rule id of this kind of change, e.g. ``enum-value-added``."""
    path: str
    """Readable path from the message type: ``GenerationMessage.payload.predictions[].status``."""
    pointer: str
    """JSON Pointer of the changed node, in the document named by ``side``."""
    side: Side
    """NEW when the node exists in NEW (added or changed), OLD when it exists only in OLD."""
    old: Any = None
    """JSON-serialisable old value, ``None`` when there is none."""
    new: Any = None
    """JSON-serialisable new value, ``None`` when there is none."""
    affects: tuple[str, ...] = ()
    """Every message path that reaches the changed node (a shared definition reaches several)."""
    keyword: str | None = None
    """The keyword that changed, where the rule does not say it: ``annotation-changed`` names
    the annotation (``description``, ``x-order``)."""


class Action(StrEnum):
    """What a kind of change does, in old-to-new terms."""

    ADD = "add"
    REMOVE = "remove"
    CHANGE = "change"
    TIGHTEN = "tighten"
    LOOSEN = "loosen"
    RENAME = "rename"


class Reach(StrEnum):
    """What a change's pointer stands for, which decides the raw differences it accounts for."""

    VALUE = "value"
    """A keyword's value (or a node) judged as a whole: it covers everything inside."""
    SUBTREE = "subtree"
    """A subschema that exists on one side only (the side of its action: NEW for ``add``). The
    walk does not enter it, so the references inside it are linked to the change separately."""
    NODE = "node"
    """A node whose content is compared on: the pointer claims no keyword of the node."""
    NULL_SPELLINGS = "null-spellings"
    """Nullability, reported at the node: it covers only the ways of spelling "or null"."""
    DISCRIMINATOR = "discriminator"
    """A discriminator value, reported at the variant's ``type`` property: it also covers the
    ``enum``/``const`` of the definition that property references."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A kind of change and what it means in each direction. Rules are data; ids are public API."""

    id: str
    """Stable kebab-case id; never renamed, only deprecated."""
    summary: str
    """The sentence people read: "An enum value was added"."""
    forward: Level
    """Level when old readers read new data."""
    backward: Level
    """Level when new readers read old data (the mirror rule's forward level)."""
    why_forward: str
    """One sentence: why ``forward`` is right."""
    why_backward: str
    """One sentence: why ``backward`` is right."""
    mirror: str | None
    """The rule for the opposite change (``enum-value-removed`` for ``enum-value-added``)."""
    category: str
    """A group for listing and filtering: ``message``, ``property``, ``enum``, ``type``, ..."""
    keyword: str | None = None
    """The JSON Schema keyword the change is about (``minLength``), ``None`` when it has none."""
    action: Action = Action.CHANGE
    """What the change does: ``add``, ``remove``, ``tighten``, ..."""
    reach: Reach = Reach.VALUE
    """What the change's pointer stands for (see :class:`Reach`)."""

    def level(self, mode: Mode) -> Level:
        if mode is Mode.FORWARD:
            return self.forward
        if mode is Mode.BACKWARD:
            return self.backward
        return max(self.forward, self.backward, key=lambda level: level.rank)

    def why(self, mode: Mode) -> str:
        if mode is Mode.FORWARD:
            return self.why_forward
        if mode is Mode.BACKWARD:
            return self.why_backward
        return self.why_forward if self.forward.rank >= self.backward.rank else self.why_backward


@dataclass(frozen=True, slots=True)
class Witness:
    """A whole message one side's schema accepts and the other's rejects, checked by a validator.

    It proves a finding: "here is a message your old clients reject" (forward) or "old data your
    new readers reject" (backward).
    """

    instance: Any
    """The message, from the message root (the envelope included)."""
    accepted_by: Side
    """The writer's side: the schema that accepts the message."""

    @property
    def rejected_by(self) -> Side:
        return Side.OLD if self.accepted_by is Side.NEW else Side.NEW


@dataclass(frozen=True, slots=True)
class Finding:
    """A change judged under a mode and a policy."""

    rule: str
    level: Level
    path: str
    pointer: str
    side: Side
    old: Any
    new: Any
    message: str
    """The rule's summary and why it has this level, as one or two sentences."""
    affects: tuple[str, ...] = ()
    approved: bool = False
    approval: str | None = None
    """The approval's reason, when ``approved``."""
    oldest: str | None = None
    """In a transitive check: the oldest earlier version against which the finding holds
    (clients of that version and every later one are affected); ``None`` otherwise."""
    evidence: Evidence | None = None
    """How captured traffic exercises the finding (``--evidence``); ``None`` without traffic."""

    witness: Witness | None = None
    """A message that shows the finding, for findings at warning or above where one was found."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """What captured traffic says about one finding (see :mod:`schemadiff.evidence`)."""

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
    lowered_from: Level | None = None
    """The finding's level before the opt-in unseen-items policy lowered it."""

    @property
    def seen(self) -> bool:
        """Whether the traffic exercises the finding's item at all."""
        if self.value_count is not None:
            return self.value_count > 0
        return self.present + self.null > 0


@dataclass(frozen=True, slots=True)
class SchemaInfo:
    """How a report names one side of the diff."""

    label: str
    version: str | None
    sha256: str
    path: str | None = None
    """The file the schema was read from, for annotations that point at lines."""


@dataclass(frozen=True, slots=True)
class DiffReport:
    """The outcome of ``schemadiff diff``; what every renderer receives."""

    mode: Mode
    old: SchemaInfo
    new: SchemaInfo
    findings: tuple[Finding, ...]
    notices: tuple[str, ...] = field(default=())
    """Things the user should know that are not findings (an expired approval, say)."""

    def counts(self) -> dict[Level, int]:
        """Findings per level, approved ones included."""
        counts = dict.fromkeys(Level, 0)
        for finding in self.findings:
            counts[finding.level] += 1
        return counts

    @property
    def compatible(self) -> bool:
        """True when no unapproved finding is at warning or above: strictly compatible."""
        return not any(
            f.level.at_least(Level.WARNING) and not f.approved for f in self.findings
        )

    def fails(self, threshold: Level | None) -> bool:
        """True when an unapproved finding is at or above ``threshold`` (``None``: never)."""
        if threshold is None:
            return False
        return any(f.level.at_least(threshold) and not f.approved for f in self.findings)
