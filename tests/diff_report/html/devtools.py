"""A small headless-Chromium driver for the HTML report tests: the DevTools protocol over a loopback
websocket, with nothing but the ``websockets`` package the project already depends on.

``Browser.start(executable, profile)`` launches ``chromium --headless --remote-debugging-port=0``
(the port is read from the ``DevToolsActivePort`` file the browser writes into its profile, so
nothing is parsed from its log); ``browser.open(url, width)`` loads a page at a viewport width
and returns a :class:`Page` to evaluate JavaScript in, resize and screenshot. One browser start per
test keeps each test within a few seconds.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
START_TIMEOUT = 20.0
CALL_TIMEOUT = 20.0


def find_chromium() -> str | None:
    """The browser executable: ``$SCHEMADIFF_CHROMIUM``, else the first candidate on ``PATH``."""
    configured = os.environ.get("SCHEMADIFF_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else shutil.which(configured)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class DevToolsError(RuntimeError):
    """The browser answered a command with an error, or JavaScript threw."""


class Browser:
    """One headless Chromium process and the websocket to its browser target."""

    def __init__(self, process: subprocess.Popen[bytes], socket: ClientConnection) -> None:
        self.process = process
        self.socket = socket
        self.events: list[dict[str, Any]] = []
        self._next_id = 0

    @classmethod
    @contextmanager
    def start(cls, executable: str, profile: Path) -> Iterator[Browser]:
        args = [
            executable, "--headless", "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0", f"--user-data-dir={profile}", "--no-first-run",
            "--no-default-browser-check", "--disable-gpu", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
            "--force-color-profile=srgb", "--lang=en-US", "about:blank",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            # Chromium refuses to run as root with its sandbox (containers, some CI images).
            args.insert(1, "--no-sandbox")
        log = (profile.parent / f"{profile.name}.log").open("wb")
        process = subprocess.Popen(args, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
        log.close()
        try:
            with connect(_browser_url(profile, process), max_size=None,
                         open_timeout=START_TIMEOUT) as socket:
                browser = cls(process, socket)
                try:
                    yield browser
                finally:
                    with suppress(Exception):
                        browser.call("Browser.close")
        finally:
            _stop(process)

    def call(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None) -> dict[str, Any]:
        """Send one command and return its result; events that arrive meanwhile are kept."""
        self._next_id += 1
        ident = self._next_id
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        self.socket.send(json.dumps(message))
        deadline = time.monotonic() + CALL_TIMEOUT
        while True:
            reply = json.loads(self.socket.recv(timeout=max(0.1, deadline - time.monotonic())))
            if reply.get("id") == ident:
                if "error" in reply:
                    raise DevToolsError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        """Return (and consume) the first event ``method`` of ``session``, waiting if need be."""
        deadline = time.monotonic() + CALL_TIMEOUT
        while True:
            for position, event in enumerate(self.events):
                if event.get("method") == method and event.get("sessionId") == session:
                    del self.events[position]
                    return event
            self.events.append(json.loads(
                self.socket.recv(timeout=max(0.1, deadline - time.monotonic()))))

    def open(self, url: str, width: int, height: int = 900) -> Page:
        """A new tab showing ``url`` at a viewport of ``width`` by ``height`` CSS pixels."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget",
                            {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
            page.call(domain)
        page.resize(width, height)
        page.call("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired", session)
        return page


class Page:
    """One tab, driven through its flattened DevTools session."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.call(method, params, self.session)

    def resize(self, width: int, height: int = 900) -> None:
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression evaluated in the page."""
        reply = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in reply:
            raise DevToolsError(f"{expression}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def screenshot(self, path: Path, *, height: int | None = None) -> bytes:
        """Save a PNG of the page's top ``height`` pixels (the whole page when ``None``)."""
        width, full = self.evaluate(
            "[document.documentElement.clientWidth, document.documentElement.scrollHeight]")
        clip = {"x": 0, "y": 0, "width": width, "height": min(full, height or full), "scale": 1}
        data = base64.b64decode(self.call(
            "Page.captureScreenshot",
            {"format": "png", "clip": clip, "captureBeyondViewport": True})["data"])
        path.write_bytes(data)
        return data

    def console_messages(self) -> list[str]:
        """Console and log entries so far (a Content-Security-Policy violation shows up here)."""
        texts = []
        for event in self.browser.events:
            if event.get("sessionId") != self.session:
                continue
            if event.get("method") == "Log.entryAdded":
                texts.append(str(event["params"]["entry"].get("text", "")))
            elif event.get("method") == "Runtime.consoleAPICalled":
                texts.append(" ".join(str(a.get("value", "")) for a in event["params"]["args"]))
            elif event.get("method") == "Runtime.exceptionThrown":
                texts.append(str(event["params"]["exceptionDetails"]))
        return texts


def _browser_url(profile: Path, process: subprocess.Popen[bytes]) -> str:
    # Chromium writes "PORT\n/devtools/browser/ID" once it listens; wait for the file, not a log.
    marker = profile / "DevToolsActivePort"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DevToolsError(f"chromium exited with {process.returncode} before listening; "
                                f"see {profile.parent / (profile.name + '.log')}")
        with suppress(OSError):
            lines = marker.read_text().split()
            if len(lines) == 2:
                return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        time.sleep(0.05)
    raise DevToolsError(f"chromium did not listen within {START_TIMEOUT:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the browser this module started, and its helper processes (its own session)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    # The renderer and GPU helpers are in the browser's own process group (start_new_session).
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
