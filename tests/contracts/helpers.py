"""Shared pieces of the AsyncAPI and pydantic-source tests (``from contracts.helpers import ...``).

The AsyncAPI documents of the Sartiq test app live in ``documents/`` (written by
``regenerate.py``); ``OFFICIAL`` is the shared copy of the official AsyncAPI JSON Schemas, which
tests that need it skip without.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
DOCUMENTS = HERE / "documents"
REPO = HERE.parents[1]
OFFICIAL = REPO.parent / "shared" / "conformance" / "asyncapi"
SNAPSHOTS = REPO / "snapshots"
RELEASES = ("0.1.0", "0.2.0")


def document_path(release: str, spec: str) -> Path:
    """``documents/sartiq-0.1.0.asyncapi-2.6.yaml`` and friends."""
    suffix = "yaml" if spec == "2.6" else "json"
    return DOCUMENTS / f"sartiq-{release}.asyncapi-{spec}.{suffix}"


def official_validator(version: str) -> Any:
    """A validator built from the shared official schema, independent of the product's copy."""
    if not OFFICIAL.is_dir():
        pytest.skip(f"{OFFICIAL} is absent (the shared conformance data)")
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    schema = json.loads((OFFICIAL / f"{version}.json").read_text(encoding="utf-8"))
    resource = Resource.from_contents(schema, default_specification=DRAFT7)
    return Draft7Validator(schema, registry=Registry().with_resource(schema["$id"], resource)
                           .crawl())


def findings(report_json: str) -> list[tuple[Any, ...]]:
    """The findings of a JSON diff report, as comparable tuples."""
    report = json.loads(report_json)
    return [(f["rule"], f["level"], f["path"], f["pointer"], json.dumps(f["old"], sort_keys=True),
             json.dumps(f["new"], sort_keys=True)) for f in report["findings"]]
