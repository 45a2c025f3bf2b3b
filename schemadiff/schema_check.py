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

_OLDER_DIALECTS = (
    "https://json-schema.org/draft/2019-09/schema",
    "http://json-schema.org/draft-07/schema#",
    "http://json-schema.org/draft-04/schema#",
)


def check_schema(document: Mapping[str, Any], label: str) -> None:
    """Raise :class:`SchemaError` unless ``document`` is valid under its metaschema."""
    import jsonschema_rs

    schema = dict(document)
    candidates = [schema]
    if "$schema" not in schema:
        # Without a declared dialect, a schema written for an older draft (tuple-form ``items``,
        # ``dependencies``) is still a schema: the differ understands every draft's shapes.
        candidates += [{**schema, "$schema": dialect} for dialect in _OLDER_DIALECTS]
    if any(_quickly_valid(jsonschema_rs, candidate) for candidate in candidates):
        return
    reason = _explain(schema)
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
