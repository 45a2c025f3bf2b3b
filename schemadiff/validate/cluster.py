"""``validate --dask ADDRESS``: validate on a Dask distributed cluster, merge the summaries here.

The logs are cut into partitions: every plain JSON Lines file into byte ranges of about
``chunk_bytes``, everything else (gzip, HAR, JSON arrays, fsspec URLs, which are read as
streams) one partition per log. Each partition is sent, as a small description, to a worker,
which opens the log where it lives (a path on a shared file system, or an ``s3://``/``https://``
URL through fsspec), aligns its byte range on line starts itself, validates it with the same
:class:`~schemadiff.validate.run.Consumer` as a local run and returns a small
:class:`~schemadiff.validate.matrix.Matrix`: counts, error groups, coverage counters and the first
errors with line numbers counted from the partition's start, and how many lines it read. Here
the matrices are merged in input order, each shifted by the lines of the partitions of its file
before it, so the report is the one a local run prints, byte for byte.

The compiled validators travel once per worker (scattered), never with each partition; messages
never travel at all. Dask is an optional dependency: ``pip install 'schemadiff-ws[dask]'``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from schemadiff.errors import LogError, UsageError
from schemadiff.validate.logs import STDIN, LogInput, is_regular_file, is_url, read_raw_blocks
from schemadiff.validate.matrix import Matrix, merge_matrix
from schemadiff.validate.run import Consumer, consume_log, plain_jsonl

CONNECT_SECONDS = 30
"""How long to wait for the scheduler before giving up with one line."""


@dataclass(frozen=True, slots=True)
class Partition:
    """A share of the work for one worker: a whole log, or bytes ``[start, end)`` of a plain
    JSON Lines file (widened by the worker to whole lines: a line belongs to the range its first
    byte is in)."""

    log: LogInput
    location: str
    """Where the worker opens the log: an absolute path or a URL (``log.path`` is the label)."""
    start: int = 0
    end: int | None = None


def plan_partitions(logs: Sequence[LogInput], chunk_bytes: int) -> list[Partition]:
    """Cut ``logs`` into partitions, in input order."""
    partitions: list[Partition] = []
    for log in logs:
        if log.path == STDIN:
            raise UsageError("stdin ('-') cannot be validated on a Dask cluster; "
                             "write it to a file the workers can read")
        if is_url(log.path):
            partitions.append(Partition(log, log.path))
            continue
        if not is_regular_file(log.path):
            if not Path(log.path).exists():
                raise LogError(f"{log.label}: no such file")
            raise UsageError(f"{log.label}: only regular files and URLs can be validated on a "
                             "Dask cluster (not a pipe or a device)")
        location = str(Path(log.path).resolve())
        size = Path(log.path).stat().st_size
        if size <= chunk_bytes or not plain_jsonl(log):
            partitions.append(Partition(log, location))
            continue
        partitions.extend(Partition(log, location, start, min(start + chunk_bytes, size))
                          for start in range(0, size, chunk_bytes))
    return partitions


def validate_partition(consumer: Consumer, partition: Partition) -> Matrix:
    """Validate one partition (on a worker) and return its matrix; line numbers are counted
    from the partition's first line."""
    matrix = consumer.new_matrix()
    if partition.end is None:
        return consume_log(consumer, partition.log, partition.location, matrix)
    with Path(partition.location).open("rb") as stream:
        start = line_start(stream, partition.start)
        end = line_start(stream, partition.end)
        if end <= start:
            return matrix  # one line spans the whole range; the partition it starts in has it
        stream.seek(start)
        blocks = read_raw_blocks(stream, end=end - start,
                                 max_line_bytes=consumer.options.max_line_bytes,
                                 strip_bom=start == 0)
        return consumer.consume_blocks(blocks, partition.log.label, matrix)


def line_start(stream: IO[bytes], position: int) -> int:
    """The first line start at or after ``position`` (the end of the file if there is none)."""
    if position == 0:
        return 0
    stream.seek(position - 1)
    before = stream.read(1)
    if before == b"\n":
        return position
    if not before:
        return stream.seek(0, 2)
    stream.readline()
    return stream.tell()


def run_on_cluster(logs: Sequence[LogInput], consumer: Consumer, address: str) -> Matrix:
    """Validate ``logs`` on the Dask cluster at ``address`` and return the merged matrix."""
    partitions = plan_partitions(logs, consumer.options.chunk_bytes)
    result = consumer.new_matrix()
    offsets: dict[str, int] = {}
    with _client(address) as client:
        shared = client.scatter(consumer, broadcast=True, hash=False)
        futures = client.map(validate_partition, [shared] * len(partitions), partitions,
                             pure=False)
        try:
            for partition, future in zip(partitions, futures, strict=True):
                part: Matrix = future.result()
                offset = offsets.get(partition.location, 0)
                offsets[partition.location] = offset + part.lines
                result = merge_matrix(result, part.shifted(offset))
        except KeyboardInterrupt:
            client.cancel(futures)
            result.interrupted = True
    return result


def _client(address: str) -> Any:
    try:
        from distributed import Client as factory
    except ImportError:
        raise UsageError("--dask needs Dask's distributed scheduler: "
                         "pip install 'schemadiff-ws[dask]'") from None
    try:
        connect: Any = factory  # distributed is untyped
        return connect(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {reason}") from None
