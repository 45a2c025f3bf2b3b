"""Text that is safe to show on a terminal or in a log: control characters made visible.

Text from a schema or a message log (descriptions, enum values, error messages) must not move the
cursor, recolour a terminal or corrupt a log, so control characters are shown as escapes instead
of being written. The escapers of other output syntaxes (GitHub workflow commands in
:mod:`schemadiff.report.github`, XML in the JUnit renderer, Markdown cells in the Markdown
renderer) build on this one.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def visible(text: str, *, keep: str = "") -> str:
    """Replace control characters (except those in ``keep``) with Python-style escapes."""
    return _CONTROL.sub(
        lambda m: m.group() if m.group() in keep else repr(m.group())[1:-1], text
    )
