"""The misbehaving endpoints and the WebSocket behave as README.md says."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import websockets
from websockets.sync.client import ClientConnection, connect

from sartiq.app import create_app
from sartiq.ws import AUTH_FAILED_CLOSE_CODE, invalid_positions

TOKEN = "test-token"


@pytest.fixture(scope="module")
def url(serve: Any) -> str:
    return str(serve(create_app("0.1.0", token=TOKEN)))


@pytest.fixture(scope="module")
def open_url(serve: Any) -> str:
    return str(serve(create_app("0.2.0")))


def _ws(url: str, query: str = "", **kwargs: Any) -> ClientConnection:
    return connect(url.replace("http://", "ws://") + "/ws" + query, open_timeout=5, **kwargs)


def _drain(connection: ClientConnection) -> Iterator[str]:
    try:
        while True:
            frame = connection.recv(timeout=5)
            yield frame if isinstance(frame, str) else frame.decode()
    except websockets.ConnectionClosed:
        return


@pytest.mark.parametrize(("code"), [401, 403, 404, 500, 502])
def test_status(url: str, code: int) -> None:
    response = httpx.get(f"{url}/misbehave/status/{code}")
    assert response.status_code == code
    assert response.json() == {"detail": f"misbehaving with {code}"}


def test_flaky_fails_then_serves_the_document(url: str) -> None:
    statuses = [httpx.get(f"{url}/misbehave/flaky/2?key=t1").status_code for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert httpx.get(f"{url}/misbehave/flaky-count/t1").json() == {"requests": 3}


def test_hang_exceeds_a_short_timeout(url: str) -> None:
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(f"{url}/misbehave/hang?seconds=2", timeout=0.3)


def test_redirect_loop_and_single_redirect(url: str) -> None:
    with pytest.raises(httpx.TooManyRedirects):
        httpx.get(f"{url}/misbehave/redirect-loop", follow_redirects=True)
    response = httpx.get(
        f"{url}/misbehave/redirect?to=/misbehave/not-json", follow_redirects=True
    )
    assert response.headers["content-type"].startswith("text/html")


def test_bodies_that_are_not_a_json_document(url: str) -> None:
    assert httpx.get(f"{url}/misbehave/not-json").text.startswith("<html>")
    assert httpx.get(f"{url}/misbehave/empty").content == b""
    with pytest.raises(json.JSONDecodeError):
        json.loads(httpx.get(f"{url}/misbehave/truncated-json").text)
    text = httpx.get(f"{url}/misbehave/json-as-text")
    assert text.headers["content-type"].startswith("text/plain")
    assert json.loads(text.text)["info"]["title"] == "Sartiq Backend Server - Websocket"


@pytest.mark.parametrize("declared", [False, True])
def test_huge_body(url: str, declared: bool) -> None:
    response = httpx.get(f"{url}/misbehave/huge?mb=3&declared={str(declared).lower()}")
    assert len(response.content) >= 3 * 1024 * 1024 - 1024 * 1024
    assert json.loads(response.content)["padding"][-1] == "end"
    assert ("content-length" in response.headers) == declared
    if declared:
        assert int(response.headers["content-length"]) == len(response.content)


def test_echo_headers(url: str) -> None:
    echoed = httpx.get(f"{url}/misbehave/echo-headers", headers={"X-Team": "blue"}).json()
    assert echoed["x-team"] == "blue"


def test_broken_documents(url: str) -> None:
    def get(case: str) -> Any:
        return httpx.get(f"{url}/misbehave/openapi/{case}").json()

    schemas = get("dangling-ref")["components"]["schemas"]
    assert schemas["GenerationMessage"]["properties"]["payload"] == {
        "$ref": "#/components/schemas/GenerationPublicMissing"
    }
    assert "WebSocketMessage" not in get("no-root")["components"]["schemas"]
    assert "components" not in get("no-components")
    assert get("not-object") == []
    cyclic = get("cycle")["components"]["schemas"]["RefinePublic"]["properties"]
    assert cyclic["refines_refine"]["anyOf"][0] == {"$ref": "#/components/schemas/RefinePublic"}
    assert httpx.get(f"{url}/misbehave/openapi/nope").status_code == 404
    deep = get("deep?depth=50")["components"]["schemas"]["AuthErrorMessage"]["properties"]
    assert json.dumps(deep["error"]).count('"items"') == 50


def test_openapi_30_variants_use_nullable(url: str) -> None:
    for case, expected in [
        ("openapi-3.0", {"allOf": [{"$ref": "#/components/schemas/UserSummary"}],
                         "nullable": True}),
        ("openapi-3.0-ref-sibling", {"$ref": "#/components/schemas/UserSummary",
                                     "nullable": True}),
    ]:
        document = httpx.get(f"{url}/misbehave/openapi/{case}").json()
        assert document["openapi"] == "3.0.3"
        schemas = document["components"]["schemas"]
        owner = schemas["ShotRevisionPublic"]["properties"]["owner"]
        assert owner == expected
        notes = schemas["ShotRevisionPublic"]["properties"]["notes"]
        assert notes == {"type": "string", "nullable": True, "title": "Notes"}
        assert '"type": "null"' not in json.dumps(document)


def test_openapi_yaml(url: str) -> None:
    import yaml

    response = httpx.get(f"{url}/misbehave/openapi.yaml")
    assert response.headers["content-type"].startswith("application/yaml")
    assert yaml.safe_load(response.text)["info"]["version"] == "0.1.0"


# The WebSocket ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "headers"),
    [("?count=3", {"Authorization": f"Bearer {TOKEN}"}), (f"?count=3&token={TOKEN}", None)],
)
def test_ws_authenticates_by_header_or_query_then_streams(
    url: str, query: str, headers: dict[str, str] | None
) -> None:
    with _ws(url, query, additional_headers=headers) as connection:
        frames = [json.loads(f) for f in _drain(connection)]
        assert connection.close_code == 1000
    assert frames[0]["type"] == "auth_success"
    assert len(frames) == 4


def test_ws_authenticates_by_first_message(url: str) -> None:
    with _ws(url, "?count=2") as connection:
        connection.send(json.dumps({"type": "auth", "token": TOKEN}))
        frames = [json.loads(f) for f in _drain(connection)]
    assert frames[0]["type"] == "auth_success"
    assert len(frames) == 3


@pytest.mark.parametrize("query", ["?token=wrong", ""])
def test_ws_wrong_or_missing_token(url: str, query: str) -> None:
    with _ws(url, query) as connection:
        if not query:
            connection.send(json.dumps({"type": "auth", "token": "wrong"}))
        frames = [json.loads(f) for f in _drain(connection)]
        assert connection.close_code == AUTH_FAILED_CLOSE_CODE
    assert frames == [{"error": "Invalid token", "type": "auth_error"}]


def test_ws_pushes_the_generated_messages_of_its_version(open_url: str) -> None:
    from sartiq.messages import generate_messages

    with _ws(open_url, "?count=5&seed=9") as connection:
        frames = [json.loads(f) for f in _drain(connection)]
    assert frames[1:] == list(generate_messages("0.2.0", 5, 9))


def test_ws_invalid_messages_at_known_positions(open_url: str) -> None:
    from sartiq.messages import generate_messages

    assert invalid_positions(10, 3) == [2, 5, 7]
    with _ws(open_url, "?count=10&invalid=3") as connection:
        frames = [json.loads(f) for f in _drain(connection)][1:]
    expected = list(generate_messages("0.2.0", 10, 0))
    for index, frame in enumerate(frames):
        if index in (2, 5, 7):
            payload = frame.get("payload")
            if payload is not None:
                assert "id" not in payload
            else:  # An auth message: it lost its context or error field.
                assert len(frame) == len(expected[index]) - 1
        else:
            assert frame == expected[index]


@pytest.mark.parametrize("kind", ["unknown_type", "not_json", "wrong_type"])
def test_ws_invalid_kinds(open_url: str, kind: str) -> None:
    with _ws(open_url, f"?count=3&invalid_at=1&invalid_kind={kind}") as connection:
        frames = list(_drain(connection))[1:]
    assert len(frames) == 3
    if kind == "not_json":
        with pytest.raises(json.JSONDecodeError):
            json.loads(frames[1])
    elif kind == "unknown_type":
        assert json.loads(frames[1])["type"] == "mystery_event"
    else:
        assert 12345 in json.loads(frames[1]).get("payload", json.loads(frames[1])).values()


def test_ws_envelope_and_close_modes(open_url: str) -> None:
    with _ws(open_url, "?count=2&envelope=1&close=error") as connection:
        frames = [json.loads(f) for f in _drain(connection)]
        assert connection.close_code == 1011
    assert all(set(f) == {"data"} for f in frames)
    with _ws(open_url, "?count=1&close=client") as connection:
        assert len([connection.recv(timeout=5) for _ in range(2)]) == 2
        with pytest.raises(TimeoutError):
            connection.recv(timeout=0.3)
