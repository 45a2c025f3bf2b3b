"""Write AsyncAPI documents of the Sartiq test app's message unions into tests/contracts/documents.

Usage (from the repository root)::

    python tests/contracts/regenerate.py

Written by hand-rolled code, not by ``schemadiff export``, so that reading them tests the reader
against an independent writer. Each document describes the ``/ws`` WebSocket of one release the
way an AsyncAPI author would: one channel, the server's messages (``subscribe`` in 2.6, a ``send``
operation in 3.0), one client message (the ``auth`` request), named messages in
``components.messages``, and the payload schemas in ``components.schemas`` as the app's OpenAPI
document has them (refs rewritten, nothing else changed).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

TESTS_DIR = Path(__file__).resolve().parents[1]
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

from sartiq.app import create_app  # noqa: E402 - needs tests/ on sys.path first
from sartiq.enums import VERSIONS  # noqa: E402

DOCUMENTS = Path(__file__).resolve().parent / "documents"
FORMATS = {"2.6": "yaml", "3.0": "json"}
"""Each AsyncAPI version in one file format (both formats are read; see also test_documents)."""

AUTH_REQUEST = {
    "properties": {
        "token": {"type": "string", "title": "Token"},
        "type": {"const": "auth", "type": "string", "title": "Type"},
    },
    "required": ["type", "token"],
    "title": "AuthRequest",
    "type": "object",
}
"""The client's first message when it cannot send an Authorization header (see sartiq/ws.py)."""


def message_components(version: str) -> tuple[list[str], dict[str, Any]]:
    """The message names of ``version`` and the closure of schemas they reference."""
    document = create_app(version).openapi()
    schemas = document["components"]["schemas"]
    union = schemas["WebSocketMessage"]["properties"]["data"]["anyOf"]
    names = [member["$ref"].rsplit("/", 1)[-1] for member in union]
    closure: dict[str, Any] = {}
    pending = list(names)
    while pending:
        name = pending.pop()
        if name in closure:
            continue
        closure[name] = schemas[name]
        pending.extend(_refs(schemas[name]))
    closure["AuthRequest"] = AUTH_REQUEST
    return names, dict(sorted(closure.items()))


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"].rsplit("/", 1)[-1]] if isinstance(node.get("$ref"), str) else []
        for value in node.values():
            found.extend(_refs(value))
        return found
    if isinstance(node, list):
        return [name for item in node for name in _refs(item)]
    return []


def _messages(names: list[str]) -> dict[str, Any]:
    messages = {
        name: {
            "name": name,
            "title": name.removesuffix("Message"),
            "contentType": "application/json",
            "payload": {"$ref": f"#/components/schemas/{name}"},
        }
        for name in names
    }
    messages["AuthRequest"] = {
        "name": "AuthRequest",
        "summary": "Authenticate a connection that could not send an Authorization header.",
        "payload": {"$ref": "#/components/schemas/AuthRequest"},
    }
    return messages


def _info(version: str) -> dict[str, Any]:
    return {
        "title": "Sartiq Backend Server - Websocket",
        "version": version,
        "description": "The /ws WebSocket of the Sartiq test app (tests/sartiq).",
    }


def document_v2(version: str) -> dict[str, Any]:
    names, schemas = message_components(version)
    return {
        "asyncapi": "2.6.0",
        "info": _info(version),
        "servers": {"local": {"url": "127.0.0.1:8000", "protocol": "ws"}},
        "defaultContentType": "application/json",
        "channels": {
            "/ws": {
                "description": "Generation and shot updates for the authenticated user.",
                "subscribe": {
                    "operationId": "receiveUpdates",
                    "message": {
                        "oneOf": [{"$ref": f"#/components/messages/{name}"} for name in names]
                    },
                },
                "publish": {
                    "operationId": "authenticate",
                    "message": {"$ref": "#/components/messages/AuthRequest"},
                },
            }
        },
        "components": {"schemas": schemas, "messages": _messages(names)},
    }


def document_v3(version: str) -> dict[str, Any]:
    names, schemas = message_components(version)
    return {
        "asyncapi": "3.0.0",
        "info": _info(version),
        "servers": {"local": {"host": "127.0.0.1:8000", "protocol": "ws"}},
        "defaultContentType": "application/json",
        "channels": {
            "updates": {
                "address": "/ws",
                "messages": {
                    name: {"$ref": f"#/components/messages/{name}"}
                    for name in [*names, "AuthRequest"]
                },
            }
        },
        "operations": {
            "sendUpdates": {
                "action": "send",
                "channel": {"$ref": "#/channels/updates"},
                "messages": [{"$ref": f"#/channels/updates/messages/{name}"} for name in names],
            },
            "receiveAuth": {
                "action": "receive",
                "channel": {"$ref": "#/channels/updates"},
                "messages": [{"$ref": "#/channels/updates/messages/AuthRequest"}],
            },
        },
        "components": {"schemas": schemas, "messages": _messages(names)},
    }


def render(document: dict[str, Any], file_format: str) -> str:
    if file_format == "yaml":
        return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def expected_files() -> dict[str, str]:
    """File name -> text of every document, as they should be committed."""
    files = {}
    for version in VERSIONS:
        for spec, build in (("2.6", document_v2), ("3.0", document_v3)):
            file_format = FORMATS[spec]
            files[f"sartiq-{version}.asyncapi-{spec}.{file_format}"] = render(
                build(version), file_format
            )
    return files


def main() -> None:
    DOCUMENTS.mkdir(exist_ok=True)
    for name, text in expected_files().items():
        (DOCUMENTS / name).write_text(text, encoding="utf-8")
        print(f"wrote {DOCUMENTS / name}")


if __name__ == "__main__":
    main()
