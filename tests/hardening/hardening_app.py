"""Extra misbehaving endpoints the hardening suite needs beyond ``tests/sartiq``'s ``/misbehave``.

Each answers in a way a careless HTTP loader mishandles: a small gzip body that inflates
past the cap (the cap must hold on decoded bytes), a body that trickles in forever with every pause
shorter than the read timeout (only a deadline on the whole response stops it), a YAML alias bomb
and a YAML document with a tag, both sent as ``application/yaml``. Outside FastAPI, a raw TCP server
trickles the response *headers* (uvicorn always sends headers at once).
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import socketserver
import threading
import time
from collections.abc import AsyncIterator, Callable

from fastapi import FastAPI
from fastapi.responses import Response, StreamingResponse

YAML_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]"
       for i in range(8)]
    + ["openapi: 3.1.0"]
) + "\n"
"""Nine levels of ten aliases each: 10**9 values once expanded, a few hundred bytes as text."""

YAML_TAGGED = "openapi: !!python/object/apply:os.system ['echo pwned']\ninfo: {title: t}\n"


def create_hardening_app() -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    # 40 MiB of JSON whitespace compress to about 40 KiB; made once, served to every request.
    bomb = gzip.compress(b"{" + b" " * (40 * 1024 * 1024) + b"}", compresslevel=6)

    @app.get("/gzip-bomb")
    def gzip_bomb() -> Response:
        return Response(bomb, media_type="application/json",
                        headers={"Content-Encoding": "gzip"})

    @app.get("/trickle")
    async def trickle() -> StreamingResponse:
        async def body() -> AsyncIterator[bytes]:
            yield b"{"
            # Each pause is shorter than the client's read timeout, so only a deadline on the
            # whole response stops it: 200 pauses of 0.25 s would take 50 s.
            for _ in range(200):
                await asyncio.sleep(0.25)
                yield b" "
            yield b"}"

        return StreamingResponse(body(), media_type="application/json")

    @app.get("/yaml-bomb")
    def yaml_bomb() -> Response:
        return Response(YAML_BOMB, media_type="application/yaml")

    @app.get("/yaml-tagged")
    def yaml_tagged() -> Response:
        return Response(YAML_TAGGED, media_type="application/yaml")

    return app


class _HeaderTrickle(socketserver.BaseRequestHandler):
    """Answers any request with an HTTP status line and then one header byte every 0.1 s.

    Every pause is far shorter than any read timeout, so only a deadline on the whole request
    (headers included) stops a client; after ``TRICKLE_SECONDS`` it gives up and closes.
    """

    def handle(self) -> None:
        self.request.recv(65536)
        self.request.sendall(b"HTTP/1.1 200 OK\r\n")
        started = time.monotonic()
        with contextlib.suppress(OSError):
            while time.monotonic() - started < TRICKLE_SECONDS:
                self.request.sendall(b"X")
                time.sleep(0.1)


TRICKLE_SECONDS = 2.0


def start_header_trickle() -> tuple[str, Callable[[], None]]:
    """Serve :class:`_HeaderTrickle` on a free loopback port; return its URL and a stop function."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _HeaderTrickle)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="header-trickle", daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_address[1]}", stop
