"""The GitHub Action end to end, executed the way a runner executes a composite action.

A temporary git repository plays the user's server repository: a bare ``origin`` whose ``main``
holds a small FastAPI app (package ``shop`` with its own pydantic models) and its committed
snapshot, and a clone on a pull-request branch that changes the models. The test reads
``action.yml`` and runs its steps in order as a runner does: each ``run`` step as a file with
``bash --noprofile --norc -eo pipefail``, in its ``working-directory`` below ``GITHUB_WORKSPACE``,
with its ``env`` and every ``${{ inputs.x }}`` / ``${{ steps.id.outputs.x }}`` expression
substituted (an expression this runner does not know fails the test), a fresh ``GITHUB_OUTPUT``
file per step, and ``GITHUB_ACTION_PATH``, ``GITHUB_WORKSPACE``, ``GITHUB_BASE_REF`` and
``GITHUB_STEP_SUMMARY`` set. A ``uses:`` step is skipped only when its ``if:`` is false (the
opt-in Python set-up); a later step is skipped once one fails. The action's outputs are then
evaluated from its ``outputs:`` block.

The workflow's Python is a virtual environment made once per module, its ``bin`` first on
``PATH`` as after ``actions/setup-python``; FastAPI and schemadiff's dependencies come from the
test environment (see ``gate.venvs``), and pip never reaches an index. The action's install
step installs schemadiff into it from a copy of this repository (the action's checkout).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from gate.helpers import GIT_ENV, git
from gate.shop import APP, Change, write_shop
from gate.venvs import make_venv

REPO = Path(__file__).resolve().parents[2]
_NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "*.egg-info", "build", "dist", "__pycache__", ".*_cache", ".hypothesis",
    "tests", "bench",
)
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_CONDITION = re.compile(r"^(inputs\.[\w-]+)\s*(==|!=)\s*''$")
_ANNOTATION = re.compile(r"^::(error|warning|notice) (?:file=([^,]+),)?(?:line=(\d+),)?"
                         r"title=([^:]+)::(.*)$")


@dataclass(frozen=True, slots=True)
class ActionRun:
    """What one run of the action left: its exit status, log, outputs and job summary."""

    status: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str
    steps_run: tuple[str, ...]


class Runner:
    """Runs ``action.yml`` from ``action_path`` as a GitHub runner runs a composite action."""

    def __init__(self, action_path: Path, python_bin: Path, scratch: Path) -> None:
        self.action_path = action_path
        self.action = yaml.safe_load((action_path / "action.yml").read_text(encoding="utf-8"))
        self.python_bin = python_bin
        self.scratch = scratch
        self.runs = 0

    def run(self, workspace: Path, inputs: Mapping[str, str], base_ref: str = "main") -> (
        ActionRun
    ):
        self.runs += 1
        files = self.scratch / f"run{self.runs}"
        files.mkdir()
        declared = self.action["inputs"]
        unknown = set(inputs) - set(declared)
        assert not unknown, f"the action has no inputs {unknown}"
        values = {name: str(spec.get("default", "")) for name, spec in declared.items()}
        values.update(inputs)
        summary = files / "summary.md"
        summary.write_text("", encoding="utf-8")
        steps: dict[str, dict[str, str]] = {}
        context = {"inputs": values, "steps": steps}
        environment = self._environment(workspace, base_ref, summary)
        stdout, stderr, ran = [], [], []
        status = 0
        for index, step in enumerate(self.action["runs"]["steps"]):
            name = step.get("name", f"step {index}")
            if status != 0:
                continue  # The default `if: success()`: nothing runs after a failed step.
            if "if" in step and not _condition(step["if"], context):
                continue
            assert "uses" not in step, (
                f"step {name!r} uses {step['uses']}, which this test cannot run; a `uses:` step "
                "must be opt-in and off by default"
            )
            assert step.get("shell") == "bash", f"step {name!r}: only bash steps are run here"
            output = files / f"output{index}"
            output.write_text("", encoding="utf-8")
            script = files / f"step{index}.sh"
            script.write_text(_substitute(step["run"], context), encoding="utf-8")
            env = {
                **environment,
                **{key: _substitute(str(value), context)
                   for key, value in step.get("env", {}).items()},
                "GITHUB_OUTPUT": str(output),
            }
            directory = workspace / _substitute(step.get("working-directory", "."), context)
            completed = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=directory, env=env, capture_output=True, text=True, timeout=300,
                check=False,
            )
            stdout.append(completed.stdout)
            stderr.append(completed.stderr)
            ran.append(name)
            if "id" in step:
                steps[step["id"]] = _read_outputs(output.read_text(encoding="utf-8"))
            status = completed.returncode
        outputs = {
            name: _substitute(str(spec["value"]), context)
            for name, spec in self.action.get("outputs", {}).items()
        }
        return ActionRun(status, "".join(stdout), "".join(stderr), outputs,
                         summary.read_text(encoding="utf-8"), tuple(ran))

    def _environment(self, workspace: Path, base_ref: str, summary: Path) -> dict[str, str]:
        keep = {key: value for key, value in os.environ.items()
                if not key.startswith(("GITHUB_", "INPUT_", "PIP_", "SCHEMADIFF", "VIRTUAL_ENV"))}
        return {
            **keep,
            **GIT_ENV,
            # The workflow set up this Python before the action, as actions/setup-python does.
            "PATH": f"{self.python_bin}{os.pathsep}{keep.get('PATH', '')}",
            "GITHUB_ACTIONS": "true",
            "GITHUB_ACTION_PATH": str(self.action_path),
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_BASE_REF": base_ref,
            "GITHUB_STEP_SUMMARY": str(summary),
            # pip as the test machine allows: no index, and the environment's own setuptools.
            "PIP_NO_INDEX": "1",
            "PIP_NO_BUILD_ISOLATION": "0",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        }


def _value(expression: str, context: Mapping[str, Any]) -> str:
    parts = expression.split(".")
    if len(parts) == 2 and parts[0] == "inputs":
        inputs = context["inputs"]
        assert parts[1] in inputs, f"unknown input in ${{{{ {expression} }}}}"
        return str(inputs[parts[1]])
    if len(parts) == 4 and parts[0] == "steps" and parts[2] == "outputs":
        # An output of a step that did not run, or did not set it, is the empty string.
        return context["steps"].get(parts[1], {}).get(parts[3], "")
    raise AssertionError(f"this runner does not evaluate ${{{{ {expression} }}}}")


def _substitute(text: str, context: Mapping[str, Any]) -> str:
    return _EXPRESSION.sub(lambda match: _value(match.group(1), context), text)


def _condition(condition: str, context: Mapping[str, Any]) -> bool:
    match = _CONDITION.match(condition.strip().removeprefix("${{").removesuffix("}}").strip())
    assert match, f"this runner does not evaluate `if: {condition}`"
    empty = _value(match.group(1), context) == ""
    return empty if match.group(2) == "==" else not empty


def _read_outputs(text: str) -> dict[str, str]:
    """Parse a GITHUB_OUTPUT file: ``name=value`` lines and ``name<<DELIMITER`` blocks."""
    values: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block = []
            for inner in lines:
                if inner == delimiter:
                    break
                block.append(inner)
            values[name] = "\n".join(block)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
    return values


@dataclass(frozen=True, slots=True)
class Annotation:
    kind: str
    file: str | None
    line: int | None
    title: str
    message: str


def annotations(stdout: str) -> list[Annotation]:
    found = []
    for line in stdout.splitlines():
        match = _ANNOTATION.match(line)
        if match:
            number = int(match.group(3)) if match.group(3) else None
            found.append(Annotation(match.group(1), match.group(2), number, match.group(4),
                                    match.group(5)))
    return found


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    for tool in ("git", "bash"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    base = tmp_path_factory.mktemp("action")
    action_path = base / "action"
    # The action's checkout: its files, without the tests and the local environment.
    shutil.copytree(REPO, action_path, ignore=_NOT_SOURCE)
    python = make_venv(base / "venv")
    return Runner(action_path, python.parent, base)


@pytest.fixture(scope="module")
def origins(tmp_path_factory: pytest.TempPathFactory, runner: Runner) -> dict[str, Path]:
    """Bare origins whose ``main`` holds the shop at 0.1.0 and its snapshot: at the repository
    root, and in ``server/``."""
    base = tmp_path_factory.mktemp("origins")
    made = {}
    for layout in (".", "server"):
        work = base / f"seed-{layout.strip('.') or 'root'}"
        project = work / layout
        project.mkdir(parents=True)
        git(work, "init", "-q", "-b", "main")
        write_shop(project)
        snapshot = subprocess.run(
            [sys.executable, "-m", "schemadiff", "snapshot", APP], cwd=project,
            capture_output=True, text=True, timeout=120, check=False,
        )
        assert snapshot.returncode == 0, snapshot.stderr
        git(work, "add", ".")
        git(work, "commit", "-q", "-m", "shop 0.1.0 and its snapshot")
        origin = base / f"origin-{layout.strip('.') or 'root'}.git"
        git(base, "clone", "-q", "--bare", str(work), str(origin))
        made[layout] = origin
    return made


def pull_request(origin: Path, workspace: Path, *, layout: str = ".", version: str = "0.1.0",
                 change: Change = "none", own_snapshot: bool = False) -> Path:
    """A clone of ``origin`` (as actions/checkout with fetch-depth 0) on a pull-request branch
    with the change committed."""
    git(workspace.parent, "clone", "-q", str(origin), str(workspace))
    git(workspace, "checkout", "-q", "-b", "pull-request")
    project = workspace / layout
    write_shop(project, version=version, change=change)
    if own_snapshot:
        recorded = subprocess.run(
            [sys.executable, "-m", "schemadiff", "snapshot", APP], cwd=project,
            capture_output=True, text=True, timeout=120, check=False,
        )
        assert recorded.returncode == 0, recorded.stderr
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "--allow-empty", "-m", "the pull request")
    return workspace


def assert_placed(workspace: Path, found: list[Annotation]) -> None:
    """Every finding's annotation names a file that exists, and its line holds what it names."""
    for annotation in found:
        if annotation.title == "schemadiff check":
            continue
        assert annotation.file is not None, annotation
        assert annotation.line is not None, annotation
        path = workspace / annotation.file
        assert path.is_file(), annotation
        text = path.read_text(encoding="utf-8").splitlines()[annotation.line - 1]
        # "[breaking] OrderMessage.order.quantity: ..." names the field last.
        field = annotation.message.split("]", 1)[1].split(":", 1)[0].strip().rsplit(".", 1)[-1]
        assert re.search(rf"\b{re.escape(field)}\b", text) or text.startswith("class "), (
            annotation, text)


def outputs_of(run: ActionRun) -> dict[str, str]:
    return {name: run.outputs[name] for name in ("verdict", "breaking", "warning", "safe")}


# --------------------------------------------------------------------------------- cases


def test_no_change_passes(runner: Runner, origins: dict[str, Path], tmp_path: Path) -> None:
    workspace = pull_request(origins["."], tmp_path / "ws")
    run = runner.run(workspace, {})
    assert run.status == 0, run.stdout + run.stderr
    assert run.steps_run == ("Install schemadiff", "Check the schema")
    assert outputs_of(run) == {"verdict": "pass", "breaking": "0", "warning": "0", "safe": "0"}
    assert run.summary.startswith("## ✅ schemadiff check: pass\n")
    assert "The schema did not change." in run.summary
    assert "Baseline: git:" in run.summary
    assert [a.title for a in annotations(run.stdout)] == ["schemadiff check"]


def test_an_additive_change_passes_with_notices(
    runner: Runner, origins: dict[str, Path], tmp_path: Path
) -> None:
    workspace = pull_request(origins["."], tmp_path / "ws", version="0.1.1", change="additive")
    run = runner.run(workspace, {"source": APP})
    assert run.status == 0, run.stdout + run.stderr
    assert outputs_of(run)["verdict"] == "pass"
    assert outputs_of(run)["breaking"] == "0"
    found = [a for a in annotations(run.stdout) if a.title != "schemadiff check"]
    assert found
    assert {a.kind for a in found} == {"notice"}
    assert any(a.file == "shop/models.py" and "gift_wrap" in a.message for a in found)
    assert_placed(workspace, found)
    assert run.summary.startswith("## ✅ schemadiff check: pass\n")


def test_a_breaking_change_without_the_bump_fails_on_the_models_line(
    runner: Runner, origins: dict[str, Path], tmp_path: Path
) -> None:
    workspace = pull_request(origins["."], tmp_path / "ws", change="breaking")
    run = runner.run(workspace, {"source": APP})
    assert run.status == 1, run.stdout + run.stderr
    assert outputs_of(run) == {"verdict": "fail", "breaking": "1", "warning": "0", "safe": "0"}
    found = annotations(run.stdout)
    errors = [a for a in found if a.kind == "error" and a.title != "schemadiff check"]
    assert [(a.file, a.title) for a in errors] == [("shop/models.py", "type-changed")]
    models = (workspace / "shop" / "models.py").read_text(encoding="utf-8").splitlines()
    assert errors[0].line is not None
    assert models[errors[0].line - 1] == "    quantity: str"
    assert_placed(workspace, found)
    assert found[-1].kind == "error"
    assert found[-1].title == "schemadiff check"
    assert run.summary.startswith("## ❌ schemadiff check: fail\n")
    assert "quantity" in run.summary


def test_a_breaking_change_with_the_bump_passes(
    runner: Runner, origins: dict[str, Path], tmp_path: Path
) -> None:
    workspace = pull_request(origins["."], tmp_path / "ws", version="0.2.0", change="breaking")
    run = runner.run(workspace, {"source": APP})
    assert run.status == 0, run.stdout + run.stderr
    assert outputs_of(run) == {"verdict": "pass", "breaking": "1", "warning": "0", "safe": "0"}
    found = annotations(run.stdout)
    # Allowed by the bump: a warning on the field, and no error anywhere.
    assert [a.kind for a in found if a.title == "type-changed"] == ["warning"]
    assert not [a for a in found if a.kind == "error"]
    assert_placed(workspace, found)
    assert "allowed by the minor version bump 0.1.0 -&gt; 0.2.0" in run.summary
    assert "--fail-on never" not in run.stdout + run.summary


def test_a_pull_request_that_adds_its_own_snapshot_fails(
    runner: Runner, origins: dict[str, Path], tmp_path: Path
) -> None:
    workspace = pull_request(origins["."], tmp_path / "ws", version="0.1.1", change="breaking",
                             own_snapshot=True)
    assert (workspace / "snapshots" / "0.1.1.json").is_file()
    run = runner.run(workspace, {})
    assert run.status == 1, run.stdout + run.stderr
    assert outputs_of(run)["verdict"] == "fail"
    assert ":snapshots/0.1.0.json, the newest snapshot at" in run.summary
    assert_placed(workspace, annotations(run.stdout))


def test_working_directory_keeps_paths_relative_to_the_repository_root(
    runner: Runner, origins: dict[str, Path], tmp_path: Path
) -> None:
    workspace = pull_request(origins["server"], tmp_path / "ws", layout="server",
                             change="breaking")
    # The app is installed by the action itself here (the `install` input).
    run = runner.run(workspace, {"working-directory": "server", "install": "-e ."})
    assert run.status == 1, run.stdout + run.stderr
    assert outputs_of(run)["verdict"] == "fail"
    found = [a for a in annotations(run.stdout) if a.title != "schemadiff check"]
    assert [(a.kind, a.file) for a in found] == [("error", "server/shop/models.py")]
    assert_placed(workspace, found)
    assert ":server/snapshots/0.1.0.json" in run.summary
    assert "Successfully installed shop" in run.stdout + run.stderr
