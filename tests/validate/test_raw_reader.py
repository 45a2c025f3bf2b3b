"""The JSON Lines splitter (one reused buffer) yields exactly the lines plain splitting finds.

Same lines, same numbers, same over-long lines with the same sizes, for any block size, line cap,
BOM and line ends; and a chunk (``end``) stops at the same place. The record reader and the hot
loop both read through this one splitter.
"""

from __future__ import annotations

import io
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemadiff.validate.logs import BOM, RawBlock, read_raw_blocks


def _reference(data: bytes, cap: int, end: int | None) -> list[Any]:
    """What the lines are, by plain splitting: the oracle of the one JSON Lines splitter."""
    chunk = (data if end is None else data[:end]).removeprefix(BOM)
    lines = chunk.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    return [(number, "oversized", len(line)) if len(line) > cap else (number, line)
            for number, line in enumerate(lines, start=1)]


def _flatten_raw(data: bytes, block: int, cap: int, end: int | None) -> list[Any]:
    out: list[Any] = []
    for item in read_raw_blocks(io.BufferedReader(io.BytesIO(data)), end=end,
                                max_line_bytes=cap, block_bytes=block):
        if isinstance(item, RawBlock):
            text = bytes(item.buffer[item.start:item.end])
            lines = text.split(b"\n")
            if text.endswith(b"\n"):
                lines.pop()
            assert len(lines) == item.count
            for position, line in enumerate(lines):
                number = item.first_line + position
                # The hot loop checks the lengths of lines inside a block itself.
                out.append((number, "oversized", len(line)) if len(line) > cap
                           else (number, line))
            continue
        for position, line in enumerate(item.lines):
            number = item.first_line + position
            size = item.oversized.get(position)
            out.append((number, "oversized", size) if size is not None else (number, line))
        if item.error is not None:
            out.append(("error", item.error))
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.lists(st.sampled_from([b"a", b"{}", b"\n", b"\r\n", b"x" * 7, b"y" * 30]),
                     max_size=30).map(b"".join),
       bom=st.booleans(), block=st.integers(1, 40), cap=st.integers(0, 50),
       end=st.none() | st.integers(0, 400))
def test_raw_reader_yields_the_same_lines(body: bytes, bom: bool, block: int, cap: int,
                                          end: int | None) -> None:
    data = (BOM if bom else b"") + body
    assert _flatten_raw(data, block, cap, end) == _reference(data, cap, end)


def test_a_large_log_reads_the_same() -> None:
    lines = [b'{"n": %d, "pad": "%s"}' % (n, b"p" * (n * 37 % 5000)) for n in range(2000)]
    data = b"\n".join(lines) + b"\n"
    expected = [(number, line) for number, line in enumerate(lines, start=1)]
    assert _flatten_raw(data, 64 * 1024, 1 << 20, None) == expected
