"""Reading ``[tool.schemadiff]`` / ``--config``: every key, every error path, path patterns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import MappingProxyType

import pytest

from schemadiff.diff.model import Level, Mode, Rule
from schemadiff.diff.policy import CheckPolicy, FailOn, PathPattern
from schemadiff.errors import ConfigError
from schemadiff.settings import ProjectConfig, find_pyproject, read_config

FULL = """
[project]
name = "demo"

[tool.schemadiff]
mode = "full"
fail-on = "warning"
snapshots = "contract/snapshots"
source = "demo.app:app"
root = "WebSocketMessage"
policy = "strict"

[tool.schemadiff.levels]
annotation-changed = "safe"

[[tool.schemadiff.overrides]]
path = "GenerationMessage.payload.status"
rule = "enum-value-added"
level = "safe"

[[tool.schemadiff.overrides]]
path = "ShotMessage.**"
level = "info"

[[tool.schemadiff.approvals]]
rule = "required-property-removed"
path = "PredictionPublic.score"
reason = "clients updated"
expires = 2030-01-31

[[tool.schemadiff.approvals]]
rule = "enum-value-added"
path = "*.payload.kind"
reason = "extensible"
expires = "2030-02-28"
"""


def write(directory: Path, text: str, name: str = "pyproject.toml") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_key_is_read(tmp_path: Path, rules: MappingProxyType[str, Rule]) -> None:
    pyproject = write(tmp_path, FULL)
    project = read_config(None, start=tmp_path, rules=rules)
    assert project.mode is Mode.FULL
    assert project.fail_on is FailOn.WARNING
    assert project.fail_on.threshold is Level.WARNING
    assert project.snapshots == tmp_path / "contract/snapshots"
    assert project.source == "demo.app:app"
    assert project.root == "WebSocketMessage"
    assert project.check_policy is CheckPolicy.STRICT
    assert dict(project.policy.levels) == {"annotation-changed": Level.SAFE}
    assert [(o.path.text, o.rule, o.level) for o in project.policy.overrides] == [
        ("GenerationMessage.payload.status", "enum-value-added", Level.SAFE),
        ("ShotMessage.**", None, Level.INFO),
    ]
    assert [(a.rule, a.path.text, a.reason, a.expires) for a in project.policy.approvals] == [
        ("required-property-removed", "PredictionPublic.score", "clients updated",
         dt.date(2030, 1, 31)),
        ("enum-value-added", "*.payload.kind", "extensible", dt.date(2030, 2, 28)),
    ]
    assert project.policy.path == pyproject
    assert project.policy.overrides[0].origin == "pyproject.toml: tool.schemadiff.overrides[0]"


def test_nearest_pyproject_walking_up(tmp_path: Path, rules: MappingProxyType[str, Rule]) -> None:
    write(tmp_path, '[tool.schemadiff]\nmode = "backward"\n')
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_pyproject(nested) == (tmp_path / "pyproject.toml").resolve()
    assert read_config(None, start=nested, rules=rules).mode is Mode.BACKWARD
    # The nearest pyproject.toml wins, even when it has no [tool.schemadiff]: that is the project.
    write(tmp_path / "a", '[project]\nname = "inner"\n')
    assert read_config(None, start=nested, rules=rules) == ProjectConfig()


def test_no_pyproject_gives_the_empty_policy(tmp_path: Path) -> None:
    if find_pyproject(tmp_path) is not None:
        pytest.skip("a pyproject.toml exists above the temporary directory")
    assert read_config(None, start=tmp_path) == ProjectConfig()


def test_config_file_with_top_level_keys(
    tmp_path: Path, rules: MappingProxyType[str, Rule]
) -> None:
    config = write(tmp_path, 'mode = "backward"\n[levels]\nenum-value-added = "breaking"\n',
                   "schemadiff.toml")
    project = read_config(config, start=tmp_path, rules=rules)
    assert project.mode is Mode.BACKWARD
    assert dict(project.policy.levels) == {"enum-value-added": Level.BREAKING}


def test_config_file_with_a_tool_section(
    tmp_path: Path, rules: MappingProxyType[str, Rule]
) -> None:
    write(tmp_path, '[tool.schemadiff]\nmode = "full"\n')  # Ignored: --config wins.
    config = write(tmp_path, '[tool.schemadiff]\nfail-on = "never"\n', "ci.toml")
    project = read_config(config, start=tmp_path, rules=rules)
    assert project.mode is None
    assert project.fail_on is FailOn.NEVER
    assert project.fail_on.threshold is None


def test_the_repositorys_own_pyproject_loads() -> None:
    repo = Path(__file__).resolve().parents[2]
    project = read_config(None, start=repo, rules={})
    assert project.policy.path == repo / "pyproject.toml"


ERRORS = [
    # (config text, the key named in the error, a fragment of the message)
    ('[tool.schemadiff]\nmodes = "full"\n', "tool.schemadiff.modes", "unknown key"),
    ('[tool.schemadiff]\nmode = "sideways"\n', "tool.schemadiff.mode",
     "'sideways' is not one of forward, backward, full"),
    ("[tool.schemadiff]\nmode = 3\n", "tool.schemadiff.mode", "not an integer"),
    ('[tool.schemadiff]\nfail-on = "fatal"\n', "tool.schemadiff.fail-on", "'fatal' is not one of"),
    ('[tool.schemadiff]\npolicy = "lenient"\n', "tool.schemadiff.policy", "is not one of"),
    ("[tool.schemadiff]\nsnapshots = true\n", "tool.schemadiff.snapshots",
     "must be a non-empty string, not a boolean"),
    ('[tool.schemadiff]\nsource = ""\n', "tool.schemadiff.source", "not an empty string"),
    ('[tool.schemadiff]\nlevels = "all"\n', "tool.schemadiff.levels", "must be a table"),
    ('[tool.schemadiff.levels]\nno-such-rule = "safe"\n', "tool.schemadiff.levels.no-such-rule",
     "unknown rule id 'no-such-rule'"),
    ('[tool.schemadiff.levels]\nenum-value-added = "fatal"\n',
     "tool.schemadiff.levels.enum-value-added", "'fatal' is not one of breaking"),
    ("[tool.schemadiff]\noverrides = 1\n", "tool.schemadiff.overrides", "must be an array"),
    ('[[tool.schemadiff.overrides]]\npath = "A"\n', "tool.schemadiff.overrides[0].level",
     "is required"),
    ('[[tool.schemadiff.overrides]]\nlevel = "safe"\n', "tool.schemadiff.overrides[0].path",
     "is required"),
    ('[[tool.schemadiff.overrides]]\npath = "A"\nlevel = "safe"\nrule = "nope"\n',
     "tool.schemadiff.overrides[0].rule", "unknown rule id 'nope'"),
    ('[[tool.schemadiff.overrides]]\npath = "A"\nlevel = "safe"\n\n'
     '[[tool.schemadiff.overrides]]\npath = "B"\nlevel = "safe"\ncolour = "red"\n',
     "tool.schemadiff.overrides[1].colour", "unknown key"),
    ('[[tool.schemadiff.approvals]]\npath = "A"\nreason = "r"\n',
     "tool.schemadiff.approvals[0].rule", "is required"),
    ('[[tool.schemadiff.approvals]]\nrule = "enum-value-added"\npath = "A"\n',
     "tool.schemadiff.approvals[0].reason", "is required"),
    ('[[tool.schemadiff.approvals]]\nrule = "enum-value-added"\npath = "A"\nreason = "r"\n'
     'expires = "31/01/2030"\n', "tool.schemadiff.approvals[0].expires",
     "must be a date YYYY-MM-DD, not '31/01/2030'"),
    ('[[tool.schemadiff.approvals]]\nrule = "enum-value-added"\npath = "A"\nreason = "r"\n'
     'expires = "2030-02-30"\n', "tool.schemadiff.approvals[0].expires", "must be a date"),
    ('[[tool.schemadiff.approvals]]\nrule = "enum-value-added"\npath = "A"\nreason = "r"\n'
     "expires = 2030-01-01T10:00:00\n", "tool.schemadiff.approvals[0].expires",
     "not a date-time"),
    ('[[tool.schemadiff.approvals]]\nrule = 7\npath = "A"\nreason = "r"\n',
     "tool.schemadiff.approvals[0].rule", "must be a rule id (a string), not an integer"),
    ("[tool]\nschemadiff = 5\n", "tool.schemadiff", "must be a table, not an integer"),
]


@pytest.mark.parametrize(("text", "key", "fragment"), ERRORS)
def test_malformed_config_names_file_and_key(
    tmp_path: Path, rules: MappingProxyType[str, Rule], text: str, key: str, fragment: str
) -> None:
    pyproject = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        read_config(None, start=tmp_path, rules=rules)
    message = str(caught.value)
    assert message.startswith(f"{pyproject.resolve()}: {key}: "), message
    assert fragment in message
    assert "\n" not in message


def test_bad_toml_names_the_file_and_line(tmp_path: Path) -> None:
    config = write(tmp_path, '[tool.schemadiff]\nmode = "full\n', "bad.toml")
    with pytest.raises(ConfigError, match=r"bad\.toml: not valid TOML: .*line 2"):
        read_config(config, start=tmp_path, rules={})


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.toml: no such file"):
        read_config(tmp_path / "nope.toml", start=tmp_path, rules={})


def test_top_level_key_errors_without_section_prefix(
    tmp_path: Path, rules: MappingProxyType[str, Rule]
) -> None:
    config = write(tmp_path, 'fail_on = "warning"\n', "c.toml")
    with pytest.raises(ConfigError, match=r"c\.toml: fail_on: unknown key \(known: "):
        read_config(config, start=tmp_path, rules=rules)


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("GenerationMessage.payload.status", "GenerationMessage.payload.status", True),
        ("GenerationMessage.payload.status", "GenerationMessage.payload.statuses", False),
        # "*" stays inside one segment; "[]" is literal, not a character class.
        ("*.payload.status", "ShotMessage.payload.status", True),
        ("*.status", "ShotMessage.payload.status", False),
        ("GenerationMessage.payload.predictions[].status",
         "GenerationMessage.payload.predictions[].status", True),
        ("GenerationMessage.payload.predictions[].status",
         "GenerationMessage.payload.predictions.status", False),
        ("GenerationMessage.payload.predictions*.status",
         "GenerationMessage.payload.predictions[].status", True),
        ("GenerationMessage.**", "GenerationMessage.payload.predictions[].status", True),
        ("GenerationMessage.**", "GenerationMessage", False),
        ("**", "Anything.at.all", True),
        ("Shot?", "Shot1", False),
    ],
)
def test_path_patterns(pattern: str, path: str, matches: bool) -> None:
    assert PathPattern(pattern).matches(path) is matches


def test_pattern_matches_an_affected_path() -> None:
    pattern = PathPattern("ShotMessage.payload.predictions[].score")
    affects = ("GenerationMessage.payload.predictions[].score",
               "ShotMessage.payload.predictions[].score")
    assert pattern.matches("PredictionPublic.score", affects)
    assert not pattern.matches("PredictionPublic.score", ("GenerationMessage.x",))
