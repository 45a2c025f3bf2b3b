"""Renderers: turn result values into text. They never print.

One registry serves every command: :data:`RENDERERS` maps a (report kind, format) pair to the
function that renders it, named as ``module:function`` so that a format's module (and rich, for
the text formats) is imported only when that format is chosen. The registry is also the list of
formats: :func:`formats` feeds each command's ``--format`` choices, so a format added here shows
up in ``--help`` and is accepted without touching the commands. A pair missing from the registry is
a format that declines that kind of report.

Every renderer has the signature ``render(result, options: RenderOptions) -> str``; what
``result`` is depends on the kind (see :class:`ReportKind`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from schemadiff.diff.model import Level

if TYPE_CHECKING:
    from schemadiff.diff.model import Rule
    from schemadiff.report.diff.common import FindingLocator, LineFinder


class ReportKind(StrEnum):
    """What is being rendered; each kind has its own result type."""

    DIFF = "diff"
    """A :class:`~schemadiff.diff.model.DiffReport`."""
    VALIDATE = "validate"
    """A :class:`~schemadiff.report.validate.ValidationReport`."""
    CHECK = "check"
    """A :class:`~schemadiff.report.check.CheckReport`: the diff plus the gate's verdict."""
    RULES = "rules"
    """The rule catalog: a mapping of rule id to :class:`~schemadiff.diff.model.Rule`."""
    RULE = "rule"
    """One :class:`~schemadiff.diff.model.Rule`, in full (``schemadiff rules RULE``)."""
    SHOW = "show"
    """An :class:`~schemadiff.outline.Outline`."""
    LIST = "list"
    """A :class:`~schemadiff.store.Listing` of the snapshot store."""
    LOG = "log"
    """A :class:`~schemadiff.history.Changelog`: the store's history, step by step."""


_DIFF = "schemadiff.report.diff"
_CHECK = "schemadiff.report.check"
_CATALOG = "schemadiff.report.diff.catalog"
_VALIDATE = "schemadiff.report.validate"
_HTML = "schemadiff.report.html"

RENDERERS: Mapping[tuple[ReportKind, str], str] = MappingProxyType({
    (ReportKind.DIFF, "text"): f"{_DIFF}.text:render",
    (ReportKind.DIFF, "json"): f"{_DIFF}.json:render",
    (ReportKind.DIFF, "markdown"): f"{_DIFF}.markdown:render",
    (ReportKind.DIFF, "github"): f"{_DIFF}.github:render",
    (ReportKind.DIFF, "junit"): f"{_DIFF}.junit:render",
    (ReportKind.DIFF, "sarif"): f"{_DIFF}.sarif:render",
    (ReportKind.DIFF, "html"): f"{_HTML}.diff:render",
    (ReportKind.CHECK, "text"): f"{_CHECK}:render_text",
    (ReportKind.CHECK, "json"): f"{_CHECK}:render_json",
    (ReportKind.CHECK, "markdown"): f"{_CHECK}:render_markdown",
    (ReportKind.CHECK, "github"): f"{_CHECK}:render_github",
    (ReportKind.CHECK, "junit"): f"{_CHECK}:render_junit",
    (ReportKind.CHECK, "sarif"): f"{_CHECK}:render_sarif",
    (ReportKind.CHECK, "html"): f"{_HTML}.check:render",
    (ReportKind.VALIDATE, "text"): f"{_VALIDATE}.text:render",
    (ReportKind.VALIDATE, "json"): f"{_VALIDATE}.json:render",
    (ReportKind.VALIDATE, "github"): f"{_VALIDATE}.github:render",
    (ReportKind.VALIDATE, "html"): f"{_HTML}.validate:render",
    (ReportKind.RULES, "text"): f"{_CATALOG}:catalog_text",
    (ReportKind.RULES, "json"): f"{_CATALOG}:catalog_json",
    (ReportKind.RULE, "text"): f"{_CATALOG}:rule_text",
    (ReportKind.RULE, "json"): f"{_CATALOG}:rule_document",
    (ReportKind.SHOW, "text"): "schemadiff.report.show_text:render",
    (ReportKind.SHOW, "json"): "schemadiff.report.show_json:render",
    (ReportKind.LIST, "text"): "schemadiff.report.list_text:render",
    (ReportKind.LIST, "json"): "schemadiff.report.list_json:render",
    (ReportKind.LOG, "text"): "schemadiff.report.log.text:render",
    (ReportKind.LOG, "markdown"): "schemadiff.report.log.markdown:render",
    (ReportKind.LOG, "json"): "schemadiff.report.log.json:render",
    (ReportKind.LOG, "html"): f"{_HTML}.log:render",
})
"""(report kind, format name) -> ``module:function``; formats listed in the order help shows."""


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How to render: what every renderer may use, each ignoring what does not concern it."""

    color: bool = False
    """ANSI colours (text formats); the command decides, honouring ``NO_COLOR``."""
    width: int = 80
    """Columns to lay out for (text formats)."""
    fail_on: Level | None = Level.BREAKING
    """The lowest level at which an unapproved finding fails; ``None`` for never."""
    allowed_by: str | None = None
    """What let findings at the threshold pass when that was not ``--fail-on`` (``check``: "allowed
    by the minor version bump 0.1.0 -> 0.2.0"); the verdict sentence says it."""
    lines: LineFinder | None = None
    """``(file, pointer) -> line`` for annotations (github, sarif); the real finder by default."""
    locate: FindingLocator | None = None
    """``finding -> (file, line)`` for annotations (github, sarif), replacing the snapshot-file
    lookup: ``check`` places findings in the app's Python source
    (:mod:`schemadiff.gate.locations`)."""
    rules: Mapping[str, Rule] | None = None
    """The rule catalog (sarif, html); the real one by default."""
    tool_version: str | None = None
    """The version reported as the tool's (sarif, html); the installed one by default."""


PLAIN = RenderOptions()
"""The options of output read later, elsewhere: no colour, 80 columns, failing at breaking."""

Renderer = Callable[[Any, RenderOptions], str]


class UnknownFormat(KeyError):
    """A format the registry has no renderer for, for this kind of report."""

    def __init__(self, kind: ReportKind, name: str) -> None:
        super().__init__(name)
        self.kind = kind
        self.name = name

    def __str__(self) -> str:
        known = ", ".join(formats(self.kind))
        return f"no {self.kind} report in format {self.name!r} (known: {known})"


def formats(kind: ReportKind) -> tuple[str, ...]:
    """The format names a kind of report can be rendered in, in the order help lists them."""
    return tuple(name for (each, name) in RENDERERS if each is kind)


def renderer(kind: ReportKind, name: str) -> Renderer:
    """Return the render function of ``name`` for ``kind``; :class:`UnknownFormat` if none."""
    # Plain strings for the look-up: a typer choice arrives as an enum member, which hashes by name.
    target = RENDERERS.get((ReportKind(kind), str(name)))
    if target is None:
        raise UnknownFormat(kind, name)
    module, _, function = target.partition(":")
    found: Renderer = getattr(importlib.import_module(module), function)
    return found


def render(kind: ReportKind, name: str, result: Any, options: RenderOptions = PLAIN) -> str:
    """Render ``result`` (a report of ``kind``) in format ``name``."""
    return renderer(kind, name)(result, options)
