"""Remove secrets from anything that may be shown, stored or logged.

Sources are recorded in provenance and named in error messages; both must be free of credentials.
"""

from __future__ import annotations

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
    """Remember a secret (a token) so that :func:`scrub` removes it from anything shown."""
    if secret:
        _SECRETS.add(secret)


def scrub(text: str) -> str:
    """Remove every registered secret from ``text``; the CLI passes all error text through this."""
    return redact_text(text, tuple(sorted(_SECRETS, key=len, reverse=True)))


def registered_secrets() -> tuple[str, ...]:
    """Return the registered secrets, longest first (the order :func:`redact_text` needs when
    one secret contains another), for code that scrubs many texts with the same set."""
    return tuple(sorted(_SECRETS, key=len, reverse=True))
