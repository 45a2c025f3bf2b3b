"""Atomic file replacement: readers see the old file or the whole new one, never a part.

Snapshots, reports written with ``--output`` and capture sidecars all go through here. The text is
written to a hidden temporary file in the target's directory (``.NAME.XXXX.tmp``, which listings
ignore), flushed and fsynced, given ordinary permissions and renamed over the target; the rename is
then made durable by fsyncing the directory. On any failure, an interrupt included, the temporary
file is removed and the target is untouched. Callers turn the ``OSError`` into their own error.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from schemadiff.redact import scrub


def write_text(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Replace ``path`` with ``text`` (UTF-8, LF line ends kept as given); raise ``OSError``.

    With ``exclusive``, ``path`` is only created, never replaced: when another writer created it
    first (even a moment ago, in a race), ``FileExistsError`` is raised and the file is theirs.
    """
    directory = path.parent if str(path.parent) else Path()
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            # The one exit point of every file schemadiff writes: no secret reaches the disk.
            stream.write(scrub(text, whole_outputs=True).encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp creates the file 0600; these are files to share and commit, so honour the umask.
        temp.chmod(0o666 & ~_umask())
        if exclusive:
            _link_exclusively(temp, path, scrub(text, whole_outputs=True))
        else:
            temp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_directory(directory)


def _link_exclusively(temp: Path, path: Path, text: str) -> None:
    # A hard link is the atomic create-if-absent of a complete file: it fails with EEXIST when
    # the name exists, and readers never see the file without its content.
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK):
            raise
        # A filesystem without hard links: O_EXCL is still exclusive, only not atomic for
        # readers, who may see the file while it is being written.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
    temp.unlink()


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
