"""A small FastAPI server project, as a user's repository holds it: a package with its own models.

``write_shop(directory, version=..., change=...)`` writes the package ``shop`` (``shop/models.py``
with the pydantic models, ``shop/main.py`` with the app and its ``info.version``) and a
``pyproject.toml`` whose ``[tool.schemadiff]`` names the app and the snapshot store. ``change``
edits the models the way a pull request would: ``additive`` adds an optional field,
``breaking`` changes a field's type.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Change = Literal["none", "additive", "breaking"]

APP = "shop.main:app"

MODELS = '''\
"""The messages the shop pushes to its clients over the WebSocket."""

from typing import Literal

from pydantic import BaseModel


class Order(BaseModel):
    """An order as clients see it."""

    id: str
    quantity: int
    note: str | None = None


class OrderMessage(BaseModel):
    type: Literal["order"]
    order: Order


class PingMessage(BaseModel):
    type: Literal["ping"]
    sent_at: str
'''

MAIN = '''\
"""The shop's FastAPI app; its OpenAPI document publishes the WebSocket message schema."""

from typing import Annotated

from fastapi import FastAPI
from pydantic import BaseModel, Field

from shop.models import OrderMessage, PingMessage

VERSION = "{version}"


class WebSocketMessage(BaseModel):
    data: Annotated[OrderMessage | PingMessage, Field(discriminator="type")]


app = FastAPI(title="Shop", version=VERSION)


@app.get("/ws/schema", response_model=WebSocketMessage)
def message_schema() -> WebSocketMessage:
    raise NotImplementedError
'''

PYPROJECT = '''\
[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[project]
name = "shop"
version = "0.0.0"
dependencies = []

[tool.setuptools]
packages = ["shop"]

[tool.schemadiff]
source = "shop.main:app"
snapshots = "snapshots"
'''

EDITS: dict[Change, tuple[str, str]] = {
    "none": ("", ""),
    "additive": ("    note: str | None = None\n",
                 "    note: str | None = None\n    gift_wrap: bool | None = None\n"),
    "breaking": ("    quantity: int\n", "    quantity: str\n"),
}


def write_shop(directory: Path, *, version: str = "0.1.0", change: Change = "none") -> Path:
    """Write (or rewrite) the shop project in ``directory``; return ``directory``."""
    package = directory / "shop"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text('"""The shop server."""\n', encoding="utf-8")
    old, new = EDITS[change]
    (package / "models.py").write_text(MODELS.replace(old, new, 1), encoding="utf-8")
    (package / "main.py").write_text(MAIN.format(version=version), encoding="utf-8")
    (directory / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    return directory
