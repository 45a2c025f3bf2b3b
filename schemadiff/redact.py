r"""Remove secrets from anything that may be shown, stored or logged: the one scrubber.

Sources are recorded in provenance and named in error messages; both must be free of credentials.
Every secret the run was given (``--token``, ``SCHEMADIFF_TOKEN``, credential-like ``--header``
values) is registered with :func:`register_secret`, and every exit point passes what it emits
through here: error lines and everything written to stdout and stderr (:mod:`schemadiff.cli`),
every file (:mod:`schemadiff.atomic`), every captured frame, and every schema built from a source
(:func:`scrub_document`, before it is hashed and stored). A secret is found in every form it can
take: raw, as ``repr`` or JSON quote it, and inside any JSON string literal however its characters
are escaped (``"sd\/tok"``, ``"\u0073\u0064..."``), which is found by decoding the literal.
"""

from __future__ import annotations

import json
import re
from typing import Any
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
    spellings = {repr(secret)[1:-1], json.dumps(secret)[1:-1], repr(raw)[2:-1], secret.strip(),
                 json.dumps(secret, ensure_ascii=False)[1:-1],
                 json.dumps(secret)[1:-1].replace("/", "\\/")}
    spellings.update(line.strip() for line in secret.splitlines()
                     if len(line.strip()) >= _MIN_PART)
    spellings.discard(secret)
    spellings.discard("")
    return spellings


def scrub(text: str, *, whole_outputs: bool = False) -> str:
    """Remove every registered secret, in every form, from ``text``.

    ``whole_outputs`` is for reports, files and schemas rather than error lines: there a secret
    shorter than :data:`MIN_OUTPUT_SECRET` is left alone, because replacing ``1`` (a token given
    as ``--token 1``) everywhere would corrupt every number in a snapshot.
    """
    return scrub_with(text, registered_secrets(MIN_OUTPUT_SECRET if whole_outputs else 0))


MIN_OUTPUT_SECRET = 6
"""The shortest secret scrubbed from whole outputs (reports, files, schemas)."""


def scrub_with(text: str, secrets: tuple[str, ...]) -> str:
    """Remove each of ``secrets`` (longest first) from ``text``: raw, and inside every JSON
    string literal whatever its escapes."""
    if not secrets or not text:
        return text
    text = redact_text(text, secrets)
    if "\\" in text:
        text = _JSON_STRING.sub(lambda match: _scrub_literal(match.group(), secrets), text)
    return text


_JSON_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
"""A JSON string literal (on one line), escapes included."""


def _scrub_literal(literal: str, secrets: tuple[str, ...]) -> str:
    if "\\" not in literal:
        return literal
    try:
        decoded = json.loads(literal)
    except ValueError:
        return literal
    if not isinstance(decoded, str):
        return literal
    cleaned = redact_text(decoded, secrets)
    if cleaned == decoded:
        return literal
    return json.dumps(cleaned, ensure_ascii="\\u" in literal)


def scrub_document(value: Any) -> Any:
    """A copy of a JSON value with every registered secret removed from its strings (keys too).

    A server can reflect the credentials it was sent into its schema (a ``description`` quoting
    the Authorization header); the snapshot built from it must not store them. Iterative: the
    value may be deep.
    """
    secrets = registered_secrets(MIN_OUTPUT_SECRET)
    if not secrets:
        return value

    def clean(text: str) -> str:
        return redact_text(text, secrets)

    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(value, root, 0)]
    while stack:
        node, parent, key = stack.pop()
        if isinstance(node, dict):
            copy: dict[str, Any] = {}
            parent[key] = copy
            for name, child in node.items():
                cleaned = clean(name) if isinstance(name, str) else name
                copy[cleaned] = None
                stack.append((child, copy, cleaned))
        elif isinstance(node, list):
            items: list[Any] = [None] * len(node)
            parent[key] = items
            stack.extend((child, items, index) for index, child in enumerate(node))
        else:
            parent[key] = clean(node) if isinstance(node, str) else node
    return root[0]


def registered_secrets(min_length: int = 0) -> tuple[str, ...]:
    """Return the registered secrets at least ``min_length`` long, longest first (the order
    :func:`redact_text` needs when one secret contains another), for code that scrubs many
    texts with the same set."""
    return tuple(sorted((secret for secret in _SECRETS if len(secret) >= min_length), key=len,
                        reverse=True))
