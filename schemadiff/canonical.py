"""Canonical JSON: the one byte representation of a schema that schemadiff writes and hashes.

Sorted keys, 2-space indent, LF line ends and a trailing newline, so that git diffs of snapshot
files are clean and the sha256 of a schema does not depend on who produced it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def dumps(document: Any) -> str:
    """Return ``document`` as canonical JSON text, ending in a newline."""
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def sha256(document: Any) -> str:
    """Return the hex sha256 of the canonical UTF-8 encoding of ``document``."""
    return hashlib.sha256(dumps(document).encode("utf-8")).hexdigest()
