"""Recognise the server's answer to authentication among the received frames.

Sartiq answers a connection with an ``AuthSuccessMessage`` (``{"type": "auth_success", ...}``) or an
``AuthErrorMessage`` (``{"type": "auth_error", "error": ...}``) and then closes. The capture records
that answer in its sidecar and stops with a clear error on a refusal instead of waiting for frames
that will never come. The type values are matched loosely (``auth_success``, ``auth.ok``,
``authError``, ``AUTH_FAILED``...) because other servers spell them differently and the capture
works without a schema; a snapshot given with ``--against`` is not needed to recognise them.
"""

from __future__ import annotations

import re
from typing import Any

from schemadiff.capture.model import AuthOutcome
from schemadiff.messages import DISCRIMINATOR, ENVELOPE

_SUCCESS = re.compile(
    r"(?:authenticated|authed|auth(?:entication)?(?:success|succeeded|successful|ok))"
)
_ERROR = re.compile(r"auth(?:entication)?(?:error|failed|failure|fail|rejected|denied)")


def message_of(value: Any) -> dict[str, Any] | None:
    """Return the union member of a parsed frame: bare, or unwrapped from ``{"data": {...}}``."""
    if not isinstance(value, dict):
        return None
    inner = value.get(ENVELOPE)
    if DISCRIMINATOR not in value and isinstance(inner, dict):
        return inner
    return value


def auth_outcome(value: Any) -> AuthOutcome | None:
    """Return whether a parsed frame is an auth success or error message, else ``None``."""
    message = message_of(value)
    kind = message.get(DISCRIMINATOR) if message is not None else None
    if not isinstance(kind, str):
        return None
    normalised = re.sub(r"[^a-z]", "", kind.lower())
    if _SUCCESS.fullmatch(normalised):
        return AuthOutcome.SUCCESS
    if _ERROR.fullmatch(normalised):
        return AuthOutcome.ERROR
    return None


def auth_error_text(value: Any) -> str:
    """Return the reason an ``AuthErrorMessage`` gives, or a stand-in when it gives none."""
    message = message_of(value) or {}
    for key in ("error", "message", "reason", "detail"):
        reason = message.get(key)
        if isinstance(reason, str) and reason:
            return reason
    return "no reason given"
