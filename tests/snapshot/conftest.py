"""A small server of misbehaving HTTP sources for the loader tests, served with the shared
``serve`` fixture (uvicorn on 127.0.0.1). The Sartiq app itself comes from ``tests/sartiq``."""

from __future__ import annotations

import asyncio
import socket
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

TOKEN = "foundation-secret-token-123"

GOOD_DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Tiny", "version": "2.0.0"},
    "paths": {},
    "components": {"schemas": {
        "WebSocketMessage": {"type": "object", "properties": {
            "data": {"anyOf": [{"$ref": "#/components/schemas/Ping"}]}}},
        "Ping": {"type": "object", "properties": {"type": {"const": "ping"}},
                 "required": ["type"]},
    }},
}

DANGLING_DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Broken", "version": "9.9.9"},
    "components": {"schemas": {"WebSocketMessage": {"type": "object", "properties": {
        "data": {"$ref": "#/components/schemas/Gone"}}}}},
}

YAML_DOCUMENT = """\
openapi: 3.1.0
info: {title: Tiny, version: 2.0.0}
components:
  schemas:
    WebSocketMessage:
      type: object
      properties:
        data:
          anyOf:
            - $ref: '#/components/schemas/Ping'
    Ping:
      type: object
      properties:
        type: {const: ping}
      required: [type]
"""


def create_misbehaving_app() -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    attempts: Counter[str] = Counter()

    @app.get("/good/openapi.json")
    def good() -> JSONResponse:
        return JSONResponse(GOOD_DOCUMENT)

    @app.get("/openapi.json")
    def default_path() -> JSONResponse:
        return JSONResponse(GOOD_DOCUMENT)

    @app.get("/yaml/openapi.yaml")
    def as_yaml() -> Response:
        return Response(YAML_DOCUMENT, media_type="application/yaml")

    @app.get("/dangling/openapi.json")
    def dangling() -> JSONResponse:
        return JSONResponse(DANGLING_DOCUMENT)

    @app.get("/html")
    def html() -> HTMLResponse:
        return HTMLResponse("<html><body>Welcome</body></html>")

    @app.get("/broken-json")
    def broken_json() -> Response:
        return Response('{"openapi": "3.1.0",\n  "info": }', media_type="application/json")

    @app.get("/empty")
    def empty() -> Response:
        return Response(b"", media_type="application/json")

    @app.get("/status/{code}")
    def status(code: int) -> Response:
        return Response(b"{}", status_code=code, media_type="application/json")

    @app.get("/flaky/{key}")
    def flaky(key: str, failures: int = 2) -> Response:
        attempts[key] += 1
        if attempts[key] <= failures:
            return Response(b"busy", status_code=503)
        return JSONResponse(GOOD_DOCUMENT)

    @app.get("/attempts/{key}")
    def count(key: str) -> JSONResponse:
        return JSONResponse({"attempts": attempts[key]})

    @app.get("/slow")
    async def slow() -> JSONResponse:
        await asyncio.sleep(3)
        return JSONResponse(GOOD_DOCUMENT)

    @app.get("/loop")
    def loop() -> RedirectResponse:
        return RedirectResponse("/loop")

    @app.get("/moved")
    def moved() -> RedirectResponse:
        return RedirectResponse("/good/openapi.json")

    @app.get("/big")
    def big() -> JSONResponse:
        return JSONResponse({**GOOD_DOCUMENT, "x-padding": "x" * 10_000})

    return app


def _with_auth(app: FastAPI) -> FastAPI:
    from fastapi import Request

    @app.middleware("http")
    async def require_token(request: Request, call_next: Any) -> Any:
        if request.url.path.startswith("/auth/"):
            if request.headers.get("authorization") != f"Bearer {TOKEN}":
                return JSONResponse({"detail": "Not authenticated"}, status_code=401)
            return JSONResponse(GOOD_DOCUMENT)
        return await call_next(request)

    return app


@pytest.fixture(scope="session")
def bad_url(serve: Callable[[Any], str]) -> str:
    """Base URL of the misbehaving server."""
    return serve(_with_auth(create_misbehaving_app()))


@pytest.fixture
def dead_url() -> str:
    """A URL on a loopback port nothing listens on (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/openapi.json"


@pytest.fixture(scope="session")
def good_document() -> dict[str, Any]:
    """The OpenAPI document the misbehaving server's good endpoints serve."""
    return GOOD_DOCUMENT


@pytest.fixture(scope="session")
def yaml_document() -> str:
    return YAML_DOCUMENT


@pytest.fixture(scope="session")
def bad_token() -> str:
    """The bearer token the misbehaving server's ``/auth/`` paths require."""
    return TOKEN
