"""The autouse network guard of tests/conftest.py: loopback passes, anything else is refused."""

from __future__ import annotations

import socket
from typing import Any

import pytest


def test_a_non_loopback_connection_is_refused_and_recorded(network_guard: Any) -> None:
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError, match=r"192\.0\.2\.1"):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: never routed, never reached.
    with socket.socket(socket.AF_INET6) as sock, pytest.raises(ConnectionRefusedError):
        sock.connect_ex(("2001:db8::1", 443))
    assert network_guard.attempts == ["192.0.2.1:80", "2001:db8::1:443"]
    network_guard.attempts.clear()  # Expected here; any other test would fail at teardown.


def test_loopback_connections_pass(network_guard: Any) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=5):
            pass
    assert network_guard.attempts == []
