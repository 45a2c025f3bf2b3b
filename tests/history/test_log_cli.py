"""``schemadiff log`` and ``diff --evidence`` through the CLI, on a store of four releases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

RunCli = Any


def test_log_text_reads_on_80_columns(run_cli: RunCli, release_store: Path) -> None:
    result = run_cli("schemadiff log --snapshots store", cwd=release_store)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "schemadiff log (forward mode): 4 versions, 3 steps"
    steps = [line for line in lines if " -> " in line and not line.startswith(" ")]
    assert [s.split()[:3] for s in steps] == [
        ["1.0.0", "->", "1.1.0"], ["1.1.0", "->", "1.2.0"], ["1.2.0", "->", "2.0.0"]]
    assert max(len(line) for line in lines) <= 80
    assert ("    INFO     payload.legacy_id: annotation-changed (deprecated): (none) -> true"
            in lines)
    assert "  no changes" in lines  # 1.1.0 -> 1.2.0
    # The last step groups by message type; a line per finding, never split inside a path.
    last = lines[lines.index(steps[2]):]
    assert "  ChatMessage" in last
    assert "  PresenceMessage" in last
    assert any(line.startswith("    BREAKING payload.old_flag: required-property-removed")
               for line in last)
    assert any("property-removed (approved)" in line for line in last)


def test_log_since_and_markdown(run_cli: RunCli, release_store: Path) -> None:
    result = run_cli("schemadiff log -s store --since 1.1.0 --format markdown", cwd=release_store)
    assert result.exit_code == 0, result.stderr
    headings = [line for line in result.stdout.splitlines() if line.startswith("## ")]
    assert headings == ["## 1.2.0 → 2.0.0", "## 1.1.0 → 1.2.0"]  # newest first, as notes read
    assert "### <code>PresenceMessage</code>" in result.stdout
    assert ("- **Breaking** <code>payload.old\\_flag</code>: <code>required-property-removed"
            "</code>") in result.stdout


def test_log_json_steps_are_the_diff_reports(run_cli: RunCli, release_store: Path) -> None:
    result = run_cli("schemadiff log -s store -f json", cwd=release_store)
    assert result.exit_code == 0, result.stderr
    log = json.loads(result.stdout)
    assert log["versions"] == ["1.0.0", "1.1.0", "1.2.0", "2.0.0"]
    schema = json.loads((Path(__file__).parents[2] / "schemadiff" / "data"
                         / "diff-report.schema.json").read_text(encoding="utf-8"))
    for step in log["steps"]:
        Draft202012Validator(schema).validate(step["report"])
        diff = run_cli(f"schemadiff diff {step['old']} {step['new']} -s store -f json "
                       "--fail-on never", cwd=release_store)
        assert json.loads(diff.stdout)["findings"] == step["report"]["findings"]
        for group in step["groups"]:
            assert all(0 <= i < len(step["report"]["findings"]) for i in group["findings"])


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ("schemadiff log -s store --since 9.9.9",
         "schemadiff: error: --since '9.9.9': no such snapshot in store (1.0.0, 1.1.0, 1.2.0, "
         "2.0.0)"),
        ("schemadiff log -s store -f sarif", None),
    ],
)
def test_log_errors_are_one_line(run_cli: RunCli, release_store: Path, argv: str,
                                 expected: str | None) -> None:
    result = run_cli(argv, cwd=release_store)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    if expected is not None:
        assert result.stderr.strip() == expected


def test_log_of_an_empty_or_single_store(run_cli: RunCli, tmp_path: Path,
                                         release_store: Path) -> None:
    (tmp_path / "store").mkdir()
    empty = run_cli("schemadiff log -s store", cwd=tmp_path)
    assert (empty.exit_code, empty.stdout) == (0, "schemadiff log (forward mode): 0 versions, "
                                                  "0 steps\n")
    (tmp_path / "store" / "1.0.0.json").write_bytes(
        (release_store / "store" / "1.0.0.json").read_bytes())
    single = run_cli("schemadiff log -s store", cwd=tmp_path)
    assert "Only one version (1.0.0): nothing to compare." in single.stdout


def test_deprecation_policy_from_config(run_cli: RunCli, project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.schemadiff]\nsnapshots = "store"\n'
        '[tool.schemadiff.deprecation]\nmin-versions = 3\n'
        '[tool.schemadiff.levels]\n"removed-without-deprecation" = "breaking"\n',
        encoding="utf-8")
    result = run_cli("schemadiff diff 1.2.0 2.0.0 -f json", cwd=project)
    assert result.exit_code == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    early = {f["path"]: (f["level"], f["new"]) for f in findings
             if f["rule"] == "removed-without-deprecation"}
    # Deprecated in 1.1.0 and 1.2.0: two versions, three asked for.
    assert early["ChatMessage.payload.legacy_id"] == (
        "breaking", "deprecated for 2 versions; the policy asks for 3 before removal")
    assert early["ChatMessage.payload.old_flag"] == ("breaking", "not deprecated before removal")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("[tool.schemadiff.deprecation]\nmin-versions = 0\n",
         "tool.schemadiff.deprecation.min-versions: must be a whole number of at least 1, not 0"),
        ("[tool.schemadiff.deprecation]\nafter = 2\n",
         "tool.schemadiff.deprecation.after: unknown key (known: enabled, min-versions)"),
        ("[tool.schemadiff.evidence]\nunseen-level = \"info\"\n",
         "tool.schemadiff.evidence.unseen-after: is required with unseen-level"),
        ("[tool.schemadiff]\ntransitive = \"yes\"\n",
         "tool.schemadiff.transitive: must be true or false, not a string"),
    ],
)
def test_config_errors_name_the_key(run_cli: RunCli, project: Path, table: str,
                                    message: str) -> None:
    (project / "pyproject.toml").write_text(table, encoding="utf-8")
    result = run_cli("schemadiff log -s store", cwd=project)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def _traffic(path: Path) -> Path:
    lines = []
    for number in range(1, 21):
        payload: dict[str, Any] = {"text": "hi", "old_flag": False,
                                   "mood": "angry" if number % 7 == 0 else "happy"}
        if number % 5 == 0:
            payload["legacy_id"] = number
        lines.append(json.dumps({"data": {"type": "chat", "payload": payload}}))
    lines.append("this line is not JSON")
    lines.append(json.dumps({"type": "presence", "payload": {"user": "u", "online": True}}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_diff_evidence(run_cli: RunCli, project: Path) -> None:
    log = _traffic(project / "traffic.jsonl")
    result = run_cli("schemadiff diff 1.2.0 2.0.0 -s store --fail-on never -f json "
                     f"--evidence {log.name}", cwd=project)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    evidence = {(f["rule"], f["path"]): f.get("evidence") for f in report["findings"]}
    assert evidence[("property-removed", "ChatMessage.payload.legacy_id")] == {
        "messages": 20, "present": 4, "null": 0, "absent": 16, "first": "traffic.jsonl:5"}
    assert evidence[("enum-value-removed", "ChatMessage.payload.mood")] == {
        "messages": 20, "present": 20, "null": 0, "absent": 0, "value": "angry",
        "value_count": 2, "first": "traffic.jsonl:7"}
    assert evidence[("message-type-removed", "PresenceMessage")] == {
        "messages": 1, "present": 1, "null": 0, "absent": 0, "first": "traffic.jsonl:22"}
    assert report["notices"][-1] == "Evidence: 21 messages read from traffic.jsonl."
    text = run_cli("schemadiff diff 1.2.0 2.0.0 -s store --fail-on never "
                   f"--evidence {log.name}", cwd=project).stdout
    assert ('traffic: 20 messages of its type; "angry" sent 2 times; first at\n'
            '            traffic.jsonl:7') in text


def test_evidence_may_lower_unseen_removals(run_cli: RunCli, project: Path) -> None:
    lines = [json.dumps({"type": "chat", "payload": {"text": "x", "mood": "sad",
                                                     "old_flag": True}})] * 50
    (project / "quiet.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (project / "pyproject.toml").write_text(
        '[tool.schemadiff]\nsnapshots = "store"\n'
        '[tool.schemadiff.deprecation]\nenabled = false\n'
        '[tool.schemadiff.evidence]\nunseen-after = 50\nunseen-level = "safe"\n',
        encoding="utf-8")
    result = run_cli("schemadiff diff 1.2.0 2.0.0 -f json --fail-on warning "
                     "--evidence quiet.jsonl", cwd=project)
    report = json.loads(result.stdout)
    legacy = next(f for f in report["findings"] if f["path"] == "ChatMessage.payload.legacy_id")
    assert legacy["level"] == "safe"
    assert legacy["evidence"]["lowered_from"] == "warning"
    assert "not seen in 50 messages of its type" in legacy["message"]
    assert not legacy["approved"]  # the deprecation policy is off
    # old_flag was in every message: it stays breaking, and fails the run.
    assert result.exit_code == 1


def test_evidence_log_errors(run_cli: RunCli, project: Path) -> None:
    result = run_cli("schemadiff diff 1.2.0 2.0.0 -s store --evidence missing.jsonl",
                     cwd=project)
    assert result.exit_code == 2
    assert "missing.jsonl" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def _candidate(project: Path) -> Path:
    """2.0.0 with ``legacy_id`` back, as a string: safe against 2.0.0, breaking for clients of
    1.x, which knew it as an integer."""
    document = json.loads((project / "store" / "2.0.0.json").read_text(encoding="utf-8"))
    document.pop("x-schemadiff")
    document["$defs"]["ChatPayload"]["properties"]["legacy_id"] = {"type": "string"}
    path = project / "candidate.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_check_transitive_holds_the_candidate_against_every_version(
        run_cli: RunCli, project: Path) -> None:
    _candidate(project)
    plain = run_cli("schemadiff check candidate.json -s store --policy strict -f json",
                    cwd=project)
    assert plain.exit_code == 0, plain.stderr
    assert [f["rule"] for f in json.loads(plain.stdout)["findings"]] == ["property-added"]

    result = run_cli("schemadiff check candidate.json -s store --policy strict -f json "
                     "--transitive", cwd=project)
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["check"]["verdict"] == "fail"
    breaking = [f for f in report["findings"] if f["level"] == "breaking"]
    # legacy_id is back with another type; old_flag, gone since 2.0.0, still breaks 1.x clients.
    assert {(f["rule"], f["path"], f["oldest"]) for f in breaking} == {
        ("type-changed", "ChatMessage.payload.legacy_id", "1.0.0"),
        ("required-property-removed", "ChatMessage.payload.old_flag", "1.0.0")}
    added = {f["path"]: f["oldest"] for f in report["findings"] if f["rule"] == "property-added"}
    # legacy_id is new against 2.0.0 only; edited (added in 1.1.0) is new to 1.0.0's clients.
    assert added == {"ChatMessage.payload.legacy_id": "2.0.0",
                     "ChatMessage.payload.edited": "1.0.0"}
    # The same from the configuration; --no-transitive wins over it.
    (project / "pyproject.toml").write_text("[tool.schemadiff]\ntransitive = true\n",
                                            encoding="utf-8")
    configured = run_cli("schemadiff check candidate.json -s store --policy strict",
                         cwd=project)
    assert configured.exit_code == 1
    assert "holds since: 1.0.0" in configured.stdout
    off = run_cli("schemadiff check candidate.json -s store --policy strict --no-transitive",
                  cwd=project)
    assert off.exit_code == 0, off.stdout


def test_check_reads_the_deprecation_history_and_evidence(run_cli: RunCli,
                                                           project: Path) -> None:
    _traffic(project / "traffic.jsonl")
    result = run_cli("schemadiff check store/2.0.0.json -s store --against 1.2.0 -f json "
                     "--evidence traffic.jsonl", cwd=project)
    assert result.exit_code == 0, result.stderr  # a major bump allows the breaking removal
    findings = {(f["rule"], f["path"]): f for f in json.loads(result.stdout)["findings"]}
    legacy = findings[("property-removed", "ChatMessage.payload.legacy_id")]
    assert legacy["approval"] == ("deprecated since 1.1.0 (2 versions); removal allowed by "
                                  "the deprecation policy")
    assert legacy["evidence"]["present"] == 4
