"""JSON Schema draft-07 and 2020-12: the few forms that differ, rewritten one node at a time.

Snapshots are 2020-12. Schemas written for draft-07 (AsyncAPI's own schema format is a draft-07
superset) are read with draft-07 rules and rewritten into the 2020-12 forms of the same meaning;
``export`` writes the reverse. Only the keywords whose meaning differs are touched:

- ``$ref``: in draft-07 the keywords beside it are ignored, so they are dropped on reading. The
  2020-12 ``$ref`` with siblings is written as a one-member ``allOf`` beside them (which means the
  same in both drafts), and that form reads back as ``$ref`` with siblings again.
- ``items`` as an array (a tuple) and ``additionalItems`` are ``prefixItems`` and ``items``.
- ``dependencies`` is ``dependentRequired`` (array values) and ``dependentSchemas`` (schemas).
- A ``discriminator`` object (OpenAPI's) is written as the AsyncAPI string form plus an
  ``x-schemadiff-discriminator`` extension holding the object, and read back from it.

Keywords that only one draft knows (``unevaluatedProperties``, ``$anchor``...) are kept as written:
a draft-07 reader ignores them, and keeping them makes a written document read back unchanged.
The hooks fit :class:`schemadiff.extract.SchemaWalker`: ``prepare_draft07`` runs before a node's
children are walked, ``finish_draft07`` and ``finish_export`` after.
"""

from __future__ import annotations

from typing import Any

DISCRIMINATOR_EXTENSION = "x-schemadiff-discriminator"
"""Where ``export`` keeps an OpenAPI-style discriminator object (AsyncAPI's is a string)."""


def prepare_draft07(node: dict[str, Any]) -> dict[str, Any]:
    """Before walking a draft-07 node: drop ``$ref`` siblings; restore an exported discriminator."""
    if isinstance(node.get("$ref"), str):
        return {"$ref": node["$ref"]}
    extension = node.get(DISCRIMINATOR_EXTENSION)
    if isinstance(extension, dict):
        node = {key: value for key, value in node.items() if key != DISCRIMINATOR_EXTENSION}
        node["discriminator"] = extension
    return node


def finish_draft07(node: dict[str, Any]) -> dict[str, Any]:
    """After walking a draft-07 node (children already rewritten): its 2020-12 form."""
    node = dict(node)
    items = node.get("items")
    if isinstance(items, list):
        node["prefixItems"] = node.pop("items")
        if "additionalItems" in node:
            node["items"] = node.pop("additionalItems")
    elif "additionalItems" in node:
        # Without a tuple ``items``, draft-07 ignores ``additionalItems``.
        del node["additionalItems"]
    dependencies = node.get("dependencies")
    if isinstance(dependencies, dict):
        del node["dependencies"]
        required = {k: v for k, v in dependencies.items() if isinstance(v, list)}
        schemas = {k: v for k, v in dependencies.items() if not isinstance(v, list)}
        for keyword, entries in (("dependentRequired", required), ("dependentSchemas", schemas)):
            if entries:
                node[keyword] = {**entries, **(node.get(keyword) or {})}
    return _unwrap_ref(node)


def finish_export(node: dict[str, Any]) -> dict[str, Any]:
    """After walking a 2020-12 node for export: its draft-07 form (the inverse of reading)."""
    node = dict(node)
    if "prefixItems" in node:
        tail = node.pop("items", None)
        node["items"] = node.pop("prefixItems")
        if tail is not None:
            node["additionalItems"] = tail
    if "dependencies" not in node:
        merged: dict[str, Any] = {}
        for keyword in ("dependentRequired", "dependentSchemas"):
            entries = node.get(keyword)
            if isinstance(entries, dict) and not set(entries) & set(merged):
                merged.update(entries)
                del node[keyword]
        if merged:
            node["dependencies"] = merged
    discriminator = node.get("discriminator")
    if isinstance(discriminator, dict):
        node[DISCRIMINATOR_EXTENSION] = discriminator
        name = discriminator.get("propertyName")
        if isinstance(name, str):
            node["discriminator"] = name
        else:
            del node["discriminator"]
    ref = node.get("$ref")
    if isinstance(ref, str) and len(node) > 1:
        siblings = {key: value for key, value in node.items() if key != "$ref"}
        if "allOf" not in siblings:
            return {**siblings, "allOf": [{"$ref": ref}]}
        # Rare: a $ref beside an allOf. Both go into one allOf, which means the same; it reads
        # back as an allOf of two, not as the original form.
        return {**siblings, "allOf": [{"$ref": ref}, *siblings["allOf"]]}
    return node


def _unwrap_ref(node: dict[str, Any]) -> dict[str, Any]:
    # ``{"allOf": [{"$ref": X}], ...}`` is how draft-07 gives a reference siblings; 2020-12 (and
    # pydantic, and the OpenAPI 3.1 route) write ``{"$ref": X, ...}``, which means the same. A lone
    # ``allOf`` without siblings is left alone: it is what its author wrote, not a workaround.
    members = node.get("allOf")
    if (
        isinstance(members, list) and len(members) == 1 and isinstance(members[0], dict)
        and set(members[0]) == {"$ref"} and "$ref" not in node and len(node) > 1
    ):
        unwrapped = {key: value for key, value in node.items() if key != "allOf"}
        unwrapped["$ref"] = members[0]["$ref"]
        return unwrapped
    return node
