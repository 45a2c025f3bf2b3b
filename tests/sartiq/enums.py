"""The string enums of the Sartiq schema, per release.

The docs page shows every enum as ``Type: string`` without its values, so the values here are
illustrative (plausible, not the production ones). Each enum is one table row per release;
``enums_for(version)`` builds the ``StrEnum`` classes of that release.
"""

from enum import StrEnum
from typing import Any

# Values of every enum in release 0.1.0.
BASELINE: dict[str, tuple[str, ...]] = {
    "DefaultShotTypes": ("front", "back", "side", "detail", "flat_lay"),
    "ErrorCategory": ("content_policy", "timeout", "provider_error", "invalid_input", "internal"),
    "GenerationSocketEventType": (
        "generation_created",
        "generation_updated",
        "generation_completed",
        "generation_failed",
    ),
    "GenerationStatus": ("pending", "processing", "completed", "failed", "cancelled"),
    "GenerationStrategy": ("standard", "garment_placement", "reference_based"),
    "GenerationTool": ("text_to_image", "image_to_image", "inpaint", "upscale"),
    "GenerationType": ("image", "video"),
    "MediaResourceType": ("image", "video", "audio", "document"),
    "PredictionStatus": ("pending", "starting", "processing", "succeeded", "failed", "canceled"),
    "PushStatus": ("pending", "in_progress", "awaiting_confirmation", "completed", "failed"),
    "RefineStatus": ("pending", "processing", "succeeded", "failed"),
    "RevisionSource": ("prediction", "refine", "upload", "sketch"),
    "ShotRevisionStatus": ("draft", "in_review", "approved", "rejected"),
    "ShotSocketEventType": (
        "shot_created",
        "shot_updated",
        "shot_revision_created",
        "shot_deleted",
    ),
    "ShotStatus": ("draft", "generating", "ready", "approved", "delivered"),
    "ShotTypeFraming": ("full_body", "three_quarter", "half_body", "close_up", "detail"),
    "ViewAngle": ("front", "back", "side", "three_quarter_front", "three_quarter_back"),
}

# What release 0.2.0 changes, as (enum, added values, removed values). Listed in CHANGES.md.
CHANGES_0_2_0: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("GenerationSocketEventType", ("generation_queued",), ()),
    ("ShotSocketEventType", (), ("shot_deleted",)),
    ("PredictionStatus", ("queued",), ("starting",)),
    ("MediaResourceType", (), ("audio",)),
    ("ShotStatus", ("archived",), ()),
    ("ViewAngle", ("overhead",), ()),
)

# Enums that exist only from 0.2.0 on.
NEW_IN_0_2_0: dict[str, tuple[str, ...]] = {
    "NotificationLevel": ("info", "warning", "error"),
}

VERSIONS = ("0.1.0", "0.2.0")


def enum_values(version: str) -> dict[str, tuple[str, ...]]:
    """Return every enum's values in ``version``."""
    if version not in VERSIONS:
        raise ValueError(f"unknown Sartiq version {version!r}; known: {', '.join(VERSIONS)}")
    values = dict(BASELINE)
    if version == "0.2.0":
        for name, added, removed in CHANGES_0_2_0:
            values[name] = tuple(v for v in values[name] if v not in removed) + added
        values.update(NEW_IN_0_2_0)
    return values


class ErrorCategoryBase(StrEnum):
    """Base of ``ErrorCategory``: its request-side schema differs from its response-side one.

    The server accepts legacy spellings of the categories in requests, and documents that on the
    input side only; so FastAPI publishes two definitions, ``ErrorCategory-Input`` and
    ``ErrorCategory-Output``, exactly as the docs page shows ``ErrorCategory-Output``.
    """

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> Any:
        schema = handler.resolve_ref_schema(handler(core_schema))
        if handler.mode == "validation":
            schema["description"] = "Legacy upper-case spellings are accepted too."
        return schema

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str) and value.lower() in cls._value2member_map_:
            return cls._value2member_map_[value.lower()]
        return None


def enums_for(version: str) -> dict[str, type[StrEnum]]:
    """Build the ``StrEnum`` classes of ``version`` (member names are the upper-cased values)."""
    classes: dict[str, type[StrEnum]] = {}
    for name, values in enum_values(version).items():
        members = [(value.upper(), value) for value in values]
        base = ErrorCategoryBase if name == "ErrorCategory" else StrEnum
        classes[name] = base(name, members)  # type: ignore[call-overload]
    return classes
