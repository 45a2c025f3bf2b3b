"""``generate_messages(version, count, seed)``: realistic, valid Sartiq messages, fast.

Messages are bare union members (``{"type": ..., "payload": ...}``), as the server pushes them
over the WebSocket. Most are ``GenerationMessage`` (1-8 predictions with refines and media, about
8 KB of JSON each), some ``ShotMessage`` (revisions with images and push records), a few auth
messages, and in 0.2.0 some ``NotificationMessage``.

The dicts are built directly rather than through the pydantic models, because 100,000 messages
through pydantic take minutes; ``test_messages.py`` checks that a sample round-trips through the
models unchanged and that every message validates against the app's published schema. The output
is a pure function of ``(version, count, seed)``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from sartiq.enums import enum_values

_EPOCH = datetime(2025, 3, 1, tzinfo=UTC)
_WORDS = (
    "linen", "shirt", "oversized", "denim", "jacket", "pleated", "skirt", "studio", "daylight",
    "soft", "shadow", "marble", "floor", "editorial", "muted", "palette", "warm", "tones",
    "seamless", "backdrop", "model", "walking", "natural", "pose", "close", "crop", "texture",
    "detail", "summer", "collection", "knitwear", "leather", "boots", "silk", "scarf", "wool",
    "coat", "minimal",
)
_WORDS_RING = _WORDS * 2  # lets ``words`` take any run of consecutive words with one slice
_CDN = "https://cdn.sartiq.example/media"
# Formatting a datetime per field dominated the run time; a fixed pool of timestamps is as
# realistic for a schema check and many times faster.
_TIMES = tuple(
    (_EPOCH + timedelta(seconds=i * 1553)).strftime("%Y-%m-%dT%H:%M:%SZ") for i in range(8192)
)


class _Builder:
    """Builds the dicts of one release from one random stream."""

    def __init__(self, version: str, seed: int) -> None:
        self.v2 = version == "0.2.0"
        self.rng = random.Random(seed)
        self.enums = enum_values(version)
        self.org_id = self.uuid()
        self.owner_ids = [self.uuid() for _ in range(5)]

    # Scalars -------------------------------------------------------------------------------

    def uuid(self) -> str:
        h = "%032x" % self.rng.getrandbits(128)  # noqa: UP031 - the fastest spelling here
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def when(self) -> str:
        return _TIMES[self.rng.getrandbits(13)]

    def words(self, low: int, high: int) -> str:
        start = int(self.rng.random() * len(_WORDS))
        length = low + int(self.rng.random() * (high - low + 1))
        return " ".join(_WORDS_RING[start : start + length])

    def maybe(self, value: Any, chance: float = 0.5) -> Any:
        return value if self.rng.random() < chance else None

    # ``random.choice`` and ``randint`` are several times slower than indexing with ``random()``;
    # they are called hundreds of times per message.
    def one(self, options: tuple[Any, ...] | list[Any]) -> Any:
        return options[int(self.rng.random() * len(options))]

    def between(self, low: int, high: int) -> int:
        return low + int(self.rng.random() * (high - low + 1))

    def pick(self, enum: str) -> str:
        return self.one(self.enums[enum])  # type: ignore[no-any-return]

    def url(self, extension: str = "webp") -> str:
        return f"{_CDN}/{self.uuid()}.{extension}"

    # Shared definitions --------------------------------------------------------------------

    def media(self, kind: str = "image") -> dict[str, Any]:
        width, height = self.one(((1024, 1536), (1536, 1024), (1024, 1024), (832, 1216)))
        extension = "mp4" if kind == "video" else "webp"
        return {
            "alt_text": self.maybe(self.words(3, 8)),
            "aspect_ratio": round(width / height, 4),
            "caption": self.maybe(self.words(4, 10), 0.3),
            "color_profile": self.maybe("sRGB", 0.7),
            "content_hash": f"{self.rng.getrandbits(256):064x}",
            "created_at": self.when(),
            "dominant_color": self.maybe(f"#{self.rng.getrandbits(24):06x}", 0.7),
            "duration": round(self.rng.uniform(2, 10), 2) if kind == "video" else None,
            "extension": extension,
            "file_size": self.between(80_000, 4_000_000),
            "height": height,
            "id": self.uuid(),
            "orientation": "portrait" if height > width else "landscape",
            "protected": self.rng.random() < 0.1,
            "resource_type": kind,
            "url": self.url(extension),
            "width": width,
        }

    def media_input(self) -> dict[str, Any]:
        return {
            "alt_text": self.maybe(self.words(2, 6)),
            "caption": None,
            "color_profile": None,
            "dominant_color": None,
            "duration": None,
            "height": self.maybe(1024),
            "media_resource_id": self.uuid(),
            "protected": False,
            "url": self.url("jpg"),
            "width": self.maybe(1024),
        }

    def shot_type(self) -> dict[str, Any]:
        return {
            "core_focus": self.rng.random() < 0.5,
            "created_at": self.when(),
            "default_shot_type": self.maybe(self.pick("DefaultShotTypes"), 0.6),
            "file_naming_convention": self.maybe("{sku}_{angle}_{index}", 0.4),
            "framing": self.pick("ShotTypeFraming"),
            "id": self.uuid(),
            "margins": self.maybe("8% top, 5% sides", 0.3),
            "name": self.words(1, 3).title(),
            "organization_id": self.org_id,
            "owner_id": self.maybe(self.one(self.owner_ids)),
            "prompt": self.maybe(self.words(6, 14)),
            "prompt_builder_section": self.maybe("framing", 0.3),
            "public": self.rng.random() < 0.3,
            "reference_image": self.maybe(self.media(), 0.3),
            "reference_image_url": self.maybe(self.url("jpg"), 0.4),
            "shot_type_prompt_instruction": self.maybe(self.words(5, 12), 0.4),
            "shot_type_ref_image_url": None,
            "updated_at": self.when(),
            "view_angle": self.pick("ViewAngle"),
        }

    def refine(self, prediction_id: str) -> dict[str, Any]:
        status = self.pick("RefineStatus")
        done = status == "succeeded"
        failed = status == "failed"
        return {
            "created_at": self.when(),
            "error_category": self.pick("ErrorCategory") if failed else None,
            "error_message": "upscaler returned no image" if failed else None,
            "height": 3072 if done else None,
            "id": self.uuid(),
            "prediction_id": prediction_id,
            "prompt": self.maybe(self.words(4, 10)),
            "refine_model_id": self.uuid(),
            "refines_refine_id": None,
            "result_image_media": self.media() if done else None,
            "result_image_url": self.url() if done else None,
            "scale_factor": self.one((1.5, 2.0, 4.0)),
            "status": status,
            "task_id": self.maybe(f"task-{self.rng.getrandbits(48):012x}"),
            "updated_at": self.when(),
            "width": 2048 if done else None,
        }

    def prediction(self, generation_id: str) -> dict[str, Any]:
        prediction_id = self.uuid()
        status = self.pick("PredictionStatus")
        done = status == "succeeded"
        failed = status == "failed"
        refines = [self.refine(prediction_id) for _ in range(self.one((0, 0, 1, 1, 2)))]
        finished = [r for r in refines if r["status"] == "succeeded" and r["result_image_url"]]
        prediction: dict[str, Any] = {
            "created_at": self.when(),
            "duration_seconds": round(self.rng.uniform(4, 60), 3) if done else None,
            "error_category": self.pick("ErrorCategory") if failed else None,
            "error_message": "generation provider timed out" if failed else None,
            "favourite": self.rng.random() < 0.15,
            "generation_id": generation_id,
            "id": prediction_id,
            "refines": refines,
            "result_image_media": self.media() if done else None,
            "result_image_url": self.url() if done else None,
            "result_video_media": None,
            "result_video_url": None,
            "seed": self.rng.getrandbits(31),
            "shot_type": self.maybe(self.shot_type(), 0.2),
            "status": status,
            "updated_at": self.when(),
            # The computed field: the most recent successful refine's image.
            "refined_image_url": (
                max(finished, key=lambda r: r["updated_at"])["result_image_url"]
                if finished else None
            ),
        }
        if self.v2:
            prediction["model_name"] = self.one(("flux-pro", "flux-dev", "sdxl-fashion"))
            if self.rng.random() < 0.2:
                prediction["seed"] = None
        return prediction

    # Messages ------------------------------------------------------------------------------

    def generation(self) -> dict[str, Any]:
        generation_id = self.uuid()
        batch_size = self.between(1, 8)
        lora = self.rng.random
        payload: dict[str, Any] = {
            "autogenerated": lora() < 0.2,
            "background": self.maybe(self.words(2, 5)),
            "batch_size": batch_size,
            "created_at": self.when(),
            "extra_prompt": self.maybe(self.words(3, 10)),
            "framing": self.maybe(self.pick("ShotTypeFraming")),
            "garment_placement_base_image_media": None,
            "garment_placement_base_image_url": None,
            "generated_prompt": self.words(20, 60),
            "generation_strategy": self.pick("GenerationStrategy"),
            "generation_type": self.pick("GenerationType"),
            "generative_models_id": self.maybe(self.uuid()),
            "has_product2_lora": lora() < 0.1,
            "has_product_lora": lora() < 0.6,
            "has_style_lora": lora() < 0.4,
            "has_subject_lora": lora() < 0.5,
            "height": 1536,
            "id": generation_id,
            "lighting": self.maybe(self.words(2, 4)),
            "negative_prompt": self.maybe("blurry, extra fingers, watermark, low quality"),
            "organization_id": self.org_id,
            "owner_id": self.one(self.owner_ids),
            "perspective": self.maybe("eye level"),
            "pose": self.maybe(self.words(2, 5)),
            "predictions": [self.prediction(generation_id) for _ in range(batch_size)],
            "product2_description": None,
            "product2_id": None,
            "product2_image_media": None,
            "product2_image_url": None,
            "product2_lora_weight": 0.0,
            "product_description": self.maybe(self.words(4, 12), 0.8),
            "product_id": self.maybe(self.uuid(), 0.8),
            "product_image_media": self.maybe(self.media(), 0.5),
            "product_image_url": self.maybe(self.url("jpg"), 0.7),
            "product_lora_weight": round(self.rng.uniform(0.4, 1.0), 2),
            "reference_images_media": self.maybe(
                [self.media_input() for _ in range(self.between(1, 3))], 0.3
            ),
            "reference_images_paths": [
                f"references/{self.uuid()}.jpg" for _ in range(self.between(0, 3))
            ],
            "refine": lora() < 0.5,
            "revised": lora() < 0.2,
            "scale_factor": self.maybe(2.0, 0.3),
            "seed": self.rng.getrandbits(31),
            "shooting_look_id": self.maybe(self.uuid()),
            "shot_id": self.maybe(self.uuid()),
            "shot_type_id": self.maybe(self.uuid()),
            "shot_type_string": self.maybe(self.pick("DefaultShotTypes")),
            "status": self.pick("GenerationStatus"),
            "steps": self.one((20, 28, 30, 40, 50)),
            "style_description": self.maybe(self.words(4, 10)),
            "style_id": self.maybe(self.uuid()),
            "style_name": self.maybe(self.words(1, 3).title()),
            "subject_description": self.maybe(self.words(4, 10)),
            "subject_id": self.maybe(self.uuid()),
            "subject_image_media": self.maybe(self.media(), 0.3),
            "subject_image_url": self.maybe(self.url("jpg")),
            "subject_lora_weight": round(self.rng.uniform(0.4, 1.0), 2),
            "tone": self.maybe(self.words(1, 3)),
            "tool": self.maybe(self.pick("GenerationTool")),
            "updated_at": self.when(),
            "width": 1024,
        }
        if self.v2:
            del payload["has_product2_lora"], payload["tone"]
            payload["seed"] = str(self.rng.getrandbits(64))
            payload["priority"] = self.maybe(self.between(0, 10))
        return {"payload": payload, "type": self.pick("GenerationSocketEventType")}

    def revision_image(self, revision_id: str) -> dict[str, Any]:
        image_url = self.url()
        image: dict[str, Any] = {
            "autogenerated": self.rng.random() < 0.5,
            "created_at": self.when(),
            "effective_image_url": image_url,
            "id": self.uuid(),
            "image_media": self.media(),
            "image_url": image_url,
            "notes": self.maybe(self.words(3, 10), 0.3),
            "prediction_id": self.maybe(self.uuid()),
            "refine_id": self.maybe(self.uuid(), 0.3),
            "shot_revision_id": revision_id,
            "sketch_image_media": None,
            "sketch_image_url": None,
            "source_type": self.pick("RevisionSource"),
            "updated_at": self.when(),
        }
        if self.v2:
            image["prediction"] = self.maybe(self.prediction(self.uuid()), 0.2)
        return image

    def push_record(self) -> dict[str, Any]:
        status = self.pick("PushStatus")
        return {
            "completed_at": self.when() if status == "completed" else None,
            "created_at": self.when(),
            "error_message": "integration rejected the image" if status == "failed" else None,
            "id": self.uuid(),
            "integration_id": self.uuid(),
            "push_status": status,
            "pushed_at": self.maybe(self.when()),
            "updated_at": self.when(),
        }

    def revision(self, shot_id: str, number: int, previous: str | None) -> dict[str, Any]:
        revision_id = self.uuid()
        images = [self.revision_image(revision_id) for _ in range(self.between(1, 3))]
        records = [self.push_record() for _ in range(self.one((0, 0, 1, 2)))]
        statuses = {r["push_status"] for r in records}
        order = ("failed", "in_progress", "awaiting_confirmation", "pending", "completed")
        owner_id = self.one(self.owner_ids)
        return {
            "created_at": self.when(),
            "display_name": f"Revision {number}",
            "effective_image_url": images[0]["effective_image_url"],
            "id": revision_id,
            "images": images,
            "notes": self.maybe(self.words(4, 12), 0.4),
            "owner": self.maybe(
                {"email": f"user{self.between(1, 99)}@studio.example",
                 "full_name": self.maybe(self.words(2, 2).title()), "id": owner_id}
            ),
            "owner_id": owner_id if self.v2 else self.maybe(owner_id, 0.8),
            "previous_revision_id": previous,
            "push_records": records,
            "shot_id": shot_id,
            "shot_revision_status": self.maybe(self.pick("ShotRevisionStatus"), 0.8),
            "shot_status": self.pick("ShotStatus"),
            "updated_at": self.when(),
            "version": number,
            # The computed field: the most severe push status, None without pushes.
            "push_status": next((s for s in order if s in statuses), None),
        }

    def shot(self) -> dict[str, Any]:
        shot_id = self.uuid()
        revisions: list[dict[str, Any]] = []
        for number in range(1, self.between(1, 3) + 1):
            previous = revisions[-1]["id"] if revisions else None
            revisions.append(self.revision(shot_id, number, previous))
        rework_used = self.between(0, 3)
        payload = {
            "created_at": self.when(),
            "current_revision_id": revisions[-1]["id"],
            "id": shot_id,
            "pose_preset_id": self.maybe(self.uuid()),
            "revisions": revisions,
            "rework_available": rework_used + self.between(0, 3),
            "rework_used": rework_used,
            "shooting_look_id": self.maybe(self.uuid()),
            "shot_type": self.maybe(self.shot_type(), 0.7),
            "status": self.pick("ShotStatus"),
            "updated_at": self.when(),
        }
        return {"payload": payload, "type": self.pick("ShotSocketEventType")}

    def auth_success(self) -> dict[str, Any]:
        return {
            "context": self.one(("user", "organization")),
            "organization_id": self.maybe(self.org_id, 0.8),
            "type": "auth_success",
            "user_id": self.one(self.owner_ids),
        }

    def auth_error(self) -> dict[str, Any]:
        return {
            "error": self.one(("Invalid token", "Token expired", "Not authenticated")),
            "type": "auth_error",
        }

    def notification(self) -> dict[str, Any]:
        return {
            "payload": {
                "body": self.maybe(self.words(6, 20)),
                "created_at": self.when(),
                "id": self.uuid(),
                "level": self.pick("NotificationLevel"),
                "link_url": self.maybe(f"https://app.sartiq.example/shots/{self.uuid()}"),
                "title": self.words(2, 6).capitalize(),
            },
            "type": "notification",
        }

    def message(self) -> dict[str, Any]:
        roll = self.rng.random()
        if roll < 0.80:
            return self.generation()
        if roll < 0.94:
            return self.shot()
        if roll < 0.96:
            return self.auth_success()
        if roll < 0.97 or not self.v2:
            return self.auth_error()
        return self.notification()


def generate_messages(
    version: str = "0.1.0", count: int = 100, seed: int = 0
) -> Iterator[dict[str, Any]]:
    """Yield ``count`` valid messages of ``version``; the same arguments give the same messages."""
    builder = _Builder(version, seed)
    for _ in range(count):
        yield builder.message()
