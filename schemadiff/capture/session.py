"""Run one capture: connect, receive frames until a stop condition, write them, keep the sidecar.

A capture stops normally after ``--count`` frames, after ``--duration`` seconds, when the server
closes the connection cleanly, or on SIGINT/SIGTERM; it fails (a :class:`NetworkError`, exit 2) on
an idle timeout, a dropped connection, or an auth error message. Either way the frames received so
far are already on disk and the sidecar is finalised with the stop reason before anything is
raised, so a failed capture is still evidence.

Nothing here prints: the caller gets the frame counts through ``on_frame`` (for a live count) and
the outcome as a :class:`CaptureResult` or an exception.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed, ConnectionClosedOK
from websockets.frames import CloseCode

from schemadiff import __version__
from schemadiff.capture.auth import auth_error_text, auth_outcome
from schemadiff.capture.connect import open_connection
from schemadiff.capture.model import (
    AuthOutcome,
    CaptureOptions,
    CaptureResult,
    FrameCounts,
    StopReason,
)
from schemadiff.capture.writer import FrameWriter, OutputClosed, frame_line, write_sidecar
from schemadiff.errors import NetworkError, SchemadiffError
from schemadiff.redact import redact_text, redact_url, register_secret, registered_secrets
from schemadiff.report.wording import counted

SIDECAR_FORMAT = 1
"""Version of the sidecar layout; raised when a field changes meaning."""

MIN_FRAME_SECRET = 6
"""Secrets shorter than this are not scrubbed from frames (they cannot be told from data)."""

AUTH_WINDOW = 3
"""How many first frames may hold the server's auth answer (a server may greet first)."""


class LineCheck(Protocol):
    """Validates one written log line as it arrives; returns ``True`` when it is valid."""

    def __call__(self, line_number: int, line: str) -> bool: ...


FrameCallback = Callable[[FrameCounts], None]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class CaptureSession:
    """One capture from connect to sidecar; use :func:`run_capture` to run it."""

    def __init__(
        self,
        options: CaptureOptions,
        writer: FrameWriter,
        *,
        check: LineCheck | None = None,
        on_frame: FrameCallback | None = None,
        sidecar: Path | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        self.options = options
        self.writer = writer
        self.check = check
        self.on_frame = on_frame
        self.sidecar = sidecar
        self.extra = dict(extra or {})
        self.shown_url = redact_url(options.url)
        # The token and any credential-like --header values are scrubbed from every logged frame;
        # very short ones are not, as replacing them would corrupt the data (a "key" of `1`).
        register_secret(options.token)
        self.secrets = tuple(s for s in registered_secrets() if len(s) >= MIN_FRAME_SECRET)
        self.counts = FrameCounts(invalid=0 if check is not None else None)
        self.auth_message: dict[str, Any] | None = None
        self.started_at = _now()
        self._started = time.monotonic()
        self._ended: float | None = None
        self._stop = asyncio.Event()
        self._stop_reason = StopReason.INTERRUPTED

    # -- entry points ------------------------------------------------------------------------

    def request_stop(self, reason: StopReason) -> None:
        """Ask the receive loop to finish (a signal handler calls this)."""
        self._stop_reason = reason
        self._stop.set()

    async def run(self) -> CaptureResult:
        """Capture until a stop condition; finalise the sidecar whatever happens."""
        self._write_sidecar(None, None)
        try:
            reason = await self._capture()
        except SchemadiffError as error:
            self._write_sidecar(StopReason.ERROR, str(error))
            raise type(error)(self._with_kept(str(error))) from None
        except BaseException:
            # Cancelled or killed by an unexpected error: the sidecar still says what we have.
            self._write_sidecar(StopReason.ERROR, "the capture ended unexpectedly")
            raise
        self._write_sidecar(reason, None)
        return CaptureResult(self.counts, reason, self._elapsed(), self.auth_message)

    # -- the loop --------------------------------------------------------------------------------

    async def _capture(self) -> StopReason:
        stop_wait = asyncio.ensure_future(self._stop.wait())
        try:
            connection = await self._open(stop_wait)
            if connection is None:
                return self._stop_reason
            try:
                return await self._receive(connection, stop_wait)
            finally:
                self._ended = time.monotonic()
                await _close(connection)
        finally:
            stop_wait.cancel()

    async def _open(self, stop_wait: asyncio.Future[Any]) -> ClientConnection | None:
        opening = asyncio.ensure_future(open_connection(self.options))
        await asyncio.wait({opening, stop_wait}, return_when=asyncio.FIRST_COMPLETED)
        if not opening.done():
            opening.cancel()
            with contextlib.suppress(BaseException):
                await opening
            return None
        connection = opening.result()
        # Durations and the idle clock start when the server can first talk, not before the
        # TCP and TLS handshakes, so `--duration 60` means a minute of traffic.
        self._started = time.monotonic()
        return connection

    async def _receive(self, connection: ClientConnection, stop_wait: asyncio.Future[Any]
                       ) -> StopReason:
        options = self.options
        last_frame = self._started
        while True:
            if self._stop.is_set():
                return self._stop_reason
            if options.count is not None and self.counts.written >= options.count:
                return StopReason.COUNT
            now = time.monotonic()
            deadlines: list[float] = []
            if options.duration is not None:
                if now >= self._started + options.duration:
                    return StopReason.DURATION
                deadlines.append(self._started + options.duration)
            if options.idle_timeout is not None:
                if now >= last_frame + options.idle_timeout:
                    raise NetworkError(
                        f"no frame from {self.shown_url} for {options.idle_timeout:g} s "
                        "(--idle-timeout)"
                    )
                deadlines.append(last_frame + options.idle_timeout)
            timeout = min(deadlines) - now if deadlines else None
            receiving = asyncio.ensure_future(connection.recv())
            done, _ = await asyncio.wait(
                {receiving, stop_wait}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
            if receiving not in done:
                # A deadline or a stop request: cancel the receive. Cancelling recv() is safe in
                # websockets (a frame is never half consumed), and a frame that arrived at the
                # same instant is still handled below rather than lost.
                receiving.cancel()
                await asyncio.wait({receiving})
                if receiving.cancelled():
                    continue
            try:
                frame = receiving.result()
            except ConnectionClosedOK:
                return StopReason.SERVER_CLOSED
            except ConnectionClosed as closed:
                raise NetworkError(self._dropped(closed)) from None
            last_frame = time.monotonic()
            try:
                self._handle(frame)
            except OutputClosed:
                return StopReason.OUTPUT_CLOSED

    def _handle(self, frame: str | bytes) -> None:
        counts = replace(self.counts, received=self.counts.received + 1)
        if isinstance(frame, bytes):
            self.counts = replace(counts, binary=counts.binary + 1)
            self._notify()
            return
        line = frame_line(frame, self.secrets)
        number = self.writer.write(line)
        counts = replace(counts, written=counts.written + 1)
        if self.check is not None and not self.check(number, line):
            counts = replace(counts, invalid=(counts.invalid or 0) + 1)
        self.counts = counts
        self._notify()
        self._note_auth(line)

    def _note_auth(self, line: str) -> None:
        # Only the server's answer to the connection counts: the first auth message among the
        # first frames. Later auth messages are ordinary traffic (Sartiq streams carry them too)
        # and are validated like any other message, not taken as a refusal.
        if self.auth_message is not None or self.counts.written > AUTH_WINDOW:
            return
        if '"auth' not in line.lower():
            return  # Cheap pre-filter: only frames mentioning auth are parsed a second time.
        try:
            value = json.loads(line)
        except ValueError:
            return
        outcome = auth_outcome(value)
        if outcome is None:
            return
        self.auth_message = value
        self._write_sidecar(None, None)
        if outcome is AuthOutcome.ERROR:
            raise NetworkError(
                f"the server at {self.shown_url} refused authentication: "
                f"{auth_error_text(value)}; check --token and --auth"
            )

    def _notify(self) -> None:
        if self.on_frame is not None:
            self.on_frame(self.counts)

    # -- reporting -------------------------------------------------------------------------------

    def _elapsed(self) -> float:
        # The capture ends when it decides to stop, not after the goodbye to the server.
        return round((self._ended or time.monotonic()) - self._started, 3)

    def _dropped(self, closed: ConnectionClosed) -> str:
        after = f"after {counted(self.counts.written, 'frame')}"
        if closed.sent is not None and closed.sent.code == CloseCode.MESSAGE_TOO_BIG:
            return (
                f"a frame from {self.shown_url} is larger than the "
                f"{self.options.max_size // (1024 * 1024)} MiB limit; the capture stopped {after}"
            )
        if closed.sent is not None and closed.sent.code == CloseCode.INVALID_DATA:
            # We refused the frame (a text frame that is not UTF-8) and closed with 1007; the
            # server's answer, if any, is beside the point.
            return (
                f"{self.shown_url} sent a text frame that is not valid UTF-8; the client refused "
                f"it and closed the connection (code 1007) {after}"
            )
        if closed.rcvd is None:
            return f"the connection to {self.shown_url} dropped mid-stream (no close frame) {after}"
        reason = f": {closed.rcvd.reason}" if closed.rcvd.reason else ""
        return (
            f"the server at {self.shown_url} closed the connection with code "
            f"{int(closed.rcvd.code)}{reason} {after}"
        )

    def _with_kept(self, message: str) -> str:
        if not self.counts.written:
            return message
        if self.writer.path is None:
            return f"{message}; {counted(self.counts.written, 'frame')} written to stdout"
        return f"{message}; {counted(self.counts.written, 'frame')} kept in {self.writer.path}"

    def _write_sidecar(self, reason: StopReason | None, error: str | None) -> None:
        if self.sidecar is None:
            return
        finished = reason is not None
        document: dict[str, Any] = {
            "format": SIDECAR_FORMAT,
            "tool_version": __version__,
            "url": self.shown_url,
            "auth": self.options.auth.value if self.options.token else None,
            "started_at": self.started_at,
            "ended_at": _now() if finished else None,
            "duration_seconds": self._elapsed() if finished else None,
            "stop_reason": reason.value if reason else None,
            "error": redact_text(error, self.secrets) if error else None,
            "frames": self.counts.to_json(),
            "sent_frames": len(self.options.send),
            "out": self.writer.path.name if self.writer.path is not None else None,
            "auth_message": self.auth_message,
            **self.extra,
        }
        write_sidecar(self.sidecar, document)


async def _close(connection: ClientConnection) -> None:
    """Close the connection, discarding frames that arrive meanwhile.

    A server still streaming fills the receive queue; with the queue full, ``websockets`` stops
    reading the socket and never sees the server's close frame, so ``close()`` would wait out its
    timeout. Draining the queue while closing lets the closing handshake finish at once.
    """

    async def drain() -> None:
        with contextlib.suppress(ConnectionClosed):
            while True:
                await connection.recv()

    draining = asyncio.ensure_future(drain())
    try:
        with contextlib.suppress(Exception):
            await connection.close()
    finally:
        draining.cancel()
        with contextlib.suppress(BaseException):
            await draining


def run_capture(session: CaptureSession) -> CaptureResult:
    """Run ``session`` on a fresh event loop, turning SIGINT/SIGTERM into a clean stop.

    Signals are handled by the loop only while the capture runs; outside the main thread (where
    Python cannot install handlers) Ctrl-C falls back to ``KeyboardInterrupt``.
    """

    async def main() -> CaptureResult:
        loop = asyncio.get_running_loop()
        installed: list[signal.Signals] = []
        for signum, reason in ((signal.SIGINT, StopReason.INTERRUPTED),
                               (signal.SIGTERM, StopReason.TERMINATED)):
            try:
                loop.add_signal_handler(signum, session.request_stop, reason)
            except (ValueError, RuntimeError, NotImplementedError):
                continue
            installed.append(signum)
        try:
            return await session.run()
        finally:
            for signum in installed:
                loop.remove_signal_handler(signum)

    return asyncio.run(main())
