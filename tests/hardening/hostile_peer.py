"""A hostile WebSocket peer for ``capture``: redirects, reflected secrets, bad frames, ReDoS bait.

Two instances run (two loopback ports, so two origins); each records what every connection sent
it (handshake headers and the first frames), keyed by the ``id`` query parameter, so a test can
check what reached the *other* origin after a redirect. Paths:

- ``/redirect?to=URL``: refuses the handshake with HTTP 302 to ``URL``.
- ``/record?id=I``: records the handshake and the frames that arrive within 0.3 s, then closes.
- ``/reflect?form=F``: sends back, in an auth message, the Authorization header and the
  ``X-Api-Key`` header it got, written as JSON escapes of the kind ``F`` names (``slash``: ``/``
  as ``\\/``; ``unicode``: every character as ``\\uXXXX``; ``plain``), then closes.
- ``/send?frame=TEXT``: sends ``TEXT`` as one text frame, then closes.
- ``/bad-utf8``: sends a valid message, then a text frame that is not UTF-8, then waits.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

VALID = json.dumps({"type": "auth_success", "user_id": "u-1", "organization_id": None,
                    "context": "ok"})


def _query(path: str) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(urlsplit(path).query).items()}


def json_escaped(text: str, form: str) -> str:
    """``text`` as the inside of a JSON string, escaped the way ``form`` names."""
    if form == "unicode":
        return "".join(f"\\u{ord(char):04x}" for char in text)
    escaped = json.dumps(text)[1:-1]
    return escaped.replace("/", "\\/") if form == "slash" else escaped


class HostilePeer:
    """One hostile peer in a background thread; :attr:`seen` holds what each ``id`` sent."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.port = 0
        self.seen: dict[str, dict[str, Any]] = {}
        self._stop: asyncio.Future[Any] | None = None
        self.thread = threading.Thread(target=self._run, name="hostile-ws", daemon=True)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self._main())
        finally:
            self.loop.close()

    async def _main(self) -> None:
        self._stop = self.loop.create_future()
        async with serve(self._handler, "127.0.0.1", 0,
                         process_request=self._process_request) as server:
            self.port = next(iter(server.sockets)).getsockname()[1]
            self.ready.set()
            await self._stop

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        if urlsplit(request.path).path == "/redirect":
            location = _query(request.path)["to"]
            return Response(HTTPStatus.FOUND.value, "Found",
                            Headers([("Location", location), ("Content-Length", "0")]), b"")
        return None

    async def _handler(self, connection: ServerConnection) -> None:
        request = connection.request
        assert request is not None
        path, query = urlsplit(request.path).path, _query(request.path)
        with contextlib.suppress(ConnectionClosed):
            if path == "/record":
                record: dict[str, Any] = {"headers": dict(request.headers.raw_items()),
                                          "path": request.path, "frames": []}
                self.seen[query.get("id", "")] = record
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(0.3):
                        while True:
                            record["frames"].append(await connection.recv())
                await connection.send(VALID)
                await connection.close()
            elif path == "/reflect":
                form = query.get("form", "plain")
                seen = " ".join(request.headers.get(name) or "" for name in
                                ("Authorization", "X-Api-Key"))
                await connection.send('{"type": "auth_success", "user_id": "u-1", '
                                      '"organization_id": null, "context": "'
                                      + json_escaped(seen, form) + '"}')
                await connection.close()
            elif path == "/send":
                await connection.send(query["frame"])
                await connection.close()
            elif path == "/bad-utf8":
                await connection.send(VALID)
                await connection.send(b'{"type": "auth_success", "context": "\xff\xfe"}',
                                      text=True)
                await connection.wait_closed()
            else:
                await connection.close(1008, "unknown path")

    def start(self) -> HostilePeer:
        self.thread.start()
        if not self.ready.wait(10):
            raise RuntimeError("the hostile WebSocket peer did not start")
        return self

    def stop(self) -> None:
        if self._stop is not None:
            self.loop.call_soon_threadsafe(self._stop.set_result, None)
        self.thread.join(timeout=5)
