"""A schema as a union of per-type constraint sets (atoms), for reasoning about inclusion.

Every instance has exactly one JSON type, so a schema is the union over types of what it accepts
of each type. An :class:`Atom` is one such set: a JSON type plus the constraints of the keywords
that apply to it (bounds, lengths, properties, items, ...). ``anyOf`` concatenates atoms, ``allOf``
intersects them type by type, ``enum``/``const`` give :data:`VALUE` atoms (a finite set, checked
exactly by validating each value).

Approximation has a direction. The writer's schema may be over-approximated (a keyword that is not
understood is dropped: the set only grows), the reader's may only be under-approximated (a keyword
that is not understood is kept as an opaque constraint, which only an identical writer keyword
satisfies). So "every writer atom fits a reader atom" proves inclusion, never the reverse.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Protocol

from schemadiff.jsonschema_facts import is_annotation, json_type
from schemadiff.semantics.documents import ASSERTED_FORMATS, Document

TYPES = ("null", "boolean", "number", "string", "array", "object")
VALUE = "value"
"""The type of an atom holding one concrete JSON value (from ``enum``/``const``)."""

FINITE_LIMIT = 64
"""A finite set (an enum, a small integer range) up to this size is checked value by value."""


class Polarity(StrEnum):
    """Which way a shape may be approximated: the writer's grows, the reader's shrinks."""

    WRITER = "writer"
    READER = "reader"


class Unsupported(Exception):
    """The reasoning cannot represent this schema (the answer becomes UNKNOWN)."""


# Keywords whose meaning the atoms model; any other assertion keyword is opaque.
_MODELLED = frozenset({
    "type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "multipleOf", "minLength", "maxLength", "pattern", "format", "items", "prefixItems",
    "additionalItems", "minItems", "maxItems", "uniqueItems", "properties", "required",
    "additionalProperties", "patternProperties", "minProperties", "maxProperties",
    "propertyNames", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "$ref", "nullable",
    "$defs", "definitions",
})
# Assertion keywords that are kept opaque (compared only for identity).
_OPAQUE = frozenset({
    "contains", "minContains", "maxContains", "dependencies", "dependentRequired",
    "dependentSchemas", "unevaluatedItems", "unevaluatedProperties", "$dynamicRef",
    "$recursiveRef", "contentSchema",
})
_INTERACTING = frozenset({"unevaluatedItems", "unevaluatedProperties", "$dynamicRef",
                          "$recursiveRef"})
_APPLIES = {
    "number": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
    "string": ("minLength", "maxLength", "pattern", "format"),
    "array": ("items", "prefixItems", "additionalItems", "minItems", "maxItems", "uniqueItems",
              "contains", "minContains", "maxContains", "unevaluatedItems"),
    "object": ("properties", "required", "additionalProperties", "patternProperties",
               "minProperties", "maxProperties", "propertyNames", "dependencies",
               "dependentRequired", "dependentSchemas", "unevaluatedProperties"),
}
_TYPE_OF_KEYWORD = {keyword: kind for kind, keywords in _APPLIES.items() for keyword in keywords}


@dataclass(frozen=True, slots=True)
class Atom:
    """The instances of one JSON type that satisfy a conjunction of constraints."""

    type: str
    doc: Document = field(compare=False, repr=False)
    value: Any = None
    """The one value of a :data:`VALUE` atom."""
    # number (``integral`` for ``integer``)
    lo: float | None = None
    lo_excl: bool = False
    hi: float | None = None
    hi_excl: bool = False
    integral: bool = False
    multiples: tuple[float, ...] = ()
    # string
    min_len: int = 0
    max_len: int | None = None
    patterns: frozenset[str] = frozenset()
    formats: frozenset[str] = frozenset()
    # array
    min_items: int = 0
    max_items: int | None = None
    prefix: tuple[Any, ...] = ()
    items: Any = True
    unique: bool = False
    # object
    props: tuple[tuple[str, Any], ...] = ()
    required: frozenset[str] = frozenset()
    additional: Any = True
    pattern_props: tuple[tuple[str, Any], ...] = ()
    min_props: int = 0
    max_props: int | None = None
    names: tuple[Any, ...] = ()
    """``propertyNames`` schemas (all must hold)."""
    # any type
    opaque: frozenset[str] = frozenset()
    """Canonical ``keyword=value`` strings of constraints the reasoning does not model."""
    nots: tuple[Any, ...] = ()
    """Schemas the instances must not match (reader side: checked by disjointness)."""
    one_ofs: tuple[tuple[Any, ...], ...] = ()
    """``oneOf`` groups whose members may overlap (reader side): exactly one must match."""

    def prop(self, name: str) -> Any:
        """The schema a property called ``name`` must satisfy (``False``: it cannot appear)."""
        schemas = [schema for key, schema in self.props if key == name]
        if schemas:
            found: list[Any] = schemas
        else:
            found = [schema for pattern, schema in self.pattern_props if _search(pattern, name)]
            if not found:
                found = [self.additional]
        if any(schema is False for schema in found):
            return False
        found = [schema for schema in found if schema is not True and schema != {}]
        if not found:
            return True
        return found[0] if len(found) == 1 else {"allOf": found}

    def item(self, index: int) -> Any:
        return self.prefix[index] if index < len(self.prefix) else self.items

    @property
    def bare(self) -> bool:
        """True when nothing but the type constrains the atom."""
        return self == Atom(self.type, self.doc, integral=self.integral)


def _search(pattern: str, name: str) -> bool:
    from schemadiff.errors import SchemaError
    from schemadiff.patterns import search

    try:
        return search(pattern, name)
    except SchemaError:
        raise Unsupported(f"pattern {pattern!r}") from None


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def universe(doc: Document) -> list[Atom]:
    return [Atom(kind, doc) for kind in TYPES]


class Relations(Protocol):
    """What the shapes of ``oneOf`` need from the inclusion prover (handed in as a value, so
    that this module does not import the prover that imports it)."""

    def disjoint(self, x: Any, xdoc: Document, y: Any, ydoc: Document, depth: int) -> bool:
        """True when it is proven that no instance is valid under both ``x`` and ``y``."""

    def atom_within(self, atom: Atom, schema: Any, doc: Document) -> bool:
        """True when every instance of ``atom`` is proven valid under ``schema``."""


def shape(schema: Any, doc: Document, polarity: Polarity, depth: int = 0,
          relations: Relations | None = None) -> list[Atom]:
    """The atoms of ``schema`` (in ``doc``), approximated in the direction ``polarity`` allows.

    Without ``relations`` a ``oneOf`` is read as ``anyOf`` for the writer (a superset) and kept
    as an exactly-one constraint for the reader.
    """
    if depth > 40:
        raise Unsupported("schema nested too deeply")
    schema = doc.deref(schema)
    if schema is True:
        return universe(doc)
    if schema is False:
        return []
    if not isinstance(schema, dict):
        raise Unsupported("not a schema")
    values = finite_values(schema, doc)
    if values is not None:
        validator = doc.validator.evolve(schema=schema)
        return [Atom(VALUE, doc, value=v) for v in values if _accepts(validator, v)]
    atoms = _typed(schema, doc, polarity)
    for keyword in ("allOf",):
        for member in schema.get(keyword, ()):
            atoms = intersect(atoms, shape(member, doc, polarity, depth + 1, relations), polarity)
    if "anyOf" in schema:
        atoms = intersect(atoms, _union(schema["anyOf"], doc, polarity, depth, relations),
                          polarity)
    if "oneOf" in schema:
        members = schema["oneOf"]
        if polarity is Polarity.WRITER:
            atoms = intersect(atoms, _exclusive(members, doc, depth, relations), polarity)
        elif _pairwise_disjoint(members, doc, relations):
            atoms = intersect(atoms, _union(members, doc, polarity, depth, relations), polarity)
        else:
            atoms = [replace(a, one_ofs=(*a.one_ofs, tuple(members))) for a in atoms]
    if "not" in schema:
        atoms = _negate(atoms, schema["not"], doc, polarity, depth, relations)
    if "if" in schema:
        atoms = _conditional(atoms, schema, doc, polarity, depth, relations)
    return atoms


def _accepts(validator: Any, value: Any) -> bool:
    try:
        return bool(validator.is_valid(value))
    except Exception:  # noqa: BLE001 - a validator failure: the value is not known to fit.
        raise Unsupported("the validator cannot decide") from None


def _union(members: Iterable[Any], doc: Document, polarity: Polarity, depth: int,
           relations: Relations | None) -> list[Atom]:
    atoms: list[Atom] = []
    for member in members:
        atoms.extend(shape(member, doc, polarity, depth + 1, relations))
    return atoms


def _exclusive(members: list[Any], doc: Document, depth: int,
               relations: Relations | None) -> list[Atom]:
    """The writer's ``oneOf``: each member's atoms, less those proven inside another member
    (an instance there matches two members, so ``oneOf`` rejects it)."""
    atoms: list[Atom] = []
    for i, member in enumerate(members):
        for atom in shape(member, doc, Polarity.WRITER, depth + 1, relations):
            if relations is None or not any(
                    _safely(relations.atom_within, atom, other, doc)
                    for j, other in enumerate(members) if j != i):
                atoms.append(atom)
    return atoms


def _pairwise_disjoint(members: list[Any], doc: Document, relations: Relations | None) -> bool:
    if relations is None:
        return False
    return all(_safely(relations.disjoint, a, doc, b, doc, 0)
               for i, a in enumerate(members) for b in members[i + 1:])


def _safely(question: Any, *args: Any) -> bool:
    """A yes/no question to the prover; whatever it cannot represent is a "not proven"."""
    try:
        return bool(question(*args))
    except (Unsupported, RecursionError):
        return False


def _negate(atoms: list[Atom], negated: Any, doc: Document, polarity: Polarity,
            depth: int, relations: Relations | None = None) -> list[Atom]:
    """``atoms`` without the instances of ``negated``.

    The complement is exact when the negated schema's atoms carry only bounds (each bound's
    complement is a bound). The writer may use the complement of an under-approximation (a
    superset of the truth), the reader the complement of an over-approximation (a subset).
    """
    negated = doc.deref(negated)
    if isinstance(negated, dict) and set(negated) == {"not"}:
        return intersect(atoms, shape(negated["not"], doc, polarity, depth + 1, relations),
                         polarity)
    inner = Polarity.READER if polarity is Polarity.WRITER else Polarity.WRITER
    try:
        excluded = shape(negated, doc, inner, depth + 1, relations)
        complement = _complement(excluded, doc, polarity)
    except Unsupported:
        complement = None
    if complement is not None:
        return intersect(atoms, complement, polarity)
    # The writer's atoms keep it as a real constraint (it only ever satisfies an identical
    # reader exclusion); on the reader's side it must be discharged by disjointness.
    return [replace(a, nots=(*a.nots, negated)) for a in atoms]


def _complement(atoms: list[Atom], doc: Document, polarity: Polarity) -> list[Atom] | None:
    result = universe(doc)
    for atom in atoms:
        part = _atom_complement(atom, doc, polarity)
        if part is None:
            return None
        result = intersect(result, part, polarity)
    return result


def _atom_complement(atom: Atom, doc: Document, polarity: Polarity) -> list[Atom] | None:
    if atom.type == VALUE:
        value, kind = atom.value, value_type(atom.value)
        rest = [Atom(other, doc) for other in TYPES if other != kind]
        if kind == "null":
            return rest
        if kind == "boolean":
            return [*rest, Atom(VALUE, doc, value=not value)]
        if value == "":
            return [*rest, Atom("string", doc, min_len=1)]
        # The writer's atoms keep the exclusion too: an identical reader exclusion then holds.
        return [replace(a, nots=({"const": value},)) for a in universe(doc)]
    others = [Atom(kind, doc) for kind in TYPES if kind != atom.type]
    plain = Atom(atom.type, doc)
    if atom.opaque or atom.nots or atom.one_ofs:
        return None
    parts: list[Atom] = []
    kind = atom.type
    if kind == "number":
        if atom.multiples:
            return None
        if atom.integral:
            # Non-integral numbers cannot be written as a bound; only the integral case is exact.
            if polarity is Polarity.READER:
                return None
            parts.append(plain)
        else:
            if atom.lo is not None:
                parts.append(replace(plain, hi=atom.lo, hi_excl=not atom.lo_excl))
            if atom.hi is not None:
                parts.append(replace(plain, lo=atom.hi, lo_excl=not atom.hi_excl))
    elif kind == "string":
        if atom.patterns or atom.formats:
            return None
        if atom.min_len > 0:
            parts.append(replace(plain, max_len=atom.min_len - 1))
        if atom.max_len is not None:
            parts.append(replace(plain, min_len=atom.max_len + 1))
    elif kind == "array":
        if atom.prefix or atom.unique or not _trivial(atom.items):
            return None
        if atom.min_items > 0:
            parts.append(replace(plain, max_items=atom.min_items - 1))
        if atom.max_items is not None:
            parts.append(replace(plain, min_items=atom.max_items + 1))
    elif kind == "object":
        if atom.props or atom.required or atom.pattern_props or atom.names or not _trivial(
                atom.additional):
            return None
        if atom.min_props > 0:
            parts.append(replace(plain, max_props=atom.min_props - 1))
        if atom.max_props is not None:
            parts.append(replace(plain, min_props=atom.max_props + 1))
    return others + [normalise(part) for part in parts]


def _trivial(schema: Any) -> bool:
    return schema is True or schema == {}


def _conditional(atoms: list[Atom], schema: dict[str, Any], doc: Document, polarity: Polarity,
                 depth: int, relations: Relations | None) -> list[Atom]:
    condition = schema["if"]
    then, otherwise = schema.get("then", True), schema.get("else", True)
    matched = intersect(shape(condition, doc, polarity, depth + 1, relations),
                        shape(then, doc, polarity, depth + 1, relations), polarity)
    unmatched = shape(otherwise, doc, polarity, depth + 1, relations)
    if polarity is Polarity.READER:
        unmatched = _negate(unmatched, condition, doc, polarity, depth, relations)
    return intersect(atoms, matched + unmatched, polarity)


def _pure_types(schema: Any) -> set[str] | None:
    """The types a schema of only ``type`` accepts, else ``None``."""
    if not isinstance(schema, dict) or set(schema) - {"type"} or "type" not in schema:
        return None
    kinds = schema["type"]
    return {kinds} if isinstance(kinds, str) else set(kinds)


def value_type(value: Any) -> str:
    """The atom type of a value (``integer`` counts as ``number``)."""
    kind = json_type(value)
    return "number" if kind == "integer" else kind


def finite_values(schema: Any, doc: Document, depth: int = 0) -> list[Any] | None:
    """Candidate values when ``schema`` accepts only finitely many (a superset, to filter)."""
    schema = doc.deref(schema)
    if schema is False:
        return []
    if not isinstance(schema, dict) or depth > 20:
        return None
    if "const" in schema:
        return [schema["const"]]
    if isinstance(schema.get("enum"), list):
        return _dedupe(schema["enum"])
    kinds = schema.get("type")
    if isinstance(kinds, str):
        kinds = [kinds]
    if isinstance(kinds, list) and kinds and set(kinds) <= {"null", "boolean"}:
        return [v for kind in kinds for v in ((None,) if kind == "null" else (False, True))]
    for member in schema.get("allOf", ()):
        found = finite_values(member, doc, depth + 1)
        if found is not None:
            return found
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            parts = [finite_values(m, doc, depth + 1) for m in schema[keyword]]
            if all(part is not None for part in parts):
                return _dedupe(v for part in parts for v in part or ())
    return None


def _dedupe(values: Iterable[Any]) -> list[Any]:
    seen: dict[str, Any] = {}
    for value in values:
        seen.setdefault(canonical(value), value)
    return list(seen.values())


def _typed(schema: dict[str, Any], doc: Document, polarity: Polarity) -> list[Atom]:
    kinds = schema.get("type")
    if kinds is None:
        names = list(TYPES)
    else:
        listed = [kinds] if isinstance(kinds, str) else list(kinds)
        names = []
        for kind in listed:
            names.append("number" if kind == "integer" else kind)
        if schema.get("nullable") is True and doc.legacy:
            names.append("null")
    atoms: list[Atom] = []
    for kind in dict.fromkeys(names):
        if kind not in TYPES:
            continue
        integral = kind == "number" and "number" not in (
            [kinds] if isinstance(kinds, str) else list(kinds or [])) and kinds is not None
        atoms.append(_constrain(Atom(kind, doc, integral=integral), schema, doc, polarity))
    return atoms


def _constrain(atom: Atom, schema: dict[str, Any], doc: Document, polarity: Polarity) -> Atom:
    opaque = set()
    for keyword, value in schema.items():
        if keyword in _MODELLED or is_annotation(keyword):
            continue
        if keyword not in _OPAQUE or _TYPE_OF_KEYWORD.get(keyword, atom.type) != atom.type:
            continue
        if keyword in _INTERACTING:
            # Its meaning depends on every other applicator of the schema, so an identical
            # keyword elsewhere proves nothing: the writer drops it, the reader cannot.
            if polarity is Polarity.READER:
                raise Unsupported(keyword)
            continue
        if keyword in ("minContains", "maxContains"):
            continue  # compared together with ``contains``
        if keyword == "contains":
            value = [value, schema.get("minContains"), schema.get("maxContains")]
        opaque.add(f"{keyword}={canonical(value)}")
        # Any other keyword is unknown to every dialect: an annotation (2020-12, section 6.5).
    kind = atom.type
    changes: dict[str, Any] = {"opaque": frozenset(opaque)}
    if kind == "number":
        changes.update(_numeric(schema))
    elif kind == "string":
        changes.update(_string(schema, polarity))
    elif kind == "array":
        changes.update(_array(schema, doc))
    elif kind == "object":
        changes.update(_object(schema))
    constrained = replace(atom, **changes)
    return normalise(constrained)


def _numeric(schema: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    lo, lo_excl, hi, hi_excl = None, False, None, False
    if isinstance(schema.get("minimum"), int | float):
        lo = schema["minimum"]
        if schema.get("exclusiveMinimum") is True:
            lo_excl = True
    if isinstance(schema.get("exclusiveMinimum"), int | float) and not isinstance(
            schema["exclusiveMinimum"], bool):
        bound = schema["exclusiveMinimum"]
        if lo is None or bound >= lo:
            lo, lo_excl = bound, True
    if isinstance(schema.get("maximum"), int | float):
        hi = schema["maximum"]
        if schema.get("exclusiveMaximum") is True:
            hi_excl = True
    if isinstance(schema.get("exclusiveMaximum"), int | float) and not isinstance(
            schema["exclusiveMaximum"], bool):
        bound = schema["exclusiveMaximum"]
        if hi is None or bound <= hi:
            hi, hi_excl = bound, True
    out.update(lo=lo, lo_excl=lo_excl, hi=hi, hi_excl=hi_excl)
    if isinstance(schema.get("multipleOf"), int | float) and schema["multipleOf"] > 0:
        out["multiples"] = (schema["multipleOf"],)
    return out


def _string(schema: dict[str, Any], polarity: Polarity) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(schema.get("minLength"), int):
        out["min_len"] = schema["minLength"]
    if isinstance(schema.get("maxLength"), int):
        out["max_len"] = schema["maxLength"]
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        least = _pattern_length(pattern)
        if least is not None:
            # ``.{2,}`` and ``.+`` only ask for a length (of non-newline characters): the writer
            # may read them as the length bound they imply (a superset); the reader may not.
            if least == 0:
                pass
            else:
                out["patterns"] = frozenset({f".{{{least},}}"})  # one spelling: .+ is .{1,}
                if polarity is Polarity.WRITER:
                    out["min_len"] = max(out.get("min_len", 0), least)
        else:
            out["patterns"] = frozenset({pattern})
    fmt = schema.get("format")
    if isinstance(fmt, str) and fmt in ASSERTED_FORMATS:
        out["formats"] = frozenset({fmt})
    return out


_LENGTH_PATTERN = re.compile(r"\^?\.(?:\*|\+|\{(\d+),(\d*)\})\$?|\^?\$?|")


def _pattern_length(pattern: str) -> int | None:
    """The least length a pattern of only "any characters" (``.+``, ``.{2,}``, ``""``) asks."""
    match = _LENGTH_PATTERN.fullmatch(pattern)
    if match is None:
        return None
    if pattern in ("", "^", "$", "^$"):
        return 0 if pattern != "^$" else None
    if ".+" in pattern:
        return 1
    if ".*" in pattern:
        return 0
    return int(match.group(1)) if match.group(1) is not None else None


def _array(schema: dict[str, Any], doc: Document) -> dict[str, Any]:
    out: dict[str, Any] = {}
    items = schema.get("items", True)
    if doc.legacy:
        if isinstance(items, list):
            out["prefix"] = tuple(items)
            out["items"] = schema.get("additionalItems", True)
        else:
            out["items"] = items
    else:
        out["prefix"] = tuple(schema.get("prefixItems", ()))
        out["items"] = items
    if isinstance(schema.get("minItems"), int):
        out["min_items"] = schema["minItems"]
    if isinstance(schema.get("maxItems"), int):
        out["max_items"] = schema["maxItems"]
    out["unique"] = schema.get("uniqueItems") is True
    return out


def _object(schema: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    out["props"] = tuple((k, v) for k, v in schema.get("properties", {}).items())
    out["required"] = frozenset(schema.get("required", ()))
    out["additional"] = schema.get("additionalProperties", True)
    out["pattern_props"] = tuple(schema.get("patternProperties", {}).items())
    if isinstance(schema.get("minProperties"), int):
        out["min_props"] = schema["minProperties"]
    if isinstance(schema.get("maxProperties"), int):
        out["max_props"] = schema["maxProperties"]
    if "propertyNames" in schema:
        out["names"] = (schema["propertyNames"],)
    return out


def normalise(atom: Atom) -> Atom:
    """Equivalent constraints written one way: integer bounds inclusive, implied limits made
    explicit (so ``exclusiveMinimum: 5`` and ``minimum: 6`` compare equal on integers)."""
    if atom.type == "number":
        integral = atom.integral or any(float(m).is_integer() for m in atom.multiples)
        lo, lo_excl, hi, hi_excl = atom.lo, atom.lo_excl, atom.hi, atom.hi_excl
        if integral:
            if lo is not None:
                lo, lo_excl = (math.floor(lo) + 1 if lo_excl else math.ceil(lo)), False
            if hi is not None:
                hi, hi_excl = (math.ceil(hi) - 1 if hi_excl else math.floor(hi)), False
        return replace(atom, integral=integral, lo=lo, lo_excl=lo_excl, hi=hi, hi_excl=hi_excl,
                       multiples=tuple(m for m in atom.multiples
                                       if not (integral and m == 1)))
    if atom.type == "array":
        most = atom.max_items
        if atom.items is False:
            most = len(atom.prefix) if most is None else min(most, len(atom.prefix))
        return replace(atom, max_items=most)
    if atom.type == "object":
        least = max(atom.min_props, len(atom.required))
        most = atom.max_props
        if atom.additional is False and not atom.pattern_props:
            allowed = sum(1 for _, schema in atom.props if schema is not False)
            most = allowed if most is None else min(most, allowed)
        return replace(atom, min_props=least, max_props=most)
    return atom


def intersect(left: list[Atom], right: list[Atom], polarity: Polarity) -> list[Atom]:
    """The atoms of the conjunction of two shapes."""
    out: list[Atom] = []
    for a in left:
        for b in right:
            both = _meet(a, b, polarity)
            if both is not None:
                out.append(both)
    return out


def _meet(a: Atom, b: Atom, polarity: Polarity) -> Atom | None:
    if a.type == VALUE or b.type == VALUE:
        value_atom, other = (a, b) if a.type == VALUE else (b, a)
        if other.type == VALUE:
            return a if canonical(a.value) == canonical(b.value) else None
        if value_type(value_atom.value) != other.type:
            return None
        if other.type == "number" and other.integral and json_type(value_atom.value) != "integer":
            return None
        if polarity is Polarity.WRITER or other.bare:
            return value_atom
        raise Unsupported("a value constrained by other keywords")
    if a.type != b.type:
        return None
    doc = a.doc
    common: dict[str, Any] = {
        "opaque": a.opaque | b.opaque, "nots": a.nots + b.nots, "one_ofs": a.one_ofs + b.one_ofs,
    }
    if a.doc is not b.doc:
        raise Unsupported("atoms of two documents")
    kind = a.type
    if kind == "number":
        lo, lo_excl = _tighter(a.lo, a.lo_excl, b.lo, b.lo_excl, max)
        hi, hi_excl = _tighter(a.hi, a.hi_excl, b.hi, b.hi_excl, min)
        common.update(lo=lo, lo_excl=lo_excl, hi=hi, hi_excl=hi_excl,
                      integral=a.integral or b.integral,
                      multiples=tuple(dict.fromkeys(a.multiples + b.multiples)))
    elif kind == "string":
        common.update(min_len=max(a.min_len, b.min_len), max_len=_least(a.max_len, b.max_len),
                      patterns=a.patterns | b.patterns, formats=a.formats | b.formats)
    elif kind == "array":
        length = max(len(a.prefix), len(b.prefix))
        common.update(min_items=max(a.min_items, b.min_items),
                      max_items=_least(a.max_items, b.max_items),
                      prefix=tuple(_both(a.item(i), b.item(i)) for i in range(length)),
                      items=_both(a.items, b.items), unique=a.unique or b.unique)
    elif kind == "object":
        if a.pattern_props and b.pattern_props:
            raise Unsupported("patternProperties on both sides of allOf")
        names = dict.fromkeys([k for k, _ in a.props] + [k for k, _ in b.props])
        common.update(
            props=tuple((name, _both(a.prop(name), b.prop(name))) for name in names),
            required=a.required | b.required, additional=_both(a.additional, b.additional),
            pattern_props=a.pattern_props or b.pattern_props,
            min_props=max(a.min_props, b.min_props), max_props=_least(a.max_props, b.max_props),
            names=a.names + b.names)
    return normalise(replace(Atom(kind, doc), **common))


def _both(x: Any, y: Any) -> Any:
    if x is True or x == {}:
        return y
    if y is True or y == {}:
        return x
    if x is False or y is False:
        return False
    return {"allOf": [x, y]}


def _least(x: int | None, y: int | None) -> int | None:
    if x is None:
        return y
    return x if y is None else min(x, y)


def _tighter(x: float | None, x_excl: bool, y: float | None, y_excl: bool,
             pick: Any) -> tuple[float | None, bool]:
    if x is None:
        return y, y_excl
    if y is None or (x == y and x_excl):
        return x, x_excl
    if x == y:
        return y, y_excl
    return (x, x_excl) if pick(x, y) == x else (y, y_excl)
