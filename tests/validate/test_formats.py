"""``--formats``: every engine asserts ``format``, and agrees with the Rust engine's checker.

The fast path's format patterns must accept only what the Rust engine's format checker accepts
(soundness; drawn from each pattern by hypothesis); a table of edge values gets the same verdict
from the fast path, the Rust engine and the CLI; without ``--formats`` ``format`` is an annotation.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema_rs
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemadiff.validate import Validator, summarise
from schemadiff.validate.fastpath import FORMAT_PATTERNS

CASES: list[tuple[str, str, bool]] = [
    ("uuid", "123e4567-e89b-12d3-a456-426614174000", True),
    ("uuid", "123E4567-E89B-12D3-A456-426614174000", True),
    ("uuid", "not-a-uuid", False),
    ("uuid", "123e4567e89b12d3a456426614174000", False),
    ("uuid", "{123e4567-e89b-12d3-a456-426614174000}", False),
    ("date-time", "2024-02-28T12:30:00Z", True),
    ("date-time", "2024-02-29T12:30:00.123+01:00", True),  # a leap day: the slow path decides
    ("date-time", "2023-02-29T12:30:00Z", False),
    ("date-time", "2024-02-28T12:30:00", False),  # no offset
    ("date-time", "2024-02-28 12:30:00Z", False),
    ("date-time", "2024-13-01T00:00:00Z", False),
    ("date", "2024-12-31", True),
    ("date", "2024-04-31", False),
    ("time", "23:59:59Z", True),
    ("time", "24:00:00Z", False),
    ("email", "someone@example.test", True),
    ("email", "first.last+tag@sub.example.org", True),
    ("email", "no-at-sign.example", False),
    ("uri", "https://example.test/a/b?c=d", True),
    ("uri", "relative/path", False),
    ("ipv4", "192.168.0.1", True),
    ("ipv4", "256.1.1.1", False),
    ("hostname", "example.test", True),  # no fast pattern: the slow path asserts it
    ("hostname", "-bad-.example", False),
]


def _schema(fmt: str, *, nullable: bool = False) -> dict[str, Any]:
    """A message union of one variant whose ``value`` has ``fmt`` (or is null)."""
    value: dict[str, Any] = {"type": "string", "format": fmt}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": {
        "Msg": {"type": "object", "required": ["type", "value"], "properties": {
            "type": {"const": "msg"},
            "value": {"anyOf": [value, {"type": "null"}]} if nullable else value}},
        "Envelope": {"type": "object", "properties": {"data": {"anyOf": [
            {"$ref": "#/$defs/Msg"}]}}}},
        "$ref": "#/$defs/Envelope"}


@pytest.mark.parametrize(("fmt", "value", "valid"), CASES)
def test_every_engine_gives_the_checker_s_verdict(fmt: str, value: str, valid: bool) -> None:
    rs = jsonschema_rs.Draft202012Validator({"type": "string", "format": fmt},
                                            validate_formats=True)
    assert rs.is_valid(value) is valid, "the table disagrees with the Rust engine's checker"
    validator = Validator(_schema(fmt), formats=True)
    message = {"type": "msg", "value": value}
    raw = orjson.dumps(message)
    fast = validator.classify_raw(raw)
    assert fast in (None, "Msg")
    if fast is not None:
        assert valid, f"the fast path accepted {value!r} as {fmt}"
    name, issues = validator.check(message)
    assert (name, not issues) == ("Msg", valid)
    if not valid:
        assert [(issue.path, issue.keyword) for issue in issues] == [("value", "format")]
    assert (not validator.errors_of(message)[1]) is valid
    plain = Validator(_schema(fmt))
    assert plain.classify_raw(raw) == "Msg", "without formats, format is an annotation"


def test_the_fast_path_checks_formats_itself() -> None:
    validator = Validator(_schema("uuid", nullable=True), formats=True)
    assert validator.classify_raw(b'{"type": "msg", "value": null}') == "Msg"
    assert validator.fast_path is not None
    assert validator.fast_path.variants == ("Msg",)
    assert validator.classify_raw(b'{"type": "msg", "value": "not-a-uuid"}') is None
    unknown = Validator(_schema("hostname"), formats=True)
    assert unknown.fast_path is None or "Msg" not in unknown.fast_path.variants


@pytest.mark.parametrize("fmt", sorted(FORMAT_PATTERNS))
def test_format_patterns_accept_only_what_the_checker_accepts(fmt: str) -> None:
    rs = jsonschema_rs.Draft202012Validator({"type": "string", "format": fmt},
                                            validate_formats=True)
    pattern = re.compile(FORMAT_PATTERNS[fmt])

    @settings(max_examples=100, deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.from_regex(pattern))
    def check(value: str) -> None:
        assert rs.is_valid(value), value

    check()


def test_cli_formats_is_off_by_default(tmp_path: Path, run_cli_inproc) -> None:
    (tmp_path / "schema.json").write_text(json.dumps(_schema("uuid", nullable=True)))
    (tmp_path / "log.jsonl").write_text('{"type": "msg", "value": "not-a-uuid"}\n'
                                        '{"type": "msg", "value": null}\n')
    plain = run_cli_inproc("schemadiff validate log.jsonl --against schema.json --format json",
                           cwd=tmp_path)
    assert plain.exit_code == 0, plain.stdout + plain.stderr
    asserted = run_cli_inproc("schemadiff validate log.jsonl --against schema.json --formats "
                              "--format json", cwd=tmp_path)
    assert asserted.exit_code == 1
    report = json.loads(asserted.stdout)
    # Under anyOf the failing keyword is the anyOf (neither member accepts the value).
    assert [(e["line"], e["path"]) for e in report["errors"]] == [(1, "value")]
    assert [(g["path"], g["count"]) for g in report["error_groups"]] == [("value", 1)]


def test_summaries_with_formats_count_from_every_engine() -> None:
    messages = [{"type": "msg", "value": "123e4567-e89b-12d3-a456-426614174000"},
                {"type": "msg", "value": "nope"}, {"data": {"type": "msg", "value": "x"}}]
    summary = summarise(messages, _schema("uuid"), formats=True)
    assert (summary.valid, summary.invalid) == (1, 2)
    assert [(g.path, g.keyword, g.count) for g in summary.error_groups()] == [
        ("data.value", "format", 1), ("value", "format", 1)]
