"""Read the OpenAPI document of a FastAPI application in-process: the ``package.module:app`` source.

The same spec may name pydantic models instead (``package.module:ServerMessage``); those are read
by :mod:`schemadiff.sources.models`.

CI jobs and pre-commit hooks check the schema the code would serve without starting a server:
import the module (with the current directory on ``sys.path``, as ``uvicorn module:app`` does),
take the attribute, and call its ``openapi()``. The attribute may also be a factory
(``module:create_app``) that returns an application when called without arguments; nothing else
is ever called (not ``os:abort``: a builtin, a standard-library function or one that needs
arguments is refused unseen).
Whatever goes wrong becomes one line naming the spec; the module's own output during import goes
to stderr so that a report on stdout stays parseable.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from schemadiff.errors import SourceError

_SPEC = re.compile(
    r"(?P<module>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*):(?P<attribute>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)"
)


def load_app_openapi(spec: str, cwd: Path | None = None) -> dict[str, Any]:
    """Import ``package.module:app`` and return the application's OpenAPI document as plain JSON.

    ``cwd`` is put first on ``sys.path`` for the import (default: the current directory).
    Raises :class:`SourceError` for a malformed spec, an import failure, a missing attribute, an
    object that is neither an application nor a factory of one, or an ``openapi()`` that fails.
    """
    with _imported(spec, cwd) as (_, target):
        return _openapi(spec, target)


def load_app_document(spec: str, cwd: Path | None = None) -> dict[str, Any]:
    """The document ``package.module:attribute`` names: an app's OpenAPI document, or for a
    pydantic model, TypeAdapter or union type the snapshot document of its JSON Schema."""
    from schemadiff.sources import models

    with _imported(spec, cwd) as (module, target):
        if models.is_model(target):
            return models.model_document(spec, target, module)
        return _openapi(spec, target)


@contextlib.contextmanager
def _imported(spec: str, cwd: Path | None) -> Iterator[tuple[ModuleType, Any]]:
    """Import the module of ``spec`` and yield it and the named attribute.

    The module's own output (during import and while the caller uses the attribute) goes to
    stderr, so that a report on stdout stays parseable.
    """
    match = _SPEC.fullmatch(spec)
    if match is None:
        raise SourceError(f"{spec}: expected an import path 'package.module:attribute'")
    module_name, attribute = match["module"], match["attribute"]
    directory = str((cwd or Path.cwd()).resolve())

    with _on_sys_path(directory), contextlib.redirect_stdout(sys.stderr):
        try:
            module = importlib.import_module(module_name)
        except (Exception, SystemExit) as error:  # noqa: BLE001 - any import failure is the user's.
            raise SourceError(
                f"{spec}: cannot import module '{module_name}': {_describe(error)}"
            ) from None
        target: Any = module
        for part in attribute.split("."):
            try:
                target = getattr(target, part)
            except AttributeError:
                raise SourceError(
                    f"{spec}: module '{module_name}' has no attribute '{attribute}'"
                ) from None
        yield module, target


def _openapi(spec: str, target: Any) -> dict[str, Any]:
    application = _application(spec, target)
    try:
        document = application.openapi()
    except (Exception, SystemExit) as error:  # noqa: BLE001 - the app's code, the user's bug.
        raise SourceError(f"{spec}: openapi() failed: {_describe(error)}") from None
    if not isinstance(document, dict):
        raise SourceError(
            f"{spec}: openapi() returned {type(document).__name__}, not a JSON object"
        )
    # A round trip through JSON proves the document is plain data, as a server would have sent it.
    try:
        plain: dict[str, Any] = json.loads(json.dumps(document))
    except (TypeError, ValueError) as error:
        raise SourceError(f"{spec}: openapi() returned data that is not JSON: {error}") from None
    return plain


def _application(spec: str, target: Any) -> Any:
    """Return ``target`` if it has ``openapi()``, else the result of calling it as a factory."""
    if isinstance(target, type):
        raise SourceError(
            f"{spec}: {target.__name__} is a class but not a pydantic model; name an application, "
            "an app factory, a pydantic model, a TypeAdapter or a union of models"
        )
    if callable(getattr(target, "openapi", None)):
        return target
    if callable(target):
        refusal = _not_a_factory(target)
        if refusal is not None:
            raise SourceError(f"{spec}: {refusal}; name a FastAPI application or a function "
                              "that returns one")
        try:
            produced = target()
        except (Exception, SystemExit) as error:  # noqa: BLE001 - the factory is user code.
            raise SourceError(f"{spec}: the app factory failed: {_describe(error)}") from None
        if callable(getattr(produced, "openapi", None)):
            return produced
        raise SourceError(
            f"{spec}: the factory returned {type(produced).__name__}, not a FastAPI application"
            " (no openapi() method)"
        )
    raise SourceError(
        f"{spec}: {type(target).__name__} is not a FastAPI application (no openapi() method), "
        "a factory returning one, a pydantic model, a TypeAdapter or a union of models"
    )


def _not_a_factory(target: Any) -> str | None:
    """Why ``target`` must not be called as an app factory, or ``None`` if it may be.

    A spec names any attribute of any importable module, and calling it runs it: ``os:abort``
    would kill the run, ``pdb:set_trace`` would wait for a debugger. So only what can be an app
    factory is called: a function written in Python, callable without arguments, outside the
    standard library.
    """
    function = inspect.unwrap(target)
    if not (inspect.isfunction(function) or inspect.ismethod(function)):
        return f"{type(target).__name__} {_name_of(target)} is not a Python function"
    module = (getattr(function, "__module__", None) or "").partition(".")[0]
    if module in sys.stdlib_module_names or module == "builtins":
        return f"{_name_of(target)} is part of the Python standard library, not an app factory"
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return f"{_name_of(target)} has no inspectable signature"
    required = [parameter.name for parameter in signature.parameters.values()
                if parameter.default is inspect.Parameter.empty
                and parameter.kind not in (inspect.Parameter.VAR_POSITIONAL,
                                           inspect.Parameter.VAR_KEYWORD)]
    if required:
        return f"{_name_of(target)} needs arguments ({', '.join(required)})"
    return None


def _name_of(target: Any) -> str:
    name = getattr(target, "__qualname__", None) or getattr(target, "__name__", None)
    return f"'{name}'" if isinstance(name, str) else "the object"


def _describe(error: BaseException) -> str:
    message = str(error).strip().splitlines()
    first = message[0] if message else ""
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


@contextlib.contextmanager
def _on_sys_path(directory: str) -> Iterator[None]:
    added = directory not in sys.path
    if added:
        sys.path.insert(0, directory)
    try:
        yield
    finally:
        if added:
            with contextlib.suppress(ValueError):
                sys.path.remove(directory)
