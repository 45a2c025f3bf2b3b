"""The rule catalog: every kind of change the differ reports and what it means per direction.

Rules are data. Each rule has a stable kebab-case id (public API: never renamed, only deprecated),
one sentence people read, its level in forward mode (old readers, new writers) and the reason for
it, and its mirror: the rule for the opposite change. The backward level of a rule is, by
construction, the forward level of its mirror (backward is the forward check with the roles
swapped), so levels are written once per direction of change, never twice.

Level meanings (see ``docs/rules.md``): breaking = typical clients fail; warning = strictly
incompatible but tolerant clients cope; safe = every message valid under the writer's schema is
valid under the reader's; info = no effect on which messages are valid. A mode is strictly
compatible exactly when no finding is at warning or above.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from schemadiff.diff.model import Level, Rule

INFO, SAFE, WARNING, BREAKING = Level.INFO, Level.SAFE, Level.WARNING, Level.BREAKING


@dataclass(frozen=True, slots=True)
class _Half:
    """One direction of change: its id, sentence, forward level and the two reasons."""

    id: str
    summary: str
    forward: Level
    why_forward: str
    why_backward: str


# Each entry is (category, change, opposite change). ``opposite`` is None for a rule that is its own
# mirror (the reverse change is the same kind of change, e.g. a type changed to another type).
_PAIRS: list[tuple[str, _Half, _Half | None]] = []


def _pair(category: str, change: _Half, opposite: _Half | None = None) -> None:
    _PAIRS.append((category, change, opposite))


# --- message types -------------------------------------------------------------------------
_pair(
    "message",
    _Half("message-type-added", "A message type was added to the union", WARNING,
          "Old readers receive a message type they do not know; clients that ignore unknown "
          "types cope, strict ones reject it.",
          "Old data never contains the new message type, so new readers read all of it."),
    _Half("message-type-removed", "A message type was removed from the union", SAFE,
          "New writers no longer send that type; old readers still understand everything sent.",
          "New readers reject old messages of the removed type; tolerant clients skip them."),
)
_pair(
    "message",
    _Half("discriminator-value-added", "A message type accepts a new discriminator value",
          WARNING,
          "Old readers cannot dispatch messages carrying the new discriminator value.",
          "Old data never carries the new value; new readers accept every old message."),
    _Half("discriminator-value-removed", "A message type no longer accepts a discriminator value",
          SAFE,
          "New writers stop sending that value; old readers still know every value sent.",
          "New readers cannot dispatch old messages that carry the removed value."),
)

# --- enums and constants -------------------------------------------------------------------
_pair(
    "enum",
    _Half("enum-value-added", "An enum value was added", WARNING,
          "Old readers reject or mishandle the new value; clients with a fallback for unknown "
          "values cope.",
          "Old data only holds the old values, which new readers still accept."),
    _Half("enum-value-removed", "An enum value was removed", SAFE,
          "New writers only send values that old readers already know.",
          "New readers reject old data holding the removed value; tolerant clients cope."),
)
_pair(
    "enum",
    _Half("enum-added", "A value became restricted to an enum", SAFE,
          "New writers only send enumerated values, which old readers accepted already.",
          "Old data may hold values outside the new enum, which new readers reject."),
    _Half("enum-removed", "A value is no longer restricted to an enum", WARNING,
          "New writers may send values outside the old enum, which old readers reject.",
          "Every old value is still accepted by new readers."),
)
_pair(
    "enum",
    _Half("const-added", "A value became fixed to a constant", SAFE,
          "New writers only send the constant, which old readers accepted already.",
          "Old data may hold other values, which new readers reject."),
    _Half("const-removed", "A value is no longer fixed to a constant", WARNING,
          "New writers may send other values than the constant old readers expect.",
          "The old constant is still accepted by new readers."),
)
_pair(
    "enum",
    _Half("const-changed", "A constant changed to another value", BREAKING,
          "Every new message carries a value old readers reject.",
          "Every old message carries a value new readers reject."),
)

# --- properties ----------------------------------------------------------------------------
_pair(
    "property",
    _Half("property-added", "An optional property was added", SAFE,
          "Old readers allow unknown properties here, so messages with it stay valid.",
          "Old writers never knew the property; data where an unknown property of that name had "
          "another shape would be rejected, which tolerant clients never meet in practice."),
    _Half("property-removed", "An optional property was removed", WARNING,
          "New writers may send anything under the old name, which old readers validate against "
          "the old property schema; clients that ignore it cope.",
          "New readers allow unknown properties here, so old data with the property stays valid."),
)
_pair(
    "property",
    _Half("required-property-added", "A required property was added", SAFE,
          "New messages always carry it and old readers allow unknown properties here.",
          "Old data lacks the property that new readers require."),
    _Half("required-property-removed", "A required property was removed", BREAKING,
          "New messages lack a property old readers require.",
          "New readers allow unknown properties here, so old data with it stays valid."),
)
_pair(
    "property",
    _Half("property-became-required", "A property became required", SAFE,
          "New messages always carry it; old readers accepted it being present.",
          "Old data may lack the property that new readers require."),
    _Half("property-became-optional", "A property became optional", BREAKING,
          "New messages may omit a property old readers require.",
          "Old data always carries the property, which new readers still accept."),
)
_pair(
    "property",
    _Half("property-added-to-closed-object", "A property was added to an object that forbade "
          "unknown properties", BREAKING,
          "Old readers forbid any property not declared, so messages carrying it are rejected.",
          "Old data never carries the property, since the old schema forbade it."),
    _Half("property-removed-from-closed-object", "A property was removed from an object that "
          "forbids unknown properties", SAFE,
          "New writers can no longer send the property, so old readers see a subset.",
          "Old data carrying the property is rejected by new readers, which forbid it."),
)
_pair(
    "property",
    _Half("property-added-covered", "A property was declared that additional or pattern "
          "properties already covered", INFO,
          "Declaring it changes nothing by itself; any difference between what it accepts and "
          "what was covered before is reported as its own finding.",
          "Declaring it changes nothing by itself; differences are reported separately."),
    _Half("property-removed-covered", "A property declaration was removed and additional or "
          "pattern properties now cover its name", INFO,
          "Removing the declaration changes nothing by itself; any difference is reported as "
          "its own finding.",
          "Removing the declaration changes nothing by itself; differences are reported "
          "separately."),
)
_pair(
    "property",
    _Half("additional-properties-narrowed", "Undeclared properties are restricted further",
          SAFE,
          "New writers send a subset of the undeclared properties old readers allow.",
          "Old data may carry undeclared properties new readers now reject; clients that ignore "
          "unknown properties cope."),
    _Half("additional-properties-widened", "Undeclared properties are restricted less", WARNING,
          "New writers may send undeclared properties old readers reject; clients that ignore "
          "unknown properties cope.",
          "New readers allow every undeclared property old data may carry."),
)
_pair(
    "property",
    _Half("dependent-required-added", "A property now requires other properties when present",
          SAFE,
          "New messages satisfy the extra dependency; old readers did not ask for it.",
          "Old data may carry the property without its new dependencies."),
    _Half("dependent-required-removed", "A property no longer requires other properties", WARNING,
          "New messages may carry the property without what old readers require with it.",
          "Old data satisfies a dependency new readers no longer ask for."),
)

# --- nullability -----------------------------------------------------------------------------
_pair(
    "nullability",
    _Half("property-became-nullable", "A value became nullable", BREAKING,
          "New messages may carry null where old readers (and their generated types) require a "
          "value.",
          "Old data never holds null there, and new readers accept every old value."),
    _Half("property-became-non-nullable", "A value is no longer nullable", SAFE,
          "New messages never hold null there; old readers accepted values and null.",
          "Old data may hold null, which new readers reject."),
)

# --- types and composition -------------------------------------------------------------------
_pair(
    "type",
    _Half("type-changed", "The type changed", BREAKING,
          "New messages carry a type old readers do not accept.",
          "Old data carries a type new readers do not accept."),
)
_pair(
    "type",
    _Half("type-widened", "The type was widened (a type was added, or integer became number)",
          BREAKING,
          "New messages may carry a type old readers do not accept (a float where an integer "
          "was expected, say).",
          "Every old value is of a type new readers accept."),
    _Half("type-narrowed", "The type was narrowed (a type was removed, or number became "
          "integer)", SAFE,
          "New messages only carry types old readers accept.",
          "Old data may carry a type new readers no longer accept."),
)
_pair(
    "type",
    _Half("union-member-added", "A union (anyOf/oneOf) gained a member", BREAKING,
          "New messages may match only the new member, which old readers do not know.",
          "Old data matches old members, which new readers still accept."),
    _Half("union-member-removed", "A union (anyOf/oneOf) lost a member", SAFE,
          "New messages only match members old readers know.",
          "Old data matching the removed member is rejected by new readers."),
)
_pair(
    "type",
    _Half("union-became-inclusive", "A oneOf whose members may overlap became anyOf", WARNING,
          "New messages may match several members, which old readers (oneOf) reject.",
          "Old data matched exactly one member, so it matches at least one now."),
    _Half("union-became-exclusive", "An anyOf whose members may overlap became oneOf", SAFE,
          "New messages match exactly one member, so they match at least one for old readers.",
          "Old data matching several members is rejected by new readers (oneOf)."),
)
_pair(
    "type",
    _Half("schema-no-longer-false", "A schema that accepted nothing (false) now accepts values",
          BREAKING,
          "New messages may carry values where old readers accept none.",
          "Old data never had a value there, so new readers see nothing new."),
    _Half("schema-became-false", "A schema now accepts nothing (false)", SAFE,
          "New messages carry no value there, so old readers see a subset.",
          "Old data with a value there is rejected by new readers."),
)
_pair(
    "type",
    _Half("all-of-member-added", "An allOf gained a member that could not be merged", SAFE,
          "Another condition must hold for new messages, so they are a subset.",
          "Old data may fail the new condition."),
    _Half("all-of-member-removed", "An allOf lost a member that could not be merged", WARNING,
          "New messages no longer have to satisfy a condition old readers check.",
          "New readers check fewer conditions than old data satisfies."),
)
_pair(
    "type",
    _Half("not-added", "A 'not' condition was added", SAFE,
          "New messages avoid the excluded values, which old readers accepted anyway.",
          "Old data may hold values new readers now exclude."),
    _Half("not-removed", "A 'not' condition was removed", WARNING,
          "New messages may hold values old readers exclude.",
          "New readers exclude nothing, so all old data stays valid."),
)
_pair(
    "type",
    _Half("subschema-added", "A conditional or nested condition (contains, propertyNames, "
          "then/else, unevaluated*, ...) was added", SAFE,
          "New messages satisfy an extra condition old readers did not check.",
          "Old data may fail the new condition."),
    _Half("subschema-removed", "A conditional or nested condition was removed", WARNING,
          "New messages may fail a condition old readers check.",
          "New readers check fewer conditions than old data satisfies."),
)

# --- formats ---------------------------------------------------------------------------------
_pair(
    "format",
    _Half("format-added", "A string format was added", SAFE,
          "New messages carry formatted strings, which old readers accepted as strings.",
          "Old data may hold strings that do not match the format new readers parse."),
    _Half("format-removed", "A string format was removed", BREAKING,
          "New messages may carry strings old readers fail to parse as the format "
          "(a date-time, a uuid).",
          "New readers accept any string, including old formatted ones."),
)
_pair(
    "format",
    _Half("format-changed", "A string format changed", BREAKING,
          "New messages carry strings in a format old readers parse differently or reject.",
          "Old data holds strings in a format new readers parse differently or reject."),
)

# --- value constraints -----------------------------------------------------------------------
_CONSTRAINTS: dict[str, tuple[str, str]] = {
    # rule stem: (what tightening means, what loosening means)
    "minimum": ("The minimum was raised or added", "The minimum was lowered or removed"),
    "maximum": ("The maximum was lowered or added", "The maximum was raised or removed"),
    "exclusive-minimum": ("The exclusive minimum was raised or added",
                          "The exclusive minimum was lowered or removed"),
    "exclusive-maximum": ("The exclusive maximum was lowered or added",
                          "The exclusive maximum was raised or removed"),
    "multiple-of": ("multipleOf became a multiple of the old divisor, or was added",
                    "multipleOf became a divisor of the old value, or was removed"),
    "min-length": ("minLength was raised or added", "minLength was lowered or removed"),
    "max-length": ("maxLength was lowered or added", "maxLength was raised or removed"),
    "min-items": ("minItems was raised or added", "minItems was lowered or removed"),
    "max-items": ("maxItems was lowered or added", "maxItems was raised or removed"),
    "unique-items": ("Array items must now be unique", "Array items no longer need to be unique"),
    "min-properties": ("minProperties was raised or added",
                       "minProperties was lowered or removed"),
    "max-properties": ("maxProperties was lowered or added",
                       "maxProperties was raised or removed"),
    "min-contains": ("minContains was raised or added", "minContains was lowered or removed"),
    "max-contains": ("maxContains was lowered or added", "maxContains was raised or removed"),
}
for _stem, (_tight, _loose) in _CONSTRAINTS.items():
    _pair(
        "constraint",
        _Half(f"{_stem}-tightened", _tight, SAFE,
              "New messages satisfy a stricter limit, so old readers accept them.",
              "Old data may exceed the stricter limit new readers enforce."),
        _Half(f"{_stem}-loosened", _loose, WARNING,
              "New messages may exceed the limit old readers enforce; clients that do not "
              "validate limits cope.",
              "Old data satisfies the stricter old limit, which new readers accept."),
    )
_pair(
    "constraint",
    _Half("multiple-of-changed", "multipleOf changed to a value neither dividing nor divided by "
          "the old one", WARNING,
          "New messages may hold numbers old readers reject as not a multiple.",
          "Old data may hold numbers new readers reject as not a multiple."),
)
_pair(
    "constraint",
    _Half("pattern-added", "A string pattern was added", SAFE,
          "New messages match the pattern; old readers accepted any string.",
          "Old data may hold strings that do not match the new pattern."),
    _Half("pattern-removed", "A string pattern was removed", WARNING,
          "New messages may hold strings that do not match the pattern old readers check.",
          "New readers accept any string, including old matching ones."),
)
_pair(
    "constraint",
    _Half("pattern-changed", "A string pattern changed", WARNING,
          "New messages may hold strings old readers reject by pattern; clients that do not "
          "validate patterns cope.",
          "Old data may hold strings new readers reject by pattern."),
)

# --- arrays ----------------------------------------------------------------------------------
_pair(
    "array",
    _Half("tuple-item-added", "A positional (tuple) item schema was added", INFO,
          "Declaring the position changes nothing by itself; what it accepts compared with the "
          "old rest-of-array schema is reported as its own finding.",
          "Declaring the position changes nothing by itself; differences are reported "
          "separately."),
    _Half("tuple-item-removed", "A positional (tuple) item schema was removed", INFO,
          "Removing the position changes nothing by itself; the rest-of-array schema that now "
          "governs it is compared as its own finding.",
          "Removing the position changes nothing by itself; differences are reported "
          "separately."),
)

# --- definitions -----------------------------------------------------------------------------
_pair(
    "definition",
    _Half("definition-added", "A definition was added", INFO,
          "A definition alone validates nothing; its uses are compared where they occur.",
          "A definition alone validates nothing; its uses are compared where they occur."),
    _Half("definition-removed", "A definition was removed", INFO,
          "A definition alone validates nothing; its uses are compared where they occur.",
          "A definition alone validates nothing; its uses are compared where they occur."),
)
_pair(
    "definition",
    _Half("definition-renamed", "A definition was renamed", INFO,
          "References are compared by structure, so a new name alone changes no message.",
          "References are compared by structure, so a new name alone changes no message."),
)

# --- annotations and bookkeeping -------------------------------------------------------------
_pair(
    "annotation",
    _Half("annotation-changed", "An annotation (title, description, examples, default, ...) "
          "changed", INFO,
          "Annotations do not affect which messages are valid.",
          "Annotations do not affect which messages are valid."),
)
_pair(
    "annotation",
    _Half("schema-restructured", "The schema is written differently with the same meaning", INFO,
          "A reference inlined or extracted, members reordered or a keyword spelled another way "
          "accepts exactly the same messages.",
          "The rewritten schema accepts exactly the same messages."),
)
_pair(
    "unclassified",
    _Half("unclassified", "A difference no rule classifies", WARNING,
          "schemadiff cannot tell whether old readers accept the new messages; review it.",
          "schemadiff cannot tell whether new readers accept the old data; review it."),
)


def _build() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for category, change, opposite in _PAIRS:
        if opposite is None:
            rules[change.id] = Rule(change.id, change.summary, change.forward, change.forward,
                                    change.why_forward, change.why_backward, change.id, category)
            continue
        rules[change.id] = Rule(change.id, change.summary, change.forward, opposite.forward,
                                change.why_forward, change.why_backward, opposite.id, category)
        rules[opposite.id] = Rule(opposite.id, opposite.summary, opposite.forward, change.forward,
                                  opposite.why_forward, opposite.why_backward, change.id,
                                  category)
    return rules


RULES: Mapping[str, Rule] = MappingProxyType(_build())
"""Every rule by id. Every :class:`~schemadiff.diff.model.Change` names one of these."""

CATEGORIES: tuple[str, ...] = tuple(dict.fromkeys(category for category, _, _ in _PAIRS))
"""Categories in catalog order, for listings."""


def mirror(rule_id: str) -> str:
    """Return the id of the rule for the opposite change (the rule itself when self-mirrored)."""
    mirrored = RULES[rule_id].mirror
    return mirrored if mirrored is not None else rule_id
