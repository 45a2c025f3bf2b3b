"""The `capture` command: record live WebSocket traffic as a message log, validated as it comes."""

from __future__ import annotations

import os
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from schemadiff.commands.options import (
    ChannelOption,
    ConfigOption,
    HeaderOption,
    RootOption,
    SnapshotsOption,
    TokenOption,
    ValidateFormatOption,
    one_of,
)

if TYPE_CHECKING:
    from schemadiff.capture.model import CaptureResult, FrameCounts


class _Auth(StrEnum):
    HEADER = "header"
    QUERY = "query"
    MESSAGE = "message"


_DEFAULT_AUTH_MESSAGE = '{"type": "auth", "token": "{token}"}'
_PROGRESS_INTERVAL = 0.1
"""Seconds between two redraws of the live count; a fast server must not flood the terminal."""


def capture(
    url: Annotated[str, typer.Argument(
        metavar="URL", help="The WebSocket URL: ws://HOST/PATH or wss://HOST/PATH.")],
    token: TokenOption = None,
    auth: Annotated[_Auth, typer.Option(
        "--auth", case_sensitive=False, metavar="WHERE",
        help="Where the token goes: an 'Authorization: Bearer' header, the ?token= query "
             f"parameter, or a JSON auth message sent first. {one_of(_Auth)}",
    )] = _Auth.HEADER,
    auth_message: Annotated[str, typer.Option(
        "--auth-message", metavar="JSON",
        help="The auth message for --auth message; {token} is replaced by the token.",
    )] = _DEFAULT_AUTH_MESSAGE,
    token_param: Annotated[str, typer.Option(
        "--token-param", metavar="NAME", help="Query parameter for --auth query.",
    )] = "token",  # noqa: S107 - a parameter name, not a password
    header: HeaderOption = None,
    send: Annotated[list[str] | None, typer.Option(
        "--send", metavar="JSON",
        help="A frame to send after connecting (a subscription, say); repeatable, sent in order.",
    )] = None,
    count: Annotated[int | None, typer.Option(
        "--count", "-n", metavar="N", help="Stop after N frames.",
    )] = None,
    duration: Annotated[float | None, typer.Option(
        "--duration", metavar="SECONDS", help="Stop after this many seconds.",
    )] = None,
    out: Annotated[Path | None, typer.Option(
        "--output", "-o", "--out", metavar="FILE", dir_okay=False, show_default=False,
        help="Write the log here (.gz compresses) with a FILE.meta.json sidecar; default stdout. "
             "(--out is its older name.)",
    )] = None,
    against: Annotated[str | None, typer.Option(
        "--against", "-a", metavar="NAME|FILE",
        help="Validate each frame as it arrives against this snapshot; exit 1 if any is invalid.",
    )] = None,
    snapshots: SnapshotsOption = None,
    root: RootOption = None,
    config: ConfigOption = None,
    report_format: ValidateFormatOption = "text",
    idle_timeout: Annotated[float, typer.Option(
        "--idle-timeout", metavar="SECONDS",
        help="Fail when the server sends nothing for this long; 0 waits forever.",
    )] = 60.0,
    open_timeout: Annotated[float, typer.Option(
        "--open-timeout", metavar="SECONDS",
        help="Time allowed for the TCP, TLS and WebSocket handshakes.",
    )] = 10.0,
    channel: ChannelOption = None,
) -> int:
    """Capture live WebSocket frames as a JSON Lines log that `validate` reads.

    Stops after --count frames, after --duration seconds, when the server closes,
    or on Ctrl-C/SIGTERM; then prints a one-line summary on stderr.

    Exit codes: 0 captured, 1 a frame invalid under --against, 2 connection,
    handshake, auth or idle failure (frames received so far stay in --out).
    """
    from schemadiff.redact import register_secret

    # First thing: every message from here on is scrubbed of the token.
    register_secret(token)

    from schemadiff.capture.model import AuthMode, StopReason
    from schemadiff.capture.options import build_options
    from schemadiff.capture.session import CaptureSession, run_capture
    from schemadiff.capture.writer import FrameWriter, sidecar_path

    options = build_options(
        url=url, token=token, auth=AuthMode(auth.value), auth_message=auth_message,
        token_param=token_param, headers=header or [], send=send or [], count=count,
        duration=duration, idle_timeout=idle_timeout, open_timeout=open_timeout, out=out,
    )
    live = None
    extra: dict[str, object] = {}
    if against is not None:
        from schemadiff.capture.live import LiveValidator, load_against
        from schemadiff.settings import Overrides, load_settings

        settings = load_settings(Overrides(snapshots=snapshots, root=root), config)
        snapshot = load_against(against, settings.snapshots, url=url, token=token,
                                root=settings.root, channel=channel)
        live = LiveValidator(snapshot, source=str(out) if out is not None else "<stdout>")
        extra["against"] = {"label": snapshot.label, "sha256": snapshot.sha256}

    progress = _Progress() if sys.stderr.isatty() else None
    writer = FrameWriter(out, sys.stdout.buffer if out is None else None)
    session = CaptureSession(
        options, writer, check=live, on_frame=progress, extra=extra,
        sidecar=sidecar_path(out) if out is not None else None,
    )
    try:
        result = run_capture(session)
    finally:
        writer.close()
        if progress is not None:
            progress.clear()
    if result.stop_reason is StopReason.OUTPUT_CLOSED:
        _silence_stdout()
    sys.stderr.write(_summary(result, options.count, options.duration) + "\n")
    sys.stderr.flush()
    if live is None:
        return 0
    report = live.render(str(report_format))
    # The report is the command's result, so it goes to stdout, unless stdout carries the frames.
    target = sys.stdout if out is not None else sys.stderr
    target.write(report)
    target.flush()
    return 1 if live.invalid else 0


def _silence_stdout() -> None:
    # The frame that met the closed pipe is still buffered; without a sink, Python's exit-time
    # flush would fail again and print a BrokenPipeError after our summary.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


class _Progress:
    """The live count on a terminal: one line on stderr, redrawn at most ten times a second."""

    def __init__(self) -> None:
        self._last = 0.0
        self._shown = False

    def __call__(self, counts: FrameCounts) -> None:
        from schemadiff.report.wording import counted

        now = time.monotonic()
        if now - self._last < _PROGRESS_INTERVAL:
            return
        self._last = now
        invalid = "" if counts.invalid is None else f", {counts.invalid:,} invalid"
        sys.stderr.write(f"\rcapturing: {counted(counts.received, 'frame')}{invalid}")
        sys.stderr.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            # NO_COLOR concerns colour, not cursor control; erasing the line is still wanted.
            sys.stderr.write("\r\x1b[K" if os.environ.get("TERM") != "dumb" else "\n")
            sys.stderr.flush()


def _summary(result: CaptureResult, count: int | None, duration: float | None) -> str:
    from schemadiff.capture.model import StopReason
    from schemadiff.report.wording import counted

    counts = result.counts
    invalid = "not validated" if counts.invalid is None else f"{counts.invalid:,} invalid"
    binary = f" ({counts.binary:,} binary skipped)" if counts.binary else ""
    reasons = {
        StopReason.COUNT: f"--count {count} reached",
        StopReason.DURATION: f"--duration {duration:g} s elapsed" if duration else "duration",
        StopReason.SERVER_CLOSED: "the server closed the connection",
        StopReason.INTERRUPTED: "interrupted (SIGINT)",
        StopReason.TERMINATED: "terminated (SIGTERM)",
        StopReason.OUTPUT_CLOSED: "the reader of stdout went away",
        StopReason.ERROR: "error",
    }
    return (
        f"capture: {counted(counts.received, 'frame')} received{binary}, "
        f"{counts.written:,} written, {invalid}, {result.duration:.2f} s; "
        f"stopped: {reasons[result.stop_reason]}"
    )
