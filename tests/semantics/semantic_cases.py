"""The table of (old, new, mode) cases the semantic layer decides, in the griffe spirit.

Each case says whether the mode is strictly compatible, which rule ids must be among the findings
(the semantic rules ``accepted-messages-widened``/``-narrowed`` only come from here), and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemadiff.diff.model import Mode

S7 = "http://json-schema.org/draft-07/schema#"
S2020 = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True, slots=True)
class SemanticCase:
    id: str
    old: Any
    new: Any
    mode: Mode
    compatible: bool
    rules: tuple[str, ...]
    why: str


INT, NUM, STR = {"type": "integer"}, {"type": "number"}, {"type": "string"}

CASES = (
    SemanticCase(
        "oneof-overlapping-member-added", INT, {"oneOf": [INT, NUM]}, Mode.BACKWARD, False,
        ("accepted-messages-narrowed",),
        "1 matches both members, so oneOf rejects it: adding an overlapping member narrows."),
    SemanticCase(
        "oneof-overlapping-member-removed", {"oneOf": [INT, NUM]}, INT, Mode.FORWARD, False,
        ("accepted-messages-widened",),
        "The mirror: old readers' oneOf rejects 1, which the new schema sends."),
    SemanticCase(
        "anyof-overlapping-member-added", INT, {"anyOf": [INT, NUM]}, Mode.BACKWARD, True, (),
        "anyOf has no exclusivity: every integer is still accepted."),
    SemanticCase(
        "ref-siblings-ignored-in-draft-07",
        {"definitions": {"s": STR}, "$ref": "#/definitions/s", "maxLength": 3},
        {"type": "string", "maxLength": 3}, Mode.BACKWARD, False, ("max-length-tightened",),
        "draft-07 ignores maxLength beside $ref, so old data may be 'abcd'."),
    SemanticCase(
        "ref-siblings-applied-in-2020-12",
        {"$schema": S2020, "$defs": {"s": STR}, "$ref": "#/$defs/s", "maxLength": 3},
        {"type": "string", "maxLength": 3}, Mode.FULL, True, (),
        "2019-09 and later apply keywords beside $ref: the same strings either way."),
    SemanticCase(
        "type-list-to-anyof-of-types", {"type": ["string", "integer"]},
        {"anyOf": [STR, INT]}, Mode.FULL, True, (),
        "An equivalent rewrite: the same messages in both directions."),
    SemanticCase(
        "exclusive-minimum-is-minimum-plus-one-on-integers",
        {"type": "integer", "exclusiveMinimum": 5}, {"type": "integer", "minimum": 6},
        Mode.FULL, True, (), "On integers, > 5 and >= 6 are the same bound."),
    SemanticCase(
        "oneof-of-one-schema", {"oneOf": [STR]}, STR, Mode.FULL, True, (),
        "oneOf with one member is that member."),
    SemanticCase(
        "unknown-keyword-is-an-annotation", {"type": "string", "maxLenght": 3}, STR,
        Mode.FULL, True, (),
        "A keyword no dialect defines (a typo) is an annotation: nothing changes."),
    SemanticCase(
        "subsumed-union-member-removed", {"anyOf": [STR, {"type": "string", "maxLength": 3}]},
        STR, Mode.FULL, True, (), "The removed member only repeated strings the other accepts."),
    SemanticCase(
        "then-loosened", {"if": STR, "then": {"maxLength": 3}},
        {"if": STR, "then": {"maxLength": 5}}, Mode.FORWARD, False, ("max-length-loosened",),
        "A string of 4 characters is new data old readers reject."),
    SemanticCase(
        "then-loosened-backward", {"if": STR, "then": {"maxLength": 3}},
        {"if": STR, "then": {"maxLength": 5}}, Mode.BACKWARD, True, (),
        "Old strings of at most 3 characters are valid under at most 5."),
    SemanticCase(
        "boolean-root-true-to-false", True, False, Mode.BACKWARD, False,
        ("not-added",), "false accepts nothing that true accepts."),
    SemanticCase(
        "boolean-root-false-to-true", False, True, Mode.BACKWARD, True, (),
        "Nothing was valid before, so nothing old is rejected now."),
    SemanticCase(
        "id-anchor-reference", {"$schema": S7, "definitions": {"A": {"$id": "#Address",
                                                                   "type": "string"}},
                                "$ref": "#Address"},
        {"$schema": S7, "type": "string"}, Mode.FULL, True, (),
        "A draft-07 plain-name $id anchor names the same string schema."),
)
