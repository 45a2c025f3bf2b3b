"""Capture live WebSocket traffic as a message log that ``schemadiff validate`` reads.

One straight line, one module per stage:

- :mod:`.options` turns the command line into :class:`~.model.CaptureOptions`;
- :mod:`.connect` opens the connection with the token where the server expects it;
- :mod:`.session` receives frames until a stop condition and keeps the sidecar up to date;
- :mod:`.writer` writes each frame as one JSON Lines line (plain or gzip), flushed as it goes;
- :mod:`.auth` recognises the server's auth answer; :mod:`.live` validates frames as they arrive
  with the engine of ``validate``.

Library use::

    from schemadiff.capture import CaptureOptions, CaptureSession, FrameWriter, run_capture

    writer = FrameWriter(Path("traffic.jsonl"))
    result = run_capture(CaptureSession(CaptureOptions(url="ws://...", token=t, count=100), writer))
"""

from __future__ import annotations

from schemadiff.capture.model import (
    AuthMode,
    CaptureOptions,
    CaptureResult,
    FrameCounts,
    StopReason,
)
from schemadiff.capture.session import CaptureSession, run_capture
from schemadiff.capture.writer import FrameWriter, sidecar_path

__all__ = [
    "AuthMode",
    "CaptureOptions",
    "CaptureResult",
    "CaptureSession",
    "FrameCounts",
    "FrameWriter",
    "StopReason",
    "run_capture",
    "sidecar_path",
]
