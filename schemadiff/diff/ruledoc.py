"""The rule catalog as Markdown (``docs/rules.md``), generated from :data:`RULES`.

``tests/diff_engine/test_rules.py`` checks that the file is in sync; regenerate it with
``SCHEMADIFF_REGEN_GOLDEN=1 pytest tests/diff_engine/test_rules.py``.
"""

from __future__ import annotations

from schemadiff.diff.rules import CATEGORIES, RULES

_INTRO = """\
# Diff rules

<!-- Generated from schemadiff/diff/rules.py by schemadiff/diff/ruledoc.py; do not edit. -->

`schemadiff diff` compares two schemas in two steps. The differ (`schemadiff.diff.engine.compare`)
produces neutral change records: a rule id, a readable path from the message type
(`GenerationMessage.payload.predictions[].status`), the JSON Pointer of the changed node and which
document it points into, the old and new values, and every message path the change affects. The
catalog below then says what each kind of change means in each compatibility mode.

## Modes and levels

- **forward** (default): readers on the OLD schema read messages written with the NEW one (the
  server pushes messages; old clients read them).
- **backward**: readers on the NEW schema read OLD data. A rule's backward level is the forward
  level of its mirror (the rule for the opposite change): backward is forward with the roles
  swapped.
- **full**: both; each finding takes the worse of its two levels.

| level | meaning |
|---|---|
| breaking | typical clients (generated types, normal parsing) fail |
| warning | strictly incompatible (a message valid for the writer is invalid for the reader); \
tolerant clients cope |
| safe | every message valid under the writer's schema is valid under the reader's |
| info | no effect on which messages are valid |

"No finding at warning or above" means strictly compatible (set inclusion) in that mode; the
tests check this on Confluent's 263 published compatibility cases and with generated messages.

## Semantics

- **Message types** are the variants of the message union (`WebSocketMessage.data`), matched by
  their discriminator value (the `type` property's `const`/`enum`), never by position.
- **References** are compared by structure: a definition renamed with identical structure is
  `definition-renamed` (info). A definition reached from several places is compared once; its
  findings list every message path that reaches it in `affects`, in OLD or in NEW (a path that
  only the new version has, through an added property or message type, included; first: the
  path found first). At most 50 paths are listed; when there are more, the last entry says so
  (`… and N more`). Recursive schemas terminate: a pair of (old, new) nodes reached by
  reference is compared once.
- **Nullability** in all three spellings (pydantic v2 `anyOf: [X, {"type": "null"}]`,
  `type: [X, "null"]`, OpenAPI 3.0 `nullable: true`, and `null` in an `enum`) is nullability,
  not a union change.
- **Properties** present on one side only are compared with what the other side allowed under that
  name: anything (no `additionalProperties`: `property-added`/`-removed`), nothing (a closed
  object: `property-added-to-closed-object`), or a covering `additionalProperties`/
  `patternProperties` schema, compared like any other pair (`property-added-covered` plus the
  differences). `unevaluatedProperties` counts as `additionalProperties` when that is absent.
- **Arrays** of every draft are brought to one shape: positional schemas (`prefixItems`, or
  `items` as an array with `additionalItems`) plus the schema of further items (`items`). A
  position present on one side only is compared with the other side's further-items schema.
  `additionalItems` without a positional array has no effect and is ignored.
- **Unions** (`anyOf`/`oneOf`) are matched member by member by meaning (equal, same `$ref`, same
  discriminator value, same type); a non-union schema facing a union is a union of one member.
  Single-member `anyOf`/`oneOf`/`allOf` are unwrapped; `allOf` members are merged (an
  intersection of types, enums and bounds) where they do not conflict.
- **Types**: `integer` -> `number` is widening; a type added is widening; a type removed is
  narrowing. `dependencies` (draft-07) is split into `dependentRequired` and `dependentSchemas`;
  a dependent schema applies to objects only, so one that cannot match an object means `false`.
- **Inside `not`** every subset relation flips, so a change there is reported with its mirror rule.
- **Safety net**: at every compared pair of nodes, every keyword whose value differs is claimed by
  a rule; a difference no rule claims is `unclassified` (warning) at its pointer, and a raw
  difference that disappears after normalisation (a reference inlined, members reordered, a
  keyword spelled another way) is `schema-restructured` (info). Definitions no reference reaches
  are compared on their own. Then an independent pass (`schemadiff/diff/safety_net.py`) lists
  every leaf difference of each changed definition with a structural walk (members of
  `anyOf`/`oneOf`/`allOf` as bags; DeepDiff checks that walk in the tests) and checks that a
  finding covers it: at the same pointer, around it (a keyword
  judged as a whole, such as `/enum` for `/enum/3`; nullability only covers its own spellings),
  inside it (a subtree added or removed), at another spelling of the same thing in the same node
  (`const`/`enum`, `type`/`oneOf`, `required`/`properties`), or across a `$ref` (a discriminator
  finding covers the referenced enum; a retargeted reference is covered by findings in its
  targets). What is left is reported: `annotation-changed` inside an annotation (vendor `x-`
  keys included), `schema-restructured` for a reference retargeted to an identical definition,
  `definition-added`/`-removed` for nested definitions, `unclassified` otherwise. So every raw
  difference between the two documents is reported.
"""


def render() -> str:
    """Return the full text of ``docs/rules.md``."""
    lines = [_INTRO, f"## Rules ({len(RULES)})", ""]
    for category in CATEGORIES:
        rules = [rule for rule in RULES.values() if rule.category == category]
        lines += [f"### {category}", "",
                  "| id | forward | backward | mirror | summary |", "|---|---|---|---|---|"]
        for rule in rules:
            mirror = "(itself)" if rule.mirror == rule.id else f"`{rule.mirror}`"
            lines.append(f"| `{rule.id}` | {rule.forward} | {rule.backward} | {mirror} | "
                         f"{rule.summary} |")
        lines.append("")
        for rule in rules:
            lines += [f"- `{rule.id}`: forward {rule.forward}: {rule.why_forward} "
                      f"Backward {rule.backward}: {rule.why_backward}"]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
