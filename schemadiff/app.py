"""The typer application: every command registered in one place.

Command modules import only typer at module level; their heavy imports (httpx, jsonschema,
deepdiff, the engines) happen inside the command functions so that ``--help`` stays fast.
"""

from __future__ import annotations

import typer

from schemadiff import __version__


def _version(value: bool) -> None:
    if value:
        typer.echo(f"schemadiff {__version__}")
        raise typer.Exit(0)


def build_app() -> typer.Typer:
    from schemadiff.commands import capture, check, diff, inspect, rules, show, snapshot, validate

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

    app.command("snapshot")(snapshot.snapshot)
    app.command("list")(inspect.list_snapshots)
    app.command("show")(show.show)
    app.command("diff")(diff.diff)
    app.command("rules")(rules.rules)
    app.command("validate")(validate.validate)
    app.command("check")(check.check)
    app.command("capture")(capture.capture)
    return app
