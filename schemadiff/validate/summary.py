"""The summary of a validation run: counts per message type, the first errors, coverage counters.

A :class:`Summary` is small, picklable and mergeable: each worker (a process of ``--jobs``, a Dask
partition) summarises its share and :func:`merge` folds the shares in input order, so the first
``max_errors`` errors of the merged summary are the first of the whole input. Messages themselves
never travel between processes, only summaries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from schemadiff.validate.coverage import Coverage
from schemadiff.validate.model import DEFAULT_MAX_ERRORS, NOT_JSON, ErrorEntry, Issue, Record

MAX_GROUPS = 1000
"""Distinct error groups kept; past this, new paths are counted under ``OTHER_PATHS``."""
OTHER_PATHS = "(other paths)"
"""The path of the group that counts errors at paths first seen after ``MAX_GROUPS`` groups."""

GroupKey = tuple[str, str, str]
"""(message type, path with array indices folded, keyword)."""


@dataclass(frozen=True, slots=True)
class ErrorGroup:
    """Errors of one kind: same message type, folded path and keyword; where it first occurred."""

    type: str
    path: str
    """The instance path with array indices folded: ``payload.predictions[].status``."""
    keyword: str
    count: int
    source: str
    line: int
    index: int | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type, "path": self.path, "keyword": self.keyword,
                                "count": self.count, "source": self.source, "line": self.line}
        if self.index is not None:
            data["index"] = self.index
        return data


@dataclass(slots=True)
class Summary:
    """Counts and the first errors of validating some records against one schema.

    ``by_type`` maps a message type to ``[count, valid, invalid]``. ``errors`` keeps the first
    ``max_errors`` issues in input order, explained; ``error_count`` counts every error the fast
    engine found and ``groups`` counts them by :data:`GroupKey` as ``[count, source, line,
    index]`` of the first occurrence.
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
    groups: dict[GroupKey, list[Any]] = field(default_factory=dict)
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

    def add_invalid(self, record: Record, name: str, keys: Sequence[tuple[str, str]],
                    explain: Callable[[], Sequence[Issue]] | Sequence[Issue],
                    against: str | None = None) -> None:
        """Count one invalid record: its errors (``keys``, from the fast engine) into the groups,
        and, while the detailed list has room, its explained issues.

        ``explain`` is called only when the detailed list still has room: counting a message
        never pays for explaining it.
        """
        self.add_invalid_at(record.source, record.line, record.index, name, keys, explain,
                            against)

    def add_invalid_at(self, source: str, line: int, index: int | None, name: str,
                       keys: Sequence[tuple[str, str]],
                       explain: Callable[[], Sequence[Issue]] | Sequence[Issue],
                       against: str | None = None) -> None:
        """:meth:`add_invalid` without a :class:`Record` (the hot loop has only a line number)."""
        self.total += 1
        self.invalid += 1
        counts = self.by_type.get(name)
        if counts is None:
            counts = self.by_type[name] = [0, 0, 0]
        counts[0] += 1
        counts[2] += 1
        self.add_errors(source, line, index, name, keys, explain, against)

    def add_errors(self, source: str, line: int, index: int | None, name: str,
                   keys: Sequence[tuple[str, str]],
                   explain: Callable[[], Sequence[Issue]] | Sequence[Issue],
                   against: str | None = None) -> None:
        """Count and group the errors of one message without counting the message itself."""
        self.error_count += len(keys)
        groups = self.groups
        for path, keyword in keys:
            key = (name, path, keyword)
            group = groups.get(key)
            if group is None:
                if len(groups) >= MAX_GROUPS:
                    key = (name, OTHER_PATHS, keyword)
                    group = groups.get(key)
                if group is None:
                    group = groups[key] = [0, source, line, index]
            group[0] += 1
        room = self.max_errors - len(self.errors)
        if room <= 0:
            return
        issues = explain() if callable(explain) else explain
        self.errors.extend(ErrorEntry(source, line, index, name, issue.path, issue.keyword,
                                      issue.message, against) for issue in issues[:room])

    def add_parse_error(self, record: Record, against: str | None = None) -> None:
        self.add_invalid(record, NOT_JSON, (("", "json"),),
                         (Issue("", "json", record.error or "not JSON"),), against)

    def error_groups(self) -> list[ErrorGroup]:
        """The groups, largest first (then by type, path and keyword)."""
        ordered = sorted(self.groups.items(), key=lambda item: (-item[1][0], item[0]))
        return [ErrorGroup(key[0], key[1], key[2], *value) for key, value in ordered]

    def add_skipped(self, reason: str, count: int = 1) -> None:
        self.skipped += count
        self.skipped_by_reason[reason] = self.skipped_by_reason.get(reason, 0) + count

    def shifted(self, lines: int) -> Summary:
        """Return this summary with its errors ``lines`` further down (a chunk of a file)."""
        if not lines:
            return self
        copy = merge(Summary(self.label, self.max_errors), self)
        copy.errors = [entry.shifted(lines) for entry in self.errors]
        copy.groups = {key: [count, source, line + lines, index]
                       for key, (count, source, line, index) in self.groups.items()}
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
            "error_groups": [group.to_json() for group in self.error_groups()],
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
    merged.groups = {key: list(value) for key, value in first.groups.items()}
    for key, (count, source, line, index) in second.groups.items():
        group = merged.groups.get(key)
        if group is not None:
            group[0] += count
        elif len(merged.groups) < MAX_GROUPS or key[1] == OTHER_PATHS:
            merged.groups[key] = [count, source, line, index]
        else:
            other = merged.groups.setdefault((key[0], OTHER_PATHS, key[2]),
                                             [0, source, line, index])
            other[0] += count
    if first.coverage is not None and second.coverage is not None:
        merged.coverage = first.coverage.merged(second.coverage)
    else:
        merged.coverage = first.coverage or second.coverage
    return merged
