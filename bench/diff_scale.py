"""Benchmark: diff of large synthetic schemas (issue 7, "Diff at scale"; issue 17, "Time").

``snapshot`` (the default) generates a snapshot-shaped schema with N definitions (nested objects,
string enums, arrays, definitions shared by many parents, ``$ref`` cycles, pydantic-style nullable
unions and a message union with a discriminator), applies K random recorded mutations to a copy,
diffs the pair and prints, per N: time (best of 3), time per definition, the diff's peak traced
memory (tracemalloc), the process's peak RSS (documents included) and how many mutations it found.

The other scenarios are the shapes that used to take quadratic time; each prints, per N, the time
(best of 3), the time per element (flat when the diff is linear), the ratio to the previous size's
time (about 2 when N doubles) and how many changes it reported:

- ``anyof``: a root ``anyOf`` of N ``$ref`` branches, reordered and with one branch retargeted;
- ``renamed``: the same, every branch retargeted to a renamed definition;
- ``union``: a message union of N variants, reordered, one variant changed;
- ``enum``: an N-value enum with every value changed (one finding per direction past 100).

    python bench/diff_scale.py                  # snapshot: N = 500, 1000, 2000, 5000, 10000
    python bench/diff_scale.py 500 2000         # snapshot, chosen sizes
    python bench/diff_scale.py all              # every scenario at its default sizes
    python bench/diff_scale.py enum 250000 1000000
"""

from __future__ import annotations

import copy
import gc
import random
import resource
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from schemadiff.diff.engine import compare

SIZES = (500, 1_000, 2_000, 5_000, 10_000)
MUTATIONS = 40
MESSAGES = 8
REPEATS = 3


@dataclass(frozen=True, slots=True)
class Mutation:
    kind: str
    pointer: str
    rules: frozenset[str]


def generate(n: int, seed: int = 0) -> dict[str, Any]:
    """A snapshot-shaped schema with ``n`` definitions, all reachable from the message union."""
    rng = random.Random(seed)
    names = [f"Def{i:05d}" for i in range(n)]
    kinds = ["enum" if i % 5 == 4 else "object" for i in range(n)]
    defs: dict[str, Any] = {}
    for i, name in enumerate(names):
        if kinds[i] == "enum":
            defs[name] = {"type": "string", "title": name,
                          "enum": [f"v{j}" for j in range(rng.randint(2, 6))]}
            continue
        props: dict[str, Any] = {
            "id": {"type": "string", "format": "uuid", "title": "Id"},
            "name": {"type": "string", "maxLength": 200, "title": "Name"},
            "count": {"type": "integer", "minimum": 0, "title": "Count"},
            "note": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Note",
                     "default": None},
            "tags": {"type": "array", "items": {"type": "string"}, "title": "Tags"},
        }
        defs[name] = {"type": "object", "title": name, "properties": props,
                      "required": ["id", "name", "count"]}
    # A spanning tree (every definition reachable), then shared references and cycles.
    for i in range(1, n):
        parent = rng.randrange(max(0, i - 50), i)
        while kinds[parent] != "object":
            parent = rng.randrange(0, i) if parent else 0
        _reference(rng, defs[names[parent]], names[i], f"child{i}")
    objects = [i for i in range(n) if kinds[i] == "object"]
    for _ in range(n // 2):
        holder = rng.choice(objects)
        target = rng.randrange(n)  # earlier: sharing; later or itself: a cycle
        _reference(rng, defs[names[holder]], names[target], f"link{target}")
    variants = []
    for m in range(MESSAGES):
        message = f"Message{m}"
        payload = names[objects[m % len(objects)]]
        defs[message] = {
            "type": "object", "title": message, "required": ["type", "payload"],
            "properties": {"type": {"const": f"message_{m}", "type": "string", "title": "Type"},
                           "payload": {"$ref": f"#/$defs/{payload}"}},
        }
        variants.append({"$ref": f"#/$defs/{message}"})
    defs["WebSocketMessage"] = {"type": "object", "title": "WebSocketMessage",
                                "required": ["data"],
                                "properties": {"data": {"anyOf": variants, "title": "Data"}}}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/$defs/WebSocketMessage", "$defs": defs}


def _reference(rng: random.Random, holder: dict[str, Any], target: str, prop: str) -> None:
    ref = {"$ref": f"#/$defs/{target}"}
    shape = rng.randrange(3)
    if shape == 0:
        schema: dict[str, Any] = ref
    elif shape == 1:
        schema = {"anyOf": [ref, {"type": "null"}], "default": None}
    else:
        schema = {"type": "array", "items": ref, "title": prop}
    holder["properties"][prop] = schema


def mutate(schema: dict[str, Any], k: int, seed: int = 1) -> tuple[dict[str, Any],
                                                                   list[Mutation]]:
    """Apply ``k`` random changes, each to a different definition; record each."""
    rng = random.Random(seed)
    new = copy.deepcopy(schema)
    defs = new["$defs"]
    candidates = [name for name in defs if name.startswith("Def")]
    rng.shuffle(candidates)
    made: list[Mutation] = []
    for name in candidates[:k]:
        node = defs[name]
        base = f"/$defs/{name}"
        if "enum" in node:
            if rng.random() < 0.5:
                node["enum"].append("added")
                made.append(Mutation("enum value added", f"{base}/enum",
                                     frozenset({"enum-value-added"})))
            else:
                node["enum"].pop()
                made.append(Mutation("enum value removed", f"{base}/enum",
                                     frozenset({"enum-value-removed"})))
            continue
        props = node["properties"]
        kind = rng.choice(["add", "remove", "require", "type", "nullable", "bound",
                           "describe", "format"])
        if kind == "add":
            props["extra"] = {"type": "boolean", "title": "Extra"}
            made.append(Mutation(kind, f"{base}/properties/extra", frozenset({"property-added"})))
        elif kind == "remove":
            del props["count"]
            node["required"].remove("count")
            made.append(Mutation(kind, f"{base}/properties/count",
                                 frozenset({"required-property-removed"})))
        elif kind == "require":
            node["required"].append("note")
            made.append(Mutation(kind, f"{base}/required",
                                 frozenset({"property-became-required"})))
        elif kind == "type":
            props["count"]["type"] = "number"
            made.append(Mutation(kind, f"{base}/properties/count/type",
                                 frozenset({"type-widened"})))
        elif kind == "nullable":
            props["name"] = {"anyOf": [props["name"], {"type": "null"}]}
            made.append(Mutation(kind, f"{base}/properties/name",
                                 frozenset({"property-became-nullable"})))
        elif kind == "bound":
            props["name"]["maxLength"] = 100
            made.append(Mutation(kind, f"{base}/properties/name/maxLength",
                                 frozenset({"max-length-tightened"})))
        elif kind == "describe":
            node["description"] = "changed"
            made.append(Mutation(kind, f"{base}/description",
                                 frozenset({"annotation-changed"})))
        else:
            props["id"]["format"] = "uri"
            made.append(Mutation(kind, f"{base}/properties/id/format",
                                 frozenset({"format-changed"})))
    return new, made


def found(changes: Any, made: list[Mutation]) -> int:
    hits = {(c.rule, c.pointer) for c in changes}
    return sum(1 for m in made if any((rule, m.pointer) in hits for rule in m.rules))


def _anyof(n: int, *, renamed: bool = False) -> tuple[dict[str, Any], dict[str, Any]]:
    def document(prefix: str) -> dict[str, Any]:
        defs = {f"{prefix}{i}": {"type": "object", "properties": {"v": {"const": i}}}
                for i in range(n)}
        return {"$schema": "https://json-schema.org/draft/2020-12/schema",
                "anyOf": [{"$ref": f"#/$defs/{prefix}{i}"} for i in range(n)], "$defs": defs}
    old = document("D")
    if renamed:
        return old, document("E")
    new = copy.deepcopy(old)
    new["anyOf"].reverse()
    new["$defs"]["Extra"] = {"type": "string"}
    new["anyOf"][n // 2] = {"$ref": "#/$defs/Extra"}
    return old, new


def _union(n: int) -> tuple[dict[str, Any], dict[str, Any]]:
    defs: dict[str, Any] = {
        f"Message{i}": {"type": "object", "required": ["type"],
                        "properties": {"type": {"const": f"message_{i}", "type": "string"},
                                       "count": {"type": "integer"}}}
        for i in range(n)}
    defs["WebSocketMessage"] = {"type": "object", "required": ["data"], "properties": {
        "data": {"anyOf": [{"$ref": f"#/$defs/Message{i}"} for i in range(n)]}}}
    old = {"$schema": "https://json-schema.org/draft/2020-12/schema",
           "$ref": "#/$defs/WebSocketMessage", "$defs": defs}
    new = copy.deepcopy(old)
    new["$defs"]["WebSocketMessage"]["properties"]["data"]["anyOf"].reverse()
    new["$defs"]["Message1"]["properties"]["count"]["type"] = "number"
    return old, new


def _enum(n: int) -> tuple[dict[str, Any], dict[str, Any]]:
    old = {"type": "object", "properties": {"p": {"enum": [f"old{i}" for i in range(n)]}}}
    new = {"type": "object", "properties": {"p": {"enum": [f"new{i}" for i in range(n)]}}}
    return old, new


SCENARIOS = {
    "anyof": (_anyof, (2_000, 4_000, 8_000, 16_000, 50_000)),
    "renamed": (lambda n: _anyof(n, renamed=True), (2_000, 4_000, 8_000, 16_000)),
    "union": (_union, (2_500, 5_000, 10_000, 20_000)),
    "enum": (_enum, (125_000, 250_000, 500_000, 1_000_000)),
}


def scenario(name: str, sizes: tuple[int, ...]) -> None:
    build, default = SCENARIOS[name]
    print(f"{name}: {'N':>9} {'time s':>8} {'us/elem':>8} {'x prev':>7} {'changes':>8}")
    previous: float | None = None
    for n in sizes or default:
        old, new = build(n)
        elapsed = float("inf")
        for _ in range(REPEATS):
            gc.collect()
            start = time.perf_counter()
            changes = compare(old, new)
            elapsed = min(elapsed, time.perf_counter() - start)
        ratio = f"{elapsed / previous:7.2f}" if previous else f"{'':>7}"
        print(f"{'':>{len(name) + 1}} {n:>9} {elapsed:>8.3f} {elapsed / n * 1e6:>8.2f} {ratio} "
              f"{len(changes):>8}")
        previous = elapsed


def main(argv: list[str]) -> int:
    if argv and argv[0] in (*SCENARIOS, "all"):
        names = list(SCENARIOS) if argv[0] == "all" else [argv[0]]
        for name in names:
            scenario(name, tuple(int(a) for a in argv[1:]))
        if argv[0] != "all":
            return 0
        argv = []
    sizes = tuple(int(a) for a in argv) or SIZES
    print(f"{'N':>7} {'defs':>7} {'time s':>8} {'us/def':>8} {'peak MB':>8} {'RSS MB':>7} "
          f"{'found/made':>11} {'changes':>8}")
    for n in sizes:
        old = generate(n)
        new, made = mutate(old, MUTATIONS)
        # Best of REPEATS: these machines are shared and noisy; the minimum is the cost.
        elapsed = float("inf")
        for _ in range(REPEATS):
            gc.collect()
            start = time.perf_counter()
            changes = compare(old, new)
            elapsed = min(elapsed, time.perf_counter() - start)
        tracemalloc.start()
        compare(old, new)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        hits = found(changes, made)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(f"{n:>7} {len(old['$defs']):>7} {elapsed:>8.3f} {elapsed / n * 1e6:>8.1f} "
              f"{peak / 2**20:>8.1f} {rss:>7.0f} {hits:>5}/{len(made):<5} {len(changes):>8}")
        missed = [m for m in made if found(changes, [m]) == 0]
        for m in missed:
            print(f"    missed: {m.kind} at {m.pointer}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
