"""Which reader a log needs: from its name first, then from its first bytes."""

from __future__ import annotations

import re

from schemadiff.validate.logs.model import BOM, InputFormat

JSONL_SUFFIXES = (".jsonl", ".ndjson")
"""Names that mean JSON Lines whatever the first line holds (also with ``.gz``)."""
HAR_SUFFIXES = (".har",)
_HAR_START = re.compile(rb'\s*\{\s*"log"\s*:')
_PRETTY_OBJECT_START = re.compile(rb"\s*\{\s*\r?\n")


def detect_format(head: bytes, name: str) -> InputFormat:
    """The format of a log from its name and the first bytes of its decompressed content.

    ``.jsonl``/``.ndjson`` mean JSON Lines (a first line holding a JSON array is a message that
    is an array), ``.har`` means HAR; otherwise ``{"log":`` starts a HAR file, ``[`` or an object
    spread over lines a JSON document, and anything else is JSON Lines.
    """
    lowered = name.lower().removesuffix(".gz")
    if lowered.endswith(JSONL_SUFFIXES):
        return InputFormat.JSONL
    stripped = head.removeprefix(BOM).lstrip()
    if lowered.endswith(HAR_SUFFIXES) or _HAR_START.match(stripped):
        return InputFormat.HAR
    if stripped.startswith(b"[") or _PRETTY_OBJECT_START.match(stripped):
        return InputFormat.JSON
    return InputFormat.JSONL
