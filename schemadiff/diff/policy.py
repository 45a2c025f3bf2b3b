"""The project's diff policy: ``[tool.schemadiff]`` in ``pyproject.toml`` or a ``--config`` file.

A policy says how a project wants its diffs judged: the default mode and failure threshold, level
overrides per rule id, level overrides for particular paths ("this enum is extensible"), and
approvals that keep a known finding visible but stop it from failing the build. Everything is
checked when the file is read, so a typo in a rule id fails loudly (exit 2) instead of silently
approving nothing.

Path patterns (in overrides and approvals) match readable finding paths such as
``GenerationMessage.payload.predictions[].status``: ``*`` matches within one dot-separated segment,
``**`` matches any run of characters including dots, everything else is literal (so ``[]`` needs no
escaping). A pattern matches a finding when it matches the finding's path or any path in its
``affects``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from schemadiff.diff.model import Level, Mode, Rule, listed_paths
from schemadiff.errors import ConfigError

SECTION = "tool.schemadiff"

_E = TypeVar("_E", bound=StrEnum)


class FailOn(StrEnum):
    """The ``--fail-on`` threshold: the lowest level that fails, or ``never``."""

    BREAKING = "breaking"
    WARNING = "warning"
    SAFE = "safe"
    NEVER = "never"

    @property
    def threshold(self) -> Level | None:
        """The level at or above which an unapproved finding fails; ``None`` for ``never``."""
        return None if self is FailOn.NEVER else Level(self.value)


class CheckPolicy(StrEnum):
    """How ``schemadiff check`` gates a release (the ``policy`` key)."""

    SEMVER = "semver"
    STRICT = "strict"


@dataclass(frozen=True, slots=True)
class PathPattern:
    """A glob-like pattern over readable finding paths (see the module docstring)."""

    text: str

    def matches(self, path: str, affects: tuple[str, ...] = ()) -> bool:
        """True when the pattern matches ``path`` or any of ``affects``."""
        regex = _compile_pattern(self.text)
        return regex.fullmatch(path) is not None or any(
            regex.fullmatch(other) is not None for other in listed_paths(affects)
        )

    def __str__(self) -> str:
        return self.text


@functools.lru_cache(maxsize=512)
def _compile_pattern(text: str) -> re.Pattern[str]:
    parts: list[str] = []
    for index, piece in enumerate(text.split("**")):
        if index:
            parts.append(".*")
        parts.append("[^.]*".join(re.escape(chunk) for chunk in piece.split("*")))
    return re.compile("".join(parts), re.DOTALL)


@dataclass(frozen=True, slots=True)
class Override:
    """Set the level of findings of ``rule`` (every rule when ``None``) whose path matches."""

    path: PathPattern
    level: Level
    rule: str | None = None
    origin: str = ""
    """Where it was written (``pyproject.toml: overrides[0]``), for messages."""

    def applies(self, rule: str, path: str, affects: tuple[str, ...]) -> bool:
        return (self.rule is None or self.rule == rule) and self.path.matches(path, affects)


@dataclass(frozen=True, slots=True)
class Approval:
    """A known finding that must not fail the build, with the reason and an optional expiry."""

    rule: str
    path: PathPattern
    reason: str
    expires: dt.date | None = None
    """Last day the approval applies; from the next day on it is expired."""
    origin: str = ""

    def applies(self, rule: str, path: str, affects: tuple[str, ...]) -> bool:
        return self.rule == rule and self.path.matches(path, affects)

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and today > self.expires


@dataclass(frozen=True, slots=True)
class Policy:
    """Everything ``[tool.schemadiff]`` configures. The default value is "no configuration"."""

    mode: Mode | None = None
    fail_on: FailOn | None = None
    snapshots: Path | None = None
    """The snapshot store directory, resolved against the config file's directory."""
    source: str | None = None
    root: str | None = None
    check_policy: CheckPolicy | None = None
    """The ``policy`` key, read by ``schemadiff check``."""
    base: str | None = None
    """The ``base`` key: the branch ``check`` takes its baseline from (``origin/main``)."""
    levels: Mapping[str, Level] = field(default_factory=lambda: MappingProxyType({}))
    overrides: tuple[Override, ...] = ()
    approvals: tuple[Approval, ...] = ()
    path: Path | None = None
    """The file the policy was read from, ``None`` when there was none."""


_KEYS = frozenset(
    {"mode", "fail-on", "snapshots", "source", "root", "policy", "levels", "overrides",
     "approvals", "base"}
)
_OVERRIDE_KEYS = frozenset({"path", "rule", "level"})
_APPROVAL_KEYS = frozenset({"rule", "path", "reason", "expires"})


def find_pyproject(start: Path) -> Path | None:
    """Return the nearest ``pyproject.toml`` in ``start`` or one of its parents."""
    start = start.resolve()
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_policy(
    config_path: Path | None,
    *,
    start: Path,
    rules: Mapping[str, Rule] | None = None,
) -> Policy:
    """Read the policy from ``config_path`` or else from the nearest ``pyproject.toml``.

    ``config_path`` (``--config FILE``) may hold the keys at top level or under
    ``[tool.schemadiff]``. Without it, ``[tool.schemadiff]`` of the nearest ``pyproject.toml`` above
    ``start`` is used; no file or no section gives the empty policy. ``rules`` is the catalog that
    rule ids are checked against (the real one by default). Raises :class:`ConfigError`.
    """
    if config_path is not None:
        document = _read_toml(config_path)
        tool = document.get("tool")
        if isinstance(tool, dict) and "schemadiff" in tool:
            return parse_policy(tool["schemadiff"], path=config_path, prefix=SECTION, rules=rules)
        return parse_policy(document, path=config_path, prefix="", rules=rules)
    pyproject = find_pyproject(start)
    if pyproject is None:
        return Policy()
    tool = _read_toml(pyproject).get("tool")
    if not isinstance(tool, dict) or "schemadiff" not in tool:
        return Policy()
    return parse_policy(tool["schemadiff"], path=pyproject, prefix=SECTION, rules=rules)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a config file") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid TOML: not UTF-8") from None


def parse_policy(
    table: Any,
    *,
    path: Path,
    prefix: str = SECTION,
    rules: Mapping[str, Rule] | None = None,
) -> Policy:
    """Check and convert one ``[tool.schemadiff]`` table read from ``path``."""
    reader = _Reader(path, prefix, _catalog(rules))
    if not isinstance(table, dict):
        raise reader.error("", f"must be a table, not {_type_name(table)}")
    for key in table:
        if key not in _KEYS:
            raise reader.error(key, f"unknown key (known: {', '.join(sorted(_KEYS))})")
    snapshots = reader.string(table, "snapshots")
    return Policy(
        mode=reader.choice(table, "mode", Mode),
        fail_on=reader.choice(table, "fail-on", FailOn),
        snapshots=(path.parent / snapshots) if snapshots is not None else None,
        source=reader.string(table, "source"),
        root=reader.string(table, "root"),
        check_policy=reader.choice(table, "policy", CheckPolicy),
        base=reader.string(table, "base"),
        levels=reader.levels(table),
        overrides=reader.overrides(table),
        approvals=reader.approvals(table),
        path=path,
    )


def _catalog(rules: Mapping[str, Rule] | None) -> Mapping[str, Rule]:
    if rules is not None:
        return rules
    from schemadiff.diff.rules import RULES

    return RULES


def _type_name(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string",
             list: "an array", dict: "a table", dt.date: "a date", dt.datetime: "a date-time",
             dt.time: "a time"}
    return names.get(type(value), type(value).__name__)


class _Reader:
    """Reads typed values out of the table and names the file and key in every error."""

    def __init__(self, path: Path, prefix: str, rules: Mapping[str, Rule]) -> None:
        self.path = path
        self.prefix = prefix
        self.rules = rules

    def key(self, key: str) -> str:
        if not self.prefix:
            return key
        return f"{self.prefix}.{key}" if key else self.prefix

    def error(self, key: str, message: str) -> ConfigError:
        where = self.key(key) or "top level"
        return ConfigError(f"{self.path}: {where}: {message}")

    def string(self, table: Mapping[str, Any], key: str, *, at: str | None = None) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            shown = "an empty string" if isinstance(value, str) else _type_name(value)
            raise self.error(at or key, f"must be a non-empty string, not {shown}")
        return value

    def choice(
        self, table: Mapping[str, Any], key: str, kind: type[_E], *, at: str | None = None
    ) -> _E | None:
        value = table.get(key)
        if value is None:
            return None
        members = list(kind)
        if kind is Level:  # Name levels worst first, as the docs and --fail-on do.
            members.reverse()
        allowed = ", ".join(member.value for member in members)
        if not isinstance(value, str):
            raise self.error(at or key, f"must be one of {allowed}, not {_type_name(value)}")
        try:
            return kind(value)
        except ValueError:
            raise self.error(at or key, f"{value!r} is not one of {allowed}") from None

    def rule_id(self, value: Any, at: str) -> str:
        if not isinstance(value, str):
            raise self.error(at, f"must be a rule id (a string), not {_type_name(value)}")
        if value not in self.rules:
            raise self.error(at, f"unknown rule id {value!r} (see `schemadiff rules`)")
        return value

    def pattern(self, entry: Mapping[str, Any], at: str) -> PathPattern:
        text = self.string(entry, "path", at=f"{at}.path")
        if text is None:
            raise self.error(f"{at}.path", "is required")
        return PathPattern(text)

    def levels(self, table: Mapping[str, Any]) -> Mapping[str, Level]:
        value = table.get("levels")
        if value is None:
            return MappingProxyType({})
        if not isinstance(value, dict):
            raise self.error(
                "levels", f"must be a table of rule-id = level, not {_type_name(value)}"
            )
        levels: dict[str, Level] = {}
        for rule in value:
            at = f"levels.{rule}"
            self.rule_id(rule, at)
            parsed = self.choice(value, rule, Level, at=at)
            if parsed is not None:  # Always: the key exists, so the value is not None.
                levels[rule] = parsed
        return MappingProxyType(levels)

    def entries(self, table: Mapping[str, Any], key: str, keys: frozenset[str]) -> list[
        tuple[str, dict[str, Any]]
    ]:
        value = table.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(key, f"must be an array of tables ([[{self.key(key)}]]), "
                                  f"not {_type_name(value)}")
        entries = []
        for index, entry in enumerate(value):
            at = f"{key}[{index}]"
            if not isinstance(entry, dict):
                raise self.error(at, f"must be a table, not {_type_name(entry)}")
            for name in entry:
                if name not in keys:
                    raise self.error(f"{at}.{name}",
                                     f"unknown key (known: {', '.join(sorted(keys))})")
            entries.append((at, entry))
        return entries

    def overrides(self, table: Mapping[str, Any]) -> tuple[Override, ...]:
        overrides = []
        for at, entry in self.entries(table, "overrides", _OVERRIDE_KEYS):
            rule = self.rule_id(entry["rule"], f"{at}.rule") if "rule" in entry else None
            level = self.choice(entry, "level", Level, at=f"{at}.level")
            if level is None:
                raise self.error(f"{at}.level", "is required")
            overrides.append(Override(
                path=self.pattern(entry, at), level=level, rule=rule,
                origin=f"{self.path.name}: {self.key(at)}",
            ))
        return tuple(overrides)

    def approvals(self, table: Mapping[str, Any]) -> tuple[Approval, ...]:
        approvals = []
        for at, entry in self.entries(table, "approvals", _APPROVAL_KEYS):
            if "rule" not in entry:
                raise self.error(f"{at}.rule", "is required")
            rule = self.rule_id(entry["rule"], f"{at}.rule")
            reason = self.string(entry, "reason", at=f"{at}.reason")
            if reason is None:
                raise self.error(f"{at}.reason", "is required: say why this change is accepted")
            approvals.append(Approval(
                rule=rule, path=self.pattern(entry, at), reason=reason,
                expires=self.date(entry.get("expires"), f"{at}.expires"),
                origin=f"{self.path.name}: {self.key(at)}",
            ))
        return tuple(approvals)

    def date(self, value: Any, at: str) -> dt.date | None:
        if value is None:
            return None
        # TOML has a date type (expires = 2025-06-30); a quoted "2025-06-30" is accepted too. A
        # date-time is refused: an approval expires at the end of a day, not at an instant.
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        shown = repr(value) if isinstance(value, str) else _type_name(value)
        raise self.error(at, f"must be a date YYYY-MM-DD, not {shown}")
