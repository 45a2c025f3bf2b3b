"""Fixtures of the validate tests: the test app's schemas on disk and a log with injected faults."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from validate_helpers import FaultLog, build_fault_log


@pytest.fixture(scope="session")
def schema_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sartiq.app import create_app

    directory = tmp_path_factory.mktemp("schemas")
    for version in ("0.1.0", "0.2.0"):
        (directory / f"openapi-{version}.json").write_text(
            json.dumps(create_app(version).openapi()), encoding="utf-8")
    return directory


@pytest.fixture(scope="session")
def schema(schema_dir: Path) -> dict[str, Any]:
    from schemadiff.sources import load_snapshot

    return dict(load_snapshot(str(schema_dir / "openapi-0.1.0.json")).schema)


@pytest.fixture
def fault_log(tmp_path: Path) -> FaultLog:
    log = build_fault_log(tmp_path)
    (tmp_path / "events.jsonl").write_bytes(b"\n".join(log.lines()) + b"\n")
    return log
