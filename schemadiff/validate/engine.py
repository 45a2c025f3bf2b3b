"""The validation engine: dispatch each message to its variant and validate it there.

A schema with a message union (see :mod:`schemadiff.messages`) gets one compiled validator per
variant; a message is checked only against the variant its discriminator names, so an error reads
``payload.predictions[2].status: 'exploded' is not one of 'pending', 'running', …`` rather than "not
valid under any of the given schemas". A plain JSON Schema (no union) validates against its root.

Three engines cooperate. For raw JSON text, the fast path (:mod:`schemadiff.validate.fastpath`,
msgspec types compiled from the schema) parses and validates in one pass; whatever it accepts is
valid. What it rejects, and every already parsed message, goes to ``jsonschema_rs`` (Rust), which
decides valid/invalid and lists every error cheaply (:meth:`Validator.errors_of`: the message type
and, per error, the instance path with array indices folded and the keyword: what the report's
error groups count). The ``jsonschema`` library, imported only when an invalid message will be
*shown*, explains why with ``best_match`` relevance; when the two disagree (``jsonschema_rs``
knows regex classes such as ``\\p{Letter}`` that Python's ``re`` lacks), the Rust engine's own
errors are used. Counting an invalid message never pays for explaining it.
"""

from __future__ import annotations

import json
import keyword as _keyword
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jsonschema_rs
import orjson

from schemadiff import pointer as jp
from schemadiff.errors import SchemaError
from schemadiff.messages import MessageUnion, find_union
from schemadiff.patterns import PatternTimeout, bounded_validator_class, rs_pattern_options
from schemadiff.refchain import check_ref_chains
from schemadiff.validate import strict as strict_mode
from schemadiff.validate.fastpath import FastPath, compile_fast_path
from schemadiff.validate.model import (
    NOT_JSON,
    ROOT_TYPE,
    UNKNOWN_TYPE,
    Issue,
    MessageResult,
    Record,
    Status,
)

DOCUMENT_URI = "urn:schemadiff:document"
"""The URI the schema document is registered under; each variant compiles as a ``$ref`` into it."""
MAX_ISSUES_PER_MESSAGE = 10
_ENUM_SHOWN = 6
_FOLDED_CACHE = 4096
"""Distinct folded paths remembered per validator; the cache is emptied when it is full."""

ErrorKey = tuple[str, str]
"""One error as the fast engine reports it: (instance path with array indices folded, keyword)."""


@dataclass(frozen=True, slots=True)
class _Compiled:
    name: str
    pointer: str
    rs: Any


class Validator:
    """A schema compiled for validating messages; the one object both the CLI and libraries use.

    ``Validator(schema)`` takes a schema document (a snapshot's ``schema``, an OpenAPI-free JSON
    Schema, anything :func:`schemadiff.messages.find_union` understands). Then:

    - ``validator.check(value)`` returns ``(type, issues)`` for one parsed message: ``type`` is the
      variant name (``GenerationMessage``), ``UNKNOWN_TYPE`` or ``ROOT_TYPE``; ``issues`` is empty
      when the message is valid. Messages may be bare union members (``{"type": ...}``) or wrapped
      in the envelope (``{"data": {...}}``); paths of wrapped messages start with ``data.``.
    - ``validator.classify(value)`` returns ``(type, is_valid)`` without explaining: the fast path.
    - ``validator.result(record)`` turns a :class:`Record` from :mod:`schemadiff.validate.logs`
      into a :class:`MessageResult`.

    ``strict=True`` also reports properties the schema does not declare; ``formats=True`` asserts
    ``format`` (``date-time``, ``uuid``, ``email``, ``uri``, ...) in every engine, the Rust
    engine's format checker deciding. A ``Validator`` pickles
    (it is rebuilt from its schema on the other side), so it can be shipped to worker processes and
    Dask workers. Compiling can raise :class:`~schemadiff.errors.SchemaError`.
    """

    def __init__(self, schema: Mapping[str, Any], *, strict: bool = False,
                 formats: bool = False) -> None:
        # The compiled validator follows references by recursion: a long chain overflows its
        # native stack (SIGSEGV), so it is refused first, for library callers too.
        check_ref_chains(schema, "the schema")
        self.schema = schema
        self.strict = strict
        self.formats = formats
        document = strict_mode.strict_document(schema) if strict else dict(schema)
        self._document = document
        self.union: MessageUnion | None = _find_union(schema)
        self._base_uri = _base_uri(document)
        self._by_value: dict[str, _Compiled] = {}
        self._explainers: dict[str, Any | None] = {}
        self._folded: dict[tuple[str | int, ...], str] = {}  # (prefix, *location) -> path
        self._strict_at: dict[tuple[str, ...], bool] = {}
        self.fast_path: FastPath | None = _fast_path(document, self.union, formats)
        if self.union is None:
            self._root = _Compiled(ROOT_TYPE, "", _compile_rs(document, None, formats))
            self.variant_names: tuple[str, ...] = (ROOT_TYPE,)
            return
        registry = _rs_registry(self._base_uri, document)
        compiled: dict[str, _Compiled] = {}
        for variant in self.union.variants:
            if variant.name not in compiled:
                reference = {"$ref": f"{self._base_uri}#{variant.pointer}"}
                compiled[variant.name] = _Compiled(variant.name, variant.pointer,
                                                   _compile_rs(reference, registry, formats))
            for value in variant.discriminators:
                self._by_value.setdefault(value, compiled[variant.name])
        self.variant_names = tuple(compiled)
        self._discriminator = self.union.discriminator
        self._envelope = self.union.envelope

    def __reduce__(self) -> tuple[Any, ...]:
        # The schema travels as JSON text in its own key order: the order of keywords is the
        # order errors are explained in, so a worker explains exactly as this process does.
        return (_rebuild, (_json_text(self.schema), self.strict, self.formats))

    @property
    def known_types(self) -> tuple[str, ...]:
        """The discriminator values the union accepts (empty for a plain schema)."""
        return self.union.known_types if self.union else ()

    def unwrap(self, value: Any) -> tuple[Any, str]:
        """Return the union member of a message and the path prefix (``data`` when wrapped)."""
        if (self._union_has_envelope and type(value) is dict
                and self._discriminator not in value and type(value.get(self._envelope)) is dict):
            return value[self._envelope], self._envelope or ""
        return value, ""

    @property
    def _union_has_envelope(self) -> bool:
        return self.union is not None and self.union.envelope is not None

    def variant_of(self, value: Any) -> str | None:
        """Return the variant name a (bare) message claims, or ``None``."""
        if type(value) is dict:
            tag = value.get(self._discriminator)
            if type(tag) is str:
                compiled = self._by_value.get(tag)
                if compiled is not None:
                    return compiled.name
        return None

    def classify(self, value: Any) -> tuple[str, bool]:
        """Return ``(type, is_valid)`` for one parsed message, as fast as possible."""
        if self.union is None:
            return ROOT_TYPE, bool(self._root.rs.is_valid(value))
        if type(value) is dict:
            tag = value.get(self._discriminator)
            if tag is None and self._envelope is not None:
                inner = value.get(self._envelope)
                if type(inner) is dict:
                    value, tag = inner, inner.get(self._discriminator)
            if type(tag) is str:
                compiled = self._by_value.get(tag)
                if compiled is not None:
                    return compiled.name, bool(compiled.rs.is_valid(value))
        return UNKNOWN_TYPE, False

    def errors_of(self, value: Any) -> tuple[str, list[ErrorKey]]:
        """Return the type of one parsed message and the key of every error the Rust engine finds.

        An empty list means the message is valid. A key is ``(path, keyword)`` with array
        indices folded (``payload.predictions[].status``), what the report's error groups count;
        nothing here builds a readable explanation (see :meth:`check`).
        """
        if self.union is None:
            return ROOT_TYPE, self._keys(self._root.rs, value, "")
        if type(value) is dict:
            member, prefix, tag = value, "", value.get(self._discriminator)
            if tag is None and self._envelope is not None:
                inner = value.get(self._envelope)
                if type(inner) is dict:
                    member, prefix, tag = inner, self._envelope, inner.get(self._discriminator)
            if type(tag) is str:
                compiled = self._by_value.get(tag)
                if compiled is not None:
                    return compiled.name, self._keys(compiled.rs, member, prefix)
        issue = self._unknown_type_issue(value)
        return UNKNOWN_TYPE, [(issue.path, issue.keyword)]

    def _keys(self, rs: Any, value: Any, prefix: str) -> list[ErrorKey]:
        keys: list[ErrorKey] = []
        folded = self._folded
        for error in rs.iter_errors(value):
            # Cached by the raw location (indices included), so the common case is one tuple
            # and one dict look-up per error.
            location = (prefix, *error.instance_path)
            path = folded.get(location)
            if path is None:
                if len(folded) >= _FOLDED_CACHE:
                    folded.clear()
                path = folded[location] = join_path(prefix, *(
                    _FOLD if type(part) is int else part for part in location[1:]))
            schema_path = error.schema_path
            keyword = str(schema_path[-1]) if schema_path else "schema"
            if keyword == "unevaluatedProperties" and self.strict and self._closed_by_strict(
                    schema_path):
                keyword = "strict"
            keys.append((path, keyword))
        return keys

    def _closed_by_strict(self, schema_path: Any) -> bool:
        """Whether an ``unevaluatedProperties`` error comes from a schema strict mode closed."""
        tokens = tuple(str(part) for part in schema_path[:-1])
        known = self._strict_at.get(tokens)
        if known is None:
            try:
                node = jp.walk(self._document, tokens, "")
            except (KeyError, IndexError, TypeError, ValueError, SchemaError):
                node = None
            known = self._strict_at[tokens] = (isinstance(node, dict)
                                               and node.get(strict_mode.MARKER) is True)
        return known

    def classify_raw(self, raw: bytes) -> str | None:
        """Return the type of one raw JSON text if the fast path accepts it (then it is valid).

        ``None`` means the fast path cannot vouch for it (no fast path, invalid, or merely
        outside what the fast types cover): parse it and ask :meth:`classify` or :meth:`check`.
        """
        return None if self.fast_path is None else self.fast_path.classify(raw)

    def check(self, value: Any) -> tuple[str, tuple[Issue, ...]]:
        """Return ``(type, issues)`` for one parsed message; no issues means valid."""
        name, ok = self.classify(value)
        if ok:
            return name, ()
        if name == UNKNOWN_TYPE:
            return name, (self._unknown_type_issue(value),)
        if name == ROOT_TYPE:
            return name, self.explain(value, None, "")
        member, prefix = self.unwrap(value)
        return name, self.explain(member, name, prefix)

    def result(self, record: Record) -> MessageResult:
        """Validate one record read from a log."""
        if record.skipped is not None:
            return MessageResult(record.source, record.line, record.index, NOT_JSON,
                                 Status.SKIPPED, (Issue("", "skipped", record.skipped),))
        if record.error is not None:
            return MessageResult(record.source, record.line, record.index, NOT_JSON,
                                 Status.INVALID, (Issue("", "json", record.error),))
        name, issues = self.check(record.value)
        return MessageResult(record.source, record.line, record.index, name,
                             Status.INVALID if issues else Status.VALID, issues)

    def explain(self, value: Any, variant: str | None, prefix: str) -> tuple[Issue, ...]:
        """Return the issues of an invalid message (against ``variant``, or the root)."""
        explainer = self._explainer(variant)
        try:
            errors = [] if explainer is None else list(explainer.iter_errors(value))
        except PatternTimeout:
            # A pattern too slow to explain with stays too slow: later messages of this variant
            # are explained by the fast engine's own errors instead of waiting again.
            self._explainers[variant or ""] = None
            errors = []
        except Exception:  # noqa: BLE001
            # The explainer is best effort: the verdict came from the fast engine, and no Python
            # engine reads some patterns the Rust engine understands.
            errors = []
        if errors:
            from jsonschema.exceptions import best_match, relevance

            picked = [best_match([error]) for error in errors]
            picked.sort(key=relevance)
            issues = [self._issue(error, prefix) for error in picked]
        else:
            issues = self._rs_issues(value, variant, prefix)
        if self.formats and errors:
            # The Rust engine checks every format; Python's checker only those whose optional
            # packages are installed. Its format errors complete the explanation.
            seen = {(issue.path, issue.keyword) for issue in issues}
            issues += [issue for issue in self._rs_issues(value, variant, prefix)
                       if issue.keyword == "format" and (issue.path, "format") not in seen]
        if not issues:
            # The Rust engine rejected it and no engine can say why: say so rather than nothing.
            issues = [Issue(prefix, "schema", "the message does not match the schema")]
        deduplicated = list(dict.fromkeys(issues))
        return tuple(deduplicated[:MAX_ISSUES_PER_MESSAGE])

    def _unknown_type_issue(self, value: Any) -> Issue:
        known = ", ".join(repr(value) for value in self.known_types)
        member, prefix = self.unwrap(value)
        path = join_path(prefix, self._discriminator)
        if not isinstance(member, dict):
            return Issue(prefix, "discriminator",
                         f"expected a message object with {self._discriminator!r}, got "
                         f"{_kind(member)}; known types: {known}")
        if self._discriminator not in member:
            return Issue(path, "discriminator",
                         f"message has no {self._discriminator!r}; known types: {known}")
        return Issue(path, "discriminator",
                     f"unknown message type {show(member[self._discriminator])}; "
                     f"known types: {known}")

    def _explainer(self, variant: str | None) -> Any | None:
        """The ``jsonschema`` validator that explains ``variant``, or ``None`` when the fast
        engine's own errors must do (see :func:`schemadiff.patterns.bounded_validator_class`)."""
        key = variant or ""
        if key not in self._explainers:
            self._explainers[key] = _compile_py(self._document, self._base_uri,
                                                self._pointer(variant), self.formats)
        return self._explainers[key]

    def _pointer(self, variant: str | None) -> str | None:
        if variant is None:
            return None
        for compiled in self._by_value.values():
            if compiled.name == variant:
                return compiled.pointer
        return None

    def _rs_issues(self, value: Any, variant: str | None, prefix: str) -> list[Issue]:
        if variant is None:
            rs = self._root.rs
        else:
            rs = next(c.rs for c in self._by_value.values() if c.name == variant)
        issues: list[Issue] = []
        for error in rs.iter_errors(value):
            keyword = str(error.schema_path[-1]) if error.schema_path else "schema"
            path = join_path(prefix, *error.instance_path)
            issues.append(Issue(path, keyword, _clip(error.message),
                                "/".join(str(p) for p in error.schema_path)))
        return issues

    def _issue(self, error: Any, prefix: str) -> Issue:
        path = join_path(prefix, *error.absolute_path)
        schema_path = "/".join(str(part) for part in error.absolute_schema_path)
        if strict_mode.is_strict_error(error):
            names = strict_mode.undeclared(error)
            if len(names) == 1:
                path = join_path(path, names[0])
            return Issue(path, "strict", strict_mode.strict_message(names), schema_path)
        return Issue(path, str(error.validator), _clip(_message(error)), schema_path)


def _find_union(schema: Mapping[str, Any]) -> MessageUnion | None:
    # A schema whose references find_union cannot follow (anchors, external documents) has no
    # union it can name; it is validated against its root, which the engines resolve themselves.
    try:
        return find_union(schema)
    except SchemaError:
        return None


def _fast_path(document: Mapping[str, Any], union: MessageUnion | None,
               formats: bool) -> FastPath | None:
    try:
        return compile_fast_path(document, union, ROOT_TYPE, formats=formats)
    except Exception:  # noqa: BLE001
        # The fast path is an optimisation: a schema it trips over is validated the slow way.
        return None


def _json_text(schema: Mapping[str, Any]) -> str:
    # The standard library writes integers beyond 64 bits, which orjson refuses.
    return json.dumps(dict(schema), ensure_ascii=False, allow_nan=False)


@lru_cache(maxsize=8)
def _rebuild(schema: str, strict: bool, formats: bool) -> Validator:
    # A worker process that long outlives one run (a Dask worker) receives the same validator
    # again with every run: it compiles each schema once.
    return Validator(json.loads(schema), strict=strict, formats=formats)


def _base_uri(document: Mapping[str, Any]) -> str:
    identifier = document.get("$id")
    if isinstance(identifier, str) and ":" in identifier:
        return identifier.split("#", 1)[0]
    return DOCUMENT_URI


def _rs_registry(uri: str, document: Mapping[str, Any]) -> Any:
    try:
        return jsonschema_rs.Registry([(uri, dict(document))])
    except (ValueError, jsonschema_rs.ReferencingError) as error:
        raise SchemaError(f"cannot compile the schema: {_first_line(error)}") from None


def _compile_rs(schema: Mapping[str, Any], registry: Any, formats: bool = False) -> Any:
    options: dict[str, Any] = {"offline": True, "pattern_options": rs_pattern_options(),
                               "validate_formats": formats}
    if registry is not None:
        options["registry"] = registry
    try:
        if "$schema" in schema:
            return jsonschema_rs.validator_for(dict(schema), **options)
        return jsonschema_rs.Draft202012Validator(dict(schema), **options)
    except (ValueError, jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError) as error:
        raise SchemaError(f"cannot compile the schema: {_first_line(error)}") from None


def _compile_py(document: Mapping[str, Any], uri: str, pointer: str | None,
                formats: bool = False) -> Any | None:
    from jsonschema import Draft202012Validator, validators
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    cls = bounded_validator_class(
        validators.validator_for(document, default=Draft202012Validator), document)
    if cls is None:
        return None
    checker = cls.FORMAT_CHECKER if formats else None
    if pointer is None:
        return cls(dict(document), format_checker=checker)
    resource = Resource.from_contents(dict(document), default_specification=DRAFT202012)
    registry: Any = Registry().with_resource(uri, resource)
    return cls({"$ref": f"{uri}#{pointer}"}, registry=registry, format_checker=checker)


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


class _Folded:
    """An array index folded away in an error group's path: rendered ``[]``."""


_FOLD = _Folded()


def join_path(prefix: str, *parts: Any) -> str:
    """Render an instance location: ``payload.predictions[2].status``."""
    text = prefix
    for part in parts:
        if part is _FOLD:
            text += "[]"
        elif isinstance(part, int):
            text += f"[{part}]"
        elif isinstance(part, str) and part.isidentifier() and not _keyword.iskeyword(part):
            text = f"{text}.{part}" if text else part
        else:
            text += f"[{show(part)}]"
    return text


def show(value: Any, limit: int = 60) -> str:
    """Show a JSON value briefly: strings quoted as in Python, ``null``/``true`` as in JSON."""
    if isinstance(value, str):
        text = repr(value)
    elif value is None or isinstance(value, bool):
        text = orjson.dumps(value).decode()
    elif isinstance(value, int | float):
        text = repr(value)
    else:
        try:
            text = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
        except TypeError:
            text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(value), "a number")


def _message(error: Any) -> str:
    keyword, instance, expected = error.validator, error.instance, error.validator_value
    if keyword == "enum" and isinstance(expected, list):
        values = ", ".join(show(item) for item in expected[:_ENUM_SHOWN])
        more = ", …" if len(expected) > _ENUM_SHOWN else ""
        return f"{show(instance)} is not one of {values}{more}"
    if keyword == "const":
        return f"{show(instance)} is not {show(expected)}"
    if keyword == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        return f"{show(instance)} is not of type {', '.join(repr(t) for t in wanted)}"
    if keyword in ("anyOf", "oneOf") and not error.context:
        return f"{show(instance)} is not valid under any of the given schemas"
    return str(error.message)


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
