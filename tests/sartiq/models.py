"""The pydantic models of the Sartiq WebSocket schema, built per release.

``models_for(version)`` returns a namespace of the model classes of one release. The classes are
written once; the places where release 0.2.0 differs from 0.1.0 are marked ``# 0.2.0:`` inline and
listed in CHANGES.md, so reading one class shows both releases.

Field types follow the docs page (``/work/shared/seed/websocket-endpoints.md``): a field shown with
a type has that type; a field shown without one is ``X | None`` (the page omits ``anyOf`` types),
with ``X`` chosen from the field's name. This module deliberately has no
``from __future__ import annotations``: the classes are built inside a function and pydantic must
see the real annotation objects, which refer to that function's locals.
"""

import functools
from datetime import datetime
from types import SimpleNamespace
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field, computed_field

from sartiq.enums import enums_for

PUSH_STATUS_PRIORITY = ("failed", "in_progress", "awaiting_confirmation", "pending", "completed")
"""Most severe first: the aggregate push status of a revision is the first one present."""


@functools.cache
def models_for(version: str) -> SimpleNamespace:
    """Return the models (and enums) of ``version`` as attributes of a namespace."""
    e = SimpleNamespace(**enums_for(version))
    v2 = version == "0.2.0"

    class UserSummary(BaseModel):
        email: str = Field(json_schema_extra={"format": "email"})
        full_name: str | None = None
        id: UUID

    class MediaResourcePublic(BaseModel):
        alt_text: str | None = None
        aspect_ratio: float | None = None
        caption: str | None = None
        color_profile: str | None = None
        content_hash: str
        created_at: datetime
        dominant_color: str | None = None
        duration: float | None = None
        extension: str
        file_size: int
        height: int | None = None
        id: UUID
        orientation: str | None = None
        protected: bool
        resource_type: e.MediaResourceType
        url: str
        width: int | None = None

    class MediaInput(BaseModel):
        alt_text: str | None = None
        caption: str | None = None
        color_profile: str | None = None
        dominant_color: str | None = None
        duration: float | None = None
        height: int | None = None
        media_resource_id: UUID | None = None
        protected: bool = False
        url: str | None = None
        width: int | None = None

    class ShotTypePublic(BaseModel):
        core_focus: bool
        created_at: datetime
        default_shot_type: e.DefaultShotTypes | None = None
        file_naming_convention: str | None = None
        framing: e.ShotTypeFraming
        id: UUID
        margins: str | None = None
        name: str
        organization_id: UUID | None = None
        owner_id: UUID | None = None
        prompt: str | None = None
        prompt_builder_section: str | None = None
        public: bool
        reference_image: MediaResourcePublic | None = None
        reference_image_url: str | None = None
        shot_type_prompt_instruction: str | None = None
        shot_type_ref_image_url: str | None = None
        updated_at: datetime
        view_angle: e.ViewAngle  # 0.2.0: ViewAngle gains "overhead".

    class RefinePublic(BaseModel):
        created_at: datetime
        error_category: e.ErrorCategory | None = None
        error_message: str | None = None
        height: int | None = None
        id: UUID
        prediction_id: UUID
        prompt: str | None = None
        refine_model_id: UUID | None = None
        refines_refine_id: UUID | None = None
        result_image_media: MediaResourcePublic | None = None
        result_image_url: str | None = None
        scale_factor: float | None = None
        status: e.RefineStatus
        task_id: str | None = None
        updated_at: datetime
        width: int | None = None

    class PredictionPublic(BaseModel):
        created_at: datetime
        duration_seconds: float | None = None
        error_category: e.ErrorCategory | None = None
        error_message: str | None = None
        favourite: bool
        generation_id: UUID
        id: UUID
        if v2:
            model_name: str  # 0.2.0: new required field.
        refines: list[RefinePublic]
        result_image_media: MediaResourcePublic | None = None
        result_image_url: str | None = None
        result_video_media: MediaResourcePublic | None = None
        result_video_url: str | None = None
        if v2:
            seed: int | None = None  # 0.2.0: became nullable (and optional).
        else:
            seed: int
        shot_type: ShotTypePublic | None = None
        status: e.PredictionStatus  # 0.2.0: PredictionStatus gains "queued", loses "starting".
        updated_at: datetime

        @computed_field(  # type: ignore[prop-decorator]
            description=(
                "Computed field for backward compatibility. Returns the most recent successful "
                "refine's result_image_url."
            )
        )
        @property
        def refined_image_url(self) -> str | None:
            done = [r for r in self.refines if r.status == "succeeded" and r.result_image_url]
            return max(done, key=lambda r: r.updated_at).result_image_url if done else None

    class GenerationPublic(BaseModel):
        autogenerated: bool
        background: str | None = None
        if v2:
            batch_size: int = Field(ge=1, le=8)  # 0.2.0: constraint added.
        else:
            batch_size: int
        created_at: datetime
        extra_prompt: str | None = None
        framing: str | None = None
        garment_placement_base_image_media: MediaResourcePublic | None = None
        garment_placement_base_image_url: str | None = None
        generated_prompt: str | None = None
        generation_strategy: e.GenerationStrategy
        generation_type: e.GenerationType
        generative_models_id: UUID | None = None
        if not v2:
            has_product2_lora: bool  # 0.2.0: removed.
        has_product_lora: bool
        has_style_lora: bool
        has_subject_lora: bool
        height: int
        id: UUID
        lighting: str | None = None
        negative_prompt: str | None = None
        organization_id: UUID | None = None
        owner_id: UUID
        perspective: str | None = None
        pose: str | None = None
        predictions: list[PredictionPublic]
        if v2:
            priority: int | None = None  # 0.2.0: new optional field.
        product2_description: str | None = None
        product2_id: UUID | None = None
        product2_image_media: MediaResourcePublic | None = None
        product2_image_url: str | None = None
        product2_lora_weight: float
        product_description: str | None = None
        product_id: UUID | None = None
        product_image_media: MediaResourcePublic | None = None
        product_image_url: str | None = None
        product_lora_weight: float
        reference_images_media: list[MediaInput] | None = None
        reference_images_paths: list[str]
        refine: bool
        revised: bool
        scale_factor: float | None = None
        if v2:
            seed: str  # 0.2.0: type change, integer -> string (seeds outgrew 2**53).
        else:
            seed: int
        shooting_look_id: UUID | None = None
        shot_id: UUID | None = None
        shot_type_id: UUID | None = None
        shot_type_string: str | None = None
        status: e.GenerationStatus
        steps: int
        style_description: str | None = None
        style_id: UUID | None = None
        style_name: str | None = None
        subject_description: str | None = None
        subject_id: UUID | None = None
        subject_image_media: MediaResourcePublic | None = None
        subject_image_url: str | None = None
        subject_lora_weight: float
        if not v2:
            tone: str | None = None  # 0.2.0: removed.
        tool: e.GenerationTool | None = None
        updated_at: datetime
        width: int

    class ExternalImagePushPublic(BaseModel):
        completed_at: datetime | None = None
        created_at: datetime
        error_message: str | None = None
        id: UUID
        integration_id: UUID
        push_status: e.PushStatus
        pushed_at: datetime | None = None
        updated_at: datetime

    class ShotRevisionImagePublic(BaseModel):
        autogenerated: bool
        created_at: datetime
        effective_image_url: str | None = None
        id: UUID
        image_media: MediaResourcePublic | None = None
        image_url: str | None = None
        notes: str | None = None
        if v2:
            # 0.2.0: new optional field; PredictionPublic is now reached from ShotMessage too.
            prediction: PredictionPublic | None = None
        prediction_id: UUID | None = None
        refine_id: UUID | None = None
        shot_revision_id: UUID
        sketch_image_media: MediaResourcePublic | None = None
        sketch_image_url: str | None = None
        source_type: e.RevisionSource
        updated_at: datetime

    class ShotRevisionPublic(BaseModel):
        created_at: datetime
        display_name: str
        effective_image_url: str | None = None
        id: UUID
        images: list[ShotRevisionImagePublic]
        notes: str | None = None
        owner: UserSummary | None = None
        if v2:
            owner_id: UUID  # 0.2.0: no longer nullable, now required.
        else:
            owner_id: UUID | None = None
        previous_revision_id: UUID | None = None
        push_records: list[ExternalImagePushPublic]
        shot_id: UUID
        shot_revision_status: e.ShotRevisionStatus | None = None
        shot_status: e.ShotStatus
        updated_at: datetime
        version: int

        @computed_field(  # type: ignore[prop-decorator]
            description=(
                "Aggregate push status across all integrations. Returns: None (no pushes), "
                "PENDING, IN_PROGRESS, AWAITING_CONFIRMATION, COMPLETED, or FAILED Priority: "
                "FAILED > IN_PROGRESS > AWAITING_CONFIRMATION > PENDING > COMPLETED"
            )
        )
        @property
        def push_status(self) -> e.PushStatus | None:  # type: ignore[name-defined]
            statuses = {record.push_status for record in self.push_records}
            for status in PUSH_STATUS_PRIORITY:
                if status in statuses:
                    return e.PushStatus(status)
            return None

    class ShotPublic(BaseModel):
        created_at: datetime
        current_revision_id: UUID | None = None
        id: UUID
        pose_preset_id: UUID | None = None
        revisions: list[ShotRevisionPublic]
        rework_available: int
        rework_used: int
        shooting_look_id: UUID | None = None
        shot_type: ShotTypePublic | None = None
        status: e.ShotStatus
        updated_at: datetime

    class GenerationMessage(BaseModel):
        payload: GenerationPublic
        type: e.GenerationSocketEventType

    class ShotMessage(BaseModel):
        payload: ShotPublic
        type: e.ShotSocketEventType

    class AuthSuccessMessage(BaseModel):
        context: str
        organization_id: UUID | None = None
        type: Literal["auth_success"] = "auth_success"
        if v2:
            user_id: UUID  # 0.2.0: format added (plain string -> uuid).
        else:
            user_id: str

    class AuthErrorMessage(BaseModel):
        error: str
        type: Literal["auth_error"] = "auth_error"

    union = GenerationMessage | ShotMessage | AuthSuccessMessage | AuthErrorMessage
    message_types: tuple[type[BaseModel], ...] = (
        GenerationMessage, ShotMessage, AuthSuccessMessage, AuthErrorMessage,
    )
    if v2:

        class NotificationPublic(BaseModel):  # 0.2.0: new definition.
            body: str | None = None
            created_at: datetime
            id: UUID
            level: e.NotificationLevel
            link_url: str | None = None
            title: str

        class NotificationMessage(BaseModel):  # 0.2.0: new message type.
            payload: NotificationPublic
            type: Literal["notification"] = "notification"

        union = union | NotificationMessage
        message_types += (NotificationMessage,)

    class WebSocketMessage(BaseModel):
        data: union  # type: ignore[valid-type]

    class PredictionErrorReport(BaseModel):
        """A request body: the only input-side use of ErrorCategory (see enums.py)."""

        error_category: e.ErrorCategory
        message: str | None = None

    namespace = SimpleNamespace(**vars(e))
    for model in (
        UserSummary, MediaResourcePublic, MediaInput, ShotTypePublic, RefinePublic,
        PredictionPublic, GenerationPublic, ExternalImagePushPublic, ShotRevisionImagePublic,
        ShotRevisionPublic, ShotPublic, GenerationMessage, ShotMessage, AuthSuccessMessage,
        AuthErrorMessage, WebSocketMessage, PredictionErrorReport,
    ):
        setattr(namespace, model.__name__, model)
    if v2:
        namespace.NotificationPublic = NotificationPublic
        namespace.NotificationMessage = NotificationMessage
    namespace.message_types = message_types
    return namespace
