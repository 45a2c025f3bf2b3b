"""Remove secrets from anything that may be shown, stored or logged.

Sources are recorded in provenance and named in error messages; both must be free of credentials.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit, urlunsplit


def redact_url(url: str) -> str:
    """Return ``url`` without user info, query string and fragment.

    Query strings are dropped whole because tokens travel there (``?token=...``) as often as in
    user info, and a provenance record has no use for them.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable URL>"
    if not parts.scheme or not parts.netloc:
        return url
    host = parts.hostname or ""
    if ":" in host:  # An IPv6 literal needs its brackets back.
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = f"{host}:{port}" if port is not None else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def redact_text(text: str, secrets: tuple[str, ...]) -> str:
    """Replace every occurrence of each non-empty secret in ``text`` with ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


_SECRETS: set[str] = set()


def register_secret(secret: str | None) -> None:
    """Remember a secret (a token) so that :func:`scrub` removes it from anything shown.

    Its other spellings are remembered too. A library that refuses a value (a token with a line
    break, say) quotes it escaped, as ``repr`` or JSON would (``b'Bearer abc\\n'``), which a
    replacement of the raw text misses; and a value is often used stripped, or line by line.
    """
    if secret:
        _SECRETS.add(secret)
        _SECRETS.update(_spellings(secret))


_MIN_PART = 6
"""Lines of a multi-line secret shorter than this are not secrets on their own."""


def _spellings(secret: str) -> set[str]:
    try:
        raw = secret.encode("utf-8", "surrogateescape")  # how argv and environ decode bytes
    except UnicodeEncodeError:
        raw = secret.encode("utf-8", "backslashreplace")
    spellings = {repr(secret)[1:-1], json.dumps(secret)[1:-1], repr(raw)[2:-1], secret.strip()}
    spellings.update(line.strip() for line in secret.splitlines()
                     if len(line.strip()) >= _MIN_PART)
    spellings.discard(secret)
    spellings.discard("")
    return spellings


def scrub(text: str) -> str:
    """Remove every registered secret from ``text``; the CLI passes all error text through this."""
    return redact_text(text, tuple(sorted(_SECRETS, key=len, reverse=True)))


def registered_secrets() -> tuple[str, ...]:
    """Return the registered secrets, longest first (the order :func:`redact_text` needs when
    one secret contains another), for code that scrubs many texts with the same set."""
    return tuple(sorted(_SECRETS, key=len, reverse=True))
