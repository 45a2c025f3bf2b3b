"""Is every instance valid under the writer's schema also valid under the reader's?

:func:`included` answers True only with a proof; :func:`schemadiff.semantics.witness.decide`
adds the other side (NO only with a checked witness). The proof works on
:mod:`~schemadiff.semantics.shapes` atoms: every atom of the writer must fit one atom of the
reader (numbers may also fit a union of ranges), finite sets are checked value by value with the
reader's validator, and ``not`` or an overlapping ``oneOf`` on the reader's side is discharged by
proving disjointness. Recursive schemas are handled by assuming a pair that is already being
proven (sound: instances are finite, so the assumption is only used on smaller ones).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from schemadiff.semantics.documents import Document
from schemadiff.semantics.shapes import (
    FINITE_LIMIT,
    VALUE,
    Atom,
    Polarity,
    Unsupported,
    canonical,
    finite_values,
    shape,
    value_type,
)

_DEPTH = 30


def included(w: Any, wdoc: Document, r: Any, rdoc: Document) -> bool:
    """True when it is proven that every instance of ``w`` is valid under ``r``."""
    try:
        return _Prover().sub(w, wdoc, r, rdoc, 0)
    except (Unsupported, RecursionError):
        return False
    except Exception:  # noqa: BLE001 - a schema shape the reasoning did not foresee: not proven.
        return False


def disjoint(a: Any, adoc: Document, b: Any, bdoc: Document) -> bool:
    """True when it is proven that no instance is valid under both ``a`` and ``b``."""
    try:
        return _Prover().disjoint(a, adoc, b, bdoc, 0)
    except (Unsupported, RecursionError):
        return False
    except Exception:  # noqa: BLE001 - a schema shape the reasoning did not foresee: not proven.
        return False


class _Prover:
    def __init__(self) -> None:
        self.assumed: set[tuple[int, int]] = set()
        self.hits = 0
        """How often a pair in progress was assumed; a proof that used none can be cached."""
        self.known: dict[tuple[int, int], tuple[Any, Any, bool]] = {}
        """Settled pairs (a shared definition is proven once). The schemas are kept with the
        answer so that their ids stay theirs while the prover lives."""

    def atom_within(self, atom: Atom, schema: Any, doc: Document) -> bool:
        return self._atom_in_schema(atom, schema, doc, 0)

    # --- inclusion -------------------------------------------------------------------------
    def sub(self, w: Any, wdoc: Document, r: Any, rdoc: Document, depth: int) -> bool:
        if depth > _DEPTH:
            return False
        r = rdoc.deref(r)
        if r is True or (isinstance(r, dict) and not _asserts(r)):
            return True
        w = wdoc.deref(w)
        if w is False:
            return True
        key = (id(w), id(r))
        if key in self.known:
            return self.known[key][2]
        if key in self.assumed:
            self.hits += 1
            return True
        self.assumed.add(key)
        hits = self.hits
        try:
            answer = self._sub(w, wdoc, r, rdoc, depth)
        finally:
            self.assumed.discard(key)
        # "Not proven" never rests on an assumption (assuming only helps); "proven" is settled
        # only when no pair in progress was assumed on the way.
        if not answer or self.hits == hits:
            self.known[key] = (w, r, answer)
        return answer

    def _sub(self, w: Any, wdoc: Document, r: Any, rdoc: Document, depth: int) -> bool:
        values = finite_values(w, wdoc)
        if values is not None:
            wv = wdoc.validator.evolve(schema=w)
            rv = rdoc.validator.evolve(schema=r)
            return all(_valid(rv, v) for v in values if _valid(wv, v))
        writer = shape(w, wdoc, Polarity.WRITER, 0, self)
        reader = shape(r, rdoc, Polarity.READER, 0, self)
        rv = rdoc.validator.evolve(schema=r)
        return all(self._covered(a, reader, rv, depth) for a in writer)

    def _covered(self, a: Atom, reader: list[Atom], rv: Any, depth: int) -> bool:
        if self._empty(a, depth):
            return True
        if a.type == VALUE:
            return _valid(rv, a.value)
        finite = _enumerate(a)
        if finite is not None:
            return all(_valid(rv, v) for v in finite)
        same = [b for b in reader if b.type == a.type]
        if any(self._atom_sub(a, b, depth) for b in same):
            return True
        if a.type == "number":
            return _covered_by_ranges(a, same)
        return False

    def _atom_sub(self, a: Atom, b: Atom, depth: int) -> bool:
        if not b.opaque <= a.opaque:
            return False
        own = {canonical(n) for n in a.nots}
        for negated in b.nots:
            if canonical(negated) in own:
                continue
            if not self._atom_disjoint_schema(a, negated, b.doc, depth):
                return False
        for group in b.one_ofs:
            if not self._one_of(a, group, b.doc, depth):
                return False
        kind = a.type
        if kind == "number":
            return _number_sub(a, b)
        if kind == "string":
            return (b.min_len <= a.min_len and _at_most(a.max_len, b.max_len)
                    and b.patterns <= a.patterns and b.formats <= a.formats)
        if kind == "array":
            return self._array_sub(a, b, depth)
        if kind == "object":
            return self._object_sub(a, b, depth)
        return True  # null, boolean: the type is the whole constraint.

    def _one_of(self, a: Atom, members: tuple[Any, ...], doc: Document, depth: int) -> bool:
        for i, member in enumerate(members):
            if self._atom_in_schema(a, member, doc, depth) and all(
                    self._atom_disjoint_schema(a, other, doc, depth)
                    for j, other in enumerate(members) if j != i):
                return True
        return False

    def _atom_in_schema(self, a: Atom, schema: Any, doc: Document, depth: int) -> bool:
        reader = shape(schema, doc, Polarity.READER, depth + 1, self)
        rv = doc.validator.evolve(schema=doc.deref(schema))
        return self._covered(a, reader, rv, depth + 1)

    def _array_sub(self, a: Atom, b: Atom, depth: int) -> bool:
        if b.min_items > a.min_items or not _at_most(a.max_items, b.max_items):
            return False
        if b.unique and not a.unique and not (a.max_items is not None and a.max_items <= 1):
            return False
        length = max(len(a.prefix), len(b.prefix))
        for index in range(length):
            if a.max_items is not None and index >= a.max_items:
                break
            if not self.sub(a.item(index), a.doc, b.item(index), b.doc, depth + 1):
                return False
        if a.max_items is not None and a.max_items <= length:
            return True
        return self.sub(a.items, a.doc, b.items, b.doc, depth + 1)

    def _object_sub(self, a: Atom, b: Atom, depth: int) -> bool:
        if not b.required <= a.required:
            return False
        if a.max_props == 0:
            return b.min_props == 0  # Only ``{}``: every property rule holds vacuously.
        if b.min_props > a.min_props or not _at_most(a.max_props, b.max_props):
            return False
        names = dict.fromkeys([k for k, _ in a.props] + [k for k, _ in b.props]
                              + sorted(b.required))
        for name in names:
            mine = a.prop(name)
            if mine is False:
                continue
            if not self.sub(mine, a.doc, b.prop(name), b.doc, depth + 1):
                return False
        if not self._other_names(a, b, depth):
            return False
        return all(self._names_fit(a, names_schema, b.doc, depth) for names_schema in b.names)

    def _other_names(self, a: Atom, b: Atom, depth: int) -> bool:
        """Properties named in neither ``properties``: patterns and ``additionalProperties``."""
        b_patterns = dict(b.pattern_props)
        for pattern, schema in a.pattern_props:
            target = b_patterns.get(pattern, b.additional if not b_patterns else None)
            if target is None or not self.sub(schema, a.doc, target, b.doc, depth + 1):
                return False
        for pattern, schema in b.pattern_props:
            if pattern in dict(a.pattern_props):
                continue
            # Names matching a reader-only pattern come from the writer's additionalProperties.
            if not self.sub(a.additional, a.doc, schema, b.doc, depth + 1):
                return False
        if a.additional is False:
            return True
        return self.sub(a.additional, a.doc, b.additional, b.doc, depth + 1)

    def _names_fit(self, a: Atom, names_schema: Any, doc: Document, depth: int) -> bool:
        if any(self.sub(mine, a.doc, names_schema, doc, depth + 1) for mine in a.names):
            return True
        if a.additional is not False or a.pattern_props:
            return False
        validator = doc.validator.evolve(schema=doc.deref(names_schema))
        return all(_valid(validator, name) for name, schema in a.props if schema is not False)

    # --- emptiness and disjointness ---------------------------------------------------------
    def _empty(self, a: Atom, depth: int) -> bool:  # noqa: ARG002 - one signature for all
        kind = a.type
        if kind == "number":
            if a.lo is None or a.hi is None:
                return False
            if a.lo > a.hi or (a.lo == a.hi and (a.lo_excl or a.hi_excl)):
                return True
            return a.integral and _enumerate_integers(a) == []
        if kind == "string":
            return a.max_len is not None and a.min_len > a.max_len
        if kind == "array":
            if a.max_items is not None and a.min_items > a.max_items:
                return True
            return any(_is_false(a.doc, a.item(i)) for i in range(a.min_items))
        if kind == "object":
            if a.max_props is not None and a.min_props > a.max_props:
                return True
            return any(_is_false(a.doc, a.prop(name)) for name in a.required)
        return False

    def disjoint(self, x: Any, xdoc: Document, y: Any, ydoc: Document, depth: int) -> bool:
        if depth > _DEPTH:
            return False
        x, y = xdoc.deref(x), ydoc.deref(y)
        if x is False or y is False:
            return True
        for (one, odoc), (other, tdoc) in (((x, xdoc), (y, ydoc)), ((y, ydoc), (x, xdoc))):
            values = finite_values(one, odoc)
            if values is not None:
                ov = odoc.validator.evolve(schema=one)
                tv = tdoc.validator.evolve(schema=other)
                return not any(_valid(ov, v) and _valid(tv, v) for v in values)
        left = shape(x, xdoc, Polarity.WRITER, depth + 1, self)
        right = shape(y, ydoc, Polarity.WRITER, depth + 1, self)
        return all(self._atoms_disjoint(a, b, depth) for a in left for b in right)

    def _atom_disjoint_schema(self, a: Atom, schema: Any, doc: Document, depth: int) -> bool:
        if a.type == VALUE:
            validator = doc.validator.evolve(schema=doc.deref(schema))
            return not _valid(validator, a.value)
        other = shape(schema, doc, Polarity.WRITER, depth + 1, self)
        return all(self._atoms_disjoint(a, b, depth) for b in other)

    def _atoms_disjoint(self, a: Atom, b: Atom, depth: int) -> bool:
        if a.type == VALUE and b.type == VALUE:
            return bool(a.value != b.value or type(a.value) is not type(b.value))
        if a.type == VALUE or b.type == VALUE:
            value_atom, other = (a, b) if a.type == VALUE else (b, a)
            return _rejects(other, value_atom.value)
        if a.type != b.type:
            return True
        if self._empty(a, depth) or self._empty(b, depth):
            return True
        kind = a.type
        if kind == "number":
            return _ranges_apart(a, b)
        if kind == "string":
            return (a.max_len is not None and b.min_len > a.max_len) or (
                b.max_len is not None and a.min_len > b.max_len)
        if kind == "array":
            if (a.max_items is not None and b.min_items > a.max_items) or (
                    b.max_items is not None and a.min_items > b.max_items):
                return True
            least = max(a.min_items, b.min_items)
            return any(self.disjoint(a.item(i), a.doc, b.item(i), b.doc, depth + 1)
                       for i in range(least))
        if kind == "object":
            if (a.max_props is not None and b.min_props > a.max_props) or (
                    b.max_props is not None and a.min_props > b.max_props):
                return True
            for name in sorted(a.required | b.required):
                if self.disjoint(a.prop(name), a.doc, b.prop(name), b.doc, depth + 1):
                    return True
            return False
        return False


def _rejects(atom: Atom, value: Any) -> bool:
    """True when the bounds of ``atom`` alone rule ``value`` out."""
    if value_type(value) != atom.type:
        return True
    if atom.type == "number":
        if atom.integral and not float(value).is_integer():
            return True
        probe = Atom("number", atom.doc, lo=value, hi=value)
        return not (_lower_ok(probe, atom) and _upper_ok(probe, atom))
    if atom.type == "string":
        return len(value) < atom.min_len or (atom.max_len is not None and
                                             len(value) > atom.max_len)
    if atom.type == "array":
        return len(value) < atom.min_items or (atom.max_items is not None and
                                               len(value) > atom.max_items)
    if atom.type == "object":
        return len(value) < atom.min_props or (atom.max_props is not None and
                                               len(value) > atom.max_props) or not (
            atom.required <= set(value))
    return False


def _asserts(schema: dict[str, Any]) -> bool:
    from schemadiff.jsonschema_facts import is_annotation

    return any(not is_annotation(key) for key in schema)


def _is_false(doc: Document, schema: Any) -> bool:
    return doc.deref(schema) is False


def _valid(validator: Any, value: Any) -> bool:
    try:
        return bool(validator.is_valid(value))
    except Exception:  # noqa: BLE001 - cannot decide: treat as not proven.
        raise Unsupported("the validator cannot decide") from None


def _at_most(mine: int | None, limit: int | None) -> bool:
    return limit is None or (mine is not None and mine <= limit)


def _enumerate(a: Atom) -> list[Any] | None:
    if a.type == "null":
        return [None]
    if a.type == "boolean":
        return [False, True]
    if a.type == "number" and a.integral:
        return _enumerate_integers(a)
    return None


def _enumerate_integers(a: Atom) -> list[Any] | None:
    if a.lo is None or a.hi is None or a.hi - a.lo > FINITE_LIMIT:
        return None
    numbers = list(range(int(a.lo), int(a.hi) + 1))
    return [n for n in numbers if all(_divides(Fraction(str(m)), Fraction(n)) for m in a.multiples)]


def _divides(m: Fraction, n: Fraction) -> bool:
    return m != 0 and (n / m).denominator == 1


def _number_sub(a: Atom, b: Atom) -> bool:
    if b.integral and not a.integral:
        return False
    if not _lower_ok(a, b) or not _upper_ok(a, b):
        return False
    for m in b.multiples:
        mb = Fraction(str(m))
        if a.integral and _divides(mb, Fraction(1)):
            continue
        if not any(_divides(mb, Fraction(str(n))) for n in a.multiples) and not (
                a.multiples and _divides(mb, _lcm([Fraction(str(n)) for n in a.multiples]))):
            return False
    return True


def _lcm(steps: list[Fraction]) -> Fraction:
    """The least common multiple of positive rationals: a multiple of all is a multiple of it."""
    import math

    numerator, denominator = 1, 0
    for step in steps:
        numerator = math.lcm(numerator, step.numerator)
        denominator = math.gcd(denominator, step.denominator)
    return Fraction(numerator, denominator or 1)


def _lower_ok(a: Atom, b: Atom) -> bool:
    if b.lo is None:
        return True
    if a.lo is None:
        return False
    return a.lo > b.lo or (a.lo == b.lo and (a.lo_excl or not b.lo_excl))


def _upper_ok(a: Atom, b: Atom) -> bool:
    if b.hi is None:
        return True
    if a.hi is None:
        return False
    return a.hi < b.hi or (a.hi == b.hi and (a.hi_excl or not b.hi_excl))


def _covered_by_ranges(a: Atom, readers: list[Atom]) -> bool:
    """A number range covered by the union of plain reader ranges (``[0,5] | [5,10]``)."""
    plain = [b for b in readers if not (b.multiples or b.opaque or b.nots or b.one_ofs)
             and (a.integral or not b.integral)]
    if not plain:
        return False
    # Walk up from the writer's lower bound, each step jumping to the end of a reader range that
    # contains the current point.
    point, point_excl = a.lo, a.lo_excl
    for _ in range(len(plain) + 1):
        probe = Atom("number", a.doc, lo=point, lo_excl=point_excl, hi=a.hi, hi_excl=a.hi_excl,
                     integral=a.integral)
        if any(_number_sub(probe, b) for b in plain):
            return True
        extended = False
        for b in plain:
            if _contains_start(b, point, point_excl, a.integral) and b.hi is not None and (
                    point is None or b.hi > point):
                point, point_excl = b.hi, not b.hi_excl
                if a.integral:
                    point, point_excl = (b.hi + 1 if not b.hi_excl else b.hi), False
                extended = True
                break
        if not extended:
            return False
    return False


def _contains_start(b: Atom, point: float | None, point_excl: bool, integral: bool) -> bool:
    probe = Atom("number", b.doc, lo=point, lo_excl=point_excl, hi=point, hi_excl=False,
                 integral=integral)
    if point is None:
        return b.lo is None
    return _lower_ok(probe, b)


def _ranges_apart(a: Atom, b: Atom) -> bool:
    def below(x: Atom, y: Atom) -> bool:  # every x is below every y
        if x.hi is None or y.lo is None:
            return False
        return x.hi < y.lo or (x.hi == y.lo and (x.hi_excl or y.lo_excl))

    if below(a, b) or below(b, a):
        return True
    if a.integral and b.integral:
        merged = Atom("number", a.doc, lo=_max_opt(a.lo, b.lo), hi=_min_opt(a.hi, b.hi),
                      integral=True)
        return merged.lo is not None and merged.hi is not None and merged.lo > merged.hi
    return False


def _max_opt(x: float | None, y: float | None) -> float | None:
    return y if x is None else x if y is None else max(x, y)


def _min_opt(x: float | None, y: float | None) -> float | None:
    return y if x is None else x if y is None else min(x, y)
