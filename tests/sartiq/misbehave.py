"""Endpoints under ``/misbehave/`` that fail the ways real servers do, for the hardening tests.

None of them needs the token. Every one is listed, with what it returns, in README.md.
Broken OpenAPI documents are derived from the app's own document, so they differ from a good
one in exactly one way.
"""

import asyncio
import copy
import json
from collections.abc import AsyncIterator
from typing import Any

import yaml
from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse, StreamingResponse

router = APIRouter(prefix="/misbehave", include_in_schema=False)

_flaky_counts: dict[str, int] = {}


def _document(request: Request) -> dict[str, Any]:
    return copy.deepcopy(request.app.openapi())


@router.get("/status/{code}")
def status_code(code: int) -> Response:
    """Answer with HTTP status ``code`` and a small JSON error body."""
    if not 200 <= code <= 599:
        raise HTTPException(400, "status code out of range")
    headers = {"WWW-Authenticate": "Bearer"} if code == 401 else {}
    return JSONResponse({"detail": f"misbehaving with {code}"}, status_code=code, headers=headers)


@router.get("/flaky/{failures}")
def flaky(request: Request, failures: int, key: str = "default", status: int = 503) -> Response:
    """Fail ``failures`` times with ``status`` (per ``key``), then serve the OpenAPI document."""
    seen = _flaky_counts.get(key, 0)
    _flaky_counts[key] = seen + 1
    if seen < failures:
        return JSONResponse({"detail": f"attempt {seen + 1} fails"}, status_code=status)
    return JSONResponse(_document(request))


@router.get("/flaky-count/{key}")
def flaky_count(key: str) -> dict[str, int]:
    """How many requests ``/flaky/...?key=KEY`` has seen."""
    return {"requests": _flaky_counts.get(key, 0)}


@router.get("/hang")
async def hang(seconds: float = 30.0) -> Response:
    """Send nothing for ``seconds``, then the OpenAPI document would follow (too late)."""
    await asyncio.sleep(seconds)
    return JSONResponse({"detail": "woke up"})


@router.get("/slow-body")
def slow_body(seconds: float = 30.0) -> StreamingResponse:
    """Send headers and the first bytes of a JSON body at once, the rest after ``seconds``."""

    async def body() -> AsyncIterator[bytes]:
        yield b'{"openapi": "3.1.0", '
        await asyncio.sleep(seconds)
        yield b'"info": {}}'

    return StreamingResponse(body(), media_type="application/json")


@router.get("/redirect-loop")
def redirect_loop() -> Response:
    """Redirect to itself, forever."""
    return RedirectResponse("/misbehave/redirect-loop", status_code=302)


@router.get("/redirect")
def redirect(to: str = "/openapi.json") -> Response:
    """One redirect (307) to ``to`` (a path on this server)."""
    return RedirectResponse(to, status_code=307)


@router.get("/not-json")
def not_json() -> Response:
    """200 with an HTML page, as a login wall or proxy error page would."""
    return Response("<html><body><h1>Welcome</h1></body></html>", media_type="text/html")


@router.get("/json-as-text")
def json_as_text(request: Request) -> Response:
    """The valid OpenAPI document, served as ``text/plain``."""
    return Response(json.dumps(_document(request)), media_type="text/plain")


@router.get("/truncated-json")
def truncated_json(request: Request) -> Response:
    """The OpenAPI document cut in half (an ``application/json`` body that does not parse)."""
    text = json.dumps(_document(request))
    return Response(text[: len(text) // 2], media_type="application/json")


@router.get("/empty")
def empty() -> Response:
    """200, ``application/json``, empty body."""
    return Response(b"", media_type="application/json")


@router.get("/huge")
def huge(mb: int = 64, declared: bool = False) -> Response:
    """A JSON document of about ``mb`` MiB, streamed (with ``declared``: Content-Length set)."""
    size = mb * 1024 * 1024
    chunk = b'"' + b"x" * (1024 * 1024 - 4) + b'",'

    async def body() -> AsyncIterator[bytes]:
        yield b'{"openapi": "3.1.0", "padding": ['
        sent = 0
        while sent + len(chunk) < size:
            yield chunk
            sent += len(chunk)
        yield b'"end"]}'

    if declared:
        total = len(b'{"openapi": "3.1.0", "padding": [') + len(b'"end"]}')
        total += len(chunk) * max(0, -(-(size - len(chunk)) // len(chunk)))
        headers = {"Content-Length": str(total)}
        return StreamingResponse(body(), media_type="application/json", headers=headers)
    return StreamingResponse(body(), media_type="application/json")


@router.get("/echo-headers")
def echo_headers(request: Request) -> dict[str, str]:
    """The request's headers, as JSON (to check what a client sends)."""
    return dict(request.headers)


@router.get("/openapi.yaml")
def openapi_yaml(request: Request) -> Response:
    """The valid OpenAPI document as YAML (``application/yaml``)."""
    return Response(yaml.safe_dump(_document(request)), media_type="application/yaml")


def _schemas(document: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = document["components"]["schemas"]
    return schemas


def _to_openapi_30(node: Any, *, ref_style: str) -> Any:
    """Rewrite 3.1 ``anyOf [X, {"type": "null"}]`` into 3.0 ``nullable: true``."""
    if isinstance(node, list):
        return [_to_openapi_30(item, ref_style=ref_style) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _to_openapi_30(value, ref_style=ref_style) for key, value in node.items()}
    members = node.get("anyOf")
    if isinstance(members, list) and {"type": "null"} in members:
        rest = [m for m in members if m != {"type": "null"}]
        del node["anyOf"]
        if len(rest) == 1 and "$ref" in rest[0]:
            if ref_style == "allOf":
                node["allOf"] = rest
            else:
                node.update(rest[0])
        elif len(rest) == 1:
            node.update(rest[0])
        else:
            node["anyOf"] = rest
        node["nullable"] = True
    return node


def _broken(case: str, document: dict[str, Any], depth: int) -> Any:
    schemas = _schemas(document)
    if case == "dangling-ref":
        schemas["GenerationMessage"]["properties"]["payload"] = {
            "$ref": "#/components/schemas/GenerationPublicMissing"
        }
    elif case == "external-ref":
        schemas["ShotMessage"]["properties"]["payload"] = {
            "$ref": "https://schemas.example.com/shot.json#/ShotPublic"
        }
    elif case == "no-root":
        del schemas["WebSocketMessage"]
    elif case == "no-components":
        del document["components"]
    elif case == "cycle":
        # A valid document with a reference cycle: a refine may embed the refine it refines.
        schemas["RefinePublic"]["properties"]["refines_refine"] = {
            "anyOf": [{"$ref": "#/components/schemas/RefinePublic"}, {"type": "null"}]
        }
    elif case == "self-ref":
        # A $ref that points at itself and nothing else: unresolvable.
        schemas["Loop"] = {"$ref": "#/components/schemas/Loop"}
        schemas["AuthErrorMessage"]["properties"]["error"] = {"$ref": "#/components/schemas/Loop"}
    elif case == "not-object":
        return []
    elif case == "deep":
        node: dict[str, Any] = {"type": "string"}
        for _ in range(depth):
            node = {"type": "array", "items": node}
        schemas["AuthErrorMessage"]["properties"]["error"] = node
    elif case == "openapi-3.0":
        document = _to_openapi_30(document, ref_style="allOf")
        document["openapi"] = "3.0.3"
    elif case == "openapi-3.0-ref-sibling":
        document = _to_openapi_30(document, ref_style="sibling")
        document["openapi"] = "3.0.3"
    else:
        raise HTTPException(404, f"no broken document {case!r}")
    return document


BROKEN_CASES = (
    "dangling-ref", "external-ref", "no-root", "no-components", "cycle", "self-ref",
    "not-object", "deep", "openapi-3.0", "openapi-3.0-ref-sibling",
)


@router.get("/openapi/{case}")
def broken_openapi(request: Request, case: str, depth: int = 2000) -> Response:
    """The app's OpenAPI document with one defect (or variation) named by ``case``."""
    body = _broken(case, _document(request), min(depth, 10000))
    # json.dumps of thousands of nested levels needs more than the default recursion limit.
    return Response(_dumps_deep(body), media_type="application/json")


def _dumps_deep(body: Any) -> str:
    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 30000))
    try:
        return json.dumps(body)
    finally:
        sys.setrecursionlimit(limit)
