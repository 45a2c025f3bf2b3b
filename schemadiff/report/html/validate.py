"""The HTML validation report: the verdict, totals, the table per message type, error groups, the
first errors with their source:line, and coverage when asked for.

Message content (enum values, property names, validator messages quoting the offending value)
reaches the page only through :func:`~schemadiff.report.html.page.esc`.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.html.page import document, esc, esc_path
from schemadiff.report.validate import ValidationReport
from schemadiff.report.validate.text import GROUPS_SHOWN, location, type_order, verdict
from schemadiff.validate.coverage import Coverage
from schemadiff.validate.matrix import Matrix
from schemadiff.validate.summary import ErrorGroup, Summary

LIST_INLINE = 12
"""Coverage lists longer than this are folded."""


def render(report: ValidationReport, options: RenderOptions = PLAIN) -> str:
    """Return the validation report as one self-contained HTML page."""
    matrix = report.matrix
    summary = matrix.primary
    failed = bool(summary.invalid) or matrix.interrupted
    title = f"schemadiff validate: {'FAIL' if failed else 'OK'}"
    header = (
        f"<h1>{esc(title)}</h1>\n"
        f"{_facts(report)}"
        f'<p class="verdict {"fail" if failed else "ok"}">{esc(verdict(report))}</p>\n'
        f"{_totals(summary)}"
    )
    parts = []
    if matrix.overall is not None:
        parts.append(_versions(matrix))
    parts.append(_types(summary, several=matrix.overall is not None))
    parts.append(_groups(summary))
    if matrix.divergent_count:
        parts.append(_divergent(matrix))
    parts.append(_errors(summary))
    if report.coverage:
        parts.extend(_coverage(s.coverage, s.label if len(matrix.versions) > 1 else None)
                     for s in matrix.versions if s.coverage is not None)
    return document(title, header, "".join(parts), tool_version=options.tool_version)


def _facts(report: ValidationReport) -> str:
    logs = ", ".join(f"<code>{esc_path(source)}</code>" for source in report.sources)
    against = report.descriptions or report.matrix.labels
    schemas = "<br>".join(esc(item) for item in against)
    return (
        '<dl class="facts">\n'
        f"<dt>{'log' if len(report.sources) == 1 else 'logs'}</dt><dd>{logs}</dd>\n"
        f"<dt>against</dt><dd>{schemas}</dd>\n"
        "</dl>\n"
    )


def _totals(summary: Summary) -> str:
    skipped = ""
    if summary.skipped:
        reasons = ", ".join(f"{count:,} {reason}"
                            for reason, count in sorted(summary.skipped_by_reason.items()))
        skipped = f"<dt>skipped</dt><dd>{summary.skipped:,} ({esc(reasons)})</dd>\n"
    return (
        '<dl class="facts totals">\n'
        f"<dt>messages</dt><dd>{summary.total:,}</dd>\n"
        f"<dt>valid</dt><dd>{summary.valid:,}</dd>\n"
        f"<dt>invalid</dt><dd>{summary.invalid:,}</dd>\n"
        f"{skipped}"
        f"<dt>errors</dt><dd>{summary.error_count:,}</dd>\n"
        "</dl>\n"
    )


NUM = ' class="num"'


def _table(caption: str, header: Sequence[str], rows: Sequence[tuple[str, Sequence[str]]]) -> str:
    """A table whose first column is text and the others numbers; each row carries a class."""
    head = "".join(
        f'<th scope="col"{"" if i == 0 else NUM}>{esc(cell)}</th>' for i, cell in enumerate(header)
    )
    body = "".join(
        f'<tr class="{css}">'
        + "".join(f"<td>{cells[0]}</td>" if i == 0 else f'<td class="num">{cell}</td>'
                  for i, cell in enumerate(cells))
        + "</tr>\n"
        for css, cells in rows
    )
    return (f"<table>\n<caption class=\"muted\">{esc(caption)}</caption>\n"
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n")


def _counts_row(name: str, counts: Sequence[int], css: str = "") -> tuple[str, list[str]]:
    total, valid, invalid = counts
    return (css or ("bad" if invalid else ""),
            [name, f"{total:,}", f"{valid:,}", f"{invalid:,}"])


def _versions(matrix: Matrix) -> str:
    rows = [_counts_row(esc(s.label), (s.total, s.valid, s.invalid)) for s in matrix.versions]
    return ('<section id="versions">\n<h2>By schema</h2>\n'
            + _table("messages per --against schema", ("against", "count", "valid", "invalid"),
                     rows)
            + "</section>\n")


def _types(summary: Summary, *, several: bool) -> str:
    ordered = sorted(summary.by_type.items(), key=type_order)
    rows = [_counts_row(f"<code>{esc(name)}</code>", counts) for name, counts in ordered]
    rows.append(_counts_row("total", (summary.total, summary.valid, summary.invalid), "total"))
    caption = ("valid = valid under every schema" if several
               else "messages per message type")
    return ('<section id="types">\n<h2>By message type</h2>\n'
            + _table(caption, ("type", "count", "valid", "invalid"), rows)
            + "</section>\n")


def _groups(summary: Summary) -> str:
    groups = summary.error_groups()
    if not groups:
        return ""

    def item(group: ErrorGroup) -> str:
        path = (f"<code>{esc_path(group.path)}</code>" if group.path
                else '<span class="muted">(the message)</span>')
        where = esc_path(location(group.source, group.line, group.index))
        return (f"<li><strong>{group.count:,}&times;</strong> "
                f"<code>{esc(group.type)}</code> {path} "
                f'<span class="tag">{esc(group.keyword)}</span> '
                f'<span class="muted">first at <code>{where}</code></span></li>\n')

    shown = "".join(item(group) for group in groups[:GROUPS_SHOWN])
    rest = groups[GROUPS_SHOWN:]
    folded = ""
    if rest:
        folded = (f"<details><summary>{len(rest):,} more groups</summary>\n"
                  f'<ul class="plain groups">\n{"".join(item(g) for g in rest)}</ul>\n'
                  "</details>\n")
    noun = "group" if len(groups) == 1 else "groups"
    return ('<section id="groups">\n'
            f'<h2>Error groups <span class="muted">({len(groups):,} {noun}, largest first)</span>'
            "</h2>\n"
            f'<ul class="plain groups">\n{shown}</ul>\n{folded}</section>\n')


def _divergent(matrix: Matrix) -> str:
    shown, count = len(matrix.divergent), matrix.divergent_count
    heading = f"first {shown:,} of {count:,}" if count > shown else f"{count:,}"
    items = []
    for item in matrix.divergent:
        valid = ", ".join(label for label, ok in zip(matrix.labels, item.valid, strict=True) if ok)
        invalid = ", ".join(label for label, ok in zip(matrix.labels, item.valid, strict=True)
                            if not ok)
        items.append(
            f"<li><code>{esc_path(location(item.source, item.line, item.index))}</code> "
            f"<code>{esc(item.type)}</code>: valid under {esc(valid)}; "
            f"invalid under {esc(invalid)}</li>\n"
        )
    return ('<section id="divergent">\n'
            f'<h2>Valid under some schemas only <span class="muted">({heading})</span></h2>\n'
            f'<ul class="plain">\n{"".join(items)}</ul>\n</section>\n')


def _errors(summary: Summary) -> str:
    if not summary.errors:
        return ""
    shown, total = len(summary.errors), summary.error_count
    heading = f"first {shown:,} of {total:,}" if total > shown else f"{total:,}"
    items = []
    for entry in summary.errors:
        against = f' <span class="tag">{esc(entry.against)}</span>' if entry.against else ""
        path = f" <code>{esc_path(entry.path)}</code>" if entry.path else ""
        items.append(
            '<li class="error">'
            f"<code>{esc_path(location(entry.source, entry.line, entry.index))}</code>{against} "
            f"<strong>{esc(entry.type)}</strong>{path} "
            f'<span class="tag">{esc(entry.keyword)}</span><br>'
            f"{esc(entry.message)}</li>\n"
        )
    return ('<section id="errors">\n'
            f'<h2>Errors <span class="muted">({heading})</span></h2>\n'
            f'<ol class="errors">\n{"".join(items)}</ol>\n</section>\n')


def _listing(label: str, names: Sequence[str]) -> str:
    if not names:
        return f"<li>{esc(label)}: none</li>\n"
    codes = ", ".join(f"<code>{esc(name)}</code>" for name in names)
    if len(names) <= LIST_INLINE:
        return f"<li>{esc(label)} ({len(names):,}): {codes}</li>\n"
    return (f"<li><details><summary>{esc(label)} ({len(names):,})</summary>\n"
            f"<p>{codes}</p></details></li>\n")


def _coverage(coverage: Coverage, label: str | None) -> str:
    data = coverage.to_json()
    title = "Coverage" + (f" ({label})" if label else "")
    unseen_values = [f"{key}.{value}" for key, item in data["enums"].items()
                     for value in item["never"]]
    seen = len(data["types"]["seen"])
    return (
        f"<section class=\"coverage\">\n<h2>{esc(title)}</h2>\n<ul class=\"plain\">\n"
        f"<li>message types seen: {seen:,} of {len(coverage.known_types):,}</li>\n"
        + _listing("message types never seen", data["types"]["never"])
        + _listing("enum values never seen", unseen_values)
        + _listing("optional fields never present", data["optional"]["never"])
        + _listing("nullable fields never null", data["nullable"]["never_null"])
        + "</ul>\n</section>\n"
    )
