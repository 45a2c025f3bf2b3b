"""Read a local file or standard input, with the same size cap as HTTP sources.

Every file schemadiff reads whole (a source, a stored snapshot, a config file) is read through
:func:`read_path_capped`: its size is checked before reading where the file says it (a regular
file), and the read itself never takes more than the cap plus one byte (``/dev/zero``, a FIFO),
so an oversized input is one clear line, never a ``MemoryError``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from schemadiff.errors import SchemadiffError, SourceError, os_error_text
from schemadiff.sources.options import RawSource, SourceOptions
from schemadiff.stdio import stdin_binary

STDIN_LABEL = "<stdin>"


def read_file(path: Path, options: SourceOptions) -> RawSource:
    """Read ``path`` whole; a missing, unreadable or oversized file is a :class:`SourceError`."""
    label = str(path)
    data = read_path_capped(path, options.max_bytes, label)
    return RawSource(data=data, label=label, path=path)


def read_stdin(options: SourceOptions) -> RawSource:
    """Read standard input whole (``-`` as a source)."""
    stream: BinaryIO = stdin_binary(STDIN_LABEL)
    try:
        data = _read_capped(stream, options.max_bytes, STDIN_LABEL)
    except OSError as error:
        raise SourceError(f"{STDIN_LABEL}: {os_error_text(error)}") from None
    return RawSource(data=data, label=STDIN_LABEL)


def read_path_capped(path: Path, max_bytes: int, label: str,
                     error: type[SchemadiffError] = SourceError) -> bytes:
    """Read ``path`` whole if it holds at most ``max_bytes``; raise ``error`` (one line naming
    ``label``) if it is larger or cannot be read."""
    try:
        with path.open("rb") as stream:
            return _read_capped(stream, max_bytes, label, error)
    except OSError as failure:
        raise error(f"{label}: {os_error_text(failure)}") from None


def _read_capped(stream: BinaryIO, max_bytes: int, label: str,
                 error: type[SchemadiffError] = SourceError) -> bytes:
    try:
        size = os.fstat(stream.fileno()).st_size if stream.seekable() else 0
    except (OSError, ValueError, AttributeError):
        size = 0
    if size > max_bytes:
        raise error(too_large(label, max_bytes))
    # Read one byte more than allowed: that is how we know the source is too large without
    # reading all of it (a pipe or a device has no size to check first).
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise error(too_large(label, max_bytes))
    return data


def too_large(label: str, max_bytes: int) -> str:
    """The one sentence for an input over its bound."""
    return f"{label}: larger than the {format_size(max_bytes)} limit"


def format_size(count: int) -> str:
    """Say a byte count the way people read limits: ``32 MiB``."""
    if count % (1024 * 1024) == 0:
        return f"{count // (1024 * 1024)} MiB"
    return f"{count:,} bytes"
