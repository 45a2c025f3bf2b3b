"""The distribution: ``python -m build`` makes an sdist and a wheel named ``schemadiff-ws``, and the
wheel installed into a fresh venv runs ``schemadiff`` from outside the source tree.

Problem 1 of the gating issue: the package index's "schemadiff" is an unrelated project, so ours
is distributed under its own name while the command and the import package stay ``schemadiff``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from gate.venvs import make_venv

REPO = Path(__file__).resolve().parents[2]
DISTRIBUTION = "schemadiff-ws"
_NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "*.egg-info", "build", "dist", "__pycache__", ".*_cache", ".hypothesis",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist and the wheel, built from a copy of the source tree (the build writes into it)."""
    pytest.importorskip("build")
    base = tmp_path_factory.mktemp("packaging")
    source = base / "source"
    shutil.copytree(REPO, source, ignore=_NOT_SOURCE)
    # No build isolation: the test environment's setuptools builds, so no network is needed.
    completed = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(base / "dist"),
         str(source)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    files = {path.suffix: path for path in (base / "dist").iterdir()}
    return {"sdist": files[".gz"], "wheel": files[".whl"], "base": base}


def test_the_build_makes_an_sdist_and_a_wheel_named_schemadiff_ws(
    built: dict[str, Path]
) -> None:
    from schemadiff import __version__

    assert built["sdist"].name == f"schemadiff_ws-{__version__}.tar.gz"
    assert built["wheel"].name == f"schemadiff_ws-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(built["wheel"]) as wheel:
        names = set(wheel.namelist())
        info = f"schemadiff_ws-{__version__}.dist-info"
        metadata = wheel.read(f"{info}/METADATA").decode()
        entry_points = wheel.read(f"{info}/entry_points.txt").decode()
    assert f"Name: {DISTRIBUTION}\n" in metadata
    assert "schemadiff = schemadiff.cli:main" in entry_points
    assert {"schemadiff/py.typed", "schemadiff/gate/baseline.py"} <= names
    assert any(name.startswith("schemadiff/data/") and name.endswith(".json") for name in names)
    assert not any(name.startswith(("tests/", "bench/")) for name in names)


def test_the_wheel_installs_and_runs_outside_the_source_tree(
    built: dict[str, Path]
) -> None:
    base = built["base"]
    python = make_venv(base / "venv")
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index",
         "--disable-pip-version-check", "-q", str(built["wheel"])],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    outside = base / "elsewhere"
    outside.mkdir()
    for name in ("0.1.0.json", "0.2.0.json"):
        shutil.copy(REPO / "snapshots" / name, outside / name)
    command = base / "venv" / "bin" / "schemadiff"

    where = subprocess.run(
        [str(python), "-c", "import schemadiff; print(schemadiff.__file__)"], cwd=outside,
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout
    assert where.startswith(str(base / "venv")), where  # not the source tree, not the test env

    version = subprocess.run([str(command), "--version"], cwd=outside, capture_output=True,
                             text=True, timeout=60, check=False)
    from schemadiff import __version__

    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"schemadiff {__version__}"
    diff = subprocess.run(
        [str(command), "diff", "0.1.0.json", "0.2.0.json", "--format", "json"],
        cwd=outside, capture_output=True, text=True, timeout=60, check=False,
    )
    assert diff.returncode == 1, diff.stderr  # the bundled 0.2.0 breaks 0.1.0 clients
    report = json.loads(diff.stdout)
    assert report["new"]["version"] == "0.2.0"
    assert report["counts"]["breaking"] > 0
