"""Read a file as it was at a git revision: the ``git:REF:PATH`` source.

``git:origin/main:snapshots/0.1.0.json`` or ``git:HEAD~1:openapi.json`` names the bytes of PATH in
the commit REF resolves to, read with ``git show`` in a subprocess (no shell). PATH is relative to
the repository's top directory, as in ``git show``; a leading ``./`` makes it relative to the
working directory instead. Each way this can fail (git missing, not a repository, unknown ref, no
such file at that ref) gets its own one-line :class:`SourceError`, because in CI the fix differs:
install git, check out the repository, fetch the ref, or correct the path.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from schemadiff.errors import SourceError
from schemadiff.sources.files import too_large
from schemadiff.sources.options import DEFAULT_MAX_BYTES

PREFIX = "git:"

_TIMEOUT_SECONDS = 60.0
"""A local ``git`` call that takes longer than this is stuck (a lock, a credential prompt)."""


@dataclass(frozen=True, slots=True)
class GitSpec:
    """A parsed ``git:REF:PATH`` source."""

    ref: str
    path: str

    @property
    def text(self) -> str:
        return f"{PREFIX}{self.ref}:{self.path}"


def is_git_spec(spec: str) -> bool:
    """Return True when ``spec`` asks for a file at a git revision (starts with ``git:``)."""
    return spec.startswith(PREFIX)


def parse_git_spec(spec: str) -> GitSpec:
    """Split ``git:REF:PATH``; REF cannot contain ``:`` (git forbids it in ref names)."""
    if not is_git_spec(spec):
        raise SourceError(f"{spec}: not a git source; expected git:REF:PATH")
    ref, separator, path = spec[len(PREFIX):].partition(":")
    if not separator or not ref or not path:
        raise SourceError(
            f"{spec}: expected git:REF:PATH, e.g. git:origin/main:snapshots/0.1.0.json"
        )
    return GitSpec(ref=ref, path=path)


def read_git(spec: str, cwd: Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Return the bytes of PATH at REF for ``spec`` = ``git:REF:PATH``.

    ``cwd`` is a directory inside the repository (default: the current directory).
    Raises :class:`SourceError` with one line when git is missing, ``cwd`` is not in a repository,
    REF does not name a commit, or PATH does not exist (or is a directory) at REF.
    """
    parsed = parse_git_spec(spec)
    where = (cwd or Path.cwd()).resolve()
    label = parsed.text

    probe = _git(["rev-parse", "--git-dir"], where, label)
    if probe.returncode != 0:
        detail = _first_line(probe.stderr)
        if "not a git repository" in detail:
            raise SourceError(f"{label}: {where} is not inside a git repository")
        raise SourceError(f"{label}: git cannot use the repository at {where}: {detail}")

    # "^{commit}" makes a tag or a tree-ish resolve to the commit it names, and the check fails
    # for names that do not exist, instead of git guessing that REF was meant as a path.
    commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options",
                   f"{parsed.ref}^{{commit}}"], where, label)
    if commit.returncode != 0:
        hint = ""
        if "/" in parsed.ref:
            hint = (" (in a shallow CI checkout, fetch it first, e.g. 'git fetch origin main',"
                    " or check out with fetch-depth: 0)")
        raise SourceError(f"{label}: unknown git revision '{parsed.ref}' in {where}{hint}")
    revision = commit.stdout.decode("utf-8", "replace").strip()

    target = f"{revision}:{parsed.path}"
    kind = _git(["cat-file", "-t", target], where, label)
    object_type = kind.stdout.decode("utf-8", "replace").strip()
    if kind.returncode != 0:
        raise SourceError(f"{label}: '{parsed.path}' does not exist at revision '{parsed.ref}'")
    if object_type != "blob":
        raise SourceError(
            f"{label}: '{parsed.path}' is a {object_type}, not a file, at revision '{parsed.ref}'"
        )

    # The bound of a file on disk, checked before git writes the blob into our memory.
    sized = _git(["cat-file", "-s", target], where, label)
    size = sized.stdout.decode("ascii", "replace").strip()
    if sized.returncode == 0 and size.isdigit() and int(size) > max_bytes:
        raise SourceError(too_large(label, max_bytes))

    # --no-textconv: the exact committed bytes, never a diff driver's rendering of them.
    shown = _git(["show", "--no-textconv", target], where, label)
    if shown.returncode != 0:
        raise SourceError(f"{label}: git show failed: {_first_line(shown.stderr)}")
    return shown.stdout


def _git(arguments: list[str], cwd: Path, label: str) -> subprocess.CompletedProcess[bytes]:
    environment = dict(os.environ)
    # Never page, never prompt for credentials, and speak English so that messages we inspect
    # ("not a git repository") look the same on every machine.
    environment.update(GIT_PAGER="cat", GIT_TERMINAL_PROMPT="0", LC_ALL="C", LANGUAGE="C")
    try:
        return subprocess.run(
            ["git", "--no-pager", *arguments],
            cwd=cwd,
            env=environment,
            capture_output=True,
            check=False,
            timeout=_TIMEOUT_SECONDS,
        )
    except FileNotFoundError as error:
        if not cwd.is_dir():
            raise SourceError(f"{label}: directory {cwd} does not exist") from error
        raise SourceError(f"{label}: git is not installed (no 'git' on PATH)") from error
    except subprocess.TimeoutExpired as error:
        raise SourceError(
            f"{label}: git did not answer within {_TIMEOUT_SECONDS:.0f} s in {cwd}"
        ) from error
    except OSError as error:
        raise SourceError(f"{label}: cannot run git: {error.strerror or error}") from error


def _first_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    line = text.splitlines()[0] if text else "no message"
    return line.removeprefix("fatal: ").removeprefix("error: ")


def toplevel(cwd: Path | None = None, *, label: str = "git") -> Path:
    """The top directory of the work tree holding ``cwd``; :class:`SourceError` outside one."""
    where = (cwd or Path.cwd()).resolve()
    shown = _git(["rev-parse", "--show-toplevel"], where, label)
    if shown.returncode != 0:
        detail = _first_line(shown.stderr)
        if "not a git repository" in detail:
            raise SourceError(f"{label}: {where} is not inside a git repository")
        raise SourceError(f"{label}: git cannot use the repository at {where}: {detail}")
    return Path(shown.stdout.decode("utf-8", "replace").strip()).resolve()


def merge_base(ref: str, cwd: Path | None = None, *, label: str | None = None) -> str:
    """The commit where HEAD branched off ``ref`` (``git merge-base HEAD REF``), abbreviated.

    Raises :class:`SourceError` when ``ref`` is unknown (not fetched) or shares no history with
    HEAD (a shallow checkout), each with the fix that CI needs.
    """
    where = (cwd or Path.cwd()).resolve()
    label = label or ref
    toplevel(where, label=label)
    known = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"],
                 where, label)
    if known.returncode != 0:
        raise SourceError(
            f"{label}: unknown git revision '{ref}' in {where} (fetch the base branch first, "
            "e.g. 'git fetch origin main', or check out with fetch-depth: 0)"
        )
    found = _git(["merge-base", "HEAD", ref], where, label)
    if found.returncode != 0:
        raise SourceError(
            f"{label}: HEAD and '{ref}' share no commit in {where} (a shallow clone? check out "
            "with fetch-depth: 0)"
        )
    commit = found.stdout.decode("utf-8", "replace").strip()
    short = _git(["rev-parse", "--short=12", commit], where, label)
    return short.stdout.decode("utf-8", "replace").strip() or commit


def tree_files(commit: str, directory: str, cwd: Path) -> list[str]:
    """Names of the files directly inside ``directory`` (relative to the top) at ``commit``."""
    prefix = directory.strip("/") + "/" if directory.strip("/") not in ("", ".") else ""
    listed = _git(["ls-tree", "-z", "--name-only", "--full-tree", commit, "--", prefix or "."],
                  cwd, f"{PREFIX}{commit}:{prefix}")
    if listed.returncode != 0:
        raise SourceError(
            f"{PREFIX}{commit}:{prefix}: git ls-tree failed: {_first_line(listed.stderr)}"
        )
    names = listed.stdout.decode("utf-8", "replace").split("\0")
    return [name.removeprefix(prefix) for name in names if name]
