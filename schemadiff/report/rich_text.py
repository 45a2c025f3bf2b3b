"""The rich console the text renderers draw into, and the text that comes out of it.

Colour only when the options ask for it (the command decides, honouring ``NO_COLOR``); without it
the same layout comes out as plain text, so a terminal, a CI log and a golden file agree.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from schemadiff.report import RenderOptions

MIN_WIDTH = 40
"""Narrower than this, a report is more wrapping than text; such a terminal gets this width."""


def text_console(options: RenderOptions) -> Console:
    """A console writing into a string buffer, ``options.width`` wide, coloured on request."""
    from rich.console import Console

    return Console(
        file=io.StringIO(), width=max(options.width, MIN_WIDTH), force_terminal=options.color,
        no_color=not options.color, color_system="standard" if options.color else None,
        highlight=False, markup=False, emoji=False, force_jupyter=False,
        force_interactive=False, legacy_windows=False,
    )


def console_text(console: Console) -> str:
    """What was drawn into ``console`` (made by :func:`text_console`), lines without trailing
    blanks: rich pads table cells to the column width, and trailing blanks are noise in logs and
    diffs."""
    buffer = console.file
    if not isinstance(buffer, io.StringIO):
        raise TypeError("console_text needs a console made by text_console")
    return "".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines())
