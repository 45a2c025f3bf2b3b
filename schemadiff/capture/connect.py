"""Open the WebSocket connection a capture reads from, with the token where the server expects it.

One job: turn :class:`CaptureOptions` into an open ``websockets`` client connection that has
already sent its auth message and ``--send`` frames, or raise one :class:`NetworkError` whose
message names the (redacted) URL and says what to check. Every failure the ``websockets`` library
or the socket layer can raise while opening is mapped here, so no traceback reaches the user.
"""

from __future__ import annotations

import json
import socket
import ssl
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import (
    ConnectionClosed,
    InvalidHandshake,
    InvalidStatus,
    InvalidURI,
    WebSocketException,
)

from schemadiff.capture.model import AuthMode, CaptureOptions
from schemadiff.errors import NetworkError, UsageError
from schemadiff.redact import redact_url

_SCHEMES = {"ws": "ws", "wss": "wss", "http": "ws", "https": "wss"}

CLOSE_TIMEOUT = 2.0
"""Seconds to wait for the server's close frame when we end the capture; a capture that was asked
to stop should not hang on a server that never answers."""


def websocket_url(options: CaptureOptions) -> str:
    """Return the URL to connect to: ``http(s)`` mapped to ``ws(s)``, the token added in query mode.

    Raises :class:`UsageError` for a URL that is not a WebSocket (or HTTP) URL.
    """
    try:
        parts = urlsplit(options.url)
    except ValueError as error:
        raise UsageError(f"not a WebSocket URL: {redact_url(options.url)} ({error})") from None
    scheme = _SCHEMES.get(parts.scheme.lower())
    if scheme is None or not parts.hostname:
        raise UsageError(
            f"not a WebSocket URL: {redact_url(options.url)} (expected ws://HOST/PATH or wss://...)"
        )
    query = parts.query
    if options.auth is AuthMode.QUERY and options.token:
        pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
                 if k != options.token_param]
        pairs.append((options.token_param, options.token))
        query = urlencode(pairs)
    return urlunsplit((scheme, parts.netloc, parts.path or "/", query, ""))


def handshake_headers(options: CaptureOptions) -> list[tuple[str, str]]:
    """Return the extra handshake headers: ``--header`` values, then the bearer token if asked."""
    headers = list(options.headers)
    if options.auth is AuthMode.HEADER and options.token:
        headers = [(k, v) for k, v in headers if k.lower() != "authorization"]
        headers.append(("Authorization", f"Bearer {options.token}"))
    return headers


def parse_auth_message(template: str) -> Any:
    """Parse an ``--auth-message`` template; :class:`UsageError` when it is not JSON."""
    try:
        return json.loads(template)
    except ValueError as error:
        raise UsageError(f"--auth-message is not JSON: {error}") from None


def auth_message(template: str, token: str) -> str:
    """Return the auth frame: ``template`` with ``{token}`` replaced in every string value.

    The replacement happens on the parsed JSON rather than the text, so a token holding quotes or
    backslashes still yields valid JSON.
    """

    def fill(node: Any) -> Any:
        if isinstance(node, str):
            return node.replace("{token}", token)
        if isinstance(node, list):
            return [fill(item) for item in node]
        if isinstance(node, dict):
            return {key: fill(value) for key, value in node.items()}
        return node

    return json.dumps(fill(parse_auth_message(template)), separators=(",", ":"))


async def open_connection(options: CaptureOptions) -> ClientConnection:
    """Connect, authenticate as configured and send the ``--send`` frames."""
    url = websocket_url(options)
    shown = redact_url(options.url)
    opener = _CredentialsStayHome(
        url,
        additional_headers=handshake_headers(options),
        open_timeout=options.open_timeout,
        close_timeout=CLOSE_TIMEOUT,
        max_size=options.max_size,
    )
    try:
        connection = await opener
    except InvalidURI:
        raise UsageError(f"not a WebSocket URL: {shown}") from None
    except InvalidStatus as error:
        raise NetworkError(_rejected(error.response.status_code, shown)) from None
    except ssl.SSLCertVerificationError as error:
        raise NetworkError(
            f"TLS handshake with {shown} failed: certificate verify failed: "
            f"{error.verify_message or error.reason}"
        ) from None
    except ssl.SSLError as error:
        reason = error.reason or error.strerror or str(error)
        raise NetworkError(f"TLS handshake with {shown} failed: {reason}") from None
    except TimeoutError:
        raise NetworkError(
            f"timed out after {options.open_timeout:g} s opening the WebSocket connection to "
            f"{shown} (--open-timeout)"
        ) from None
    except ConnectionRefusedError:
        raise NetworkError(f"cannot connect to {shown}: connection refused") from None
    except socket.gaierror as error:
        raise NetworkError(f"cannot resolve the host of {shown}: {error.strerror}") from None
    except ConnectionResetError:
        hint = "; does the server speak TLS (wss://)?" if url.startswith("wss:") else ""
        raise NetworkError(
            f"cannot connect to {shown}: the connection was reset during the handshake{hint}"
        ) from None
    except OSError as error:
        reason = error.strerror or str(error) or type(error).__name__
        raise NetworkError(f"cannot connect to {shown}: {reason}") from None
    except InvalidHandshake as error:
        raise NetworkError(
            f"the server at {shown} did not complete the WebSocket handshake: {error}"
        ) from None
    except WebSocketException as error:
        raise NetworkError(f"cannot open a WebSocket connection to {shown}: {error}") from None
    try:
        # After a redirect to another origin, the token frame stays home with the headers.
        if options.auth is AuthMode.MESSAGE and options.token and not opener.left_home:
            await connection.send(auth_message(options.auth_message, options.token))
        for frame in options.send:
            await connection.send(frame)
    except ConnectionClosed:
        # The server spoke first and closed (an auth error, a short stream): what it sent is
        # still waiting to be received, and the receive loop reports how the connection ended.
        pass
    return connection


class _CredentialsStayHome(connect):
    """``websockets``' connect, except that no credential follows a redirect to another origin.

    The library strips only ``Authorization`` and ``Cookie`` on a cross-origin redirect; every
    ``--header`` (an API key) went on, and the ``--auth message`` token frame was sent to the
    new server. Here every extra header is dropped when a redirect leaves the origin the user
    named (scheme, host, port), even on the way back, and :attr:`left_home` tells the caller not to
    send the token frame.
    """

    def __init__(self, uri: str, **kwargs: Any) -> None:
        super().__init__(uri, **kwargs)
        self._home = _origin(uri)
        self.left_home = False

    def process_redirect(self, exc: Exception) -> Exception | str:
        target = super().process_redirect(exc)
        if isinstance(target, str) and (self.left_home or _origin(target) != self._home):
            self.left_home = True
            self.additional_headers = []
        return target


def _origin(uri: str) -> tuple[str, str, int | None]:
    parts = urlsplit(uri)
    scheme = _SCHEMES.get(parts.scheme.lower(), parts.scheme.lower())
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or (443 if scheme == "wss" else 80)


def _rejected(status: int, shown: str) -> str:
    message = f"the server rejected the WebSocket handshake with HTTP {status} for {shown}"
    if status in (401, 403):
        return f"{message}; check --token"
    if status == 404:
        return f"{message}; check the path"
    return message
