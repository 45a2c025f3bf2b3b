"""The WebSocket ``/ws``: authenticates like the real server, then pushes generated messages.

Options are query parameters (all documented in README.md): ``count``, ``seed``, ``invalid``,
``invalid_at``, ``invalid_kind``, ``interval``, ``close``, ``envelope``, ``token``.
"""

import asyncio
import json
from typing import Any

from fastapi import FastAPI, WebSocket, WebSocketDisconnect

from sartiq.messages import generate_messages

AUTH_TIMEOUT = 5.0
"""Seconds the server waits for an ``{"type": "auth"}`` first message before giving up."""

AUTH_FAILED_CLOSE_CODE = 4401
"""Close code after a failed authentication (an application code: "unauthorized")."""

INVALID_KINDS = ("schema", "unknown_type", "not_json", "wrong_type")


def invalid_positions(count: int, invalid: int) -> list[int]:
    """Where ``invalid=K`` puts its K bad messages among ``count``: spread evenly, 0-based."""
    invalid = max(0, min(invalid, count))
    return sorted({(i + 1) * count // (invalid + 1) for i in range(invalid)} if invalid < count
                  else set(range(count)))


def break_message(message: dict[str, Any], kind: str) -> str:
    """Return the text of an invalid version of ``message`` (see README.md for each kind)."""
    broken = json.loads(json.dumps(message))
    if kind == "not_json":
        return json.dumps(message)[: 40]
    if kind == "unknown_type":
        broken["type"] = "mystery_event"
    elif kind == "wrong_type":
        if "payload" in broken:
            broken["payload"]["id"] = 12345
        else:
            broken["context" if broken["type"] == "auth_success" else "error"] = 12345
    elif "payload" in broken:  # "schema": a required field is missing.
        del broken["payload"]["id"]
    else:
        del broken["context" if broken["type"] == "auth_success" else "error"]
    return json.dumps(broken)


def _bearer(websocket: WebSocket) -> str | None:
    header = websocket.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:]
    return websocket.query_params.get("token")


def add_websocket(app: FastAPI, *, version: str, token: str | None) -> None:
    """Mount ``/ws`` on ``app``: the Sartiq message stream of ``version``."""

    @app.websocket("/ws")
    async def stream(websocket: WebSocket) -> None:
        params = websocket.query_params
        count = int(params.get("count", "10"))
        seed = int(params.get("seed", "0"))
        interval = float(params.get("interval", "0"))
        close = params.get("close", "server")
        envelope = params.get("envelope", "0") in ("1", "true")
        kind = params.get("invalid_kind", "schema")
        if "invalid_at" in params:
            bad = {int(p) for p in params["invalid_at"].split(",") if p.strip()}
        else:
            bad = set(invalid_positions(count, int(params.get("invalid", "0"))))

        await websocket.accept()
        try:
            await _serve(websocket, count, seed, interval, close, envelope, kind, bad)
        except WebSocketDisconnect:
            return

    async def _serve(
        websocket: WebSocket, count: int, seed: int, interval: float, close: str,
        envelope: bool, kind: str, bad: set[int],
    ) -> None:
        presented = _bearer(websocket)
        if token is not None and presented is None:
            presented = await _first_message_token(websocket)
        if token is not None and presented != token:
            await websocket.send_text(json.dumps({"error": "Invalid token", "type": "auth_error"}))
            await websocket.close(code=AUTH_FAILED_CLOSE_CODE, reason="unauthorized")
            return
        welcome = {
            "context": "user",
            "organization_id": None,
            "type": "auth_success",
            "user_id": "6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f",
        }
        await _send(websocket, welcome, envelope)
        for index, message in enumerate(generate_messages(version, count, seed)):
            if index in bad:
                text = break_message(message, kind)
                await websocket.send_text(
                    json.dumps({"data": json.loads(text)}) if envelope and kind != "not_json"
                    else text
                )
            else:
                await _send(websocket, message, envelope)
            if interval > 0:
                await asyncio.sleep(interval)
        if close == "server":
            await websocket.close(code=1000)
        elif close == "error":
            await websocket.close(code=1011, reason="internal error")
        else:  # "client": keep the connection open until the client goes away.
            while True:
                await websocket.receive_text()


async def _first_message_token(websocket: WebSocket) -> str | None:
    try:
        first = await asyncio.wait_for(websocket.receive_text(), AUTH_TIMEOUT)
        data = json.loads(first)
    except (TimeoutError, ValueError, WebSocketDisconnect):
        return None
    if isinstance(data, dict) and data.get("type") == "auth" and isinstance(data.get("token"), str):
        return str(data["token"])
    return None


async def _send(websocket: WebSocket, message: dict[str, Any], envelope: bool) -> None:
    await websocket.send_text(json.dumps({"data": message} if envelope else message))
