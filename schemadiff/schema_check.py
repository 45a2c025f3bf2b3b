"""Is a document a JSON Schema at all? Checked against its dialect's metaschema.

Everything downstream (the differ, the validators, ``show``) may assume well-formed keywords:
``properties`` is an object, ``required`` a list of strings, ``enum`` a list. Malformed input is
stopped here with one line naming the source and the first offending keyword, instead of failing
somewhere deep inside a walk. The Rust validator answers the common case (a valid schema) quickly;
the ``jsonschema`` library explains the rare invalid one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from schemadiff.errors import SchemaError

_DIALECTS = (
    "https://json-schema.org/draft/2020-12/schema",
    "https://json-schema.org/draft/2019-09/schema",
    "http://json-schema.org/draft-07/schema#",
    "http://json-schema.org/draft-06/schema#",
    "http://json-schema.org/draft-04/schema#",
)
_KNOWN = frozenset(
    variant for dialect in _DIALECTS for variant in (dialect, dialect.rstrip("#"),
                                                     dialect.replace("http://", "https://"))
)
DRAFT_2020_12 = _DIALECTS[0]
DRAFT_07 = _DIALECTS[2]
_CANONICAL = {
    variant: dialect for dialect in _DIALECTS for variant in (
        dialect, dialect.rstrip("#"), dialect.replace("http://", "https://"),
        dialect.rstrip("#").replace("http://", "https://"))
}
_LEGACY_KEYWORDS = frozenset({"definitions", "dependencies", "additionalItems"})
"""Keywords whose meaning 2019-09 dropped or replaced: their presence says "draft-07 or older"."""


def dialect_of(document: Any) -> str:
    """The metaschema URI whose rules ``document`` is read with; the one place that decides it.

    A declared known dialect wins. A schema that declares none is read as draft 2020-12 unless
    it uses a keyword only earlier drafts define (``definitions``, ``dependencies``,
    ``additionalItems``, ``items`` as an array): then as draft-07, which is what its author
    wrote it for (2020-12 would silently ignore or reject those keywords). A declared dialect
    that schemadiff does not know (a vendor metaschema) is read as 2020-12.
    """
    if isinstance(document, Mapping):
        declared = document.get("$schema")
        if isinstance(declared, str) and declared in _CANONICAL:
            return _CANONICAL[declared]
        if declared is None and _uses_legacy_keywords(document):
            return DRAFT_07
    return DRAFT_2020_12


def is_legacy(dialect: str) -> bool:
    """True for draft-07 and older: ``$ref`` siblings are ignored, ``items`` may be an array."""
    return dialect not in (_DIALECTS[0], _DIALECTS[1])


def _uses_legacy_keywords(document: Any) -> bool:
    stack, seen = [document], 0
    while stack and seen < 100_000:
        node = stack.pop()
        seen += 1
        if isinstance(node, Mapping):
            if _LEGACY_KEYWORDS.intersection(node) or isinstance(node.get("items"), list):
                return True
            stack.extend(value for key, value in node.items()
                         if key not in ("enum", "const", "default", "examples", "example"))
        elif isinstance(node, list):
            stack.extend(node)
    return False


def check_schema(document: Mapping[str, Any] | bool, label: str) -> None:
    """Raise :class:`SchemaError` unless ``document`` is valid under its metaschema.

    A schema that declares a known dialect is checked against it. One that declares none (or a
    dialect of its own, whose metaschema would have to be fetched: schemadiff never fetches URLs
    named inside a schema) passes when any known dialect accepts it: the differ understands
    every draft's shapes (tuple-form ``items``, ``dependencies``).
    """
    import jsonschema_rs

    if isinstance(document, bool):
        return  # ``true`` and ``false`` are complete schemas in every draft since 6.
    schema = dict(document)
    if schema.get("$schema") in _KNOWN:
        candidates = [schema]
    else:
        bare = {key: value for key, value in schema.items() if key != "$schema"}
        candidates = [{**bare, "$schema": dialect} for dialect in _DIALECTS]
    if any(_quickly_valid(jsonschema_rs, candidate) for candidate in candidates):
        return
    reason = _explain(candidates[0])
    if reason is not None:
        raise SchemaError(f"{label}: not a valid JSON Schema: {reason}")


def _quickly_valid(jsonschema_rs: Any, schema: dict[str, Any]) -> bool:
    try:
        return bool(jsonschema_rs.meta.is_valid(schema))
    except Exception:  # noqa: BLE001 - an unknown dialect or odd input: let jsonschema decide.
        return False


def _explain(schema: dict[str, Any]) -> str | None:
    from jsonschema import exceptions, validators

    cls = validators.validator_for(schema, default=validators.Draft202012Validator)
    try:
        errors = list(cls(cls.META_SCHEMA).iter_errors(schema))
    except RecursionError:
        return "nested too deeply to check"
    except Exception as error:  # noqa: BLE001 - a metaschema that cannot even be applied.
        return f"{type(error).__name__}: {error}"
    if not errors:
        return None  # The two validators disagree; the document passes the stricter explanation.
    best = exceptions.best_match(errors)
    where = "/" + "/".join(str(part) for part in best.absolute_path)
    return f"at {where}: {_shorten(best.message)}"


def _shorten(message: str, limit: int = 160) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"
