"""A store of four releases of a small chat server, snapshotted from its FastAPI apps once."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
RELEASES = ("1.0.0", "1.1.0", "1.2.0", "2.0.0")


@pytest.fixture(scope="session")
def release_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder with ``chat_releases.py`` and ``store/`` holding the four snapshots,
    each written by ``schemadiff snapshot chat_releases:app_X_Y_Z`` (the app route)."""
    from schemadiff.cli import run

    project = tmp_path_factory.mktemp("releases")
    shutil.copy(HERE / "releases.py", project / "chat_releases.py")
    for release in RELEASES:
        attribute = "app_" + release.replace(".", "_")
        code = _in(project, run, ["snapshot", f"chat_releases:{attribute}", "--out", "store"])
        assert code == 0, release
    return project


def _in(directory: Path, function: Any, argv: list[str]) -> Any:
    import contextlib
    import io
    import os

    before = Path.cwd()
    os.chdir(directory)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return function(argv)
    finally:
        os.chdir(before)


@pytest.fixture
def project(release_store: Path, tmp_path: Path) -> Path:
    """A private copy of the release store's project, for tests that write into it."""
    copy = tmp_path / "project"
    shutil.copytree(release_store, copy)
    return copy
