"""Classification: levels per mode, policy levels and overrides, approvals and their expiry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import MappingProxyType

import pytest

from schemadiff.diff.classify import classify
from schemadiff.diff.model import Change, Level, Mode, Rule, SchemaInfo, Side
from schemadiff.diff.policy import Policy
from schemadiff.settings import read_config

OLD = SchemaInfo("old", "0.1.0", "0" * 64)
NEW = SchemaInfo("new", "0.2.0", "1" * 64)
TODAY = dt.date(2026, 6, 15)

STATUS_ADDED = Change(
    rule="enum-value-added", path="GenerationMessage.payload.status",
    pointer="/$defs/GenerationStatus/enum/3", side=Side.NEW, new="queued",
    affects=("GenerationMessage.payload.status",),
)
KIND_ADDED = Change(
    rule="enum-value-added", path="ShotMessage.payload.kind",
    pointer="/$defs/ShotPayload/properties/kind/enum/2", side=Side.NEW, new="burst",
)
SCORE_REMOVED = Change(
    rule="required-property-removed", path="PredictionPublic.score",
    pointer="/$defs/PredictionPublic/properties/score", side=Side.OLD, old={"type": "number"},
    affects=("GenerationMessage.payload.predictions[].score",
             "ShotMessage.payload.predictions[].score"),
)
DESCRIPTION = Change(
    rule="annotation-changed", path="GenerationMessage", pointer="/$defs/GenerationMessage",
    side=Side.NEW, old="a", new="b",
)
CHANGES = (DESCRIPTION, KIND_ADDED, SCORE_REMOVED, STATUS_ADDED)


def policy_from(tmp_path: Path, rules: MappingProxyType[str, Rule], text: str) -> Policy:
    config = tmp_path / "schemadiff.toml"
    config.write_text(text, encoding="utf-8")
    return read_config(config, start=tmp_path, rules=rules).policy


def run(rules: MappingProxyType[str, Rule], mode: Mode = Mode.FORWARD,
        policy: Policy | None = None, changes: tuple[Change, ...] = CHANGES):
    return classify(changes, mode=mode, old=OLD, new=NEW, policy=policy, rules=rules,
                    today=TODAY)


def levels(report) -> list[tuple[str, str, Level]]:
    return [(f.rule, f.path, f.level) for f in report.findings]


def test_levels_per_mode_and_deterministic_order(rules: MappingProxyType[str, Rule]) -> None:
    forward = run(rules, Mode.FORWARD)
    assert levels(forward) == [
        ("required-property-removed", "PredictionPublic.score", Level.BREAKING),
        ("enum-value-added", "GenerationMessage.payload.status", Level.WARNING),
        ("enum-value-added", "ShotMessage.payload.kind", Level.WARNING),
        ("annotation-changed", "GenerationMessage", Level.INFO),
    ]
    backward = run(rules, Mode.BACKWARD)
    assert levels(backward) == [
        ("enum-value-added", "GenerationMessage.payload.status", Level.SAFE),
        ("required-property-removed", "PredictionPublic.score", Level.SAFE),
        ("enum-value-added", "ShotMessage.payload.kind", Level.SAFE),
        ("annotation-changed", "GenerationMessage", Level.INFO),
    ]
    # Full mode: the worse of the two directions.
    assert levels(run(rules, Mode.FULL)) == levels(forward)
    # The order does not depend on the order of the changes.
    assert run(rules, changes=tuple(reversed(CHANGES))) == forward


def test_finding_carries_the_change_and_one_message(rules: MappingProxyType[str, Rule]) -> None:
    finding = next(f for f in run(rules).findings if f.rule == "required-property-removed")
    assert finding.pointer == SCORE_REMOVED.pointer
    assert finding.side is Side.OLD
    assert finding.old == {"type": "number"}
    assert finding.new is None
    assert finding.affects == SCORE_REMOVED.affects
    assert finding.message == "A required property was removed. Forward, this is breaking."
    assert (finding.approved, finding.approval) == (False, None)
    backward = next(
        f for f in run(rules, Mode.BACKWARD).findings if f.rule == "required-property-removed"
    )
    assert backward.message == "A required property was removed. Backward, this is safe."


def test_unknown_rule_is_still_reported_as_warning(rules: MappingProxyType[str, Rule]) -> None:
    odd = Change(rule="something-new", path="X", pointer="/x", side=Side.NEW)
    (finding,) = run(rules, changes=(odd,)).findings
    assert finding.level is Level.WARNING
    assert "not in the rule catalog" in finding.message


def test_level_per_rule_id(tmp_path: Path, rules: MappingProxyType[str, Rule]) -> None:
    policy = policy_from(tmp_path, rules, '[levels]\nenum-value-added = "safe"\n')
    report = run(rules, policy=policy)
    added = [f for f in report.findings if f.rule == "enum-value-added"]
    assert [f.level for f in added] == [Level.SAFE, Level.SAFE]
    assert added[0].message.endswith(
        "The policy sets the level to safe (was warning; [levels] enum-value-added)."
    )
    # Levels apply in every mode: backward was already safe, so the message does not change.
    backward = run(rules, Mode.BACKWARD, policy=policy)
    assert all("policy" not in f.message for f in backward.findings)


def test_per_path_override_makes_one_enum_extensible(
    tmp_path: Path, rules: MappingProxyType[str, Rule]
) -> None:
    policy = policy_from(tmp_path, rules, """
[[overrides]]
path = "GenerationMessage.payload.status"
rule = "enum-value-added"
level = "safe"
""")
    report = run(rules, policy=policy)
    assert ("enum-value-added", "GenerationMessage.payload.status", Level.SAFE) in levels(report)
    assert ("enum-value-added", "ShotMessage.payload.kind", Level.WARNING) in levels(report)
    status = next(f for f in report.findings if f.path == "GenerationMessage.payload.status")
    assert "schemadiff.toml: overrides[0]" in status.message


def test_override_without_rule_and_last_one_wins(
    tmp_path: Path, rules: MappingProxyType[str, Rule]
) -> None:
    policy = policy_from(tmp_path, rules, """
[levels]
enum-value-added = "breaking"

[[overrides]]
path = "**"
level = "info"

[[overrides]]
path = "*.payload.kind"
level = "warning"
""")
    assert levels(run(rules, policy=policy)) == [
        ("enum-value-added", "ShotMessage.payload.kind", Level.WARNING),
        ("annotation-changed", "GenerationMessage", Level.INFO),
        ("enum-value-added", "GenerationMessage.payload.status", Level.INFO),
        ("required-property-removed", "PredictionPublic.score", Level.INFO),
    ]


def test_override_matches_an_affected_message_path(
    tmp_path: Path, rules: MappingProxyType[str, Rule]
) -> None:
    policy = policy_from(tmp_path, rules, """
[[overrides]]
path = "ShotMessage.payload.predictions[].score"
level = "warning"
""")
    score = next(f for f in run(rules, policy=policy).findings if f.rule.startswith("required"))
    assert score.level is Level.WARNING


APPROVALS = """
[[approvals]]
rule = "required-property-removed"
path = "GenerationMessage.payload.predictions[].score"
reason = "score is optional in every client since 2.3"
expires = {expires}
"""


def test_approval_keeps_the_finding_but_stops_the_failure(
    tmp_path: Path, rules: MappingProxyType[str, Rule]
) -> None:
    policy = policy_from(tmp_path, rules, APPROVALS.format(expires="2026-06-15"))
    report = run(rules, policy=policy)
    score = report.findings[0]
    assert (score.rule, score.level, score.approved) == (
        "required-property-removed", Level.BREAKING, True)
    assert score.approval == "score is optional in every client since 2.3"
    assert not report.fails(Level.BREAKING)
    assert report.fails(Level.WARNING)  # The enum warnings are not approved.
    assert report.notices == ()
    assert report.counts()[Level.BREAKING] == 1


def test_expired_approval_no_longer_applies_and_says_so(
    tmp_path: Path, rules: MappingProxyType[str, Rule]
) -> None:
    # Valid through its expiry day (TODAY is 2026-06-15); expired from the day after.
    policy = policy_from(tmp_path, rules, APPROVALS.format(expires="2026-06-14"))
    report = run(rules, policy=policy)
    assert not report.findings[0].approved
    assert report.fails(Level.BREAKING)
    assert report.notices == (
        "approval of required-property-removed at "
        "GenerationMessage.payload.predictions[].score expired on 2026-06-14 "
        "(schemadiff.toml: approvals[0]); its findings count again",
    )


def test_stale_approvals_are_noticed(tmp_path: Path, rules: MappingProxyType[str, Rule]) -> None:
    policy = policy_from(tmp_path, rules, """
[[approvals]]
rule = "enum-value-removed"
path = "Nowhere"
reason = "old news"

[[approvals]]
rule = "enum-value-removed"
path = "Gone"
reason = "older news"
expires = 2020-01-01
""")
    report = run(rules, policy=policy)
    assert report.notices == (
        "approval of enum-value-removed at Nowhere matches no finding "
        "(schemadiff.toml: approvals[0]); it can be removed",
        "approval of enum-value-removed at Gone expired on 2020-01-01 "
        "(schemadiff.toml: approvals[1]); it can be removed",
    )


def test_approval_needs_the_rule_to_match(
    tmp_path: Path, rules: MappingProxyType[str, Rule]
) -> None:
    policy = policy_from(tmp_path, rules, """
[[approvals]]
rule = "enum-value-removed"
path = "GenerationMessage.payload.status"
reason = "wrong rule"
""")
    report = run(rules, policy=policy)
    assert not any(f.approved for f in report.findings)


@pytest.mark.parametrize(("threshold", "fails"), [
    (Level.BREAKING, True), (Level.WARNING, True), (Level.SAFE, True), (None, False)])
def test_fails_threshold(rules: MappingProxyType[str, Rule], threshold: Level | None,
                         fails: bool) -> None:
    assert run(rules).fails(threshold) is fails


def test_compatible_means_nothing_unapproved_at_warning(
    rules: MappingProxyType[str, Rule]
) -> None:
    assert not run(rules).compatible
    assert run(rules, Mode.BACKWARD).compatible
    assert run(rules, changes=()).findings == ()
