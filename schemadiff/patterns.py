"""Schema patterns (``pattern``, ``patternProperties``) matched in bounded time.

A schema is input: a server, a snapshot file or a colleague's branch chooses its patterns, and a
crafted one (``^(a+)+$`` against forty ``a`` and a ``!``) makes a backtracking engine such as
Python's ``re`` run for longer than the universe has left. Every match schemadiff makes goes
through here:

- first RE2 (``google-re2``), whose automaton matches in time linear in the text whatever the
  pattern; it also reads a pattern the way ECMA-262 (the dialect of JSON Schema) does in the
  places where Python's ``re`` differs (``$`` is the end of the text, ``\\d`` is ASCII);
- a pattern RE2 cannot run (a lookaround, a backreference, ``\\p{Letter}``) goes to the
  ``regex`` module under a time budget per match; a match that exceeds it raises
  :class:`PatternTimeout`, a :class:`~schemadiff.errors.SchemaError` naming the pattern.

The compiled validator (``jsonschema_rs``) has its own engine: :func:`rs_pattern_options` gives it
a backtracking limit, past which a value counts as not matching (the message is reported invalid
rather than waited on). The ``jsonschema`` explainer gets these matchers through
:func:`bounded_validator_class`.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from schemadiff.errors import SchemaError

MATCH_SECONDS = 0.25
"""The time budget of one match by the backtracking fallback engine."""

RS_BACKTRACK_LIMIT = 100_000
"""Backtracking steps ``jsonschema_rs`` may take for one match of a pattern that needs them."""

_RE2_MAX_MEMORY = 64 * 1024 * 1024
"""What RE2 may spend on one compiled pattern (``a{1000}{1000}`` would want more)."""

_SHOWN = 60


class PatternTimeout(SchemaError):
    """A pattern needed more than :data:`MATCH_SECONDS` for one match."""


class InvalidPattern(SchemaError):
    """A pattern that no engine can compile."""


@dataclass(frozen=True, slots=True)
class Pattern:
    """One compiled schema pattern; :meth:`search` finds it anywhere in a text, as JSON Schema
    requires (patterns are not anchored)."""

    source: str
    _re2: Any
    _fallback: Any

    def search(self, text: str) -> bool:
        """Whether the pattern occurs in ``text``; raise :class:`PatternTimeout` if it takes too
        long to say."""
        if self._re2 is not None:
            try:
                return self._re2.search(text) is not None
            except UnicodeEncodeError:
                pass  # A lone surrogate (from a JSON ``\\ud800``) has no UTF-8 form for RE2.
        try:
            return self._fallback_engine().search(text, timeout=MATCH_SECONDS) is not None
        except TimeoutError:
            raise PatternTimeout(
                f"the pattern {_shown(self.source)} took more than {MATCH_SECONDS:g} s to match "
                f"{_shown(text)} (it backtracks catastrophically); simplify the pattern"
            ) from None

    def _fallback_engine(self) -> Any:
        if self._fallback is not None:
            return self._fallback
        return _compile_fallback(self.source)


@functools.lru_cache(maxsize=4096)
def compile_pattern(source: str) -> Pattern:
    """Compile a schema pattern; raise :class:`InvalidPattern` if no engine can."""
    re2 = _compile_re2(source)
    if re2 is not None:
        return Pattern(source, re2, None)
    return Pattern(source, None, _compile_fallback(source))


def search(source: str, text: str) -> bool:
    """Whether the schema pattern ``source`` occurs in ``text`` (see :meth:`Pattern.search`)."""
    return compile_pattern(source).search(text)


def _compile_re2(source: str) -> Any:
    re2 = importlib.import_module("re2")
    options = re2.Options()
    # RE2 logs every pattern it refuses on stderr; refusing is expected here (the fallback
    # takes over) and stderr is for one error line only.
    options.log_errors = False
    options.max_mem = _RE2_MAX_MEMORY
    try:
        return re2.compile(source, options)
    except (re2.error, UnicodeEncodeError, TypeError, ValueError):
        return None


@functools.lru_cache(maxsize=1024)
def _compile_fallback(source: str) -> Any:
    regex = importlib.import_module("regex")
    try:
        return regex.compile(source, regex.VERSION0)
    except (regex.error, ValueError, OverflowError, RecursionError) as error:
        raise InvalidPattern(f"the pattern {_shown(source)} is not a regular expression: "
                             f"{error}") from None


def _shown(text: str) -> str:
    shown = text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
    return repr(shown)


def rs_pattern_options() -> Any:
    """The ``pattern_options`` every ``jsonschema_rs`` validator is compiled with."""
    import jsonschema_rs

    return jsonschema_rs.FancyRegexOptions(backtrack_limit=RS_BACKTRACK_LIMIT)


# --- the jsonschema explainer's pattern keywords ----------------------------------------------


def _pattern(validator: Any, pattern: Any, instance: Any, _schema: Any) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator: Any, patterns: Any, instance: Any,
                        _schema: Any) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for name, value in instance.items():
            if search(pattern, name):
                yield from validator.descend(value, subschema, path=name, schema_path=pattern)


def _additional_properties(validator: Any, additional: Any, instance: Any,
                           schema: Any) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError

    if not validator.is_type(instance, "object"):
        return
    declared = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    extras = [name for name in instance if name not in declared
              and not any(search(pattern, name) for pattern in patterns)]
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif not additional and extras:
        if patterns:
            verb = "does" if len(extras) == 1 else "do"
            listed = ", ".join(repr(each) for each in sorted(extras, key=str))
            yield ValidationError(f"{listed} {verb} not match any of the regexes: "
                                  + ", ".join(repr(each) for each in sorted(patterns)))
        else:
            verb = "was" if len(extras) == 1 else "were"
            listed = ", ".join(repr(each) for each in extras)
            yield ValidationError(
                f"Additional properties are not allowed ({listed} {verb} unexpected)")


def bounded_validator_class(cls: Any, document: Mapping[str, Any]) -> Any:
    """``cls`` (a ``jsonschema`` validator class) with its pattern keywords matched here.

    Returns ``None`` when ``document`` combines ``unevaluatedProperties`` with
    ``patternProperties``: ``jsonschema`` matches those inside a helper no keyword override
    reaches, so such a document is explained by the compiled validator's own errors instead.
    """
    if _uses_both(document):
        return None
    from jsonschema import validators

    return validators.extend(cls, {
        "pattern": _pattern,
        "patternProperties": _pattern_properties,
        "additionalProperties": _additional_properties,
    })


def _uses_both(document: Mapping[str, Any]) -> bool:
    seen_unevaluated = seen_patterns = False
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            seen_unevaluated = seen_unevaluated or "unevaluatedProperties" in node
            seen_patterns = seen_patterns or isinstance(node.get("patternProperties"), dict)
            if seen_unevaluated and seen_patterns:
                return True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False
