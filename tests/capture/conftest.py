"""Fixtures of the capture tests: URLs of the Sartiq ``/ws`` endpoint, and a tiny misbehaving peer.

The Sartiq app (``tests/sartiq``) authenticates like the real server and pushes generated
messages. Some failures cannot be produced through an ASGI server, because uvicorn always sends a
close frame: a connection that drops without one, a peer that never speaks. For those, a small
server built on the ``websockets`` library runs in a background thread on 127.0.0.1:

- ``/silent``: accepts and never sends.
- ``/drop?count=N``: sends N valid messages, then aborts the TCP connection (no close frame).
- ``/echo``: sends back, inside a valid auth message, the Authorization header and query it got.
- ``/binary``: sends a binary frame, then a valid message, then closes normally.
- ``/pretty``: sends two pretty-printed (multi-line) JSON messages, then closes normally.
- ``/close?code=C``: closes at once with close code C.
- ``/stream?interval=S``: sends a valid message every S seconds until the client leaves.
- ``/reply?n=N``: waits for N frames, then sends them back as the ``context`` of auth messages.
- ``/mixed``: sends valid messages with faults among them (a wrong enum value, a missing field,
  an unknown type, a line that is not JSON, a truncated one), then closes normally.
- ``/private``: rejects the handshake with HTTP 401 unless ``Authorization: Bearer test-token``
  (HTTP 403 for another token).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

TOKEN = "test-token"


def ws_url(http_url: str, path: str) -> str:
    """``http://127.0.0.1:PORT`` + ``/ws?count=3`` -> ``ws://127.0.0.1:PORT/ws?count=3``."""
    return "ws" + http_url.removeprefix("http") + path


@pytest.fixture(scope="session")
def sartiq_ws(sartiq_url: str) -> Callable[[str], str]:
    """``sartiq_ws("?count=3")`` -> the ws:// URL of the token-protected Sartiq ``/ws``."""
    return lambda query="": ws_url(sartiq_url, "/ws" + query)


@pytest.fixture(scope="session")
def openapi_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Sartiq 0.1.0 OpenAPI document as a file, for ``--against``."""
    from sartiq.app import create_app

    path = tmp_path_factory.mktemp("schema") / "openapi.json"
    path.write_text(json.dumps(create_app("0.1.0").openapi()))
    return path


def _valid_messages(count: int) -> list[str]:
    from sartiq.messages import generate_messages

    return [json.dumps(m) for m in generate_messages("0.1.0", count=count, seed=7)]


def _process_request(connection: ServerConnection, request: Request) -> Response | None:
    if not request.path.startswith("/private"):
        return None
    authorization = request.headers.get("Authorization")
    if authorization is None:
        return connection.respond(HTTPStatus.UNAUTHORIZED, "missing token\n")
    if authorization != f"Bearer {TOKEN}":
        return connection.respond(HTTPStatus.FORBIDDEN, "bad token\n")
    return None


def mixed_frames() -> list[str]:
    """Six valid messages and five faulty frames, interleaved; faults at frames 2, 4, 6, 8, 10."""
    valid = [json.loads(text) for text in _valid_messages(6)]
    wrong_enum = json.loads(json.dumps(valid[0]))
    wrong_enum["payload"]["status"] = "exploded"
    missing = json.loads(json.dumps(valid[1]))
    del missing["payload"]["id"]
    faults = [json.dumps(wrong_enum), json.dumps(missing), '{"type": "no_such_type"}',
              "this is not json", '{"type": "generation_created", "payload": {"id"']
    frames: list[str] = []
    for index, message in enumerate(valid):
        frames.append(json.dumps(message))
        if index < len(faults):
            frames.append(faults[index])
    return frames


async def _handler(connection: ServerConnection) -> None:
    request = connection.request
    assert request is not None
    parts = urlsplit(request.path)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if parts.path == "/silent":
        await connection.wait_closed()
    elif parts.path == "/drop":
        for text in _valid_messages(int(query.get("count", "2"))):
            await connection.send(text)
        await asyncio.sleep(0.05)
        connection.transport.abort()
    elif parts.path == "/echo":
        echo = {"type": "auth_success", "user_id": "u-1", "organization_id": None,
                "context": f"{request.headers.get('Authorization')} {parts.query}"}
        await connection.send(json.dumps(echo))
        await connection.close()
    elif parts.path == "/binary":
        await connection.send(b"\x00\x01binary")
        await connection.send(_valid_messages(1)[0])
        await connection.close()
    elif parts.path == "/pretty":
        for text in _valid_messages(2):
            await connection.send(json.dumps(json.loads(text), indent=2))
        await connection.close()
    elif parts.path == "/stream":
        interval = float(query.get("interval", "0.02"))
        messages = _valid_messages(50)
        index = 0
        with contextlib.suppress(ConnectionClosed):
            while True:
                await connection.send(messages[index % len(messages)])
                index += 1
                await asyncio.sleep(interval)
    elif parts.path == "/reply":
        received = [await connection.recv() for _ in range(int(query.get("n", "1")))]
        for text in received:
            await connection.send(json.dumps({"type": "auth_success", "user_id": "u-1",
                                              "organization_id": None, "context": text}))
        await connection.close()
    elif parts.path == "/mixed":
        for text in mixed_frames():
            await connection.send(text)
        await connection.close()
    elif parts.path == "/private":
        await connection.send(json.dumps({"type": "auth_success", "user_id": "u-1",
                                          "organization_id": None, "context": "ok"}))
        await connection.close()
    elif parts.path == "/close":
        await connection.close(int(query.get("code", "4001")), "go away")
    else:
        await connection.close(1008, "unknown path")


class _MiniServer:
    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self.ssl_context = ssl_context
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.port = 0
        self._stop: asyncio.Future[Any] | None = None
        self.thread = threading.Thread(target=self._run, name="mini-ws", daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self._main())
        finally:
            self.loop.close()

    async def _main(self) -> None:
        self._stop = self.loop.create_future()
        async with serve(_handler, "127.0.0.1", 0, process_request=_process_request,
                         ssl=self.ssl_context) as server:
            self.port = next(iter(server.sockets)).getsockname()[1]
            self.ready.set()
            await self._stop

    def start(self) -> str:
        self.thread.start()
        if not self.ready.wait(10):
            raise RuntimeError("the mini WebSocket server did not start")
        scheme = "wss" if self.ssl_context is not None else "ws"
        return f"{scheme}://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self._stop is not None:
            self.loop.call_soon_threadsafe(self._stop.set_result, None)
        self.thread.join(timeout=5)


@pytest.fixture(scope="session")
def mini_ws() -> Iterator[str]:
    """Base ``ws://127.0.0.1:PORT`` of the misbehaving peer described in this module."""
    server = _MiniServer()
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def mini_wss(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The same peer over TLS with a self-signed certificate (made with the openssl CLI):
    its base URL and the certificate file, which a client can trust with ``SSL_CERT_FILE``."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a self-signed certificate")
    directory = tmp_path_factory.mktemp("tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = _MiniServer(context)
    try:
        yield server.start(), cert
    finally:
        server.stop()
