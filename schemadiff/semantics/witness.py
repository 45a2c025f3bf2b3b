"""Witnesses: concrete instances that one schema accepts and the other rejects.

Candidates come from :mod:`~schemadiff.semantics.sample` (generated from the writer's schema,
around the constants of the reader's) and from the reader's own values; each is checked by both
documents' validators (formats asserted), so a witness shown to a user is never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from schemadiff.semantics.documents import Document
from schemadiff.semantics.inclusion import included
from schemadiff.semantics.sample import Sampler, hints_of


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Witness:
    """An instance the writer's schema accepts and the reader's rejects (both checked)."""

    instance: Any


@dataclass(frozen=True, slots=True)
class Inclusion:
    answer: Answer
    witness: Witness | None = None


def decide(writer: Document, reader: Document, *, samples: int = 400) -> Inclusion:
    """Whether every instance of ``writer`` is valid under ``reader``: YES only when proven, NO
    only with a checked witness, UNKNOWN otherwise."""
    witness = find_witness(writer, reader, limit=samples)
    if witness is not None:
        return Inclusion(Answer.NO, witness)
    if included(writer.root, writer, reader.root, reader):
        return Inclusion(Answer.YES)
    return Inclusion(Answer.UNKNOWN)


def is_witness(instance: Any, writer: Document, reader: Document) -> bool:
    """True when ``writer`` accepts ``instance`` and ``reader`` certainly rejects it."""
    return writer.accepts(instance) is True and reader.rejects(instance)


def find_witness(writer: Document, reader: Document, *, limit: int = 400) -> Witness | None:
    """An instance valid under ``writer`` and invalid under ``reader``, if one is found."""
    return first_witness(candidates(writer, reader, limit), writer, reader)


def candidates(writer: Document, reader: Document, limit: int) -> Iterable[Any]:
    hints = hints_of(reader)
    yield from Sampler(writer, hints).instances(limit)
    yield from Sampler(reader, hints_of(writer)).instances(limit // 4)


def first_witness(values: Iterable[Any], writer: Document, reader: Document) -> Witness | None:
    for value in values:
        if is_witness(value, writer, reader):
            return Witness(value)
    return None
