"""The ``validate`` command: check captured message logs against one or more schema versions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from schemadiff.commands.options import (
    ChannelOption,
    ConfigOption,
    DirectionOption,
    InputFormatOption,
    OutputOption,
    RootOption,
    SnapshotsOption,
    TokenOption,
    ValidateFormatOption,
)
from schemadiff.validate import Direction, InputFormat

PROGRESS_MIN_BYTES = 64 * 1024 * 1024
"""Inputs smaller than this finish before a progress bar would help."""


def validate(
    logs: Annotated[list[str], typer.Argument(
        metavar="LOG...",
        help="Message logs: JSON Lines, JSON array or HAR files (optionally .gz), directories "
             "(sidecars skipped), globs, pipes, or '-' for stdin.",
    )],
    against: Annotated[list[str] | None, typer.Option(
        "--against", "-a",
        help="Schema to validate against: snapshot name (default 'latest'), snapshot/OpenAPI/"
             "JSON Schema file, URL, git:REF:PATH. Repeat to compare versions.",
    )] = None,
    output_format: ValidateFormatOption = "text",
    output: OutputOption = None,
    max_errors: Annotated[int, typer.Option(
        "--max-errors", min=0, metavar="N", help="How many errors to show in detail.",
    )] = 20,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Also report properties the schema does not declare.",
    )] = False,
    formats: Annotated[bool, typer.Option(
        "--formats", help="Also assert 'format' (date-time, uuid, email, uri, ...); JSON Schema "
                          "2020-12 treats it as an annotation by default.",
    )] = False,
    coverage: Annotated[bool, typer.Option(
        "--coverage", help="Report message types, enum values and optional/nullable fields the "
                           "log never exercised.",
    )] = False,
    direction: DirectionOption = Direction.RECEIVED,
    input_format: InputFormatOption = InputFormat.AUTO,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=0, metavar="N", help="Worker processes (0: one per CPU).",
    )] = 1,
    dask: Annotated[str | None, typer.Option(
        "--dask", metavar="ADDRESS",
        help="Validate on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786; "
             "default: the 'dask' key of [tool.schemadiff]). Needs schemadiff-ws[dask].",
    )] = None,
    chunk_size: Annotated[int, typer.Option(
        "--chunk-size", min=1, metavar="BYTES",
        help="Cut plain JSON Lines files into parts of about this many bytes for --jobs and "
             "--dask.",
    )] = 16 * 1024 * 1024,
    snapshots: SnapshotsOption = None,
    root: RootOption = None,
    config: ConfigOption = None,
    token: TokenOption = None,
    channel: ChannelOption = None,
) -> int:
    """Validate captured WebSocket messages, each against its message type's schema.

    Exit codes: 0 every message valid, 1 an invalid or unparseable message, 2 an input or schema
    cannot be read, 130 interrupted (after printing the summary so far), 143 terminated.
    """
    from schemadiff.redact import register_secret

    register_secret(token)

    import os

    from schemadiff import terminal
    from schemadiff.errors import UsageError
    from schemadiff.report import RenderOptions, ReportKind, render
    from schemadiff.report.validate import ValidationReport
    from schemadiff.settings import Overrides, load_settings
    from schemadiff.validate.logs import LogInput, expand_paths
    from schemadiff.validate.run import Consumer, RunOptions, run, total_bytes

    settings = load_settings(Overrides(
        snapshots=snapshots, root=root, token=token, output_format=output_format, dask=dask,
    ), config)

    expanded = expand_paths(list(logs))
    paths = expanded.paths
    if not paths:
        raise UsageError("no log files to validate")
    if paths.count("-") > 1:
        raise UsageError("stdin ('-') can be read only once")
    inputs = [LogInput(path, input_format, direction) for path in paths]
    from schemadiff.asyncapi import direction_of_frames

    # An AsyncAPI --against gives the union of the side whose frames are validated.
    source_options = settings.source_options(
        channel=channel, direction=direction_of_frames(direction.value)
    )
    snapshots_loaded = [_load(spec, source_options) for spec in (against or ["latest"])]
    labels = _unique_labels([snapshot.label for snapshot in snapshots_loaded])
    validators = [_compile(snapshot, strict, formats) for snapshot in snapshots_loaded]
    options = RunOptions(max_errors=max_errors, coverage=coverage,
                         jobs=jobs or (os.cpu_count() or 1), chunk_bytes=chunk_size)
    consumer = Consumer(validators, labels, options)

    size = total_bytes(inputs)
    if settings.dask:
        from schemadiff.validate.cluster import run_on_cluster

        matrix = run_on_cluster(inputs, consumer, settings.dask)
    elif sys.stderr.isatty() and size >= PROGRESS_MIN_BYTES:
        matrix = _run_with_progress(inputs, consumer, size)
    else:
        matrix = run(inputs, consumer)
    report = ValidationReport(
        matrix, tuple(LogInput(p).label for p in paths),
        tuple(snapshot.describe(label) for label, snapshot in zip(labels, snapshots_loaded,
                                                                     strict=True)),
        coverage,
        tuple(expanded.skipped),
    )
    color = output is None and terminal.wants_color()
    text = render(ReportKind.VALIDATE, settings.output_format, report, RenderOptions(
        color=color, width=terminal.width(color),
    ))
    if output is None:
        terminal.write(text)
    else:
        from schemadiff.commands.diff import write_atomically

        write_atomically(output, text)
    if matrix.interrupted:
        return 130
    return 1 if matrix.primary.invalid else 0


def _compile(snapshot: Any, strict: bool, formats: bool) -> Any:
    """Compile ``snapshot`` for validation; a schema that does not compile is named."""
    from schemadiff.errors import SchemaError
    from schemadiff.validate.engine import Validator

    try:
        return Validator(snapshot.schema, strict=strict, formats=formats)
    except SchemaError as error:
        raise SchemaError(f"{snapshot.label}: {error}") from None


def _load(spec: str, options: Any) -> Any:
    from schemadiff.errors import SchemaError
    from schemadiff.sources import load_snapshot

    try:
        return load_snapshot(spec, options)
    except SchemaError:
        plain = _plain_schema(spec)
        if plain is None:
            raise
        return plain


def _plain_schema(spec: str) -> Any:
    """A plain JSON Schema file the snapshot loader refused (anchors, ``$id``-relative refs).

    Snapshots must be self-contained with pointer-only references; a schema used only to validate
    need not be, since both engines resolve anchors and relative references themselves.
    """
    import json

    from schemadiff.snapshot import Snapshot
    from schemadiff.sources.options import DEFAULT_MAX_BYTES

    path = Path(spec)
    if not path.is_file():
        return None
    try:
        if path.stat().st_size > DEFAULT_MAX_BYTES:
            return None  # The ordinary loader refuses it with one line.
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or {"openapi", "swagger", "asyncapi"} & set(document):
        return None  # An API document the loader refused is not a schema that accepts anything.
    from schemadiff.refchain import check_ref_chains
    from schemadiff.schema_check import check_schema

    check_ref_chains(document, spec)
    check_schema(document, spec)
    return Snapshot(document, None, spec, path)


def _unique_labels(labels: list[str]) -> tuple[str, ...]:
    # The same label twice (two files named schema.json) would make the matrix unreadable.
    seen: dict[str, int] = {}
    unique = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label} #{seen[label]}")
    return tuple(unique)


def _run_with_progress(inputs: Any, consumer: Any, size: int) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    from schemadiff.validate.run import run

    with Progress("validating", BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("validate", total=size)
        return run(inputs, consumer, lambda done: progress.advance(task, done), split=True)
