"""The command-line vocabulary: every option that more than one command takes, declared once.

Each option is an ``Annotated`` type that a command uses as a parameter's annotation, so the same
flag has the same name, short flag, help and choices everywhere. Choices come from the model's own
enums (:class:`~schemadiff.diff.model.Mode`, :class:`~schemadiff.diff.policy.FailOn`, ...) and the
``--format`` choices from the renderer registry (:func:`schemadiff.report.formats`), so there is
nothing to keep in step.

Short flags mean one thing in every command: ``-a`` against, ``-f`` format, ``-H`` header,
``-j`` jobs, ``-m`` message type, ``-n`` count, ``-o`` the file to write, ``-s`` the snapshot store.

An option with choices names them in its help text and shows one metavar word, rather than the
``<a|b|c>`` that typer would squeeze into its metavar column and break mid-word (``nev er``) on an
80-column terminal.
"""

from __future__ import annotations

from enum import Enum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from schemadiff.asyncapi import Direction as MessageDirection
from schemadiff.diff.model import Mode
from schemadiff.diff.policy import CheckPolicy, FailOn
from schemadiff.report import ReportKind, formats
from schemadiff.validate import Direction, InputFormat


def one_of(choices: tuple[str, ...] | type[Enum]) -> str:
    """``one of: a, b, c`` for the help text of an option with choices."""
    names = [str(member.value) for member in choices] if isinstance(choices, type) else choices
    return "One of: " + ", ".join(names) + "."


def _format_enum(kind: ReportKind) -> Any:
    # Typer offers choices for an Enum-typed option; the registry's names become one, so that a
    # format added to the registry is a choice at once.
    make: Any = StrEnum
    return make(f"{kind.value.title()}Format", {name.upper(): name for name in formats(kind)})


if TYPE_CHECKING:
    # For the type checker a format is its name (the members are ``str``); typer sees the enums.
    DiffFormat = str
    CheckFormat = str
    ValidateFormat = str
    ShowFormat = str
    ListFormat = str
    RulesFormat = str
    LogFormat = str
else:
    DiffFormat = _format_enum(ReportKind.DIFF)
    CheckFormat = _format_enum(ReportKind.CHECK)
    ValidateFormat = _format_enum(ReportKind.VALIDATE)
    ShowFormat = _format_enum(ReportKind.SHOW)
    ListFormat = _format_enum(ReportKind.LIST)
    RulesFormat = _format_enum(ReportKind.RULES)
    LogFormat = _format_enum(ReportKind.LOG)


def _format_help(kind: ReportKind) -> str:
    return f"Output format. {one_of(formats(kind))}"


def _format(kind: ReportKind) -> Any:
    return typer.Option(
        "--format", "-f", case_sensitive=False, metavar="FORMAT", help=_format_help(kind),
    )


DiffFormatOption = Annotated[DiffFormat, _format(ReportKind.DIFF)]
CheckFormatOption = Annotated[CheckFormat, _format(ReportKind.CHECK)]
ValidateFormatOption = Annotated[ValidateFormat, _format(ReportKind.VALIDATE)]
ShowFormatOption = Annotated[ShowFormat, _format(ReportKind.SHOW)]
ListFormatOption = Annotated[ListFormat, _format(ReportKind.LIST)]
RulesFormatOption = Annotated[RulesFormat, _format(ReportKind.RULES)]
LogFormatOption = Annotated[LogFormat, _format(ReportKind.LOG)]

OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", dir_okay=False, show_default=False,
    help="Write the report to FILE (atomically) instead of stdout.",
)]
TokenOption = Annotated[str | None, typer.Option(
    "--token", envvar="SCHEMADIFF_TOKEN", show_envvar=True, show_default=False, metavar="TOKEN",
    help="Bearer token for URL sources; never shown or stored.",
)]
SnapshotsOption = Annotated[Path | None, typer.Option(
    "--snapshots", "-s", metavar="DIR", file_okay=False, show_default=False,
    help="The snapshot store that names (0.1.0, latest) resolve in. Default: `snapshots` in "
         "\\[tool.schemadiff], else snapshots/.",
)]
RootOption = Annotated[str | None, typer.Option(
    "--root", metavar="NAME", show_default=False,
    help="The component of an OpenAPI source that is the message contract. Default: `root` in "
         "\\[tool.schemadiff], else WebSocketMessage.",
)]
ConfigOption = Annotated[Path | None, typer.Option(
    "--config", metavar="FILE", dir_okay=False, show_default=False,
    help="A TOML file with the \\[tool.schemadiff] keys, at top level or in that table. "
         "Default: the nearest pyproject.toml.",
)]
ModeOption = Annotated[Mode | None, typer.Option(
    "--mode", case_sensitive=False, metavar="MODE", show_default=False,
    help="forward: old readers read new data; backward: new readers read old data; full: both. "
         "Default: `mode` in the config, else forward.",
)]
FailOnOption = Annotated[FailOn | None, typer.Option(
    "--fail-on", case_sensitive=False, metavar="LEVEL", show_default=False,
    help="Exit 1 when an unapproved finding is at or above this level. "
         f"{one_of(FailOn)} Default: `fail-on` in the config, else breaking.",
)]
CheckPolicyOption = Annotated[CheckPolicy | None, typer.Option(
    "--policy", case_sensitive=False, metavar="POLICY", show_default=False,
    help="semver: incompatible changes need a major bump (minor for 0.x); strict: any breaking "
         "change fails. Default: `policy` in the config, else semver.",
)]
HeaderOption = Annotated[list[str] | None, typer.Option(
    "--header", "-H", metavar="'NAME: VALUE'", show_default=False,
    help="Extra HTTP handshake header; repeatable. Credential-like values are never shown.",
)]
DirectionOption = Annotated[Direction, typer.Option(
    "--direction", case_sensitive=False, metavar="DIRECTION",
    help="HAR frames to validate: received (server to client), sent, or both. With an AsyncAPI "
         "--against, sent also takes the client's messages as the union.",
)]
ChannelOption = Annotated[str | None, typer.Option(
    "--channel", metavar="NAME", show_default=False,
    help="AsyncAPI sources: the channel whose messages are the union (its key or address), when "
         "the document has several.",
)]
MessageDirectionOption = Annotated[MessageDirection, typer.Option(
    "--direction", case_sensitive=False, metavar="DIRECTION",
    help="AsyncAPI sources: whose messages are the union. "
         f"{one_of(MessageDirection)} Default: server-to-client.",
)]
InputFormatOption = Annotated[InputFormat, typer.Option(
    "--input-format", case_sensitive=False, metavar="FORMAT",
    help=f"How to read the logs; auto detects it. {one_of(InputFormat)}",
)]
EvidenceOption = Annotated[list[str] | None, typer.Option(
    "--evidence", "-e", metavar="LOG", show_default=False,
    help="A captured message log (as validate reads them: JSON Lines, JSON, HAR, gzip, a "
         "directory, '-'); repeatable. Each finding then says how often the traffic exercises it.",
)]
