"""The ``git:REF:PATH`` and ``package.module:app`` sources: what they read and how they fail.

Every failure is exit 2 with exactly one line on stderr and no traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from gate.helpers import git, write_json

from schemadiff.errors import SourceError
from schemadiff.sources.app import load_app_openapi
from schemadiff.sources.dispatch import is_app_spec
from schemadiff.sources.git import read_git


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


# --- git -------------------------------------------------------------------------------------


def test_read_git_returns_the_committed_bytes(git_repo: Any, openapi_docs: dict[str, Any]) -> None:
    repo = git_repo(openapi_docs["0.1.0"], openapi_docs["0.2.0"])
    older = read_git("git:HEAD~1:openapi.json", repo)
    assert json.loads(older)["info"]["version"] == "0.1.0"
    assert read_git("git:main:openapi.json", repo) == (repo / "openapi.json").read_bytes()
    # A path relative to the working directory, as git spells it, from a subdirectory.
    (repo / "sub").mkdir()
    committed = (repo / "openapi.json").read_bytes()
    assert read_git("git:HEAD:../openapi.json", repo / "sub") == committed


def test_git_source_not_a_repository(run_cli_inproc: Any, tmp_path: Path) -> None:
    result = run_cli_inproc(
        "schemadiff check git:HEAD:openapi.json --against git:HEAD~1:openapi.json",
        cwd=tmp_path, env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)},
    )
    assert result.exit_code == 2
    assert one_error_line(result.stderr) == (
        f"schemadiff: error: git:HEAD:openapi.json: {tmp_path.resolve()} is not inside a git "
        "repository"
    )


def test_git_source_unknown_revision(
    run_cli_inproc: Any, git_repo: Any, openapi_docs: dict[str, Any]
) -> None:
    repo = git_repo(openapi_docs["0.1.0"])
    result = run_cli_inproc("schemadiff check openapi.json --against git:v9.9.9:openapi.json",
                            cwd=repo)
    assert result.exit_code == 2
    assert one_error_line(result.stderr) == (
        f"schemadiff: error: git:v9.9.9:openapi.json: unknown git revision 'v9.9.9' in "
        f"{repo.resolve()}"
    )
    # HEAD~1 of a repository with one commit does not exist either.
    result = run_cli_inproc("schemadiff check openapi.json --against git:HEAD~1:openapi.json",
                            cwd=repo)
    assert result.exit_code == 2
    assert "unknown git revision 'HEAD~1'" in one_error_line(result.stderr)


def test_git_source_remote_branch_hints_at_fetching(
    run_cli_inproc: Any, git_repo: Any, openapi_docs: dict[str, Any]
) -> None:
    repo = git_repo(openapi_docs["0.1.0"])
    result = run_cli_inproc(
        "schemadiff check openapi.json --against git:origin/main:openapi.json", cwd=repo
    )
    assert result.exit_code == 2
    assert one_error_line(result.stderr).endswith(
        "(in a shallow CI checkout, fetch it first, e.g. 'git fetch origin main', or check out "
        "with fetch-depth: 0)"
    )


def test_git_source_missing_path(
    run_cli_inproc: Any, git_repo: Any, openapi_docs: dict[str, Any]
) -> None:
    repo = git_repo(openapi_docs["0.1.0"])
    result = run_cli_inproc(
        "schemadiff check openapi.json --against git:HEAD:snapshots/0.1.0.json", cwd=repo
    )
    assert result.exit_code == 2
    assert one_error_line(result.stderr) == (
        "schemadiff: error: git:HEAD:snapshots/0.1.0.json: 'snapshots/0.1.0.json' does not "
        "exist at revision 'HEAD'"
    )


def test_git_source_directory_is_not_a_file(git_repo: Any, openapi_docs: dict[str, Any]) -> None:
    repo = git_repo(openapi_docs["0.1.0"], name="api/openapi.json")
    with pytest.raises(SourceError, match=r"^git:HEAD:api: 'api' is a tree, not a file, at "
                                          r"revision 'HEAD'$"):
        read_git("git:HEAD:api", repo)


@pytest.mark.parametrize("spec", ["git:HEAD", "git::openapi.json", "git:HEAD:"])
def test_git_spec_must_have_ref_and_path(spec: str, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"expected git:REF:PATH, e.g. git:origin/main:"):
        read_git(spec, tmp_path)


def test_git_not_installed(run_cli_inproc: Any, tmp_path: Path) -> None:
    # A PATH without git: the loader's subprocess cannot find it.
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    result = run_cli_inproc("schemadiff check git:HEAD:a.json --against git:HEAD~1:a.json",
                            cwd=tmp_path, env={"PATH": str(empty)})
    assert result.exit_code == 2
    assert one_error_line(result.stderr) == (
        "schemadiff: error: git:HEAD:a.json: git is not installed (no 'git' on PATH)"
    )


def test_git_source_in_a_subdirectory_uses_repository_paths(
    run_cli_inproc: Any, git_repo: Any, openapi_docs: dict[str, Any]
) -> None:
    repo = git_repo(openapi_docs["0.1.0"])
    write_json(repo / "service" / "openapi.json", openapi_docs["0.1.0"])
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "move")
    result = run_cli_inproc(
        "schemadiff check openapi.json --against git:HEAD:service/openapi.json --format json",
        cwd=repo / "service",
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["check"]["schema_changed"] is False


# --- app import ------------------------------------------------------------------------------

APP_MODULE = '''
import sys
from fastapi import FastAPI
from pydantic import BaseModel

print("importing the app")  # must not end up in the report on stdout


class Ping(BaseModel):
    type: str
    sequence: int


class WebSocketMessage(BaseModel):
    data: Ping


app = FastAPI(title="tiny", version="{version}")


@app.get("/schema", response_model=WebSocketMessage)
def schema() -> dict:
    return {{}}


def create_app():
    return app


not_an_app = 42
'''


def write_app(directory: Path, module: str, version: str = "1.0.0") -> None:
    (directory / f"{module}.py").write_text(APP_MODULE.format(version=version), encoding="utf-8")


def test_load_app_openapi_from_instance_and_factory(tmp_path: Path) -> None:
    write_app(tmp_path, "tiny_app_direct")
    document = load_app_openapi("tiny_app_direct:app", tmp_path)
    assert document["info"] == {"title": "tiny", "version": "1.0.0"}
    assert "WebSocketMessage" in document["components"]["schemas"]
    assert load_app_openapi("tiny_app_direct:create_app", tmp_path) == document
    assert str(tmp_path.resolve()) not in sys.path  # the import path is restored


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("tiny_app_err:missing", "tiny_app_err:missing: module 'tiny_app_err' has no attribute "
                                 "'missing'"),
        ("tiny_app_err:not_an_app", "tiny_app_err:not_an_app: int is not a FastAPI application "
                                    "(no openapi() method), a factory returning one, a pydantic "
                                    "model, a TypeAdapter or a union of models"),
        ("tiny_app_err:FastAPI", "tiny_app_err:FastAPI: FastAPI is a class but not a pydantic "
                                 "model; name an application, an app factory, a pydantic model, "
                                 "a TypeAdapter or a union of models"),
        ("no_such_module_xyz:app", "no_such_module_xyz:app: cannot import module "
                                   "'no_such_module_xyz': ModuleNotFoundError: No module named "
                                   "'no_such_module_xyz'"),
        ("tiny_app_broken:app", "tiny_app_broken:app: cannot import module 'tiny_app_broken': "
                                "ZeroDivisionError: division by zero"),
    ],
)
def test_app_source_errors(spec: str, expected: str, tmp_path: Path) -> None:
    write_app(tmp_path, "tiny_app_err")
    (tmp_path / "tiny_app_broken.py").write_text("x = 1 / 0\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_app_openapi(spec, tmp_path)
    assert str(caught.value) == expected


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("myapp.main:app", True),
        ("myapp:create_app", True),
        ("pkg.mod:obj.attr", True),
        ("git:HEAD:openapi.json", False),
        ("https://example.com/openapi.json", False),
        ("snapshots/0.1.0.json", False),
        ("0.1.0", False),
        ("app:schema.json", False),  # A file name with a colon, not an attribute.
    ],
)
def test_is_app_spec(spec: str, expected: bool) -> None:
    assert is_app_spec(spec) is expected


def test_check_app_import_through_the_cli(
    run_cli: Any, tmp_path: Path, openapi_docs: dict[str, Any]
) -> None:
    """The import path as SOURCE, in a real subprocess: the app's prints go to stderr."""
    write_app(tmp_path, "tiny_app_cli", version="1.0.0")
    result = run_cli("schemadiff check tiny_app_cli:app --against tiny_app_cli:create_app "
                     "--format json", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    check = json.loads(result.stdout)["check"]
    assert check["verdict"] == "pass"
    assert check["schema_changed"] is False
    assert "importing the app" in result.stderr


def test_check_app_import_error_is_one_line(run_cli_inproc: Any, tmp_path: Path) -> None:
    (tmp_path / "tiny_app_fails.py").write_text("raise RuntimeError('no database URL set')\n",
                                                encoding="utf-8")
    result = run_cli_inproc("schemadiff check tiny_app_fails:app --against base.json",
                            cwd=tmp_path)
    assert result.exit_code == 2
    assert one_error_line(result.stderr) == (
        "schemadiff: error: tiny_app_fails:app: cannot import module 'tiny_app_fails': "
        "RuntimeError: no database URL set"
    )
