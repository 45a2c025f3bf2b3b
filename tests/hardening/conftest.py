"""Shared pieces of the hardening suite: the secret token, documents to break, big files, servers.

Everything expensive is made once per session: the servers (the Sartiq app with its misbehaving
endpoints, plus the few extra endpoints in ``hardening_app.py``), the baseline snapshot that the
log cases validate against, and the big inputs (a 50 MB line, a 10,000-level schema).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hardening.support import TOKEN, World, dead_port, deep_schema, run_inproc, write_json


@pytest.fixture(scope="session")
def world(serve: Callable[[Any], str], sartiq_url: str,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    from hardening.hardening_app import create_hardening_app, start_header_trickle
    from sartiq.app import create_app
    from sartiq.messages import generate_messages

    extra = serve(create_hardening_app())
    secured = serve(create_app("0.1.0", token=TOKEN))
    big = tmp_path_factory.mktemp("hardening-big")

    # The baseline the log cases validate against, made by the real snapshot command.
    source = write_json(big / "sartiq-0.1.0.openapi.json", create_app("0.1.0").openapi())
    code, _, err = run_inproc(["snapshot", str(source), "--name", "0.1.0",
                               "--out", str(big / "store")], big)
    assert code == 0, err
    against = big / "store" / "0.1.0.json"

    valid = [json.dumps(m) for m in generate_messages("0.1.0", count=3, seed=1)]
    (big / "valid.jsonl").write_text("\n".join(valid) + "\n", encoding="utf-8")
    # One 50 MB line that is not JSON, between two valid messages: a finding, and the run goes on.
    with (big / "long-line.jsonl").open("w", encoding="utf-8") as stream:
        stream.write(valid[0] + "\n")
        stream.write('{"type": "generation_update", "payload": "' + "x" * (50 * 1024 * 1024))
        stream.write("\n" + valid[1] + "\n")
    (big / "deep-10000.json").write_text(deep_schema(10_000), encoding="utf-8")
    trickle, stop_trickle = start_header_trickle()
    dead = dead_port()
    try:
        yield World(sartiq=sartiq_url, extra=extra, secured=secured, trickle=trickle,
                    dead=f"http://127.0.0.1:{dead.getsockname()[1]}", against=against, big=big)
    finally:
        stop_trickle()
        dead.close()


@pytest.fixture(autouse=True)
def forget_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start every test with no registered secrets.

    In-process runs share ``schemadiff.redact``'s registry; a token registered by an earlier run
    would be scrubbed from a later one even if that command forgot to register it, hiding a leak.
    """
    import schemadiff.redact

    monkeypatch.setattr(schemadiff.redact, "_SECRETS", set())
