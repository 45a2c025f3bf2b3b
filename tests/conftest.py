"""Shared test infrastructure: the Sartiq app on loopback, and the CLI runners.

Fixtures (see /work/brief.md, "Test infrastructure contract"):

- ``serve`` (session): ``serve(app) -> "http://127.0.0.1:PORT"``, uvicorn in a background thread;
  every server started this way stops at the end of the session.
- ``sartiq_url`` (session): base URL of ``create_app("0.1.0", token=SARTIQ_TOKEN)``.
- ``run_cli`` / ``run_cli_inproc`` (function): run ``schemadiff ...`` in a subprocess / in-process
  and return a ``Result(exit_code, stdout, stderr)``.

``tests/`` is put on ``sys.path`` so tests can ``from sartiq.app import create_app``.
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import os
import shlex
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

TESTS_DIR = Path(__file__).resolve().parent
REPO_DIR = TESTS_DIR.parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

SARTIQ_TOKEN = "test-token"
"""The bearer token of the ``sartiq_url`` server."""

RUNNER_VARIABLES = ("GITHUB_BASE_REF", "GITHUB_WORKSPACE")
"""Variables a GitHub runner sets that change what ``check`` does (the baseline, annotation
paths); the tests set them where they test them, and a CI job's own values must not leak in."""

@dataclass(frozen=True, slots=True)
class Result:
    """What one CLI run produced."""

    exit_code: int
    stdout: str
    stderr: str


class NetworkGuard:
    """Records every attempt to connect a socket anywhere but this machine.

    Tests talk only to 127.0.0.1: a test that reaches a real host depends on the network and may
    leak a token. Refusing the connection alone is not enough, since schemadiff turns a refused
    connection into exit 2, which a test may expect; so the attempt is also recorded, and the
    test fails at teardown.
    """

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def check(self, family: int, address: Any) -> None:
        if family not in (socket.AF_INET, socket.AF_INET6):
            return  # Unix sockets and socket pairs stay on this machine.
        host = str(address[0])
        if host == "localhost" or _is_loopback(host):
            return
        self.attempts.append(f"{host}:{address[1]}")
        raise ConnectionRefusedError(f"tests may connect only to loopback, not to {host}")


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False  # A host name other than localhost: it would be looked up and reached.


@pytest.fixture(autouse=True)
def _no_runner_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    """A CI job's own ``GITHUB_BASE_REF`` and ``GITHUB_WORKSPACE`` (see
    :data:`RUNNER_VARIABLES`) never reach a test, nor the processes it starts."""
    for name in RUNNER_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def network_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[NetworkGuard]:
    """Fail any test that opens a socket to a non-loopback address (see :class:`NetworkGuard`)."""
    guard = NetworkGuard()
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex

    def guarded_connect(sock: socket.socket, address: Any) -> None:
        guard.check(sock.family, address)
        connect(sock, address)

    def guarded_connect_ex(sock: socket.socket, address: Any) -> int:
        guard.check(sock.family, address)
        return connect_ex(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    yield guard
    if guard.attempts:
        pytest.fail(f"the test connected to non-loopback addresses: {', '.join(guard.attempts)}")


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Any], str]]:
    """Start an ASGI app on 127.0.0.1 (free port); return its base URL. Stopped at session end."""
    from sartiq.serving import BackgroundServers

    servers = BackgroundServers()
    try:
        yield servers.start
    finally:
        servers.stop_all()


@pytest.fixture(scope="session")
def sartiq_url(serve: Callable[[Any], str]) -> str:
    """Base URL of the Sartiq 0.1.0 app requiring ``Authorization: Bearer test-token``."""
    from sartiq.app import create_app

    return serve(create_app("0.1.0", token=SARTIQ_TOKEN))


def _child_env(env: Mapping[str, str] | None) -> dict[str, str]:
    child = dict(os.environ)
    # Output must not depend on the terminal the tests happen to run in.
    child.setdefault("NO_COLOR", "1")
    child["COLUMNS"] = child.get("COLUMNS", "80")
    child.pop("SCHEMADIFF_TOKEN", None)
    for name in RUNNER_VARIABLES:
        child.pop(name, None)
    if env:
        child.update(env)
    return child


def _argv(command: str | list[str]) -> list[str]:
    argv = shlex.split(command) if isinstance(command, str) else list(command)
    if argv and argv[0] == "schemadiff":
        argv = argv[1:]
    return argv


RunCli = Callable[..., Result]


@pytest.fixture
def run_cli() -> RunCli:
    """``run_cli("schemadiff diff a b", stdin=None, env=None, cwd=None)`` in a real subprocess."""

    def run(
        command: str | list[str],
        stdin: str | bytes | None = None,
        env: Mapping[str, str] | None = None,
        cwd: str | Path | None = None,
        timeout: float = 60.0,
    ) -> Result:
        data = stdin.encode() if isinstance(stdin, str) else stdin
        completed = subprocess.run(
            [sys.executable, "-m", "schemadiff", *_argv(command)],
            input=data if data is not None else b"",
            capture_output=True,
            env=_child_env(env),
            cwd=str(cwd) if cwd is not None else None,
            timeout=timeout,
            check=False,
        )
        return Result(
            completed.returncode,
            completed.stdout.decode("utf-8", "replace"),
            completed.stderr.decode("utf-8", "replace"),
        )

    return run


class _Stdin(io.TextIOWrapper):
    """A text stdin with a binary buffer, like the real one."""


@pytest.fixture
def run_cli_inproc(monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """Like ``run_cli`` but in this process, via ``schemadiff.cli.run``, capturing the output."""

    def run(
        command: str | list[str],
        stdin: str | bytes | None = None,
        env: Mapping[str, str] | None = None,
        cwd: str | Path | None = None,
        timeout: float | None = None,
    ) -> Result:
        from schemadiff.cli import run as cli_run

        with monkeypatch.context() as patch:
            patch.setenv("NO_COLOR", "1")
            patch.setenv("COLUMNS", os.environ.get("COLUMNS", "80"))
            patch.delenv("SCHEMADIFF_TOKEN", raising=False)
            for name in RUNNER_VARIABLES:
                patch.delenv(name, raising=False)
            for key, value in (env or {}).items():
                patch.setenv(key, value)
            if cwd is not None:
                patch.chdir(cwd)
            raw = stdin.encode() if isinstance(stdin, str) else (stdin or b"")
            patch.setattr(sys, "stdin", _Stdin(io.BytesIO(raw), encoding="utf-8"))
            out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
            err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = cli_run(_argv(command))
            out.flush()
            err.flush()
            return Result(
                code,
                out.buffer.getvalue().decode("utf-8"),  # type: ignore[attr-defined]
                err.buffer.getvalue().decode("utf-8"),  # type: ignore[attr-defined]
            )

    return run
