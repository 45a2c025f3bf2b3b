"""Fixtures of the gating tests: OpenAPI documents of the test app and throwaway git repositories.

Everything is real: documents come from the Sartiq test app's ``openapi()``, repositories are made
with the ``git`` on PATH, and the CLI runs in subprocesses (``run_cli``) or in-process where a
subprocess adds nothing (``run_cli_inproc``).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gate.helpers import git, write_json


@pytest.fixture(scope="session")
def openapi_docs() -> dict[str, dict[str, Any]]:
    """``{"0.1.0": ..., "0.2.0": ...}``: the test app's OpenAPI document of each release."""
    from sartiq.app import create_app

    return {version: create_app(version).openapi() for version in ("0.1.0", "0.2.0")}


GitRepo = Callable[..., Path]


@pytest.fixture
def git_repo(tmp_path: Path) -> GitRepo:
    """``git_repo(doc1, doc2, ..., name="openapi.json")``: a repository with one commit per doc.

    Each commit writes the document to ``name``; the working tree ends at the last commit.
    """
    if shutil.which("git") is None:
        pytest.skip("git is not installed")

    def make(*documents: dict[str, Any], name: str = "openapi.json") -> Path:
        repo = tmp_path / "repo"
        repo.mkdir()
        git(repo, "init", "-q", "-b", "main")
        for index, document in enumerate(documents):
            write_json(repo / name, document)
            git(repo, "add", name)
            git(repo, "commit", "-q", "-m", f"schema {index + 1}")
        return repo

    return make
