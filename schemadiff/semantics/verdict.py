"""The differ's findings reconciled with what the two schemas accept.

For each direction the mode checks (forward: the new schema writes, the old one reads; backward:
the reverse), after the walk's rule-based findings are classified:

- when inclusion of the writer's schema in the reader's is **proven**, no finding of that
  direction stays at warning or above (its catalog level is lowered to safe, saying why);
- otherwise every finding at warning or above gets a **witness** where one is found: a whole
  message (from the message root) of the finding's message type that the writer accepts and the
  reader rejects, preferring one the reader rejects at the finding's own path;
- when no finding of that direction is at warning or above but a witness exists (``verify``),
  the witness becomes an ``accepted-messages-widened``/``-narrowed`` finding: a verdict of
  "compatible" is never shown while a message proves otherwise.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from functools import cached_property
from typing import Any

from schemadiff.diff.model import DiffReport, Finding, Level, Mode, Side, Witness
from schemadiff.diff.rules import MESSAGES_NARROWED, MESSAGES_WIDENED, RULES
from schemadiff.messages import MessageUnion, find_union
from schemadiff.semantics.documents import Document
from schemadiff.semantics.inclusion import included
from schemadiff.semantics.sample import Sampler, hints_of
from schemadiff.semantics.witness import Witness as Found
from schemadiff.semantics.witness import find_witness, is_witness

PROVEN = ("Proven harmless here: every message the writer's schema accepts is accepted by the "
          "reader's.")
EQUIVALENT = ("Proven a rewrite: both schemas accept exactly the same messages, so this changes "
              "nothing for readers.")
_CANDIDATES = 300
_TOKEN = re.compile(r"\.([^.\[\]<({*]+)|\[\]|\[(\d+)\]")


def directions(mode: Mode) -> tuple[Mode, ...]:
    return (Mode.FORWARD, Mode.BACKWARD) if mode is Mode.FULL else (mode,)


def as_object(schema: Any) -> Any:
    """A boolean schema written as the object schema with the same meaning (for the walk)."""
    if schema is True:
        return {}
    if schema is False:
        return {"not": {}}
    return schema


def reconcile(report: DiffReport, old_schema: Any, new_schema: Any, *,
              verify: bool = True) -> DiffReport:
    """``report`` with proven findings lowered, witnesses attached and hidden breaks shown."""
    old_doc, new_doc = Document(old_schema), Document(new_schema)
    findings = list(report.findings)
    added: list[Finding] = []
    proven: set[Mode] = set()
    for direction in directions(report.mode):
        writer, reader = (new_doc, old_doc) if direction is Mode.FORWARD else (old_doc, new_doc)
        side = Side.NEW if direction is Mode.FORWARD else Side.OLD
        if included(writer.root, writer, reader.root, reader):
            proven.add(direction)
            continue
        search = _Search(writer, reader)
        relevant = [i for i, f in enumerate(findings)
                    if f.rule in RULES and RULES[f.rule].level(direction).at_least(Level.WARNING)]
        for index in relevant:
            finding = findings[index]
            if finding.witness is None:
                found = search.for_path(finding.path)
                if found is not None:
                    findings[index] = dataclasses.replace(
                        finding, witness=Witness(found.instance, accepted_by=side))
        if verify and not any(findings[i].level.at_least(Level.WARNING) for i in relevant):
            witness = find_witness(writer, reader, limit=_CANDIDATES)
            if witness is not None:
                added.append(_hidden_break(report.mode, direction, witness.instance, side,
                                           writer))
    equivalent = proven == set(directions(report.mode)) and (
        report.mode is Mode.FULL or _proven_other_way(report.mode, old_doc, new_doc))
    findings = [_equivalent(f) if equivalent else _lowered(f, report.mode, proven)
                for f in findings]
    if not added and not proven:
        return dataclasses.replace(report, findings=tuple(findings))
    from schemadiff.diff.classify import sort_key

    everything = sorted([*findings, *added], key=sort_key)
    return dataclasses.replace(report, findings=tuple(everything))


def _proven_other_way(mode: Mode, old_doc: Document, new_doc: Document) -> bool:
    writer, reader = (old_doc, new_doc) if mode is Mode.FORWARD else (new_doc, old_doc)
    return included(writer.root, writer, reader.root, reader)


def _equivalent(finding: Finding) -> Finding:
    """Both schemas accept exactly the same messages: every change is a rewrite (info)."""
    rule = RULES.get(finding.rule)
    if rule is None or finding.level is Level.INFO or finding.message.endswith(EQUIVALENT):
        return finding
    if finding.level is not rule.level(Mode.FORWARD) and finding.level is not rule.level(
            Mode.BACKWARD) and finding.level is not rule.level(Mode.FULL):
        return finding  # A level the policy set stays.
    return dataclasses.replace(finding, level=Level.INFO, message=f"{finding.message} {EQUIVALENT}",
                               witness=None)


def _lowered(finding: Finding, mode: Mode, proven: set[Mode]) -> Finding:
    """The finding at its level once the proven directions count as safe."""
    rule = RULES.get(finding.rule)
    if not proven or rule is None or finding.level is not rule.level(mode):
        return finding  # Unknown rules and levels set by policy stay as they are.
    levels = []
    for direction in directions(mode):
        level = rule.level(direction)
        if direction in proven and level.at_least(Level.WARNING):
            level = Level.SAFE
        levels.append(level)
    level = max(levels, key=lambda item: item.rank)
    if level is finding.level:
        return finding
    return dataclasses.replace(finding, level=level, message=f"{finding.message} {PROVEN}",
                               witness=None)


def _hidden_break(mode: Mode, direction: Mode, instance: Any, side: Side,
                  writer: Document) -> Finding:
    rule = MESSAGES_WIDENED if direction is Mode.FORWARD else MESSAGES_NARROWED
    path = _message_type(writer, instance) or _root_name(writer.root)
    message = f"{rule.summary}. {rule.why(direction)}"
    return Finding(rule=rule.id, level=rule.level(mode), path=path, pointer="",
                   side=side, old=None, new=None, message=message, affects=(path,),
                   witness=Witness(instance, accepted_by=side))


def _root_name(root: Any) -> str:
    if isinstance(root, dict) and isinstance(root.get("$ref"), str):
        return str(root["$ref"]).rsplit("/", 1)[-1]
    return "(root)"


def _message_type(writer: Document, instance: Any) -> str | None:
    union = _union(writer)
    if union is None:
        return None
    body = instance.get(union.envelope) if union.envelope and isinstance(instance, dict) \
        else instance
    if not isinstance(body, dict):
        return None
    variant = union.variant_for(body.get(union.discriminator))
    return variant.name if variant is not None else None


def _union(doc: Document) -> MessageUnion | None:
    if not isinstance(doc.root, dict):
        return None
    try:
        return find_union(doc.root)
    except Exception:  # noqa: BLE001 - no recognisable message union: the root is the message.
        return None


def split_path(path: str) -> tuple[str, tuple[str, ...]]:
    """``GenerationMessage.payload.items[].seed`` -> (``GenerationMessage``, fields and ``[]``).

    The fields stop at a label that names no instance location (``<Variant>``, ``(if)``, ``.*``).
    """
    head = re.split(r"[.\[<({]", path, maxsplit=1)[0]
    rest = path[len(head):]
    fields: list[str] = []
    position = 0
    while position < len(rest):
        match = _TOKEN.match(rest, position)
        if match is None:
            break
        fields.append(match.group(1) if match.group(1) is not None else "[]")
        position = match.end()
    return head, tuple(fields)


class _Search:
    """Witness search for one direction, focused on the message type and path of a finding."""

    def __init__(self, writer: Document, reader: Document) -> None:
        self.writer, self.reader = writer, reader
        self.union = _union(writer)
        self.sampler = Sampler(writer, hints_of(reader))

    def for_path(self, path: str) -> Found | None:
        """A witness of the message type ``path`` starts with, rejected at ``path`` if any is."""
        head, fields = split_path(path)
        fallback = None
        for instance in self._candidates(head, fields):
            if not is_witness(instance, self.writer, self.reader):
                continue
            if self._rejected_at(instance, fields):
                return Found(instance)
            fallback = Found(instance) if fallback is None else fallback
        return fallback

    def _candidates(self, head: str, fields: tuple[str, ...]) -> Iterator[Any]:
        union = self.union
        variant = None
        if union is not None:
            variant = next((v for v in union.variants if v.name == head), None)
        if union is None or variant is None:
            yield from self.sampler.instances(_CANDIDATES, focus=fields)
            return
        from schemadiff import pointer as jp

        schema = jp.get(self.writer.root, variant.pointer)
        bodies = self.sampler.instances(_CANDIDATES, schema=schema, focus=fields)
        envelope = union.envelope
        if envelope is None:
            yield from bodies
            return
        for body in bodies:
            yield {**self.frame, envelope: body}

    @cached_property
    def frame(self) -> dict[str, Any]:
        """The root object around the envelope (its other required properties), built once."""
        root = self.writer.deref(self.writer.root)
        if not isinstance(root, dict) or self.union is None or self.union.envelope is None:
            return {}
        sampler = Sampler(self.writer)
        frame: dict[str, Any] = {}
        for name in root.get("required", ()):
            if name != self.union.envelope:
                values = sampler._gen(root.get("properties", {}).get(name, True), 1, 2)
                if values:
                    frame[name] = values[0]
        return frame

    def _rejected_at(self, instance: Any, fields: tuple[str, ...]) -> bool:
        wanted = [f for f in fields if f != "[]"]
        envelope = self.union.envelope if self.union is not None else None
        for error in _errors(self.reader, instance):
            where = [p for p in error.absolute_path if isinstance(p, str)]
            if envelope and where[:1] == [envelope]:
                where = where[1:]
            if where == wanted or (where == wanted[:-1] and error.validator in (
                    "required", "additionalProperties", "type", "const", "enum")):
                return True
        return not wanted


def _errors(doc: Document, instance: Any) -> Iterator[Any]:
    try:
        stack = list(doc.validator.iter_errors(instance))
    except Exception:  # noqa: BLE001 - no errors to explain: no preference among witnesses.
        return
    while stack:
        error = stack.pop()
        yield error
        stack.extend(error.context or ())


def judge(old: Any, new: Any, mode: Mode, *, verify: bool = True) -> DiffReport:
    """Diff two schema documents (no snapshot store, no policy): the report ``diff`` would give."""
    from schemadiff.diff.classify import classify
    from schemadiff.diff.engine import compare
    from schemadiff.diff.model import SchemaInfo

    report = classify(compare(as_object(old), as_object(new)), mode=mode,
                      old=SchemaInfo("old", None, ""), new=SchemaInfo("new", None, ""))
    return reconcile(report, old, new, verify=verify)
