"""``create_app(version, token=...)``: the Sartiq WebSocket server of one release, as a FastAPI app.

What the real server exposes for the WebSocket contract: ``GET /api/v1/schema`` (response model
``WebSocketMessage``, OAuth2 password bearer) and ``/openapi.json``. For the tests it also mounts
misbehaving endpoints under ``/misbehave/`` and a WebSocket at ``/ws`` (see README.md).
"""

from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.responses import JSONResponse
from fastapi.security import OAuth2PasswordBearer

from sartiq.enums import VERSIONS
from sartiq.models import models_for

TITLE = "Sartiq Backend Server - Websocket"

SCHEMA_DESCRIPTION = """Get WebSocket schema for client codegen.

This endpoint exposes all WebSocket types automatically. Add new message types to WebSocketMessage \
in websocket_event.py and they will be included without modifying this endpoint."""

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/login/access-token", auto_error=False)


def create_app(version: str = "0.1.0", *, token: str | None = None) -> FastAPI:
    """Build the app of ``version`` ("0.1.0" or "0.2.0"); with ``token``, require that bearer."""
    if version not in VERSIONS:
        raise ValueError(f"unknown Sartiq version {version!r}; known: {', '.join(VERSIONS)}")
    models = models_for(version)

    def require_token(bearer: Annotated[str | None, Depends(oauth2_scheme)]) -> None:
        if token is not None and bearer != token:
            raise HTTPException(
                status_code=status.HTTP_401_UNAUTHORIZED,
                detail="Not authenticated",
                headers={"WWW-Authenticate": "Bearer"},
            )

    app = FastAPI(title=TITLE, version=version, openapi_url=None, docs_url=None, redoc_url=None)
    app.state.sartiq_version = version
    app.state.sartiq_token = token

    @app.get(
        "/api/v1/schema",
        response_model=models.WebSocketMessage,
        tags=["websocket"],
        summary="Get Websocket Message",
        description=SCHEMA_DESCRIPTION,
    )
    def get_websocket_message(_: Annotated[None, Depends(require_token)]) -> Any:
        # The real endpoint exists for its schema; its body is a harmless example message.
        return {"data": {"type": "auth_error", "error": "This endpoint only documents the schema."}}

    # The only request-side use of ErrorCategory; it is why the page shows ErrorCategory-Output.
    @app.post(
        "/api/v1/predictions/{prediction_id}/error-report", status_code=204, tags=["predictions"]
    )
    def report_prediction_error(
        prediction_id: UUID,
        report: models.PredictionErrorReport,
        _: Annotated[None, Depends(require_token)],
    ) -> None:
        return None

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(_: Annotated[None, Depends(require_token)]) -> JSONResponse:
        return JSONResponse(app.openapi())

    from sartiq.misbehave import router as misbehave_router
    from sartiq.ws import add_websocket

    app.include_router(misbehave_router)
    add_websocket(app, version=version, token=token)
    return app
