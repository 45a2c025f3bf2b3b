"""Wording and small helpers that several diff renderers share, so every format says the same."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from schemadiff.diff.model import DiffReport, Finding, Level, SchemaInfo, Side

LineFinder = Callable[[str, str], "int | None"]
"""``(file path, JSON pointer) -> 1-based line or None``, as in :mod:`schemadiff.report.lines`."""

FindingLocator = Callable[[Finding], "tuple[str, int | None] | None"]
"""``finding -> (file relative to the repository root, line)``, or None when it has no place;
``check`` passes one that knows the app's Python source (:mod:`schemadiff.gate.locations`)."""

LEVELS_WORST_FIRST: tuple[Level, ...] = tuple(sorted(Level, key=lambda lv: -lv.rank))
ABSENT = "(none)"


def value_text(value: Any, *, limit: int | None = None) -> str:
    """Compact JSON of a change's old or new value; ``(none)`` when there is none."""
    if value is None:
        return ABSENT
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "),
                      default=str)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


WITNESS_LIMIT = 400
"""How much of a witness message text and markdown show; JSON and SARIF carry all of it."""


def witness_text(instance: Any, *, limit: int = WITNESS_LIMIT) -> str:
    """A witness message as compact one-line JSON, cut at ``limit`` characters."""
    text = json.dumps(instance, ensure_ascii=False, separators=(",", ":"), default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def witness_line(finding: Finding) -> str | None:
    """``witness (old rejects): {...}`` for a finding that has one."""
    if finding.witness is None:
        return None
    instance = witness_text(finding.witness.instance)
    return f"witness ({finding.witness.rejected_by} rejects): {instance}"


def change_text(finding: Finding, *, limit: int | None = None) -> str:
    """``old → new`` of a finding."""
    return f"{value_text(finding.old, limit=limit)} → {value_text(finding.new, limit=limit)}"


def message_type(path: str) -> str:
    """The message type a path starts from: the part before the first ``.`` or ``[``."""
    return re.split(r"[.\[]", path, maxsplit=1)[0] or path


def fails(finding: Finding, fail_on: Level | None) -> bool:
    """True when this finding alone fails the run."""
    return fail_on is not None and finding.level.at_least(fail_on) and not finding.approved


def counts_text(report: DiffReport) -> str:
    """``2 breaking, 1 warning, 0 safe, 3 info (1 approved)``."""
    counts = report.counts()
    text = ", ".join(f"{counts[level]:,} {level}" for level in LEVELS_WORST_FIRST)
    approved = sum(1 for f in report.findings if f.approved)
    return text + (f" ({approved:,} approved)" if approved else "")


def verdict(
    report: DiffReport, fail_on: Level | None, *, allowed_by: str | None = None
) -> tuple[bool, str]:
    """Whether the run fails, and the sentence that says why.

    ``allowed_by`` says what let findings at the threshold pass when that was not ``--fail-on``
    (``check``: "allowed by the minor version bump 0.1.0 -> 0.2.0"); ``fail_on`` is ``None`` then.
    """
    failing = sum(1 for f in report.findings if fails(f, fail_on))
    if failing:
        noun = "finding" if failing == 1 else "findings"
        return True, f"FAIL: {failing:,} unapproved {noun} at {fail_on} or above"
    if not report.findings:
        return False, f"OK: no changes ({report.mode} mode)"
    if report.compatible:
        return False, f"OK: compatible in {report.mode} mode"
    incompatible = sum(
        1 for f in report.findings if f.level.at_least(Level.WARNING) and not f.approved
    )
    noun = "finding" if incompatible == 1 else "findings"
    threshold = "never" if fail_on is None else str(fail_on)
    why = f"OK, {allowed_by}," if allowed_by else f"OK at --fail-on {threshold},"
    return False, (
        f"{why} but not strictly compatible: "
        f"{incompatible:,} unapproved {noun} at warning or above"
    )


def side_info(report: DiffReport, finding: Finding) -> SchemaInfo:
    """The description of the document the finding's pointer refers to."""
    return report.new if finding.side is Side.NEW else report.old


def display_path(path: str, root: Path | None = None) -> str:
    """A file path as CI tools want it: relative to ``root`` (default: the repository root, see
    :mod:`schemadiff.workspace`) if inside it, with forward slashes."""
    from schemadiff.workspace import repository_path, workspace_root

    shown = repository_path(path, root or workspace_root())
    return shown if shown is not None else Path(path).resolve().as_posix()


def locate(
    report: DiffReport,
    finding: Finding,
    lines: LineFinder | None,
    locator: FindingLocator | None = None,
) -> tuple[str | None, int | None]:
    """The file (as shown) and line of a finding's node, each ``None`` when unknown."""
    if locator is not None:
        placed = locator(finding)
        return placed if placed is not None else (None, None)
    info = side_info(report, finding)
    if info.path is None:
        return None, None
    if lines is None:
        from schemadiff.report.lines import line_of

        lines = line_of
    return display_path(info.path), lines(info.path, finding.pointer)


def annotation_level(finding: Finding, fail_on: Level | None) -> Level | None:
    """How loud an annotation of ``finding`` is: its level when it fails the run; else at most
    a warning (a breaking change the version bump or ``--fail-on`` allows is no error), and
    ``None`` (a notice) when approved."""
    if finding.approved:
        return None
    if fails(finding, fail_on) or finding.level is not Level.BREAKING:
        return finding.level
    return Level.WARNING


def schema_label(info: SchemaInfo) -> str:
    """``0.2.0 (version 0.2.0, sha256 1a2b3c4d5e6f)``."""
    version = f"version {info.version}, " if info.version else ""
    return f"{info.label} ({version}sha256 {info.sha256[:12]})"



def evidence_text(finding: Finding) -> str | None:
    """What the traffic says about a finding, in one sentence; ``None`` without evidence."""
    evidence = finding.evidence
    if evidence is None:
        return None
    noun = "message" if evidence.messages == 1 else "messages"
    parts = [f"{evidence.messages:,} {noun} of its type"]
    if evidence.value_count is not None:
        times = "time" if evidence.value_count == 1 else "times"
        parts.append(f"{value_text(evidence.value)} sent {evidence.value_count:,} {times}")
    else:
        parts.append(f"present in {evidence.present:,}, null in {evidence.null:,}, "
                     f"absent from {evidence.absent:,}")
    if evidence.first is not None:
        parts.append(f"first at {evidence.first}")
    return "; ".join(parts)
