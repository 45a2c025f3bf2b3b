"""Fixtures of the HTML report tests: hostile strings, a hostile pair of schemas, a fixed validation
report, and headless Chromium.

The browser is found on ``PATH`` (Debian's ``chromium``, which ``.ci/run`` installs) or named by
``$SCHEMADIFF_CHROMIUM``. Without one the browser tests skip and say why, unless
``$SCHEMADIFF_REQUIRE_BROWSER=1`` (set by ``.ci/run``) makes a missing browser an error.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devtools import Browser, find_chromium

from schemadiff.report.validate import ValidationReport
from schemadiff.validate.coverage import Coverage
from schemadiff.validate.matrix import Divergence, Matrix
from schemadiff.validate.model import NOT_JSON, UNKNOWN_TYPE, ErrorEntry
from schemadiff.validate.summary import Summary

# Each payload would leave a trace if it ran: the page title becomes "pwned" or the body gains a
# data-pwned attribute. Between them they close every element a report uses for input text.
PAYLOADS = (
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=\"document.title='pwned';document.body.dataset.pwned=1\">",
    "</style><script>document.body.setAttribute('data-pwned','1')</script>",
    "</code></pre></details><svg onload=\"document.title='pwned'\">",
    "\"><iframe src=\"javascript:document.title='pwned'\"></iframe>",
    "<!-- ]]> &amp; \x01 '\"` <a href=javascript:document.title='pwned'>x</a>",
)
HOSTILE_FILE = "new<img src=x onerror=document.title=1>.json"
"""A file name is input too: it becomes the new side's label."""


def hostile_schema(*, new: bool) -> dict[str, Any]:
    """A message union with one variant whose title, description, enum values and property names
    carry the payloads; OLD and NEW differ so that every kind of finding quotes them."""
    first, second, third, fourth, fifth, sixth = PAYLOADS
    evil: dict[str, Any] = {
        "type": "object",
        "title": fifth if new else "Evil",
        "description": third if new else first,
        "properties": {
            "type": {"const": "evil"},
            "status": {"enum": ["ok", first, *([second, sixth] if new else [])]},
            "note": {"type": "string", "description": "x"},
        },
        "required": ["type", "status"] if new else ["type", "status", "note"],
    }
    if new:
        evil["properties"][fourth] = {"type": "string", "description": second}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": {
            "EvilMessage": evil,
            "WebSocketMessage": {"type": "object", "properties": {
                "data": {"anyOf": [{"$ref": "#/$defs/EvilMessage"}]}}},
        },
        "$ref": "#/$defs/WebSocketMessage",
    }


@pytest.fixture
def hostile_schemas(tmp_path: Path) -> tuple[Path, Path]:
    """OLD and NEW hostile schemas on disk; NEW's file name is hostile as well."""
    old = tmp_path / "old.json"
    new = tmp_path / HOSTILE_FILE
    old.write_text(json.dumps(hostile_schema(new=False)), encoding="utf-8")
    new.write_text(json.dumps(hostile_schema(new=True)), encoding="utf-8")
    return old, new


def _summary(label: str, *, against: str | None = None) -> Summary:
    summary = Summary(label, max_errors=4)
    summary.total, summary.valid, summary.invalid, summary.skipped = 1234, 1229, 5, 2
    summary.by_type = {
        "GenerationMessage": [980, 978, 2], "ShotMessage": [240, 240, 0],
        "AuthSuccessMessage": [10, 10, 0], NOT_JSON: [1, 0, 1], UNKNOWN_TYPE: [3, 1, 2],
    }
    summary.skipped_by_reason = {"blank line": 1, "binary frame": 1}
    summary.errors = [
        ErrorEntry("events.jsonl", 4127, None, "GenerationMessage",
                   "payload.predictions[2].status", "enum",
                   f"{PAYLOADS[0]!r} is not one of 'pending', 'succeeded'", against),
        ErrorEntry("events.jsonl", 4130, None, NOT_JSON, "", "json",
                   "not JSON: Expecting value: line 1 column 1 (char 0)", against),
        ErrorEntry("capture.har", 3, 12, UNKNOWN_TYPE, "type", "discriminator",
                   f"unknown message type {PAYLOADS[1]!r}", against),
        ErrorEntry("array.json", 1, 7, "GenerationMessage", "payload", "required",
                   "'seed' is a required property", against),
    ]
    summary.error_count = 7
    summary.groups = {
        ("GenerationMessage", "payload.predictions[].status", "enum"): [3, "events.jsonl", 4127,
                                                                        None],
        (NOT_JSON, "", "json"): [1, "events.jsonl", 4130, None],
        (UNKNOWN_TYPE, "type", "discriminator"): [2, "capture.har", 3, 12],
        ("GenerationMessage", "payload", "required"): [1, "array.json", 1, 7],
    }
    summary.groups.update({("ShotMessage", f"payload.field_{n}", "type"): [1, "x.jsonl", n, None]
                           for n in range(20)})
    summary.coverage = Coverage(
        known_types=("AuthErrorMessage", "AuthSuccessMessage", "GenerationMessage",
                     "ShotMessage"),
        types={"AuthSuccessMessage": 10, "GenerationMessage": 978, "ShotMessage": 240},
        enum_values={"PredictionStatus": ("pending", "succeeded", PAYLOADS[3]),
                     "ShotKind": tuple(f"kind_{n}" for n in range(15))},
        enums={"PredictionStatus": {"pending": 3}, "ShotKind": {"kind_0": 1}},
        optional_fields=("GenerationPublic.tone", "PredictionPublic.error_message"),
        optional={"GenerationPublic.tone": 4},
        nullable_fields=("GenerationPublic.tone",),
        nullable={"GenerationPublic.tone": [0, 4]},
    )
    return summary


@pytest.fixture
def validation_report() -> ValidationReport:
    """One schema: every section of the page, with hostile message content in the errors."""
    return ValidationReport(
        Matrix(("0.1.0",), [_summary("0.1.0")]),
        ("events.jsonl", "capture.har", "array.json"),
        ("0.1.0 (Sartiq Backend Server - Websocket 0.1.0, sha256 3c348027eb2a)",),
        coverage=True,
    )


@pytest.fixture
def matrix_report() -> ValidationReport:
    """Two schemas (a version matrix) with messages valid under one of them only."""
    versions = [_summary("0.1.0", against="0.1.0"), _summary("0.2.0", against="0.2.0")]
    overall = _summary("all")
    matrix = Matrix(("0.1.0", "0.2.0"), versions, overall,
                    [Divergence("events.jsonl", 12, None, "GenerationMessage", (True, False))],
                    divergent_count=3)
    return ValidationReport(matrix, ("events.jsonl",), (), coverage=False)


@pytest.fixture(scope="session")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        reason = ("no Chromium found (install Debian's 'chromium' package, as .ci/run does, or "
                  "set SCHEMADIFF_CHROMIUM to a Chromium or Chrome executable)")
        if os.environ.get("SCHEMADIFF_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


@pytest.fixture
def browser(chromium: str, tmp_path: Path) -> Iterator[Browser]:
    """A headless Chromium started for this test and stopped after it."""
    with Browser.start(chromium, tmp_path / "profile") as started:
        yield started
