"""The raw differ: every leaf difference between two JSON documents, knowing no JSON Schema.

The first half of the differ's independent safety net (the second is
:mod:`schemadiff.diff.coverage`, which judges whether a recorded change covers each difference).
A structural walk lists every leaf difference between each pair of same-named definitions (and
the document's top level). The tests hold this walk to DeepDiff's answers as an independent
oracle.

Lists are compared in order (a reordered ``enum`` or ``required`` is a raw difference) except
``anyOf``/``oneOf``/``allOf``, whose members are a bag: paired by content first, so removing one
member does not shift every later one; paired members are compared leaf by leaf.

Only pairs that differ (plain ``==``, in C) are walked, so unchanged definitions of a large schema
cost nothing; definitions present on one side only are already
``definition-added``/``-removed``/``-renamed``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

import orjson

from schemadiff import pointer as jp
from schemadiff.diff.model import Side
from schemadiff.jsonschema_facts import DEFINITIONS
from schemadiff.snapshot import PROVENANCE_KEY

Token = str | int
"""A path step: a key (str) or a list index (int)."""

_UNORDERED: Final = frozenset({"anyOf", "oneOf", "allOf"})
"""Lists whose order means nothing (a union's members, an intersection's): compared as bags."""


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
        return pointer_of(self.tokens)


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
    return list(iter_raw_differences(old, new))


Skip = Callable[[tuple[Token, ...], tuple[Token, ...]], bool]
"""Says, for a pair of places (in OLD, in NEW), that the caller needs none of its differences."""


def iter_raw_differences(old: Mapping[str, Any], new: Mapping[str, Any],
                         skip: Skip | None = None) -> Iterator[RawDifference]:
    """The leaf differences one at a time, so that a million of them need not be held at once.

    ``skip`` lets a caller pass over a subtree whose differences it already accounts for (a
    coverage judge, for an enum judged as a whole), so they are never listed.
    """
    for prefix, before, after in changed_pairs(old, new):
        yield from _leaf_differences(before, after, prefix, skip)


def _leaf_differences(before: Any, after: Any, prefix: tuple[Token, ...],
                      skip: Skip | None = None) -> Iterator[RawDifference]:
    """Every leaf difference between ``before`` and ``after`` (both at ``prefix``).

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
        if skip is not None and skip(old_path, new_path):
            continue
        if isinstance(old, dict) and isinstance(new, dict):
            for key, value in old.items():
                if key not in new:
                    yield RawDifference("dictionary_item_removed", (*old_path, key), None, value,
                                        None)
                elif not same(value, new[key]):
                    work.append((value, new[key], (*old_path, key), (*new_path, key)))
            for key, value in new.items():
                if key not in old:
                    yield RawDifference("dictionary_item_added", None, (*new_path, key), None,
                                        value)
        elif isinstance(old, list) and isinstance(new, list):
            unordered = bool(old_path) and old_path[-1] in _UNORDERED
            pairs, removed, added = (_pair_bag if unordered else _pair_in_order)(old, new)
            for i, j in pairs:
                before_item, after_item = old[i], new[j]
                if same(before_item, after_item):
                    continue
                if isinstance(before_item, dict | list) and isinstance(after_item, dict | list):
                    work.append((before_item, after_item, (*old_path, i), (*new_path, j)))
                else:
                    # A changed scalar item is a leaf: reported now rather than queued, so a
                    # long list of changed values (a huge enum) costs no work list.
                    yield _changed((*old_path, i), (*new_path, j), before_item, after_item)
            for i in removed:
                yield RawDifference("iterable_item_removed", (*old_path, i), None, old[i], None)
            for j in added:
                yield RawDifference("iterable_item_added", None, (*new_path, j), None, new[j])
        else:
            yield _changed(old_path, new_path, old, new)


def _changed(old_path: tuple[Token, ...], new_path: tuple[Token, ...], old: Any,
             new: Any) -> RawDifference:
    kind = "values_changed" if _json_type(old) == _json_type(new) else "type_changes"
    return RawDifference(kind, old_path, new_path, old, new)


Pairing = tuple[Iterable[tuple[int, int]], Iterable[int], Iterable[int]]


def _pair_in_order(old: list[Any], new: list[Any]) -> Pairing:
    common = min(len(old), len(new))
    return ((i, i) for i in range(common)), range(common, len(old)), range(common, len(new))


def _pair_bag(old: list[Any], new: list[Any]) -> Pairing:
    """Pair equal members, then each remaining old member with the most similar new one.

    Each old member takes the first free new member equal to it, else the free one sharing most
    top-level entries with it (the first on a tie; none when nothing is shared). Both lookups go
    through indexes keyed by content, so a bag of many thousand distinct members pairs in linear
    time instead of comparing every member with every other.
    """
    taken: set[int] = set()
    equal: dict[Any, list[int]] = {}
    for j in reversed(range(len(new))):
        equal.setdefault(_content_key(new[j]), []).append(j)  # popped from the end: first j
    pairs: list[tuple[int, int]] = []
    leftover: list[int] = []
    for i, member in enumerate(old):
        candidates = equal.get(_content_key(member))
        if candidates:
            j = candidates.pop()
            taken.add(j)
            pairs.append((i, j))
        else:
            leftover.append(i)
    removed: list[int] = []
    if leftover and len(taken) < len(new):
        sharing = _entry_index(new, taken)
        for i in leftover:
            best = _most_similar(old[i], sharing, taken)
            if best is None:
                removed.append(i)
            else:
                taken.add(best)
                pairs.append((i, best))
    else:
        removed = leftover
    return pairs, removed, [j for j in range(len(new)) if j not in taken]


def _entry_index(members: list[Any], taken: set[int]) -> dict[tuple[str, Any], list[int]]:
    """Free members by each top-level ``(key, value)`` entry they hold, in member order."""
    index: dict[tuple[str, Any], list[int]] = {}
    for j, member in enumerate(members):
        if j not in taken and isinstance(member, dict):
            for key, value in member.items():
                index.setdefault((key, _content_key(value)), []).append(j)
    return index


def _most_similar(member: Any, sharing: dict[tuple[str, Any], list[int]],
                  taken: set[int]) -> int | None:
    """The free member sharing most top-level entries with ``member`` (a shared ``$ref`` target
    counts double), the first on a tie; ``None`` when no free member shares any."""
    if not isinstance(member, dict):
        return None
    scores: dict[int, int] = {}
    for key, value in member.items():
        bonus = 2 if key == "$ref" else 1
        for j in sharing.get((key, _content_key(value)), ()):
            if j not in taken:
                scores[j] = scores.get(j, 0) + bonus
    if not scores:
        return None
    return max(scores, key=lambda j: (scores[j], -j))


def _content_key(value: Any) -> Any:
    """A hashable key equal for two JSON values exactly when :func:`same` calls them equal."""
    if isinstance(value, dict):
        return ("object", frozenset((key, _content_key(item)) for key, item in value.items()))
    if isinstance(value, list):
        return ("array", tuple(_content_key(item) for item in value))
    if isinstance(value, bool):
        return ("boolean", value)
    if _number(value):
        return ("number", value)  # 1 and 1.0 are equal and hash alike, as same() wants
    if value is None or isinstance(value, str):
        return (type(value).__name__, value)
    return ("other", repr(value))  # not JSON (a library caller's odd value)


def same(old: Any, new: Any) -> bool:
    """JSON equality: ``==``, except that ``true`` is not ``1`` (``1`` and ``1.0`` are equal)."""
    if old is new:
        return True
    if isinstance(old, dict | list) and old != new:
        # Python's == (in C) calls more values equal than JSON does (1 and true), never fewer:
        # unequal for Python is unequal for JSON, found at C speed.
        return False
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


def pointer_of(tokens: Iterable[Token]) -> str:
    return jp.join("", *tokens)
