"""One schema document as the semantic layer reads it: its dialect, references and validator.

``$ref`` is resolved the way the document's dialect says: in draft-07 and older (and OpenAPI 3.0)
keywords beside a ``$ref`` are ignored; from 2019-09 on they apply together with the target. Plain
name fragments (``"$ref": "#Address"``) find the subschema whose ``$id`` is ``#Address`` (draft-07)
or whose ``$anchor`` is ``Address`` (2019-09+).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property, lru_cache
from typing import Any

from schemadiff import pointer as jp
from schemadiff.errors import SchemaError
from schemadiff.schema_check import dialect_of, is_legacy
from schemadiff.snapshot import PROVENANCE_KEY


class Document:
    """A schema document: the root schema, its dialect and local ``$ref`` resolution."""

    def __init__(self, root: Any) -> None:
        if isinstance(root, Mapping):
            root = {key: value for key, value in root.items() if key != PROVENANCE_KEY}
        self.root = root
        self.dialect = dialect_of(root)
        self.legacy = is_legacy(self.dialect)

    def target(self, ref: str) -> Any:
        """The schema a local ``$ref`` names; :class:`SchemaError` for anything else."""
        if ref in ("#", ""):
            return self.root
        if not ref.startswith("#"):
            raise SchemaError(f"external $ref {ref!r} is not supported")
        return jp.get(self.root, ref)

    def deref(self, schema: Any, limit: int = 64) -> Any:
        """``schema`` with its ``$ref`` applied: the target alone (draft-07) or with siblings."""
        for _ in range(limit):
            if not isinstance(schema, dict) or not isinstance(schema.get("$ref"), str):
                return schema
            target = self.target(schema["$ref"])
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            if self.legacy or not siblings:
                schema = target
            else:
                return _with_siblings(target, siblings)
        raise SchemaError("$ref chain never reaches a schema")

    @cached_property
    def validator(self) -> Any:
        """A ``jsonschema`` validator of the document's dialect that asserts every known format.

        Witnesses are checked with it: a message shown as "accepted by the new schema" must be
        accepted by a real validator, formats included.
        """
        from jsonschema import validators

        from schemadiff.patterns import bounded_validator_class

        cls = validators.validator_for({"$schema": self.dialect})
        root = self.root
        if isinstance(root, dict) and "$schema" not in root:
            root = {**root, "$schema": self.dialect}
        # Patterns are matched in bounded time (a schema's pattern is input, see patterns.py).
        bounded = bounded_validator_class(cls, root) if isinstance(root, dict) else None
        return (bounded or cls)(root, format_checker=format_checker())

    @cached_property
    def fast_validator(self) -> Any:
        """The Rust validator ``schemadiff validate`` uses, formats asserted (``None``: cannot)."""
        import jsonschema_rs

        from schemadiff.patterns import rs_pattern_options

        root = self.root
        if isinstance(root, dict):
            root = {**root, "$schema": self.dialect}
        try:
            return jsonschema_rs.validator_for(root, validate_formats=True,
                                               pattern_options=rs_pattern_options())
        except Exception:  # noqa: BLE001 - a schema it cannot compile: the Python one decides.
            return None

    def rejects(self, instance: Any) -> bool:
        """True when the root schema certainly rejects ``instance``.

        The Rust validator counts a pattern match past its backtracking limit as "no match", so
        its "invalid" is confirmed by the Python validator (patterns under a time budget) before
        a witness is built on it.
        """
        if self.accepts(instance) is not False:
            return False
        try:
            return not self.validator.is_valid(instance)
        except Exception:  # noqa: BLE001 - a pattern over its budget: not certainly rejected.
            return False

    def accepts(self, instance: Any) -> bool | None:
        """Whether the root schema accepts ``instance``; ``None`` when the validator cannot say."""
        try:
            if self.fast_validator is not None:
                return bool(self.fast_validator.is_valid(instance))
            return bool(self.validator.is_valid(instance))
        except RecursionError:
            return None
        except Exception:  # noqa: BLE001 - a validator failure proves nothing either way.
            return None


ASSERTED_FORMATS = frozenset({
    "date-time", "date", "time", "duration", "email", "idn-email", "hostname", "idn-hostname",
    "ipv4", "ipv6", "uri", "uri-reference", "iri", "iri-reference", "uuid", "uri-template",
    "json-pointer", "relative-json-pointer", "regex",
})
"""Formats whose values are checked: what the product's Rust validator asserts."""


@lru_cache(maxsize=1)
def format_checker() -> Any:
    """A ``jsonschema`` format checker that asserts every format in :data:`ASSERTED_FORMATS`
    exactly as the Rust validator of ``schemadiff validate`` does, so that both agree."""
    import jsonschema_rs
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name in sorted(ASSERTED_FORMATS):
        rust = jsonschema_rs.validator_for(
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "format": name},
            validate_formats=True)
        checker.checks(name)(rust.is_valid)
    return checker


def _with_siblings(target: Any, siblings: dict[str, Any]) -> dict[str, Any]:
    """2019-09+: a ``$ref`` with siblings is the conjunction of its target and the siblings."""
    return {"allOf": [target, siblings]}
