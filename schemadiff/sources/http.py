"""Fetch an OpenAPI document over HTTP(S) with auth, timeouts, retries and a size cap.

A bare base URL (``http://host:8000``) means the FastAPI default ``/openapi.json``. Connection
errors and HTTP 502/503/504 are retried with exponential backoff (a server that is still starting
in CI); everything else fails at once with one line naming the redacted URL.
"""

from __future__ import annotations

import re
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit, urlunsplit

import httpx

from schemadiff import __version__
from schemadiff.errors import NetworkError, SourceError
from schemadiff.redact import redact_url
from schemadiff.sources.files import format_size
from schemadiff.sources.options import RawSource, SourceOptions

DEFAULT_PATH = "/openapi.json"
MAX_REDIRECTS = 10
RETRY_STATUSES = frozenset({502, 503, 504})


def document_url(spec: str) -> str:
    """Return the URL to fetch: a bare base URL gets the ``/openapi.json`` path."""
    parts = urlsplit(spec)
    if parts.path in ("", "/"):
        return urlunsplit((parts.scheme, parts.netloc, DEFAULT_PATH, parts.query, parts.fragment))
    return spec


def _without_userinfo(url: str) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def request_headers(options: SourceOptions) -> dict[str, str]:
    headers = {"Accept": "application/json, application/yaml;q=0.9, */*;q=0.1",
               # Only what :func:`decoded` undoes, a bounded piece at a time.
               "Accept-Encoding": "gzip, deflate",
               "User-Agent": f"schemadiff/{__version__}"}
    if options.token:
        # A token read from a file keeps its trailing newline; whitespace around a token is
        # never part of it (``--header`` values are stripped the same way).
        headers["Authorization"] = f"Bearer {options.token.strip()}"
    for name, value in options.headers:
        headers[name] = value
    for name, value in headers.items():
        if _CONTROL.search(value):
            # Said before any library quotes the value back in its own error message.
            raise SourceError(
                f"the {name} header contains a control character (a line break inside a "
                "token?) and cannot be sent"
            )
    return headers


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
"""Characters an HTTP header value cannot carry (a tab can)."""


def fetch(spec: str, options: SourceOptions) -> RawSource:
    """GET the document at ``spec`` and return its body; :class:`NetworkError` on any failure."""
    url = document_url(spec)
    label = redact_url(url)
    if options.token or any(name.lower() == "authorization" for name, _ in options.headers):
        # httpx turns user info into Basic auth, which would replace the explicit credentials.
        url = _without_userinfo(url)
    headers = request_headers(options)
    try:
        client = httpx.Client(
            headers=headers,
            timeout=httpx.Timeout(options.timeout),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            event_hooks={"request": [_credentials_stay_home(url, options)]},
        )
    except ValueError as error:  # A header value httpx cannot send (not ASCII, a newline).
        raise SourceError(f"invalid HTTP header: {error}") from None
    with client:
        attempts = max(0, options.retries) + 1
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            try:
                return _with_deadline(client, url, label, options, last=last, attempts=attempt)
            except _Retry:
                time.sleep(options.backoff * 2 ** (attempt - 1))
    raise AssertionError("unreachable: the last attempt raises or returns")  # pragma: no cover


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port


def _credentials_stay_home(url: str, options: SourceOptions) -> Callable[[httpx.Request], None]:
    """A request hook that strips every credential from a request to another origin.

    httpx drops only ``Authorization`` and ``Cookie`` when a redirect leaves the origin; an API
    key in ``--header 'X-Api-Key: ...'`` would travel on to wherever the server points. No header
    the user gave, and no bearer token, leaves the origin the user named (scheme, host, port).
    """
    home = _origin(httpx.URL(url))
    given = {name.lower() for name, _ in options.headers} | {"authorization", "cookie",
                                                             "proxy-authorization"}

    def hook(request: httpx.Request) -> None:
        if _origin(request.url) != home:
            for name in given:
                request.headers.pop(name, None)

    return hook


class _Retry(Exception):
    """A failure worth another attempt; raised only when attempts remain."""


def _with_deadline(
    client: httpx.Client, url: str, label: str, options: SourceOptions, *, last: bool,
    attempts: int,
) -> RawSource:
    """One attempt, abandoned when it outlives every timeout it could legitimately take.

    httpx's timeouts apply to each read, and the body has a deadline of its own, but nothing
    bounds the response *headers*: a server that sends them a byte at a time, each byte within the
    timeout, would hold the run for as long as it likes. The attempt runs in a daemon thread; past
    connect plus response time (twice the timeout, and a little slack) it is left behind.
    """
    outcome: list[tuple[RawSource | None, BaseException | None]] = []

    def attempt() -> None:
        try:
            outcome.append((_get_once(client, url, label, options, last=last,
                                      attempts=attempts), None))
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread as is.
            outcome.append((None, error))

    worker = threading.Thread(target=attempt, name="schemadiff-fetch", daemon=True)
    worker.start()
    worker.join(2 * options.timeout + _SLACK)
    if not outcome:
        raise NetworkError(_timed_out(label, options))
    result, error = outcome[0]
    if error is not None:
        raise error
    assert result is not None
    return result


_SLACK = 0.5
"""Seconds a stalled attempt is given beyond its timeouts before it is abandoned."""


def _timed_out(label: str, options: SourceOptions) -> str:
    return (f"timed out after {options.timeout:g}s waiting for {label}; raise --timeout if the "
            "server is slow")


def _get_once(
    client: httpx.Client, url: str, label: str, options: SourceOptions, *, last: bool,
    attempts: int,
) -> RawSource:
    tried = f" (after {attempts} attempts)" if attempts > 1 else ""
    # httpx's timeout applies to each read; a body that trickles in forever, every pause shorter
    # than that, needs a deadline on the whole response.
    deadline = time.monotonic() + options.timeout
    try:
        with client.stream("GET", url) as response:
            _check_retry(response, last=last)
            _check_status(response, label, options, tried)
            body = _read_capped(response, label, options, deadline)
            media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    except _Retry:
        raise
    except httpx.ConnectTimeout:
        if not last:
            raise _Retry from None
        raise NetworkError(
            f"timed out connecting to {label} after {options.timeout:g}s{tried}"
        ) from None
    except httpx.ConnectError as error:
        if not last:
            raise _Retry from None
        raise NetworkError(f"cannot connect to {label}: {_reason(error)}{tried}") from None
    except httpx.TimeoutException:
        raise NetworkError(_timed_out(label, options)) from None
    except httpx.TooManyRedirects:
        raise NetworkError(f"too many redirects (more than {MAX_REDIRECTS}) from {label}") from None
    except httpx.UnsupportedProtocol as error:
        raise SourceError(f"unsupported URL {label}: {error}") from None
    except httpx.InvalidURL as error:
        raise SourceError(f"invalid URL {label}: {error}") from None
    except httpx.RemoteProtocolError as error:
        if not last:
            raise _Retry from None
        raise NetworkError(f"{label} broke the HTTP protocol: {error}{tried}") from None
    except httpx.HTTPError as error:
        raise NetworkError(f"request to {label} failed: {type(error).__name__}: {error}") from None
    if not body.strip():
        raise NetworkError(f"{label} returned an empty body (HTTP {response.status_code})")
    final = redact_url(str(response.url))
    return RawSource(data=body, label=label if final == label else final, media_type=media_type)


def _check_retry(response: httpx.Response, *, last: bool) -> None:
    if response.status_code in RETRY_STATUSES and not last:
        raise _Retry


def _check_status(
    response: httpx.Response, label: str, options: SourceOptions, tried: str
) -> None:
    status = response.status_code
    if status < 400:
        return
    if status in (401, 403):
        if options.token or any(name.lower() == "authorization" for name, _ in options.headers):
            hint = "the server rejected the credentials; check --token or SCHEMADIFF_TOKEN"
        else:
            hint = "pass --token or set SCHEMADIFF_TOKEN"
        raise NetworkError(f"authentication failed (HTTP {status}) for {label}; {hint}")
    if status == 404:
        raise NetworkError(
            f"not found (HTTP 404): {label}; check the URL (a bare base URL means "
            f"{DEFAULT_PATH})"
        )
    raise NetworkError(f"HTTP {status} {response.reason_phrase} from {label}{tried}".rstrip())


def _read_capped(
    response: httpx.Response, label: str, options: SourceOptions, deadline: float
) -> bytes:
    max_bytes = options.max_bytes
    declared = response.headers.get("content-length", "")
    encoded = response.headers.get("content-encoding", "identity").lower() not in ("", "identity")
    if declared.isdigit() and int(declared) > max_bytes and not encoded:
        raise NetworkError(
            f"{label} sends {int(declared):,} bytes, more than the {format_size(max_bytes)} limit"
        )
    chunks: list[bytes] = []
    size = 0
    encodings = [part.strip().lower() for part in
                 response.headers.get("content-encoding", "").split(",") if part.strip()]
    # Decoded here, a bounded piece at a time: httpx inflates each network chunk whole, and a
    # few kilobytes of gzip inside gzip inflate to gigabytes in one call before any cap could
    # look at them.
    for chunk in decoded(response.iter_raw(), encodings, label):
        size += len(chunk)
        if size > max_bytes:
            raise NetworkError(f"{label}: response larger than the {format_size(max_bytes)} limit")
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("deadline for the whole response passed")
        chunks.append(chunk)
    return b"".join(chunks)


_PIECE = 64 * 1024
"""The most one decompression step may produce at once."""
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


def decoded(chunks: Iterator[bytes], encodings: list[str], label: str) -> Iterator[bytes]:
    """Undo ``Content-Encoding`` (the last one applied first), yielding at most
    :data:`_PIECE` bytes at a time, so the caller's cap holds on decoded bytes as they appear."""
    stream = chunks
    for encoding in reversed(encodings):
        if encoding == "identity":
            continue
        if encoding not in _WBITS:
            raise NetworkError(f"{label}: unsupported Content-Encoding {encoding!r}")
        stream = _inflate(stream, _WBITS[encoding], encoding, label)
    return stream


def _inflate(chunks: Iterator[bytes], wbits: int, encoding: str,
             label: str) -> Iterator[bytes]:
    decoder = zlib.decompressobj(wbits)
    try:
        for chunk in chunks:
            data = chunk
            while data:
                piece = decoder.decompress(data, _PIECE)
                if piece:
                    yield piece
                data = decoder.unconsumed_tail
                if decoder.eof and decoder.unused_data:
                    # Another gzip member follows; members concatenate.
                    data = decoder.unused_data + data
                    decoder = zlib.decompressobj(wbits)
        tail = decoder.flush()
        if tail:
            yield tail
    except zlib.error as error:
        raise NetworkError(f"{label}: the {encoding} body is corrupt: {error}") from None


def _reason(error: httpx.ConnectError) -> str:
    text = str(error)
    if "refused" in text.lower():
        return "connection refused"
    if "name or service not known" in text.lower() or "nodename nor servname" in text.lower():
        return "unknown host"
    return text or type(error).__name__
