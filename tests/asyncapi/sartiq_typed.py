"""The Sartiq messages as pydantic types beside an app that serves them: a ``module:Name`` source.

``SARTIQ_VERSION`` (default 0.1.0) picks the release. ``app`` publishes ``WebSocketMessage`` as
the response of one route and nothing else, so its OpenAPI document holds exactly the models'
schemas (the full Sartiq app also has a request body, which makes FastAPI rename
``ErrorCategory`` to ``ErrorCategory-Output``).
"""

import os
from typing import Annotated, Any, Union

from fastapi import FastAPI
from pydantic import Field, TypeAdapter
from sartiq.models import models_for

__version__ = os.environ.get("SARTIQ_VERSION", "0.1.0")

_models = models_for(__version__)

WebSocketMessage = _models.WebSocketMessage
"""The envelope model: the root of the OpenAPI route's snapshot."""

ServerMessage = Union[_models.message_types]  # noqa: UP007 - built from a tuple at run time
"""The bare union of the message models, as the server sends them over the WebSocket."""

ServerMessageAdapter = TypeAdapter(ServerMessage)

AuthMessage = Annotated[
    _models.AuthSuccessMessage | _models.AuthErrorMessage, Field(discriminator="type")
]
"""A discriminated union (``type`` is a ``Literal`` in both models)."""

app = FastAPI(title="Sartiq typed", version=__version__)


@app.get("/api/v1/schema", response_model=WebSocketMessage)
def schema() -> Any:
    return None


NOT_A_MODEL = 42


class NotAModelEither:
    """A class that is neither a pydantic model nor an application."""
