"""The HTML reports in a real browser: headless Chromium, driven over the DevTools protocol.

Each test writes a report through the CLI (``--format html --output``), starts one browser, and
checks the rendered page: every finding or error is there, the stylesheet applied under the page's
Content-Security-Policy (a blocked stylesheet would leave the level badges uncoloured and log a
violation), no script from input ran, nothing overflows sideways at 1280 or 400 pixels, and the
level filters hide and show findings. Each test takes a screenshot; with
``SCHEMADIFF_REGEN_GOLDEN=1`` those of the bundled reports replace the ones in ``docs/images/``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import PAYLOADS
from devtools import Browser, Page, png_size

from schemadiff.report.html.page import CONTENT_SECURITY_POLICY

REPO = Path(__file__).resolve().parents[3]
DOCS_IMAGES = REPO / "docs" / "images"
WIDTHS = (1280, 400)
SCREENSHOT_HEIGHT = 1100
"""Docs show the top of each report: the header, the filters and the first findings."""

BREAKING_RGB = "rgb(180, 35, 24)"
"""``--breaking`` in the stylesheet: a badge of this colour proves the stylesheet applied."""

OVERFLOW = """(() => {
  const limit = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > limit + 0.5)
    .map(e => e.tagName.toLowerCase() + '.' + e.className);
  return {scroll: document.documentElement.scrollWidth, client: limit, wide: wide.slice(0, 5)};
})()"""
"""The page is as wide as the viewport and no element sticks out of it."""

TRACES = """(() => ({
  title: document.title,
  pwned: document.querySelectorAll('[data-pwned]').length,
  foreign: document.querySelectorAll('script, img, svg, iframe, object, embed, form').length,
  handlers: [...document.querySelectorAll('*')].filter(
    e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
  javascriptLinks: [...document.querySelectorAll('a')].filter(
    a => !a.getAttribute('href').startsWith('#')).length,
}))()"""
"""What a payload that ran, or markup that slipped through, would leave behind."""

VISIBLE_FINDINGS = ("[...document.querySelectorAll('li.finding')]"
                    ".filter(e => e.offsetParent !== null).map(e => e.className)")


def _url(path: Path) -> str:
    return path.resolve().as_uri()


def _assert_readable(page: Page, name: str, tmp_path: Path) -> None:
    """No sideways overflow at each width; the stylesheet applied; no CSP violation logged."""
    for width in WIDTHS:
        page.resize(width)
        metrics = page.evaluate(OVERFLOW)
        assert metrics["scroll"] <= metrics["client"] == width, (width, metrics)
        assert metrics["wide"] == [], (width, metrics)
        shot = page.screenshot(tmp_path / f"{name}-{width}.png", height=SCREENSHOT_HEIGHT)
        assert png_size(shot)[0] == width
    badge = page.evaluate(
        "(() => { const e = document.querySelector('.level.breaking, .verdict.fail');"
        " return e && getComputedStyle(e).borderLeftColor + '|' +"
        " getComputedStyle(e).backgroundColor; })()")
    assert badge is not None
    assert BREAKING_RGB in badge
    assert not [m for m in page.console_messages() if "Content Security Policy" in m]


def _keep_for_docs(page: Page, name: str) -> None:
    if os.environ.get("SCHEMADIFF_REGEN_GOLDEN") == "1":
        page.resize(1280)
        page.evaluate("document.activeElement && document.activeElement.blur()")
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(DOCS_IMAGES / f"{name}.png", height=SCREENSHOT_HEIGHT)


def _assert_untouched(page: Page, title: str) -> None:
    traces = page.evaluate(TRACES)
    assert traces == {"title": title, "pwned": 0, "foreign": 0, "handlers": 0,
                      "javascriptLinks": 0}


def _run(run_cli: Any, command: str | list[str], cwd: Path | None = None,
         *, to_file: bool = True) -> Any:
    result = run_cli(command, cwd=cwd or REPO)
    assert result.exit_code in (0, 1), result.stderr
    if to_file:
        assert result.stdout == "", "the report goes to --output, not stdout"
    return result


def test_bundled_diff_check_and_log(
    run_cli: Any, run_cli_inproc: Any, browser: Browser, tmp_path: Path
) -> None:
    """0.1.0 -> 0.2.0: every finding of the JSON report is on the page, filters work; check and
    log show the same findings under their own headers."""
    diff_page, check_page = tmp_path / "diff.html", tmp_path / "check.html"
    log_page = tmp_path / "log.html"
    _run(run_cli, f"schemadiff diff 0.1.0 0.2.0 --format html --output {diff_page}")
    _run(run_cli, f"schemadiff log --format html --output {log_page}")
    _run(run_cli, f"schemadiff check snapshots/0.2.0.json --against 0.1.0 --policy strict "
                  f"--report html={check_page}", to_file=False)
    expected = json.loads(run_cli_inproc("schemadiff diff 0.1.0 0.2.0 --format json",
                                         cwd=REPO).stdout)["findings"]
    assert expected

    page = browser.open(_url(diff_page), 1280)
    shown = page.evaluate(
        "[...document.querySelectorAll('li.finding')].map(li => ["
        " li.querySelector('a.rule').textContent, li.querySelector('.path').textContent,"
        " li.querySelector('.level').textContent,"
        " !!document.getElementById(li.querySelector('a.rule').getAttribute('href').slice(1))])")
    assert sorted(shown) == sorted([f["rule"], f["path"], f["level"], True] for f in expected)
    # Every witness of the JSON report (issue #12) is shown under its finding.
    witnessed = page.evaluate("document.querySelectorAll('li.finding .witness pre').length")
    assert witnessed == sum(1 for f in expected if f.get("witness") is not None)
    _assert_untouched(page, "schemadiff diff: 0.1.0 → 0.2.0")

    # The filters: unticking "info" hides exactly the info findings, ticking brings them back.
    everything = page.evaluate(VISIBLE_FINDINGS)
    page.evaluate("document.querySelector('label[for=show-info]').click()")
    without_info = page.evaluate(VISIBLE_FINDINGS)
    assert without_info == [c for c in everything if "info" not in c.split()]
    assert len(without_info) < len(everything)
    page.evaluate("document.querySelector('label[for=show-info]').click()")
    assert page.evaluate(VISIBLE_FINDINGS) == everything

    _assert_readable(page, "diff", tmp_path)
    _keep_for_docs(page, "html-diff")

    page = browser.open(_url(check_page), 1280)
    assert page.evaluate("document.querySelectorAll('li.finding').length") == len(expected)
    assert page.evaluate("document.querySelector('.verdict').textContent").startswith("check: ")
    _assert_untouched(page, "schemadiff check: FAIL")
    _assert_readable(page, "check", tmp_path)
    _keep_for_docs(page, "html-check")

    # The bundled store holds 0.1.0 and 0.2.0: one step, the diff's findings.
    page = browser.open(_url(log_page), 1280)
    assert page.evaluate("document.querySelectorAll('section.step').length") == 1
    assert page.evaluate("document.querySelectorAll('li.finding').length") == len(expected)
    _assert_untouched(page, "schemadiff log: 0.1.0 → 0.2.0")
    _assert_readable(page, "log", tmp_path)


def test_hostile_schema_runs_no_script(
    run_cli: Any, run_cli_inproc: Any, browser: Browser, hostile_schemas: tuple[Path, Path],
    tmp_path: Path,
) -> None:
    """Descriptions, titles, enum values, property names and a file name full of markup: the page
    shows them as text and none of them runs."""
    old, new = hostile_schemas
    out = tmp_path / "hostile.html"
    _run(run_cli, ["schemadiff", "diff", str(old), str(new), "--format", "html",
                   "--output", str(out), "--fail-on", "never"], cwd=tmp_path)
    expected = json.loads(run_cli_inproc(["schemadiff", "diff", str(old), str(new), "--format",
                                          "json"], cwd=tmp_path).stdout)["findings"]

    page = browser.open(_url(out), 1280)
    _assert_untouched(page, f"schemadiff diff: {old} → {new}")
    assert page.evaluate("document.querySelectorAll('li.finding').length") == len(expected)
    text = page.evaluate("document.body.innerText")
    for payload in PAYLOADS:
        # Shown, not obeyed: as it is (a property name) or as JSON (a value), never as markup.
        assert payload in text or json.dumps(payload, ensure_ascii=False)[1:-1] in text
    assert new.name in text
    _assert_readable(page, "hostile", tmp_path)

    # The trace check can fail: the same payloads as raw markup do run on a bare page. Under the
    # report's Content-Security-Policy they do not, so even markup that slipped past the escaper
    # could run nothing.
    raw = "".join(PAYLOADS[:3])
    bare, guarded = tmp_path / "bare.html", tmp_path / "guarded.html"
    bare.write_text(f"<!DOCTYPE html><title>clean</title><body>{raw}</body>", encoding="utf-8")
    guarded.write_text(f'<!DOCTYPE html><meta http-equiv="Content-Security-Policy" '
                       f'content="{CONTENT_SECURITY_POLICY}"><title>clean</title>'
                       f"<body>{raw}</body>", encoding="utf-8")
    ran = browser.open(_url(bare), 1280)
    assert ran.evaluate("document.title") == "pwned"
    blocked = browser.open(_url(guarded), 1280)
    assert blocked.evaluate(TRACES)["title"] == "clean"
    assert blocked.evaluate(TRACES)["pwned"] == 0


def test_validate_report(
    run_cli: Any, run_cli_inproc: Any, browser: Browser, tmp_path: Path
) -> None:
    """Messages of 0.2.0 validated against 0.1.0, with a hostile type name and a line that is not
    JSON: totals, the type table, the first errors with source:line, coverage."""
    from sartiq.messages import generate_messages

    lines = [json.dumps(message) for message in generate_messages("0.2.0", 200, 7)]
    lines.insert(3, json.dumps({"type": PAYLOADS[0], "payload": {}}))
    lines.insert(6, f"not json {PAYLOADS[1]}")
    (tmp_path / "drift.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "validate.html"
    # Run where the log is, so the page names it as people would type it.
    against = ["--snapshots", str(REPO / "snapshots"), "--against", "0.1.0"]
    result = run_cli(["schemadiff", "validate", "drift.jsonl", *against, "--coverage",
                      "--format", "html", "--output", str(out)], cwd=tmp_path)
    assert result.exit_code == 1, result.stderr
    assert result.stdout == ""
    summary = json.loads(run_cli_inproc(["schemadiff", "validate", "drift.jsonl", *against,
                                         "--format", "json"], cwd=tmp_path).stdout)

    page = browser.open(_url(out), 1280)
    _assert_untouched(page, "schemadiff validate: FAIL")
    errors = page.evaluate("[...document.querySelectorAll('li.error code:first-child')]"
                           ".map(e => e.textContent)")
    assert errors == [f"{e['source']}:{e['line']}" for e in summary["errors"]]
    rows = page.evaluate("[...document.querySelectorAll('#types tbody tr')]"
                         ".map(r => [...r.cells].map(c => c.textContent))")
    assert rows[-1] == ["total", f"{summary['total']:,}", f"{summary['valid']:,}",
                        f"{summary['invalid']:,}"]
    assert {row[0] for row in rows[:-1]} == set(summary["by_type"])
    text = page.evaluate("document.body.innerText")
    assert PAYLOADS[0] in text
    assert "Coverage" in text
    _assert_readable(page, "validate", tmp_path)
    _keep_for_docs(page, "html-validate")


@pytest.fixture(autouse=True)
def _no_network_in_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    # The CLI runs in a subprocess; make sure it does not inherit a token it could print.
    monkeypatch.delenv("SCHEMADIFF_TOKEN", raising=False)
