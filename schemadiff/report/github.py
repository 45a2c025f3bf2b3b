"""GitHub Actions workflow commands (``::error file=F,line=N,title=T::message``), written once.

Every renderer that speaks to the Actions runner (diff, validate and check reports) builds its
lines with :func:`command`. Values are escaped as the runner expects (see actions/toolkit
``command.ts``): ``%``, CR and LF in the message (data), and also ``:`` and ``,`` in property
values. Other control characters are shown as visible escapes, so a hostile string in a schema or a
log cannot forge a second command or recolour the log.
"""

from __future__ import annotations

from schemadiff.report.escape import visible

_CRLF = "\r\n"


def escape_data(text: str) -> str:
    """Escape a command's message (its data)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``...)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int | None) -> str:
    """One workflow command line, properties in the given order, ``None`` ones left out.

    Line breaks in the message survive (escaped, the runner turns them back into lines); every
    other control character is made visible first.
    """
    given = ",".join(
        f"{key}={escape_property(visible(str(value), keep=_CRLF))}"
        for key, value in properties.items()
        if value is not None
    )
    return f"::{name}{' ' + given if given else ''}::{escape_data(visible(message, keep=_CRLF))}"
