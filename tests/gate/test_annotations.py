"""Annotations land on lines (problem 4 of the gating issue).

- a ``module:app`` source checked against ``git:...``: every annotation names the user's Python
  file and the line of the model or field that changed;
- run in a subdirectory: paths stay relative to the repository root (SARIF too);
- findings the version bump allows are warnings or notices, never errors.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from gate.helpers import git, write_json
from gate.shop import APP, write_shop

from schemadiff.diff.model import DiffReport, Finding, Level, Mode, SchemaInfo, Side
from schemadiff.gate.locations import Locator

ANNOTATION = re.compile(
    r"^::(error|warning|notice) (?:file=([^,]+),)?(?:line=(\d+),)?title=([^:]+)::"
)


def annotations(stdout: str) -> list[tuple[str, str | None, int | None, str]]:
    found = []
    for line in stdout.splitlines():
        match = ANNOTATION.match(line)
        if match and match.group(4) != "schemadiff check":
            number = int(match.group(3)) if match.group(3) else None
            found.append((match.group(1), match.group(2), number, match.group(4)))
    return found


@pytest.fixture
def server_repo(tmp_path: Path, run_cli: Any) -> Path:
    """A repository with the shop in ``server/`` and its 0.1.0 snapshot committed."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    server = repo / "server"
    server.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    write_shop(server)
    assert run_cli(f"schemadiff snapshot {APP}", cwd=server).exit_code == 0
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "shop 0.1.0")
    return repo


def line_of(repo: Path, file: str, number: int) -> str:
    return (repo / file).read_text(encoding="utf-8").splitlines()[number - 1]


def test_app_source_findings_land_on_the_models_lines(server_repo: Path, run_cli: Any) -> None:
    server = server_repo / "server"
    write_shop(server, change="breaking")
    models = server / "shop" / "models.py"
    # A field removed as well: it has no line any more, so its model's class line is used.
    models.write_text(models.read_text("utf-8").replace("    sent_at: str\n", ""), "utf-8")
    result = run_cli(
        f"schemadiff check {APP} --against git:HEAD:server/snapshots/0.1.0.json --format github",
        cwd=server,
    )
    assert result.exit_code == 1, result.stderr
    found = annotations(result.stdout)
    assert found, result.stdout
    for _, file, number, _ in found:
        assert file == "server/shop/models.py"
        assert number is not None
    by_rule = {rule: (kind, number) for kind, _, number, rule in found}
    kind, number = by_rule["type-changed"]
    assert kind == "error"
    assert line_of(server_repo, "server/shop/models.py", number) == "    quantity: str"
    removed = [number for _, _, number, rule in found
               if rule.startswith(("property-removed", "required-property-removed"))]
    assert removed
    assert line_of(server_repo, "server/shop/models.py", removed[0]) == \
        "class PingMessage(BaseModel):"


def test_snapshot_paths_are_relative_to_the_repository_root(
    server_repo: Path, run_cli: Any
) -> None:
    server = server_repo / "server"
    write_shop(server, version="0.2.0", change="breaking")
    assert run_cli(f"schemadiff snapshot {APP}", cwd=server).exit_code == 0
    command = "schemadiff check 0.2.0 --against 0.1.0"
    github = run_cli(command + " --format github", cwd=server)
    assert github.exit_code == 0, github.stderr
    found = annotations(github.stdout)
    assert found
    assert {file for _, file, _, _ in found} == {"server/snapshots/0.2.0.json"}
    assert [(rule, line_of(server_repo, str(file), number or 0).strip())
            for _, file, number, rule in found] == [("type-changed", '"type": "string"')]
    sarif = json.loads(run_cli(command + " --format sarif", cwd=server).stdout)
    results = sarif["runs"][0]["results"]
    assert results
    for result in results:
        artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": "server/snapshots/0.2.0.json", "uriBaseId": "%SRCROOT%"}
        # The minor bump in 0.x allows the breaking change: a warning, not an error.
        assert result["level"] != "error"
    # The breaking finding passed with the bump: a warning annotation, never an error.
    assert [kind for kind, _, _, rule in found if rule == "type-changed"] == ["warning"]
    assert not github.stdout.count("::error")


def test_a_passing_check_shows_no_error_annotation(
    run_cli_inproc: Any, tmp_path: Path, openapi_docs: dict[str, Any]
) -> None:
    write_json(tmp_path / "old.json", openapi_docs["0.1.0"])
    write_json(tmp_path / "new.json", openapi_docs["0.2.0"])
    result = run_cli_inproc("schemadiff check new.json --against old.json --format github",
                            cwd=tmp_path)
    assert result.exit_code == 0
    found = annotations(result.stdout)
    assert any(kind == "warning" for kind, *_ in found)
    assert not [line for line in result.stdout.splitlines() if line.startswith("::error")]
    # The same findings fail without the bump, and then they are errors.
    write_json(tmp_path / "new.json", {**openapi_docs["0.2.0"],
                                       "info": {**openapi_docs["0.2.0"]["info"],
                                                "version": "0.1.0"}})
    failed = run_cli_inproc("schemadiff check new.json --against old.json --format github",
                            cwd=tmp_path)
    assert failed.exit_code == 1
    assert any(kind == "error" for kind, *_ in annotations(failed.stdout))


def test_without_a_file_the_snapshot_update_would_write_is_named(tmp_path: Path) -> None:
    schema = {"$defs": {"A": {"properties": {"x": {"type": "string"}}, "type": "object"}},
              "$ref": "#/$defs/A"}
    text = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    info = SchemaInfo(label="git:HEAD:a.json", version="1.0.0", sha256="0" * 64)
    finding = Finding(rule="property-added", level=Level.SAFE, path="A.x",
                      pointer="/$defs/A/properties/x", side=Side.NEW, old=None, new="string",
                      message="A property was added.")
    missing = Finding(rule="property-removed", level=Level.BREAKING, path="A.y",
                      pointer="/$defs/A/properties/y", side=Side.NEW, old=None, new=None,
                      message="gone")
    report = DiffReport(Mode.FORWARD, info, info, (finding, missing))
    locator = Locator(report=report, old_schema=schema, new_schema=schema, root=tmp_path,
                      update_file=tmp_path / "snapshots" / "1.0.0.json", update_text=text)
    lines = text.splitlines()
    file, number = locator(finding) or ("", None)
    assert file == "snapshots/1.0.0.json"
    assert number is not None
    assert lines[number - 1].strip() == '"x": {'
    # A node the text does not have is placed on its nearest ancestor.
    file, number = locator(missing) or ("", None)
    assert number is not None
    assert lines[number - 1].strip() == '"properties": {'
