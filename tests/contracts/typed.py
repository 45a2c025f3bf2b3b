"""The Sartiq messages of one release as pydantic types, beside an app that serves them.

``sartiq_typed`` (0.1.0) and ``sartiq_typed_v2`` (0.2.0) expose these as module attributes, the
way an application's ``models`` module would, for ``schemadiff snapshot module:Name``. ``app``
publishes ``WebSocketMessage`` as the response of one route and nothing else, so its OpenAPI
document holds exactly the models' schemas (the full Sartiq app also has a request body, which
makes FastAPI rename ``ErrorCategory`` to ``ErrorCategory-Output``).
"""

from typing import Annotated, Any, Union

from fastapi import FastAPI
from pydantic import Field, TypeAdapter
from sartiq.models import models_for


class NotAModelEither:
    """A class that is neither a pydantic model nor an application."""


def exposed(version: str) -> dict[str, Any]:
    """The attributes of a models module of ``version``."""
    models = models_for(version)
    server_message = Union[models.message_types]  # noqa: UP007 - built from a tuple at run time
    app = FastAPI(title="Sartiq typed", version=version)

    @app.get("/api/v1/schema", response_model=models.WebSocketMessage)
    def schema() -> Any:
        return None

    return {
        "__version__": version,
        # The envelope model: the root of the OpenAPI route's snapshot.
        "WebSocketMessage": models.WebSocketMessage,
        # The bare union of the message models, as the server sends them over the WebSocket.
        "ServerMessage": server_message,
        "ServerMessageAdapter": TypeAdapter(server_message),
        # A discriminated union (``type`` is a ``Literal`` in both models).
        "AuthMessage": Annotated[
            models.AuthSuccessMessage | models.AuthErrorMessage, Field(discriminator="type")
        ],
        "app": app,
        "NOT_A_MODEL": 42,
        "NotAModelEither": NotAModelEither,
    }
