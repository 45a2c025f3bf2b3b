"""Write received frames as a JSON Lines message log, and the capture's sidecar.

The log is exactly what ``schemadiff validate`` reads natively: one message per line, UTF-8, LF.
Each frame is flushed to the operating system as soon as it is written, so a killed capture loses
at most the frame in flight. A ``.gz`` output is written as one gzip member per frame: gzip readers
(``gzip``, ``zcat``, ``schemadiff validate``) read concatenated members as one stream, and a file
cut between two frames is still a complete, valid gzip file. The cost is a weaker compression ratio
than one long stream, which a capture of a few thousand frames does not notice.

The sidecar (``<out>.meta.json``) records where and when the capture happened; it is a separate
file because a header line in the log would be a non-message that every reader must skip. It is
replaced atomically, so it is always either the previous or the next complete version.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any, BinaryIO

from schemadiff import atomic
from schemadiff.errors import LogError
from schemadiff.redact import scrub_with

SIDECAR_SUFFIX = ".meta.json"
GZIP_LEVEL = 6


def sidecar_path(out: Path) -> Path:
    """Return the sidecar of an output file: ``capture.jsonl`` -> ``capture.jsonl.meta.json``."""
    return out.with_name(out.name + SIDECAR_SUFFIX)


def frame_line(text: str, secrets: tuple[str, ...]) -> str:
    """Return a received text frame as one log line (without the newline).

    Secrets are replaced by ``***`` first, so a server that echoes the token cannot leak it into the
    log. A frame is kept byte for byte when it is already one line; a pretty-printed JSON frame is
    re-serialised compactly, because one message must be one line. A multi-line frame that is not
    JSON has its line breaks replaced by spaces so that it stays one (invalid) line of the log
    rather than several.
    """
    text = scrub_with(text, secrets)
    if "\n" not in text and "\r" not in text:
        return text
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
    except ValueError:
        return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


class OutputClosed(Exception):
    """The reader of the output (a pipe) went away; the capture ends normally."""


class FrameWriter:
    """Append frames to a file (plain or ``.gz``) or to a binary stream such as stdout."""

    def __init__(self, out: Path | None, stream: BinaryIO | None = None) -> None:
        self.path = out
        self.compressed = out is not None and out.name.endswith(".gz")
        self.lines = 0
        self._failed = False
        if out is None:
            if stream is None:
                raise ValueError("FrameWriter needs an output path or a stream")
            self._file: BinaryIO = stream
            self._owned = False
            return
        try:
            self._file = out.open("wb")
        except OSError as error:
            raise LogError(f"cannot write {out}: {error.strerror or error}") from None
        self._owned = True

    def write(self, line: str) -> int:
        """Write one line, flush it, and return its 1-based line number in the log."""
        data = line.encode("utf-8", errors="surrogatepass") + b"\n"
        if self.compressed:
            # mtime=0 keeps the output reproducible: the same frames give the same bytes.
            data = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
        try:
            self._file.write(data)
            self._file.flush()
        except BrokenPipeError:
            # `schemadiff capture URL | head`: the reader has had enough, which ends the capture.
            raise OutputClosed(self._name()) from None
        except OSError as error:
            self._failed = True
            raise LogError(f"cannot write {self._name()}: {error.strerror or error}") from None
        self.lines += 1
        return self.lines

    def close(self) -> None:
        """Close the file; a failure is a :class:`LogError`, unless a write already failed.

        A write that failed (a full disk) leaves its bytes in the file object's buffer, and
        closing flushes them again: that second failure says nothing new and must not replace the
        first, clear error with a bare ``OSError``.
        """
        if not self._owned:
            return
        try:
            self._file.close()
        except OSError as error:
            if self._failed:
                return
            raise LogError(f"cannot write {self._name()}: {error.strerror or error}") from None

    def _name(self) -> str:
        return str(self.path) if self.path is not None else "<stdout>"


def write_sidecar(path: Path, document: dict[str, Any]) -> None:
    """Replace ``path`` atomically with ``document`` as indented JSON."""
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    try:
        atomic.write_text(path, text)
    except OSError as error:
        raise LogError(f"cannot write {path}: {error.strerror or error}") from None
