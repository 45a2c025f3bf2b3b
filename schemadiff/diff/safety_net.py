"""The independent safety net: every raw difference is covered by a change, or reported.

The differ compares matched node pairs keyword by keyword and has a net of its own (a differing
keyword no comparator claims is ``unclassified``). This module checks the outcome from the outside,
with a structural walk that knows nothing about JSON Schema: it lists every leaf difference between
each pair of same-named definitions (and the document's top level), and each one must be
*covered* by a recorded change. What is not covered becomes a change of its own. The tests hold
this walk to DeepDiff's answers as an independent oracle.

Lists are compared in order (a reordered ``enum`` or ``required`` is a raw difference) except
``anyOf``/``oneOf``/``allOf``, whose members are a bag: paired by content first, so removing one
member does not shift every later one; paired members are compared leaf by leaf.

Only pairs that differ (plain ``==``, in C) are walked, so unchanged definitions of a large schema
cost nothing; definitions present on one side only are already
``definition-added``/``-removed``/``-renamed``.

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
from typing import Any, Final

import orjson

from schemadiff import pointer as jp
from schemadiff.diff import rules
from schemadiff.diff.model import Reach, Rule, Side
from schemadiff.diff.rules import RULES
from schemadiff.errors import SchemaError
from schemadiff.jsonschema_facts import (
    DEFINITIONS,
    LIST_SUBSCHEMA,
    MAP_SUBSCHEMA,
    SINGLE_SUBSCHEMA,
    is_annotation,
)
from schemadiff.snapshot import PROVENANCE_KEY

Token = str | int
"""A path step: a key (str) or a list index (int)."""

_UNORDERED: Final = frozenset({"anyOf", "oneOf", "allOf"})
"""Lists whose order means nothing (a union's members, an intersection's): compared as bags."""

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
class RawDifference:
    """One leaf difference, located in the snapshot documents."""

    kind: str
    """What happened, in DeepDiff's words: ``values_changed``, ``dictionary_item_added``, ..."""
    old_tokens: tuple[Token, ...] | None
    """Where it is in OLD (from the document root), ``None`` when it exists only in NEW."""
    new_tokens: tuple[Token, ...] | None
    """Where it is in NEW, ``None`` when it exists only in OLD."""
    old: Any
    new: Any

    @property
    def side(self) -> Side:
        return Side.NEW if self.new_tokens is not None else Side.OLD

    @property
    def tokens(self) -> tuple[Token, ...]:
        tokens = self.new_tokens if self.new_tokens is not None else self.old_tokens
        assert tokens is not None
        return tokens

    @property
    def pointer(self) -> str:
        return _pointer(self.tokens)


@dataclass(frozen=True, slots=True)
class Uncovered:
    """A raw difference no change covers, with the rule it is reported under."""

    rule: Rule
    difference: RawDifference


def changed_pairs(old: Mapping[str, Any], new: Mapping[str, Any],
                  ) -> list[tuple[tuple[str, ...], Any, Any]]:
    """``(prefix, old, new)`` for the top level and each same-named definition that differs."""
    pairs: list[tuple[tuple[str, ...], Any, Any]] = []
    separate = [key for key in DEFINITIONS
                if isinstance(old.get(key), dict) and isinstance(new.get(key), dict)]
    skip = {PROVENANCE_KEY, *separate}
    top_old = {k: v for k, v in old.items() if k not in skip}
    top_new = {k: v for k, v in new.items() if k not in skip}
    if _differ(top_old, top_new):
        pairs.append(((), top_old, top_new))
    for key in sorted(separate):
        defs_old, defs_new = old[key], new[key]
        if not _differ(defs_old, defs_new):
            continue
        for name, schema in defs_old.items():
            if name in defs_new and _differ(schema, defs_new[name]):
                pairs.append(((key, name), schema, defs_new[name]))
    return pairs


def _differ(old: Any, new: Any) -> bool:
    """True when two JSON values differ; fast, in C, for the common case of equal ones.

    Python's ``==`` calls ``1`` and ``true`` equal, so equal-looking values are also compared as
    serialised JSON; that calls ``1`` and ``1.0`` different, which the walk then sorts out.
    """
    if old != new:
        return True
    option = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS
    try:
        return orjson.dumps(old, option=option) != orjson.dumps(new, option=option)
    except TypeError:  # Not JSON (a library caller's odd value): fall back to the full walk.
        return not same(old, new)


def raw_differences(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[RawDifference]:
    """Every leaf difference between same-named parts of the two documents."""
    found: list[RawDifference] = []
    for prefix, before, after in changed_pairs(old, new):
        _leaf_differences(before, after, prefix, found)
    return found


def _leaf_differences(before: Any, after: Any, prefix: tuple[Token, ...],
                      found: list[RawDifference]) -> None:
    """Append every leaf difference between ``before`` and ``after`` (both at ``prefix``).

    A plain structural walk that knows nothing about JSON Schema beyond which lists are bags: a
    key only on one side is one difference (the whole subtree), a changed scalar is one, and
    lists are compared by position except the members of ``anyOf``/``oneOf``/``allOf``, which are
    paired by content first. DeepDiff is this walk's oracle in the tests; it is not used here
    because importing it alone would cost half of the command's start-up budget.
    """
    work: list[tuple[Any, Any, tuple[Token, ...], tuple[Token, ...]]] = [
        (before, after, prefix, prefix)]
    while work:
        old, new, old_path, new_path = work.pop()
        if isinstance(old, dict) and isinstance(new, dict):
            for key, value in old.items():
                if key not in new:
                    found.append(RawDifference("dictionary_item_removed", (*old_path, key),
                                               None, value, None))
                elif not same(value, new[key]):
                    work.append((value, new[key], (*old_path, key), (*new_path, key)))
            found.extend(RawDifference("dictionary_item_added", None, (*new_path, key),
                                       None, value)
                         for key, value in new.items() if key not in old)
        elif isinstance(old, list) and isinstance(new, list):
            unordered = bool(old_path) and old_path[-1] in _UNORDERED
            pairs, removed, added = (_pair_bag if unordered else _pair_in_order)(old, new)
            work.extend((old[i], new[j], (*old_path, i), (*new_path, j))
                        for i, j in pairs if not same(old[i], new[j]))
            found.extend(RawDifference("iterable_item_removed", (*old_path, i), None, old[i],
                                       None) for i in removed)
            found.extend(RawDifference("iterable_item_added", None, (*new_path, j), None,
                                       new[j]) for j in added)
        else:
            kind = "values_changed" if _json_type(old) == _json_type(new) else "type_changes"
            found.append(RawDifference(kind, old_path, new_path, old, new))


Pairing = tuple[list[tuple[int, int]], list[int], list[int]]


def _pair_in_order(old: list[Any], new: list[Any]) -> Pairing:
    common = min(len(old), len(new))
    return ([(i, i) for i in range(common)], list(range(common, len(old))),
            list(range(common, len(new))))


def _pair_bag(old: list[Any], new: list[Any]) -> Pairing:
    """Pair equal members, then each remaining old member with the most similar new one."""
    free = list(range(len(new)))
    pairs: list[tuple[int, int]] = []
    leftover: list[int] = []
    for i, member in enumerate(old):
        match = next((j for j in free if same(member, new[j])), None)
        if match is None:
            leftover.append(i)
        else:
            free.remove(match)
            pairs.append((i, match))
    removed: list[int] = []
    for i in leftover:
        scores = [(_similarity(old[i], new[j]), j) for j in free]
        best = max(scores, default=(0, -1), key=lambda score: score[0])
        if best[0] > 0:
            free.remove(best[1])
            pairs.append((i, best[1]))
        else:
            removed.append(i)
    return pairs, removed, free


def _similarity(old: Any, new: Any) -> int:
    """How many top-level entries two members share (a shared ``$ref`` target counts double)."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return 0
    shared = sum(1 for key, value in old.items() if key in new and same(value, new[key]))
    return shared + (1 if "$ref" in old and old.get("$ref") == new.get("$ref") else 0)


def same(old: Any, new: Any) -> bool:
    """JSON equality: ``==``, except that ``true`` is not ``1`` (``1`` and ``1.0`` are equal)."""
    if old is new:
        return True
    if isinstance(old, dict):
        return isinstance(new, dict) and old.keys() == new.keys() and all(
            same(value, new[key]) for key, value in old.items())
    if isinstance(old, list):
        return isinstance(new, list) and len(old) == len(new) and all(
            same(a, b) for a, b in zip(old, new, strict=True))
    return _json_type(old) == _json_type(new) and bool(old == new)


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if _number(value):
        return "number"
    return type(value).__name__


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _pointer(tokens: Iterable[Token]) -> str:
    return jp.join("", *tokens)


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
        for rule_id, pointer in claims:
            rule = RULES[rule_id]
            self._add_around(pointer)
            place = _keyword_place(_typed(pointer))
            node_level = rule.reach in (Reach.NODE, Reach.NULL_SPELLINGS)
            if place is not None and not (place[2] == "schema" and node_level):
                node, keyword, _ = place
                self.siblings.add((node, _group(keyword)))
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
            return any((node, g) in self.siblings for g in (*_GROUPS.values(), _ANY_GROUP)) \
                or any(key[0] == node for key in self.siblings)
        return (node, group) in self.siblings or (node, _ANY_GROUP) in self.siblings

    def _covers_at(self, tokens: tuple[Token, ...]) -> bool:
        escaped = [jp.escape(str(token)) for token in tokens]
        if "".join("/" + token for token in escaped) in self.around:
            return True
        for end in range(len(escaped) - 1, -1, -1):
            ancestor = "".join("/" + token for token in escaped[:end])
            if ancestor in self.whole:
                return True
            if ancestor in self.spelling and _null_spelling(tokens[end:]):
                return True
        return False

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
    return _pointer(node), str(step[0]), kind


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
    differences = raw_differences(old, new)
    if not differences:
        return []
    coverage = Coverage(old, new, claims)
    result = []
    for difference in differences:
        if not coverage.covers(difference):
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
    return rules.UNCLASSIFIED


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
