"""Instances generated from a schema: candidates for witnesses and the samples of ``--verify``.

The generator is deterministic and bounded. For each schema node it yields values at the edges of
its constraints (the bounds, one past them, lengths at the limits, each enum value, each union
member) and, for objects and arrays, one base instance plus variations that change one part at a
time, so that a difference deep inside a message still surfaces in a whole message. ``hints``
(values and names taken from the other side's schema) add the edges the other side cares about.
Nothing here claims validity: callers check every candidate with a real validator.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from schemadiff.semantics.documents import Document

_FORMATS = {
    "date-time": ["2024-01-02T03:04:05Z", "not a date-time"],
    "date": ["2024-01-02", "2024-13-45"],
    "time": ["03:04:05Z", "25:61:00"],
    "email": ["a@example.com", "not-an-email"],
    "idn-email": ["a@example.com", "not-an-email"],
    "hostname": ["example.com", "-bad-.host-"],
    "idn-hostname": ["example.com", "-bad-.host-"],
    "ipv4": ["192.0.2.1", "999.0.0.1"],
    "ipv6": ["2001:db8::1", "2001:::1"],
    "uri": ["https://example.com/x", "not a uri"],
    "uri-reference": ["/x", "\\\\bad"],
    "uuid": ["12345678-1234-5678-1234-567812345678", "not-a-uuid"],
    "regex": ["^a+$", "(unclosed"],
    "duration": ["P1D", "1 day"],
    "json-pointer": ["/a/b", "a/b"],
}
_ANY: list[Any] = [None, True, False, 0, 1, -1, 2.5, "", "a", [], {}]


@dataclass(slots=True)
class Hints:
    """Values and property names the other side of a comparison mentions."""

    numbers: set[float] = field(default_factory=set)
    lengths: set[int] = field(default_factory=set)
    strings: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    values: list[Any] = field(default_factory=list)


def hints_of(document: Document) -> Hints:
    """Collect the constants a schema tests for, to generate values around them."""
    hints = Hints()
    stack: list[Any] = [document.root]
    seen = 0
    while stack and seen < 20_000:
        node = stack.pop()
        seen += 1
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            if key in ("enum", "const"):
                for item in value if key == "enum" and isinstance(value, list) else [value]:
                    if len(hints.values) < 200:
                        hints.values.append(item)
                    if isinstance(item, str):
                        hints.strings.add(item)
            elif key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                         "multipleOf") and isinstance(value, int | float) and \
                    not isinstance(value, bool):
                hints.numbers.add(value)
            elif key in ("minLength", "maxLength", "minItems", "maxItems", "minProperties",
                         "maxProperties") and isinstance(value, int):
                hints.lengths.add(value)
            elif key in ("properties", "dependentRequired", "dependentSchemas", "dependencies")\
                    and isinstance(value, dict):
                hints.names.update(value)
                stack.extend(value.values())
            elif key == "required" and isinstance(value, list):
                hints.names.update(v for v in value if isinstance(v, str))
            elif key not in ("default", "examples", "example", "x-schemadiff"):
                stack.append(value)
    return hints


class Sampler:
    """Generates candidate instances of a document's schema (deterministic, bounded)."""

    def __init__(self, document: Document, hints: Hints | None = None, width: int = 12) -> None:
        self.doc = document
        self.hints = hints or Hints()
        self.width = width

    def instances(self, limit: int, schema: Any = None,
                  focus: tuple[str, ...] | None = None) -> Iterator[Any]:
        """Up to ``limit`` distinct candidates for ``schema`` (default: the root schema).

        ``focus`` (property names, ``[]`` for array items) names the part to vary: the rest of
        each candidate stays at its first, most likely valid, value.
        """
        self.focus = focus
        seen: set[str] = set()
        root = self.doc.root if schema is None else schema
        for value in self._gen(root, 0, self.width * 4, focus):
            key = json.dumps(value, sort_keys=True, default=str)
            if key in seen:
                continue
            seen.add(key)
            yield value
            if len(seen) >= limit:
                return

    def _gen(self, schema: Any, depth: int, width: int,
             focus: tuple[str, ...] | None = None) -> list[Any]:
        try:
            schema = self.doc.deref(schema)
        except Exception:  # noqa: BLE001 - a reference the sampler cannot follow: no samples.
            return []
        if schema is True or schema == {}:
            return list(_ANY) + self.hints.values[:8] if depth < 3 else [None, 0, "a"]
        if not isinstance(schema, dict) or schema is False or depth > 12:
            return [] if depth <= 12 else [None]
        out: list[Any] = []
        if "const" in schema:
            out.append(schema["const"])
        if isinstance(schema.get("enum"), list):
            out.extend(schema["enum"])
        if out:
            return out[:width * 2]
        rest = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf", "allOf", "if",
                                                            "then", "else", "not")}
        for keyword in ("anyOf", "oneOf"):
            for member in schema.get(keyword, ()):
                out.extend(self._gen(_merge(rest, self.doc.deref(member)), depth + 1,
                                     max(2, width // 2) if not focus else width, focus))
        if "allOf" in schema:
            merged = dict(rest)
            for member in schema["allOf"]:
                merged = _merge(merged, self.doc.deref(member))
            out.extend(self._gen(merged, depth + 1, width, focus))
        if "if" in schema:
            then = _merge(_merge(rest, self.doc.deref(schema["if"])),
                          self.doc.deref(schema.get("then", {})))
            out.extend(self._gen(then, depth + 1, width))
            out.extend(self._gen(_merge(rest, self.doc.deref(schema.get("else", {}))),
                                 depth + 1, width))
        if out:
            return out
        return self._typed(rest, depth, width, focus)

    def _typed(self, schema: dict[str, Any], depth: int, width: int,
               focus: tuple[str, ...] | None = None) -> list[Any]:
        kinds = schema.get("type")
        if kinds is None:
            kinds = _implied_types(schema)
        elif isinstance(kinds, str):
            kinds = [kinds]
        if schema.get("nullable") is True:
            kinds = [*kinds, "null"]
        out: list[Any] = []
        for kind in kinds:
            if kind == "null":
                out.append(None)
            elif kind == "boolean":
                out.extend([True, False])
            elif kind in ("integer", "number"):
                out.extend(self._numbers(schema, kind == "integer"))
            elif kind == "string":
                out.extend(self._strings(schema))
            elif kind == "array":
                out.extend(self._arrays(schema, depth, width, focus))
            elif kind == "object":
                out.extend(self._objects(schema, depth, width, focus))
        return out

    def _numbers(self, schema: dict[str, Any], integral: bool) -> list[Any]:
        points: list[float] = []
        least = schema.get("minimum", schema.get("exclusiveMinimum"))
        if isinstance(least, int | float) and not isinstance(least, bool):
            points.append(least + (1 if "exclusiveMinimum" in schema else 0))
        points.extend([0, 1, -1])
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            value = schema.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                points.extend([value, value + 1, value - 1, value + 0.5, value - 0.5])
        for value in sorted(self.hints.numbers):
            points.extend([value, value + 1, value - 1, value + 0.5, value - 0.5])
        step = schema.get("multipleOf")
        if isinstance(step, int | float) and step > 0:
            points.extend([step, step * 2, step * 3, -step])
        points.extend([0.5, 1e9, -1e9])
        out: list[Any] = []
        for point in points:
            if integral or float(point).is_integer():
                if not float(point).is_integer():
                    continue
                out.append(int(point))
            else:
                out.append(point)
        return list(dict.fromkeys(out))

    def _strings(self, schema: dict[str, Any]) -> list[Any]:
        fmt = schema.get("format")
        out: list[Any] = list(_FORMATS.get(fmt, [])) if isinstance(fmt, str) else []
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            out.extend(_pattern_examples(pattern))
        shortest = schema.get("minLength")
        out.append("a" * min(shortest if isinstance(shortest, int) else 1, 300))
        lengths = {0, 1, 3}
        for key in ("minLength", "maxLength"):
            value = schema.get(key)
            if isinstance(value, int):
                lengths.update({value, value + 1, max(value - 1, 0)})
        lengths.update(n for n in self.hints.lengths if n < 200)
        lengths.update(n + 1 for n in self.hints.lengths if n < 200)
        out.extend("a" * n for n in sorted(lengths) if n < 300)
        out.extend(sorted(self.hints.strings)[:20])
        # Only "any character" patterns (``.+``, ``.{2,}``) reject newlines of the right length.
        out.extend("a\n" * (n // 2) + "\n" * (n % 2) for n in sorted(lengths) if 0 < n < 50)
        return out

    def _arrays(self, schema: dict[str, Any], depth: int, width: int,
                focus: tuple[str, ...] | None = None) -> list[Any]:
        if self.doc.legacy and isinstance(schema.get("items"), list):
            prefix, tail = schema["items"], schema.get("additionalItems", True)
        else:
            prefix, tail = schema.get("prefixItems", []), schema.get("items", True)
        if focus and focus[0] == "[]" and tail is not False:
            values = self._gen(tail, depth + 1, width, focus[1:])
            least = schema.get("minItems", 0) if isinstance(schema.get("minItems"), int) else 0
            # The varied item goes after the tuple's first values (where ``items`` applies).
            head = [(self._gen(p, depth + 1, 2) or [None])[0] for p in prefix]
            return [[*head, *([value] * max(1, least - len(head)))] for value in values]
        narrow = max(2, width // 3)
        prefix_values = [self._gen(p, depth + 1, narrow) or [None] for p in prefix]
        tail_values = self._gen(tail, depth + 1, narrow) if tail is not False else []
        base = [values[0] for values in prefix_values]
        least = schema.get("minItems", 0) if isinstance(schema.get("minItems"), int) else 0
        filler = tail_values[:1] or [None]
        while len(base) < least:
            base.append(filler[0])
        out: list[Any] = [base, []]
        for index, values in enumerate(prefix_values):
            for value in values[1:narrow]:
                out.append([*base[:index], value, *base[index + 1:]])
        for value in tail_values[:width]:
            out.append([*base, value])
        if tail_values:
            out.append([*base, tail_values[0], tail_values[0]])
        most = schema.get("maxItems")
        if isinstance(most, int) and most < 50:
            out.append([*base, *([filler[0]] * (most + 1 - len(base)))])
        return out

    def _objects(self, schema: dict[str, Any], depth: int, width: int,
                 focus: tuple[str, ...] | None = None) -> list[Any]:
        properties = schema.get("properties", {})
        required = [name for name in schema.get("required", []) if isinstance(name, str)]
        narrow = max(2, width // 3)
        if focus:
            return self._focused(schema, focus, depth, width)
        values = {name: self._gen(properties.get(name, _extra(schema, name)), depth + 1,
                                  narrow if name not in required else width)
                  for name in dict.fromkeys([*required, *properties])}
        base = {name: values[name][0] for name in required if values.get(name)}
        out: list[Any] = [base]
        for name in values:
            for value in values[name][:width if name in required else narrow]:
                out.append({**base, name: value})
        full = {**base, **{n: v[0] for n, v in values.items() if v}}
        out.append(full)
        for name in required:
            out.append({k: v for k, v in base.items() if k != name})
        others = sorted(self.hints.names - set(properties))[:4] or ["extra"]
        for name in others:
            for value in self._gen(_extra(schema, name), depth + 1, 2)[:2]:
                out.append({**base, name: value})
        return out


    def _focused(self, schema: dict[str, Any], focus: tuple[str, ...], depth: int,
                 width: int) -> list[Any]:
        """Vary only the property ``focus[0]`` (deeper: ``focus[1:]``), keep the rest at base."""
        properties = schema.get("properties", {})
        required = [name for name in schema.get("required", []) if isinstance(name, str)]
        name = focus[0]
        base: dict[str, Any] = {}
        for other in required:
            if other == name:
                continue
            values = self._gen(properties.get(other, _extra(schema, other)), depth + 1, 2)
            if values:
                base[other] = values[0]
        target = properties.get(name, _extra(schema, name))
        values = self._gen(target, depth + 1, max(width, 24), focus[1:])
        if name not in properties:
            values = [*values, *_ANY]  # a property the writer does not name: anything goes
        out: list[Any] = [{**base, name: value} for value in values]
        out.append(base)
        return out


def _extra(schema: dict[str, Any], name: str) -> Any:
    from schemadiff.errors import SchemaError
    from schemadiff.patterns import search

    for pattern, sub in schema.get("patternProperties", {}).items():
        try:
            if search(pattern, name):
                return sub
        except SchemaError:
            continue
    return schema.get("additionalProperties", True)


def _implied_types(schema: dict[str, Any]) -> list[str]:
    from schemadiff.semantics.shapes import _TYPE_OF_KEYWORD

    implied = {_TYPE_OF_KEYWORD[k] for k in schema if k in _TYPE_OF_KEYWORD}
    if not implied:
        return ["null", "boolean", "integer", "number", "string", "array", "object"]
    kinds = sorted(implied)
    return ["integer" if k == "number" else k for k in kinds] + (
        ["number"] if "number" in implied else []) + ["null", "boolean", "string"]


def _merge(base: dict[str, Any], extra: Any) -> Any:
    """A shallow conjunction for generation: ``properties`` and ``required`` combined."""
    if not isinstance(extra, dict):
        return extra if extra is False else base
    merged = {**base, **extra}
    if "properties" in base and "properties" in extra:
        merged["properties"] = {**base["properties"], **extra["properties"]}
    if "required" in base and "required" in extra:
        merged["required"] = list(dict.fromkeys([*base["required"], *extra["required"]]))
    if "type" in base and "type" in extra and base["type"] != extra["type"]:
        left = {base["type"]} if isinstance(base["type"], str) else set(base["type"])
        right = {extra["type"]} if isinstance(extra["type"], str) else set(extra["type"])
        if "number" in left:
            left.add("integer")
        if "number" in right:
            right.add("integer")
        both = sorted(left & right)
        merged["type"] = both or extra["type"]
    return merged


def _pattern_examples(pattern: str) -> list[str]:
    """A few strings for simple patterns (literal prefixes and character classes)."""
    import re

    body = pattern.removeprefix("^").removesuffix("$")
    literal = re.sub(r"\\(.)", r"\1", body)
    guesses = [literal, body.replace("+", "").replace("*", "").replace("?", "")]
    if re.fullmatch(r"\[[a-z0-9A-Z\-]+\][+*]?", body):
        guesses.append(body[1] * 3)
    return [g for g in guesses if g]
