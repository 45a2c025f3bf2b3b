"""Helpers shared by the hardening tests: the secret token, small documents, the world they use."""

from __future__ import annotations

import contextlib
import io
import json
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


class CliResult(Protocol):
    """What ``run_cli`` and ``run_cli_inproc`` (tests/conftest.py) return."""

    @property
    def exit_code(self) -> int: ...
    @property
    def stdout(self) -> str: ...
    @property
    def stderr(self) -> str: ...


class RunCli(Protocol):
    """The ``run_cli`` / ``run_cli_inproc`` fixtures."""

    def __call__(self, command: str | list[str], stdin: str | bytes | None = None,
                 env: Mapping[str, str] | None = None, cwd: str | Path | None = None,
                 ) -> CliResult: ...


TOKEN = "sdTOKEN-hardening-5f1e9c2ab7"
"""The distinctive token every source case runs with; it must never appear in any output."""




def openapi(schemas: dict[str, Any], *, version: str = "1.0.0", title: str = "Hardening") -> dict[
    str, Any
]:
    """A minimal OpenAPI 3.1 document with ``schemas`` as its components."""
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "paths": {},
        "components": {"schemas": schemas},
    }


def message(name: str, type_value: str, payload: dict[str, Any]) -> dict[str, Any]:
    """A message variant schema: ``{"type": const, "payload": {...}}``."""
    return {
        "title": name,
        "type": "object",
        "properties": {"type": {"const": type_value, "type": "string"}, "payload": payload},
        "required": ["type", "payload"],
    }


def union_doc(extra: dict[str, Any] | None = None, *, version: str = "1.0.0",
              payload: dict[str, Any] | None = None) -> dict[str, Any]:
    """A small but realistic message contract: WebSocketMessage.data = anyOf[Ping, Pong]."""
    schemas: dict[str, Any] = {
        "WebSocketMessage": {
            "type": "object",
            "properties": {"data": {"anyOf": [{"$ref": "#/components/schemas/Ping"},
                                              {"$ref": "#/components/schemas/Pong"}]}},
            "required": ["data"],
            "title": "WebSocketMessage",
        },
        "Ping": message("Ping", "ping", payload or {"type": "object",
                                                    "properties": {"n": {"type": "integer"}}}),
        "Pong": message("Pong", "pong", {"type": "string"}),
    }
    schemas.update(extra or {})
    return openapi(schemas, version=version)


def write_json(path: Path, document: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def run_inproc(argv: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run the CLI in this process outside a test function (for session fixtures)."""
    from schemadiff.cli import run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(argv)
    return code, out.getvalue(), err.getvalue()


@dataclass(frozen=True, slots=True)
class World:
    """What a case's command line may name: servers, the baseline snapshot, the big files."""

    sartiq: str
    """Base URL of the Sartiq 0.1.0 app (token ``test-token``) with ``/misbehave/...``."""
    extra: str
    """Base URL of the extra misbehaving endpoints in ``hardening_app.py``."""
    secured: str
    """Base URL of a Sartiq 0.1.0 app that requires the distinctive ``TOKEN``."""
    trickle: str
    """Base URL of a raw TCP server that trickles its response headers."""
    dead: str
    """A loopback URL on a port where nothing listens."""
    against: Path
    """A snapshot of the Sartiq 0.1.0 message contract (what the log cases validate against)."""
    big: Path
    """A directory of big generated inputs."""

    def fields(self) -> dict[str, str]:
        return {"sartiq": self.sartiq, "mis": f"{self.sartiq}/misbehave", "extra": self.extra,
                "secured": self.secured, "trickle": self.trickle, "dead": self.dead,
                "against": str(self.against),
                "big": str(self.big), "dead_host": self.dead.removeprefix("http://"),
                "sartiq_host": self.sartiq.removeprefix("http://"),
                "token": TOKEN}


def dead_port() -> socket.socket:
    """A loopback port that refuses connections for as long as the returned socket is open.

    Bound but never listening: connecting gets "connection refused", and no other server (a
    parallel test worker's uvicorn, say) can take the port meanwhile.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


def deep_schema(levels: int) -> str:
    """JSON text of a schema nested ``levels`` deep (built as text: no recursion needed)."""
    head = '{"type": "object", "properties": {"a": ' * levels
    return head + '{"type": "string"}' + "}}" * levels


def assert_outcome(result: CliResult, exit_code: int, expect: str) -> None:
    """The contract of every row of a hardening table: the exit code; for exit 2 exactly one
    ``schemadiff: error:`` line on stderr holding ``expect`` and nothing on stdout; otherwise
    ``expect`` on stdout (or stderr, for commands that report there) and no error line; never a
    traceback, never the token."""
    out, err = result.stdout, result.stderr
    assert "Traceback" not in out + err, err
    assert result.exit_code == exit_code, (out, err)
    if exit_code == 2:
        lines = err.splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith("schemadiff: error: "), err
        assert expect in lines[0], err
    else:
        assert "error:" not in err, err
        assert expect in out + err, (out, err)
    assert TOKEN not in out + err
