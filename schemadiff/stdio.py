"""Standard streams that the caller closed (``cmd >&-``, ``cmd <&-``).

Python starts with ``sys.stdout`` (or ``sys.stdin``, ``sys.stderr``) set to ``None`` when its
descriptor is closed, so the first write fails with an ``AttributeError`` far from the cause. Worse,
the next file the process opens takes the lowest free descriptor: a snapshot or a log opened for
writing would *become* standard output, and a ``git`` child would write into it. So before
anything else the CLI calls :func:`claim`, which points every closed descriptor at ``/dev/null``
and remembers which were closed; commands then say clearly what is missing.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO

from schemadiff.errors import SourceError

_CLOSED: set[int] = set()

STDIN, STDOUT, STDERR = 0, 1, 2
NAMES = {STDIN: "standard input", STDOUT: "standard output", STDERR: "standard error"}


def claim() -> frozenset[int]:
    """Point closed standard descriptors at ``/dev/null``; return the ones that were closed."""
    closed = set()
    for descriptor in (STDIN, STDOUT, STDERR):
        try:
            os.fstat(descriptor)
        except OSError:
            closed.add(descriptor)
    for descriptor in sorted(closed):
        # os.open returns the lowest free descriptor, which is the closed one itself.
        null = os.open(os.devnull, os.O_RDWR)
        if null != descriptor:
            os.dup2(null, descriptor)
            os.close(null)
    if STDERR in closed or sys.stderr is None:
        sys.stderr = io.TextIOWrapper(io.FileIO(STDERR, "w", closefd=False), write_through=True)
    _CLOSED.update(closed)
    return frozenset(closed)


def stdin_closed() -> bool:
    """Whether the caller started us with standard input closed."""
    return STDIN in _CLOSED or sys.stdin is None


def stdin_binary(label: str) -> BinaryIO:
    """Standard input as bytes; :class:`SourceError` naming ``label`` when it was closed."""
    if stdin_closed():
        raise SourceError(f"{label}: standard input is closed; pipe the document in or name a "
                          "file instead of '-'")
    return sys.stdin.buffer


class ScrubbingWriter:
    """A text stream that removes every registered secret from what passes through it.

    The CLI puts one in front of stdout and one in front of stderr for the length of a command:
    the single exit point of everything a command prints, whichever renderer, library or
    ``typer.echo`` prints it. The binary ``buffer`` underneath (captured frames) is not wrapped;
    frames are scrubbed as they are written (:func:`schemadiff.capture.writer.frame_line`).
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from schemadiff.redact import scrub

        self._stream.write(scrub(text, whole_outputs=True))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def scrubbed_output() -> Iterator[None]:
    """Scrub stdout and stderr for the length of the block (see :class:`ScrubbingWriter`)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = ScrubbingWriter(out), ScrubbingWriter(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
