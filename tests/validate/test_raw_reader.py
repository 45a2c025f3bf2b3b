"""The hot loop's reader (one reused buffer) yields exactly the lines of the line-list reader.

Same lines, same numbers, same over-long lines with the same sizes, for any block size, line cap,
BOM and line ends; and a chunk (``end``) stops at the same place.
"""

from __future__ import annotations

import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from schemadiff.validate.inputs import BOM, RawBlock, read_line_blocks, read_raw_blocks


def _flatten_lines(data: bytes, block: int, cap: int, end: int | None) -> list[Any]:
    out: list[Any] = []
    for item in read_line_blocks(io.BufferedReader(io.BytesIO(data)), end=end,
                                 max_line_bytes=cap, block_bytes=block):
        for position, line in enumerate(item.lines):
            number = item.first_line + position
            size = item.oversized.get(position)
            if size is None and len(line) > cap:
                # This reader checks a carried-over line against the cap before its last read,
                # so a line up to a block longer than the cap can slip through; the raw
                # reader is exact.
                size = len(line)
            out.append((number, "oversized", size) if size is not None else (number, line))
        if item.error is not None:
            out.append(("error", item.error))
    return out


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


@settings(max_examples=300, deadline=None)
@given(body=st.lists(st.sampled_from([b"a", b"{}", b"\n", b"\r\n", b"x" * 7, b"y" * 30]),
                     max_size=30).map(b"".join),
       bom=st.booleans(), block=st.integers(1, 40), cap=st.integers(0, 50),
       end=st.none() | st.integers(0, 400))
def test_raw_reader_yields_the_same_lines(body: bytes, bom: bool, block: int, cap: int,
                                          end: int | None) -> None:
    data = (BOM if bom else b"") + body
    assert _flatten_raw(data, block, cap, end) == _flatten_lines(data, block, cap, end)


def test_a_large_log_reads_the_same() -> None:
    lines = [b'{"n": %d, "pad": "%s"}' % (n, b"p" * (n * 37 % 5000)) for n in range(2000)]
    data = b"\n".join(lines) + b"\n"
    expected = [(number, line) for number, line in enumerate(lines, start=1)]
    assert _flatten_raw(data, 64 * 1024, 1 << 20, None) == expected
