"""The semantic layer of the differ: what a schema accepts, not how it is written.

- :mod:`~schemadiff.semantics.documents`: one schema document with its dialect, ``$ref``
  resolution (pointers, ``$id``/``$anchor`` plain names) and a validator that asserts formats.
- :mod:`~schemadiff.semantics.shapes`: a schema as a union of per-type constraint sets.
- :mod:`~schemadiff.semantics.inclusion`: is every instance of the writer's schema valid under
  the reader's? YES only when proven, NO only with a checked witness, UNKNOWN otherwise.
- :mod:`~schemadiff.semantics.sample`: instances generated from a schema (witness candidates and
  ``diff --verify``).
- :mod:`~schemadiff.semantics.witness`: a concrete instance accepted by one side and rejected by
  the other, checked by a real validator before anyone sees it.
- :mod:`~schemadiff.semantics.verdict`: the differ's findings reconciled with those answers.
"""
