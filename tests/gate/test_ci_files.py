"""The action, the workflows and the pre-commit hooks: valid against their published schemas."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def check_jsonschema(builtin: str, *files: Path) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("check-jsonschema") or str(Path(sys.executable).parent
                                                         / "check-jsonschema")
    if not Path(executable).exists():
        pytest.skip("check-jsonschema is not installed")
    return subprocess.run(
        [executable, "--builtin-schema", builtin, *map(str, files)],
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_action_matches_the_github_actions_schema() -> None:
    result = check_jsonschema("vendor.github-actions", REPO / "action.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_match_the_github_workflows_schema() -> None:
    assert {path.name for path in WORKFLOWS} >= {"ci.yml", "schema-gate.yml"}
    result = check_jsonschema("vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_action_interface() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert set(action["inputs"]) == {
        "source", "against", "base", "mode", "fail-on", "policy", "python-version", "install",
        "version", "working-directory", "token",
    }
    assert set(action["outputs"]) == {"breaking", "warning", "safe", "verdict"}
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    # Problem 2: the check runs in the workflow's own Python unless a Python is asked for.
    assert action["inputs"]["python-version"]["default"] == ""
    for step in steps:
        if "uses" in step:
            assert step["if"] == "inputs.python-version != ''", step
    runs = [step for step in steps if "run" in step]
    assert [step["id"] for step in runs] == ["install", "check"]
    assert "schemadiff-install.sh" in runs[0]["run"]
    assert "schemadiff-gate.sh" in runs[1]["run"]
    for step in runs:
        # Inputs reach the scripts through the environment, never spliced into the shell text.
        assert "${{" not in step["run"]
        assert step["working-directory"] == "${{ inputs.working-directory }}"
    assert runs[1]["env"]["SCHEMADIFF_TOKEN"] == "${{ inputs.token }}"
    assert runs[1]["env"]["SCHEMADIFF_PYTHON"] == "${{ steps.install.outputs.python }}"
    for script in ("schemadiff-install.sh", "schemadiff-gate.sh"):
        assert (REPO / ".github" / "scripts" / script).is_file()


def test_schema_gate_workflow_uses_the_action_on_the_bundled_snapshots() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "schema-gate.yml").read_text(
        encoding="utf-8"))
    steps = workflow["jobs"]["gate"]["steps"]
    gate = next(step for step in steps if step.get("uses") == "./")
    assert gate["with"] == {"source": "snapshots/0.2.0.json", "against": "snapshots/0.1.0.json"}
    # The action uses the workflow's Python: the job sets one up before it.
    uses = [step.get("uses", "") for step in steps]
    assert uses.index("./") > next(index for index, name in enumerate(uses)
                                   if name.startswith("actions/setup-python@"))


def test_ci_workflow_tests_three_pythons() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "ci.yml").read_text(
        encoding="utf-8"))
    matrix = workflow["jobs"]["test"]["strategy"]["matrix"]["python-version"]
    assert matrix == ["3.11", "3.12", "3.13"]


def test_pre_commit_hooks() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    by_id = {hook["id"]: hook for hook in hooks}
    assert "schemadiff-check" in by_id
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook), hook
        assert hook["entry"].startswith("schemadiff check")
        assert "--offline" in hook["entry"]  # a commit hook never reaches the network
        assert hook["pass_filenames"] is False
    assert by_id["schemadiff-check"]["language"] == "python"


def documented_workflows() -> list[tuple[str, str]]:
    """The workflow YAML blocks of the README's "Use in CI" and docs/ci.md's copy-paste one."""
    found = []
    for name, heading in (("README.md", "## Use in CI"), ("docs/ci.md", "## Copy-paste workflow")):
        text = (REPO / name).read_text(encoding="utf-8")
        section = text[text.index(heading):]
        block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
        found.append((name, block))
    return found


@pytest.mark.parametrize(("name", "block"), documented_workflows(), ids=["README", "ci.md"])
def test_the_documented_workflow_is_valid_and_runs_in_the_apps_python(
    name: str, block: str, tmp_path: Path
) -> None:
    """Problem 2: the README's workflow as written installs the app into the Python the action
    then uses, and fetches the history the merge-base baseline needs."""
    workflow = tmp_path / "schema.yml"
    workflow.write_text(block, encoding="utf-8")
    result = check_jsonschema("vendor.github-workflows", workflow)
    assert result.returncode == 0, result.stdout + result.stderr
    steps = yaml.safe_load(block)["jobs"]["schemadiff"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert steps[0]["with"]["fetch-depth"] == 0
    setup = next(i for i, u in enumerate(uses) if u.startswith("actions/setup-python@"))
    install = next(i for i, step in enumerate(steps) if "pip install -e ." in step.get("run", ""))
    action = next(i for i, u in enumerate(uses) if u.startswith("OWNER/schemadiff@"))
    assert setup < install < action, name
    # No python-version input: the action must not set up a second interpreter.
    assert "python-version" not in steps[action].get("with", {})
    assert steps[action]["with"]["source"] == "myapp.main:app"
