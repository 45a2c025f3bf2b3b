"""Sources of schemas: where a snapshot comes from, and how to read it safely.

``load_snapshot(spec, options)`` is the one call the rest of schemadiff makes. ``spec`` is a
snapshot name in the store (incl. ``latest``), a file path (snapshot, OpenAPI JSON/YAML, plain JSON
Schema), ``-`` (stdin), an http(s) URL, ``git:REF:PATH`` or a ``module:app`` import path. Each
kind of source has its own module (:mod:`.http`, :mod:`.files`, ``.git``, ``.app``); parsing is in
:mod:`.parse` and the choice between them in :mod:`.dispatch`.
"""

from __future__ import annotations

from schemadiff.sources.dispatch import load_document, load_snapshot, snapshot_from_document
from schemadiff.sources.options import LoadedDocument, RawSource, SourceOptions

__all__ = [
    "LoadedDocument",
    "RawSource",
    "SourceOptions",
    "load_document",
    "load_snapshot",
    "snapshot_from_document",
]
