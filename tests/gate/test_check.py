"""``schemadiff check`` end to end: git baselines, version bumps, policies, approvals, config.

The "Done when" scenario of the gating issue runs in real subprocesses against a real git
repository holding two commits of the test app's schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gate.helpers import with_version, write_json


def approvals_toml(findings: list[dict[str, Any]], reason: str) -> str:
    lines = ["[tool.schemadiff]", ""]
    for finding in findings:
        lines += [
            "[[tool.schemadiff.approvals]]",
            f"rule = {json.dumps(finding['rule'])}",
            f"path = {json.dumps(finding['path'])}",
            f"reason = {json.dumps(reason)}",
            "",
        ]
    return "\n".join(lines)


def test_done_when_git_baseline_fail_bump_approve(
    run_cli: Any, git_repo: Any, openapi_docs: dict[str, Any]
) -> None:
    """Breaking change + unbumped version fails; the 0.x minor bump passes; approvals pass."""
    unbumped = with_version(openapi_docs["0.2.0"], "0.1.0")
    repo = git_repo(openapi_docs["0.1.0"], unbumped)
    command = "schemadiff check openapi.json --against git:HEAD~1:openapi.json --format json"

    failed = run_cli(command, cwd=repo)
    assert failed.exit_code == 1, failed.stderr
    report = json.loads(failed.stdout)
    breaking = [f for f in report["findings"] if f["level"] == "breaking"]
    assert breaking, "the 0.1.0 -> 0.2.0 test app must contain breaking changes"
    assert report["check"]["verdict"] == "fail"
    assert report["check"]["bump"] == "none"
    assert report["check"]["required_version"] == "0.2.0"
    assert report["check"]["blocking"] == len(breaking)
    assert report["failed"] is True
    assert report["old"]["label"] == "git:HEAD~1:openapi.json"

    # The release bumps info.version: a minor bump is semver's major bump while in 0.x.
    write_json(repo / "openapi.json", openapi_docs["0.2.0"])
    bumped = run_cli(command, cwd=repo)
    assert bumped.exit_code == 0, bumped.stderr
    assert json.loads(bumped.stdout)["check"]["bump"] == "minor"

    # Back to the unbumped version, with every breaking finding approved in pyproject.toml.
    write_json(repo / "openapi.json", unbumped)
    (repo / "pyproject.toml").write_text(
        approvals_toml(breaking, "clients ship with 0.2.0 support"), encoding="utf-8"
    )
    approved = run_cli(command, cwd=repo)
    assert approved.exit_code == 0, approved.stderr
    check = json.loads(approved.stdout)["check"]
    assert check["verdict"] == "pass"
    assert (
        f"{len(breaking)} approved findings (each with its reason) do not count."
        in check["reasons"]
    )


def test_major_bump_rules_after_1_0(
    run_cli_inproc: Any, git_repo: Any, openapi_docs: dict[str, Any]
) -> None:
    repo = git_repo(with_version(openapi_docs["0.1.0"], "1.4.0"))
    command = "schemadiff check openapi.json --against git:HEAD:openapi.json"
    expected = {"1.4.0": 1, "1.5.0": 1, "1.4.1": 1, "2.0.0": 0}
    for version, code in expected.items():
        write_json(repo / "openapi.json", with_version(openapi_docs["0.2.0"], version))
        result = run_cli_inproc(command, cwd=repo)
        assert result.exit_code == code, (version, result.stdout, result.stderr)
    # Text output ends with the verdict block.
    assert "\ncheck: PASS (semver policy, 1.4.0 -> 2.0.0: major bump)\n" in result.stdout
    strict = run_cli_inproc(command + " --policy strict", cwd=repo)
    assert strict.exit_code == 1
    assert "not allowed under the strict policy, whatever the version." in " ".join(
        strict.stdout.split()
    )


def with_enum_value_added(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` where the first enum schema gains a value: a warning, forward."""
    changed = json.loads(json.dumps(document))
    for schema in changed["components"]["schemas"].values():
        if isinstance(schema.get("enum"), list):
            schema["enum"].append("zz-added-value")
            return changed
    raise AssertionError("the test app has no enum schema")


def test_fail_on_warning_and_never(
    run_cli_inproc: Any, git_repo: Any, openapi_docs: dict[str, Any]
) -> None:
    repo = git_repo(openapi_docs["0.1.0"])
    base = "schemadiff check openapi.json --against git:HEAD:openapi.json --format json"

    write_json(repo / "openapi.json", with_enum_value_added(openapi_docs["0.1.0"]))
    shown = run_cli_inproc(base, cwd=repo)
    assert shown.exit_code == 0, shown.stderr
    check = json.loads(shown.stdout)["check"]
    assert "1 warning is shown; warnings fail only with --fail-on warning." in check["reasons"]
    warning = run_cli_inproc(base + " --fail-on warning", cwd=repo)
    assert warning.exit_code == 1
    assert json.loads(warning.stdout)["check"]["blocking"] == 1

    write_json(repo / "openapi.json", with_version(openapi_docs["0.2.0"], "0.1.0"))
    never = run_cli_inproc(base + " --fail-on never", cwd=repo)
    assert never.exit_code == 0
    assert json.loads(never.stdout)["check"]["fail_on"] == "never"


def test_source_and_policy_from_config(
    run_cli_inproc: Any, git_repo: Any, openapi_docs: dict[str, Any]
) -> None:
    repo = git_repo(openapi_docs["0.1.0"])
    write_json(repo / "openapi.json", openapi_docs["0.2.0"])
    (repo / "pyproject.toml").write_text(
        '[tool.schemadiff]\nsource = "openapi.json"\npolicy = "strict"\n', encoding="utf-8"
    )
    result = run_cli_inproc("schemadiff check --against git:HEAD:openapi.json", cwd=repo)
    assert result.exit_code == 1  # strict: the minor bump does not help
    assert "check: FAIL (strict policy, 0.1.0 -> 0.2.0: minor bump)" in result.stdout
    overridden = run_cli_inproc(
        "schemadiff check --against git:HEAD:openapi.json --policy semver", cwd=repo
    )
    assert overridden.exit_code == 0


def test_usage_errors_are_one_line(run_cli_inproc: Any, tmp_path: Path) -> None:
    result = run_cli_inproc("schemadiff check", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        "schemadiff: error: no SOURCE given and no `source` key in [tool.schemadiff]; pass the "
        "app import path or file to check\n"
    )
    result = run_cli_inproc("schemadiff check x.json --policy loose", cwd=tmp_path)
    assert result.exit_code == 2
    # The shared options' choices: typer refuses the value, as it does for every command.
    assert result.stderr == (
        "schemadiff: error: Invalid value for '--policy': 'loose' is not one of 'semver', "
        "'strict'. (see 'schemadiff check --help')\n"
    )
    result = run_cli_inproc("schemadiff check x.json --format yaml", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "schemadiff: error: Invalid value for '--format' / '-f': 'yaml' is not one of 'text', "
    )
    result = run_cli_inproc("schemadiff check x.json --report json", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == "schemadiff: error: --report: expected FORMAT=FILE, got 'json'\n"
    result = run_cli_inproc(
        "schemadiff check https://user:pw@example.com/openapi.json?token=abc --offline",
        cwd=tmp_path,
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "schemadiff: error: https://example.com/openapi.json: URL sources are refused with "
        "--offline\n"
    )


def test_no_baseline_in_an_empty_store(
    run_cli_inproc: Any, tmp_path: Path, openapi_docs: dict[str, Any]
) -> None:
    write_json(tmp_path / "openapi.json", openapi_docs["0.1.0"])
    result = run_cli_inproc("schemadiff check openapi.json", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        "schemadiff: error: no baseline: the snapshot store snapshots has no snapshot to check "
        "against; pass --against, or run with --update to record the first one\n"
    )


def test_a_pass_the_bump_allows_never_mentions_fail_on_never(
    run_cli_inproc: Any, tmp_path: Path, openapi_docs: dict[str, Any]
) -> None:
    """Problem 5: the user never passed --fail-on never, so no output may say it."""
    write_json(tmp_path / "old.json", openapi_docs["0.1.0"])
    write_json(tmp_path / "new.json", openapi_docs["0.2.0"])
    for output_format in ("text", "markdown", "github", "json", "junit"):
        result = run_cli_inproc(
            f"schemadiff check new.json --against old.json --format {output_format}",
            cwd=tmp_path,
        )
        assert result.exit_code == 0, result.stderr
        assert "--fail-on never" not in result.stdout, output_format
        text = " ".join(result.stdout.split()).replace("-&gt;", "->")
        assert "OK, allowed by the minor version bump 0.1.0 -> 0.2.0, but not strictly " \
            "compatible" in text, output_format
    # Asked for explicitly, it is said.
    never = run_cli_inproc("schemadiff check new.json --against old.json --fail-on never",
                           cwd=tmp_path)
    assert "OK at --fail-on never" in never.stdout
