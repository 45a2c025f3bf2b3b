"""Text that is safe to show on a terminal or in a log: control characters made visible.

Text from a schema or a message log (descriptions, enum values, error messages) must not move the
cursor, recolour a terminal or corrupt a log, so control characters are shown as escapes instead
of being written. The escapers of other output syntaxes (GitHub workflow commands in
:mod:`schemadiff.report.github`, XML in the JUnit renderer, Markdown below) build on this one.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls, the Unicode line and paragraph separators (which split a line for
``str.splitlines`` and many viewers) and the bidirectional overrides (which reorder what a reader
sees)."""


def visible(text: str, *, keep: str = "") -> str:
    """Replace control characters (except those in ``keep``) with Python-style escapes."""
    return _CONTROL.sub(
        lambda m: m.group() if m.group() in keep else repr(m.group())[1:-1], text
    )


_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_MARKUP = re.compile(r"([\\`*_\[\]|~$])")


def markdown_text(text: str) -> str:
    """Plain text in Markdown (a table cell, a list item): HTML and Markdown markup escaped,
    newlines as ``<br>``, so that no value can break the table or inject markup."""
    text = _MARKUP.sub(r"\\\1", text.translate(_HTML))
    return visible(re.sub(r"\r\n|\r|\n", "<br>", text))


def markdown_code(text: str) -> str:
    """Literal text in monospace. An HTML ``<code>`` element with escaped content, because a
    Markdown code span can neither hold a newline inside a table nor reliably hold backticks."""
    return f"<code>{markdown_text(text)}</code>"
