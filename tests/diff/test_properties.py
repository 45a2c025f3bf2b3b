"""Property tests: no change on equal schemas, no crash on odd ones, and the level invariant.

The invariant is the meaning of the levels: when a comparison has no finding at warning or above
in forward mode, every message valid under the writer's schema (NEW) is valid under the reader's
(OLD); in backward mode the same with the roles swapped. Messages are generated from the writer's
schema by a small strategy of our own (hypothesis-jsonschema's object generation does not work with
the installed hypothesis) and validated with jsonschema.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest
import snapshot_mutations
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemadiff.diff.engine import compare
from schemadiff.diff.model import Level, Mode
from schemadiff.diff.rules import RULES
from schemadiff.errors import SchemaError

NULL = {"type": "null"}

# A small Sartiq-like snapshot: a message union with a discriminator, a shared definition reached
# from both messages, enums behind $ref, nullable fields, arrays, formats and bounds.
SARTIQ_LIKE: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$ref": "#/$defs/WebSocketMessage",
    "$defs": {
        "WebSocketMessage": {"type": "object", "required": ["data"], "properties": {"data": {
            "anyOf": [{"$ref": "#/$defs/GenerationMessage"}, {"$ref": "#/$defs/ShotMessage"}]}}},
        "GenerationMessage": {"type": "object", "required": ["type", "payload"], "properties": {
            "type": {"const": "generation_updated", "type": "string"},
            "payload": {"$ref": "#/$defs/GenerationPublic"}}},
        "ShotMessage": {"type": "object", "required": ["type", "payload"], "properties": {
            "type": {"const": "shot_updated", "type": "string"},
            "payload": {"$ref": "#/$defs/ShotPublic"}}},
        "GenerationPublic": {"type": "object", "required": ["id", "status", "predictions"],
                             "properties": {
            "id": {"type": "string"},
            "status": {"$ref": "#/$defs/Status"},
            "batch_size": {"type": "integer", "minimum": 1, "maximum": 8},
            "tone": {"anyOf": [{"type": "string", "maxLength": 5}, NULL]},
            "predictions": {"type": "array", "items": {"$ref": "#/$defs/PredictionPublic"},
                            "maxItems": 2}}},
        "ShotPublic": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string"},
            "best": {"anyOf": [{"$ref": "#/$defs/PredictionPublic"}, NULL]}}},
        "PredictionPublic": {"type": "object", "required": ["id", "seed"], "properties": {
            "id": {"type": "string"},
            "seed": {"type": "integer"},
            "status": {"$ref": "#/$defs/Status"},
            "score": {"type": "number", "maximum": 1}}},
        "Status": {"type": "string", "enum": ["queued", "running", "done"]},
    },
}

_OBJECTS = ("GenerationPublic", "ShotPublic", "PredictionPublic")


def _mutations(rng: st.DrawFn, schema: dict[str, Any]) -> list[str]:
    """Apply 1-3 random changes in place; return what was done (for the failure message)."""
    defs = schema["$defs"]
    done = []
    for _ in range(rng(st.integers(1, 3))):
        name = rng(st.sampled_from(_OBJECTS))
        node = defs[name]
        props: dict[str, Any] = node["properties"]
        required: list[str] = node.setdefault("required", [])
        field = rng(st.sampled_from(sorted(props)))
        kind = rng(st.sampled_from([
            "add-optional", "add-required", "remove", "require", "unrequire", "nullable",
            "non-nullable", "widen", "narrow", "enum-add", "enum-remove", "bound", "unbound",
            "close", "open", "retype", "message-add", "message-remove", "const",
        ]))
        done.append(f"{kind} {name}.{field}")
        schema_of = props[field]
        if kind == "add-optional":
            props["extra"] = {"type": "boolean"}
        elif kind == "add-required":
            props["extra"] = {"type": "boolean"}
            if "extra" not in required:  # A name twice in `required` is no JSON Schema.
                required.append("extra")
        elif kind == "remove" and field != "type":
            del props[field]
            if field in required:
                required.remove(field)
        elif kind == "require" and field not in required:
            required.append(field)
        elif kind == "unrequire" and field in required:
            required.remove(field)
        elif kind == "nullable" and "anyOf" not in schema_of:
            props[field] = {"anyOf": [schema_of, NULL]}
        elif kind == "non-nullable" and "anyOf" in schema_of:
            props[field] = schema_of["anyOf"][0]
        elif kind == "widen" and schema_of.get("type") == "integer":
            schema_of["type"] = "number"
        elif kind == "narrow" and schema_of.get("type") == "number":
            schema_of["type"] = "integer"
        elif kind == "enum-add":
            defs["Status"]["enum"].append("failed")
        elif kind == "enum-remove" and len(defs["Status"]["enum"]) > 1:
            defs["Status"]["enum"].pop(0)
        elif kind == "bound" and schema_of.get("type") == "string":
            # (not beside a $ref or an anyOf: the generator below ignores such siblings)
            schema_of["maxLength"] = 3
        elif kind == "unbound":
            for key in ("minimum", "maximum", "maxItems", "maxLength"):
                schema_of.pop(key, None)
        elif kind == "close":
            node["additionalProperties"] = False
        elif kind == "open":
            node.pop("additionalProperties", None)
        elif kind == "retype" and field == "id":
            props[field] = {"type": "integer"}
        elif kind == "message-add":
            defs["PingMessage"] = {"type": "object", "required": ["type"],
                                   "properties": {"type": {"const": "ping"}}}
            defs["WebSocketMessage"]["properties"]["data"]["anyOf"].append(
                {"$ref": "#/$defs/PingMessage"})
        elif kind == "message-remove":
            members = defs["WebSocketMessage"]["properties"]["data"]["anyOf"]
            if len(members) > 1:
                members.pop()
        elif kind == "const":
            defs["ShotMessage"]["properties"]["type"]["const"] = "shot_changed"
    return done


_ANY = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=3))
_EXTRA_NAMES = ("extra", "tone", "seed", "best", "score", "batch_size", "status")


def instances(schema: Any, document: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values valid under ``schema`` (the subset of JSON Schema the fixture uses)."""
    while isinstance(schema, dict) and "$ref" in schema:
        # A reference's siblings apply too (2020-12): {"$ref": ..., "maxLength": 3}.
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        schema = {**document["$defs"][schema["$ref"].rsplit("/", 1)[-1]], **siblings}
    if schema is True or schema == {}:
        return _ANY
    if "anyOf" in schema:
        return st.one_of([instances(m, document, depth + 1) for m in schema["anyOf"]])
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kinds = schema.get("type", "string")
    kinds = [kinds] if isinstance(kinds, str) else kinds
    return st.one_of([_typed(kind, schema, document, depth) for kind in kinds])


def _typed(kind: str, schema: dict[str, Any], document: dict[str, Any],
           depth: int) -> st.SearchStrategy[Any]:
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind in ("integer", "number"):
        low, high = schema.get("minimum", -10), schema.get("maximum", 10)
        if kind == "integer":
            return st.integers(int(low), int(high))
        return st.one_of(st.integers(int(low), int(high)),
                         st.floats(low, high, allow_nan=False))
    if kind == "string":
        return st.text(st.characters(codec="ascii"), max_size=schema.get("maxLength", 6))
    if kind == "array":
        if depth > 6:
            return st.just([])
        return st.lists(instances(schema.get("items", True), document, depth + 1),
                        max_size=min(schema.get("maxItems", 2), 2))
    props: dict[str, Any] = schema.get("properties", {})
    required = [name for name in schema.get("required", []) if name in props]
    optional: dict[str, st.SearchStrategy[Any]] = {}
    if depth < 6:
        # Below that depth only what is required is generated: a real snapshot's shared
        # definitions would otherwise make the strategy itself explode in size and depth.
        optional = {name: instances(s, document, depth + 1) for name, s in props.items()
                    if name not in required}
        if schema.get("additionalProperties", True) is not False:
            for name in _EXTRA_NAMES:
                if name not in props:
                    optional[name] = _ANY
    return st.fixed_dictionaries(
        {name: instances(props[name], document, depth + 1) for name in required},
        optional=optional)


def _strictly_compatible(old: Any, new: Any, mode: Mode) -> bool:
    return not any(RULES[c.rule].level(mode).at_least(Level.WARNING) for c in compare(old, new))


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_no_warning_means_writer_messages_validate_for_the_reader(data: st.DataObject) -> None:
    new = copy.deepcopy(SARTIQ_LIKE)
    done = _mutations(data.draw, new)
    for mode, reader, writer in ((Mode.FORWARD, SARTIQ_LIKE, new),
                                 (Mode.BACKWARD, new, SARTIQ_LIKE)):
        if not _strictly_compatible(SARTIQ_LIKE, new, mode):
            continue
        validator = jsonschema.Draft202012Validator(reader)
        own = jsonschema.Draft202012Validator(writer)
        for _ in range(3):
            message = data.draw(instances(writer, writer))
            assert not list(own.iter_errors(message)), "the generator made an invalid message"
            errors = [e.message for e in validator.iter_errors(message)]
            assert not errors, f"{mode}: {done}: {message} -> {errors[:2]}"


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_no_warning_means_compatible_on_the_real_snapshot(data: st.DataObject) -> None:
    """The same invariant on random mutations of the bundled snapshots/0.1.0.json."""
    if not snapshot_mutations.SNAPSHOT.is_file():
        pytest.skip(f"{snapshot_mutations.SNAPSHOT} is absent")
    old = snapshot_mutations.load()
    new = copy.deepcopy(old)
    done = snapshot_mutations.mutate(data.draw, new)
    changes = compare(old, new)
    for mode, reader, writer in ((Mode.FORWARD, old, new), (Mode.BACKWARD, new, old)):
        if any(RULES[c.rule].level(mode).at_least(Level.WARNING) for c in changes):
            continue
        validator = jsonschema.Draft202012Validator(reader)
        for _ in range(2):
            message = data.draw(instances(writer, writer))
            errors = [e.message for e in validator.iter_errors(message)]
            assert not errors, f"{mode}: {done}: {message} -> {errors[:2]}"


# --- generated schemas ---------------------------------------------------------------------------
_leaf = st.one_of(
    st.booleans(),
    st.fixed_dictionaries({}, optional={
        "type": st.sampled_from(["string", "integer", "number", "boolean", "null", "object",
                                 "array", ["string", "null"], ["integer", "number"]]),
        "enum": st.lists(st.one_of(st.integers(-3, 3), st.sampled_from(["a", "b", None])),
                         min_size=1, max_size=3),
        "const": st.sampled_from(["a", 1, None]),
        "minimum": st.integers(-5, 5), "maxLength": st.integers(0, 5),
        "format": st.sampled_from(["uuid", "date-time"]), "title": st.text(max_size=3),
        "pattern": st.sampled_from(["^a", "b$"]), "multipleOf": st.sampled_from([1, 2, 0.5]),
        "nullable": st.booleans(), "x-ext": st.integers(),
    }),
)


def _compound(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    names = st.sampled_from(["a", "b", "c/d", "e~f"])
    return st.one_of(
        st.fixed_dictionaries({}, optional={
            "properties": st.dictionaries(names, children, max_size=3),
            "required": st.lists(names, max_size=2, unique=True),
            "additionalProperties": children,
            "patternProperties": st.dictionaries(st.sampled_from(["^a", "["]), children,
                                                 max_size=1),
            "items": st.one_of(children, st.lists(children, max_size=2)),
            "prefixItems": st.lists(children, max_size=2),
            "additionalItems": children, "not": children, "contains": children,
            "dependencies": st.dictionaries(names, st.one_of(children, st.lists(names)),
                                            max_size=1),
            "if": children, "then": children,
        }),
        st.builds(lambda kind, members: {kind: members},
                  st.sampled_from(["anyOf", "oneOf", "allOf"]),
                  st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda target: {"$ref": f"#/$defs/{target}"}, st.sampled_from(["A", "B"])),
    )


_schemas = st.recursive(_leaf, _compound, max_leaves=12)
_documents = st.builds(
    lambda root, a, b: {**root, "$defs": {"A": a, "B": b}} if isinstance(root, dict)
    else {"$defs": {"A": a, "B": b}, "allOf": [root]},
    _schemas, _schemas, _schemas)


@settings(max_examples=60, deadline=None)
@given(_documents)
def test_a_schema_equals_itself(document: dict[str, Any]) -> None:
    try:
        changes = compare(document, copy.deepcopy(document))
    except SchemaError:
        return  # a malformed document (a $ref loop such as A -> A) is refused, not compared
    assert changes == ()


@settings(max_examples=80, deadline=None)
@given(_documents, _documents)
def test_compare_never_raises_on_generated_pairs(old: dict[str, Any], new: dict[str, Any]) -> None:
    try:
        changes = compare(old, new)
    except SchemaError:
        return
    assert all(change.rule in RULES for change in changes)
    if old != new:
        assert changes, "two different documents must have at least one finding"


def test_deep_schema_raises_schema_error_not_recursion_error() -> None:
    old: dict[str, Any] = {"type": "string"}
    new: dict[str, Any] = {"type": "integer"}
    for _ in range(3000):
        old = {"properties": {"a": old}}
        new = {"properties": {"a": new}}
    with pytest.raises(SchemaError, match="deep"):
        compare(old, new)


def test_long_reference_chain_of_definitions() -> None:
    """A chain of 3,000 definitions is walked without recursion (units are queued)."""
    defs = {f"D{i}": {"type": "object", "properties": {"next": {"$ref": f"#/$defs/D{i + 1}"}}}
            for i in range(3000)}
    defs["D3000"] = {"type": "string"}
    old = {"$ref": "#/$defs/D0", "$defs": defs}
    new = copy.deepcopy(old)
    new["$defs"]["D3000"] = {"type": "integer"}
    (change,) = compare(old, new)
    assert change.rule == "type-changed"
    assert change.path == "D0" + ".next" * 3000
