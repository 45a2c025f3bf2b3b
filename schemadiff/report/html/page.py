"""The shell every HTML report shares: the one escaper, the stylesheet, the page around a body.

A report is one self-contained file: inline CSS, no script, no request to anything (images, fonts,
frames and scripts are all refused by the page's Content-Security-Policy), so it reads the same
from ``file://``, a CI artifact or a mail attachment. Filtering findings by level works without
JavaScript: the filter checkboxes are siblings that come before ``<main>``, and the stylesheet
hides the findings of an unchecked level with the ``~`` combinator.

Everything that comes from input (schema titles and descriptions, enum values, message content,
rule reasons, file names) passes through :func:`esc` exactly once, where it is put into markup.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from schemadiff.diff.model import Level
from schemadiff.report.diff.common import LEVELS_WORST_FIRST
from schemadiff.report.escape import visible


def esc(text: object) -> str:
    """``text`` as HTML text or a quoted attribute value: markup characters become entities.

    Control characters other than newline and tab are shown as escapes (``\\x01``) because HTML
    cannot show them, and lone surrogates (from a JSON ``\\ud800``) as ``\\ud800`` because UTF-8
    cannot encode them.
    """
    shown = visible(str(text), keep="\n\t")
    shown = shown.encode("utf-8", "backslashreplace").decode("utf-8")
    return html.escape(shown, quote=True)


_BREAK_AFTER = re.compile(r"([./])")


def esc_path(text: object) -> str:
    """:func:`esc` for a path or pointer, which may break after a ``.`` or ``/`` on a narrow
    screen rather than inside a name."""
    return _BREAK_AFTER.sub(r"\1<wbr>", esc(text))


def anchor(*parts: str) -> str:
    """An ``id`` made from ``parts`` joined by ``-``: characters outside ``[A-Za-z0-9.-]`` become
    ``_`` and their hexadecimal code point, so two different inputs in the last part never share
    an id, and the id needs no escaping. Earlier parts are fixed words (``rule``, ``finding``)."""
    return "-".join(
        "".join(c if c.isascii() and (c.isalnum() or c in ".-") else f"_{ord(c):x}" for c in p)
        for p in parts if p
    )


@dataclass(frozen=True, slots=True)
class Filter:
    """One checkbox of the filter bar: which findings it shows, and how many there are."""

    key: str
    """``breaking``, ``warning``, ``safe``, ``info`` or ``approved``: the stylesheet knows them."""
    label: str
    count: int


FILTER_KEYS: tuple[str, ...] = (*(level.value for level in LEVELS_WORST_FIRST), "approved")


def _filter_css() -> str:
    # One rule per level hides the findings of an unchecked level; "approved" hides approved ones.
    # Inside @supports, a group whose findings are all hidden is hidden too (browsers without
    # :has() simply keep the group heading).
    hide = ",\n".join(
        f"#show-{key}:not(:checked) ~ main .finding.{key}" for key in FILTER_KEYS
    )
    marks = ",\n".join(
        f"#show-{key}:checked ~ header label[for=show-{key}]::before" for key in FILTER_KEYS
    )
    focus = ",\n".join(
        f"#show-{key}:focus-visible ~ header label[for=show-{key}]" for key in FILTER_KEYS
    )
    shown = ",\n".join(
        [f"#show-{level}:checked ~ main .group:has(.finding.{level}:not(.approved))"
         for level in Level]
        + [f"#show-{level}:checked ~ #show-approved:checked ~ main "
           f".group:has(.finding.{level}.approved)" for level in Level]
    )
    return (
        f"{hide} {{ display: none; }}\n"
        f"{marks} {{ content: \"\\2611\\FE0E  \"; }}\n"
        f"{focus} {{ outline: 2px solid var(--accent); outline-offset: 2px; }}\n"
        "@supports selector(:has(*)) {\n"
        "main .group.filtered { display: none; }\n"
        f"{shown} {{ display: block; }}\n"
        "}\n"
    )


STYLE = """\
:root {
  color-scheme: light dark;
  --fg: #1d2433; --muted: #5b6475; --bg: #ffffff; --panel: #f5f6f8; --line: #d7dbe2;
  --accent: #2458b3;
  --breaking: #b42318; --warning: #a15c07; --safe: #067647; --info: #175cd3;
  --fail-bg: #fdecea; --ok-bg: #e8f5ee; --on-level: #ffffff;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6e9ef; --muted: #a4acba; --bg: #15181e; --panel: #1e232b; --line: #363d49;
    --accent: #8ab4f8;
    --breaking: #f97066; --warning: #fdb022; --safe: #47cd89; --info: #84adff;
    --fail-bg: #3b1d1b; --ok-bg: #17301f; --on-level: #15181e;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0 auto; padding: 1rem; max-width: 72rem;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--fg); background: var(--bg);
  overflow-wrap: anywhere;
}
h1 { font-size: 1.45rem; margin: 0 0 .5rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
section.step { margin-top: 2.5rem; }
a { color: var(--accent); }
code, pre { font: .9em/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre {
  margin: .25rem 0; padding: .5rem; background: var(--panel); border-radius: 4px;
  white-space: pre-wrap; overflow-wrap: anywhere;
}
dl.facts {
  display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0;
}
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; min-width: 0; }
.verdict { font-weight: 600; padding: .5rem .75rem; border-radius: 4px; margin: .75rem 0; }
.verdict.fail { background: var(--fail-bg); border-left: 4px solid var(--breaking); }
.verdict.ok { background: var(--ok-bg); border-left: 4px solid var(--safe); }
.counts { margin: .5rem 0; }
.level {
  display: inline-block; min-width: 5.5em; padding: 0 .4em; border-radius: 3px;
  color: var(--on-level); font-weight: 600; font-size: .85em; text-align: center;
  text-transform: uppercase; letter-spacing: .03em;
}
.level.breaking { background: var(--breaking); }
.level.warning { background: var(--warning); }
.level.safe { background: var(--safe); }
.level.info { background: var(--info); }
.tag {
  display: inline-block; padding: 0 .4em; border: 1px solid var(--line); border-radius: 3px;
  font-size: .85em; color: var(--muted);
}
.tag.fails { border-color: var(--breaking); color: var(--breaking); font-weight: 600; }
.filter-input { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; }
.filters { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; margin: .75rem 0; }
.filters label {
  cursor: pointer; user-select: none; padding: .1rem .6rem; border: 1px solid var(--line);
  border-radius: 1rem; background: var(--panel);
}
.filters label::before { content: "\\2610\\FE0E  "; }
ol.findings { list-style: none; padding: 0; margin: 0; }
.finding {
  margin: 0 0 .75rem; padding: .5rem .75rem; background: var(--panel); border-radius: 4px;
  border-left: 4px solid var(--line);
}
.finding.breaking { border-left-color: var(--breaking); }
.finding.warning { border-left-color: var(--warning); }
.finding.safe { border-left-color: var(--safe); }
.finding.info { border-left-color: var(--info); }
.finding.approved { opacity: .85; border-left-style: dashed; }
.finding p { margin: .2rem 0; }
.finding .head { display: flex; flex-wrap: wrap; gap: .4rem; align-items: baseline; }
.finding .path code { font-weight: 600; }
.finding .where { color: var(--muted); font-size: .9em; }
.finding details, .finding .witness { margin: .25rem 0; }
summary { cursor: pointer; color: var(--accent); }
.witness summary { color: inherit; }
ul.paths { margin: .2rem 0; padding-left: 1.25rem; }
.group > h3 code, .group > h4 code { font-size: 1.05em; }
.group > h3 .count, .group > h4 .count, .muted { color: var(--muted); font-weight: normal; }
dl.rules dt { margin-top: .6rem; }
dl.rules dd { margin: .1rem 0 0 1.25rem; }
dl.rules dt:target, .finding:target { outline: 2px solid var(--accent); outline-offset: 2px; }
table { border-collapse: collapse; margin: .5rem 0; max-width: 100%; }
th, td { text-align: left; padding: .2rem .6rem; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; }
th, td.num { overflow-wrap: normal; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.bad td { color: var(--breaking); font-weight: 600; }
tr.total td { font-weight: 600; border-top: 2px solid var(--line); }
caption { text-align: left; }
ul.plain, ol.errors { padding-left: 1.25rem; margin: .25rem 0; }
ol.errors li, ul.groups li { margin-bottom: .35rem; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .85em; }
@media (max-width: 40rem) {
  body { padding: .6rem; }
  th, td { padding: .2rem .3rem; }
  .finding { padding: .4rem .5rem; }
}
@media print {
  .filters { display: none; }
  .finding { break-inside: avoid; }
}
"""
STYLE += _filter_css()

STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode("utf-8")).digest()).decode("ascii")
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src 'sha256-{STYLE_HASH}'; base-uri 'none'; form-action 'none'"
)
"""Only the page's own stylesheet may apply: no script runs, nothing is fetched, even if markup
ever slipped past :func:`esc`."""


def filter_inputs(filters: Sequence[Filter]) -> str:
    """The checkboxes, which must come before ``<header>`` and ``<main>`` in ``<body>``."""
    return "".join(
        f'<input type="checkbox" class="filter-input" id="show-{f.key}" checked>\n'
        for f in filters
    )


def filter_bar(filters: Sequence[Filter]) -> str:
    """The labels people click (inside ``<header>``)."""
    labels = " ".join(
        f'<label for="show-{f.key}">{esc(f.label)} <span class="muted">{f.count}</span></label>'
        for f in filters
    )
    return f'<nav class="filters" aria-label="Show findings">Show: {labels}</nav>\n'


def document(
    title: str,
    header: str,
    main: str,
    *,
    filters: Sequence[Filter] = (),
    tool_version: str | None = None,
) -> str:
    """The whole page: ``header`` and ``main`` are markup already built with :func:`esc`.

    ``tool_version`` (default: this schemadiff's) is named in the footer; golden files fix it.
    """
    if tool_version is None:
        from schemadiff import __version__

        tool_version = __version__
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="schemadiff {esc(tool_version)}">\n'
        f"<title>{esc(title)}</title>\n"
        f"<style>{STYLE}</style>\n"
        "</head>\n"
        "<body>\n"
        f"{filter_inputs(filters)}"
        f"<header>\n{header}"
        f"{filter_bar(filters) if filters else ''}"
        "</header>\n"
        f"<main>\n{main}</main>\n"
        f"<footer>Generated by schemadiff {esc(tool_version)}.</footer>\n"
        "</body>\n"
        "</html>\n"
    )
