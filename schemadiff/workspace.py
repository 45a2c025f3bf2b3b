"""The repository root that CI annotations name files relative to, whatever the working directory.

GitHub places an annotation (``::error file=...``) or a SARIF result only when its path is
relative to the repository root; a check run in ``server/`` must still say
``server/snapshots/0.1.0.json``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

WORKSPACE_VARIABLE = "GITHUB_WORKSPACE"
"""Set by GitHub Actions to the checkout of the repository."""


def workspace_root(cwd: Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """``GITHUB_WORKSPACE`` on a runner, else the nearest directory above ``cwd`` holding ``.git``,
    else ``cwd`` itself."""
    environ = os.environ if environ is None else environ
    here = (cwd or Path.cwd()).resolve()
    workspace = environ.get(WORKSPACE_VARIABLE, "")
    if workspace and Path(workspace).is_dir():
        return Path(workspace).resolve()
    for directory in (here, *here.parents):
        if (directory / ".git").exists():
            return directory
    return here


def repository_path(path: str | os.PathLike[str], root: Path) -> str | None:
    """``path`` relative to ``root`` with ``/`` (a relative ``path`` is taken from the working
    directory); ``None`` when it lies outside ``root``."""
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return None
