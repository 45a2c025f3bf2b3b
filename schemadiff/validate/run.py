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
import re
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from schemadiff.errors import LogError, SchemadiffError
from schemadiff.validate.coverage import CoverageTracker
from schemadiff.validate.engine import Validator
from schemadiff.validate.logs import (
    GZIP_MAGIC,
    MAX_LINE_BYTES,
    STDIN,
    InputFormat,
    LineBlock,
    LogInput,
    RawBlock,
    is_regular_file,
    is_url,
    line_record,
    open_log,
    oversized_record,
    read_opened,
    read_raw_blocks,
    records_of_blocks,
    resolve_format,
)
from schemadiff.validate.matrix import Divergence, Matrix, merge_matrix
from schemadiff.validate.model import DEFAULT_MAX_ERRORS, Issue, Record

_WHITESPACE = re.compile(rb"[ \t\r\n]*")
_BLANK_START = frozenset(b" \t\r\n")
_MISSES_BEFORE_BYPASS = 16
_BYPASS_LINES = 256
"""After this many consecutive lines the fast path refused, that many go straight to the slow
path (a drift log costs the fast attempt on 6% of its lines instead of all)."""
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
        if not is_regular_file(self.log.path):
            return 0
        try:
            return Path(self.log.path).stat().st_size
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
            return self.consume(records_of_blocks(blocks, source, self.options.max_line_bytes),
                                matrix)
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
        view, find, rfind = memoryview(buffer), buffer.find, buffer.rfind
        match_blanks = _WHITESPACE.match
        line_no = block.first_line
        matrix.lines = line_no - 1
        # Accepted lines are counted per decoded class and added to the summary once per block:
        # the per-line work is finding the line end, the decode and a dict update.
        seen: dict[type, int] = {}
        get = seen.get
        misses = bypass = 0  # consecutive fast-path refusals; lines left to send straight on
        try:
            while position < stop:
                newline = find(b"\n", position, stop)
                if newline < 0:
                    newline = stop
                if newline == position or buffer[position] in _BLANK_START:
                    # Blank lines are counted a run at a time: a log of millions of them (a
                    # padded gzip) costs one regular-expression match, not a parse per line.
                    # One character-class repeat (no backtracking stack, unlike a repeated
                    # group) finds the next non-blank byte; the blank lines end at the last
                    # line end before it.
                    blank = match_blanks(buffer, position, stop)
                    last = rfind(b"\n", position, blank.end()) if blank else -1
                    if last >= position:
                        count = buffer.count(b"\n", position, last + 1)
                        summary.add_skipped("blank line", count)
                        position = last + 1
                        line_no += count
                        continue
                if newline - position > max_line:
                    self._consume_one((oversized_record(source, line_no, newline - position,
                                                        max_line),), matrix)
                elif decode_in is None or bypass:
                    bypass -= bypass > 0
                    self._slow_line(source, line_no, view[position:newline], matrix)
                else:
                    try:
                        kind = type(decode_in(buffer, view, position, newline))
                    except Exception:  # noqa: BLE001 - any refusal means: ask the slow path
                        self._slow_line(source, line_no, view[position:newline], matrix)
                        misses += 1
                        if misses == _MISSES_BEFORE_BYPASS:
                            # A drift log: the fast decoder keeps failing, and each failure is
                            # wasted work before the slow path. Skip it for a while, then retry.
                            misses, bypass = 0, _BYPASS_LINES
                    else:
                        seen[kind] = get(kind, 0) + 1
                        misses = 0
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
            self._consume_one((line_record(source, line_no, bytes(raw)),), matrix)
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
    """Cut the logs into tasks: large plain JSON Lines files into line-aligned byte ranges.

    Only regular files are cut (a pipe, stdin or a URL is read once, as one task).
    """
    tasks: list[Task] = []
    for log in logs:
        if not split or not plain_jsonl(log):
            tasks.append(Task(log))
            continue
        size = Path(log.path).stat().st_size
        if size <= options.chunk_bytes:
            tasks.append(Task(log))
            continue
        tasks.extend(Task(log, start, end) for start, end in line_ranges(
            log.path, size, options.chunk_bytes))
    return tasks


def line_ranges(path: str, size: int, chunk_bytes: int) -> Iterator[tuple[int, int]]:
    """Byte ranges ``[start, end)`` of about ``chunk_bytes`` that start at line starts."""
    start = 0
    with Path(path).open("rb") as stream:
        while start < size:
            stream.seek(min(start + chunk_bytes, size))
            stream.readline()  # move on to the next line start
            end = min(stream.tell(), size)
            yield start, end
            start = end


def plain_jsonl(log: LogInput) -> bool:
    """Whether a log is an uncompressed JSON Lines regular file (the only kind that can be cut
    and read from an offset)."""
    if log.input_format not in (InputFormat.AUTO, InputFormat.JSONL):
        return False
    if not is_regular_file(log.path):
        return False
    try:
        with Path(log.path).open("rb") as stream:
            head = stream.read(4096)
    except OSError:
        return False
    return not head.startswith(GZIP_MAGIC) and resolve_format(log, head) is InputFormat.JSONL


def check_readable(logs: Sequence[LogInput]) -> None:
    """Open every regular file once so a missing or broken one fails before any work starts.

    Pipes, stdin and URLs are not opened ahead: opening a pipe twice would lose what the first
    opening read (and close it under its writer).
    """
    for log in logs:
        if log.path == STDIN or is_url(log.path):
            continue
        path = Path(log.path)
        if not path.exists():
            raise LogError(f"{log.label}: no such file")
        if path.is_dir():
            raise LogError(f"{log.label}: is a directory")
        if is_regular_file(log.path):
            with open_log(log.path):
                pass


def consume_task(consumer: Consumer, task: Task, matrix: Matrix) -> Matrix:
    """Read one task's records and count them into ``matrix``; every input is read once."""
    options = consumer.options
    log = task.log
    if task.end is not None or plain_jsonl(log):
        with Path(log.path).open("rb") as stream:
            stream.seek(task.start)
            blocks = read_raw_blocks(
                stream, end=None if task.end is None else task.end - task.start,
                max_line_bytes=options.max_line_bytes, strip_bom=task.start == 0)
            return consumer.consume_blocks(blocks, log.label, matrix)
    return consume_log(consumer, log, log.path, matrix)


def consume_log(consumer: Consumer, log: LogInput, location: str, matrix: Matrix) -> Matrix:
    """Read the whole log at ``location`` (``log.path``, or where a cluster worker finds it) as
    one stream and count its records, labelled as ``log``, into ``matrix``."""
    options = consumer.options
    with open_log(location) as (head, stream):
        fmt = resolve_format(log, head)
        if fmt is InputFormat.JSONL:
            blocks = read_raw_blocks(stream, max_line_bytes=options.max_line_bytes)
            return consumer.consume_blocks(blocks, log.label, matrix)
        return consumer.consume(read_opened(log, fmt, stream,
                                            max_line_bytes=options.max_line_bytes), matrix)


_WORKER: Consumer | None = None


class Terminated(SchemadiffError):
    """The run was stopped by SIGTERM; the CLI prints one line and exits 143 (128 + 15)."""

    exit_code = 128 + signal.SIGTERM


def _raise_terminated(_signum: int, _frame: object) -> None:
    raise Terminated("terminated (SIGTERM)")


def _init_worker(consumer: Consumer) -> None:
    global _WORKER
    _WORKER = consumer
    # Ctrl-C and SIGTERM go to the whole process group; the parent decides what happens. A
    # worker ignores Ctrl-C and dies quietly on SIGTERM (the default action) instead of running
    # the parent's handler and printing a traceback from inside the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


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
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
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
        try:
            pool.join()
        finally:
            signal.signal(signal.SIGTERM, previous)
    return result


def total_bytes(logs: Sequence[LogInput]) -> int:
    """The size on disk of the logs (0 for stdin), for the progress bar."""
    return sum(Task(log).size for log in logs)
