"""The ``check`` command: gate a release on the diff between the committed baseline and the code.

``schemadiff check [SOURCE] [--against BASELINE] [--base REF]`` merges the options with the
configuration, hands the run to :func:`schemadiff.gate.run.run_check` (baseline choice, diff,
verdict, ``--update``), prints the report in the chosen format followed by the verdict, and exits 0
(pass), 1 (fail) or 2 (error).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from schemadiff.asyncapi import direction_of_frames
from schemadiff.commands.options import (
    ChannelOption,
    CheckFormatOption,
    CheckPolicyOption,
    ConfigOption,
    DirectionOption,
    EvidenceOption,
    FailOnOption,
    InputFormatOption,
    ModeOption,
    RootOption,
    SnapshotsOption,
    TokenOption,
)
from schemadiff.validate import Direction, InputFormat

if TYPE_CHECKING:
    from schemadiff.diff.model import Mode
    from schemadiff.diff.policy import CheckPolicy, FailOn
    from schemadiff.gate import GateResult
    from schemadiff.gate.run import CheckRequest
    from schemadiff.report.diff.common import FindingLocator
    from schemadiff.settings import Settings


def check(
    source: Annotated[str | None, typer.Argument(
        show_default=False,
        help="The candidate: an app import path (package.module:app), an OpenAPI or snapshot "
        "file, a URL, a snapshot name or git:REF:PATH. Default: `source` in \\[tool.schemadiff].",
    )] = None,
    against: Annotated[str | None, typer.Option(
        "--against", "-a", show_default=False,
        help="The baseline (same kinds as SOURCE). Default: the newest snapshot in the store as "
        "committed where HEAD branched off the base (--base), else in the working tree.",
    )] = None,
    base: Annotated[str | None, typer.Option(
        "--base", show_default=False,
        help="The branch a change is judged against (origin/main): the baseline is the store's "
        "newest snapshot at the merge base. Default: origin/$GITHUB_BASE_REF in a pull request, "
        "else `base` in the config.",
    )] = None,
    policy: CheckPolicyOption = None,
    mode: ModeOption = None,
    fail_on: FailOnOption = None,
    output_format: CheckFormatOption = "text",
    update: Annotated[bool, typer.Option(
        "--update",
        help="When the check passes and the schema changed, write the new snapshot to the store.",
    )] = False,
    config: ConfigOption = None,
    snapshots: SnapshotsOption = None,
    root: RootOption = None,
    token: TokenOption = None,
    offline: Annotated[bool, typer.Option(
        "--offline",
        help="Refuse URL sources (pre-commit hooks: files, git refs and app imports only).",
    )] = False,
    reports: Annotated[list[str] | None, typer.Option(
        "--report", metavar="FORMAT=FILE", show_default=False,
        help="Also write the report in FORMAT to FILE (repeatable), from the same run: "
        "--report json=check.json --report markdown=summary.md.",
    )] = None,
    transitive: Annotated[bool | None, typer.Option(
        "--transitive/--no-transitive", show_default=False,
        help="Hold the candidate against every earlier snapshot of the baseline's store, not only "
        "the baseline; each finding names the oldest version it holds against. Default: "
        "`transitive` in the config, else off.",
    )] = None,
    evidence: EvidenceOption = None,
    input_format: InputFormatOption = InputFormat.AUTO,
    direction: DirectionOption = Direction.RECEIVED,
    channel: ChannelOption = None,
) -> int:
    """Gate a release: fail when the schema breaks clients without the version bump that says so.

    Exit codes: 0 pass, 1 fail, 2 usage, input or network error.
    """
    from schemadiff.gate.run import CheckRequest
    from schemadiff.redact import register_secret
    from schemadiff.sources import SourceOptions

    register_secret(token)
    project = _project(
        source=source, policy=policy, mode=mode, fail_on=fail_on, output_format=output_format,
        config=config, snapshots=snapshots, root=root, transitive=transitive,
    )
    request = CheckRequest(
        source=str(project.source),
        against=against,
        snapshots=project.snapshots,
        # An AsyncAPI source gives the union of the side whose frames --direction names.
        sources=SourceOptions(
            token=token, snapshots_dir=project.snapshots, root=project.root, channel=channel,
            direction=direction_of_frames(direction),
        ),
        mode=project.mode,
        policy=project.policy,
        check_policy=project.check_policy,
        fail_on=project.fail_on.threshold,
        base=base,
        configured_base=project.base,
        update=update,
        transitive=project.transitive,
        deprecation=project.deprecation,
        evidence=tuple(evidence or ()),
        input_format=input_format,
        direction=direction,
        unseen=project.unseen,
    )
    targets = tuple(_report_target(text) for text in reports or [])
    for spec in (request.source, request.against):
        _refuse_network(spec, offline)
    return _run(request, project.output_format, targets)


def _project(
    *, source: str | None, policy: CheckPolicy | None, mode: Mode | None, fail_on: FailOn | None,
    output_format: str, config: Path | None, snapshots: Path | None, root: str | None,
    transitive: bool | None,
) -> Settings:
    """The command line merged with the configuration; a source is required."""
    from schemadiff.errors import UsageError
    from schemadiff.settings import Overrides, load_settings

    project = load_settings(Overrides(
        source=source, check_policy=policy, mode=mode, fail_on=fail_on, snapshots=snapshots,
        root=root, output_format=output_format, transitive=transitive,
    ), config)
    if not project.source:
        where = f" in {project.config_path}" if project.config_path else ""
        raise UsageError(
            "no SOURCE given and no `source` key in [tool.schemadiff]" + where
            + "; pass the app import path or file to check"
        )
    return project


def _report_target(text: str) -> tuple[str, Path]:
    from schemadiff.errors import UsageError

    name, separator, file = text.partition("=")
    if not separator or not file:
        raise UsageError(f"--report: expected FORMAT=FILE, got {text!r}")
    from schemadiff.report import ReportKind, formats

    if name not in formats(ReportKind.CHECK):
        choices = ", ".join(formats(ReportKind.CHECK))
        raise UsageError(f"--report: {name!r} is not one of {choices}")
    return name, Path(file)


def _run(
    request: CheckRequest, output_format: str, reports: tuple[tuple[str, Path], ...]
) -> int:
    from schemadiff.gate.run import run_check

    outcome = run_check(request)
    result, written = outcome.result, outcome.written
    if result is None:
        typer.echo(f"wrote the first snapshot {written}; nothing to compare yet" if written
                   else f"--update: {request.snapshots} already holds this schema, nothing "
                   "written", err=True)
        return 0
    for name, file in reports:
        _write_report(file, _render(name, result, written, outcome.locator, plain=True))
    typer.echo(_render(output_format, result, written, outcome.locator), nl=False)
    if request.update:
        typer.echo(_update_note(result, written, request.snapshots), err=True)
    return result.exit_code


def _refuse_network(spec: str | None, offline: bool) -> None:
    from schemadiff.errors import UsageError

    if offline and spec is not None and spec.lower().startswith(("http://", "https://")):
        from schemadiff.redact import redact_url

        raise UsageError(f"{redact_url(spec)}: URL sources are refused with --offline")


def _update_note(result: GateResult, written: Path | None, directory: Path) -> str:
    if written is not None:
        return f"wrote {written}"
    if not result.passed:
        return f"--update: the check failed, nothing written to {directory}"
    return f"--update: the schema did not change, nothing written to {directory}"


def _render(
    output_format: str,
    result: GateResult,
    written: Path | None,
    locate: FindingLocator | None,
    *,
    plain: bool = False,
) -> str:
    from schemadiff import terminal
    from schemadiff.report import RenderOptions, ReportKind, render
    from schemadiff.report.check import CheckReport

    # A report written to a file is read later, elsewhere: no colour, the standard width.
    color = not plain and terminal.wants_color()
    options = RenderOptions(color=color, width=terminal.width(color), locate=locate)
    return render(ReportKind.CHECK, output_format, CheckReport(result, written), options)


def _write_report(file: Path, text: str) -> None:
    from schemadiff import atomic
    from schemadiff.errors import UsageError

    try:
        atomic.write_text(file, text)
    except OSError as error:
        raise UsageError(f"--report: cannot write {file}: {error.strerror or error}") from None
