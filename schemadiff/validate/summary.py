"""The summary of a validation run: counts per message type, the first errors, coverage counters.

A :class:`Summary` is small, picklable and mergeable: each worker (a process of ``--jobs``, a Dask
partition) summarises its share and :func:`merge` folds the shares in input order, so the first
``max_errors`` errors of the merged summary are the first of the whole input. Messages themselves
never travel between processes, only summaries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from schemadiff.validate.coverage import Coverage
from schemadiff.validate.model import NOT_JSON, ErrorEntry, Issue, Record

DEFAULT_MAX_ERRORS = 20


@dataclass(slots=True)
class Summary:
    """Counts and the first errors of validating some records against one schema.

    ``by_type`` maps a message type to ``[count, valid, invalid]``. ``errors`` keeps the first
    ``max_errors`` issues in input order; ``error_count`` counts them all.
    """

    label: str = ""
    max_errors: int = DEFAULT_MAX_ERRORS
    total: int = 0
    valid: int = 0
    invalid: int = 0
    skipped: int = 0
    by_type: dict[str, list[int]] = field(default_factory=dict)
    skipped_by_reason: dict[str, int] = field(default_factory=dict)
    errors: list[ErrorEntry] = field(default_factory=list)
    error_count: int = 0
    coverage: Coverage | None = None

    def add_valid(self, name: str, count: int = 1) -> None:
        """Count ``count`` valid messages of type ``name`` (the hot path)."""
        self.total += count
        self.valid += count
        counts = self.by_type.get(name)
        if counts is None:
            self.by_type[name] = [count, count, 0]
        else:
            counts[0] += count
            counts[1] += count

    def add_invalid(self, record: Record, name: str, issues: tuple[Issue, ...],
                    against: str | None = None) -> None:
        """Count one invalid record and keep its issues while under the cap."""
        self.total += 1
        self.invalid += 1
        counts = self.by_type.setdefault(name, [0, 0, 0])
        counts[0] += 1
        counts[2] += 1
        self.error_count += len(issues)
        for issue in issues:
            if len(self.errors) >= self.max_errors:
                break
            self.errors.append(ErrorEntry(record.source, record.line, record.index, name,
                                          issue.path, issue.keyword, issue.message, against))

    def add_parse_error(self, record: Record, against: str | None = None) -> None:
        self.add_invalid(record, NOT_JSON, (Issue("", "json", record.error or "not JSON"),),
                         against)

    def add_skipped(self, reason: str) -> None:
        self.skipped += 1
        self.skipped_by_reason[reason] = self.skipped_by_reason.get(reason, 0) + 1

    def shifted(self, lines: int) -> Summary:
        """Return this summary with its errors ``lines`` further down (a chunk of a file)."""
        if not lines:
            return self
        copy = merge(Summary(self.label, self.max_errors), self)
        copy.errors = [entry.shifted(lines) for entry in self.errors]
        return copy

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "against": self.label,
            "total": self.total,
            "valid": self.valid,
            "invalid": self.invalid,
            "skipped": self.skipped,
            "skipped_by_reason": dict(sorted(self.skipped_by_reason.items())),
            "by_type": {name: {"count": c[0], "valid": c[1], "invalid": c[2]}
                        for name, c in sorted(self.by_type.items())},
            "error_count": self.error_count,
            "errors": [entry.to_json() for entry in self.errors],
        }
        if self.coverage is not None:
            data["coverage"] = self.coverage.to_json()
        return data


def merge(first: Summary, second: Summary) -> Summary:
    """Return the summary of ``first``'s records followed by ``second``'s."""
    merged = Summary(first.label or second.label, first.max_errors)
    merged.total = first.total + second.total
    merged.valid = first.valid + second.valid
    merged.invalid = first.invalid + second.invalid
    merged.skipped = first.skipped + second.skipped
    for part in (first, second):
        for name, counts in part.by_type.items():
            target = merged.by_type.setdefault(name, [0, 0, 0])
            for position in range(3):
                target[position] += counts[position]
        for reason, count in part.skipped_by_reason.items():
            merged.skipped_by_reason[reason] = merged.skipped_by_reason.get(reason, 0) + count
    merged.errors = (first.errors + second.errors)[: merged.max_errors]
    merged.error_count = first.error_count + second.error_count
    if first.coverage is not None and second.coverage is not None:
        merged.coverage = first.coverage.merged(second.coverage)
    else:
        merged.coverage = first.coverage or second.coverage
    return merged
