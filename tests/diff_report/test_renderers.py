"""Renderer behaviour beyond the goldens: outputs parse back, validate, escape and locate lines."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from schemadiff.diff.model import DiffReport, Level, Mode, Rule
from schemadiff.report import RenderOptions, ReportKind, UnknownFormat, formats, renderer
from schemadiff.report.diff import render
from schemadiff.report.github import command, escape_data, escape_property
from schemadiff.report.lines import line_of, pointer_lines


def report_schema() -> dict[str, Any]:
    text = resources.files("schemadiff").joinpath("data/diff-report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    Draft202012Validator.check_schema(schema)
    return schema


def variants(report: DiffReport, empty: DiffReport) -> list[DiffReport]:
    approved_all = replace(report, findings=tuple(
        replace(f, approved=True, approval="ok") for f in report.findings))
    return [report, empty, approved_all, replace(report, mode=Mode.FULL, notices=())]


@pytest.mark.parametrize("fail_on", [Level.BREAKING, Level.WARNING, Level.SAFE, None])
def test_json_output_validates_against_its_schema(
    report: DiffReport, empty_report: DiffReport, fail_on: Level | None
) -> None:
    validator = Draft202012Validator(report_schema())
    for variant in variants(report, empty_report):
        document = json.loads(render("json", variant, RenderOptions(fail_on=fail_on)))
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        assert errors == [], [e.message for e in errors]
        assert document["failed"] is variant.fails(fail_on)
        assert document["compatible"] is variant.compatible


def test_json_schema_rejects_a_broken_report(report: DiffReport) -> None:
    validator = Draft202012Validator(report_schema())
    document = json.loads(render("json", report))
    document["findings"][0]["level"] = "fatal"
    del document["counts"]["info"]
    document["findings"][1]["approval"] = None  # Approved without a reason.
    assert len(list(validator.iter_errors(document))) == 3


def test_json_fields(report: DiffReport) -> None:
    document = json.loads(render("json", report, RenderOptions(fail_on=Level.BREAKING)))
    assert document["schema_version"] == 1
    assert document["mode"] == "forward"
    assert document["old"] == {"label": "0.1.0", "version": "0.1.0",
                               "sha256": report.old.sha256, "path": "snapshots/0.1.0.json"}
    assert document["counts"] == {"breaking": 2, "warning": 3, "safe": 1, "info": 2}
    assert document["approved"] == 2
    assert (document["failed"], document["compatible"]) == (True, False)
    shared = document["findings"][1]
    assert shared["affects"] == ["GenerationMessage.payload.predictions[].score",
                                 "ShotMessage.payload.predictions[].score"]
    assert (shared["approved"], shared["side"], shared["new"]) == (True, "old", None)


def test_every_registered_renderer_exists() -> None:
    from schemadiff.report import RENDERERS

    for kind, name in RENDERERS:
        assert callable(renderer(kind, name))
    assert formats(ReportKind.DIFF)[:6] == ("text", "json", "markdown", "github", "junit", "sarif")
    with pytest.raises(UnknownFormat, match=r"no diff report in format 'yaml' \(known: text, "):
        renderer(ReportKind.DIFF, "yaml")
    # A format can decline a kind of report: there is no SARIF of a validation run.
    with pytest.raises(KeyError):
        renderer(ReportKind.VALIDATE, "sarif")


# ---------------------------------------------------------------------------- JUnit


def test_junit_parses_back(report: DiffReport) -> None:
    text = render("junit", report, RenderOptions(fail_on=Level.WARNING))
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == len(report.findings) == int(suite.get("tests", "0"))
    names = [case.get("name") for case in cases]
    assert len(set(names)) == len(names)
    failed = [case.get("name") for case in cases if case.find("failure") is not None]
    # At --fail-on warning: the unapproved breaking and warning findings fail, approved ones skip.
    assert failed == [
        "property-became-nullable GenerationMessage.payload.status",
        "enum-value-added GenerationMessage.payload.status",
        "message-type-added ErrorMessage",
    ]
    assert suite.get("failures") == "3" == root.get("failures")
    skipped = [case for case in cases if case.find("skipped") is not None]
    assert [case.find("skipped").get("message") for case in skipped] == [  # type: ignore[union-attr]
        "approved: Clients read score defensively since 2.3, see #42: ok",
        "approved: kind is documented as extensible",
    ]
    # Control characters cannot appear in XML 1.0; they arrive as visible escapes.
    note = next(case for case in cases if "note" in (case.get("name") or ""))
    assert "\\u0001" in (note.findtext("system-out") or "")


def test_junit_never_fails_with_fail_on_never(report: DiffReport) -> None:
    root = ET.fromstring(render("junit", report, RenderOptions(fail_on=None)))
    assert root.findall(".//failure") == []
    assert root.findall(".//skipped") == []


def test_junit_names_stay_unique_for_identical_findings(report: DiffReport) -> None:
    twice = replace(report, findings=report.findings + report.findings)
    root = ET.fromstring(render("junit", twice))
    names = [case.get("name") for case in root.iter("testcase")]
    assert len(names) == 2 * len(report.findings) == len(set(names))


# ---------------------------------------------------------------------------- SARIF


@pytest.mark.usefixtures("in_data_dir")
def test_sarif_structure(report: DiffReport, rules: MappingProxyType[str, Rule]) -> None:
    log = json.loads(render("sarif", report, RenderOptions(rules=rules)))
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "schemadiff"
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == sorted({f.rule for f in report.findings})
    for descriptor in driver["rules"]:
        assert set(descriptor) >= {"id", "shortDescription", "fullDescription", "help",
                                   "defaultConfiguration"}
        assert descriptor["help"]["text"].startswith(rules[descriptor["id"]].summary)
        assert descriptor["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    assert len(run["results"]) == len(report.findings)
    for result, finding in zip(run["results"], report.findings, strict=True):
        assert set(result) >= {"ruleId", "ruleIndex", "level", "message", "locations"}
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        assert result["level"] == {"breaking": "error", "warning": "warning", "safe": "note",
                                   "info": "note"}[finding.level]
        assert isinstance(result["message"]["text"], str)
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uri"] == f"snapshots/0.{2 if finding.side == 'new' else 1}.0.json"
        assert artifact["uriBaseId"] == "%SRCROOT%"
        region = location["physicalLocation"].get("region")
        expected = line_of(Path(artifact["uri"]), finding.pointer)
        assert (region or {}).get("startLine") == expected
        assert ("suppressions" in result) is finding.approved
    lines = [r["locations"][0]["physicalLocation"].get("region", {}).get("startLine")
             for r in run["results"]]
    assert lines.count(None) == 1  # Only the finding whose pointer is in neither file.


def test_sarif_without_files_has_logical_locations_only(
    report: DiffReport, rules: MappingProxyType[str, Rule]
) -> None:
    bare = replace(report, old=replace(report.old, path=None), new=replace(report.new, path=None))
    log = json.loads(render("sarif", bare, RenderOptions(rules=rules)))
    for result in log["runs"][0]["results"]:
        (location,) = result["locations"]
        assert "physicalLocation" not in location
        assert location["logicalLocations"][0]["fullyQualifiedName"]


# ---------------------------------------------------------------------------- GitHub


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert command("error", "m:1,2", file="dir/a,b.json", line=3, title="x:y") == (
        "::error file=dir/a%2Cb.json,line=3,title=x%3Ay::m:1,2"
    )
    assert command("notice", "m", file=None, line=None) == "::notice::m"


@pytest.mark.usefixtures("in_data_dir")
def test_github_annotations_point_at_lines(report: DiffReport) -> None:
    out = render("github", report).splitlines()
    pattern = re.compile(r"^::(error|warning|notice) (?:file=([^,:]+))?(?:,line=(\d+))?"
                         r",?title=([a-z-]+)::(.*)$")
    annotations = [pattern.match(line) for line in out[: len(report.findings)]]
    assert all(annotations), out
    kinds = [m.group(1) for m in annotations if m]
    assert kinds == ["error", "notice", "warning", "notice", "warning", "notice", "notice",
                     "notice"]
    for match, finding in zip(annotations, report.findings, strict=True):
        assert match is not None
        assert match.group(4) == finding.rule
        assert "\n" not in match.group(5)
        assert "\r" not in match.group(5)
        if match.group(3):
            line = int(match.group(3))
            text = Path(match.group(2)).read_text("utf-8").splitlines()[line - 1]
            last = finding.pointer.rsplit("/", 1)[1]
            assert f'"{last}"' in text or last.isdigit(), (text, finding.pointer)
    assert out[len(report.findings)].startswith("::notice title=schemadiff::approval of")
    assert out[-1].startswith("schemadiff: FAIL: 1 unapproved finding at breaking or above")


# ---------------------------------------------------------------------------- lines


def test_pointer_lines_on_canonical_json() -> None:
    text = json.dumps({"a": {"b/c": [1, {"d~e": "x"}], "": None}, "z": "q\"uo\\te"},
                      indent=2, sort_keys=True) + "\n"
    table = pointer_lines(text)
    assert table is not None
    lines = text.splitlines()
    assert table[""] == 1
    assert lines[table["/a/b~1c"] - 1].strip() == '"b/c": ['
    assert lines[table["/a/b~1c/0"] - 1].strip() == "1,"
    assert lines[table["/a/b~1c/1/d~0e"] - 1].strip() == '"d~e": "x"'
    assert lines[table["/a/"] - 1].strip() == '"": null,'
    assert lines[table["/z"] - 1].strip() == '"z": "q\\"uo\\\\te"'


def test_pointer_lines_on_compact_and_broken_json() -> None:
    assert pointer_lines('{"a":[{"b":1}],"c":{}}') == {"": 1, "/a": 1, "/a/0": 1, "/a/0/b": 1,
                                                       "/c": 1}
    assert pointer_lines('{"a": ') is None
    assert pointer_lines("{} extra") is None
    assert pointer_lines("") is None


def test_line_of_files(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{\n  "x": {\n    "y": 1\n  }\n}\n', encoding="utf-8")
    assert line_of(path, "/x/y") == 3
    assert line_of(str(path), "#/x") == 2
    assert line_of(path, "/nope") is None
    assert line_of(None, "/x") is None
    assert line_of(tmp_path / "missing.json", "/x") is None
    # A rewritten file is read again (the cache key includes size and mtime).
    path.write_text('{"x": {"y": 1}}\n', encoding="utf-8")
    assert line_of(path, "/x/y") == 1


def test_every_format_handles_every_variant(
    report: DiffReport, empty_report: DiffReport, rules: MappingProxyType[str, Rule]
) -> None:
    for variant in variants(report, empty_report):
        for name in formats(ReportKind.DIFF):
            text = render(name, variant, RenderOptions(rules=rules, fail_on=Level.SAFE))
            assert text.endswith("\n")
            assert "\x01" not in text  # A raw control character never reaches any output.


def test_text_is_readable_at_80_columns(report: DiffReport) -> None:
    text = render("text", report, RenderOptions(color=False, width=80))
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "\x1b[" not in text
    assert text.splitlines()[-1] == "FAIL: 1 unapproved finding at breaking or above"
    coloured = render("text", report, RenderOptions(color=True, width=80))
    assert "\x1b[1;31mBREAKING" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == text


def test_markdown_tables_keep_their_columns(report: DiffReport) -> None:
    text = render("markdown", report)
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(rows) == 4 * 2 + len(report.findings)  # Header and rule per table, one per finding.
    for row in rows:
        # Unescaped pipes are exactly the five column borders.
        assert len(re.findall(r"(?<!\\)\|", row)) == 5, row
    assert "<b>" not in text
    assert "&lt;b&gt;" in text


@pytest.mark.parametrize("indent", [2, 4])
def test_direct_search_agrees_with_the_full_scan(tmp_path: Path, indent: int) -> None:
    # The snapshot has unicode keys and values, "{" and "[" inside strings, empty containers and
    # arrays of arrays: every pointer's line from the direct search equals the full scan's.
    document = json.loads((Path(__file__).parent / "data/snapshots/0.2.0.json").read_text("utf-8"))
    document["x-extra"] = {"a/b~é": [[1, {"k": "v{"}], [], {}, "s["], "": {"": [{}]}}
    path = tmp_path / f"s{indent}.json"
    text = json.dumps(document, indent=indent, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    table = pointer_lines(text)
    assert table is not None
    assert len(table) > 100
    for pointer, line in table.items():
        assert line_of(path, pointer) == line, pointer
        assert line_of(path, pointer + "/missing") is None


def test_ascii_escaped_files_fall_back_to_the_scan(tmp_path: Path) -> None:
    path = tmp_path / "ascii.json"
    path.write_text(json.dumps({"é": {"x": 1}}, indent=2) + "\n", encoding="utf-8")
    assert line_of(path, "/é/x") == 3


def test_paths_are_shown_relative_to_the_repository_root(
    report: DiffReport, in_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inside = str(in_data_dir / "snapshots/0.2.0.json")
    absolute = replace(report, new=replace(report.new, path=inside))
    first = render("github", absolute).splitlines()[0]
    assert first.startswith("::error file=snapshots/0.2.0.json,line=54,title=")
    # Problem 4: run in a subdirectory (the action's working-directory), a path relative to it
    # is still named from the repository root, in annotations and in SARIF.
    monkeypatch.chdir(in_data_dir / "snapshots")
    relative = replace(report, new=replace(report.new, path="0.2.0.json"))
    assert render("github", relative).splitlines()[0].startswith(
        "::error file=snapshots/0.2.0.json,line=54,title=")
    log = json.loads(render("sarif", relative))
    located = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert located["artifactLocation"] == {"uri": "snapshots/0.2.0.json",
                                           "uriBaseId": "%SRCROOT%"}
    monkeypatch.delenv("GITHUB_WORKSPACE")
    assert render("github", relative).splitlines()[0].startswith(
        "::error file=tests/diff_report/data/snapshots/0.2.0.json,line=54,title=")
    outside = replace(report, new=replace(report.new, path="/elsewhere/0.2.0.json"))
    log = json.loads(render("sarif", outside))
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "file:///elsewhere/0.2.0.json"}
