"""Decide what a source spec names and load it: a store name, a file, stdin, a URL, git, an app.

Resolution order: ``-`` is stdin; ``http(s)://`` is a URL; ``git:REF:PATH`` is a file at a git
revision; an existing file is a file; a snapshot name (``0.1.0``, ``latest``) is looked up in the
store; ``package.module:attribute`` imports a FastAPI app. Anything else is an error that says
what was tried.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

from schemadiff.errors import SourceError
from schemadiff.snapshot import Snapshot
from schemadiff.sources.options import LoadedDocument, RawSource, SourceOptions

DEFAULT_OPTIONS = SourceOptions()

_APP_SPEC = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_][\w.]*")


def is_url(spec: str) -> bool:
    """True for the specs fetched over HTTP."""
    return spec.startswith(("http://", "https://"))


def load_document(spec: str, options: SourceOptions = DEFAULT_OPTIONS) -> LoadedDocument:
    """Read and parse the document ``spec`` names (JSON or YAML), without extracting anything."""
    from schemadiff.sources import files, parse
    from schemadiff.store import SnapshotStore

    if spec == "-":
        raw = files.read_stdin(options)
        return LoadedDocument(parse.parse_document(raw), raw.label)
    if is_url(spec):
        # httpx costs a sixth of a second to import; only URL sources pay for it.
        from schemadiff.sources import http as http_source

        raw = http_source.fetch(spec, options)
        yaml_ok = "yaml" in (raw.media_type or "") or raw.label.endswith((".yaml", ".yml"))
        return LoadedDocument(parse.parse_document(raw, json_only=not yaml_ok), raw.label)
    if spec.startswith("git:"):
        data = _read_git(spec, options.max_bytes)
        raw = RawSource(data=data, label=spec)
        return LoadedDocument(parse.parse_document(raw), raw.label)
    path = Path(spec)
    if path.is_file():
        raw = files.read_file(path, options)
        return LoadedDocument(parse.parse_document(raw), raw.label, path)
    store = SnapshotStore(options.snapshots_dir)
    if store.has(spec):
        stored = store.resolve(spec)
        raw = files.read_file(stored, options)
        return LoadedDocument(parse.parse_document(raw), stored.stem, stored)
    if is_app_spec(spec):
        return LoadedDocument(_load_app(spec), spec)
    if path.exists():
        raise SourceError(f"{spec}: not a regular file")
    if "/" in spec or "\\" in spec or path.suffix in (".json", ".yaml", ".yml"):
        raise SourceError(f"{spec}: no such file")
    # Looks like a name: let the store say what it has.
    store.resolve(spec)
    raise SourceError(f"{spec}: no such file or snapshot")  # pragma: no cover - resolve raised


def load_snapshot(spec: str, options: SourceOptions = DEFAULT_OPTIONS) -> Snapshot:
    """Load ``spec`` as a snapshot ready to diff or validate (see :mod:`schemadiff.sources`)."""
    loaded = load_document(spec, options)
    return snapshot_from_document(loaded, options)


def snapshot_from_document(
    loaded: LoadedDocument, options: SourceOptions = DEFAULT_OPTIONS
) -> Snapshot:
    """Turn a loaded document into a snapshot: read back, extracted from OpenAPI or AsyncAPI, or
    taken as is (a plain JSON Schema)."""
    from schemadiff.asyncapi import is_asyncapi
    from schemadiff.extract import (
        ExtractedSchema,
        extract_openapi,
        is_openapi,
        normalise_plain_schema,
    )
    from schemadiff.refchain import check_ref_chains
    from schemadiff.schema_check import check_schema
    from schemadiff.snapshot_io import build_snapshot, is_snapshot_document, read_snapshot_document

    document = loaded.document
    if is_snapshot_document(document):
        snapshot = read_snapshot_document(document, label=loaded.label, path=loaded.path)
        check_ref_chains(snapshot.schema, loaded.label)
        check_schema(snapshot.schema, loaded.label)
        return snapshot
    root = options.root
    extracted: ExtractedSchema | None = None
    if is_openapi(document):
        extracted = extract_openapi(document, root=root, label=loaded.label)
    elif is_asyncapi(document):
        from schemadiff.asyncapi.read import extract_asyncapi

        extracted = extract_asyncapi(
            document, root=root, channel=options.channel, direction=options.direction,
            label=loaded.label,
        )
    if extracted is not None:
        check_ref_chains(extracted.schema, loaded.label)
        check_schema(extracted.schema, loaded.label)
        return build_snapshot(
            extracted.schema,
            source=loaded.label,
            root=extracted.root,
            label=loaded.label,
            api_title=extracted.api_title,
            api_version=extracted.api_version,
            openapi_version=extracted.openapi_version,
            path=loaded.path,
        )
    schema = normalise_plain_schema(document, label=loaded.label)
    check_ref_chains(schema, loaded.label)
    check_schema(schema, loaded.label)
    return Snapshot(schema=schema, provenance=None, label=loaded.label, path=loaded.path)


def _read_git(spec: str, max_bytes: int) -> bytes:
    module = _optional_module("schemadiff.sources.git", "git:REF:PATH sources")
    data = module.read_git(spec, max_bytes=max_bytes)
    if not isinstance(data, bytes):  # pragma: no cover - a contract check on the git loader
        raise SourceError(f"{spec}: the git loader returned {type(data).__name__}, not bytes")
    return data


def is_app_spec(spec: str) -> bool:
    """True when ``spec`` names an application (``package.module:attribute``), not a file.

    ``git:REF:PATH`` and URLs never match: they have a second colon or a ``/``.
    """
    return _APP_SPEC.fullmatch(spec) is not None and not spec.endswith((".json", ".yaml", ".yml"))


def _load_app(spec: str) -> dict[str, Any]:
    module = _optional_module("schemadiff.sources.app", "module:app sources")
    document = module.load_app_document(spec)
    if not isinstance(document, dict):
        raise SourceError(f"{spec}: the app's openapi() did not return an object")
    from schemadiff.sources.parse import check_shape

    check_shape(document, spec)
    return document


def _optional_module(name: str, what: str) -> Any:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        raise SourceError(f"{what} are not available in this build of schemadiff") from None


