"""Random, recorded mutations of a real snapshot (the bundled ``snapshots/0.1.0.json``).

Shared by the property tests: each mutation is one kind of change a release makes (a property
added or removed, nullability, an enum value, a bound, a message type, an annotation, a vendor
``x-`` key, a reorder), applied to a random place of the document in place.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

SNAPSHOT = Path(__file__).resolve().parents[2] / "snapshots" / "0.1.0.json"
NULL = {"type": "null"}

KINDS = (
    "add-optional", "add-required", "add-shared", "remove", "require", "unrequire", "nullable",
    "non-nullable", "widen", "narrow", "enum-add", "enum-remove", "enum-reorder", "bound",
    "unbound", "close", "retype", "message-add", "message-remove", "annotation", "x-vendor",
    "required-reorder", "describe-member",
)


def load() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    document.pop("x-schemadiff", None)
    return document


def mutate(draw: st.DrawFn, document: dict[str, Any], count: int = 3) -> list[str]:
    """Apply 1..``count`` random mutations to ``document`` in place; return what was done."""
    defs: dict[str, Any] = document["$defs"]
    objects = sorted(name for name, schema in defs.items()
                     if isinstance(schema.get("properties"), dict) and name != "WebSocketMessage")
    enums = sorted(name for name, schema in defs.items() if isinstance(schema.get("enum"), list))
    union: list[Any] = defs["WebSocketMessage"]["properties"]["data"]["anyOf"]
    done: list[str] = []
    for _ in range(draw(st.integers(1, count))):
        kind = draw(st.sampled_from(KINDS))
        name = draw(st.sampled_from(objects))
        node = defs[name]
        props: dict[str, Any] = node["properties"]
        required: list[str] = node.setdefault("required", [])
        field = draw(st.sampled_from(sorted(props)))
        schema = props[field]
        enum_name = draw(st.sampled_from(enums))
        done.append(f"{kind} {name}.{field} ({enum_name})")
        if kind == "add-optional":
            props["extra"] = {"type": "boolean", "title": "Extra"}
        elif kind == "add-required":
            props["extra"] = {"type": "string", "title": "Extra"}
            if "extra" not in required:
                required.append("extra")
        elif kind == "add-shared":
            # A new path to a shared definition (as 0.2.0 adds ShotRevisionImagePublic.prediction).
            target = draw(st.sampled_from(objects))
            props["extra"] = {"anyOf": [{"$ref": f"#/$defs/{target}"}, NULL]}
        elif kind == "remove" and field != "type":
            del props[field]
            if field in required:
                required.remove(field)
        elif kind == "require" and field not in required:
            required.append(field)
        elif kind == "unrequire" and field in required and field != "type":
            required.remove(field)
        elif kind == "nullable" and "anyOf" not in schema:
            props[field] = {"anyOf": [schema, NULL]}
        elif kind == "non-nullable" and NULL in schema.get("anyOf", ()) and \
                len(schema["anyOf"]) == 2:
            props[field] = next(member for member in schema["anyOf"] if member != NULL)
        elif kind == "widen" and schema.get("type") == "integer":
            schema["type"] = "number"
        elif kind == "narrow" and schema.get("type") == "number":
            schema["type"] = "integer"
        elif kind == "enum-add":
            defs[enum_name]["enum"].append("added_value")
        elif kind == "enum-remove" and len(defs[enum_name]["enum"]) > 1:
            defs[enum_name]["enum"].pop(0)
        elif kind == "enum-reorder":
            defs[enum_name]["enum"].reverse()
        elif kind == "bound" and schema.get("type") == "string":
            schema["maxLength"] = 3
        elif kind == "unbound":
            for key in ("minimum", "maximum", "maxLength"):
                schema.pop(key, None)
        elif kind == "close":
            node["additionalProperties"] = False
        elif kind == "retype" and schema.get("type") == "string" and field != "type":
            schema["type"] = "integer"
            schema.pop("format", None)
        elif kind == "message-add" and "PingMessage" not in defs:
            defs["PingMessage"] = {"type": "object", "title": "PingMessage", "required": ["type"],
                                   "properties": {"type": {"const": "ping", "type": "string"}}}
            union.append({"$ref": "#/$defs/PingMessage"})
        elif kind == "message-remove" and len(union) > 1:
            union.pop()
        elif kind == "annotation":
            schema["title"] = "Changed"
        elif kind == "x-vendor":
            schema["x-vendor-extension"] = {"go-type": "string"}
        elif kind == "required-reorder":
            required.reverse()
        elif kind == "describe-member":
            union[0]["description"] = "The first message type"
        if not required:
            del node["required"]
    return done
