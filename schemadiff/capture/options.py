"""Turn the command line's raw strings into :class:`CaptureOptions`, refusing what cannot work.

Kept out of the command module so the checks are plain functions with plain tests, and so the
command module stays import-light.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from schemadiff.capture.connect import parse_auth_message, websocket_url
from schemadiff.capture.model import AuthMode, CaptureOptions
from schemadiff.errors import UsageError
from schemadiff.redact import register_secret

_SENSITIVE_HEADER = re.compile(r"authorization|cookie|token|secret|key|auth|session|password",
                               re.IGNORECASE)


def parse_header(text: str) -> tuple[str, str]:
    """Parse ``'Name: value'``; :class:`UsageError` without a colon or a name.

    Values of headers that usually carry credentials (``Authorization``, ``Cookie``,
    ``X-Api-Key``...) are registered as secrets, so they are scrubbed from anything shown.
    """
    name, colon, value = text.partition(":")
    name, value = name.strip(), value.strip()
    if not colon or not name or any(c.isspace() for c in name):
        raise UsageError(f"--header must look like 'Name: value', got {text.split(':')[0]!r}")
    if _SENSITIVE_HEADER.search(name):
        register_secret(value)
        # A bearer header is shown as its scheme only; the credential part is the secret.
        scheme, _, credential = value.partition(" ")
        if credential and scheme.lower() in ("bearer", "basic", "token"):
            register_secret(credential)
    return name, value


def parse_send(text: str) -> str:
    """Check that a ``--send`` frame is JSON and return it unchanged (sent as given)."""
    try:
        json.loads(text)
    except ValueError as error:
        raise UsageError(f"--send is not JSON: {error}: {text[:60]!r}") from None
    return text


def build_options(
    *,
    url: str,
    token: str | None,
    auth: AuthMode,
    auth_message: str,
    token_param: str,
    headers: list[str],
    send: list[str],
    count: int | None,
    duration: float | None,
    idle_timeout: float,
    open_timeout: float,
    out: Path | None,
) -> CaptureOptions:
    """Validate the command line and return the options; :class:`UsageError` when it cannot work."""
    token = token or None
    if auth in (AuthMode.QUERY, AuthMode.MESSAGE) and token is None:
        raise UsageError(f"--auth {auth.value} needs a token: pass --token or set SCHEMADIFF_TOKEN")
    if auth is AuthMode.MESSAGE:
        parse_auth_message(auth_message)
    if count is not None and count < 1:
        raise UsageError(f"--count must be at least 1, got {count}")
    if duration is not None and duration <= 0:
        raise UsageError(f"--duration must be more than 0 seconds, got {duration:g}")
    if idle_timeout < 0:
        raise UsageError(f"--idle-timeout must be 0 (wait forever) or more, got {idle_timeout:g}")
    if open_timeout <= 0:
        raise UsageError(f"--open-timeout must be more than 0 seconds, got {open_timeout:g}")
    if out is not None and out.is_dir():
        raise UsageError(f"--out {out} is a directory; name a file such as {out}/capture.jsonl")
    options = CaptureOptions(
        url=url,
        token=token,
        auth=auth,
        auth_message=auth_message,
        token_param=token_param,
        headers=tuple(parse_header(header) for header in headers),
        send=tuple(parse_send(frame) for frame in send),
        count=count,
        duration=duration,
        idle_timeout=idle_timeout or None,
        open_timeout=open_timeout,
        out=out,
    )
    websocket_url(options)  # Refuse a URL that is not ws(s)/http(s) before touching any file.
    return options
