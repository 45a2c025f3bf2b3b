"""``schemadiff diff`` and ``schemadiff rules`` through the CLI: exit codes, outputs, policy."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

DATA = Path(__file__).resolve().parent / "data"
RunCli = Callable[..., Any]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project directory holding the two test snapshots under ``snapshots/``."""
    shutil.copytree(DATA / "snapshots", tmp_path / "snapshots")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\n', encoding="utf-8")
    return tmp_path


def needs_engine() -> None:
    pytest.importorskip("schemadiff.diff.engine", reason="the diff engine is not built yet")


def diff_json(run_cli_inproc: RunCli, project: Path, extra: str = "") -> tuple[int, Any, str]:
    result = run_cli_inproc(
        f"schemadiff diff snapshots/0.1.0.json snapshots/0.2.0.json --format json {extra}",
        cwd=project,
    )
    assert result.stdout, result.stderr
    return result.exit_code, json.loads(result.stdout), result.stderr


# ------------------------------------------------------------------ errors: exit 2, one line


CONFIG_ERRORS = [
    ('[tool.schemadiff]\nmode = "sideways"\n', "tool.schemadiff.mode: 'sideways' is not one of"),
    ('[tool.schemadiff.levels]\nno-such-rule = "safe"\n',
     "tool.schemadiff.levels.no-such-rule: unknown rule id 'no-such-rule'"),
    ('[[tool.schemadiff.approvals]]\nrule = "enum-value-added"\npath = "A"\nreason = "r"\n'
     'expires = "soon"\n', "tool.schemadiff.approvals[0].expires: must be a date YYYY-MM-DD"),
    ("[tool.schemadiff]\nfrobnicate = 1\n", "tool.schemadiff.frobnicate: unknown key"),
    ("[tool.schemadiff\n", "not valid TOML"),
]


@pytest.mark.parametrize(("text", "expected"), CONFIG_ERRORS)
def test_bad_pyproject_exits_2_with_one_line(
    run_cli_inproc: RunCli, project: Path, text: str, expected: str
) -> None:
    (project / "pyproject.toml").write_text(text, encoding="utf-8")
    result = run_cli_inproc("schemadiff diff snapshots/0.1.0.json snapshots/0.2.0.json",
                            cwd=project)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"schemadiff: error: {(project / 'pyproject.toml').resolve()}: ")
    assert expected in lines[0]


def test_bad_config_option_exits_2(run_cli_inproc: RunCli, project: Path) -> None:
    (project / "ci.toml").write_text('fail-on = "sometimes"\n', encoding="utf-8")
    result = run_cli_inproc(
        "schemadiff diff snapshots/0.1.0.json snapshots/0.2.0.json --config ci.toml", cwd=project
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "schemadiff: error: ci.toml: fail-on: 'sometimes' is not one of breaking, warning, "
        "safe, never\n"
    )
    missing = run_cli_inproc("schemadiff diff a b --config nope.toml", cwd=project)
    assert (missing.exit_code, missing.stderr) == (
        2, "schemadiff: error: nope.toml: no such file\n")


def test_bad_option_values_exit_2(run_cli_inproc: RunCli, project: Path) -> None:
    for option in ("--mode sideways", "--fail-on fatal", "--format yaml"):
        result = run_cli_inproc(f"schemadiff diff a b {option}", cwd=project)
        assert result.exit_code == 2, option
        assert "Invalid value" in result.stderr


def test_missing_source_exits_2(run_cli_inproc: RunCli, project: Path) -> None:
    result = run_cli_inproc("schemadiff diff snapshots/0.1.0.json missing.json", cwd=project)
    assert result.exit_code == 2
    assert result.stderr.startswith("schemadiff: error: ")
    assert "missing.json" in result.stderr
    assert len(result.stderr.splitlines()) == 1


# ------------------------------------------------------------------ diffs (need the engine)


def test_identical_schemas_pass(run_cli_inproc: RunCli, project: Path) -> None:
    needs_engine()
    result = run_cli_inproc("schemadiff diff snapshots/0.1.0.json snapshots/0.1.0.json",
                            cwd=project)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1] == "OK: no changes (forward mode)"


def test_breaking_change_exits_1_and_thresholds(run_cli_inproc: RunCli, project: Path) -> None:
    needs_engine()
    code, report, _ = diff_json(run_cli_inproc, project)
    assert report["counts"]["breaking"] >= 1
    assert (code, report["failed"], report["compatible"]) == (1, True, False)
    assert report["old"]["version"] == "0.1.0"
    assert report["new"]["version"] == "0.2.0"
    assert diff_json(run_cli_inproc, project, "--fail-on never")[0] == 0
    assert diff_json(run_cli_inproc, project, "--fail-on warning")[0] == 1
    text = run_cli_inproc("schemadiff diff snapshots/0.1.0.json snapshots/0.2.0.json",
                          cwd=project)
    assert text.exit_code == 1
    assert text.stdout.splitlines()[-1].startswith("FAIL: ")
    assert "\x1b[" not in text.stdout


def test_json_output_validates(run_cli_inproc: RunCli, project: Path) -> None:
    needs_engine()
    schema = json.loads(
        resources.files("schemadiff").joinpath("data/diff-report.schema.json").read_text("utf-8")
    )
    for mode in ("forward", "backward", "full"):
        _, report, _ = diff_json(run_cli_inproc, project, f"--mode {mode}")
        assert report["mode"] == mode
        Draft202012Validator(schema).validate(report)


def test_backward_mode_reverses_the_roles(run_cli_inproc: RunCli, project: Path) -> None:
    needs_engine()
    _, forward, _ = diff_json(run_cli_inproc, project)
    result = run_cli_inproc(
        "schemadiff diff snapshots/0.2.0.json snapshots/0.1.0.json --format json --mode backward",
        cwd=project,
    )
    backward = json.loads(result.stdout)
    # Backward is forward with the schemas swapped: the same verdict and the same levels. The
    # deprecation policy is the exception by design: it judges what was removed from OLD to NEW,
    # whichever way the messages travel, so its findings are left out of the comparison.
    assert _levels(backward) == _levels(forward)
    assert result.exit_code == (1 if forward["failed"] else 0)


def _levels(report: dict[str, Any]) -> Counter[str]:
    return Counter(
        f["level"] for f in report["findings"] if f["rule"] != "removed-without-deprecation"
    )


def test_approvals_in_pyproject_stop_the_failure(run_cli_inproc: RunCli, project: Path) -> None:
    needs_engine()
    _, report, _ = diff_json(run_cli_inproc, project)
    breaking = [f for f in report["findings"] if f["level"] == "breaking"]
    entries = "".join(
        f'[[tool.schemadiff.approvals]]\nrule = "{f["rule"]}"\npath = {json.dumps(f["path"])}\n'
        f'reason = "accepted for the test"\nexpires = 2999-12-31\n\n'
        for f in breaking
    )
    (project / "pyproject.toml").write_text(entries, encoding="utf-8")
    code, approved, stderr = diff_json(run_cli_inproc, project)
    assert (code, stderr) == (0, "")
    assert [f["approved"] for f in approved["findings"] if f["level"] == "breaking"] == [
        True] * len(breaking)
    assert all(f["approval"] == "accepted for the test" for f in approved["findings"]
               if f["approved"])
    assert approved["counts"] == report["counts"]  # Approved findings stay visible.

    # Once expired, the approvals no longer apply and say so.
    (project / "pyproject.toml").write_text(entries.replace("2999-12-31", "2001-01-01"),
                                            encoding="utf-8")
    code, expired, _ = diff_json(run_cli_inproc, project)
    assert code == 1
    assert not any(f["approved"] for f in expired["findings"])
    assert len(expired["notices"]) == len(breaking)
    assert all("expired on 2001-01-01" in notice for notice in expired["notices"])


def test_defaults_from_config_and_options_win(run_cli_inproc: RunCli, project: Path) -> None:
    needs_engine()
    (project / "pyproject.toml").write_text(
        '[tool.schemadiff]\nmode = "backward"\nfail-on = "never"\n', encoding="utf-8"
    )
    code, report, _ = diff_json(run_cli_inproc, project)
    assert (code, report["mode"], report["fail_on"]) == (0, "backward", "never")
    code, report, _ = diff_json(run_cli_inproc, project, "--mode forward --fail-on breaking")
    assert (code, report["mode"], report["fail_on"]) == (1, "forward", "breaking")


def test_level_override_in_config(run_cli_inproc: RunCli, project: Path) -> None:
    needs_engine()
    _, report, _ = diff_json(run_cli_inproc, project)
    rules = sorted({f["rule"] for f in report["findings"] if f["level"] == "breaking"})
    levels = "".join(f'{rule} = "safe"\n' for rule in rules)
    (project / "pyproject.toml").write_text(f"[tool.schemadiff.levels]\n{levels}",
                                            encoding="utf-8")
    code, relaxed, _ = diff_json(run_cli_inproc, project)
    assert code == 0
    assert relaxed["counts"]["breaking"] == 0


def test_output_file_is_written_and_stdout_stays_empty(
    run_cli_inproc: RunCli, project: Path
) -> None:
    needs_engine()
    target = project / "out" / "report.xml"
    target.parent.mkdir()
    target.write_text("stale", encoding="utf-8")
    result = run_cli_inproc(
        "schemadiff diff snapshots/0.1.0.json snapshots/0.2.0.json --format junit "
        f"--output {target}", cwd=project,
    )
    assert (result.exit_code, result.stdout) == (1, "")
    root = ET.fromstring(target.read_bytes())
    assert int(root.get("failures", "0")) >= 1
    assert [p.name for p in target.parent.iterdir()] == ["report.xml"]  # No temporary left.


def test_output_into_a_missing_directory_exits_2(run_cli_inproc: RunCli, project: Path) -> None:
    needs_engine()
    result = run_cli_inproc(
        "schemadiff diff snapshots/0.1.0.json snapshots/0.2.0.json --output no/such/dir/r.txt",
        cwd=project,
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("schemadiff: error: no/such/dir/r.txt: cannot write")


def test_github_format_points_into_the_snapshots(run_cli_inproc: RunCli, project: Path) -> None:
    needs_engine()
    result = run_cli_inproc(
        "schemadiff diff snapshots/0.1.0.json snapshots/0.2.0.json --format github", cwd=project
    )
    assert result.exit_code == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert annotations
    assert all(" file=snapshots/0." in line and ",line=" in line for line in annotations)


def test_every_format(run_cli_inproc: RunCli, project: Path) -> None:
    needs_engine()
    for fmt in ("text", "json", "markdown", "github", "junit", "sarif"):
        result = run_cli_inproc(
            f"schemadiff diff snapshots/0.1.0.json snapshots/0.2.0.json --format {fmt}",
            cwd=project,
        )
        assert (result.exit_code, result.stderr) == (1, ""), fmt
        assert result.stdout.endswith("\n")


def test_a_real_subprocess(run_cli: RunCli, project: Path) -> None:
    needs_engine()
    result = run_cli("schemadiff diff snapshots/0.1.0.json snapshots/0.2.0.json --format sarif",
                     cwd=project)
    assert (result.exit_code, result.stderr) == (1, "")
    assert json.loads(result.stdout)["runs"][0]["results"]


# ------------------------------------------------------------------ rules


def test_rules_catalog(run_cli_inproc: RunCli) -> None:
    from schemadiff.diff.rules import RULES

    result = run_cli_inproc("schemadiff rules --format json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)["rules"]
    assert [rule["id"] for rule in listed] == sorted(RULES)
    assert set(listed[0]) == {"id", "summary", "category", "forward", "backward", "why_forward",
                              "why_backward", "mirror"}
    text = run_cli_inproc("schemadiff rules")
    assert text.exit_code == 0
    for rule_id in RULES:
        assert rule_id in text.stdout
    assert all(len(line) <= 80 and line == line.rstrip() for line in text.stdout.splitlines())
