"""Rename hints: a removed and an added item that look like one renamed are reported as a pair."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

RunCli = Any


def _document(media: dict[str, Any], required: list[str], messages: dict[str, str]) -> Any:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": "#/$defs/WebSocketMessage",
        "$defs": {
            "WebSocketMessage": {
                "type": "object", "required": ["data"],
                "properties": {"data": {"anyOf": [{"$ref": f"#/$defs/{m}"} for m in messages]}},
            },
            "Media": {"type": "object", "properties": media, "required": required},
            **{
                name: {"type": "object", "required": ["type", "media"], "properties": {
                    "type": {"const": value}, "media": {"$ref": "#/$defs/Media"}}}
                for name, value in messages.items()
            },
        },
    }


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    old = _document({"url": {"type": "string"}, "file_size": {"type": "integer",
                                                              "title": "File Size"}},
                    ["url", "file_size"], {"UploadMessage": "upload.done",
                                           "DeleteMessage": "delete.done"})
    new = _document({"url": {"type": "string"},
                     "file_size_bytes": {"type": "integer", "title": "File Size Bytes"}},
                    ["url", "file_size_bytes"], {"UploadMessage": "upload.done",
                                                 "RemovedMessage": "media.removed"})
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "new.json").write_text(json.dumps(new), encoding="utf-8")
    return tmp_path


def test_property_and_message_type_renames(run_cli: RunCli, pair: Path) -> None:
    result = run_cli("schemadiff diff old.json new.json -f json", cwd=pair)
    assert result.exit_code == 1  # the hint changes no level: file_size is still gone
    report = json.loads(result.stdout)
    hinted = {(f["rule"], f["path"]): f["message"] for f in report["findings"]
              if "Looks like a rename" in f["message"]}
    assert set(hinted) == {
        ("required-property-removed", "UploadMessage.media.file_size"),
        ("required-property-added", "UploadMessage.media.file_size_bytes"),
        ("message-type-removed", "DeleteMessage"),
        ("message-type-added", "RemovedMessage"),
    }
    assert hinted[("required-property-removed", "UploadMessage.media.file_size")].endswith(
        "Looks like a rename of file_size to file_size_bytes.")
    assert report["notices"][-1] == (
        "Possible renames (a removed and an added item alike): UploadMessage.media.file_size "
        "-> UploadMessage.media.file_size_bytes; DeleteMessage -> RemovedMessage.")
    levels = {(f["rule"], f["path"]): f["level"] for f in report["findings"]}
    assert levels[("required-property-removed", "UploadMessage.media.file_size")] == "breaking"


def test_unrelated_changes_are_no_rename(run_cli: RunCli, tmp_path: Path) -> None:
    old = _document({"url": {"type": "string"}, "width": {"type": "integer"}}, ["url"],
                    {"UploadMessage": "upload.done"})
    new = _document({"url": {"type": "string"}, "caption": {"type": "string"}}, ["url"],
                    {"UploadMessage": "upload.done"})
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "new.json").write_text(json.dumps(new), encoding="utf-8")
    report = json.loads(run_cli("schemadiff diff old.json new.json -f json --fail-on never",
                                cwd=tmp_path).stdout)
    assert not any("rename" in f["message"] for f in report["findings"])
    assert not any("rename" in notice for notice in report["notices"])


def test_the_bundled_pair_has_no_false_rename(run_cli: RunCli) -> None:
    root = Path(__file__).resolve().parents[2]
    report = json.loads(run_cli("schemadiff diff 0.1.0 0.2.0 -f json --fail-on never",
                                cwd=root).stdout)
    assert not any("rename" in notice for notice in report["notices"])
