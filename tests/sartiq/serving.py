"""Serve an ASGI app with uvicorn on 127.0.0.1 in a background thread (tests, scripts, benches)."""

from __future__ import annotations

import threading
import time
from typing import Any

STARTUP_TIMEOUT = 10.0


class BackgroundServers:
    """uvicorn servers running in daemon threads, stopped together by :meth:`stop_all`."""

    def __init__(self) -> None:
        self._running: list[tuple[Any, threading.Thread]] = []

    def start(self, app: Any) -> str:
        """Start ``app`` on a free loopback port; return its base URL once it listens."""
        import uvicorn

        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
        server = uvicorn.Server(config)
        # Signal handlers can only be installed by the main thread, and belong to the test runner.
        server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
        thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
        thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                server.should_exit = True
                raise RuntimeError("uvicorn did not start on 127.0.0.1")
            time.sleep(0.01)
        self._running.append((server, thread))
        port = server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def stop_all(self) -> None:
        """Ask every server to exit and wait for its thread."""
        for server, _ in self._running:
            server.should_exit = True
        for _, thread in self._running:
            thread.join(timeout=5)
        self._running.clear()

    def __enter__(self) -> BackgroundServers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop_all()
