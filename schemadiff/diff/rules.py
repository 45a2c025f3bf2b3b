"""The rule catalog: every kind of change the differ reports and what it means per direction.

Each rule is declared once, below, as a module constant holding its :class:`Rule`: a stable
kebab-case id (public API: never renamed, only deprecated), the JSON Schema keyword it is about,
its action (add, remove, tighten, ...), one sentence people read, its level in forward mode (old
readers, new writers) and the reason for it, and its mirror: the rule for the opposite change.
The backward level of a rule is, by construction, the forward level of its mirror (backward is
the forward check with the roles swapped), so levels are written once per direction of change.
Emit sites name the constant (``rules.ENUM_VALUE_ADDED``), so a typo is an error and searching an
id finds its declaration and its uses. Every rule has a case file in ``tests/diff/cases/``.

Level meanings (see ``docs/rules.md``): breaking = typical clients fail; warning = strictly
incompatible but tolerant clients cope; safe = every message valid under the writer's schema is
valid under the reader's; info = no effect on which messages are valid. A mode is strictly
compatible exactly when no finding is at warning or above.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from schemadiff.diff.model import Action, Level, Reach, Rule

INFO, SAFE, WARNING, BREAKING = Level.INFO, Level.SAFE, Level.WARNING, Level.BREAKING


@dataclass(frozen=True, slots=True)
class _Half:
    """One direction of change: its id, action, keyword, sentence, forward level and reasons."""

    id: str
    action: Action
    keyword: str | None
    summary: str
    forward: Level
    why_forward: str
    why_backward: str
    reach: Reach = Reach.VALUE


_DECLARED: dict[str, Rule] = {}
_CATEGORIES: dict[str, None] = {}


def _declare(category: str, change: _Half, backward: Level, mirror: str) -> Rule:
    if change.id in _DECLARED:
        raise AssertionError(f"rule {change.id!r} declared twice")  # a bug, caught on import
    rule = Rule(change.id, change.summary, change.forward, backward, change.why_forward,
                change.why_backward, mirror, category, change.keyword, change.action,
                change.reach)
    _DECLARED[rule.id] = rule
    _CATEGORIES[category] = None
    return rule


def _pair(category: str, change: _Half, opposite: _Half) -> tuple[Rule, Rule]:
    """Declare a change and its opposite; each one's backward level is the other's forward."""
    return (_declare(category, change, opposite.forward, opposite.id),
            _declare(category, opposite, change.forward, change.id))


def _single(category: str, change: _Half) -> Rule:
    """Declare a change that is its own mirror (a type changed to another type)."""
    return _declare(category, change, change.forward, change.id)


# The shared reasons of the value constraints (minimum, maxLength, ...).
_TIGHTER_FORWARD = "New messages satisfy a stricter limit, so old readers accept them."
_TIGHTER_BACKWARD = "Old data may exceed the stricter limit new readers enforce."
_LOOSER_FORWARD = ("New messages may exceed the limit old readers enforce; clients that do not "
                   "validate limits cope.")
_LOOSER_BACKWARD = "Old data satisfies the stricter old limit, which new readers accept."

# --- message -------------------------------------------------------------------------------------
MESSAGE_TYPE_ADDED, MESSAGE_TYPE_REMOVED = _pair(
    "message",
    _Half("message-type-added", Action.ADD, "anyOf",
        "A message type was added to the union",
        WARNING,
        "Old readers receive a message type they do not know; clients that ignore unknown types "
        "cope, strict ones reject it.",
        "Old data never contains the new message type, so new readers read all of it.",
        reach=Reach.SUBTREE),
    _Half("message-type-removed", Action.REMOVE, "anyOf",
        "A message type was removed from the union",
        SAFE,
        "New writers no longer send that type; old readers still understand everything sent.",
        "New readers reject old messages of the removed type; tolerant clients skip them.",
        reach=Reach.SUBTREE),
)
DISCRIMINATOR_VALUE_ADDED, DISCRIMINATOR_VALUE_REMOVED = _pair(
    "message",
    _Half("discriminator-value-added", Action.ADD, "const",
        "A message type accepts a new discriminator value",
        WARNING,
        "Old readers cannot dispatch messages carrying the new discriminator value.",
        "Old data never carries the new value; new readers accept every old message.",
        reach=Reach.DISCRIMINATOR),
    _Half("discriminator-value-removed", Action.REMOVE, "const",
        "A message type no longer accepts a discriminator value",
        SAFE,
        "New writers stop sending that value; old readers still know every value sent.",
        "New readers cannot dispatch old messages that carry the removed value.",
        reach=Reach.DISCRIMINATOR),
)

# --- enum ----------------------------------------------------------------------------------------
ENUM_VALUE_ADDED, ENUM_VALUE_REMOVED = _pair(
    "enum",
    _Half("enum-value-added", Action.ADD, "enum",
        "An enum value was added",
        WARNING,
        "Old readers reject or mishandle the new value; clients with a fallback for unknown "
        "values cope.",
        "Old data only holds the old values, which new readers still accept."),
    _Half("enum-value-removed", Action.REMOVE, "enum",
        "An enum value was removed",
        SAFE,
        "New writers only send values that old readers already know.",
        "New readers reject old data holding the removed value; tolerant clients cope."),
)
ENUM_ADDED, ENUM_REMOVED = _pair(
    "enum",
    _Half("enum-added", Action.ADD, "enum",
        "A value became restricted to an enum",
        SAFE,
        "New writers only send enumerated values, which old readers accepted already.",
        "Old data may hold values outside the new enum, which new readers reject."),
    _Half("enum-removed", Action.REMOVE, "enum",
        "A value is no longer restricted to an enum",
        WARNING,
        "New writers may send values outside the old enum, which old readers reject.",
        "Every old value is still accepted by new readers."),
)
CONST_ADDED, CONST_REMOVED = _pair(
    "enum",
    _Half("const-added", Action.ADD, "const",
        "A value became fixed to a constant",
        SAFE,
        "New writers only send the constant, which old readers accepted already.",
        "Old data may hold other values, which new readers reject."),
    _Half("const-removed", Action.REMOVE, "const",
        "A value is no longer fixed to a constant",
        WARNING,
        "New writers may send other values than the constant old readers expect.",
        "The old constant is still accepted by new readers."),
)
CONST_CHANGED = _single(
    "enum",
    _Half("const-changed", Action.CHANGE, "const",
        "A constant changed to another value",
        BREAKING,
        "Every new message carries a value old readers reject.",
        "Every old message carries a value new readers reject."),
)

# --- property ------------------------------------------------------------------------------------
PROPERTY_ADDED, PROPERTY_REMOVED = _pair(
    "property",
    _Half("property-added", Action.ADD, "properties",
        "An optional property was added",
        SAFE,
        "Old readers allow unknown properties here, so messages with it stay valid.",
        "Old writers never knew the property; data where an unknown property of that name had "
        "another shape would be rejected, which tolerant clients never meet in practice.",
        reach=Reach.SUBTREE),
    _Half("property-removed", Action.REMOVE, "properties",
        "An optional property was removed",
        WARNING,
        "New writers may send anything under the old name, which old readers validate against the"
        " old property schema; clients that ignore it cope.",
        "New readers allow unknown properties here, so old data with the property stays valid.",
        reach=Reach.SUBTREE),
)
REQUIRED_PROPERTY_ADDED, REQUIRED_PROPERTY_REMOVED = _pair(
    "property",
    _Half("required-property-added", Action.ADD, "properties",
        "A required property was added",
        SAFE,
        "New messages always carry it and old readers allow unknown properties here.",
        "Old data lacks the property that new readers require.",
        reach=Reach.SUBTREE),
    _Half("required-property-removed", Action.REMOVE, "properties",
        "A required property was removed",
        BREAKING,
        "New messages lack a property old readers require.",
        "New readers allow unknown properties here, so old data with it stays valid.",
        reach=Reach.SUBTREE),
)
PROPERTY_BECAME_REQUIRED, PROPERTY_BECAME_OPTIONAL = _pair(
    "property",
    _Half("property-became-required", Action.TIGHTEN, "required",
        "A property became required",
        SAFE,
        "New messages always carry it; old readers accepted it being present.",
        "Old data may lack the property that new readers require."),
    _Half("property-became-optional", Action.LOOSEN, "required",
        "A property became optional",
        BREAKING,
        "New messages may omit a property old readers require.",
        "Old data always carries the property, which new readers still accept."),
)
PROPERTY_ADDED_TO_CLOSED_OBJECT, PROPERTY_REMOVED_FROM_CLOSED_OBJECT = _pair(
    "property",
    _Half("property-added-to-closed-object", Action.ADD, "properties",
        "A property was added to an object that forbade unknown properties",
        BREAKING,
        "Old readers forbid any property not declared, so messages carrying it are rejected.",
        "Old data never carries the property, since the old schema forbade it.",
        reach=Reach.SUBTREE),
    _Half("property-removed-from-closed-object", Action.REMOVE, "properties",
        "A property was removed from an object that forbids unknown properties",
        SAFE,
        "New writers can no longer send the property, so old readers see a subset.",
        "Old data carrying the property is rejected by new readers, which forbid it.",
        reach=Reach.SUBTREE),
)
PROPERTY_ADDED_COVERED, PROPERTY_REMOVED_COVERED = _pair(
    "property",
    _Half("property-added-covered", Action.ADD, "properties",
        "A property was declared that additional or pattern properties already covered",
        INFO,
        "Declaring it changes nothing by itself; any difference between what it accepts and what "
        "was covered before is reported as its own finding.",
        "Declaring it changes nothing by itself; differences are reported separately."),
    _Half("property-removed-covered", Action.REMOVE, "properties",
        "A property declaration was removed and additional or pattern properties now cover its "
        "name",
        INFO,
        "Removing the declaration changes nothing by itself; any difference is reported as its "
        "own finding.",
        "Removing the declaration changes nothing by itself; differences are reported separately."),
)
ADDITIONAL_PROPERTIES_NARROWED, ADDITIONAL_PROPERTIES_WIDENED = _pair(
    "property",
    _Half("additional-properties-narrowed", Action.TIGHTEN, "additionalProperties",
        "Undeclared properties are restricted further",
        SAFE,
        "New writers send a subset of the undeclared properties old readers allow.",
        "Old data may carry undeclared properties new readers now reject; clients that ignore "
        "unknown properties cope."),
    _Half("additional-properties-widened", Action.LOOSEN, "additionalProperties",
        "Undeclared properties are restricted less",
        WARNING,
        "New writers may send undeclared properties old readers reject; clients that ignore "
        "unknown properties cope.",
        "New readers allow every undeclared property old data may carry."),
)
DEPENDENT_REQUIRED_ADDED, DEPENDENT_REQUIRED_REMOVED = _pair(
    "property",
    _Half("dependent-required-added", Action.ADD, "dependentRequired",
        "A property now requires other properties when present",
        SAFE,
        "New messages satisfy the extra dependency; old readers did not ask for it.",
        "Old data may carry the property without its new dependencies."),
    _Half("dependent-required-removed", Action.REMOVE, "dependentRequired",
        "A property no longer requires other properties",
        WARNING,
        "New messages may carry the property without what old readers require with it.",
        "Old data satisfies a dependency new readers no longer ask for."),
)

# --- nullability ---------------------------------------------------------------------------------
PROPERTY_BECAME_NULLABLE, PROPERTY_BECAME_NON_NULLABLE = _pair(
    "nullability",
    _Half("property-became-nullable", Action.LOOSEN, "nullable",
        "A value became nullable",
        BREAKING,
        "New messages may carry null where old readers (and their generated types) require a "
        "value.",
        "Old data never holds null there, and new readers accept every old value.",
        reach=Reach.NULL_SPELLINGS),
    _Half("property-became-non-nullable", Action.TIGHTEN, "nullable",
        "A value is no longer nullable",
        SAFE,
        "New messages never hold null there; old readers accepted values and null.",
        "Old data may hold null, which new readers reject.",
        reach=Reach.NULL_SPELLINGS),
)

# --- type ----------------------------------------------------------------------------------------
TYPE_CHANGED = _single(
    "type",
    _Half("type-changed", Action.CHANGE, "type",
        "The type changed",
        BREAKING,
        "New messages carry a type old readers do not accept.",
        "Old data carries a type new readers do not accept."),
)
TYPE_WIDENED, TYPE_NARROWED = _pair(
    "type",
    _Half("type-widened", Action.LOOSEN, "type",
        "The type was widened (a type was added, or integer became number)",
        BREAKING,
        "New messages may carry a type old readers do not accept (a float where an integer was "
        "expected, say).",
        "Every old value is of a type new readers accept."),
    _Half("type-narrowed", Action.TIGHTEN, "type",
        "The type was narrowed (a type was removed, or number became integer)",
        SAFE,
        "New messages only carry types old readers accept.",
        "Old data may carry a type new readers no longer accept."),
)
UNION_MEMBER_ADDED, UNION_MEMBER_REMOVED = _pair(
    "type",
    _Half("union-member-added", Action.ADD, "anyOf",
        "A union (anyOf/oneOf) gained a member",
        BREAKING,
        "New messages may match only the new member, which old readers do not know.",
        "Old data matches old members, which new readers still accept.",
        reach=Reach.SUBTREE),
    _Half("union-member-removed", Action.REMOVE, "anyOf",
        "A union (anyOf/oneOf) lost a member",
        SAFE,
        "New messages only match members old readers know.",
        "Old data matching the removed member is rejected by new readers.",
        reach=Reach.SUBTREE),
)
UNION_BECAME_INCLUSIVE, UNION_BECAME_EXCLUSIVE = _pair(
    "type",
    _Half("union-became-inclusive", Action.LOOSEN, "oneOf",
        "A oneOf whose members may overlap became anyOf",
        WARNING,
        "New messages may match several members, which old readers (oneOf) reject.",
        "Old data matched exactly one member, so it matches at least one now."),
    _Half("union-became-exclusive", Action.TIGHTEN, "oneOf",
        "An anyOf whose members may overlap became oneOf",
        SAFE,
        "New messages match exactly one member, so they match at least one for old readers.",
        "Old data matching several members is rejected by new readers (oneOf)."),
)
SCHEMA_NO_LONGER_FALSE, SCHEMA_BECAME_FALSE = _pair(
    "type",
    _Half("schema-no-longer-false", Action.LOOSEN, None,
        "A schema that accepted nothing (false) now accepts values",
        BREAKING,
        "New messages may carry values where old readers accept none.",
        "Old data never had a value there, so new readers see nothing new."),
    _Half("schema-became-false", Action.TIGHTEN, None,
        "A schema now accepts nothing (false)",
        SAFE,
        "New messages carry no value there, so old readers see a subset.",
        "Old data with a value there is rejected by new readers."),
)
ALL_OF_MEMBER_ADDED, ALL_OF_MEMBER_REMOVED = _pair(
    "type",
    _Half("all-of-member-added", Action.ADD, "allOf",
        "An allOf gained a member that could not be merged",
        SAFE,
        "Another condition must hold for new messages, so they are a subset.",
        "Old data may fail the new condition.",
        reach=Reach.SUBTREE),
    _Half("all-of-member-removed", Action.REMOVE, "allOf",
        "An allOf lost a member that could not be merged",
        WARNING,
        "New messages no longer have to satisfy a condition old readers check.",
        "New readers check fewer conditions than old data satisfies.",
        reach=Reach.SUBTREE),
)
NOT_ADDED, NOT_REMOVED = _pair(
    "type",
    _Half("not-added", Action.ADD, "not",
        "A 'not' condition was added",
        SAFE,
        "New messages avoid the excluded values, which old readers accepted anyway.",
        "Old data may hold values new readers now exclude.",
        reach=Reach.SUBTREE),
    _Half("not-removed", Action.REMOVE, "not",
        "A 'not' condition was removed",
        WARNING,
        "New messages may hold values old readers exclude.",
        "New readers exclude nothing, so all old data stays valid.",
        reach=Reach.SUBTREE),
)
SUBSCHEMA_ADDED, SUBSCHEMA_REMOVED = _pair(
    "type",
    _Half("subschema-added", Action.ADD, None,
        "A conditional or nested condition (contains, propertyNames, then/else, unevaluated*, "
        "...) was added",
        SAFE,
        "New messages satisfy an extra condition old readers did not check.",
        "Old data may fail the new condition.",
        reach=Reach.SUBTREE),
    _Half("subschema-removed", Action.REMOVE, None,
        "A conditional or nested condition was removed",
        WARNING,
        "New messages may fail a condition old readers check.",
        "New readers check fewer conditions than old data satisfies.",
        reach=Reach.SUBTREE),
)

# --- format --------------------------------------------------------------------------------------
FORMAT_ADDED, FORMAT_REMOVED = _pair(
    "format",
    _Half("format-added", Action.ADD, "format",
        "A string format was added",
        SAFE,
        "New messages carry formatted strings, which old readers accepted as strings.",
        "Old data may hold strings that do not match the format new readers parse."),
    _Half("format-removed", Action.REMOVE, "format",
        "A string format was removed",
        BREAKING,
        "New messages may carry strings old readers fail to parse as the format (a date-time, a "
        "uuid).",
        "New readers accept any string, including old formatted ones."),
)
FORMAT_CHANGED = _single(
    "format",
    _Half("format-changed", Action.CHANGE, "format",
        "A string format changed",
        BREAKING,
        "New messages carry strings in a format old readers parse differently or reject.",
        "Old data holds strings in a format new readers parse differently or reject."),
)

# --- constraint ----------------------------------------------------------------------------------
MINIMUM_TIGHTENED, MINIMUM_LOOSENED = _pair(
    "constraint",
    _Half("minimum-tightened", Action.TIGHTEN, "minimum",
        "The minimum was raised or added",
        SAFE,
        _TIGHTER_FORWARD,
        _TIGHTER_BACKWARD),
    _Half("minimum-loosened", Action.LOOSEN, "minimum",
        "The minimum was lowered or removed",
        WARNING,
        "New messages may exceed the limit old readers enforce; clients that do not validate "
        "limits cope.",
        _LOOSER_BACKWARD),
)
MAXIMUM_TIGHTENED, MAXIMUM_LOOSENED = _pair(
    "constraint",
    _Half("maximum-tightened", Action.TIGHTEN, "maximum",
        "The maximum was lowered or added",
        SAFE,
        _TIGHTER_FORWARD,
        _TIGHTER_BACKWARD),
    _Half("maximum-loosened", Action.LOOSEN, "maximum",
        "The maximum was raised or removed",
        WARNING,
        "New messages may exceed the limit old readers enforce; clients that do not validate "
        "limits cope.",
        _LOOSER_BACKWARD),
)
EXCLUSIVE_MINIMUM_TIGHTENED, EXCLUSIVE_MINIMUM_LOOSENED = _pair(
    "constraint",
    _Half("exclusive-minimum-tightened", Action.TIGHTEN, "exclusiveMinimum",
        "The exclusive minimum was raised or added",
        SAFE,
        _TIGHTER_FORWARD,
        _TIGHTER_BACKWARD),
    _Half("exclusive-minimum-loosened", Action.LOOSEN, "exclusiveMinimum",
        "The exclusive minimum was lowered or removed",
        WARNING,
        "New messages may exceed the limit old readers enforce; clients that do not validate "
        "limits cope.",
        _LOOSER_BACKWARD),
)
EXCLUSIVE_MAXIMUM_TIGHTENED, EXCLUSIVE_MAXIMUM_LOOSENED = _pair(
    "constraint",
    _Half("exclusive-maximum-tightened", Action.TIGHTEN, "exclusiveMaximum",
        "The exclusive maximum was lowered or added",
        SAFE,
        _TIGHTER_FORWARD,
        _TIGHTER_BACKWARD),
    _Half("exclusive-maximum-loosened", Action.LOOSEN, "exclusiveMaximum",
        "The exclusive maximum was raised or removed",
        WARNING,
        "New messages may exceed the limit old readers enforce; clients that do not validate "
        "limits cope.",
        _LOOSER_BACKWARD),
)
MULTIPLE_OF_TIGHTENED, MULTIPLE_OF_LOOSENED = _pair(
    "constraint",
    _Half("multiple-of-tightened", Action.TIGHTEN, "multipleOf",
        "multipleOf became a multiple of the old divisor, or was added",
        SAFE,
        _TIGHTER_FORWARD,
        _TIGHTER_BACKWARD),
    _Half("multiple-of-loosened", Action.LOOSEN, "multipleOf",
        "multipleOf became a divisor of the old value, or was removed",
        WARNING,
        "New messages may exceed the limit old readers enforce; clients that do not validate "
        "limits cope.",
        _LOOSER_BACKWARD),
)
MIN_LENGTH_TIGHTENED, MIN_LENGTH_LOOSENED = _pair(
    "constraint",
    _Half("min-length-tightened", Action.TIGHTEN, "minLength",
        "minLength was raised or added",
        SAFE,
        _TIGHTER_FORWARD,
        _TIGHTER_BACKWARD),
    _Half("min-length-loosened", Action.LOOSEN, "minLength",
        "minLength was lowered or removed",
        WARNING,
        "New messages may exceed the limit old readers enforce; clients that do not validate "
        "limits cope.",
        _LOOSER_BACKWARD),
)
MAX_LENGTH_TIGHTENED, MAX_LENGTH_LOOSENED = _pair(
    "constraint",
    _Half("max-length-tightened", Action.TIGHTEN, "maxLength",
        "maxLength was lowered or added",
        SAFE,
        _TIGHTER_FORWARD,
        _TIGHTER_BACKWARD),
    _Half("max-length-loosened", Action.LOOSEN, "maxLength",
        "maxLength was raised or removed",
        WARNING,
        "New messages may exceed the limit old readers enforce; clients that do not validate "
        "limits cope.",
        _LOOSER_BACKWARD),
)
MIN_ITEMS_TIGHTENED, MIN_ITEMS_LOOSENED = _pair(
    "constraint",
    _Half("min-items-tightened", Action.TIGHTEN, "minItems",
        "minItems was raised or added",
        SAFE,
        _TIGHTER_FORWARD,
        _TIGHTER_BACKWARD),
    _Half("min-items-loosened", Action.LOOSEN, "minItems",
        "minItems was lowered or removed",
        WARNING,
        "New messages may exceed the limit old readers enforce; clients that do not validate "
        "limits cope.",
        _LOOSER_BACKWARD),
)
MAX_ITEMS_TIGHTENED, MAX_ITEMS_LOOSENED = _pair(
    "constraint",
    _Half("max-items-tightened", Action.TIGHTEN, "maxItems",
        "maxItems was lowered or added",
        SAFE,
        _TIGHTER_FORWARD,
        _TIGHTER_BACKWARD),
    _Half("max-items-loosened", Action.LOOSEN, "maxItems",
        "maxItems was raised or removed",
        WARNING,
        "New messages may exceed the limit old readers enforce; clients that do not validate "
        "limits cope.",
        _LOOSER_BACKWARD),
)
UNIQUE_ITEMS_TIGHTENED, UNIQUE_ITEMS_LOOSENED = _pair(
    "constraint",
    _Half("unique-items-tightened", Action.TIGHTEN, "uniqueItems",
        "Array items must now be unique",
        SAFE,
        _TIGHTER_FORWARD,
        _TIGHTER_BACKWARD),
    _Half("unique-items-loosened", Action.LOOSEN, "uniqueItems",
        "Array items no longer need to be unique",
        WARNING,
        "New messages may exceed the limit old readers enforce; clients that do not validate "
        "limits cope.",
        _LOOSER_BACKWARD),
)
MIN_PROPERTIES_TIGHTENED, MIN_PROPERTIES_LOOSENED = _pair(
    "constraint",
    _Half("min-properties-tightened", Action.TIGHTEN, "minProperties",
        "minProperties was raised or added",
        SAFE,
        _TIGHTER_FORWARD,
        _TIGHTER_BACKWARD),
    _Half("min-properties-loosened", Action.LOOSEN, "minProperties",
        "minProperties was lowered or removed",
        WARNING,
        "New messages may exceed the limit old readers enforce; clients that do not validate "
        "limits cope.",
        _LOOSER_BACKWARD),
)
MAX_PROPERTIES_TIGHTENED, MAX_PROPERTIES_LOOSENED = _pair(
    "constraint",
    _Half("max-properties-tightened", Action.TIGHTEN, "maxProperties",
        "maxProperties was lowered or added",
        SAFE,
        _TIGHTER_FORWARD,
        _TIGHTER_BACKWARD),
    _Half("max-properties-loosened", Action.LOOSEN, "maxProperties",
        "maxProperties was raised or removed",
        WARNING,
        "New messages may exceed the limit old readers enforce; clients that do not validate "
        "limits cope.",
        _LOOSER_BACKWARD),
)
MIN_CONTAINS_TIGHTENED, MIN_CONTAINS_LOOSENED = _pair(
    "constraint",
    _Half("min-contains-tightened", Action.TIGHTEN, "minContains",
        "minContains was raised or added",
        SAFE,
        _TIGHTER_FORWARD,
        _TIGHTER_BACKWARD),
    _Half("min-contains-loosened", Action.LOOSEN, "minContains",
        "minContains was lowered or removed",
        WARNING,
        "New messages may exceed the limit old readers enforce; clients that do not validate "
        "limits cope.",
        _LOOSER_BACKWARD),
)
MAX_CONTAINS_TIGHTENED, MAX_CONTAINS_LOOSENED = _pair(
    "constraint",
    _Half("max-contains-tightened", Action.TIGHTEN, "maxContains",
        "maxContains was lowered or added",
        SAFE,
        _TIGHTER_FORWARD,
        _TIGHTER_BACKWARD),
    _Half("max-contains-loosened", Action.LOOSEN, "maxContains",
        "maxContains was raised or removed",
        WARNING,
        "New messages may exceed the limit old readers enforce; clients that do not validate "
        "limits cope.",
        _LOOSER_BACKWARD),
)
MULTIPLE_OF_CHANGED = _single(
    "constraint",
    _Half("multiple-of-changed", Action.CHANGE, "multipleOf",
        "multipleOf changed to a value neither dividing nor divided by the old one",
        WARNING,
        "New messages may hold numbers old readers reject as not a multiple.",
        "Old data may hold numbers new readers reject as not a multiple."),
)
PATTERN_ADDED, PATTERN_REMOVED = _pair(
    "constraint",
    _Half("pattern-added", Action.ADD, "pattern",
        "A string pattern was added",
        SAFE,
        "New messages match the pattern; old readers accepted any string.",
        "Old data may hold strings that do not match the new pattern."),
    _Half("pattern-removed", Action.REMOVE, "pattern",
        "A string pattern was removed",
        WARNING,
        "New messages may hold strings that do not match the pattern old readers check.",
        "New readers accept any string, including old matching ones."),
)
PATTERN_CHANGED = _single(
    "constraint",
    _Half("pattern-changed", Action.CHANGE, "pattern",
        "A string pattern changed",
        WARNING,
        "New messages may hold strings old readers reject by pattern; clients that do not "
        "validate patterns cope.",
        "Old data may hold strings new readers reject by pattern."),
)

# --- array ---------------------------------------------------------------------------------------
TUPLE_ITEM_ADDED, TUPLE_ITEM_REMOVED = _pair(
    "array",
    _Half("tuple-item-added", Action.ADD, "prefixItems",
        "A positional (tuple) item schema was added",
        INFO,
        "Declaring the position changes nothing by itself; what it accepts compared with the old "
        "rest-of-array schema is reported as its own finding.",
        "Declaring the position changes nothing by itself; differences are reported separately."),
    _Half("tuple-item-removed", Action.REMOVE, "prefixItems",
        "A positional (tuple) item schema was removed",
        INFO,
        "Removing the position changes nothing by itself; the rest-of-array schema that now "
        "governs it is compared as its own finding.",
        "Removing the position changes nothing by itself; differences are reported separately."),
)

# --- definition ----------------------------------------------------------------------------------
DEFINITION_ADDED, DEFINITION_REMOVED = _pair(
    "definition",
    _Half("definition-added", Action.ADD, "$defs",
        "A definition was added",
        INFO,
        "A definition alone validates nothing; its uses are compared where they occur.",
        "A definition alone validates nothing; its uses are compared where they occur."),
    _Half("definition-removed", Action.REMOVE, "$defs",
        "A definition was removed",
        INFO,
        "A definition alone validates nothing; its uses are compared where they occur.",
        "A definition alone validates nothing; its uses are compared where they occur."),
)
DEFINITION_RENAMED = _single(
    "definition",
    _Half("definition-renamed", Action.RENAME, "$defs",
        "A definition was renamed",
        INFO,
        "References are compared by structure, so a new name alone changes no message.",
        "References are compared by structure, so a new name alone changes no message."),
)

# --- annotation ----------------------------------------------------------------------------------
ANNOTATION_CHANGED = _single(
    "annotation",
    _Half("annotation-changed", Action.CHANGE, None,
        "An annotation (title, description, examples, default, ...) changed",
        INFO,
        "Annotations do not affect which messages are valid.",
        "Annotations do not affect which messages are valid."),
)
SCHEMA_RESTRUCTURED = _single(
    "annotation",
    _Half("schema-restructured", Action.CHANGE, None,
        "The schema is written differently with the same meaning",
        INFO,
        "A reference inlined or extracted, members reordered or a keyword spelled another way "
        "accepts exactly the same messages.",
        "The rewritten schema accepts exactly the same messages.",
        reach=Reach.NODE),
)

# --- deprecation ---------------------------------------------------------------------------------
REMOVED_WITHOUT_DEPRECATION = _single(
    "deprecation",
    _Half("removed-without-deprecation", Action.REMOVE, "deprecated",
        "A property, enum value or message type was removed without being deprecated long enough",
        INFO,
        "Clients learn of a removal from 'deprecated: true' in earlier versions; this one was "
        "not announced, or not for as long as the deprecation policy asks.",
        "Clients learn of a removal from 'deprecated: true' in earlier versions; this one was "
        "not announced, or not for as long as the deprecation policy asks."),
)

# --- semantic (found by the semantic layer, not by the walk: see schemadiff/semantics/) ---------
MESSAGES_WIDENED, MESSAGES_NARROWED = _pair(
    "semantic",
    _Half("accepted-messages-widened", Action.LOOSEN, None,
        "The new schema accepts a message the old one rejects",
        WARNING,
        "A checked witness message is valid under the new schema and invalid under the old one, "
        "so old readers can receive a message they reject.",
        "Every old message the new schema still accepts is read; the witness only shows new "
        "messages are allowed.",
        reach=Reach.NODE),
    _Half("accepted-messages-narrowed", Action.TIGHTEN, None,
        "The new schema rejects a message the old one accepts",
        SAFE,
        "New writers send only what the new schema accepts; the witness is old data.",
        "A checked witness message is valid under the old schema and invalid under the new one, "
        "so new readers can receive old data they reject.",
        reach=Reach.NODE),
)

# --- unclassified --------------------------------------------------------------------------------
UNCLASSIFIED = _single(
    "unclassified",
    _Half("unclassified", Action.CHANGE, None,
        "A difference no rule classifies",
        WARNING,
        "schemadiff cannot tell whether old readers accept the new messages; review it.",
        "schemadiff cannot tell whether new readers accept the old data; review it."),
)


RULES: Mapping[str, Rule] = MappingProxyType(_DECLARED)
"""Every rule by id. Every :class:`~schemadiff.diff.model.Change` names one of these."""

CATEGORIES: tuple[str, ...] = tuple(_CATEGORIES)
"""Categories in catalog order, for listings."""


def mirror(rule: Rule) -> Rule:
    """The rule for the opposite change (the rule itself when self-mirrored)."""
    return RULES[rule.mirror] if rule.mirror is not None else rule
