"""The command line: a thin skin over the library.

It parses options, calls one function per command (in :mod:`schemadiff.commands`), and maps the
outcome to an exit code: 0 clean, 1 findings, 2 usage, input or network error, 130 interrupted.
Nothing below this module prints errors or exits; they raise :class:`SchemadiffError`, which is
shown here as one line on stderr with every registered secret scrubbed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

from schemadiff import __version__

EXIT_OK = 0
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    sys.exit(run(list(sys.argv[1:] if argv is None else argv)))


def run(argv: list[str]) -> int:
    """Run one command line and return its exit code, never raising."""
    # Fast path: a pre-commit hook or a CI step that only asks for the version must not pay for
    # importing typer, click and rich.
    if argv in (["--version"], ["-V"]):
        sys.stdout.write(f"schemadiff {__version__}\n")
        return EXIT_OK
    from schemadiff import stdio
    from schemadiff.errors import SchemadiffError
    from schemadiff.redact import scrub

    if stdio.STDOUT in stdio.claim() or sys.stdout is None:
        # Results go to stdout; a run whose answer would vanish unseen is refused, not guessed at.
        _error_line("standard output is closed; redirect it (for example to /dev/null) rather "
                    "than closing it")
        return EXIT_ERROR
    try:
        with stdio.scrubbed_output():
            return _run_click(argv)
    except SchemadiffError as error:
        _error_line(scrub(str(error)))
        return error.exit_code
    except KeyboardInterrupt:
        _error_line("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (``schemadiff ... | head``); that is not an error.
        _silence_stdout()
        return EXIT_OK
    except MemoryError:
        # Every input has a size bound; this is the net under a bound that was not enough.
        _error_line("out of memory: the input is too large for this machine to process")
        return EXIT_ERROR
    except Exception as error:  # The last line of defence: one line, no traceback.
        if os.environ.get("SCHEMADIFF_DEBUG"):
            raise
        _error_line(
            scrub(f"internal error: {type(error).__name__}: {error}")
            + " (a bug in schemadiff; set SCHEMADIFF_DEBUG=1 for a traceback)"
        )
        return EXIT_ERROR


def _run_click(argv: list[str]) -> int:
    import typer
    import typer.main

    from schemadiff.app import build_app

    # Typer ships its own copy of click; take the exception classes from wherever the command's
    # package defines them rather than importing a click that may be another copy.
    exceptions = _click_exceptions()
    command = typer.main.get_command(build_app())
    try:
        # Parse and invoke directly rather than through ``command.main``: its wrapper turns Ctrl-C
        # into a silent exit 130 and a broken pipe into exit 1, where :func:`run` has the better
        # answers (one "interrupted" line; a reader that went away is not a failure).
        with command.make_context("schemadiff", list(argv)) as context:
            result = command.invoke(context)
    except typer.Abort:
        _error_line("interrupted")
        return EXIT_INTERRUPTED
    except exceptions.ClickException as error:
        if isinstance(error, exceptions.NoArgsIsHelpError):
            error.show()  # The help text itself, as asked for by giving no arguments.
            return EXIT_ERROR
        _error_line(_usage_line(error))
        return EXIT_ERROR
    except typer.Exit as exit_:
        return int(exit_.exit_code)
    if isinstance(result, int):
        return result
    return EXIT_OK


def _usage_line(error: Any) -> str:
    """One line for a usage error, pointing at the help of the command that raised it."""
    message = " ".join(str(error.format_message()).split())
    context = getattr(error, "ctx", None)
    command = context.command_path if context is not None else "schemadiff"
    return f"{message} (see '{command} --help')"


def _click_exceptions() -> Any:
    import importlib

    try:
        return importlib.import_module("typer._click.exceptions")
    except ImportError:  # Older typer releases use the click package itself.
        return importlib.import_module("click.exceptions")


def _error_line(message: str) -> None:
    from schemadiff.report.escape import visible

    # Always one line: a file name, a component name or a server's answer quoted in the message
    # may hold line breaks or terminal escapes, which would split the line or forge another.
    sys.stderr.write(f"schemadiff: error: {visible(message)}\n")
    sys.stderr.flush()


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
