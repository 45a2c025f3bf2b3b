"""The GitHub Action's step script, run locally as the runner would run it.

``GITHUB_OUTPUT`` and ``GITHUB_STEP_SUMMARY`` point at temporary files; the script runs the real
CLI (``python -m schemadiff``) in a subprocess and both files are checked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from gate.helpers import with_version, write_json

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / ".github" / "scripts" / "schemadiff-gate.sh"


def run_step(cwd: Path, tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str],
                                                                  str, str]:
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    output = tmp_path / "github_output"
    summary = tmp_path / "step_summary"
    output.write_text("", encoding="utf-8")
    summary.write_text("", encoding="utf-8")
    env = {
        **os.environ,
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "SCHEMADIFF": f"{sys.executable} -m schemadiff",
        "PYTHON": sys.executable,
        "NO_COLOR": "1",
    }
    env.pop("SCHEMADIFF_TOKEN", None)
    for name in ("GITHUB_BASE_REF", "GITHUB_WORKSPACE"):
        env.pop(name, None)
    env.update(inputs)
    completed = subprocess.run(
        ["bash", str(SCRIPT)], cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
        check=False,
    )
    return completed, output.read_text(encoding="utf-8"), summary.read_text(encoding="utf-8")


def outputs(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines())


def test_step_script_failing_check(tmp_path: Path, openapi_docs: dict[str, Any]) -> None:
    work = tmp_path / "work"
    write_json(work / "old.json", openapi_docs["0.1.0"])
    write_json(work / "new.json", with_version(openapi_docs["0.2.0"], "0.1.0"))
    completed, output, summary = run_step(
        work, tmp_path, INPUT_SOURCE="new.json", INPUT_AGAINST="old.json",
        SCHEMADIFF_TOKEN="s3cr3t-token-value",
    )
    assert completed.returncode == 1, completed.stderr
    values = outputs(output)
    assert set(values) == {"verdict", "breaking", "warning", "safe", "info"}
    assert values["verdict"] == "fail"
    assert int(values["breaking"]) > 0
    assert all(values[level].isdigit() for level in ("breaking", "warning", "safe", "info"))

    # The token is masked first and appears nowhere else.
    lines = completed.stdout.splitlines()
    assert lines[0] == "::add-mask::s3cr3t-token-value"
    rest = "\n".join(lines[1:]) + completed.stderr + output + summary
    assert "s3cr3t-token-value" not in rest
    # Annotations: one workflow command per finding plus the verdict.
    assert any(line.startswith("::error ") for line in lines[1:])
    assert lines[-1].startswith("::error title=schemadiff check::")
    # The summary is the markdown report.
    assert summary.startswith("## ❌ schemadiff check: fail\n")
    assert "breaking" in summary


def test_step_script_passing_check_appends_to_the_summary(
    tmp_path: Path, openapi_docs: dict[str, Any]
) -> None:
    work = tmp_path / "work"
    write_json(work / "old.json", openapi_docs["0.1.0"])
    write_json(work / "new.json", openapi_docs["0.2.0"])
    (tmp_path / "step_summary").write_text("earlier step\n", encoding="utf-8")
    completed, output, summary = run_step(
        work, tmp_path, INPUT_SOURCE="new.json", INPUT_AGAINST="old.json", INPUT_MODE="forward",
        INPUT_POLICY="semver", INPUT_FAIL_ON="breaking",
    )
    assert completed.returncode == 0, completed.stderr
    assert outputs(output)["verdict"] == "pass"
    assert summary.startswith("## ✅ schemadiff check: pass\n")  # run_step starts it empty
    assert completed.stdout.splitlines()[-1].startswith("::notice title=schemadiff check::")
    assert "::add-mask::" not in completed.stdout


def test_step_script_error(tmp_path: Path) -> None:
    completed, output, summary = run_step(
        tmp_path, tmp_path, INPUT_SOURCE="missing.json", INPUT_AGAINST="also-missing.json",
    )
    assert completed.returncode == 2
    assert outputs(output) == {
        "verdict": "error", "breaking": "0", "warning": "0", "safe": "0", "info": "0",
    }
    assert completed.stdout == (
        "::error title=schemadiff check::schemadiff: error: missing.json: no such file\n"
    )
    assert summary.startswith("## ❌ schemadiff check: error\n")
    assert "schemadiff: error: missing.json: no such file" in summary
