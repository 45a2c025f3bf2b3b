"""Secrets II: no credential leaves the origin the user named, and none survives in any form in
any output or file.

Two tables. The redirect table sends credentials (``--token``, ``--header 'X-Api-Key: ...'``,
``--header 'Cookie: ...'``, the ``--auth message`` token frame) to a server that redirects to
another origin, and checks what that origin received: nothing (a same-origin redirect keeps
them, as a control). The reflection table makes servers and logs hand the token back in every
spelling (raw, JSON with ``\\/``, JSON with every character as ``\\uXXXX``) and checks every byte
the run printed or wrote.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from hardening.hostile_peer import HostilePeer
from hardening.support import RunCli, write_json

SECRET = "sdB2/slash+tok-9f31"
"""A token with a character JSON may escape (``/``: ``\\/``) and one URL encoding changes."""
API_KEY = "sdKEY/7c1e+api"
COOKIE = "sdCOOKIE-55aa"

_LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def leaks(text: str) -> list[str]:
    """Every form of a secret found in ``text``: raw, or inside any decoded JSON string."""
    secrets = (SECRET, API_KEY, COOKIE)
    found = [secret for secret in secrets if secret in text]
    for literal in _LITERAL.findall(text):
        try:
            decoded = json.loads(literal)
        except ValueError:
            continue
        found.extend(f"{secret} as {literal[:40]}" for secret in secrets
                     if isinstance(decoded, str) and secret in decoded)
    return found


def everything(tmp: Path, *outputs: str) -> str:
    written = [path.read_text(encoding="utf-8", errors="replace") for path in tmp.rglob("*")
               if path.is_file()]
    return "\n".join([*outputs, *written])


@dataclass(frozen=True, slots=True)
class Servers:
    home: str
    away: str
    home_seen: dict[str, dict[str, str]]
    away_seen: dict[str, dict[str, str]]


@pytest.fixture(scope="module")
def servers(serve: Callable[[Any], str]) -> Servers:
    from hardening.leaky_app import create_leaky_app

    home_app, home_seen = create_leaky_app()
    away_app, away_seen = create_leaky_app()
    return Servers(serve(home_app), serve(away_app), home_seen, away_seen)


@pytest.fixture(scope="module")
def peers() -> Iterator[tuple[HostilePeer, HostilePeer]]:
    home, away = HostilePeer().start(), HostilePeer().start()
    try:
        yield home, away
    finally:
        home.stop()
        away.stop()


CREDENTIALS = ["--token", SECRET, "--header", f"X-Api-Key: {API_KEY}",
               "--header", f"Cookie: session={COOKIE}"]

HTTP_REDIRECTS = [
    # (id, to the other origin?)
    ("http-cross-origin", True),
    ("http-same-origin-control", False),
]


@pytest.mark.parametrize(("away", "ident"), [(row[1], row[0]) for row in HTTP_REDIRECTS],
                         ids=[row[0] for row in HTTP_REDIRECTS])
def test_http_credentials_stay_at_their_origin(away: bool, ident: str, servers: Servers,
                                               tmp_path: Path, run_cli_inproc: RunCli) -> None:
    target = (servers.away if away else servers.home) + f"/record?id={ident}"
    url = f"{servers.home}/redirect?to={quote(target, safe='')}"
    result = run_cli_inproc(["snapshot", url, "--name", "x", "--out", "store", *CREDENTIALS],
                            cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    seen = (servers.away_seen if away else servers.home_seen)[ident]
    if away:
        assert "authorization" not in seen
        assert "x-api-key" not in seen
        assert "cookie" not in seen
        assert not leaks(json.dumps(seen, ensure_ascii=False))
    else:
        assert seen["authorization"] == f"Bearer {SECRET}"
        assert seen["x-api-key"] == API_KEY
    assert not leaks(everything(tmp_path, result.stdout, result.stderr))


WS_REDIRECTS = [
    ("ws-message-cross-origin", True, ["--auth", "message"]),
    ("ws-header-cross-origin", True, ["--auth", "header"]),
    ("ws-query-cross-origin", True, ["--auth", "query"]),
    ("ws-message-same-origin-control", False, ["--auth", "message"]),
]


@pytest.mark.parametrize(("away", "auth", "ident"),
                         [(row[1], row[2], row[0]) for row in WS_REDIRECTS],
                         ids=[row[0] for row in WS_REDIRECTS])
def test_capture_credentials_stay_at_their_origin(
    away: bool, auth: list[str], ident: str, peers: tuple[HostilePeer, HostilePeer],
    tmp_path: Path, run_cli: RunCli,
) -> None:
    home, other = peers
    target = (other if away else home).url + f"/record?id={ident}"
    url = f"{home.url}/redirect?to={quote(target, safe='')}"
    result = run_cli(["capture", url, "--out", "log.jsonl", "--token", SECRET, "--header",
                      f"X-Api-Key: {API_KEY}", *auth], cwd=tmp_path, timeout=30)
    assert result.exit_code == 0, result.stderr
    seen = (other if away else home).seen[ident]
    recorded = json.dumps(seen, ensure_ascii=False)
    if away:
        assert not leaks(recorded), recorded
        assert "x-api-key" not in {name.lower() for name in seen["headers"]}
    else:
        # The control: at home, the token frame is sent.
        assert seen["frames"], seen
        assert SECRET in seen["frames"][0]
    assert not leaks(everything(tmp_path, result.stdout, result.stderr))


REFLECTIONS = ["plain", "slash", "unicode"]


@pytest.mark.parametrize("form", REFLECTIONS)
def test_a_reflected_token_is_never_stored_or_shown(form: str, servers: Servers, tmp_path: Path,
                                                    run_cli_inproc: RunCli) -> None:
    """The server quotes the credentials it got in a schema description (escaped as ``form``):
    the snapshot, ``show``, ``diff`` and its report file hold none of them."""
    url = f"{servers.home}/reflect?form={form}"
    made = run_cli_inproc(["snapshot", url, "--name", "r", "--out", "snapshots", *CREDENTIALS],
                          cwd=tmp_path)
    assert made.exit_code == 0, made.stderr
    stored = (tmp_path / "snapshots" / "r.json").read_text(encoding="utf-8")
    assert "you sent: Bearer *** ***" in stored  # Scrubbed before hashing: the hash holds.
    shown = run_cli_inproc(["show", "r", "--format", "json"], cwd=tmp_path)
    assert shown.exit_code == 0, shown.stderr
    diffed = run_cli_inproc(["diff", "r", url, "--format", "json", "--output", "report.json",
                             "--token", SECRET], cwd=tmp_path)
    assert diffed.exit_code == 0, diffed.stderr
    assert not leaks(everything(tmp_path, made.stdout, made.stderr, shown.stdout,
                                diffed.stdout, diffed.stderr))


@pytest.mark.parametrize("form", REFLECTIONS)
def test_capture_scrubs_every_spelling_of_an_echoed_token(
    form: str, peers: tuple[HostilePeer, HostilePeer], tmp_path: Path, run_cli: RunCli,
) -> None:
    home, _ = peers
    result = run_cli(["capture", f"{home.url}/reflect?form={form}", "--out", "log.jsonl",
                      "--token", SECRET, "--header", f"X-Api-Key: {API_KEY}"], cwd=tmp_path,
                     timeout=30)
    assert result.exit_code == 0, result.stderr
    log = (tmp_path / "log.jsonl").read_text(encoding="utf-8")
    assert "***" in json.loads(log)["context"]
    assert not leaks(everything(tmp_path, result.stdout, result.stderr))


@pytest.mark.parametrize("output_format", ["text", "json", "github"])
def test_validate_never_prints_a_value_equal_to_the_token(output_format: str, tmp_path: Path,
                                                          run_cli_inproc: RunCli) -> None:
    schema = {"type": "object", "properties": {"key": {"enum": ["a", "b"]},
                                               "n": {"type": "integer"}}}
    write_json(tmp_path / "schema.json", schema)
    lines = [{"key": SECRET}, {"key": "a", "n": SECRET}, {SECRET: 1, "key": 3}]
    (tmp_path / "log.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n",
                                        encoding="utf-8")
    result = run_cli_inproc(["validate", "log.jsonl", "--against", "schema.json", "--format",
                             output_format, "--token", SECRET], cwd=tmp_path)
    assert result.exit_code == 1, result.stderr
    assert "***" in result.stdout
    assert not leaks(result.stdout + result.stderr)


def test_a_double_gzip_body_is_capped_while_it_inflates(servers: Servers, tmp_path: Path) -> None:
    """``Content-Encoding: gzip, gzip``: a 590-byte body inflating to 256 MiB is refused at the
    32 MiB cap, and the process never holds much more than that (its peak memory is measured)."""
    # VmHWM is the peak of this process's own memory; ru_maxrss would include the memory of the
    # (large) pytest worker it was forked from.
    probe = (
        "import re, sys\n"
        "from schemadiff.cli import run\n"
        "code = run(sys.argv[1:])\n"
        "status = open('/proc/self/status').read()\n"
        "print(re.search(r'VmHWM:\\s*(\\d+)', status).group(1), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    from hardening.leaky_app import double_gzip_bomb

    double_gzip_bomb()  # Made before the request, so that a busy machine cannot time it out.
    completed = subprocess.run(
        [sys.executable, "-c", probe, "snapshot", f"{servers.home}/gzip-gzip", "--name", "x",
         "--out", str(tmp_path / "store"), "--timeout", "60"], capture_output=True, text=True,
        timeout=120, check=False)
    error, peak = completed.stderr.splitlines()
    assert completed.returncode == 2
    assert error == f"schemadiff: error: {servers.home}/gzip-gzip: response larger than the " \
                    "32 MiB limit"
    # In KiB. The interpreter, its imports and the 32 MiB read take about 70 MiB; inflating each
    # chunk whole (as before) took more than 500 MiB.
    assert int(peak) < 220 * 1024, f"peak {int(peak) // 1024} MiB"


@pytest.mark.parametrize("token", ["1", "0", "type"])
def test_a_short_token_does_not_corrupt_what_is_written(token: str, tmp_path: Path,
                                                       run_cli_inproc: RunCli) -> None:
    """A secret shorter than six characters is not scrubbed from whole outputs: replacing every
    ``1`` would corrupt every number in a snapshot and every count in a report."""
    from hardening.support import union_doc

    write_json(tmp_path / "doc.json", union_doc(version="1.0.1"))
    made = run_cli_inproc(["snapshot", "doc.json", "--name", "x", "--out", "snapshots",
                           "--token", token], cwd=tmp_path)
    assert made.exit_code == 0, made.stderr
    listed = run_cli_inproc(["list", "--format", "json"], cwd=tmp_path)
    (entry,) = json.loads(listed.stdout)["snapshots"]
    assert entry["api_version"] == "1.0.1"
    assert entry.get("error") is None
