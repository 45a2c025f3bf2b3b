"""Several ``--against`` versions at once: "would this captured traffic survive the new release?".

Every message is validated against every version in one pass. Per version there is a full
:class:`~schemadiff.validate.summary.Summary`; across versions, ``overall`` counts a message valid
only when every version accepts it, and ``divergent`` lists the messages some versions accept and
others reject, with the verdict of each. A :class:`Matrix` with a single version is simply that
version's summary; it merges and pickles like a summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from schemadiff.validate.model import DEFAULT_MAX_ERRORS
from schemadiff.validate.summary import Summary, merge


@dataclass(frozen=True, slots=True)
class Divergence:
    """A message valid under some versions and invalid under others."""

    source: str
    line: int
    index: int | None
    type: str
    valid: tuple[bool, ...]
    """One verdict per version, in ``--against`` order."""

    def shifted(self, lines: int) -> Divergence:
        return Divergence(self.source, self.line + lines, self.index, self.type, self.valid)


@dataclass(slots=True)
class Matrix:
    """The results of one validation run against one or more schemas."""

    labels: tuple[str, ...]
    versions: list[Summary]
    overall: Summary | None = None
    """Across versions (``None`` with one version): valid means valid under every version."""
    divergent: list[Divergence] = field(default_factory=list)
    divergent_count: int = 0
    lines: int = 0
    """How many lines of its input the run consumed (for stitching chunks of one file)."""
    interrupted: bool = False

    @classmethod
    def empty(cls, labels: tuple[str, ...], max_errors: int = DEFAULT_MAX_ERRORS) -> Matrix:
        versions = [Summary(label, max_errors) for label in labels]
        overall = Summary("all", max_errors) if len(labels) > 1 else None
        return cls(labels, versions, overall)

    @property
    def primary(self) -> Summary:
        """The summary the verdict rests on: ``overall``, or the single version's."""
        return self.overall if self.overall is not None else self.versions[0]

    @property
    def max_errors(self) -> int:
        return self.primary.max_errors

    def add_divergence(self, divergence: Divergence) -> None:
        self.divergent_count += 1
        if len(self.divergent) < self.max_errors:
            self.divergent.append(divergence)

    def shifted(self, lines: int) -> Matrix:
        """Return this matrix with every location ``lines`` further down its file."""
        if not lines:
            return self
        return Matrix(
            self.labels,
            [summary.shifted(lines) for summary in self.versions],
            self.overall.shifted(lines) if self.overall is not None else None,
            [d.shifted(lines) for d in self.divergent],
            self.divergent_count, self.lines, self.interrupted,
        )

    def to_json(self) -> dict[str, Any]:
        data = self.primary.to_json()
        if self.overall is not None:
            data["against"] = list(self.labels)
            data["versions"] = [summary.to_json() for summary in self.versions]
            data["divergent_count"] = self.divergent_count
            data["divergent"] = [
                {"source": d.source, "line": d.line, **({"index": d.index} if d.index is not None
                                                       else {}),
                 "type": d.type, "valid": dict(zip(self.labels, d.valid, strict=True))}
                for d in self.divergent
            ]
        data["interrupted"] = self.interrupted
        return data


def merge_matrix(first: Matrix, second: Matrix) -> Matrix:
    """Return the matrix of ``first``'s records followed by ``second``'s."""
    return Matrix(
        first.labels,
        [merge(a, b) for a, b in zip(first.versions, second.versions, strict=True)],
        merge(first.overall, second.overall)
        if first.overall is not None and second.overall is not None else None,
        (first.divergent + second.divergent)[: first.max_errors],
        first.divergent_count + second.divergent_count,
        first.lines + second.lines,
        first.interrupted or second.interrupted,
    )
