"""The bad-input suite: one table of command lines that must fail cleanly (or work, or report).

Each row is (id, command line, setup, expected exit code, expected text), plus optional stdin. The
command line and the expected text are templates over the session's world (``{sartiq}``,
``{mis}``, ``{extra}``, ``{secured}``, ``{trickle}``, ``{dead}``, ``{against}``, ``{big}``: see
``support.World``). Every row runs in its own directory, in-process, and asserts:

- the exit code (2 bad input, 1 a finding, 0 works);
- for exit 2: exactly one line on stderr, ``schemadiff: error: <message>``, containing the text
  (which names the file, line or URL);
- for exit 0 and 1: the text appears on stdout (the report names the file and line), and stderr
  holds no error line;
- never a traceback;
- every row runs with a distinctive token (alternately ``--token`` and ``SCHEMADIFF_TOKEN``) that
  appears in no output and in no file the run wrote.

A row with ``xfail`` is a known limitation, run as ``xfail(strict=True)`` with the reason.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hardening.support import TOKEN, RunCli, World, deep_schema, message, union_doc, write_json

Setup = Callable[[Path, World], None]


def nothing(tmp: Path, world: World) -> None:
    """No files needed."""


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    command: str
    setup: Setup
    exit_code: int
    expect: str
    stdin: bytes | None = None
    """What the command reads on standard input (for ``-`` sources)."""
    xfail: str | None = None
    """Why this case is a known, accepted failure (run as ``xfail(strict=True)``)."""
    token: bool = True
    """Run with the distinctive token and grep every output for it (every case reads a source or
    could echo its command line; only a command without ``--token`` turns this off)."""


# --- setups: each writes the files its command line names into the case's directory -----------


def text_file(name: str, content: str | bytes) -> Setup:
    def setup(tmp: Path, world: World) -> None:
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return setup


def json_file(name: str, document: object) -> Setup:
    def setup(tmp: Path, world: World) -> None:
        write_json(tmp / name, document)

    return setup


def combine(*setups: Setup) -> Setup:
    def setup(tmp: Path, world: World) -> None:
        for one in setups:
            one(tmp, world)

    return setup


def stored_snapshot(name: str, document: dict[str, object] | None = None) -> Setup:
    """Snapshot ``document`` (default: the small union) into ``snapshots/NAME.json``."""

    def setup(tmp: Path, world: World) -> None:
        from schemadiff.cli import run

        source = write_json(tmp / f"src-{name}.json", document or union_doc())
        assert run(["snapshot", str(source), "--name", name, "--out", str(tmp / "snapshots")]) == 0
        source.unlink()

    return setup


def edit_snapshot(name: str, edit: Callable[[str], str]) -> Setup:
    def setup(tmp: Path, world: World) -> None:
        path = tmp / "snapshots" / f"{name}.json"
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")

    return setup


def valid_lines(world: World) -> list[str]:
    return (world.big / "valid.jsonl").read_text(encoding="utf-8").splitlines()


def log_file(name: str, build: Callable[[list[str]], bytes], *, gz: bool = False,
             cut: int = 0) -> Setup:
    """A log made from the session's valid messages by ``build``; gzipped, less ``cut`` bytes."""

    def setup(tmp: Path, world: World) -> None:
        data = build(valid_lines(world))
        if gz:
            data = gzip.compress(data)
        (tmp / name).write_bytes(data[: len(data) - cut])

    return setup


def har(frames: list[dict[str, object]], *, with_messages: bool = True) -> Callable[[list[str]],
                                                                                     bytes]:
    def build(lines: list[str]) -> bytes:
        entry: dict[str, object] = {"request": {"url": "wss://sartiq.example/ws"}}
        if with_messages:
            entry["_webSocketMessages"] = [
                {"type": "receive", "time": 1.0, "opcode": 1, "data": lines[0]}, *frames,
            ]
        return json.dumps({"log": {"version": "1.2", "entries": [entry]}}).encode()

    return build


def symlink(name: str, target: str) -> Setup:
    def setup(tmp: Path, world: World) -> None:
        (tmp / name).symlink_to(target)

    return setup


def config_file(text: str) -> Setup:
    return text_file("policy.toml", text)


# --- documents to break ---------------------------------------------------------------------

NO_COMPONENTS = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}
DANGLING = union_doc({"Ping": message("Ping", "ping", {"$ref": "#/components/schemas/Gone"})})
EXTERNAL = union_doc({"Ping": message("Ping", "ping",
                                      {"$ref": "https://evil.example/schema.json#/Payload"})})
CYCLE = union_doc({
    "Ping": message("Ping", "ping", {"$ref": "#/components/schemas/Node"}),
    "Node": {"type": "object", "properties": {
        "name": {"type": "string"},
        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
    }},
})
SELF_REF = union_doc({"Loop": {"$ref": "#/components/schemas/Loop"},
                      "Ping": message("Ping", "ping", {"$ref": "#/components/schemas/Loop"})})
YAML_TAGGED = "openapi: 3.1.0\ninfo: !!python/object/apply:os.system ['echo pwned']\n"
YAML_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(8)]
) + "\n"
DEEP_YAML = "a: " + "[" * 5000 + "]" * 5000 + "\n"


def drop_last_brace(text: str) -> str:
    return text.rstrip().removesuffix("}")


def tamper(text: str) -> str:
    # A hand edit that keeps the file valid JSON but changes the schema under the recorded hash.
    return text.replace('"type": "integer"', '"type": "number"', 1)


CONFIG_UNKNOWN_KEY = 'mode = "forward"\nfial-on = "warning"\n'
CONFIG_UNKNOWN_RULE = '[levels]\nenum-value-added-typo = "safe"\n'
CONFIG_WRONG_TYPE = 'mode = 3\n'
CONFIG_BAD_APPROVAL = '[[approvals]]\nrule = "property-removed"\npath = "x"\n'
CONFIG_NOT_TOML = 'mode = "forward\n'

V2 = union_doc(payload={"type": "object", "properties": {"n": {"type": "string"}}},
               version="2.0.0")
"""The small union with ``Ping.payload.n`` changed from integer to string: one breaking finding."""


def expired_approval(tmp: Path, world: World) -> None:
    (tmp / "policy.toml").write_text(
        "[[approvals]]\n"
        'rule = "type-changed"\n'
        'path = "**"\n'
        'reason = "clients were migrated"\n'
        "expires = 2020-01-01\n",
        encoding="utf-8",
    )


CASES: list[Case] = [
    # --- sources over HTTP: the real test server, misbehaving on purpose --------------------
    Case("http-401", "snapshot {sartiq}/openapi.json", nothing, 2,
         "authentication failed (HTTP 401) for {sartiq}/openapi.json"),
    Case("http-403", "snapshot {mis}/status/403", nothing, 2,
         "HTTP 403"),
    Case("http-404", "snapshot {sartiq}/no/such/openapi.json", nothing, 2,
         "not found (HTTP 404): {sartiq}/no/such/openapi.json"),
    Case("http-500", "snapshot {mis}/status/500", nothing, 2,
         "HTTP 500 Internal Server Error from {mis}/status/500"),
    Case("http-hang", "snapshot {mis}/hang?seconds=2 --timeout 0.5", nothing, 2,
         "timed out after 0.5s waiting for {mis}/hang"),
    Case("http-slow-body", "snapshot {mis}/slow-body?seconds=2 --timeout 0.5", nothing, 2,
         "timed out after 0.5s waiting for {mis}/slow-body"),
    Case("http-trickle", "snapshot {extra}/trickle --timeout 1", nothing, 2,
         "timed out after 1s waiting for {extra}/trickle"),
    Case("http-header-trickle", "snapshot {trickle}/openapi.json --timeout 0.5 --retries 0",
         nothing, 2, "timed out after 0.5s waiting for {trickle}/openapi.json"),
    Case("http-refused", "snapshot {dead}/openapi.json --retries 0", nothing, 2,
         "cannot connect to {dead}/openapi.json: connection refused"),
    Case("http-redirect-loop", "snapshot {mis}/redirect-loop", nothing, 2,
         "too many redirects (more than 10) from {mis}/redirect-loop"),
    Case("http-not-json", "snapshot {mis}/not-json", nothing, 2,
         "{mis}/not-json"),
    Case("http-truncated-json", "snapshot {mis}/truncated-json", nothing, 2,
         "{mis}/truncated-json: invalid JSON at line"),
    Case("http-huge-streamed", "snapshot {mis}/huge?mb=40", nothing, 2,
         "{mis}/huge: response larger than the 32 MiB limit"),
    Case("http-huge-declared", "snapshot {mis}/huge?mb=40&declared=true", nothing, 2,
         "{mis}/huge sends"),
    Case("http-gzip-bomb", "snapshot {extra}/gzip-bomb", nothing, 2,
         "{extra}/gzip-bomb: response larger than the 32 MiB limit"),
    Case("http-empty", "snapshot {mis}/empty", nothing, 2,
         "{mis}/empty returned an empty body"),
    Case("http-yaml-bomb", "snapshot {extra}/yaml-bomb", nothing, 2,
         "{extra}/yaml-bomb: document too large"),
    Case("http-yaml-tag", "snapshot {extra}/yaml-tagged", nothing, 2,
         "{extra}/yaml-tagged: invalid YAML at line 1"),
    Case("http-not-object", "snapshot {mis}/openapi/not-object", nothing, 2,
         "{mis}/openapi/not-object: expected a JSON object"),
    Case("http-no-components", "snapshot {mis}/openapi/no-components", nothing, 2,
         "{mis}/openapi/no-components"),
    Case("http-no-root", "snapshot {mis}/openapi/no-root", nothing, 2,
         "WebSocketMessage"),
    Case("http-dangling-ref", "snapshot {mis}/openapi/dangling-ref", nothing, 2,
         "#/components/schemas/GenerationPublicMissing"),
    Case("http-external-ref", "snapshot {mis}/openapi/external-ref", nothing, 2,
         "https://schemas.example.com/shot.json#/ShotPublic"),
    Case("http-self-ref", "snapshot {mis}/openapi/self-ref", nothing, 2,
         "Loop"),
    Case("http-cycle-works", "snapshot {mis}/openapi/cycle --name cycle", nothing, 0,
         "created snapshots/cycle.json"),
    Case("http-deep-10000", "snapshot {mis}/openapi/deep?depth=10000", nothing, 2,
         "{mis}/openapi/deep"),
    Case("diff-url-401", "diff {sartiq}/openapi.json {sartiq}/openapi.json", nothing, 2,
         "authentication failed (HTTP 401) for {sartiq}/openapi.json"),
    # --- sources from files -------------------------------------------------------------------
    Case("file-missing", "snapshot nowhere.json", nothing, 2, "nowhere.json: no such file"),
    Case("file-is-directory", "snapshot adir", text_file("adir/x", ""), 2,
         "adir: not a regular file"),
    Case("file-empty", "snapshot empty.json", text_file("empty.json", ""), 2,
         "empty.json: empty document"),
    Case("file-not-utf8", "snapshot latin1.yaml", text_file("latin1.yaml", b"title: caf\xe9\n"),
         2, "latin1.yaml: not UTF-8"),
    Case("file-json-syntax", "snapshot broken.json", text_file("broken.json", '{"openapi": 3,\n'),
         2, "broken.json: invalid JSON at line 2"),
    Case("file-json-array", "snapshot array.json", text_file("array.json", "[1, 2]"), 2,
         "array.json: expected a JSON object"),
    Case("file-nan", "snapshot nan.json", text_file("nan.json", '{"openapi": NaN}'), 2,
         "nan.json: invalid JSON"),
    Case("yaml-tag", "snapshot tagged.yaml", text_file("tagged.yaml", YAML_TAGGED), 2,
         "tagged.yaml: invalid YAML at line 2"),
    Case("yaml-alias-bomb", "snapshot bomb.yaml", text_file("bomb.yaml", YAML_BOMB), 2,
         "bomb.yaml: document too large"),
    Case("yaml-deep", "snapshot deep.yaml", text_file("deep.yaml", DEEP_YAML), 2,
         "deep.yaml:"),
    Case("openapi-no-components", "snapshot bare.json", json_file("bare.json", NO_COMPONENTS), 2,
         "bare.json"),
    Case("root-missing", "snapshot api.json --root NoSuchRoot", json_file("api.json", union_doc()),
         2, "NoSuchRoot"),
    Case("ref-dangling", "snapshot dangling.json", json_file("dangling.json", DANGLING), 2,
         "#/components/schemas/Gone"),
    Case("ref-external", "snapshot external.json", json_file("external.json", EXTERNAL), 2,
         "https://evil.example/schema.json#/Payload"),
    Case("ref-self-loop", "snapshot loop.json", json_file("loop.json", SELF_REF), 2,
         "Loop"),
    Case("schema-not-a-json-schema", "snapshot bad.json --name bad",
         json_file("bad.json", {"type": "object", "properties": 5}), 2,
         "bad.json: not a valid JSON Schema"),
    Case("openapi-component-not-a-json-schema", "snapshot badapi.json --name bad",
         json_file("badapi.json", union_doc({"Pong": message("Pong", "pong",
                                                             {"anyOf": {"x": 1}})})), 2,
         "badapi.json: not a valid JSON Schema"),
    Case("diff-not-a-json-schema", "diff bad.json a.json",
         combine(json_file("bad.json", {"type": "object", "required": "id"}),
                 json_file("a.json", union_doc())), 2, "bad.json: not a valid JSON Schema"),
    Case("validate-against-not-a-json-schema", "validate {big}/valid.jsonl --against bad.json",
         json_file("bad.json", {"enum": "x"}), 2, "bad.json: not a valid JSON Schema"),
    Case("validate-against-unknown-dialect", "validate {big}/valid.jsonl --against custom.json",
         json_file("custom.json", {"$schema": "https://schemas.example.com/dialect",
                                   "type": "object"}), 2, "custom.json: "),
    Case("validate-against-remote-ref", "validate {big}/valid.jsonl --against remote.json",
         json_file("remote.json", {"type": "object", "properties": {
             "payload": {"$ref": "https://schemas.example.com/payload.json"}}}), 2,
         "remote.json: "),
    Case("ref-cycle-works", "snapshot cycle.json --name cyc", json_file("cycle.json", CYCLE), 0,
         ""),
    Case("ref-cycle-diff-works", "diff cycle.json cycle.json --format json",
         json_file("cycle.json", CYCLE), 0, '"findings": []'),
    Case("deep-10000-snapshot", "snapshot {big}/deep-10000.json", nothing, 2,
         "{big}/deep-10000.json: JSON nested too deeply"),
    Case("deep-10000-diff", "diff {big}/deep-10000.json {big}/deep-10000.json", nothing, 2,
         "{big}/deep-10000.json: JSON nested too deeply"),
    Case("deep-10000-validate", "validate {big}/valid.jsonl --against {big}/deep-10000.json",
         nothing, 2, "{big}/deep-10000.json: JSON nested too deeply"),
    Case("snapshot-invalid-json", "diff 1.0.0 1.0.0",
         combine(stored_snapshot("1.0.0"), edit_snapshot("1.0.0", drop_last_brace)), 2,
         "1.0.0.json: invalid JSON at line"),
    Case("snapshot-wrong-hash", "diff 1.0.0 1.0.0",
         combine(stored_snapshot("1.0.0"), edit_snapshot("1.0.0", tamper)), 2,
         "1.0.0.json: the schema does not match its recorded sha256"),
    Case("snapshot-provenance-edited", "diff 1.0.0 1.0.0",
         combine(stored_snapshot("1.0.0"),
                 edit_snapshot("1.0.0", lambda text: text.replace('"sha256"', '"sha-256"'))), 2,
         "1.0.0.json: x-schemadiff lacks sha256"),
    Case("snapshot-wrong-hash-validate", "validate {big}/valid.jsonl --against 1.0.0",
         combine(stored_snapshot("1.0.0"), edit_snapshot("1.0.0", tamper)), 2,
         "1.0.0.json: the schema does not match its recorded sha256"),
    Case("stdin-empty", "snapshot -", nothing, 2, "<stdin>: empty document"),
    Case("stdin-twice", "diff - -", nothing, 2, "stdin ('-') can be read only once",
         stdin=json.dumps(union_doc()).encode()),
    Case("stdin-yaml-bomb", "snapshot -", nothing, 2, "<stdin>: document too large",
         stdin=YAML_BOMB.encode()),
    Case("stdin-not-utf8", "diff - a.json", json_file("a.json", union_doc()), 2,
         "<stdin>: not UTF-8", stdin=b"openapi: caf\xe9\n"),
    Case("symlink-loop", "snapshot loop.json", symlink("loop.json", "loop.json"), 2,
         "loop.json"),
    Case("character-device", "snapshot /dev/zero", nothing, 2, "/dev/zero"),
    # ``show`` reads only local snapshots and takes no token.
    Case("show-missing", "show nosuch", text_file("snapshots/.keep", ""), 2, "nosuch",
         token=False),
    Case("show-wrong-hash", "show 1.0.0",
         combine(stored_snapshot("1.0.0"), edit_snapshot("1.0.0", tamper)), 2,
         "1.0.0.json: the schema does not match its recorded sha256", token=False),
    Case("check-missing-source", "check nowhere.json --against a.json",
         json_file("a.json", union_doc()), 2, "nowhere.json"),
    Case("check-import-error", "check no_such_module_xyz:app --against a.json",
         json_file("a.json", union_doc()), 2, "no_such_module_xyz"),
    Case("capture-refused", "capture ws://{dead_host}/ws --out cap.jsonl --count 1", nothing, 2,
         "ws://{dead_host}/ws"),
    Case("capture-unauthorised", "capture ws://{sartiq_host}/ws --out cap.jsonl --count 1",
         nothing, 2, "ws://{sartiq_host}/ws"),
    Case("validate-against-404", "validate {big}/valid.jsonl --against {mis}/status/404", nothing,
         2, "not found (HTTP 404): {mis}/status/404"),
    # --- logs: a bad line is a finding (exit 1, the rest still checked); a bad file is exit 2 --
    Case("log-invalid-utf8", "validate bad.jsonl --against {against} --format json",
         log_file("bad.jsonl", lambda v: f"{v[0]}\n".encode() + b'{"type": "\xff\xfe"}\n'
                  + f"{v[1]}\n".encode()), 1, '"line": 2'),
    Case("log-bom", "validate bom.jsonl --against {against}",
         log_file("bom.jsonl", lambda v: b"\xef\xbb\xbf" + "\n".join(v).encode() + b"\n"), 0,
         ""),
    Case("log-crlf", "validate crlf.jsonl --against {against}",
         log_file("crlf.jsonl", lambda v: "\r\n".join(v).encode() + b"\r\n"), 0, ""),
    Case("log-blank-lines", "validate blank.jsonl --against {against}",
         log_file("blank.jsonl", lambda v: ("\n\n" + "\n   \n\n".join(v) + "\n\n").encode()), 0,
         ""),
    Case("log-50mb-line", "validate {big}/long-line.jsonl --against {against} --format json",
         nothing, 1, '"line": 2'),
    Case("log-deep-json", "validate deep.jsonl --against {against} --format json",
         log_file("deep.jsonl", lambda v: ('{"type": "auth_error", "error": '
                                           + "[" * 100_000 + "]" * 100_000 + "}\n"
                                           + v[0] + "\n").encode()), 1, '"line": 1'),
    Case("log-integer-beyond-float", "validate ints.jsonl --against int.json",
         combine(json_file("int.json", {"type": "integer", "minimum": 0}),
                 text_file("ints.jsonl", "1" * 400 + "\n" + str(2**70) + "\n5\n")), 0,
         "all 3 messages valid"),
    Case("log-number-beyond-float", "validate num.jsonl --against {against} --format json",
         log_file("num.jsonl", lambda v: (v[0] + '\n{"type": "auth_error", "error": 1e400}\n'
                                          + v[1] + "\n").encode()), 1, '"line": 2'),
    Case("log-truncated-json", "validate cut.jsonl --against {against} --format json",
         log_file("cut.jsonl", lambda v: (v[0] + "\n" + v[1][: len(v[1]) // 2] + "\n").encode()),
         1, '"line": 2'),
    Case("log-gzip", "validate ok.jsonl.gz --against {against}",
         log_file("ok.jsonl.gz", lambda v: "\n".join(v).encode() + b"\n", gz=True), 0, ""),
    Case("log-gzip-truncated", "validate cut.jsonl.gz --against {against} --format json",
         log_file("cut.jsonl.gz", lambda v: ("\n".join(v * 50) + "\n").encode(), gz=True,
                  cut=300), 1, "ends abruptly"),
    Case("log-har-gzip-truncated", "validate cut.har.gz --against {against}",
         log_file("cut.har.gz", lambda v: har([])(v) * 3, gz=True, cut=40), 2, "cut.har.gz"),
    Case("log-array-gzip-truncated", "validate cut.json.gz --against {against}",
         log_file("cut.json.gz", lambda v: ("[" + ", ".join(v * 20) + "]").encode(), gz=True,
                  cut=40), 2, "cut.json.gz"),
    Case("log-gzip-garbage", "validate junk.gz --against {against}",
         text_file("junk.gz", b"\x1f\x8b" + b"\x00" * 40), 2, "junk.gz: not a readable gzip"),
    Case("log-missing", "validate nowhere.jsonl --against {against}", nothing, 2,
         "nowhere.jsonl: no such file"),
    Case("log-directory-without-logs", "validate adir --against {against}",
         text_file("adir/notes.txt", ""), 2, "adir"),
    Case("har-without-websocket", "validate plain.har --against {against}",
         log_file("plain.har", har([], with_messages=False)), 2, "plain.har"),
    Case("har-binary-frames", "validate frames.har --against {against}",
         log_file("frames.har", har([{"type": "receive", "time": 2.0, "opcode": 2,
                                      "data": "AAEC"},
                                     {"type": "receive", "time": 3.0, "opcode": 9,
                                      "data": ""}])), 0, ""),
    Case("har-not-json", "validate broken.har --against {against}",
         text_file("broken.har", '{"log": {"entries": ['), 2, "broken.har: not a HAR file"),
    Case("log-against-missing", "validate {big}/valid.jsonl --against 9.9.9", nothing, 2,
         "9.9.9"),
    # --- names and paths ----------------------------------------------------------------------
    Case("name-dotdot", "snapshot api.json --name ../x", json_file("api.json", union_doc()), 2,
         "../x"),
    Case("name-absolute", "snapshot api.json --name /tmp/sd-abs-name",
         json_file("api.json", union_doc()), 2, "/tmp/sd-abs-name"),
    Case("name-separator", "snapshot api.json --name a/b", json_file("api.json", union_doc()), 2,
         "a/b"),
    Case("out-is-a-file", "snapshot api.json --name v1 --out blocker",
         combine(json_file("api.json", union_doc()), text_file("blocker", "not a directory")), 2,
         "blocker"),
    Case("out-below-a-file", "snapshot api.json --name v1 --out blocker/store",
         combine(json_file("api.json", union_doc()), text_file("blocker", "not a directory")), 2,
         "cannot create blocker/store"),
    Case("name-reserved", "snapshot api.json --name latest", json_file("api.json", union_doc()),
         2, "'latest' is reserved"),
    Case("name-too-long", "snapshot api.json --name " + "v" * 300,
         json_file("api.json", union_doc()), 2, "invalid snapshot name"),
    Case("report-below-a-file", "diff a.json a.json --output blocker/report.json",
         combine(json_file("a.json", union_doc()), text_file("blocker", "not a directory")), 2,
         "blocker/report.json"),
    Case("capture-out-below-a-file",
         "capture ws://{sartiq_host}/ws --out blocker/cap.jsonl --count 1",
         text_file("blocker", "not a directory"), 2, "blocker/cap.jsonl"),
    Case("target-is-a-directory", "snapshot api.json --name v1",
         combine(json_file("api.json", union_doc()), text_file("snapshots/v1.json/keep", "")), 2,
         "v1.json"),
    Case("existing-other-schema", "snapshot v2.json --name 1.0.0",
         combine(stored_snapshot("1.0.0"), json_file("v2.json", V2)), 2,
         "1.0.0.json"),
    Case("latest-empty-store", "diff latest latest", text_file("snapshots/.keep", ""), 2,
         "no snapshots in snapshots"),
    # --- usage: the command line itself is wrong --------------------------------------------
    Case("usage-bad-choice", "diff a.json a.json --mode sideways",
         json_file("a.json", union_doc()), 2, "Invalid value for '--mode'"),
    Case("usage-missing-argument", "diff a.json", json_file("a.json", union_doc()), 2,
         "Missing argument 'NEW'"),
    Case("usage-unknown-option", "snapshot a.json --tokn x", json_file("a.json", union_doc()),
         2, "No such option: --tokn"),
    Case("usage-out-of-range", "snapshot {mis}/status/500 --timeout -1", nothing, 2,
         "Invalid value for '--timeout'"),
    # --- config ---------------------------------------------------------------------------------
    Case("config-unknown-key", "diff a.json a.json --config policy.toml",
         combine(json_file("a.json", union_doc()), config_file(CONFIG_UNKNOWN_KEY)), 2,
         "policy.toml: fial-on: unknown key"),
    Case("config-unknown-rule", "diff a.json a.json --config policy.toml",
         combine(json_file("a.json", union_doc()), config_file(CONFIG_UNKNOWN_RULE)), 2,
         "policy.toml: levels.enum-value-added-typo: unknown rule id"),
    Case("config-wrong-type", "diff a.json a.json --config policy.toml",
         combine(json_file("a.json", union_doc()), config_file(CONFIG_WRONG_TYPE)), 2,
         "policy.toml: mode: must be one of forward, backward, full, not an integer"),
    Case("config-approval-without-reason", "diff a.json a.json --config policy.toml",
         combine(json_file("a.json", union_doc()), config_file(CONFIG_BAD_APPROVAL)), 2,
         "policy.toml: approvals[0].reason: is required"),
    Case("config-not-toml", "diff a.json a.json --config policy.toml",
         combine(json_file("a.json", union_doc()), config_file(CONFIG_NOT_TOML)), 2,
         "policy.toml: not valid TOML"),
    Case("config-missing", "diff a.json a.json --config nowhere.toml",
         json_file("a.json", union_doc()), 2, "nowhere.toml"),
    Case("config-pyproject-unknown-key", "diff a.json a.json",
         combine(json_file("a.json", union_doc()),
                 text_file("pyproject.toml", "[tool.schemadiff]\ncolour = true\n")), 2,
         "pyproject.toml: tool.schemadiff.colour: unknown key"),
    Case("config-expired-approval", "diff a.json b.json --config policy.toml --format json",
         combine(json_file("a.json", union_doc()), json_file("b.json", V2), expired_approval), 1,
         "approval of type-changed at ** expired on 2020-01-01"),
]


def _ids() -> list[str]:
    return [case.id for case in CASES]


def test_table_is_large_and_ids_are_unique() -> None:
    assert len(CASES) >= 40
    assert len(set(_ids())) == len(CASES)


def _written_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def _params() -> list[object]:
    return [pytest.param(case, id=case.id, marks=[pytest.mark.xfail(strict=True,
                                                                    reason=case.xfail)]
                         if case.xfail else []) for case in CASES]


@pytest.mark.parametrize("case", _params())
def test_bad_input(case: Case, world: World, tmp_path: Path, run_cli_inproc: RunCli,
                   ) -> None:
    fields = world.fields()
    case.setup(tmp_path, world)
    before = {path: path.stat().st_mtime_ns for path in _written_files(tmp_path)}
    command = "schemadiff " + case.command.format(**fields)
    env: dict[str, str] = {}
    if case.token:
        # Half the cases pass the token by flag, half by environment: both paths must hide it.
        if CASES.index(case) % 2:
            command += f" --token {TOKEN}"
        else:
            env["SCHEMADIFF_TOKEN"] = TOKEN
    result = run_cli_inproc(command, stdin=case.stdin, env=env, cwd=tmp_path)
    expect = case.expect.format(**fields)
    out, err = result.stdout, result.stderr

    assert "Traceback" not in out + err
    assert result.exit_code == case.exit_code, (out, err)
    if case.exit_code == 2:
        assert out == ""
        lines = err.splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith("schemadiff: error: "), err
        assert expect in lines[0]
    else:
        assert "error:" not in err, err
        assert expect in out
    if case.token:
        assert TOKEN not in out
        assert TOKEN not in err
        for path in _written_files(tmp_path):
            if before.get(path) != path.stat().st_mtime_ns:
                assert TOKEN.encode() not in path.read_bytes(), path


def test_the_deep_schema_is_really_deep() -> None:
    # The 10,000-level case must exceed Python's recursion limit, or it proves nothing.
    import sys

    assert deep_schema(10_000).count("{") > 2 * sys.getrecursionlimit()
