"""Running a validation over logs: the hot loop, chunking, and ``--jobs`` worker processes.

With one job every log is read in order in this process. With ``--jobs N`` the work is cut into
tasks (whole files, and byte ranges of large plain JSON Lines files cut at line starts) and run by
N worker processes that each return a small :class:`~schemadiff.validate.matrix.Matrix`, never the
messages; the parent stitches them back in input order, shifting each chunk's line numbers by the
lines before it. Memory stays flat: a worker holds one line at a time.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from schemadiff.validate.coverage import CoverageTracker
from schemadiff.validate.engine import Validator
from schemadiff.validate.inputs import (
    GZIP_MAGIC,
    MAX_LINE_BYTES,
    STDIN,
    InputFormat,
    LineBlock,
    LogInput,
    RawBlock,
    bad_line,
    detect_format,
    open_log,
    oversized_record,
    parse_line,
    read_log,
    read_raw_blocks,
)
from schemadiff.validate.matrix import Divergence, Matrix, merge_matrix
from schemadiff.validate.model import Issue, Record
from schemadiff.validate.summary import DEFAULT_MAX_ERRORS

DEFAULT_CHUNK_BYTES = 16 * 1024 * 1024
"""Plain JSON Lines files larger than this are split into chunks of about this size for --jobs."""


@dataclass(frozen=True, slots=True)
class RunOptions:
    max_errors: int = DEFAULT_MAX_ERRORS
    coverage: bool = False
    jobs: int = 1
    chunk_bytes: int = DEFAULT_CHUNK_BYTES
    max_line_bytes: int = MAX_LINE_BYTES


@dataclass(frozen=True, slots=True)
class Task:
    """A share of the work: a whole log, or bytes ``[start, end)`` of a plain JSON Lines file."""

    log: LogInput
    start: int = 0
    end: int | None = None

    @property
    def size(self) -> int:
        if self.end is not None:
            return self.end - self.start
        try:
            return Path(self.log.path).stat().st_size if self.log.path != STDIN else 0
        except OSError:
            return 0


class Consumer:
    """Feeds records to one or more validators and counts them into a :class:`Matrix`."""

    def __init__(self, validators: Sequence[Validator], labels: Sequence[str],
                 options: RunOptions) -> None:
        self.validators = tuple(validators)
        self.labels = tuple(labels)
        self.options = options
        self.trackers = (
            tuple(CoverageTracker(v.schema, v.union) for v in self.validators)
            if options.coverage else ()
        )

    def new_matrix(self) -> Matrix:
        matrix = Matrix.empty(self.labels, self.options.max_errors)
        for summary, tracker in zip(matrix.versions, self.trackers, strict=False):
            summary.coverage = tracker.counter()
        return matrix

    def consume(self, records: Iterable[Record], matrix: Matrix) -> Matrix:
        """Count ``records`` into ``matrix`` (in place, so an interrupted run keeps its counts)."""
        if self.fast:
            return self._consume_one(records, matrix)
        for record in records:
            matrix.lines = record.line
            if record.skipped is not None:
                for summary in matrix.versions:
                    summary.add_skipped(record.skipped)
                if matrix.overall is not None:
                    matrix.overall.add_skipped(record.skipped)
                continue
            if record.error is not None:
                several = matrix.overall is not None
                for label, summary in zip(self.labels, matrix.versions, strict=True):
                    summary.add_parse_error(record, label if several else None)
                if matrix.overall is not None:
                    matrix.overall.add_parse_error(record)
                continue
            self._validate_everywhere(record, matrix)
        return matrix

    @property
    def fast(self) -> bool:
        """Whether the hot loop applies: one schema, no coverage."""
        return len(self.validators) == 1 and not self.trackers

    def _consume_one(self, records: Iterable[Record], matrix: Matrix) -> Matrix:
        validator = self.validators[0]
        summary = matrix.versions[0]
        errors_of, add_valid = validator.errors_of, summary.add_valid
        record = None
        try:
            for record in records:
                if record.error is None and record.skipped is None:
                    name, keys = errors_of(record.value)
                    if not keys:
                        add_valid(name)
                    else:
                        summary.add_invalid(record, name, keys, _explainer(validator,
                                                                           record.value))
                elif record.skipped is not None:
                    summary.add_skipped(record.skipped)
                else:
                    summary.add_parse_error(record)
        finally:
            if record is not None:
                matrix.lines = record.line
        return matrix

    def consume_blocks(self, blocks: Iterable[RawBlock | LineBlock], source: str,
                       matrix: Matrix) -> Matrix:
        """The hot loop: raw JSON Lines (from :func:`read_raw_blocks`) against one schema.

        With a fast path (:mod:`schemadiff.validate.fastpath`) a valid line costs one msgspec
        decode, straight from the read buffer, that parses and validates at once; the class it
        decodes to names its type. Lines the fast path rejects, and every line when there is
        none, cost an orjson parse, a dict look-up for the type and the Rust engine's verdict;
        only lines that fail go through :class:`Record` and the detailed explanation.
        """
        if not self.fast:
            return self.consume(_records_of(blocks, source, self.options.max_line_bytes), matrix)
        # Parsed messages are trees that reference counting frees; the cyclic collector would
        # only walk each message's few hundred containers again, for nothing.
        collecting = gc.isenabled()
        gc.disable()
        try:
            for block in blocks:
                if isinstance(block, RawBlock):
                    self._consume_raw(block, source, matrix)
                else:
                    self._consume_line_block(block, source, matrix)
        finally:
            if collecting:
                gc.enable()
        return matrix

    def _consume_raw(self, block: RawBlock, source: str, matrix: Matrix) -> None:
        summary = matrix.versions[0]
        fast = self.validators[0].fast_path
        decode_in = fast.decode_in if fast is not None else None
        max_line = self.options.max_line_bytes
        buffer, position, stop = block.buffer, block.start, block.end
        view, find = memoryview(buffer), buffer.find
        line_no = block.first_line
        matrix.lines = line_no - 1
        # Accepted lines are counted per decoded class and added to the summary once per block:
        # the per-line work is finding the line end, the decode and a dict update.
        seen: dict[type, int] = {}
        get = seen.get
        try:
            while position < stop:
                newline = find(b"\n", position, stop)
                if newline < 0:
                    newline = stop
                if newline - position > max_line:
                    self._consume_one((oversized_record(source, line_no, newline - position,
                                                        max_line),), matrix)
                elif decode_in is None:
                    self._slow_line(source, line_no, view[position:newline], matrix)
                else:
                    try:
                        kind = type(decode_in(buffer, view, position, newline))
                    except Exception:  # noqa: BLE001 - any refusal means: ask the slow path
                        self._slow_line(source, line_no, view[position:newline], matrix)
                    else:
                        seen[kind] = get(kind, 0) + 1
                position = newline + 1
                line_no += 1
        finally:
            if fast is not None:
                for kind, count in seen.items():
                    name = fast.names.get(kind, fast.default)
                    if name is None:
                        raise RuntimeError(f"internal: fast path accepted a {kind.__name__}")
                    summary.add_valid(name, count)
        matrix.lines = line_no - 1

    def _consume_line_block(self, block: LineBlock, source: str, matrix: Matrix) -> None:
        """Lines the reader set apart: an over-long line, or the input ending abruptly."""
        line_no = block.first_line
        for position, raw in enumerate(block.lines):
            if position in block.oversized:
                self._consume_one((oversized_record(source, line_no, block.oversized[position],
                                                    self.options.max_line_bytes),), matrix)
            else:
                self._slow_line(source, line_no, raw, matrix)
            line_no += 1
        matrix.lines = line_no - 1
        if block.error is not None:
            matrix.versions[0].add_parse_error(Record(source, line_no, error=block.error))
            matrix.lines = line_no

    def _slow_line(self, source: str, line_no: int, raw: bytes | memoryview,
                   matrix: Matrix) -> None:
        """Parse one line with orjson and let the Rust engine decide (and explain a failure)."""
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError:
            text = bytes(raw)
            try:
                record = Record(source, line_no, parse_line(text))
            except ValueError:
                record = bad_line(source, line_no, text)
            self._consume_one((record,), matrix)
            return
        validator = self.validators[0]
        name, keys = validator.errors_of(value)
        if not keys:
            matrix.versions[0].add_valid(name)
        else:
            matrix.versions[0].add_invalid_at(source, line_no, None, name, keys,
                                              _explainer(validator, value))

    def _validate_everywhere(self, record: Record, matrix: Matrix) -> None:
        verdicts: list[bool] = []
        first_name = ""
        several = matrix.overall is not None
        for position, validator in enumerate(self.validators):
            summary = matrix.versions[position]
            name, keys = validator.errors_of(record.value)
            ok = not keys
            if position == 0:
                first_name = name
            verdicts.append(ok)
            if ok:
                summary.add_valid(name)
                if self.trackers and summary.coverage is not None:
                    member, _ = validator.unwrap(record.value)
                    tag = member.get(validator.union.discriminator) if (
                        validator.union is not None and isinstance(member, dict)) else None
                    self.trackers[position].observe(summary.coverage, name, member, tag)
            else:
                explain = _explainer(validator, record.value)
                summary.add_invalid(record, name, keys, explain,
                                    self.labels[position] if several else None)
                if matrix.overall is not None:
                    # The across-versions summary counts and groups the errors of every version;
                    # it is not a message count (``invalid`` is counted below, once).
                    matrix.overall.add_errors(record.source, record.line, record.index, name,
                                              keys, explain, self.labels[position])
        if matrix.overall is not None:
            overall = matrix.overall
            overall.total += 1
            counts = overall.by_type.setdefault(first_name, [0, 0, 0])
            counts[0] += 1
            if all(verdicts):
                overall.valid += 1
                counts[1] += 1
            else:
                overall.invalid += 1
                counts[2] += 1
                if any(verdicts):
                    matrix.add_divergence(Divergence(record.source, record.line, record.index,
                                                     first_name, tuple(verdicts)))


def _explainer(validator: Validator, value: Any) -> Callable[[], tuple[Issue, ...]]:
    """The explanation of an invalid message, computed only if the report will show it."""
    return lambda: validator.check(value)[1]


def plan(logs: Sequence[LogInput], options: RunOptions, *, split: bool = True) -> list[Task]:
    """Cut the logs into tasks: large plain JSON Lines files into line-aligned byte ranges."""
    tasks: list[Task] = []
    for log in logs:
        if not split or log.path == STDIN or not _plain_jsonl(log):
            tasks.append(Task(log))
            continue
        size = Path(log.path).stat().st_size
        if size <= options.chunk_bytes:
            tasks.append(Task(log))
            continue
        start = 0
        with Path(log.path).open("rb") as stream:
            while start < size:
                stream.seek(min(start + options.chunk_bytes, size))
                stream.readline()  # move on to the next line start
                end = min(stream.tell(), size)
                tasks.append(Task(log, start, end))
                start = end
    return tasks


def _plain_jsonl(log: LogInput) -> bool:
    """Whether a log is an uncompressed JSON Lines file (the only kind that can be cut)."""
    if log.input_format not in (InputFormat.AUTO, InputFormat.JSONL):
        return False
    try:
        with Path(log.path).open("rb") as stream:
            head = stream.read(4096)
    except OSError:
        return False
    if head.startswith(GZIP_MAGIC):
        return False
    return (log.input_format is InputFormat.JSONL
            or detect_format(head, log.path) is InputFormat.JSONL)


def check_readable(logs: Sequence[LogInput]) -> None:
    """Open every log once so a missing or broken one fails before any work starts."""
    for log in logs:
        if log.path == STDIN:
            continue
        with open_log(log.path):
            pass


def consume_task(consumer: Consumer, task: Task, matrix: Matrix) -> Matrix:
    """Read one task's records and count them into ``matrix``."""
    options = consumer.options
    log = task.log
    if task.end is not None or (log.path != STDIN and _plain_jsonl(log)):
        with open_log(log.path) as stream:
            stream.seek(task.start)
            blocks = read_raw_blocks(
                stream, end=None if task.end is None else task.end - task.start,
                max_line_bytes=options.max_line_bytes, strip_bom=task.start == 0)
            return consumer.consume_blocks(blocks, log.label, matrix)
    return consumer.consume(read_log(log, max_line_bytes=options.max_line_bytes), matrix)


def _records_of(blocks: Iterable[RawBlock | LineBlock], source: str, max_line_bytes: int,
                ) -> Iterator[Record]:
    for block in blocks:
        if isinstance(block, RawBlock):
            lines = bytes(block.buffer[block.start:block.end]).split(b"\n")
            if lines[-1] == b"" and block.buffer[block.end - 1:block.end] == b"\n":
                lines.pop()
            split = LineBlock(block.first_line, lines, {
                position: len(line) for position, line in enumerate(lines)
                if len(line) > max_line_bytes})
        else:
            split = block
        for position, raw in enumerate(split.lines):
            line_no = split.first_line + position
            if position in split.oversized:
                yield oversized_record(source, line_no, split.oversized[position], max_line_bytes)
                continue
            try:
                yield Record(source, line_no, parse_line(raw))
            except ValueError:
                yield bad_line(source, line_no, raw)
        if split.error is not None:
            yield Record(source, split.first_line + len(split.lines), error=split.error)


_WORKER: Consumer | None = None


def _init_worker(consumer: Consumer) -> None:
    global _WORKER
    _WORKER = consumer
    # Ctrl-C goes to the whole process group; the parent decides what happens, not the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_task(task: Task) -> Matrix:
    consumer = _WORKER
    if consumer is None:
        raise RuntimeError("worker not initialised")
    return consume_task(consumer, task, consumer.new_matrix())


def run(
    logs: Sequence[LogInput], consumer: Consumer,
    progress: Callable[[int], None] | None = None, *, split: bool = False,
) -> Matrix:
    """Validate ``logs`` in order and return the matrix; Ctrl-C returns what was done so far.

    ``split`` cuts large files into chunks even with one job (so progress can be reported).
    """
    options = consumer.options
    check_readable(logs)
    jobs = options.jobs if not any(log.path == STDIN for log in logs) else 1
    tasks = plan(logs, options, split=split or jobs > 1)
    result = consumer.new_matrix()
    if jobs <= 1 or len(tasks) <= 1:
        offsets: dict[str, int] = {}
        for task in tasks:
            part = consumer.new_matrix()
            offset = offsets.get(task.log.path, 0)
            try:
                consume_task(consumer, task, part)
            except KeyboardInterrupt:
                result = merge_matrix(result, part.shifted(offset))
                result.interrupted = True
                return result
            offsets[task.log.path] = offset + part.lines
            result = merge_matrix(result, part.shifted(offset))
            if progress is not None:
                progress(task.size)
        return result
    return _run_parallel(tasks, consumer, jobs, result, progress)


def _run_parallel(tasks: list[Task], consumer: Consumer, jobs: int, result: Matrix,
                  progress: Callable[[int], None] | None) -> Matrix:
    # fork: the workers inherit the compiled validators instead of compiling them again.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    offsets: dict[str, int] = {}
    pool = context.Pool(min(jobs, len(tasks), os.cpu_count() or jobs),
                        initializer=_init_worker, initargs=(consumer,))
    try:
        for task, part in zip(tasks, pool.imap(_run_task, tasks), strict=True):
            offset = offsets.get(task.log.path, 0)
            offsets[task.log.path] = offset + part.lines
            result = merge_matrix(result, part.shifted(offset))
            if progress is not None:
                progress(task.size)
    except KeyboardInterrupt:
        pool.terminate()
        result.interrupted = True
        return result
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()
    return result


def total_bytes(logs: Sequence[LogInput]) -> int:
    """The size on disk of the logs (0 for stdin), for the progress bar."""
    return sum(Task(log).size for log in logs)
