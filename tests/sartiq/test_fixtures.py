"""The shared fixtures of tests/conftest.py do what the brief promises."""

from __future__ import annotations

from typing import Any

import httpx

from sartiq.app import create_app


def test_serve_returns_a_loopback_url_of_a_running_server(serve: Any) -> None:
    url = serve(create_app("0.2.0"))
    assert url.startswith("http://127.0.0.1:")
    assert httpx.get(f"{url}/openapi.json").json()["info"]["version"] == "0.2.0"


def test_two_servers_get_two_ports(serve: Any) -> None:
    assert serve(create_app()) != serve(create_app())


def test_run_cli_runs_a_subprocess(run_cli: Any) -> None:
    result = run_cli("schemadiff --version")
    assert result.exit_code == 0
    assert result.stdout.startswith("schemadiff ")
    assert result.stderr == ""


def test_run_cli_inproc_captures_output_and_exit_code(run_cli_inproc: Any) -> None:
    result = run_cli_inproc("schemadiff --version")
    assert result.exit_code == 0
    assert result.stdout.startswith("schemadiff ")
    bad = run_cli_inproc("schemadiff no-such-command")
    assert bad.exit_code == 2
    assert "no-such-command" in bad.stderr
