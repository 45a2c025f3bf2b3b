"""The coverage judge: every raw difference is covered by a recorded change, or reported.

The differ compares matched node pairs keyword by keyword and has a net of its own (a differing
keyword no comparator claims is ``unclassified``). This module checks the outcome from the outside:
each leaf difference the raw differ (:mod:`schemadiff.diff.rawdiff`) lists must be *covered* by a
recorded change. What is not covered becomes a change of its own, located in the walk's units
and named with a readable path like any other.

Coverage rule. A raw difference sits at a JSON Pointer in OLD, in NEW, or both (the two differ
only inside reordered ``anyOf``/``oneOf``/``allOf`` members). A change at pointer ``C`` covers it
when, on either side:

1. ``C`` equals the raw pointer; or
2. the raw pointer lies inside ``C`` (``C`` names a keyword whose value is judged as a whole, such
   as ``/enum`` for an item added at ``/enum/3`` or ``/required`` for ``/required/1``, or a node
   added, removed or rewritten as a whole). Nullability is the exception: it is reported at the
   node while the node's content is compared on, so it covers only the node's own keys and the
   members/items of ``anyOf``/``oneOf``/``type``/``enum`` (the spellings of "or null"), not
   changes deeper inside; or
3. ``C`` lies inside the raw pointer (a subtree added or removed is one raw difference, and
   the differ said what is in it); or
4. ``C`` is at a keyword of the same schema node that spells the same thing: the differ compares
   normalised views, so ``const`` facing ``enum``, ``type`` facing ``oneOf`` or ``anyOf`` facing
   ``oneOf`` is reported at one of the two keywords. The spelling groups are: values (``type``,
   ``enum``, ``const``, ``anyOf``, ``oneOf``, ``allOf``, ``nullable``), properties
   (``properties``, ``required``, ``additionalProperties``, ``patternProperties``,
   ``unevaluatedProperties``, ``dependencies``, ``dependentRequired``, ``dependentSchemas``) and
   items (``items``, ``prefixItems``, ``additionalItems``, ``unevaluatedItems``); ``$ref`` (a
   node inlined or extracted) belongs to every group. Members of ``allOf``, ``anyOf`` and
   ``oneOf`` count as their parent node, since views merge and unwrap them into it.

Differences at a referencing site are matched with findings inside the referenced definition,
and the other way round: a raw ``$ref`` retarget, or a ``{"$ref": ...}`` member added or removed
(a message type), also counts as covered by a change at, inside or around the target
definition; a discriminator finding (reported at the variant's ``type`` property) covers the
``enum``/``const`` of the definition that property references.

What is left is reported as ``annotation-changed`` (info) when it lies in an annotation (vendor
``x-`` keys, ``title``, ``examples``, ...), as ``schema-restructured`` (info) for a ``$ref``
retargeted to a definition with identical content, and as ``unclassified`` (warning) otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from schemadiff import pointer as jp
from schemadiff.diff import rules
from schemadiff.diff.model import Reach, Rule, Side
from schemadiff.diff.rawdiff import RawDifference, Token, iter_raw_differences, pointer_of
from schemadiff.diff.rules import RULES
from schemadiff.errors import SchemaError
from schemadiff.jsonschema_facts import (
    DEFINITIONS,
    LIST_SUBSCHEMA,
    MAP_SUBSCHEMA,
    SINGLE_SUBSCHEMA,
    child_label,
    is_annotation,
    ref_name,
)

if TYPE_CHECKING:
    from schemadiff.diff.walk import Walker

_UNORDERED: Final = frozenset({"anyOf", "oneOf", "allOf"})
"""Members of these are folded into their parent node (views merge and unwrap them)."""
_NULL_SPELLINGS: Final = frozenset({"anyOf", "oneOf", "type", "enum"})

_GROUPS: Final = {
    **dict.fromkeys(("type", "enum", "const", "anyOf", "oneOf", "allOf", "nullable"), "values"),
    **dict.fromkeys(("properties", "required", "additionalProperties", "patternProperties",
                     "unevaluatedProperties", "dependencies", "dependentRequired",
                     "dependentSchemas"), "properties"),
    **dict.fromkeys(("items", "prefixItems", "additionalItems", "unevaluatedItems"), "items"),
}
_ANY_GROUP: Final = "*"


@dataclass(frozen=True, slots=True)
class Uncovered:
    """A raw difference no change covers, with the rule it is reported under."""

    rule: Rule
    difference: RawDifference


class Coverage:
    """The pointers of recorded changes, indexed for the coverage rule (module docstring)."""

    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any],
                 claims: Iterable[tuple[str, str]]) -> None:
        self.old, self.new = old, new
        self.around: set[str] = set()
        """Change pointers and all their ancestors (rules 1 and 3)."""
        self.whole: set[str] = set()
        """Change pointers that cover everything inside them (rule 2)."""
        self.spelling: set[str] = set()
        """Nullability change pointers: they cover only the spellings of "or null"."""
        self.siblings: set[tuple[str, str]] = set()
        """(node, spelling group) of changes reported at a keyword of a node (rule 4)."""
        self.sibling_nodes: set[str] = set()
        """The nodes of :attr:`siblings`."""
        self._pointers: dict[tuple[Token, ...], str] = {}
        self._whole_cache: dict[tuple[Token, ...], bool] = {}
        for rule_id, pointer in claims:
            rule = RULES[rule_id]
            self._add_around(pointer)
            place = _keyword_place(_typed(pointer))
            node_level = rule.reach in (Reach.NODE, Reach.NULL_SPELLINGS)
            if place is not None and not (place[2] == "schema" and node_level):
                node, keyword, _ = place
                self.siblings.add((node, _group(keyword)))
                self.sibling_nodes.add(node)
            if rule.reach is Reach.NULL_SPELLINGS:
                self.spelling.add(pointer)
            else:
                self.whole.add(pointer)
            if rule.reach is Reach.DISCRIMINATOR:
                for document in (old, new):
                    target = _ref_target(document, _get(document, pointer))
                    if target is not None:
                        self.whole.update((target + "/enum", target + "/const"))
                        self._add_around(target + "/enum")

    def _add_around(self, pointer: str) -> None:
        tokens = pointer.split("/")
        for end in range(len(tokens), 0, -1):
            ancestor = "/".join(tokens[:end])
            if ancestor in self.around:
                break
            self.around.add(ancestor)

    def covers(self, difference: RawDifference) -> bool:
        for tokens in (difference.old_tokens, difference.new_tokens):
            if tokens is not None and (self._covers_at(tokens) or self._sibling(tokens)):
                return True
        return any(target in self.around for target in self._targets(difference))

    def _sibling(self, tokens: tuple[Token, ...]) -> bool:
        place = _keyword_place(tokens)
        if place is None:
            return False
        node, keyword, _ = place
        group = _group(keyword)
        if group == _ANY_GROUP:
            # A $ref (a node inlined or extracted) spells every group: any change at the node.
            return node in self.sibling_nodes
        return (node, group) in self.siblings or (node, _ANY_GROUP) in self.siblings

    def _covers_at(self, tokens: tuple[Token, ...]) -> bool:
        """Rules 1-3 at ``tokens``: at or around a change, or inside one judged whole."""
        if not tokens:
            return "" in self.around
        parent = tokens[:-1]
        if self._pointer(parent) + "/" + jp.escape(str(tokens[-1])) in self.around:
            return True
        if self.inside_whole(parent):
            return True
        # Nullability covers a node's own keys and the members of its "or null" spellings.
        if self._pointer(parent) in self.spelling:
            return True
        return len(tokens) >= 2 and self._pointer(tokens[:-2]) in self.spelling and \
            _null_spelling(tokens[-2:])

    def _pointer(self, tokens: tuple[Token, ...]) -> str:
        """The pointer of ``tokens``, remembered: the differences of one node share parents."""
        pointer = self._pointers.get(tokens)
        if pointer is not None:
            return pointer
        # Up to the nearest remembered ancestor, then down again (no recursion: paths are deep).
        end = len(tokens)
        while end and tokens[:end] not in self._pointers:
            end -= 1
        pointer = self._pointers.get(tokens[:end], "")
        for stop in range(end + 1, len(tokens) + 1):
            pointer += "/" + jp.escape(str(tokens[stop - 1]))
            self._pointers[tokens[:stop]] = pointer
        return pointer

    def inside_whole(self, tokens: tuple[Token, ...]) -> bool:
        """True when the node at ``tokens`` or one of its ancestors is a change judged whole."""
        inside = self._whole_cache.get(tokens)
        if inside is not None:
            return inside
        end = len(tokens)
        while end and tokens[:end - 1] not in self._whole_cache:
            end -= 1
        inside = self._whole_cache.get(tokens[:end - 1], False) if end else False
        for stop in range(end, len(tokens) + 1):
            inside = inside or self._pointer(tokens[:stop]) in self.whole
            self._whole_cache[tokens[:stop]] = inside
        return inside

    def _targets(self, difference: RawDifference) -> list[str]:
        """Definitions a referencing site pointed at, before or after (see the docstring)."""
        targets = []
        for document, tokens, value in ((self.old, difference.old_tokens, difference.old),
                                        (self.new, difference.new_tokens, difference.new)):
            if tokens is None:
                continue
            if tokens and tokens[-1] == "$ref" and isinstance(value, str):
                target = _ref_target(document, {"$ref": value})
            else:
                target = _ref_target(document, value)
            if target is not None:
                targets.append(target)
        return targets


def _group(keyword: str) -> str:
    return _ANY_GROUP if keyword == "$ref" else _GROUPS.get(keyword, keyword)


def _keyword_place(tokens: tuple[Token, ...]) -> tuple[str, str, str] | None:
    """``(node pointer, keyword, step kind)`` of the last keyword on the path, if any.

    Members of ``allOf``/``anyOf``/``oneOf`` are folded into their parent node (views merge
    ``allOf`` and unwrap single-member unions and the null member).
    """
    steps = schema_steps(tokens)
    if not steps or steps[-1][0] == "definitions":
        return None
    node: list[Token] = []
    for kind, step in steps[:-1]:
        if kind == "schema" and step[0] in _UNORDERED:
            continue
        node.extend(step)
    kind, step = steps[-1]
    return pointer_of(node), str(step[0]), kind


def _typed(pointer: str) -> tuple[Token, ...]:
    """Pointer tokens, with list indices as ints where a subschema list precedes them."""
    tokens: list[Token] = []
    for token in jp.split(pointer):
        if token.isdigit() and tokens and tokens[-1] in LIST_SUBSCHEMA and not (
                len(tokens) >= 2 and tokens[-2] in MAP_SUBSCHEMA):
            tokens.append(int(token))
        else:
            tokens.append(token)
    return tuple(tokens)


def _null_spelling(relative: tuple[Token, ...]) -> bool:
    """A node's own key, or a member/item of ``anyOf``/``oneOf``/``type``/``enum``."""
    if len(relative) == 1:
        return True
    return len(relative) == 2 and relative[0] in _NULL_SPELLINGS and isinstance(relative[1], int)


def _get(document: Any, pointer: str) -> Any:
    try:
        return jp.get(document, pointer)
    except SchemaError:  # a pointer into nothing simply has no target
        return None


def _ref_target(document: Any, node: Any) -> str | None:
    """The pointer a ``{"$ref": "#/..."}`` node ends at (following chains), else ``None``."""
    target: str | None = None
    for _ in range(64):
        if not isinstance(node, dict) or not isinstance(node.get("$ref"), str):
            return target
        ref = node["$ref"]
        if not ref.startswith("#"):
            return target
        target = ref[1:]
        node = _get(document, target)
    return target


def uncovered(old: Mapping[str, Any], new: Mapping[str, Any],
              claims: Iterable[tuple[str, str]]) -> list[Uncovered]:
    """The raw differences that no ``(rule, pointer)`` claim covers, each with its rule."""
    judges: list[Coverage] = []

    def judge() -> Coverage:
        if not judges:  # built only when there is something to judge
            judges.append(Coverage(old, new, claims))
        return judges[0]

    def covered_whole(old_tokens: tuple[Token, ...], new_tokens: tuple[Token, ...]) -> bool:
        # Everything inside a change judged whole (on both sides) is covered by rule 2.
        return judge().inside_whole(old_tokens) and judge().inside_whole(new_tokens)

    result = []
    for difference in iter_raw_differences(old, new, covered_whole):
        if not judge().covers(difference):
            result.append(Uncovered(_rule(old, new, difference), difference))
    return result


def _rule(old: Mapping[str, Any], new: Mapping[str, Any], difference: RawDifference) -> Rule:
    if in_annotation(difference.tokens):
        return rules.ANNOTATION_CHANGED
    steps = schema_steps(difference.tokens)
    whole_definition = bool(steps) and (
        (steps[-1][0] == "definitions" and len(steps[-1][1]) == 2) or
        (steps[-1][0] == "keyword" and steps[-1][1] == (steps[-1][1][0],) and
         steps[-1][1][0] in DEFINITIONS))
    if whole_definition and difference.kind.endswith("_added"):
        return rules.DEFINITION_ADDED  # nested definitions nothing references (yet)
    if whole_definition and difference.kind.endswith("_removed"):
        return rules.DEFINITION_REMOVED
    if difference.tokens and difference.tokens[-1] == "$ref" and \
            isinstance(difference.old, str) and isinstance(difference.new, str):
        before = _ref_target(old, {"$ref": difference.old})
        after = _ref_target(new, {"$ref": difference.new})
        if before is not None and after is not None and \
                _get(old, before) == _get(new, after):
            return rules.SCHEMA_RESTRUCTURED
    if _renamed_member(old, new, difference):
        return rules.SCHEMA_RESTRUCTURED
    return rules.UNCLASSIFIED


def _renamed_member(old: Mapping[str, Any], new: Mapping[str, Any],
                    difference: RawDifference) -> bool:
    """Whether a ``{"$ref": A}`` item left (or joined) a list whose counterpart in the other
    document holds a ``{"$ref": B}`` to the same content: a definition renamed, seen by the
    list's content comparison as one item removed and another added (``anyOf: [{$ref}, null]``
    of a renamed definition)."""
    if difference.kind == "iterable_item_removed":
        value, here, there, tokens = difference.old, old, new, difference.old_tokens
    elif difference.kind == "iterable_item_added":
        value, here, there, tokens = difference.new, new, old, difference.new_tokens
    else:
        return False
    if not _lone_ref(value) or tokens is None:
        return False
    target = _ref_target(here, value)
    counterpart = _node(there, tokens[:-1])
    if target is None or not isinstance(counterpart, list):
        return False
    content = _get(here, target)
    for member in counterpart:
        if _lone_ref(member) and member != value:
            other = _ref_target(there, member)
            if other is not None and _get(there, other) == content:
                return True
    return False


def _lone_ref(node: Any) -> bool:
    return isinstance(node, dict) and set(node) == {"$ref"} and isinstance(node["$ref"], str)


def in_annotation(tokens: tuple[Token, ...]) -> bool:
    """True when ``tokens`` (from the document root) lead into an annotation keyword's value."""
    return any(kind == "annotation" for kind, _ in schema_steps(tokens))


def schema_steps(tokens: tuple[Token, ...]) -> list[tuple[str, tuple[Token, ...]]]:
    """Classify each step of a path from the document root.

    Returns ``(kind, tokens)`` pairs: ``schema`` for a step into a subschema (the tokens of that
    step: ``("properties", "id")``, ``("items",)``, ``("anyOf", 1)``), ``annotation`` or
    ``keyword`` for the keyword the path ends in (nothing further is a schema), ``definitions``
    for a step into ``$defs``. Property names are never mistaken for keywords.
    """
    steps: list[tuple[str, tuple[Token, ...]]] = []
    index = 0
    while index < len(tokens):
        keyword = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if not isinstance(keyword, str):
            break
        if keyword in DEFINITIONS and following is not None:
            steps.append(("definitions", (keyword, following)))
            index += 2
        elif (keyword in MAP_SUBSCHEMA and isinstance(following, str)) or (
                keyword in LIST_SUBSCHEMA and isinstance(following, int)):
            steps.append(("schema", (keyword, following)))
            index += 2
        elif keyword in SINGLE_SUBSCHEMA and following is not None and not (
                keyword == "items" and isinstance(following, int)):
            steps.append(("schema", (keyword,)))
            index += 1
        else:
            kind = "annotation" if is_annotation(keyword) else "keyword"
            steps.append((kind, tuple(tokens[index:])))
            break
    return steps


# --- reporting what is left ---------------------------------------------------------------------
def report_uncovered(walker: Walker) -> None:
    """Record a change for every raw difference no recorded change covers."""
    found = uncovered(walker.old_doc, walker.new_doc,
                      [(record.rule.id, record.pointer) for record in walker.records])
    if not found:
        return
    units: dict[tuple[Side, str], int] = {}
    for unit_id, unit in enumerate(walker.units):
        if unit.base is None and not unit.edges:
            continue  # a label unit (a finding about a whole message type or definition)
        units.setdefault((Side.OLD, unit.old_pointer), unit_id)
        units.setdefault((Side.NEW, unit.new_pointer), unit_id)
    labels: dict[str, int] = {}
    for item in found:
        raw = item.difference
        side, tokens = raw.side, raw.tokens
        document = walker.new_doc if side is Side.NEW else walker.old_doc
        unit_id, label = _locate(units, labels, walker, side, tokens, document)
        walker.emit(walker.at_unit(unit_id), item.rule, raw.pointer, side, raw.old, raw.new,
                    label=label, keyword=_annotation_keyword(item))


def _annotation_keyword(item: Uncovered) -> str | None:
    """The annotation keyword an uncovered ``annotation-changed`` difference lies in."""
    if item.rule is not rules.ANNOTATION_CHANGED:
        return None
    for kind, step in schema_steps(item.difference.tokens):
        if kind == "annotation":
            return str(step[0])
    return None


def _locate(units: dict[tuple[Side, str], int], labels: dict[str, int], walker: Walker,
            side: Side, tokens: tuple[Token, ...], document: Any) -> tuple[int, str]:
    """The unit whose node encloses ``tokens`` most closely, and the readable label inside it."""
    for end in range(len(tokens), -1, -1):
        unit_id = units.get((side, jp.join("", *tokens[:end])))
        if unit_id is not None:
            return unit_id, _label(document, tokens[:end], tokens[end:])
    # Nothing the walk reached encloses it: name it after its definition (or the root).
    if len(tokens) >= 2 and tokens[0] in DEFINITIONS:
        base, start = str(tokens[1]), 2
    else:
        base, start = ref_name(str(walker.new_doc.get("$ref") or "")), 0
    if base not in labels:
        labels[base] = walker.add_label_unit(base)
    return labels[base], _label(document, tokens[:start], tokens[start:])


def _label(document: Any, head: tuple[Token, ...], tail: tuple[Token, ...]) -> str:
    """The readable label of ``tail`` (``.payload.items[]``) below the node at ``head``."""
    node = _node(document, head)
    parts: list[str] = []
    for kind, step in schema_steps(tail):
        if kind != "schema":
            break
        keyword, key = str(step[0]), step[1] if len(step) > 1 else None
        container = node.get(keyword) if isinstance(node, dict) else None
        parts.append(child_label(keyword, key, container))
        node = container if key is None else (
            container.get(key) if isinstance(container, dict) and isinstance(key, str)
            else container[key] if isinstance(container, list) and isinstance(key, int)
            and key < len(container) else None)
    return "".join(parts)


def _node(document: Any, tokens: tuple[Token, ...]) -> Any:
    node = document
    for token in tokens:
        if isinstance(node, dict) and isinstance(token, str):
            node = node.get(token)
        elif isinstance(node, list) and isinstance(token, int) and token < len(node):
            node = node[token]
        else:
            return None
    return node
