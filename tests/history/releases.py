'''A small chat server's message union in four releases, as FastAPI apps (``module:app`` sources).

1.0.0  ChatMessage {text, mood: happy|sad|angry, legacy_id?, old_flag}, PresenceMessage,
       TypingMessage.
1.1.0  legacy_id ``Field(deprecated=...)``; ``angry`` listed in ``x-deprecated-values``;
       PresenceMessage deprecated; an optional ``edited`` added.
1.2.0  the same deprecations, one version older.
2.0.0  legacy_id, ``angry`` and PresenceMessage removed (deprecated for two versions) and
       old_flag removed without any deprecation.

The module is written into a test's directory and imported by ``schemadiff snapshot``; each
release is one attribute: ``chat_releases:app_1_0_0`` and so on.
'''

from typing import Literal

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field


def _app(version: str) -> FastAPI:
    deprecating = version != "1.0.0"
    moods = ["happy", "sad"] if version == "2.0.0" else ["happy", "sad", "angry"]
    extra = {"x-deprecated-values": ["angry"]} if deprecating and "angry" in moods else {}
    Mood = Literal[tuple(moods)]  # type: ignore[valid-type]

    fields: dict[str, object] = {
        "text": (str, ...),
        "mood": (Mood, Field(json_schema_extra=extra)),
    }
    if version != "2.0.0":
        fields["legacy_id"] = (
            int | None,
            Field(default=None, deprecated="use id" if deprecating else None),
        )
        fields["old_flag"] = (bool, ...)
    if deprecating:
        fields["edited"] = (bool, False)
    from pydantic import create_model

    ChatPayload = create_model("ChatPayload", **fields)  # type: ignore[call-overload]

    class ChatMessage(BaseModel):
        type: Literal["chat"]
        payload: ChatPayload  # type: ignore[valid-type]

    class PresencePayload(BaseModel):
        user: str
        online: bool

    class PresenceMessage(BaseModel):
        model_config = ConfigDict(json_schema_extra={"deprecated": True} if deprecating else {})
        type: Literal["presence"]
        payload: PresencePayload

    class TypingMessage(BaseModel):
        type: Literal["typing"]
        user: str

    data_type: object = (
        ChatMessage | TypingMessage if version == "2.0.0"
        else ChatMessage | PresenceMessage | TypingMessage
    )

    class WebSocketMessage(BaseModel):
        data: data_type  # type: ignore[valid-type]

    app = FastAPI(title="chat", version=version)

    @app.get("/api/v1/schema", response_model=WebSocketMessage)
    def schema() -> None:
        raise NotImplementedError

    return app


app_1_0_0 = _app("1.0.0")
app_1_1_0 = _app("1.1.0")
app_1_2_0 = _app("1.2.0")
app_2_0_0 = _app("2.0.0")
