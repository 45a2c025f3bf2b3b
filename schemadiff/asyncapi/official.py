"""Check a document against the official AsyncAPI JSON Schema of its version, offline.

The official schemas (``@asyncapi/specs``, Apache-2.0) ship with schemadiff under
``schemadiff/data/asyncapi/`` because no PyPI package carries them. Each file is a draft-07 bundle
whose ``definitions`` are keyed by their ``$id``; a ``referencing`` registry built from the file
resolves every ``$ref`` inside it, and the draft-07 metaschema the Schema Object extends comes with
``jsonschema`` itself. Nothing is ever fetched: an unknown reference is an error, not a download.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from schemadiff.errors import SchemaError

SUPPORTED = ("2.6.0", "3.0.0", "3.1.0")
"""The AsyncAPI versions schemadiff reads and checks (the ``asyncapi`` field of a document)."""


def check_document(document: dict[str, Any], version: str, label: str) -> None:
    """Raise :class:`SchemaError` naming the first problem unless ``document`` is valid."""
    # The Rust validator answers the common case (a valid document) in a millisecond; the
    # jsonschema library explains an invalid one and has the last word, as in schema_check.
    fast = _fast_validator(version)
    if fast is not None and fast.is_valid(document):
        return
    from jsonschema import exceptions

    validator = _validator(version)
    try:
        errors = list(validator.iter_errors(document))
    except RecursionError:
        raise SchemaError(f"{label}: nested too deeply to check as AsyncAPI {version}") from None
    if not errors:
        return
    # The official schemas are built from oneOf/if-then alternatives; best_match picks the error
    # deepest in the document, which is the one that points at what to fix.
    best = exceptions.best_match(errors)
    pointer = "".join("/" + str(part).replace("~", "~0").replace("/", "~1")
                      for part in best.absolute_path)
    raise SchemaError(
        f"{label}: not a valid AsyncAPI {version} document: at {pointer or '/'}: "
        f"{_shorten(best.message)}"
    )


def schema_text(version: str) -> str:
    """The official JSON Schema of ``version`` as shipped (for tests and ``--help`` texts)."""
    return resources.files("schemadiff").joinpath(f"data/asyncapi/{version}.json").read_text(
        "utf-8"
    )


@functools.cache
def _fast_validator(version: str) -> Any:
    import jsonschema_rs

    def refuse(uri: str) -> Any:
        raise ValueError(f"schemadiff never fetches {uri}")

    try:
        # Formats are not asserted, as in the jsonschema library that explains errors.
        return jsonschema_rs.Draft7Validator(
            json.loads(schema_text(version)), retriever=refuse, validate_formats=False
        )
    except Exception:  # noqa: BLE001 - then the jsonschema library alone decides.
        return None


@functools.cache
def _validator(version: str) -> Any:
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    schema = json.loads(schema_text(version))
    resource = Resource.from_contents(schema, default_specification=DRAFT7)
    # crawl() registers every embedded $id (each definition of the bundle) up front.
    registry = Registry().with_resource(schema["$id"], resource).crawl()
    return Draft7Validator(schema, registry=registry)


def _shorten(message: str, limit: int = 200) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"
