"""The HTML reports without a browser: golden files, escaping, structure and the CSP hash.

Goldens live in ``tests/diff_report/golden/`` beside the other formats' and are regenerated with
``SCHEMADIFF_REGEN_GOLDEN=1 pytest tests/diff_report``. What the page looks like in a browser is
``test_browser.py``'s job; this file proves that no input reaches the page as markup, by parsing
every page and listing the elements and attributes it holds.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from conftest import PAYLOADS
from golden import check_golden

from schemadiff.diff.model import (
    AFFECTS_MORE,
    DiffReport,
    Evidence,
    Finding,
    Level,
    Mode,
    Rule,
    SchemaInfo,
    Side,
    Witness,
)
from schemadiff.diff.policy import CheckPolicy
from schemadiff.gate import evaluate
from schemadiff.history import Changelog, Step
from schemadiff.report import RenderOptions
from schemadiff.report.check import CheckReport
from schemadiff.report.html import check as html_check
from schemadiff.report.html import diff as html_diff
from schemadiff.report.html import log as html_log
from schemadiff.report.html import validate as html_validate
from schemadiff.report.html.page import CONTENT_SECURITY_POLICY, anchor, esc
from schemadiff.report.validate import ValidationReport

TOOL_VERSION = "0.0.0-golden"
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
GOLDEN_OPTIONS = RenderOptions(tool_version=TOOL_VERSION)

ELEMENTS = {
    "html", "head", "meta", "title", "style", "body", "input", "header", "nav", "label", "main",
    "footer", "h1", "h2", "h3", "h4", "section", "dl", "dt", "dd", "p", "span", "strong", "code",
    "pre", "a", "ol", "ul", "li", "details", "summary", "div", "br", "table", "caption", "thead",
    "tbody", "tr", "th", "td", "wbr",
}
"""Every element a report may contain; an element from input would be a new one."""
ATTRIBUTES = {"lang", "charset", "http-equiv", "content", "name", "type", "class", "id",
              "checked", "for", "aria-label", "href", "scope"}


class Outline(HTMLParser):
    """The elements, attributes, ``href`` targets, ids and text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[str] = []
        self.attributes: set[str] = set()
        self.hrefs: list[str] = []
        self.ids: list[str] = []
        self.text: list[str] = []
        self.style = ""
        self.csp = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(tag)
        values = dict(attrs)
        self.attributes.update(values)
        if "href" in values:
            self.hrefs.append(values["href"] or "")
        if "id" in values:
            self.ids.append(values["id"] or "")
        if values.get("http-equiv") == "Content-Security-Policy":
            self.csp = values.get("content") or ""
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        else:
            self.text.append(data)


def outline(page: str) -> Outline:
    parsed = Outline()
    parsed.feed(page)
    parsed.close()
    return parsed


def assert_inert(page: str) -> Outline:
    """The page holds only the report's own elements and attributes, links only to itself, and
    carries a CSP whose hash is its stylesheet's."""
    parsed = outline(page)
    assert set(parsed.elements) <= ELEMENTS, set(parsed.elements) - ELEMENTS
    assert parsed.attributes <= ATTRIBUTES, parsed.attributes - ATTRIBUTES
    assert parsed.elements.count("style") == 1
    assert parsed.elements.count("script") == 0
    assert all(href.startswith("#") for href in parsed.hrefs)
    assert len(parsed.ids) == len(set(parsed.ids)), "duplicate ids"
    assert {href[1:] for href in parsed.hrefs} <= set(parsed.ids), "a link to nowhere"
    digest = base64.b64encode(hashlib.sha256(parsed.style.encode()).digest()).decode()
    assert parsed.csp == CONTENT_SECURITY_POLICY
    assert f"style-src 'sha256-{digest}'" in parsed.csp
    assert "default-src 'none'" in parsed.csp
    return parsed


def render_diff(report: DiffReport, rules: Any) -> str:
    return html_diff.render(report, RenderOptions(fail_on=Level.BREAKING, rules=rules,
                                                  tool_version=TOOL_VERSION))


@pytest.mark.usefixtures("in_data_dir")
def test_full_diff_golden(report: DiffReport, rules: MappingProxyType[str, Rule]) -> None:
    page = render_diff(report, rules)
    assert_inert(page)
    check_golden(GOLDEN / "full.html.html", page)


@pytest.mark.usefixtures("in_data_dir")
def test_empty_diff_golden(empty_report: DiffReport, rules: MappingProxyType[str, Rule]) -> None:
    page = render_diff(empty_report, rules)
    assert_inert(page)
    assert "No changes." in page
    check_golden(GOLDEN / "empty.html.html", page)


@pytest.mark.usefixtures("in_data_dir")
def test_check_golden(report: DiffReport, rules: MappingProxyType[str, Rule]) -> None:
    result = evaluate(report, policy=CheckPolicy.STRICT)
    page = html_check.render(CheckReport(result), RenderOptions(rules=rules,
                                                                tool_version=TOOL_VERSION))
    parsed = assert_inert(page)
    assert "schemadiff check: FAIL" in "".join(parsed.text)
    check_golden(GOLDEN / "check.html.html", page)


def test_validate_golden(validation_report: ValidationReport) -> None:
    page = html_validate.render(validation_report, GOLDEN_OPTIONS)
    parsed = assert_inert(page)
    text = "".join(parsed.text)
    for payload in (PAYLOADS[0], PAYLOADS[1]):
        assert repr(payload) in text.replace("\\x01", "\x01")
    assert "capture.har:entry 3 frame 12" in text
    assert "array.json:1 [7]" in text
    check_golden(GOLDEN / "validate.html.html", page)


def test_validate_matrix_golden(matrix_report: ValidationReport) -> None:
    page = html_validate.render(matrix_report, GOLDEN_OPTIONS)
    parsed = assert_inert(page)
    assert "Valid under some schemas only" in "".join(parsed.text)
    check_golden(GOLDEN / "validate-matrix.html.html", page)


def _hostile_report() -> DiffReport:
    """Every field a finding shows, each carrying every payload."""
    everything = " ".join(PAYLOADS)
    side = SchemaInfo(everything, everything, "0" * 64, everything)
    finding = Finding(
        rule=everything, level=Level.BREAKING, path=f"Evil.{everything}", pointer=everything,
        side=Side.NEW, old={everything: [everything]}, new=everything, message=everything,
        affects=(*(f"Evil.{n}.{everything}" for n in range(5)), f"{AFFECTS_MORE}3 more"),
        approved=True, approval=everything, oldest=everything,
        evidence=Evidence(messages=3, present=1, null=1, absent=1, value=everything,
                          value_count=2, first=everything),
    )
    return DiffReport(Mode.FORWARD, side, side, (finding, replace(finding, approved=False)),
                      notices=(everything,))


def test_hostile_input_is_text(rules: MappingProxyType[str, Rule]) -> None:
    page = render_diff(_hostile_report(), rules)
    parsed = assert_inert(page)
    text = "".join(parsed.text)
    # Every payload arrives as text (a control character as its escape), none as markup.
    for payload in PAYLOADS:
        assert payload.replace("\x01", "\\x01") in text
    assert "\x01" not in page
    assert page.count("<script") == 0
    assert page.count("</style>") == 1
    assert "holds since:" in text
    assert "traffic:" in text


def test_escaper() -> None:
    assert esc("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;"
    assert esc("tab\tnew\nline\x1b[31m\x7f") == "tab\tnew\nline\\x1b[31m\\x7f"
    assert esc("lone \ud800 surrogate") == "lone \\ud800 surrogate"
    assert esc(Level.WARNING) == "warning"


def test_anchors_are_unique_and_plain() -> None:
    names = ["a b", "a_20b", "a-b", "a.b", "é", "_e9", "<x>", "a_b"]
    made = [anchor("rule", name) for name in names]
    assert len(set(made)) == len(made)
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+", ident) for ident in made)
    assert anchor("rule", "enum-value-added") == "rule-enum-value-added"


def test_witness_is_shown_escaped(report: DiffReport, rules: MappingProxyType[str, Rule]) -> None:
    message = {"type": "generation", "payload": {"status": PAYLOADS[0]}}
    first = replace(report.findings[0], witness=Witness(message, Side.NEW))
    page = render_diff(replace(report, findings=(first,)), rules)
    assert_inert(page)
    assert "a message 0.2.0 accepts and 0.1.0 rejects" in page
    assert esc(PAYLOADS[0]) in page
    backward = replace(first, witness=Witness(message, Side.OLD))
    page = render_diff(replace(report, findings=(backward,)), rules)
    assert "a message 0.1.0 accepts and 0.2.0 rejects" in page


def test_long_affects_are_folded(rules: MappingProxyType[str, Rule]) -> None:
    report = _hostile_report()
    page = render_diff(report, rules)
    assert "affects 5 message paths, and 3 more</summary>" in page


def test_log_golden(report: DiffReport, rules: MappingProxyType[str, Rule]) -> None:
    """A changelog of three versions: one section per step, newest first, with ids unique across
    steps and every rule link finding the one rules section."""
    later = replace(report, old=report.new, new=SchemaInfo("0.3.0", "0.3.0", "f" * 64),
                    findings=report.findings[:3], notices=())
    changelog = Changelog(Mode.FORWARD, ("0.1.0", "0.2.0", "0.3.0"),
                          (Step(report, ()), Step(later, ())))
    page = html_log.render(changelog, RenderOptions(rules=rules, tool_version=TOOL_VERSION))
    parsed = assert_inert(page)
    assert parsed.elements.count("li") - len(report.notices) == len(report.findings) + 3
    assert page.index('id="step2"') < page.index('id="step1"')  # newest first
    check_golden(GOLDEN / "log.html.html", page)


@pytest.mark.parametrize("versions", [(), ("0.1.0",)])
def test_log_without_steps(versions: tuple[str, ...]) -> None:
    page = html_log.render(Changelog(Mode.FORWARD, versions, ()), GOLDEN_OPTIONS)
    assert_inert(page)
    assert ("nothing to compare" if versions else "No snapshots in the store.") in page
