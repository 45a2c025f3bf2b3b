"""The one error hierarchy of schemadiff.

Everything below the CLI raises a subclass of :class:`SchemadiffError` for bad input, bad
configuration or an unreachable source. The CLI turns it into exit code 2 and one line on stderr,
so a message must name what failed (the file, line or URL) and make sense on its own.
Messages must never contain credentials: describe sources with
:func:`schemadiff.redact.redact_url`.
"""

from __future__ import annotations


class SchemadiffError(Exception):
    """A failure the user can act on; shown as one line, exit code 2."""

    exit_code: int = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(SchemadiffError):
    """The command line asks for something that cannot be done as asked."""


class SourceError(SchemadiffError):
    """A source (URL, file, stdin, git ref, app import) cannot be read or is not what it claims."""


class NetworkError(SourceError):
    """An HTTP or WebSocket peer failed: refused, timed out, answered with an error status."""


class SchemaError(SchemadiffError):
    """A schema is malformed: dangling or external ``$ref``, missing root, too deep to walk."""


class SnapshotError(SchemadiffError):
    """The snapshot store refused: bad name, existing snapshot, failed write, wrong hash."""


class ConfigError(SchemadiffError):
    """``[tool.schemadiff]`` or ``--config`` is malformed: unknown keys, rule ids or wrong types."""


class LogError(SchemadiffError):
    """A message log cannot be read at all (missing, not gzip, unknown format)."""


def os_error_text(error: OSError) -> str:
    """Why a file could not be read, as the end of a one-line message after the file's name.

    ``f"{path}: {os_error_text(error)}"`` reads ``config.toml: no such file``, ``logs: is a
    directory, not a file`` or ``big.json: cannot read: Input/output error``. Written once so that
    every command words the same failure the same way.
    """
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, IsADirectoryError):
        return "is a directory, not a file"
    if isinstance(error, PermissionError):
        return "permission denied"
    return f"cannot read: {error.strerror or error}"
