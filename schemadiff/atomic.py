"""Atomic file replacement: readers see the old file or the whole new one, never a part.

Snapshots, reports written with ``--output`` and capture sidecars all go through here. The text is
written to a hidden temporary file in the target's directory (``.NAME.XXXX.tmp``, which listings
ignore), flushed and fsynced, given ordinary permissions and renamed over the target; the rename is
then made durable by fsyncing the directory. On any failure, an interrupt included, the temporary
file is removed and the target is untouched. Callers turn the ``OSError`` into their own error.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, LF line ends kept as given); raise ``OSError``."""
    directory = path.parent if str(path.parent) else Path()
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp creates the file 0600; these are files to share and commit, so honour the umask.
        temp.chmod(0o666 & ~_umask())
        temp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_directory(directory)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable; not every platform or filesystem allows it.
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
