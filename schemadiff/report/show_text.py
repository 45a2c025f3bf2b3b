"""``schemadiff show`` as text: a rich tree of message types and their fields.

One line per field, readable at 80 columns (rich wraps long lines under their tree guide)::

    GenerationMessage  type: generation_created | generation_updated
    ├── payload: GenerationPublic  required
    │   ├── background: string | null  optional
    │   ├── status: GenerationStatus  required  = pending | processing | completed

``| null`` marks a nullable field, whichever way the schema spells it. Markers:
``(shown at PATH)`` for a shared definition shown in full earlier, ``(cycle: ...)`` for a
definition that contains itself. Colour only when asked for (the command decides, honouring
``NO_COLOR``); the text is the same without it.
"""

from __future__ import annotations

import io
import json
from typing import Any

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from schemadiff.outline import FieldOutline, Marker, MessageOutline, Outline
from schemadiff.report import PLAIN, RenderOptions
from schemadiff.report.escape import visible

_MAX_VALUES = 40
"""Enum values shown per field; the rest are counted (a huge enum would drown the tree)."""


def render(result: Outline, options: RenderOptions = PLAIN) -> str:
    """Return the outline as a tree of text lines ``options.width`` columns wide."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=options.width, color_system="standard" if options.color else None,
        force_terminal=options.color, no_color=not options.color, highlight=False, emoji=False,
        soft_wrap=False, legacy_windows=False,
    )
    for line in _heading(result):
        console.print(line)
    for message in result.messages:
        console.print()
        tree = Tree(_message_label(message, result.discriminator), guide_style="dim")
        for item in message.fields:
            _add(tree, item)
        console.print(tree)
    if not result.messages:
        console.print("no message types")
    # rich pads wrapped lines with spaces; trailing blanks only make diffs of the output noisy.
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def _heading(result: Outline) -> tuple[Text, Text]:
    # Title, version and every name below come from the server or the file: never raw escapes.
    title = " ".join(visible(part) for part in (result.api_title, result.api_version) if part)
    details = [
        visible(result.label),
        f"sha256 {result.sha256[:12]}",
        _count(len(result.messages), "message type"),
        _count(result.definitions, "definition"),
    ]
    return (Text(title or visible(result.label), style="bold"),
            Text(", ".join(details), style="dim"))


def _message_label(message: MessageOutline, discriminator: str) -> Text:
    label = Text(visible(message.name), style="bold cyan")
    if message.types:
        label.append(f"  {visible(discriminator)}: ", style="dim")
        label.append(" | ".join(visible(each) for each in message.types), style="green")
    if message.deprecated:
        label.append("  deprecated", style="red")
    return label


def _add(parent: Tree, item: FieldOutline) -> None:
    node = parent.add(_field_label(item))
    for child in item.fields:
        _add(node, child)


def _field_label(item: FieldOutline) -> Text:
    label = Text(visible(item.name), style="bold")
    label.append(": ")
    label.append(visible(item.type) + (" | null" if item.nullable else ""), style="cyan")
    flags = ["required" if item.required else "optional"]
    if item.read_only:
        flags.append("read-only")
    if item.deprecated:
        flags.append("deprecated")
    label.append("  " + ", ".join(flags), style="yellow" if item.required else "dim")
    if item.constraints:
        label.append("  " + " ".join(f"{k}={_value(v)}" for k, v in item.constraints),
                     style="magenta")
    if item.enum:
        values = [_value(v) for v in item.enum[:_MAX_VALUES]]
        if len(item.enum) > _MAX_VALUES:
            values.append(f"... ({len(item.enum) - _MAX_VALUES} more)")
        prefix = "  const " if item.is_const else "  = "
        label.append(prefix + " | ".join(values), style="green")
    if item.deprecated_values:
        label.append("  deprecated: " + " | ".join(_value(v) for v in item.deprecated_values),
                     style="red")
    if item.marker is Marker.REPEAT:
        label.append(f"  (shown at {visible(item.first_seen or '')})", style="dim italic")
    elif item.marker is Marker.CYCLE:
        label.append(f"  (cycle: {visible(item.definition or '')} contains itself)",
                     style="dim italic")
    elif item.marker is Marker.DEPTH:
        label.append("  (nested too deep to show)", style="dim italic")
    return label


def _value(value: Any) -> str:
    return visible(value) if isinstance(value, str) else json.dumps(value)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
