"""The fast engine (jsonschema_rs) and the explaining one (jsonschema) agree, per variant.

Valid messages from the test app and mutated ones (a value of every JSON kind put in place of
each payload field in turn) must get the same verdict from both, so the detailed errors always
describe a message the fast path rejected.
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from schemadiff.validate import Validator

REPLACEMENTS = (None, "exploded", -1, 1.5, True, [], {})


def _python_validator(schema: dict[str, Any], pointer: str) -> Any:
    resource = Resource.from_contents(schema, default_specification=DRAFT202012)
    registry: Any = Registry().with_resource("urn:test", resource)
    return jsonschema.Draft202012Validator({"$ref": f"urn:test#{pointer}"}, registry=registry)


def test_engines_agree_on_valid_and_invalid_messages(schema) -> None:
    from sartiq.messages import generate_messages

    validator = Validator(schema)
    assert validator.union is not None
    python = {v.name: _python_validator(schema, v.pointer) for v in validator.union.variants}
    checked = {True: 0, False: 0}
    for message in generate_messages("0.1.0", 8, seed=5):
        variants = [message]
        holder = "payload" if "payload" in message else None
        keys = sorted(k for k in (message[holder] if holder else message) if k != "type")
        for key, replacement in itertools.islice(itertools.product(keys, REPLACEMENTS), 0, None,
                                                 17):
            mutated = copy.deepcopy(message)
            (mutated[holder] if holder else mutated)[key] = replacement
            variants.append(mutated)
        for candidate in variants:
            name, fast = validator.classify(candidate)
            slow = python[name].is_valid(candidate)
            assert fast == slow, (name, candidate)
            checked[fast] += 1
    assert checked[True] >= 8
    assert checked[False] >= 30


def test_validator_pickles_and_summaries_merge(schema) -> None:
    import functools
    import pickle

    from sartiq.messages import generate_messages

    from schemadiff.validate import merge, summarise

    validator = pickle.loads(pickle.dumps(Validator(schema)))
    messages = list(generate_messages("0.1.0", 20, seed=2))
    messages[3] = {"type": "nope"}
    whole = summarise(messages, validator)
    parts = [summarise(messages[i:i + 7], validator, first_line=i + 1)
             for i in range(0, 20, 7)]
    merged = functools.reduce(merge, pickle.loads(pickle.dumps(parts)))
    assert merged.total == whole.total == 20
    assert merged.by_type == whole.by_type
    assert merged.errors == whole.errors
    assert [e.line for e in merged.errors] == [4]


def test_validate_messages_is_lazy_and_positions_lines(schema) -> None:
    from schemadiff.validate import Status, validate_messages

    results = validate_messages(iter([{"type": "auth_error", "error": "x"}, {"type": 3}]), schema)
    first = next(results)
    assert (first.line, first.type, first.status) == (1, "AuthErrorMessage", Status.VALID)
    second = next(results)
    assert (second.line, second.status, second.issues[0].keyword) == (2, Status.INVALID,
                                                                      "discriminator")
