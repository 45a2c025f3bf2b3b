"""Loading the peer suites of ``../shared/conformance/peers`` (sentry, atlassian, ibm, subset).

Each case has two schemas and ``truth`` per mode: ``forward`` (is every instance of NEW valid
under OLD) and ``backward`` (every instance of OLD valid under NEW), each labelled ``yes``,
``yes?``, ``no`` (with a witness) or ``unknown``; see the folder's README. The suites name the two
schemas differently; here they are OLD and NEW.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from schemadiff.diff.model import Mode

FOLDER = Path(__file__).resolve().parents[2] / ".." / "shared" / "conformance" / "peers"
SUITES = ("sentry", "atlassian", "ibm", "subset")
_SIDES = {  # suite -> (the key of OLD, the key of NEW)
    "sentry": ("old", "new"),
    "atlassian": ("source", "destination"),  # added/removed: destination against source
    "ibm": ("writer", "reader"),  # isSubschema(writer, reader) is the backward question
    "subset": ("child", "parent"),  # child satisfies parent: backward again
}


@dataclass(frozen=True, slots=True)
class PeerCase:
    suite: str
    id: str
    old: Any
    new: Any
    truth: dict[str, Any]

    def label(self, mode: Mode) -> str:
        return str(self.truth[mode.value]["label"])

    def witness(self, mode: Mode) -> Any:
        return self.truth[mode.value].get("witness")


def available() -> bool:
    return all((FOLDER / f"{suite}.json").is_file() for suite in SUITES)


@cache
def load(suite: str) -> tuple[PeerCase, ...]:
    data = json.loads((FOLDER / f"{suite}.json").read_text(encoding="utf-8"))
    old_key, new_key = _SIDES[suite]
    return tuple(PeerCase(suite, case["id"], case[old_key], case[new_key], case["truth"])
                 for case in data["cases"])
