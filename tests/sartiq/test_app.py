"""The reconstructed Sartiq app: its OpenAPI document matches the docs page, and auth works."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from sartiq.app import TITLE, create_app
from sartiq.enums import enum_values

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "websocket-endpoints.md"
TOKEN = "test-token"


def _openapi(url: str, token: str | None = TOKEN) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.get(f"{url}/openapi.json", headers=headers)
    response.raise_for_status()
    document: dict[str, Any] = response.json()
    return document


def _seed_schemas() -> dict[str, set[str]]:
    """Parse the docs page: schema name -> field names (empty set for enums)."""
    if not SEED.exists():
        pytest.skip(f"seed docs page not found at {SEED}")
    text = SEED.read_text(encoding="utf-8").split("\nSchemas\n", 1)[1].split("Security schemes")[0]
    schemas: dict[str, set[str]] = {}
    current: set[str] | None = None
    for line in text.splitlines():
        if re.fullmatch(r"[A-Z][A-Za-z0-9-]*", line.strip()):
            current = schemas.setdefault(line.strip(), set())
        elif current is not None and line and not line.startswith(("Name\t", "Type:", "Name ")):
            field = line.split()[0]
            if re.fullmatch(r"[a-z_0-9]+", field):
                current.add(field)
    return schemas


def test_openapi_has_every_schema_and_field_of_the_docs_page(sartiq_url: str) -> None:
    components = _openapi(sartiq_url)["components"]["schemas"]
    seed = _seed_schemas()
    assert len(seed) == 33
    for name, fields in seed.items():
        assert name in components, name
        assert set(components[name].get("properties", {})) == fields, name


def test_root_component_is_the_union_shown_on_the_docs_page(sartiq_url: str) -> None:
    document = _openapi(sartiq_url)
    assert document["info"] == {"title": TITLE, "version": "0.1.0"}
    assert document["components"]["schemas"]["WebSocketMessage"] == {
        "properties": {
            "data": {
                "anyOf": [
                    {"$ref": "#/components/schemas/GenerationMessage"},
                    {"$ref": "#/components/schemas/ShotMessage"},
                    {"$ref": "#/components/schemas/AuthSuccessMessage"},
                    {"$ref": "#/components/schemas/AuthErrorMessage"},
                ],
                "title": "Data",
            }
        },
        "type": "object",
        "required": ["data"],
        "title": "WebSocketMessage",
    }
    operation = document["paths"]["/api/v1/schema"]["get"]
    assert operation["security"] == [{"OAuth2PasswordBearer": []}]
    assert document["components"]["securitySchemes"]["OAuth2PasswordBearer"]["type"] == "oauth2"


def test_enums_carry_the_illustrative_values(sartiq_url: str) -> None:
    components = _openapi(sartiq_url)["components"]["schemas"]
    for name, values in enum_values("0.1.0").items():
        key = "ErrorCategory-Output" if name == "ErrorCategory" else name
        assert components[key]["enum"] == list(values), name


@pytest.mark.parametrize("path", ["/openapi.json", "/api/v1/schema"])
@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_token_is_required(sartiq_url: str, path: str, token: str | None) -> None:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.get(f"{sartiq_url}{path}", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_without_a_token_the_app_is_open_and_serves_the_same_document(
    serve: Any, sartiq_url: str
) -> None:
    open_url = serve(create_app("0.1.0"))
    assert _openapi(open_url, token=None) == _openapi(sartiq_url)
    schema = httpx.get(f"{open_url}/api/v1/schema")
    assert schema.status_code == 200
    assert schema.json()["data"]["type"] == "auth_error"


def test_version_0_2_0_adds_the_notification_message(serve: Any) -> None:
    document = _openapi(serve(create_app("0.2.0")), token=None)
    assert document["info"]["version"] == "0.2.0"
    union = document["components"]["schemas"]["WebSocketMessage"]["properties"]["data"]["anyOf"]
    assert union[-1] == {"$ref": "#/components/schemas/NotificationMessage"}


def test_unknown_version_is_refused() -> None:
    with pytest.raises(ValueError, match=r"unknown Sartiq version '9\.9\.9'"):
        create_app("9.9.9")
