"""The capture's parts on their own: log lines, the writer (plain, gzip), the sidecar, options."""

from __future__ import annotations

import gzip
import json
import os
import zlib
from pathlib import Path

import pytest

from schemadiff.capture.auth import auth_error_text, auth_outcome
from schemadiff.capture.connect import auth_message, handshake_headers, websocket_url
from schemadiff.capture.model import AuthMode, AuthOutcome, CaptureOptions
from schemadiff.capture.options import build_options, parse_header
from schemadiff.capture.writer import FrameWriter, frame_line, sidecar_path, write_sidecar
from schemadiff.errors import LogError, UsageError
from schemadiff.redact import scrub

# -- log lines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frame", "line"),
    [
        # A one-line frame is kept byte for byte, spacing and key order included.
        ('{"type": "x",  "b": 1, "a": 2}', '{"type": "x",  "b": 1, "a": 2}'),
        # Pretty-printed JSON becomes one compact line: one message must be one line.
        ('{\n  "type": "x",\n  "a": [1,\n 2]\n}', '{"type":"x","a":[1,2]}'),
        ('{\r\n "type": "é"\r\n}', '{"type":"é"}'),
        # A multi-line frame that is not JSON stays one (invalid) line.
        ("not\njson\r\nat all", "not json at all"),
        # An empty frame is an empty line, which validate skips as blank like any blank line.
        ("", ""),
        # The token is scrubbed even when the server echoes it.
        ('{"type": "auth_success", "context": "Bearer s3cret"}',
         '{"type": "auth_success", "context": "Bearer ***"}'),
    ],
)
def test_frame_line(frame: str, line: str) -> None:
    assert frame_line(frame, ("s3cret",)) == line


def test_writer_plain_file_is_flushed_per_frame(tmp_path: Path) -> None:
    out = tmp_path / "log.jsonl"
    writer = FrameWriter(out)
    assert writer.write('{"type": "a"}') == 1
    # Readable before close: another reader sees the frame as soon as write returns.
    assert out.read_text() == '{"type": "a"}\n'
    assert writer.write('{"type": "b"}') == 2
    assert out.read_text() == '{"type": "a"}\n{"type": "b"}\n'
    writer.close()


def test_writer_gzip_is_a_valid_file_after_every_frame(tmp_path: Path) -> None:
    out = tmp_path / "log.jsonl.gz"
    writer = FrameWriter(out)
    lines = [json.dumps({"type": "m", "i": i}) for i in range(5)]
    for count, line in enumerate(lines, start=1):
        writer.write(line)
        # Without closing the writer, the file so far decompresses completely (no truncated
        # stream), as after a kill between two frames.
        assert gzip.decompress(out.read_bytes()).decode().splitlines() == lines[:count]
    writer.close()
    with gzip.open(out, "rt") as handle:
        assert handle.read().splitlines() == lines


def test_writer_gzip_cut_inside_a_frame_loses_only_that_frame(tmp_path: Path) -> None:
    out = tmp_path / "log.jsonl.gz"
    writer = FrameWriter(out)
    writer.write('{"type": "a"}')
    writer.write('{"type": "b"}')
    writer.close()
    data = out.read_bytes()
    first_member_end = len(gzip.compress(b'{"type": "a"}\n', compresslevel=6, mtime=0))
    cut = data[: first_member_end + 10]  # A kill in the middle of the second frame.
    decompressor = zlib.decompressobj(wbits=31)
    assert decompressor.decompress(cut) == b'{"type": "a"}\n'


def test_writer_to_stream(tmp_path: Path) -> None:
    target = tmp_path / "stream"
    with target.open("wb") as stream:
        writer = FrameWriter(None, stream)
        writer.write("{}")
        writer.close()  # Does not close a stream it does not own.
        assert not stream.closed
    assert target.read_text() == "{}\n"


def test_writer_unwritable_path_is_a_log_error(tmp_path: Path) -> None:
    with pytest.raises(LogError, match=r"cannot write .*missing/log.jsonl"):
        FrameWriter(tmp_path / "missing" / "log.jsonl")


def test_sidecar_is_replaced_atomically(tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl.gz"
    assert sidecar_path(out) == tmp_path / "c.jsonl.gz.meta.json"
    write_sidecar(sidecar_path(out), {"a": 1})
    write_sidecar(sidecar_path(out), {"a": 2, "b": None})
    assert json.loads(sidecar_path(out).read_text()) == {"a": 2, "b": None}
    # No temporary file is left behind.
    assert sorted(os.listdir(tmp_path)) == ["c.jsonl.gz.meta.json"]


# -- where the token goes ------------------------------------------------------------------------


def test_websocket_url_modes() -> None:
    base = CaptureOptions(url="http://h:1/ws?x=1", token="t k")
    assert websocket_url(base) == "ws://h:1/ws?x=1"
    query = CaptureOptions(url="wss://h/ws?x=1&token=old", token="t&k", auth=AuthMode.QUERY)
    assert websocket_url(query) == "wss://h/ws?x=1&token=t%26k"
    renamed = CaptureOptions(url="ws://h", token="t", auth=AuthMode.QUERY, token_param="key")
    assert websocket_url(renamed) == "ws://h/?key=t"
    with pytest.raises(UsageError, match="not a WebSocket URL: ftp://h/x"):
        websocket_url(CaptureOptions(url="ftp://user:pw@h/x"))


def test_handshake_headers() -> None:
    options = CaptureOptions(url="ws://h", token="t", headers=(("authorization", "old"),
                                                               ("X-A", "1")))
    assert handshake_headers(options) == [("X-A", "1"), ("Authorization", "Bearer t")]
    query = CaptureOptions(url="ws://h", token="t", auth=AuthMode.QUERY, headers=(("X-A", "1"),))
    assert handshake_headers(query) == [("X-A", "1")]


def test_auth_message_substitutes_into_json_values() -> None:
    # A token with quotes and backslashes still gives valid JSON.
    token = 'a"b\\c'
    text = auth_message('{"type": "auth", "token": "{token}", "n": [1, "x{token}"]}', token)
    assert json.loads(text) == {"type": "auth", "token": token, "n": [1, f"x{token}"]}


def _build(**overrides: object) -> CaptureOptions:
    arguments: dict[str, object] = {
        "url": "ws://127.0.0.1:1/ws", "token": None, "auth": AuthMode.HEADER,
        "auth_message": '{"token": "{token}"}', "token_param": "token", "headers": [],
        "send": [], "count": None, "duration": None, "idle_timeout": 60.0,
        "open_timeout": 10.0, "out": None,
    }
    arguments.update(overrides)
    return build_options(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"auth": AuthMode.QUERY}, "--auth query needs a token"),
        ({"auth": AuthMode.MESSAGE}, "--auth message needs a token"),
        ({"auth": AuthMode.MESSAGE, "token": "t", "auth_message": "{"},
         "--auth-message is not JSON"),
        ({"count": 0}, "--count must be at least 1"),
        ({"duration": 0.0}, "--duration must be more than 0"),
        ({"idle_timeout": -1.0}, "--idle-timeout must be 0"),
        ({"open_timeout": 0.0}, "--open-timeout must be more than 0"),
        ({"send": ["{not json"]}, "--send is not JSON"),
        ({"headers": ["no colon"]}, "--header must look like 'Name: value'"),
        ({"url": "mailto:x@y"}, "not a WebSocket URL"),
    ],
)
def test_build_options_refuses(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        _build(**overrides)


def test_build_options_idle_zero_waits_forever(tmp_path: Path) -> None:
    options = _build(idle_timeout=0.0, out=tmp_path / "x.jsonl", send=['{"sub": 1}'])
    assert options.idle_timeout is None
    assert options.send == ('{"sub": 1}',)
    with pytest.raises(UsageError, match="is a directory"):
        _build(out=tmp_path)


def test_sensitive_header_values_are_scrubbed() -> None:
    assert parse_header("Cookie: session=abc123xyz") == ("Cookie", "session=abc123xyz")
    assert parse_header("X-Trace: visible-trace-id") == ("X-Trace", "visible-trace-id")
    parse_header("Authorization: Bearer hdr-secret-42")
    assert scrub("c=session=abc123xyz t=hdr-secret-42 v=visible-trace-id") == (
        "c=*** t=*** v=visible-trace-id"
    )


# -- auth messages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "outcome"),
    [
        ({"type": "auth_success", "user_id": "u"}, AuthOutcome.SUCCESS),
        ({"data": {"type": "auth_error", "error": "bad"}}, AuthOutcome.ERROR),
        ({"type": "AUTH_OK"}, AuthOutcome.SUCCESS),
        ({"type": "authenticated"}, AuthOutcome.SUCCESS),
        ({"type": "auth.failed"}, AuthOutcome.ERROR),
        # Not auth answers: other types, an auth *request*, non-objects.
        ({"type": "generation.updated"}, None),
        ({"type": "auth", "token": "x"}, None),
        ({"type": "author_changed"}, None),
        ([{"type": "auth_success"}], None),
        ("auth_success", None),
    ],
)
def test_auth_outcome(value: object, outcome: AuthOutcome | None) -> None:
    assert auth_outcome(value) is outcome


def test_auth_error_text() -> None:
    assert auth_error_text({"type": "auth_error", "error": "Invalid token"}) == "Invalid token"
    assert auth_error_text({"data": {"type": "auth_error", "detail": "expired"}}) == "expired"
    assert auth_error_text({"type": "auth_error"}) == "no reason given"
