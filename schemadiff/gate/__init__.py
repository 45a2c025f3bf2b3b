"""The release gate behind ``schemadiff check``: which baseline, what verdict, what to write.

- :mod:`schemadiff.gate.verdict` decides pass or fail from a diff report and the version bump;
- :mod:`schemadiff.gate.baseline` picks the baseline when ``--against`` is not given (the
  snapshot at the merge base with the base branch in a pull request);
- :mod:`schemadiff.gate.update` writes the candidate into the store (``--update``);
- :mod:`schemadiff.gate.locations` places annotations on lines of the repository's files;
- :mod:`schemadiff.gate.run` ties them together for the command.

Nothing here prints or exits; the command renders the outcome and maps it to an exit code.
"""

from schemadiff.gate.verdict import (
    Bump,
    GateResult,
    Verdict,
    allows_incompatible,
    bump_kind,
    evaluate,
    required_version,
)

__all__ = [
    "Bump",
    "GateResult",
    "Verdict",
    "allows_incompatible",
    "bump_kind",
    "evaluate",
    "required_version",
]
