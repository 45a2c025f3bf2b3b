"""Traffic evidence: one pass over captured messages, counted per finding."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from schemadiff.diff.model import Level, Mode
from schemadiff.diff.run import run_diff
from schemadiff.evidence import UnseenPolicy, attach
from schemadiff.messages import find_union
from schemadiff.store import SnapshotStore
from schemadiff.validate.model import Record


def chat(line: int, **payload: Any) -> Record:
    body = {"text": "hi", "mood": "happy", "old_flag": False, **payload}
    return Record("traffic.jsonl", line, {"data": {"type": "chat", "payload": body}})


def _diff(store: Path) -> Any:
    snapshots = SnapshotStore(store)
    old, new = snapshots.read("1.2.0"), snapshots.read("2.0.0")
    report = run_diff(old, new, mode=Mode.FORWARD, policy=None, today=dt.date(2026, 1, 1))
    unions = [u for u in (find_union(old.schema), find_union(new.schema)) if u is not None]
    return report, unions


def test_counts_per_finding(release_store: Path) -> None:
    report, unions = _diff(release_store / "store")
    records = [
        chat(1, legacy_id=7),
        chat(2, legacy_id=None, mood="angry"),
        chat(3),
        Record("traffic.jsonl", 4, {"data": {"type": "presence",
                                             "payload": {"user": "u", "online": True}}}),
        Record("traffic.jsonl", 5, error="not JSON"),
        chat(6, mood="angry"),
        Record("traffic.jsonl", 7, {"type": "typing", "user": "u"}),  # without the envelope
    ]
    attached = attach(report, records, unions, logs=["traffic.jsonl"])
    assert attached.notices[-1] == "Evidence: 6 messages read from traffic.jsonl."
    found = {(f.rule, f.path): f.evidence for f in attached.findings}
    legacy = found[("property-removed", "ChatMessage.payload.legacy_id")]
    assert (legacy.messages, legacy.present, legacy.null, legacy.absent) == (4, 1, 1, 2)
    assert legacy.first == "traffic.jsonl:1"
    angry = found[("enum-value-removed", "ChatMessage.payload.mood")]
    assert (angry.value, angry.value_count, angry.first) == ("angry", 2, "traffic.jsonl:2")
    presence = found[("message-type-removed", "PresenceMessage")]
    assert (presence.messages, presence.present, presence.first) == (1, 1, "traffic.jsonl:4")
    flag = found[("required-property-removed", "ChatMessage.payload.old_flag")]
    assert (flag.present, flag.absent) == (4, 0)


def test_unseen_items_may_be_lowered_opt_in(release_store: Path) -> None:
    report, unions = _diff(release_store / "store")
    records = [chat(line) for line in range(1, 11)]
    lowered = attach(report, records, unions, unseen=UnseenPolicy(messages=10))
    before = {(f.rule, f.path): f for f in report.findings}
    after = {(f.rule, f.path): f for f in lowered.findings}
    key = ("property-removed", "ChatMessage.payload.legacy_id")
    assert before[key].level is Level.WARNING
    assert after[key].level is Level.INFO
    assert after[key].evidence is not None
    assert after[key].evidence.lowered_from is Level.WARNING
    assert "not seen in 10 messages of its type" in after[key].message
    # old_flag is in every message: seen, so it keeps its level.
    flag = ("required-property-removed", "ChatMessage.payload.old_flag")
    assert after[flag].level is Level.BREAKING
    changed = [k for k in before if before[k].level is not after[k].level]
    # legacy_id and "angry" were never sent; no PresenceMessage was read at all, too few to tell.
    assert changed == [key, ("enum-value-removed", "ChatMessage.payload.mood")]
    assert "2 findings never seen in the traffic were lowered to info" in lowered.notices[-1]
    # Too few messages of the type: nothing is lowered.
    few = attach(report, records, unions, unseen=UnseenPolicy(messages=11))
    assert [f.level for f in few.findings] == [f.level for f in report.findings]
