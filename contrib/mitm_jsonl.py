"""mitmproxy addon: write WebSocket text messages as JSON Lines that ``schemadiff validate`` reads.

    mitmdump -q -s contrib/mitm_jsonl.py --set jsonl_out=capture.jsonl
    schemadiff validate capture.jsonl --against latest

Options: ``jsonl_out`` (default ``capture.jsonl``, appended to) and ``jsonl_direction``
(``received`` = server to client, the default; ``sent``; ``both``). One message per line, flushed as
it arrives; a pretty-printed message is re-serialised onto one line; binary messages are skipped.
Works with mitmproxy 7 and later (WebSocket messages live on ``flow.websocket``). Self-contained
on purpose: it runs inside mitmproxy's Python, where schemadiff may not be installed.
"""

from __future__ import annotations

import json
from typing import Any, TextIO


def message_line(text: str) -> str:
    """Return one WebSocket text message as one JSON Lines line (without the newline)."""
    if "\n" not in text and "\r" not in text:
        return text
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
    except ValueError:
        return " ".join(text.splitlines())


def wanted(from_client: bool, direction: str) -> bool:
    """Whether a message travelling this way is recorded under ``jsonl_direction``."""
    return direction == "both" or (direction == "sent") == from_client


class JsonLines:
    def __init__(self) -> None:
        self.file: TextIO | None = None

    def load(self, loader: Any) -> None:
        loader.add_option("jsonl_out", str, "capture.jsonl", "JSON Lines file to append to.")
        loader.add_option("jsonl_direction", str, "received", "received, sent or both.")

    def running(self) -> None:
        from mitmproxy import ctx  # type: ignore[import-not-found]

        self.file = open(ctx.options.jsonl_out, "a", encoding="utf-8")  # noqa: SIM115, PTH123

    def websocket_message(self, flow: Any) -> None:
        from mitmproxy import ctx

        message = flow.websocket.messages[-1]
        if self.file is None or not message.is_text:
            return
        if not wanted(message.from_client, ctx.options.jsonl_direction):
            return
        self.file.write(message_line(message.text) + "\n")
        self.file.flush()

    def done(self) -> None:
        if self.file is not None:
            self.file.close()


addons = [JsonLines()]
