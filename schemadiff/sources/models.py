"""Pydantic models as a source: ``package.module:Name`` for a model, a TypeAdapter or a union type.

Most FastAPI apps leave their WebSocket messages out of the OpenAPI document, but the messages are
pydantic models. ``schemadiff snapshot myapp.models:ServerMessage`` reads the JSON Schema pydantic
generates for the named object and gives the same kind of snapshot as the OpenAPI route: mode
"serialization" (what the server sends), references as ``#/$defs/Name``, the message contract at
the root. A model is the root definition under pydantic's own name for it; a union type (plain or
``Annotated[A | B, Field(discriminator=...)]``) or a TypeAdapter of one is the root definition
under the attribute's name.

FastAPI writes the same schemas into its OpenAPI document, with three differences that come from
its OpenAPI model, not from the API: keys whose value is ``null`` are left out (``default: null``),
numeric bounds are floats (``maximum: 8.0``), and a model's description stops at a form feed.
Snapshots made here do the same, so that a models snapshot and the snapshot of an app that serves
those models have the same hash.

schemadiff does not depend on pydantic: the module named by the spec has imported it already.
"""

from __future__ import annotations

import sys
import types
import typing
from types import ModuleType
from typing import Any

from schemadiff import pointer as jp
from schemadiff.errors import SourceError
from schemadiff.snapshot import DIALECT

_REF_TEMPLATE = "#/$defs/{model}"
_FLOAT_BOUNDS = frozenset({
    "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
})
"""The numeric keywords FastAPI's OpenAPI ``Schema`` model declares as ``float``."""


def is_model(target: Any) -> bool:
    """Whether ``target`` is a pydantic model class, a TypeAdapter or a union type."""
    pydantic = sys.modules.get("pydantic")
    if pydantic is None:
        return _is_union(target)  # A union of non-pydantic types is refused later, clearly.
    if isinstance(target, type) and issubclass(target, pydantic.BaseModel):
        return True
    return isinstance(target, pydantic.TypeAdapter) or _is_union(target)


def model_document(spec: str, target: Any, module: ModuleType) -> dict[str, Any]:
    """Return the snapshot file form (with provenance) of the JSON Schema of ``target``."""
    from schemadiff.snapshot_io import build_snapshot

    pydantic = sys.modules.get("pydantic")
    if pydantic is None:
        raise SourceError(f"{spec}: a union type is a source only when it is of pydantic models")
    attribute = spec.rsplit(":", 1)[1].rsplit(".", 1)[-1]
    try:
        root, defs, inline = _schema(pydantic, target, attribute)
    except SourceError:
        raise
    except Exception as error:  # noqa: BLE001 - pydantic's errors are the model author's to fix.
        raise SourceError(
            f"{spec}: pydantic cannot generate its JSON Schema: {type(error).__name__}: "
            f"{_first_line(error)}"
        ) from None
    if inline is not None:
        if root in defs:
            raise SourceError(
                f"{spec}: the union's name {root!r} is also the name of one of its models; name "
                "the union differently"
            )
        defs[root] = inline
    defs = {name: _as_fastapi_writes(schema) for name, schema in defs.items()}
    schema = {"$schema": DIALECT, "$ref": "#/$defs/" + jp.escape(root),
              "$defs": dict(sorted(defs.items()))}
    snapshot = build_snapshot(
        schema, source=spec, root=root, label=spec, api_title=module.__name__,
        api_version=_version(module),
    )
    return snapshot.document()


def _schema(
    pydantic: Any, target: Any, attribute: str
) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
    """The root's name, the definitions, and the root schema when it is not one of them."""
    adapter_type = pydantic.TypeAdapter
    model = target if isinstance(target, type) else getattr(target, "_type", None)
    if isinstance(model, type) and issubclass(model, pydantic.BaseModel):
        # Through a list, the model lands in $defs under the name pydantic (and so FastAPI)
        # gives it, and the root is a reference to it, as in an OpenAPI document.
        generated = adapter_type(list[model]).json_schema(  # type: ignore[valid-type]
            mode="serialization", ref_template=_REF_TEMPLATE
        )
        ref = generated["items"]["$ref"]
        return jp.split(ref)[-1], dict(generated.get("$defs", {})), None
    adapter = target if isinstance(target, adapter_type) else adapter_type(target)
    generated = dict(adapter.json_schema(mode="serialization", ref_template=_REF_TEMPLATE))
    defs = dict(generated.pop("$defs", {}))
    name = getattr(target, "__name__", None) if _is_type_alias(target) else None
    return name or attribute, defs, generated


def _as_fastapi_writes(schema: Any) -> Any:
    schema = _without_nulls(schema)
    schema = _float_bounds(schema)
    if isinstance(schema, dict) and isinstance(schema.get("description"), str):
        schema = {**schema, "description": schema["description"].split("\f")[0]}
    return schema


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


def _float_bounds(schema: Any) -> Any:
    from schemadiff.extract import SchemaWalker

    def floats(node: dict[str, Any]) -> dict[str, Any]:
        return {
            key: float(value) if key in _FLOAT_BOUNDS and type(value) is int else value
            for key, value in node.items()
        }

    return SchemaWalker("<model>", lambda ref, _: ref, finish=floats).schema(schema, "", 0)


def _is_union(target: Any) -> bool:
    if _is_type_alias(target):
        target = target.__value__
    if typing.get_origin(target) is typing.Annotated:
        target = typing.get_args(target)[0]
    return typing.get_origin(target) in (typing.Union, types.UnionType)


def _is_type_alias(target: Any) -> bool:
    # ``type ServerMessage = A | B`` (3.12) and typing_extensions.TypeAliasType (3.11).
    return type(target).__name__ == "TypeAliasType" and hasattr(target, "__value__")


def _version(module: ModuleType) -> str | None:
    """The module's ``__version__``, else its top-level package's: the snapshot's default name."""
    for candidate in (module, sys.modules.get(module.__name__.split(".")[0])):
        version = getattr(candidate, "__version__", None)
        if isinstance(version, str) and version:
            return version
    return None


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else ""
