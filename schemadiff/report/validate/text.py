"""The text validation report: a table per message type, the first errors, then the verdict.

Plain text with no colour or terminal width, so the same bytes reach a terminal, a CI log and the
golden files::

    type                 count  valid  invalid
    GenerationMessage      980    978        2
    ...
    error groups (2, largest first):
          3  GenerationMessage  payload.predictions[].status  enum  first events.jsonl:4127
    errors (first 20 of 5):
      events.jsonl:4127 GenerationMessage: payload.predictions[2].status: 'exploded' is not ...
    FAIL: 5 of 1,233 messages invalid against latest
"""

from __future__ import annotations

from collections.abc import Sequence

from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.validate import ValidationReport
from schemadiff.report.wording import counted
from schemadiff.validate.coverage import Coverage
from schemadiff.validate.matrix import Matrix
from schemadiff.validate.model import ErrorEntry
from schemadiff.validate.summary import ErrorGroup, Summary

_COVERAGE_SHOWN = 12
GROUPS_SHOWN = 15
"""Error groups listed in text; JSON lists them all. With the type table and 20 errors, a
report of any size fits one screen."""


def render(report: ValidationReport, options: RenderOptions = PLAIN) -> str:
    matrix = report.matrix
    out: list[str] = [_header(report)]
    if report.skipped_files:
        out.append(f"not read (sidecars): {', '.join(report.skipped_files)}")
    out.append("")
    if matrix.overall is not None:
        out += _versions_table(matrix)
        out.append("")
        out.append("by type (valid = valid under every schema):")
    out += _type_table(matrix.primary)
    if matrix.primary.skipped:
        reasons = ", ".join(f"{count} {reason}" for reason, count
                            in sorted(matrix.primary.skipped_by_reason.items()))
        out.append(f"skipped: {matrix.primary.skipped} ({reasons})")
    if matrix.divergent_count:
        out += ["", *_divergent(matrix)]
    groups = matrix.primary.error_groups()
    if groups:
        out += ["", *group_lines(groups)]
    errors = matrix.primary.errors
    if errors:
        shown = len(errors)
        total = matrix.primary.error_count
        heading = (f"errors (first {shown} of {total:,}):" if total > shown
                   else f"errors ({total:,}):")
        out += ["", heading, *("  " + error_line(entry) for entry in errors)]
    if report.coverage:
        for summary in matrix.versions:
            if summary.coverage is not None:
                title = "coverage" + (f" ({summary.label})" if len(matrix.versions) > 1 else "")
                out += ["", f"{title}:", *_coverage(summary.coverage)]
    out += ["", verdict(report)]
    if options.color:
        return _for_terminal(out, options.width)
    return "\n".join(out) + "\n"


_BOLD, _RESET = "\x1b[1m", "\x1b[0m"
_RED, _GREEN, _YELLOW = "\x1b[1;31m", "\x1b[1;32m", "\x1b[1;33m"


def _for_terminal(lines: list[str], width: int) -> str:
    """The report on a terminal, as ``diff`` shows its own: long lines wrapped at spaces under
    their indent (so a path or a name is never broken), headings bold, the verdict coloured.

    Only on a terminal: logs, files and pipes get the plain lines, the same bytes everywhere.
    """
    import textwrap

    out: list[str] = []
    for line in lines[:-1]:
        indent = " " * (len(line) - len(line.lstrip(" ")) + 4)
        wrapped = textwrap.wrap(line, width=max(width, 40), subsequent_indent=indent,
                                break_long_words=False, break_on_hyphens=False) or [""]
        if line and not line.startswith(" ") and line.endswith(":"):
            wrapped = [_BOLD + wrapped[0] + _RESET, *wrapped[1:]]
        out += wrapped
    verdict_line = lines[-1]
    colour = (_GREEN if verdict_line.startswith("OK") else
              _YELLOW if verdict_line.startswith("INTERRUPTED") else _RED)
    out += [colour + part + _RESET for part in textwrap.wrap(
        verdict_line, width=max(width, 40), break_long_words=False, break_on_hyphens=False)]
    return "\n".join(out) + "\n"


def _header(report: ValidationReport) -> str:
    sources = report.sources
    what = sources[0] if len(sources) == 1 else f"{len(sources)} logs"
    against = "; ".join(report.descriptions) or ", ".join(report.matrix.labels)
    return f"validated {what} against {against}"


def error_line(entry: ErrorEntry) -> str:
    """``events.jsonl:4127 GenerationMessage: payload.predictions[2].status: <message>``."""
    where = location(entry.source, entry.line, entry.index)
    against = f" [{entry.against}]" if entry.against else ""
    path = f"{entry.path}: " if entry.path else ""
    return f"{where}{against} {entry.type}: {path}{entry.message}"


def group_lines(groups: Sequence[ErrorGroup]) -> list[str]:
    """The error groups as text: a heading, then one line per group (the largest first)."""
    shown = groups[:GROUPS_SHOWN]
    heading = (f"error groups (largest {len(shown)} of {len(groups):,}):"
               if len(groups) > len(shown) else f"error groups ({len(groups):,}, largest first):")
    rows = [(f"{group.count:,}", group.type, group.path or "(message)", group.keyword,
             "first " + location(group.source, group.line, group.index)) for group in shown]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [heading]
    for row in rows:
        cells = [row[0].rjust(widths[0]), *(cell.ljust(width) for cell, width
                                            in zip(row[1:4], widths[1:], strict=True)), row[4]]
        lines.append("  " + "  ".join(cells))
    if len(groups) > len(shown):
        rest = sum(group.count for group in groups[len(shown):])
        lines.append(f"  … {counted(len(groups) - len(shown), 'more group')} "
                     f"({counted(rest, 'error')}); "
                     "--format json lists every group")
    return lines


def location(source: str, line: int, index: int | None) -> str:
    """``events.jsonl:4127``, ``array.json:1 [3]`` (an array element) or ``capture.har:entry 3
    frame 12`` (a HAR frame)."""
    if index is not None and source.lower().endswith((".har", ".har.gz")):
        return f"{source}:entry {line} frame {index}"
    if index is not None:
        return f"{source}:{line} [{index}]"
    return f"{source}:{line}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = []
    for row in (header, *rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:],
                                                                          strict=True)]
        lines.append("  ".join(cells).rstrip())
    return lines


def _type_table(summary: Summary) -> list[str]:
    rows = [(name, f"{c[0]:,}", f"{c[1]:,}", f"{c[2]:,}")
            for name, c in sorted(summary.by_type.items(), key=type_order)]
    rows.append(("total", f"{summary.total:,}", f"{summary.valid:,}", f"{summary.invalid:,}"))
    return _table(("type", "count", "valid", "invalid"), rows)


def type_order(item: tuple[str, list[int]]) -> tuple[bool, str]:
    # Real message types first, alphabetically; the "(not JSON)"-style buckets after them.
    return item[0].startswith("("), item[0]


def _versions_table(matrix: Matrix) -> list[str]:
    rows = [(s.label, f"{s.total:,}", f"{s.valid:,}", f"{s.invalid:,}") for s in matrix.versions]
    return _table(("against", "count", "valid", "invalid"), rows)


def _divergent(matrix: Matrix) -> list[str]:
    shown = len(matrix.divergent)
    count = matrix.divergent_count
    heading = (f"messages valid under some schemas only (first {shown} of {count}):"
               if count > shown else f"messages valid under some schemas only ({count}):")
    lines = [heading]
    for item in matrix.divergent:
        valid = [label for label, ok in zip(matrix.labels, item.valid, strict=True) if ok]
        invalid = [label for label, ok in zip(matrix.labels, item.valid, strict=True) if not ok]
        where = (f"{item.source}:entry {item.line} frame {item.index}" if item.index is not None
                 else f"{item.source}:{item.line}")
        lines.append(f"  {where} {item.type}: valid under {', '.join(valid)}; "
                     f"invalid under {', '.join(invalid)}")
    return lines


def _listing(label: str, names: Sequence[str]) -> str:
    if not names:
        return f"  {label}: none"
    shown = ", ".join(names[:_COVERAGE_SHOWN])
    more = f", … ({len(names) - _COVERAGE_SHOWN} more)" if len(names) > _COVERAGE_SHOWN else ""
    return f"  {label} ({len(names)}): {shown}{more}"


def _coverage(coverage: Coverage) -> list[str]:
    data = coverage.to_json()
    lines = []
    seen_types = data["types"]["seen"]
    lines.append(f"  message types seen: {len(seen_types)} of {len(coverage.known_types)}")
    lines.append(_listing("message types never seen", data["types"]["never"]))
    unseen_values = [f"{key}.{value}" for key, item in data["enums"].items()
                     for value in item["never"]]
    lines.append(_listing("enum values never seen", unseen_values))
    lines.append(_listing("optional fields never present", data["optional"]["never"]))
    lines.append(_listing("nullable fields never null", data["nullable"]["never_null"]))
    return lines


def verdict(report: ValidationReport) -> str:
    """The last line: ``OK: ...``, ``FAIL: ...`` or ``INTERRUPTED: ...``."""
    summary = report.matrix.primary
    against = " and ".join(report.matrix.labels)
    under = "every one of " if report.matrix.overall is not None else ""
    if report.matrix.interrupted:
        read = counted(summary.total, "message")
        return (f"INTERRUPTED: {summary.invalid:,} of {read} read so far invalid against "
                f"{under}{against}")
    if summary.invalid:
        # With several versions the count is of messages some version rejects.
        some = "at least one of " if report.matrix.overall is not None else ""
        return (f"FAIL: {summary.invalid:,} of {counted(summary.total, 'message')} invalid against "
                f"{some}{against}")
    if summary.total == 0:
        return f"OK: no messages to validate against {against}"
    return f"OK: all {counted(summary.total, 'message')} valid against {under}{against}"
