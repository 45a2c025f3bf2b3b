"""The CLI reads well on an 80-column terminal: help, flags, paths, counts and ``rules RULE``."""

from __future__ import annotations

import functools
import itertools
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from schemadiff.report import RenderOptions, ReportKind, render
from schemadiff.report.validate import ValidationReport
from schemadiff.report.wording import break_path, counted

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _commands() -> dict[str, Any]:
    import typer.main

    from schemadiff.app import build_app

    group: Any = typer.main.get_command(build_app())
    return dict(group.commands)


COMMANDS = sorted(_commands())
"""Every command the app has, so that a new one is held to the same standard."""


@functools.cache
def _help(command: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "schemadiff", command, "--help"], capture_output=True, text=True,
        env={"COLUMNS": "80", "NO_COLOR": "1", "PATH": ""}, timeout=60, check=True,
    )
    return result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_help_fits_and_is_not_cut_mid_sentence(command: str) -> None:
    text = _help(command)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    # The description (above the first box) is wrapped by the formatter: a line ends early only
    # where a paragraph ends, never because the docstring had a line break there.
    description = lines[: next(i for i, line in enumerate(lines) if line.startswith("╭"))]
    for line, following in itertools.pairwise(description):
        if line.strip() and following.strip():
            next_word = following.split()[0]
            assert len(line.rstrip()) + 1 + len(next_word) > 79, (line, following)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_with_choices_names_them_whole(command: str) -> None:
    text = " ".join(_help(command).split())  # Box borders and wrapping aside.
    words = set(re.findall(r"[\w-]+(?:\.[\w-]+)*", text))  # Dotted choices (2.6) are one word.
    for param in _commands()[command].params:
        choices = getattr(param.type, "choices", None)
        if not choices:
            continue
        for choice in choices:
            name = str(getattr(choice, "value", choice))
            assert name in (param.help or ""), (param.name, name)
            assert name in words, (command, param.name, name)  # Not split ("nev er").


def test_a_short_flag_means_one_thing_in_every_command() -> None:
    meaning: dict[str, set[str]] = {}
    for command in _commands().values():
        for param in command.params:
            shorts = [opt for opt in param.opts if re.fullmatch(r"-\w", opt)]
            longs = [opt for opt in param.opts if opt.startswith("--")]
            for short in shorts:
                meaning.setdefault(short, set()).add(longs[0])
    assert {short: names for short, names in meaning.items() if len(names) > 1} == {}
    assert meaning["-n"] == {"--count"}
    assert meaning["-s"] == {"--snapshots"}
    assert meaning["-o"] == {"--output"}


def test_break_path_breaks_only_before_a_dot() -> None:
    path = "Generation.payload_with_long_name.configuration_parameters.status"
    assert break_path(path, 80) == path
    assert break_path(path, 40).splitlines() == [
        "Generation.payload_with_long_name", ".configuration_parameters.status",
    ]
    assert break_path("averyveryverylongname", 5) == "averyveryverylongname"


def _long_path_schemas(directory: Path) -> tuple[Path, Path]:
    def schema(values: list[str]) -> dict[str, Any]:
        status = {"type": "string", "enum": values}
        holder = {"type": "object", "properties": {"status": status}}
        section = {"type": "object", "properties": {"deeply_nested_status_holder": holder}}
        shared = {"type": "object", "properties": {"configuration_parameters_section": section}}
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$defs": {
                "ExtraordinarilyLongDefinitionName": shared,
                "GenerationMessageWithAVeryLongName": {"type": "object", "properties": {
                    "type": {"const": "generation"},
                    "payload_with_long_name": {"$ref": "#/$defs/ExtraordinarilyLongDefinitionName"},
                }, "required": ["type"]},
                "ShotMessageWithAnotherRatherLongName": {"type": "object", "properties": {
                    "type": {"const": "shot"},
                    "revisions_of_the_shot": {
                        "type": "array",
                        "items": {"$ref": "#/$defs/ExtraordinarilyLongDefinitionName"},
                    },
                }, "required": ["type"]},
            },
            "oneOf": [{"$ref": "#/$defs/GenerationMessageWithAVeryLongName"},
                      {"$ref": "#/$defs/ShotMessageWithAnotherRatherLongName"}],
        }

    old, new = directory / "old.json", directory / "new.json"
    old.write_text(json.dumps(schema(["a", "b"])), encoding="utf-8")
    new.write_text(json.dumps(schema(["a", "b", "c"])), encoding="utf-8")
    return old, new


def test_diff_never_breaks_a_path_inside_a_name(run_cli: Any, tmp_path: Path) -> None:
    old, new = _long_path_schemas(tmp_path)
    result = run_cli(["schemadiff", "diff", str(old), str(new), "--fail-on", "never"],
                     env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    names = ["GenerationMessageWithAVeryLongName", "payload_with_long_name",
             "configuration_parameters_section", "deeply_nested_status_holder",
             "ShotMessageWithAnotherRatherLongName", "revisions_of_the_shot[]"]
    words = {word.strip(".,:") for line in lines for word in re.split(r"[ .]", line)}
    assert set(names) <= words
    # The affects list (both messages reach the shared definition) is broken at dots and commas.
    start = next(i for i, line in enumerate(lines) if "affects:" in line)
    affects = "".join(line.strip() for line in lines[start:start + 5]).removeprefix("affects: ")
    assert affects.split(",")[0].endswith(".status")


def _validation_report() -> ValidationReport:
    from schemadiff.validate import summarise

    schema = {"type": "object", "properties": {"type": {"const": "ping"}, "payload": {
        "type": "object", "properties": {"a_rather_long_property_name_for_wrapping": {
            "type": "integer"}}}}}
    message = {"type": "ping", "payload": {"a_rather_long_property_name_for_wrapping": "x" * 30}}
    summary = summarise([message, {"type": "ping"}], schema, source="log.jsonl", label="v1")
    return ValidationReport.of_summary(summary, ["log.jsonl"], ["schema.json"])


def test_validate_text_is_wrapped_and_coloured_on_a_terminal() -> None:
    report = _validation_report()
    plain = render(ReportKind.VALIDATE, "text", report)
    terminal = render(ReportKind.VALIDATE, "text", report, RenderOptions(color=True, width=80))
    assert "\x1b[" not in plain
    assert max(len(line) for line in plain.splitlines()) > 80  # Logs keep one line per error.
    shown = [ANSI.sub("", line) for line in terminal.splitlines()]
    assert max(len(line) for line in shown) <= 80
    assert " ".join(" ".join(shown).split()) == " ".join(plain.split())  # Same words, rewrapped.
    assert any("payload.a_rather_long_property_name_for_wrapping" in line for line in shown)
    assert terminal.splitlines()[-1].startswith("\x1b[1;31mFAIL: 1 of 2 messages invalid")


def test_counts_are_written_as_people_write_them() -> None:
    assert counted(1, "message") == "1 message"
    assert counted(2, "message") == "2 messages"
    assert counted(12_345, "message") == "12,345 messages"
    assert counted(1, "entry", "entries") == "1 entry"
    assert counted(0, "entry", "entries") == "0 entries"


def test_rules_shows_one_rule(run_cli_inproc: Any) -> None:
    result = run_cli_inproc("schemadiff rules enum-value-added")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "enum-value-added  (enum)"
    assert "forward: warning" in lines
    assert "backward: safe" in lines
    assert "mirror: enum-value-removed" in lines
    assert max(len(line) for line in lines) <= 80
    document = json.loads(run_cli_inproc("schemadiff rules enum-value-added -f json").stdout)
    assert (document["id"], document["mirror"]) == ("enum-value-added", "enum-value-removed")


def test_rules_with_an_unknown_id_suggests_one(run_cli_inproc: Any) -> None:
    result = run_cli_inproc("schemadiff rules enum-value-add")
    assert result.exit_code == 2
    assert result.stderr == (
        "schemadiff: error: unknown rule id 'enum-value-add'; did you mean enum-value-added?\n"
    )
