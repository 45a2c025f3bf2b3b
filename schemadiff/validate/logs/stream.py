"""Opening a log as one stream of decompressed bytes: a file, a pipe, stdin or an fsspec URL.

Every input is read once, from its start, as a stream: a named pipe, a process substitution
(``<(cat log.jsonl)``) and stdin cannot seek and lose what a probe reads and then drops. So the
first bytes that decide the format (gzip magic, ``[``, ``{"log":``) are read into a *head* that
the stream then replays (:func:`with_head`); nothing is read twice and nothing is sought. Only
regular files are ever opened more than once or read from an offset (``--jobs`` chunks; see
:func:`is_regular_file`).
"""

from __future__ import annotations

import gzip
import io
import stat
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any

from schemadiff.errors import LogError, SourceError, os_error_text
from schemadiff.stdio import stdin_binary
from schemadiff.validate.logs.model import GZIP_MAGIC, READ_SIZE, STDIN

HEAD_BYTES = 4096
"""What format detection looks at."""


def is_url(path: str) -> bool:
    """Whether ``path`` names an fsspec URL (``s3://...``, ``https://...``), not a local file."""
    scheme, sep, _ = path.partition("://")
    return bool(sep) and scheme.replace("+", "").replace("-", "").isalnum() and len(scheme) > 1


def is_regular_file(path: str) -> bool:
    """Whether ``path`` is a regular local file: the only kind that may be opened twice or cut."""
    if path == STDIN or is_url(path):
        return False
    try:
        return stat.S_ISREG(Path(path).stat().st_mode)
    except OSError:
        return False


class _Replay(io.RawIOBase):
    """A raw stream that gives ``head`` first, then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._stream = stream
        # read1 returns what a pipe has now instead of waiting for a full buffer, so the lines
        # of a capture still being written are validated (and counted if interrupted).
        self._read = getattr(stream, "read1", stream.read)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def with_head(stream: IO[bytes], size: int = HEAD_BYTES) -> tuple[bytes, IO[bytes]]:
    """Read the first ``size`` bytes of ``stream`` (fewer at its end); return them and a stream
    that starts again from the beginning."""
    read = getattr(stream, "read1", stream.read)
    head = b""
    while len(head) < size:
        data = read(size - len(head))
        if not data:
            break
        head += data
    return head, io.BufferedReader(_Replay(head, stream), buffer_size=READ_SIZE)


@contextmanager
def open_raw(path: str) -> Iterator[IO[bytes]]:
    """Open a log's bytes as stored (compressed or not); :class:`LogError` if unreadable."""
    label = "<stdin>" if path == STDIN else path
    with ExitStack() as stack:
        if path == STDIN:
            try:
                stdin = stdin_binary(label)
            except SourceError as error:
                raise LogError(str(error)) from None
            yield stdin
            return
        if is_url(path):
            yield stack.enter_context(_open_url(path))
            return
        try:
            raw = stack.enter_context(open(path, "rb"))  # noqa: PTH123 - a FIFO too
        except OSError as error:
            raise LogError(f"{label}: {os_error_text(error)}") from None
        yield raw


@contextmanager
def _open_url(url: str) -> Iterator[IO[bytes]]:
    from schemadiff.redact import redact_url

    try:
        import fsspec
    except ImportError:
        raise LogError(f"{redact_url(url)}: reading URLs needs fsspec "
                       "(pip install 'schemadiff-ws[dask]')") from None
    try:
        opened = fsspec.open(url, "rb", compression=None)
        with opened as stream:
            yield stream
    except LogError:
        raise
    except (FileNotFoundError, PermissionError) as error:
        raise LogError(f"{redact_url(url)}: cannot read: {type(error).__name__}") from None
    except (OSError, ValueError, ImportError) as error:
        raise LogError(f"{redact_url(url)}: cannot read: {_first_line(error)}") from None


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


@contextmanager
def open_log(path: str) -> Iterator[tuple[bytes, IO[bytes]]]:
    """Open a log as decompressed bytes: yield its head (the first bytes, for detection) and a
    stream that starts at the beginning. :class:`LogError` if it cannot be read."""
    label = "<stdin>" if path == STDIN else path
    with open_raw(path) as raw:
        try:
            magic, stream = with_head(raw, len(GZIP_MAGIC))
            if magic == GZIP_MAGIC:
                # GzipFile reads through a small buffer of its own, so a stream cut short after
                # its first few kilobytes still opens (and is reported where it ends).
                unpacked = gzip.GzipFile(fileobj=stream, mode="rb")
                try:
                    head, stream = with_head(unpacked)  # type: ignore[arg-type]
                except (OSError, EOFError, zlib.error) as error:
                    raise LogError(f"{label}: not a readable gzip file ({error})") from None
            else:
                head, stream = with_head(stream)
            yield head, stream
        except (EOFError, zlib.error) as error:
            # A gzip stream cut short inside a HAR file or a JSON array (JSON Lines readers
            # report the lines before the cut themselves).
            raise LogError(f"{label}: input ends abruptly: {error}") from None
        except OSError as error:
            raise LogError(f"{label}: cannot read: {error}") from None
