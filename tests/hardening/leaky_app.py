"""An HTTP server that tries to get credentials out of a run, for the secret tests.

Served twice (two loopback ports: two origins), each instance records the headers every request
brought, keyed by the ``id`` query parameter:

- ``/redirect?to=URL``: 302 to ``URL`` (another origin, or this one).
- ``/record?id=I``: records the request's headers, answers with a small OpenAPI document.
- ``/reflect?form=F``: an OpenAPI document whose ``Ping`` description quotes the Authorization
  and ``X-Api-Key`` headers it got, JSON-escaped as ``F`` says (``plain``, ``slash``: ``/`` as
  ``\\/``, ``unicode``: every character as ``\\uXXXX``).
- ``/gzip-gzip``: a body sent with ``Content-Encoding: gzip, gzip`` that inflates to 256 MiB of
  zeros (a few hundred bytes on the wire).
"""

from __future__ import annotations

import functools
import gzip
import json
import zlib

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from hardening.hostile_peer import json_escaped
from hardening.support import union_doc

BOMB_MIB = 256


@functools.cache
def double_gzip_bomb() -> bytes:
    """256 MiB of zeros, gzipped (one member), gzipped again: 590 bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    inner = b"".join([*(compressor.compress(block) for _ in range(BOMB_MIB)), compressor.flush()])
    return gzip.compress(inner, 9)


def create_leaky_app() -> tuple[FastAPI, dict[str, dict[str, str]]]:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    seen: dict[str, dict[str, str]] = {}

    @app.get("/redirect")
    def redirect(to: str) -> RedirectResponse:
        return RedirectResponse(to, status_code=302)

    @app.get("/record")
    def record(request: Request, id: str = "") -> JSONResponse:
        seen[id] = {name.lower(): value for name, value in request.headers.items()}
        return JSONResponse(union_doc())

    @app.get("/reflect")
    def reflect(request: Request, form: str = "plain") -> Response:
        quoted = " ".join(request.headers.get(name, "") for name in ("authorization",
                                                                     "x-api-key"))
        document = json.dumps(union_doc(payload={"type": "object",
                                                 "description": "@@REFLECTED@@"}))
        body = document.replace("@@REFLECTED@@", json_escaped(f"you sent: {quoted}", form))
        return Response(body, media_type="application/json")

    @app.get("/gzip-gzip")
    def gzip_gzip() -> Response:
        return Response(double_gzip_bomb(), media_type="application/json",
                        headers={"Content-Encoding": "gzip, gzip"})

    return app, seen
