"""The snapshot store: names, version ordering, atomic writes, unchanged/refuse/force."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from schemadiff import canonical
from schemadiff.errors import SnapshotError
from schemadiff.snapshot import Snapshot
from schemadiff.snapshot_io import build_snapshot
from schemadiff.store import SnapshotStore, WriteOutcome, check_name, read_snapshot_file
from schemadiff.versions import parse_version, sort_names


def make_snapshot(title: str = "A", version: str = "1.0.0") -> Snapshot:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": "#/$defs/WebSocketMessage",
        "$defs": {
            "WebSocketMessage": {"type": "object", "title": title,
                                 "properties": {"data": {"anyOf": [{"$ref": "#/$defs/Ping"}]}}},
            "Ping": {"type": "object", "properties": {"type": {"const": "ping"}}},
        },
    }
    return build_snapshot(schema, source="https://user:pw@example.com/openapi.json?token=t",
                          root="WebSocketMessage", label="test", api_title="API",
                          api_version=version, openapi_version="3.1.0",
                          fetched_at="2025-01-01T00:00:00Z")


# Versions.

def test_versions_sort_semver_aware() -> None:
    names = ["0.10.0", "0.9.0", "1.0.0", "1.0.0-rc.1", "1.0.0-alpha", "1.0.0-alpha.1",
             "1.0.0-alpha.beta", "1.0.0-beta.11", "1.0.0-beta.2", "1.0.0-beta", "baseline",
             "v0.2", "main", "2.0.0+build.7"]
    assert sort_names(names) == [
        "baseline", "main", "v0.2", "0.9.0", "0.10.0", "1.0.0-alpha", "1.0.0-alpha.1",
        "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",
        "1.0.0", "2.0.0+build.7",
    ]


def test_equal_versions_are_ordered_by_name_deterministically() -> None:
    assert sort_names(["1.2.0", "1.2", "v1.2"]) == ["1.2", "1.2.0", "v1.2"]
    assert parse_version("1.2") == parse_version("1.2.0")
    assert parse_version("release-1") is None


# Names.

@pytest.mark.parametrize("name", ["0.1.0", "v2", "1.0.0-rc.1", "1.0.0+build", "baseline_2"])
def test_good_names(name: str) -> None:
    assert check_name(name) == name


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../x", "invalid snapshot name '../x': a name is a plain file name, without path "
                 "separators or '..'"),
        ("/etc/passwd", "invalid snapshot name '/etc/passwd': a name is a plain file name, "
                        "without path separators or '..'"),
        ("a\\b", "invalid snapshot name 'a\\\\b': a name is a plain file name, without path "
                 "separators or '..'"),
        ("..", "invalid snapshot name '..': a name is a plain file name, without path "
               "separators or '..'"),
        ("", "invalid snapshot name '': a name is a plain file name, without path separators "
             "or '..'"),
        ("1..2", "invalid snapshot name '1..2': a name is a plain file name, without path "
                 "separators or '..'"),
        ("0.1.0.json", "invalid snapshot name '0.1.0.json': give it without .json"),
        (".hidden", "invalid snapshot name '.hidden': use letters, digits, '.', '_', '+' and "
                    "'-' (starting with a letter or digit, at most 100 characters)"),
        ("a b", "invalid snapshot name 'a b': use letters, digits, '.', '_', '+' and '-' "
                "(starting with a letter or digit, at most 100 characters)"),
    ],
)
def test_bad_names_are_refused(name: str, message: str) -> None:
    with pytest.raises(SnapshotError) as caught:
        check_name(name)
    assert str(caught.value) == message


def test_latest_is_reserved_for_writing(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match="'latest' is reserved"):
        SnapshotStore(tmp_path).write(make_snapshot(), "latest")


# Resolution and listing.

def test_latest_is_the_highest_version_not_the_last_string(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path)
    for name in ("0.9.0", "0.10.0", "0.2.0", "baseline"):
        store.write(make_snapshot(title=name, version=name), name)
    assert store.names() == ["baseline", "0.2.0", "0.9.0", "0.10.0"]
    assert store.latest() == "0.10.0"
    assert store.resolve("latest") == tmp_path / "0.10.0.json"
    assert store.read("latest").label == "0.10.0"


def test_an_empty_store_has_no_latest(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError) as caught:
        SnapshotStore(tmp_path / "none").latest()
    assert str(caught.value) == (
        f"no snapshots in {tmp_path / 'none'}; create one with 'schemadiff snapshot URL'"
    )


def test_an_unknown_name_lists_what_is_there(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path)
    store.write(make_snapshot(), "0.1.0")
    with pytest.raises(SnapshotError) as caught:
        store.resolve("0.3.0")
    assert str(caught.value) == f"no snapshot named '0.3.0' in {tmp_path} (available: 0.1.0)"


def test_listing_ignores_hidden_temp_files_and_reports_broken_ones(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path)
    store.write(make_snapshot(), "1.0.0")
    (tmp_path / ".1.0.0.abcd.tmp").write_text("{partial")
    (tmp_path / ".hidden.json").write_text("{}")
    (tmp_path / "notes.txt").write_text("not a snapshot")
    (tmp_path / "broken.json").write_text("{\n  \"a\": \n")
    entries = store.entries()
    assert [entry.name for entry in entries] == ["broken", "1.0.0"]
    broken, good = entries
    assert broken.error == (
        f"{tmp_path / 'broken.json'}: invalid JSON at line 3 column 1: Expecting value "
        "(edited by hand?)"
    )
    assert good.error is None
    assert good.api_version == "1.0.0"
    assert good.message_types == ("ping",)
    assert good.variants == ("Ping",)
    assert good.definitions == 2
    assert good.short_hash == make_snapshot().sha256[:8]
    assert good.fetched_at == "2025-01-01T00:00:00Z"


# Writing.

def test_write_creates_a_canonical_file_with_redacted_provenance(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path / "new" / "dir")
    result = store.write(make_snapshot(), "1.0.0")
    assert result.outcome is WriteOutcome.CREATED
    text = result.path.read_text()
    document = json.loads(text)
    assert text == canonical.dumps(document)
    assert document["x-schemadiff"]["source"] == "https://example.com/openapi.json"
    assert "pw" not in text
    assert "token" not in text
    schema = {key: value for key, value in document.items() if key != "x-schemadiff"}
    assert document["x-schemadiff"]["sha256"] == canonical.sha256(schema)
    assert oct(result.path.stat().st_mode & 0o777) == "0o644"
    assert os.listdir(result.path.parent) == ["1.0.0.json"]


def test_same_schema_is_unchanged_and_the_file_untouched(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path)
    first = store.write(make_snapshot(), "1.0.0")
    before = first.path.stat()
    # A later fetch of the same schema: only fetched_at differs, which is outside the hash.
    later = make_snapshot()
    later = build_snapshot(later.schema, source="x", root="WebSocketMessage", label="x",
                           fetched_at="2030-01-01T00:00:00Z")
    second = store.write(later, "1.0.0")
    assert second.outcome is WriteOutcome.UNCHANGED
    after = first.path.stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)
    assert json.loads(first.path.read_text())["x-schemadiff"]["fetched_at"] == (
        "2025-01-01T00:00:00Z"
    )


def test_a_different_schema_is_refused_without_force(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path)
    path = store.write(make_snapshot("A"), "1.0.0").path
    original = path.read_bytes()
    with pytest.raises(SnapshotError) as caught:
        store.write(make_snapshot("B"), "1.0.0")
    assert str(caught.value) == (
        f"{path} already holds a different schema; pass --force to replace it, or choose "
        "another --name"
    )
    assert path.read_bytes() == original
    replaced = store.write(make_snapshot("B"), "1.0.0", force=True)
    assert replaced.outcome is WriteOutcome.REPLACED
    assert read_snapshot_file(path).sha256 == make_snapshot("B").sha256


def test_a_corrupt_existing_file_is_refused_without_force(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path)
    (tmp_path / "1.0.0.json").write_text("garbage")
    with pytest.raises(SnapshotError, match="already holds a file that is not a valid snapshot"):
        store.write(make_snapshot(), "1.0.0")
    assert store.write(make_snapshot(), "1.0.0", force=True).outcome is WriteOutcome.REPLACED


def test_a_directory_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "1.0.0.json").mkdir()
    with pytest.raises(SnapshotError) as caught:
        SnapshotStore(tmp_path).write(make_snapshot(), "1.0.0", force=True)
    assert str(caught.value) == f"cannot write {tmp_path / '1.0.0.json'}: a directory is in the way"


def test_a_store_path_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "store").write_text("")
    with pytest.raises(SnapshotError, match=r"cannot create .*store: File exists"):
        SnapshotStore(tmp_path / "store").write(make_snapshot(), "1.0.0")


def test_a_failed_write_keeps_the_previous_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SnapshotStore(tmp_path)
    path = store.write(make_snapshot("A"), "1.0.0").path
    original = path.read_bytes()

    def disk_full(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    # The fault is injected at the one call that makes the new file visible; everything else
    # (temp file, write, fsync) is real.
    monkeypatch.setattr(Path, "replace", disk_full)
    with pytest.raises(SnapshotError) as caught:
        store.write(make_snapshot("B"), "1.0.0", force=True)
    assert str(caught.value) == (
        f"cannot write {path}: No space left on device; the previous file is unchanged"
    )
    monkeypatch.undo()
    assert path.read_bytes() == original
    assert sorted(os.listdir(tmp_path)) == ["1.0.0.json"]


def test_a_failed_fsync_also_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(SnapshotError, match="Input/output error; the previous file is unchanged"):
        SnapshotStore(tmp_path).write(make_snapshot(), "1.0.0")
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []


# Reading back.

def test_reading_back_verifies_the_hash(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path)
    path = store.write(make_snapshot(), "1.0.0").path
    document = json.loads(path.read_text())
    document["$defs"]["Ping"]["properties"]["type"]["const"] = "pong"
    path.write_text(canonical.dumps(document))
    with pytest.raises(SnapshotError) as caught:
        store.read("1.0.0")
    assert str(caught.value) == (
        f"{path}: the schema does not match its recorded sha256 (the file was edited by hand?); "
        "re-create it with 'schemadiff snapshot SOURCE --name NAME --force'"
    )


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("x-schemadiff"), "not a snapshot file (it has no x-schemadiff key)"),
        (lambda d: d["x-schemadiff"].pop("sha256"), "x-schemadiff lacks sha256"),
        (lambda d: d["x-schemadiff"].update(root=3), "x-schemadiff.root must be a string"),
        (lambda d: d.update({"x-schemadiff": []}), "x-schemadiff must be an object"),
    ],
)
def test_bad_provenance_is_a_clear_error(tmp_path: Path, mutate: Any, message: str) -> None:
    path = SnapshotStore(tmp_path).write(make_snapshot(), "1.0.0").path
    document = json.loads(path.read_text())
    mutate(document)
    path.write_text(json.dumps(document))
    with pytest.raises(SnapshotError) as caught:
        read_snapshot_file(path, label="1.0.0")
    assert str(caught.value) == f"{path}: {message}"
