"""The independent safety net: every raw difference is covered by a change, or reported.

The differ compares matched node pairs keyword by keyword and has a net of its own (a differing
keyword no comparator claims is ``unclassified``). This module checks the outcome from the outside,
with a tool that knows nothing about JSON Schema: DeepDiff lists every leaf difference between
each pair of same-named definitions (and the document's top level), and each one must be
*covered* by a recorded change. What is not covered becomes a change of its own.

DeepDiff runs in order (``ignore_order=False``: a reordered ``enum`` or ``required`` is a raw
difference) except for ``anyOf``/``oneOf``/``allOf``, whose members are a bag: matched by content
first, so removing one member does not shift every later one. A member DeepDiff pairs but reports
whole is compared again on its own, so differences are listed leaf by leaf there too.

Only pairs that differ (plain ``==``, in C) are handed to DeepDiff, so unchanged definitions of a
large schema cost nothing; definitions present on one side only are already
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
3. ``C`` lies inside the raw pointer (DeepDiff reports a subtree added or removed as one
   difference, and the differ said what is in it); or
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

from schemadiff import pointer as jp
from schemadiff.diff.model import Side
from schemadiff.diff.schemas import (
    DEFINITIONS,
    LIST_SUBSCHEMA,
    MAP_SUBSCHEMA,
    SINGLE_SUBSCHEMA,
    is_annotation,
)
from schemadiff.errors import SchemaError
from schemadiff.snapshot import PROVENANCE_KEY

Token = str | int
"""A path step: a key (str) or a list index (int), as DeepDiff reports it."""

_UNORDERED: Final = frozenset({"anyOf", "oneOf", "allOf"})
"""Lists whose order means nothing (a union's members, an intersection's): compared as bags."""

_NULLABILITY: Final = frozenset({"property-became-nullable", "property-became-non-nullable"})
_NULL_SPELLINGS: Final = frozenset({"anyOf", "oneOf", "type", "enum"})
_DISCRIMINATOR: Final = frozenset({"discriminator-value-added", "discriminator-value-removed"})
_NODE_LEVEL: Final = _NULLABILITY | {"schema-restructured"}
"""Rules that may be reported at a node whose content is compared on (not at a keyword)."""

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
    """One leaf difference as DeepDiff reports it, located in the snapshot documents."""

    kind: str
    """DeepDiff's report type: ``values_changed``, ``dictionary_item_added``, ..."""
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

    rule: str
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
    if top_old != top_new:
        pairs.append(((), top_old, top_new))
    for key in sorted(separate):
        defs_old, defs_new = old[key], new[key]
        if defs_old == defs_new:
            continue
        for name, schema in defs_old.items():
            if name in defs_new and defs_new[name] != schema:
                pairs.append(((key, name), schema, defs_new[name]))
    return pairs


def raw_differences(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[RawDifference]:
    """Every leaf difference between same-named parts of the two documents."""
    pairs = changed_pairs(old, new)
    if not pairs:
        return []
    # Imported here: deepdiff takes a noticeable time to import and most diffs of a release
    # touch a few definitions, none in ``schemadiff diff a a``.
    from deepdiff import DeepDiff

    found: list[RawDifference] = []
    work: list[tuple[tuple[Token, ...], tuple[Token, ...], Any, Any]] = [
        (prefix, prefix, before, after) for prefix, before, after in pairs]
    while work:
        old_prefix, new_prefix, before, after = work.pop()
        tree = DeepDiff(before, after, view="tree", verbose_level=2,
                        # Report inside a dict however few keys it shares: every leaf counts.
                        threshold_to_diff_deeper=0, ignore_order_func=_unordered,
                        cache_size=0, log_frequency_in_sec=0)
        for kind, levels in tree.items():
            for level in levels:
                old_path = old_prefix + tuple(level.path(output_format="list"))
                new_path = new_prefix + tuple(level.path(use_t2=True, output_format="list"))
                if kind == "values_changed" and type(level.t1) is type(level.t2) and \
                        isinstance(level.t1, dict | list):
                    # Members of an unordered list, paired but reported whole: look inside.
                    work.append((old_path, new_path, level.t1, level.t2))
                    continue
                difference = _difference(kind, level, old_path, new_path)
                if difference is not None:
                    found.append(difference)
    return found


def _unordered(level: Any) -> bool:
    path = level.path(output_format="list")
    return bool(path) and path[-1] in _UNORDERED and isinstance(level.t1, list)


def _difference(kind: str, level: Any, old_path: tuple[Token, ...],
                new_path: tuple[Token, ...]) -> RawDifference | None:
    old, new = level.t1, level.t2
    old_missing = kind.endswith("_added")
    new_missing = kind.endswith("_removed")
    if kind == "type_changes" and _number(old) and _number(new) and old == new:
        return None  # 1 and 1.0 are the same JSON number
    return RawDifference(kind, None if old_missing else old_path,
                         None if new_missing else new_path, None if old_missing else old,
                         None if new_missing else new)


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
        for rule, pointer in claims:
            self._add_around(pointer)
            place = _keyword_place(_typed(pointer))
            if place is not None and not (place[2] == "schema" and rule in _NODE_LEVEL):
                node, keyword, _ = place
                self.siblings.add((node, _group(keyword)))
            if rule in _NULLABILITY:
                self.spelling.add(pointer)
            else:
                self.whole.add(pointer)
            if rule in _DISCRIMINATOR:
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


def _rule(old: Mapping[str, Any], new: Mapping[str, Any], difference: RawDifference) -> str:
    if in_annotation(difference.tokens):
        return "annotation-changed"
    steps = schema_steps(difference.tokens)
    whole_definition = bool(steps) and (
        (steps[-1][0] == "definitions" and len(steps[-1][1]) == 2) or
        (steps[-1][0] == "keyword" and steps[-1][1] == (steps[-1][1][0],) and
         steps[-1][1][0] in DEFINITIONS))
    if whole_definition and difference.kind.endswith("_added"):
        return "definition-added"  # nested definitions nothing references (yet)
    if whole_definition and difference.kind.endswith("_removed"):
        return "definition-removed"
    if difference.tokens and difference.tokens[-1] == "$ref" and \
            isinstance(difference.old, str) and isinstance(difference.new, str):
        before = _ref_target(old, {"$ref": difference.old})
        after = _ref_target(new, {"$ref": difference.new})
        if before is not None and after is not None and \
                _get(old, before) == _get(new, after):
            return "schema-restructured"
    return "unclassified"


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
