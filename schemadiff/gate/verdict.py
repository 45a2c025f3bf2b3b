"""The verdict of the release gate: may a diff ship, given the API's version bump? No printing.

``schemadiff check`` diffs the baseline against the candidate and asks this module for a verdict.

Policy ``semver`` (the default): unapproved findings at or above the fail-on threshold (default
``breaking``) fail unless the API's ``info.version`` got a bump that announces incompatibility: a
major bump, or a minor bump while the major version is 0 (semver's rule for initial development).
So breaking findings need that bump, and warnings fail only when the threshold is ``warning``.
Policy ``strict``: every unapproved breaking finding fails (and whatever else the threshold
names), whatever the version says. In both, findings approved in the configuration never fail,
and a schema that changed while the version did not is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from schemadiff.diff.model import DiffReport, Finding, Level
from schemadiff.diff.policy import CheckPolicy
from schemadiff.versions import Version, parse_version

if TYPE_CHECKING:
    from schemadiff.gate.baseline import Baseline


class Verdict(StrEnum):
    """The outcome of the gate; ``fail`` is exit code 1."""

    PASS = "pass"  # noqa: S105 - a verdict, not a password
    FAIL = "fail"


class Bump(StrEnum):
    """How the API version moved from the baseline to the candidate."""

    MAJOR = "major"
    MINOR = "minor"
    PATCH = "patch"
    PRERELEASE = "prerelease"
    """Only the pre-release or build part changed (``1.0.0-rc.1`` to ``1.0.0-rc.2``)."""
    NONE = "none"
    DOWNGRADE = "downgrade"
    UNKNOWN = "unknown"
    """A version is missing or is not a semantic version."""


def _release(version: Version) -> tuple[int, int, int]:
    """Major, minor and patch; ``1.2`` is ``1.2.0`` (versions.py strips trailing zeros)."""
    padded = (*version.release, 0, 0, 0)
    return (padded[0], padded[1], padded[2])


def _parse(text: str | None) -> Version | None:
    return parse_version(text.strip()) if text is not None else None


def bump_kind(old: str | None, new: str | None) -> Bump:
    """Return how ``new`` moved from ``old``, by semantic-versioning precedence."""
    before, after = _parse(old), _parse(new)
    if before is None or after is None:
        return Bump.UNKNOWN
    if after < before:
        return Bump.DOWNGRADE
    old_release, new_release = _release(before), _release(after)
    if new_release[0] > old_release[0]:
        return Bump.MAJOR
    if new_release[1] > old_release[1]:
        return Bump.MINOR
    if new_release[2] > old_release[2]:
        return Bump.PATCH
    if after != before:
        return Bump.PRERELEASE
    return Bump.NONE


def allows_incompatible(old: str | None, bump: Bump) -> bool:
    """True when ``bump`` over ``old`` announces incompatible changes, as semver defines it."""
    if bump is Bump.MAJOR:
        return True
    before = _parse(old)
    return bump is Bump.MINOR and before is not None and _release(before)[0] == 0


def required_version(old: str | None) -> str | None:
    """Return the smallest version that would allow incompatible changes over ``old``."""
    before = _parse(old)
    if before is None:
        return None
    major, minor, _ = _release(before)
    if major == 0:
        return f"0.{minor + 1}.0"
    return f"{major + 1}.0.0"


@dataclass(frozen=True, slots=True)
class GateResult:
    """The verdict of ``check`` with the sentences that explain it and what it was based on."""

    verdict: Verdict
    reasons: tuple[str, ...]
    """Full sentences, the deciding one first."""
    report: DiffReport
    schema_changed: bool
    bump: Bump
    policy: CheckPolicy
    fail_on: Level | None
    """The threshold asked for (``None``: never)."""
    threshold: Level | None
    """The threshold applied: ``fail_on``, raised to ``breaking`` under the strict policy."""
    licensed: bool
    """True when the version bump allows incompatible changes (semver policy only)."""
    blocking: tuple[Finding, ...]
    """The findings that caused a ``fail`` (empty on ``pass``)."""
    baseline: Baseline | None = None
    """Which baseline was compared with and why (its sentence is the last reason)."""

    @property
    def allowed_by(self) -> str | None:
        """What lets the gated findings pass, for a report's verdict line: the version bump."""
        if not self.licensed or self.threshold is None:
            return None
        old, new = self.report.old.version, self.report.new.version
        return f"allowed by the {self.bump.value} version bump {old} -> {new}"

    @property
    def report_threshold(self) -> Level | None:
        """The threshold a report should mark findings as failing at: none when licensed."""
        return None if self.licensed else self.threshold

    @property
    def passed(self) -> bool:
        return self.verdict is Verdict.PASS

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1


def evaluate(
    report: DiffReport,
    *,
    policy: CheckPolicy = CheckPolicy.SEMVER,
    fail_on: Level | None = Level.BREAKING,
    baseline: Baseline | None = None,
) -> GateResult:
    """Decide whether the change from ``report.old`` to ``report.new`` may be released.

    ``fail_on`` is the lowest level that can fail (``None``: findings never fail under semver;
    under strict, breaking findings still do).
    """
    old_version, new_version = report.old.version, report.new.version
    bump = bump_kind(old_version, new_version)
    schema_changed = report.old.sha256 != report.new.sha256
    threshold = fail_on
    if policy is CheckPolicy.STRICT and (threshold is None or threshold.rank > Level.BREAKING.rank):
        threshold = Level.BREAKING

    gated = tuple(
        f for f in report.findings
        if threshold is not None and f.level.at_least(threshold) and not f.approved
    )
    approved = sum(1 for f in report.findings if f.approved)
    licensed = policy is CheckPolicy.SEMVER and allows_incompatible(old_version, bump)
    blocking = () if licensed else gated

    reasons: list[str] = []
    if blocking:
        reasons.append(_blocking_sentence(blocking, policy, old_version, new_version, bump))
    elif gated:
        reasons.append(
            f"{_count(gated)} allowed by the {bump.value} version bump "
            f"{old_version} -> {new_version}."
        )
    elif not schema_changed:
        reasons.append("The schema did not change.")
    else:
        reasons.append(_passing_sentence(threshold))
    if approved:
        reasons.append(
            f"{approved} approved finding{'s' if approved != 1 else ''} "
            f"(each with its reason) {'does' if approved == 1 else 'do'} not count."
        )
    ungated_warnings = [
        f for f in report.findings
        if f.level is Level.WARNING and not f.approved and f not in gated
    ]
    if ungated_warnings:
        reasons.append(
            f"{_count(ungated_warnings)} shown; warnings fail only with --fail-on warning."
        )
    reasons.extend(_version_sentences(schema_changed, old_version, new_version, bump))
    if baseline is not None:
        reasons.append(baseline.sentence())
    return GateResult(
        verdict=Verdict.FAIL if blocking else Verdict.PASS,
        reasons=tuple(reasons),
        report=report,
        schema_changed=schema_changed,
        bump=bump,
        policy=policy,
        fail_on=fail_on,
        threshold=threshold,
        licensed=licensed,
        blocking=blocking,
        baseline=baseline,
    )


def _blocking_sentence(
    blocking: tuple[Finding, ...],
    policy: CheckPolicy,
    old_version: str | None,
    new_version: str | None,
    bump: Bump,
) -> str:
    if policy is CheckPolicy.STRICT:
        return f"{_count(blocking)} not allowed under the strict policy, whatever the version."
    needed = required_version(old_version)
    if bump is Bump.UNKNOWN:
        return (
            f"{_count(blocking)} not allowed: the API version cannot be compared "
            f"({_show(old_version)} -> {_show(new_version)}); incompatible changes need a "
            "semantic-version bump that announces them."
        )
    before = _parse(old_version)
    rule = (
        "a minor bump while the major version is 0"
        if before is not None and _release(before)[0] == 0
        else "a major bump"
    )
    moved = "unchanged" if bump is Bump.NONE else f"a {bump.value}"
    return (
        f"{_count(blocking)} not allowed: the API version went from {old_version} to "
        f"{new_version} ({moved}); incompatible changes need {rule} (to {needed} or later) "
        "or an approval in the configuration."
    )


def _passing_sentence(threshold: Level | None) -> str:
    if threshold is None:
        return "Findings never fail with --fail-on never; the report is for reading."
    return f"No unapproved finding at {threshold.value} or above."


def _version_sentences(
    schema_changed: bool, old_version: str | None, new_version: str | None, bump: Bump
) -> list[str]:
    if bump is Bump.DOWNGRADE:
        return [f"The API version went down from {old_version} to {new_version}."]
    if schema_changed and bump is Bump.NONE:
        return [
            f"The schema changed but the API version is still {new_version}; bump info.version "
            "so that clients can tell the releases apart."
        ]
    if schema_changed and bump is Bump.UNKNOWN:
        return [
            f"The schema changed and the API versions ({_show(old_version)} -> "
            f"{_show(new_version)}) are not semantic versions that can be compared."
        ]
    return []


def _count(findings: tuple[Finding, ...] | list[Finding]) -> str:
    """Return "2 breaking changes and 1 warning", levels from worst to least."""
    parts: list[str] = []
    for level in (Level.BREAKING, Level.WARNING, Level.SAFE, Level.INFO):
        number = sum(1 for f in findings if f.level is level)
        if not number:
            continue
        noun = {
            Level.BREAKING: "breaking change",
            Level.WARNING: "warning",
            Level.SAFE: "safe change",
            Level.INFO: "informational change",
        }[level]
        parts.append(f"{number} {noun}{'s' if number != 1 else ''}")
    text = " and ".join(parts) if len(parts) <= 2 else ", ".join(parts[:-1]) + f" and {parts[-1]}"
    verb = "is" if len(findings) == 1 else "are"
    return f"{text} {verb}"


def _show(version: str | None) -> str:
    return version if version is not None else "none"
