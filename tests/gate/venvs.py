"""Fresh virtual environments for the packaging and action tests, made without the network.

A new venv sees neither this test environment's packages nor (with ``--system-site-packages``)
anything but the base interpreter's, because the tests themselves run in a venv. So the new one
gets a ``.pth`` file listing this environment's site-packages directories: the dependencies
(typer, FastAPI, pip itself) import from there, while anything installed into the new venv comes
first on ``sys.path``. Plain path lines only: this environment's own ``.pth`` files (the editable
install of schemadiff among them) are not run, so schemadiff is absent until a test installs it.
"""

from __future__ import annotations

import site
import subprocess
import sys
import sysconfig
from pathlib import Path


def make_venv(directory: Path) -> Path:
    """Create a venv in ``directory``; return its ``python``."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(directory)], check=True,
                   capture_output=True, timeout=120)
    python = directory / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True, timeout=60,
    ).stdout.strip()
    ours = [*site.getsitepackages(), sysconfig.get_paths()["purelib"]]
    lines = dict.fromkeys(path for path in ours if Path(path).is_dir())
    (Path(purelib) / "_test_environment.pth").write_text("\n".join(lines) + "\n",
                                                         encoding="utf-8")
    return python
