"""The gate's decision table: version bumps, policies, thresholds and approvals (no I/O)."""

from __future__ import annotations

import pytest

from schemadiff.diff.model import DiffReport, Finding, Level, Mode, SchemaInfo, Side
from schemadiff.diff.policy import CheckPolicy
from schemadiff.gate import Bump, Verdict, bump_kind, evaluate, required_version


def finding(level: Level, *, approved: bool = False, rule: str = "some-rule") -> Finding:
    return Finding(
        rule=rule, level=level, path="GenerationMessage.payload.x", pointer="/$defs/X",
        side=Side.NEW, old=None, new=None, message="m", approved=approved,
        approval="known" if approved else None,
    )


def report(old: str | None, new: str | None, *levels: Level, approved: int = 0,
           changed: bool = True) -> DiffReport:
    findings = [finding(level) for level in levels]
    findings += [finding(Level.BREAKING, approved=True) for _ in range(approved)]
    return DiffReport(
        mode=Mode.FORWARD,
        old=SchemaInfo(label="old", version=old, sha256="a" * 64),
        new=SchemaInfo(label="new", version=new, sha256=("b" if changed else "a") * 64),
        findings=tuple(findings),
    )


@pytest.mark.parametrize(
    ("old", "new", "bump"),
    [
        ("0.1.0", "0.2.0", Bump.MINOR),
        ("0.1.0", "0.1.0", Bump.NONE),
        ("0.1", "0.1.0", Bump.NONE),  # the same release spelled two ways
        ("v1.0.0", "1.0.0+build.7", Bump.NONE),  # build metadata has no precedence
        ("1.2.3", "2.0.0", Bump.MAJOR),
        ("1.2.3", "1.3.0", Bump.MINOR),
        ("1.2.3", "1.2.4", Bump.PATCH),
        ("1.0.0-rc.1", "1.0.0", Bump.PRERELEASE),
        ("1.0.0", "1.0.0-rc.1", Bump.DOWNGRADE),
        ("2.0.0", "1.9.9", Bump.DOWNGRADE),
        (None, "1.0.0", Bump.UNKNOWN),
        ("main", "1.0.0", Bump.UNKNOWN),
    ],
)
def test_bump_kind(old: str | None, new: str | None, bump: Bump) -> None:
    assert bump_kind(old, new) is bump


def test_required_version_follows_semver_for_0x_and_later() -> None:
    assert required_version("0.1.3") == "0.2.0"
    assert required_version("1.4.2") == "2.0.0"
    assert required_version("nightly") is None


@pytest.mark.parametrize(
    ("old", "new", "verdict"),
    [
        ("0.1.0", "0.1.0", Verdict.FAIL),  # no bump
        ("0.1.0", "0.1.1", Verdict.FAIL),  # a patch bump does not announce incompatibility
        ("0.1.0", "0.2.0", Verdict.PASS),  # minor bump while 0.x: allowed
        ("0.9.0", "1.0.0", Verdict.PASS),
        ("1.0.0", "1.1.0", Verdict.FAIL),  # from 1.0 on, only a major bump allows it
        ("1.0.0", "2.0.0", Verdict.PASS),
        ("2.0.0", "1.0.0", Verdict.FAIL),  # a downgrade never allows anything
        (None, "1.0.0", Verdict.FAIL),  # cannot compare: not allowed
    ],
)
def test_semver_breaking_needs_the_right_bump(old: str | None, new: str, verdict: Verdict) -> None:
    result = evaluate(report(old, new, Level.BREAKING, Level.WARNING))
    assert result.verdict is verdict
    assert result.exit_code == (0 if verdict is Verdict.PASS else 1)
    assert len(result.blocking) == (1 if verdict is Verdict.FAIL else 0)


def test_unbumped_breaking_change_names_the_version_it_needs() -> None:
    result = evaluate(report("0.1.0", "0.1.0", Level.BREAKING, Level.BREAKING))
    assert result.reasons[0] == (
        "2 breaking changes are not allowed: the API version went from 0.1.0 to 0.1.0 "
        "(unchanged); incompatible changes need a minor bump while the major version is 0 "
        "(to 0.2.0 or later) or an approval in the configuration."
    )
    assert (
        "The schema changed but the API version is still 0.1.0; bump info.version so that "
        "clients can tell the releases apart." in result.reasons
    )


def test_strict_fails_whatever_the_version() -> None:
    result = evaluate(report("1.0.0", "2.0.0", Level.BREAKING), policy=CheckPolicy.STRICT)
    assert result.verdict is Verdict.FAIL
    assert result.reasons[0] == (
        "1 breaking change is not allowed under the strict policy, whatever the version."
    )
    # "never" cannot switch strict off: breaking findings still fail.
    never = evaluate(report("1.0.0", "2.0.0", Level.BREAKING), policy=CheckPolicy.STRICT,
                     fail_on=None)
    assert never.verdict is Verdict.FAIL


def test_warnings_fail_only_with_fail_on_warning() -> None:
    shown = evaluate(report("0.1.0", "0.1.0", Level.WARNING, Level.SAFE))
    assert shown.verdict is Verdict.PASS
    assert "1 warning is shown; warnings fail only with --fail-on warning." in shown.reasons
    failing = evaluate(report("0.1.0", "0.1.0", Level.WARNING), fail_on=Level.WARNING)
    assert failing.verdict is Verdict.FAIL
    bumped = evaluate(report("0.1.0", "0.2.0", Level.WARNING), fail_on=Level.WARNING)
    assert bumped.verdict is Verdict.PASS


def test_approved_findings_never_fail() -> None:
    result = evaluate(report("0.1.0", "0.1.0", approved=2), policy=CheckPolicy.STRICT)
    assert result.verdict is Verdict.PASS
    assert "2 approved findings (each with its reason) do not count." in result.reasons


def test_fail_on_never_only_reports() -> None:
    result = evaluate(report("0.1.0", "0.1.0", Level.BREAKING), fail_on=None)
    assert result.verdict is Verdict.PASS
    assert result.report_threshold is None


def test_unchanged_schema_passes_and_says_so() -> None:
    result = evaluate(report("0.1.0", "0.1.0", changed=False))
    assert result.verdict is Verdict.PASS
    assert not result.schema_changed
    assert result.reasons == ("The schema did not change.",)


def test_licensed_bump_lowers_the_report_threshold() -> None:
    result = evaluate(report("0.1.0", "0.2.0", Level.BREAKING))
    assert result.licensed
    assert result.report_threshold is None
    assert result.reasons[0] == (
        "1 breaking change is allowed by the minor version bump 0.1.0 -> 0.2.0."
    )
