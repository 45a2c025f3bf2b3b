"""A fixed, hand-made rule catalog and diff report for the renderer and policy tests.

The report does not come from the engine on purpose: golden files must change only when a renderer
changes. It holds every level, approved findings, a shared-definition finding with several
``affects``, unicode, and characters every format must escape (``%``, ``:``, ``,``, ``|``, ``<``,
``&``, quotes, backticks, CR, LF and a control character).
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import pytest

from schemadiff.diff.model import (
    DiffReport,
    Finding,
    Level,
    Mode,
    Rule,
    SchemaInfo,
    Side,
    Witness,
)

DATA = Path(__file__).resolve().parent / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"
OLD_SHA = "02c31efba79951dc63a2e195484dcf2f8082e37ed50fd6d6308fd4c824233db6"
NEW_SHA = "e6950ce4624cb0aa512ec48b4be23cfe4ef6427b9f4e5d11080b9f3c05c03527"


def _rule(
    rule_id: str, forward: Level, backward: Level, mirror: str | None, category: str,
    summary: str,
) -> Rule:
    return Rule(
        id=rule_id, summary=summary, forward=forward, backward=backward,
        why_forward=f"Forward, this is {forward}.", why_backward=f"Backward, this is {backward}.",
        mirror=mirror, category=category,
    )


RULES = MappingProxyType({
    rule.id: rule
    for rule in (
        _rule("property-became-nullable", Level.BREAKING, Level.SAFE,
              "property-became-non-nullable", "nullability", "A property became nullable"),
        _rule("property-became-non-nullable", Level.SAFE, Level.BREAKING,
              "property-became-nullable", "nullability", "A property is no longer nullable"),
        _rule("required-property-removed", Level.BREAKING, Level.SAFE,
              "required-property-added", "property", "A required property was removed"),
        _rule("required-property-added", Level.SAFE, Level.BREAKING,
              "required-property-removed", "property", "A required property was added"),
        _rule("enum-value-added", Level.WARNING, Level.SAFE, "enum-value-removed", "enum",
              "An enum value was added"),
        _rule("enum-value-removed", Level.SAFE, Level.WARNING, "enum-value-added", "enum",
              "An enum value was removed"),
        _rule("message-type-added", Level.WARNING, Level.SAFE, "message-type-removed",
              "message", "A message type was added"),
        _rule("message-type-removed", Level.SAFE, Level.WARNING, "message-type-added",
              "message", "A message type was removed"),
        _rule("property-added", Level.SAFE, Level.WARNING, "property-removed", "property",
              "An optional property was added"),
        _rule("annotation-changed", Level.INFO, Level.INFO, "annotation-changed", "annotation",
              "A description changed"),
    )
})

OLD = SchemaInfo(label="0.1.0", version="0.1.0", sha256=OLD_SHA, path="snapshots/0.1.0.json")
NEW = SchemaInfo(label="0.2.0", version="0.2.0", sha256=NEW_SHA, path="snapshots/0.2.0.json")

TRICKY = 'Off by 50%, "quoted": <b>&</b> | pipe `tick`\r\nnext line\x01end'


def _finding(
    rule: str, level: Level, path: str, pointer: str, side: Side, **more: object
) -> Finding:
    message = f"{RULES[rule].summary}. Forward, this is {level}."
    return Finding(
        rule=rule, level=level, path=path, pointer=pointer, side=side,
        old=more.pop("old", None), new=more.pop("new", None),
        message=str(more.pop("message", message)), **more,  # type: ignore[arg-type]
    )


FINDINGS = (
    _finding("property-became-nullable", Level.BREAKING, "GenerationMessage.payload.status",
             "/$defs/GenerationPayload/properties/status", Side.NEW,
             old={"$ref": "#/$defs/GenerationStatus"},
             new={"anyOf": [{"$ref": "#/$defs/GenerationStatus"}, {"type": "null"}]},
             affects=("GenerationMessage.payload.status",)),
    _finding("required-property-removed", Level.BREAKING, "PredictionPublic.score",
             "/$defs/PredictionPublic/properties/score", Side.OLD,
             old={"type": "number"},
             affects=("GenerationMessage.payload.predictions[].score",
                      "ShotMessage.payload.predictions[].score"),
             approved=True, approval="Clients read score defensively since 2.3, see #42: ok"),
    _finding("enum-value-added", Level.WARNING, "GenerationMessage.payload.status",
             "/$defs/GenerationStatus/enum/3", Side.NEW, new="quéued ✓",
             affects=("GenerationMessage.payload.status",),
             witness=Witness({"data": {"type": "generation", "payload": {
                 "status": "quéued ✓", "note": "a|b `c` <d>"}}}, accepted_by=Side.NEW)),
    _finding("enum-value-added", Level.WARNING, "ShotMessage.payload.kind",
             "/$defs/ShotPayload/properties/kind/enum/2", Side.NEW, new="burst",
             affects=("ShotMessage.payload.kind",),
             approved=True, approval="kind is documented as extensible"),
    _finding("message-type-added", Level.WARNING, "ErrorMessage",
             "/$defs/WebSocketMessage/properties/data/anyOf/4", Side.NEW, new="error",
             affects=("ErrorMessage",)),
    _finding("property-added", Level.SAFE, "ShotMessage.payload.note",
             "/$defs/ShotPayload/properties/note", Side.NEW,
             new={"description": TRICKY, "type": "string"},
             message=f"An optional property was added. {TRICKY}",
             affects=("ShotMessage.payload.note",)),
    _finding("annotation-changed", Level.INFO, "GenerationMessage",
             "/$defs/GenerationMessage/description", Side.NEW,
             old="A generation changed.", new="Une génération a changé 🚀",
             affects=("GenerationMessage",)),
    # Same rule and path as the one above, another node: JUnit names must still be unique. The
    # pointer is in neither file, so annotations carry no line.
    _finding("annotation-changed", Level.INFO, "GenerationMessage",
             "/$defs/Gone/description", Side.NEW, old=None, new="x"),
)

REPORT = DiffReport(
    mode=Mode.FORWARD, old=OLD, new=NEW, findings=FINDINGS,
    notices=("approval of enum-value-removed at GenerationMessage.** expired on 2024-01-31 "
             "(pyproject.toml: tool.schemadiff.approvals[2]); its findings count again",),
)
EMPTY = DiffReport(
    mode=Mode.BACKWARD, old=OLD, new=SchemaInfo("0.1.0-copy", None, OLD_SHA), findings=()
)


@pytest.fixture
def rules() -> MappingProxyType[str, Rule]:
    return RULES


@pytest.fixture
def report() -> DiffReport:
    return REPORT


@pytest.fixture
def in_data_dir(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run with the working directory where ``snapshots/0.1.0.json`` of the report exists, taken
    as the repository root that annotation paths are relative to."""
    monkeypatch.chdir(DATA)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(DATA))
    return DATA


@pytest.fixture
def empty_report() -> DiffReport:
    return EMPTY
