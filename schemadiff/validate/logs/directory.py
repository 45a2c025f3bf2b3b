"""Expanding the logs named on the command line: directories, globs, sidecars left out.

A directory stands for the log files directly in it. Files that sit next to logs without being
logs, the *sidecars*, are skipped and reported (:data:`SIDECAR_PATTERNS`): ``capture`` writes
``<log>.meta.json`` next to every log, and labelling tools write ``*.labels.json``.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

from schemadiff.errors import LogError
from schemadiff.validate.logs.model import STDIN
from schemadiff.validate.logs.stream import is_url

LOG_SUFFIXES = (".jsonl", ".ndjson", ".json", ".har", ".log")
"""The names a directory's log files end with (also with ``.gz``)."""
SIDECAR_PATTERNS = (
    "*.meta.json",      # schemadiff capture's sidecar: where and when a capture happened
    "*.labels.json",    # labels attached to a log by annotation tools
    "*.schema.json",    # a schema kept next to its logs
    "*.index.json",     # an index of a log's offsets or sessions
    ".*",               # hidden files (editor swap files, .DS_Store)
)
"""Files a directory holds that are never read as logs (matched case-insensitively, also
with ``.gz``)."""


@dataclass(frozen=True, slots=True)
class Expanded:
    """The logs to read, in order, and the sidecars a directory held that were skipped."""

    paths: list[str]
    skipped: list[str] = field(default_factory=list)


def is_sidecar(name: str) -> bool:
    lowered = name.lower().removesuffix(".gz")
    return any(fnmatch.fnmatchcase(lowered, pattern) for pattern in SIDECAR_PATTERNS)


def expand_paths(patterns: list[str]) -> Expanded:
    """Expand directories (their log files, sidecars skipped) and globs, keeping the order.

    A pattern that matches nothing is kept as given, so reading it reports the missing file.
    """
    expanded = Expanded([])
    for pattern in patterns:
        if pattern == STDIN or is_url(pattern):
            expanded.paths.append(pattern)
            continue
        candidate = Path(pattern)
        if candidate.is_dir():
            _expand_directory(candidate, pattern, expanded)
        elif any(char in pattern for char in "*?[") and not candidate.exists():
            matches = sorted(Path().glob(pattern)) if not candidate.is_absolute() else sorted(
                Path(candidate.anchor).glob(str(candidate.relative_to(candidate.anchor))))
            if not matches:
                expanded.paths.append(pattern)
            for match in matches:
                if match.is_file() and is_sidecar(match.name):
                    expanded.skipped.append(str(match))
                elif match.is_file():
                    expanded.paths.append(str(match))
        else:
            expanded.paths.append(pattern)
    return expanded


def _expand_directory(directory: Path, pattern: str, expanded: Expanded) -> None:
    found = []
    for path in sorted(directory.iterdir()):
        if not path.is_file():
            continue
        if is_sidecar(path.name):
            expanded.skipped.append(str(path))
        elif _is_log(path):
            found.append(str(path))
    if not found:
        raise LogError(f"{pattern}: a directory without log files (*.jsonl, *.ndjson, *.json, "
                       "*.har, *.log or their .gz)")
    expanded.paths.extend(found)


def _is_log(path: Path) -> bool:
    return path.name.lower().removesuffix(".gz").endswith(LOG_SUFFIXES)
