"""The typer application: every command registered in one place.

Command modules import only typer at module level; their heavy imports (httpx, jsonschema,
deepdiff, the engines) happen inside the command functions so that ``--help`` stays fast.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

import typer

from schemadiff import __version__


def _version(value: bool) -> None:
    if value:
        typer.echo(f"schemadiff {__version__}")
        raise typer.Exit(0)


def build_app() -> typer.Typer:
    from schemadiff.commands import (
        capture,
        check,
        diff,
        export,
        inspect,
        log,
        rules,
        show,
        snapshot,
        validate,
    )

    app = typer.Typer(
        name="schemadiff",
        help="Guard the contract of a WebSocket API: snapshot, diff and validate its messages.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        pretty_exceptions_show_locals=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def _root(
        version: bool = typer.Option(
            False, "--version", "-V", callback=_version, is_eager=True,
            help="Print the version and exit.",
        ),
    ) -> None:
        """Guard the contract of a WebSocket API: snapshot, diff and validate its message schema.

        Exit codes: 0 clean, 1 findings, 2 usage/input/network error, 130 interrupted.
        """

    commands: dict[str, Callable[..., int]] = {
        "snapshot": snapshot.snapshot,
        "list": inspect.list_snapshots,
        "show": show.show,
        "diff": diff.diff,
        "log": log.log,
        "rules": rules.rules,
        "validate": validate.validate,
        "check": check.check,
        "capture": capture.capture,
        "export": export.export,
    }
    for name, function in commands.items():
        app.command(name, help=help_text(function.__doc__ or ""))(function)
    return app


def help_text(docstring: str) -> str:
    """A command's docstring as help: each paragraph one line, for the help formatter to wrap.

    Typer keeps the single line breaks of every paragraph after the first, so a docstring wrapped
    at 100 columns would show lines cut mid-sentence on an 80-column terminal.
    """
    paragraphs = inspect.cleandoc(docstring).split("\n\n")
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs)
