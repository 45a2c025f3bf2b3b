"""Validate captured frames as they arrive, with the same engine and the same reading as `validate`.

Each written log line is read back through :func:`schemadiff.validate.logs.read_jsonl` (the
reader ``schemadiff validate`` uses on the file) and counted by the same
:class:`~schemadiff.validate.run.Consumer` and :class:`~schemadiff.validate.engine.Validator`, with
the line number it has in the file. So an error reported live is the error a later
``schemadiff validate`` of the captured file reports: same line, type, path and message; and the
report comes from the same renderers. Memory stays flat: only counts and the first errors are kept.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from schemadiff.report.validate import ValidationReport, render
from schemadiff.snapshot import Snapshot
from schemadiff.validate.engine import Validator
from schemadiff.validate.logs import read_jsonl
from schemadiff.validate.run import Consumer, RunOptions


def load_against(
    spec: str, snapshots: Path, *, url: str, token: str | None, root: str | None = None,
    channel: str | None = None,
) -> Snapshot:
    """Resolve ``--against`` (a store name, ``latest``, a file or a URL) like ``validate`` does.

    The capture's token is sent along only when ``--against`` is a URL on the same host as the
    WebSocket (Sartiq serves its schema next to its socket); never to another host.
    """
    from schemadiff.sources import SourceOptions, load_snapshot

    same_host = _host(spec) is not None and _host(spec) == _host(url)
    options = SourceOptions(token=token if same_host else None, snapshots_dir=snapshots,
                            channel=channel)
    if root is not None:
        options = replace(options, root=root)
    return load_snapshot(spec, options)


def _host(url: str) -> tuple[str, int | None] | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https", "ws", "wss") or not parts.hostname:
        return None
    secure = parts.scheme.lower() in ("https", "wss")
    return parts.hostname.lower(), port or (443 if secure else 80)


class LiveValidator:
    """Checks one log line at a time and keeps the counts and first errors for the report."""

    def __init__(self, snapshot: Snapshot, *, source: str) -> None:
        self.snapshot = snapshot
        self.source = source
        self.consumer = Consumer((Validator(snapshot.schema),), (snapshot.label,), RunOptions())
        self.matrix = self.consumer.new_matrix()

    @property
    def invalid(self) -> int:
        return self.matrix.primary.invalid

    def __call__(self, line_number: int, line: str) -> bool:
        """Validate the log line ``line_number``; return ``False`` when it is invalid."""
        before = self.invalid
        data = line.encode("utf-8", errors="surrogatepass") + b"\n"
        # The reader numbers the one line 1; it is line `line_number` of the file.
        records = (
            replace(record, line=record.line + line_number - 1)
            for record in read_jsonl(io.BytesIO(data), self.source, strip_bom=line_number == 1)
        )
        self.consumer.consume(records, self.matrix)
        return self.invalid == before

    def report(self) -> ValidationReport:
        # A capture stopped by Ctrl-C is complete, not interrupted: the verdict stands.
        return ValidationReport(self.matrix, (self.source,), (self.snapshot.describe(),))

    def render(self, report_format: str) -> str:
        """Return the validation report of every frame checked, in ``validate``'s format."""
        return render(report_format, self.report())
