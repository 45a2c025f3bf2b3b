"""The HTML diff report: a header with both versions and the verdict, findings grouped by message
type, a filter bar by level, and the rules the findings cite.

The page is built from fragments that other HTML reports reuse: ``check``
(:mod:`~schemadiff.report.html.check`) puts its own verdict above :func:`diff_facts` and
:func:`findings_section`; ``log`` (:mod:`~schemadiff.report.html.log`) puts one
:func:`findings_section` per version step, each with its own ``prefix`` so that ids stay unique,
above one :func:`rules_section` listing the rules of every step.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import groupby
from typing import Any

from schemadiff.diff.model import AFFECTS_MORE, DiffReport, Finding, Level, Mode, Rule, Side
from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.diff.common import (
    LEVELS_WORST_FIRST,
    counts_text,
    evidence_text,
    fails,
    message_type,
    schema_label,
    side_info,
    value_text,
    verdict,
)
from schemadiff.report.html.page import Filter, anchor, document, esc, esc_path

VALUE_LIMIT = 160
"""Old and new values longer than this are shortened in the finding's line and shown in full,
pretty-printed, in a folded block below it."""
AFFECTS_INLINE = 3
"""Up to this many affected message paths are listed inline; more are folded."""


def render(report: DiffReport, options: RenderOptions = PLAIN) -> str:
    """Return the report as one self-contained HTML page (uses ``fail_on``, ``rules`` and
    ``tool_version`` of ``options``)."""
    fail_on = options.fail_on
    title = f"schemadiff diff: {report.old.label} → {report.new.label}"
    header = (
        f"<h1>{esc(title)}</h1>\n"
        f"{diff_facts(report, fail_on)}"
        f"{verdict_block(report, fail_on)}"
        f"{counts_line(report)}"
    )
    main = (
        notices_section(report.notices)
        + findings_section(report, fail_on)
        + rules_section([f.rule for f in report.findings], rule_catalog(options.rules),
                        report.mode)
    )
    return document(title, header, main, filters=filters(report.findings),
                    tool_version=options.tool_version)


def rule_catalog(rules: Mapping[str, Rule] | None) -> Mapping[str, Rule]:
    """``rules``, or the built-in catalog when none is given."""
    if rules is not None:
        return rules
    from schemadiff.diff.rules import RULES

    return RULES


def diff_facts(report: DiffReport, fail_on: Level | None) -> str:
    """Both sides, the mode and the threshold, as a definition list."""
    threshold = "never" if fail_on is None else str(fail_on)
    return (
        '<dl class="facts">\n'
        f"<dt>old</dt><dd>{esc_path(schema_label(report.old))}</dd>\n"
        f"<dt>new</dt><dd>{esc_path(schema_label(report.new))}</dd>\n"
        f"<dt>mode</dt><dd>{esc(report.mode)}</dd>\n"
        f"<dt>fails at</dt><dd>{esc(threshold)}</dd>\n"
        "</dl>\n"
    )


def verdict_block(report: DiffReport, fail_on: Level | None) -> str:
    """The verdict sentence, coloured and worded."""
    failed, sentence = verdict(report, fail_on)
    return f'<p class="verdict {"fail" if failed else "ok"}">{esc(sentence)}</p>\n'


def counts_line(report: DiffReport) -> str:
    """The number of findings per level, each level as a badge."""
    counts = report.counts()
    badges = " ".join(
        f'<span class="level {level}">{level}</span> {counts[level]}'
        for level in LEVELS_WORST_FIRST
    )
    return (f'<p class="counts">{badges} '
            f'<span class="muted">({esc(counts_text(report))})</span></p>\n')


def filters(findings: Sequence[Finding]) -> list[Filter]:
    """One checkbox per level, then one for approved findings when there are any."""
    counts = dict.fromkeys(Level, 0)
    for finding in findings:
        counts[finding.level] += 1
    chosen = [Filter(level.value, level.value, counts[level]) for level in LEVELS_WORST_FIRST]
    approved = sum(1 for f in findings if f.approved)
    if approved:
        chosen.append(Filter("approved", "approved", approved))
    return chosen


def notices_section(notices: Sequence[str], *, prefix: str = "", heading: str = "h2") -> str:
    """Things to know that are not findings (an expired approval, say); empty when none."""
    if not notices:
        return ""
    items = "".join(f"<li>{esc(notice)}</li>\n" for notice in notices)
    return (f'<section id="{anchor(prefix, "notices")}">\n<{heading}>Notices</{heading}>\n'
            f'<ul class="plain">\n{items}</ul>\n</section>\n')


def findings_section(
    report: DiffReport, fail_on: Level | None, *, prefix: str = "", heading: str = "h2"
) -> str:
    """The findings grouped by message type (the report's order within a group).

    ``prefix`` makes every id unique when a page holds several diffs (a log report).
    """
    sub = "h3" if heading == "h2" else "h4"
    if not report.findings:
        return (f"<section>\n<{heading}>Findings</{heading}>\n"
                f"<p>No changes.</p>\n</section>\n")
    ordered = sorted(report.findings, key=lambda f: message_type(f.path))
    parts = [f'<section id="{anchor(prefix, "findings")}">\n<{heading}>Findings</{heading}>\n']
    number = 0
    for group, members in groupby(ordered, key=lambda f: message_type(f.path)):
        items = list(members)
        noun = "finding" if len(items) == 1 else "findings"
        parts.append(
            f'<section class="group filtered" id="{anchor(prefix, "type", group)}">\n'
            f'<{sub}><code>{esc(group)}</code> <span class="count">{len(items)} {noun}</span>'
            f"</{sub}>\n"
            '<ol class="findings">\n'
        )
        for finding in items:
            number += 1
            parts.append(finding_item(report, finding, fail_on,
                                      ident=anchor(prefix, "finding", str(number)),
                                      rule_ref=anchor("rule", finding.rule)))
        parts.append("</ol>\n</section>\n")
    parts.append("</section>\n")
    return "".join(parts)


def finding_item(
    report: DiffReport, finding: Finding, fail_on: Level | None, *, ident: str, rule_ref: str
) -> str:
    """One finding as a list item whose classes carry its level (and ``approved``)."""
    classes = ["finding", finding.level.value]
    if finding.approved:
        classes.append("approved")
    tags = ""
    if finding.approved:
        tags += ' <span class="tag approved">approved</span>'
    if fails(finding, fail_on):
        tags += ' <span class="tag fails">fails the run</span>'
    side = side_info(report, finding)
    lines = [
        f'<li class="{" ".join(classes)}" id="{ident}">\n',
        f'<p class="head"><span class="level {finding.level}">{finding.level}</span> '
        f'<a class="rule" href="#{rule_ref}"><code>{esc(finding.rule)}</code></a>{tags}</p>\n',
        f'<p class="path"><code>{esc_path(finding.path)}</code></p>\n',
        _change(finding),
        f'<p class="reason">{esc(finding.message)}</p>\n',
        _affects(finding),
        _witness(report, finding),
    ]
    if finding.approved:
        lines.append(f'<p class="approval"><strong>approved:</strong> '
                     f"{esc(finding.approval or '')}</p>\n")
    if finding.oldest is not None:
        lines.append(f'<p class="oldest"><strong>holds since:</strong> {esc(finding.oldest)}</p>\n')
    traffic = evidence_text(finding)
    if traffic is not None:
        lines.append(f'<p class="evidence"><strong>traffic:</strong> {esc(traffic)}</p>\n')
    lines.append(f'<p class="where">in {esc_path(side.label)} at '
                 f"<code>{esc_path(finding.pointer)}</code></p>\n</li>\n")
    return "".join(lines)


def _change(finding: Finding) -> str:
    old = value_text(finding.old, limit=VALUE_LIMIT)
    new = value_text(finding.new, limit=VALUE_LIMIT)
    line = f'<p class="change"><code>{esc(old)}</code> → <code>{esc(new)}</code></p>\n'
    if old == value_text(finding.old) and new == value_text(finding.new):
        return line
    return (
        line
        + "<details><summary>full values</summary>\n"
        + f"<p>old:</p><pre>{esc(_pretty(finding.old))}</pre>\n"
        + f"<p>new:</p><pre>{esc(_pretty(finding.new))}</pre>\n"
        + "</details>\n"
    )


def _pretty(value: Any) -> str:
    if value is None:
        return "(none)"
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2, default=str)


def _affects(finding: Finding) -> str:
    affects = finding.affects
    if not affects or (len(affects) == 1 and affects[0] == finding.path):
        return ""
    items = [
        f'<span class="muted">{esc(path)}</span>' if path.startswith(AFFECTS_MORE)
        else f"<code>{esc_path(path)}</code>"
        for path in affects
    ]
    if len(affects) <= AFFECTS_INLINE:
        return f'<p class="affects"><strong>affects:</strong> {", ".join(items)}</p>\n'
    listed = sum(1 for path in affects if not path.startswith(AFFECTS_MORE))
    more = next((p for p in affects if p.startswith(AFFECTS_MORE)), None)
    summary = f"affects {listed} message paths"
    if more is not None:
        summary += ", " + more.removeprefix("… ")
    body = "".join(f"<li>{item}</li>\n" for item in items)
    return (f'<details class="affects"><summary>{esc(summary)}</summary>\n'
            f'<ul class="paths">\n{body}</ul>\n</details>\n')


def _witness(report: DiffReport, finding: Finding) -> str:
    """The message one side accepts and the other rejects (issue #12), when the finding has one."""
    witness = finding.witness
    if witness is None:
        return ""
    writer, reader = ((report.new, report.old) if witness.accepted_by is Side.NEW
                      else (report.old, report.new))
    role = f"a message {writer.label} accepts and {reader.label} rejects"
    # A witness is a whole message from the root, often longer than the finding itself: folded
    # under a summary that says what it proves, pretty-printed when opened (the text people copy).
    text = json.dumps(witness.instance, ensure_ascii=False, sort_keys=True, indent=2, default=str)
    return (f'<details class="witness"><summary><strong>witness:</strong> {esc(role)}</summary>'
            f"<pre>{esc(text)}</pre></details>\n")


def rules_section(rule_ids: Iterable[str], rules: Mapping[str, Rule], mode: Mode) -> str:
    """Every rule cited, once, sorted by id: level in ``mode``, summary and why.

    One per page: findings of every diff on the page link to these entries.
    """
    used = sorted(set(rule_ids))
    if not used:
        return ""
    entries = []
    for rule_id in used:
        rule = rules.get(rule_id)
        ident = anchor("rule", rule_id)
        if rule is None:
            entries.append(f'<dt id="{ident}"><code>{esc(rule_id)}</code></dt>\n'
                           "<dd>Not in this version's rule catalog.</dd>\n")
            continue
        level = rule.level(mode)
        mirror = (f' <span class="muted">Opposite change: <code>{esc(rule.mirror)}</code>.</span>'
                  if rule.mirror and rule.mirror != rule.id else "")
        entries.append(
            f'<dt id="{ident}"><code>{esc(rule.id)}</code> '
            f'<span class="level {level}">{level}</span> '
            f'<span class="muted">{esc(rule.category)}, in {esc(mode)} mode</span></dt>\n'
            f"<dd>{esc(_sentence(rule.summary))} {esc(rule.why(mode))}{mirror}</dd>\n"
        )
    return ('<section id="rules">\n<h2>Rules</h2>\n'
            f'<dl class="rules">\n{"".join(entries)}</dl>\n</section>\n')


def _sentence(text: str) -> str:
    return text if re.search(r"[.!?]$", text) else text + "."
