"""The baseline of ``check`` comes from the base branch, never from the change being checked.

Problem 3 of the gating issue, reproduced in a real repository: a pull request moves the app to
breaking models, sets the version to 0.1.1 and records its own snapshot with ``schemadiff
snapshot``; comparing with the newest snapshot of the working tree then compares the code with
itself and passes. With a base (``--base``, ``GITHUB_BASE_REF``, ``base`` in the config, or
``--base HEAD`` as the pre-commit hooks pass it) the baseline is the snapshot at the merge base.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from gate.helpers import git
from gate.shop import APP, write_shop


@pytest.fixture
def shop_repo(tmp_path: Path, run_cli: Any) -> Path:
    """A clone whose ``main`` holds the shop at 0.1.0 with its snapshot, and a bare origin."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    work = tmp_path / "work"
    work.mkdir()
    git(work, "init", "-q", "-b", "main")
    write_shop(work)
    recorded = run_cli(f"schemadiff snapshot {APP}", cwd=work)
    assert recorded.exit_code == 0, recorded.stderr
    git(work, "add", ".")
    git(work, "commit", "-q", "-m", "shop 0.1.0 with its snapshot")
    git(tmp_path, "clone", "-q", "--bare", str(work), "origin.git")
    git(work, "remote", "add", "origin", str(tmp_path / "origin.git"))
    git(work, "fetch", "-q", "origin")
    return work


def own_snapshot_pull_request(repo: Path, run_cli: Any) -> None:
    """Problem 3: breaking models, version 0.1.1, and the change's own snapshot, committed."""
    git(repo, "checkout", "-q", "-b", "breaking")
    write_shop(repo, version="0.1.1", change="breaking")
    recorded = run_cli(f"schemadiff snapshot {APP}", cwd=repo)
    assert recorded.exit_code == 0, recorded.stderr
    assert (repo / "snapshots" / "0.1.1.json").is_file()
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "breaking models, 0.1.1, own snapshot")


def check_json(run_cli: Any, repo: Path, options: str = "", **env: str) -> tuple[int, Any, str]:
    result = run_cli(f"schemadiff check --format json {options}", cwd=repo, env=env)
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)["check"], result.stderr


def test_a_pull_request_cannot_pass_with_its_own_snapshot(shop_repo: Path, run_cli: Any) -> None:
    own_snapshot_pull_request(shop_repo, run_cli)
    merge_base = git(shop_repo, "rev-parse", "--short=12", "main").strip()
    expected_spec = f"git:{merge_base}:snapshots/0.1.0.json"

    # In the pull request's job: GitHub names the target branch, actions/checkout the remote.
    code, check, _ = check_json(run_cli, shop_repo, GITHUB_BASE_REF="main")
    assert code == 1
    assert check["verdict"] == "fail"
    assert check["old_version"] == "0.1.0"
    assert check["new_version"] == "0.1.1"
    assert check["baseline"] == {
        "spec": expected_spec, "kind": "merge-base", "base": "origin/main",
        "merge_base": merge_base,
    }
    assert any("where HEAD branched off origin/main (GITHUB_BASE_REF)" in reason
               for reason in check["reasons"])

    # The same with --base, and with `base` in the config.
    assert check_json(run_cli, shop_repo, "--base main")[1]["baseline"]["spec"] == expected_spec
    pyproject = shop_repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + 'base = "origin/main"\n',
                         encoding="utf-8")
    code, check, _ = check_json(run_cli, shop_repo)
    assert code == 1
    assert check["baseline"]["base"] == "origin/main"


def test_without_a_base_the_report_says_which_baseline_was_used(
    shop_repo: Path, run_cli: Any
) -> None:
    own_snapshot_pull_request(shop_repo, run_cli)
    result = run_cli("schemadiff check", cwd=shop_repo)
    # Without a base nothing tells the change's files from the base branch's: the text says
    # which file was the baseline and how to name a base.
    assert result.exit_code == 0, result.stderr
    assert "Baseline: snapshots/0.1.1.json, the newest snapshot in the working tree; no base " \
        "branch is set" in " ".join(result.stdout.split())


def test_a_pull_request_that_edits_the_baseline_in_place_fails(
    shop_repo: Path, run_cli: Any
) -> None:
    git(shop_repo, "checkout", "-q", "-b", "rewrite")
    write_shop(shop_repo, change="breaking")
    forced = run_cli(f"schemadiff snapshot {APP} --force", cwd=shop_repo)
    assert forced.exit_code == 0, forced.stderr
    git(shop_repo, "commit", "-q", "-am", "breaking models, 0.1.0 rewritten")
    code, check, _ = check_json(run_cli, shop_repo, GITHUB_BASE_REF="main")
    assert code == 1
    assert check["bump"] == "none"
    assert check["baseline"]["spec"].endswith(":snapshots/0.1.0.json")


def test_the_pre_commit_hook_compares_with_the_last_commit(shop_repo: Path, run_cli: Any) -> None:
    hooks = yaml.safe_load(
        (Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml").read_text("utf-8"))
    entries = {hook["entry"] for hook in hooks}
    assert entries == {"schemadiff check --offline --base HEAD"}
    # The commit being made adds its own snapshot: staged, not committed.
    write_shop(shop_repo, version="0.1.1", change="breaking")
    assert run_cli(f"schemadiff snapshot {APP}", cwd=shop_repo).exit_code == 0
    git(shop_repo, "add", ".")
    hook = run_cli(entries.pop(), cwd=shop_repo)
    assert hook.exit_code == 1, hook.stdout + hook.stderr
    assert "check: FAIL" in hook.stdout


def test_a_base_that_was_not_fetched_is_an_error_with_the_fix(
    shop_repo: Path, run_cli: Any
) -> None:
    result = run_cli("schemadiff check", cwd=shop_repo, env={"GITHUB_BASE_REF": "release"})
    assert result.exit_code == 2
    assert result.stderr.startswith("schemadiff: error: base origin/release (GITHUB_BASE_REF): "
                                    "unknown git revision 'origin/release'")
    assert "fetch-depth: 0" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_empty_store_at_the_merge_base_is_no_baseline(shop_repo: Path, run_cli: Any) -> None:
    result = run_cli("schemadiff check --base main --snapshots elsewhere", cwd=shop_repo)
    assert result.exit_code == 2
    assert "holds no snapshot where HEAD branched off main (--base)" in result.stderr
