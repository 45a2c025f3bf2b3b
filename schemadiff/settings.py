"""The settings of one run: the command line merged with the project's configuration.

Every command builds one :class:`Settings` with :func:`load_settings` and reads what it needs from
it, so ``[tool.schemadiff]`` means the same to every command. A value comes from the command line
when given there, else from the configuration (``--config FILE``, or ``[tool.schemadiff]`` of the
nearest ``pyproject.toml``), else from the built-in default. Everything in the file is checked when
it is read (unknown keys and rule ids are rejected, naming the file and the key), so a typo fails
loudly with exit 2 instead of silently changing nothing.

The keys: ``snapshots`` (the store, relative to the file), ``source`` and ``root`` (what ``check``
reads, the component of an OpenAPI source that is the message contract), ``mode``, ``fail-on``,
``policy`` (``check``'s semver or strict), ``base`` (the branch ``check`` takes its baseline
from), ``dask`` (the scheduler ``validate`` sends its work to), ``transitive`` (``check``
holds the candidate against every earlier snapshot), the judging policy: ``levels``,
``overrides`` and ``approvals`` (see :mod:`schemadiff.diff.policy`), and two sub-tables:
``[tool.schemadiff.deprecation]`` (``enabled``, ``min-versions``; see
:mod:`schemadiff.deprecation`) and ``[tool.schemadiff.evidence]`` (``unseen-after``,
``unseen-level``; see :mod:`schemadiff.evidence`).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from schemadiff.deprecation import DeprecationPolicy
from schemadiff.diff.model import Level, Mode, Rule
from schemadiff.diff.policy import Approval, CheckPolicy, FailOn, Override, PathPattern, Policy
from schemadiff.errors import ConfigError
from schemadiff.evidence import UnseenPolicy

if TYPE_CHECKING:
    from schemadiff.sources.options import SourceOptions

SECTION = "tool.schemadiff"
DEFAULT_SNAPSHOTS = Path("snapshots")
DEFAULT_ROOT = "WebSocketMessage"
"""The component of ``components.schemas`` that is the message contract, unless configured."""

_E = TypeVar("_E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class Overrides:
    """What the command line said; ``None`` means "not given", so the configuration decides."""

    snapshots: Path | None = None
    source: str | None = None
    root: str | None = None
    mode: Mode | None = None
    fail_on: FailOn | None = None
    check_policy: CheckPolicy | None = None
    token: str | None = field(default=None, repr=False)
    output_format: str | None = None
    transitive: bool | None = None
    dask: str | None = None


@dataclass(frozen=True, slots=True)
class Settings:
    """What one run will do: every option resolved to its value."""

    snapshots: Path = DEFAULT_SNAPSHOTS
    """The snapshot store that names (``0.1.0``, ``latest``) resolve in and ``snapshot`` writes."""
    source: str | None = None
    """The candidate ``check`` reads when no SOURCE is given."""
    root: str = DEFAULT_ROOT
    """The component of an OpenAPI source that is the message contract."""
    mode: Mode = Mode.FORWARD
    fail_on: FailOn = FailOn.BREAKING
    check_policy: CheckPolicy = CheckPolicy.SEMVER
    base: str | None = None
    """The ``base`` key: the branch ``check`` takes its baseline from (``origin/main``), after
    ``--base`` and a pull request's target branch (so it is not merged with ``--base`` here)."""
    dask: str | None = None
    """The Dask scheduler ``validate`` sends its work to (``--dask``, else the ``dask`` key)."""
    policy: Policy = field(default_factory=Policy)
    """Level overrides and approvals: how findings are judged."""
    deprecation: DeprecationPolicy = field(default_factory=DeprecationPolicy)
    """How long an item must be deprecated before it may be removed."""
    unseen: UnseenPolicy | None = None
    """Opt-in: lower removals that ``--evidence`` traffic never exercised."""
    transitive: bool = False
    """``check`` holds the candidate against every earlier snapshot, not only the baseline."""
    token: str | None = field(default=None, repr=False)
    """Bearer token for URL sources; left out of ``repr`` so that no log or traceback shows it."""
    output_format: str = "text"
    config_path: Path | None = None
    """The file the configuration was read from, ``None`` when there was none."""

    def source_options(self, **changes: Any) -> SourceOptions:
        """The options to read sources with: store, root and token from here, plus ``changes``."""
        from schemadiff.sources.options import SourceOptions

        base: dict[str, Any] = {
            "token": self.token, "root": self.root, "snapshots_dir": self.snapshots,
        }
        return SourceOptions(**{**base, **changes})


def load_settings(
    overrides: Overrides | None = None,
    config_path: Path | None = None,
    *,
    start: Path | None = None,
    rules: Mapping[str, Rule] | None = None,
) -> Settings:
    """Merge ``overrides`` (the command line) with the configuration into :class:`Settings`.

    ``config_path`` (``--config FILE``) may hold the keys at top level or under
    ``[tool.schemadiff]``. Without it, ``[tool.schemadiff]`` of the nearest ``pyproject.toml`` in
    ``start`` (the working directory by default) or above is used; no file or no section means
    the defaults. ``rules`` is the catalog that rule ids are checked against (the real one by
    default). Raises :class:`ConfigError`.
    """
    given = overrides or Overrides()
    config = read_config(config_path, start=start or Path.cwd(), rules=rules)
    return Settings(
        snapshots=given.snapshots or config.snapshots or DEFAULT_SNAPSHOTS,
        source=given.source or config.source,
        root=given.root or config.root or DEFAULT_ROOT,
        mode=given.mode or config.mode or Mode.FORWARD,
        fail_on=given.fail_on or config.fail_on or FailOn.BREAKING,
        check_policy=given.check_policy or config.check_policy or CheckPolicy.SEMVER,
        base=config.base,
        dask=given.dask or config.dask,
        policy=config.policy,
        deprecation=config.deprecation,
        unseen=config.unseen,
        transitive=given.transitive if given.transitive is not None else bool(config.transitive),
        token=given.token,
        output_format=given.output_format or "text",
        config_path=config.policy.path,
    )


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    """``[tool.schemadiff]`` as written: ``None`` for every key the file does not set."""

    snapshots: Path | None = None
    """The snapshot store directory, resolved against the config file's directory."""
    source: str | None = None
    root: str | None = None
    mode: Mode | None = None
    fail_on: FailOn | None = None
    check_policy: CheckPolicy | None = None
    """The ``policy`` key, read by ``schemadiff check``."""
    base: str | None = None
    """The ``base`` key: the branch ``check`` takes its baseline from (``origin/main``)."""
    dask: str | None = None
    """The ``dask`` key: the scheduler ``validate`` sends its work to (``tcp://host:8786``)."""
    policy: Policy = field(default_factory=Policy)
    deprecation: DeprecationPolicy = field(default_factory=DeprecationPolicy)
    unseen: UnseenPolicy | None = None
    transitive: bool | None = None


def find_pyproject(start: Path) -> Path | None:
    """Return the nearest ``pyproject.toml`` in ``start`` or one of its parents."""
    start = start.resolve()
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def read_config(
    config_path: Path | None, *, start: Path, rules: Mapping[str, Rule] | None = None
) -> ProjectConfig:
    """Read and check the configuration: ``config_path``, else the nearest ``pyproject.toml``."""
    if config_path is not None:
        document = _read_toml(config_path)
        tool = document.get("tool")
        if isinstance(tool, dict) and "schemadiff" in tool:
            return parse_config(tool["schemadiff"], path=config_path, prefix=SECTION, rules=rules)
        return parse_config(document, path=config_path, prefix="", rules=rules)
    pyproject = find_pyproject(start)
    if pyproject is None:
        return ProjectConfig()
    tool = _read_toml(pyproject).get("tool")
    if not isinstance(tool, dict) or "schemadiff" not in tool:
        return ProjectConfig()
    return parse_config(tool["schemadiff"], path=pyproject, prefix=SECTION, rules=rules)


CONFIG_MAX_BYTES = 4 * 1024 * 1024
"""The largest config file (``--config``, ``pyproject.toml``) that is read."""


def _read_toml(path: Path) -> dict[str, Any]:
    from schemadiff.sources.files import read_path_capped

    data = read_path_capped(path, CONFIG_MAX_BYTES, str(path), ConfigError)
    try:
        return tomllib.loads(data.decode("utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid TOML: not UTF-8") from None


def parse_config(
    table: Any,
    *,
    path: Path,
    prefix: str = SECTION,
    rules: Mapping[str, Rule] | None = None,
) -> ProjectConfig:
    """Check and convert one ``[tool.schemadiff]`` table read from ``path``."""
    reader = _Reader(path, prefix, _catalog(rules))
    if not isinstance(table, dict):
        raise reader.error("", f"must be a table, not {_type_name(table)}")
    for key in table:
        if key not in _KEYS:
            raise reader.error(key, f"unknown key (known: {', '.join(sorted(_KEYS))})")
    snapshots = reader.string(table, "snapshots")
    return ProjectConfig(
        snapshots=(path.parent / snapshots) if snapshots is not None else None,
        source=reader.string(table, "source"),
        root=reader.string(table, "root"),
        mode=reader.choice(table, "mode", Mode),
        fail_on=reader.choice(table, "fail-on", FailOn),
        check_policy=reader.choice(table, "policy", CheckPolicy),
        base=reader.string(table, "base"),
        transitive=reader.boolean(table, "transitive"),
        deprecation=reader.deprecation(table),
        unseen=reader.unseen(table),
        dask=reader.string(table, "dask"),
        policy=Policy(
            levels=reader.levels(table),
            overrides=reader.overrides(table),
            approvals=reader.approvals(table),
            path=path,
        ),
    )


_KEYS = frozenset(
    {"mode", "fail-on", "snapshots", "source", "root", "policy", "levels", "overrides",
     "approvals", "base", "transitive", "deprecation", "evidence", "dask"}
)
_DEPRECATION_KEYS = frozenset({"enabled", "min-versions"})
_EVIDENCE_KEYS = frozenset({"unseen-after", "unseen-level"})
_OVERRIDE_KEYS = frozenset({"path", "rule", "level"})
_APPROVAL_KEYS = frozenset({"rule", "path", "reason", "expires"})


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

    def boolean(self, table: Mapping[str, Any], key: str, *, at: str | None = None) -> bool | None:
        value = table.get(key)
        if value is None or isinstance(value, bool):
            return value
        raise self.error(at or key, f"must be true or false, not {_type_name(value)}")

    def positive(self, table: Mapping[str, Any], key: str, *, at: str) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            shown = str(value) if isinstance(value, int) else _type_name(value)
            raise self.error(at, f"must be a whole number of at least 1, not {shown}")
        return value

    def table(self, table: Mapping[str, Any], key: str, keys: frozenset[str]) -> dict[str, Any]:
        value = table.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(key, f"must be a table ([{self.key(key)}]), not {_type_name(value)}")
        for name in value:
            if name not in keys:
                raise self.error(f"{key}.{name}", f"unknown key (known: {', '.join(sorted(keys))})")
        return value

    def deprecation(self, table: Mapping[str, Any]) -> DeprecationPolicy:
        entry = self.table(table, "deprecation", _DEPRECATION_KEYS)
        enabled = self.boolean(entry, "enabled", at="deprecation.enabled")
        versions = self.positive(entry, "min-versions", at="deprecation.min-versions")
        default = DeprecationPolicy()
        return DeprecationPolicy(
            enabled=default.enabled if enabled is None else enabled,
            min_versions=versions or default.min_versions,
        )

    def unseen(self, table: Mapping[str, Any]) -> UnseenPolicy | None:
        entry = self.table(table, "evidence", _EVIDENCE_KEYS)
        after = self.positive(entry, "unseen-after", at="evidence.unseen-after")
        level = self.choice(entry, "unseen-level", Level, at="evidence.unseen-level")
        if after is None:
            if level is not None:
                raise self.error("evidence.unseen-after",
                                 "is required with unseen-level: how many messages make "
                                 "an item's absence telling")
            return None
        return UnseenPolicy(messages=after, level=level or Level.INFO)

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
