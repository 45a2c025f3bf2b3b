"""Fuzzing: arbitrary documents, schema pairs and log lines give a result or a SchemadiffError.

Never another exception: a crash in a gate is worse than no gate. The library functions run
in-process for speed; a handful of examples go through the CLI to check the exit-code contract
(0, 1 or 2, one ``schemadiff: error:`` line for 2, no traceback). Examples are bounded so the whole
module stays within a few seconds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hardening.support import World, run_inproc
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from schemadiff.diff.model import Mode
from schemadiff.diff.policy import Policy
from schemadiff.errors import SchemadiffError
from schemadiff.snapshot import DIALECT, Snapshot

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None,
                derandomize=True)
"""Derandomised so that CI is repeatable; every failure fuzzing found is also pinned below as an
explicit ``@example``, so the suite fails on it whatever the generated examples are."""

KEYWORDS = ["type", "properties", "required", "items", "anyOf", "oneOf", "allOf", "enum", "const",
            "$ref", "additionalProperties", "nullable", "format", "minimum", "maxLength", "title",
            "description", "default", "prefixItems", "not", "discriminator", "$defs", "minItems",
            "pattern", "propertyNames", "if", "then", "else", "dependentRequired", "examples"]
TYPES = ["object", "array", "string", "integer", "number", "boolean", "null"]
REFS = ["#/$defs/A", "#/$defs/B", "#/$defs/Root", "#/components/schemas/A",
        "#/components/schemas/WebSocketMessage", "#", "#/$defs/Missing", "https://x.example/y.json",
        "#/$defs/A/properties/x", "#/$defs/", "A", "#/$defs/A~1B", "#/$defs/%41"]

scalars = (st.none() | st.booleans() | st.integers(-(2**70), 2**70)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8)
           | st.sampled_from(TYPES) | st.sampled_from(REFS))
json_values = st.recursive(
    scalars,
    lambda inner: (st.lists(inner, max_size=4)
                   | st.dictionaries(st.sampled_from(KEYWORDS) | st.text(max_size=4), inner,
                                     max_size=5)),
    max_leaves=24,
)
schemas = st.recursive(
    st.sampled_from([{"type": t} for t in TYPES]) | st.builds(lambda r: {"$ref": r},
                                                              st.sampled_from(REFS)),
    lambda inner: st.one_of(
        st.builds(lambda props, req: {"type": "object", "properties": props, "required": req},
                  st.dictionaries(st.sampled_from(["a", "b", "type", "payload"]), inner,
                                  max_size=3),
                  st.lists(st.sampled_from(["a", "b", "c"]), max_size=2)),
        st.builds(lambda items: {"type": "array", "items": items}, inner),
        st.builds(lambda options: {"anyOf": options}, st.lists(inner, max_size=3)),
        st.builds(lambda values: {"enum": values}, st.lists(scalars, max_size=3)),
        st.builds(lambda base, extra: {**base, **extra}, inner,
                  st.dictionaries(st.sampled_from(KEYWORDS), json_values, max_size=2)),
    ),
    max_leaves=12,
)
variants = st.builds(
    lambda value, payload: {"type": "object", "required": ["type"],
                            "properties": {"type": {"const": value}, "payload": payload}},
    st.sampled_from(["a", "b", "c"]), schemas,
)


def union_document(a: Any, b: Any, root_kind: str) -> dict[str, Any]:
    """A snapshot-shaped schema document: a message union of A and B, or a plain root."""
    if root_kind == "union":
        root: Any = {"type": "object", "required": ["data"], "properties": {
            "data": {"anyOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}]}}}
    elif root_kind == "bare":
        root = {"anyOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}]}
    else:
        root = a
    return {"$schema": DIALECT, "$ref": "#/$defs/Root", "$defs": {"Root": root, "A": a, "B": b}}


schema_documents = st.one_of(
    st.builds(union_document, variants | schemas, variants | schemas,
              st.sampled_from(["union", "bare", "plain"])),
    st.builds(lambda d: {"$schema": DIALECT, **d} if isinstance(d, dict) else d, json_values),
)
openapi_documents = st.builds(
    lambda version, info, components: {"openapi": version, "info": info, "paths": {},
                                       "components": components},
    st.sampled_from(["3.1.0", "3.0.3", "2.0", 3]),
    st.just({"title": "T", "version": "1.0.0"}) | json_values,
    st.builds(lambda s: {"schemas": s},
              st.dictionaries(st.sampled_from(["WebSocketMessage", "A", "B", "Root"]),
                              schemas | variants | json_values, max_size=4)) | json_values,
)
source_documents = st.one_of(openapi_documents, schema_documents, json_values)


def _write(directory: Path, name: str, document: Any) -> Path:
    path = directory / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One directory for every example's files (each example overwrites them)."""
    return tmp_path_factory.mktemp("fuzz")


@settings(FUZZ, max_examples=60)
@given(document=source_documents)
def test_any_json_document_as_a_source_loads_or_fails_cleanly(document: Any,
                                                              scratch: Path) -> None:
    from schemadiff.sources import SourceOptions, load_snapshot

    directory = scratch
    path = _write(directory, "source.json", document)
    try:
        snapshot = load_snapshot(str(path), SourceOptions(snapshots_dir=directory))
    except SchemadiffError:
        return
    assert isinstance(snapshot, Snapshot)
    snapshot.text()  # The snapshot can always be written out.


def _snapshot(document: dict[str, Any], label: str) -> Snapshot:
    return Snapshot(schema=document, provenance=None, label=label)


def _doc(root: Any) -> dict[str, Any]:
    return {"$schema": DIALECT, "$ref": "#/$defs/Root", "$defs": {"Root": root}}


@settings(FUZZ, max_examples=120)
@given(old=schema_documents, new=schema_documents, mode=st.sampled_from(list(Mode)))
# Keyword values of the wrong type (not a JSON Schema at all).
@example(old=_doc({"type": "object", "properties": 5}), new=_doc({"type": "object"}),
         mode=Mode.FORWARD)
@example(old=_doc({"enum": {"a": 1}}), new=_doc({"enum": [1]}), mode=Mode.FORWARD)
@example(old=_doc({"anyOf": []}), new=_doc({"anyOf": [{"type": "string"}]}), mode=Mode.FULL)
@example(old=_doc({"type": "object", "required": 3.5}), new=_doc({"type": "object"}),
         mode=Mode.BACKWARD)
@example(old={"$schema": DIALECT, "$ref": [["object"]]}, new={"$schema": DIALECT},
         mode=Mode.FORWARD)
# A reference to the document root, which is itself a reference with siblings.
@example(old=_doc({"type": "array", "items": {"type": "number"}}),
         new=_doc({"type": "array", "items": {"$ref": "#"}}), mode=Mode.FORWARD)
@example(old=_doc({"type": "array", "items": {"$ref": "#/$defs/Root"}}),
         new=_doc({"type": "array", "items": {"$ref": "#"}}), mode=Mode.FULL)
def test_any_pair_of_schemas_diffs_or_fails_cleanly(old: Any, new: Any, mode: Mode) -> None:
    from schemadiff.diff.run import run_diff

    if not isinstance(old, dict) or not isinstance(new, dict):
        return
    try:
        report = run_diff(_snapshot(old, "old"), _snapshot(new, "new"), mode=mode,
                          policy=Policy())
    except SchemadiffError:
        return
    assert report.mode is mode


@settings(FUZZ, max_examples=80)
@given(document=schema_documents)
def test_a_schema_diffed_with_itself_has_no_findings(document: Any) -> None:
    from schemadiff.diff.engine import compare

    if not isinstance(document, dict):
        return
    try:
        changes = compare(document, document)
    except SchemadiffError:
        return
    assert changes == ()


@pytest.fixture(scope="module")
def sartiq_schema(world: World) -> dict[str, Any]:
    document = json.loads(world.against.read_text(encoding="utf-8"))
    document.pop("x-schemadiff")
    return dict(document)


@pytest.fixture(scope="module")
def sartiq_validator(sartiq_schema: dict[str, Any]) -> Any:
    from schemadiff.validate import Validator

    return Validator(sartiq_schema)


message_types = st.sampled_from(["generation_created", "shot_updated", "auth_success",
                                 "auth_error", "mystery", ""]) | st.text(max_size=6) | scalars
messages = st.one_of(
    st.builds(lambda t, payload: {"type": t, "payload": payload}, message_types, json_values),
    st.builds(lambda t, payload: {"data": {"type": t, **payload}}, message_types,
              st.dictionaries(st.text(max_size=6), json_values, max_size=3)),
    json_values,
)
lines = st.one_of(
    st.binary(max_size=120),
    st.text(max_size=120).map(lambda text: text.encode("utf-8", "surrogatepass")),
    messages.map(lambda value: json.dumps(value).encode()),
).map(lambda raw: raw.replace(b"\n", b" "))


@settings(FUZZ, max_examples=100)
@given(batch=st.lists(lines, max_size=8))
def test_any_lines_validate_or_fail_cleanly(batch: list[bytes], sartiq_validator: Any) -> None:
    from schemadiff.validate import summarise_lines

    summary = summarise_lines(batch, sartiq_validator)
    assert summary.total + summary.skipped == len(batch)


@settings(FUZZ, max_examples=80)
@given(data=st.binary(max_size=300) | st.lists(lines, max_size=6).map(b"\n".join),
       gz=st.booleans())
# A gzip cut short whose content is detected as HAR or as a JSON array (not JSON Lines).
@example(data=b'{"log": {"entries": []}}' * 4, gz=True)
@example(data=b"[" + b'{"type": "auth_error", "error": "x"}, ' * 8 + b"{}]", gz=True)
def test_any_bytes_as_a_log_file_read_or_fail_cleanly(
    data: bytes, gz: bool, sartiq_validator: Any, scratch: Path,
) -> None:
    import gzip

    from schemadiff.validate import LogInput, read_log, validate_messages

    # Gzip is cut short: a capture whose writer died.
    compressed = gzip.compress(data)
    raw = compressed[: max(10, len(compressed) * 2 // 3)] if gz else data
    path = scratch / "log.jsonl"
    path.write_bytes(raw)
    try:
        records = list(read_log(LogInput(str(path))))
    except SchemadiffError:
        return
    for result in validate_messages(records, sartiq_validator):
        assert result.status is not None


@settings(FUZZ, max_examples=40)
@given(document=schema_documents)
def test_any_schema_compiles_for_validation_or_fails_cleanly(document: Any) -> None:
    from schemadiff.validate import Validator

    if not isinstance(document, dict):
        return
    try:
        validator = Validator(document)
    except SchemadiffError:
        return
    samples: list[Any] = [{"type": "a", "payload": 1}, {"data": {"type": "b"}}, [], None, "x"]
    for value in samples:
        validator.check(value)


@settings(FUZZ, max_examples=8)
@given(old=schema_documents | openapi_documents, new=schema_documents | openapi_documents)
def test_the_cli_keeps_its_exit_code_contract_on_fuzzed_sources(old: Any, new: Any,
                                                               scratch: Path) -> None:
    directory = scratch
    _write(directory, "old.json", old)
    _write(directory, "new.json", new)
    for argv in (["diff", "old.json", "new.json", "--format", "json"],
                 ["snapshot", "new.json", "--name", "fuzz"]):
        code, out, err = run_inproc(argv, directory)
        assert code in (0, 1, 2), (argv, code, err)
        assert "Traceback" not in out + err
        assert "internal error" not in err, (argv, err)
        if code == 2:
            assert len(err.splitlines()) == 1, err
            assert err.startswith("schemadiff: error: "), err
