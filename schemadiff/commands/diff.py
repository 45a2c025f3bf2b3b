"""The ``diff`` command: compare two schemas, judge every change, render, exit 1 on failure."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from schemadiff.asyncapi import direction_of_frames
from schemadiff.commands.options import (
    ChannelOption,
    ConfigOption,
    DiffFormatOption,
    DirectionOption,
    EvidenceOption,
    FailOnOption,
    InputFormatOption,
    ModeOption,
    OutputOption,
    RootOption,
    SnapshotsOption,
    TokenOption,
)
from schemadiff.validate import Direction, InputFormat

if TYPE_CHECKING:
    from schemadiff.diff.model import DiffReport
    from schemadiff.settings import Settings
    from schemadiff.snapshot import Snapshot


def diff(
    old: Annotated[str, typer.Argument(
        metavar="OLD",
        help="Snapshot name (or 'latest'), snapshot/OpenAPI/AsyncAPI/JSON Schema file, URL, '-' "
             "(stdin), git:REF:PATH or module:app/module:Model.",
    )],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Same kinds of source as OLD.")],
    mode: ModeOption = None,
    fail_on: FailOnOption = None,
    output_format: DiffFormatOption = "text",
    output: OutputOption = None,
    config: ConfigOption = None,
    snapshots: SnapshotsOption = None,
    root: RootOption = None,
    token: TokenOption = None,
    evidence: EvidenceOption = None,
    input_format: InputFormatOption = InputFormat.AUTO,
    direction: DirectionOption = Direction.RECEIVED,
    channel: ChannelOption = None,
    verify: Annotated[bool, typer.Option(
        "--verify/--no-verify",
        help="Cross-check a compatible verdict with messages sampled from the writer's schema; "
             "one the reader rejects becomes a finding with that message as witness.",
    )] = True,
) -> int:
    """Diff two schemas and classify every change as breaking, warning, safe or info.

    With --evidence, each finding says how often the captured traffic exercises it.

    Exit codes: 0 passes, 1 an unapproved finding at or above --fail-on, 2 error.
    """
    from schemadiff.redact import register_secret

    register_secret(token)

    from schemadiff import terminal
    from schemadiff.errors import UsageError
    from schemadiff.report import RenderOptions, ReportKind, render
    from schemadiff.settings import Overrides, load_settings
    from schemadiff.sources import load_snapshot

    settings = load_settings(Overrides(
        mode=mode, fail_on=fail_on, snapshots=snapshots, root=root, token=token,
        output_format=output_format,
    ), config)
    if old == new == "-":
        # The second read would find stdin empty and blame the document.
        raise UsageError("stdin ('-') can be read only once; save one side to a file")
    # An AsyncAPI source gives the union of the side whose frames --direction names.
    options = settings.source_options(channel=channel, direction=direction_of_frames(direction))
    old_snapshot = load_snapshot(old, options)
    new_snapshot = load_snapshot(new, options)
    report = judged_diff(old_snapshot, new_snapshot, settings, evidence=evidence,
                         input_format=input_format, direction=direction, verify=verify)

    threshold = settings.fail_on.threshold
    color = output is None and terminal.wants_color()
    text = render(ReportKind.DIFF, settings.output_format, report, RenderOptions(
        color=color, width=terminal.width(color), fail_on=threshold,
    ))
    if output is None:
        terminal.write(text)
    else:
        write_atomically(output, text)
    return 1 if report.fails(threshold) else 0


def judged_diff(
    old: Snapshot,
    new: Snapshot,
    settings: Settings,
    *,
    evidence: list[str] | None = None,
    input_format: InputFormat = InputFormat.AUTO,
    direction: Direction = Direction.RECEIVED,
    verify: bool = True,
) -> DiffReport:
    """Diff and judge ``old`` against ``new`` as the settings say: the deprecation policy reads
    the store's versions before ``old`` when ``old`` is one of them, and ``evidence`` logs attach
    traffic counts to every finding."""
    from schemadiff import evidence as traffic
    from schemadiff.diff.run import run_diff
    from schemadiff.history import earlier_in_store
    from schemadiff.messages import find_union
    from schemadiff.store import SnapshotStore

    report = run_diff(
        old, new, mode=settings.mode, policy=settings.policy, deprecation=settings.deprecation,
        earlier=earlier_in_store(SnapshotStore(settings.snapshots), old), verify=verify,
    )
    if not evidence:
        return report
    unions = [u for u in (find_union(old.schema), find_union(new.schema)) if u is not None]
    logs, records = traffic.read_traffic(evidence, input_format=input_format,
                                         direction=direction)
    return traffic.attach(report, records, unions, logs=logs, unseen=settings.unseen)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically: readers never see half a report, and a failed write
    leaves the old file in place."""
    from schemadiff import atomic
    from schemadiff.errors import UsageError

    try:
        atomic.write_text(path, text)
    except OSError as error:
        raise UsageError(f"{path}: cannot write the report: {error.strerror or error}") from None
