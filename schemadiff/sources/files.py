"""Read a local file or standard input, with the same size cap as HTTP sources."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from schemadiff.errors import SourceError, os_error_text
from schemadiff.sources.options import RawSource, SourceOptions
from schemadiff.stdio import stdin_binary

STDIN_LABEL = "<stdin>"


def read_file(path: Path, options: SourceOptions) -> RawSource:
    """Read ``path`` whole; a missing, unreadable or oversized file is a :class:`SourceError`."""
    label = str(path)
    try:
        with path.open("rb") as stream:
            data = _read_capped(stream, options.max_bytes, label)
    except OSError as error:
        raise SourceError(f"{label}: {os_error_text(error)}") from None
    return RawSource(data=data, label=label, path=path)


def read_stdin(options: SourceOptions) -> RawSource:
    """Read standard input whole (``-`` as a source)."""
    stream: BinaryIO = stdin_binary(STDIN_LABEL)
    try:
        data = _read_capped(stream, options.max_bytes, STDIN_LABEL)
    except OSError as error:
        raise SourceError(f"{STDIN_LABEL}: {os_error_text(error)}") from None
    return RawSource(data=data, label=STDIN_LABEL)


def _read_capped(stream: BinaryIO, max_bytes: int, label: str) -> bytes:
    # Read one byte more than allowed: that is how we know the source is too large without
    # reading all of it.
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SourceError(f"{label}: larger than the {format_size(max_bytes)} limit")
    return data


def format_size(count: int) -> str:
    """Say a byte count the way people read limits: ``32 MiB``."""
    if count % (1024 * 1024) == 0:
        return f"{count // (1024 * 1024)} MiB"
    return f"{count:,} bytes"
