"""``schemadiff show --format json``: the outline as canonical JSON.

Every field object has every key, so consumers never need to guess::

    {"api_title", "api_version", "definitions", "discriminator", "label", "sha256",
     "messages": [{"name", "types", "pointer", "fields": [
        {"name", "path", "type", "required", "nullable", "enum", "const", "format", "definition",
         "marker", "first_seen", "constraints", "description", "read_only", "fields"}]}]}

``enum`` is the list of allowed values (``[]`` when unrestricted); ``const`` is ``true`` when the
one value in ``enum`` is a ``const``; ``marker`` is ``null``, ``"repeat"``, ``"cycle"`` or
``"depth"``; ``constraints`` maps JSON Schema keywords (``minimum`` ...) to values.
"""

from __future__ import annotations

from typing import Any

from schemadiff import canonical
from schemadiff.outline import FieldOutline, Outline
from schemadiff.report import PLAIN, RenderOptions


def render(result: Outline, options: RenderOptions = PLAIN) -> str:
    """Return the outline as canonical JSON text (sorted keys, 2-space indent, newline)."""
    return canonical.dumps(
        {
            "api_title": result.api_title,
            "api_version": result.api_version,
            "definitions": result.definitions,
            "discriminator": result.discriminator,
            "label": result.label,
            "sha256": result.sha256,
            "messages": [
                {
                    "name": message.name,
                    "types": list(message.types),
                    "pointer": message.pointer,
                    "deprecated": message.deprecated,
                    "fields": [_field(item) for item in message.fields],
                }
                for message in result.messages
            ],
        }
    )


def _field(item: FieldOutline) -> dict[str, Any]:
    return {
        "name": item.name,
        "path": item.path,
        "type": item.type,
        "required": item.required,
        "nullable": item.nullable,
        "enum": list(item.enum),
        "const": item.is_const,
        "format": item.format,
        "definition": item.definition,
        "marker": item.marker.value if item.marker else None,
        "first_seen": item.first_seen,
        "constraints": dict(item.constraints),
        "description": item.description,
        "read_only": item.read_only,
        "deprecated": item.deprecated,
        "deprecated_values": list(item.deprecated_values),
        "fields": [_field(child) for child in item.fields],
    }
